//! The indicator catalogue (指标库) of domain.md §4, as data.
//!
//! Ids are stable and used in frameworks, output and tests:
//! - `D01`–`D28`: the 财预〔2013〕53号 department-overall indicators;
//! - `L01`–`L05`: frequent local additions (公务接待费变动率, 公务用车购置及运行维护费变动率,
//!   信访按期回复率, 三公经费管理, 专项资金下达进度);
//! - `Q1`–`Q4`, `M01`–`M12`: 季度/月度执行率 (累计支出进度 ÷ 序时进度).

use serde::Serialize;

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// `+` higher is better
    Higher,
    /// `+ (→100)` best at 100%
    Towards100,
    /// `−` lower is better
    Lower,
    /// `≤100` best at or under 100%
    AtMost100,
    /// `Q` evaluator judgement against a checklist
    Qualitative,
}

/// How the indicator gets its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Computed from the department-year.
    Computed,
    /// Taken from an evaluator's assessment (`[[assessments]]`).
    Qualitative,
}

/// One catalogue entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IndicatorDef {
    pub id: &'static str,
    /// Chinese name.
    pub name: &'static str,
    /// 一级指标 (投入/过程/产出/效果).
    pub level1: &'static str,
    /// 二级指标.
    pub level2: &'static str,
    pub direction: Direction,
    pub kind: Kind,
    /// Unit of the value: "%" for rates, "" for qualitative.
    pub unit: &'static str,
    /// Formula or definition in Chinese.
    pub formula: &'static str,
}

macro_rules! def {
    ($id:literal, $l1:literal, $l2:literal, $name:literal, $dir:ident, $kind:ident, $unit:literal, $formula:literal) => {
        IndicatorDef {
            id: $id,
            name: $name,
            level1: $l1,
            level2: $l2,
            direction: Direction::$dir,
            kind: Kind::$kind,
            unit: $unit,
            formula: $formula,
        }
    };
}

