//! 绩效目标 申报 → 审核 → 批复 (system.md §3): the unit fills in its department and project
//! targets and submits them; the 主管部门 returns them with an opinion or passes them on; the
//! 财政局 业务科室 reviews them with a grade 优/良/中/差 ("谁批复预算，谁批复目标"). A
//! grade of 优, 良 or 中 approves (批复) the targets; 差 does not enter the budget and sends
//! them back for revision, with a written opinion.
//!
//! The states are the 自评 cycle's ([`State`]), so an item of a target task moves through
//! the same five states; only their final name differs (已批复 rather than 已确认) and the
//! finance step is [`TargetAction::Review`] with a grade rather than a plain confirmation.
//!
//! ```
//! use jixiao_workflow::targets::{decide, Grade, TargetAction, TargetRequest};
//! use jixiao_workflow::{Relation, Role, State};
//! let poor = TargetRequest::review(Grade::Poor, Some("指标未量化"));
//! let out = decide(State::DeptPassed, &poor, Role::FinanceReviewer, Relation::Owns, false).unwrap();
//! assert_eq!((out.state, out.grade), (State::Returned, Some(Grade::Poor)));
//! ```

use serde::Serialize;

use crate::{can_view, refuse, Refusal, Relation, Role, State};

/// 绩效目标审核等级 (system.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// 优
    Excellent,
    /// 良
    Good,
    /// 中
    Fair,
    /// 差: does not enter the budget; the targets go back for revision.
    Poor,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::Excellent, Grade::Good, Grade::Fair, Grade::Poor];

    /// Stable id (database, API).
    pub fn id(self) -> &'static str {
        match self {
            Grade::Excellent => "excellent",
            Grade::Good => "good",
            Grade::Fair => "fair",
            Grade::Poor => "poor",
        }
    }

    /// 优/良/中/差.
    pub fn label(self) -> &'static str {
        match self {
            Grade::Excellent => "优",
            Grade::Good => "良",
            Grade::Fair => "中",
            Grade::Poor => "差",
        }
    }

    /// From the id or the Chinese label (also 优秀/良好/中等/较差).
    pub fn parse(text: &str) -> Option<Grade> {
        let t = text.trim();
        Grade::ALL
            .into_iter()
            .find(|g| g.id() == t || g.label() == t)
            .or(match t {
                "优秀" => Some(Grade::Excellent),
                "良好" => Some(Grade::Good),
                "中等" | "一般" => Some(Grade::Fair),
                "较差" => Some(Grade::Poor),
                _ => None,
            })
    }

    /// Targets with this grade are approved (批复) and enter the budget.
    pub fn approves(self) -> bool {
        self != Grade::Poor
    }
}

/// What someone asks to do with a target item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetAction {
    /// 保存
    Save,
    /// 申报: the unit submits its targets.
    Submit,
    /// 退回 (主管部门 or 财政), with an opinion.
    Return,
    /// 审核通过: the 主管部门 passes the targets on to the finance bureau.
    Pass,
    /// 审核评级: the finance bureau grades the targets 优/良/中 (批复) or 差 (退回修改).
    Review,
}

impl TargetAction {
    pub const ALL: [TargetAction; 5] = [
        TargetAction::Save,
        TargetAction::Submit,
        TargetAction::Return,
        TargetAction::Pass,
        TargetAction::Review,
    ];

    pub fn id(self) -> &'static str {
        match self {
            TargetAction::Save => "save",
            TargetAction::Submit => "submit",
            TargetAction::Return => "return",
            TargetAction::Pass => "pass",
            TargetAction::Review => "review",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TargetAction::Save => "保存",
            TargetAction::Submit => "申报",
            TargetAction::Return => "退回",
            TargetAction::Pass => "审核通过",
            TargetAction::Review => "审核评级",
        }
    }

    pub fn from_id(id: &str) -> Option<TargetAction> {
        TargetAction::ALL.into_iter().find(|a| a.id() == id)
    }
}

/// A target action with what it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetRequest<'a> {
    pub action: TargetAction,
    /// 审核意见: required to return and for the grade 差.
    pub opinion: Option<&'a str>,
    /// 审核等级: required for [`TargetAction::Review`], ignored otherwise.
    pub grade: Option<Grade>,
}

