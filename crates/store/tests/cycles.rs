//! The other cycles in the store (绩效目标, 运行监控, 问题整改, 结果应用, 评价人, 结果公开), each test
//! body run on SQLite and on PostgreSQL.

use jixiao_store::testing::{each_backend, TestStore};
use jixiao_store::{
    Action, ItemFilter, NewOrg, NewPublication, NewRectification, NewTask, OrgKind, RectFilter,
    Role, Scope, State, Store, StoreError, Summary, TransitionError,
};
use jixiao_workflow::monitoring::Round;
use jixiao_workflow::rectify::{RectAction, RectState};
use jixiao_workflow::targets::Grade;

fn org(code: &str, name: &str, kind: OrgKind, parent: Option<&str>, owner: Option<&str>) -> NewOrg {
    NewOrg {
        code: code.into(),
        name: name.into(),
        kind,
        parent_code: parent.map(Into::into),
        owner_division_code: owner.map(Into::into),
    }
}

fn account(s: &Store, name: &str, grants: &[(&str, Role)]) -> Scope {
    let id = s
        .upsert_account("test", name, name, "password-123")
        .expect("account");
    for (code, role) in grants {
        s.grant("test", id, code, *role).expect("grant");
    }
    s.scope_for_account(id).expect("read").expect("active")
}

struct World {
    admin: Scope,
    u1: Scope,
    u2: Scope,
    dept1: Scope,
    finance1: Scope,
    finance2: Scope,
    evaluator: Scope,
    evaluator2: Scope,
    readonly: Scope,
}

/// 财政局 B, divisions D1 (owns P1) and D2 (owns P2); units U1 under P1, U2 under P2; a
/// third-party agency A with two evaluators.
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
            org("A", "某会计师事务所", OrgKind::Agency, None, None),
        ],
    )
    .expect("orgs");
    World {
        admin: account(s, "admin", &[("B", Role::PerfAdmin)]),
        u1: account(s, "u1", &[("U1", Role::Filler)]),
        u2: account(s, "u2", &[("U2", Role::Filler)]),
        dept1: account(s, "p1", &[("P1", Role::DeptReviewer)]),
        finance1: account(s, "d1", &[("D1", Role::FinanceReviewer)]),
        finance2: account(s, "d2", &[("D2", Role::FinanceReviewer)]),
        evaluator: account(s, "ev", &[("A", Role::Evaluator)]),
        evaluator2: account(s, "ev2", &[("A", Role::Evaluator)]),
        readonly: account(s, "rd", &[("B", Role::ReadOnly)]),
    }
}

fn new_task(stage: &str, title: &str, year: i64, codes: &[&str]) -> NewTask {
    NewTask {
        title: title.into(),
        year,
        stage: stage.into(),
        framework: "longhua-4e".into(),
        grade_bands: String::new(),
        opens_on: format!("{year}-01-01"),
        due_on: "2099-12-31".into(),
        org_codes: codes.iter().map(|c| c.to_string()).collect(),
    }
}

fn item_of(s: &Store, scope: &Scope, task: i64, code: &str) -> i64 {
    s.items(
        scope,
        &ItemFilter {
            task_id: Some(task),
            ..Default::default()
        },
    )
    .expect("items")
    .into_iter()
    .find(|i| i.org_code == code)
    .map(|i| i.id)
    .expect("visible item")
}

const DOC: &str = "[department]\nname = \"市政务服务中心\"\nyear = 2025\n";

fn ok_summary() -> Summary {
    Summary {
        score: None,
        grade: None,
        errors: 0,
    }
}

