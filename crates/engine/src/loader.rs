//! Loading a framework from TOML, reporting every problem at once with its position.
//!
//! Positions come from `toml_edit` spans: 1-based line and column (columns count
//! characters, so Chinese text counts one per character).

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::ops::Range;
use std::str::FromStr;

use jixiao_indicators::{find, Kind, Params};
use jixiao_model::TargetLevel1;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::de::{Deserialize, IntoDeserializer};
use serde::Serialize;
use toml_edit::{ImDocument, Item, TableLike, Value};

use crate::framework::{
    standard_grades, CostPlacement, DimensionPolicy, Framework, FrameworkKind, GradeBand, Leaf,
    Node, NodeKind, NotScorablePolicy, ProjectCategory, ProjectScheme, Rounding, RoundingMode,
};
use crate::interval::{Interval, Join};
use crate::rules::{self, QualitativeTier, Rule};

/// One problem in a framework file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{origin}:{line}:{column}: {message}")]
pub struct FrameworkError {
    /// File name (or "builtin:<id>").
    pub origin: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Chinese message.
    pub message: String,
    /// English message.
    pub message_en: String,
}

/// Ids of the frameworks shipped in `frameworks/` (see [`crate::builtin`]).
pub const BUILTIN_IDS: &[&str] = &[
    "mof-2013-dept",
    "project-self-2020",
    "longhua-4e",
    "yueyang-2018-dept",
];

/// The shipped project frameworks (`kind = "project"`), usable as `project_framework`.
pub const BUILTIN_PROJECT_IDS: &[&str] = &["project-self-2020"];

pub struct Ctx<'a> {
    text: &'a str,
    origin: &'a str,
    errors: RefCell<Vec<FrameworkError>>,
}

/// Shared with other TOML files validated the same way (the monitoring rules of
/// `jixiao-monitor`): [`Ctx`] collects located errors, [`Obj`] reads one table and reports
/// unknown keys.
impl<'a> Ctx<'a> {
    /// A context for the file `origin` holding `text`.
    pub fn new(text: &'a str, origin: &'a str) -> Ctx<'a> {
        Ctx {
            text,
            origin,
            errors: RefCell::new(Vec::new()),
        }
    }

    /// The errors collected, sorted by position.
    pub fn into_errors(self) -> Vec<FrameworkError> {
        let mut errors = self.errors.into_inner();
        errors.sort_by_key(|e| (e.line, e.column));
        errors
    }

    /// The text being read.
    pub fn text(&self) -> &'a str {
        self.text
    }

    fn position(&self, offset: usize) -> (usize, usize) {
        let mut off = offset.min(self.text.len());
        while !self.text.is_char_boundary(off) {
            off -= 1;
        }
        let before = &self.text[..off];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }

    pub fn error(&self, span: Option<Range<usize>>, zh: impl Into<String>, en: impl Into<String>) {
        let (line, column) = span.map(|s| self.position(s.start)).unwrap_or((1, 1));
        self.errors.borrow_mut().push(FrameworkError {
            origin: self.origin.to_string(),
            line,
            column,
            message: zh.into(),
            message_en: en.into(),
        });
    }

    pub fn error_count(&self) -> usize {
        self.errors.borrow().len()
    }
}

/// A TOML table being read: tracks which keys were used so unknown keys can be reported.
pub struct Obj<'a> {
    ctx: &'a Ctx<'a>,
    table: &'a dyn TableLike,
    span: Option<Range<usize>>,
    /// What the table is, for messages ("规则 bands", "节点 D06").
    what: String,
    used: RefCell<BTreeSet<String>>,
}

pub fn item_span(item: &Item) -> Option<Range<usize>> {
    match item {
        Item::Value(v) => v.span(),
        Item::Table(t) => t.span(),
        Item::ArrayOfTables(a) => a.span(),
        Item::None => None,
    }
}

/// The exact text of a number as written, parsed as a decimal (never through binary floating point).
fn decimal_of(ctx: &Ctx<'_>, v: &Value) -> Option<Decimal> {
    let from_text = |raw: &str| -> Option<Decimal> {
        let t: String = raw.trim().chars().filter(|c| *c != '_').collect();
        let t = t.strip_prefix('+').unwrap_or(&t).to_string();
        if t.contains(['e', 'E']) {
            Decimal::from_scientific(&t).ok()
        } else {
            Decimal::from_str(&t).ok()
        }
    };
    match v {
        Value::Integer(i) => Some(Decimal::from(*i.value())),
        Value::Float(f) => match v.span().and_then(|s| ctx.text.get(s)) {
            Some(raw) => from_text(raw),
            None => from_text(&f.value().to_string()),
        },
        Value::String(s) => jixiao_model::number::parse_written_number(s.value())
            .ok()
            .map(|n| n.value),
        _ => None,
    }
}

impl<'a> Obj<'a> {
    pub fn new(
        ctx: &'a Ctx<'a>,
        table: &'a dyn TableLike,
        span: Option<Range<usize>>,
        what: impl Into<String>,
    ) -> Self {
        Obj {
            ctx,
            table,
            span,
            what: what.into(),
            used: RefCell::new(BTreeSet::new()),
        }
    }

