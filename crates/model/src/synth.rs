//! Deterministic synthetic department-years, for benchmarks and property tests.
//!
//! `synth::department_year(seed)` builds a complete, internally consistent department-year
//! (every identity holds) whose figures vary with the seed. No randomness crate: a small
//! xorshift generator keeps the output identical on every machine.

use rust_decimal::Decimal;

use crate::department::*;
use crate::number::{Money, Num, Percent};

/// xorshift64* — small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in [lo, hi].
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    /// Money with two decimals in [lo, hi] 万元.
    fn money(&mut self, lo: u64, hi: u64) -> Money {
        Money::wan(Decimal::new(self.range(lo * 100, hi * 100) as i64, 2))
    }

    fn pct(&mut self, lo: u64, hi: u64) -> Percent {
        Percent(Decimal::new(self.range(lo * 100, hi * 100) as i64, 2))
    }
}

fn m(v: Money) -> Option<Money> {
    Some(v)
}

/// One synthetic department-year. Every accounting identity holds.
pub fn department_year(seed: u64) -> DepartmentYear {
    let mut r = Rng::new(seed);
    let year = 2019 + (seed % 6) as i32;

    let personnel = r.money(300, 3000);
    let public_funds = r.money(100, 2000);
    let project = r.money(1000, 40000);
    let basic = personnel + public_funds;
    let initial = BudgetFigures {
        total: m(basic + project),
        basic: m(basic),
        personnel: m(personnel),
        public_funds: m(public_funds),
        project: m(project),
        all_fiscal: Some(true),
        ..Default::default()
    };
    let adj_personnel = personnel + r.money(0, 100);
    let adj_public = public_funds + r.money(0, 100);
    let adj_project = project + r.money(0, 20000);
    let adjusted = BudgetFigures {
        total: m(adj_personnel + adj_public + adj_project),
        basic: m(adj_personnel + adj_public),
        personnel: m(adj_personnel),
        public_funds: m(adj_public),
        project: m(adj_project),
        capital_construction: m(Money::wan(adj_project.as_wan() / Decimal::from(2)).round_cents()),
        ..Default::default()
    };
    let fin_personnel = adj_personnel - r.money(0, 50);
    let fin_public = adj_public - r.money(0, 50);
    let fin_project = adj_project - r.money(0, 500);
    let final_accounts = BudgetFigures {
        total: m(fin_personnel + fin_public + fin_project),
        basic: m(fin_personnel + fin_public),
        personnel: m(fin_personnel),
        public_funds: m(fin_public),
        project: m(fin_project),
        ..Default::default()
    };

    let sg = |r: &mut Rng| {
        let overseas = r.money(0, 5);
        let reception = r.money(0, 5);
        let purchase = r.money(0, 40);
        let operation = r.money(0, 10);
        SangongFigures {
            total: m(overseas + reception + purchase + operation),
            overseas: m(overseas),
            reception: m(reception),
            vehicle: m(purchase + operation),
            vehicle_purchase: m(purchase),
            vehicle_operation: m(operation),
        }
    };
    let sangong = Sangong {
        initial_budget: sg(&mut r),
        adjusted_budget: sg(&mut r),
        actual: sg(&mut r),
        vehicles_purchased: Some(r.range(0, 3) as u32),
        actual_change_vs_prior: SangongFigures::default(),
    };

    let proc_plan = (r.money(100, 20000), r.money(0, 500), r.money(100, 20000));
    let proc_actual = (r.money(100, 20000), r.money(0, 500), r.money(100, 20000));
    let procurement = Procurement {
        initial_budget: m(r.money(100, 5000)),
        plan: ProcurementFigures {
            total: m(proc_plan.0 + proc_plan.1 + proc_plan.2),
            goods: m(proc_plan.0),
            works: m(proc_plan.1),
            services: m(proc_plan.2),
        },
        actual: ProcurementFigures {
            total: m(proc_actual.0 + proc_actual.1 + proc_actual.2),
            goods: m(proc_actual.0),
            works: m(proc_actual.1),
            services: m(proc_actual.2),
        },
    };

    let mut cumulative = Decimal::ZERO;
    let progress = (1..=4u8)
        .map(|q| {
            cumulative += r.pct(15, 25).value();
            let spent = if q == 4 {
                Percent(Decimal::from(95) + r.pct(0, 5).value())
            } else {
                Percent(cumulative)
            };
            ProgressPoint {
                period: format!("Q{q}"),
                spent_pct: Some(spent),
                spent: None,
                time_pct: Some(Percent(Decimal::from(25 * q as i64))),
            }
        })
        .collect();

    let planned = r.range(5, 60) as u32;
    let completed = planned - r.range(0, 2).min(planned as u64) as u32;
    let on_time = completed - r.range(0, 1).min(completed as u64) as u32;
    let items = (0..r.range(1, 4))
        .map(|i| project_with_targets(&mut r, i as usize))
        .collect();
    let tasks = r.range(3, 9) as u32;

    let fixed = r.money(100, 60000);
    DepartmentYear {
        department: Department {
            name: Some(format!("示例部门{seed:05}")),
            code: Some(format!("{:06}", seed % 1_000_000)),
            level: Some("区级".into()),
            year: Some(year),
            ..Default::default()
        },
        evaluation: EvaluationSettings::default(),
        budget: Budget {
            initial,
            adjusted,
            final_accounts,
            excluded_adjustment: None,
            adjustments: Default::default(),
            key_project_spending: m(
                Money::wan(fin_project.as_wan() / Decimal::from(3)).round_cents()
            ),
        },
        sangong,
        carryover: Carryover {
            opening: m(r.money(0, 500)),
            closing: m(r.money(0, 500)),
        },
        procurement,
        progress,
        staffing: Staffing {
            authorized: Some(r.range(20, 200) as u32),
            actual: Some(r.range(18, 210) as u32),
        },
        projects: Projects {
            planned_count: Some(planned),
            completed_count: Some(completed),
            on_time_count: Some(on_time),
            quality_count: Some(completed),
            all_have_targets: Some(true),
            items,
        },
        key_tasks: KeyTasks {
            assigned_count: Some(tasks),
            completed_count: Some(tasks),
            on_time_count: Some(tasks),
            items: Vec::new(),
        },
        duty_targets: Vec::new(),
        assets: Assets {
            fixed_original_value: m(fixed),
            fixed_in_use_value: m(fixed - r.money(0, 50)),
            ..Default::default()
        },
        institutions: Institutions {
            domains: vec!["预算".into(), "收支".into(), "资产".into(), "采购".into()],
            rules: Vec::new(),
        },
        disclosure: Disclosure {
            budget_published: Some(true),
            final_published: Some(true),
            on_time: Some(true),
            ..Default::default()
        },
        petitions: {
            let received = r.range(0, 100) as u32;
            Petitions {
                received: Some(received),
                answered: Some(received),
                answered_on_time: Some(received),
                overdue: Some(0),
                all_answered_on_time: None,
            }
        },
        satisfaction: vec![{
            let n = r.range(100, 2000) as u32;
            Survey {
                name: "服务对象满意度调查".into(),
                respondents: Some(n),
                satisfied: Some(n - r.range(0, 50).min(n as u64) as u32),
                rate: None,
                method: None,
            }
        }],
        narrative: Narrative::default(),
        prior_year: PriorYear {
            sangong_budget: sg(&mut r),
            sangong_actual: sg(&mut r),
            ..Default::default()
        },
        assessments: Vec::new(),
        stated: Vec::new(),
        monitoring: None,
    }
}

