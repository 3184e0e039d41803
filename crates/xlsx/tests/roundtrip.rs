//! TOML → xlsx → TOML gives byte-for-byte the same canonical TOML.

use std::path::PathBuf;

use jixiao_xlsx::{read_workbook_bytes, template_bytes};

fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
        .join("department.toml")
}

fn check_round_trip(d: &jixiao_model::DepartmentYear) {
    let before = jixiao_io::to_canonical_toml(d);
    let bytes = template_bytes(d).expect("template");
    let back = match read_workbook_bytes(&bytes) {
        Ok(back) => back,
        Err(diags) => panic!(
            "{}",
            diags
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ),
    };
    let after = jixiao_io::to_canonical_toml(&back);
    if before != after {
        let b: Vec<&str> = before.lines().collect();
        let a: Vec<&str> = after.lines().collect();
        for (i, (x, y)) in b.iter().zip(&a).enumerate() {
            assert_eq!(x, y, "first difference at line {}", i + 1);
        }
        assert_eq!(b.len(), a.len());
    }
    assert_eq!(&back, d);
}

#[test]
fn longhua_round_trips_byte_for_byte() {
    let loaded = jixiao_io::load_path(&example("longhua-zwfw-2021")).expect("example loads");
    check_round_trip(&loaded.model);
}

#[test]
fn blank_template_reads_as_empty_department_year() {
    let bytes = template_bytes(&Default::default()).expect("template");
    let d = read_workbook_bytes(&bytes).expect("blank template is valid");
    assert_eq!(d, Default::default());
}

/// A seeded generator of department-years that fill every field the model has.
mod gen {
    use jixiao_model::*;
    use rust_decimal::Decimal;

    pub struct G(u64);

    impl G {
        pub fn new(seed: u64) -> G {
            G(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
        }
        fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.0 = x;
            x
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n.max(1)
        }
        fn chance(&mut self, pct: u64) -> bool {
            self.below(100) < pct
        }
        fn opt<T>(&mut self, f: impl FnOnce(&mut G) -> T) -> Option<T> {
            if self.chance(75) {
                Some(f(self))
            } else {
                None
            }
        }
        fn dec(&mut self, signed: bool) -> Decimal {
            let m: i128 = match self.below(4) {
                0 => self.below(100) as i128,
                1 => self.below(100_000_000) as i128,
                2 => self.below(1_000_000_000_000_000_000) as i128,
                _ => (self.below(1000) * 10) as i128,
            };
            let m = if signed && self.chance(30) { -m } else { m };
            Decimal::from_i128_with_scale(m, self.below(5) as u32)
        }
        fn money(&mut self) -> Option<Money> {
            self.opt(|g| Money::wan(g.dec(false)))
        }
        fn smoney(&mut self) -> Option<Money> {
            self.opt(|g| Money::wan(g.dec(true)))
        }
        fn pct(&mut self) -> Option<Percent> {
            self.opt(|g| Percent(g.dec(false)))
        }
        fn num(&mut self) -> Option<Num> {
            self.opt(|g| Num(g.dec(true)))
        }
        fn count(&mut self) -> Option<u32> {
            self.opt(|g| match g.below(3) {
                0 => 0,
                1 => g.below(100) as u32,
                _ => u32::MAX - g.below(3) as u32,
            })
        }
        fn flag(&mut self) -> Option<bool> {
            self.opt(|g| g.chance(50))
        }
        pub fn word(&mut self) -> String {
            const CH: &[&str] = &[
                "绩", "效", "预", "算", "项", "目", "a", "B", "1", "0", "-", "（", "）", " ", "%",
                "=", "\"", "'", "<", "&", "万元", "≥", "·", "😀",
            ];
            let n = 1 + self.below(12);
            let s: String = (0..n)
                .map(|_| CH[self.below(CH.len() as u64) as usize])
                .collect();
            let t = s.trim().to_string();
            if t.is_empty() {
                "x".into()
            } else {
                t
            }
        }
        fn text(&mut self) -> Option<String> {
            self.opt(|g| g.word())
        }
        fn long(&mut self) -> Option<String> {
            self.opt(|g| {
                let n = 1 + g.below(4);
                (0..n).map(|_| g.word()).collect::<Vec<_>>().join("\n")
            })
        }
        fn vec<T>(&mut self, max: u64, mut f: impl FnMut(&mut G) -> T) -> Vec<T> {
            let n = self.below(max + 1);
            (0..n).map(|_| f(self)).collect()
        }
        fn months(&mut self, max: u64) -> Vec<Money> {
            self.vec(max, |g| Money::wan(g.dec(true)))
        }
        fn monitoring(&mut self) -> Option<jixiao_model::Monitoring> {
            use jixiao_model::{FundLine, Monitoring, PriorYearMonthly, ReasonCategory};
            let m = self.opt(|g| Monitoring {
                as_of: g.text(),
                funds: g.vec(3, |g| FundLine {
                    source: g.word(),
                    initial: g.money(),
                    adjustment: g.smoney(),
                    adjusted: g.money(),
                    spent: g.money(),
                }),
                spent: g.money(),
                monthly: g.months(12),
                prior_years: g.vec(2, |g| PriorYearMonthly {
                    year: g.opt(|g| 2000 + g.below(40) as i32),
                    monthly: g.months(12),
                }),
                forecast_spent: g.money(),
                reason: g.long(),
                reason_category: g.opt(|g| ReasonCategory::ALL[g.below(5) as usize]),
                measures: g.long(),
            })?;
            (m != Monitoring::default()).then_some(m)
        }
        fn target_monitoring(&mut self) -> Option<jixiao_model::TargetMonitoring> {
            use jixiao_model::{Likelihood, ReasonCategory, TargetMonitoring};
            let m = self.opt(|g| TargetMonitoring {
                current: g.num(),
                current_text: g.text(),
                forecast: g.num(),
                forecast_text: g.text(),
                likelihood: g.opt(|g| {
                    [
                        Likelihood::Certain,
                        Likelihood::Possible,
                        Likelihood::Impossible,
                    ][g.below(3) as usize]
                }),
                reason: g.long(),
                reason_category: g.opt(|g| ReasonCategory::ALL[g.below(5) as usize]),
                measures: g.long(),
            })?;
            (m != TargetMonitoring::default()).then_some(m)
        }
        fn op(&mut self) -> TargetOperator {
            use TargetOperator::*;
            [AtLeast, AtMost, Equal, Above, Below, Range, Qualitative][self.below(7) as usize]
        }
        fn budget(&mut self) -> BudgetFigures {
            BudgetFigures {
                total: self.money(),
                basic: self.money(),
                personnel: self.money(),
                public_funds: self.money(),
                project: self.money(),
                capital_construction: self.money(),
                all_fiscal: self.flag(),
                sources: self.vec(3, |g| FundingSource {
                    name: g.word(),
                    amount: g.money(),
                }),
            }
        }
        fn sg(&mut self, signed: bool) -> SangongFigures {
            let mut m = || if signed { self.smoney() } else { self.money() };
            SangongFigures {
                total: m(),
                overseas: m(),
                reception: m(),
                vehicle: m(),
                vehicle_purchase: m(),
                vehicle_operation: m(),
            }
        }
        fn proc(&mut self) -> ProcurementFigures {
            ProcurementFigures {
                total: self.money(),
                goods: self.money(),
                works: self.money(),
                services: self.money(),
            }
        }
    }

