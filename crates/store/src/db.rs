//! The two backends behind one small synchronous interface: run a statement, run a query,
//! inside a read or a write transaction. SQL is written once, in the subset both accept,
//! with `$1`-style parameters; `NUM($n)` marks a parameter stored in a money column
//! (TEXT in SQLite, NUMERIC in PostgreSQL), and money is read back with
//! `CAST(column AS TEXT)`, so it is exact on both.
//!
//! Everything here blocks: the server calls the store from `spawn_blocking`.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use crate::StoreError;

/// A parameter or column value: the only three types the schema uses.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Int(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Text(v.to_string())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Text(v)
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Value {
        Value::Text(v.clone())
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Value {
        Value::Int(i64::from(v))
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map(Into::into).unwrap_or(Value::Null)
    }
}

/// One result row.
#[derive(Debug, Clone)]
pub struct Row(pub Vec<Value>);

impl Row {
    pub fn int(&self, i: usize) -> i64 {
        match self.0.get(i) {
            Some(Value::Int(v)) => *v,
            Some(Value::Text(t)) => t.parse().unwrap_or(0),
            _ => 0,
        }
    }
    pub fn text(&self, i: usize) -> String {
        self.opt_text(i).unwrap_or_default()
    }
    pub fn opt_text(&self, i: usize) -> Option<String> {
        match self.0.get(i) {
            Some(Value::Text(t)) => Some(t.clone()),
            Some(Value::Int(v)) => Some(v.to_string()),
            _ => None,
        }
    }
}

/// A connection inside a transaction.
pub trait Conn {
    /// Run a statement; the number of rows it changed.
    fn exec(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError>;
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError>;
    fn backend(&self) -> Backend;
}

impl dyn Conn + '_ {
    pub fn one(&mut self, sql: &str, params: &[Value]) -> Result<Option<Row>, StoreError> {
        Ok(self.query(sql, params)?.into_iter().next())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Rewrite portable SQL for one backend.
fn rewrite(sql: &str, backend: Backend) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut rest = sql;
    while let Some(at) = rest.find("NUM($") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 4..];
        let end = tail.find(')').unwrap_or(tail.len());
        let param = &tail[..end];
        match backend {
            Backend::Sqlite => out.push_str(param),
            Backend::Postgres => {
                out.push_str("CAST(CAST(");
                out.push_str(param);
                out.push_str(" AS TEXT) AS NUMERIC)");
            }
        }
        rest = tail.get(end + 1..).unwrap_or("");
    }
    out.push_str(rest);
    if backend == Backend::Sqlite {
        out = out.replace('$', "?");
    }
    out
}

// ---------------------------------------------------------------------------------------
// SQLite

struct SqliteConn<'c>(&'c rusqlite::Connection);

fn sqlite_err(e: rusqlite::Error) -> StoreError {
    StoreError::Database(e.to_string())
}

fn to_sql(v: &Value) -> rusqlite::types::Value {
    match v {
        Value::Null => rusqlite::types::Value::Null,
        Value::Int(i) => rusqlite::types::Value::Integer(*i),
        Value::Text(t) => rusqlite::types::Value::Text(t.clone()),
    }
}

impl Conn for SqliteConn<'_> {
    fn exec(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        let sql = rewrite(sql, Backend::Sqlite);
        let mut stmt = self.0.prepare_cached(&sql).map_err(sqlite_err)?;
        let params: Vec<rusqlite::types::Value> = params.iter().map(to_sql).collect();
        let n = stmt
            .execute(rusqlite::params_from_iter(params))
            .map_err(sqlite_err)?;
        Ok(n as u64)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError> {
        let sql = rewrite(sql, Backend::Sqlite);
        let mut stmt = self.0.prepare_cached(&sql).map_err(sqlite_err)?;
        let n = stmt.column_count();
        let params: Vec<rusqlite::types::Value> = params.iter().map(to_sql).collect();
        let mut rows = stmt
            .query(rusqlite::params_from_iter(params))
            .map_err(sqlite_err)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(sqlite_err)? {
            let mut row = Vec::with_capacity(n);
            for i in 0..n {
                use rusqlite::types::ValueRef;
                row.push(match r.get_ref(i).map_err(sqlite_err)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(v) => Value::Int(v),
                    ValueRef::Real(v) => Value::Text(v.to_string()),
                    ValueRef::Text(t) | ValueRef::Blob(t) => {
                        Value::Text(String::from_utf8_lossy(t).into_owned())
                    }
                });
            }
            out.push(Row(row));
        }
        Ok(out)
    }

    fn backend(&self) -> Backend {
        Backend::Sqlite
    }
}

