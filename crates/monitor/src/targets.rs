//! 目标完成预警: one light per performance target, the project's worst, 偏离度 and the
//! deviation rule, and the 双监控 matrix.
//!
//! - 正向 (≥, >): v = 当前完成值 ÷ (年度指标值 × 序时进度) × 100 (rate-like units in
//!   `not_time_scaled_units`: v = 当前完成值 ÷ 年度指标值 × 100); a completion of 0 is red.
//! - 反向 (≤, <), and = and 区间: inside the target → `within`, else `outside`.
//! - 定性: the current grade text through the rules' table.

use jixiao_model::{Project, TargetOperator};
use rust_decimal::Decimal;

use crate::light::{band_of, num, text, BandText, Input, Judgement, Light, Missing, Trace};
use crate::report::{Flag, TargetMonitor};
use crate::round2;
use crate::rules::Rules;
use crate::time::TimeProgress;

fn target_text(t: &jixiao_model::PerformanceTarget) -> String {
    let unit = t.unit.clone().unwrap_or_default();
    let v = |n: Option<jixiao_model::Num>| n.map(|n| n.0.to_string()).unwrap_or_default();
    match t.operator {
        TargetOperator::Qualitative => t.value_text.clone().unwrap_or_default(),
        TargetOperator::Range => format!("{}–{}{unit}", v(t.value), v(t.value_high)),
        op => match t.value {
            Some(_) => format!("{}{}{unit}", op.symbol(), v(t.value)),
            None => t.value_text.clone().unwrap_or_default(),
        },
    }
}

fn with_unit(v: Decimal, unit: &str) -> String {
    format!("{}{unit}", v.normalize())
}

/// Every target of `p`, and the project's target light (the worst).
pub(crate) fn judge_all(
    p: &Project,
    base: &str,
    tp: &TimeProgress,
    rules: &Rules,
    flags: &mut Vec<Flag>,
) -> (Vec<TargetMonitor>, Judgement) {
    let mut rows = Vec::new();
    for (i, t) in p.targets.iter().enumerate() {
        let path = format!("{base}.target[{i}]");
        let mpath = format!("{path}.monitoring");
        let m = t.monitoring.as_ref();
        let unit = t.unit.clone().unwrap_or_default();
        let light = judge(t, &path, tp, rules);
        // 偏离度: the forecast against the annual value when the unit gives one, else the
        // current value against the time-scaled value (v − 100).
        let (deviation_pct, deviation_basis) = match (m.and_then(|m| m.forecast), t.value) {
            (Some(f), Some(target))
                if !target.0.is_zero() && t.operator != TargetOperator::Qualitative =>
            {
                match (f.0 - target.0)
                    .checked_mul(Decimal::ONE_HUNDRED)
                    .and_then(|n| n.checked_div(target.0))
                {
                    Some(d) => (
                        Some(round2(d)),
                        Some("(全年预计完成值 − 年度指标值) ÷ 年度指标值 × 100%".to_string()),
                    ),
                    None => (None, None),
                }
            }
            _ if light.trace.rule == "positive" => match light.trace.value {
                Some(v) => (
                    Some(round2(v - Decimal::ONE_HUNDRED)),
                    Some("完成进度比 − 100%（未填全年预计完成值）".to_string()),
                ),
                None => (None, None),
            },
            _ => (None, None),
        };
        let is_quantity = rules
            .deviation
            .level2
            .iter()
            .any(|w| t.level2.contains(w.as_str()));
        if let Some(dev) = deviation_pct {
            if is_quantity && dev.abs() > rules.deviation.threshold_pct {
                let reason_missing = m
                    .and_then(|m| m.reason.as_deref())
                    .is_none_or(|r| r.trim().is_empty());
                flags.push(Flag {
                    code: "deviation",
                    path: mpath.clone(),
                    message: format!(
                        "数量指标「{}」偏离度 {}%，超过 {}%：须说明偏差原因，进入第二轮监控{}",
                        t.name,
                        num(dev),
                        num(rules.deviation.threshold_pct),
                        if reason_missing {
                            "（未填偏差原因）"
                        } else {
                            ""
                        }
                    ),
                });
            }
        }
        if m.and_then(|m| m.likelihood) == Some(jixiao_model::Likelihood::Impossible) {
            flags.push(Flag {
                code: "impossible",
                path: format!("{mpath}.likelihood"),
                message: format!("指标「{}」预计完全不可能完成", t.name),
            });
        }
        rows.push(TargetMonitor {
            index: i,
            path,
            level1: t.level1.label().to_string(),
            level2: t.level2.clone(),
            name: t.name.clone(),
            target: target_text(t),
            current: m.and_then(|m| {
                m.current
                    .map(|c| with_unit(c.0, &unit))
                    .or_else(|| m.current_text.clone())
            }),
            forecast: m.and_then(|m| {
                m.forecast
                    .map(|c| with_unit(c.0, &unit))
                    .or_else(|| m.forecast_text.clone())
            }),
            deviation_pct,
            deviation_basis,
            likelihood: m.and_then(|m| m.likelihood.map(|l| l.label().to_string())),
            reason: m.and_then(|m| m.reason.clone()),
            reason_category: m.and_then(|m| m.reason_category.map(|c| c.label().to_string())),
            measures: m.and_then(|m| m.measures.clone()),
            light,
        });
    }
    let worst = worst(&rows, rules);
    (rows, worst)
}

