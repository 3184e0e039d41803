//! The department-year (部门年度数据): everything one department reports for one year.
//!
//! Every figure is optional: real departments often lack some of them, and a missing figure
//! makes the indicators that need it "not scorable" rather than zero. Field names are English;
//! the doc comment of each gives the Chinese term used in budget documents. The input format
//! (`docs/input-format.md`) is this structure written as TOML or JSON.

use serde::{Deserialize, Serialize};

use crate::number::{Money, Num, Percent};

/// One department's figures for one year.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DepartmentYear {
    /// 基本信息
    pub department: Department,
    /// 评价设置（默认框架、截止日期）
    pub evaluation: EvaluationSettings,
    /// 预算（年初、调整、决算）
    pub budget: Budget,
    /// 三公经费
    pub sangong: Sangong,
    /// 财政拨款结转结余
    pub carryover: Carryover,
    /// 政府采购
    pub procurement: Procurement,
    /// 支出进度（按季度或月份的累计数）
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub progress: Vec<ProgressPoint>,
    /// 人员编制
    pub staffing: Staffing,
    /// 项目（二级项目）
    pub projects: Projects,
    /// 重点工作
    pub key_tasks: KeyTasks,
    /// 主要履职目标（量化目标及完成值）
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub duty_targets: Vec<DutyTarget>,
    /// 资产
    pub assets: Assets,
    /// 管理制度
    pub institutions: Institutions,
    /// 预决算公开
    pub disclosure: Disclosure,
    /// 信访
    pub petitions: Petitions,
    /// 满意度调查
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub satisfaction: Vec<Survey>,
    /// 文字说明
    pub narrative: Narrative,
    /// 上年数（用于变动率）
    pub prior_year: PriorYear,
    /// 定性指标的评价人判断（D01、D02、D14–D19、D25–D27 等）
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assessments: Vec<Assessment>,
    /// 来源报告中写明的比率（用于与计算值核对）
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stated: Vec<StatedFigure>,
    /// 绩效运行监控（双监控）：截至某日的部门资金执行（见 `monitoring.rs`）
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::monitoring::empty_as_none"
    )]
    pub monitoring: Option<crate::monitoring::Monitoring>,
}

/// How this department-year is evaluated by default.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EvaluationSettings {
    /// 默认评价框架编号（如 "longhua-4e"）；命令行 --framework 优先
    pub framework: Option<String>,
    /// 数据截止日期（YYYY-MM-DD），用于支付进度率和运行监控
    pub as_of: Option<String>,
}

/// 部门基本信息
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Department {
    /// 部门（单位）名称
    pub name: Option<String>,
    /// 单位编码
    pub code: Option<String>,
    /// 级次：区级、市级、省级……
    pub level: Option<String>,
    /// 评价年度
    pub year: Option<i32>,
    /// 主要职能
    pub functions: Option<String>,
    /// 单位主要负责人
    pub head: Option<String>,
    /// 填报人
    pub preparer: Option<String>,
    /// 联系电话
    pub phone: Option<String>,
    /// 数据来源说明（如"2021 年度部门整体绩效评价报告"）
    pub source: Option<String>,
}

/// 预算：年初预算、调整预算、决算
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Budget {
    /// 年初预算
    pub initial: BudgetFigures,
    /// 调整预算（全年预算数）
    pub adjusted: BudgetFigures,
    /// 决算（全年执行数、财政拨款支出决算数）
    #[serde(rename = "final")]
    pub final_accounts: BudgetFigures,
    /// 预算调整中因国家政策、不可抗力、临时交办任务等可剔除的调整数（D07 口径）
    pub excluded_adjustment: Option<Money>,
    /// 年度内预算调整的发生额（追加、追减、调剂），D07 预算调整数按此计；未填时以
    /// |调整后预算 − 年初预算| 计（为下限）
    pub adjustments: BudgetAdjustments,
    /// 重点项目支出（D05 分子）
    pub key_project_spending: Option<Money>,
}

/// Gross in-year budget adjustments (预算调整发生额). 财预〔2013〕53号 counts every 追加、追减
/// and 结构调整 as an adjustment, so a cut and a reallocation are adjustments too; the net
/// difference between adjusted and initial budget understates them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BudgetAdjustments {
    /// 追加预算
    pub added: Option<Money>,
    /// 追减预算
    pub reduced: Option<Money>,
    /// 调剂（结构调整）
    pub reallocated: Option<Money>,
}

impl BudgetAdjustments {
    pub fn is_empty(&self) -> bool {
        self.added.is_none() && self.reduced.is_none() && self.reallocated.is_none()
    }
}

