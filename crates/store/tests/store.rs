//! The store's behaviour, each test body run on SQLite and on PostgreSQL.

use jixiao_store::testing::{each_backend, TestStore};
use jixiao_store::{
    Action, ItemFilter, LoginError, NewOrg, NewTask, OrgKind, Role, SaveError, Scope, State, Store,
    Summary, TransitionError,
};

fn org(code: &str, name: &str, kind: OrgKind, parent: Option<&str>, owner: Option<&str>) -> NewOrg {
    NewOrg {
        code: code.into(),
        name: name.into(),
        kind,
        parent_code: parent.map(Into::into),
        owner_division_code: owner.map(Into::into),
    }
}

struct World {
    filler_u1: Scope,
    filler_u2: Scope,
    dept1: Scope,
    finance1: Scope,
    admin: Scope,
    evaluator: Scope,
    task: i64,
}

fn account(s: &Store, name: &str, grants: &[(&str, Role)]) -> Scope {
    let id = s
        .upsert_account("test", name, name, "password-123")
        .expect("account");
    for (code, role) in grants {
        s.grant("test", id, code, *role).expect("grant");
    }
    s.scope_for_account(id)
        .expect("read")
        .expect("active account")
}

/// 财政局 B with divisions D1, D2; departments P1 (owned by D1) with unit U1, P2 (D2) with U2.
fn world(s: &Store) -> World {
    s.import_organisations(
        "test",
        &[
            org("B", "某市财政局", OrgKind::Bureau, None, None),
            org("D1", "行政政法科", OrgKind::Division, Some("B"), None),
            org("D2", "教科文科", OrgKind::Division, Some("B"), None),
            org(
                "P1",
                "市政务服务数据管理局",
                OrgKind::Department,
                Some("B"),
                Some("D1"),
            ),
            org("U1", "市政务服务中心", OrgKind::Unit, Some("P1"), None),
            org("P2", "市教育局", OrgKind::Department, Some("B"), Some("D2")),
            org("U2", "市第一中学", OrgKind::Unit, Some("P2"), None),
        ],
    )
    .expect("orgs");
    let admin = account(s, "admin", &[("B", Role::PerfAdmin)]);
    let task = s
        .create_task(
            &admin,
            &NewTask {
                title: "2024 年度部门整体绩效自评".into(),
                year: 2024,
                stage: "self_eval".into(),
                framework: "longhua-4e".into(),
                grade_bands: String::new(),
                opens_on: "2025-01-01".into(),
                due_on: "2099-03-31".into(),
                org_codes: vec!["P1".into(), "U1".into(), "P2".into(), "U2".into()],
            },
        )
        .expect("task");
    World {
        filler_u1: account(s, "u1", &[("U1", Role::Filler)]),
        filler_u2: account(s, "u2", &[("U2", Role::Filler)]),
        dept1: account(s, "p1", &[("P1", Role::DeptReviewer)]),
        finance1: account(s, "d1", &[("D1", Role::FinanceReviewer)]),
        evaluator: account(s, "ev", &[("B", Role::Evaluator)]),
        admin,
        task,
    }
}

fn codes(s: &Store, scope: &Scope) -> Vec<String> {
    s.items(scope, &ItemFilter::default())
        .expect("items")
        .into_iter()
        .map(|i| i.org_code)
        .collect()
}

fn item_of(s: &Store, scope: &Scope, code: &str) -> i64 {
    s.items(scope, &ItemFilter::default())
        .expect("items")
        .into_iter()
        .find(|i| i.org_code == code)
        .map(|i| i.id)
        .expect("the item is visible")
}

const DOC_A: &str =
    "[department]\nname = \"市政务服务中心\"\nyear = 2024\n\n[budget.initial]\ntotal = \"23260\"\n";
const DOC_B: &str = "[department]\nname = \"市政务服务中心\"\nyear = 2024\n\n[budget.initial]\ntotal = \"23260.50\"\n";
const DOC_C: &str = "[department]\nname = \"市政务服务中心（改）\"\nyear = 2024\n\n[budget.initial]\ntotal = \"23260\"\n";

fn summary(score: &str) -> Summary {
    Summary {
        score: Some(score.into()),
        grade: Some("优".into()),
        errors: 0,
    }
}

