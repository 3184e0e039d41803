//! The monitoring rules (预警规则) as data: the shipped default (`rules/monitoring-default.toml`,
//! embedded) and user files, read with every problem located by line and column — the
//! same reader and error type as indicator frameworks (`jixiao_engine::{Ctx, Obj}`).

use std::sync::OnceLock;

use jixiao_engine::{Ctx, FrameworkError, Join, Obj};
use rust_decimal::Decimal;
use serde::Serialize;
use toml_edit::ImDocument;

use crate::light::{Band, Light};

/// A problem in a rules file: file, line, column, message (the framework loader's type).
pub type RulesError = FrameworkError;

/// The shipped default rules file, embedded.
pub const DEFAULT_RULES_TOML: &str = include_str!("../../../rules/monitoring-default.toml");

/// How 序时进度 (the elapsed share of the year) is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeBasis {
    /// 月份 ÷ 12, counting months that have ended (Guangdong, Shenzhen).
    Month,
    /// Quarter ends 25/50/75/100%, counting quarters that have ended (the Longhua report).
    Quarter,
    /// Days elapsed ÷ days in the year.
    Day,
}

impl TimeBasis {
    pub fn label(self) -> &'static str {
        match self {
            TimeBasis::Month => "按月（月份 ÷ 12）",
            TimeBasis::Quarter => "按季（季末 25/50/75/100%）",
            TimeBasis::Day => "按日（已过天数 ÷ 全年天数）",
        }
    }
}

/// Which budget figure execution is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BudgetBasis {
    /// 调整后预算
    Adjusted,
    /// 年初预算
    Initial,
}

impl BudgetBasis {
    pub fn label(self) -> &'static str {
        match self {
            BudgetBasis::Adjusted => "调整后预算",
            BudgetBasis::Initial => "年初预算",
        }
    }
}

/// How the year-end execution is forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ForecastMethod {
    /// 按以前年度同期进度：累计支出 ÷ 以前年度同期累计支出占全年的比例; linear without
    /// prior years.
    PriorShape,
    /// 线性外推：累计支出 ÷ 序时进度.
    Linear,
}

impl ForecastMethod {
    pub fn label(self) -> &'static str {
        match self {
            ForecastMethod::PriorShape => "按以前年度同期进度推算",
            ForecastMethod::Linear => "按序时进度线性外推",
        }
    }
}

/// 预算执行预警.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExecutionRule {
    pub budget: BudgetBasis,
    pub bands: Vec<Band>,
}

/// 正向指标.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PositiveRule {
    pub zero_is_red: bool,
    /// Units of rate-like targets judged against the annual value without time scaling.
    pub not_time_scaled_units: Vec<String>,
    pub bands: Vec<Band>,
}

/// 反向指标 (≤, <) and =, 区间: inside the target or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReverseRule {
    pub within: Light,
    pub outside: Light,
}

/// 双监控 matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatrixRule {
    pub spending_on_track: Vec<Light>,
    pub targets_on_track: Vec<Light>,
    pub both_on_track: Light,
    pub targets_off_track: Light,
    pub spending_off_track: Light,
}

/// The deviation rule: 数量指标 deviating more than the threshold, and zero execution, must
/// be explained and enter the second round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviationRule {
    #[serde(with = "jixiao_model::number::decimal_text")]
    pub threshold_pct: Decimal,
    pub level2: Vec<String>,
    pub zero_execution: bool,
}

/// Large unspent balances late in the year are escalated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EscalationRule {
    /// 万元
    #[serde(with = "jixiao_model::number::decimal_text")]
    pub min_unspent: Decimal,
    #[serde(with = "jixiao_model::number::decimal_text")]
    pub below_progress_pct: Decimal,
    pub from_month: u8,
    pub raise_to: Option<Light>,
}

/// 全年预计执行数.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ForecastRule {
    pub method: ForecastMethod,
    #[serde(with = "jixiao_model::number::decimal_text")]
    pub warn_below_pct: Decimal,
    pub cap_at_budget: bool,
}

