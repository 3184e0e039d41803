//! Sentences that state figures, in the register of published evaluation reports
//! ("2021年财政拨款支出决算数为40,161.25万元，其中：人员经费支出1,136万元，…").
//!
//! Every sentence is generated from the department-year; a missing figure is written as
//! "未提供", never as zero; a total whose parts do not add up keeps both figures and says so
//! in a "（注：…）" so the inconsistency is visible (it is also listed among the input
//! warnings).

use jixiao_indicators::IndicatorValue;
use jixiao_model::{DepartmentYear, Money, Period, ProgressPoint, TargetOperator};
use rust_decimal::Decimal;

use crate::fmt::{money, percent, rate, ratio_pct, MISSING};

/// "1,148万元" or "未提供".
pub fn wan(v: Option<Money>) -> String {
    match v {
        Some(m) => format!("{}万元", money(m)),
        None => MISSING.to_string(),
    }
}

/// "人员经费支出1,148万元" or "人员经费支出未提供".
pub fn la(label: &str, v: Option<Money>) -> String {
    format!("{label}{}", wan(v))
}

/// "年初预算为23,260万元" or "年初预算未提供".
pub fn is(label: &str, v: Option<Money>) -> String {
    match v {
        Some(m) => format!("{label}为{}万元", money(m)),
        None => format!("{label}{MISSING}"),
    }
}

/// `a + b`, or `None` on overflow (absurd inputs must not panic).
pub fn add(a: Money, b: Money) -> Option<Money> {
    a.as_wan().checked_add(b.as_wan()).map(Money::wan)
}

/// `a − b`, or `None` on overflow.
pub fn sub(a: Money, b: Money) -> Option<Money> {
    a.as_wan().checked_sub(b.as_wan()).map(Money::wan)
}

/// If the total and every part are known and they disagree: the note that says so.
pub fn mismatch(label: &str, total: Option<Money>, parts: &[Option<Money>]) -> String {
    let Some(total) = total else {
        return String::new();
    };
    let mut sum = Money::ZERO;
    for p in parts {
        match p {
            Some(v) => match add(sum, *v) {
                Some(x) => sum = x,
                None => return String::new(),
            },
            None => return String::new(),
        }
    }
    if sum == total {
        return String::new();
    }
    let diff = if sum > total {
        sum - total
    } else {
        total - sum
    };
    format!(
        "（注：以上分项合计{}万元，与{label}{}万元不一致，相差{}万元，请核实输入数据）",
        money(sum),
        money(total),
        money(diff)
    )
}

/// The exact rate `num ÷ den × 100`, when both are known and `den` ≠ 0.
pub fn rate_of(num: Option<Money>, den: Option<Money>) -> Option<Decimal> {
    ratio_pct(num?.as_wan(), den?.as_wan())
}

/// "92.71%" or "无法计算".
pub fn pct(v: Option<Decimal>) -> String {
    match v {
        Some(r) => format!("{}%", rate(r)),
        None => "无法计算（数据未提供）".to_string(),
    }
}

/// How the department refers to itself: 我局, 我委, 我办, 我中心, 我院, or 我单位.
pub fn self_ref(name: Option<&str>) -> String {
    let name = name.unwrap_or("");
    for suffix in ["局", "委", "办", "中心", "院", "厅", "部", "所", "站", "会"] {
        if name.ends_with(suffix) {
            return format!("我{suffix}");
        }
    }
    "我单位".to_string()
}

/// The sentence builders, bound to one department-year and the indicator values its
/// evaluation computed (rates whose basis is a framework parameter are read from there, so
/// the report states the figure that was scored, on the basis that was used).
pub struct Writer<'a> {
    pub d: &'a DepartmentYear,
    pub values: &'a [IndicatorValue],
    /// "2021年" or "本年度".
    pub yr: String,
    /// "我局".
    pub me: String,
}

/// "日常公用经费预算调整数1,699.63万元；年初预算数1,752万元": both budgets of a control rate,
/// the one the rate divides by last, next to the actual figure that follows.
fn both_budgets(
    what: &str,
    initial: Option<Money>,
    adjusted: Option<Money>,
    rate: Option<&BasedRate>,
) -> String {
    let on_initial = rate.is_some_and(|r| r.basis == "年初预算");
    match (initial, adjusted) {
        (Some(i), Some(j)) if on_initial => format!(
            "{what}调整预算数{}万元；年初预算数{}万元",
            money(j),
            money(i)
        ),
        (Some(i), Some(j)) => format!(
            "{what}年初预算数{}万元；调整预算数{}万元",
            money(i),
            money(j)
        ),
        (None, Some(j)) => la(&format!("{what}调整预算数"), Some(j)),
        (Some(i), None) => la(&format!("{what}年初预算数"), Some(i)),
        (None, None) => format!("{what}预算数未提供"),
    }
}

