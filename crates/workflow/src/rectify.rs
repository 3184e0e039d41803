//! 问题整改 (system.md §3): a finding raised by the finance bureau or a third party (from a
//! 复核, a report check or by hand) becomes a rectification item with a deadline; the unit
//! answers with what it did; whoever raised it confirms (销号) or reopens it with an
//! opinion, and the unit answers again. An item not answered by its deadline is overdue.
//!
//! Who may act is decided by the caller's [`Standing`] toward the item: the role and
//! relation to the item's organisation (as for task items), and whether the caller is the
//! account that raised it.
//!
//! ```
//! use jixiao_workflow::rectify::{decide, RectAction, RectRequest, RectState, Standing};
//! use jixiao_workflow::{Relation, Role};
//! let unit = Standing { role: Role::Filler, relation: Relation::Own, raiser: false };
//! let next = decide(RectState::Open, &RectRequest::with_text(RectAction::Answer, "已补充测算依据"), unit);
//! assert_eq!(next, Ok(RectState::Answered));
//! ```

use serde::Serialize;

use crate::{can_view, refuse, Refusal, Relation, Role};

/// Where a rectification item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum RectState {
    /// 待整改: raised, waiting for the unit's answer.
    Open,
    /// 待确认: the unit answered; waiting for the raiser.
    Answered,
    /// 重新整改: the raiser did not accept the answer; waiting for a new one.
    Reopened,
    /// 已销号: the raiser confirmed the rectification. Final.
    Closed,
}

impl RectState {
    pub const ALL: [RectState; 4] = [
        RectState::Open,
        RectState::Answered,
        RectState::Reopened,
        RectState::Closed,
    ];

    pub fn id(self) -> &'static str {
        match self {
            RectState::Open => "open",
            RectState::Answered => "answered",
            RectState::Reopened => "reopened",
            RectState::Closed => "closed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RectState::Open => "待整改",
            RectState::Answered => "待确认",
            RectState::Reopened => "重新整改",
            RectState::Closed => "已销号",
        }
    }

    pub fn from_id(id: &str) -> Option<RectState> {
        RectState::ALL.into_iter().find(|s| s.id() == id)
    }

    /// Waiting for the unit (the deadline runs).
    pub fn awaiting_unit(self) -> bool {
        matches!(self, RectState::Open | RectState::Reopened)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RectAction {
    /// 提交整改情况: the unit says what it did (text required).
    Answer,
    /// 确认销号: the raiser accepts the answer.
    Confirm,
    /// 退回重新整改: the raiser does not accept it (opinion required).
    Reopen,
}

impl RectAction {
    pub const ALL: [RectAction; 3] = [RectAction::Answer, RectAction::Confirm, RectAction::Reopen];

    pub fn id(self) -> &'static str {
        match self {
            RectAction::Answer => "answer",
            RectAction::Confirm => "confirm",
            RectAction::Reopen => "reopen",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RectAction::Answer => "提交整改情况",
            RectAction::Confirm => "确认销号",
            RectAction::Reopen => "退回重新整改",
        }
    }

    pub fn from_id(id: &str) -> Option<RectAction> {
        RectAction::ALL.into_iter().find(|a| a.id() == id)
    }
}

/// How the caller stands toward a rectification item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Standing {
    pub role: Role,
    /// Relation of the grant's organisation to the item's organisation.
    pub relation: Relation,
    /// The caller's account raised the item.
    pub raiser: bool,
}

/// An action with its text: the answer (整改情况) or the opinion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RectRequest<'a> {
    pub action: RectAction,
    pub text: Option<&'a str>,
}

impl<'a> RectRequest<'a> {
    pub fn new(action: RectAction) -> RectRequest<'a> {
        RectRequest { action, text: None }
    }
    pub fn with_text(action: RectAction, text: &'a str) -> RectRequest<'a> {
        RectRequest {
            action,
            text: Some(text),
        }
    }
}

/// May the caller see the item? Its raiser always; otherwise whoever sees the
/// organisation's task items ([`can_view`]).
pub fn can_view_item(s: Standing) -> bool {
    s.raiser || can_view(s.role, s.relation)
}

/// Decide an action. Refusals, in the order checked: `not-visible`, `wrong-state`,
/// `wrong-role`, `answer-required`, `opinion-required`.
pub fn decide(
    state: RectState,
    request: &RectRequest<'_>,
    who: Standing,
) -> Result<RectState, Refusal> {
    if !can_view_item(who) {
        return Err(refuse("not-visible", "找不到该整改事项"));
    }
    let action = request.action;
    let fits = match state {
        RectState::Open | RectState::Reopened => action == RectAction::Answer,
        RectState::Answered => matches!(action, RectAction::Confirm | RectAction::Reopen),
        RectState::Closed => false,
    };
    if !fits {
        let why = match state {
            RectState::Open | RectState::Reopened => "正在等待整改单位提交整改情况",
            RectState::Answered => "整改情况已提交，正在等待提出问题的一方确认销号或退回",
            RectState::Closed => "整改事项已销号，流程结束",
        };
        return Err(refuse(
            "wrong-state",
            format!(
                "当前状态为「{}」，不能{}：{why}",
                state.label(),
                action.label()
            ),
        ));
    }
    let allowed = match action {
        RectAction::Answer => who.role == Role::Filler && who.relation == Relation::Own,
        RectAction::Confirm | RectAction::Reopen => who.raiser,
    };
    if !allowed {
        let who_may = match action {
            RectAction::Answer => "整改单位的填报人",
            _ => "提出该问题的账号",
        };
        return Err(refuse(
            "wrong-role",
            format!("只有{who_may}可以{}", action.label()),
        ));
    }
    let blank = request.text.is_none_or(|t| t.trim().is_empty());
    match action {
        RectAction::Answer if blank => Err(refuse(
            "answer-required",
            "请填写整改情况：采取了哪些措施、完成到什么程度、附哪些佐证材料",
        )),
        RectAction::Answer => Ok(RectState::Answered),
        RectAction::Confirm => Ok(RectState::Closed),
        RectAction::Reopen if blank => Err(refuse(
            "opinion-required",
            "退回重新整改时必须填写意见，说明整改还缺什么",
        )),
        RectAction::Reopen => Ok(RectState::Reopened),
    }
}

/// The actions the caller may take now.
pub fn available(state: RectState, who: Standing) -> Vec<RectAction> {
    RectAction::ALL
        .into_iter()
        .filter(|&a| decide(state, &RectRequest::with_text(a, "说明"), who).is_ok())
        .collect()
}

/// Overdue: still waiting for the unit after the deadline (`YYYY-MM-DD`, the last day
/// allowed). An answered item waiting for the raiser is not the unit's delay.
pub fn overdue(state: RectState, deadline: &str, today: &str) -> bool {
    state.awaiting_unit() && deadline < today
}

/// Days past the deadline (0 when not overdue), counted on proleptic Gregorian dates.
pub fn days_overdue(state: RectState, deadline: &str, today: &str) -> i64 {
    if !overdue(state, deadline, today) {
        return 0;
    }
    match (day_number(deadline), day_number(today)) {
        (Some(d), Some(t)) => (t - d).max(0),
        _ => 0,
    }
}

/// `YYYY-MM-DD` → days since 1970-01-01, `None` for anything that is not a real date.
pub fn day_number(date: &str) -> Option<i64> {
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = date.get(0..4)?.parse().ok()?;
    let m: i64 = date.get(5..7)?.parse().ok()?;
    let d: i64 = date.get(8..10)?.parse().ok()?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || d < 1 || d > days_in[(m - 1) as usize] {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}
