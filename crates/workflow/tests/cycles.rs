//! The other cycles as tables: every state × action × role × relation (× raiser, locked,
//! opinion, grade). The rows are every allowed combination; everything else must be
//! refused with the code that says why, in the order the cycle checks.

use jixiao_workflow::monitoring::{may_open, Round};
use jixiao_workflow::rectify::{self, RectAction, RectRequest, RectState, Standing};
use jixiao_workflow::targets::{self, Grade, TargetAction, TargetRequest};
use jixiao_workflow::{can_view, decide, Action, Relation, Request, Role, State};

// ---------------------------------------------------------------------------------------
// 绩效目标

/// (state, action, role, relations, grade → next state): the only target transitions that
/// succeed (given an opinion where one is needed).
fn target_allowed(
    s: State,
    a: TargetAction,
    r: Role,
    rel: Relation,
    grade: Option<Grade>,
) -> Option<State> {
    use Relation::{Own, Owns, Supervises};
    use Role::*;
    use State::*;
    use TargetAction as A;
    match (s, a, r, rel) {
        (Draft | Returned, A::Save, Filler, Own) => Some(s),
        (Draft | Returned, A::Submit, Filler, Own) => Some(Submitted),
        (Submitted, A::Return, DeptReviewer, Own | Supervises) => Some(Returned),
        (Submitted, A::Pass, DeptReviewer, Own | Supervises) => Some(DeptPassed),
        (DeptPassed, A::Return, FinanceReviewer, Owns) => Some(Returned),
        (DeptPassed, A::Review, FinanceReviewer, Owns) => match grade? {
            Grade::Poor => Some(Returned),
            _ => Some(Confirmed),
        },
        _ => None,
    }
}

fn target_fits_state(s: State, a: TargetAction) -> bool {
    use TargetAction as A;
    matches!(
        (s, a),
        (State::Draft | State::Returned, A::Save | A::Submit)
            | (State::Submitted, A::Return | A::Pass)
            | (State::DeptPassed, A::Return | A::Review)
    )
}

fn target_actor(s: State) -> Option<(Role, &'static [Relation])> {
    match s {
        State::Draft | State::Returned => Some((Role::Filler, &[Relation::Own])),
        State::Submitted => Some((Role::DeptReviewer, &[Relation::Own, Relation::Supervises])),
        State::DeptPassed => Some((Role::FinanceReviewer, &[Relation::Owns])),
        State::Confirmed => None,
    }
}