#[test]
fn target_tasks_are_graded_and_poor_goes_back() {
    each_backend(|s: &TestStore| {
        let w = world(s);
        let task = s
            .open_cycle_task(
                &w.admin,
                &new_task("targets", "2026 年度绩效目标申报", 2026, &["U1", "U2"]),
                None,
            )
            .expect("open");
        let t = s.task(&w.admin, task).expect("read").expect("task");
        assert_eq!((t.stage.as_str(), t.round.as_str()), ("targets", ""));
        let id = item_of(s, &w.u1, task, "U1");
        s.save(&w.u1, id, 0, DOC, "test", &ok_summary())
            .expect("save");
        s.transition(&w.u1, id, Action::Submit, None)
            .expect("submit");
        s.transition(&w.dept1, id, Action::Pass, None)
            .expect("pass");
        // The plain confirmation is refused: targets are graded.
        let item = s.item(&w.finance1, id).expect("read").expect("visible");
        assert_eq!(item.actions, vec![Action::Return], "{}", s.label);
        match s.transition(&w.finance1, id, Action::Confirm, None) {
            Err(TransitionError::Refused(r)) => assert_eq!(r.code, "grade-required"),
            other => panic!("{}: {other:?}", s.label),
        }
        // Another division's reviewer does not see it.
        assert!(matches!(
            s.review_targets(&w.finance2, id, Grade::Good, None),
            Err(TransitionError::NotFound)
        ));
        // 差 without an opinion is refused, with one it goes back.
        match s.review_targets(&w.finance1, id, Grade::Poor, None) {
            Err(TransitionError::Refused(r)) => assert_eq!(r.code, "opinion-required"),
            other => panic!("{other:?}"),
        }
        let back = s
            .review_targets(&w.finance1, id, Grade::Poor, Some("成本指标写成了 ≥"))
            .expect("poor");
        assert_eq!((back.from, back.to), (State::DeptPassed, State::Returned));
        let item = s.item(&w.u1, id).expect("read").expect("visible");
        assert_eq!(
            (item.state, item.review_grade.as_deref()),
            (State::Returned, Some("poor"))
        );
        // Resubmitted, passed, graded 良: approved (批复), final.
        s.transition(&w.u1, id, Action::Submit, None)
            .expect("resubmit");
        s.transition(&w.dept1, id, Action::Pass, None)
            .expect("pass");
        let approved = s
            .review_targets(&w.finance1, id, Grade::Good, None)
            .expect("good");
        assert_eq!(approved.to, State::Confirmed);
        let item = s.item(&w.admin, id).expect("read").expect("visible");
        assert_eq!(item.review_grade.as_deref(), Some("good"));
        let history = s.history(&w.u1, id).expect("read").expect("visible");
        let grades: Vec<(Action, Option<&str>)> = history
            .iter()
            .map(|h| (h.action, h.grade.as_deref()))
            .collect();
        assert_eq!(
            grades,
            vec![
                (Action::Submit, None),
                (Action::Pass, None),
                (Action::Return, Some("poor")),
                (Action::Submit, None),
                (Action::Pass, None),
                (Action::Confirm, Some("good")),
            ]
        );
        assert_eq!(history[2].opinion.as_deref(), Some("成本指标写成了 ≥"));
        // A self-evaluation item cannot be graded as targets.
        let se = s
            .create_task(
                &w.admin,
                &new_task("self_eval", "2025 年度自评", 2025, &["U1"]),
            )
            .expect("task");
        let se_item = item_of(s, &w.u1, se, "U1");
        match s.review_targets(&w.finance1, se_item, Grade::Good, None) {
            Err(TransitionError::Refused(r)) => assert_eq!(r.code, "wrong-stage"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(s.verify_audit(), Ok(Ok(_))));
    });
}

#[test]
fn monitoring_rounds_open_in_order() {
    each_backend(|s: &TestStore| {
        let w = world(s);
        let second = new_task(
            "monitoring",
            "2025 年 1—9 月绩效运行二次监控",
            2025,
            &["U1"],
        );
        let err = s
            .open_cycle_task(&w.admin, &second, Some(Round::Second))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "2025 年尚未发布 1—7 月监控任务，不能发布二次监控（1—9 月）"
        );
        let first = new_task(
            "monitoring",
            "2025 年 1—7 月绩效运行监控",
            2025,
            &["U1", "U2"],
        );
        assert!(
            s.open_cycle_task(&w.admin, &first, None).is_err(),
            "a round is required"
        );
        let t1 = s
            .open_cycle_task(&w.admin, &first, Some(Round::First))
            .expect("first");
        assert!(
            s.open_cycle_task(&w.admin, &first, Some(Round::First))
                .is_err(),
            "once a year"
        );
        let t2 = s
            .open_cycle_task(&w.admin, &second, Some(Round::Second))
            .expect("second");
        assert_eq!(s.task(&w.admin, t1).unwrap().unwrap().round, "first");
        assert_eq!(s.task(&w.u1, t2).unwrap().unwrap().round, "second");
        // The monitoring items go through the 自评 cycle.
        let id = item_of(s, &w.u1, t1, "U1");
        s.save(&w.u1, id, 0, DOC, "test", &ok_summary())
            .expect("save");
        s.transition(&w.u1, id, Action::Submit, None)
            .expect("submit");
        s.transition(&w.dept1, id, Action::Pass, None)
            .expect("pass");
        let done = s
            .transition(&w.finance1, id, Action::Confirm, None)
            .expect("confirm");
        assert_eq!(done.to, State::Confirmed);
        // Only a 绩效管理员 opens; unknown stages are refused.
        assert!(s
            .open_cycle_task(&w.finance1, &first, Some(Round::First))
            .is_err());
        assert!(s
            .open_cycle_task(&w.admin, &new_task("x", "x", 2025, &["U1"]), None)
            .is_err());
    });
}

