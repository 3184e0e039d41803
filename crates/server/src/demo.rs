//! `jixiao serve --demo`: a small bureau to try the system with — 财政局 with two 业务科室,
//! three 主管部门 with their 预算单位, a 第三方机构; one account per role and organisation;
//! one open 年度自评 task covering every department and unit; the 政务服务数据管理局's item
//! pre-filled from `examples/longhua-zwfw-2021`, the other items but one (龙华区政务服务中心,
//! left for the walkthrough) filled with synthetic department-years carrying self-scores
//! and left in every state of the cycle; and last year's task, closed, for the dashboard's
//! year-on-year comparison.

use jixiao_store::{
    Action, NewOrg, NewTask, OrgKind, Role, State as ItemState, Store, StoreError, Summary,
};
use serde::{Deserialize, Serialize};

/// One demo account, as written to `DATA/demo-accounts.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DemoAccount {
    pub username: String,
    pub password: String,
    pub role: String,
    pub org_code: String,
}

const LONGHUA: &str = include_str!("../../../examples/longhua-zwfw-2021/department.toml");

/// (code, name, kind, parent, owner division)
type OrgRow = (
    &'static str,
    &'static str,
    OrgKind,
    Option<&'static str>,
    Option<&'static str>,
);

const ORGS: &[OrgRow] = &[
    (
        "440309",
        "深圳市龙华区财政局（演示）",
        OrgKind::Bureau,
        None,
        None,
    ),
    (
        "440309-01",
        "行政政法科",
        OrgKind::Division,
        Some("440309"),
        None,
    ),
    (
        "440309-02",
        "教科文卫科",
        OrgKind::Division,
        Some("440309"),
        None,
    ),
    (
        "201",
        "深圳市龙华区政务服务数据管理局",
        OrgKind::Department,
        Some("440309"),
        Some("440309-01"),
    ),
    (
        "201001",
        "龙华区政务服务中心",
        OrgKind::Unit,
        Some("201"),
        None,
    ),
    (
        "201002",
        "龙华区大数据中心",
        OrgKind::Unit,
        Some("201"),
        None,
    ),
    (
        "202",
        "深圳市龙华区教育局",
        OrgKind::Department,
        Some("440309"),
        Some("440309-02"),
    ),
    (
        "202001",
        "龙华区第一实验学校",
        OrgKind::Unit,
        Some("202"),
        None,
    ),
    (
        "202002",
        "龙华区教师发展中心",
        OrgKind::Unit,
        Some("202"),
        None,
    ),
    (
        "203",
        "深圳市龙华区卫生健康局",
        OrgKind::Department,
        Some("440309"),
        Some("440309-02"),
    ),
    ("203001", "龙华区人民医院", OrgKind::Unit, Some("203"), None),
    (
        "900",
        "某会计师事务所（第三方）",
        OrgKind::Agency,
        None,
        None,
    ),
];

/// (username, display name, role, org)
const ACCOUNTS: &[(&str, &str, Role, &str)] = &[
    ("jxk", "周绩效（绩效科）", Role::PerfAdmin, "440309"),
    ("rd", "人大财经委（只读）", Role::ReadOnly, "440309"),
    (
        "czsh1",
        "吴审核（行政政法科）",
        Role::FinanceReviewer,
        "440309-01",
    ),
    (
        "czsh2",
        "郑审核（教科文卫科）",
        Role::FinanceReviewer,
        "440309-02",
    ),
    ("bmsh201", "王审核（政数局）", Role::DeptReviewer, "201"),
    ("tb201", "李填报（政数局）", Role::Filler, "201"),
    ("tb201001", "陈填报（政务服务中心）", Role::Filler, "201001"),
    (
        "fz201001",
        "赵负责（政务服务中心）",
        Role::UnitHead,
        "201001",
    ),
    ("tb201002", "孙填报（大数据中心）", Role::Filler, "201002"),
    ("bmsh202", "钱审核（教育局）", Role::DeptReviewer, "202"),
    ("tb202", "冯填报（教育局）", Role::Filler, "202"),
    ("tb202001", "何填报（第一实验学校）", Role::Filler, "202001"),
    ("tb202002", "吕填报（教师发展中心）", Role::Filler, "202002"),
    ("bmsh203", "施审核（卫健局）", Role::DeptReviewer, "203"),
    ("tb203", "张填报（卫健局）", Role::Filler, "203"),
    ("tb203001", "曹填报（人民医院）", Role::Filler, "203001"),
    ("pj900", "严评价（第三方）", Role::Evaluator, "900"),
];

fn password() -> String {
    // Readable and typeable: 4 groups of 4 lowercase hex digits.
    let h = jixiao_store::random_hex(8);
    format!("{}-{}-{}-{}", &h[0..4], &h[4..8], &h[8..12], &h[12..16])
}

/// The organisations `pj900` (评价人) is assigned in the current year's 自评 task.
pub const DEMO_ASSIGNED: [&str; 2] = ["201002", "202002"];