/// A rate the evaluation computed, with the budget it divides by.
pub struct BasedRate {
    /// The exact rate (percent).
    pub exact: Decimal,
    /// "调整预算" or "年初预算" (or the denominator's own name).
    pub basis: String,
}

impl<'a> Writer<'a> {
    /// The rate of catalogue indicator `id` as evaluated, if it was computable.
    pub fn based_rate(&self, id: &str) -> Option<BasedRate> {
        let v = self.values.iter().find(|v| v.id == id)?;
        let exact = v.trace.exact?;
        let den = v.trace.inputs.get(1)?;
        let basis = if den.path.contains("adjusted") {
            "调整预算".to_string()
        } else if den.path.contains("initial") {
            "年初预算".to_string()
        } else {
            den.name.to_string()
        };
        Some(BasedRate { exact, basis })
    }

    pub fn new(d: &'a DepartmentYear, values: &'a [IndicatorValue]) -> Self {
        Writer {
            d,
            values,
            yr: d
                .department
                .year
                .map(|y| format!("{y}年"))
                .unwrap_or_else(|| "本年度".into()),
            me: self_ref(d.department.name.as_deref()),
        }
    }

    pub fn budget_initial(&self) -> String {
        let b = &self.d.budget.initial;
        let mut s = format!("{}{}{}", self.me, self.yr, is("年初预算", b.total));
        if b.all_fiscal == Some(true) {
            s.push_str("，均为财政拨款支出");
        }
        s.push_str(&format!(
            "，包括：{}（{}，{}）{}，{}{}。",
            la("基本支出预算", b.basic),
            la("人员经费支出", b.personnel),
            la("日常公用经费支出", b.public_funds),
            mismatch("基本支出预算", b.basic, &[b.personnel, b.public_funds]),
            la("项目支出预算", b.project),
            mismatch("年初预算", b.total, &[b.basic, b.project]),
        ));
        s
    }

    pub fn sangong_initial(&self) -> String {
        let s = &self.d.sangong.initial_budget;
        let mut out = String::new();
        if s.total.is_some() || s.overseas.is_some() || s.reception.is_some() {
            out.push_str(&format!(
                "其中，{}“三公”经费{}，包括：{}，{}，{}{}",
                self.yr,
                is("年初预算", s.total),
                la("因公出国（境）费用预算", s.overseas),
                la("公务接待费预算", s.reception),
                la("公务用车购置与运行维护费预算", vehicle(s)),
                mismatch(
                    "“三公”经费年初预算",
                    s.total,
                    &[s.overseas, s.reception, vehicle(s)]
                ),
            ));
        } else {
            out.push_str("“三公”经费年初预算未提供");
        }
        match self.d.procurement.initial_budget {
            Some(p) => out.push_str(&format!("；政府采购年初预算{}万元。", money(p))),
            None => out.push('。'),
        }
        out
    }

    pub fn budget_adjusted(&self) -> String {
        let a = &self.d.budget.adjusted;
        let mut s = format!(
            "{}调整预算数{}，其中：{}，{}{}。",
            self.yr,
            wan(a.total).replace(MISSING, "未提供"),
            la("基本支出调整预算数", a.basic),
            la("项目支出调整预算数", a.project),
            mismatch("调整预算数", a.total, &[a.basic, a.project]),
        );
        if a.total.is_none() {
            s = format!("{}调整预算数未提供。", self.yr);
        }
        if let Some(c) = a.capital_construction {
            s.push_str(&format!(
                "项目支出中基本建设类项目调整预算数{}万元。",
                money(c)
            ));
        }
        if let Some(diff) = a
            .total
            .zip(self.d.budget.initial.total)
            .and_then(|(t, i)| sub(t, i))
        {
            if diff.as_wan() > Decimal::ZERO {
                s.push_str(&format!("调整预算数较年初预算数增加{}万元。", money(diff)));
            } else if diff.as_wan() < Decimal::ZERO {
                s.push_str(&format!(
                    "调整预算数较年初预算数减少{}万元。",
                    money(Money::wan(-diff.as_wan()))
                ));
            }
        }
        s
    }