/// One column of the budget: total = 基本支出 + 项目支出; 基本支出 = 人员经费 + 日常公用经费.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BudgetFigures {
    /// 合计
    pub total: Option<Money>,
    /// 基本支出
    pub basic: Option<Money>,
    /// 人员经费
    pub personnel: Option<Money>,
    /// 日常公用经费（公用经费）
    pub public_funds: Option<Money>,
    /// 项目支出
    pub project: Option<Money>,
    /// 项目支出中：基本建设类项目
    pub capital_construction: Option<Money>,
    /// 是否全部为财政拨款
    pub all_fiscal: Option<bool>,
    /// 按资金来源（财政拨款、政府性基金、其他资金……）
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<FundingSource>,
}

/// 资金来源及金额
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FundingSource {
    /// 来源名称，如"一般公共预算"
    pub name: String,
    pub amount: Option<Money>,
}

/// 三公经费
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Sangong {
    /// 年初预算
    pub initial_budget: SangongFigures,
    /// 调整预算
    pub adjusted_budget: SangongFigures,
    /// 实际支出（决算）
    pub actual: SangongFigures,
    /// 本年购置公务用车数量（台）
    pub vehicles_purchased: Option<u32>,
    /// 与上年相比的变动额（报告直接写明"与上年同期对比减少 0.21 万元"时）
    pub actual_change_vs_prior: SangongFigures,
}

/// 三公经费的构成：合计 = 因公出国（境） + 公务接待 + 公务用车购置及运行维护.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SangongFigures {
    /// 合计
    pub total: Option<Money>,
    /// 因公出国（境）费
    pub overseas: Option<Money>,
    /// 公务接待费
    pub reception: Option<Money>,
    /// 公务用车购置及运行维护费
    pub vehicle: Option<Money>,
    /// 其中：公务用车购置费
    pub vehicle_purchase: Option<Money>,
    /// 其中：公务用车运行维护费
    pub vehicle_operation: Option<Money>,
}

/// 财政拨款结转结余
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Carryover {
    /// 年初结转和结余
    pub opening: Option<Money>,
    /// 年末结转和结余
    pub closing: Option<Money>,
}

/// 政府采购
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Procurement {
    /// 政府采购年初预算
    pub initial_budget: Option<Money>,
    /// 采购计划
    pub plan: ProcurementFigures,
    /// 实际采购
    pub actual: ProcurementFigures,
}

/// 采购金额：合计 = 货物 + 工程 + 服务.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProcurementFigures {
    pub total: Option<Money>,
    /// 货物
    pub goods: Option<Money>,
    /// 工程
    pub works: Option<Money>,
    /// 服务
    pub services: Option<Money>,
}

/// One point of cumulative spending progress (累计支出进度) against 序时进度.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProgressPoint {
    /// 期间："Q1"…"Q4"（季度）、"M01"…"M12"（月份）
    pub period: String,
    /// 累计支出进度（%）
    pub spent_pct: Option<Percent>,
    /// 累计支出金额（万元），可与全年预算一起推算支出进度
    pub spent: Option<Money>,
    /// 序时进度（%）；缺省时按期间推算（季度 25/50/75/100，月份 m/12）
    pub time_pct: Option<Percent>,
}

/// 人员编制
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Staffing {
    /// 编制数
    pub authorized: Option<u32>,
    /// 在职人数
    pub actual: Option<u32>,
}

/// 项目（二级项目）
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Projects {
    /// 计划（全年执行）项目数
    pub planned_count: Option<u32>,
    /// 完成项目数
    pub completed_count: Option<u32>,
    /// 按时完成项目数
    pub on_time_count: Option<u32>,
    /// 质量达标项目数
    pub quality_count: Option<u32>,
    /// 是否所有项目均设置绩效目标
    pub all_have_targets: Option<bool>,
    /// 各项目明细
    #[serde(rename = "project", skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Project>,
}

/// 一个项目及其绩效目标
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Project {
    pub name: String,
    pub code: Option<String>,
    /// 是否重点项目
    pub key: Option<bool>,
    /// 是否基本建设类
    pub capital_construction: Option<bool>,
    /// 年初预算数
    pub budget_initial: Option<Money>,
    /// 全年预算数（A）
    pub budget_annual: Option<Money>,
    /// 全年执行数（B）
    pub spent: Option<Money>,
    /// 状态
    pub status: Option<ProjectStatus>,
    /// 是否按时完成
    pub on_time: Option<bool>,
    /// 质量是否达标
    pub quality_ok: Option<bool>,
    /// 年度总体目标（预期）
    pub goal: Option<String>,
    /// 年度总体目标实际完成情况
    pub goal_result: Option<String>,
    /// 绩效指标
    #[serde(rename = "target", skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<PerformanceTarget>,
    /// 绩效运行监控：截至某日的项目资金执行
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::monitoring::empty_as_none"
    )]
    pub monitoring: Option<crate::monitoring::Monitoring>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProjectStatus {
    /// 未开工
    #[serde(rename = "未开工")]
    NotStarted,
    /// 实施中
    #[serde(rename = "实施中")]
    InProgress,
    /// 已完成
    #[serde(rename = "已完成")]
    Completed,
    /// 已终止
    #[serde(rename = "已终止")]
    Cancelled,
}

