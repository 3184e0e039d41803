//! 预算执行预警 for the department and each project, the fund grid, zero execution and
//! unspent-balance escalation; then the targets, the 双监控 matrix and the forecast.
//!
//! v = (累计支出 ÷ 预算数 × 100) ÷ 序时进度 × 100, judged on v rounded 四舍五入 to two
//! places (the value the user sees) against the rules' bands.

use jixiao_indicators::Params;
use jixiao_model::{Date, DepartmentYear, Money, Monitoring, Period, PriorYearMonthly, Project};
use rust_decimal::Decimal;

use crate::light::{band_of, num, text, BandText, Input, Judgement, Light, Missing, Trace};
use crate::report::{Flag, FundRow, HistoryPoint, SubjectMonitor};
use crate::rules::{BudgetBasis, Rules};
use crate::time::{period_end, TimeProgress};
use crate::{forecast, round2, targets, MonthlyAmounts};

const FORMULA: &str = "执行进度比 = (累计支出 ÷ 预算数 × 100%) ÷ 序时进度 × 100";

/// `projects.project[0].monitoring`, or `monitoring` for the department (`base` empty).
fn monitoring_path(base: &str) -> String {
    if base.is_empty() {
        "monitoring".to_string()
    } else {
        format!("{base}.monitoring")
    }
}

/// An amount with the inputs it was read from.
pub(crate) struct Amount {
    pub value: Decimal,
    pub inputs: Vec<Input>,
    pub notes: Vec<String>,
}

fn money_input(name: impl Into<String>, path: impl Into<String>, v: Money) -> Input {
    Input {
        name: name.into().into(),
        path: path.into(),
        value: text(v.as_wan()),
        unit: "万元".into(),
    }
}

/// The budget figure of a subject by `basis`: from the fund lines when there are any, else
/// from `fallback` (field path, value).
fn budget(
    m: Option<&Monitoring>,
    base: &str,
    basis: BudgetBasis,
    fallback: (&str, Option<Money>),
) -> Result<Amount, Vec<Missing>> {
    let label = basis.label();
    let funds = m.map(|m| m.funds.as_slice()).unwrap_or(&[]);
    if funds.is_empty() {
        return match fallback.1 {
            Some(v) => Ok(Amount {
                value: v.as_wan(),
                inputs: vec![money_input(label, fallback.0, v)],
                notes: Vec::new(),
            }),
            None => Err(vec![Missing {
                name: label.to_string(),
                path: fallback.0.to_string(),
            }]),
        };
    }
    let mut total = Decimal::ZERO;
    let mut inputs = Vec::new();
    let mut missing = Vec::new();
    for (i, f) in funds.iter().enumerate() {
        let fb = format!("{}.fund[{i}]", monitoring_path(base));
        let v = match basis {
            BudgetBasis::Initial => f.initial.map(|v| {
                (
                    v,
                    vec![money_input(
                        format!("年初预算（{}）", f.source),
                        format!("{fb}.initial"),
                        v,
                    )],
                )
            }),
            BudgetBasis::Adjusted => match (f.adjusted, f.initial, f.adjustment) {
                (Some(v), _, _) => Some((
                    v,
                    vec![money_input(
                        format!("调整后预算（{}）", f.source),
                        format!("{fb}.adjusted"),
                        v,
                    )],
                )),
                (None, Some(a), adj) => {
                    let mut ins = vec![money_input(
                        format!("年初预算（{}）", f.source),
                        format!("{fb}.initial"),
                        a,
                    )];
                    let mut v = a;
                    if let Some(b) = adj {
                        ins.push(money_input(
                            format!("调整预算（{}）", f.source),
                            format!("{fb}.adjustment"),
                            b,
                        ));
                        v = a.checked_add(b).unwrap_or(a);
                    }
                    Some((v, ins))
                }
                _ => None,
            },
        };
        match v {
            Some((v, ins)) => {
                total = total.checked_add(v.as_wan()).unwrap_or(total);
                inputs.extend(ins);
            }
            None => missing.push(Missing {
                name: format!("{label}（{}）", f.source),
                path: match basis {
                    BudgetBasis::Initial => format!("{fb}.initial"),
                    BudgetBasis::Adjusted => format!("{fb}.adjusted"),
                },
            }),
        }
    }
    if !missing.is_empty() {
        return Err(missing);
    }
    Ok(Amount {
        value: total,
        inputs,
        notes: Vec::new(),
    })
}