/// A complete rules file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rules {
    pub id: String,
    pub name: String,
    pub version: String,
    pub source: String,
    /// The file it was read from ("builtin:monitoring-default" for the default).
    pub origin: String,
    pub time_basis: TimeBasis,
    pub execution: ExecutionRule,
    pub positive: PositiveRule,
    pub reverse: ReverseRule,
    /// 定性 current text → light, in file order.
    pub qualitative: Vec<(String, Light)>,
    /// Worst first.
    pub severity: Vec<Light>,
    pub matrix: MatrixRule,
    pub deviation: DeviationRule,
    pub escalation: EscalationRule,
    pub forecast: ForecastRule,
}

impl Rules {
    /// The shipped default rules (parsed once per process).
    pub fn default_rules() -> &'static Rules {
        static RULES: OnceLock<Rules> = OnceLock::new();
        RULES.get_or_init(|| {
            parse_rules(DEFAULT_RULES_TOML, "builtin:monitoring-default")
                .expect("the shipped default rules are valid (tested)")
        })
    }

    /// Rank of a light: 0 is the worst.
    pub fn rank(&self, light: Light) -> usize {
        self.severity
            .iter()
            .position(|l| *l == light)
            .unwrap_or(self.severity.len())
    }

    /// The worse of two lights.
    pub fn worse(&self, a: Light, b: Light) -> Light {
        if self.rank(b) < self.rank(a) {
            b
        } else {
            a
        }
    }
}

/// Read a rules file. Every problem is reported, each with line and column: TOML syntax,
/// unknown keys, unknown lights, bands that overlap, leave gaps or do not cover every value,
/// missing or invalid parameters.
pub fn parse_rules(text: &str, origin: &str) -> Result<Rules, Vec<RulesError>> {
    let ctx = Ctx::new(text, origin);
    let doc = match ImDocument::parse(text) {
        Ok(d) => d,
        Err(e) => {
            ctx.error(
                e.span(),
                format!("TOML 语法错误：{}", e.message().trim()),
                format!("TOML syntax error: {}", e.message().trim()),
            );
            return Err(ctx.into_errors());
        }
    };
    let root = Obj::new(&ctx, doc.as_table(), None, "规则文件");
    let rules = read(&ctx, &root, origin);
    root.finish();
    let errors = ctx.into_errors();
    match rules {
        Some(r) if errors.is_empty() => Ok(r),
        _ if !errors.is_empty() => Err(errors),
        _ => Err(vec![RulesError {
            origin: origin.to_string(),
            line: 1,
            column: 1,
            message: "规则文件无效".into(),
            message_en: "invalid rules file".into(),
        }]),
    }
}

