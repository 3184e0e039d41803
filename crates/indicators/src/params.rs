//! Computation parameters (计算参数): the basis choices a framework file may set.
//!
//! Every choice here is one where published rules or local practice differ. The defaults
//! follow 财预〔2013〕53号 where it decides, and are marked as jixiao's own choice
//! (\[default\]) where it does not. Whatever is used is written into each indicator's trace.
//!
//! In a framework file (TOML):
//!
//! ```toml
//! [params]
//! sangong_change_basis = "actual"       # 三公经费变动率按决算口径
//! subtract_excluded_adjustment = true   # 预算调整率剔除政策性调整
//! payment_progress_as_of = "Q3"         # 支付进度率取第三季度末
//! sangong_control_basis = "adjusted"    # 三公经费控制率以调整预算为基数
//! ```

use jixiao_model::Period;
use serde::{Deserialize, Serialize};

/// Which figures the year-on-year 三公经费 change rates (D04, L01, L02) compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SangongBasis {
    /// 预算口径 (财预〔2013〕53号, the default): this year's 年初预算
    /// (`sangong.initial_budget.*`) against last year's budget (`prior_year.sangong_budget.*`).
    ///
    /// D04 sits under 投入/预算配置, which judges the budget as compiled, so the initial
    /// budget is the figure compared, not the adjusted one.
    #[default]
    #[serde(alias = "预算")]
    Budget,
    /// 决算（实际支出）口径, as some localities use: `sangong.actual.*` against
    /// `prior_year.sangong_actual.*`. When last year's actual is missing but the report states
    /// the change (`sangong.actual_change_vs_prior.*`), last year's figure is derived as
    /// this year's actual minus the change, and the trace says so.
    #[serde(alias = "决算", alias = "实际")]
    Actual,
}

impl SangongBasis {
    /// Chinese label used in traces.
    pub fn label(self) -> &'static str {
        match self {
            SangongBasis::Budget => "预算口径",
            SangongBasis::Actual => "决算（实际支出）口径",
        }
    }
}

/// Which budget a rate divides by: the budget as compiled (年初预算, 53号's "预算安排数") or
/// the full-year budget after in-year adjustments (调整预算).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BudgetBasis {
    /// 年初预算（预算安排数）.
    #[serde(alias = "年初", alias = "年初预算", alias = "预算安排")]
    Initial,
    /// 调整预算（全年预算数）. When a department-year gives no adjusted figure, the initial one
    /// is used (a budget that was not adjusted), and the trace says so.
    #[serde(alias = "调整", alias = "调整预算", alias = "调整后")]
    Adjusted,
}

impl BudgetBasis {
    /// Chinese label used in traces and report sentences.
    pub fn label(self) -> &'static str {
        match self {
            BudgetBasis::Initial => "以年初预算（预算安排数）为基数",
            BudgetBasis::Adjusted => "以调整预算为基数",
        }
    }
}

/// D09 结转结余率's denominator: the year's expenditure budget or its actual spending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CarryoverBasis {
    /// 支出预算（调整预算）, as 53号's 指标解释 ("结转结余总额与支出预算数的比率").
    #[serde(alias = "预算")]
    Budget,
    /// 支出完成数（决算）, as some county sheets ("本年结转结余资金总额/本年一般公共预算支出完成数").
    #[serde(alias = "决算", alias = "实际")]
    Actual,
}

impl CarryoverBasis {
    pub fn label(self) -> &'static str {
        match self {
            CarryoverBasis::Budget => "以支出预算为基数",
            CarryoverBasis::Actual => "以支出决算（完成数）为基数",
        }
    }
}

/// D22 完成及时率 and D23 质量达标率's denominator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompletionBasis {
    /// 计划工作数 (财预〔2013〕53号: "及时完成的实际工作数与计划工作数的比率").
    #[serde(alias = "计划")]
    Planned,
    /// 实际完成数 (the share of what was completed that was on time / up to standard).
    #[serde(alias = "完成")]
    Completed,
}

impl CompletionBasis {
    pub fn label(self) -> &'static str {
        match self {
            CompletionBasis::Planned => "以计划数为基数",
            CompletionBasis::Completed => "以完成数为基数",
        }
    }
}