    pub fn get(&self, key: &str) -> Option<&'a Item> {
        let (_, item) = self.table.get_key_value(key)?;
        self.used.borrow_mut().insert(key.to_string());
        Some(item)
    }

    pub fn has(&self, key: &str) -> bool {
        self.table.get_key_value(key).is_some()
    }

    pub fn span_of(&self, key: &str) -> Option<Range<usize>> {
        self.table
            .get_key_value(key)
            .and_then(|(k, item)| item_span(item).or_else(|| k.span()))
            .or_else(|| self.span.clone())
    }

    /// Error at the value of `key` (or at the table when absent).
    pub fn error_at(&self, key: &str, zh: impl Into<String>, en: impl Into<String>) {
        self.ctx.error(self.span_of(key), zh, en);
    }

    /// Error at the table.
    pub fn error(&self, zh: impl Into<String>, en: impl Into<String>) {
        self.ctx.error(self.span.clone(), zh, en);
    }

    pub fn missing(&self, key: &str) {
        self.error(
            format!("{}缺少必填项 {key}", self.what),
            format!("{}: missing required key `{key}`", self.what),
        );
    }

    pub fn opt_decimal(&self, key: &str) -> Option<Decimal> {
        let item = self.get(key)?;
        let v = item.as_value().and_then(|v| decimal_of(self.ctx, v));
        if v.is_none() {
            self.error_at(
                key,
                format!("{key} 应为数值"),
                format!("`{key}` must be a number"),
            );
        }
        v
    }

    pub fn decimal(&self, key: &str) -> Option<Decimal> {
        if !self.has(key) {
            self.missing(key);
            return None;
        }
        self.opt_decimal(key)
    }

    fn check_sign(&self, key: &str, v: Decimal, strict: bool) -> Option<Decimal> {
        let bad = if strict {
            v <= Decimal::ZERO
        } else {
            v < Decimal::ZERO
        };
        if bad {
            let (zh, en) = if strict {
                ("必须大于 0", "must be greater than 0")
            } else {
                ("不能为负数", "must not be negative")
            };
            self.error_at(
                key,
                format!("{key} = {v} {zh}"),
                format!("`{key}` = {v} {en}"),
            );
            None
        } else {
            Some(v)
        }
    }

    pub fn non_negative(&self, key: &str) -> Option<Decimal> {
        let v = self.decimal(key)?;
        self.check_sign(key, v, false)
    }

    pub fn opt_non_negative(&self, key: &str) -> Option<Decimal> {
        let v = self.opt_decimal(key)?;
        self.check_sign(key, v, false)
    }

    pub fn positive(&self, key: &str) -> Option<Decimal> {
        let v = self.decimal(key)?;
        self.check_sign(key, v, true)
    }

    pub fn opt_string(&self, key: &str) -> Option<String> {
        let item = self.get(key)?;
        match item.as_str() {
            Some(s) => Some(s.to_string()),
            None => {
                self.error_at(
                    key,
                    format!("{key} 应为字符串"),
                    format!("`{key}` must be a string"),
                );
                None
            }
        }
    }

    pub fn string(&self, key: &str) -> Option<String> {
        if !self.has(key) {
            self.missing(key);
            return None;
        }
        self.opt_string(key)
    }

    /// An array of strings.
    pub(crate) fn strings(&self, key: &str) -> Option<Vec<String>> {
        let Some(item) = self.get(key) else {
            self.missing(key);
            return None;
        };
        match item.as_array() {
            Some(a) => {
                let mut out = Vec::new();
                for v in a.iter() {
                    match v.as_str() {
                        Some(s) => out.push(s.to_string()),
                        None => {
                            self.ctx.error(
                                v.span(),
                                format!("{key} 的每一项应为字符串"),
                                format!("every entry of `{key}` must be a string"),
                            );
                            return None;
                        }
                    }
                }
                Some(out)
            }
            None => {
                self.error_at(
                    key,
                    format!("{key} 应为字符串数组"),
                    format!("`{key}` must be an array of strings"),
                );
                None
            }
        }
    }

    /// One of `choices`, or `default` when the key is absent. `None` on a bad value.
    pub fn choice<T: Copy>(&self, key: &str, choices: &[(&str, T)], default: T) -> Option<T> {
        if !self.has(key) {
            return Some(default);
        }
        let s = self.opt_string(key)?;
        match choices.iter().find(|(n, _)| *n == s) {
            Some((_, t)) => Some(*t),
            None => {
                let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
                self.error_at(
                    key,
                    format!("{key} 的值「{s}」无效，应为 {} 之一", names.join("、")),
                    format!("`{key}` = \"{s}\" is not one of {}", names.join(", ")),
                );
                None
            }
        }
    }

    pub fn interval(&self, key: &str) -> Option<Interval> {
        let s = self.string(key)?;
        match Interval::parse(&s) {
            Ok(iv) => Some(iv),
            Err(e) => {
                self.error_at(key, e, format!("`{key}`: invalid interval \"{s}\""));
                None
            }
        }
    }

    /// A sub-table (`[x.y]` or inline `{…}`).
    pub fn object(&self, key: &str, what: impl Into<String>) -> Option<Obj<'a>> {
        let item = self.get(key)?;
        match item.as_table_like() {
            Some(t) => Some(Obj::new(self.ctx, t, item_span(item), what)),
            None => {
                self.error_at(
                    key,
                    format!("{key} 应为表（{{ … }}）"),
                    format!("`{key}` must be a table"),
                );
                None
            }
        }
    }

    /// An array of tables (`[[x.y]]` or `[{…}, {…}]`).
    pub fn objects(&self, key: &str) -> Option<Vec<Obj<'a>>> {
        let Some(item) = self.get(key) else {
            self.missing(key);
            return None;
        };
        let what = format!("{}的 {key} 条目", self.what);
        match item {
            Item::ArrayOfTables(a) => Some(
                a.iter()
                    .map(|t| Obj::new(self.ctx, t, t.span(), what.clone()))
                    .collect(),
            ),
            Item::Value(Value::Array(a)) => {
                let mut out = Vec::new();
                for v in a.iter() {
                    match v {
                        Value::InlineTable(t) => {
                            out.push(Obj::new(self.ctx, t, v.span(), what.clone()))
                        }
                        _ => {
                            self.ctx.error(
                                v.span(),
                                format!("{key} 的每一项应为表（{{ … }}）"),
                                format!("every entry of `{key}` must be a table"),
                            );
                            return None;
                        }
                    }
                }
                Some(out)
            }
            _ => {
                self.error_at(
                    key,
                    format!("{key} 应为表的数组"),
                    format!("`{key}` must be an array of tables"),
                );
                None
            }
        }
    }

    /// Every key of the table, in file order, marked as read (for tables whose keys are data).
    pub fn keys(&self) -> Vec<String> {
        let keys: Vec<String> = self.table.iter().map(|(k, _)| k.to_string()).collect();
        self.used.borrow_mut().extend(keys.iter().cloned());
        keys
    }

    /// Report every key that was never read.
    pub fn finish(&self) {
        let used = self.used.borrow();
        for (k, item) in self.table.iter() {
            if !used.contains(k) {
                let span = self
                    .table
                    .get_key_value(k)
                    .and_then(|(key, _)| key.span())
                    .or_else(|| item_span(item));
                self.ctx.error(
                    span,
                    format!("{}中有未知的键 {k}", self.what),
                    format!("{}: unknown key `{k}`", self.what),
                );
            }
        }
    }
}

