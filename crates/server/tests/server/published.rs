//! 结果公开 over HTTP: the 绩效管理员 publishes a frozen snapshot, every account reads it,
//! a withdrawal hides it from everyone but the 绩效管理员; then every route of
//! `api/published.rs` and its pages for every demo account. Also what a 评价人 and a 只读
//! account can reach elsewhere.

use std::collections::{BTreeSet, HashMap};

use axum::http::StatusCode;
use rust_decimal::Decimal;
use serde_json::{json, Value};

use crate::common::{Session, T};

/// The demo tasks: (this year's, last year's).
async fn tasks(t: &T, admin: &Session) -> (i64, i64) {
    let list = t.get(admin, "/api/tasks").await.json();
    let by_year = |y: i64| {
        list["tasks"]
            .as_array()
            .expect("tasks")
            .iter()
            .find(|x| x["year"] == y && x["stage"] == "self_eval")
            .and_then(|x| x["id"].as_i64())
            .expect("demo task")
    };
    (by_year(2021), by_year(2020))
}

async fn publish(t: &T, s: &Session, task: i64, kind: &str) -> (StatusCode, Value) {
    let r = t
        .json(
            s,
            "POST",
            "/api/published",
            json!({ "task_id": task, "kind": kind }),
        )
        .await;
    let body = if r.body.is_empty() {
        Value::Null
    } else {
        r.json()
    };
    (r.status, body)
}

