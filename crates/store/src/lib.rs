//! jixiao-store: everything `jixiao serve` keeps, on embedded SQLite (one file, WAL,
//! foreign keys on) or PostgreSQL 15, behind one interface.
//!
//! - **Scope in the type.** Every query that reads or writes organisation data takes a
//!   [`Scope`]: who is asking and over which organisations. A `Scope` can only be made by
//!   this crate, from a live session ([`Store::session`]), an API token
//!   ([`Store::token_scope`]) or an account id ([`Store::scope_for_account`]), so a caller
//!   cannot forget it or widen it. Items outside the scope are indistinguishable from items
//!   that do not exist (`None`), which the server answers with 404.
//! - **Revisions are immutable.** Saving a department-year adds a revision (the canonical
//!   document, its sha256, author, time); a trigger refuses UPDATE and DELETE on them. Any
//!   two revisions can be diffed field by field ([`diff_documents`]). A save names the
//!   revision it was based on; if another save came first it is a [`SaveError::Conflict`]
//!   carrying what changed, never an overwrite.
//! - **Sessions live in the database**, as do login attempts (throttling) and API tokens,
//!   so several server instances can share one PostgreSQL and nothing in memory matters.
//! - **A hash-chained audit log** records every login, save and transition; each entry
//!   hashes the previous one and [`Store::verify_audit`] names the first entry that was
//!   edited or deleted.
//! - **Publications are frozen.** A published result (结果公开) is a snapshot stored with
//!   its sha256; a withdrawal is an event beside it, never an edit ([`Store::publish`]).
//! - **Migrations are append-only** (`migrations/<backend>/NNNN_*.sql`, embedded); each
//!   applied migration's checksum is recorded and a changed one stops the store opening.
//!
//! The store is synchronous; the server calls it from `spawn_blocking`.

mod audit;
mod auth;
mod backup;
mod cycles;
mod db;
mod diff;
mod items;
mod migrate;
mod orgs;
mod publish;
mod scope;
mod tasks;
#[cfg(feature = "testing")]
pub mod testing;
mod time;

use std::path::Path;

pub use audit::{AuditBreak, AuditEntry};
pub use auth::{hash_password, verify_password, LoginError, LoginOk, Session, TokenInfo};
pub use backup::{Dump, Table as DumpTable};
pub use cycles::{
    ApplicationRow, Assignment, NewRectification, RectEvent, RectFilter, Rectification,
    StoredRules, MONITORING, RECT_SOURCES, TARGETS_STAGE,
};
pub use db::Backend;
pub use db::Value;
pub use diff::{diff_documents, flatten_document, FieldChange};
pub use items::{
    Conflict, Item, ItemFilter, Overview, Revision, RevisionInfo, SaveError, Saved, Summary,
    TransitionError, TransitionRecord,
};
pub use migrate::{migrations, Migration};
pub use orgs::{NewOrg, OrgKind, Organisation};
pub use publish::{
    publication_kind_label, NewPublication, Publication, PublicationEvent, PUBLICATION_KINDS,
};
pub use scope::{Grant, Scope};
pub use tasks::{NewTask, Task};
pub use time::{now_rfc3339, today};

pub use jixiao_workflow::{Action, Relation, Role, State};

/// What can go wrong below the domain: the database, or a broken invariant.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or failed (message for the log, never for a user).
    #[error("database error: {0}")]
    Database(String),
    /// The database cannot be reached.
    #[error("{0}")]
    Unavailable(String),
    /// A migration already applied has different contents than the one shipped.
    #[error("迁移 {version} 已应用但内容已被修改（校验和不符）：迁移只能追加，不能修改")]
    MigrationChanged { version: i64 },
    /// The database is newer than this program.
    #[error("数据库已应用迁移 {found}，本程序只认识到 {known}：请使用更新的 jixiao")]
    TooNew { found: i64, known: i64 },
    /// Input the store refuses (a duplicate code, an unknown organisation…), in Chinese.
    #[error("{0}")]
    Invalid(String),
    /// The caller may not do this (for non-item operations such as opening a task).
    #[error("{0}")]
    Forbidden(String),
    /// Not found within the caller's scope.
    #[error("未找到")]
    NotFound,
}

/// The store: one database, either backend.
pub struct Store {
    db: db::Db,
    /// Pepper-free argon2 parameters are the crate defaults; this only lets tests and the
    /// benchmark use cheaper hashes.
    fast_hashes: bool,
    /// Unique among the stores this process opened (see [`DataVersion`]).
    instance: u64,
}

/// Which store, and how far its audit log has come: equal values mean no write in between.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DataVersion {
    pub store: u64,
    pub seq: i64,
}

fn next_instance() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Store {
    /// Open (creating if needed) the SQLite database `DIR/jixiao.db` and apply migrations.
    pub fn open_dir(dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Invalid(format!("无法创建数据目录 {}：{e}", dir.display())))?;
        Store::open_sqlite(&dir.join("jixiao.db"))
    }

    /// Open (creating if needed) a SQLite database file and apply migrations.
    pub fn open_sqlite(path: &Path) -> Result<Store, StoreError> {
        let store = Store {
            db: db::Db::Sqlite(db::SqliteDb::open(path)?),
            fast_hashes: false,
            instance: next_instance(),
        };
        migrate::apply(&store.db)?;
        Ok(store)
    }

    /// Connect to PostgreSQL (`postgres://user@host/db`) and apply migrations.
    pub fn open_postgres(url: &str) -> Result<Store, StoreError> {
        let store = Store {
            db: db::Db::Postgres(db::PgDb::open(url, 16)?),
            fast_hashes: false,
            instance: next_instance(),
        };
        migrate::apply(&store.db)?;
        Ok(store)
    }

    /// `postgres://…` or `postgresql://…` → PostgreSQL; anything else is a SQLite data
    /// directory.
    pub fn open(spec: &str) -> Result<Store, StoreError> {
        if spec.starts_with("postgres://") || spec.starts_with("postgresql://") {
            Store::open_postgres(spec)
        } else {
            Store::open_dir(Path::new(spec))
        }
    }

    pub fn backend(&self) -> Backend {
        self.db.backend()
    }

    /// Use cheap password hashes (tests and benchmarks only: still argon2id, less memory).
    pub fn with_fast_hashes(mut self) -> Store {
        self.fast_hashes = true;
        self
    }

    /// A cheap liveness check for `/healthz`.
    pub fn ping(&self) -> Result<(), StoreError> {
        self.db.read(|c| c.query("SELECT 1", &[]).map(|_| ()))
    }
}

/// Random bytes as lowercase hex (session ids, CSRF tokens, API tokens).
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("the operating system's random source is available");
    hex(&buf)
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// SHA-256 as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex(&sha2::Sha256::digest(bytes))
}
