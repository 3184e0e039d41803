//! 结果应用 (system.md §3, §5): the grade of an evaluation → a budget proposal for the next
//! year, by rules written as data — e.g. 中 → 核减 10%, 差 → 暂停. The shipped default is
//! `rules/results-default.toml` (embedded); a bureau writes its own file in the same form
//! and it is validated like the framework and monitoring rules files: every problem at
//! once, each with its line and column (the framework loader's [`Ctx`]/[`Obj`]).

use std::sync::OnceLock;

use jixiao_engine::{Ctx, FrameworkError, Obj};
use jixiao_model::round2;
use rust_decimal::Decimal;
use serde::Serialize;
use toml_edit::ImDocument;

use crate::targets::Grade;

/// A problem in a rules file: origin, line, column, message.
pub type RulesError = FrameworkError;

/// The shipped default rules, embedded.
pub const DEFAULT_RESULT_RULES_TOML: &str = include_str!("../../../rules/results-default.toml");

/// What the budget proposal does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// 优先保障
    Priority,
    /// 据实保障
    Keep,
    /// 核减 a share
    Cut,
    /// 暂停
    Suspend,
    /// 取消
    Cancel,
    /// 另行研究 (no automatic proposal)
    Manual,
}

impl Measure {
    pub const ALL: [Measure; 6] = [
        Measure::Priority,
        Measure::Keep,
        Measure::Cut,
        Measure::Suspend,
        Measure::Cancel,
        Measure::Manual,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Measure::Priority => "priority",
            Measure::Keep => "keep",
            Measure::Cut => "cut",
            Measure::Suspend => "suspend",
            Measure::Cancel => "cancel",
            Measure::Manual => "manual",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Measure::Priority => "优先保障",
            Measure::Keep => "据实保障",
            Measure::Cut => "核减",
            Measure::Suspend => "暂停",
            Measure::Cancel => "取消",
            Measure::Manual => "另行研究",
        }
    }
}

/// One rule: what a grade (or no grade) leads to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GradeRule {
    pub measure: Measure,
    /// For [`Measure::Cut`]: the share cut, in percent (0 < x ≤ 100).
    #[serde(with = "jixiao_model::number::opt_decimal_text")]
    pub cut_pct: Option<Decimal>,
    pub note: String,
}

/// A complete rules file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResultRules {
    pub id: String,
    pub name: String,
    pub version: String,
    pub source: String,
    /// Which budget the proposal starts from, in words (shown beside every amount).
    pub basis: String,
    pub origin: String,
    /// One rule per grade, in the order 优, 良, 中, 差.
    pub grades: Vec<(Grade, GradeRule)>,
    /// For evaluations without a grade.
    pub ungraded: GradeRule,
    /// Share of a carry-over balance's growth cut in addition, in percent.
    #[serde(with = "jixiao_model::number::opt_decimal_text")]
    pub carryover_cut_pct: Option<Decimal>,
}

impl ResultRules {
    /// The shipped default (parsed once per process).
    pub fn default_rules() -> &'static ResultRules {
        static RULES: OnceLock<ResultRules> = OnceLock::new();
        RULES.get_or_init(|| {
            parse_result_rules(DEFAULT_RESULT_RULES_TOML, "builtin:results-default")
                .expect("the shipped result rules are valid (tested)")
        })
    }

    /// The rule for a grade (`None`: not graded).
    pub fn rule(&self, grade: Option<Grade>) -> &GradeRule {
        grade
            .and_then(|g| self.grades.iter().find(|(x, _)| *x == g).map(|(_, r)| r))
            .unwrap_or(&self.ungraded)
    }
}

/// What a proposal is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Basis {
    pub grade: Option<Grade>,
    /// The budget the proposal starts from, 万元 (`None`: unknown; no amounts then).
    pub budget: Option<Decimal>,
    /// This year's carry-over balance minus last year's, 万元 (`None`: unknown).
    pub carryover_growth: Option<Decimal>,
}

/// The proposal for one department or project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Proposal {
    pub measure: Measure,
    pub measure_label: &'static str,
    pub grade: Option<Grade>,
    #[serde(with = "jixiao_model::number::opt_decimal_text")]
    pub cut_pct: Option<Decimal>,
    /// 万元, two places.
    #[serde(with = "jixiao_model::number::opt_decimal_text")]
    pub budget: Option<Decimal>,
    #[serde(with = "jixiao_model::number::opt_decimal_text")]
    pub reduction: Option<Decimal>,
    #[serde(with = "jixiao_model::number::opt_decimal_text")]
    pub proposed: Option<Decimal>,
    /// How the figures were reached, one sentence per step.
    pub reasons: Vec<String>,
}