static CATALOGUE: &[IndicatorDef] = &[
    def!("D01", "投入", "目标设定", "绩效目标合理性", Qualitative, Qualitative, "", "是否符合国家法律法规、国民经济和社会发展总体规划；是否符合部门“三定”方案确定的职责；是否符合部门制定的中长期实施规划"),
    def!("D02", "投入", "目标设定", "绩效指标明确性", Qualitative, Qualitative, "", "是否将部门整体的绩效目标细化分解为具体的工作任务；是否通过清晰、可衡量的指标值予以体现；是否与部门年度的任务数或计划数相对应；是否与本年度部门预算资金相匹配"),
    def!("D03", "投入", "预算配置", "在职人员控制率", AtMost100, Computed, "%", "在职人员控制率 = 在职人数 ÷ 编制数 × 100%"),
    def!("D04", "投入", "预算配置", "三公经费变动率", Lower, Computed, "%", "三公经费变动率 = (本年度三公经费总额 − 上年度三公经费总额) ÷ 上年度三公经费总额 × 100%"),
    def!("D05", "投入", "预算配置", "重点支出安排率", Higher, Computed, "%", "重点支出安排率 = 本年度预算安排的重点项目支出 ÷ 项目总支出 × 100%（分母默认取年初预算，参数 key_spending_basis）"),
    def!("D06", "过程", "预算执行", "预算执行率", Towards100, Computed, "%", "预算执行率 = 决算支出 ÷ 调整后预算 × 100%（或年初预算，参数 execution_rate_basis）"),
    def!("D07", "过程", "预算执行", "预算调整率", Lower, Computed, "%", "预算调整率 = 预算调整数 ÷ 年初预算数 × 100%（预算调整数 = 追加 + 追减 + 调剂 − 可剔除的政策性调整；未填调整发生额时取 |调整后预算 − 年初预算|，为下限；不为负）"),
    def!("D08", "过程", "预算执行", "支付进度率", Higher, Computed, "%", "支付进度率 = 实际支付进度 ÷ 既定（序时）支付进度 × 100%"),
    def!("D09", "过程", "预算执行", "结转结余率", Lower, Computed, "%", "结转结余率 = 年末结转结余总额 ÷ 支出预算（调整后预算；或支出决算，参数 carryover_rate_basis） × 100%"),
    def!("D10", "过程", "预算执行", "结转结余变动率", Lower, Computed, "%", "结转结余变动率 = (本年度累计结转结余 − 上年度累计结转结余) ÷ 上年度累计结转结余 × 100%"),
    def!("D11", "过程", "预算执行", "公用经费控制率", AtMost100, Computed, "%", "公用经费控制率 = 实际支出公用经费总额 ÷ 预算安排公用经费总额 × 100%（默认年初预算；或调整预算，参数 public_funds_control_basis）"),
    def!("D12", "过程", "预算执行", "三公经费控制率", AtMost100, Computed, "%", "三公经费控制率 = 三公经费实际支出数 ÷ 三公经费预算安排数 × 100%（默认年初预算；或调整预算，参数 sangong_control_basis）"),
    def!("D13", "过程", "预算执行", "政府采购执行率", Towards100, Computed, "%", "政府采购执行率 = 实际政府采购金额 ÷ 政府采购计划金额 × 100%"),
    def!("D14", "过程", "预算管理", "管理制度健全性", Qualitative, Qualitative, "", "是否已制定或具有预算资金管理办法、内部财务管理制度、会计核算制度等管理制度；相关管理制度是否合法、合规、完整；是否得到有效执行"),
    def!("D15", "过程", "预算管理", "资金使用合规性", Qualitative, Qualitative, "", "是否符合国家财经法规和财务管理制度；资金的拨付是否有完整的审批程序和手续；重大开支是否经过评估论证；是否符合部门预算批复的用途；是否存在截留、挤占、挪用、虚列支出等情况"),
    def!("D16", "过程", "预算管理", "预决算信息公开性", Qualitative, Qualitative, "", "是否按规定内容公开预决算信息；是否按规定时限公开预决算信息"),
    def!("D17", "过程", "预算管理", "基础信息完善性", Qualitative, Qualitative, "", "基础数据信息和会计信息资料是否真实、完整、准确"),
    def!("D18", "过程", "资产管理", "管理制度健全性（资产）", Qualitative, Qualitative, "", "是否已制定或具有资产管理制度；相关资金管理制度是否合法、合规、完整；是否得到有效执行"),
    def!("D19", "过程", "资产管理", "资产管理安全性", Qualitative, Qualitative, "", "资产保存是否完整；资产配置是否合理；资产处置是否规范；资产账务管理是否合规，是否账实相符；资产是否有偿使用及处置收入及时足额上缴"),
    def!("D20", "过程", "资产管理", "固定资产利用率", Higher, Computed, "%", "固定资产利用率 = 实际在用固定资产总额 ÷ 所有固定资产总额 × 100%"),
    def!("D21", "产出", "职责履行", "实际完成率", Higher, Computed, "%", "实际完成率 = 实际完成工作数 ÷ 计划工作数 × 100%"),
    def!("D22", "产出", "职责履行", "完成及时率", Higher, Computed, "%", "完成及时率 = 及时完成实际工作数 ÷ 计划工作数 × 100%（或实际完成工作数，参数 completion_basis）"),
    def!("D23", "产出", "职责履行", "质量达标率", Higher, Computed, "%", "质量达标率 = 质量达标实际工作数 ÷ 计划工作数 × 100%（或实际完成工作数，参数 completion_basis）"),
    def!("D24", "产出", "职责履行", "重点工作办结率", Higher, Computed, "%", "重点工作办结率 = 重点工作实际完成数 ÷ 交办或下达数 × 100%"),
    def!("D25", "效果", "履职效益", "经济效益", Qualitative, Qualitative, "", "部门履行职责对经济发展所带来的直接或间接影响"),
    def!("D26", "效果", "履职效益", "社会效益", Qualitative, Qualitative, "", "部门履行职责对社会发展所带来的直接或间接影响"),
    def!("D27", "效果", "履职效益", "生态效益", Qualitative, Qualitative, "", "部门履行职责对生态环境所带来的直接或间接影响"),
    def!("D28", "效果", "履职效益", "社会公众或服务对象满意度", Higher, Computed, "%", "满意度 = 满意（含基本满意）样本数 ÷ 有效样本数 × 100%；只有调查报告给出的满意率时取该满意率"),
    def!("L01", "过程", "预算执行", "公务接待费变动率", Lower, Computed, "%", "公务接待费变动率 = (本年度公务接待费 − 上年度公务接待费) ÷ 上年度公务接待费 × 100%"),
    def!("L02", "过程", "预算执行", "公务用车购置及运行维护费变动率", Lower, Computed, "%", "公务用车购置及运行维护费变动率 = (本年度 − 上年度) ÷ 上年度 × 100%"),
    def!("L03", "效果", "公平性", "信访按期回复率", Higher, Computed, "%", "信访按期回复率 = 按期回复件数 ÷ 收到件数 × 100%"),
    def!("L04", "过程", "预算管理", "三公经费管理", Qualitative, Qualitative, "", "三公经费是否按规定编报预算、公开并严格控制；是否存在超标准、超范围支出"),
    def!("L05", "过程", "预算执行", "专项资金下达进度", Qualitative, Qualitative, "", "专项资金是否按进度下达（如春节前下达全部专项资金的 50%，6 月底前全部下达）；评价人记录未按进度下达的专项个数（violations）"),
    def!("Q1", "过程", "预算执行", "第一季度执行率", Higher, Computed, "%", "季度执行率 = 累计支出进度 ÷ 序时进度 × 100%"),
    def!("Q2", "过程", "预算执行", "第二季度执行率", Higher, Computed, "%", "季度执行率 = 累计支出进度 ÷ 序时进度 × 100%"),
    def!("Q3", "过程", "预算执行", "第三季度执行率", Higher, Computed, "%", "季度执行率 = 累计支出进度 ÷ 序时进度 × 100%"),
    def!("Q4", "过程", "预算执行", "第四季度执行率", Higher, Computed, "%", "季度执行率 = 累计支出进度 ÷ 序时进度 × 100%"),
    def!("M01", "过程", "预算执行", "1月执行率", Higher, Computed, "%", "月度执行率 = 累计支出进度 ÷ 序时进度（m/12） × 100%"),
    def!("M02", "过程", "预算执行", "2月执行率", Higher, Computed, "%", "月度执行率 = 累计支出进度 ÷ 序时进度（m/12） × 100%"),
    def!("M03", "过程", "预算执行", "3月执行率", Higher, Computed, "%", "月度执行率 = 累计支出进度 ÷ 序时进度（m/12） × 100%"),
    def!("M04", "过程", "预算执行", "4月执行率", Higher, Computed, "%", "月度执行率 = 累计支出进度 ÷ 序时进度（m/12） × 100%"),
    def!("M05", "过程", "预算执行", "5月执行率", Higher, Computed, "%", "月度执行率 = 累计支出进度 ÷ 序时进度（m/12） × 100%"),
    def!("M06", "过程", "预算执行", "6月执行率", Higher, Computed, "%", "月度执行率 = 累计支出进度 ÷ 序时进度（m/12） × 100%"),
    def!("M07", "过程", "预算执行", "7月执行率", Higher, Computed, "%", "月度执行率 = 累计支出进度 ÷ 序时进度（m/12） × 100%"),
    def!("M08", "过程", "预算执行", "8月执行率", Higher, Computed, "%", "月度执行率 = 累计支出进度 ÷ 序时进度（m/12） × 100%"),
    def!("M09", "过程", "预算执行", "9月执行率", Higher, Computed, "%", "月度执行率 = 累计支出进度 ÷ 序时进度（m/12） × 100%"),
    def!("M10", "过程", "预算执行", "10月执行率", Higher, Computed, "%", "月度执行率 = 累计支出进度 ÷ 序时进度（m/12） × 100%"),
    def!("M11", "过程", "预算执行", "11月执行率", Higher, Computed, "%", "月度执行率 = 累计支出进度 ÷ 序时进度（m/12） × 100%"),
    def!("M12", "过程", "预算执行", "12月执行率", Higher, Computed, "%", "月度执行率 = 累计支出进度 ÷ 序时进度（m/12） × 100%"),
];

/// Every catalogue entry, in id order within each family.
pub fn catalogue() -> &'static [IndicatorDef] {
    CATALOGUE
}

/// Look up one entry by id (ASCII, case-sensitive) or by its exact Chinese name.
pub fn find(id_or_name: &str) -> Option<&'static IndicatorDef> {
    CATALOGUE
        .iter()
        .find(|d| d.id == id_or_name || d.name == id_or_name)
}