/// Load a framework from TOML text. `origin` names the source in errors (a file name).
///
/// Every problem found is reported, each with its line and column: TOML syntax, unknown keys,
/// unknown indicator ids, children's weights not adding up to their parent, top-level weights
/// not adding up to `total`, overlapping or gapped grade bands, missing or invalid rule
/// parameters, duplicate node ids.
pub fn parse_framework(text: &str, origin: &str) -> Result<Framework, Vec<FrameworkError>> {
    let ctx = Ctx {
        text,
        origin,
        errors: RefCell::new(Vec::new()),
    };
    let doc = match ImDocument::parse(text) {
        Ok(d) => d,
        Err(e) => {
            ctx.error(
                e.span(),
                format!("TOML 语法错误：{}", e.message().trim()),
                format!("TOML syntax error: {}", e.message().trim()),
            );
            return Err(ctx.errors.into_inner());
        }
    };
    let root = Obj::new(&ctx, doc.as_table(), None, "框架文件");
    let fw = read_framework(&ctx, &root, origin);
    root.finish();
    let errors = ctx.errors.into_inner();
    match fw {
        Some(f) if errors.is_empty() => Ok(f),
        _ => {
            let mut errors = errors;
            if errors.is_empty() {
                errors.push(FrameworkError {
                    origin: origin.to_string(),
                    line: 1,
                    column: 1,
                    message: "框架文件无效".into(),
                    message_en: "invalid framework file".into(),
                });
            }
            errors.sort_by_key(|e| (e.line, e.column));
            Err(errors)
        }
    }
}

