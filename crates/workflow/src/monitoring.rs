//! 绩效运行监控 (system.md §3): a task per round — 1—7月, and the 二次监控 1—9月 — whose
//! items go through the 自评 cycle's states and actions unchanged ([`crate::decide`]): the
//! unit fills in the fund and indicator grids with 偏差原因/纠偏措施 and submits; the
//! 主管部门 returns or passes; the finance bureau returns or confirms. What is particular to
//! monitoring is the round: the months it covers, the as-of date its lights are judged on,
//! and that a second round follows a first one of the same year.

use serde::Serialize;

use crate::{refuse, Refusal};

/// A monitoring round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Round {
    /// 1—7月 (the usual mid-year round).
    First,
    /// 二次监控 1—9月 (projects whose first round showed deviations, or a second round for all).
    Second,
}

impl Round {
    pub const ALL: [Round; 2] = [Round::First, Round::Second];

    pub fn id(self) -> &'static str {
        match self {
            Round::First => "first",
            Round::Second => "second",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Round::First => "1—7月",
            Round::Second => "二次监控 1—9月",
        }
    }

    pub fn from_id(id: &str) -> Option<Round> {
        Round::ALL.into_iter().find(|r| r.id() == id)
    }

    /// The last month the round covers (7 or 9).
    pub fn last_month(self) -> u32 {
        match self {
            Round::First => 7,
            Round::Second => 9,
        }
    }

    /// The as-of date the round's lights are judged on: the last day of its last month.
    pub fn as_of(self, year: i64) -> String {
        match self {
            Round::First => format!("{year:04}-07-31"),
            Round::Second => format!("{year:04}-09-30"),
        }
    }

    /// The task title the bureau would use: "2025 年 1—7 月绩效运行监控".
    pub fn title(self, year: i64) -> String {
        match self {
            Round::First => format!("{year} 年 1—7 月绩效运行监控"),
            Round::Second => format!("{year} 年 1—9 月绩效运行二次监控"),
        }
    }
}

/// May a round be opened for `year`, given the rounds already opened (year, round)? A
/// second round needs a first round of the same year; each round is opened once a year.
pub fn may_open(round: Round, year: i64, opened: &[(i64, Round)]) -> Result<(), Refusal> {
    if opened.contains(&(year, round)) {
        return Err(refuse(
            "already-open",
            format!("{year} 年已发布过「{}」监控任务", round.label()),
        ));
    }
    if round == Round::Second && !opened.contains(&(year, Round::First)) {
        return Err(refuse(
            "first-round-missing",
            format!("{year} 年尚未发布 1—7 月监控任务，不能发布二次监控（1—9 月）"),
        ));
    }
    Ok(())
}
