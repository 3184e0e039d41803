//! Task items: one organisation's department-year within a task, its immutable revisions,
//! and its transitions through the workflow. Every function takes the caller's scope; an
//! item outside it is `None` / `NotFound`, exactly like an item that does not exist.

use jixiao_workflow::targets::{self, Grade, TargetAction, TargetRequest};
use jixiao_workflow::{decide, Action, Refusal, Relation, Request, Role, State};
use serde::Serialize;

use crate::db::{Conn, Row, Value};
use crate::diff::{diff_documents, FieldChange};
use crate::scope::Scope;
use crate::{sha256_hex, time, Store, StoreError};

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: i64,
    pub task_id: i64,
    pub task_title: String,
    pub year: i64,
    pub framework: String,
    pub grade_bands: String,
    pub due_on: String,
    pub locked: bool,
    pub org_id: i64,
    pub org_code: String,
    pub org_name: String,
    pub org_kind: String,
    pub state: State,
    /// Number of the current revision; 0 = nothing saved yet.
    pub revision: i64,
    /// Total score of the current revision (exact decimal text), if it could be scored.
    pub score: Option<String>,
    pub grade: Option<String>,
    /// Validation errors in the current revision.
    pub errors: i64,
    pub updated_at: String,
    /// Past the due date and not confirmed.
    pub overdue: bool,
    /// The task's stage: `self_eval`, `targets` (绩效目标), `monitoring` (运行监控).
    pub stage: String,
    /// 绩效目标 items: the finance bureau's last review grade (`excellent`…`poor`).
    pub review_grade: Option<String>,
    /// The caller's roles on this item and how they relate to it.
    #[serde(skip)]
    pub relations: Vec<(Role, Relation)>,
    /// What the caller may do now.
    pub actions: Vec<Action>,
}

impl Item {
    /// The caller may edit (save) this item now.
    pub fn can_save(&self) -> bool {
        self.actions.contains(&Action::Save)
    }
}

/// The item page's data (see [`Store::item_overview`]).
#[derive(Debug, Clone)]
pub struct Overview {
    pub item: Item,
    pub revisions: Vec<RevisionInfo>,
    pub history: Vec<TransitionRecord>,
    pub current: Option<Revision>,
}