fn read_framework(ctx: &Ctx<'_>, root: &Obj<'_>, origin: &str) -> Option<Framework> {
    let id = root.string("id");
    let name = root.string("name");
    let version = root.opt_string("version").unwrap_or_else(|| "1".into());
    let source = root.string("source");
    let description = root.opt_string("description");
    let kind = root.choice(
        "kind",
        &[
            ("department", FrameworkKind::Department),
            ("project", FrameworkKind::Project),
        ],
        FrameworkKind::Department,
    );
    let total = if root.has("total") {
        root.positive("total")
            .filter(|t| check_weight_places(root, "total", *t))
    } else {
        Some(Decimal::ONE_HUNDRED)
    };
    let not_scorable = root.choice(
        "not_scorable",
        &[
            ("zero", NotScorablePolicy::Zero),
            ("redistribute", NotScorablePolicy::Redistribute),
        ],
        NotScorablePolicy::Zero,
    );
    let not_scorable_dimension = root.choice(
        "not_scorable_dimension",
        &[
            ("incomplete", DimensionPolicy::Incomplete),
            ("zero", DimensionPolicy::Zero),
        ],
        DimensionPolicy::Incomplete,
    );
    let rounding = read_rounding(root);
    let over_achievement_pct = read_over_achievement(root);
    let params = read_params(ctx, root);
    let project_framework = root.opt_string("project_framework");
    if let Some(pf) = &project_framework {
        if !BUILTIN_PROJECT_IDS.contains(&pf.as_str()) {
            root.error_at(
                "project_framework",
                format!("project_framework「{pf}」不是内置的项目自评框架（如 project-self-2020）"),
                format!("project_framework \"{pf}\" is not a builtin project framework"),
            );
        }
    }
    let grades = read_grades(ctx, root, total.unwrap_or(Decimal::ONE_HUNDRED));

    let kind = kind?;
    let mut nodes = Vec::new();
    let mut project = None;
    match kind {
        FrameworkKind::Department => {
            if root.has("project") {
                root.error_at(
                    "project",
                    "[project] 只用于 kind = \"project\" 的框架",
                    "[project] is only for kind = \"project\"",
                );
                root.get("project");
            }
            let objs = root.objects("node")?;
            let (read, sum) = read_nodes(ctx, &objs, "");
            nodes = read;
            if let (Some(total), Some(sum)) = (total, sum) {
                if sum != total {
                    root.error_at(
                        "total",
                        format!("一级指标权重合计 {sum} 不等于总分 {total}"),
                        format!("top-level weights add up to {sum}, not the total {total}"),
                    );
                }
            }
        }
        FrameworkKind::Project => {
            if root.has("node") {
                root.error_at(
                    "node",
                    "项目自评框架（kind = \"project\"）不使用 [[node]]，请用 [project]",
                    "project frameworks use [project], not [[node]]",
                );
                root.get("node");
            }
            let Some(p) = root.object("project", "[project] ") else {
                root.missing("project");
                return None;
            };
            project = read_project(&p, total.unwrap_or(Decimal::ONE_HUNDRED));
            p.finish();
        }
    }
    Some(Framework {
        id: id?,
        name: name?,
        version,
        source: source?,
        description,
        origin: origin.to_string(),
        kind,
        total: total?,
        grades: grades?,
        not_scorable: not_scorable?,
        not_scorable_dimension: not_scorable_dimension?,
        rounding: rounding?,
        over_achievement_pct: over_achievement_pct?,
        params: params?,
        nodes,
        project: match kind {
            FrameworkKind::Project => Some(project?),
            FrameworkKind::Department => None,
        },
        project_framework,
    })
}

fn read_rounding(root: &Obj<'_>) -> Option<Rounding> {
    if !root.has("rounding") {
        return Some(Rounding::default());
    }
    let o = root.object("rounding", "[rounding] ")?;
    let places = match o.opt_decimal("places") {
        None if !o.has("places") => Some(2),
        None => None,
        Some(p) if p.fract().is_zero() && p >= Decimal::ZERO && p <= Decimal::from(6) => p.to_u32(),
        Some(_) => {
            o.error_at(
                "places",
                "places 应为 0–6 的整数",
                "`places` must be an integer 0–6",
            );
            None
        }
    };
    let mode = o.choice(
        "mode",
        &[
            ("half_up", RoundingMode::HalfUp),
            ("half_even", RoundingMode::HalfEven),
            ("truncate", RoundingMode::Truncate),
        ],
        RoundingMode::HalfUp,
    );
    o.finish();
    Some(Rounding {
        places: places?,
        mode: mode?,
    })
}

fn read_over_achievement(root: &Obj<'_>) -> Option<Option<Decimal>> {
    let Some(item) = root.get("over_achievement") else {
        return Some(Some(Decimal::from(130)));
    };
    if let Some(b) = item.as_bool() {
        if b {
            return Some(Some(Decimal::from(130)));
        }
        return Some(None);
    }
    let v = root.opt_decimal("over_achievement")?;
    if v <= Decimal::ONE_HUNDRED {
        root.error_at(
            "over_achievement",
            format!("over_achievement = {v} 应大于 100（目标值的百分比），或写 false 关闭"),
            format!("over_achievement = {v} must exceed 100 (percent of target), or be false"),
        );
        return None;
    }
    Some(Some(v))
}

fn read_params(ctx: &Ctx<'_>, root: &Obj<'_>) -> Option<Params> {
    let Some(item) = root.get("params") else {
        return Some(Params::default());
    };
    let span = item_span(item);
    let Some(t) = item.as_table_like() else {
        root.error_at("params", "params 应为表", "`params` must be a table");
        return None;
    };
    // Re-assemble the table as an inline value and let serde read it (Params denies unknown
    // fields and knows its own aliases).
    let mut inline = toml_edit::InlineTable::new();
    for (k, v) in t.iter() {
        match v.as_value() {
            Some(v) => {
                inline.insert(k, v.clone());
            }
            None => {
                let kspan = t.get_key_value(k).and_then(|(key, _)| key.span());
                ctx.error(
                    kspan,
                    format!("params 中的 {k} 应为简单值"),
                    format!("params.{k} must be a plain value"),
                );
                return None;
            }
        }
    }
    let value = Value::InlineTable(inline);
    match Params::deserialize(value.into_deserializer()) {
        Ok(p) => match p.validate() {
            Ok(()) => Some(p),
            Err(e) => {
                ctx.error(span, e.to_string(), format!("invalid params: {e:?}"));
                None
            }
        },
        Err(e) => {
            // Point at the offending key when serde names it.
            let msg = e.message().trim().to_string();
            let key_span = t
                .iter()
                .find(|(k, _)| msg.contains(&format!("`{k}`")))
                .and_then(|(k, _)| t.get_key_value(k))
                .and_then(|(key, _)| key.span());
            ctx.error(
                key_span.or(span),
                format!("params 无效：{msg}"),
                format!("invalid params: {msg}"),
            );
            None
        }
    }
}