/// Cumulative spending at the as-of date: the ledger, else `spent`, else the fund lines'
/// spending, else the monthly series through the as-of month.
fn spent(
    m: Option<&Monitoring>,
    base: &str,
    as_of: Date,
    external: Option<(&str, &MonthlyAmounts)>,
) -> Result<Amount, Vec<Missing>> {
    let through = usize::from(as_of.month);
    if let Some((origin, ext)) = external {
        let total: Decimal = ext.months[..through].iter().map(|m| m.as_wan()).sum();
        return Ok(Amount {
            value: total,
            inputs: vec![Input {
                name: "累计支出（支付凭证）".into(),
                path: format!("{origin}：{}，1—{} 月", ext.label, as_of.month),
                value: text(total),
                unit: "万元".into(),
            }],
            notes: vec![format!(
                "累计支出取自国库支付凭证 {origin}（{}，截至 {as_of}，已扣除退回、剔除重复凭证）",
                ext.label
            )],
        });
    }
    let mbase = monitoring_path(base);
    let Some(m) = m else {
        return Err(vec![Missing {
            name: "累计支出".into(),
            path: format!("{mbase}.spent"),
        }]);
    };
    let mut notes = Vec::new();
    if let Some(text_as_of) = &m.as_of {
        if let Some(data) = Date::parse(text_as_of) {
            if data != as_of && m.monthly.is_empty() {
                notes.push(format!(
                    "累计支出截至 {data}（{mbase}.as_of），与监控截止日期 {as_of} 不同"
                ));
            }
        }
    }
    if let Some(v) = m.spent {
        return Ok(Amount {
            value: v.as_wan(),
            inputs: vec![money_input("累计支出", format!("{mbase}.spent"), v)],
            notes,
        });
    }
    if !m.funds.is_empty() && m.funds.iter().all(|f| f.spent.is_some()) {
        let mut total = Decimal::ZERO;
        let mut inputs = Vec::new();
        for (i, f) in m.funds.iter().enumerate() {
            let v = f.spent.unwrap_or_default();
            total = total.checked_add(v.as_wan()).unwrap_or(total);
            inputs.push(money_input(
                format!("累计支出（{}）", f.source),
                format!("{mbase}.fund[{i}].spent"),
                v,
            ));
        }
        return Ok(Amount {
            value: total,
            inputs,
            notes,
        });
    }
    if !m.monthly.is_empty() {
        let used = m.monthly.len().min(through);
        let mut total = Decimal::ZERO;
        let mut inputs = Vec::new();
        for (i, v) in m.monthly[..used].iter().enumerate() {
            total = total.checked_add(v.as_wan()).unwrap_or(total);
            inputs.push(money_input(
                format!("{} 月支出", i + 1),
                format!("{mbase}.monthly[{i}]"),
                *v,
            ));
        }
        let mut notes = Vec::new();
        if m.monthly.len() < through {
            notes.push(format!(
                "月度支出只填到 {} 月，{}—{} 月按未填处理（不计入累计支出）",
                m.monthly.len(),
                m.monthly.len() + 1,
                as_of.month
            ));
        }
        if m.monthly.len() > through {
            notes.push(format!(
                "月度支出 {}—{} 月在截止日期 {as_of} 之后，未计入",
                through + 1,
                m.monthly.len()
            ));
        }
        return Ok(Amount {
            value: total,
            inputs,
            notes,
        });
    }
    Err(vec![Missing {
        name: "累计支出".into(),
        path: format!("{mbase}.spent"),
    }])
}

