//! Typed cell values: how each model field type maps to and from a spreadsheet cell.
//!
//! This module is the one place where binary floating point appears: spreadsheet numbers
//! are IEEE doubles. A numeric cell is turned into text with Rust's `{}` Display of `f64`,
//! which prints the *shortest* decimal that round-trips to the same double, and that text
//! is parsed as an exact `Decimal`. So a cell showing 40295.14 yields exactly 40295.14, and
//! a cell that Excel computed as 0.1+0.2 (0.30000000000000004) yields that text exactly,
//! not a silently rounded value. No arithmetic is ever done on the double.
//! On the way out a `Decimal` goes to the nearest double through its decimal text
//! (`str::parse::<f64>`, correctly rounded); where that loses the written scale or digits
//! (1752.00, 20-digit amounts) the exact text is kept in a hidden sheet (see `exact`).

use std::str::FromStr;

use jixiao_model::number::{fold_width, parse_written_number, NumberError, WrittenUnit};
use jixiao_model::{
    Likelihood, Money, MoneyUnit, Num, Percent, ProjectStatus, ReasonCategory, TargetLevel1,
    TargetOperator,
};
use rust_decimal::Decimal;

/// What a column or row holds, which decides how a cell is parsed and validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// 金额（万元），非负
    Money,
    /// 金额（万元），可为负（变动额）
    SignedMoney,
    /// 百分比：26 表示 26%
    Percent,
    /// 一般数值（指标值、分值）
    Num,
    /// 整数，含上下限
    Int(i64, i64),
    /// 是/否
    Bool,
    /// 短文本
    Text,
    /// 长文本（自动换行）
    LongText,
    /// 下拉选项
    Choice(&'static [&'static str]),
}

/// A parsed cell value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cv {
    Money(Money),
    Percent(Percent),
    Num(Num),
    Int(i64),
    Bool(bool),
    Text(String),
}

/// A model field type that can live in one cell.
pub(crate) trait FieldValue: Sized {
    const KIND: Kind;
    fn to_cv(&self) -> Option<Cv>;
    fn from_cv(v: Option<Cv>) -> Self;
}

impl FieldValue for Option<Money> {
    const KIND: Kind = Kind::Money;
    fn to_cv(&self) -> Option<Cv> {
        self.map(Cv::Money)
    }
    fn from_cv(v: Option<Cv>) -> Self {
        match v {
            Some(Cv::Money(m)) => Some(m),
            _ => None,
        }
    }
}

impl FieldValue for Option<Percent> {
    const KIND: Kind = Kind::Percent;
    fn to_cv(&self) -> Option<Cv> {
        self.map(Cv::Percent)
    }
    fn from_cv(v: Option<Cv>) -> Self {
        match v {
            Some(Cv::Percent(p)) => Some(p),
            _ => None,
        }
    }
}

impl FieldValue for Option<Num> {
    const KIND: Kind = Kind::Num;
    fn to_cv(&self) -> Option<Cv> {
        self.map(Cv::Num)
    }
    fn from_cv(v: Option<Cv>) -> Self {
        match v {
            Some(Cv::Num(n)) => Some(n),
            _ => None,
        }
    }
}

impl FieldValue for Num {
    const KIND: Kind = Kind::Num;
    fn to_cv(&self) -> Option<Cv> {
        Some(Cv::Num(*self))
    }
    fn from_cv(v: Option<Cv>) -> Self {
        match v {
            Some(Cv::Num(n)) => n,
            _ => Num::default(),
        }
    }
}

impl FieldValue for Option<u32> {
    const KIND: Kind = Kind::Int(0, u32::MAX as i64);
    fn to_cv(&self) -> Option<Cv> {
        self.map(|v| Cv::Int(i64::from(v)))
    }
    fn from_cv(v: Option<Cv>) -> Self {
        match v {
            Some(Cv::Int(i)) => u32::try_from(i).ok(),
            _ => None,
        }
    }
}

impl FieldValue for Option<i32> {
    const KIND: Kind = Kind::Int(i32::MIN as i64, i32::MAX as i64);
    fn to_cv(&self) -> Option<Cv> {
        self.map(|v| Cv::Int(i64::from(v)))
    }
    fn from_cv(v: Option<Cv>) -> Self {
        match v {
            Some(Cv::Int(i)) => i32::try_from(i).ok(),
            _ => None,
        }
    }
}