fn read_grades(ctx: &Ctx<'_>, root: &Obj<'_>, total: Decimal) -> Option<Vec<GradeBand>> {
    if !root.has("grade") {
        return Some(standard_grades());
    }
    let objs = root.objects("grade")?;
    let mut bands: Vec<(GradeBand, &Obj<'_>)> = Vec::new();
    let mut ok = true;
    for o in &objs {
        let name = o.string("name");
        let range = o.interval("range");
        o.finish();
        match (name, range) {
            (Some(name), Some(range)) => bands.push((GradeBand { name, range }, o)),
            _ => ok = false,
        }
    }
    if !ok {
        return None;
    }
    if bands.is_empty() {
        root.error_at(
            "grade",
            "至少需要一个等级",
            "at least one grade band is needed",
        );
        return None;
    }
    let before = ctx.error_count();
    let mut order: Vec<usize> = (0..bands.len()).collect();
    order.sort_by(|&a, &b| {
        bands[a]
            .0
            .range
            .sort_key()
            .cmp(&bands[b].0.range.sort_key())
    });
    for pair in order.windows(2) {
        let (a, b) = (&bands[pair[0]], &bands[pair[1]]);
        match a.0.range.join(&b.0.range) {
            Join::Adjacent => {}
            Join::Overlap => b.1.error_at(
                "range",
                format!(
                    "等级「{}」{} 与等级「{}」{} 重叠",
                    b.0.name, b.0.range, a.0.name, a.0.range
                ),
                format!(
                    "grade {} {} overlaps {} {}",
                    b.0.name, b.0.range, a.0.name, a.0.range
                ),
            ),
            Join::Gap => b.1.error_at(
                "range",
                format!(
                    "等级「{}」{} 与等级「{}」{} 之间有空档",
                    a.0.name, a.0.range, b.0.name, b.0.range
                ),
                format!(
                    "gap between grade {} {} and {} {}",
                    a.0.name, a.0.range, b.0.name, b.0.range
                ),
            ),
        }
    }
    if let (Some(&first), Some(&last)) = (order.first(), order.last()) {
        if !bands[first].0.range.contains(Decimal::ZERO) {
            bands[first].1.error_at(
                "range",
                format!(
                    "最低等级「{}」{} 未覆盖 0 分",
                    bands[first].0.name, bands[first].0.range
                ),
                format!("lowest grade {} does not cover 0", bands[first].0.name),
            );
        }
        if !bands[last].0.range.contains(total) {
            bands[last].1.error_at(
                "range",
                format!(
                    "最高等级「{}」{} 未覆盖满分 {total}",
                    bands[last].0.name, bands[last].0.range
                ),
                format!(
                    "highest grade {} does not cover the total {total}",
                    bands[last].0.name
                ),
            );
        }
    }
    if ctx.error_count() > before {
        return None;
    }
    Some(bands.into_iter().map(|(b, _)| b).collect())
}

/// Weights and totals above this are refused (they are points, and arithmetic must not
/// overflow).
const MAX_WEIGHT: i64 = 1_000_000;

fn check_weight_places(o: &Obj<'_>, key: &str, w: Decimal) -> bool {
    if w > Decimal::from(MAX_WEIGHT) {
        o.error_at(
            key,
            format!("权重 {w} 过大（上限 {MAX_WEIGHT}）"),
            format!("weight {w} is too large (max {MAX_WEIGHT})"),
        );
        return false;
    }
    if w.normalize().scale() > 2 {
        o.error_at(
            key,
            format!("权重 {w} 最多保留两位小数"),
            format!("weight {w} has more than two decimal places"),
        );
        return false;
    }
    true
}

/// The id a node will get: `id`, else the first `indicator` as written.
fn peek_id(o: &Obj<'_>) -> Option<(String, Option<Range<usize>>)> {
    if let Some((k, item)) = o.table.get_key_value("id") {
        return item
            .as_str()
            .map(|s| (s.to_string(), item_span(item).or_else(|| k.span())));
    }
    let item = o.table.get_key_value("indicator")?.1;
    let first = match item.as_value()? {
        Value::String(s) => s.value().clone(),
        Value::Array(a) => a.iter().next()?.as_str()?.to_string(),
        _ => return None,
    };
    let first = find(first.trim())
        .map(|d| d.id.to_string())
        .unwrap_or(first);
    Some((first, item_span(item)))
}

/// Read sibling nodes. Returns the nodes that loaded and the sum of the siblings' weights
/// when every weight is known (also for siblings with other errors), for the parent's check.
fn read_nodes(ctx: &Ctx<'_>, objs: &[Obj<'_>], parent_path: &str) -> (Vec<Node>, Option<Decimal>) {
    let mut out: Vec<Node> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let mut sum = Some(Decimal::ZERO);
    for o in objs {
        let mut duplicate = false;
        if let Some((id, span)) = peek_id(o) {
            if seen.contains(&id) {
                let path = if parent_path.is_empty() {
                    id.clone()
                } else {
                    format!("{parent_path}.{id}")
                };
                ctx.error(
                    span.or_else(|| o.span.clone()),
                    format!("节点编号重复：{path}"),
                    format!("duplicate node id: {path}"),
                );
                duplicate = true;
            }
            seen.push(id);
        }
        let (node, weight) = read_node(ctx, o, parent_path);
        sum = sum.zip(weight).map(|(a, b)| a + b);
        if let Some(node) = node {
            if !duplicate {
                out.push(node);
            }
        }
    }
    (out, sum)
}

