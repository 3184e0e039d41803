//! A logical copy of the whole database: every table's rows in key order, as plain values.
//! The same dump restores into either backend (SQLite → PostgreSQL and back), which is
//! also how a bureau moves off this program one day: the rows are plain JSON.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::db::{Backend, Value};
use crate::{Store, StoreError};

/// Table name → rows (each a list of column values in `columns` order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dump {
    /// `jixiao-dump 1`.
    pub format: String,
    /// Highest migration applied when the dump was taken.
    pub schema_version: i64,
    pub tables: BTreeMap<String, Table>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// (table, columns, key) in restore order. `score` is money: read as text, written with NUM.
const TABLES: &[(&str, &[&str], &str)] = &[
    (
        "organisations",
        &[
            "id",
            "code",
            "name",
            "kind",
            "parent_id",
            "owner_division_id",
            "path",
        ],
        "id",
    ),
    (
        "accounts",
        &[
            "id",
            "username",
            "display_name",
            "password_hash",
            "active",
            "created_at",
        ],
        "id",
    ),
    (
        "grants",
        &["account_id", "org_id", "role"],
        "account_id, org_id, role",
    ),
    (
        "sessions",
        &[
            "token_hash",
            "account_id",
            "csrf_token",
            "address",
            "created_at",
            "expires_at",
        ],
        "token_hash",
    ),
    (
        "api_tokens",
        &[
            "id",
            "account_id",
            "name",
            "token_hash",
            "created_at",
            "revoked_at",
        ],
        "id",
    ),
    (
        "login_attempts",
        &["id", "username", "address", "at", "success"],
        "id",
    ),
    (
        "tasks",
        &[
            "id",
            "title",
            "year",
            "stage",
            "framework",
            "grade_bands",
            "opens_on",
            "due_on",
            "locked",
            "created_by",
            "created_at",
            "round",
        ],
        "id",
    ),
    (
        "items",
        &[
            "id",
            "task_id",
            "org_id",
            "state",
            "revision",
            "score",
            "grade",
            "errors",
            "updated_at",
            "review_grade",
        ],
        "id",
    ),
    (
        "revisions",
        &[
            "id",
            "item_id",
            "number",
            "document",
            "sha256",
            "author_id",
            "created_at",
            "source",
        ],
        "id",
    ),
    (
        "transitions",
        &[
            "id",
            "item_id",
            "action",
            "from_state",
            "to_state",
            "actor_id",
            "role",
            "opinion",
            "revision",
            "at",
            "grade",
        ],
        "id",
    ),
    (
        "rectifications",
        &[
            "id",
            "org_id",
            "task_id",
            "item_id",
            "source",
            "code",
            "location",
            "finding",
            "requirement",
            "deadline",
            "state",
            "reopened",
            "raised_by",
            "raised_at",
            "updated_at",
        ],
        "id",
    ),
    (
        "rectification_events",
        &[
            "id",
            "rectification_id",
            "action",
            "from_state",
            "to_state",
            "actor_id",
            "role",
            "text",
            "deadline",
            "at",
        ],
        "id",
    ),
    (
        "result_rules",
        &["task_id", "rules", "sha256", "set_by", "set_at"],
        "task_id",
    ),
    (
        "assignments",
        &[
            "task_id",
            "org_id",
            "account_id",
            "assigned_by",
            "assigned_at",
        ],
        "task_id, org_id, account_id",
    ),
    (
        "publications",
        &[
            "id",
            "task_id",
            "kind",
            "title",
            "snapshot",
            "sha256",
            "published_by",
            "published_at",
        ],
        "id",
    ),
    (
        "publication_events",
        &["id", "publication_id", "action", "actor_id", "text", "at"],
        "id",
    ),
    (
        "audit_log",
        &[
            "seq",
            "at",
            "actor",
            "action",
            "object",
            "detail",
            "prev_hash",
            "hash",
        ],
        "seq",
    ),
    ("audit_head", &["id", "seq", "hash"], "id"),
];

const SERIAL: &[&str] = &[
    "organisations",
    "accounts",
    "api_tokens",
    "login_attempts",
    "tasks",
    "items",
    "revisions",
    "transitions",
    "rectifications",
    "rectification_events",
    "publications",
    "publication_events",
];

/// The value of a column a dump taken before the column existed does not have (its
/// migration's default).
fn missing_column_default(table: &str, column: &str) -> Value {
    match (table, column) {
        ("tasks", "round") => Value::Text(String::new()),
        _ => Value::Null,
    }
}

