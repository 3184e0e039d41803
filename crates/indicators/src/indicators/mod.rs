//! The computations behind the catalogue, one file per indicator group.
//!
//! Every computation follows the same contract:
//! - each input is recorded in the trace with its Chinese name, its field path exactly as in
//!   the input file (`sangong.adjusted_budget.total`, `progress[2].spent_pct`), its value and
//!   unit;
//! - a missing input makes the value not scorable, naming every missing input; nothing is
//!   guessed and nothing defaults to zero;
//! - a zero denominator (or a result beyond the range of exact decimals) makes the value not
//!   scorable with a Chinese note explaining why, never 0 and never a panic;
//! - the exact quotient is kept, and the value is that quotient rounded 四舍五入 to two places;
//! - where an input has a documented fallback, the trace notes which one was used;
//! - every figure the source report states for the indicator (`[[stated]]`) is compared with
//!   the exact value at the stated figure's own precision.

pub mod assets;
pub mod budget;
pub mod fairness;
pub mod output;
pub mod people;
pub mod procurement;
pub mod progress;
pub mod project;
pub mod qualitative;
pub mod sangong;

use std::borrow::Cow;

use jixiao_model::{
    round2, round_half_up, Assessment, DepartmentYear, Money, Percent, Period, StatedFigure,
};
use rust_decimal::Decimal;

use crate::catalogue::{IndicatorDef, Kind};
use crate::params::Params;
use crate::value::{IndicatorValue, Missing, Observation, StatedComparison, Trace, TraceInput};

/// Compute one indicator of the catalogue; `None` only when `def` has no computation (which
/// cannot happen for catalogue entries: a test checks every one).
pub(crate) fn dispatch(
    def: &'static IndicatorDef,
    d: &DepartmentYear,
    params: &Params,
) -> Option<IndicatorValue> {
    if def.kind == Kind::Qualitative {
        return Some(qualitative::judgement(def, d));
    }
    let v = match def.id {
        "D03" => people::staffing_control_rate(def, d),
        "D04" => sangong::change_rate(def, d, params, sangong::Component::Total),
        "D05" => budget::key_spending_rate(def, d, params),
        "D06" => budget::execution_rate(def, d, params),
        "D07" => budget::adjustment_rate(def, d, params),
        "D08" => progress::payment_progress_rate(def, d, params),
        "D09" => budget::carryover_rate(def, d, params),
        "D10" => budget::carryover_change_rate(def, d),
        "D11" => budget::public_funds_control_rate(def, d, params),
        "D12" => sangong::control_rate(def, d, params),
        "D13" => procurement::execution_rate(def, d),
        "D20" => assets::fixed_asset_utilisation(def, d),
        "D21" => output::completion_rate(def, d),
        "D22" => output::timeliness_rate(def, d, params),
        "D23" => output::quality_rate(def, d, params),
        "D24" => output::key_task_rate(def, d),
        "D28" => fairness::satisfaction(def, d),
        "L01" => sangong::change_rate(def, d, params, sangong::Component::Reception),
        "L02" => sangong::change_rate(def, d, params, sangong::Component::Vehicle),
        "L03" => fairness::petition_reply_rate(def, d),
        id if id.starts_with('Q') || id.starts_with('M') => progress::period_rate(def, d),
        _ => return None,
    };
    Some(v)
}

/// Parse a progress period without allocating for the common ASCII forms ("Q1", "M01",
/// "M1", any case); anything else goes through [`Period::parse`] (Chinese 第一季度 …).
pub(crate) fn parse_period(text: &str) -> Option<Period> {
    let b = text.as_bytes();
    let digits = |d: &[u8]| -> Option<u8> {
        match d {
            [a] if a.is_ascii_digit() => Some(a - b'0'),
            [a, c] if a.is_ascii_digit() && c.is_ascii_digit() => {
                Some((a - b'0') * 10 + (c - b'0'))
            }
            _ => None,
        }
    };
    match b.split_first() {
        Some((b'Q' | b'q', rest)) => match digits(rest) {
            Some(n @ 1..=4) => Some(Period::Quarter(n)),
            Some(_) => None,
            None => Period::parse(text).ok(),
        },
        Some((b'M' | b'm', rest)) => match digits(rest) {
            Some(n @ 1..=12) => Some(Period::Month(n)),
            Some(_) => None,
            None => Period::parse(text).ok(),
        },
        _ => Period::parse(text).ok(),
    }
}