/// Which items to list.
#[derive(Debug, Clone, Default)]
pub struct ItemFilter {
    pub task_id: Option<i64>,
    pub state: Option<State>,
    /// Only items the caller can act on now (待办).
    pub todo: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct RevisionInfo {
    pub number: i64,
    pub sha256: String,
    pub author: String,
    pub created_at: String,
    /// How it was entered: `editor`, `upload:xlsx`, `upload:toml`, `api`, `seed`…
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Revision {
    #[serde(flatten)]
    pub info: RevisionInfo,
    /// The canonical document (TOML).
    pub document: String,
}

/// What a save stores beside the document, computed by the caller from it.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub score: Option<String>,
    pub grade: Option<String>,
    pub errors: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Saved {
    pub revision: i64,
    pub sha256: String,
    /// The document equals the current revision: nothing was stored.
    pub unchanged: bool,
}

/// Someone else saved first.
#[derive(Debug, Clone, Serialize)]
pub struct Conflict {
    /// The revision the rejected save was based on.
    pub base_revision: i64,
    /// The revision that is current now.
    pub current_revision: i64,
    pub current_author: String,
    pub current_at: String,
    /// What changed from the base to the current revision.
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("未找到")]
    NotFound,
    #[error("{}", .0.message)]
    Refused(Refusal),
    #[error("保存冲突：事项已被 {} 修改为第 {} 版", .0.current_author, .0.current_revision)]
    Conflict(Box<Conflict>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(Debug, thiserror::Error)]
pub enum TransitionError {
    #[error("未找到")]
    NotFound,
    #[error("{}", .0.message)]
    Refused(Refusal),
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(Debug, Clone, Serialize)]
pub struct TransitionRecord {
    pub action: Action,
    pub from: State,
    pub to: State,
    pub actor: String,
    pub role: Role,
    pub opinion: Option<String>,
    pub revision: i64,
    pub at: String,
    /// The 绩效目标 review grade this transition gave (`excellent`…`poor`).
    pub grade: Option<String>,
}

const ITEM_COLUMNS: &str = "i.id, i.task_id, t.title, t.year, t.framework, t.grade_bands, t.due_on, t.locked, o.id, o.code, o.name, o.kind, i.state, i.revision, CAST(i.score AS TEXT), i.grade, i.errors, i.updated_at, o.path, t.stage, i.review_grade";
const ITEM_FROM: &str =
    "items i JOIN tasks t ON t.id = i.task_id JOIN organisations o ON o.id = i.org_id";

fn item_of(scope: &Scope, r: &Row, today: &str) -> Item {
    let state = State::from_id(&r.text(12)).unwrap_or(State::Draft);
    let locked = r.int(7) != 0;
    let relations = scope.relations(r.int(8), &r.text(18));
    let stage = r.text(19);
    let mut actions = Vec::new();
    for &(role, rel) in &relations {
        let available = if stage == TARGETS {
            // The finance step of a target item is a graded review (`Store::review_targets`),
            // which has no plain `Action`.
            targets::available(state, role, rel, locked)
                .into_iter()
                .filter_map(plain_action)
                .collect()
        } else {
            jixiao_workflow::available(state, role, rel, locked)
        };
        for a in available {
            if !actions.contains(&a) {
                actions.push(a);
            }
        }
    }
    let due_on = r.text(6);
    Item {
        id: r.int(0),
        task_id: r.int(1),
        task_title: r.text(2),
        year: r.int(3),
        framework: r.text(4),
        grade_bands: r.text(5),
        overdue: due_on.as_str() < today && state != State::Confirmed,
        due_on,
        locked,
        org_id: r.int(8),
        org_code: r.text(9),
        org_name: r.text(10),
        org_kind: r.text(11),
        state,
        revision: r.int(13),
        score: r.opt_text(14).map(|s| trim_score(&s)),
        grade: r.opt_text(15),
        errors: r.int(16),
        updated_at: r.text(17),
        stage,
        review_grade: r.opt_text(20),
        relations,
        actions,
    }
}

/// The stage id of 绩效目标 tasks.
pub(crate) const TARGETS: &str = "targets";

fn plain_action(a: TargetAction) -> Option<Action> {
    Some(match a {
        TargetAction::Save => Action::Save,
        TargetAction::Submit => Action::Submit,
        TargetAction::Return => Action::Return,
        TargetAction::Pass => Action::Pass,
        TargetAction::Review => return None,
    })
}

fn target_action(a: Action) -> Option<TargetAction> {
    Some(match a {
        Action::Save => TargetAction::Save,
        Action::Submit => TargetAction::Submit,
        Action::Return => TargetAction::Return,
        Action::Pass => TargetAction::Pass,
        Action::Confirm => return None,
    })
}

/// PostgreSQL prints NUMERIC(9,2) with its scale ("97.36", "100.00"); SQLite keeps the
/// text as written. Both are shown with two places.
fn trim_score(s: &str) -> String {
    match s.split_once('.') {
        Some((a, b)) => format!("{a}.{:0<2}", &b[..b.len().min(2)]),
        None => format!("{s}.00"),
    }
}

/// The item row, if the caller sees it (inside a transaction or a read).
pub(crate) fn load_visible(
    c: &mut dyn Conn,
    scope: &Scope,
    id: i64,
) -> Result<Option<Item>, StoreError> {
    // The same rule as every list: one SQL condition of the scope.
    let (cond, mut params) = scope.visible_sql(2, Some("i.task_id"));
    params.insert(0, Value::Int(id));
    let Some(r) = c.one(
        &format!("SELECT {ITEM_COLUMNS} FROM {ITEM_FROM} WHERE i.id = $1 AND {cond}"),
        &params,
    )?
    else {
        return Ok(None);
    };
    Ok(Some(item_of(scope, &r, &time::today())))
}

/// The refusal for a visible item none of whose grants can act on it: one the caller sees
/// only by a 评价人 assignment (`Scope::visible_sql`). Read-only: 403, not 404.
pub(crate) fn read_only() -> Refusal {
    Refusal {
        code: "read-only",
        message: "评价人只能查看受托的事项，不能填报、提交或审核".into(),
    }
}

/// A refusal as a transition error: `not-visible` is 404, `read-only` 403, the rest 409.
pub(crate) fn refused(r: Refusal) -> TransitionError {
    match r.code {
        "not-visible" => TransitionError::NotFound,
        "read-only" => TransitionError::Store(StoreError::Forbidden(r.message)),
        _ => TransitionError::Refused(r),
    }
}

/// Decide an action for the caller's best grant: the first that allows it, else the
/// refusal of the first grant that can see the item.
fn decide_for(item: &Item, request: &Request<'_>) -> Result<(State, Role), Refusal> {
    if item.stage == TARGETS {
        let Some(action) = target_action(request.action) else {
            // Confirming targets is a graded review.
            let mut refusal = None;
            for &(role, rel) in &item.relations {
                let probe = TargetRequest::review(Grade::Good, None);
                match targets::decide(item.state, &probe, role, rel, item.locked) {
                    Ok(_) => {
                        return Err(Refusal {
                            code: "grade-required",
                            message:
                                "绩效目标的财政审核须评定等级（优、良、中、差）：请使用「审核评级」"
                                    .into(),
                        })
                    }
                    Err(r) if r.code != "not-visible" && refusal.is_none() => refusal = Some(r),
                    Err(_) => {}
                }
            }
            return Err(refusal.unwrap_or_else(read_only));
        };
        let req = TargetRequest {
            action,
            opinion: request.opinion,
            grade: None,
        };
        return decide_target_for(item, &req).map(|(out, role)| (out.state, role));
    }
    let mut first_refusal = None;
    for &(role, rel) in &item.relations {
        match decide(item.state, request, role, rel, item.locked) {
            Ok(next) => return Ok((next, role)),
            Err(r) if r.code != "not-visible" && first_refusal.is_none() => first_refusal = Some(r),
            Err(_) => {}
        }
    }
    Err(first_refusal.unwrap_or_else(read_only))
}

/// [`decide_for`] for a target item's request (grants tried in turn, as there).
pub(crate) fn decide_target_for(
    item: &Item,
    request: &TargetRequest<'_>,
) -> Result<(targets::Outcome, Role), Refusal> {
    let mut first_refusal = None;
    for &(role, rel) in &item.relations {
        match targets::decide(item.state, request, role, rel, item.locked) {
            Ok(out) => return Ok((out, role)),
            Err(r) if r.code != "not-visible" && first_refusal.is_none() => first_refusal = Some(r),
            Err(_) => {}
        }
    }
    Err(first_refusal.unwrap_or_else(read_only))
}

fn revision_info(r: &Row) -> RevisionInfo {
    RevisionInfo {
        number: r.int(0),
        sha256: r.text(1),
        author: r.text(2),
        created_at: r.text(3),
        source: r.text(4),
    }
}

impl Store {
    /// Items the caller can see, ordered by task (newest first) and organisation code.
    pub fn items(&self, scope: &Scope, filter: &ItemFilter) -> Result<Vec<Item>, StoreError> {
        let (cond, mut params) = scope.visible_sql(1, Some("i.task_id"));
        let mut sql = format!("SELECT {ITEM_COLUMNS} FROM {ITEM_FROM} WHERE {cond}");
        if let Some(t) = filter.task_id {
            params.push(Value::Int(t));
            sql.push_str(&format!(" AND i.task_id = ${}", params.len()));
        }
        if let Some(s) = filter.state {
            params.push(s.id().into());
            sql.push_str(&format!(" AND i.state = ${}", params.len()));
        }
        sql.push_str(" ORDER BY i.task_id DESC, o.code");
        let today = time::today();
        let rows = self.db.read(|c| c.query(&sql, &params))?;
        Ok(rows
            .iter()
            .map(|r| item_of(scope, r, &today))
            .filter(|i| !filter.todo || !i.actions.is_empty())
            .collect())
    }

    /// One item, if the caller can see it.
    pub fn item(&self, scope: &Scope, id: i64) -> Result<Option<Item>, StoreError> {
        self.db.read(|c| load_visible(c, scope, id))
    }

    /// The item's revisions, oldest first.
    pub fn revisions(
        &self,
        scope: &Scope,
        id: i64,
    ) -> Result<Option<Vec<RevisionInfo>>, StoreError> {
        self.db.read(|c| {
            if load_visible(c, scope, id)?.is_none() {
                return Ok(None);
            }
            Ok(Some(revision_list(c, id)?))
        })
    }

    /// Everything the item page shows, in one read: the item, its revisions, its
    /// transitions and the current revision.
    pub fn item_overview(&self, scope: &Scope, id: i64) -> Result<Option<Overview>, StoreError> {
        self.db.read(|c| {
            let Some(item) = load_visible(c, scope, id)? else {
                return Ok(None);
            };
            let current = if item.revision > 0 {
                read_revision(c, id, item.revision)?
            } else {
                None
            };
            Ok(Some(Overview {
                revisions: revision_list(c, id)?,
                history: history_list(c, id)?,
                current,
                item,
            }))
        })
    }

    /// One revision (0 or absent: the current one). `None` if the item is not visible or
    /// has no such revision.
    pub fn revision(
        &self,
        scope: &Scope,
        id: i64,
        number: Option<i64>,
    ) -> Result<Option<Revision>, StoreError> {
        self.db.read(|c| {
            let Some(item) = load_visible(c, scope, id)? else {
                return Ok(None);
            };
            let n = number.filter(|n| *n > 0).unwrap_or(item.revision);
            read_revision(c, id, n)
        })
    }

    /// Save a new revision. `base` is the revision the edit started from; if another save
    /// has come since, nothing is stored and the conflict says what changed.
    pub fn save(
        &self,
        scope: &Scope,
        id: i64,
        base: i64,
        document: &str,
        source: &str,
        summary: &Summary,
    ) -> Result<Saved, SaveError> {
        let sha = sha256_hex(document.as_bytes());
        let outcome = self.db.write(|c| {
            // Take the row first: concurrent saves and transitions (on several instances of
            // one PostgreSQL too) queue here and then read the winner's state and revision.
            c.exec("UPDATE items SET updated_at = updated_at WHERE id = $1", &[Value::Int(id)])?;
            let Some(item) = load_visible(c, scope, id)? else {
                return Ok(Err(SaveError::NotFound));
            };
            if let Err(r) = decide_for(&item, &Request::new(Action::Save)) {
                return Ok(Err(match r.code {
                    "not-visible" => SaveError::NotFound,
                    "read-only" => SaveError::Store(StoreError::Forbidden(r.message)),
                    _ => SaveError::Refused(r),
                }));
            }
            if item.revision != base {
                return Ok(Err(SaveError::Conflict(Box::new(conflict(c, id, base)?))));
            }
            if base > 0 {
                if let Some(current) = read_revision(c, id, base)? {
                    if current.info.sha256 == sha {
                        return Ok(Ok(Saved {
                            revision: base,
                            sha256: sha.clone(),
                            unchanged: true,
                        }));
                    }
                }
            }
            let next = base + 1;
            c.exec(
                "UPDATE items SET revision = $3, score = NUM($4), grade = $5, errors = $6, updated_at = $7 WHERE id = $1 AND revision = $2",
                &[
                    Value::Int(id),
                    Value::Int(base),
                    Value::Int(next),
                    summary.score.clone().into(),
                    summary.grade.clone().into(),
                    Value::Int(summary.errors),
                    time::offset(0).into(),
                ],
            )?;
            c.exec(
                "INSERT INTO revisions (item_id, number, document, sha256, author_id, created_at, source) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[
                    Value::Int(id),
                    Value::Int(next),
                    document.into(),
                    sha.as_str().into(),
                    Value::Int(scope.account_id),
                    time::offset(0).into(),
                    source.into(),
                ],
            )?;
            crate::audit::append(
                c,
                &scope.username,
                "save",
                &format!("item:{id}"),
                &serde_json::json!({ "revision": next, "sha256": sha, "source": source }),
            )?;
            Ok(Ok(Saved {
                revision: next,
                sha256: sha.clone(),
                unchanged: false,
            }))
        })?;
        outcome
    }

    /// Move the item through the workflow. Submitting needs a saved revision without
    /// errors.
    pub fn transition(
        &self,
        scope: &Scope,
        id: i64,
        action: Action,
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
            // Lock the row first so concurrent transitions and saves queue up.
            c.exec("UPDATE items SET updated_at = updated_at WHERE id = $1", &[Value::Int(id)])?;
            let Some(item) = load_visible(c, scope, id)? else {
                return Ok(Err(TransitionError::NotFound));
            };
            let (next, role) = match decide_for(&item, &Request { action, opinion }) {
                Ok(v) => v,
                Err(r) => return Ok(Err(refused(r))),
            };
            if action == Action::Submit {
                if item.revision == 0 {
                    return Ok(Err(TransitionError::Refused(Refusal {
                        code: "no-data",
                        message: "尚未填报任何数据，不能提交：请先在编辑页填写或上传工作簿并保存".into(),
                    })));
                }
                if item.errors > 0 {
                    return Ok(Err(TransitionError::Refused(Refusal {
                        code: "has-errors",
                        message: format!("数据还有 {} 个错误，请修正后再提交", item.errors),
                    })));
                }
            }
            let at = time::offset(0);
            c.exec(
                "UPDATE items SET state = $2, updated_at = $3 WHERE id = $1",
                &[Value::Int(id), next.id().into(), at.as_str().into()],
            )?;
            c.exec(
                "INSERT INTO transitions (item_id, action, from_state, to_state, actor_id, role, opinion, revision, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                &[
                    Value::Int(id),
                    action.id().into(),
                    item.state.id().into(),
                    next.id().into(),
                    Value::Int(scope.account_id),
                    role.id().into(),
                    opinion.into(),
                    Value::Int(item.revision),
                    at.as_str().into(),
                ],
            )?;
            crate::audit::append(
                c,
                &scope.username,
                "transition",
                &format!("item:{id}"),
                &serde_json::json!({ "action": action.id(), "from": item.state.id(), "to": next.id(), "role": role.id(), "opinion": opinion, "revision": item.revision }),
            )?;
            Ok(Ok(TransitionRecord {
                action,
                from: item.state,
                to: next,
                actor: scope.display_name.clone(),
                role,
                opinion: opinion.map(str::to_string),
                revision: item.revision,
                at,
                grade: None,
            }))
        })?;
        outcome
    }

    /// The item's transitions, oldest first.
    pub fn history(
        &self,
        scope: &Scope,
        id: i64,
    ) -> Result<Option<Vec<TransitionRecord>>, StoreError> {
        self.db.read(|c| {
            if load_visible(c, scope, id)?.is_none() {
                return Ok(None);
            }
            Ok(Some(history_list(c, id)?))
        })
    }
}

