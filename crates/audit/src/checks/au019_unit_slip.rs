//! ## AU019 unit-slip — 金额单位疑误
//!
//! **What it finds.** An amount written in 元 in a text that states its amounts in 万元
//! (at least eight of them, and no more than two in 元): "因公出国（境）费支出决算为 4.46 元"
//! among "“三公”经费 13.07 万元 … 公务接待费 2.35 万元". Rates, per-head figures and standards
//! (人均, 每, 标准, 元/人) are not amounts of the statement and are left alone, and so is a
//! sentence that corrects the figure itself (经核查, 更正, 应为).
//!
//! This is a warning: an amount may be stated in 元 on purpose. When the figure is a part
//! of a total or the base of a rate, the sum or rate check that fails with it usually shows
//! which reading is right.
//!
//! **Why it matters.** A figure ten thousand times too small reads as a statement about a
//! different item; it is the commonest slip of copying from a 元 table into a 万元 text.
//!
//! **Example.**
//!
//! ```text
//! ——一般公共预算收入 88435 元，完成调整预算的 99.2%
//! ```
//!
//! in a 预算 report whose other amounts are all in 万元.
//!
//! **How to fix.** Write the unit the figure is in (万元), or convert the figure.

use jixiao_model::{MoneyUnit, Severity};
use rust_decimal::Decimal;

use super::Ctx;
use crate::diagnostic::Diagnostic;
use crate::extract::Unit;

const NOT_AN_AMOUNT: &[&str] = &["人均", "每", "标准", "单价", "均价", "平均", "补助", "元/"];
const CORRECTED: &[&str] = &["经核查", "更正", "应为", "勘误"];

pub fn run(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let qs = &cx.ex.quantities;
    let amount = |u: MoneyUnit| {
        move |q: &&crate::extract::Quantity| {
            q.unit == Unit::Money(u) && !q.implicit && !q.in_table && !q.chinese
        }
    };
    let wan = qs.iter().filter(amount(MoneyUnit::WanYuan)).count();
    let yuan: Vec<_> = qs.iter().filter(amount(MoneyUnit::Yuan)).collect();
    if wan < 8 || yuan.is_empty() || yuan.len() > 2 {
        return;
    }
    for q in yuan {
        if q.approx || q.value >= Decimal::from(1_000_000) || q.value.is_zero() {
            continue;
        }
        let after = cx.text.get(q.span.end..).unwrap_or("");
        if after.starts_with(['/', '／']) || after.starts_with('每') {
            continue;
        }
        let sent = cx
            .ex
            .sentences
            .get(q.sentence)
            .map_or("", |s| &cx.text[s.range.clone()]);
        if NOT_AN_AMOUNT.iter().any(|w| q.raw_label.contains(w))
            || CORRECTED.iter().any(|w| sent.contains(w))
        {
            continue;
        }
        out.push(
            Diagnostic::new(
                "AU019",
                Severity::Warning,
                q.span.clone(),
                format!(
                    "全文金额以万元为单位（{wan} 处），此处“{}” {} 以元为单位，疑为单位错误",
                    q.name(),
                    q.display()
                ),
            )
            .expected_found("万元", "元")
            .help("核对该数字的单位：如为万元请更正单位，如确为元请换算为万元与全文一致"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    const WAN: &str = "“三公”经费支出13.07万元，公务接待费2.35万元，公务用车运行维护费6.26万元，购置费0万元，基本支出500万元，项目支出300万元，人员经费400万元，公用经费100万元。";

    #[test]
    fn an_amount_in_yuan_among_wan() {
        check(
            "AU019",
            &format!("{WAN}因公出国(境)费支出决算为4.46元，完成预算的89.2%。"),
            &["warning 4.46元 expected=万元 found=元"],
        );
        // per head, standards, corrections and texts in 元 are fine
        check("AU019", &format!("{WAN}人均公用经费1200元。"), &[]);
        check(
            "AU019",
            &format!("{WAN}公务接待费1.58元，经核查，应为1.58万元。"),
            &[],
        );
        check("AU019", "公务接待费2.35元。", &[]);
    }
}