    pub fn spending(&self) -> String {
        let f = &self.d.budget.final_accounts;
        let a = &self.d.budget.adjusted;
        let mut s = match f.total {
            Some(t) => format!(
                "{}财政拨款支出决算数为{}万元，其中：{}，{}，{}",
                self.yr,
                money(t),
                la("人员经费支出", f.personnel),
                la("公用经费支出", f.public_funds),
                la("项目支出", f.project),
            ),
            None => format!("{}财政拨款支出决算数未提供", self.yr),
        };
        if f.total.is_some() {
            if let Some(c) = f.capital_construction {
                s.push_str(&format!("（其中基本建设类项目{}万元）", money(c)));
            }
            s.push_str(&mismatch(
                "财政拨款支出决算数",
                f.total,
                &[f.personnel, f.public_funds, f.project],
            ));
        }
        s.push('。');
        if let (Some(t), Some(adj)) = (f.total, a.total) {
            s.push_str(&format!(
                "决算数{}万元占调整预算数{}万元的{}。",
                money(t),
                money(adj),
                pct(rate_of(Some(t), Some(adj)))
            ));
        }
        s
    }

    pub fn carryover(&self) -> String {
        let c = &self.d.carryover;
        format!(
            "{}初{}财政拨款结转和结余{}，{}年末财政拨款结转和结余数{}。",
            self.yr,
            self.me,
            is("收入决算数", c.opening),
            self.yr,
            match c.closing {
                Some(m) => format!("为{}万元", money(m)),
                None => MISSING.into(),
            }
        )
    }

    pub fn procurement(&self) -> String {
        let p = &self.d.procurement;
        let mut s = format!(
            "{}度{}政府采购计划金额{}，实际采购金额{}",
            self.yr,
            self.me,
            p.plan
                .total
                .map(|m| format!("为{}万元", money(m)))
                .unwrap_or_else(|| MISSING.into()),
            p.actual
                .total
                .map(|m| format!("为{}万元", money(m)))
                .unwrap_or_else(|| MISSING.into()),
        );
        let r = rate_of(p.actual.total, p.plan.total);
        if r.is_some() {
            s.push_str(&format!("，政府采购执行率为{}", pct(r)));
        }
        s.push('。');
        let a = &p.actual;
        if a.total.is_some() && (a.goods.is_some() || a.works.is_some() || a.services.is_some()) {
            s.push_str(&format!(
                "实际采购金额{}万元，其中：{}，{}，{}{}。",
                money(a.total.unwrap_or_default()),
                la("政府采购货物支出", a.goods),
                la("政府采购工程支出", a.works),
                la("政府采购服务支出", a.services),
                mismatch("实际采购金额", a.total, &[a.goods, a.works, a.services]),
            ));
        }
        s
    }

    pub fn public_funds(&self) -> String {
        let b = &self.d.budget;
        let f = b.final_accounts.public_funds;
        let rate = self.based_rate("D11");
        let budgets = both_budgets(
            "日常公用经费",
            b.initial.public_funds,
            b.adjusted.public_funds,
            rate.as_ref(),
        );
        let mut s = format!("{}{}，{}", self.yr, budgets, la("实际支出", f));
        if let Some(r) = rate {
            s.push_str(&format!(
                "，日常公用经费控制率为{}（以{}为基数）",
                pct(Some(r.exact)),
                r.basis
            ));
        }
        s.push('。');
        s
    }

    /// The 三公 summary sentence: the budgets, the actual total and its parts, and the
    /// control rate as evaluated, naming the budget it divides by.
    pub fn sangong(&self) -> String {
        let sg = &self.d.sangong;
        let a = &sg.actual;
        let rate = self.based_rate("D12");
        let budgets = both_budgets(
            "“三公”经费",
            sg.initial_budget.total,
            sg.adjusted_budget.total,
            rate.as_ref(),
        );
        // One statement of the actual total, with its parts in brackets, so the total is
        // stated once (a reader or the report checker sees one figure, not two).
        let mut s = format!("{}{}，{}", self.yr, budgets, la("实际支出", a.total));
        if a.total.is_some() {
            let (parts, text) = self.sangong_parts();
            s.push_str(&format!(
                "（其中：{}）{}",
                text,
                mismatch("“三公”经费实际支出", a.total, &parts)
            ));
        }
        if let Some(r) = rate {
            s.push_str(&format!(
                "，“三公”经费控制率为{}（以{}为基数）",
                pct(Some(r.exact)),
                r.basis
            ));
        }
        s.push('。');
        s
    }