/// Parameters of the indicator computations. `Params::default()` is what jixiao uses when a
/// framework sets nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// D04 三公经费变动率 and L01/L02 (公务接待费、公务用车购置及运行维护费变动率): compare
    /// budgets (default, 53号) or actual spending. See [`SangongBasis`].
    pub sangong_change_basis: SangongBasis,
    /// D07 预算调整率: subtract `budget.excluded_adjustment` (adjustments caused by national
    /// policy, force majeure or assigned ad-hoc tasks, which 53号 allows to exclude) from the
    /// adjustment when the department-year gives it. Default `true`; without the figure
    /// nothing is subtracted and the trace says so.
    pub subtract_excluded_adjustment: bool,
    /// D08 支付进度率: the period (`"Q1"`…`"Q4"`, `"M01"`…`"M12"`) whose cumulative progress
    /// is compared with 序时进度. Default `None`: the latest period in `progress`.
    pub payment_progress_as_of: Option<String>,
    /// D11 公用经费控制率: 实际公用经费 ÷ 年初预算 (default, 53号 "预算安排公用经费总额") or
    /// ÷ 调整预算.
    pub public_funds_control_basis: BudgetBasis,
    /// D12 三公经费控制率: 三公实际支出 ÷ 年初预算 (default, 53号 "三公经费预算安排数") or
    /// ÷ 调整预算 (as the Longhua report writes it).
    pub sangong_control_basis: BudgetBasis,
    /// D05 重点支出安排率: 重点项目支出 ÷ 项目支出 年初预算 (default, 53号 "本年度预算安排的
    /// 重点项目支出与部门项目总支出的比率") or 调整预算.
    pub key_spending_basis: BudgetBasis,
    /// D06 预算执行率: 决算支出 ÷ 调整预算 (default) or ÷ 年初预算 (some county sheets).
    pub execution_rate_basis: BudgetBasis,
    /// D09 结转结余率: ÷ 支出预算 (default) or ÷ 支出决算.
    pub carryover_rate_basis: CarryoverBasis,
    /// D22 完成及时率 and D23 质量达标率: ÷ 计划数 (default, 53号) or ÷ 完成数.
    pub completion_basis: CompletionBasis,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            sangong_change_basis: SangongBasis::Budget,
            subtract_excluded_adjustment: true,
            payment_progress_as_of: None,
            public_funds_control_basis: BudgetBasis::Initial,
            sangong_control_basis: BudgetBasis::Initial,
            key_spending_basis: BudgetBasis::Initial,
            execution_rate_basis: BudgetBasis::Adjusted,
            carryover_rate_basis: CarryoverBasis::Budget,
            completion_basis: CompletionBasis::Planned,
        }
    }
}

/// A parameter value that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamsError {
    #[error("参数 payment_progress_as_of 的期间「{0}」无效，应为 Q1–Q4 或 M01–M12")]
    BadPeriod(String),
}

impl Params {
    /// Check the parameters once when a framework is loaded (an invalid D08 period would
    /// otherwise only show as a not-scorable D08).
    pub fn validate(&self) -> Result<(), ParamsError> {
        if let Some(p) = &self.payment_progress_as_of {
            Period::parse(p).map_err(|_| ParamsError::BadPeriod(p.clone()))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_serde() {
        let p = Params::default();
        assert_eq!(p.sangong_change_basis, SangongBasis::Budget);
        assert!(p.subtract_excluded_adjustment);
        assert_eq!(p.payment_progress_as_of, None);
        let p: Params = serde_json::from_str(
            r#"{"sangong_change_basis":"actual","payment_progress_as_of":"Q3"}"#,
        )
        .expect("valid params");
        assert_eq!(p.sangong_change_basis, SangongBasis::Actual);
        assert!(
            p.subtract_excluded_adjustment,
            "unset fields keep their default"
        );
        assert_eq!(p.validate(), Ok(()));
        let p: Params = serde_json::from_str(r#"{"sangong_change_basis":"决算"}"#).expect("alias");
        assert_eq!(p.sangong_change_basis, SangongBasis::Actual);
        assert!(serde_json::from_str::<Params>(r#"{"bogus":1}"#).is_err());
        let bad = Params {
            payment_progress_as_of: Some("Q5".into()),
            ..Params::default()
        };
        assert_eq!(bad.validate(), Err(ParamsError::BadPeriod("Q5".into())));
    }
}
