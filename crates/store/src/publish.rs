//! 结果公开: the 绩效管理员 publishes a frozen snapshot of a task's results for 人大 and
//! the public (system.md §1: 只读 accounts read "published results only"). The store keeps
//! the snapshot as given (the server builds it: scores, grades, ranking, per-department
//! totals; never documents or opinions), with its sha256, who published it and when. Rows
//! of `publications` and `publication_events` are append-only (triggers refuse UPDATE and
//! DELETE): a withdrawal (撤回) is an event, so what was published and when it stopped being
//! public both stay on record.
//!
//! Who sees what: a current (not withdrawn) publication is public, so every account may
//! read it, whatever its organisation; a withdrawn one only the 绩效管理员 (for everyone else
//! it is `None`, exactly like one that does not exist).

use jixiao_workflow::Role;
use serde::Serialize;

use crate::db::{Conn, Row, Value};
use crate::scope::Scope;
use crate::{sha256_hex, time, Store, StoreError};

/// What can be published about a task.
pub const PUBLICATION_KINDS: &[(&str, &str)] =
    &[("results", "评价结果"), ("applications", "结果应用")];

/// The label of a publication kind.
pub fn publication_kind_label(kind: &str) -> &'static str {
    PUBLICATION_KINDS
        .iter()
        .find(|(id, _)| *id == kind)
        .map(|(_, l)| *l)
        .unwrap_or("公开结果")
}

/// A snapshot to publish.
#[derive(Debug, Clone)]
pub struct NewPublication {
    pub task_id: i64,
    /// One of [`PUBLICATION_KINDS`].
    pub kind: String,
    pub title: String,
    /// The frozen content (JSON text), stored as given.
    pub snapshot: String,
}

/// One publication (without its snapshot).
#[derive(Debug, Clone, Serialize)]
pub struct Publication {
    pub id: i64,
    pub task_id: i64,
    pub kind: String,
    pub kind_label: &'static str,
    pub title: String,
    /// sha256 of the snapshot text.
    pub sha256: String,
    pub published_by: String,
    pub published_at: String,
    /// Withdrawn (撤回): no longer public.
    pub withdrawn: bool,
    pub withdrawn_by: Option<String>,
    pub withdrawn_at: Option<String>,
    pub withdraw_reason: Option<String>,
}

/// One event of a publication: `publish` or `withdraw`.
#[derive(Debug, Clone, Serialize)]
pub struct PublicationEvent {
    pub action: String,
    pub actor: String,
    pub text: Option<String>,
    pub at: String,
}

const COLUMNS: &str = "p.id, p.task_id, p.kind, p.title, p.sha256, a.display_name, p.published_at, w.at, wa.display_name, w.text";
const FROM: &str = "publications p JOIN accounts a ON a.id = p.published_by LEFT JOIN publication_events w ON w.publication_id = p.id AND w.action = 'withdraw' LEFT JOIN accounts wa ON wa.id = w.actor_id";

fn publication_of(r: &Row) -> Publication {
    let kind = r.text(2);
    let withdrawn_at = r.opt_text(7);
    Publication {
        id: r.int(0),
        task_id: r.int(1),
        kind_label: publication_kind_label(&kind),
        kind,
        title: r.text(3),
        sha256: r.text(4),
        published_by: r.text(5),
        published_at: r.text(6),
        withdrawn: withdrawn_at.is_some(),
        withdrawn_at,
        withdrawn_by: r.opt_text(8),
        withdraw_reason: r.opt_text(9),
    }
}

fn load(c: &mut dyn Conn, scope: &Scope, id: i64) -> Result<Option<Publication>, StoreError> {
    let Some(r) = c.one(
        &format!("SELECT {COLUMNS} FROM {FROM} WHERE p.id = $1"),
        &[Value::Int(id)],
    )?
    else {
        return Ok(None);
    };
    let p = publication_of(&r);
    if p.withdrawn && !scope.has_role(Role::PerfAdmin) {
        return Ok(None);
    }
    Ok(Some(p))
}

fn admin_only<T>(what: &str) -> Result<T, StoreError> {
    Err(StoreError::Forbidden(format!("只有绩效管理员可以{what}")))
}

