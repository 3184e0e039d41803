//! jixiao-workflow: the year-end self-evaluation (年度自评) cycle of one task item as pure
//! code.
//!
//! A unit's 填报人 fills the department-year in and submits it; the 主管部门's 部门审核人
//! returns it with an opinion or passes it on; the 财政局 业务科室's 财政审核人 returns it
//! or confirms it (system.md §3). [`decide`] answers, for a state, an action, the role of
//! the person asking and how that role's organisation relates to the item's organisation,
//! either the next state or a [`Refusal`] that says why not, in Chinese.
//!
//! ```
//! use jixiao_workflow::{decide, Action, Relation, Request, Role, State};
//! let next = decide(State::Draft, &Request::new(Action::Submit), Role::Filler, Relation::Own, false);
//! assert_eq!(next, Ok(State::Submitted));
//! let refused = decide(State::Submitted, &Request::new(Action::Return), Role::DeptReviewer, Relation::Supervises, false);
//! assert_eq!(refused.unwrap_err().code, "opinion-required");
//! ```
//!
//! Nothing here reads a database or the clock: the store works out the [`Relation`] from the
//! organisation tree and whether the task is locked, then asks.
//!
//! The other cycles of system.md §3 are built on the same pieces ([`Role`], [`Relation`],
//! [`Refusal`], the same order of checks), each in its own module and tested over every
//! combination: [`targets`] (绩效目标 申报 → 审核 → 批复 with the grades 优/良/中/差),
//! [`monitoring`] (运行监控 rounds 1—7月 and 二次 1—9月, on the 自评 cycle itself),
//! [`rectify`] (问题整改: answer, confirm or reopen, overdue) and [`results`] (结果应用:
//! grade → budget proposal, rules as data).

pub mod monitoring;
pub mod rectify;
pub mod results;
pub mod targets;

use serde::Serialize;

/// Where an item is in its cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// 填报中: the unit is filling it in (also the state of a new item).
    Draft,
    /// 待部门审核: submitted, waiting for the 主管部门.
    Submitted,
    /// 待财政审核: the 主管部门 passed it on, waiting for the finance bureau.
    DeptPassed,
    /// 已退回: returned to the unit with an opinion; the unit revises and resubmits.
    Returned,
    /// 已确认: the finance bureau confirmed it. Final.
    Confirmed,
}

impl State {
    pub const ALL: [State; 5] = [
        State::Draft,
        State::Submitted,
        State::DeptPassed,
        State::Returned,
        State::Confirmed,
    ];

    /// Stable id stored in the database and used in the API.
    pub fn id(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Submitted => "submitted",
            State::DeptPassed => "dept_passed",
            State::Returned => "returned",
            State::Confirmed => "confirmed",
        }
    }

    /// 中文名称.
    pub fn label(self) -> &'static str {
        match self {
            State::Draft => "填报中",
            State::Submitted => "待部门审核",
            State::DeptPassed => "待财政审核",
            State::Returned => "已退回",
            State::Confirmed => "已确认",
        }
    }

    pub fn from_id(id: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.id() == id)
    }

    /// The unit may change the data in this state.
    pub fn editable(self) -> bool {
        matches!(self, State::Draft | State::Returned)
    }
}

/// What someone asks to do with an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// 保存: store a new revision of the data (the state does not change).
    Save,
    /// 提交: the unit submits for review.
    Submit,
    /// 退回: a reviewer sends it back to the unit, with an opinion.
    Return,
    /// 审核通过: the 主管部门 passes it on to the finance bureau.
    Pass,
    /// 确认: the finance bureau confirms it.
    Confirm,
}

impl Action {
    pub const ALL: [Action; 5] = [
        Action::Save,
        Action::Submit,
        Action::Return,
        Action::Pass,
        Action::Confirm,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Action::Save => "save",
            Action::Submit => "submit",
            Action::Return => "return",
            Action::Pass => "pass",
            Action::Confirm => "confirm",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Action::Save => "保存",
            Action::Submit => "提交",
            Action::Return => "退回",
            Action::Pass => "审核通过",
            Action::Confirm => "确认",
        }
    }

    pub fn from_id(id: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.id() == id)
    }
}

/// The roles of system.md §1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 填报人 (预算单位 or 主管部门 filling its own item).
    Filler,
    /// 单位负责人: reads its unit's items (signs off outside the system for now).
    UnitHead,
    /// 部门审核人 of a 主管部门: its own item and every unit below it.
    DeptReviewer,
    /// 财政审核人 of a 财政局 业务科室: the departments the division owns and their units.
    FinanceReviewer,
    /// 绩效管理员 of the 财政局 绩效科: opens and locks tasks, sees everything.
    PerfAdmin,
    /// 评价人 (第三方机构 / 专家): only what it is assigned (nothing in the 自评 cycle).
    Evaluator,
    /// 只读 (人大 / public): published results only (nothing in the 自评 cycle).
    ReadOnly,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Filler,
        Role::UnitHead,
        Role::DeptReviewer,
        Role::FinanceReviewer,
        Role::PerfAdmin,
        Role::Evaluator,
        Role::ReadOnly,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Role::Filler => "filler",
            Role::UnitHead => "unit_head",
            Role::DeptReviewer => "dept_reviewer",
            Role::FinanceReviewer => "finance_reviewer",
            Role::PerfAdmin => "perf_admin",
            Role::Evaluator => "evaluator",
            Role::ReadOnly => "readonly",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Filler => "填报人",
            Role::UnitHead => "单位负责人",
            Role::DeptReviewer => "部门审核人",
            Role::FinanceReviewer => "财政审核人",
            Role::PerfAdmin => "绩效管理员",
            Role::Evaluator => "评价人",
            Role::ReadOnly => "只读",
        }
    }

    pub fn from_id(id: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.id() == id)
    }
}

