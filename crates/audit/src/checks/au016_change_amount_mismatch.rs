//! ## AU016 change-amount-mismatch — 增减额与本年、上年数不符
//!
//! **What it finds.** A change amount whose clause names both figures it lies between —
//! "A，较上年的 B 减少 W", "A，比上年预算 B 增加 W" — where A and B do not differ by W, or
//! differ the other way ("减少" while A is larger than B).
//!
//! Figures are compared at the precision they are written with: amounts written with the
//! same number of decimals in 亿元 may be off by their rounding; a difference of one unit in
//! the last written digit (12.39 − 11.8 = 0.59 against "减少 0.58", possible if 11.8 was
//! rounded from 11.81) is a warning, more is an error.
//!
//! **Why it matters.** One of the three figures was mistyped, or the change was computed
//! from another year's figure than the one printed beside it.
//!
//! **Example.**
//!
//! ```text
//! “三公”经费预算总额为1969万元，较2024年的2190万元减少212万元。
//! ```
//!
//! 2,190 − 1,969 = 221, not 212.
//!
//! **How to fix.** Recompute the change from the two years' figures, or correct the
//! mistyped one.

use jixiao_model::Severity;
use rust_decimal::Decimal;

use super::{fmt_dec, in_unit_of, one_ulp, Ctx};
use crate::diagnostic::Diagnostic;

pub fn run(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let qs = &cx.ex.quantities;
    for c in &cx.ex.changes {
        let Some(p) = c.prev else { continue };
        let (b, w) = (&qs[p], &qs[c.delta]);
        // this year − last year, as the text states it
        let stated = if c.down {
            -w.canonical()
        } else {
            w.canonical()
        };
        // each figure rounded at its own written precision
        let tol = |a: &crate::extract::Quantity| a.half_ulp() + b.half_ulp() + w.half_ulp();
        let off = |a: &crate::extract::Quantity| (a.canonical() - b.canonical() - stated).abs();
        // the change may be of another figure of the sentence (its total, when the nearest
        // is a part): any that makes it hold
        if std::iter::once(c.of)
            .chain(c.alternatives.iter().copied())
            .any(|i| off(&qs[i]) <= tol(&qs[i]))
        {
            continue;
        }
        let a = &qs[c.of];
        let actual = a.canonical() - b.canonical();
        let diff = off(a);
        // certain only when the clause has one figure it can be of and the gap is more
        // than a unit of the last digit
        let severity = if c.alternatives.is_empty() && diff > one_ulp(&[a, b, w]) + tol(a) {
            Severity::Error
        } else {
            Severity::Warning
        };
        let dir = if actual < Decimal::ZERO {
            "减少"
        } else {
            "增加"
        };
        out.push(
            Diagnostic::new(
                "AU016",
                severity,
                w.span.clone(),
                format!(
                    "增减额写作 {}，但 {} 与上年 {} 相比{} {}",
                    w.display(),
                    a.display(),
                    b.display(),
                    dir,
                    in_unit_of(actual.abs(), w)
                ),
            )
            .expected_found(
                format!("{dir}{}", fmt_dec(actual.abs() / super::unit_factor(w))),
                format!(
                    "{}{}",
                    if c.down { "减少" } else { "增加" },
                    fmt_dec(w.value)
                ),
            )
            .related(
                a.span.clone(),
                format!("本期数：{} {}", a.name(), a.display()),
            )
            .related(
                b.span.clone(),
                format!("上期数：{} {}", b.name(), b.display()),
            )
            .help("增减额 = 本期数 − 上期数；核对三个数字中录入有误的一个"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn amounts_between_two_years() {
        check(
            "AU016",
            "“三公”经费预算总额为1969万元，较2024年的2190万元减少221万元，下降10.1%。",
            &[],
        );
        check(
            "AU016",
            "“三公”经费预算总额为1969万元，较2024年的2190万元减少212万元。",
            &["error 212万元 expected=减少221 found=减少212"],
        );
        // within the rounding of figures written with one decimal
        check(
            "AU016",
            "2022年“三公”经费支出11.8万元，比上年的12.39万元减少0.58万元。",
            &[],
        );
        check(
            "AU016",
            "一般公共预算收入47.8亿元，比上年的44.2亿元增加3.64亿元。",
            &[],
        );
        // the change is of the sentence's total, not of its nearest part
        check(
            "AU016",
            "支出合计500万元，其中基本支出300万元，项目支出200万元，较上年的450万元增加50万元。",
            &[],
        );
        // a sentence with several figures it could be of: a warning
        check(
            "AU016",
            "支出合计500万元，其中基本支出300万元，项目支出200万元，较上年的450万元增加80万元。",
            &["warning 80万元 expected=减少250 found=增加80"],
        );
        // the wrong direction
        check(
            "AU016",
            "公务接待费预算5万元，比上年预算4万元减少3万元。",
            &["error 3万元 expected=增加1 found=减少3"],
        );
        // no previous figure named: nothing to compare
        check("AU016", "公务接待费预算5万元，比上年减少1万元。", &[]);
    }
}
