//! The tamper-evident audit log. Entry n stores the hash of entry n−1 and its own hash
//! over (previous hash, seq, time, actor, action, object, detail); `audit_head` holds the
//! last seq and hash. Editing an entry breaks its own hash; deleting one breaks the
//! sequence or the next entry's link; deleting the last ones disagrees with the head.
//! Appending takes the head row's lock, so writers on several instances chain in order.

use serde::Serialize;

use crate::db::{Conn, Value};
use crate::{sha256_hex, time, Store, StoreError};

/// Audit actions that record sessions, not data (see `Store::data_version`).
pub(crate) const SESSION_ACTIONS: &[&str] = &[
    "login",
    "login_failed",
    "login_throttled",
    "logout",
    "token_created",
    "token_revoked",
];

/// How many of the latest audit entries `Store::data_version` looks through.
pub(crate) const VERSION_WINDOW: usize = 256;

pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub object: String,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// Where the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("审计日志第 {seq} 条：{reason}")]
pub struct AuditBreak {
    /// The first entry that does not verify (or the first missing one).
    pub seq: i64,
    pub reason: String,
}

fn entry_hash(
    prev: &str,
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    object: &str,
    detail: &str,
) -> String {
    let text = format!("{prev}\n{seq}\n{at}\n{actor}\n{action}\n{object}\n{detail}");
    sha256_hex(text.as_bytes())
}

/// Append an entry inside the caller's write transaction.
pub(crate) fn append(
    c: &mut dyn Conn,
    actor: &str,
    action: &str,
    object: &str,
    detail: &serde_json::Value,
) -> Result<i64, StoreError> {
    c.exec("UPDATE audit_head SET seq = seq + 1 WHERE id = 1", &[])?;
    let head = c
        .one("SELECT seq, hash FROM audit_head WHERE id = 1", &[])?
        .ok_or_else(|| StoreError::Database("audit_head row missing".into()))?;
    let seq = head.int(0);
    let prev = head.text(1);
    let at = time::offset(0);
    let detail = detail.to_string();
    let hash = entry_hash(&prev, seq, &at, actor, action, object, &detail);
    c.exec(
        "INSERT INTO audit_log (seq, at, actor, action, object, detail, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        &[
            Value::Int(seq),
            at.into(),
            actor.into(),
            action.into(),
            object.into(),
            detail.into(),
            prev.into(),
            hash.as_str().into(),
        ],
    )?;
    c.exec(
        "UPDATE audit_head SET hash = $1 WHERE id = 1",
        &[hash.into()],
    )?;
    Ok(seq)
}

fn entry_of(r: &crate::db::Row) -> AuditEntry {
    AuditEntry {
        seq: r.int(0),
        at: r.text(1),
        actor: r.text(2),
        action: r.text(3),
        object: r.text(4),
        detail: r.text(5),
        prev_hash: r.text(6),
        hash: r.text(7),
    }
}

impl Store {
    /// Walk the whole chain. `Ok(n)`: n entries, all intact. `Err(break)`: the first entry
    /// that was edited, or where entries were deleted.
    pub fn verify_audit(&self) -> Result<Result<i64, AuditBreak>, StoreError> {
        self.db.read(|c| {
            let mut expected_seq = 1;
            let mut prev = GENESIS.to_string();
            loop {
                let rows = c.query(
                    "SELECT seq, at, actor, action, object, detail, prev_hash, hash FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT 1000",
                    &[Value::Int(expected_seq)],
                )?;
                if rows.is_empty() {
                    break;
                }
                for r in &rows {
                    let e = entry_of(r);
                    if e.seq != expected_seq {
                        return Ok(Err(AuditBreak {
                            seq: expected_seq,
                            reason: format!("缺失（下一条是第 {} 条）：日志条目被删除", e.seq),
                        }));
                    }
                    if e.prev_hash != prev {
                        return Ok(Err(AuditBreak {
                            seq: e.seq,
                            reason: "与上一条的链接不符：之前的条目被修改或删除".into(),
                        }));
                    }
                    let h = entry_hash(&prev, e.seq, &e.at, &e.actor, &e.action, &e.object, &e.detail);
                    if h != e.hash {
                        return Ok(Err(AuditBreak {
                            seq: e.seq,
                            reason: "内容与其哈希不符：条目被修改".into(),
                        }));
                    }
                    prev = e.hash;
                    expected_seq += 1;
                }
            }
            let head = c
                .one("SELECT seq, hash FROM audit_head WHERE id = 1", &[])?
                .ok_or_else(|| StoreError::Database("audit_head row missing".into()))?;
            let count = expected_seq - 1;
            if head.int(0) != count || head.text(1) != prev {
                return Ok(Err(AuditBreak {
                    seq: count + 1,
                    reason: format!(
                        "缺失：日志应有 {} 条，只找到 {count} 条（末尾的条目被删除）",
                        head.int(0)
                    ),
                }));
            }
            Ok(Ok(count))
        })
    }

    /// Which store, and how far its data has come: equal readings mean that no write a
    /// derived view depends on happened in between. Every write (saves, transitions, tasks,
    /// organisations, accounts and grants, cycles) appends its audit entry in the same
    /// transaction; the reading is the last entry that is not session bookkeeping (logins,
    /// logouts, API tokens — they change no data, and 20 people logging in should not
    /// invalidate every cached dashboard). It looks at the last `VERSION_WINDOW` (256) entries
    /// only; when all of those are session entries it gives the head itself, which is never
    /// below any write's entry, so the reading still grows with every write. One short
    /// backward scan of the primary key.
    pub fn data_version(&self) -> Result<crate::DataVersion, StoreError> {
        let seq = self.db.read(|c| {
            let sql = format!(
                "SELECT COALESCE((SELECT MAX(seq) FROM (SELECT seq, action FROM audit_log ORDER BY seq DESC LIMIT {VERSION_WINDOW}) recent WHERE action NOT IN ({})), (SELECT seq FROM audit_head WHERE id = 1))",
                SESSION_ACTIONS
                    .iter()
                    .map(|a| format!("'{a}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            Ok(c.one(&sql, &[])?.map(|r| r.int(0)).unwrap_or(0))
        })?;
        Ok(crate::DataVersion {
            store: self.instance,
            seq,
        })
    }

    /// The latest audit entries, newest first (administration and tests).
    pub fn audit_tail(&self, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
        self.db.read(|c| {
            Ok(c.query(
                "SELECT seq, at, actor, action, object, detail, prev_hash, hash FROM audit_log ORDER BY seq DESC LIMIT $1",
                &[Value::Int(limit)],
            )?
            .iter()
            .map(entry_of)
            .collect())
        })
    }

    /// Run raw SQL outside the store's rules. Tests only (to tamper with the log the way
    /// someone with database access could).
    #[doc(hidden)]
    pub fn raw_sql_for_tests(&self, sql: &str) -> Result<(), StoreError> {
        self.db.batch(sql)
    }
}
