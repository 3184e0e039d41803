//! The unit's own scores as it submitted them (单位自评分): per indicator of the department
//! framework, per project row, and the totals. They are what a finance bureau's 复核
//! (re-scoring) compares its own scores with: 偏离度 = (自评分 − 复核分) ÷ 自评分.
//!
//! In TOML:
//!
//! ```toml
//! [self_evaluation]
//! framework = "yueyang-2018-dept"   # the framework the unit scored with, if it says
//! total = "96.5"
//! grade = "优"
//! [[self_evaluation.score]]
//! indicator = "D06"                 # a catalogue id, a node path or the indicator's name
//! score = "10"
//!
//! [[projects.project]]
//! name = "…"
//! self_execution_score = "10"       # the 预算执行率 row
//! self_total = "98"
//! [[projects.project.target]]
//! self_score = "20"                 # the row's 自评得分
//! ```

use serde::{Deserialize, Serialize};

use crate::number::Num;

/// 单位自评：the department's submitted scores.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SelfEvaluation {
    /// 自评所用评价框架（编号或名称），如报送材料写明
    pub framework: Option<String>,
    /// 自评总分
    pub total: Option<Num>,
    /// 自评等级
    pub grade: Option<String>,
    /// 各指标自评得分
    #[serde(rename = "score", skip_serializing_if = "Vec::is_empty")]
    pub scores: Vec<SelfScore>,
}

impl SelfEvaluation {
    pub fn is_empty(&self) -> bool {
        self.framework.is_none()
            && self.total.is_none()
            && self.grade.is_none()
            && self.scores.is_empty()
    }
}

/// One indicator's self-score.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SelfScore {
    /// 指标：指标库编号（"D06"）、框架节点路径（"efficiency.D06"）或指标名称（"预算执行率"）
    pub indicator: String,
    /// 自评得分
    pub score: Option<Num>,
    /// 分值（自评表上的分值，可选，用于核对）
    pub weight: Option<Num>,
    /// 扣分说明
    pub note: Option<String>,
}