pub struct SqliteDb {
    writer: Mutex<rusqlite::Connection>,
    /// Idle reader connections, and how many exist (at most `MAX_READERS`).
    readers: Mutex<(Vec<rusqlite::Connection>, usize)>,
    reader_freed: Condvar,
    path: std::path::PathBuf,
}

/// Reader connections kept open for SQLite (WAL lets them read beside the writer).
const MAX_READERS: usize = 8;

fn open_sqlite_conn(path: &Path) -> Result<rusqlite::Connection, StoreError> {
    let c = rusqlite::Connection::open(path).map_err(sqlite_err)?;
    c.busy_timeout(Duration::from_secs(10))
        .map_err(sqlite_err)?;
    // WAL with synchronous=FULL: every acknowledged commit is on disk (one fsync of the
    // WAL each), also after a power cut. JIXIAO_SQLITE_SYNCHRONOUS=NORMAL skips that fsync:
    // commits still survive the process being killed, but the last few may be lost in an
    // operating-system crash (docs/deploy.md has both measured).
    let sync = match std::env::var("JIXIAO_SQLITE_SYNCHRONOUS").ok().as_deref() {
        Some("NORMAL") | Some("normal") => "NORMAL",
        _ => "FULL",
    };
    c.execute_batch(&format!(
        "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = {sync};"
    ))
    .map_err(sqlite_err)?;
    c.set_prepared_statement_cache_capacity(64);
    Ok(c)
}

impl SqliteDb {
    pub fn open(path: &Path) -> Result<SqliteDb, StoreError> {
        let writer = open_sqlite_conn(path)?;
        Ok(SqliteDb {
            writer: Mutex::new(writer),
            readers: Mutex::new((Vec::new(), 0)),
            reader_freed: Condvar::new(),
            path: path.to_path_buf(),
        })
    }
}

// ---------------------------------------------------------------------------------------
// PostgreSQL

struct PgValue<'a>(&'a Value);

impl std::fmt::Debug for PgValue<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl postgres::types::ToSql for PgValue<'_> {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        use postgres::types::{IsNull, Type};
        match self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => i.to_string().to_sql(ty, out),
                _ => i.to_sql(ty, out),
            },
            Value::Text(t) => match *ty {
                Type::INT8 => t.parse::<i64>()?.to_sql(ty, out),
                _ => t.as_str().to_sql(ty, out),
            },
        }
    }
    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }
    postgres::types::to_sql_checked!();
}

pub struct PgClient {
    client: postgres::Client,
    statements: HashMap<String, postgres::Statement>,
}

fn pg_err(e: postgres::Error) -> StoreError {
    match e.as_db_error() {
        Some(db) => StoreError::Database(format!("{}: {}", db.code().code(), db.message())),
        None => StoreError::Database(e.to_string()),
    }
}

impl PgClient {
    fn statement(&mut self, sql: &str) -> Result<postgres::Statement, StoreError> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self
            .client
            .prepare(&rewrite(sql, Backend::Postgres))
            .map_err(pg_err)?;
        self.statements.insert(sql.to_string(), s.clone());
        Ok(s)
    }
}