/// The execution light from budget, spending and 序时进度.
pub(crate) struct Execution {
    pub judgement: Judgement,
    /// 支出进度 (%), exact.
    pub progress_pct: Option<Decimal>,
    pub budget: Option<Decimal>,
    pub spent: Option<Decimal>,
}

fn bands_text(rules: &Rules) -> Vec<BandText> {
    rules.execution.bands.iter().map(BandText::from).collect()
}

fn time_input(tp: &TimeProgress) -> Input {
    Input {
        name: "序时进度".into(),
        path: tp.description.clone(),
        value: text(tp.pct),
        unit: "%".into(),
    }
}

fn judge_execution(
    budget: Result<Amount, Vec<Missing>>,
    spent: Result<Amount, Vec<Missing>>,
    tp: &TimeProgress,
    rules: &Rules,
) -> Execution {
    let mut trace = Trace {
        rule: "execution",
        formula: FORMULA
            .replace("预算数", rules.execution.budget.label())
            .into(),
        bands: bands_text(rules),
        ..Trace::default()
    };
    let mut missing = Vec::new();
    let spent = match spent {
        Ok(a) => {
            trace.inputs.extend(a.inputs);
            trace.notes.extend(a.notes);
            Some(a.value)
        }
        Err(m) => {
            missing.extend(m);
            None
        }
    };
    let budget = match budget {
        Ok(a) => {
            trace.inputs.extend(a.inputs);
            trace.notes.extend(a.notes);
            Some(a.value)
        }
        Err(m) => {
            missing.extend(m);
            None
        }
    };
    trace.inputs.push(time_input(tp));
    let unknown = |mut trace: Trace, reason: String| Execution {
        judgement: Judgement::unknown(reason, {
            trace.notes.insert(0, "无法判定".into());
            trace
        }),
        progress_pct: None,
        budget,
        spent,
    };
    if !missing.is_empty() {
        let names: Vec<String> = missing
            .iter()
            .map(|m| format!("{}（{}）", m.name, m.path))
            .collect();
        trace.missing = missing;
        return unknown(trace, format!("无法判定：缺少{}", names.join("、")));
    }
    let (Some(s), Some(b)) = (spent, budget) else {
        return unknown(trace, "无法判定".into());
    };
    if b.is_zero() {
        return unknown(
            trace,
            format!("无法判定：{}为 0", rules.execution.budget.label()),
        );
    }
    let Some(progress) = s
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|n| n.checked_div(b))
    else {
        return unknown(trace, "无法判定：数值超出可精确计算的范围".into());
    };
    if tp.pct.is_zero() {
        let mut e = unknown(
            trace,
            format!(
                "无法判定：截至 {} 序时进度为 0（{}）",
                tp.as_of, tp.description
            ),
        );
        e.progress_pct = Some(progress);
        return e;
    }
    let Some(v) = progress
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|n| n.checked_div(tp.pct))
    else {
        return unknown(trace, "无法判定：数值超出可精确计算的范围".into());
    };
    let value = round2(v);
    trace.exact = Some(v.normalize());
    trace.value = Some(value);
    let band = band_of(&rules.execution.bands, value);
    let light = band.map(|b| b.light);
    let reason = format!(
        "执行进度比 {}%（支出进度 {}% ÷ 序时进度 {}%）{}",
        num(value),
        num(round2(progress)),
        num(round2(tp.pct)),
        band.map(|b| format!("，{}（{}）", b.light.label(), b.range.describe()))
            .unwrap_or_default()
    );
    Execution {
        judgement: Judgement {
            light,
            reason,
            trace,
        },
        progress_pct: Some(progress),
        budget,
        spent,
    }
}