/// The target light of a subject without targets.
pub(crate) fn no_targets() -> Judgement {
    Judgement::unknown(
        "无法判定：没有绩效指标",
        Trace {
            rule: "worst",
            formula: "目标灯 = 各指标灯中最差的一个".into(),
            ..Trace::default()
        },
    )
}

fn worst(rows: &[TargetMonitor], rules: &Rules) -> Judgement {
    if rows.is_empty() {
        return no_targets();
    }
    let mut trace = Trace {
        rule: "worst",
        formula: format!(
            "目标灯 = 各指标灯中最差的一个（{}）",
            rules
                .severity
                .iter()
                .map(|l| l.label())
                .collect::<Vec<_>>()
                .join(" > ")
        )
        .into(),
        ..Trace::default()
    };
    let mut best: Option<(Light, &TargetMonitor)> = None;
    let mut unknown = 0;
    for r in rows {
        match r.light.light {
            Some(l) => {
                trace.inputs.push(Input {
                    name: r.name.clone().into(),
                    path: r.path.clone(),
                    value: l.label().to_string(),
                    unit: String::new(),
                });
                if best.is_none_or(|(b, _)| rules.rank(l) < rules.rank(b)) {
                    best = Some((l, r));
                }
            }
            None => {
                unknown += 1;
                trace.missing.push(Missing {
                    name: format!("指标「{}」的灯", r.name),
                    path: format!("{}.monitoring", r.path),
                });
            }
        }
    }
    if unknown > 0 {
        trace
            .notes
            .push(format!("{unknown} 个指标无法判定，未参与取最差"));
    }
    match best {
        Some((l, r)) => Judgement {
            light: Some(l),
            reason: format!("最差的指标「{}」{}：{}", r.name, l.label(), r.light.reason),
            trace,
        },
        None => Judgement::unknown(
            format!(
                "无法判定：{} 个指标均无法判定（缺少当前完成值）",
                rows.len()
            ),
            trace,
        ),
    }
}