impl FieldValue for Option<bool> {
    const KIND: Kind = Kind::Bool;
    fn to_cv(&self) -> Option<Cv> {
        self.map(Cv::Bool)
    }
    fn from_cv(v: Option<Cv>) -> Self {
        match v {
            Some(Cv::Bool(b)) => Some(b),
            _ => None,
        }
    }
}

impl FieldValue for bool {
    const KIND: Kind = Kind::Bool;
    fn to_cv(&self) -> Option<Cv> {
        Some(Cv::Bool(*self))
    }
    fn from_cv(v: Option<Cv>) -> Self {
        matches!(v, Some(Cv::Bool(true)))
    }
}

impl FieldValue for Option<String> {
    const KIND: Kind = Kind::Text;
    fn to_cv(&self) -> Option<Cv> {
        self.clone().map(Cv::Text)
    }
    fn from_cv(v: Option<Cv>) -> Self {
        match v {
            Some(Cv::Text(t)) => Some(t),
            _ => None,
        }
    }
}

impl FieldValue for String {
    const KIND: Kind = Kind::Text;
    fn to_cv(&self) -> Option<Cv> {
        if self.is_empty() {
            None
        } else {
            Some(Cv::Text(self.clone()))
        }
    }
    fn from_cv(v: Option<Cv>) -> Self {
        match v {
            Some(Cv::Text(t)) => t,
            _ => String::new(),
        }
    }
}

pub(crate) const STATUS_LABELS: &[&str] = &["未开工", "实施中", "已完成", "已终止"];
pub(crate) const LEVEL1_LABELS: &[&str] = &["产出指标", "效益指标", "满意度指标", "成本指标"];
pub(crate) const OPERATOR_LABELS: &[&str] = &["≥", "≤", "=", ">", "<", "区间", "定性"];
pub(crate) const PERIOD_LABELS: &[&str] = &[
    "Q1", "Q2", "Q3", "Q4", "M01", "M02", "M03", "M04", "M05", "M06", "M07", "M08", "M09", "M10",
    "M11", "M12",
];

pub(crate) const LIKELIHOOD_LABELS: &[&str] = &["确定能", "有可能", "完全不可能"];
pub(crate) const REASON_LABELS: &[&str] =
    &["经费保障", "制度保障", "人员保障", "硬件条件保障", "其他"];

impl FieldValue for Option<Likelihood> {
    const KIND: Kind = Kind::Choice(LIKELIHOOD_LABELS);
    fn to_cv(&self) -> Option<Cv> {
        self.map(|l| Cv::Text(l.label().to_string()))
    }
    fn from_cv(v: Option<Cv>) -> Self {
        match v {
            Some(Cv::Text(t)) => match t.as_str() {
                "确定能" => Some(Likelihood::Certain),
                "有可能" => Some(Likelihood::Possible),
                "完全不可能" => Some(Likelihood::Impossible),
                _ => None,
            },
            _ => None,
        }
    }
}

impl FieldValue for Option<ReasonCategory> {
    const KIND: Kind = Kind::Choice(REASON_LABELS);
    fn to_cv(&self) -> Option<Cv> {
        self.map(|c| Cv::Text(c.label().to_string()))
    }
    fn from_cv(v: Option<Cv>) -> Self {
        match v {
            Some(Cv::Text(t)) => ReasonCategory::ALL.into_iter().find(|c| c.label() == t),
            _ => None,
        }
    }
}

fn status_label(s: ProjectStatus) -> &'static str {
    match s {
        ProjectStatus::NotStarted => "未开工",
        ProjectStatus::InProgress => "实施中",
        ProjectStatus::Completed => "已完成",
        ProjectStatus::Cancelled => "已终止",
    }
}

impl FieldValue for Option<ProjectStatus> {
    const KIND: Kind = Kind::Choice(STATUS_LABELS);
    fn to_cv(&self) -> Option<Cv> {
        self.map(|s| Cv::Text(status_label(s).to_string()))
    }
    fn from_cv(v: Option<Cv>) -> Self {
        match v {
            Some(Cv::Text(t)) => match t.as_str() {
                "未开工" => Some(ProjectStatus::NotStarted),
                "实施中" => Some(ProjectStatus::InProgress),
                "已完成" => Some(ProjectStatus::Completed),
                "已终止" => Some(ProjectStatus::Cancelled),
                _ => None,
            },
            _ => None,
        }
    }
}