/// Seed an empty store. Returns the accounts with their passwords.
pub fn seed(store: &Store) -> Result<Vec<DemoAccount>, StoreError> {
    let orgs: Vec<NewOrg> = ORGS
        .iter()
        .map(|(code, name, kind, parent, owner)| NewOrg {
            code: code.to_string(),
            name: name.to_string(),
            kind: *kind,
            parent_code: parent.map(str::to_string),
            owner_division_code: owner.map(str::to_string),
        })
        .collect();
    store.import_organisations("demo", &orgs)?;
    let mut accounts = Vec::new();
    let mut ids = std::collections::HashMap::new();
    for (username, display, role, org) in ACCOUNTS {
        let pw = password();
        let id = store.upsert_account("demo", username, display, &pw)?;
        store.grant("demo", id, org, *role)?;
        ids.insert(*username, id);
        accounts.push(DemoAccount {
            username: username.to_string(),
            password: pw,
            role: role.id().to_string(),
            org_code: org.to_string(),
        });
    }
    let admin = store
        .scope_for_account(ids["jxk"])?
        .ok_or(StoreError::NotFound)?;
    let covered: Vec<String> = ORGS
        .iter()
        .filter(|o| matches!(o.2, OrgKind::Department | OrgKind::Unit))
        .map(|o| o.0.to_string())
        .collect();
    let today = jixiao_store::today();
    let year: i64 = today[..4].parse().unwrap_or(2026);
    let task = store.create_task(
        &admin,
        &NewTask {
            title: "2021 年度部门整体绩效自评".into(),
            year: 2021,
            stage: "self_eval".into(),
            framework: "longhua-4e".into(),
            grade_bands: String::new(),
            opens_on: today.clone(),
            due_on: format!("{}-12-31", year + 1),
            org_codes: covered,
        },
    )?;
    // The 政务服务数据管理局 has entered its 2021 figures (the Longhua example).
    let filler = store
        .scope_for_account(ids["tb201"])?
        .ok_or(StoreError::NotFound)?;
    let item = store
        .items(
            &filler,
            &jixiao_store::ItemFilter {
                task_id: Some(task),
                ..Default::default()
            },
        )?
        .into_iter()
        .find(|i| i.org_code == "201")
        .ok_or(StoreError::NotFound)?;
    let model = jixiao_io::parse_lenient(LONGHUA, "department.toml", jixiao_io::Format::Toml)
        .map_err(|_| StoreError::Invalid("the bundled Longhua example does not parse".into()))?
        .model;
    let prepared = crate::doc::prepare(model, "longhua-4e", "", None);
    let summary: Summary = prepared.summary.clone();
    store
        .save(&filler, item.id, 0, &prepared.document, "seed", &summary)
        .map_err(|e| StoreError::Invalid(e.to_string()))?;
    seed_results(store, &ids, task, &admin)?;
    // The third-party evaluator reviews two units of the current task, read-only: it sees
    // their items there and nothing else.
    for org in DEMO_ASSIGNED {
        store.assign_evaluator(&admin, task, org, "pj900")?;
    }
    Ok(accounts)
}

/// (organisation, self-score minus the 复核 score, or `None` for no self-score, the state
/// the item is left in) for the current year's task; 201 is the Longhua example and
/// 201001 stays empty for the walkthrough.
const CURRENT_YEAR: &[(&str, Option<i64>, ItemState)] = &[
    ("201002", Some(4), ItemState::Submitted),
    ("202", Some(9), ItemState::Draft),
    ("202001", Some(12), ItemState::Returned),
    ("202002", Some(2), ItemState::DeptPassed),
    ("203", Some(-1), ItemState::Confirmed),
    ("203001", None, ItemState::Draft),
];

/// The same for the previous year's task (all confirmed but one, then locked).
const PREVIOUS_YEAR: &[(&str, Option<i64>, ItemState)] = &[
    ("201", Some(3), ItemState::Confirmed),
    ("201001", Some(6), ItemState::Confirmed),
    ("201002", Some(2), ItemState::Returned),
    ("202", Some(5), ItemState::Confirmed),
    ("202001", Some(8), ItemState::Confirmed),
    ("202002", Some(1), ItemState::Confirmed),
    ("203", Some(0), ItemState::Confirmed),
    ("203001", Some(4), ItemState::Confirmed),
];