/// One target's light.
pub(crate) fn judge(
    t: &jixiao_model::PerformanceTarget,
    path: &str,
    tp: &TimeProgress,
    rules: &Rules,
) -> Judgement {
    let mpath = format!("{path}.monitoring");
    let m = t.monitoring.as_ref();
    let unit = t.unit.clone().unwrap_or_default();
    match t.operator {
        TargetOperator::AtLeast | TargetOperator::Above => positive(t, path, tp, rules),
        TargetOperator::Qualitative => {
            let mut trace = Trace {
                rule: "qualitative",
                formula: "定性指标：当前完成情况对应的灯".into(),
                bands: rules
                    .qualitative
                    .iter()
                    .map(|(k, l)| BandText {
                        light: *l,
                        range: k.clone(),
                        text: k.clone(),
                    })
                    .collect(),
                ..Trace::default()
            };
            let Some(current) = m.and_then(|m| m.current_text.clone()) else {
                trace.missing.push(Missing {
                    name: "当前完成情况".into(),
                    path: format!("{mpath}.current_text"),
                });
                return Judgement::unknown(
                    format!("无法判定：缺少当前完成情况（{mpath}.current_text）"),
                    trace,
                );
            };
            trace.inputs.push(Input {
                name: "当前完成情况".into(),
                path: format!("{mpath}.current_text"),
                value: current.clone(),
                unit: String::new(),
            });
            match rules.qualitative.iter().find(|(k, _)| *k == current.trim()) {
                Some((k, l)) => Judgement {
                    light: Some(*l),
                    reason: format!("当前完成情况「{k}」，{}", l.label()),
                    trace,
                },
                None => {
                    let known: Vec<&str> =
                        rules.qualitative.iter().map(|(k, _)| k.as_str()).collect();
                    Judgement::unknown(
                        format!(
                            "无法判定：当前完成情况「{current}」不是规则中的等级（{}）",
                            known.join("、")
                        ),
                        trace,
                    )
                }
            }
        }
        op => {
            let rule = match op {
                TargetOperator::AtMost | TargetOperator::Below => "reverse",
                _ => "within",
            };
            let mut trace = Trace {
                rule,
                formula: format!(
                    "当前完成值在目标（{}）以内为{}，否则为{}",
                    target_text(t),
                    rules.reverse.within.label(),
                    rules.reverse.outside.label()
                )
                .into(),
                ..Trace::default()
            };
            let current = m.and_then(|m| m.current);
            let mut missing = Vec::new();
            match current {
                Some(c) => trace.inputs.push(Input {
                    name: "当前完成值".into(),
                    path: format!("{mpath}.current"),
                    value: text(c.0),
                    unit: unit.clone(),
                }),
                None => missing.push(Missing {
                    name: "当前完成值".into(),
                    path: format!("{mpath}.current"),
                }),
            }
            match t.value {
                Some(v) => trace.inputs.push(Input {
                    name: "年度指标值".into(),
                    path: format!("{path}.value"),
                    value: text(v.0),
                    unit: unit.clone(),
                }),
                None => missing.push(Missing {
                    name: "年度指标值".into(),
                    path: format!("{path}.value"),
                }),
            }
            if op == TargetOperator::Range {
                match t.value_high {
                    Some(v) => trace.inputs.push(Input {
                        name: "年度指标值上限".into(),
                        path: format!("{path}.value_high"),
                        value: text(v.0),
                        unit: unit.clone(),
                    }),
                    None => missing.push(Missing {
                        name: "年度指标值上限".into(),
                        path: format!("{path}.value_high"),
                    }),
                }
            }
            if !missing.is_empty() {
                let names: Vec<String> = missing
                    .iter()
                    .map(|m| format!("{}（{}）", m.name, m.path))
                    .collect();
                trace.missing = missing;
                return Judgement::unknown(format!("无法判定：缺少{}", names.join("、")), trace);
            }
            let c = current.map(|c| c.0).unwrap_or_default();
            let v = t.value.map(|v| v.0).unwrap_or_default();
            let inside = match op {
                TargetOperator::AtMost => c <= v,
                TargetOperator::Below => c < v,
                TargetOperator::Equal => c == v,
                _ => c >= v && c <= t.value_high.map(|h| h.0).unwrap_or(v),
            };
            let light = if inside {
                rules.reverse.within
            } else {
                rules.reverse.outside
            };
            Judgement {
                light: Some(light),
                reason: format!(
                    "当前完成值 {}，{}目标 {}，{}",
                    with_unit(c, &unit),
                    if inside { "在" } else { "不在" },
                    target_text(t),
                    light.label()
                ),
                trace,
            }
        }
    }
}