fn finding(org: &str, task: Option<i64>, deadline: &str) -> NewRectification {
    NewRectification {
        org_code: org.into(),
        task_id: task,
        item_id: None,
        source: "review".into(),
        code: "RV003".into(),
        location: "projects.project[0].target[2].operator".into(),
        finding: "成本指标「单位成本」写作 ≥，鼓励多花钱".into(),
        requirement: "改为 ≤ 并说明测算依据".into(),
        deadline: deadline.into(),
    }
}

#[test]
fn rectification_from_raise_to_closure() {
    each_backend(|s: &TestStore| {
        let w = world(s);
        let task = s
            .create_task(
                &w.admin,
                &new_task("self_eval", "2025 年度自评", 2025, &["U1", "U2"]),
            )
            .expect("task");
        let item = item_of(s, &w.u1, task, "U1");
        let mut f = finding("U1", Some(task), "2099-06-30");
        f.item_id = Some(item);
        let id = s.raise_rectification(&w.finance1, &f).expect("raise");
        // Who sees it: the unit, its department, the raiser's division, the bureau.
        for (scope, sees) in [
            (&w.u1, true),
            (&w.dept1, true),
            (&w.finance1, true),
            (&w.admin, true),
            (&w.u2, false),
            (&w.finance2, false),
            (&w.evaluator, false),
            (&w.readonly, false),
        ] {
            let listed = s
                .rectifications(scope, &RectFilter::default())
                .expect("list");
            assert_eq!(
                listed.len(),
                usize::from(sees),
                "{} {}",
                s.label,
                scope.username()
            );
            assert_eq!(
                s.rectification(scope, id).expect("read").is_some(),
                sees,
                "{}",
                scope.username()
            );
        }
        let r = &s.rectifications(&w.u1, &RectFilter::default()).unwrap()[0];
        assert_eq!(
            (r.state, r.item_id, r.task_id),
            (RectState::Open, Some(item), Some(task))
        );
        assert_eq!(r.actions, vec![RectAction::Answer]);
        assert!(!r.overdue);
        // The raiser cannot answer; the unit cannot confirm.
        match s.act_on_rectification(&w.finance1, id, RectAction::Answer, Some("x"), None) {
            Err(TransitionError::Refused(r)) => assert_eq!(r.code, "wrong-role"),
            other => panic!("{other:?}"),
        }
        match s.act_on_rectification(&w.u1, id, RectAction::Answer, Some("  "), None) {
            Err(TransitionError::Refused(r)) => assert_eq!(r.code, "answer-required"),
            other => panic!("{other:?}"),
        }
        let r = s
            .act_on_rectification(
                &w.u1,
                id,
                RectAction::Answer,
                Some("已改为 ≤ 80 元/人次"),
                None,
            )
            .expect("answer");
        assert_eq!(r.state, RectState::Answered);
        match s.act_on_rectification(&w.u1, id, RectAction::Confirm, None, None) {
            Err(TransitionError::Refused(r)) => assert_eq!(r.code, "wrong-role"),
            other => panic!("{other:?}"),
        }
        // The admin sees it but did not raise it: may not confirm.
        match s.act_on_rectification(&w.admin, id, RectAction::Confirm, None, None) {
            Err(TransitionError::Refused(r)) => assert_eq!(r.code, "wrong-role"),
            other => panic!("{other:?}"),
        }
        let r = s
            .act_on_rectification(
                &w.finance1,
                id,
                RectAction::Reopen,
                Some("未附测算依据"),
                Some("2099-07-31"),
            )
            .expect("reopen");
        assert_eq!(
            (r.state, r.reopened, r.deadline.as_str()),
            (RectState::Reopened, 1, "2099-07-31")
        );
        s.act_on_rectification(&w.u1, id, RectAction::Answer, Some("已附测算表"), None)
            .expect("answer");
        let r = s
            .act_on_rectification(&w.finance1, id, RectAction::Confirm, None, None)
            .expect("confirm");
        assert_eq!((r.state, r.actions.len()), (RectState::Closed, 0));
        let (_, events) = s.rectification(&w.u1, id).unwrap().unwrap();
        let trail: Vec<(&str, Option<RectState>, RectState)> = events
            .iter()
            .map(|e| (e.action.as_str(), e.from, e.to))
            .collect();
        assert_eq!(
            trail,
            vec![
                ("raise", None, RectState::Open),
                ("answer", Some(RectState::Open), RectState::Answered),
                ("reopen", Some(RectState::Answered), RectState::Reopened),
                ("answer", Some(RectState::Reopened), RectState::Answered),
                ("confirm", Some(RectState::Answered), RectState::Closed),
            ]
        );
        assert_eq!(events[2].text.as_deref(), Some("未附测算依据"));
        assert_eq!(events[2].deadline, "2099-07-31");
        assert_eq!(events[1].actor, "u1");
        // Not visible is not found, for acting too.
        assert!(matches!(
            s.act_on_rectification(&w.u2, id, RectAction::Answer, Some("x"), None),
            Err(TransitionError::NotFound)
        ));
        assert!(matches!(s.verify_audit(), Ok(Ok(_))));
    });
}