    fn sangong_parts(&self) -> (Vec<Option<Money>>, String) {
        let a = &self.d.sangong.actual;
        let mut parts = vec![a.overseas, a.reception];
        let mut text = vec![
            la("因公出国（境）费", a.overseas),
            la("公务接待费", a.reception),
        ];
        if a.vehicle.is_some() || (a.vehicle_purchase.is_none() && a.vehicle_operation.is_none()) {
            parts.push(a.vehicle);
            let mut t = la("公务用车购置及运行维护费", a.vehicle);
            if a.vehicle.is_some()
                && (a.vehicle_purchase.is_some() || a.vehicle_operation.is_some())
            {
                t.push_str(&format!(
                    "（{}，{}）{}",
                    la("购置费", a.vehicle_purchase),
                    la("运行维护费", a.vehicle_operation),
                    mismatch(
                        "公务用车购置及运行维护费",
                        a.vehicle,
                        &[a.vehicle_purchase, a.vehicle_operation]
                    )
                ));
            }
            text.push(t);
        } else {
            parts.push(a.vehicle_purchase);
            parts.push(a.vehicle_operation);
            text.push(la("公务用车购置费", a.vehicle_purchase));
            text.push(la("公务用车运行维护费", a.vehicle_operation));
        }
        (parts, text.join("，"))
    }

    /// ①②③ paragraphs on each 三公 component.
    pub fn sangong_items(&self) -> Vec<String> {
        let sg = &self.d.sangong;
        let a = &sg.actual;
        let b = if sg.adjusted_budget.overseas.is_some() || sg.adjusted_budget.reception.is_some() {
            &sg.adjusted_budget
        } else {
            &sg.initial_budget
        };
        let prior = &self.d.prior_year.sangong_actual;
        let chg = &sg.actual_change_vs_prior;
        let mut out = Vec::new();
        let mut one = format!("①因公出国（境）费用。{}度", self.yr);
        if b.overseas.is_some() {
            one.push_str(&format!("{}，", la("因公出国（境）费预算数", b.overseas)));
        }
        one.push_str(&format!(
            "{}{}。",
            la("实际支出", a.overseas),
            change(prior.overseas, a.overseas, chg.overseas)
        ));
        out.push(one);
        let mut two = "②公务接待费。".to_string();
        if b.reception.is_some() {
            two.push_str(&format!("{}，", la("公务接待费预算数", b.reception)));
        }
        if a.reception.map(|m| m.as_wan().is_zero()) == Some(true) {
            two.push_str("本年度无公务接待费支出。");
        } else {
            two.push_str(&format!(
                "{}{}。",
                la("实际支出", a.reception),
                change(prior.reception, a.reception, chg.reception)
            ));
        }
        out.push(two);
        let mut three = "③公务用车购置和运行维护费。".to_string();
        if a.vehicle_purchase.is_some() || a.vehicle_operation.is_some() {
            three.push_str(&la("公务用车购置费", a.vehicle_purchase));
            if let Some(n) = sg.vehicles_purchased {
                three.push_str(&format!("，{}购置{n}台车辆", self.yr));
            }
            three.push_str(&format!(
                "；{}{}。",
                la("公务用车运行费", a.vehicle_operation),
                change(
                    prior.vehicle_operation,
                    a.vehicle_operation,
                    chg.vehicle_operation
                )
            ));
        } else {
            three.push_str(&format!(
                "{}{}。",
                la("公务用车购置及运行维护费", a.vehicle),
                change(prior.vehicle, a.vehicle, chg.vehicle)
            ));
        }
        out.push(three);
        out
    }