fn positive(
    t: &jixiao_model::PerformanceTarget,
    path: &str,
    tp: &TimeProgress,
    rules: &Rules,
) -> Judgement {
    let mpath = format!("{path}.monitoring");
    let unit = t.unit.clone().unwrap_or_default();
    let scaled = !rules
        .positive
        .not_time_scaled_units
        .iter()
        .any(|u| u == unit.trim());
    let mut trace = Trace {
        rule: "positive",
        formula: if scaled {
            "完成进度比 = 当前完成值 ÷ (年度指标值 × 序时进度) × 100".into()
        } else {
            "完成进度比 = 当前完成值 ÷ 年度指标值 × 100（比率类指标，不按序时进度折算）".into()
        },
        bands: rules.positive.bands.iter().map(BandText::from).collect(),
        ..Trace::default()
    };
    let current = t.monitoring.as_ref().and_then(|m| m.current);
    let mut missing = Vec::new();
    match current {
        Some(c) => trace.inputs.push(Input {
            name: "当前完成值".into(),
            path: format!("{mpath}.current"),
            value: text(c.0),
            unit: unit.clone(),
        }),
        None => missing.push(Missing {
            name: "当前完成值".into(),
            path: format!("{mpath}.current"),
        }),
    }
    match t.value {
        Some(v) => trace.inputs.push(Input {
            name: "年度指标值".into(),
            path: format!("{path}.value"),
            value: text(v.0),
            unit: unit.clone(),
        }),
        None => missing.push(Missing {
            name: "年度指标值".into(),
            path: format!("{path}.value"),
        }),
    }
    if scaled {
        trace.inputs.push(Input {
            name: "序时进度".into(),
            path: tp.description.clone(),
            value: text(tp.pct),
            unit: "%".into(),
        });
    }
    if !missing.is_empty() {
        let names: Vec<String> = missing
            .iter()
            .map(|m| format!("{}（{}）", m.name, m.path))
            .collect();
        trace.missing = missing;
        return Judgement::unknown(format!("无法判定：缺少{}", names.join("、")), trace);
    }
    let c = current.map(|c| c.0).unwrap_or_default();
    let target = t.value.map(|v| v.0).unwrap_or_default();
    if c.is_zero() && rules.positive.zero_is_red {
        trace.exact = Some(Decimal::ZERO);
        trace.value = Some(Decimal::ZERO);
        trace.notes.push("当前完成值为 0，按规则为红灯".into());
        return Judgement {
            light: Some(Light::Red),
            reason: format!(
                "当前完成值为 0（年度指标值 {}），红灯",
                with_unit(target, &unit)
            ),
            trace,
        };
    }
    let expected = if scaled {
        target
            .checked_mul(tp.pct)
            .and_then(|n| n.checked_div(Decimal::ONE_HUNDRED))
    } else {
        Some(target)
    };
    let Some(expected) = expected.filter(|e| !e.is_zero()) else {
        return Judgement::unknown(
            if target.is_zero() {
                "无法判定：年度指标值为 0".to_string()
            } else {
                format!("无法判定：截至 {} 序时进度为 0", tp.as_of)
            },
            trace,
        );
    };
    let Some(v) = c
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|n| n.checked_div(expected))
    else {
        return Judgement::unknown("无法判定：数值超出可精确计算的范围", trace);
    };
    let value = round2(v);
    trace.exact = Some(v.normalize());
    trace.value = Some(value);
    let band = band_of(&rules.positive.bands, value);
    let how = if scaled {
        format!(
            "当前完成值 {} ÷（年度指标值 {} × 序时进度 {}%）",
            with_unit(c, &unit),
            with_unit(target, &unit),
            num(round2(tp.pct))
        )
    } else {
        format!(
            "当前完成值 {} ÷ 年度指标值 {}",
            with_unit(c, &unit),
            with_unit(target, &unit)
        )
    };
    Judgement {
        light: band.map(|b| b.light),
        reason: format!(
            "完成进度比 {}%（{how}）{}",
            num(value),
            band.map(|b| format!("，{}（{}）", b.light.label(), b.range.describe()))
                .unwrap_or_default()
        ),
        trace,
    }
}

/// The 双监控 matrix: spending off track → `spending_off_track`; on track with targets on
/// track → `both_on_track`; on track with targets off track → `targets_off_track`.
pub(crate) fn dual(execution: &Judgement, targets: &Judgement, rules: &Rules) -> Judgement {
    let m = &rules.matrix;
    let names = |ls: &[Light]| ls.iter().map(|l| l.label()).collect::<Vec<_>>().join("、");
    let mut trace = Trace {
        rule: "matrix",
        formula: format!(
            "双监控：支出正常（{}）且目标正常（{}）→ {}；支出正常、目标不正常 → {}；支出不正常 → {}",
            names(&m.spending_on_track),
            names(&m.targets_on_track),
            m.both_on_track.label(),
            m.targets_off_track.label(),
            m.spending_off_track.label()
        )
        .into(),
        ..Trace::default()
    };
    let label = |j: &Judgement| j.light.map(|l| l.label()).unwrap_or("无法判定").to_string();
    trace.inputs.push(Input {
        name: "预算执行灯".into(),
        path: "execution".into(),
        value: label(execution),
        unit: String::new(),
    });
    trace.inputs.push(Input {
        name: "目标灯".into(),
        path: "targets_light".into(),
        value: label(targets),
        unit: String::new(),
    });
    let Some(e) = execution.light else {
        return Judgement::unknown("无法判定：预算执行无法判定", trace);
    };
    if !m.spending_on_track.contains(&e) {
        return Judgement {
            light: Some(m.spending_off_track),
            reason: format!("支出进度不正常（{}）：{}", e.label(), execution.reason),
            trace,
        };
    }
    let Some(t) = targets.light else {
        return Judgement::unknown(
            format!("支出正常（{}），目标完成情况无法判定", e.label()),
            trace,
        );
    };
    if m.targets_on_track.contains(&t) {
        Judgement {
            light: Some(m.both_on_track),
            reason: format!("支出正常（{}），目标正常（{}）", e.label(), t.label()),
            trace,
        }
    } else {
        Judgement {
            light: Some(m.targets_off_track),
            reason: format!("支出正常，目标不正常（{}）：{}", t.label(), targets.reason),
            trace,
        }
    }
}
