//! Append-only migrations, embedded. Each applied migration is recorded with the SHA-256
//! of its text; opening a database whose record differs from the shipped text fails, so a
//! migration cannot be edited after it shipped (add a new one instead). The test
//! `migrations_are_append_only` pins the shipped checksums.

use crate::db::{Backend, Db, Value};
use crate::{sha256_hex, StoreError};

/// One migration of one backend.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

const SQLITE: &[Migration] = &[
    Migration {
        version: 1,
        name: "init",
        sql: include_str!("../migrations/sqlite/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "cycles",
        sql: include_str!("../migrations/sqlite/0002_cycles.sql"),
    },
    Migration {
        version: 3,
        name: "publications",
        sql: include_str!("../migrations/sqlite/0003_publications.sql"),
    },
];

const POSTGRES: &[Migration] = &[
    Migration {
        version: 1,
        name: "init",
        sql: include_str!("../migrations/postgres/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "cycles",
        sql: include_str!("../migrations/postgres/0002_cycles.sql"),
    },
    Migration {
        version: 3,
        name: "publications",
        sql: include_str!("../migrations/postgres/0003_publications.sql"),
    },
];

/// The shipped migrations of a backend, in order.
pub fn migrations(backend: Backend) -> &'static [Migration] {
    match backend {
        Backend::Sqlite => SQLITE,
        Backend::Postgres => POSTGRES,
    }
}

pub(crate) fn apply(db: &Db) -> Result<(), StoreError> {
    db.batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version BIGINT PRIMARY KEY,
            name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )",
    )?;
    let shipped = migrations(db.backend());
    // Serialise concurrent starts of several instances on one PostgreSQL.
    db.write(|c| {
        if c.backend() == Backend::Postgres {
            c.exec("LOCK TABLE schema_migrations IN EXCLUSIVE MODE", &[])?;
        }
        let applied = c.query(
            "SELECT version, sha256 FROM schema_migrations ORDER BY version",
            &[],
        )?;
        let known = shipped.last().map(|m| m.version).unwrap_or(0);
        for row in &applied {
            let version = row.int(0);
            match shipped.iter().find(|m| m.version == version) {
                Some(m) if sha256_hex(m.sql.as_bytes()) == row.text(1) => {}
                Some(_) => return Err(StoreError::MigrationChanged { version }),
                None => {
                    return Err(StoreError::TooNew {
                        found: version,
                        known,
                    })
                }
            }
        }
        for m in shipped {
            if applied.iter().any(|r| r.int(0) == m.version) {
                continue;
            }
            for statement in split_statements(m.sql) {
                c.exec(&statement, &[])?;
            }
            c.exec(
                "INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES ($1, $2, $3, $4)",
                &[
                    Value::Int(m.version),
                    m.name.into(),
                    sha256_hex(m.sql.as_bytes()).into(),
                    crate::now_rfc3339().into(),
                ],
            )?;
        }
        Ok(())
    })
}

/// Split a migration into statements at `;` line ends, keeping `$$ … $$` bodies whole
/// (SQLite trigger bodies are written on one line), dropping `--` comment lines.
fn split_statements(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_dollar = false;
    for line in sql.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("--") || (trimmed.is_empty() && current.is_empty()) {
            continue;
        }
        if trimmed.matches("$$").count() % 2 == 1 {
            in_dollar = !in_dollar;
        }
        current.push_str(line);
        current.push('\n');
        if trimmed.ends_with(';') && !in_dollar {
            let stmt = current.trim().trim_end_matches(';').trim().to_string();
            if !stmt.is_empty() {
                out.push(stmt);
            }
            current.clear();
        }
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pinned checksums of every shipped migration. A migration that has shipped must never
    /// change: to alter the schema, append a migration and add its line here.
    const PINNED: &[(&str, i64, &str)] = &[
        (
            "sqlite",
            1,
            "7d5273b000383edc4fa9c83f64611f5cca2e660788e35ab29850e78aa2a4fe14",
        ),
        (
            "postgres",
            1,
            "a345aa4fd7222eb83108b7ac98e1b0b2380c77893bcd70efb969cfa984d56375",
        ),
        (
            "sqlite",
            2,
            "3c4d699dc41fc7e3f34d619bc1edc0d2a225bf35e57b7294cc366a4e7bf09b0a",
        ),
        (
            "postgres",
            2,
            "fcb58905154c21cb0d182654c2ec5632de6e4469d2673f1806b132c4b54860a0",
        ),
        (
            "sqlite",
            3,
            "b6c4eeda9011946c556601fdeede3ab6f6c004573c746dfe80041ed6ee007292",
        ),
        (
            "postgres",
            3,
            "2f9686de449a3e0ab79baf8672a59edc23fb1d3fb1c4805954ff9b049346d8ab",
        ),
    ];

    #[test]
    fn migrations_are_append_only() {
        for (backend, version, sum) in PINNED {
            let b = if *backend == "sqlite" {
                Backend::Sqlite
            } else {
                Backend::Postgres
            };
            let m = migrations(b)
                .iter()
                .find(|m| m.version == *version)
                .expect("a pinned migration is still shipped");
            assert_eq!(
                sha256_hex(m.sql.as_bytes()),
                *sum,
                "{backend} migration {version} was edited: migrations are append-only"
            );
        }
        for b in [Backend::Sqlite, Backend::Postgres] {
            let versions: Vec<i64> = migrations(b).iter().map(|m| m.version).collect();
            let expected: Vec<i64> = (1..=versions.len() as i64).collect();
            assert_eq!(versions, expected, "versions are 1, 2, 3… with no gaps");
        }
    }

    #[test]
    fn splits_triggers_and_functions_whole() {
        let sqlite = split_statements(SQLITE[0].sql);
        assert!(sqlite.iter().any(
            |s| s.starts_with("CREATE TRIGGER revisions_immutable_update") && s.ends_with("END")
        ));
        let pg = split_statements(POSTGRES[0].sql);
        assert!(pg
            .iter()
            .any(|s| s.starts_with("CREATE FUNCTION") && s.contains("RAISE EXCEPTION")));
    }
}