    /// One clause per progress point, joined by "；".
    pub fn quarters(&self) -> Vec<String> {
        let adjusted = self.d.budget.adjusted.total;
        let n = self.d.progress.len();
        self.d
            .progress
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let end = if i + 1 == n { "。" } else { "；" };
                let q = progress_values(p, adjusted);
                format!(
                    "{}部门预算资金支出进度{}，当期序时进度{}，{}执行率为{}{end}",
                    q.label,
                    q.spent
                        .map(|v| format!("{}%", rate(v)))
                        .unwrap_or_else(|| MISSING.into()),
                    q.time
                        .map(|v| format!("{}%", rate(v)))
                        .unwrap_or_else(|| MISSING.into()),
                    q.label,
                    pct(q.ratio),
                )
            })
            .collect()
    }

    pub fn key_tasks(&self) -> String {
        let k = &self.d.key_tasks;
        let assigned = k
            .assigned_count
            .or((!k.items.is_empty()).then_some(k.items.len() as u32));
        let completed = k.completed_count.or_else(|| {
            (!k.items.is_empty())
                .then(|| k.items.iter().filter(|t| t.completed == Some(true)).count() as u32)
        });
        match (assigned, completed) {
            (Some(a), Some(c)) => {
                let r = ratio_pct(Decimal::from(c), Decimal::from(a));
                let mut s = format!("{}{}牵头重点工作{a}项，已完成{c}项", self.yr, self.me);
                if let Some(t) = k.on_time_count {
                    s.push_str(&format!("，其中按期完成{t}项"));
                }
                s.push_str(&format!("，重点工作完成率为{}。", pct(r)));
                s
            }
            (Some(a), None) => format!("{}{}牵头重点工作{a}项，完成情况未提供。", self.yr, self.me),
            _ => format!("{}重点工作完成情况未提供。", self.yr),
        }
    }

    pub fn projects(&self) -> String {
        let p = &self.d.projects;
        let b = &self.d.budget;
        let mut s = format!(
            "{}{}{}",
            self.yr,
            self.me,
            la("项目支出年初预算数", b.initial.project)
        );
        if p.all_have_targets == Some(true) {
            s.push_str("，均按财政部门有关要求编制了绩效目标");
        }
        s.push_str(&format!(
            "。项目支出调整预算数{}，决算数{}。",
            wan(b.adjusted.project),
            wan(b.final_accounts.project)
        ));
        match (p.planned_count, p.completed_count) {
            (Some(n), Some(c)) => s.push_str(&format!(
                "全年执行二级项目数{n}个，完成二级项目数{c}个，完成率为{}。",
                pct(ratio_pct(Decimal::from(c), Decimal::from(n)))
            )),
            _ => s.push_str("二级项目计划数与完成数未提供。"),
        }
        if let (Some(c), Some(t)) = (p.completed_count, p.on_time_count) {
            s.push_str(&format!(
                "完成项目{c}个，按时完成项目{t}个，完成及时率为{}。",
                pct(ratio_pct(Decimal::from(t), Decimal::from(c)))
            ));
        }
        s
    }

    pub fn assets_config(&self) -> String {
        let a = &self.d.assets;
        format!(
            "{}增加的{}，{}；{}，{}。",
            self.yr,
            la("新购固定资产账面价值", a.fixed_purchased),
            la("调拨固定资产账面价值", a.fixed_transferred_in),
            la("新购无形资产账面价值", a.intangible_purchased),
            la("调拨无形资产账面价值", a.intangible_transferred_in),
        )
    }

    pub fn assets_use(&self) -> String {
        match self.d.assets.rented_out_value {
            Some(v) if v.as_wan().is_zero() => {
                format!("{}资产以自用为主，{}无出租出借情况。", self.me, self.yr)
            }
            Some(v) => format!("{}出租出借资产价值{}万元。", self.yr, money(v)),
            None => "资产出租出借情况未提供。".to_string(),
        }
    }

    pub fn assets_disposal(&self) -> String {
        let a = &self.d.assets;
        let mut s = format!(
            "{}{}{}，{}",
            self.yr,
            self.me,
            la("报废处置资产账面价值", a.disposed_book_value),
            la("资产处置残值", a.disposal_residual)
        );
        if a.disposal_residual_remitted == Some(true) {
            s.push_str("，已上缴财政");
        }
        if a.received_from_other_units.is_some() {
            s.push_str(&format!(
                "；{}",
                la("从其他单位调入资产账面价值", a.received_from_other_units)
            ));
        }
        s.push('。');
        s
    }

    pub fn assets_safety(&self) -> String {
        let a = &self.d.assets;
        match (a.stocktake_done, a.books_match_physical) {
            (Some(true), Some(true)) => format!(
                "{}{}开展了固定资产清查盘点工作，账实相符。",
                self.yr, self.me
            ),
            (Some(true), Some(false)) => format!(
                "{}{}开展了固定资产清查盘点工作，但存在账实不符的情况。",
                self.yr, self.me
            ),
            (Some(false), _) => format!("{}{}未开展固定资产清查盘点工作。", self.yr, self.me),
            _ => "固定资产清查盘点情况未提供。".to_string(),
        }
    }

    pub fn fixed_utilisation(&self) -> String {
        let a = &self.d.assets;
        let r = rate_of(a.fixed_in_use_value, a.fixed_original_value);
        let mut s = format!(
            "{}末，{}{}，{}",
            self.yr.trim_end_matches('年').to_string() + "年",
            self.me,
            la("固定资产账面原值", a.fixed_original_value),
            la("在用固定资产原值", a.fixed_in_use_value)
        );
        if r.is_some() {
            s.push_str(&format!("，固定资产利用率为{}", pct(r)));
        }
        s.push('。');
        s
    }

    pub fn institutions(&self) -> String {
        let i = &self.d.institutions;
        if i.domains.is_empty() && i.rules.is_empty() {
            return "管理制度建设情况未提供。".to_string();
        }
        let mut s = format!("{}已建立内部控制制度", self.me);
        if !i.domains.is_empty() {
            s.push_str(&format!(
                "，各项管理制度涵盖{}等{}个业务领域",
                i.domains.join("、"),
                i.domains.len()
            ));
        }
        if !i.rules.is_empty() {
            let names: Vec<String> = i.rules.iter().map(|r| quote_title(&r.name)).collect();
            s.push_str(&format!(
                "，具体包括：{}等{}项制度",
                names.join("、"),
                names.len()
            ));
        }
        s.push('。');
        s
    }

    pub fn disclosure(&self) -> String {
        let x = &self.d.disclosure;
        let yn = |v: Option<bool>, what: &str, wh: &Option<String>| match v {
            Some(true) => match wh {
                Some(w) => format!("{what}已在{w}公开"),
                None => format!("{what}已公开"),
            },
            Some(false) => format!("{what}尚未公开"),
            None => match wh {
                Some(w) => format!("{what}公开情况未提供（公开位置：{w}）"),
                None => format!("{what}公开情况未提供"),
            },
        };
        let mut s = format!(
            "{}，{}",
            yn(
                x.budget_published,
                &format!("{}部门预算", self.yr),
                &x.budget_where
            ),
            yn(x.final_published, "部门决算", &x.final_where)
        );
        match x.on_time {
            Some(true) => s.push_str("，均在规定时间内公开"),
            Some(false) => s.push_str("，存在未按规定时间公开的情况"),
            None => {}
        }
        s.push('。');
        s
    }

    pub fn petitions(&self) -> String {
        let p = &self.d.petitions;
        match (p.received, p.answered_on_time.or(p.answered)) {
            (Some(r), Some(a)) => {
                let mut s = format!("{}度{}收到群众信访{r}件，按期回复{a}件", self.yr, self.me);
                if let Some(o) = p.overdue {
                    s.push_str(&format!("，超期{o}件"));
                }
                s.push_str(&format!(
                    "，信访按期回复率为{}。",
                    pct(ratio_pct(Decimal::from(a), Decimal::from(r)))
                ));
                s
            }
            _ if p.all_answered_on_time == Some(true) => format!(
                "{}度群众信访已全部得以回复，且未发生超期反馈的情况。",
                self.yr
            ),
            _ => "群众信访办理情况未提供。".to_string(),
        }
    }

    pub fn satisfaction(&self) -> String {
        if self.d.satisfaction.is_empty() {
            return "公众或服务对象满意度调查情况未提供。".to_string();
        }
        let parts: Vec<String> = self
            .d
            .satisfaction
            .iter()
            .map(|s| {
                let by = s
                    .method
                    .as_deref()
                    .map(|m| format!("（{m}）"))
                    .unwrap_or_default();
                match (s.respondents, s.satisfied) {
                    (Some(n), Some(k)) => format!(
                        "{}{by}有效样本{n}份，满意样本{k}份，满意率为{}",
                        s.name,
                        pct(ratio_pct(Decimal::from(k), Decimal::from(n)))
                    ),
                    _ => match s.rate {
                        Some(r) => format!("{}{by}满意率达{}%", s.name, percent(r)),
                        None => format!("{}{by}满意率未提供", s.name),
                    },
                }
            })
            .collect();
        format!("{}，{}。", self.yr, parts.join("；"))
    }

    /// One sentence per quantified duty target.
    pub fn duty_targets(&self) -> Vec<String> {
        self.d
            .duty_targets
            .iter()
            .map(|t| {
                let unit = t.unit.clone().unwrap_or_default();
                let target = match t.value {
                    Some(v) => format!("目标{}{}{unit}", op_word(t.operator), v.0.normalize()),
                    None => "目标值未提供".into(),
                };
                let actual = match t.actual {
                    Some(v) => format!("实际完成{}{unit}", v.0.normalize()),
                    None => "实际完成值未提供".into(),
                };
                let verdict = match (t.value, t.actual) {
                    (Some(v), Some(a)) => match meets(t.operator, v.0, a.0) {
                        Some(true) => "，已完成目标",
                        Some(false) => "，未完成目标",
                        None => "",
                    },
                    _ => "",
                };
                format!("{}：{target}，{actual}{verdict}。", t.name)
            })
            .collect()
    }
}