    pub fn department_year(seed: u64) -> DepartmentYear {
        let mut g = G::new(seed);
        let g = &mut g;
        let n_projects = g.below(5);
        let projects: Vec<Project> = (0..n_projects)
            .map(|i| Project {
                name: format!("{}-{i}", g.word()),
                code: g.text(),
                key: g.flag(),
                capital_construction: g.flag(),
                budget_initial: g.money(),
                budget_annual: g.money(),
                spent: g.money(),
                status: g.opt(|g| {
                    use ProjectStatus::*;
                    [NotStarted, InProgress, Completed, Cancelled][g.below(4) as usize]
                }),
                on_time: g.flag(),
                quality_ok: g.flag(),
                goal: g.long(),
                goal_result: g.long(),
                targets: g.vec(4, |g| PerformanceTarget {
                    level1: [
                        TargetLevel1::Output,
                        TargetLevel1::Benefit,
                        TargetLevel1::Satisfaction,
                        TargetLevel1::Cost,
                    ][g.below(4) as usize],
                    level2: g.word(),
                    name: g.word(),
                    operator: g.op(),
                    value: g.num(),
                    value_high: g.num(),
                    value_text: g.text(),
                    unit: g.text(),
                    actual: g.num(),
                    actual_text: g.text(),
                    weight: g.num(),
                    score: g.num(),
                    deviation: g.long(),
                    monitoring: g.target_monitoring(),
                }),
                monitoring: g.monitoring(),
            })
            .collect();
        let n_assess = g.below(4);
        let assessments = (0..n_assess)
            .map(|i| Assessment {
                indicator: format!("D{:02}", 10 + i),
                tier: g.text(),
                items: g.vec(3, |g| ChecklistAnswer {
                    item: g.word(),
                    satisfied: g.chance(50),
                    note: g.text(),
                }),
                score: g.num(),
                violations: g.count(),
                reason: if g.chance(80) {
                    g.word()
                } else {
                    String::new()
                },
            })
            .collect();
        let periods = ["Q1", "Q2", "M07", "Q3", "M11", "Q4"];
        DepartmentYear {
            department: Department {
                name: g.text(),
                code: g.text(),
                level: g.text(),
                year: g.opt(|g| 2000 + g.below(40) as i32),
                functions: g.long(),
                head: g.text(),
                preparer: g.text(),
                phone: g.text(),
                source: g.text(),
            },
            evaluation: EvaluationSettings {
                framework: g.text(),
                as_of: g.opt(|_| "2021-12-31".to_string()),
            },
            budget: Budget {
                initial: g.budget(),
                adjusted: g.budget(),
                final_accounts: g.budget(),
                excluded_adjustment: g.money(),
                adjustments: BudgetAdjustments {
                    added: g.money(),
                    reduced: g.money(),
                    reallocated: g.money(),
                },
                key_project_spending: g.money(),
            },
            sangong: Sangong {
                initial_budget: g.sg(false),
                adjusted_budget: g.sg(false),
                actual: g.sg(false),
                vehicles_purchased: g.count(),
                actual_change_vs_prior: g.sg(true),
            },
            carryover: Carryover {
                opening: g.money(),
                closing: g.money(),
            },
            procurement: Procurement {
                initial_budget: g.money(),
                plan: g.proc(),
                actual: g.proc(),
            },
            progress: {
                let mut out = Vec::new();
                for p in periods {
                    if g.chance(60) {
                        out.push(ProgressPoint {
                            period: p.to_string(),
                            spent_pct: g.pct(),
                            spent: g.money(),
                            time_pct: g.pct(),
                        });
                    }
                }
                out
            },
            staffing: Staffing {
                authorized: g.count(),
                actual: g.count(),
            },
            projects: Projects {
                planned_count: g.count(),
                completed_count: g.count(),
                on_time_count: g.count(),
                quality_count: g.count(),
                all_have_targets: g.flag(),
                items: projects,
            },
            key_tasks: KeyTasks {
                assigned_count: g.count(),
                completed_count: g.count(),
                on_time_count: g.count(),
                items: g.vec(3, |g| KeyTask {
                    description: g.word(),
                    target: g.long(),
                    completed: g.flag(),
                    on_time: g.flag(),
                }),
            },
            duty_targets: g.vec(3, |g| DutyTarget {
                name: g.word(),
                operator: g.op(),
                value: g.num(),
                unit: g.text(),
                actual: g.num(),
                note: g.text(),
            }),
            assets: Assets {
                fixed_purchased: g.money(),
                fixed_transferred_in: g.money(),
                intangible_purchased: g.money(),
                intangible_transferred_in: g.money(),
                disposed_book_value: g.money(),
                disposal_residual: g.money(),
                disposal_residual_remitted: g.flag(),
                received_from_other_units: g.money(),
                fixed_original_value: g.money(),
                fixed_in_use_value: g.money(),
                rented_out_value: g.money(),
                stocktake_done: g.flag(),
                books_match_physical: g.flag(),
            },
            institutions: Institutions {
                domains: g.vec(4, |g| g.word()),
                rules: g.vec(3, |g| InstitutionRule {
                    name: g.word(),
                    domain: g.text(),
                }),
            },
            disclosure: Disclosure {
                budget_published: g.flag(),
                budget_where: g.text(),
                final_published: g.flag(),
                final_where: g.text(),
                on_time: g.flag(),
                note: g.long(),
            },
            petitions: Petitions {
                received: g.count(),
                answered: g.count(),
                answered_on_time: g.count(),
                overdue: g.count(),
                all_answered_on_time: g.flag(),
            },
            satisfaction: g.vec(3, |g| Survey {
                name: g.word(),
                respondents: g.count(),
                satisfied: g.count(),
                rate: g.pct(),
                method: g.text(),
            }),
            narrative: Narrative {
                annual_work: g.long(),
                key_tasks: g.long(),
                budget_preparation: g.long(),
                target_setting: g.long(),
                compliance: g.long(),
                project_management: g.long(),
                performance: g.long(),
                economic_benefit: g.long(),
                social_benefit: g.long(),
                ecological_benefit: g.long(),
                practices: g.long(),
                problems: g.long(),
                measures: g.long(),
                plans: g.long(),
                suggestions: g.long(),
            },
            prior_year: PriorYear {
                sangong_budget: g.sg(false),
                sangong_actual: g.sg(false),
                final_accounts: g.budget(),
                carryover_closing: g.money(),
            },
            assessments,
            stated: g.vec(4, |g| StatedFigure {
                indicator: format!("D{}", g.below(30)),
                value: Num(g.dec(true)),
                location: g.text(),
            }),
            monitoring: g.monitoring(),
        }
    }
}

#[test]
fn generated_department_years_round_trip_byte_for_byte() {
    for seed in 1..=40 {
        let d = gen::department_year(seed);
        check_round_trip(&d);
    }
}
