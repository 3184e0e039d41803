//! Shared verification of the clause-level rate readings ([`crate::extract::clause`]) for
//! AU010 (shares), AU011 (changes) and AU012 (completion rates).

use jixiao_model::Severity;
use rust_decimal::Decimal;

use super::{computed_rate, fmt_dec, operand_uncertainty, rate_agrees, rate_verdict, Ctx, Verdict};
use crate::diagnostic::Diagnostic;
use crate::extract::clause::{BaseFrom, RateKind, RateReading};
use crate::extract::Quantity;

/// Which readings a check looks at.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Share,
    Change,
    Completion,
}

fn which(k: RateKind) -> Which {
    match k {
        RateKind::Share => Which::Share,
        RateKind::Change { .. } => Which::Change,
        RateKind::Completion => Which::Completion,
    }
}

/// The numerator and denominator a reading says the rate is computed from.
fn operands(cx: &Ctx, rd: &RateReading) -> Option<(Decimal, Decimal, Decimal, Decimal)> {
    let qs = &cx.ex.quantities;
    let of = &qs[rd.of];
    match rd.kind {
        RateKind::Change { .. } if rd.delta.is_none() => {
            // the two years' figures without a change amount
            let prev = &qs[rd.base?];
            Some((
                (of.canonical() - prev.canonical()).abs(),
                operand_uncertainty(of) + operand_uncertainty(prev),
                prev.canonical(),
                operand_uncertainty(prev),
            ))
        }
        RateKind::Change { down } => {
            let d = &qs[rd.delta?];
            let base = match rd.base_from {
                BaseFrom::Previous => qs[rd.base?].canonical(),
                _ => {
                    if down {
                        of.canonical() + d.canonical()
                    } else {
                        of.canonical() - d.canonical()
                    }
                }
            };
            let base_unc = match rd.base_from {
                BaseFrom::Previous => operand_uncertainty(&qs[rd.base?]),
                _ => operand_uncertainty(of) + operand_uncertainty(d),
            };
            Some((d.canonical(), operand_uncertainty(d), base, base_unc))
        }
        _ => {
            let (den, unc) = match (rd.base, rd.base_value) {
                (_, Some(v)) => (v, Decimal::ZERO),
                (Some(b), None) => (qs[b].canonical(), operand_uncertainty(&qs[b])),
                _ => return None,
            };
            Some((of.canonical(), operand_uncertainty(of), den, unc))
        }
    }
}

/// Does the rate hold with one of the other candidates for its base?
fn explained_otherwise(cx: &Ctx, rd: &RateReading, r: &Quantity) -> bool {
    let qs = &cx.ex.quantities;
    rd.alternatives.iter().any(|&a| {
        let alt = &qs[a];
        let (num, num_unc, den, den_unc) = match rd.kind {
            RateKind::Change { down } => {
                let Some(d) = rd.delta.map(|d| &qs[d]) else {
                    return false;
                };
                let den = if down {
                    alt.canonical() + d.canonical()
                } else {
                    alt.canonical() - d.canonical()
                };
                (
                    d.canonical(),
                    operand_uncertainty(d),
                    den,
                    operand_uncertainty(alt) + operand_uncertainty(d),
                )
            }
            _ => (
                qs[rd.of].canonical(),
                operand_uncertainty(&qs[rd.of]),
                alt.canonical(),
                operand_uncertainty(alt),
            ),
        };
        rate_agrees(r.value, r.scale, num, num_unc, den, den_unc)
    })
}

pub fn run(cx: &Ctx, out: &mut Vec<Diagnostic>, code: &'static str, kind: Which) {
    let qs = &cx.ex.quantities;
    for rd in &cx.ex.rates {
        if which(rd.kind) != kind {
            continue;
        }
        let r = &qs[rd.rate];
        let Some((num, num_unc, den, den_unc)) = operands(cx, rd) else {
            continue;
        };
        if num.is_zero() && r.value.is_zero() {
            continue;
        }
        if den <= Decimal::ZERO || num < Decimal::ZERO {
            continue;
        }
        let verdict = rate_verdict(r.value, r.scale, num, num_unc, den, den_unc);
        if verdict != Verdict::Mismatch || explained_otherwise(cx, rd, r) {
            continue;
        }
        let Some(c) = computed_rate(num, den, r.scale) else {
            continue;
        };
        let ulp = Decimal::new(1, r.scale);
        // one unit off in the last of two or more written decimals (a share forced to make
        // 100%, a slip in the second decimal) is a warning; a whole percentage point is not
        let severity = if r.scale >= 1 && (c - r.value).abs() <= ulp {
            Severity::Warning
        } else {
            Severity::Error
        };
        let of = &qs[rd.of];
        let den_text = match (rd.base, rd.base_value, rd.base_from) {
            (Some(b), None, _) | (Some(b), _, BaseFrom::Previous) => qs[b].display(),
            (_, Some(v), _) => super::in_unit_of(v, of),
            _ => fmt_dec(den),
        };
        let (msg, help) = match rd.kind {
            RateKind::Share => (
                format!(
                    "{}{} 占{}的比重写作 {}，但按 {} ÷ {} 计算应为 {}%",
                    of.name(),
                    of.display(),
                    if rd.base_words.is_empty() {
                        "合计".to_string()
                    } else {
                        rd.base_words.clone()
                    },
                    r.display(),
                    of.display(),
                    den_text,
                    fmt_dec(c)
                ),
                "占比 = 该项金额 ÷ 其所占的总额；核对是否用错了基数或与其他项的占比互换",
            ),
            RateKind::Change { .. } if rd.delta.is_none() => (
                format!(
                    "变动率写作 {}，但按本年数 {} 与上年数 {} 计算应为 {}%",
                    r.display(),
                    of.display(),
                    den_text,
                    fmt_dec(c)
                ),
                "增长（下降）率 = （本年数 − 上年数）÷ 上年数",
            ),
            RateKind::Change { .. } => {
                let d = rd.delta.map(|d| qs[d].display()).unwrap_or_default();
                (
                    format!(
                        "变动率写作 {}，但按变动额 {} ÷ 上年数 {} 计算应为 {}%",
                        r.display(),
                        d,
                        in_unit(den, of),
                        fmt_dec(c)
                    ),
                    "增长（下降）率 = 增减额 ÷ 上年数，上年数 = 本年数 ∓ 增减额（不是本年数）",
                )
            }
            RateKind::Completion => (
                format!(
                    "完成率写作 {}，但按 {} ÷ 预算 {} 计算应为 {}%",
                    r.display(),
                    of.display(),
                    den_text,
                    fmt_dec(c)
                ),
                "完成预算的比例 = 决算（实际）数 ÷ 预算数；核对是否误用了节约率或下降率",
            ),
        };
        let mut d = Diagnostic::new(code, severity, r.span.clone(), msg)
            .expected_found(fmt_dec(c), fmt_dec(r.value))
            .related(
                of.span.clone(),
                format!("所属数字：{} {}", of.name(), of.display()),
            )
            .help(help);
        if let Some(dl) = rd.delta {
            d = d.related(qs[dl].span.clone(), format!("增减额：{}", qs[dl].display()));
        }
        if let Some(b) = rd.base {
            d = d.related(
                qs[b].span.clone(),
                format!("基数：{} {}", qs[b].name(), qs[b].display()),
            );
        }
        out.push(d);
    }
}

fn in_unit(v: Decimal, like: &Quantity) -> String {
    super::in_unit_of(super::round_half_up(v, 6), like)
}
