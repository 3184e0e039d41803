//! The other cycles over HTTP (api/cycles.rs): 绩效目标 with target-quality diagnostics and
//! the graded review, 问题整改 from raise to closure, 结果应用 with rules per task; then
//! every route of the module for every role, own organisation and another's.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::common::{Session, T};

/// Targets with known defects: a cost indicator written ≥ (TQ001), three percentage targets
/// all ≥95% (TQ002), a project without targets (TQ003).
const TARGETS_DOC: &str = r#"[department]
name = "龙华区政务服务中心"
year = 2026

[budget.adjusted]
total = "1000"

[carryover]
opening = "100"
closing = "150"

[[projects.project]]
name = "政务服务一体化平台运维"
budget_annual = "600"

[[projects.project.target]]
level1 = "产出指标"
level2 = "数量指标"
name = "接入政务服务事项数"
operator = "≥"
value = 1200
unit = "项"

[[projects.project.target]]
level1 = "产出指标"
level2 = "质量指标"
name = "系统可用率"
operator = "≥"
value = "99.9"
unit = "%"

[[projects.project.target]]
level1 = "成本指标"
level2 = "经济成本指标"
name = "单位运维成本"
operator = "≥"
value = 50
unit = "万元"

[[projects.project.target]]
level1 = "满意度指标"
level2 = "服务对象满意度指标"
name = "办事群众满意度"
operator = "≥"
value = 95
unit = "%"

[[projects.project.target]]
level1 = "效益指标"
level2 = "社会效益指标"
name = "网上办件率"
operator = "≥"
value = 98
unit = "%"

[[projects.project]]
name = "窗口人员培训"
"#;