impl Conn for PgClient {
    fn exec(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        let stmt = self.statement(sql)?;
        let wrapped: Vec<PgValue> = params.iter().map(PgValue).collect();
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = wrapped
            .iter()
            .map(|v| v as &(dyn postgres::types::ToSql + Sync))
            .collect();
        self.client.execute(&stmt, &refs).map_err(pg_err)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError> {
        use postgres::types::Type;
        let stmt = self.statement(sql)?;
        let wrapped: Vec<PgValue> = params.iter().map(PgValue).collect();
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = wrapped
            .iter()
            .map(|v| v as &(dyn postgres::types::ToSql + Sync))
            .collect();
        let rows = self.client.query(&stmt, &refs).map_err(pg_err)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let mut row = Vec::with_capacity(r.len());
            for (i, c) in r.columns().iter().enumerate() {
                let v = match *c.type_() {
                    Type::INT8 => r.try_get::<_, Option<i64>>(i).map(|v| v.map(Value::Int)),
                    Type::INT4 => r
                        .try_get::<_, Option<i32>>(i)
                        .map(|v| v.map(|v| Value::Int(v.into()))),
                    Type::INT2 => r
                        .try_get::<_, Option<i16>>(i)
                        .map(|v| v.map(|v| Value::Int(v.into()))),
                    Type::BOOL => r
                        .try_get::<_, Option<bool>>(i)
                        .map(|v| v.map(|v| Value::Int(v.into()))),
                    _ => r
                        .try_get::<_, Option<String>>(i)
                        .map(|v| v.map(Value::Text)),
                }
                .map_err(pg_err)?;
                row.push(v.unwrap_or(Value::Null));
            }
            out.push(Row(row));
        }
        Ok(out)
    }

    fn backend(&self) -> Backend {
        Backend::Postgres
    }
}

pub struct PgDb {
    url: String,
    idle: Mutex<Vec<PgClient>>,
    open: Mutex<usize>,
    freed: Condvar,
    max: usize,
}

impl PgDb {
    pub fn open(url: &str, max: usize) -> Result<PgDb, StoreError> {
        let db = PgDb {
            url: url.to_string(),
            idle: Mutex::new(Vec::new()),
            open: Mutex::new(0),
            freed: Condvar::new(),
            max: max.max(1),
        };
        let first = db.connect()?;
        db.idle.lock().map_err(poisoned)?.push(first);
        *db.open.lock().map_err(poisoned)? = 1;
        Ok(db)
    }

    fn connect(&self) -> Result<PgClient, StoreError> {
        let client = postgres::Client::connect(&self.url, postgres::NoTls)
            .map_err(|e| StoreError::Unavailable(format!("无法连接 PostgreSQL：{}", pg_err(e))))?;
        Ok(PgClient {
            client,
            statements: HashMap::new(),
        })
    }

    fn take(&self) -> Result<PgClient, StoreError> {
        loop {
            if let Some(c) = self.idle.lock().map_err(poisoned)?.pop() {
                if !c.client.is_closed() {
                    return Ok(c);
                }
                *self.open.lock().map_err(poisoned)? -= 1;
                continue;
            }
            let mut open = self.open.lock().map_err(poisoned)?;
            if *open < self.max {
                *open += 1;
                drop(open);
                return self.connect().inspect_err(|_| {
                    if let Ok(mut n) = self.open.lock() {
                        *n -= 1;
                    }
                });
            }
            let (guard, _) = self
                .freed
                .wait_timeout(open, Duration::from_millis(50))
                .map_err(|_| StoreError::Database("pool lock poisoned".into()))?;
            drop(guard);
        }
    }

    fn give_back(&self, c: PgClient) {
        if c.client.is_closed() {
            if let Ok(mut n) = self.open.lock() {
                *n -= 1;
            }
        } else if let Ok(mut idle) = self.idle.lock() {
            idle.push(c);
        }
        self.freed.notify_one();
    }
}

fn poisoned<T>(_: T) -> StoreError {
    StoreError::Database("lock poisoned".into())
}

// ---------------------------------------------------------------------------------------