impl FieldValue for TargetLevel1 {
    const KIND: Kind = Kind::Choice(LEVEL1_LABELS);
    fn to_cv(&self) -> Option<Cv> {
        Some(Cv::Text(self.label().to_string()))
    }
    fn from_cv(v: Option<Cv>) -> Self {
        match v {
            Some(Cv::Text(t)) => match t.as_str() {
                "效益指标" => TargetLevel1::Benefit,
                "满意度指标" => TargetLevel1::Satisfaction,
                "成本指标" => TargetLevel1::Cost,
                _ => TargetLevel1::Output,
            },
            _ => TargetLevel1::Output,
        }
    }
}

impl FieldValue for TargetOperator {
    const KIND: Kind = Kind::Choice(OPERATOR_LABELS);
    fn to_cv(&self) -> Option<Cv> {
        Some(Cv::Text(self.symbol().to_string()))
    }
    fn from_cv(v: Option<Cv>) -> Self {
        match v {
            Some(Cv::Text(t)) => match t.as_str() {
                "≤" => TargetOperator::AtMost,
                "=" => TargetOperator::Equal,
                ">" => TargetOperator::Above,
                "<" => TargetOperator::Below,
                "区间" => TargetOperator::Range,
                "定性" => TargetOperator::Qualitative,
                _ => TargetOperator::AtLeast,
            },
            _ => TargetOperator::AtLeast,
        }
    }
}

/// A cell as read from a workbook, before it is given a meaning.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) enum Raw {
    #[default]
    Empty,
    /// A numeric cell, already turned into its shortest round-trip decimal text.
    Number(String),
    Text(String),
    Bool(bool),
    /// A date cell, as YYYY-MM-DD.
    Date(String),
    /// An error value such as #DIV/0!.
    Error(String),
}