/// Zero execution and large unspent balances; may raise the execution light.
fn execution_flags(
    e: &mut Execution,
    tp: &TimeProgress,
    rules: &Rules,
    path: &str,
    flags: &mut Vec<Flag>,
) {
    if let Some(s) = e.spent {
        if s.is_zero() && rules.deviation.zero_execution {
            flags.push(Flag {
                code: "zero-execution",
                path: path.to_string(),
                message: format!("截至 {} 累计支出为 0：须说明原因，进入第二轮监控", tp.as_of),
            });
        }
    }
    let esc = &rules.escalation;
    let (Some(s), Some(b), Some(p)) = (e.spent, e.budget, e.progress_pct) else {
        return;
    };
    let unspent = b - s;
    if tp.as_of.month >= esc.from_month
        && unspent >= esc.min_unspent
        && round2(p) < esc.below_progress_pct
    {
        flags.push(Flag {
            code: "escalated",
            path: path.to_string(),
            message: format!(
                "未支出余额 {} 万元（≥ {} 万元），支出进度 {}%（< {}%）：大额结余，报送上级",
                num(unspent),
                num(esc.min_unspent),
                num(round2(p)),
                num(esc.below_progress_pct)
            ),
        });
        if let (Some(raise), Some(current)) = (esc.raise_to, e.judgement.light) {
            let worse = rules.worse(current, raise);
            if worse != current {
                e.judgement.light = Some(worse);
                e.judgement.reason.push_str(&format!(
                    "；大额结余 {} 万元，按规则升为{}",
                    num(unspent),
                    worse.label()
                ));
                e.judgement.trace.notes.push(format!(
                    "大额结余上报（{} 月起，余额 ≥ {} 万元且支出进度 < {}%）：{}升为{}",
                    esc.from_month,
                    num(esc.min_unspent),
                    num(esc.below_progress_pct),
                    current.label(),
                    worse.label()
                ));
            }
        }
    }
}

/// The fund grid of a subject.
fn fund_rows(
    m: Option<&Monitoring>,
    totals: (Option<Money>, Option<Money>),
    spent_total: Option<Decimal>,
    progress_pct: Option<Decimal>,
) -> Vec<FundRow> {
    let pct = |s: Option<Decimal>, b: Option<Decimal>| match (s, b) {
        (Some(s), Some(b)) if !b.is_zero() => s
            .checked_mul(Decimal::ONE_HUNDRED)
            .and_then(|n| n.checked_div(b))
            .map(round2),
        _ => None,
    };
    let mut rows = Vec::new();
    let funds = m.map(|m| m.funds.as_slice()).unwrap_or(&[]);
    for f in funds {
        let initial = f.initial.map(Money::as_wan);
        let adjusted = f
            .adjusted
            .map(Money::as_wan)
            .or_else(|| match (f.initial, f.adjustment) {
                (Some(a), Some(b)) => a.checked_add(b).map(Money::as_wan),
                (Some(a), None) => Some(a.as_wan()),
                _ => None,
            });
        let adjustment = f
            .adjustment
            .map(Money::as_wan)
            .or_else(|| match (initial, adjusted) {
                (Some(a), Some(c)) => c.checked_sub(a),
                _ => None,
            });
        let spent = f.spent.map(Money::as_wan);
        rows.push(FundRow {
            source: f.source.clone(),
            initial,
            adjustment,
            adjusted,
            spent,
            execution_pct: pct(spent, adjusted),
            forecast_balance: None,
            total: false,
        });
    }
    let sum = |get: fn(&FundRow) -> Option<Decimal>| -> Option<Decimal> {
        if rows.is_empty() {
            return None;
        }
        rows.iter()
            .map(get)
            .try_fold(Decimal::ZERO, |a, v| a.checked_add(v?))
    };
    let (initial, adjusted) = if rows.is_empty() {
        (totals.0.map(Money::as_wan), totals.1.map(Money::as_wan))
    } else {
        (sum(|r| r.initial), sum(|r| r.adjusted))
    };
    let adjustment = if rows.is_empty() {
        match (initial, adjusted) {
            (Some(a), Some(c)) => c.checked_sub(a),
            _ => None,
        }
    } else {
        sum(|r| r.adjustment)
    };
    let spent = spent_total.or_else(|| sum(|r| r.spent));
    rows.push(FundRow {
        source: "合计".into(),
        initial,
        adjustment,
        adjusted,
        spent,
        execution_pct: pct(spent, adjusted).or(progress_pct.map(round2)),
        forecast_balance: None,
        total: true,
    });
    rows
}