fn op_word(op: TargetOperator) -> &'static str {
    match op {
        TargetOperator::AtLeast => "不少于",
        TargetOperator::AtMost => "不多于",
        TargetOperator::Equal => "达到",
        TargetOperator::Above => "多于",
        TargetOperator::Below => "少于",
        TargetOperator::Range => "区间下限",
        TargetOperator::Qualitative => "",
    }
}

fn meets(op: TargetOperator, target: Decimal, actual: Decimal) -> Option<bool> {
    Some(match op {
        TargetOperator::AtLeast => actual >= target,
        TargetOperator::AtMost => actual <= target,
        TargetOperator::Equal => actual == target,
        TargetOperator::Above => actual > target,
        TargetOperator::Below => actual < target,
        _ => return None,
    })
}

/// Put 《》 around a rule name unless it has them already.
fn quote_title(name: &str) -> String {
    if name.starts_with('《') {
        name.to_string()
    } else {
        format!("《{name}》")
    }
}

/// "，与上年同期对比减少0.21万元" from a stated change or from the prior-year figure.
fn change(prior: Option<Money>, now: Option<Money>, stated: Option<Money>) -> String {
    let diff = match (stated, prior, now) {
        (Some(d), _, _) => d,
        (None, Some(p), Some(n)) => match sub(n, p) {
            Some(d) => d,
            None => return String::new(),
        },
        _ => return String::new(),
    };
    let v = diff.as_wan();
    if v > Decimal::ZERO {
        format!("，与上年同期对比增加{}万元", money(diff))
    } else if v < Decimal::ZERO {
        format!(
            "，与上年同期对比减少{}万元",
            money(Money::wan(-diff.as_wan()))
        )
    } else {
        "，与上年同期持平".to_string()
    }
}

