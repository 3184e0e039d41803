//! `jixiao serve --demo`: a small bureau to try the system with — 财政局 with two 业务科室,
//! three 主管部门 with their 预算单位, a 第三方机构; one account per role and organisation;
//! one open 年度自评 task covering every department and unit; the 政务服务数据管理局's item
//! pre-filled from `examples/longhua-zwfw-2021`.

use jixiao_store::{NewOrg, NewTask, OrgKind, Role, Store, StoreError, Summary};
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
    Ok(accounts)
}