impl Store {
    /// Publish a snapshot of a task's results (绩效管理员 only). One current publication per
    /// task and kind: to publish a newer one, withdraw the current one first.
    pub fn publish(&self, scope: &Scope, new: &NewPublication) -> Result<i64, StoreError> {
        if !scope.has_role(Role::PerfAdmin) {
            return admin_only("公开评价结果");
        }
        if !PUBLICATION_KINDS.iter().any(|(id, _)| *id == new.kind) {
            return Err(StoreError::Invalid(format!(
                "公开内容「{}」无效，应为 results（评价结果）或 applications（结果应用）",
                new.kind
            )));
        }
        let title = new.title.trim();
        if title.is_empty() || title.chars().count() > 200 {
            return Err(StoreError::Invalid(
                "公开标题不能为空，也不能超过 200 个字符".into(),
            ));
        }
        if serde_json::from_str::<serde_json::Value>(&new.snapshot).is_err() {
            return Err(StoreError::Invalid("公开内容不是有效的 JSON".into()));
        }
        if self.task(scope, new.task_id)?.is_none() {
            return Err(StoreError::NotFound);
        }
        let sha = sha256_hex(new.snapshot.as_bytes());
        self.db.write(|c| {
            if let Some(current) = c.one(
                "SELECT p.id FROM publications p WHERE p.task_id = $1 AND p.kind = $2 AND NOT EXISTS (SELECT 1 FROM publication_events w WHERE w.publication_id = p.id AND w.action = 'withdraw')",
                &[Value::Int(new.task_id), new.kind.as_str().into()],
            )? {
                return Err(StoreError::Invalid(format!(
                    "该任务的{}已公开（公开编号 {}）：如需更新，请先撤回再重新公开",
                    publication_kind_label(&new.kind),
                    current.int(0)
                )));
            }
            let at = time::offset(0);
            let id = c
                .one(
                    "INSERT INTO publications (task_id, kind, title, snapshot, sha256, published_by, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                    &[
                        Value::Int(new.task_id),
                        new.kind.as_str().into(),
                        title.into(),
                        new.snapshot.as_str().into(),
                        sha.as_str().into(),
                        Value::Int(scope.account_id),
                        at.as_str().into(),
                    ],
                )?
                .map(|r| r.int(0))
                .ok_or_else(|| StoreError::Database("INSERT returned no id".into()))?;
            c.exec(
                "INSERT INTO publication_events (publication_id, action, actor_id, text, at) VALUES ($1, 'publish', $2, NULL, $3)",
                &[Value::Int(id), Value::Int(scope.account_id), at.as_str().into()],
            )?;
            crate::audit::append(
                c,
                &scope.username,
                "published",
                &format!("publication:{id}"),
                &serde_json::json!({ "task": new.task_id, "kind": new.kind, "sha256": sha }),
            )?;
            Ok(id)
        })
    }

    /// Withdraw (撤回) a publication, with the reason (绩效管理员 only). The snapshot stays
    /// stored; the withdrawal is an event of its own. Withdrawing twice is refused.
    pub fn withdraw_publication(
        &self,
        scope: &Scope,
        id: i64,
        reason: &str,
    ) -> Result<Publication, StoreError> {
        let reason = reason.trim();
        if !scope.has_role(Role::PerfAdmin) {
            // Not even whether it exists.
            return match self.publication(scope, id)? {
                Some(_) => admin_only("撤回公开结果"),
                None => Err(StoreError::NotFound),
            };
        }
        if reason.is_empty() || reason.chars().count() > 2000 {
            return Err(StoreError::Invalid(
                "撤回须写明原因（不超过 2000 字）".into(),
            ));
        }
        self.db.write(|c| {
            let Some(p) = load(c, scope, id)? else {
                return Err(StoreError::NotFound);
            };
            if p.withdrawn {
                return Err(StoreError::Invalid(format!(
                    "公开编号 {id} 已于 {} 撤回",
                    p.withdrawn_at.unwrap_or_default()
                )));
            }
            c.exec(
                "INSERT INTO publication_events (publication_id, action, actor_id, text, at) VALUES ($1, 'withdraw', $2, $3, $4)",
                &[
                    Value::Int(id),
                    Value::Int(scope.account_id),
                    reason.into(),
                    time::offset(0).into(),
                ],
            )?;
            crate::audit::append(
                c,
                &scope.username,
                "publication_withdrawn",
                &format!("publication:{id}"),
                &serde_json::json!({ "task": p.task_id, "kind": p.kind, "reason": reason }),
            )?;
            load(c, scope, id)?.ok_or(StoreError::NotFound)
        })
    }

    /// The publications the caller may read, newest first: the current ones for everyone,
    /// the withdrawn ones too for the 绩效管理员.
    pub fn publications(&self, scope: &Scope) -> Result<Vec<Publication>, StoreError> {
        let admin = scope.has_role(Role::PerfAdmin);
        let rows = self.db.read(|c| {
            c.query(
                &format!("SELECT {COLUMNS} FROM {FROM} ORDER BY p.published_at DESC, p.id DESC"),
                &[],
            )
        })?;
        Ok(rows
            .iter()
            .map(publication_of)
            .filter(|p| admin || !p.withdrawn)
            .collect())
    }

    /// One publication, if the caller may read it.
    pub fn publication(&self, scope: &Scope, id: i64) -> Result<Option<Publication>, StoreError> {
        self.db.read(|c| load(c, scope, id))
    }

    /// One publication with its frozen snapshot (the JSON text as published) and its events
    /// (oldest first), if the caller may read it.
    pub fn publication_snapshot(
        &self,
        scope: &Scope,
        id: i64,
    ) -> Result<Option<(Publication, String, Vec<PublicationEvent>)>, StoreError> {
        self.db.read(|c| {
            let Some(p) = load(c, scope, id)? else {
                return Ok(None);
            };
            let snapshot = c
                .one(
                    "SELECT snapshot FROM publications WHERE id = $1",
                    &[Value::Int(id)],
                )?
                .map(|r| r.text(0))
                .unwrap_or_default();
            let events = c
                .query(
                    "SELECT e.action, a.display_name, e.text, e.at FROM publication_events e JOIN accounts a ON a.id = e.actor_id WHERE e.publication_id = $1 ORDER BY e.id",
                    &[Value::Int(id)],
                )?
                .iter()
                .map(|r| PublicationEvent {
                    action: r.text(0),
                    actor: r.text(1),
                    text: r.opt_text(2),
                    at: r.text(3),
                })
                .collect();
            Ok(Some((p, snapshot, events)))
        })
    }
}