#[test]
fn scope_decides_what_each_role_sees() {
    each_backend(|s: &TestStore| {
        let w = world(s);
        assert_eq!(codes(s, &w.filler_u1), ["U1"], "{}", s.label);
        assert_eq!(codes(s, &w.filler_u2), ["U2"]);
        assert_eq!(codes(s, &w.dept1), ["P1", "U1"]);
        assert_eq!(codes(s, &w.finance1), ["P1", "U1"]);
        assert_eq!(codes(s, &w.admin), ["P1", "P2", "U1", "U2"]);
        assert!(codes(s, &w.evaluator).is_empty());
        // Another organisation's item is indistinguishable from a missing one.
        let u2 = item_of(s, &w.filler_u2, "U2");
        assert!(s.item(&w.filler_u1, u2).expect("read").is_none());
        assert!(s.item(&w.filler_u1, 999_999).expect("read").is_none());
        assert!(s.revisions(&w.dept1, u2).expect("read").is_none());
        assert!(matches!(
            s.save(&w.filler_u1, u2, 0, DOC_A, "test", &summary("1")),
            Err(SaveError::NotFound)
        ));
        assert!(matches!(
            s.transition(&w.dept1, u2, Action::Pass, None),
            Err(TransitionError::NotFound)
        ));
        // Organisations follow the same scope.
        let orgs: Vec<String> = s
            .organisations(&w.dept1)
            .expect("orgs")
            .into_iter()
            .map(|o| o.code)
            .collect();
        assert_eq!(orgs, ["P1", "U1"]);
        // Only a 绩效管理员 opens tasks.
        assert_eq!(s.tasks(&w.filler_u1).expect("tasks").len(), 1);
        assert_eq!(s.tasks(&w.evaluator).expect("tasks").len(), 0);
        assert!(s.set_task_locked(&w.filler_u1, w.task, true).is_err());
    });
}