/// Build a subject once its execution is known.
#[allow(clippy::too_many_arguments)]
fn subject(
    index: Option<usize>,
    name: String,
    code: Option<String>,
    path: String,
    mut e: Execution,
    m: Option<&Monitoring>,
    totals: (Option<Money>, Option<Money>),
    tp: &TimeProgress,
    rules: &Rules,
    project: Option<&Project>,
    shape: &[PriorYearMonthly],
    shape_path: &str,
) -> SubjectMonitor {
    let mut flags = Vec::new();
    let flag_path = monitoring_path(&path);
    execution_flags(&mut e, tp, rules, &flag_path, &mut flags);
    let (target_rows, targets_light) = match project {
        Some(p) => targets::judge_all(p, &path, tp, rules, &mut flags),
        None => (Vec::new(), targets::no_targets()),
    };
    let dual = targets::dual(&e.judgement, &targets_light, rules);
    let forecast = forecast::forecast(
        e.spent,
        e.budget,
        m.and_then(|m| m.forecast_spent).map(Money::as_wan),
        tp,
        rules,
        shape,
        shape_path,
    );
    if let Some(f) = &forecast {
        if f.warning {
            flags.push(Flag {
                code: "forecast-low",
                path: flag_path.clone(),
                message: format!(
                    "预计全年执行率 {}%，低于 {}%：预计结余 {} 万元（{}）",
                    f.execution_pct.map(num).unwrap_or_default(),
                    num(rules.forecast.warn_below_pct),
                    f.balance.map(num).unwrap_or_default(),
                    f.method_label
                ),
            });
        }
    }
    let mut funds = fund_rows(m, totals, e.spent, e.progress_pct);
    if let (Some(total), Some(f)) = (funds.last_mut(), &forecast) {
        total.forecast_balance = f.balance;
    }
    SubjectMonitor {
        index,
        name,
        code,
        path,
        funds,
        execution: e.judgement,
        targets: target_rows,
        targets_light,
        dual,
        forecast,
        flags,
        reason: m.and_then(|m| m.reason.clone()),
        reason_category: m.and_then(|m| m.reason_category.map(|c| c.label().to_string())),
        measures: m.and_then(|m| m.measures.clone()),
    }
}

/// One project.
pub(crate) fn project(
    i: usize,
    p: &Project,
    tp: &TimeProgress,
    rules: &Rules,
    external: Option<(&str, &MonthlyAmounts)>,
    dept_shape: &[PriorYearMonthly],
) -> SubjectMonitor {
    let base = format!("projects.project[{i}]");
    let m = p.monitoring.as_ref();
    let fallback = match rules.execution.budget {
        BudgetBasis::Adjusted => (format!("{base}.budget_annual"), p.budget_annual),
        BudgetBasis::Initial => (format!("{base}.budget_initial"), p.budget_initial),
    };
    let b = budget(m, &base, rules.execution.budget, (&fallback.0, fallback.1));
    let s = spent(m, &base, tp.as_of, external);
    let e = judge_execution(b, s, tp, rules);
    let (shape, shape_path) = match m {
        Some(m) if !m.prior_years.is_empty() => (
            m.prior_years.as_slice(),
            format!("{base}.monitoring.prior_year"),
        ),
        _ => (dept_shape, "monitoring.prior_year".to_string()),
    };
    subject(
        Some(i),
        p.name.clone(),
        p.code.clone(),
        base,
        e,
        m,
        (p.budget_initial, p.budget_annual),
        tp,
        rules,
        Some(p),
        shape,
        &shape_path,
    )
}