fn money(d: Decimal) -> String {
    format!("{:.2}", round2(d))
}

/// Rounded 四舍五入 to 0.01 and written with two places ("90.00").
fn two(d: Decimal) -> Decimal {
    let mut r = round2(d);
    r.rescale(2);
    r
}

/// Apply the rules. Exact: amounts are decimals, each step rounded 四舍五入 to 0.01 万元.
pub fn propose(rules: &ResultRules, basis: &Basis) -> Proposal {
    let rule = rules.rule(basis.grade);
    let grade_text = match basis.grade {
        Some(g) => format!("等级「{}」", g.label()),
        None => "未评定等级".to_string(),
    };
    let mut reasons = vec![format!(
        "{grade_text}：{}（{}）",
        rule.measure.label(),
        rule.note
    )];
    // Beyond any budget (10¹⁵ 万元) an amount is a typing error; leaving it out keeps every
    // product below rust_decimal's range.
    let limit = Decimal::from(1_000_000_000_000_000_i64);
    let sane = |d: Decimal| d.abs() < limit;
    if basis.budget.is_some_and(|b| !sane(b)) || basis.carryover_growth.is_some_and(|g| !sane(g)) {
        reasons.push("金额超出可计算范围（10¹⁵ 万元以上），不计算金额".to_string());
    }
    let budget = basis.budget.filter(|b| sane(*b)).map(round2);
    let carryover_growth = basis.carryover_growth.filter(|g| sane(*g));
    let mut reduction = budget.map(|b| match rule.measure {
        Measure::Priority | Measure::Keep | Measure::Manual => Decimal::ZERO,
        Measure::Suspend | Measure::Cancel => b,
        Measure::Cut => round2(b * rule.cut_pct.unwrap_or_default() / Decimal::ONE_HUNDRED),
    });
    match (budget, rule.measure) {
        (Some(b), Measure::Cut) => reasons.push(format!(
            "核减 {} 万元 = {}（{}）× {}%",
            money(reduction.unwrap_or_default()),
            money(b),
            rules.basis,
            rule.cut_pct.unwrap_or_default().normalize()
        )),
        (Some(b), Measure::Suspend | Measure::Cancel) => reasons.push(format!(
            "{}：不安排预算，核减 {} 万元（{}）",
            rule.measure.label(),
            money(b),
            rules.basis
        )),
        (None, m) if m != Measure::Manual => {
            reasons.push(format!("未知{}，只给出措施，不计算金额", rules.basis))
        }
        _ => {}
    }
    if let (Some(pct), Some(growth)) = (rules.carryover_cut_pct, carryover_growth) {
        if growth > Decimal::ZERO && rule.measure != Measure::Manual {
            let extra = round2(growth * pct / Decimal::ONE_HUNDRED);
            if let (Some(r), Some(b)) = (reduction.as_mut(), budget) {
                let before = *r;
                *r = (*r + extra).min(b);
                reasons.push(format!(
                    "结转结余比上年增加 {} 万元，另核减其 {}% 即 {} 万元{}",
                    money(growth),
                    pct.normalize(),
                    money(extra),
                    if before + extra > b {
                        "（以预算数为限）"
                    } else {
                        ""
                    }
                ));
            }
        }
    }
    let proposed = match (budget, reduction, rule.measure) {
        (_, _, Measure::Manual) => None,
        (Some(b), Some(r), _) => Some(b - r),
        _ => None,
    };
    if let Some(p) = proposed {
        reasons.push(format!("建议安排 {} 万元", money(p)));
    }
    Proposal {
        measure: rule.measure,
        measure_label: rule.measure.label(),
        grade: basis.grade,
        cut_pct: rule.cut_pct,
        budget: budget.map(two),
        reduction: if rule.measure == Measure::Manual {
            None
        } else {
            reduction.map(two)
        },
        proposed: proposed.map(two),
        reasons,
    }
}

/// Read a rules file: every problem, each with its line and column — TOML syntax, unknown
/// keys, unknown grades or measures, a grade given twice or not at all, a cut without a
/// share or a share out of (0, 100], a share on a measure that is not a cut.
pub fn parse_result_rules(text: &str, origin: &str) -> Result<ResultRules, Vec<RulesError>> {
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
    let root = Obj::new(&ctx, doc.as_table(), None, "结果应用规则文件");
    let rules = read(&root, origin);
    root.finish();
    let errors = ctx.into_errors();
    match rules {
        Some(r) if errors.is_empty() => Ok(r),
        _ if !errors.is_empty() => Err(errors),
        _ => Err(vec![RulesError {
            origin: origin.to_string(),
            line: 1,
            column: 1,
            message: "结果应用规则文件无效".into(),
            message_en: "invalid result rules file".into(),
        }]),
    }
}