#[test]
fn revisions_are_immutable_and_a_stale_save_is_a_conflict() {
    each_backend(|s: &TestStore| {
        let w = world(s);
        let id = item_of(s, &w.filler_u1, "U1");
        let r1 = s
            .save(&w.filler_u1, id, 0, DOC_A, "editor", &summary("97.36"))
            .expect("first save");
        assert_eq!((r1.revision, r1.unchanged), (1, false));
        // Two people start from revision 1; the first save wins…
        let r2 = s
            .save(&w.filler_u1, id, 1, DOC_B, "editor", &summary("97.4"))
            .expect("second");
        assert_eq!(r2.revision, 2);
        // …the second is a conflict that shows what changed, and stores nothing.
        match s.save(&w.filler_u1, id, 1, DOC_C, "editor", &summary("1")) {
            Err(SaveError::Conflict(c)) => {
                assert_eq!((c.base_revision, c.current_revision), (1, 2));
                assert_eq!(c.current_author, "u1");
                assert_eq!(c.changes.len(), 1);
                assert_eq!(c.changes[0].path, "budget.initial.total");
                assert_eq!(c.changes[0].before.as_deref(), Some("23260"));
                assert_eq!(c.changes[0].after.as_deref(), Some("23260.50"));
            }
            other => panic!("{}: expected a conflict, got {other:?}", s.label),
        }
        // Saving the same document again stores nothing.
        let same = s
            .save(&w.filler_u1, id, 2, DOC_B, "editor", &summary("97.4"))
            .expect("same");
        assert!(same.unchanged);
        let revs = s
            .revisions(&w.filler_u1, id)
            .expect("read")
            .expect("visible");
        assert_eq!(revs.iter().map(|r| r.number).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(revs[0].sha256, jixiao_store::sha256_hex(DOC_A.as_bytes()));
        assert_eq!(
            s.revision(&w.dept1, id, Some(1))
                .expect("read")
                .expect("r1")
                .document,
            DOC_A
        );
        // Money is exact on both backends, shown with two places.
        let item = s.item(&w.filler_u1, id).expect("read").expect("visible");
        assert_eq!(item.score.as_deref(), Some("97.40"), "{}", s.label);
        // The database itself refuses to change a revision.
        assert!(s
            .raw_sql_for_tests("UPDATE revisions SET document = 'x'")
            .is_err());
        assert!(s.raw_sql_for_tests("DELETE FROM revisions").is_err());
    });
}

#[test]
fn the_cycle_with_a_return() {
    each_backend(|s: &TestStore| {
        let w = world(s);
        let id = item_of(s, &w.filler_u1, "U1");
        let refused = s.transition(&w.filler_u1, id, Action::Submit, None);
        assert!(matches!(refused, Err(TransitionError::Refused(ref r)) if r.code == "no-data"));
        s.save(
            &w.filler_u1,
            id,
            0,
            DOC_A,
            "editor",
            &Summary {
                errors: 2,
                ..summary("1")
            },
        )
        .expect("save");
        let refused = s.transition(&w.filler_u1, id, Action::Submit, None);
        assert!(matches!(refused, Err(TransitionError::Refused(ref r)) if r.code == "has-errors"));
        s.save(&w.filler_u1, id, 1, DOC_B, "editor", &summary("90"))
            .expect("fix");
        assert_eq!(
            s.transition(&w.filler_u1, id, Action::Submit, None)
                .expect("submit")
                .to,
            State::Submitted
        );
        // Saving a submitted item is refused with the workflow's reason.
        match s.save(&w.filler_u1, id, 2, DOC_C, "editor", &summary("1")) {
            Err(SaveError::Refused(r)) => assert_eq!(r.code, "wrong-state"),
            other => panic!("{other:?}"),
        }
        // The finance reviewer cannot act before the department has passed it.
        assert!(matches!(
            s.transition(&w.finance1, id, Action::Confirm, None),
            Err(TransitionError::Refused(_))
        ));
        let back = s
            .transition(&w.dept1, id, Action::Return, Some("请补充三公经费明细"))
            .expect("return");
        assert_eq!(back.to, State::Returned);
        s.save(&w.filler_u1, id, 2, DOC_C, "editor", &summary("91"))
            .expect("revise");
        s.transition(&w.filler_u1, id, Action::Submit, None)
            .expect("resubmit");
        s.transition(&w.dept1, id, Action::Pass, None)
            .expect("pass");
        s.transition(&w.finance1, id, Action::Confirm, Some("同意"))
            .expect("confirm");
        let h = s.history(&w.admin, id).expect("read").expect("visible");
        let steps: Vec<(&str, &str, Option<&str>)> = h
            .iter()
            .map(|t| (t.action.id(), t.to.id(), t.opinion.as_deref()))
            .collect();
        assert_eq!(
            steps,
            [
                ("submit", "submitted", None),
                ("return", "returned", Some("请补充三公经费明细")),
                ("submit", "submitted", None),
                ("pass", "dept_passed", None),
                ("confirm", "confirmed", Some("同意")),
            ]
        );
        assert_eq!(h[1].actor, "p1");
        assert_eq!(h[2].revision, 3);
        // A locked task refuses everything.
        let u2 = item_of(s, &w.filler_u2, "U2");
        s.set_task_locked(&w.admin, w.task, true).expect("lock");
        match s.save(&w.filler_u2, u2, 0, DOC_A, "editor", &summary("1")) {
            Err(SaveError::Refused(r)) => assert_eq!(r.code, "locked"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            s.verify_audit().expect("read"),
            Ok(s.audit_tail(1).expect("tail")[0].seq)
        );
    });
}

#[test]
fn audit_log_finds_edited_and_deleted_entries() {
    each_backend(|s: &TestStore| {
        let w = world(s);
        let id = item_of(s, &w.filler_u1, "U1");
        s.save(&w.filler_u1, id, 0, DOC_A, "editor", &summary("1"))
            .expect("save");
        let n = s.verify_audit().expect("read").expect("intact");
        assert!(n >= 10, "{n}");
        let (drop_guard, restore_guard) = match s.backend() {
            jixiao_store::Backend::Sqlite => (
                "DROP TRIGGER audit_log_append_only_update; DROP TRIGGER audit_log_append_only_delete;",
                "",
            ),
            jixiao_store::Backend::Postgres => ("DROP TRIGGER audit_log_append_only ON audit_log;", ""),
        };
        let _ = restore_guard;
        s.raw_sql_for_tests(drop_guard)
            .expect("someone with database access");
        s.raw_sql_for_tests("UPDATE audit_log SET detail = '{\"revision\":9}' WHERE seq = 4")
            .expect("edit");
        let broken = s.verify_audit().expect("read").expect_err("edit detected");
        assert_eq!(broken.seq, 4);
        assert!(broken.reason.contains("被修改"), "{}", broken.reason);
    });
    each_backend(|s: &TestStore| {
        let w = world(s);
        let _ = w;
        let drop_guard = match s.backend() {
            jixiao_store::Backend::Sqlite => "DROP TRIGGER audit_log_append_only_delete;",
            jixiao_store::Backend::Postgres => "DROP TRIGGER audit_log_append_only ON audit_log;",
        };
        s.raw_sql_for_tests(drop_guard).expect("drop");
        s.raw_sql_for_tests("DELETE FROM audit_log WHERE seq = 3")
            .expect("delete");
        assert_eq!(
            s.verify_audit().expect("read").expect_err("deletion").seq,
            3
        );
        let last = s.audit_tail(1).expect("tail")[0].seq;
        s.raw_sql_for_tests(&format!("DELETE FROM audit_log WHERE seq = {last}"))
            .expect("delete");
        // The earlier break is still the first one reported.
        assert_eq!(
            s.verify_audit().expect("read").expect_err("deletion").seq,
            3
        );
    });
    each_backend(|s: &TestStore| {
        world(s);
        let drop_guard = match s.backend() {
            jixiao_store::Backend::Sqlite => "DROP TRIGGER audit_log_append_only_delete;",
            jixiao_store::Backend::Postgres => "DROP TRIGGER audit_log_append_only ON audit_log;",
        };
        s.raw_sql_for_tests(drop_guard).expect("drop");
        let last = s.audit_tail(1).expect("tail")[0].seq;
        s.raw_sql_for_tests(&format!("DELETE FROM audit_log WHERE seq = {last}"))
            .expect("delete");
        let b = s.verify_audit().expect("read").expect_err("tail deletion");
        assert_eq!(b.seq, last);
    });
}

#[test]
fn sessions_tokens_and_throttling_live_in_the_database() {
    each_backend(|s: &TestStore| {
        let w = world(s);
        let ok = s
            .login("u1", "password-123", "10.0.0.1")
            .expect("db")
            .expect("login");
        let session = s.session(&ok.token).expect("db").expect("live");
        assert_eq!(session.scope.username(), "u1");
        assert_eq!(session.csrf_token, ok.csrf_token);
        assert!(s.session("not-a-session").expect("db").is_none());
        s.end_session(&ok.token).expect("logout");
        assert!(s.session(&ok.token).expect("db").is_none());
        assert_eq!(
            s.login("u1", "wrong", "10.0.0.1").expect("db").unwrap_err(),
            LoginError::Invalid
        );
        assert_eq!(
            s.login("nobody", "wrong", "10.0.0.1")
                .expect("db")
                .unwrap_err(),
            LoginError::Invalid
        );
        for _ in 0..4 {
            let _ = s.login("u1", "wrong", "10.0.0.2").expect("db");
        }
        // Five failures: even the right password is refused for a while.
        assert!(matches!(
            s.login("u1", "password-123", "10.0.0.3").expect("db"),
            Err(LoginError::Throttled { .. })
        ));
        // Another account from another address is unaffected.
        assert!(s
            .login("u2", "password-123", "10.0.0.4")
            .expect("db")
            .is_ok());
        // API tokens: created once, revocable, scoped like the account.
        let (info, secret) = s.create_token(&w.dept1, "统计脚本").expect("token");
        let scope = s.token_scope(&secret).expect("db").expect("live");
        assert_eq!(codes(s, &scope), ["P1", "U1"]);
        assert!(
            !s.revoke_token(&w.filler_u1, info.id).expect("db"),
            "not someone else's"
        );
        assert!(s.revoke_token(&w.dept1, info.id).expect("db"));
        assert!(s.token_scope(&secret).expect("db").is_none());
        let actions: Vec<String> = s
            .audit_tail(50)
            .expect("tail")
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert!(actions.contains(&"login".to_string()));
        assert!(actions.contains(&"login_failed".to_string()));
        assert!(actions.contains(&"login_throttled".to_string()));
    });
}

#[test]
fn a_dump_restores_to_an_identical_database_on_either_backend() {
    each_backend(|s: &TestStore| {
        let w = world(s);
        let id = item_of(s, &w.filler_u1, "U1");
        s.save(&w.filler_u1, id, 0, DOC_A, "editor", &summary("97.36"))
            .expect("save");
        s.transition(&w.filler_u1, id, Action::Submit, None)
            .expect("submit");
        let _ = s.login("u1", "password-123", "127.0.0.1").expect("db");
        let dump = s.export().expect("export");
        for target in [
            jixiao_store::testing::sqlite(),
            jixiao_store::testing::sqlite(),
        ]
        .into_iter()
        .chain(jixiao_store::testing::postgres())
        {
            target.import(&dump).expect("import");
            assert_eq!(
                target.export().expect("export"),
                dump,
                "{} → {}",
                s.label,
                target.label
            );
            assert!(target.verify_audit().expect("read").is_ok());
            assert!(target.import(&dump).is_err(), "restoring twice is refused");
            // New rows get fresh ids after a restore.
            let admin = target
                .scope_for_account(w.admin.account_id())
                .expect("db")
                .expect("admin");
            target
                .import_organisations(
                    "test",
                    &[org("U3", "新单位", OrgKind::Unit, Some("P1"), None)],
                )
                .expect("a new organisation after restore");
            assert_eq!(target.organisations(&admin).expect("orgs").len(), 8);
        }
    });
}

#[test]
fn reopening_keeps_everything_and_refuses_an_edited_migration() {
    let dir = tempfile_dir();
    {
        let s = Store::open_dir(dir.path())
            .expect("open")
            .with_fast_hashes();
        world(&s);
    }
    let s = Store::open_dir(dir.path()).expect("reopen");
    assert_eq!(s.all_organisations().expect("orgs").len(), 7);
    s.raw_sql_for_tests("UPDATE schema_migrations SET sha256 = 'x' WHERE version = 1")
        .expect("tamper");
    drop(s);
    match Store::open_dir(dir.path()) {
        Err(jixiao_store::StoreError::MigrationChanged { version }) => assert_eq!(version, 1),
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("opened a database whose migration record changed"),
    }
}

fn tempfile_dir() -> TempDir {
    TempDir::new()
}

/// A small temporary directory (tests only).
struct TempDir(std::path::PathBuf);
impl TempDir {
    fn new() -> TempDir {
        let p = std::env::temp_dir().join(format!("jixiao-store-{}", jixiao_store::random_hex(6)));
        std::fs::create_dir_all(&p).expect("temp dir");
        TempDir(p)
    }
    fn path(&self) -> &std::path::Path {
        &self.0
    }
}
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn the_data_version_moves_with_every_write_and_not_with_sessions() {
    each_backend(|s: &TestStore| {
        let w = world(s);
        let id = item_of(s, &w.filler_u1, "U1");
        let v0 = s.data_version().expect("version");
        assert_eq!(
            s.data_version().expect("version"),
            v0,
            "reads change nothing"
        );
        // Logging in and out, and failing to, is not data.
        let ok = s
            .login("u1", "password-123", "10.0.0.1")
            .expect("db")
            .expect("login");
        let _ = s.login("u1", "wrong", "10.0.0.1").expect("db");
        s.end_session(&ok.token).expect("logout");
        assert_eq!(s.data_version().expect("version"), v0);
        // A save, a lock and a grant each move it.
        s.save(&w.filler_u1, id, 0, DOC_A, "editor", &summary("97.36"))
            .expect("save");
        let v1 = s.data_version().expect("version");
        assert!(v1.seq > v0.seq);
        assert!(s.set_task_locked(&w.admin, w.task, true).expect("lock"));
        let v2 = s.data_version().expect("version");
        assert!(v2.seq > v1.seq);
        account(s, "u3", &[("U2", Role::Filler)]);
        let v3 = s.data_version().expect("version");
        assert!(v3.seq > v2.seq);
        // More session entries than the version looks through: it reads the head, which is
        // never below a write, so a write after them still moves it.
        for _ in 0..300 {
            let _ = s.login("nobody", "wrong", "10.0.0.9").expect("db");
        }
        let v4 = s.data_version().expect("version");
        assert!(v4.seq >= v3.seq);
        assert!(s.set_task_locked(&w.admin, w.task, false).expect("unlock"));
        assert!(s.data_version().expect("version").seq > v4.seq);
    });
}
