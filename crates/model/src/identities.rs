//! Accounting identities (勾稽关系): where a total and its parts are both given, they must
//! agree. Defined once, as data, so input validation and the report checker (`jixiao-audit`)
//! use the same list.
//!
//! Each identity names its total and parts by field path (as in the input file, e.g.
//! `budget.initial.basic`) and by the Chinese labels reports use for them, so a text checker
//! can recognise "基本支出预算 2,900 万元（人员经费支出 1,148 万元，日常公用经费支出 1,752 万元）".

use crate::department::{BudgetFigures, DepartmentYear, ProcurementFigures, SangongFigures};
use crate::number::Money;

/// One figure of the model: its path in the input, its Chinese labels, how to read it.
#[derive(Clone, Copy)]
pub struct Field {
    /// Path in the input file, e.g. `budget.adjusted.project`.
    pub path: &'static str,
    /// Labels used in reports, the preferred one first.
    pub labels: &'static [&'static str],
    pub get: fn(&DepartmentYear) -> Option<Money>,
}

impl Field {
    pub fn label(&self) -> &'static str {
        self.labels[0]
    }
}

impl std::fmt::Debug for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.path)
    }
}

/// total = Σ parts (四则勾稽).
#[derive(Debug, Clone, Copy)]
pub struct Identity {
    /// Stable id, e.g. `budget.initial.total`.
    pub id: &'static str,
    /// Chinese name, e.g. "年初预算 = 基本支出 + 项目支出".
    pub name: &'static str,
    pub total: Field,
    pub parts: &'static [Field],
    /// Identities whose parts are "of which" items (其中) may legitimately leave a remainder:
    /// then only part > total is an inconsistency.
    pub kind: IdentityKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityKind {
    /// total = Σ parts exactly.
    Sum,
    /// parts ≤ total (其中 items that need not exhaust the total).
    Bound,
}

/// How an identity looks on one department-year.
#[derive(Debug, Clone, PartialEq)]
pub enum IdentityCheck {
    /// Total or some part is missing: nothing to check.
    Incomplete,
    Holds {
        total: Money,
        sum: Money,
    },
    /// For `Sum`: total ≠ Σ parts. For `Bound`: Σ parts > total.
    Broken {
        total: Money,
        sum: Money,
    },
}

impl Identity {
    pub fn check(&self, d: &DepartmentYear) -> IdentityCheck {
        let Some(total) = (self.total.get)(d) else {
            return IdentityCheck::Incomplete;
        };
        let mut sum = Money::ZERO;
        for part in self.parts {
            // Absent part, or a sum too large for a decimal: nothing can be checked.
            match (part.get)(d).and_then(|v| sum.checked_add(v)) {
                Some(s) => sum = s,
                None => return IdentityCheck::Incomplete,
            }
        }
        let broken = match self.kind {
            IdentityKind::Sum => sum != total,
            IdentityKind::Bound => sum > total,
        };
        if broken {
            IdentityCheck::Broken { total, sum }
        } else {
            IdentityCheck::Holds { total, sum }
        }
    }
}

macro_rules! field {
    ($path:expr, [$($label:expr),+], |$d:ident| $e:expr) => {
        Field { path: $path, labels: &[$($label),+], get: |$d: &DepartmentYear| $e }
    };
}

// Budget columns: the same three identities for 年初, 调整, 决算.
macro_rules! budget_identities {
    ($col:ident, $key:literal, $zh:literal) => {
        [
            Identity {
                id: concat!("budget.", $key, ".total"),
                name: concat!($zh, "：合计 = 基本支出 + 项目支出"),
                total: field!(concat!("budget.", $key, ".total"), [$zh], |d| d
                    .budget
                    .$col
                    .total),
                parts: &[
                    field!(concat!("budget.", $key, ".basic"), ["基本支出"], |d| d
                        .budget
                        .$col
                        .basic),
                    field!(
                        concat!("budget.", $key, ".project"),
                        ["项目支出"],
                        |d| d.budget.$col.project
                    ),
                ],
                kind: IdentityKind::Sum,
            },
            Identity {
                id: concat!("budget.", $key, ".basic"),
                name: concat!($zh, "：基本支出 = 人员经费 + 日常公用经费"),
                total: field!(concat!("budget.", $key, ".basic"), ["基本支出"], |d| d
                    .budget
                    .$col
                    .basic),
                parts: &[
                    field!(
                        concat!("budget.", $key, ".personnel"),
                        ["人员经费"],
                        |d| d.budget.$col.personnel
                    ),
                    field!(
                        concat!("budget.", $key, ".public_funds"),
                        ["日常公用经费", "公用经费"],
                        |d| d.budget.$col.public_funds
                    ),
                ],
                kind: IdentityKind::Sum,
            },
            Identity {
                id: concat!("budget.", $key, ".total_by_economic"),
                name: concat!($zh, "：合计 = 人员经费 + 日常公用经费 + 项目支出"),
                total: field!(concat!("budget.", $key, ".total"), [$zh], |d| d
                    .budget
                    .$col
                    .total),
                parts: &[
                    field!(
                        concat!("budget.", $key, ".personnel"),
                        ["人员经费"],
                        |d| d.budget.$col.personnel
                    ),
                    field!(
                        concat!("budget.", $key, ".public_funds"),
                        ["日常公用经费", "公用经费"],
                        |d| d.budget.$col.public_funds
                    ),
                    field!(
                        concat!("budget.", $key, ".project"),
                        ["项目支出"],
                        |d| d.budget.$col.project
                    ),
                ],
                kind: IdentityKind::Sum,
            },
            Identity {
                id: concat!("budget.", $key, ".capital_construction"),
                name: concat!($zh, "：基本建设类项目 ≤ 项目支出"),
                total: field!(
                    concat!("budget.", $key, ".project"),
                    ["项目支出"],
                    |d| d.budget.$col.project
                ),
                parts: &[field!(
                    concat!("budget.", $key, ".capital_construction"),
                    ["基本建设类项目"],
                    |d| d.budget.$col.capital_construction
                )],
                kind: IdentityKind::Bound,
            },
        ]
    };
}

macro_rules! sangong_identities {
    ($get:expr, $key:literal, $zh:literal) => {
        [
            Identity {
                id: concat!($key, ".total"),
                name: concat!($zh, "：合计 = 因公出国（境） + 公务接待 + 公务用车购置及运行维护"),
                total: field!(concat!($key, ".total"), [$zh, "三公经费"], |d| ($get)(d).total),
                parts: &[
                    field!(concat!($key, ".overseas"), ["因公出国（境）费"], |d| ($get)(d).overseas),
                    field!(concat!($key, ".reception"), ["公务接待费"], |d| ($get)(d).reception),
                    field!(concat!($key, ".vehicle"), ["公务用车购置及运行维护费"], |d| ($get)(d).vehicle),
                ],
                kind: IdentityKind::Sum,
            },
            Identity {
                id: concat!($key, ".total_by_vehicle_parts"),
                name: concat!($zh, "：合计 = 因公出国（境） + 公务接待 + 公务用车购置 + 公务用车运行维护"),
                total: field!(concat!($key, ".total"), [$zh, "三公经费"], |d| ($get)(d).total),
                parts: &[
                    field!(concat!($key, ".overseas"), ["因公出国（境）费"], |d| ($get)(d).overseas),
                    field!(concat!($key, ".reception"), ["公务接待费"], |d| ($get)(d).reception),
                    field!(concat!($key, ".vehicle_purchase"), ["公务用车购置费"], |d| ($get)(d).vehicle_purchase),
                    field!(concat!($key, ".vehicle_operation"), ["公务用车运行维护费", "公务用车运行费"], |d| ($get)(d).vehicle_operation),
                ],
                kind: IdentityKind::Sum,
            },
            Identity {
                id: concat!($key, ".vehicle"),
                name: concat!($zh, "：公务用车 = 购置 + 运行维护"),
                total: field!(concat!($key, ".vehicle"), ["公务用车购置及运行维护费"], |d| ($get)(d).vehicle),
                parts: &[
                    field!(concat!($key, ".vehicle_purchase"), ["公务用车购置费"], |d| ($get)(d).vehicle_purchase),
                    field!(concat!($key, ".vehicle_operation"), ["公务用车运行维护费", "公务用车运行费"], |d| ($get)(d).vehicle_operation),
                ],
                kind: IdentityKind::Sum,
            },
            Identity {
                id: concat!($key, ".vehicle_parts_bound"),
                name: concat!($zh, "：公务用车购置 + 运行维护 ≤ 三公经费合计"),
                total: field!(concat!($key, ".total"), [$zh, "三公经费"], |d| ($get)(d).total),
                parts: &[
                    field!(concat!($key, ".vehicle_purchase"), ["公务用车购置费"], |d| ($get)(d).vehicle_purchase),
                    field!(concat!($key, ".vehicle_operation"), ["公务用车运行维护费", "公务用车运行费"], |d| ($get)(d).vehicle_operation),
                ],
                kind: IdentityKind::Bound,
            },
        ]
    };
}

macro_rules! procurement_identity {
    ($col:ident, $key:literal, $zh:literal) => {
        Identity {
            id: concat!("procurement.", $key, ".total"),
            name: concat!($zh, "：合计 = 货物 + 工程 + 服务"),
            total: field!(concat!("procurement.", $key, ".total"), [$zh], |d| d
                .procurement
                .$col
                .total),
            parts: &[
                field!(concat!("procurement.", $key, ".goods"), ["货物"], |d| d
                    .procurement
                    .$col
                    .goods),
                field!(concat!("procurement.", $key, ".works"), ["工程"], |d| d
                    .procurement
                    .$col
                    .works),
                field!(
                    concat!("procurement.", $key, ".services"),
                    ["服务"],
                    |d| d.procurement.$col.services
                ),
            ],
            kind: IdentityKind::Sum,
        }
    };
}

fn sg_initial(d: &DepartmentYear) -> &SangongFigures {
    &d.sangong.initial_budget
}
fn sg_adjusted(d: &DepartmentYear) -> &SangongFigures {
    &d.sangong.adjusted_budget
}
fn sg_actual(d: &DepartmentYear) -> &SangongFigures {
    &d.sangong.actual
}

const BUDGET_INITIAL: [Identity; 4] = budget_identities!(initial, "initial", "年初预算");
const BUDGET_ADJUSTED: [Identity; 4] = budget_identities!(adjusted, "adjusted", "调整预算");
const BUDGET_FINAL: [Identity; 4] = budget_identities!(final_accounts, "final", "决算");
const SANGONG_INITIAL: [Identity; 4] =
    sangong_identities!(sg_initial, "sangong.initial_budget", "三公经费年初预算");
const SANGONG_ADJUSTED: [Identity; 4] =
    sangong_identities!(sg_adjusted, "sangong.adjusted_budget", "三公经费调整预算");
const SANGONG_ACTUAL: [Identity; 4] =
    sangong_identities!(sg_actual, "sangong.actual", "三公经费实际支出");

const OTHERS: [Identity; 4] = [
    procurement_identity!(plan, "plan", "政府采购计划"),
    procurement_identity!(actual, "actual", "政府采购实际"),
    Identity {
        id: "assets.fixed_in_use_value",
        name: "在用固定资产 ≤ 固定资产原值",
        total: field!(
            "assets.fixed_original_value",
            ["固定资产账面原值"],
            |d| d.assets.fixed_original_value
        ),
        parts: &[field!(
            "assets.fixed_in_use_value",
            ["在用固定资产"],
            |d| d.assets.fixed_in_use_value
        )],
        kind: IdentityKind::Bound,
    },
    Identity {
        id: "sangong.actual_vs_public_funds",
        name: "三公经费实际支出 ≤ 决算支出合计",
        total: field!("budget.final.total", ["决算"], |d| d
            .budget
            .final_accounts
            .total),
        parts: &[field!(
            "sangong.actual.total",
            ["三公经费实际支出"],
            |d| d.sangong.actual.total
        )],
        kind: IdentityKind::Bound,
    },
];

/// Every accounting identity of the department-year, in a stable order.
pub fn all() -> impl Iterator<Item = &'static Identity> {
    BUDGET_INITIAL
        .iter()
        .chain(BUDGET_ADJUSTED.iter())
        .chain(BUDGET_FINAL.iter())
        .chain(SANGONG_INITIAL.iter())
        .chain(SANGONG_ADJUSTED.iter())
        .chain(SANGONG_ACTUAL.iter())
        .chain(OTHERS.iter())
}