#[test]
fn targets_every_combination() {
    let mut checked = 0;
    let grades = [
        None,
        Some(Grade::Excellent),
        Some(Grade::Good),
        Some(Grade::Fair),
        Some(Grade::Poor),
    ];
    for s in State::ALL {
        for a in TargetAction::ALL {
            for r in Role::ALL {
                for rel in Relation::ALL {
                    for locked in [false, true] {
                        for opinion in [None, Some("指标值缺乏测算依据"), Some(" ")] {
                            for grade in grades {
                                checked += 1;
                                let req = TargetRequest {
                                    action: a,
                                    opinion,
                                    grade,
                                };
                                let got = targets::decide(s, &req, r, rel, locked);
                                let blank = opinion.is_none_or(|o| o.trim().is_empty());
                                let expected = if !can_view(r, rel) {
                                    Err("not-visible")
                                } else if locked {
                                    Err("locked")
                                } else if !target_fits_state(s, a) {
                                    Err("wrong-state")
                                } else if target_actor(s)
                                    .is_none_or(|(who, rels)| who != r || !rels.contains(&rel))
                                {
                                    Err("wrong-role")
                                } else if a == TargetAction::Review && grade.is_none() {
                                    Err("grade-required")
                                } else if blank
                                    && (a == TargetAction::Return
                                        || (a == TargetAction::Review
                                            && grade == Some(Grade::Poor)))
                                {
                                    Err("opinion-required")
                                } else {
                                    Ok(target_allowed(s, a, r, rel, grade)
                                        .expect("the table allows what passed every check"))
                                };
                                let ctx = format!(
                                    "{s:?} {a:?} {r:?} {rel:?} locked={locked} opinion={opinion:?} grade={grade:?}"
                                );
                                match (expected, got) {
                                    (Ok(next), Ok(out)) => {
                                        assert_eq!(out.state, next, "{ctx}");
                                        let want_grade =
                                            (a == TargetAction::Review).then_some(grade).flatten();
                                        assert_eq!(out.grade, want_grade, "{ctx}");
                                    }
                                    (Err(code), Err(refusal)) => {
                                        assert_eq!(
                                            refusal.code, code,
                                            "{ctx}: {}",
                                            refusal.message
                                        );
                                        assert!(!refusal.message.is_empty());
                                    }
                                    (e, g) => panic!("{ctx}: expected {e:?}, got {g:?}"),
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    assert_eq!(checked, 5 * 5 * 7 * 5 * 2 * 3 * 5);
}

#[test]
fn targets_available_buttons() {
    for s in State::ALL {
        for r in Role::ALL {
            for rel in Relation::ALL {
                let want: Vec<TargetAction> = TargetAction::ALL
                    .into_iter()
                    .filter(|&a| {
                        can_view(r, rel)
                            && target_allowed(s, a, r, rel, Some(Grade::Good)).is_some()
                    })
                    .collect();
                assert_eq!(
                    targets::available(s, r, rel, false),
                    want,
                    "{s:?} {r:?} {rel:?}"
                );
                assert!(targets::available(s, r, rel, true).is_empty());
            }
        }
    }
}

#[test]
fn targets_graded_poor_go_back_for_revision_and_come_back() {
    use Role::*;
    const OWN: Relation = Relation::Own;
    let steps: Vec<(TargetRequest, Role, Relation, State, Option<Grade>)> = vec![
        (
            TargetRequest::new(TargetAction::Save),
            Filler,
            OWN,
            State::Draft,
            None,
        ),
        (
            TargetRequest::new(TargetAction::Submit),
            Filler,
            OWN,
            State::Submitted,
            None,
        ),
        (
            TargetRequest::new(TargetAction::Pass),
            DeptReviewer,
            Relation::Supervises,
            State::DeptPassed,
            None,
        ),
        (
            TargetRequest::review(Grade::Poor, Some("成本指标写成了 ≥，满意度目标缺乏依据")),
            FinanceReviewer,
            Relation::Owns,
            State::Returned,
            Some(Grade::Poor),
        ),
        (
            TargetRequest::new(TargetAction::Save),
            Filler,
            OWN,
            State::Returned,
            None,
        ),
        (
            TargetRequest::new(TargetAction::Submit),
            Filler,
            OWN,
            State::Submitted,
            None,
        ),
        (
            TargetRequest::new(TargetAction::Pass),
            DeptReviewer,
            OWN,
            State::DeptPassed,
            None,
        ),
        (
            TargetRequest::review(Grade::Fair, None),
            FinanceReviewer,
            Relation::Owns,
            State::Confirmed,
            Some(Grade::Fair),
        ),
    ];
    let mut s = State::Draft;
    for (req, r, rel, want, grade) in steps {
        let out = targets::decide(s, &req, r, rel, false).expect("allowed step");
        assert_eq!((out.state, out.grade), (want, grade));
        s = out.state;
    }
    assert_eq!(targets::state_label(s), "已批复");
    let e = targets::decide(
        s,
        &TargetRequest::new(TargetAction::Save),
        Filler,
        OWN,
        false,
    )
    .unwrap_err();
    assert_eq!(e.message, "绩效目标已批复，不能再保存");
}

#[test]
fn grades_parse_from_ids_and_chinese() {
    for g in Grade::ALL {
        assert_eq!(Grade::parse(g.id()), Some(g));
        assert_eq!(Grade::parse(g.label()), Some(g));
    }
    assert_eq!(Grade::parse(" 良好 "), Some(Grade::Good));
    assert_eq!(Grade::parse("较差"), Some(Grade::Poor));
    assert_eq!(Grade::parse("A"), None);
    assert!(!Grade::Poor.approves() && Grade::Fair.approves());
    for a in TargetAction::ALL {
        assert_eq!(TargetAction::from_id(a.id()), Some(a));
    }
}

#[test]
fn target_refusals_explain_in_chinese() {
    let e = targets::decide(
        State::DeptPassed,
        &TargetRequest::review(Grade::Poor, None),
        Role::FinanceReviewer,
        Relation::Owns,
        false,
    )
    .unwrap_err();
    assert_eq!(e.code, "opinion-required");
    assert!(e.message.contains("不能进入预算"), "{}", e.message);
    let e = targets::decide(
        State::DeptPassed,
        &TargetRequest::new(TargetAction::Review),
        Role::FinanceReviewer,
        Relation::Owns,
        false,
    )
    .unwrap_err();
    assert_eq!(e.message, "审核评级须给出等级：优、良、中或差");
    let e = targets::decide(
        State::Submitted,
        &TargetRequest::review(Grade::Good, None),
        Role::DeptReviewer,
        Relation::Supervises,
        false,
    )
    .unwrap_err();
    assert_eq!(
        e.message,
        "当前状态为「待部门审核」，不能审核评级：绩效目标已申报，正在等待部门审核：只能由部门审核人退回或审核通过"
    );
}

// ---------------------------------------------------------------------------------------
// 运行监控: the 自评 cycle itself, plus the rounds.

#[test]
fn monitoring_items_use_the_self_evaluation_cycle() {
    // The same decide: a monitoring item is returned, resubmitted and confirmed.
    let mut s = State::Draft;
    for (a, r, rel, op) in [
        (Action::Submit, Role::Filler, Relation::Own, None),
        (
            Action::Return,
            Role::DeptReviewer,
            Relation::Supervises,
            Some("偏差原因未说明"),
        ),
        (Action::Submit, Role::Filler, Relation::Own, None),
        (Action::Pass, Role::DeptReviewer, Relation::Supervises, None),
        (Action::Confirm, Role::FinanceReviewer, Relation::Owns, None),
    ] {
        s = decide(
            s,
            &Request {
                action: a,
                opinion: op,
            },
            r,
            rel,
            false,
        )
        .expect("allowed");
    }
    assert_eq!(s, State::Confirmed);
}

#[test]
fn monitoring_rounds() {
    assert_eq!(Round::First.as_of(2025), "2025-07-31");
    assert_eq!(Round::Second.as_of(2025), "2025-09-30");
    assert_eq!(
        (Round::First.last_month(), Round::Second.last_month()),
        (7, 9)
    );
    assert_eq!(Round::First.title(2025), "2025 年 1—7 月绩效运行监控");
    assert_eq!(Round::Second.title(2025), "2025 年 1—9 月绩效运行二次监控");
    for r in Round::ALL {
        assert_eq!(Round::from_id(r.id()), Some(r));
    }
    // Every round × what is already open.
    let histories: [&[(i64, Round)]; 5] = [
        &[],
        &[(2025, Round::First)],
        &[(2024, Round::First)],
        &[(2025, Round::First), (2025, Round::Second)],
        &[(2025, Round::Second)],
    ];
    let expected = [
        // first, second
        (Ok(()), Err("first-round-missing")),
        (Err("already-open"), Ok(())),
        (Ok(()), Err("first-round-missing")),
        (Err("already-open"), Err("already-open")),
        (Ok(()), Err("already-open")),
    ];
    for (opened, (first, second)) in histories.iter().zip(expected) {
        for (round, want) in [(Round::First, first), (Round::Second, second)] {
            let got = may_open(round, 2025, opened).map_err(|r| r.code);
            assert_eq!(got, want, "{round:?} after {opened:?}");
        }
    }
    let e = may_open(Round::Second, 2025, &[]).unwrap_err();
    assert_eq!(
        e.message,
        "2025 年尚未发布 1—7 月监控任务，不能发布二次监控（1—9 月）"
    );
}

// ---------------------------------------------------------------------------------------
// 问题整改

#[test]
fn rectification_every_combination() {
    let mut checked = 0;
    for s in RectState::ALL {
        for a in RectAction::ALL {
            for role in Role::ALL {
                for relation in Relation::ALL {
                    for raiser in [false, true] {
                        for text in [None, Some("已补充测算依据并重新报送"), Some("\t")]
                        {
                            checked += 1;
                            let who = Standing {
                                role,
                                relation,
                                raiser,
                            };
                            let got = rectify::decide(s, &RectRequest { action: a, text }, who);
                            let blank = text.is_none_or(|t| t.trim().is_empty());
                            let visible = raiser || can_view(role, relation);
                            let fits = matches!(
                                (s, a),
                                (RectState::Open | RectState::Reopened, RectAction::Answer)
                                    | (
                                        RectState::Answered,
                                        RectAction::Confirm | RectAction::Reopen
                                    )
                            );
                            let may = match a {
                                RectAction::Answer => {
                                    role == Role::Filler && relation == Relation::Own
                                }
                                _ => raiser,
                            };
                            let expected = if !visible {
                                Err("not-visible")
                            } else if !fits {
                                Err("wrong-state")
                            } else if !may {
                                Err("wrong-role")
                            } else if a == RectAction::Answer && blank {
                                Err("answer-required")
                            } else if a == RectAction::Reopen && blank {
                                Err("opinion-required")
                            } else {
                                Ok(match a {
                                    RectAction::Answer => RectState::Answered,
                                    RectAction::Confirm => RectState::Closed,
                                    RectAction::Reopen => RectState::Reopened,
                                })
                            };
                            let ctx = format!("{s:?} {a:?} {who:?} text={text:?}");
                            match (expected, got) {
                                (Ok(n), Ok(g)) => assert_eq!(g, n, "{ctx}"),
                                (Err(code), Err(r)) => {
                                    assert_eq!(r.code, code, "{ctx}: {}", r.message)
                                }
                                (e, g) => panic!("{ctx}: expected {e:?}, got {g:?}"),
                            }
                        }
                    }
                }
            }
        }
    }
    assert_eq!(checked, 4 * 3 * 7 * 5 * 2 * 3);
}

#[test]
fn rectification_round_trip_with_a_reopen() {
    let unit = Standing {
        role: Role::Filler,
        relation: Relation::Own,
        raiser: false,
    };
    let bureau = Standing {
        role: Role::PerfAdmin,
        relation: Relation::Bureau,
        raiser: true,
    };
    let third_party = Standing {
        role: Role::Evaluator,
        relation: Relation::None,
        raiser: true,
    };
    let mut s = RectState::Open;
    s = rectify::decide(
        s,
        &RectRequest::with_text(RectAction::Answer, "已修改"),
        unit,
    )
    .unwrap();
    assert_eq!(rectify::available(s, unit), vec![]);
    assert_eq!(
        rectify::available(s, bureau),
        vec![RectAction::Confirm, RectAction::Reopen]
    );
    s = rectify::decide(
        s,
        &RectRequest::with_text(RectAction::Reopen, "佐证材料不全"),
        bureau,
    )
    .unwrap();
    assert_eq!(s, RectState::Reopened);
    assert_eq!(rectify::available(s, unit), vec![RectAction::Answer]);
    s = rectify::decide(
        s,
        &RectRequest::with_text(RectAction::Answer, "已补充"),
        unit,
    )
    .unwrap();
    // An evaluator that raised an item sees and confirms it without any other grant.
    assert!(rectify::can_view_item(third_party));
    s = rectify::decide(s, &RectRequest::new(RectAction::Confirm), third_party).unwrap();
    assert_eq!(s, RectState::Closed);
    let e = rectify::decide(s, &RectRequest::with_text(RectAction::Answer, "x"), unit).unwrap_err();
    assert_eq!(
        e.message,
        "当前状态为「已销号」，不能提交整改情况：整改事项已销号，流程结束"
    );
    // A different evaluator sees nothing.
    let other = Standing {
        raiser: false,
        ..third_party
    };
    assert_eq!(
        rectify::decide(
            RectState::Answered,
            &RectRequest::new(RectAction::Confirm),
            other
        )
        .unwrap_err()
        .code,
        "not-visible"
    );
    for st in RectState::ALL {
        assert_eq!(RectState::from_id(st.id()), Some(st));
    }
    for a in RectAction::ALL {
        assert_eq!(RectAction::from_id(a.id()), Some(a));
    }
}

#[test]
fn rectification_overdue() {
    for s in RectState::ALL {
        let waiting = matches!(s, RectState::Open | RectState::Reopened);
        assert_eq!(
            rectify::overdue(s, "2025-03-31", "2025-04-01"),
            waiting,
            "{s:?}"
        );
        assert!(
            !rectify::overdue(s, "2025-03-31", "2025-03-31"),
            "the deadline day is allowed"
        );
        assert!(!rectify::overdue(s, "2025-03-31", "2025-01-10"));
    }
    assert_eq!(
        rectify::days_overdue(RectState::Open, "2024-02-28", "2024-03-01"),
        2
    );
    assert_eq!(
        rectify::days_overdue(RectState::Open, "2023-02-28", "2023-03-01"),
        1
    );
    assert_eq!(
        rectify::days_overdue(RectState::Answered, "2023-02-28", "2024-03-01"),
        0
    );
    assert_eq!(
        rectify::days_overdue(RectState::Reopened, "2024-12-31", "2025-12-31"),
        365
    );
    assert_eq!(rectify::day_number("1970-01-01"), Some(0));
    assert_eq!(rectify::day_number("2024-02-29"), Some(19_782));
    for bad in [
        "2023-02-29",
        "2024-13-01",
        "2024-00-10",
        "2024-1-01",
        "abcd-ef-gh",
        "",
    ] {
        assert_eq!(rectify::day_number(bad), None, "{bad}");
    }
}
