//! Who is asking, over which organisations. Made only by this crate (from a session, a
//! token or an account id): its fields are private, so no caller can construct or widen
//! one, and every query of organisation data takes one.

use jixiao_workflow::{Relation, Role};

use crate::db::{Conn, Value};
use crate::StoreError;

/// One role held in one organisation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Grant {
    pub role: Role,
    pub org_id: i64,
    pub org_code: String,
    pub org_name: String,
    #[serde(skip)]
    pub(crate) org_path: String,
    #[serde(skip)]
    pub(crate) org_kind: String,
    /// For a 财政审核人: the paths of the departments its division owns.
    #[serde(skip)]
    pub(crate) owned_paths: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Scope {
    pub(crate) account_id: i64,
    pub(crate) username: String,
    pub(crate) display_name: String,
    pub(crate) grants: Vec<Grant>,
}

impl Scope {
    pub fn account_id(&self) -> i64 {
        self.account_id
    }
    pub fn username(&self) -> &str {
        &self.username
    }
    pub fn display_name(&self) -> &str {
        &self.display_name
    }
    pub fn grants(&self) -> &[Grant] {
        &self.grants
    }
    pub fn has_role(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }

    /// How each grant relates to an organisation at `path` (a materialised path
    /// `/1/4/17/`), with the grant's role.
    pub(crate) fn relations(&self, org_id: i64, path: &str) -> Vec<(Role, Relation)> {
        self.grants
            .iter()
            .map(|g| {
                let rel = if g.org_id == org_id {
                    Relation::Own
                } else if g.role == Role::FinanceReviewer
                    && g.owned_paths.iter().any(|p| path.starts_with(p.as_str()))
                {
                    Relation::Owns
                } else if path.starts_with(g.org_path.as_str()) {
                    match g.org_kind.as_str() {
                        "bureau" => Relation::Bureau,
                        "department" => Relation::Supervises,
                        _ => Relation::None,
                    }
                } else {
                    Relation::None
                };
                (g.role, rel)
            })
            .collect()
    }

    /// A SQL condition on the organisation alias `o` selecting what the caller may see,
    /// with its parameters numbered from `first`. Never empty: no grant gives `1 = 0`.
    ///
    /// `task` is the SQL expression of the task the rows belong to (`i.task_id`), where
    /// there is one. A 评价人 sees an organisation (and what lies below it) only in the
    /// tasks it is assigned that organisation for (`assignments`); where no task is given
    /// (the organisation list), in any task it is assigned.
    pub(crate) fn visible_sql(&self, first: usize, task: Option<&str>) -> (String, Vec<Value>) {
        let mut parts = Vec::new();
        let mut params = Vec::new();
        let mut n = first;
        if self.has_role(Role::Evaluator) {
            let task_cond = task
                .map(|t| format!(" AND s.task_id = {t}"))
                .unwrap_or_default();
            parts.push(format!(
                "EXISTS (SELECT 1 FROM assignments s JOIN organisations ao ON ao.id = s.org_id WHERE s.account_id = ${n}{task_cond} AND o.path LIKE ao.path || '%')"
            ));
            params.push(Value::Int(self.account_id));
            n += 1;
        }
        for g in &self.grants {
            match g.role {
                Role::Filler | Role::UnitHead => {
                    parts.push(format!("o.id = ${n}"));
                    params.push(Value::Int(g.org_id));
                    n += 1;
                }
                Role::DeptReviewer | Role::PerfAdmin => {
                    let subtree = matches!(
                        (g.role, g.org_kind.as_str()),
                        (Role::DeptReviewer, "department") | (Role::PerfAdmin, "bureau")
                    );
                    if subtree {
                        let (lo, hi) = subtree_range(&g.org_path);
                        parts.push(format!("(o.path >= ${n} AND o.path < ${})", n + 1));
                        params.push(lo.into());
                        params.push(hi.into());
                        n += 2;
                    } else {
                        parts.push(format!("o.id = ${n}"));
                        params.push(Value::Int(g.org_id));
                        n += 1;
                    }
                }
                Role::FinanceReviewer => {
                    for p in &g.owned_paths {
                        let (lo, hi) = subtree_range(p);
                        parts.push(format!("(o.path >= ${n} AND o.path < ${})", n + 1));
                        params.push(lo.into());
                        params.push(hi.into());
                        n += 2;
                    }
                }
                Role::Evaluator | Role::ReadOnly => {}
            }
        }
        if parts.is_empty() {
            ("1 = 0".into(), params)
        } else {
            (format!("({})", parts.join(" OR ")), params)
        }
    }
}

/// The organisations under a materialised path `/1/4/` (itself included) are exactly those
/// whose path lies in [`/1/4/`, `/1/40`): paths hold only digits and `/`, and `0` follows
/// `/`. A range, unlike `LIKE 'prefix%'`, uses the path index on both backends.
pub(crate) fn subtree_range(path: &str) -> (String, String) {
    let hi = match path.strip_suffix('/') {
        Some(stem) => format!("{stem}0"),
        None => format!("{path}\u{10FFFF}"),
    };
    (path.to_string(), hi)
}

/// Build the scope of an account (its grants, and for finance reviewers the departments
/// their divisions own).
pub(crate) fn load(c: &mut dyn Conn, account_id: i64) -> Result<Option<Scope>, StoreError> {
    let Some(acc) = c.one(
        "SELECT username, display_name FROM accounts WHERE id = $1 AND active = 1",
        &[Value::Int(account_id)],
    )?
    else {
        return Ok(None);
    };
    let rows = c.query(
        "SELECT g.role, o.id, o.code, o.name, o.path, o.kind FROM grants g JOIN organisations o ON o.id = g.org_id WHERE g.account_id = $1 ORDER BY o.code, g.role",
        &[Value::Int(account_id)],
    )?;
    let mut grants = Vec::new();
    for r in rows {
        let Some(role) = Role::from_id(&r.text(0)) else {
            continue;
        };
        let org_id = r.int(1);
        let owned_paths = if role == Role::FinanceReviewer {
            c.query(
                "SELECT path FROM organisations WHERE owner_division_id = $1 ORDER BY path",
                &[Value::Int(org_id)],
            )?
            .into_iter()
            .map(|r| r.text(0))
            .collect()
        } else {
            Vec::new()
        };
        grants.push(Grant {
            role,
            org_id,
            org_code: r.text(2),
            org_name: r.text(3),
            org_path: r.text(4),
            org_kind: r.text(5),
            owned_paths,
        });
    }
    Ok(Some(Scope {
        account_id,
        username: acc.text(0),
        display_name: acc.text(1),
        grants,
    }))
}

#[cfg(test)]
mod tests {
    use super::subtree_range;

    #[test]
    fn a_subtree_is_a_range_of_paths() {
        let (lo, hi) = subtree_range("/1/4/");
        for inside in ["/1/4/", "/1/4/17/", "/1/4/9/33/"] {
            assert!(lo.as_str() <= inside && inside < hi.as_str(), "{inside}");
        }
        for outside in ["/1/40/", "/1/41/", "/1/5/", "/1/3/99/", "/2/"] {
            assert!(
                !(lo.as_str() <= outside && outside < hi.as_str()),
                "{outside}"
            );
        }
    }
}