impl Raw {
    pub(crate) fn is_blank(&self) -> bool {
        match self {
            Raw::Empty => true,
            Raw::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as the user sees it, for messages.
    pub(crate) fn shown(&self) -> String {
        match self {
            Raw::Empty => String::new(),
            Raw::Number(t) | Raw::Text(t) | Raw::Date(t) | Raw::Error(t) => t.clone(),
            Raw::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        }
    }

    /// Text used to match headers and labels.
    pub(crate) fn label(&self) -> Option<String> {
        match self {
            Raw::Text(t) => Some(t.clone()),
            Raw::Number(t) => Some(t.clone()),
            _ => None,
        }
    }
}

/// The one float → decimal step (see the module doc): shortest round-trip text.
pub(crate) fn float_text(f: f64) -> String {
    let s = format!("{f}");
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

/// The nearest double to an exact decimal, via its text (correctly rounded).
pub(crate) fn decimal_to_f64(d: Decimal) -> f64 {
    d.to_string().parse::<f64>().unwrap_or_default()
}

/// Parse a raw cell as `kind`. `unit` is the money unit that bare numbers are in (万元 unless
/// the header or the row's 单位 cell says otherwise). `Ok(None)` is a blank cell.
pub(crate) fn parse_cell(raw: &Raw, kind: Kind, unit: MoneyUnit) -> Result<Option<Cv>, String> {
    if raw.is_blank() {
        return Ok(None);
    }
    if let Raw::Error(e) = raw {
        return Err(format!("单元格为错误值「{e}」"));
    }
    match kind {
        Kind::Money | Kind::SignedMoney => {
            let (value, written) = number_of(raw, "金额")?;
            let money = match written {
                None => Money::new(value, unit),
                Some(WrittenUnit::Money(u)) => Money::new(value, u),
                Some(WrittenUnit::Percent) => {
                    return Err(format!("应为金额，实际为百分比「{}」", raw.shown()))
                }
            };
            if kind == Kind::Money && money.as_wan().is_sign_negative() && !money.as_wan().is_zero()
            {
                return Err(format!("金额不能为负数，实际为「{}」", raw.shown()));
            }
            Ok(Some(Cv::Money(money)))
        }
        Kind::Percent => {
            let (value, written) = number_of(raw, "百分比")?;
            if let Some(WrittenUnit::Money(u)) = written {
                return Err(format!(
                    "应为百分比，实际带有金额单位「{}」：「{}」",
                    u.label(),
                    raw.shown()
                ));
            }
            Ok(Some(Cv::Percent(Percent(value))))
        }
        Kind::Num => {
            let (value, written) = number_of(raw, "数字")?;
            let value = match written {
                Some(WrittenUnit::Money(u)) => value * u.in_wan(),
                _ => value,
            };
            Ok(Some(Cv::Num(Num(value))))
        }
        Kind::Int(lo, hi) => {
            let (value, written) = number_of(raw, "整数")?;
            if written.is_some() || value.fract() != Decimal::ZERO {
                return Err(format!("应为整数，实际为「{}」", raw.shown()));
            }
            let i = i64::try_from(value.trunc())
                .ok()
                .filter(|i| (lo..=hi).contains(i))
                .ok_or_else(|| format!("整数超出范围（{lo}–{hi}）：「{}」", raw.shown()))?;
            Ok(Some(Cv::Int(i)))
        }
        Kind::Bool => match raw {
            Raw::Bool(b) => Ok(Some(Cv::Bool(*b))),
            _ => parse_bool(&raw.shown())
                .map(|b| Some(Cv::Bool(b)))
                .ok_or_else(|| format!("应为「是」或「否」，实际为「{}」", raw.shown())),
        },
        Kind::Text | Kind::LongText => Ok(Some(Cv::Text(text_of(raw)))),
        Kind::Choice(options) => {
            let t = canonical_choice(&raw.shown());
            if options.contains(&t.as_str()) {
                Ok(Some(Cv::Text(t)))
            } else {
                Err(format!(
                    "应为以下之一：{}；实际为「{}」",
                    options.join("、"),
                    raw.shown()
                ))
            }
        }
    }
}

fn text_of(raw: &Raw) -> String {
    match raw {
        Raw::Text(t) => t.trim().to_string(),
        other => other.shown(),
    }
}

fn number_of(raw: &Raw, expected: &str) -> Result<(Decimal, Option<WrittenUnit>), String> {
    match raw {
        Raw::Number(t) => Decimal::from_str(t)
            .or_else(|_| Decimal::from_scientific(t))
            .map(|d| (d, None))
            .map_err(|_| format!("数值超出可精确表示的范围：「{t}」")),
        Raw::Text(t) => match parse_written_number(t) {
            Ok(n) => Ok((n.value, n.unit)),
            Err(NumberError::OutOfRange(_)) => Err(format!("数值超出范围：「{}」", t.trim())),
            Err(_) => Err(format!("应为{expected}，实际为「{}」", t.trim())),
        },
        other => Err(format!("应为{expected}，实际为「{}」", other.shown())),
    }
}

/// 是/否 in the forms people use.
pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "是" | "有" | "已" | "√" | "✓" | "true" | "yes" | "y" | "1" | "对" => Some(true),
        "否" | "无" | "未" | "×" | "✗" | "false" | "no" | "n" | "0" | "不是" => Some(false),
        _ => None,
    }
}

/// Map spelling variants of dropdown values to the canonical label.
pub(crate) fn canonical_choice(text: &str) -> String {
    let t: String = text
        .trim()
        .chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace())
        .collect();
    if let Some(op) = jixiao_model::target_quality::parse_operator(&t) {
        return op.symbol().to_string();
    }
    let mapped = match t.as_str() {
        "range" | "区间值" => "区间",
        "qualitative" | "定性指标" => "定性",
        "产出" => "产出指标",
        "效益" => "效益指标",
        "满意度" => "满意度指标",
        "成本" => "成本指标",
        "q1" => "Q1",
        "q2" => "Q2",
        "q3" => "Q3",
        "q4" => "Q4",
        "能" | "确定能完成" => "确定能",
        "可能" => "有可能",
        "不可能" => "完全不可能",
        "硬件保障" => "硬件条件保障",
        _ => return t,
    };
    mapped.to_string()
}