fn vehicle(s: &jixiao_model::SangongFigures) -> Option<Money> {
    s.vehicle
        .or(match (s.vehicle_purchase, s.vehicle_operation) {
            (Some(a), Some(b)) => add(a, b),
            _ => None,
        })
}

/// A progress point with derived values.
pub struct ProgressValues {
    /// "第一季度", "3月", or the raw label.
    pub label: String,
    /// Cumulative spending progress, % (stated, or spent ÷ adjusted budget).
    pub spent: Option<Decimal>,
    /// 序时进度, % (stated, or from the period).
    pub time: Option<Decimal>,
    /// spent ÷ time × 100, exact.
    pub ratio: Option<Decimal>,
}

pub fn progress_values(p: &ProgressPoint, adjusted: Option<Money>) -> ProgressValues {
    let period = Period::parse(&p.period).ok();
    let label = period
        .map(|p| p.label_zh())
        .unwrap_or_else(|| p.period.clone());
    let spent = p
        .spent_pct
        .map(|v| v.value())
        .or_else(|| rate_of(p.spent, adjusted).map(jixiao_model::round2));
    let time = p
        .time_pct
        .map(|v| v.value())
        .or_else(|| period.map(|x| jixiao_model::round2(x.time_progress_pct())));
    let ratio = match (spent, time) {
        (Some(s), Some(t)) => ratio_pct(s, t),
        _ => None,
    };
    ProgressValues {
        label,
        spent,
        time,
        ratio,
    }
}