fn read(ctx: &Ctx<'_>, root: &Obj<'_>, origin: &str) -> Option<Rules> {
    let id = root.string("id");
    let name = root.string("name");
    let version = root.opt_string("version").unwrap_or_else(|| "1".into());
    let source = root.string("source");

    let time_basis = section(root, "time_progress", "[time_progress] ", |o| {
        o.choice(
            "basis",
            &[
                ("month", TimeBasis::Month),
                ("quarter", TimeBasis::Quarter),
                ("day", TimeBasis::Day),
            ],
            TimeBasis::Month,
        )
    });
    let execution = section(root, "execution", "[execution] ", |o| {
        let budget = o.choice(
            "budget",
            &[
                ("adjusted", BudgetBasis::Adjusted),
                ("initial", BudgetBasis::Initial),
            ],
            BudgetBasis::Adjusted,
        );
        let bands = bands(
            ctx,
            o,
            &[Light::Red, Light::Yellow, Light::Green, Light::Blue],
        );
        Some(ExecutionRule {
            budget: budget?,
            bands: bands?,
        })
    });
    let positive = section(root, "positive", "[positive] ", |o| {
        let zero_is_red = opt_bool(o, "zero_is_red", true);
        let units = string_list(ctx, o, "not_time_scaled_units", Vec::new());
        let bands = bands(ctx, o, &Light::ALL);
        Some(PositiveRule {
            zero_is_red: zero_is_red?,
            not_time_scaled_units: units?,
            bands: bands?,
        })
    });
    let reverse = section(root, "reverse", "[reverse] ", |o| {
        let within = light(o, "within", Some(Light::Green));
        let outside = light(o, "outside", Some(Light::Red));
        Some(ReverseRule {
            within: within??,
            outside: outside??,
        })
    });
    let qualitative = section(root, "qualitative", "[qualitative] ", |o| {
        let mut out = Vec::new();
        let mut ok = true;
        let keys: Vec<String> = o.keys();
        for k in keys {
            match light(o, &k, None) {
                Some(Some(l)) => out.push((k, l)),
                _ => ok = false,
            }
        }
        if out.is_empty() && ok {
            o.error(
                "[qualitative] 至少需要一项（如 \"达成\" = \"green\"）",
                "[qualitative] needs at least one entry",
            );
            return None;
        }
        ok.then_some(out)
    });
    let severity = section(root, "project", "[project] ", |o| {
        let list = light_list(ctx, o, "severity", None)?;
        let mut sorted = list.clone();
        sorted.sort();
        sorted.dedup();
        if sorted.len() != 4 || list.len() != 4 {
            o.error_at(
                "severity",
                "severity 应把 red、yellow、green、blue 四种灯各列一次，从最差到最好",
                "`severity` must list red, yellow, green and blue once each, worst first",
            );
            return None;
        }
        Some(list)
    });
    let matrix = section(root, "matrix", "[matrix] ", |o| {
        let spending = light_list(ctx, o, "spending_on_track", Some(vec![Light::Green]));
        let targets = light_list(
            ctx,
            o,
            "targets_on_track",
            Some(vec![Light::Green, Light::Blue]),
        );
        let both = light(o, "both_on_track", Some(Light::Green));
        let targets_off = light(o, "targets_off_track", Some(Light::Yellow));
        let spending_off = light(o, "spending_off_track", Some(Light::Red));
        Some(MatrixRule {
            spending_on_track: spending?,
            targets_on_track: targets?,
            both_on_track: both??,
            targets_off_track: targets_off??,
            spending_off_track: spending_off??,
        })
    });
    let deviation = section(root, "deviation", "[deviation] ", |o| {
        let threshold = if o.has("threshold_pct") {
            o.positive("threshold_pct")
        } else {
            Some(Decimal::from(30))
        };
        let level2 = string_list(ctx, o, "level2", vec!["数量".to_string()]);
        let zero = opt_bool(o, "zero_execution", true);
        Some(DeviationRule {
            threshold_pct: threshold?,
            level2: level2?,
            zero_execution: zero?,
        })
    });
    let escalation = section(root, "escalation", "[escalation] ", |o| {
        let min = if o.has("min_unspent") {
            o.non_negative("min_unspent")
        } else {
            Some(Decimal::from(200))
        };
        let below = if o.has("below_progress_pct") {
            o.positive("below_progress_pct")
        } else {
            Some(Decimal::from(60))
        };
        let from_month = match o.opt_decimal("from_month") {
            None if !o.has("from_month") => Some(9),
            None => None,
            Some(m) if m.fract().is_zero() && m >= Decimal::ONE && m <= Decimal::from(12) => {
                u8::try_from(m.mantissa() / 10i128.pow(m.scale())).ok()
            }
            Some(_) => {
                o.error_at(
                    "from_month",
                    "from_month 应为 1–12 的整数",
                    "`from_month` must be an integer 1–12",
                );
                None
            }
        };
        let raise_to = match o.opt_string("raise_to") {
            None if !o.has("raise_to") => Some(Some(Light::Red)),
            None => None,
            Some(s) if s == "none" || s == "无" => Some(None),
            Some(s) => match Light::parse(&s) {
                Some(l) => Some(Some(l)),
                None => {
                    o.error_at(
                        "raise_to",
                        format!("raise_to 的值「{s}」无效，应为 red、yellow、green、blue 或 none"),
                        format!("`raise_to` = \"{s}\" is not a light or none"),
                    );
                    None
                }
            },
        };
        Some(EscalationRule {
            min_unspent: min?,
            below_progress_pct: below?,
            from_month: from_month?,
            raise_to: raise_to?,
        })
    });
    let forecast = section(root, "forecast", "[forecast] ", |o| {
        let method = o.choice(
            "method",
            &[
                ("prior_shape", ForecastMethod::PriorShape),
                ("linear", ForecastMethod::Linear),
            ],
            ForecastMethod::PriorShape,
        );
        let warn = if o.has("warn_below_pct") {
            o.positive("warn_below_pct")
        } else {
            Some(Decimal::from(90))
        };
        let cap = opt_bool(o, "cap_at_budget", true);
        Some(ForecastRule {
            method: method?,
            warn_below_pct: warn?,
            cap_at_budget: cap?,
        })
    });

    Some(Rules {
        id: id?,
        name: name?,
        version,
        source: source?,
        origin: origin.to_string(),
        time_basis: time_basis?,
        execution: execution?,
        positive: positive?,
        reverse: reverse?,
        qualitative: qualitative?,
        severity: severity?,
        matrix: matrix?,
        deviation: deviation?,
        escalation: escalation?,
        forecast: forecast?,
    })
}

