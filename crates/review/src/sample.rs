//! Which projects a 复核 re-scores (抽评): all of them, or N per department by a stated,
//! reproducible rule.

use jixiao_model::DepartmentYear;

/// The sampling rule.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Sampling {
    /// Every project (default).
    #[default]
    All,
    /// The N projects with the largest 全年预算数 (ties by name; projects without a budget
    /// last) — the money-weighted sample reviewers usually take.
    Largest(usize),
    /// N projects per department chosen by a hash of (seed, department code or name,
    /// project name): a random-looking sample anyone can reproduce from the seed.
    Hashed { per_department: usize, seed: u64 },
}

impl Sampling {
    /// The rule in Chinese, for outputs.
    pub fn describe(&self) -> String {
        match self {
            Sampling::All => "全部项目".into(),
            Sampling::Largest(n) => format!("每个部门按全年预算数从大到小抽取 {n} 个项目"),
            Sampling::Hashed {
                per_department,
                seed,
            } => format!(
                "每个部门按种子 {seed} 的哈希顺序（FNV-1a：种子、部门编码、项目名称）抽取 {per_department} 个项目"
            ),
        }
    }

    /// The positions (in `projects.project`) of the sampled projects, ascending.
    pub fn choose(&self, d: &DepartmentYear) -> Vec<usize> {
        let items = &d.projects.items;
        let mut idx: Vec<usize> = (0..items.len()).collect();
        let n = match self {
            Sampling::All => return idx,
            Sampling::Largest(n) => {
                idx.sort_by(|&a, &b| {
                    let ba = items[a].budget_annual.map(|m| m.as_wan());
                    let bb = items[b].budget_annual.map(|m| m.as_wan());
                    bb.cmp(&ba).then_with(|| items[a].name.cmp(&items[b].name))
                });
                *n
            }
            Sampling::Hashed {
                per_department,
                seed,
            } => {
                let dept = d
                    .department
                    .code
                    .as_deref()
                    .or(d.department.name.as_deref())
                    .unwrap_or("");
                let key = |i: usize| fnv1a(*seed, dept, &items[i].name);
                idx.sort_by_key(|&i| (key(i), i));
                *per_department
            }
        };
        idx.truncate(n);
        idx.sort_unstable();
        idx
    }
}

/// FNV-1a (64-bit) over the seed's bytes, the department and the project name, separated
/// by a zero byte: stable across machines and versions, documented so anyone can redo it.
fn fnv1a(seed: u64, dept: &str, project: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    };
    for b in seed.to_le_bytes() {
        eat(b);
    }
    for b in dept.bytes() {
        eat(b);
    }
    eat(0);
    for b in project.bytes() {
        eat(b);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use jixiao_model::{Money, Project};
    use rust_decimal::Decimal;

    fn dept(budgets: &[(&str, Option<i64>)]) -> DepartmentYear {
        let mut d = DepartmentYear::default();
        d.department.code = Some("001".into());
        d.projects.items = budgets
            .iter()
            .map(|(n, b)| Project {
                name: n.to_string(),
                budget_annual: b.map(|b| Money::wan(Decimal::from(b))),
                ..Default::default()
            })
            .collect();
        d
    }

    #[test]
    fn largest_budgets_ties_by_name() {
        let d = dept(&[
            ("丙", Some(10)),
            ("甲", Some(30)),
            ("乙", Some(30)),
            ("丁", None),
        ]);
        // 乙 and 甲 tie at 30 (by name: 乙 U+4E59 < 甲 U+7532), then 丙.
        assert_eq!(Sampling::Largest(2).choose(&d), vec![1, 2]);
        assert_eq!(Sampling::Largest(3).choose(&d), vec![0, 1, 2]);
        assert_eq!(Sampling::Largest(9).choose(&d).len(), 4);
        assert_eq!(Sampling::All.choose(&d), vec![0, 1, 2, 3]);
    }

    #[test]
    fn hashed_sample_is_reproducible_and_depends_on_the_seed() {
        let names: Vec<String> = (0..20).map(|i| format!("项目{i}")).collect();
        let d = dept(
            &names
                .iter()
                .map(|n| (n.as_str(), Some(1)))
                .collect::<Vec<_>>(),
        );
        let a = Sampling::Hashed {
            per_department: 5,
            seed: 7,
        };
        assert_eq!(a.choose(&d), a.choose(&d.clone()));
        assert_eq!(a.choose(&d).len(), 5);
        let b = Sampling::Hashed {
            per_department: 5,
            seed: 8,
        };
        assert_ne!(a.choose(&d), b.choose(&d));
        // FNV-1a of the documented input, pinned so the rule cannot drift.
        assert_eq!(fnv1a(0, "", ""), 16_574_515_714_863_409_599); // checked with an independent FNV-1a
    }
}