/// How the organisation a role is held in relates to the item's organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The item belongs to the role's own organisation.
    Own,
    /// The role's organisation is a 主管部门 above the item's organisation.
    Supervises,
    /// The role's organisation is the 财政局 业务科室 that owns the item's department.
    Owns,
    /// The role's organisation is the 财政局 itself, above everything.
    Bureau,
    /// No relation: another organisation's item.
    None,
}

impl Relation {
    pub const ALL: [Relation; 5] = [
        Relation::Own,
        Relation::Supervises,
        Relation::Owns,
        Relation::Bureau,
        Relation::None,
    ];
}

/// An action with what it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request<'a> {
    pub action: Action,
    /// 审核意见. Required (non-blank) to return; optional otherwise.
    pub opinion: Option<&'a str>,
}

impl<'a> Request<'a> {
    pub fn new(action: Action) -> Request<'a> {
        Request {
            action,
            opinion: None,
        }
    }
    pub fn with_opinion(action: Action, opinion: &'a str) -> Request<'a> {
        Request {
            action,
            opinion: Some(opinion),
        }
    }
}

/// Why an action was refused: a stable code and a message for the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refusal {
    /// `not-visible`, `locked`, `wrong-role`, `wrong-state`, `opinion-required`.
    pub code: &'static str,
    /// 中文说明.
    pub message: String,
}

pub(crate) fn refuse(code: &'static str, message: impl Into<String>) -> Refusal {
    Refusal {
        code,
        message: message.into(),
    }
}

/// May a role with this relation see the item at all? Everything that is not visible is
/// answered as "not found" by the layers above, so its existence is not disclosed.
pub fn can_view(role: Role, relation: Relation) -> bool {
    matches!(
        (role, relation),
        (Role::Filler | Role::UnitHead, Relation::Own)
            | (Role::DeptReviewer, Relation::Own | Relation::Supervises)
            | (Role::FinanceReviewer, Relation::Owns)
            | (Role::PerfAdmin, Relation::Bureau | Relation::Own)
    )
}

/// Who acts in a state: the role, the relations it may hold, and the actions it may take.
fn actor_of(state: State) -> Option<(Role, &'static [Relation], &'static [Action])> {
    match state {
        State::Draft | State::Returned => Some((
            Role::Filler,
            &[Relation::Own],
            &[Action::Save, Action::Submit],
        )),
        State::Submitted => Some((
            Role::DeptReviewer,
            &[Relation::Own, Relation::Supervises],
            &[Action::Return, Action::Pass],
        )),
        State::DeptPassed => Some((
            Role::FinanceReviewer,
            &[Relation::Owns],
            &[Action::Return, Action::Confirm],
        )),
        State::Confirmed => None,
    }
}

/// The state an allowed action leads to (before any check).
fn next_state(state: State, action: Action) -> State {
    match action {
        Action::Save => state,
        Action::Submit => State::Submitted,
        Action::Return => State::Returned,
        Action::Pass => State::DeptPassed,
        Action::Confirm => State::Confirmed,
    }
}

/// Decide an action. `locked` is whether the item's task is locked (锁定): nothing changes
/// in a locked task.
pub fn decide(
    state: State,
    request: &Request<'_>,
    role: Role,
    relation: Relation,
    locked: bool,
) -> Result<State, Refusal> {
    if !can_view(role, relation) {
        return Err(refuse("not-visible", "找不到该事项"));
    }
    let action = request.action;
    if locked {
        return Err(refuse(
            "locked",
            format!(
                "任务已锁定，不能{}：如需修改请联系绩效管理员解锁",
                action.label()
            ),
        ));
    }
    let Some((actor, relations, actions)) = actor_of(state) else {
        return Err(refuse(
            "wrong-state",
            format!("事项已确认，不能再{}", action.label()),
        ));
    };
    if !actions.contains(&action) {
        let why = match state {
            State::Draft | State::Returned => "事项尚未提交，只能由填报人保存或提交",
            State::Submitted => "事项已提交，正在等待部门审核：只能由部门审核人退回或审核通过",
            State::DeptPassed => "事项已通过部门审核，正在等待财政审核：只能由财政审核人退回或确认",
            State::Confirmed => "事项已确认",
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
    if role != actor || !relations.contains(&relation) {
        let who = match actor {
            Role::Filler => "本单位的填报人",
            Role::DeptReviewer => "主管部门的部门审核人",
            Role::FinanceReviewer => "主管该部门的财政审核人",
            _ => actor.label(),
        };
        return Err(refuse(
            "wrong-role",
            format!(
                "「{}」状态的事项只能由{who}{}，您的角色是{}",
                state.label(),
                action.label(),
                role.label()
            ),
        ));
    }
    if action == Action::Return && request.opinion.is_none_or(|o| o.trim().is_empty()) {
        return Err(refuse(
            "opinion-required",
            "退回时必须填写审核意见，说明需要修改什么",
        ));
    }
    Ok(next_state(state, action))
}

/// The actions a role with this relation may take now (for showing buttons).
pub fn available(state: State, role: Role, relation: Relation, locked: bool) -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|&a| {
            let opinion = "意见";
            decide(
                state,
                &Request::with_opinion(a, opinion),
                role,
                relation,
                locked,
            )
            .is_ok()
        })
        .collect()
}