/// How a node's `source` must start: where its weight and rule come from.
pub const SOURCE_MARKS: [&str; 3] = ["[official]", "[practice]", "[default]"];

/// A node, and its weight when known even if the node has errors.
fn read_node(ctx: &Ctx<'_>, o: &Obj<'_>, parent_path: &str) -> (Option<Node>, Option<Decimal>) {
    let name = o.string("name");
    let note = o.opt_string("note");
    let source = o.opt_string("source");
    if let Some(src) = &source {
        if !SOURCE_MARKS.iter().any(|m| src.trim_start().starts_with(m)) {
            o.error_at(
                "source",
                format!(
                    "source 应以 {} 之一开头，说明权重与评分标准的来源",
                    SOURCE_MARKS.join("、")
                ),
                format!(
                    "`source` must start with one of {}",
                    SOURCE_MARKS.join(", ")
                ),
            );
        }
    }
    let indicators = read_indicators(o);
    let is_leaf = o.has("indicator");
    let is_group = o.has("node");
    let id = match o.opt_string("id").or_else(|| peek_id(o).map(|(i, _)| i)) {
        Some(id) => id,
        None => {
            if !o.has("id") {
                o.error(
                    "节点缺少 id（有 indicator 的叶节点可省略，默认取指标编号）",
                    "node needs an `id` (leaves default to their indicator id)",
                );
            }
            return (finish_none(o), None);
        }
    };
    if id.is_empty() || id.contains('.') {
        o.error_at(
            "id",
            format!("节点编号「{id}」不能为空或含有“.”"),
            format!("node id \"{id}\" must be non-empty and contain no '.'"),
        );
        return (finish_none(o), None);
    }
    let path = if parent_path.is_empty() {
        id.clone()
    } else {
        format!("{parent_path}.{id}")
    };
    let weight = if o.has("weight") {
        match o.non_negative("weight") {
            Some(w) if check_weight_places(o, "weight", w) => Some(w),
            _ => return (finish_none(o), None),
        }
    } else {
        None
    };
    match (is_leaf, is_group) {
        (true, true) => {
            o.error(
                format!("节点 {path} 不能同时有 indicator 和下级 node"),
                format!("node {path} has both `indicator` and child nodes"),
            );
            (finish_none(o), weight)
        }
        (false, false) => {
            o.error(
                format!("节点 {path} 需要 indicator（叶节点）或下级 [[…node]]（中间节点）"),
                format!("node {path} needs `indicator` (leaf) or child nodes"),
            );
            (finish_none(o), weight)
        }
        (true, false) => {
            let Some(w) = weight else {
                o.error(
                    format!("叶节点 {path} 缺少 weight"),
                    format!("leaf {path} is missing `weight`"),
                );
                return (finish_none(o), None);
            };
            let rule = read_rule(o, w, &path);
            if let (Some(ids), Some(rule)) = (&indicators, &rule) {
                check_rule_fits(o, ids, rule);
            }
            o.finish();
            let node = match (name, indicators, rule) {
                (Some(name), Some(indicators), Some(rule)) => Some(Node {
                    id,
                    path,
                    name,
                    weight: w,
                    kind: NodeKind::Leaf(Leaf {
                        target: rule.target_text(
                            indicators
                                .first()
                                .and_then(|id| find(id))
                                .map(|d| d.unit)
                                .unwrap_or(""),
                        ),
                        indicators,
                        description: rule.describe(w),
                        rule,
                    }),
                    note,
                    source,
                }),
                _ => None,
            };
            (node, Some(w))
        }
        (false, true) => {
            let Some(objs) = o.objects("node") else {
                return (finish_none(o), weight);
            };
            let before = ctx.error_count();
            let (children, sum) = read_nodes(ctx, &objs, &path);
            if objs.is_empty() {
                o.error_at(
                    "node",
                    format!("中间节点 {path} 没有下级节点"),
                    format!("group {path} has no children"),
                );
            }
            if let (Some(w), Some(sum)) = (weight, sum) {
                if w != sum {
                    o.error_at(
                        "weight",
                        format!("节点 {path} 的权重 {w} 不等于下级权重合计 {sum}"),
                        format!("node {path} weight {w} differs from its children's sum {sum}"),
                    );
                }
            }
            if o.has("rule") {
                o.error_at(
                    "rule",
                    format!("中间节点 {path} 不能有 rule"),
                    format!("group {path} cannot have a `rule`"),
                );
                o.get("rule");
            }
            o.finish();
            let weight = weight.or(sum);
            let ok = children.len() == objs.len() && ctx.error_count() == before;
            let node = match (ok, name, weight) {
                (true, Some(name), Some(weight)) if !objs.is_empty() => Some(Node {
                    id,
                    path,
                    name,
                    weight,
                    kind: NodeKind::Group(children),
                    note,
                    source,
                }),
                _ => None,
            };
            (node, weight)
        }
    }
}