/// 绩效指标一级分类
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum TargetLevel1 {
    #[serde(rename = "产出指标")]
    Output,
    #[serde(rename = "效益指标")]
    Benefit,
    #[serde(rename = "满意度指标")]
    Satisfaction,
    /// 财预〔2021〕101号 单列的成本指标
    #[serde(rename = "成本指标")]
    Cost,
}

impl TargetLevel1 {
    pub fn label(self) -> &'static str {
        match self {
            TargetLevel1::Output => "产出指标",
            TargetLevel1::Benefit => "效益指标",
            TargetLevel1::Satisfaction => "满意度指标",
            TargetLevel1::Cost => "成本指标",
        }
    }
}

/// 指标值的比较方式
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TargetOperator {
    #[serde(rename = "≥", alias = ">=")]
    AtLeast,
    #[serde(rename = "≤", alias = "<=")]
    AtMost,
    #[serde(rename = "=", alias = "==")]
    Equal,
    #[serde(rename = ">")]
    Above,
    #[serde(rename = "<")]
    Below,
    /// 区间 [value, value_high]
    #[serde(rename = "区间", alias = "range")]
    Range,
    /// 定性（达成/部分达成/未达成 或 优/良/中/差）
    #[serde(rename = "定性", alias = "qualitative")]
    Qualitative,
}

impl TargetOperator {
    pub fn symbol(self) -> &'static str {
        match self {
            TargetOperator::AtLeast => "≥",
            TargetOperator::AtMost => "≤",
            TargetOperator::Equal => "=",
            TargetOperator::Above => ">",
            TargetOperator::Below => "<",
            TargetOperator::Range => "区间",
            TargetOperator::Qualitative => "定性",
        }
    }
}

/// 一条绩效指标（一级、二级、三级、指标值、实际值、权重、偏差说明）
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerformanceTarget {
    /// 一级指标
    pub level1: TargetLevel1,
    /// 二级指标：数量、质量、时效、成本、经济效益、社会效益、生态效益、可持续影响、服务对象满意度……
    pub level2: String,
    /// 三级指标名称
    pub name: String,
    pub operator: TargetOperator,
    /// 指标值（区间时为下限）
    #[serde(default)]
    pub value: Option<Num>,
    /// 区间上限
    #[serde(default)]
    pub value_high: Option<Num>,
    /// 定性目标的文字（如"达成"）
    #[serde(default)]
    pub value_text: Option<String>,
    /// 计量单位
    #[serde(default)]
    pub unit: Option<String>,
    /// 实际完成值
    #[serde(default)]
    pub actual: Option<Num>,
    /// 定性指标的实际等级（达成/部分达成/未达成、优/良/中/差）
    #[serde(default)]
    pub actual_text: Option<String>,
    /// 分值（权重）
    #[serde(default)]
    pub weight: Option<Num>,
    /// 评价人在定性等级分值区间内给出的得分（定性指标）
    #[serde(default)]
    pub score: Option<Num>,
    /// 偏差原因分析及改进措施
    #[serde(default)]
    pub deviation: Option<String>,
    /// 绩效运行监控：当前完成值、全年预计完成值、完成可能性、偏差原因、纠偏措施
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::monitoring::empty_as_none"
    )]
    pub monitoring: Option<crate::monitoring::TargetMonitoring>,
}

/// 重点工作
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KeyTasks {
    /// 交办（牵头）重点工作数
    pub assigned_count: Option<u32>,
    /// 完成数
    pub completed_count: Option<u32>,
    /// 按期完成数
    pub on_time_count: Option<u32>,
    #[serde(rename = "task", skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<KeyTask>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KeyTask {
    pub description: String,
    /// 本年目标
    pub target: Option<String>,
    pub completed: Option<bool>,
    pub on_time: Option<bool>,
}

/// 主要履职目标中的量化目标，如"推出不少于 30 项'一件事'事项"
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DutyTarget {
    pub name: String,
    pub operator: TargetOperator,
    #[serde(default)]
    pub value: Option<Num>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub actual: Option<Num>,
    /// 来源（报告中的位置或文字）
    #[serde(default)]
    pub note: Option<String>,
}

