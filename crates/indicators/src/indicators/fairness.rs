//! 公平性 (fairness, service users): D28 社会公众或服务对象满意度 and L03 信访按期回复率.

use jixiao_model::{round_half_up, DepartmentYear};
use rust_decimal::Decimal;

use super::{ratio, Calc, Outcome, OVERFLOW};
use crate::catalogue::IndicatorDef;
use crate::value::IndicatorValue;

/// D28 社会公众或服务对象满意度 = 满意样本数 ÷ 有效样本数 × 100%.
///
/// Per survey (`[[satisfaction]]`): `satisfied ÷ respondents` when both counts are given
/// (a stated `rate` is then only cross-checked), else the survey's stated `rate` (noted).
/// Several surveys are combined as follows, and the trace says which:
/// 1. every survey gives both counts → pooled: Σ满意样本数 ÷ Σ有效样本数 (each respondent
///    weighs the same, whichever survey asked them);
/// 2. otherwise, every survey gives `respondents` → the surveys' rates weighted by
///    respondents (the same as pooling, for the surveys that only state a rate);
/// 3. otherwise → the arithmetic mean of the surveys' rates.
///
/// A survey with neither counts nor rate makes the indicator not scorable (it is not
/// skipped). The Longhua report states one survey, 99.87%.
pub fn satisfaction(def: &'static IndicatorDef, d: &DepartmentYear) -> IndicatorValue {
    let mut c = Calc::new(def);
    let surveys = &d.satisfaction;
    if surveys.is_empty() {
        c.missing("满意度调查", "satisfaction");
        return c.finish("满意样本数 ÷ 有效样本数 × 100%", None, &d.stated);
    }
    let all_counts = surveys
        .iter()
        .all(|s| s.satisfied.is_some() && s.respondents.is_some());
    if all_counts {
        let (mut sum_s, mut sum_r) = (0u64, 0u64);
        for (i, s) in surveys.iter().enumerate() {
            let sat = s.satisfied.unwrap_or(0);
            let resp = s.respondents.unwrap_or(0);
            c.count(
                "满意样本数",
                format!("satisfaction[{i}].satisfied"),
                "份",
                Some(sat),
            );
            c.count(
                "有效样本数",
                format!("satisfaction[{i}].respondents"),
                "份",
                Some(resp),
            );
            sum_s += u64::from(sat);
            sum_r += u64::from(resp);
            if let Some(rate) = s.rate {
                if resp > 0 {
                    let by_counts = Decimal::from(sat) * Decimal::ONE_HUNDRED / Decimal::from(resp);
                    // same figure at its written precision: rounded or truncated
                    if !jixiao_model::written_matches(rate.value(), by_counts) {
                        c.note(format!(
                            "调查「{}」写明满意率 {}%，与样本数计算的 {}% 不一致，按样本数计算",
                            s.name,
                            rate.value(),
                            round_half_up(by_counts, 4).normalize()
                        ));
                    }
                }
            }
        }
        let (formula, den_path) = if surveys.len() == 1 {
            (
                "满意样本数 ÷ 有效样本数 × 100%",
                "satisfaction[0].respondents",
            )
        } else {
            c.note(format!("共 {} 项调查，按样本数合并计算", surveys.len()));
            (
                "Σ满意样本数 ÷ Σ有效样本数 × 100%",
                "satisfaction[*].respondents",
            )
        };
        let out = ratio(
            Decimal::from(sum_s),
            Decimal::from(sum_r),
            "有效样本数",
            den_path,
        );
        return c.finish(formula, Some(out), &d.stated);
    }

    // Per-survey rates, then combine.
    let mut rates: Vec<(Decimal, Option<u32>)> = Vec::with_capacity(surveys.len());
    for (i, s) in surveys.iter().enumerate() {
        match (s.satisfied, s.respondents, s.rate) {
            (Some(sat), Some(resp), _) => {
                let a = c.count(
                    "满意样本数",
                    format!("satisfaction[{i}].satisfied"),
                    "份",
                    Some(sat),
                );
                let b = c.count(
                    "有效样本数",
                    format!("satisfaction[{i}].respondents"),
                    "份",
                    Some(resp),
                );
                let path = format!("satisfaction[{i}].respondents");
                match a.zip(b).map(|(a, b)| ratio(a, b, "有效样本数", &path)) {
                    Some(Outcome::Exact(r)) => rates.push((r, Some(resp))),
                    Some(undefined) => {
                        return c.finish(
                            "满意样本数 ÷ 有效样本数 × 100%",
                            Some(undefined),
                            &d.stated,
                        )
                    }
                    None => {}
                }
            }
            (_, resp, Some(rate)) => {
                c.percent("满意率", format!("satisfaction[{i}].rate"), Some(rate));
                if let Some(r) = resp {
                    c.count(
                        "有效样本数",
                        format!("satisfaction[{i}].respondents"),
                        "份",
                        Some(r),
                    );
                }
                c.note(format!(
                    "调查「{}」未提供样本数，取调查报告的满意率",
                    s.name
                ));
                rates.push((rate.value(), resp));
            }
            (_, _, None) => c.missing(
                "满意率（或满意样本数与有效样本数）",
                format!("satisfaction[{i}].rate"),
            ),
        }
    }
    if c.has_missing() {
        return c.finish("满意样本数 ÷ 有效样本数 × 100%", None, &d.stated);
    }
    if rates.len() == 1 {
        let r = rates[0].0;
        return c.finish("调查报告的满意率", Some(Outcome::Exact(r)), &d.stated);
    }
    let weighted = rates.iter().all(|(_, w)| w.is_some());
    let out = if weighted {
        c.note("各调查满意率按有效样本数加权平均");
        let mut num = Some(Decimal::ZERO);
        let mut den = 0u64;
        for (r, w) in &rates {
            let w = w.unwrap_or(0);
            num = num.and_then(|n| {
                r.checked_mul(Decimal::from(w))
                    .and_then(|x| n.checked_add(x))
            });
            den += u64::from(w);
        }
        match num {
            Some(n) => match ratio(
                n,
                Decimal::from(den),
                "有效样本数合计",
                "satisfaction[*].respondents",
            ) {
                // ratio() multiplies by 100; the rates already are percentages.
                Outcome::Exact(v) => Outcome::Exact(v / Decimal::ONE_HUNDRED),
                u => u,
            },
            None => Outcome::Undefined(OVERFLOW.to_string()),
        }
    } else {
        c.note("部分调查未提供有效样本数，取各调查满意率的算术平均");
        let sum = rates
            .iter()
            .try_fold(Decimal::ZERO, |acc, (r, _)| acc.checked_add(*r));
        match sum.and_then(|s| s.checked_div(Decimal::from(rates.len()))) {
            Some(v) => Outcome::Exact(v),
            None => Outcome::Undefined(OVERFLOW.to_string()),
        }
    };
    let formula = if weighted {
        "Σ(满意率 × 有效样本数) ÷ Σ有效样本数"
    } else {
        "Σ满意率 ÷ 调查项数"
    };
    c.finish(formula, Some(out), &d.stated)
}