/// Why a computation gave no number although nothing was missing.
pub(crate) const OVERFLOW: &str = "数值超出可精确计算的范围，无法计算";

/// How a computation ended once its inputs were read.
pub(crate) enum Outcome {
    /// The exact result (percent for rates).
    Exact(Decimal),
    /// Inputs present but the formula is undefined (zero denominator, overflow): the note.
    Undefined(String),
    /// A qualitative indicator's assessment.
    Judgement(Assessment),
}

/// `num ÷ den × 100`, exact; a zero denominator or overflow is [`Outcome::Undefined`].
pub(crate) fn ratio(num: Decimal, den: Decimal, den_name: &str, den_path: &str) -> Outcome {
    if den.is_zero() {
        return Outcome::Undefined(format!(
            "分母「{den_name}」（{den_path}）为 0，比率无意义，无法计算"
        ));
    }
    match num
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|n| n.checked_div(den))
    {
        Some(v) => Outcome::Exact(v),
        None => Outcome::Undefined(OVERFLOW.to_string()),
    }
}

/// `(current − prior) ÷ prior × 100`, exact.
pub(crate) fn change(
    current: Decimal,
    prior: Decimal,
    prior_name: &str,
    prior_path: &str,
) -> Outcome {
    match current.checked_sub(prior) {
        Some(diff) => ratio(diff, prior, prior_name, prior_path),
        None => Outcome::Undefined(OVERFLOW.to_string()),
    }
}

/// Collects the inputs, missing inputs and notes of one computation, then builds the value.
pub(crate) struct Calc {
    def: &'static IndicatorDef,
    inputs: Vec<TraceInput>,
    missing: Vec<Missing>,
    notes: Vec<String>,
}

