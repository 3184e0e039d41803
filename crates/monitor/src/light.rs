//! Lights (预警灯) and the judgement every light carries: the light, a Chinese reason and
//! a trace like an indicator's (inputs with field paths, formula, bands, exact and rounded
//! value, notes, missing inputs).

use std::borrow::Cow;
use std::fmt;

use jixiao_engine::Interval;
use jixiao_model::number::opt_decimal_text;
use rust_decimal::Decimal;
use serde::Serialize;

/// A monitoring light.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Light {
    /// 红灯
    Red,
    /// 黄灯
    Yellow,
    /// 绿灯
    Green,
    /// 蓝灯：超额完成（目标可能定得偏低）
    Blue,
}

impl Light {
    pub const ALL: [Light; 4] = [Light::Red, Light::Yellow, Light::Green, Light::Blue];

    /// "红灯"
    pub fn label(self) -> &'static str {
        match self {
            Light::Red => "红灯",
            Light::Yellow => "黄灯",
            Light::Green => "绿灯",
            Light::Blue => "蓝灯",
        }
    }

    /// "red"
    pub fn code(self) -> &'static str {
        match self {
            Light::Red => "red",
            Light::Yellow => "yellow",
            Light::Green => "green",
            Light::Blue => "blue",
        }
    }

    /// A light named in a rules file: `red`/`yellow`/`green`/`blue`, 红/黄/绿/蓝, 红灯….
    pub fn parse(text: &str) -> Option<Light> {
        match text.trim() {
            "red" | "红" | "红灯" => Some(Light::Red),
            "yellow" | "黄" | "黄灯" => Some(Light::Yellow),
            "green" | "绿" | "绿灯" => Some(Light::Green),
            "blue" | "蓝" | "蓝灯" => Some(Light::Blue),
            _ => None,
        }
    }
}

impl fmt::Display for Light {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One band of a banded rule: values in `range` get `light`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Band {
    pub light: Light,
    pub range: Interval,
}

/// The band a value falls in.
pub fn band_of(bands: &[Band], v: Decimal) -> Option<&Band> {
    bands.iter().find(|b| b.range.contains(v))
}

/// A band as shown in traces: `{"light": "green", "range": "[80, +∞)", "text": "≥80"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BandText {
    pub light: Light,
    pub range: String,
    pub text: String,
}

impl From<&Band> for BandText {
    fn from(b: &Band) -> Self {
        BandText {
            light: b.light,
            range: b.range.to_string(),
            text: b.range.describe(),
        }
    }
}

/// One input of a light, with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Input {
    /// Chinese name: "累计支出", "调整后预算", "序时进度".
    pub name: Cow<'static, str>,
    /// Field path in the input file (`projects.project[0].monitoring.spent`), or what it was
    /// derived from ("按月：截至 2025-07-31 已过 7 个月", "ledger:vouchers.csv").
    pub path: String,
    /// The value as exact decimal text, or the text (定性).
    pub value: String,
    /// "万元", "%", or the target's unit.
    pub unit: String,
}

/// An input that a light needed but the file does not have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missing {
    pub name: String,
    pub path: String,
}

/// How a light was obtained.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Trace {
    /// Stable rule id: `execution`, `positive`, `reverse`, `within`, `qualitative`,
    /// `worst`, `matrix`.
    pub rule: &'static str,
    /// Formula in Chinese.
    pub formula: Cow<'static, str>,
    pub inputs: Vec<Input>,
    /// Exact value before rounding.
    #[serde(with = "opt_decimal_text")]
    pub exact: Option<Decimal>,
    /// The value judged: rounded 四舍五入 to two places (what the user sees).
    #[serde(with = "opt_decimal_text")]
    pub value: Option<Decimal>,
    /// The bands of the rule, in the rules file's order.
    pub bands: Vec<BandText>,
    pub notes: Vec<String>,
    pub missing: Vec<Missing>,
}

/// A light with its reason and trace. `light` is `None` when it cannot be judged (missing
/// inputs are listed, or the first note says why).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Judgement {
    pub light: Option<Light>,
    /// One sentence in Chinese, the ratio included.
    pub reason: String,
    pub trace: Trace,
}

impl Judgement {
    /// Not judgeable: `reason` says why.
    pub fn unknown(reason: impl Into<String>, trace: Trace) -> Judgement {
        Judgement {
            light: None,
            reason: reason.into(),
            trace,
        }
    }
}

/// Format a decimal for messages: normalised ("75", "105.07").
pub(crate) fn num(d: Decimal) -> String {
    d.normalize().to_string()
}

/// Exact text of a value, for trace inputs.
pub(crate) fn text(d: Decimal) -> String {
    d.to_string()
}