/// Serial day number (1900 date system) to YYYY-MM-DD.
pub(crate) fn excel_serial_to_date(serial: f64, is_1904: bool) -> Option<String> {
    if !serial.is_finite() || !(0.0..3_000_000.0).contains(&serial) {
        return None;
    }
    // Whole days only; the fraction is the time of day.
    let days = serial.floor() as i64;
    let days = if is_1904 { days + 1462 } else { days };
    // Serial 25569 is 1970-01-01. Excel's 1900 system counts a fictitious 1900-02-29
    // (serial 60), so serials before it are one day later than that count gives.
    let unix_days = if days > 60 {
        days - 25569
    } else {
        days - 25568
    };
    let (y, m, d) = civil_from_days(unix_days);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn num(f: f64) -> Raw {
        Raw::Number(float_text(f))
    }

    #[test]
    #[allow(clippy::float_arithmetic)]
    fn floats_become_exact_decimals_by_shortest_text() {
        let cv = parse_cell(&num(40295.14), Kind::Money, MoneyUnit::WanYuan).unwrap();
        assert_eq!(cv, Some(Cv::Money(Money::wan(dec!(40295.14)))));
        // 0.1 + 0.2 is not 0.3 in binary; the importer keeps what the cell really holds
        // instead of inventing a rounding.
        let cv = parse_cell(&num(0.1 + 0.2), Kind::Money, MoneyUnit::WanYuan).unwrap();
        assert_eq!(cv, Some(Cv::Money(Money::wan(dec!(0.30000000000000004)))));
        // Typed values come through exactly.
        for (f, d) in [
            (0.1, dec!(0.1)),
            (1752.0, dec!(1752)),
            (99.73, dec!(99.73)),
            (0.085, dec!(0.085)),
            (51019.77, dec!(51019.77)),
            (23783.48, dec!(23783.48)),
        ] {
            assert_eq!(
                parse_cell(&num(f), Kind::Money, MoneyUnit::WanYuan).unwrap(),
                Some(Cv::Money(Money::wan(d)))
            );
        }
        assert_eq!(decimal_to_f64(dec!(40295.14)), 40295.14);
    }

    #[test]
    fn units_convert_exactly() {
        let yuan = parse_cell(&num(3500.0), Kind::Money, MoneyUnit::Yuan).unwrap();
        assert_eq!(yuan, Some(Cv::Money(Money::wan(dec!(0.35)))));
        let text = parse_cell(
            &Raw::Text("３５００ 元".into()),
            Kind::Money,
            MoneyUnit::WanYuan,
        );
        assert_eq!(text.unwrap(), Some(Cv::Money(Money::wan(dec!(0.35)))));
        let text = parse_cell(
            &Raw::Text("51，019.77万元".into()),
            Kind::Money,
            MoneyUnit::WanYuan,
        );
        assert_eq!(text.unwrap(), Some(Cv::Money(Money::wan(dec!(51019.77)))));
        let text = parse_cell(&Raw::Text("1,752".into()), Kind::Money, MoneyUnit::WanYuan);
        assert_eq!(text.unwrap(), Some(Cv::Money(Money::wan(dec!(1752)))));
    }

    #[test]
    fn bad_cells_say_what_they_saw() {
        let e = parse_cell(&Raw::Text("约3万".into()), Kind::Money, MoneyUnit::WanYuan);
        assert_eq!(e.unwrap_err(), "应为金额，实际为「约3万」");
        let e = parse_cell(&num(-1.0), Kind::Money, MoneyUnit::WanYuan);
        assert!(e.unwrap_err().contains("负数"));
        assert!(parse_cell(&num(-1.0), Kind::SignedMoney, MoneyUnit::WanYuan).is_ok());
        let e = parse_cell(&num(2.5), Kind::Int(0, 10), MoneyUnit::WanYuan);
        assert_eq!(e.unwrap_err(), "应为整数，实际为「2.5」");
        let e = parse_cell(&Raw::Text("也许".into()), Kind::Bool, MoneyUnit::WanYuan);
        assert!(e.unwrap_err().contains("是"));
        let ok = parse_cell(
            &Raw::Text(">=".into()),
            Kind::Choice(OPERATOR_LABELS),
            MoneyUnit::WanYuan,
        );
        assert_eq!(ok.unwrap(), Some(Cv::Text("≥".into())));
    }

    #[test]
    fn excel_dates() {
        assert_eq!(excel_serial_to_date(44561.0, false).unwrap(), "2021-12-31");
        assert_eq!(excel_serial_to_date(1.0, false).unwrap(), "1900-01-01");
        assert_eq!(excel_serial_to_date(61.0, false).unwrap(), "1900-03-01");
        assert!(excel_serial_to_date(f64::NAN, false).is_none());
    }
}
