//! The other cycles of system.md §3 in the store: opening 绩效目标 and 运行监控 tasks, the
//! graded review of targets, 问题整改 items and their events, 结果应用 rules per task, and
//! the assignment of 评价人 to a task's organisations. Every function takes the caller's
//! [`Scope`]; what it cannot see is `None` / `NotFound`, like something that does not exist.
//! The decisions are `jixiao_workflow`'s, asked inside the write transaction after the row
//! is locked.

use jixiao_workflow::monitoring::{self, Round};
use jixiao_workflow::rectify::{self, RectAction, RectRequest, RectState, Standing};
use jixiao_workflow::results::{parse_result_rules, DEFAULT_RESULT_RULES_TOML};
use jixiao_workflow::targets::{Grade, TargetRequest};
use jixiao_workflow::{Refusal, Relation, Role};
use serde::Serialize;

use crate::db::{Conn, Row, Value};
use crate::items::{
    decide_target_for, load_visible, refused, Item, TransitionError, TransitionRecord, TARGETS,
};
use crate::scope::Scope;
use crate::tasks::NewTask;
use crate::{sha256_hex, time, Store, StoreError};

/// Stage id of 运行监控 tasks.
pub const MONITORING: &str = "monitoring";
/// Stage id of 绩效目标 tasks.
pub const TARGETS_STAGE: &str = TARGETS;

/// Where a finding comes from.
pub const RECT_SOURCES: &[(&str, &str)] = &[
    ("review", "自评复核"),
    ("audit", "报告审核"),
    ("targets", "绩效目标审核"),
    ("monitoring", "运行监控"),
    ("evaluation", "财政评价"),
    ("manual", "其他"),
];