impl<'a> TargetRequest<'a> {
    pub fn new(action: TargetAction) -> TargetRequest<'a> {
        TargetRequest {
            action,
            opinion: None,
            grade: None,
        }
    }
    pub fn with_opinion(action: TargetAction, opinion: &'a str) -> TargetRequest<'a> {
        TargetRequest {
            action,
            opinion: Some(opinion),
            grade: None,
        }
    }
    pub fn review(grade: Grade, opinion: Option<&'a str>) -> TargetRequest<'a> {
        TargetRequest {
            action: TargetAction::Review,
            opinion,
            grade: Some(grade),
        }
    }
}

/// Where an allowed action leads, and the grade it records (for a review).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub state: State,
    pub grade: Option<Grade>,
}

/// 中文名称 of a state in the target cycle.
pub fn state_label(state: State) -> &'static str {
    match state {
        State::Draft => "申报中",
        State::Submitted => "待部门审核",
        State::DeptPassed => "待财政审核",
        State::Returned => "已退回",
        State::Confirmed => "已批复",
    }
}

fn actor_of(
    state: State,
) -> Option<(
    Role,
    &'static [Relation],
    &'static [TargetAction],
    &'static str,
)> {
    match state {
        State::Draft | State::Returned => Some((
            Role::Filler,
            &[Relation::Own],
            &[TargetAction::Save, TargetAction::Submit],
            "绩效目标尚未申报，只能由填报人保存或申报",
        )),
        State::Submitted => Some((
            Role::DeptReviewer,
            &[Relation::Own, Relation::Supervises],
            &[TargetAction::Return, TargetAction::Pass],
            "绩效目标已申报，正在等待部门审核：只能由部门审核人退回或审核通过",
        )),
        State::DeptPassed => Some((
            Role::FinanceReviewer,
            &[Relation::Owns],
            &[TargetAction::Return, TargetAction::Review],
            "绩效目标已通过部门审核，正在等待财政审核：只能由财政审核人退回或审核评级",
        )),
        State::Confirmed => None,
    }
}

fn blank(opinion: Option<&str>) -> bool {
    opinion.is_none_or(|o| o.trim().is_empty())
}

/// Decide an action on a target item. Refusals, in the order checked: `not-visible`,
/// `locked`, `wrong-state`, `wrong-role`, `grade-required`, `opinion-required`.
pub fn decide(
    state: State,
    request: &TargetRequest<'_>,
    role: Role,
    relation: Relation,
    locked: bool,
) -> Result<Outcome, Refusal> {
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
    let Some((actor, relations, actions, why)) = actor_of(state) else {
        return Err(refuse(
            "wrong-state",
            format!("绩效目标已批复，不能再{}", action.label()),
        ));
    };
    if !actions.contains(&action) {
        return Err(refuse(
            "wrong-state",
            format!(
                "当前状态为「{}」，不能{}：{why}",
                state_label(state),
                action.label()
            ),
        ));
    }
    if role != actor || !relations.contains(&relation) {
        let who = match actor {
            Role::Filler => "本单位的填报人",
            Role::DeptReviewer => "主管部门的部门审核人",
            _ => "主管该部门的财政审核人",
        };
        return Err(refuse(
            "wrong-role",
            format!(
                "「{}」状态的绩效目标只能由{who}{}，您的角色是{}",
                state_label(state),
                action.label(),
                role.label()
            ),
        ));
    }
    let outcome = |state, grade| Ok(Outcome { state, grade });
    match action {
        TargetAction::Save => outcome(state, None),
        TargetAction::Submit => outcome(State::Submitted, None),
        TargetAction::Pass => outcome(State::DeptPassed, None),
        TargetAction::Return => {
            if blank(request.opinion) {
                return Err(refuse(
                    "opinion-required",
                    "退回时必须填写审核意见，说明绩效目标需要修改什么",
                ));
            }
            outcome(State::Returned, None)
        }
        TargetAction::Review => {
            let Some(grade) = request.grade else {
                return Err(refuse(
                    "grade-required",
                    "审核评级须给出等级：优、良、中或差",
                ));
            };
            if grade.approves() {
                outcome(State::Confirmed, Some(grade))
            } else if blank(request.opinion) {
                Err(refuse(
                    "opinion-required",
                    "评为「差」的绩效目标不能进入预算，须退回修改：请填写审核意见，说明需要修改什么",
                ))
            } else {
                outcome(State::Returned, Some(grade))
            }
        }
    }
}

/// The actions a role with this relation may take now (for showing buttons).
pub fn available(state: State, role: Role, relation: Relation, locked: bool) -> Vec<TargetAction> {
    TargetAction::ALL
        .into_iter()
        .filter(|&a| {
            let req = TargetRequest {
                action: a,
                opinion: Some("意见"),
                grade: Some(Grade::Good),
            };
            decide(state, &req, role, relation, locked).is_ok()
        })
        .collect()
}
