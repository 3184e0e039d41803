//! Tasks (任务): the bureau opens one for a year and a stage, with the organisations it
//! covers, a window, the framework and the grade bands; each covered organisation gets one
//! item. Only a 绩效管理员 opens or locks tasks.

use jixiao_workflow::{Role, State};
use serde::Serialize;

use crate::db::Value;
use crate::scope::Scope;
use crate::{time, Store, StoreError};

/// A task to open.
#[derive(Debug, Clone)]
pub struct NewTask {
    pub title: String,
    pub year: i64,
    /// `self_eval` (年度自评) for now.
    pub stage: String,
    /// Framework id (builtin) the items are scored with.
    pub framework: String,
    /// Grade bands as text, e.g. `优=[90,100];良=[80,90);中=[60,80);差=[0,60)`; empty: the
    /// framework's own.
    pub grade_bands: String,
    /// `YYYY-MM-DD`.
    pub opens_on: String,
    pub due_on: String,
    /// Codes of the covered organisations.
    pub org_codes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Task {
    pub id: i64,
    pub title: String,
    pub year: i64,
    pub stage: String,
    pub framework: String,
    pub grade_bands: String,
    pub opens_on: String,
    pub due_on: String,
    pub locked: bool,
    pub created_at: String,
    /// The monitoring round (`first`, `second`) of a `monitoring` task; empty otherwise.
    pub round: String,
    /// Items the caller can see, by state id.
    pub counts: Vec<(String, i64)>,
    /// Items the caller can see.
    pub items: i64,
    /// Past the due date and not yet confirmed.
    pub overdue: i64,
}

fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

impl Store {
    pub fn create_task(&self, scope: &Scope, t: &NewTask) -> Result<i64, StoreError> {
        self.create_task_in_round(scope, t, "")
    }

    /// Open a task with a monitoring round (`round` is stored as given; the caller checks
    /// it, see [`Store::open_cycle_task`]).
    pub(crate) fn create_task_in_round(
        &self,
        scope: &Scope,
        t: &NewTask,
        round: &str,
    ) -> Result<i64, StoreError> {
        if !scope.has_role(Role::PerfAdmin) {
            return Err(StoreError::Forbidden("只有绩效管理员可以发布任务".into()));
        }
        if t.title.trim().is_empty() || t.title.chars().count() > 200 {
            return Err(StoreError::Invalid(
                "任务名称不能为空，且不超过 200 个字符".into(),
            ));
        }
        if !(1990..=2100).contains(&t.year) {
            return Err(StoreError::Invalid(format!(
                "年度 {} 不在 1990—2100 之间",
                t.year
            )));
        }
        if !valid_date(&t.opens_on) || !valid_date(&t.due_on) {
            return Err(StoreError::Invalid(
                "开始和截止日期应写作 YYYY-MM-DD".into(),
            ));
        }
        if t.due_on < t.opens_on {
            return Err(StoreError::Invalid("截止日期早于开始日期".into()));
        }
        if t.org_codes.is_empty() {
            return Err(StoreError::Invalid("任务至少要覆盖一个组织".into()));
        }
        let (cond, params) = scope.visible_sql(2, None);
        self.db.write(|c| {
            let now = time::offset(0);
            let id = c
                .one(
                    "INSERT INTO tasks (title, year, stage, framework, grade_bands, opens_on, due_on, locked, created_by, created_at, round) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9, $10) RETURNING id",
                    &[
                        t.title.trim().into(),
                        Value::Int(t.year),
                        t.stage.as_str().into(),
                        t.framework.as_str().into(),
                        t.grade_bands.as_str().into(),
                        t.opens_on.as_str().into(),
                        t.due_on.as_str().into(),
                        Value::Int(scope.account_id),
                        now.as_str().into(),
                        round.into(),
                    ],
                )?
                .map(|r| r.int(0))
                .ok_or_else(|| StoreError::Database("INSERT returned no id".into()))?;
            for code in &t.org_codes {
                let mut p = vec![Value::Text(code.clone())];
                p.extend(params.iter().cloned());
                let org = c
                    .one(
                        &format!("SELECT o.id FROM organisations o WHERE o.code = $1 AND {cond}"),
                        &p,
                    )?
                    .ok_or_else(|| StoreError::Invalid(format!("组织编码「{code}」不存在")))?;
                c.exec(
                    "INSERT INTO items (task_id, org_id, state, revision, errors, updated_at) VALUES ($1, $2, $3, 0, 0, $4) ON CONFLICT DO NOTHING",
                    &[Value::Int(id), Value::Int(org.int(0)), State::Draft.id().into(), now.as_str().into()],
                )?;
            }
            crate::audit::append(
                c,
                &scope.username,
                "task_created",
                &format!("task:{id}"),
                &serde_json::json!({ "title": t.title, "stage": t.stage, "round": round, "orgs": t.org_codes.len() }),
            )?;
            Ok(id)
        })
    }