#[test]
fn who_may_raise_and_overdue() {
    each_backend(|s: &TestStore| {
        let w = world(s);
        let task = s
            .create_task(
                &w.admin,
                &new_task("self_eval", "2025 年度自评", 2025, &["P1", "U1", "U2"]),
            )
            .expect("task");
        // A division raises only on what it owns; units and departments do not raise.
        assert!(s
            .raise_rectification(&w.finance2, &finding("U1", None, "2099-01-01"))
            .is_err());
        assert!(s
            .raise_rectification(&w.dept1, &finding("U1", None, "2099-01-01"))
            .is_err());
        assert!(s
            .raise_rectification(&w.u1, &finding("U1", None, "2099-01-01"))
            .is_err());
        // An evaluator raises only where it is assigned in that task.
        assert!(s
            .raise_rectification(&w.evaluator, &finding("U1", Some(task), "2099-01-01"))
            .is_err());
        assert!(
            s.assign_evaluator(&w.finance1, task, "P1", "ev").is_err(),
            "admin only"
        );
        assert!(
            s.assign_evaluator(&w.admin, task, "P1", "u1").is_err(),
            "evaluators only"
        );
        s.assign_evaluator(&w.admin, task, "P1", "ev")
            .expect("assign");
        let listed = s.assignments(&w.evaluator, task).expect("list");
        assert_eq!(
            listed
                .iter()
                .map(|a| a.org_code.as_str())
                .collect::<Vec<_>>(),
            ["P1"]
        );
        assert!(s.assignments(&w.evaluator2, task).unwrap().is_empty());
        assert!(s.assignments(&w.u1, task).unwrap().is_empty());
        // Assigned P1 covers U1 below it, not U2; not without the task.
        let by_ev = s
            .raise_rectification(&w.evaluator, &finding("U1", Some(task), "2020-03-31"))
            .expect("assigned");
        assert!(s
            .raise_rectification(&w.evaluator, &finding("U2", Some(task), "2099-01-01"))
            .is_err());
        assert!(s
            .raise_rectification(&w.evaluator, &finding("U1", None, "2099-01-01"))
            .is_err());
        // The evaluator sees what it raised and nothing else; another evaluator nothing.
        let mine = s
            .rectifications(&w.evaluator, &RectFilter::default())
            .unwrap();
        assert_eq!(mine.iter().map(|r| r.id).collect::<Vec<_>>(), [by_ev]);
        assert!(mine[0].mine);
        assert!(s
            .rectifications(&w.evaluator2, &RectFilter::default())
            .unwrap()
            .is_empty());
        // Overdue: past the deadline while waiting for the unit.
        let r = s.rectification(&w.u1, by_ev).unwrap().unwrap().0;
        assert!(r.overdue && r.days_overdue > 0, "{r:?}");
        let on_time = s
            .raise_rectification(&w.admin, &finding("U2", Some(task), "2099-01-01"))
            .expect("admin");
        let overdue = s
            .rectifications(
                &w.admin,
                &RectFilter {
                    overdue: true,
                    ..Default::default()
                },
            )
            .unwrap();
        assert_eq!(overdue.iter().map(|r| r.id).collect::<Vec<_>>(), [by_ev]);
        // Answered, it is no longer the unit's delay.
        s.act_on_rectification(&w.u1, by_ev, RectAction::Answer, Some("已整改"), None)
            .expect("answer");
        assert!(s
            .rectifications(
                &w.admin,
                &RectFilter {
                    overdue: true,
                    ..Default::default()
                }
            )
            .unwrap()
            .is_empty());
        // The evaluator confirms what it raised.
        s.act_on_rectification(&w.evaluator, by_ev, RectAction::Confirm, None, None)
            .expect("confirm");
        // Todo lists: the unit of U2 has one to answer.
        let todo = s
            .rectifications(
                &w.u2,
                &RectFilter {
                    todo: true,
                    ..Default::default()
                },
            )
            .unwrap();
        assert_eq!(todo.iter().map(|r| r.id).collect::<Vec<_>>(), [on_time]);
        // Bad input is refused with a reason.
        let mut bad = finding("U1", None, "2025-02-30");
        assert!(s
            .raise_rectification(&w.admin, &bad)
            .unwrap_err()
            .to_string()
            .contains("整改期限"));
        bad.deadline = "2099-01-01".into();
        bad.finding = " ".into();
        assert_eq!(
            s.raise_rectification(&w.admin, &bad)
                .unwrap_err()
                .to_string(),
            "问题描述不能为空"
        );
        bad.finding = "x".into();
        bad.source = "gossip".into();
        assert!(s
            .raise_rectification(&w.admin, &bad)
            .unwrap_err()
            .to_string()
            .contains("问题来源"));
        bad.source = "audit".into();
        bad.org_code = "NOPE".into();
        assert_eq!(
            s.raise_rectification(&w.admin, &bad)
                .unwrap_err()
                .to_string(),
            "组织编码「NOPE」不存在"
        );
    });
}