// Keep the unused-type lints quiet for the helper types referenced only in macros.
#[allow(dead_code)]
fn _types(_: &BudgetFigures, _: &ProcurementFigures) {}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn ids_are_unique() {
        let mut ids: Vec<_> = all().map(|i| i.id).collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }

    #[test]
    fn sum_and_bound() {
        let mut d = DepartmentYear::default();
        let id = all().find(|i| i.id == "budget.initial.basic").unwrap();
        assert_eq!(id.check(&d), IdentityCheck::Incomplete);
        d.budget.initial.basic = Some(Money::wan(dec!(2900)));
        d.budget.initial.personnel = Some(Money::wan(dec!(1148)));
        d.budget.initial.public_funds = Some(Money::wan(dec!(1752)));
        assert!(matches!(id.check(&d), IdentityCheck::Holds { .. }));
        d.budget.initial.public_funds = Some(Money::wan(dec!(1752.01)));
        assert_eq!(
            id.check(&d),
            IdentityCheck::Broken {
                total: Money::wan(dec!(2900)),
                sum: Money::wan(dec!(2900.01))
            }
        );
        let cc = all()
            .find(|i| i.id == "budget.final.capital_construction")
            .unwrap();
        d.budget.final_accounts.project = Some(Money::wan(dec!(37331.23)));
        d.budget.final_accounts.capital_construction = Some(Money::wan(dec!(23783.48)));
        assert!(matches!(cc.check(&d), IdentityCheck::Holds { .. }));
        d.budget.final_accounts.capital_construction = Some(Money::wan(dec!(40000)));
        assert!(matches!(cc.check(&d), IdentityCheck::Broken { .. }));
    }
}