fn revision_list(c: &mut dyn Conn, id: i64) -> Result<Vec<RevisionInfo>, StoreError> {
    Ok(c
        .query(
            "SELECT r.number, r.sha256, a.display_name, r.created_at, r.source FROM revisions r JOIN accounts a ON a.id = r.author_id WHERE r.item_id = $1 ORDER BY r.number",
            &[Value::Int(id)],
        )?
        .iter()
        .map(revision_info)
        .collect())
}

pub(crate) fn history_list(c: &mut dyn Conn, id: i64) -> Result<Vec<TransitionRecord>, StoreError> {
    {
        {
            Ok(
                c.query(
                    "SELECT x.action, x.from_state, x.to_state, a.display_name, x.role, x.opinion, x.revision, x.at, x.grade FROM transitions x JOIN accounts a ON a.id = x.actor_id WHERE x.item_id = $1 ORDER BY x.id",
                    &[Value::Int(id)],
                )?
                .iter()
                .map(|r| TransitionRecord {
                    action: Action::from_id(&r.text(0)).unwrap_or(Action::Save),
                    from: State::from_id(&r.text(1)).unwrap_or(State::Draft),
                    to: State::from_id(&r.text(2)).unwrap_or(State::Draft),
                    actor: r.text(3),
                    role: Role::from_id(&r.text(4)).unwrap_or(Role::ReadOnly),
                    opinion: r.opt_text(5),
                    revision: r.int(6),
                    at: r.text(7),
                    grade: r.opt_text(8),
                })
                .collect(),
            )
        }
    }
}