/// A finding to raise as a rectification item.
#[derive(Debug, Clone, Default)]
pub struct NewRectification {
    /// The organisation that must rectify.
    pub org_code: String,
    /// The task the finding came from (required for a 评价人: it is assigned per task).
    pub task_id: Option<i64>,
    /// The task item the finding is about, if any.
    pub item_id: Option<i64>,
    /// One of [`RECT_SOURCES`].
    pub source: String,
    /// The finding's code (`RV003`, `AU104`, `TQ001`…), or empty.
    pub code: String,
    /// Where it points (`projects.project[0].target[2]`, `报告.pdf:12:5`…), or empty.
    pub location: String,
    /// 问题
    pub finding: String,
    /// 整改要求
    pub requirement: String,
    /// 整改期限 `YYYY-MM-DD` (the last day allowed).
    pub deadline: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Rectification {
    pub id: i64,
    pub org_id: i64,
    pub org_code: String,
    pub org_name: String,
    pub task_id: Option<i64>,
    pub item_id: Option<i64>,
    pub source: String,
    pub code: String,
    pub location: String,
    pub finding: String,
    pub requirement: String,
    pub deadline: String,
    pub state: RectState,
    pub state_label: &'static str,
    /// Times it was reopened.
    pub reopened: i64,
    pub raised_by: String,
    pub raised_at: String,
    pub updated_at: String,
    pub overdue: bool,
    pub days_overdue: i64,
    /// What the caller may do now.
    pub actions: Vec<RectAction>,
    /// The caller raised it.
    pub mine: bool,
    #[serde(skip)]
    standings: Vec<Standing>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RectEvent {
    /// `raise`, `answer`, `confirm`, `reopen`.
    pub action: String,
    pub from: Option<RectState>,
    pub to: RectState,
    pub actor: String,
    pub role: Role,
    pub text: Option<String>,
    /// The deadline after the event.
    pub deadline: String,
    pub at: String,
}

/// Which rectification items to list.
#[derive(Debug, Clone, Default)]
pub struct RectFilter {
    pub task_id: Option<i64>,
    pub state: Option<RectState>,
    pub overdue: bool,
    /// Only those the caller can act on now.
    pub todo: bool,
}

/// The result-application rules of a task.
#[derive(Debug, Clone, Serialize)]
pub struct StoredRules {
    pub task_id: i64,
    /// The rules file's text.
    pub rules: String,
    pub sha256: String,
    /// `false`: the shipped default (nothing set for the task).
    pub custom: bool,
    pub set_by: Option<String>,
    pub set_at: Option<String>,
}

/// One task item with its current document, for 结果应用.
#[derive(Debug, Clone)]
pub struct ApplicationRow {
    pub item: Item,
    pub document: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Assignment {
    pub task_id: i64,
    pub org_code: String,
    pub org_name: String,
    pub username: String,
    pub display_name: String,
    pub assigned_at: String,
}

const RECT_COLUMNS: &str = "r.id, r.org_id, o.code, o.name, r.task_id, r.item_id, r.source, r.code, r.location, r.finding, r.requirement, r.deadline, r.state, r.reopened, a.display_name, r.raised_at, r.updated_at, r.raised_by, o.path";
const RECT_FROM: &str = "rectifications r JOIN organisations o ON o.id = r.org_id JOIN accounts a ON a.id = r.raised_by";

fn opt_int(r: &Row, i: usize) -> Option<i64> {
    match r.0.get(i) {
        Some(Value::Int(v)) => Some(*v),
        _ => None,
    }
}

fn standings(scope: &Scope, org_id: i64, path: &str, raised_by: i64) -> Vec<Standing> {
    let raiser = raised_by == scope.account_id;
    let mut out: Vec<Standing> = scope
        .relations(org_id, path)
        .into_iter()
        .map(|(role, relation)| Standing {
            role,
            relation,
            raiser,
        })
        .collect();
    if out.is_empty() && raiser {
        out.push(Standing {
            role: Role::ReadOnly,
            relation: Relation::None,
            raiser,
        });
    }
    out
}

fn rect_of(scope: &Scope, r: &Row, today: &str) -> Rectification {
    let state = RectState::from_id(&r.text(12)).unwrap_or(RectState::Open);
    let raised_by = r.int(17);
    let standings = standings(scope, r.int(1), &r.text(18), raised_by);
    let mut actions = Vec::new();
    for s in &standings {
        for a in rectify::available(state, *s) {
            if !actions.contains(&a) {
                actions.push(a);
            }
        }
    }
    let deadline = r.text(11);
    Rectification {
        id: r.int(0),
        org_id: r.int(1),
        org_code: r.text(2),
        org_name: r.text(3),
        task_id: opt_int(r, 4),
        item_id: opt_int(r, 5),
        source: r.text(6),
        code: r.text(7),
        location: r.text(8),
        finding: r.text(9),
        requirement: r.text(10),
        overdue: rectify::overdue(state, &deadline, today),
        days_overdue: rectify::days_overdue(state, &deadline, today),
        deadline,
        state,
        state_label: state.label(),
        reopened: r.int(13),
        raised_by: r.text(14),
        raised_at: r.text(15),
        updated_at: r.text(16),
        actions,
        mine: raised_by == scope.account_id,
        standings,
    }
}

fn load_rect(
    c: &mut dyn Conn,
    scope: &Scope,
    id: i64,
) -> Result<Option<Rectification>, StoreError> {
    let Some(r) = c.one(
        &format!("SELECT {RECT_COLUMNS} FROM {RECT_FROM} WHERE r.id = $1"),
        &[Value::Int(id)],
    )?
    else {
        return Ok(None);
    };
    let rect = rect_of(scope, &r, &time::today());
    if !rect.standings.iter().any(|s| rectify::can_view_item(*s)) {
        return Ok(None);
    }
    Ok(Some(rect))
}

fn check_text(what: &str, text: &str, max: usize, required: bool) -> Result<(), StoreError> {
    if required && text.trim().is_empty() {
        return Err(StoreError::Invalid(format!("{what}不能为空")));
    }
    if text.chars().count() > max {
        return Err(StoreError::Invalid(format!("{what}不能超过 {max} 个字符")));
    }
    Ok(())
}

fn check_deadline(deadline: &str) -> Result<(), StoreError> {
    match rectify::day_number(deadline) {
        Some(_) if ("1990-01-01"..="2100-12-31").contains(&deadline) => Ok(()),
        _ => Err(StoreError::Invalid(format!(
            "整改期限「{deadline}」应为 1990—2100 年间的日期，写作 YYYY-MM-DD"
        ))),
    }
}

impl Store {
    /// Open a 绩效目标 (`targets`) or 运行监控 (`monitoring`, with its round) task. A second
    /// monitoring round needs a first round of the same year; each round opens once a year.
    pub fn open_cycle_task(
        &self,
        scope: &Scope,
        t: &NewTask,
        round: Option<Round>,
    ) -> Result<i64, StoreError> {
        if !scope.has_role(Role::PerfAdmin) {
            return Err(StoreError::Forbidden("只有绩效管理员可以发布任务".into()));
        }
        match (t.stage.as_str(), round) {
            (TARGETS, None) => self.create_task_in_round(scope, t, ""),
            (TARGETS, Some(_)) => Err(StoreError::Invalid(
                "绩效目标任务没有监控轮次：请不要填写 round".into(),
            )),
            (MONITORING, None) => Err(StoreError::Invalid(
                "运行监控任务须指明轮次：first（1—7月）或 second（二次监控 1—9月）".into(),
            )),
            (MONITORING, Some(r)) => {
                let opened: Vec<(i64, Round)> = self.db.read(|c| {
                    Ok(c.query(
                        "SELECT year, round FROM tasks WHERE stage = $1 AND year = $2",
                        &[MONITORING.into(), Value::Int(t.year)],
                    )?
                    .iter()
                    .filter_map(|row| Round::from_id(&row.text(1)).map(|x| (row.int(0), x)))
                    .collect())
                })?;
                monitoring::may_open(r, t.year, &opened)
                    .map_err(|refusal| StoreError::Invalid(refusal.message))?;
                self.create_task_in_round(scope, t, r.id())
            }
            (other, _) => Err(StoreError::Invalid(format!(
                "阶段「{other}」不是本接口发布的任务：应为 targets（绩效目标）或 monitoring（运行监控）"
            ))),
        }
    }

    /// The finance bureau's graded review of a target item: 优/良/中 approve (批复), 差
    /// returns it for revision (an opinion is required).
    pub fn review_targets(
        &self,
        scope: &Scope,
        id: i64,
        grade: Grade,
        opinion: Option<&str>,
    ) -> Result<TransitionRecord, TransitionError> {
        let opinion = opinion.map(str::trim).filter(|o| !o.is_empty());
        if opinion.is_some_and(|o| o.chars().count() > 2000) {
            return Err(TransitionError::Refused(Refusal {
                code: "opinion-too-long",
                message: "审核意见不能超过 2000 字".into(),
            }));
        }
        let outcome = self.db.write(|c| {
            c.exec("UPDATE items SET updated_at = updated_at WHERE id = $1", &[Value::Int(id)])?;
            let Some(item) = load_visible(c, scope, id)? else {
                return Ok(Err(TransitionError::NotFound));
            };
            if item.stage != TARGETS {
                return Ok(Err(TransitionError::Refused(Refusal {
                    code: "wrong-stage",
                    message: "该事项不属于绩效目标任务，不能审核评级".into(),
                })));
            }
            let req = TargetRequest::review(grade, opinion);
            let (out, role) = match decide_target_for(&item, &req) {
                Ok(v) => v,
                Err(r) => return Ok(Err(refused(r))),
            };
            let at = time::offset(0);
            let action = if grade.approves() { "confirm" } else { "return" };
            c.exec(
                "UPDATE items SET state = $2, review_grade = $3, updated_at = $4 WHERE id = $1",
                &[Value::Int(id), out.state.id().into(), grade.id().into(), at.as_str().into()],
            )?;
            c.exec(
                "INSERT INTO transitions (item_id, action, from_state, to_state, actor_id, role, opinion, revision, at, grade) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                &[
                    Value::Int(id),
                    action.into(),
                    item.state.id().into(),
                    out.state.id().into(),
                    Value::Int(scope.account_id),
                    role.id().into(),
                    opinion.into(),
                    Value::Int(item.revision),
                    at.as_str().into(),
                    grade.id().into(),
                ],
            )?;
            crate::audit::append(
                c,
                &scope.username,
                "targets_review",
                &format!("item:{id}"),
                &serde_json::json!({ "grade": grade.id(), "from": item.state.id(), "to": out.state.id(), "role": role.id(), "opinion": opinion, "revision": item.revision }),
            )?;
            Ok(Ok(TransitionRecord {
                action: jixiao_workflow::Action::from_id(action).unwrap_or(jixiao_workflow::Action::Confirm),
                from: item.state,
                to: out.state,
                actor: scope.display_name.clone(),
                role,
                opinion: opinion.map(str::to_string),
                revision: item.revision,
                at,
                grade: Some(grade.id().to_string()),
            }))
        })?;
        outcome
    }

    // -----------------------------------------------------------------------------------
    // 问题整改

    /// Raise a finding as a rectification item. A 绩效管理员 raises on any organisation,
    /// a 财政审核人 on those its division owns, a 评价人 on those it is assigned in the task.
    pub fn raise_rectification(
        &self,
        scope: &Scope,
        new: &NewRectification,
    ) -> Result<i64, StoreError> {
        check_text("问题描述", &new.finding, 2000, true)?;
        check_text("整改要求", &new.requirement, 2000, true)?;
        check_text("问题代码", &new.code, 20, false)?;
        check_text("问题位置", &new.location, 500, false)?;
        check_deadline(&new.deadline)?;
        if !RECT_SOURCES.iter().any(|(id, _)| *id == new.source) {
            let ids: Vec<&str> = RECT_SOURCES.iter().map(|(id, _)| *id).collect();
            return Err(StoreError::Invalid(format!(
                "问题来源「{}」无效，应为 {} 之一",
                new.source,
                ids.join("、")
            )));
        }
        self.db.write(|c| {
            let org = c
                .one(
                    "SELECT id, path FROM organisations WHERE code = $1",
                    &[new.org_code.as_str().into()],
                )?
                .ok_or_else(|| StoreError::Invalid(format!("组织编码「{}」不存在", new.org_code)))?;
            let (org_id, path) = (org.int(0), org.text(1));
            let mut task_id = new.task_id;
            if let Some(item_id) = new.item_id {
                let item = c
                    .one("SELECT task_id, org_id FROM items WHERE id = $1", &[Value::Int(item_id)])?
                    .ok_or_else(|| StoreError::Invalid(format!("事项 {item_id} 不存在")))?;
                if item.int(1) != org_id || task_id.is_some_and(|t| t != item.int(0)) {
                    return Err(StoreError::Invalid(format!(
                        "事项 {item_id} 不属于组织「{}」{}",
                        new.org_code,
                        task_id.map(|t| format!("和任务 {t}")).unwrap_or_default()
                    )));
                }
                task_id = Some(item.int(0));
            }
            if let Some(t) = task_id {
                if c.one("SELECT id FROM tasks WHERE id = $1", &[Value::Int(t)])?.is_none() {
                    return Err(StoreError::Invalid(format!("任务 {t} 不存在")));
                }
            }
            let relations = scope.relations(org_id, &path);
            let by_grant = relations.iter().any(|(role, rel)| {
                matches!(
                    (role, rel),
                    (Role::PerfAdmin, Relation::Bureau | Relation::Own)
                        | (Role::FinanceReviewer, Relation::Owns)
                )
            });
            let assigned = scope.has_role(Role::Evaluator)
                && match task_id {
                    Some(t) => assigned_paths(c, scope.account_id, t)?
                        .iter()
                        .any(|p| path.starts_with(p.as_str())),
                    None => false,
                };
            if !by_grant && !assigned {
                return Err(StoreError::Forbidden(
                    "只有绩效管理员、主管该部门的财政审核人或受托该任务该组织的评价人可以提出整改问题".into(),
                ));
            }
            let now = time::offset(0);
            let id = c
                .one(
                    "INSERT INTO rectifications (org_id, task_id, item_id, source, code, location, finding, requirement, deadline, state, reopened, raised_by, raised_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $12, $12) RETURNING id",
                    &[
                        Value::Int(org_id),
                        task_id.into(),
                        new.item_id.into(),
                        new.source.as_str().into(),
                        new.code.trim().into(),
                        new.location.trim().into(),
                        new.finding.trim().into(),
                        new.requirement.trim().into(),
                        new.deadline.as_str().into(),
                        RectState::Open.id().into(),
                        Value::Int(scope.account_id),
                        now.as_str().into(),
                    ],
                )?
                .map(|r| r.int(0))
                .ok_or_else(|| StoreError::Database("INSERT returned no id".into()))?;
            let role = relations
                .iter()
                .find(|(r, _)| matches!(r, Role::PerfAdmin | Role::FinanceReviewer))
                .map(|(r, _)| *r)
                .unwrap_or(Role::Evaluator);
            c.exec(
                "INSERT INTO rectification_events (rectification_id, action, from_state, to_state, actor_id, role, text, deadline, at) VALUES ($1, 'raise', NULL, $2, $3, $4, $5, $6, $7)",
                &[
                    Value::Int(id),
                    RectState::Open.id().into(),
                    Value::Int(scope.account_id),
                    role.id().into(),
                    new.requirement.trim().into(),
                    new.deadline.as_str().into(),
                    now.as_str().into(),
                ],
            )?;
            crate::audit::append(
                c,
                &scope.username,
                "rectification_raised",
                &format!("rectification:{id}"),
                &serde_json::json!({ "org": new.org_code, "task": task_id, "item": new.item_id, "source": new.source, "code": new.code, "deadline": new.deadline }),
            )?;
            Ok(id)
        })
    }

    /// Rectification items the caller can see: those of organisations whose task items it
    /// sees, and those it raised. Ordered by deadline, then id.
    pub fn rectifications(
        &self,
        scope: &Scope,
        filter: &RectFilter,
    ) -> Result<Vec<Rectification>, StoreError> {
        let (cond, mut params) = scope.visible_sql(1, Some("r.task_id"));
        params.push(Value::Int(scope.account_id));
        let mut sql = format!(
            "SELECT {RECT_COLUMNS} FROM {RECT_FROM} WHERE ({cond} OR r.raised_by = ${})",
            params.len()
        );
        if let Some(t) = filter.task_id {
            params.push(Value::Int(t));
            sql.push_str(&format!(" AND r.task_id = ${}", params.len()));
        }
        if let Some(s) = filter.state {
            params.push(s.id().into());
            sql.push_str(&format!(" AND r.state = ${}", params.len()));
        }
        sql.push_str(" ORDER BY r.deadline, r.id");
        let today = time::today();
        let rows = self.db.read(|c| c.query(&sql, &params))?;
        Ok(rows
            .iter()
            .map(|r| rect_of(scope, r, &today))
            .filter(|r| r.standings.iter().any(|s| rectify::can_view_item(*s)))
            .filter(|r| !filter.overdue || r.overdue)
            .filter(|r| !filter.todo || !r.actions.is_empty())
            .collect())
    }

    /// One rectification item and its events (oldest first), if the caller can see it.
    pub fn rectification(
        &self,
        scope: &Scope,
        id: i64,
    ) -> Result<Option<(Rectification, Vec<RectEvent>)>, StoreError> {
        self.db.read(|c| {
            let Some(rect) = load_rect(c, scope, id)? else {
                return Ok(None);
            };
            let events = c
                .query(
                    "SELECT e.action, e.from_state, e.to_state, a.display_name, e.role, e.text, e.deadline, e.at FROM rectification_events e JOIN accounts a ON a.id = e.actor_id WHERE e.rectification_id = $1 ORDER BY e.id",
                    &[Value::Int(id)],
                )?
                .iter()
                .map(|r| RectEvent {
                    action: r.text(0),
                    from: r.opt_text(1).and_then(|s| RectState::from_id(&s)),
                    to: RectState::from_id(&r.text(2)).unwrap_or(RectState::Open),
                    actor: r.text(3),
                    role: Role::from_id(&r.text(4)).unwrap_or(Role::ReadOnly),
                    text: r.opt_text(5),
                    deadline: r.text(6),
                    at: r.text(7),
                })
                .collect();
            Ok(Some((rect, events)))
        })
    }

    /// Answer (unit), confirm or reopen (raiser) a rectification item. A reopen may set a
    /// new deadline.
    pub fn act_on_rectification(
        &self,
        scope: &Scope,
        id: i64,
        action: RectAction,
        text: Option<&str>,
        new_deadline: Option<&str>,
    ) -> Result<Rectification, TransitionError> {
        let text = text.map(str::trim).filter(|t| !t.is_empty());
        if text.is_some_and(|t| t.chars().count() > 4000) {
            return Err(TransitionError::Refused(Refusal {
                code: "text-too-long",
                message: "说明不能超过 4000 字".into(),
            }));
        }
        if let Some(d) = new_deadline {
            if action != RectAction::Reopen {
                return Err(TransitionError::Refused(Refusal {
                    code: "bad-deadline",
                    message: "只有退回重新整改时可以重新设定整改期限".into(),
                }));
            }
            if let Err(StoreError::Invalid(m)) = check_deadline(d) {
                return Err(TransitionError::Refused(Refusal {
                    code: "bad-deadline",
                    message: m,
                }));
            }
        }
        let outcome = self.db.write(|c| {
            c.exec(
                "UPDATE rectifications SET updated_at = updated_at WHERE id = $1",
                &[Value::Int(id)],
            )?;
            let Some(rect) = load_rect(c, scope, id)? else {
                return Ok(Err(TransitionError::NotFound));
            };
            let req = RectRequest { action, text };
            let mut first_refusal = None;
            let mut decided = None;
            for s in &rect.standings {
                match rectify::decide(rect.state, &req, *s) {
                    Ok(next) => {
                        decided = Some((next, s.role));
                        break;
                    }
                    Err(r) if r.code != "not-visible" && first_refusal.is_none() => {
                        first_refusal = Some(r)
                    }
                    Err(_) => {}
                }
            }
            let Some((next, role)) = decided else {
                return Ok(Err(match first_refusal {
                    Some(r) => TransitionError::Refused(r),
                    None => TransitionError::NotFound,
                }));
            };
            let at = time::offset(0);
            let deadline = new_deadline.unwrap_or(&rect.deadline).to_string();
            c.exec(
                "UPDATE rectifications SET state = $2, deadline = $3, reopened = reopened + $4, updated_at = $5 WHERE id = $1",
                &[
                    Value::Int(id),
                    next.id().into(),
                    deadline.as_str().into(),
                    Value::Int(i64::from(action == RectAction::Reopen)),
                    at.as_str().into(),
                ],
            )?;
            c.exec(
                "INSERT INTO rectification_events (rectification_id, action, from_state, to_state, actor_id, role, text, deadline, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                &[
                    Value::Int(id),
                    action.id().into(),
                    rect.state.id().into(),
                    next.id().into(),
                    Value::Int(scope.account_id),
                    role.id().into(),
                    text.into(),
                    deadline.as_str().into(),
                    at.as_str().into(),
                ],
            )?;
            crate::audit::append(
                c,
                &scope.username,
                "rectification",
                &format!("rectification:{id}"),
                &serde_json::json!({ "action": action.id(), "from": rect.state.id(), "to": next.id(), "role": role.id(), "deadline": deadline }),
            )?;
            let after = load_rect(c, scope, id)?.ok_or(StoreError::NotFound)?;
            Ok(Ok(after))
        })?;
        outcome
    }

    // -----------------------------------------------------------------------------------
    // 评价人 assignments

    /// Assign a 评价人 account to an organisation (and everything below it) of a task
    /// (绩效管理员 only).
    pub fn assign_evaluator(
        &self,
        scope: &Scope,
        task_id: i64,
        org_code: &str,
        username: &str,
    ) -> Result<(), StoreError> {
        if !scope.has_role(Role::PerfAdmin) {
            return Err(StoreError::Forbidden("只有绩效管理员可以委托评价人".into()));
        }
        self.db.write(|c| {
            if c.one("SELECT id FROM tasks WHERE id = $1", &[Value::Int(task_id)])?.is_none() {
                return Err(StoreError::NotFound);
            }
            let org = c
                .one("SELECT id FROM organisations WHERE code = $1", &[org_code.into()])?
                .ok_or_else(|| StoreError::Invalid(format!("组织编码「{org_code}」不存在")))?;
            let acc = c
                .one(
                    "SELECT a.id FROM accounts a JOIN grants g ON g.account_id = a.id WHERE a.username = $1 AND g.role = $2 AND a.active = 1",
                    &[username.into(), Role::Evaluator.id().into()],
                )?
                .ok_or_else(|| StoreError::Invalid(format!("账号「{username}」不存在或不是评价人")))?;
            c.exec(
                "DELETE FROM assignments WHERE task_id = $1 AND org_id = $2 AND account_id = $3",
                &[Value::Int(task_id), Value::Int(org.int(0)), Value::Int(acc.int(0))],
            )?;
            c.exec(
                "INSERT INTO assignments (task_id, org_id, account_id, assigned_by, assigned_at) VALUES ($1, $2, $3, $4, $5)",
                &[
                    Value::Int(task_id),
                    Value::Int(org.int(0)),
                    Value::Int(acc.int(0)),
                    Value::Int(scope.account_id),
                    time::offset(0).into(),
                ],
            )?;
            crate::audit::append(
                c,
                &scope.username,
                "evaluator_assigned",
                &format!("task:{task_id}"),
                &serde_json::json!({ "org": org_code, "evaluator": username }),
            )?;
            Ok(())
        })
    }

    /// The assignments of a task: all of them for a 绩效管理员, the caller's own for a 评价人,
    /// none for anyone else.
    pub fn assignments(&self, scope: &Scope, task_id: i64) -> Result<Vec<Assignment>, StoreError> {
        let admin = scope.has_role(Role::PerfAdmin);
        if !admin && !scope.has_role(Role::Evaluator) {
            return Ok(Vec::new());
        }
        self.db.read(|c| {
            let rows = c.query(
                "SELECT s.task_id, o.code, o.name, a.username, a.display_name, s.assigned_at, s.account_id FROM assignments s JOIN organisations o ON o.id = s.org_id JOIN accounts a ON a.id = s.account_id WHERE s.task_id = $1 ORDER BY o.code, a.username",
                &[Value::Int(task_id)],
            )?;
            Ok(rows
                .iter()
                .filter(|r| admin || r.int(6) == scope.account_id)
                .map(|r| Assignment {
                    task_id: r.int(0),
                    org_code: r.text(1),
                    org_name: r.text(2),
                    username: r.text(3),
                    display_name: r.text(4),
                    assigned_at: r.text(5),
                })
                .collect())
        })
    }

    // -----------------------------------------------------------------------------------
    // 结果应用

    fn may_see_applications(scope: &Scope) -> Result<(), StoreError> {
        if scope.has_role(Role::PerfAdmin) || scope.has_role(Role::FinanceReviewer) {
            Ok(())
        } else {
            Err(StoreError::Forbidden(
                "结果应用只对财政局绩效管理员和财政审核人开放".into(),
            ))
        }
    }

    /// Set a task's result-application rules (绩效管理员 only). The text must be a valid
    /// rules file (`jixiao_workflow::results`); `Invalid` lists every problem, located.
    pub fn set_result_rules(
        &self,
        scope: &Scope,
        task_id: i64,
        rules: &str,
    ) -> Result<(), StoreError> {
        if !scope.has_role(Role::PerfAdmin) {
            return Err(StoreError::Forbidden(
                "只有绩效管理员可以设置结果应用规则".into(),
            ));
        }
        if let Err(errors) = parse_result_rules(rules, "结果应用规则") {
            let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
            return Err(StoreError::Invalid(lines.join("\n")));
        }
        let sha = sha256_hex(rules.as_bytes());
        self.db.write(|c| {
            if c.one("SELECT id FROM tasks WHERE id = $1", &[Value::Int(task_id)])?.is_none() {
                return Err(StoreError::NotFound);
            }
            c.exec("DELETE FROM result_rules WHERE task_id = $1", &[Value::Int(task_id)])?;
            c.exec(
                "INSERT INTO result_rules (task_id, rules, sha256, set_by, set_at) VALUES ($1, $2, $3, $4, $5)",
                &[
                    Value::Int(task_id),
                    rules.into(),
                    sha.as_str().into(),
                    Value::Int(scope.account_id),
                    time::offset(0).into(),
                ],
            )?;
            crate::audit::append(
                c,
                &scope.username,
                "result_rules_set",
                &format!("task:{task_id}"),
                &serde_json::json!({ "sha256": sha }),
            )?;
            Ok(())
        })
    }

    /// A task's result-application rules (the shipped default when none were set). `None`
    /// when the caller cannot see the task; `Forbidden` for roles outside the bureau.
    pub fn result_rules(
        &self,
        scope: &Scope,
        task_id: i64,
    ) -> Result<Option<StoredRules>, StoreError> {
        Self::may_see_applications(scope)?;
        if self.task(scope, task_id)?.is_none() {
            return Ok(None);
        }
        self.db.read(|c| {
            let row = c.one(
                "SELECT r.rules, r.sha256, a.display_name, r.set_at FROM result_rules r JOIN accounts a ON a.id = r.set_by WHERE r.task_id = $1",
                &[Value::Int(task_id)],
            )?;
            Ok(Some(match row {
                Some(r) => StoredRules {
                    task_id,
                    rules: r.text(0),
                    sha256: r.text(1),
                    custom: true,
                    set_by: r.opt_text(2),
                    set_at: r.opt_text(3),
                },
                None => StoredRules {
                    task_id,
                    rules: DEFAULT_RESULT_RULES_TOML.to_string(),
                    sha256: sha256_hex(DEFAULT_RESULT_RULES_TOML.as_bytes()),
                    custom: false,
                    set_by: None,
                    set_at: None,
                },
            }))
        })
    }

    /// 结果应用 of a task: its rules and the items the caller can see, each with its
    /// current document, ordered by organisation code (a department before its units).
    pub fn result_applications(
        &self,
        scope: &Scope,
        task_id: i64,
    ) -> Result<Option<(StoredRules, Vec<ApplicationRow>)>, StoreError> {
        let Some(rules) = self.result_rules(scope, task_id)? else {
            return Ok(None);
        };
        let items = self.items(
            scope,
            &crate::ItemFilter {
                task_id: Some(task_id),
                ..Default::default()
            },
        )?;
        let mut rows = Vec::with_capacity(items.len());
        self.db.read(|c| {
            for item in items {
                let document = if item.revision > 0 {
                    c.one(
                        "SELECT document FROM revisions WHERE item_id = $1 AND number = $2",
                        &[Value::Int(item.id), Value::Int(item.revision)],
                    )?
                    .map(|r| r.text(0))
                } else {
                    None
                };
                rows.push(ApplicationRow { item, document });
            }
            Ok(())
        })?;
        rows.sort_by(|a, b| a.item.org_code.cmp(&b.item.org_code));
        Ok(Some((rules, rows)))
    }
}

/// The paths of the organisations an evaluator is assigned in a task.
fn assigned_paths(
    c: &mut dyn Conn,
    account_id: i64,
    task_id: i64,
) -> Result<Vec<String>, StoreError> {
    Ok(c
        .query(
            "SELECT o.path FROM assignments s JOIN organisations o ON o.id = s.org_id WHERE s.account_id = $1 AND s.task_id = $2",
            &[Value::Int(account_id), Value::Int(task_id)],
        )?
        .iter()
        .map(|r| r.text(0))
        .collect())
}