/// Whether the department has execution figures of its own (not from `progress`).
fn has_own_figures(m: Option<&Monitoring>) -> bool {
    m.is_some_and(|m| {
        m.spent.is_some()
            || !m.monthly.is_empty()
            || (!m.funds.is_empty() && m.funds.iter().all(|f| f.spent.is_some()))
    })
}

/// The department as a whole.
pub(crate) fn department(
    d: &DepartmentYear,
    tp: &TimeProgress,
    rules: &Rules,
    external: Option<(&str, &MonthlyAmounts)>,
    history: &[HistoryPoint],
) -> SubjectMonitor {
    let m = d.monitoring.as_ref();
    let name = d
        .department
        .name
        .clone()
        .unwrap_or_else(|| "部门整体".to_string());
    let totals = (d.budget.initial.total, d.budget.adjusted.total);
    let shape = m.map(|m| m.prior_years.as_slice()).unwrap_or(&[]);
    let fallback = match rules.execution.budget {
        BudgetBasis::Adjusted => ("budget.adjusted.total", d.budget.adjusted.total),
        BudgetBasis::Initial => ("budget.initial.total", d.budget.initial.total),
    };
    if external.is_some() || has_own_figures(m) {
        let b = budget(m, "", rules.execution.budget, fallback);
        let s = spent(m, "", tp.as_of, external);
        let e = judge_execution(b, s, tp, rules);
        return subject(
            None,
            name,
            d.department.code.clone(),
            String::new(),
            e,
            m,
            totals,
            tp,
            rules,
            None,
            shape,
            "monitoring.prior_year",
        );
    }
    // From the latest progress point on or before the as-of date.
    let e = match history.last() {
        Some(h) => {
            let mut j = h.execution.clone();
            let at = h.date.map(|d| d.to_string()).unwrap_or_default();
            j.trace.notes.insert(
                0,
                format!(
                    "部门没有截至 {} 的资金执行数，取支出进度表中最近的监控点 {}（{at}）",
                    tp.as_of, h.period
                ),
            );
            if h.date.is_some_and(|d| d < tp.as_of) {
                j.reason
                    .push_str(&format!("；取 {at} 的进度，早于截止日期 {}", tp.as_of));
            }
            let (progress_pct, spent) = progress_figures(d, &h.period, &j);
            Execution {
                judgement: j,
                progress_pct,
                budget: d.budget.adjusted.total.map(Money::as_wan),
                spent,
            }
        }
        None => {
            let trace = Trace {
                rule: "execution",
                formula: FORMULA.into(),
                bands: bands_text(rules),
                missing: vec![Missing {
                    name: "累计支出".into(),
                    path: "monitoring.spent".into(),
                }],
                inputs: vec![time_input(tp)],
                ..Trace::default()
            };
            Execution {
                judgement: Judgement::unknown(
                    format!(
                        "无法判定：缺少截至 {} 的累计支出（monitoring.spent，或支出进度 progress）",
                        tp.as_of
                    ),
                    trace,
                ),
                progress_pct: None,
                budget: None,
                spent: None,
            }
        }
    };
    subject(
        None,
        name,
        d.department.code.clone(),
        String::new(),
        e,
        m,
        totals,
        tp,
        rules,
        None,
        shape,
        "monitoring.prior_year",
    )
}

/// 支出进度 and the spent amount at a progress point: the amount as written, else derived
/// from the percentage and the adjusted budget.
fn progress_figures(
    d: &DepartmentYear,
    period: &str,
    j: &Judgement,
) -> (Option<Decimal>, Option<Decimal>) {
    let point = d.progress.iter().find(|p| p.period == period);
    let pct = point
        .and_then(|p| p.spent_pct.map(|s| s.value()))
        .or_else(|| {
            j.trace
                .inputs
                .iter()
                .find(|i| i.name.starts_with("累计支出进度"))
                .and_then(|i| i.value.parse().ok())
        });
    let spent = point.and_then(|p| p.spent.map(Money::as_wan)).or_else(|| {
        let b = d.budget.adjusted.total?.as_wan();
        pct?.checked_mul(b)?.checked_div(Decimal::ONE_HUNDRED)
    });
    (pct, spent)
}