/// A synthetic department-year (`jixiao_model::synth`) for an organisation, with the
/// unit's self-score set `delta` points above what the task's framework gives it (so the
/// dashboard's 偏离度 are known), and its projects self-scored 100.
pub fn demo_document(
    seed: u64,
    code: &str,
    name: &str,
    year: i32,
    framework: &str,
    delta: Option<i64>,
) -> crate::doc::Prepared {
    let mut model = jixiao_model::synth::department_year(seed);
    model.department.name = Some(name.to_string());
    model.department.code = Some(code.to_string());
    model.department.year = Some(year);
    // The 效益 indicators are the evaluator's judgement (qualitative tiers with a score in
    // the tier's band); the synthetic figures have none, so the demo states some.
    let v = rust_decimal::Decimal::from(seed % 5);
    for (indicator, tier, score) in [
        (
            "D25",
            "达成",
            rust_decimal::Decimal::new(50, 1) + v / rust_decimal::Decimal::from(5),
        ),
        (
            "D26",
            if seed.is_multiple_of(3) {
                "部分达成"
            } else {
                "达成"
            },
            if seed.is_multiple_of(3) {
                rust_decimal::Decimal::new(55, 1)
            } else {
                rust_decimal::Decimal::new(70, 1) + v / rust_decimal::Decimal::from(5)
            },
        ),
        ("D27", "达成", rust_decimal::Decimal::new(50, 1)),
    ] {
        model.assessments.push(jixiao_model::Assessment {
            indicator: indicator.into(),
            tier: Some(tier.into()),
            score: Some(jixiao_model::Num(score)),
            reason: "（演示数据）评价人依据部门自评报告和佐证材料对效益目标的实现程度作出的判断"
                .into(),
            ..Default::default()
        });
    }
    let first = crate::doc::prepare(model.clone(), framework, "", None);
    if let (Some(delta), Some(score)) = (delta, first.summary.score.as_deref()) {
        if let Ok(score) = score.parse::<rust_decimal::Decimal>() {
            let total = (score + rust_decimal::Decimal::from(delta))
                .min(rust_decimal::Decimal::ONE_HUNDRED);
            model.self_evaluation.total = Some(jixiao_model::Num(total));
            for p in &mut model.projects.items {
                p.self_total = Some(jixiao_model::Num(rust_decimal::Decimal::ONE_HUNDRED));
            }
            return crate::doc::prepare(model, framework, "", None);
        }
    }
    first
}

fn account_scope(
    store: &Store,
    ids: &std::collections::HashMap<&str, i64>,
    username: &str,
) -> Result<jixiao_store::Scope, StoreError> {
    let id = ids.get(username).ok_or(StoreError::NotFound)?;
    store.scope_for_account(*id)?.ok_or(StoreError::NotFound)
}

/// Fill items of a task and move them through the cycle to the given states.
fn fill_task(
    store: &Store,
    ids: &std::collections::HashMap<&str, i64>,
    admin: &jixiao_store::Scope,
    task: i64,
    year: i32,
    rows: &[(&str, Option<i64>, ItemState)],
) -> Result<(), StoreError> {
    let items = store.items(
        admin,
        &jixiao_store::ItemFilter {
            task_id: Some(task),
            ..Default::default()
        },
    )?;
    for (n, (code, delta, target)) in rows.iter().enumerate() {
        let item = items
            .iter()
            .find(|i| i.org_code == *code)
            .ok_or(StoreError::NotFound)?;
        let filler = account_scope(store, ids, &format!("tb{code}"))?;
        let seed = u64::try_from(year).unwrap_or(0) * 100 + n as u64;
        let prepared = demo_document(seed, code, &item.org_name, year, &item.framework, *delta);
        store
            .save(
                &filler,
                item.id,
                0,
                &prepared.document,
                "seed",
                &prepared.summary,
            )
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        if *target == ItemState::Draft {
            continue;
        }
        let dept = &code[..3];
        let reviewer = account_scope(store, ids, &format!("bmsh{dept}"))?;
        let finance = account_scope(store, ids, if dept == "201" { "czsh1" } else { "czsh2" })?;
        let step = |scope: &jixiao_store::Scope, action: Action, opinion: Option<&str>| {
            store
                .transition(scope, item.id, action, opinion)
                .map(|_| ())
                .map_err(|e| StoreError::Invalid(e.to_string()))
        };
        step(&filler, Action::Submit, None)?;
        match target {
            ItemState::Returned => step(
                &reviewer,
                Action::Return,
                Some("项目绩效目标完成情况与佐证材料不一致，请核实后重新提交。"),
            )?,
            ItemState::DeptPassed => step(&reviewer, Action::Pass, None)?,
            ItemState::Confirmed => {
                step(&reviewer, Action::Pass, None)?;
                step(&finance, Action::Confirm, None)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// The bureau's view of the demo: more of this year's items filled (in every state), and
/// last year's task, closed, for the year-on-year comparison.
fn seed_results(
    store: &Store,
    ids: &std::collections::HashMap<&str, i64>,
    task: i64,
    admin: &jixiao_store::Scope,
) -> Result<(), StoreError> {
    fill_task(store, ids, admin, task, 2021, CURRENT_YEAR)?;
    let covered: Vec<String> = ORGS
        .iter()
        .filter(|o| matches!(o.2, OrgKind::Department | OrgKind::Unit))
        .map(|o| o.0.to_string())
        .collect();
    let previous = store.create_task(
        admin,
        &NewTask {
            title: "2020 年度部门整体绩效自评".into(),
            year: 2020,
            stage: "self_eval".into(),
            framework: "longhua-4e".into(),
            grade_bands: String::new(),
            opens_on: "2021-01-04".into(),
            due_on: "2021-03-31".into(),
            org_codes: covered,
        },
    )?;
    fill_task(store, ids, admin, previous, 2020, PREVIOUS_YEAR)?;
    store.set_task_locked(admin, previous, true)?;
    Ok(())
}