/// The dashboard's rows of a task (as the 绩效管理员 sees them now), by organisation code.
async fn dashboard_rows(t: &T, admin: &Session, task: i64) -> HashMap<String, Value> {
    let d = t
        .get(admin, &format!("/api/tasks/{task}/dashboard"))
        .await
        .json();
    d["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| (i["org_code"].as_str().expect("code").to_string(), i.clone()))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_published_result_is_a_frozen_snapshot_of_confirmed_results() {
    let t = T::sqlite();
    let admin = t.login("jxk").await;
    let rd = t.login("rd").await;
    let (current, previous) = tasks(&t, &admin).await;
    // Nothing is published yet: the 只读 account sees an empty list, and lands on it.
    let r = t.get(&rd, "/api/published").await.json();
    assert_eq!(r["publications"], json!([]));
    let home = t.get(&rd, "/").await;
    assert_eq!(
        home.headers.get("location").and_then(|v| v.to_str().ok()),
        Some("/published")
    );
    let home = t.get(&admin, "/").await;
    assert_eq!(
        home.headers.get("location").and_then(|v| v.to_str().ok()),
        Some("/todo")
    );

    // The dashboard offers the 绩效管理员 (only) to publish.
    let button = "公开已确认的结果";
    let page = t.get(&admin, &format!("/tasks/{previous}/dashboard")).await;
    assert!(page.text().contains(button));
    let czsh1 = t.login("czsh1").await;
    let page = t.get(&czsh1, &format!("/tasks/{previous}/dashboard")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.text().contains(button));

    // Last year's task: every row confirmed but one.
    let before = dashboard_rows(&t, &admin, previous).await;
    let (status, body) = publish(&t, &admin, previous, "results").await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = body["publication"]["id"].as_i64().expect("id");
    assert_eq!(body["publication"]["published_by"], "周绩效（绩效科）");
    let r = t.get(&rd, &format!("/api/published/{id}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let text = r.text();
    for leak in ["item_id", "opinion", "document", "[department]", "/items/"] {
        assert!(!text.contains(leak), "the snapshot holds {leak}: {text}");
    }
    let got = r.json();
    let snap = &got["snapshot"];
    let confirmed: Vec<&String> = before
        .iter()
        .filter(|(_, i)| i["state"] == "confirmed")
        .map(|(code, _)| code)
        .collect();
    let rows = snap["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), confirmed.len());
    assert_eq!(snap["summary"]["published"], confirmed.len());
    assert_eq!(snap["summary"]["excluded"], before.len() - confirmed.len());
    // Each row is the dashboard's figure for that organisation, ranked by score.
    let mut last: Option<Decimal> = None;
    for (k, row) in rows.iter().enumerate() {
        let code = row["org_code"].as_str().unwrap();
        assert!(confirmed.iter().any(|c| c.as_str() == code), "{code}");
        let d = &before[code];
        for field in ["score", "grade", "self_score", "deviation"] {
            assert_eq!(row[field], d[field], "{code} {field}");
        }
        // Ranks are 1-based places (ties share one), scores fall as ranks rise.
        let score: Decimal = row["score"].as_str().unwrap().parse().unwrap();
        if let Some(prev) = last {
            assert!(score <= prev, "{code}");
        }
        last = Some(score);
        let rank = row["rank"].as_u64().unwrap() as usize;
        assert!(rank <= k + 1);
        // The 一级指标 scores add up to the total, within their rounding (each is 四舍五入
        // to 0.01, so each is off by at most 0.005).
        let dims: Vec<Decimal> = row["dimensions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["score"].as_str().map(|s| s.parse::<Decimal>().unwrap()))
            .collect();
        let sum: Decimal = dims.iter().copied().sum();
        let slack = Decimal::new(5, 3) * Decimal::from(dims.len() + 1);
        assert!((sum - score).abs() <= slack, "{code}: {sum} vs {score}");
    }
    let in_departments: u64 = snap["departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["organisations"].as_u64().unwrap())
        .sum();
    assert_eq!(in_departments as usize, rows.len());
    // One current publication per task and kind.
    let (status, body) = publish(&t, &admin, previous, "results").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    // This year's task: 203 is the only confirmed item. Publish, then confirm another:
    // the snapshot does not move.
    let (status, body) = publish(&t, &admin, current, "results").await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let now = body["publication"]["id"].as_i64().unwrap();
    let first = t.get(&rd, &format!("/api/published/{now}")).await.json();
    let codes = |v: &Value| -> Vec<String> {
        v["snapshot"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["org_code"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(codes(&first), ["203"]);
    let item = t.item_of("202002").await;
    let czsh2 = t.login("czsh2").await;
    let r = t
        .json(
            &czsh2,
            "POST",
            &format!("/api/items/{item}/transitions"),
            json!({ "action": "confirm" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(
        dashboard_rows(&t, &admin, current).await["202002"]["state"],
        "confirmed"
    );
    let again = t.get(&rd, &format!("/api/published/{now}")).await.json();
    assert_eq!(again["snapshot"], first["snapshot"]);
    assert_eq!(
        again["publication"]["sha256"],
        first["publication"]["sha256"]
    );

    // The pages, in Chinese.
    let list = t.get(&rd, "/published").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.text().contains("2020 年度部门整体绩效自评评价结果"));
    assert!(
        !list.text().contains("全部事项"),
        "a 只读 account gets no work menu"
    );
    let one = t.get(&rd, &format!("/published/{id}")).await;
    assert_eq!(one.status, StatusCode::OK);
    let html = one.text();
    for want in [
        "评价结果与排名",
        "复核得分",
        "各主管部门合计",
        "深圳市龙华区政务服务数据管理局",
    ] {
        assert!(html.contains(want), "{want}");
    }
    assert!(!html.contains("撤回原因"), "only the 绩效管理员 withdraws");

    // Withdraw: the 绩效管理员 only, with a reason; then gone for everyone else.
    let r = t
        .json(
            &rd,
            "POST",
            &format!("/api/published/{now}/withdraw"),
            json!({ "reason": "x" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = t
        .json(
            &admin,
            "POST",
            &format!("/api/published/{now}/withdraw"),
            json!({ "reason": " " }),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = t
        .form(
            &admin,
            &format!("/published/{now}/withdraw"),
            &[("reason", "202002 已确认，重新公开")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(
        t.get(&rd, &format!("/api/published/{now}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        t.get(&rd, &format!("/published/{now}")).await.status,
        StatusCode::NOT_FOUND
    );
    let kept = t.get(&admin, &format!("/api/published/{now}")).await.json();
    assert_eq!(kept["publication"]["withdrawn"], true);
    assert_eq!(kept["snapshot"], first["snapshot"]);
    assert_eq!(
        kept["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["publish", "withdraw"]
    );
    // Re-published: now with 202002.
    let r = t
        .form(&admin, "/published", &[("task_id", &current.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let listed = t.get(&rd, "/api/published").await.json();
    let ids: Vec<i64> = listed["publications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&id) && !ids.contains(&now));
    let newest = ids.iter().copied().max().unwrap();
    let latest = t.get(&rd, &format!("/api/published/{newest}")).await.json();
    let mut latest_codes = codes(&latest);
    latest_codes.sort();
    assert_eq!(latest_codes, ["202002", "203"]);

    // 结果应用 of last year's task: per organisation and per 主管部门, totals agree.
    let (status, body) = publish(&t, &admin, previous, "applications").await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let app = body["publication"]["id"].as_i64().unwrap();
    let got = t.get(&rd, &format!("/api/published/{app}")).await.json();
    let s = &got["snapshot"];
    assert_eq!(s["applications"].as_array().unwrap().len(), confirmed.len());
    let sum = |key: &str| -> String {
        let total: Decimal = s["departments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d[key].as_str().unwrap().parse::<Decimal>().unwrap())
            .sum();
        format!("{total:.2}")
    };
    for key in ["budget", "reduction", "proposed"] {
        assert_eq!(s["application_totals"][key], sum(key), "{key}");
    }
    let page = t.get(&rd, &format!("/published/{app}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("下一年度预算安排建议"));

    // A task with nothing confirmed cannot be published; other stages neither.
    let r = t
        .json(&admin, "POST", "/api/tasks", json!({ "title": "新任务", "year": 2022, "framework": "longhua-4e", "opens_on": "2023-01-01", "due_on": "2099-01-01", "org_codes": ["201"] }))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let fresh = r.json()["task"]["id"]
        .as_i64()
        .or_else(|| r.json()["id"].as_i64())
        .expect("task id");
    let (status, body) = publish(&t, &admin, fresh, "results").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("还没有已确认的结果"));
    let (status, _) = publish(&t, &admin, previous, "documents").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = publish(&t, &admin, 999_999, "results").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread")]
async fn every_published_route_for_every_demo_account() {
    let t = T::sqlite();
    let admin = t.login("jxk").await;
    let (current, previous) = tasks(&t, &admin).await;
    let (status, body) = publish(&t, &admin, previous, "results").await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let public = body["publication"]["id"].as_i64().unwrap();
    let (status, body) = publish(&t, &admin, current, "results").await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let withdrawn = body["publication"]["id"].as_i64().unwrap();
    let r = t
        .json(
            &admin,
            "POST",
            &format!("/api/published/{withdrawn}/withdraw"),
            json!({ "reason": "测试撤回" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // Every organisation of last year's task is in the public snapshot.
    let snap = t
        .get(&admin, &format!("/api/published/{public}"))
        .await
        .json();
    let published_orgs: BTreeSet<String> = snap["snapshot"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["org_code"].as_str().unwrap().to_string())
        .collect();

    let mut users: Vec<&String> = t.passwords.keys().collect();
    users.sort();
    assert!(users.len() >= 17, "every demo account");
    let mut hit: BTreeSet<(String, String)> = BTreeSet::new();
    for user in users {
        let s = t.login(user).await;
        let admin = user == "jxk";
        let own_org = t.get(&s, "/api/me").await.json()["grants"][0]["org_code"]
            .as_str()
            .unwrap()
            .to_string();
        let expect = |ok: StatusCode, denied: StatusCode| if admin { ok } else { denied };
        let cases: Vec<(&str, String, &str, Value, StatusCode)> = vec![
            (
                "GET",
                "/api/published".into(),
                "/api/published",
                Value::Null,
                StatusCode::OK,
            ),
            (
                "POST",
                "/api/published".into(),
                "/api/published",
                json!({ "task_id": previous }),
                expect(StatusCode::BAD_REQUEST, StatusCode::FORBIDDEN),
            ),
            (
                "GET",
                format!("/api/published/{public}"),
                "/api/published/{id}",
                Value::Null,
                StatusCode::OK,
            ),
            (
                "GET",
                format!("/api/published/{withdrawn}"),
                "/api/published/{id}",
                Value::Null,
                expect(StatusCode::OK, StatusCode::NOT_FOUND),
            ),
            (
                "GET",
                "/api/published/999999".into(),
                "/api/published/{id}",
                Value::Null,
                StatusCode::NOT_FOUND,
            ),
            (
                "POST",
                format!("/api/published/{withdrawn}/withdraw"),
                "/api/published/{id}/withdraw",
                json!({ "reason": "再撤回" }),
                expect(StatusCode::BAD_REQUEST, StatusCode::NOT_FOUND),
            ),
        ];
        for (method, path, route, body, want) in cases {
            hit.insert((method.to_lowercase(), route.to_string()));
            let status = if body.is_null() {
                t.call(Some(&s), method, &path, None, vec![]).await.status
            } else {
                t.json(&s, method, &path, body).await.status
            };
            assert_eq!(status, want, "{user} {method} {path}");
        }
        // Withdrawing the public one: refused to all but the 绩效管理员 (not tried here, it
        // would end the loop's premise).
        if !admin {
            let status = t
                .json(
                    &s,
                    "POST",
                    &format!("/api/published/{public}/withdraw"),
                    json!({ "reason": "x" }),
                )
                .await
                .status;
            assert_eq!(status, StatusCode::FORBIDDEN, "{user}");
            let status = t
                .form(
                    &s,
                    &format!("/published/{public}/withdraw"),
                    &[("reason", "x")],
                )
                .await
                .status;
            assert_eq!(status, StatusCode::FORBIDDEN, "{user} withdraw form");
        }
        // The list: the public one for all, the withdrawn one for the 绩效管理员 only.
        let list = t.get(&s, "/api/published").await.json();
        let ids: Vec<i64> = list["publications"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_i64().unwrap())
            .collect();
        assert!(ids.contains(&public), "{user}");
        assert_eq!(ids.contains(&withdrawn), admin, "{user}");
        // Pages follow the same rules.
        for (path, want) in [
            ("/published".to_string(), StatusCode::OK),
            (format!("/published/{public}"), StatusCode::OK),
            (
                format!("/published/{withdrawn}"),
                expect(StatusCode::OK, StatusCode::NOT_FOUND),
            ),
        ] {
            assert_eq!(t.get(&s, &path).await.status, want, "{user} {path}");
        }
        let status = t
            .form(&s, "/published", &[("task_id", &previous.to_string())])
            .await
            .status;
        assert_eq!(
            status,
            expect(StatusCode::BAD_REQUEST, StatusCode::FORBIDDEN),
            "{user} publish form"
        );
        // Public means public: own organisation and others alike, whoever reads.
        let rows: BTreeSet<String> = t.get(&s, &format!("/api/published/{public}")).await.json()
            ["snapshot"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["org_code"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(rows, published_orgs, "{user} (of {own_org})");
    }
    let all: BTreeSet<(String, String)> = jixiao_server::api::published::ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(hit, all, "every route of api/published.rs is in the matrix");
}

/// The 只读 account: published results and nothing else; the 评价人: its assignments only.
#[tokio::test(flavor = "multi_thread")]
async fn readers_and_evaluators_reach_nothing_else() {
    let t = T::sqlite();
    let admin = t.login("jxk").await;
    let (current, previous) = tasks(&t, &admin).await;
    let r = t
        .json(
            &admin,
            "POST",
            &format!("/api/cycles/tasks/{current}/assignments"),
            json!({ "org_code": "201", "username": "pj900" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let item = t.item_of("201").await;
    // The evaluator reads the items it is assigned (201 and what lies below it, here, and
    // the demo's two units), read-only; the reader none.
    let pj = t.login("pj900").await;
    let v = t
        .get(&pj, &format!("/api/items?task={current}"))
        .await
        .json();
    let mut seen: Vec<&str> = v["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["org_code"].as_str().expect("code"))
        .collect();
    seen.sort();
    assert_eq!(seen, ["201", "201001", "201002", "202002"]);
    assert_eq!(
        t.get(&pj, &format!("/api/items/{item}")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        t.get(&pj, &format!("/api/items/{item}/review"))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        t.get(&pj, &format!("/api/tasks/{current}")).await.status,
        StatusCode::OK
    );
    let r = t
        .json(
            &pj,
            "POST",
            &format!("/api/items/{item}/transitions"),
            json!({ "action": "confirm", "opinion": "同意" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    for user in ["rd", "pj900"] {
        let s = t.login(user).await;
        let reader = user == "rd";
        let hidden = |d: StatusCode| if reader { Some(d) } else { None };
        for (path, denied) in [
            (
                format!("/api/tasks/{current}/dashboard"),
                hidden(StatusCode::NOT_FOUND).unwrap_or(StatusCode::FORBIDDEN),
            ),
            (
                format!("/api/tasks/{previous}/dashboard"),
                StatusCode::NOT_FOUND,
            ),
            (
                format!("/api/cycles/tasks/{current}/results"),
                StatusCode::FORBIDDEN,
            ),
            (
                format!("/api/cycles/tasks/{current}/result-rules"),
                StatusCode::FORBIDDEN,
            ),
            (
                format!("/tasks/{current}/dashboard"),
                hidden(StatusCode::NOT_FOUND).unwrap_or(StatusCode::FORBIDDEN),
            ),
        ] {
            assert_eq!(t.get(&s, &path).await.status, denied, "{user} {path}");
        }
        for (path, denied) in [
            format!("/api/tasks/{current}"),
            format!("/api/items/{item}"),
            format!("/api/items/{item}/review"),
            format!("/items/{item}"),
        ]
        .into_iter()
        .map(|p| (p, hidden(StatusCode::NOT_FOUND)))
        {
            let status = t.get(&s, &path).await.status;
            match denied {
                Some(d) => assert_eq!(status, d, "{user} {path}"),
                None => assert_eq!(status, StatusCode::OK, "{user} {path}"),
            }
        }
        // The previous year's items: the evaluator is not assigned there.
        let v = t
            .get(&s, &format!("/api/items?task={previous}"))
            .await
            .json();
        assert_eq!(v["items"], json!([]), "{user} task {previous}");
        if reader {
            for list in ["/api/items", "/api/tasks"] {
                let v = t.get(&s, list).await.json();
                let key = list.trim_start_matches("/api/");
                assert_eq!(v[key], json!([]), "{user} {list}");
            }
            let orgs = t.get(&s, "/api/orgs").await.json();
            assert!(
                orgs["orgs"].as_array().is_none_or(|o| o.is_empty()),
                "{user} /api/orgs: {orgs}"
            );
        } else {
            let v = t.get(&s, "/api/tasks").await.json();
            let ids: Vec<i64> = v["tasks"]
                .as_array()
                .expect("tasks")
                .iter()
                .map(|t| t["id"].as_i64().expect("id"))
                .collect();
            assert!(
                !ids.contains(&previous),
                "{user} lists task {previous}: {ids:?}"
            );
            assert!(
                ids.contains(&current),
                "{user} does not list task {current}"
            );
        }
    }
    // The evaluator sees its own assignment in the task it is assigned, and nothing of a
    // task it is not assigned in; the 只读 account no assignments at all.
    let pj = t.login("pj900").await;
    let mine = t
        .get(&pj, &format!("/api/cycles/tasks/{current}/assignments"))
        .await
        .json();
    let listed: Vec<(&str, &str)> = mine["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["org_code"].as_str().unwrap(),
                a["username"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [("201", "pj900"), ("201002", "pj900"), ("202002", "pj900")]
    );
    assert_eq!(
        t.get(&pj, &format!("/api/cycles/tasks/{previous}/assignments"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let rd = t.login("rd").await;
    assert_eq!(
        t.get(&rd, &format!("/api/cycles/tasks/{current}/assignments"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

/// Logging in through the form without a `next` lands on `/`, which sends a 只读 account to
/// the published results and everyone else to the to-do list.
#[tokio::test(flavor = "multi_thread")]
async fn a_reader_logs_in_to_the_published_results() {
    use axum::body::Body;
    use axum::http::{header, Request};
    let t = T::sqlite();
    for (user, lands_on) in [("rd", "/published"), ("tb201", "/todo")] {
        let page = t
            .send(Request::get("/login").body(Body::empty()).expect("request"))
            .await;
        let cookie = page.headers[header::SET_COOKIE]
            .to_str()
            .expect("cookie")
            .split(';')
            .next()
            .expect("name=value")
            .to_string();
        let token = cookie.split_once('=').expect("=").1.to_string();
        let form = serde_urlencoded::to_string([
            ("_csrf", token.as_str()),
            ("username", user),
            ("password", t.passwords[user].as_str()),
        ])
        .expect("form");
        let r = t
            .send(
                Request::post("/login")
                    .header(header::COOKIE, &cookie)
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(Body::from(form))
                    .expect("request"),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{user}: {}", r.text());
        assert_eq!(r.headers[header::LOCATION], "/", "{user}");
        let session = r.headers[header::SET_COOKIE]
            .to_str()
            .expect("cookie")
            .split(';')
            .next()
            .expect("name=value")
            .to_string();
        let home = t
            .send(
                Request::get("/")
                    .header(header::COOKIE, session)
                    .body(Body::empty())
                    .expect("request"),
            )
            .await;
        assert_eq!(home.headers[header::LOCATION], lands_on, "{user}");
    }
}