pub enum Db {
    Sqlite(SqliteDb),
    Postgres(PgDb),
}

impl Db {
    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Run several statements at once, outside a transaction (migrations).
    pub fn batch(&self, sql: &str) -> Result<(), StoreError> {
        match self {
            Db::Sqlite(db) => db
                .writer
                .lock()
                .map_err(poisoned)?
                .execute_batch(sql)
                .map_err(sqlite_err),
            Db::Postgres(db) => {
                let mut c = db.take()?;
                let r = c.client.batch_execute(sql).map_err(pg_err);
                db.give_back(c);
                r
            }
        }
    }

    /// A write transaction: on SQLite `BEGIN IMMEDIATE` on the one writer connection, on
    /// PostgreSQL `BEGIN` (read committed; conflicting writers wait on row locks). Commits
    /// when `f` returns `Ok`, rolls back otherwise.
    pub fn write<T>(
        &self,
        f: impl FnOnce(&mut dyn Conn) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        match self {
            Db::Sqlite(db) => {
                let guard = db.writer.lock().map_err(poisoned)?;
                guard.execute_batch("BEGIN IMMEDIATE").map_err(sqlite_err)?;
                let mut conn = SqliteConn(&guard);
                match f(&mut conn) {
                    Ok(v) => {
                        if let Err(e) = guard.execute_batch("COMMIT") {
                            let _ = guard.execute_batch("ROLLBACK");
                            return Err(sqlite_err(e));
                        }
                        Ok(v)
                    }
                    Err(e) => {
                        let _ = guard.execute_batch("ROLLBACK");
                        Err(e)
                    }
                }
            }
            Db::Postgres(db) => {
                let mut c = db.take()?;
                let result = (|| {
                    c.client.batch_execute("BEGIN").map_err(pg_err)?;
                    match f(&mut c) {
                        Ok(v) => {
                            c.client.batch_execute("COMMIT").map_err(pg_err)?;
                            Ok(v)
                        }
                        Err(e) => {
                            let _ = c.client.batch_execute("ROLLBACK");
                            Err(e)
                        }
                    }
                })();
                db.give_back(c);
                result
            }
        }
    }

    /// A read: on SQLite one of the reader connections (WAL lets them read while the writer
    /// writes), on PostgreSQL a pooled connection in autocommit.
    pub fn read<T>(
        &self,
        f: impl FnOnce(&mut dyn Conn) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        match self {
            Db::Sqlite(db) => {
                let c = {
                    let mut pool = db.readers.lock().map_err(poisoned)?;
                    loop {
                        if let Some(c) = pool.0.pop() {
                            break Some(c);
                        }
                        if pool.1 < MAX_READERS {
                            pool.1 += 1;
                            break None;
                        }
                        pool = db.reader_freed.wait(pool).map_err(poisoned)?;
                    }
                };
                let c = match c {
                    Some(c) => c,
                    None => match open_sqlite_conn(&db.path) {
                        Ok(c) => c,
                        Err(e) => {
                            if let Ok(mut pool) = db.readers.lock() {
                                pool.1 -= 1;
                            }
                            db.reader_freed.notify_one();
                            return Err(e);
                        }
                    },
                };
                let r = {
                    let mut conn = SqliteConn(&c);
                    f(&mut conn)
                };
                db.readers.lock().map_err(poisoned)?.0.push(c);
                db.reader_freed.notify_one();
                r
            }
            Db::Postgres(db) => {
                let mut c = db.take()?;
                let r = f(&mut c);
                db.give_back(c);
                r
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_parameters_and_money() {
        let sql = "UPDATE items SET score = NUM($2) WHERE id = $1";
        assert_eq!(
            rewrite(sql, Backend::Sqlite),
            "UPDATE items SET score = ?2 WHERE id = ?1"
        );
        assert_eq!(
            rewrite(sql, Backend::Postgres),
            "UPDATE items SET score = CAST(CAST($2 AS TEXT) AS NUMERIC) WHERE id = $1"
        );
    }
}