/// Read the section `key` with `f` (required), reporting its unknown keys.
fn section<T>(
    root: &Obj<'_>,
    key: &str,
    what: &str,
    f: impl FnOnce(&Obj<'_>) -> Option<T>,
) -> Option<T> {
    if !root.has(key) {
        root.missing(key);
        return None;
    }
    let o = root.object(key, what)?;
    let out = f(&o);
    o.finish();
    out
}

fn opt_bool(o: &Obj<'_>, key: &str, default: bool) -> Option<bool> {
    let Some(item) = o.get(key) else {
        return Some(default);
    };
    match item.as_bool() {
        Some(b) => Some(b),
        None => {
            o.error_at(
                key,
                format!("{key} 应为 true 或 false"),
                format!("`{key}` must be true or false"),
            );
            None
        }
    }
}

/// A light named by the string at `key`; `default` when absent (`None` default: required).
/// Outer `None`: a reported error.
fn light(o: &Obj<'_>, key: &str, default: Option<Light>) -> Option<Option<Light>> {
    if !o.has(key) {
        if default.is_none() {
            o.missing(key);
            return None;
        }
        return Some(default);
    }
    let s = o.opt_string(key)?;
    match Light::parse(&s) {
        Some(l) => Some(Some(l)),
        None => {
            o.error_at(
                key,
                format!("{key} 的值「{s}」不是灯的名称，应为 red、yellow、green、blue（或 红、黄、绿、蓝）"),
                format!("`{key}` = \"{s}\" is not a light (red, yellow, green, blue)"),
            );
            None
        }
    }
}

/// An array of strings at `key`, or `default` when absent.
fn string_list(ctx: &Ctx<'_>, o: &Obj<'_>, key: &str, default: Vec<String>) -> Option<Vec<String>> {
    let Some(item) = o.get(key) else {
        return Some(default);
    };
    let Some(arr) = item.as_array() else {
        o.error_at(
            key,
            format!("{key} 应为字符串数组，如 [\"%\"]"),
            format!("`{key}` must be an array of strings"),
        );
        return None;
    };
    let mut out = Vec::new();
    let mut ok = true;
    for v in arr.iter() {
        match v.as_str() {
            Some(s) => out.push(s.to_string()),
            None => {
                ctx.error(
                    v.span(),
                    format!("{key} 的每一项应为字符串"),
                    format!("every entry of `{key}` must be a string"),
                );
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

/// An array of light names at `key`.
fn light_list(
    ctx: &Ctx<'_>,
    o: &Obj<'_>,
    key: &str,
    default: Option<Vec<Light>>,
) -> Option<Vec<Light>> {
    if !o.has(key) {
        if default.is_none() {
            o.missing(key);
        }
        return default;
    }
    let item = o.get(key)?;
    let Some(arr) = item.as_array() else {
        o.error_at(
            key,
            format!("{key} 应为灯名称的数组，如 [\"green\", \"blue\"]"),
            format!("`{key}` must be an array of light names"),
        );
        return None;
    };
    let mut out = Vec::new();
    let mut ok = true;
    for v in arr.iter() {
        match v.as_str().and_then(Light::parse) {
            Some(l) => out.push(l),
            None => {
                ctx.error(
                    v.span(),
                    format!(
                        "{key} 中的「{}」不是灯的名称，应为 red、yellow、green、blue",
                        v.as_str().unwrap_or("?")
                    ),
                    format!("`{key}`: not a light name"),
                );
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

/// `band = [{ light, range }, …]`: every value must fall in exactly one band.
fn bands(ctx: &Ctx<'_>, o: &Obj<'_>, allowed: &[Light]) -> Option<Vec<Band>> {
    let objs = o.objects("band")?;
    let mut out: Vec<(Band, &Obj<'_>)> = Vec::new();
    let mut ok = true;
    for b in &objs {
        let l = light(b, "light", None).flatten();
        let range = b.interval("range");
        b.finish();
        match (l, range) {
            (Some(l), Some(range)) => {
                if !allowed.contains(&l) {
                    b.error_at(
                        "light",
                        format!("此处不能使用{}", l.label()),
                        format!("{} is not allowed here", l.code()),
                    );
                    ok = false;
                }
                out.push((Band { light: l, range }, b));
            }
            _ => ok = false,
        }
    }
    if !ok {
        return None;
    }
    if out.is_empty() {
        o.error_at("band", "至少需要一个区间", "at least one band is needed");
        return None;
    }
    let before = ctx.error_count();
    let mut order: Vec<usize> = (0..out.len()).collect();
    order.sort_by_key(|&i| out[i].0.range.sort_key());
    let first = &out[order[0]];
    if first.0.range.lower.is_some() {
        first.1.error_at(
            "range",
            format!(
                "区间没有覆盖 {} 以下的值：最低的区间应无下限，如 \"(, {})\"",
                first.0.range.lower.unwrap_or_default().normalize(),
                first.0.range.upper.unwrap_or_default().normalize()
            ),
            "the lowest band must be unbounded below",
        );
    }
    let last = &out[order[order.len() - 1]];
    if last.0.range.upper.is_some() {
        last.1.error_at(
            "range",
            format!(
                "区间没有覆盖 {} 以上的值：最高的区间应无上限，如 \"[{}, )\"",
                last.0.range.upper.unwrap_or_default().normalize(),
                last.0.range.lower.unwrap_or_default().normalize()
            ),
            "the highest band must be unbounded above",
        );
    }
    for pair in order.windows(2) {
        let (a, b) = (&out[pair[0]], &out[pair[1]]);
        match a.0.range.join(&b.0.range) {
            Join::Adjacent => {}
            Join::Overlap => b.1.error_at(
                "range",
                format!("区间 {} 与区间 {} 重叠", b.0.range, a.0.range),
                format!("band {} overlaps {}", b.0.range, a.0.range),
            ),
            Join::Gap => b.1.error_at(
                "range",
                format!("区间 {} 与区间 {} 之间有空档", a.0.range, b.0.range),
                format!("gap between bands {} and {}", a.0.range, b.0.range),
            ),
        }
    }
    if ctx.error_count() > before {
        return None;
    }
    Some(out.into_iter().map(|(b, _)| b).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_rules_are_valid() {
        let r = Rules::default_rules();
        assert_eq!(r.id, "monitoring-default");
        assert_eq!(r.time_basis, TimeBasis::Month);
        assert_eq!(r.execution.bands.len(), 3);
        assert_eq!(r.positive.bands.len(), 4);
        assert_eq!(r.severity[0], Light::Red);
        assert_eq!(r.worse(Light::Green, Light::Blue), Light::Green);
        assert_eq!(r.worse(Light::Yellow, Light::Red), Light::Red);
    }
}