/// Department monitoring points from `progress`: each period ending on or before `as_of`,
/// its execution rate computed by the catalogue indicator of that period (Q1–Q4,
/// M01–M12: 累计支出进度 ÷ 序时进度) and judged by the execution bands.
pub(crate) fn history(
    d: &DepartmentYear,
    as_of: Date,
    year: i32,
    rules: &Rules,
) -> Vec<HistoryPoint> {
    let mut points: Vec<(Date, Period, usize)> = d
        .progress
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let period = Period::parse(&p.period).ok()?;
            let end = period_end(period, year)?;
            (end <= as_of).then_some((end, period, i))
        })
        .collect();
    points.sort_by_key(|(end, _, i)| (*end, *i));
    points.dedup_by_key(|(end, _, _)| *end);
    let params = Params::default();
    points
        .into_iter()
        .map(|(end, period, _)| {
            let id = period.to_string();
            let execution = match jixiao_indicators::compute(&id, d, &params) {
                Some(v) => judge_indicator(&v, rules),
                None => {
                    Judgement::unknown(format!("无法判定：没有期间 {id} 的指标"), Trace::default())
                }
            };
            HistoryPoint {
                period: id,
                date: Some(end),
                execution,
            }
        })
        .collect()
}

/// A period's execution-rate indicator judged by the execution bands.
fn judge_indicator(v: &jixiao_indicators::IndicatorValue, rules: &Rules) -> Judgement {
    let mut trace = Trace {
        rule: "execution",
        formula: format!("{}：{}", v.name, v.trace.formula).into(),
        inputs: v
            .trace
            .inputs
            .iter()
            .map(|i| Input {
                name: i.name.clone(),
                path: i.path.to_string(),
                value: text(i.value),
                unit: i.unit.to_string(),
            })
            .collect(),
        exact: v.trace.exact,
        value: v.trace.result,
        bands: bands_text(rules),
        notes: v.trace.notes.clone(),
        missing: Vec::new(),
    };
    trace
        .notes
        .push(format!("执行率即指标 {}（{}）", v.id, v.name));
    let Some(value) = v.number() else {
        if let jixiao_indicators::Observation::NotScorable { missing } = &v.observation {
            trace.missing = missing
                .iter()
                .map(|m| Missing {
                    name: m.name.clone(),
                    path: m.path.clone(),
                })
                .collect();
        }
        let why = v.not_scorable_reason().unwrap_or_else(|| "无法计算".into());
        return Judgement::unknown(format!("无法判定：{why}"), trace);
    };
    let input = |prefix: &str| {
        v.trace
            .inputs
            .iter()
            .find(|i| i.name.starts_with(prefix))
            .map(|i| num(i.value))
    };
    let band = band_of(&rules.execution.bands, value);
    let reason = format!(
        "执行进度比 {}%（支出进度 {}% ÷ 序时进度 {}%）{}",
        num(value),
        input("累计支出进度").unwrap_or_else(|| "?".into()),
        input("序时进度").unwrap_or_else(|| "?".into()),
        band.map(|b| format!("，{}（{}）", b.light.label(), b.range.describe()))
            .unwrap_or_default()
    );
    Judgement {
        light: band.map(|b| b.light),
        reason,
        trace,
    }
}

/// Lights are ordered worst first by the rules; used by property tests.
#[allow(dead_code)]
pub(crate) fn is_worse(rules: &Rules, a: Light, b: Light) -> bool {
    rules.rank(a) < rules.rank(b)
}