    /// Tasks with at least one item the caller can see (every task, for a 绩效管理员).
    pub fn tasks(&self, scope: &Scope) -> Result<Vec<Task>, StoreError> {
        self.task_rows(scope, None)
    }

    pub fn task(&self, scope: &Scope, id: i64) -> Result<Option<Task>, StoreError> {
        Ok(self.task_rows(scope, Some(id))?.into_iter().next())
    }

    fn task_rows(&self, scope: &Scope, only: Option<i64>) -> Result<Vec<Task>, StoreError> {
        let (cond, mut params) = scope.visible_sql(2, Some("i.task_id"));
        let today = time::today();
        params.insert(0, today.into());
        let admin = scope.has_role(Role::PerfAdmin);
        let only_sql = match only {
            Some(id) => {
                params.push(Value::Int(id));
                format!(" AND t.id = ${}", params.len())
            }
            None => String::new(),
        };
        self.db.read(|c| {
            let rows = c.query(
                &format!(
                    "SELECT t.id, t.title, t.year, t.stage, t.framework, t.grade_bands, t.opens_on, t.due_on, t.locked, t.created_at, i.state, COUNT(i.id), SUM(CASE WHEN t.due_on < $1 AND i.state <> 'confirmed' THEN 1 ELSE 0 END), t.round
                     FROM tasks t LEFT JOIN items i ON i.task_id = t.id LEFT JOIN organisations o ON o.id = i.org_id
                     WHERE ({cond} OR i.id IS NULL){only_sql}
                     GROUP BY t.id, t.title, t.year, t.stage, t.framework, t.grade_bands, t.opens_on, t.due_on, t.locked, t.created_at, i.state, t.round
                     ORDER BY t.id DESC"
                ),
                &params,
            )?;
            let mut out: Vec<Task> = Vec::new();
            for r in rows {
                let id = r.int(0);
                if out.last().map(|t| t.id) != Some(id) {
                    out.push(Task {
                        id,
                        title: r.text(1),
                        year: r.int(2),
                        stage: r.text(3),
                        framework: r.text(4),
                        grade_bands: r.text(5),
                        opens_on: r.text(6),
                        due_on: r.text(7),
                        locked: r.int(8) != 0,
                        created_at: r.text(9),
                        round: r.text(13),
                        counts: Vec::new(),
                        items: 0,
                        overdue: 0,
                    });
                }
                let t = out.last_mut().expect("pushed above");
                if let Some(state) = r.opt_text(10) {
                    t.counts.push((state, r.int(11)));
                    t.items += r.int(11);
                    t.overdue += r.int(12);
                }
            }
            Ok(out.into_iter().filter(|t| admin || t.items > 0).collect())
        })
    }

    /// Lock or unlock a task (绩效管理员 only). `false`: no such task.
    pub fn set_task_locked(
        &self,
        scope: &Scope,
        id: i64,
        locked: bool,
    ) -> Result<bool, StoreError> {
        if !scope.has_role(Role::PerfAdmin) {
            return Err(StoreError::Forbidden("只有绩效管理员可以锁定任务".into()));
        }
        self.db.write(|c| {
            let n = c.exec(
                "UPDATE tasks SET locked = $2 WHERE id = $1",
                &[Value::Int(id), locked.into()],
            )?;
            if n > 0 {
                crate::audit::append(
                    c,
                    &scope.username,
                    if locked {
                        "task_locked"
                    } else {
                        "task_unlocked"
                    },
                    &format!("task:{id}"),
                    &serde_json::json!({}),
                )?;
            }
            Ok(n > 0)
        })
    }
}