impl Calc {
    pub(crate) fn new(def: &'static IndicatorDef) -> Calc {
        Calc {
            def,
            inputs: Vec::with_capacity(3),
            missing: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Record an input: in the trace when present, as missing when not. Returns the value.
    pub(crate) fn input(
        &mut self,
        name: impl Into<Cow<'static, str>>,
        path: impl Into<Cow<'static, str>>,
        unit: &'static str,
        value: Option<Decimal>,
    ) -> Option<Decimal> {
        match value {
            Some(v) => self.inputs.push(TraceInput {
                name: name.into(),
                path: path.into(),
                value: v,
                unit,
            }),
            None => self.missing(name, path),
        }
        value
    }

    pub(crate) fn money(
        &mut self,
        name: impl Into<Cow<'static, str>>,
        path: impl Into<Cow<'static, str>>,
        value: Option<Money>,
    ) -> Option<Decimal> {
        self.input(name, path, "万元", value.map(Money::as_wan))
    }

    pub(crate) fn percent(
        &mut self,
        name: impl Into<Cow<'static, str>>,
        path: impl Into<Cow<'static, str>>,
        value: Option<Percent>,
    ) -> Option<Decimal> {
        self.input(name, path, "%", value.map(Percent::value))
    }

    pub(crate) fn count(
        &mut self,
        name: impl Into<Cow<'static, str>>,
        path: impl Into<Cow<'static, str>>,
        unit: &'static str,
        value: Option<u32>,
    ) -> Option<Decimal> {
        self.input(name, path, unit, value.map(Decimal::from))
    }

    /// Record a derived input (never missing); `path` describes the derivation.
    pub(crate) fn derived(
        &mut self,
        name: impl Into<Cow<'static, str>>,
        path: impl Into<Cow<'static, str>>,
        unit: &'static str,
        value: Decimal,
    ) -> Decimal {
        self.input(name, path, unit, Some(value));
        value
    }

    pub(crate) fn missing(
        &mut self,
        name: impl Into<Cow<'static, str>>,
        path: impl Into<Cow<'static, str>>,
    ) {
        self.missing.push(Missing {
            name: name.into().into_owned(),
            path: path.into().into_owned(),
        });
    }

    pub(crate) fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    pub(crate) fn has_missing(&self) -> bool {
        !self.missing.is_empty()
    }

    /// Build the value. `outcome` is `None` exactly when some input is missing (then the
    /// missing list is the reason); a present outcome with missing inputs still reports them.
    pub(crate) fn finish(
        self,
        formula: impl Into<Cow<'static, str>>,
        outcome: Option<Outcome>,
        stated: &[StatedFigure],
    ) -> IndicatorValue {
        let Calc {
            def,
            inputs,
            missing,
            mut notes,
        } = self;
        let mut exact = None;
        let mut result = None;
        let observation = if !missing.is_empty() {
            Observation::NotScorable { missing }
        } else {
            match outcome {
                Some(Outcome::Exact(v)) => {
                    let rounded = round2(v).normalize();
                    exact = Some(v.normalize());
                    result = Some(rounded);
                    Observation::Number { value: rounded }
                }
                Some(Outcome::Judgement(assessment)) => Observation::Judgement { assessment },
                Some(Outcome::Undefined(note)) => {
                    notes.insert(0, note);
                    Observation::NotScorable {
                        missing: Vec::new(),
                    }
                }
                None => {
                    notes.insert(0, "计算未完成（内部错误：无结果亦无缺失输入）".to_string());
                    Observation::NotScorable {
                        missing: Vec::new(),
                    }
                }
            }
        };
        let comparisons = compare_stated(def.id, def.unit, exact, stated, &mut notes);
        IndicatorValue {
            id: def.id.to_string(),
            name: def.name.to_string(),
            unit: def.unit,
            observation,
            trace: Trace {
                formula: formula.into(),
                inputs,
                exact,
                result,
                notes,
            },
            stated: comparisons,
        }
    }
}

/// Compare every stated figure for `id` with the exact value at the stated figure's own
/// number of decimal places, 四舍五入 or truncated (92.7 and 92.71 both agree with 92.7106…;
/// 98 agrees with 98.249…; 99.6 agrees with 99.6677…). Disagreements, and stated figures that cannot be checked because
/// the value is not computable, are noted in Chinese.
pub(crate) fn compare_stated(
    id: &str,
    unit: &str,
    exact: Option<Decimal>,
    stated: &[StatedFigure],
    notes: &mut Vec<String>,
) -> Vec<StatedComparison> {
    let mut out = Vec::new();
    for s in stated.iter().filter(|s| s.indicator == id) {
        let value = s.value.0;
        let at = match &s.location {
            Some(l) => format!("（{l}）"),
            None => String::new(),
        };
        let Some(exact) = exact else {
            notes.push(format!(
                "报告写明 {value}{unit}{at}，但本指标无法计算，未能核对"
            ));
            continue;
        };
        let mut computed = round_half_up(exact, value.scale());
        // Show the computed figure with as many places as the stated one ("99.70", not "99.7").
        computed.rescale(value.scale());
        // Rounded or truncated to the stated places (one rule, `jixiao_model::written_matches`).
        let agrees = jixiao_model::written_matches(value, exact);
        if !agrees {
            notes.push(format!(
                "报告写明 {value}{unit}{at}，按报告精度计算应为 {computed}{unit}（精确值 {}{unit}），两者不一致",
                round_half_up(exact, 6).normalize()
            ));
        }
        out.push(StatedComparison {
            stated: value,
            computed_at_stated_precision: computed,
            agrees,
            location: s.location.clone(),
        });
    }
    out
}