/// L03 信访按期回复率 = 按期回复件数 ÷ 收到件数 × 100%.
///
/// `petitions.answered_on_time` ÷ `petitions.received`. When the report gives no counts but
/// states that every petition was answered on time (`petitions.all_answered_on_time = true`,
/// as in Longhua: "群众信访已全部得以回复，且未发生超期反馈的情况"), the rate is 100% and
/// the trace notes that it rests on a qualitative statement. With no petitions received the
/// rate is undefined (not scorable).
pub fn petition_reply_rate(def: &'static IndicatorDef, d: &DepartmentYear) -> IndicatorValue {
    let mut c = Calc::new(def);
    let p = &d.petitions;
    const FORMULA: &str = "按期回复件数 ÷ 收到件数 × 100%";
    match (p.answered_on_time, p.received, p.all_answered_on_time) {
        (Some(_), Some(_), _) | (_, _, None | Some(false)) => {
            let n = c.count(
                "按期回复件数",
                "petitions.answered_on_time",
                "件",
                p.answered_on_time,
            );
            let dn = c.count("收到件数", "petitions.received", "件", p.received);
            if let (Some(true), Some(n), Some(dn)) = (p.all_answered_on_time, n, dn) {
                if n != dn {
                    c.note("报告称已全部按期回复，但按期回复件数与收到件数不同，按件数计算");
                }
            }
            let out = n
                .zip(dn)
                .map(|(a, b)| ratio(a, b, "收到件数", "petitions.received"));
            c.finish(FORMULA, out, &d.stated)
        }
        (_, _, Some(true)) => {
            if let Some(r) = p.received {
                c.count("收到件数", "petitions.received", "件", Some(r));
                if r == 0 {
                    let out = ratio(
                        Decimal::ZERO,
                        Decimal::ZERO,
                        "收到件数",
                        "petitions.received",
                    );
                    return c.finish(FORMULA, Some(out), &d.stated);
                }
            }
            c.derived(
                "报告陈述：信访已全部按期回复",
                "petitions.all_answered_on_time",
                "",
                Decimal::ONE,
            );
            c.note("报告未列按期回复件数，仅定性陈述已全部按期回复，按 100% 计；该值依据定性陈述，未经件数核算");
            c.finish(
                "报告定性陈述全部按期回复，按 100% 计",
                Some(Outcome::Exact(Decimal::ONE_HUNDRED)),
                &d.stated,
            )
        }
    }
}
