//! Test support shared by this crate's tests, the server's tests and the benchmark: a
//! fresh store on each backend. PostgreSQL tests create their own database and drop it.

use crate::Store;

/// Where the test PostgreSQL is: `JIXIAO_TEST_PG`, default the project machines' server.
pub fn pg_admin_url() -> String {
    std::env::var("JIXIAO_TEST_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// A throwaway database on the test PostgreSQL, dropped when this is dropped.
pub struct PgTestDb {
    pub url: String,
    name: String,
}

impl PgTestDb {
    /// `None` when PostgreSQL cannot be reached — a panic instead when `CI=true`, so CI
    /// fails rather than skipping.
    pub fn create() -> Option<PgTestDb> {
        let admin = pg_admin_url();
        let mut client = match postgres::Client::connect(&admin, postgres::NoTls) {
            Ok(c) => c,
            Err(e) => {
                if std::env::var("CI").is_ok_and(|v| v == "true") {
                    panic!("PostgreSQL at {admin} is unreachable in CI: {e}");
                }
                eprintln!("skipping the PostgreSQL half: {admin} unreachable ({e})");
                return None;
            }
        };
        let name = format!("jixiao_test_{}", crate::random_hex(6));
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("the test role may create databases");
        let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
        Some(PgTestDb {
            url: format!("{base}/{name}"),
            name,
        })
    }
}

impl Drop for PgTestDb {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&pg_admin_url(), postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// A fresh store on a backend, kept alive with whatever it needs.
pub struct TestStore {
    pub store: Store,
    pub label: &'static str,
    _dir: Option<tempfile::TempDir>,
    _pg: Option<PgTestDb>,
}

impl std::ops::Deref for TestStore {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.store
    }
}

/// What keeps a test store's database alive (its directory, or its PostgreSQL database).
pub struct Guard {
    _dir: Option<tempfile::TempDir>,
    _pg: Option<PgTestDb>,
}

impl TestStore {
    /// The store, and what must outlive it.
    pub fn into_parts(self) -> (Store, Guard) {
        (
            self.store,
            Guard {
                _dir: self._dir,
                _pg: self._pg,
            },
        )
    }
}

/// A fresh SQLite store in a temporary directory.
pub fn sqlite() -> TestStore {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = Store::open_dir(dir.path())
        .expect("open SQLite")
        .with_fast_hashes();
    TestStore {
        store,
        label: "sqlite",
        _dir: Some(dir),
        _pg: None,
    }
}

/// A fresh PostgreSQL store in its own database (see [`PgTestDb::create`]).
pub fn postgres() -> Option<TestStore> {
    let db = PgTestDb::create()?;
    let store = Store::open_postgres(&db.url)
        .expect("open PostgreSQL")
        .with_fast_hashes();
    Some(TestStore {
        store,
        label: "postgres",
        _dir: None,
        _pg: Some(db),
    })
}

/// Run one test body on SQLite and on PostgreSQL.
pub fn each_backend(body: impl Fn(&TestStore)) {
    let s = sqlite();
    body(&s);
    if let Some(p) = postgres() {
        body(&p);
    }
}