fn finish_none<T>(o: &Obj<'_>) -> Option<T> {
    // Mark the structural keys read so they are not also reported as unknown.
    for k in ["indicator", "rule", "node", "weight"] {
        o.get(k);
    }
    o.finish();
    None
}

/// `indicator = "D06"` or `indicator = ["D21", "D22"]`; ids or exact Chinese names.
fn read_indicators(o: &Obj<'_>) -> Option<Vec<String>> {
    let item = o.get("indicator")?;
    let mut raw: Vec<(String, Option<Range<usize>>)> = Vec::new();
    match item.as_value() {
        Some(Value::String(s)) => raw.push((s.value().clone(), item_span(item))),
        Some(Value::Array(a)) if !a.is_empty() => {
            for v in a.iter() {
                match v.as_str() {
                    Some(s) => raw.push((s.to_string(), v.span())),
                    None => {
                        o.ctx.error(
                            v.span(),
                            "indicator 数组中的每一项应为指标编号字符串",
                            "every entry of `indicator` must be an id string",
                        );
                        return None;
                    }
                }
            }
        }
        _ => {
            o.error_at(
                "indicator",
                "indicator 应为指标编号（如 \"D06\"）或编号数组（二者择其一）",
                "`indicator` must be an id (\"D06\") or a non-empty array of ids",
            );
            return None;
        }
    }
    let mut ids = Vec::new();
    let mut ok = true;
    for (s, span) in raw {
        match find(s.trim()) {
            Some(def) => ids.push(def.id.to_string()),
            None => {
                o.ctx.error(
                    span,
                    format!("未知的指标编号「{s}」（见指标库 D01–D28、L01–L05、Q1–Q4、M01–M12）"),
                    format!("unknown indicator id \"{s}\""),
                );
                ok = false;
            }
        }
    }
    ok.then_some(ids)
}

/// Parse `rule = { type = "...", ... }` at weight `w`.
pub(crate) fn read_rule(o: &Obj<'_>, w: Decimal, path: &str) -> Option<Rule> {
    let Some(p) = o.object("rule", format!("节点 {path} 的规则 ")) else {
        if !o.has("rule") {
            o.error(
                format!("叶节点 {path} 缺少 rule"),
                format!("leaf {path} is missing `rule`"),
            );
        }
        return None;
    };
    let rule = rule_from_obj(&p, w);
    p.finish();
    rule
}

pub(crate) fn rule_from_obj(p: &Obj<'_>, w: Decimal) -> Option<Rule> {
    let ty = p.string("type")?;
    let r = match ty.as_str() {
        "ratio_capped" => Rule::RatioCapped(rules::RatioCapped::from_params(p, w)?),
        "reverse" => Rule::Reverse(rules::Reverse::from_params(p, w)?),
        "equal" => Rule::Equal(rules::Equal::from_params(p, w)?),
        "range" => Rule::Range(rules::Range::from_params(p, w)?),
        "deduct_per_point" => Rule::DeductPerPoint(rules::DeductPerPoint::from_params(p, w)?),
        "deduct_per_step" => Rule::DeductPerStep(rules::DeductPerStep::from_params(p, w)?),
        "bands" => Rule::Bands(rules::Bands::from_params(p, w)?),
        "count_deduct" => Rule::CountDeduct(rules::CountDeduct::from_params(p, w)?),
        "checklist" => Rule::Checklist(rules::Checklist::from_params(p, w)?),
        "qualitative_tier" => Rule::QualitativeTier(QualitativeTier::from_params(p, w)?),
        "budget_exec" | "budget_exec_10" => Rule::BudgetExec(rules::BudgetExec::from_params(p, w)?),
        "manual" => Rule::Manual(rules::Manual::from_params(p, w)?),
        other => {
            p.error_at(
                "type",
                format!(
                    "未知的规则类型「{other}」，应为 {} 之一",
                    rules::RULE_TYPES.join("、")
                ),
                format!("unknown rule type \"{other}\""),
            );
            // Mark the other keys read: their validity cannot be judged.
            for (k, _) in p.table.iter() {
                p.used.borrow_mut().insert(k.to_string());
            }
            return None;
        }
    };
    Some(r)
}

/// A qualitative catalogue indicator needs a judgement rule, a computed one a numeric rule.
fn check_rule_fits(o: &Obj<'_>, ids: &[String], rule: &Rule) {
    for id in ids {
        let Some(def) = find(id) else { continue };
        let judged = def.kind == Kind::Qualitative;
        if judged && !rule.needs_judgement() {
            o.error_at(
                "rule",
                format!(
                    "{id} {}是定性指标，规则应为 checklist、qualitative_tier、manual 或 count_deduct，而不是 {}",
                    def.name,
                    rule.type_name()
                ),
                format!("{id} is qualitative; rule {} needs a number", rule.type_name()),
            );
        } else if !judged && rule.needs_judgement() && rule.type_name() != "manual" {
            o.error_at(
                "rule",
                format!(
                    "{id} {}是计算指标，规则 {} 需要评价人判断",
                    def.name,
                    rule.type_name()
                ),
                format!(
                    "{id} is computed; rule {} needs a judgement",
                    rule.type_name()
                ),
            );
        }
    }
}