#[test]
fn result_rules_per_task_and_the_list() {
    each_backend(|s: &TestStore| {
        let w = world(s);
        let task = s
            .create_task(
                &w.admin,
                &new_task("self_eval", "2025 年度自评", 2025, &["P1", "U1", "P2"]),
            )
            .expect("task");
        let rules = s.result_rules(&w.admin, task).expect("read").expect("task");
        assert!(!rules.custom);
        assert_eq!(
            rules.rules,
            jixiao_workflow::results::DEFAULT_RESULT_RULES_TOML
        );
        // Outside the bureau: forbidden; the finance division sees its own departments.
        assert!(s.result_rules(&w.u1, task).is_err());
        assert!(s.result_rules(&w.dept1, task).is_err());
        let (_, rows) = s.result_applications(&w.finance1, task).unwrap().unwrap();
        assert_eq!(
            rows.iter()
                .map(|r| r.item.org_code.as_str())
                .collect::<Vec<_>>(),
            ["P1", "U1"]
        );
        let (_, rows) = s.result_applications(&w.admin, task).unwrap().unwrap();
        assert_eq!(rows.len(), 3);
        assert!(rows.iter().all(|r| r.document.is_none()));
        // Custom rules: validated with located errors, then stored.
        let bad = jixiao_workflow::results::DEFAULT_RESULT_RULES_TOML
            .replace("cut_pct = \"10\"", "cut_pct = \"-1\"");
        let err = s
            .set_result_rules(&w.admin, task, &bad)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("结果应用规则:"), "{err}");
        assert!(err.contains("cut_pct = -1 必须大于 0"), "{err}");
        assert!(s
            .set_result_rules(
                &w.finance1,
                task,
                jixiao_workflow::results::DEFAULT_RESULT_RULES_TOML
            )
            .is_err());
        let ours = jixiao_workflow::results::DEFAULT_RESULT_RULES_TOML
            .replace("cut_pct = \"10\"", "cut_pct = \"15\"");
        s.set_result_rules(&w.admin, task, &ours).expect("set");
        s.set_result_rules(&w.admin, task, &ours)
            .expect("set again");
        let rules = s.result_rules(&w.finance1, task).unwrap().unwrap();
        assert!(rules.custom && rules.rules == ours);
        assert_eq!(rules.set_by.as_deref(), Some("admin"));
        // A saved document comes with its item.
        let id = item_of(s, &w.admin, task, "P1");
        let p1 = account(s, "tb-p1", &[("P1", Role::Filler)]);
        s.save(&p1, id, 0, DOC, "test", &ok_summary())
            .expect("save");
        let (_, rows) = s.result_applications(&w.finance1, task).unwrap().unwrap();
        assert_eq!(rows[0].document.as_deref(), Some(DOC));
        assert!(s
            .result_applications(&w.finance2, 999_999)
            .unwrap()
            .is_none());
    });
}