async fn open_targets(t: &T, admin: &Session, codes: &[&str]) -> i64 {
    let r = t
        .json(
            admin,
            "POST",
            "/api/cycles/tasks",
            json!({ "year": 2026, "stage": "targets", "opens_on": "2025-09-01", "due_on": "2099-10-31", "org_codes": codes }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.json()["stage_label"], "绩效目标");
    r.json()["id"].as_i64().expect("id")
}

async fn item_in(t: &T, s: &Session, task: i64, org: &str) -> i64 {
    let items = t.get(s, &format!("/api/items?task={task}")).await.json();
    items["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["org_code"] == org)
        .and_then(|i| i["id"].as_i64())
        .unwrap_or_else(|| panic!("no item for {org} in task {task}"))
}

async fn save(t: &T, s: &Session, id: i64, doc: &str) {
    let r = t
        .json(
            s,
            "PUT",
            &format!("/api/items/{id}/document"),
            json!({ "base_revision": 0, "content": doc }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["errors"], 0, "{}", r.text());
}

fn codes(diags: &Value) -> Vec<String> {
    diags
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().expect("code").to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn targets_are_submitted_with_diagnostics_and_graded() {
    let t = T::sqlite();
    let admin = t.login("jxk").await;
    let task = open_targets(&t, &admin, &["201001", "201002"]).await;
    let unit = t.login("tb201001").await;
    let other = t.login("tb201002").await;
    let dept = t.login("bmsh201").await;
    let finance = t.login("czsh1").await;
    let id = item_in(&t, &unit, task, "201001").await;
    let id2 = item_in(&t, &other, task, "201002").await;
    save(&t, &unit, id, TARGETS_DOC).await;

    // Submitting returns the target-quality findings, each located in the stored document.
    let r = t
        .call(
            Some(&unit),
            "POST",
            &format!("/api/cycles/items/{id}/submit"),
            None,
            vec![],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let body = r.json();
    assert_eq!(body["item"]["state"], "submitted");
    assert_eq!(codes(&body["diagnostics"]), ["TQ001", "TQ003", "TQ002"]);
    let doc = t
        .get(&unit, &format!("/api/items/{id}/document"))
        .await
        .text();
    let lines: Vec<&str> = doc.lines().collect();
    let tq001 = &body["diagnostics"][0];
    assert_eq!(tq001["path"], "projects.project[0].target[2].operator");
    let (line, col) = (
        tq001["line"].as_u64().unwrap() as usize,
        tq001["column"].as_u64().unwrap() as usize,
    );
    let at: String = lines[line - 1].chars().skip(col - 1).collect();
    assert!(
        at.starts_with("\"≥\""),
        "line {line} col {col}: {}",
        lines[line - 1]
    );
    assert!(tq001["message"].as_str().unwrap().contains("单位运维成本"));
    let tq002 = &body["diagnostics"][2];
    assert_eq!(
        tq002["message"],
        "3 个百分比指标中有 3 个目标值不低于 95%，缺乏测算依据：系统可用率（99.9%）、办事群众满意度（95%）、网上办件率（98%）"
    );

    // The same table in another unit: the 主管部门 sees TQ006, the unit itself does not
    // (it cannot see the other unit's targets).
    save(&t, &other, id2, TARGETS_DOC).await;
    let seen = t
        .get(&dept, &format!("/api/cycles/items/{id}/target-quality"))
        .await
        .json();
    assert_eq!(
        codes(&seen["diagnostics"]),
        ["TQ001", "TQ003", "TQ002", "TQ006"]
    );
    assert_eq!(
        seen["diagnostics"][3]["elsewhere"],
        "201002 龙华区大数据中心 › 政务服务一体化平台运维"
    );
    let own = t
        .get(&unit, &format!("/api/cycles/items/{id}/target-quality"))
        .await
        .json();
    assert_eq!(codes(&own["diagnostics"]), ["TQ001", "TQ003", "TQ002"]);

    // 部门 passes; the plain confirmation is refused; 差 needs an opinion and goes back.
    let r = t
        .json(
            &dept,
            "POST",
            &format!("/api/items/{id}/transitions"),
            json!({ "action": "pass" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = t
        .json(
            &finance,
            "POST",
            &format!("/api/items/{id}/transitions"),
            json!({ "action": "confirm" }),
        )
        .await;
    assert_eq!(
        (r.status, r.json()["error"]["code"].clone()),
        (StatusCode::CONFLICT, json!("grade-required"))
    );
    let czsh2 = t.login("czsh2").await;
    let r = t
        .json(
            &czsh2,
            "POST",
            &format!("/api/cycles/items/{id}/review"),
            json!({ "grade": "良" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = t
        .json(
            &finance,
            "POST",
            &format!("/api/cycles/items/{id}/review"),
            json!({ "grade": "差" }),
        )
        .await;
    assert_eq!(
        (r.status, r.json()["error"]["code"].clone()),
        (StatusCode::CONFLICT, json!("opinion-required"))
    );
    let r = t
        .json(
            &finance,
            "POST",
            &format!("/api/cycles/items/{id}/review"),
            json!({ "grade": "A" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = t
        .json(
            &finance,
            "POST",
            &format!("/api/cycles/items/{id}/review"),
            json!({ "grade": "差", "opinion": "成本指标应写 ≤；满意度目标缺乏测算依据" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(
        (
            r.json()["item"]["state"].clone(),
            r.json()["grade_label"].clone()
        ),
        (json!("returned"), json!("差"))
    );

    // Revised (the cost indicator now ≤), resubmitted, graded 良: 已批复.
    let fixed = TARGETS_DOC.replacen(
        "operator = \"≥\"\nvalue = 50",
        "operator = \"≤\"\nvalue = 50",
        1,
    );
    let r = t
        .json(
            &unit,
            "PUT",
            &format!("/api/items/{id}/document"),
            json!({ "base_revision": 1, "content": fixed }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = t
        .call(
            Some(&unit),
            "POST",
            &format!("/api/cycles/items/{id}/submit"),
            None,
            vec![],
        )
        .await;
    assert_eq!(codes(&r.json()["diagnostics"]), ["TQ003", "TQ002"]);
    t.json(
        &dept,
        "POST",
        &format!("/api/items/{id}/transitions"),
        json!({ "action": "pass" }),
    )
    .await;
    let r = t
        .json(
            &finance,
            "POST",
            &format!("/api/cycles/items/{id}/review"),
            json!({ "grade": "good" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["state_label"], "已批复");
    let history = t
        .get(&unit, &format!("/api/items/{id}/history"))
        .await
        .json();
    let grades: Vec<Value> = history["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["grade"].clone())
        .collect();
    assert_eq!(
        grades,
        [
            json!(null),
            json!(null),
            json!("poor"),
            json!(null),
            json!(null),
            json!("good")
        ]
    );

    // 结果应用: 良 据实保障, and 30% of the carry-over growth (150 − 100) cut.
    let r = t
        .get(&finance, &format!("/api/cycles/tasks/{task}/results"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let rows = r.json()["rows"].clone();
    assert_eq!(rows.as_array().unwrap().len(), 2);
    assert_eq!(rows[0]["org_code"], "201001");
    assert_eq!(rows[0]["grade"], "良");
    let p = &rows[0]["proposal"];
    assert_eq!(
        (
            p["measure"].clone(),
            p["budget"].clone(),
            p["reduction"].clone(),
            p["proposed"].clone()
        ),
        (
            json!("keep"),
            json!("1000.00"),
            json!("15.00"),
            json!("985.00")
        )
    );
    assert_eq!(rows[1]["proposal"], Value::Null);
    assert_eq!(rows[1]["note"], "结果尚未确认，暂不提出预算安排建议");
    assert_eq!(r.json()["totals"]["proposed"], "985.00");

    // The bureau's own rules for the task: located errors, then applied.
    let bad = jixiao_workflow::results::DEFAULT_RESULT_RULES_TOML
        .replace("measure = \"keep\"", "measure = \"保障\"");
    let r = t
        .json(
            &admin,
            "PUT",
            &format!("/api/cycles/tasks/{task}/result-rules"),
            json!({ "rules": bad }),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let line = bad.lines().position(|l| l == "measure = \"保障\"").unwrap() + 1;
    assert_eq!(r.json()["error"]["problems"][0]["line"], line);
    let ours = jixiao_workflow::results::DEFAULT_RESULT_RULES_TOML
        .replace("measure = \"keep\"", "measure = \"cut\"\ncut_pct = 5");
    let r = t
        .json(
            &admin,
            "PUT",
            &format!("/api/cycles/tasks/{task}/result-rules"),
            json!({ "rules": ours }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["rules"]["custom"], true);
    let r = t
        .get(&admin, &format!("/api/cycles/tasks/{task}/results"))
        .await
        .json();
    assert_eq!(r["rows"][0]["proposal"]["reduction"], "65.00"); // 1000 × 5% + 50 × 30%
    assert_eq!(r["rules"]["custom"], true);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rectification_is_raised_answered_reopened_and_confirmed() {
    let t = T::sqlite();
    let admin = t.login("jxk").await;
    let task = open_targets(&t, &admin, &["201001", "202001"]).await;
    let finance = t.login("czsh1").await;
    let unit = t.login("tb201001").await;
    let stranger = t.login("tb202001").await;
    let item = item_in(&t, &admin, task, "201001").await;
    let r = t
        .json(&finance, "POST", "/api/cycles/rectifications", json!({
            "org_code": "201001", "item_id": item, "source": "targets", "code": "TQ001",
            "location": "projects.project[0].target[2].operator",
            "finding": "成本指标「单位运维成本」写作 ≥", "requirement": "改为 ≤ 并附测算依据", "deadline": "2099-11-30" }))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_i64().unwrap();
    assert_eq!(r.json()["rectification"]["task_id"], task);
    // Raised on an organisation the division does not own: refused.
    let r = t
        .json(
            &finance,
            "POST",
            "/api/cycles/rectifications",
            json!({
            "org_code": "202001", "finding": "x", "requirement": "y", "deadline": "2099-11-30" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let list = t
        .get(&unit, "/api/cycles/rectifications?todo=true")
        .await
        .json();
    assert_eq!(list["rectifications"].as_array().unwrap().len(), 1);
    assert_eq!(list["rectifications"][0]["actions"], json!(["answer"]));
    assert!(
        t.get(&stranger, "/api/cycles/rectifications").await.json()["rectifications"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        t.get(&stranger, &format!("/api/cycles/rectifications/{id}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let act = |s: &Session, body: Value| {
        let path = format!("/api/cycles/rectifications/{id}/actions");
        let s = s.clone();
        let t = &t;
        async move { t.json(&s, "POST", &path, body).await }
    };
    let r = act(&unit, json!({ "action": "answer" })).await;
    assert_eq!(
        (r.status, r.json()["error"]["code"].clone()),
        (StatusCode::CONFLICT, json!("answer-required"))
    );
    let r = act(
        &unit,
        json!({ "action": "answer", "text": "已改为 ≤ 50 万元" }),
    )
    .await;
    assert_eq!(r.json()["rectification"]["state"], "answered");
    let r = act(&finance, json!({ "action": "reopen" })).await;
    assert_eq!(
        (r.status, r.json()["error"]["code"].clone()),
        (StatusCode::CONFLICT, json!("opinion-required"))
    );
    let r = act(
        &finance,
        json!({ "action": "reopen", "text": "未附测算依据", "deadline": "2099-12-15" }),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(
        (
            r.json()["rectification"]["state"].clone(),
            r.json()["rectification"]["deadline"].clone()
        ),
        (json!("reopened"), json!("2099-12-15"))
    );
    act(&unit, json!({ "action": "answer", "text": "已附测算表" })).await;
    let r = act(&admin, json!({ "action": "confirm" })).await;
    assert_eq!(
        r.json()["error"]["code"],
        "wrong-role",
        "only the raiser confirms"
    );
    let r = act(&finance, json!({ "action": "confirm" })).await;
    assert_eq!(r.json()["rectification"]["state"], "closed");
    let detail = t
        .get(&unit, &format!("/api/cycles/rectifications/{id}"))
        .await
        .json();
    let trail: Vec<&str> = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(trail, ["raise", "answer", "reopen", "answer", "confirm"]);
    let r = act(&unit, json!({ "action": "fix" })).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = t
        .get(&admin, "/api/cycles/rectifications?state=closed")
        .await
        .json();
    assert_eq!(r["rectifications"].as_array().unwrap().len(), 1);
    assert_eq!(
        t.get(&admin, "/api/cycles/rectifications?state=x")
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn monitoring_rounds_over_http() {
    let t = T::sqlite();
    let admin = t.login("jxk").await;
    let open = |round: &str| json!({ "year": 2025, "stage": "monitoring", "round": round, "opens_on": "2025-08-01", "due_on": "2099-08-15", "org_codes": ["201001"] });
    let r = t
        .json(&admin, "POST", "/api/cycles/tasks", open("second"))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        r.json()["error"]["message"],
        "2025 年尚未发布 1—7 月监控任务，不能发布二次监控（1—9 月）"
    );
    let r = t
        .json(&admin, "POST", "/api/cycles/tasks", open("first"))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.json()["stage_label"], "运行监控（1—7月）");
    let first = r.json()["id"].as_i64().unwrap();
    let task = t.get(&admin, &format!("/api/tasks/{first}")).await.json();
    assert_eq!(
        (task["title"].clone(), task["round"].clone()),
        (json!("2025 年 1—7 月绩效运行监控"), json!("first"))
    );
    let r = t
        .json(&admin, "POST", "/api/cycles/tasks", open("second"))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let r = t
        .json(&admin, "POST", "/api/cycles/tasks", open("third"))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

// ---------------------------------------------------------------------------------------
// Role × route × organisation

/// (user, own organisation (an item there is visible), another organisation's)
const USERS: &[(&str, Option<&str>, Option<&str>)] = &[
    ("tb201001", Some("201001"), Some("201002")),
    ("fz201001", Some("201001"), Some("201")),
    ("bmsh201", Some("201001"), Some("202001")),
    ("czsh1", Some("201"), Some("202")),
    ("jxk", Some("203001"), None),
    // Assigned 201 (and so what lies below it) in the targets task below; 203001 not (202
    // is assigned by jxk's turn of the loop).
    ("pj900", Some("201"), Some("203001")),
    ("rd", None, Some("201")),
];

#[tokio::test(flavor = "multi_thread")]
async fn every_cycle_route_for_every_role() {
    let t = T::sqlite();
    let admin = t.login("jxk").await;
    let orgs = ["201", "201001", "201002", "202", "202001", "203001"];
    let task = open_targets(&t, &admin, &orgs).await;
    let r = t
        .json(
            &admin,
            "POST",
            &format!("/api/cycles/tasks/{task}/assignments"),
            json!({ "org_code": "201", "username": "pj900" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    // One rectification per organisation, raised by the bureau; one raised by pj900.
    let mut rect_of = std::collections::HashMap::new();
    for org in orgs {
        let r = t
            .json(&admin, "POST", "/api/cycles/rectifications", json!({
                "org_code": org, "task_id": task, "finding": "问题", "requirement": "要求", "deadline": "2099-01-01" }))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        rect_of.insert(org, r.json()["id"].as_i64().unwrap());
    }
    let pj = t.login("pj900").await;
    let r = t
        .json(&pj, "POST", "/api/cycles/rectifications", json!({
            "org_code": "201001", "task_id": task, "source": "review", "finding": "第三方发现", "requirement": "整改", "deadline": "2099-01-01" }))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let pj_rect = r.json()["id"].as_i64().unwrap();

    let mut hit: std::collections::BTreeSet<(String, String)> = Default::default();
    let mut note = |m: &str, p: &str| {
        hit.insert((m.to_lowercase(), p.to_string()));
    };
    for (user, own, foreign) in USERS {
        let s = t.login(user).await;
        let bureau = matches!(*user, "jxk" | "czsh1");
        let admin_only = *user == "jxk";
        let expect = |ok: bool, denied: StatusCode| if ok { None } else { Some(denied) };
        let raise_org = if *user == "pj900" {
            "201002"
        } else {
            own.unwrap_or("201001")
        };
        let raise_ok = matches!(*user, "jxk" | "czsh1" | "pj900");
        // Routes not about one item.
        let cases: Vec<(&str, String, &str, Value, Option<StatusCode>)> = vec![
            (
                "POST",
                "/api/cycles/tasks".into(),
                "/api/cycles/tasks",
                json!({ "year": 2027, "stage": "targets", "opens_on": "2026-09-01", "due_on": "2099-10-31", "org_codes": ["201"] }),
                expect(admin_only, StatusCode::FORBIDDEN),
            ),
            (
                "GET",
                format!("/api/cycles/tasks/{task}/assignments"),
                "/api/cycles/tasks/{id}/assignments",
                Value::Null,
                expect(*user != "rd", StatusCode::NOT_FOUND),
            ),
            (
                "POST",
                format!("/api/cycles/tasks/{task}/assignments"),
                "/api/cycles/tasks/{id}/assignments",
                json!({ "org_code": "202", "username": "pj900" }),
                expect(admin_only, StatusCode::FORBIDDEN),
            ),
            (
                "GET",
                format!("/api/cycles/tasks/{task}/result-rules"),
                "/api/cycles/tasks/{id}/result-rules",
                Value::Null,
                expect(bureau, StatusCode::FORBIDDEN),
            ),
            (
                "PUT",
                format!("/api/cycles/tasks/{task}/result-rules"),
                "/api/cycles/tasks/{id}/result-rules",
                json!({ "rules": jixiao_workflow::results::DEFAULT_RESULT_RULES_TOML }),
                expect(admin_only, StatusCode::FORBIDDEN),
            ),
            (
                "GET",
                format!("/api/cycles/tasks/{task}/results"),
                "/api/cycles/tasks/{id}/results",
                Value::Null,
                expect(bureau, StatusCode::FORBIDDEN),
            ),
            (
                "GET",
                "/api/cycles/rectifications".into(),
                "/api/cycles/rectifications",
                Value::Null,
                None,
            ),
            (
                "POST",
                "/api/cycles/rectifications".into(),
                "/api/cycles/rectifications",
                json!({ "org_code": raise_org, "task_id": task, "finding": "f", "requirement": "r", "deadline": "2099-01-01" }),
                expect(raise_ok, StatusCode::FORBIDDEN),
            ),
        ];
        for (method, path, route, body, denied) in cases {
            note(method, route);
            let status = if body.is_null() {
                t.call(Some(&s), method, &path, None, vec![]).await.status
            } else {
                t.json(&s, method, &path, body).await.status
            };
            match denied {
                Some(d) => assert_eq!(status, d, "{user} {method} {path}"),
                None => assert!(status.is_success(), "{user} {method} {path}: {status}"),
            }
        }
        // Vouchers: the bureau only (this task is not a monitoring one: 409 for the bureau).
        note("POST", "/api/cycles/tasks/{id}/ledger");
        let status = t
            .call(
                Some(&s),
                "POST",
                &format!("/api/cycles/tasks/{task}/ledger"),
                Some("text/csv"),
                VOUCHERS.as_bytes().to_vec(),
            )
            .await
            .status;
        let want = if bureau {
            StatusCode::CONFLICT
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(status, want, "{user} POST ledger");
        // Item routes: own organisation reachable, another's 404.
        for (org, visible) in [(own, true), (foreign, false)] {
            let Some(org) = org else { continue };
            let id = item_in(&t, &admin, task, org).await;
            // The targets page and its review form follow the same scope.
            let page = t.get(&s, &format!("/items/{id}/targets")).await.status;
            let form = t
                .form(
                    &s,
                    &format!("/items/{id}/targets/review"),
                    &[("grade", "good")],
                )
                .await
                .status;
            for (what, status) in [("targets page", page), ("review form", form)] {
                assert!(!status.is_server_error(), "{user} {what} {org}: {status}");
                assert_eq!(
                    status == StatusCode::NOT_FOUND,
                    !visible,
                    "{user} {what} {org}: {status}"
                );
            }
            for (method, route, body) in [
                ("GET", "/api/cycles/items/{id}/target-quality", Value::Null),
                ("POST", "/api/cycles/items/{id}/submit", Value::Null),
                (
                    "POST",
                    "/api/cycles/items/{id}/review",
                    json!({ "grade": "良" }),
                ),
                ("GET", "/api/cycles/items/{id}/monitoring", Value::Null),
            ] {
                note(method, route);
                let path = route.replace("{id}", &id.to_string());
                let status = if body.is_null() {
                    t.call(Some(&s), method, &path, None, vec![]).await.status
                } else {
                    t.json(&s, method, &path, body).await.status
                };
                assert!(
                    !status.is_server_error(),
                    "{user} {method} {path}: {status}"
                );
                if visible && *user == "pj900" && method == "POST" {
                    assert_eq!(
                        status,
                        StatusCode::FORBIDDEN,
                        "{user} reads {org} but may not act: {method} {path}"
                    );
                } else if visible {
                    assert_ne!(
                        status,
                        StatusCode::NOT_FOUND,
                        "{user} should reach {org}: {method} {path}"
                    );
                } else {
                    assert_eq!(
                        status,
                        StatusCode::NOT_FOUND,
                        "{user} must not learn of {org}: {method} {path}"
                    );
                }
            }
        }
        // Rectification routes: own organisation's (or, for pj900, its own) reachable,
        // another organisation's 404; the list holds exactly the visible ones.
        let own_rect = match *user {
            "pj900" => Some(pj_rect),
            _ => own.map(|o| rect_of[o]),
        };
        let foreign_rect = foreign.map(|o| rect_of[o]);
        for (rect, visible) in [(own_rect, true), (foreign_rect, false)] {
            let Some(rect) = rect else { continue };
            // The pages follow the same scope.
            let page = t.get(&s, &format!("/rectifications/{rect}")).await.status;
            let form = t
                .form(
                    &s,
                    &format!("/rectifications/{rect}/action"),
                    &[("action", "answer"), ("text", "已整改")],
                )
                .await
                .status;
            for (what, status) in [("page", page), ("form", form)] {
                assert!(
                    !status.is_server_error(),
                    "{user} rectification {what}: {status}"
                );
                assert_eq!(
                    status == StatusCode::NOT_FOUND,
                    !visible,
                    "{user} rectification {rect} {what}: {status}"
                );
            }
            for (method, route, body) in [
                ("GET", "/api/cycles/rectifications/{id}", Value::Null),
                (
                    "POST",
                    "/api/cycles/rectifications/{id}/actions",
                    json!({ "action": "answer", "text": "已整改" }),
                ),
            ] {
                note(method, route);
                let path = route.replace("{id}", &rect.to_string());
                let status = if body.is_null() {
                    t.call(Some(&s), method, &path, None, vec![]).await.status
                } else {
                    t.json(&s, method, &path, body).await.status
                };
                assert!(
                    !status.is_server_error(),
                    "{user} {method} {path}: {status}"
                );
                if visible {
                    assert_ne!(status, StatusCode::NOT_FOUND, "{user}: {method} {path}");
                } else {
                    assert_eq!(status, StatusCode::NOT_FOUND, "{user}: {method} {path}");
                }
            }
        }
        assert_eq!(
            t.get(&s, "/rectifications").await.status,
            StatusCode::OK,
            "{user} /rectifications"
        );
        let list = t.get(&s, "/api/cycles/rectifications").await.json();
        let listed: Vec<i64> = list["rectifications"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect();
        if let Some(r) = own_rect {
            assert!(listed.contains(&r), "{user} lists its own rectification");
        }
        if let Some(r) = foreign_rect {
            assert!(
                !listed.contains(&r),
                "{user} lists another organisation's rectification"
            );
        }
        if *user == "rd" {
            assert!(listed.is_empty(), "只读 accounts see nothing unpublished");
        }
        if *user == "pj900" {
            // What it raised before and in this loop (on 201002, assigned through 201).
            assert_eq!(listed.len(), 2);
            assert!(
                list["rectifications"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|r| r["mine"] == true),
                "an evaluator sees what it raised, nothing else"
            );
        }
    }
    let all: std::collections::BTreeSet<(String, String)> = jixiao_server::api::cycles::ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(hit, all, "every route of api/cycles.rs is in the matrix");
}

const MONITOR_DEMO: &str = include_str!("../../../../examples/monitor-demo-2025/department.toml");
const VOUCHERS: &str = include_str!("../../../../examples/monitor-demo-2025/vouchers-2025.csv");

async fn open_first_round(t: &T, admin: &Session) -> i64 {
    let r = t
        .json(
            admin,
            "POST",
            "/api/cycles/tasks",
            json!({ "year": 2025, "stage": "monitoring", "round": "first",
            "opens_on": "2025-08-01", "due_on": "2099-08-15", "org_codes": ["201001", "201002"] }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["id"].as_i64().expect("task id")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_monitoring_item_is_judged_on_its_rounds_date() {
    let t = T::sqlite();
    let admin = t.login("jxk").await;
    let first = open_first_round(&t, &admin).await;
    let unit = t.login("tb201001").await;
    let id = item_in(&t, &unit, first, "201001").await;
    let r = t
        .get(&unit, &format!("/api/cycles/items/{id}/monitoring"))
        .await;
    assert_eq!(
        (r.status, r.json()["error"]["code"].clone()),
        (StatusCode::CONFLICT, json!("no-data"))
    );
    save(&t, &unit, id, MONITOR_DEMO).await;
    let r = t
        .get(&unit, &format!("/api/cycles/items/{id}/monitoring"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let body = r.json();
    assert_eq!(
        (body["as_of"].clone(), body["round_label"].clone()),
        (json!("2025-07-31"), json!("1—7月"))
    );
    // The same report as the monitor crate gives on the stored document at 7 月 31 日.
    let stored = t
        .get(&unit, &format!("/api/items/{id}/document"))
        .await
        .text();
    let model = jixiao_io::parse_lenient(&stored, "d.toml", jixiao_io::Format::Toml)
        .expect("stored")
        .model;
    let as_of = jixiao_model::Date::parse("2025-07-31").expect("date");
    let expected = serde_json::to_value(jixiao_monitor::monitor(
        &model,
        as_of,
        jixiao_monitor::Rules::default_rules(),
        None,
    ))
    .expect("json");
    assert_eq!(body["report"], expected);
    assert!(!expected["projects"].as_array().unwrap().is_empty());
    // A 自评 item has no round.
    let self_eval = item_in(&t, &admin, 1, "201001").await;
    let r = t
        .get(&admin, &format!("/api/cycles/items/{self_eval}/monitoring"))
        .await;
    assert_eq!(
        (r.status, r.json()["error"]["code"].clone()),
        (StatusCode::CONFLICT, json!("wrong-stage"))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_bureau_imports_vouchers_for_a_monitoring_round() {
    let t = T::sqlite();
    let admin = t.login("jxk").await;
    let task = open_first_round(&t, &admin).await;
    let unit = t.login("tb201001").await;
    let id = item_in(&t, &unit, task, "201001").await;
    save(&t, &unit, id, MONITOR_DEMO).await;
    // The demo's vouchers, paid by unit 440309001, are the organisation 201001's here.
    let csv = VOUCHERS.replace("440309001", "201001");
    let path = format!("/api/cycles/tasks/{task}/ledger?name=vouchers-2025.csv");
    let r = t
        .call(
            Some(&unit),
            "POST",
            &path,
            Some("text/csv"),
            csv.clone().into_bytes(),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "units do not import the treasury's vouchers"
    );
    let r = t
        .call(
            Some(&admin),
            "POST",
            &path,
            Some("text/csv"),
            csv.clone().into_bytes(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let body = r.json();
    assert_eq!(body["as_of"], "2025-07-31");
    assert_eq!(body["stats"]["duplicates"], 1, "{}", body["stats"]);
    assert!(
        body["stats"]["after_until"].as_u64().unwrap() >= 1,
        "{}",
        body["stats"]
    );
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(
        (
            items[0]["org_code"].clone(),
            items[0]["from_ledger"].clone()
        ),
        (json!("201001"), json!(true))
    );
    assert_eq!(items[1]["note"], "尚未填报");
    // Project P2025001's 累计支出 is the ledger's January–July sum for it, in 万元.
    let ledger = jixiao_ledger::read_csv(
        csv.as_bytes(),
        "v.csv",
        &jixiao_ledger::Options {
            until: jixiao_model::Date::parse("2025-07-31"),
            ..Default::default()
        },
        &mut |_| {},
    )
    .expect("the demo vouchers read");
    let cents: i128 = ledger
        .monthly(2025, |g| g.project_code == "P2025001")
        .iter()
        .sum();
    assert!(cents > 0);
    let wan = jixiao_ledger::cents_to_money(cents).as_wan().normalize();
    let project = &items[0]["report"]["projects"][0];
    assert_eq!(project["code"], "P2025001");
    let total = project["funds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["total"] == true)
        .expect("合计");
    let spent: rust_decimal::Decimal = total["spent"].as_str().unwrap().parse().unwrap();
    assert_eq!(spent.normalize(), wan);
    let source = items[0]["report"]["execution_source"].to_string();
    assert!(source.contains("vouchers-2025.csv"), "{source}");
    // A self-evaluation task takes no vouchers; a broken file is refused with its rows.
    let r = t
        .call(
            Some(&admin),
            "POST",
            "/api/cycles/tasks/1/ledger",
            Some("text/csv"),
            csv.into_bytes(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let broken = "凭证号,支付日期,单位编码,单位名称,项目编码,项目名称,金额\nX1,2025-13-01,201001,某单位,P1,某项目,12.00\n";
    let r = t
        .call(
            Some(&admin),
            "POST",
            &path,
            Some("text/csv"),
            broken.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.json()["error"]["problems"][0]["line"], 2, "{}", r.text());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_rectification_pages_from_raise_to_closure() {
    let t = T::sqlite();
    let finance = t.login("czsh1").await;
    let unit = t.login("tb201001").await;
    let stranger = t.login("tb202001").await;
    let page = t.get(&finance, "/rectifications").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text().contains("提出整改问题"),
        "the bureau sees the raise form"
    );
    let unit_page = t.get(&unit, "/rectifications").await.text();
    assert!(!unit_page.contains("提出整改问题"), "a unit does not raise");
    let r = t
        .form(
            &finance,
            "/rectifications",
            &[
                ("org_code", "201001"),
                ("source", "review"),
                ("code", "RV003"),
                ("finding", "成本指标写作 ≥ <script>"),
                ("requirement", "改为 ≤"),
                ("deadline", "2020-01-31"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let location = r.headers["location"]
        .to_str()
        .expect("location")
        .to_string();
    assert!(location.starts_with("/rectifications/"), "{location}");
    let id = location.trim_start_matches("/rectifications/").to_string();
    // The unit sees it overdue, escaped, with the answer form.
    let html = t.get(&unit, &location).await.text();
    assert!(
        html.contains("逾期") && html.contains("提交整改情况"),
        "{html}"
    );
    assert!(
        html.contains("&lt;script&gt;") && !html.contains("<script>"),
        "user text is escaped"
    );
    assert!(t
        .get(&unit, "/rectifications?overdue=true")
        .await
        .text()
        .contains(&format!("#{id}")));
    assert_eq!(
        t.get(&stranger, &location).await.status,
        StatusCode::NOT_FOUND
    );
    let action = format!("{location}/action");
    assert_eq!(
        t.form(&stranger, &action, &[("action", "answer"), ("text", "x")])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let r = t
        .form(
            &unit,
            &action,
            &[("action", "answer"), ("text", "已改为 ≤ 50 万元并附测算表")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let html = t.get(&finance, &location).await.text();
    assert!(
        html.contains("确认销号")
            && html.contains("退回重新整改")
            && html.contains("已改为 ≤ 50 万元并附测算表")
    );
    let r = t.form(&unit, &action, &[("action", "confirm")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "the unit cannot confirm");
    let r = t.form(&finance, &action, &[("action", "confirm")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let html = t.get(&unit, &location).await.text();
    assert!(
        html.contains("整改事项 #") && html.contains("已销号"),
        "{html}"
    );
    assert!(
        !html.contains("name=\"action\""),
        "no forms left once closed"
    );
    // Without the CSRF token a form is refused.
    let r = t
        .call(
            Some(&finance),
            "POST",
            "/rectifications",
            Some("application/x-www-form-urlencoded"),
            b"org_code=201001&finding=a&requirement=b&deadline=2099-01-01".to_vec(),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_targets_page_shows_findings_and_grades() {
    let t = T::sqlite();
    let admin = t.login("jxk").await;
    let task = open_targets(&t, &admin, &["201001"]).await;
    let unit = t.login("tb201001").await;
    let dept = t.login("bmsh201").await;
    let finance = t.login("czsh1").await;
    let id = item_in(&t, &unit, task, "201001").await;
    save(&t, &unit, id, TARGETS_DOC).await;
    let html = t.get(&unit, &format!("/items/{id}/targets")).await.text();
    assert!(
        html.contains("TQ001") && html.contains("单位运维成本") && html.contains("第 "),
        "{html}"
    );
    assert!(!html.contains("提交审核"), "a unit does not grade");
    t.call(
        Some(&unit),
        "POST",
        &format!("/api/cycles/items/{id}/submit"),
        None,
        vec![],
    )
    .await;
    t.json(
        &dept,
        "POST",
        &format!("/api/items/{id}/transitions"),
        json!({ "action": "pass" }),
    )
    .await;
    let page = format!("/items/{id}/targets");
    assert!(t.get(&finance, &page).await.text().contains("提交审核"));
    assert_eq!(
        t.get(&t.login("czsh2").await, &page).await.status,
        StatusCode::NOT_FOUND
    );
    let review = format!("/items/{id}/targets/review");
    let r = t
        .form(&finance, &review, &[("grade", "poor"), ("opinion", "")])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "差 needs an opinion");
    let r = t
        .form(&finance, &review, &[("grade", "fair"), ("opinion", "")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let html = t.get(&unit, &page).await.text();
    assert!(
        html.contains("已批复") && html.contains("审核等级 中"),
        "{html}"
    );
    // A 自评 item has no targets page.
    let se = item_in(&t, &admin, 1, "201001").await;
    assert_eq!(
        t.get(&admin, &format!("/items/{se}/targets")).await.status,
        StatusCode::NOT_FOUND
    );
}