fn read_revision(c: &mut dyn Conn, id: i64, n: i64) -> Result<Option<Revision>, StoreError> {
    Ok(c
        .one(
            "SELECT r.number, r.sha256, a.display_name, r.created_at, r.source, r.document FROM revisions r JOIN accounts a ON a.id = r.author_id WHERE r.item_id = $1 AND r.number = $2",
            &[Value::Int(id), Value::Int(n)],
        )?
        .map(|r| Revision {
            info: revision_info(&r),
            document: r.text(5),
        }))
}

fn conflict(c: &mut dyn Conn, id: i64, base: i64) -> Result<Conflict, StoreError> {
    let current = c
        .one(
            "SELECT revision FROM items WHERE id = $1",
            &[Value::Int(id)],
        )?
        .map(|r| r.int(0))
        .unwrap_or(0);
    let base_doc = read_revision(c, id, base)?
        .map(|r| r.document)
        .unwrap_or_default();
    let cur = read_revision(c, id, current)?;
    let (author, at, doc) = match cur {
        Some(r) => (r.info.author, r.info.created_at, r.document),
        None => (String::new(), String::new(), String::new()),
    };
    Ok(Conflict {
        base_revision: base,
        current_revision: current,
        current_author: author,
        current_at: at,
        changes: diff_documents(&base_doc, &doc),
    })
}