#[test]
fn the_new_tables_survive_a_dump_and_restore() {
    each_backend(|s: &TestStore| {
        let w = world(s);
        let task = s
            .create_task(
                &w.admin,
                &new_task("self_eval", "2025 年度自评", 2025, &["U1"]),
            )
            .expect("task");
        s.open_cycle_task(
            &w.admin,
            &new_task("monitoring", "监控", 2025, &["U1"]),
            Some(Round::First),
        )
        .expect("monitoring");
        s.assign_evaluator(&w.admin, task, "U1", "ev")
            .expect("assign");
        let id = s
            .raise_rectification(&w.evaluator, &finding("U1", Some(task), "2099-01-01"))
            .expect("raise");
        s.act_on_rectification(&w.u1, id, RectAction::Answer, Some("已整改"), None)
            .expect("answer");
        s.set_result_rules(
            &w.admin,
            task,
            jixiao_workflow::results::DEFAULT_RESULT_RULES_TOML,
        )
        .expect("rules");
        let p = s
            .publish(&w.admin, &publication(task, r#"{"rows":[1]}"#))
            .expect("publish");
        s.withdraw_publication(&w.admin, p, "数据有误")
            .expect("withdraw");
        let dump = s.export().expect("export");
        for t in [
            "rectifications",
            "rectification_events",
            "result_rules",
            "assignments",
            "publications",
            "publication_events",
        ] {
            assert!(!dump.tables[t].rows.is_empty(), "{t}");
        }
        let target = jixiao_store::testing::sqlite();
        target.import(&dump).expect("import");
        assert_eq!(target.export().expect("export"), dump, "{}", s.label);
        assert!(matches!(target.verify_audit(), Ok(Ok(_))));
    });
}

#[test]
fn a_dump_from_before_migration_2_still_restores() {
    each_backend(|s: &TestStore| {
        let w = world(s);
        s.create_task(
            &w.admin,
            &new_task("self_eval", "2025 年度自评", 2025, &["U1"]),
        )
        .expect("task");
        let mut dump = s.export().expect("export");
        // What a dump of schema 1 looks like: no new tables, no new columns.
        dump.schema_version = 1;
        for t in [
            "rectifications",
            "rectification_events",
            "result_rules",
            "assignments",
            "publications",
            "publication_events",
        ] {
            dump.tables.remove(t);
        }
        for (table, column) in [
            ("tasks", "round"),
            ("items", "review_grade"),
            ("transitions", "grade"),
        ] {
            let tb = dump.tables.get_mut(table).expect("table");
            let at = tb.columns.iter().position(|c| c == column).expect("column");
            tb.columns.remove(at);
            for row in &mut tb.rows {
                row.remove(at);
            }
        }
        let target = jixiao_store::testing::sqlite();
        target.import(&dump).expect("an old dump restores");
        let admin = target
            .scope_for_account(w.admin.account_id())
            .expect("read")
            .expect("admin");
        let tasks = target.tasks(&admin).expect("tasks");
        assert_eq!(
            (tasks.len(), tasks[0].round.as_str()),
            (1, ""),
            "{}",
            s.label
        );
    });
}

fn publication(task: i64, snapshot: &str) -> NewPublication {
    NewPublication {
        task_id: task,
        kind: "results".into(),
        title: "2025 年度部门整体绩效自评结果".into(),
        snapshot: snapshot.into(),
    }
}

#[test]
fn a_publication_is_frozen_public_and_withdrawn_as_an_event() {
    each_backend(|s: &TestStore| {
        let w = world(s);
        let task = s
            .create_task(
                &w.admin,
                &new_task("self_eval", "2025 年度自评", 2025, &["P1", "U1"]),
            )
            .expect("task");
        let snapshot = r#"{"format":1,"rows":[{"org":"U1","score":"88.50"}]}"#;
        // Only the 绩效管理员 publishes; the kind, title and JSON are checked.
        for other in [&w.u1, &w.dept1, &w.finance1, &w.evaluator, &w.readonly] {
            assert!(matches!(
                s.publish(other, &publication(task, snapshot)),
                Err(StoreError::Forbidden(_))
            ));
        }
        let mut bad = publication(task, snapshot);
        bad.kind = "documents".into();
        assert!(matches!(
            s.publish(&w.admin, &bad),
            Err(StoreError::Invalid(_))
        ));
        assert!(matches!(
            s.publish(&w.admin, &publication(task, "not json")),
            Err(StoreError::Invalid(_))
        ));
        assert!(matches!(
            s.publish(&w.admin, &publication(999_999, snapshot)),
            Err(StoreError::NotFound)
        ));
        let id = s
            .publish(&w.admin, &publication(task, snapshot))
            .expect("publish");
        // One current publication per task and kind.
        let again = s
            .publish(&w.admin, &publication(task, snapshot))
            .unwrap_err()
            .to_string();
        assert!(again.contains(&format!("公开编号 {id}")), "{again}");
        // Public: every account reads it, with the snapshot exactly as published.
        for reader in [&w.readonly, &w.u2, &w.evaluator, &w.finance2, &w.admin] {
            let listed = s.publications(reader).expect("list");
            assert_eq!(listed.iter().map(|p| p.id).collect::<Vec<_>>(), [id]);
            let (p, text, events) = s
                .publication_snapshot(reader, id)
                .expect("read")
                .expect("public");
            assert_eq!(text, snapshot);
            assert_eq!(p.sha256, jixiao_store::sha256_hex(snapshot.as_bytes()));
            assert_eq!(
                (p.published_by.as_str(), p.withdrawn, p.kind_label),
                ("admin", false, "评价结果")
            );
            assert_eq!(events.len(), 1);
            assert_eq!(events[0].action, "publish");
        }
        // The rows cannot be edited or deleted, even with database access.
        for sql in [
            "UPDATE publications SET snapshot = '{}'",
            "DELETE FROM publications",
            "UPDATE publication_events SET text = 'x'",
            "DELETE FROM publication_events",
        ] {
            assert!(s.raw_sql_for_tests(sql).is_err(), "{sql} on {}", s.label);
        }
        // Withdrawing: the 绩效管理员 only, with a reason.
        assert!(matches!(
            s.withdraw_publication(&w.readonly, id, "不应公开"),
            Err(StoreError::Forbidden(_))
        ));
        assert!(matches!(
            s.withdraw_publication(&w.readonly, 999_999, "不应公开"),
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            s.withdraw_publication(&w.admin, id, "  "),
            Err(StoreError::Invalid(_))
        ));
        let withdrawn = s
            .withdraw_publication(&w.admin, id, "U1 分数复核有误")
            .expect("withdraw");
        assert!(withdrawn.withdrawn);
        assert_eq!(
            withdrawn.withdraw_reason.as_deref(),
            Some("U1 分数复核有误")
        );
        assert!(matches!(
            s.withdraw_publication(&w.admin, id, "再撤一次"),
            Err(StoreError::Invalid(_))
        ));
        // Gone for everyone but the 绩效管理员, who keeps the record and both events.
        assert!(s.publications(&w.readonly).unwrap().is_empty());
        assert!(s.publication_snapshot(&w.readonly, id).unwrap().is_none());
        assert!(s.publication(&w.u1, id).unwrap().is_none());
        let (p, text, events) = s.publication_snapshot(&w.admin, id).unwrap().unwrap();
        assert!(p.withdrawn && text == snapshot);
        assert_eq!(
            events.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
            ["publish", "withdraw"]
        );
        // A corrected snapshot can then be published; the old one stays withdrawn.
        let newer = s
            .publish(&w.admin, &publication(task, r#"{"format":1,"rows":[]}"#))
            .expect("publish again");
        assert_eq!(
            s.publications(&w.readonly)
                .unwrap()
                .iter()
                .map(|p| p.id)
                .collect::<Vec<_>>(),
            [newer]
        );
        assert_eq!(s.publications(&w.admin).unwrap().len(), 2);
        assert!(matches!(s.verify_audit(), Ok(Ok(_))));
    });
}

#[test]
fn an_evaluator_reads_only_what_it_is_assigned() {
    each_backend(|s: &TestStore| {
        let w = world(s);
        let codes = ["P1", "U1", "U2"];
        let current = s
            .create_task(
                &w.admin,
                &new_task("self_eval", "2025 年度自评", 2025, &codes),
            )
            .expect("task");
        let previous = s
            .create_task(
                &w.admin,
                &new_task("self_eval", "2024 年度自评", 2024, &codes),
            )
            .expect("task");
        let seen = |scope: &Scope, task: Option<i64>| -> Vec<(i64, String)> {
            s.items(
                scope,
                &ItemFilter {
                    task_id: task,
                    ..Default::default()
                },
            )
            .expect("items")
            .into_iter()
            .map(|i| (i.task_id, i.org_code))
            .collect()
        };
        // Unassigned, an evaluator sees nothing.
        assert!(seen(&w.evaluator, None).is_empty());
        assert!(s
            .tasks(&w.evaluator)
            .expect("tasks")
            .iter()
            .all(|t| t.items == 0));
        s.assign_evaluator(&w.admin, current, "P1", "ev")
            .expect("assign");
        s.assign_evaluator(&w.admin, previous, "U2", "ev2")
            .expect("assign");
        // P1 in the current task, and U1 below it; not U2, not the previous task.
        assert_eq!(
            seen(&w.evaluator, None),
            [(current, "P1".to_string()), (current, "U1".to_string())]
        );
        assert!(seen(&w.evaluator, Some(previous)).is_empty());
        assert_eq!(seen(&w.evaluator2, None), [(previous, "U2".to_string())]);
        let tasks: Vec<i64> = s
            .tasks(&w.evaluator)
            .expect("tasks")
            .iter()
            .filter(|t| t.items > 0)
            .map(|t| t.id)
            .collect();
        assert_eq!(tasks, [current]);
        let orgs: Vec<String> = s
            .organisations(&w.evaluator)
            .expect("orgs")
            .into_iter()
            .map(|o| o.code)
            .collect();
        assert_eq!(orgs, ["P1", "U1"]);
        // One item, read-only; the same organisation in the other task is not found.
        let assigned = item_of(s, &w.admin, current, "U1");
        let elsewhere = item_of(s, &w.admin, previous, "U1");
        let item = s
            .item(&w.evaluator, assigned)
            .expect("read")
            .expect("visible");
        assert!(item.actions.is_empty());
        assert!(s.item(&w.evaluator, elsewhere).expect("read").is_none());
        assert!(s.item(&w.evaluator2, assigned).expect("read").is_none());
        assert!(s.revisions(&w.evaluator, assigned).expect("read").is_some());
        assert!(s.history(&w.evaluator, elsewhere).expect("read").is_none());
        for action in [
            Action::Submit,
            Action::Return,
            Action::Pass,
            Action::Confirm,
        ] {
            assert!(
                matches!(
                    s.transition(&w.evaluator, assigned, action, Some("意见")),
                    Err(TransitionError::Store(StoreError::Forbidden(_)))
                ),
                "{action:?} on an assigned item is forbidden"
            );
            assert!(matches!(
                s.transition(&w.evaluator, elsewhere, action, Some("意见")),
                Err(TransitionError::NotFound)
            ));
        }
        let saved = s.save(&w.evaluator, assigned, 0, DOC, "test", &ok_summary());
        assert!(
            matches!(
                saved,
                Err(jixiao_store::SaveError::Store(StoreError::Forbidden(_)))
            ),
            "{saved:?}"
        );
        assert!(matches!(
            s.save(&w.evaluator, elsewhere, 0, DOC, "test", &ok_summary()),
            Err(jixiao_store::SaveError::NotFound)
        ));
        // Nothing moved; the 只读 account still sees nothing.
        assert_eq!(
            s.item(&w.admin, assigned)
                .expect("read")
                .expect("item")
                .state,
            State::Draft
        );
        assert!(seen(&w.readonly, None).is_empty());
    });
}