fn read(root: &Obj<'_>, origin: &str) -> Option<ResultRules> {
    let id = root.string("id");
    let name = root.string("name");
    let version = root.opt_string("version").unwrap_or_else(|| "1".into());
    let source = root.string("source");
    let basis = root
        .opt_string("basis")
        .unwrap_or_else(|| "本年度预算".into());
    let mut grades: Vec<(Grade, GradeRule)> = Vec::new();
    let mut ok = true;
    if let Some(entries) = root.objects("grade") {
        for o in entries {
            let grade = o.string("grade").and_then(|g| {
                let parsed = Grade::parse(&g);
                if parsed.is_none() {
                    o.error_at(
                        "grade",
                        format!("等级「{g}」无效，应为 优、良、中、差 之一"),
                        format!("grade \"{g}\" is not one of 优, 良, 中, 差"),
                    );
                }
                parsed
            });
            let rule = grade_rule(&o);
            o.finish();
            match (grade, rule) {
                (Some(g), Some(r)) => {
                    if grades.iter().any(|(x, _)| *x == g) {
                        o.error_at(
                            "grade",
                            format!("等级「{}」的规则重复：每个等级只能写一条", g.label()),
                            format!("grade {} is given twice", g.label()),
                        );
                        ok = false;
                    } else {
                        grades.push((g, r));
                    }
                }
                _ => ok = false,
            }
        }
        if ok {
            for g in Grade::ALL {
                if !grades.iter().any(|(x, _)| *x == g) {
                    root.error_at(
                        "grade",
                        format!(
                            "缺少等级「{}」的规则（[[grade]] grade = \"{}\"）",
                            g.label(),
                            g.label()
                        ),
                        format!("no rule for grade {}", g.label()),
                    );
                    ok = false;
                }
            }
        }
    } else {
        ok = false;
    }
    grades.sort_by_key(|(g, _)| *g);
    let ungraded = if root.has("ungraded") {
        let o = root.object("ungraded", "[ungraded] ")?;
        let r = grade_rule(&o);
        o.finish();
        r
    } else {
        Some(GradeRule {
            measure: Measure::Manual,
            cut_pct: None,
            note: "未评定等级，另行研究".into(),
        })
    };
    let carryover_cut_pct = if root.has("carryover") {
        let o = root.object("carryover", "[carryover] ")?;
        let pct = o.positive("cut_pct_of_growth").and_then(|p| {
            if p > Decimal::ONE_HUNDRED {
                o.error_at(
                    "cut_pct_of_growth",
                    format!("cut_pct_of_growth = {p} 超过 100"),
                    format!("`cut_pct_of_growth` = {p} is over 100"),
                );
                None
            } else {
                Some(p)
            }
        });
        o.finish();
        Some(pct?)
    } else {
        None
    };
    if !ok {
        return None;
    }
    Some(ResultRules {
        id: id?,
        name: name?,
        version,
        source: source?,
        basis,
        origin: origin.to_string(),
        grades,
        ungraded: ungraded?,
        carryover_cut_pct,
    })
}

fn grade_rule(o: &Obj<'_>) -> Option<GradeRule> {
    let choices: Vec<(&str, Measure)> = Measure::ALL.iter().map(|m| (m.id(), *m)).collect();
    let measure = if o.has("measure") {
        o.choice("measure", &choices, Measure::Manual)
    } else {
        o.missing("measure");
        None
    };
    let note = o.opt_string("note");
    let cut_pct = if o.has("cut_pct") {
        let p = o.positive("cut_pct");
        match (p, measure) {
            (Some(p), _) if p > Decimal::ONE_HUNDRED => {
                o.error_at(
                    "cut_pct",
                    format!("cut_pct = {p} 超过 100"),
                    format!("`cut_pct` = {p} is over 100"),
                );
                return None;
            }
            (Some(_), Some(m)) if m != Measure::Cut => {
                o.error_at(
                    "cut_pct",
                    format!(
                        "cut_pct 只用于 measure = \"cut\"（核减），此处为「{}」",
                        m.label()
                    ),
                    "`cut_pct` only applies to measure = \"cut\"",
                );
                return None;
            }
            (p, _) => p,
        }
    } else {
        None
    };
    let measure = measure?;
    if measure == Measure::Cut && cut_pct.is_none() {
        if !o.has("cut_pct") {
            o.error_at(
                "measure",
                "measure = \"cut\"（核减）须写核减比例 cut_pct（如 cut_pct = \"10\"）",
                "measure = \"cut\" needs `cut_pct`",
            );
        }
        return None;
    }
    Some(GradeRule {
        measure,
        cut_pct,
        note: note.unwrap_or_else(|| measure.label().to_string()),
    })
}
