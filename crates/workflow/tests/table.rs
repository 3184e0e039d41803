//! The whole state machine as a table: every state × action × role × relation × locked.
//! The rows below are every allowed combination; every other combination must be refused,
//! and the refusal's code must say why (checked in the order `decide` applies them).

use jixiao_workflow::{available, can_view, decide, Action, Relation, Request, Role, State};

/// (state, action, role, relations, next state): the only transitions that succeed.
const ALLOWED: &[(State, Action, Role, &[Relation], State)] = {
    use Action::*;
    use Relation::*;
    use Role::*;
    use State::*;
    &[
        (Draft, Save, Filler, &[Own], Draft),
        (Draft, Submit, Filler, &[Own], Submitted),
        (Returned, Save, Filler, &[Own], Returned),
        (Returned, Submit, Filler, &[Own], Submitted),
        (
            Submitted,
            Return,
            DeptReviewer,
            &[Own, Supervises],
            Returned,
        ),
        (
            Submitted,
            Pass,
            DeptReviewer,
            &[Own, Supervises],
            DeptPassed,
        ),
        (DeptPassed, Return, FinanceReviewer, &[Owns], Returned),
        (DeptPassed, Confirm, FinanceReviewer, &[Owns], Confirmed),
    ]
};

/// Who may see an item at all (role, relation).
const VISIBLE: &[(Role, Relation)] = &[
    (Role::Filler, Relation::Own),
    (Role::UnitHead, Relation::Own),
    (Role::DeptReviewer, Relation::Own),
    (Role::DeptReviewer, Relation::Supervises),
    (Role::FinanceReviewer, Relation::Owns),
    (Role::PerfAdmin, Relation::Own),
    (Role::PerfAdmin, Relation::Bureau),
];

fn allowed(s: State, a: Action, r: Role, rel: Relation) -> Option<State> {
    ALLOWED
        .iter()
        .find(|(s2, a2, r2, rels, _)| *s2 == s && *a2 == a && *r2 == r && rels.contains(&rel))
        .map(|row| row.4)
}

/// Does some role act on `a` in state `s`? (Then a refusal for the wrong person is
/// `wrong-role`, otherwise `wrong-state`.)
fn action_fits_state(s: State, a: Action) -> bool {
    ALLOWED.iter().any(|(s2, a2, ..)| *s2 == s && *a2 == a)
}

#[test]
fn every_combination() {
    let mut checked = 0;
    for s in State::ALL {
        for a in Action::ALL {
            for r in Role::ALL {
                for rel in Relation::ALL {
                    for locked in [false, true] {
                        for opinion in [None, Some("请补充三公经费明细"), Some("  ")] {
                            checked += 1;
                            let req = Request { action: a, opinion };
                            let got = decide(s, &req, r, rel, locked);
                            let visible = VISIBLE.contains(&(r, rel));
                            let expected_code = if !visible {
                                Some("not-visible")
                            } else if locked {
                                Some("locked")
                            } else if s == State::Confirmed || !action_fits_state(s, a) {
                                Some("wrong-state")
                            } else if allowed(s, a, r, rel).is_none() {
                                Some("wrong-role")
                            } else if a == Action::Return
                                && opinion.is_none_or(|o| o.trim().is_empty())
                            {
                                Some("opinion-required")
                            } else {
                                None
                            };
                            match (expected_code, &got) {
                                (None, Ok(next)) => {
                                    assert_eq!(Some(*next), allowed(s, a, r, rel))
                                }
                                (Some(code), Err(refusal)) => {
                                    assert_eq!(
                                        refusal.code, code,
                                        "{s:?} {a:?} {r:?} {rel:?} locked={locked} opinion={opinion:?}: {}",
                                        refusal.message
                                    );
                                    assert!(!refusal.message.is_empty());
                                }
                                _ => panic!(
                                    "{s:?} {a:?} {r:?} {rel:?} locked={locked} opinion={opinion:?}: expected {expected_code:?}, got {got:?}"
                                ),
                            }
                        }
                    }
                }
            }
        }
    }
    assert_eq!(checked, 5 * 5 * 7 * 5 * 2 * 3);
}

#[test]
fn visibility_table() {
    for r in Role::ALL {
        for rel in Relation::ALL {
            assert_eq!(
                can_view(r, rel),
                VISIBLE.contains(&(r, rel)),
                "{r:?} {rel:?}"
            );
        }
    }
}

#[test]
fn available_lists_exactly_the_allowed_actions() {
    for s in State::ALL {
        for r in Role::ALL {
            for rel in Relation::ALL {
                let want: Vec<Action> = Action::ALL
                    .into_iter()
                    .filter(|&a| VISIBLE.contains(&(r, rel)) && allowed(s, a, r, rel).is_some())
                    .collect();
                assert_eq!(available(s, r, rel, false), want, "{s:?} {r:?} {rel:?}");
                assert!(available(s, r, rel, true).is_empty());
            }
        }
    }
}

#[test]
fn the_whole_cycle_with_a_return() {
    let mut s = State::Draft;
    let steps: &[(Action, Role, Relation, Option<&str>, State)] = &[
        (
            Action::Save,
            Role::Filler,
            Relation::Own,
            None,
            State::Draft,
        ),
        (
            Action::Submit,
            Role::Filler,
            Relation::Own,
            None,
            State::Submitted,
        ),
        (
            Action::Return,
            Role::DeptReviewer,
            Relation::Supervises,
            Some("请补充"),
            State::Returned,
        ),
        (
            Action::Save,
            Role::Filler,
            Relation::Own,
            None,
            State::Returned,
        ),
        (
            Action::Submit,
            Role::Filler,
            Relation::Own,
            None,
            State::Submitted,
        ),
        (
            Action::Pass,
            Role::DeptReviewer,
            Relation::Supervises,
            None,
            State::DeptPassed,
        ),
        (
            Action::Confirm,
            Role::FinanceReviewer,
            Relation::Owns,
            None,
            State::Confirmed,
        ),
    ];
    for &(a, r, rel, opinion, want) in steps {
        s = decide(s, &Request { action: a, opinion }, r, rel, false).expect("allowed step");
        assert_eq!(s, want);
    }
}

#[test]
fn ids_round_trip() {
    for s in State::ALL {
        assert_eq!(State::from_id(s.id()), Some(s));
    }
    for a in Action::ALL {
        assert_eq!(Action::from_id(a.id()), Some(a));
    }
    for r in Role::ALL {
        assert_eq!(Role::from_id(r.id()), Some(r));
    }
}

#[test]
fn refusals_explain_in_chinese() {
    let e = decide(
        State::Submitted,
        &Request::new(Action::Save),
        Role::Filler,
        Relation::Own,
        false,
    )
    .unwrap_err();
    assert_eq!(
        e.message,
        "当前状态为「待部门审核」，不能保存：事项已提交，正在等待部门审核：只能由部门审核人退回或审核通过"
    );
    let e = decide(
        State::DeptPassed,
        &Request::new(Action::Confirm),
        Role::DeptReviewer,
        Relation::Supervises,
        false,
    )
    .unwrap_err();
    assert_eq!(e.code, "wrong-role");
    assert!(
        e.message.contains("主管该部门的财政审核人"),
        "{}",
        e.message
    );
}