/// 资产
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Assets {
    /// 新购固定资产账面价值
    pub fixed_purchased: Option<Money>,
    /// 调拨（划入）固定资产账面价值
    pub fixed_transferred_in: Option<Money>,
    /// 新购无形资产账面价值
    pub intangible_purchased: Option<Money>,
    /// 调拨无形资产账面价值
    pub intangible_transferred_in: Option<Money>,
    /// 报废处置资产账面价值
    pub disposed_book_value: Option<Money>,
    /// 处置残值
    pub disposal_residual: Option<Money>,
    /// 处置残值是否已上缴财政
    pub disposal_residual_remitted: Option<bool>,
    /// 从其他单位调入资产账面价值
    pub received_from_other_units: Option<Money>,
    /// 年末固定资产账面原值
    pub fixed_original_value: Option<Money>,
    /// 年末在用固定资产原值
    pub fixed_in_use_value: Option<Money>,
    /// 出租出借资产价值
    pub rented_out_value: Option<Money>,
    /// 是否开展资产清查盘点
    pub stocktake_done: Option<bool>,
    /// 是否账实相符
    pub books_match_physical: Option<bool>,
}

/// 管理制度
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Institutions {
    /// 制度覆盖的业务领域（预算、收支、资产、采购、建设项目、合同……）
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<String>,
    #[serde(rename = "rule", skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<InstitutionRule>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct InstitutionRule {
    pub name: String,
    pub domain: Option<String>,
}

/// 预决算公开
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Disclosure {
    /// 部门预算是否公开
    pub budget_published: Option<bool>,
    /// 预算公开位置
    pub budget_where: Option<String>,
    /// 部门决算是否公开
    pub final_published: Option<bool>,
    pub final_where: Option<String>,
    /// 是否在规定时间内公开
    pub on_time: Option<bool>,
    pub note: Option<String>,
}

/// 信访
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Petitions {
    /// 收到件数
    pub received: Option<u32>,
    /// 已回复件数
    pub answered: Option<u32>,
    /// 按期回复件数
    pub answered_on_time: Option<u32>,
    /// 超期件数
    pub overdue: Option<u32>,
    /// 报告仅作定性陈述"已全部按期回复"时填 true
    pub all_answered_on_time: Option<bool>,
}

/// 满意度调查
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Survey {
    pub name: String,
    /// 有效样本数
    pub respondents: Option<u32>,
    /// 满意样本数
    pub satisfied: Option<u32>,
    /// 报告的满意率（%）
    pub rate: Option<Percent>,
    /// 调查方式或实施机构
    pub method: Option<String>,
}

/// 文字说明（报告中的叙述性段落）
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Narrative {
    /// 年度总体工作
    pub annual_work: Option<String>,
    /// 重点工作任务
    pub key_tasks: Option<String>,
    /// 预算编制情况
    pub budget_preparation: Option<String>,
    /// 绩效目标设置情况
    pub target_setting: Option<String>,
    /// 财务合规性
    pub compliance: Option<String>,
    /// 项目管理
    pub project_management: Option<String>,
    /// 主要履职情况
    pub performance: Option<String>,
    /// 经济效益
    pub economic_benefit: Option<String>,
    /// 社会效益
    pub social_benefit: Option<String>,
    /// 生态效益
    pub ecological_benefit: Option<String>,
    /// 经验做法
    pub practices: Option<String>,
    /// 存在问题
    pub problems: Option<String>,
    /// 整改（改进）措施
    pub measures: Option<String>,
    /// 后续工作计划
    pub plans: Option<String>,
    /// 相关建议
    pub suggestions: Option<String>,
}

/// 上年数
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PriorYear {
    /// 上年三公经费预算
    pub sangong_budget: SangongFigures,
    /// 上年三公经费实际支出
    pub sangong_actual: SangongFigures,
    /// 上年决算
    #[serde(rename = "final")]
    pub final_accounts: BudgetFigures,
    /// 上年末结转结余（缺省时取本年年初数）
    pub carryover_closing: Option<Money>,
}

/// An evaluator's judgement of a qualitative indicator (定性指标评价).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Assessment {
    /// 指标编号，如 "D14"
    pub indicator: String,
    /// 等级：达成/部分达成/未达成，或 优/良/中/差
    pub tier: Option<String>,
    /// 评分要点逐项判断
    #[serde(rename = "item", skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ChecklistAnswer>,
    /// 专家打分（manual 规则）
    pub score: Option<Num>,
    /// 违规次数（count_deduct 规则）
    pub violations: Option<u32>,
    /// 判断理由（必填）
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ChecklistAnswer {
    /// 评分要点
    pub item: String,
    pub satisfied: bool,
    pub note: Option<String>,
}

/// A rate or figure as the source report states it, kept so the engine can compare it with
/// what the figures give (报告所列比率).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatedFigure {
    /// 指标编号（如 "D12"、"Q1"）
    pub indicator: String,
    /// 写明的数值，保留原有精度（"92.7" 与 "92.71" 不同）
    pub value: Num,
    /// 出处（章节或原文）
    #[serde(default)]
    pub location: Option<String>,
}