fn project_with_targets(r: &mut Rng, i: usize) -> Project {
    let budget = r.money(50, 5000);
    let spent = Money::wan(budget.as_wan() - r.money(0, 50).as_wan().min(budget.as_wan()));
    let t = |level1, level2: &str, name: String, operator, value: u64, actual: u64, weight: u64| {
        PerformanceTarget {
            level1,
            level2: level2.into(),
            name,
            operator,
            value: Some(Num(Decimal::from(value))),
            value_high: None,
            value_text: None,
            unit: Some("项".into()),
            actual: Some(Num(Decimal::from(actual))),
            actual_text: None,
            weight: Some(Num(Decimal::from(weight))),
            score: None,
            deviation: None,
            monitoring: None,
        }
    };
    let target_count = r.range(10, 100);
    Project {
        name: format!("项目{}", i + 1),
        budget_initial: Some(budget),
        budget_annual: Some(budget),
        spent: Some(spent),
        status: Some(ProjectStatus::Completed),
        on_time: Some(true),
        quality_ok: Some(true),
        targets: vec![
            t(
                TargetLevel1::Output,
                "数量指标",
                "完成数量".into(),
                TargetOperator::AtLeast,
                target_count,
                r.range(target_count / 2, target_count * 2),
                30,
            ),
            t(
                TargetLevel1::Output,
                "质量指标",
                "验收合格率".into(),
                TargetOperator::AtLeast,
                95,
                r.range(80, 100),
                20,
            ),
            t(
                TargetLevel1::Benefit,
                "社会效益指标",
                "服务覆盖人次".into(),
                TargetOperator::AtLeast,
                1000,
                r.range(500, 3000),
                30,
            ),
            t(
                TargetLevel1::Satisfaction,
                "服务对象满意度指标",
                "满意度".into(),
                TargetOperator::AtLeast,
                90,
                r.range(80, 100),
                10,
            ),
        ],
        ..Default::default()
    }
}

trait RoundCents {
    fn round_cents(self) -> Money;
}

impl RoundCents for Money {
    fn round_cents(self) -> Money {
        Money::wan(crate::number::round2(self.as_wan()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identities::{all, IdentityCheck};

    #[test]
    fn synthetic_years_are_deterministic_and_consistent() {
        assert_eq!(department_year(7), department_year(7));
        assert_ne!(department_year(7), department_year(8));
        for seed in 0..200 {
            let d = department_year(seed);
            for id in all() {
                assert!(
                    !matches!(id.check(&d), IdentityCheck::Broken { .. }),
                    "seed {seed}: {} broken",
                    id.id
                );
            }
            let errors: Vec<_> = crate::validate(&d)
                .into_iter()
                .filter(|x| x.severity == crate::Severity::Error)
                .collect();
            assert!(errors.is_empty(), "seed {seed}: {errors:?}");
        }
    }
}