fn select_list(cols: &[&str]) -> String {
    cols.iter()
        .map(|c| {
            if *c == "score" {
                "CAST(score AS TEXT)".to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl Store {
    /// Every row of every table, read in one transaction (a consistent snapshot).
    pub fn export(&self) -> Result<Dump, StoreError> {
        self.db.write(|c| {
            let version = c
                .one("SELECT MAX(version) FROM schema_migrations", &[])?
                .map(|r| r.int(0))
                .unwrap_or(0);
            let mut tables = BTreeMap::new();
            for (name, cols, key) in TABLES {
                let rows = c.query(
                    &format!("SELECT {} FROM {name} ORDER BY {key}", select_list(cols)),
                    &[],
                )?;
                tables.insert(
                    name.to_string(),
                    Table {
                        columns: cols.iter().map(|c| c.to_string()).collect(),
                        rows: rows.into_iter().map(|r| r.0).collect(),
                    },
                );
            }
            Ok(Dump {
                format: "jixiao-dump 1".into(),
                schema_version: version,
                tables,
            })
        })
    }

    /// Load a dump into this (empty, freshly migrated) database, in one transaction. The
    /// result is identical to the dumped database, audit log included (so it still
    /// verifies); the restore itself is not logged in it.
    pub fn import(&self, dump: &Dump) -> Result<(), StoreError> {
        if dump.format != "jixiao-dump 1" {
            return Err(StoreError::Invalid(format!(
                "不认识的备份格式「{}」",
                dump.format
            )));
        }
        let backend = self.backend();
        let known = crate::migrations(backend)
            .last()
            .map(|m| m.version)
            .unwrap_or(0);
        if dump.schema_version > known {
            return Err(StoreError::TooNew {
                found: dump.schema_version,
                known,
            });
        }
        self.db.write(|c| {
            let used = c
                .one("SELECT (SELECT COUNT(*) FROM organisations) + (SELECT COUNT(*) FROM accounts)", &[])?
                .map(|r| r.int(0))
                .unwrap_or(0);
            if used > 0 {
                return Err(StoreError::Invalid(
                    "目标数据库不是空的：只能恢复到新的数据目录或空数据库".into(),
                ));
            }
            for (name, cols, _) in TABLES {
                let Some(table) = dump.tables.get(*name) else {
                    continue;
                };
                let positions: Vec<Option<usize>> = cols
                    .iter()
                    .map(|c| table.columns.iter().position(|x| x == c))
                    .collect();
                let pick = |row: &Vec<Value>, col: &str| -> Value {
                    cols.iter()
                        .position(|c| *c == col)
                        .and_then(|i| positions[i])
                        .and_then(|p| row.get(p).cloned())
                        .unwrap_or_else(|| missing_column_default(name, col))
                };
                if *name == "audit_head" {
                    for row in &table.rows {
                        c.exec(
                            "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1",
                            &[pick(row, "seq"), pick(row, "hash")],
                        )?;
                    }
                    continue;
                }
                // Organisations refer to each other: insert them without those links,
                // then set the links.
                let inserted: Vec<&str> = cols
                    .iter()
                    .copied()
                    .filter(|col| {
                        !(*name == "organisations"
                            && (*col == "parent_id" || *col == "owner_division_id"))
                    })
                    .collect();
                let placeholders: Vec<String> = inserted
                    .iter()
                    .enumerate()
                    .map(|(i, col)| {
                        if *col == "score" {
                            format!("NUM(${})", i + 1)
                        } else {
                            format!("${}", i + 1)
                        }
                    })
                    .collect();
                let sql = format!(
                    "INSERT INTO {name} ({}) VALUES ({})",
                    inserted.join(", "),
                    placeholders.join(", ")
                );
                for row in &table.rows {
                    let values: Vec<Value> = inserted.iter().map(|col| pick(row, col)).collect();
                    c.exec(&sql, &values)?;
                }
                if *name == "organisations" {
                    for row in &table.rows {
                        c.exec(
                            "UPDATE organisations SET parent_id = $2, owner_division_id = $3 WHERE id = $1",
                            &[pick(row, "id"), pick(row, "parent_id"), pick(row, "owner_division_id")],
                        )?;
                    }
                }
            }
            if backend == Backend::Postgres {
                for t in SERIAL {
                    c.query(
                        &format!("SELECT setval(pg_get_serial_sequence('{t}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {t}"),
                        &[],
                    )?;
                }
            }
            Ok(())
        })
    }
}