fn level1_of(o: &Obj<'_>, key: &str) -> Option<TargetLevel1> {
    let s = o.string(key)?;
    let l = match s.as_str() {
        "产出指标" | "产出" | "output" => TargetLevel1::Output,
        "效益指标" | "效益" | "benefit" => TargetLevel1::Benefit,
        "满意度指标" | "满意度" | "satisfaction" => TargetLevel1::Satisfaction,
        "成本指标" | "成本" | "cost" => TargetLevel1::Cost,
        _ => {
            o.error_at(
                key,
                format!("「{s}」不是一级指标，应为 产出指标、效益指标、满意度指标 或 成本指标"),
                format!("\"{s}\" is not a level-1 category"),
            );
            return None;
        }
    };
    Some(l)
}

fn read_project(p: &Obj<'_>, total: Decimal) -> Option<ProjectScheme> {
    let cost_placement = p.choice(
        "cost_placement",
        &[
            ("output", CostPlacement::Output),
            ("separate", CostPlacement::Separate),
        ],
        CostPlacement::Output,
    );
    let execution = p.object("execution", "[project.execution] ");
    if execution.is_none() && !p.has("execution") {
        p.error(
            "[project] 缺少 execution（预算执行率分值与规则）",
            "[project] is missing `execution`",
        );
    }
    let (execution_weight, execution_rule) = match &execution {
        Some(e) => {
            let w = e
                .non_negative("weight")
                .filter(|w| check_weight_places(e, "weight", *w));
            let rule = match w {
                Some(w) => read_rule(e, w, "project.execution"),
                None => {
                    e.get("rule");
                    None
                }
            };
            if let Some(r) = &rule {
                if r.needs_judgement() {
                    e.error_at(
                        "rule",
                        "预算执行率的规则需要数值规则（如 budget_exec）",
                        "the execution rule must be numeric (e.g. budget_exec)",
                    );
                }
            }
            e.finish();
            (w, rule)
        }
        None => (None, None),
    };
    let qualitative = if p.has("qualitative") {
        p.object("qualitative", "[project.qualitative] ")
            .and_then(|q| {
                let r = QualitativeTier::from_params(&q, Decimal::ONE_HUNDRED);
                q.finish();
                r
            })
    } else {
        Some(QualitativeTier::default())
    };
    let objs = p.objects("category")?;
    let mut categories: Vec<ProjectCategory> = Vec::new();
    let mut ok = true;
    for o in &objs {
        let level1 = level1_of(o, "level1");
        let weight = o.non_negative("weight");
        let if_absent = if o.has("if_absent") {
            level1_of(o, "if_absent").map(Some)
        } else {
            Some(None)
        };
        if let Some(w) = weight {
            ok &= check_weight_places(o, "weight", w);
        }
        match (level1, weight, if_absent) {
            (Some(level1), Some(weight), Some(if_absent)) => {
                if categories.iter().any(|c| c.level1 == level1) {
                    o.error_at(
                        "level1",
                        format!("一级指标「{}」重复", level1.label()),
                        format!("duplicate category {}", level1.label()),
                    );
                    ok = false;
                }
                if if_absent == Some(level1) {
                    o.error_at(
                        "if_absent",
                        "if_absent 不能指向自身",
                        "`if_absent` cannot point to the category itself",
                    );
                    ok = false;
                }
                categories.push(ProjectCategory {
                    level1,
                    weight,
                    if_absent,
                });
            }
            _ => ok = false,
        }
        o.finish();
    }
    let cost_placement = cost_placement?;
    if ok {
        for (c, o) in categories.iter().zip(objs.iter()) {
            if let Some(t) = c.if_absent {
                if !categories.iter().any(|x| x.level1 == t) {
                    o.error_at(
                        "if_absent",
                        format!("if_absent 指向的「{}」不在 category 中", t.label()),
                        format!("if_absent {} is not a category", t.label()),
                    );
                    ok = false;
                }
            }
        }
        let has_cost = categories.iter().any(|c| c.level1 == TargetLevel1::Cost);
        match cost_placement {
            CostPlacement::Output if has_cost => {
                p.error_at(
                    "cost_placement",
                    "cost_placement = \"output\" 时成本指标并入产出指标，不应单列 成本指标 category",
                    "with cost_placement = \"output\" there must be no 成本指标 category",
                );
                ok = false;
            }
            CostPlacement::Separate if !has_cost => {
                p.error_at(
                    "cost_placement",
                    "cost_placement = \"separate\" 需要一个 level1 = \"成本指标\" 的 category",
                    "cost_placement = \"separate\" needs a 成本指标 category",
                );
                ok = false;
            }
            _ => {}
        }
        if !categories.iter().any(|c| c.level1 == TargetLevel1::Output) {
            p.error_at(
                "category",
                "缺少产出指标 category",
                "missing the 产出指标 category",
            );
            ok = false;
        }
    }
    let execution_weight = execution_weight?;
    if categories.len() == objs.len() {
        let sum = execution_weight + categories.iter().map(|c| c.weight).sum::<Decimal>();
        if sum != total {
            p.error_at(
                "category",
                format!("预算执行率与各一级指标分值合计 {sum} 不等于总分 {total}"),
                format!("execution and category weights add up to {sum}, not {total}"),
            );
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    Some(ProjectScheme {
        execution_weight,
        execution_rule: execution_rule?,
        categories,
        cost_placement,
        qualitative: qualitative?,
    })
}
