//! Role × route × organisation: every route that touches an item, for every role, on an
//! item of the caller's own organisation (allowed: anything but 404, never 5xx) and on
//! another organisation's item (always 404, so its existence is not disclosed). For the
//! 评价人 "own" is an organisation it is assigned in the task (visible, read-only: every
//! write 403), "another" one it is not, and its assigned organisation's item in another
//! task is 404 too. Then the routes that are not about one item, for every role.

use axum::http::StatusCode;
use serde_json::json;

use crate::common::{multipart, Session, LONGHUA, T};

/// (user, role, own item's organisation, another organisation's item)
const CASES: &[(&str, &str, Option<&str>, Option<&str>)] = &[
    ("tb201001", "填报人", Some("201001"), Some("201002")),
    ("fz201001", "单位负责人", Some("201001"), Some("201")),
    ("bmsh201", "部门审核人", Some("201001"), Some("202001")),
    ("czsh1", "财政审核人", Some("201"), Some("202")),
    ("jxk", "绩效管理员", Some("203001"), None),
    // Assigned 201002 and 202002 of task 1 by the demo; 201 is 201002's department.
    ("pj900", "评价人", Some("201002"), Some("201")),
    ("rd", "只读", None, Some("201")),
];

/// Every item route: (method, path with {id}, body kind).
pub const ITEM_ROUTES: &[(&str, &str, &str)] = &[
    ("GET", "/api/items/{id}", ""),
    ("GET", "/api/items/{id}/document", ""),
    ("PUT", "/api/items/{id}/document", "json-save"),
    ("POST", "/api/items/{id}/upload", "multipart"),
    ("GET", "/api/items/{id}/revisions", ""),
    ("GET", "/api/items/{id}/diff?from=0&to=1", ""),
    ("GET", "/api/items/{id}/history", ""),
    ("POST", "/api/items/{id}/transitions", "json-submit"),
    ("GET", "/api/items/{id}/evaluation", ""),
    ("GET", "/api/items/{id}/report?format=html", ""),
    ("GET", "/api/items/{id}/workbook", ""),
    ("GET", "/api/items/{id}/review", ""),
    ("GET", "/api/items/{id}/review?format=xlsx", ""),
    ("GET", "/items/{id}", ""),
    ("GET", "/items/{id}/edit", ""),
    ("GET", "/items/{id}/text", ""),
    ("GET", "/items/{id}/score", ""),
    ("GET", "/items/{id}/revisions?from=0&to=1", ""),
    ("GET", "/items/{id}/review", ""),
    ("POST", "/items/{id}/transition", "form-submit"),
    ("POST", "/items/{id}/edit?sheet=0", "form-edit"),
    ("POST", "/items/{id}/text", "form-text"),
    ("POST", "/items/{id}/upload", "multipart-page"),
];

async fn hit(t: &T, s: &Session, method: &str, path: &str, kind: &str) -> StatusCode {
    match kind {
        "" => t.call(Some(s), method, path, None, vec![]).await.status,
        "json-save" => {
            t.json(
                s,
                method,
                path,
                json!({ "base_revision": 1, "content": LONGHUA }),
            )
            .await
            .status
        }
        "json-submit" => {
            t.json(s, method, path, json!({ "action": "submit" }))
                .await
                .status
        }
        "form-submit" => t.form(s, path, &[("action", "submit")]).await.status,
        "form-edit" => {
            t.form(
                s,
                path,
                &[("base_revision", "1"), ("f:department.phone", "0755-1234")],
            )
            .await
            .status
        }
        "form-text" => {
            t.form(s, path, &[("base_revision", "1"), ("content", LONGHUA)])
                .await
                .status
        }
        "multipart" | "multipart-page" => {
            let (ct, body) = multipart(
                &[("base_revision", "1"), ("_csrf", &s.csrf)],
                "d.toml",
                LONGHUA.as_bytes(),
            );
            t.call(Some(s), method, path, Some(&ct), body).await.status
        }
        other => panic!("unknown body kind {other}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_item_route_for_every_role_own_and_foreign() {
    let t = T::sqlite();
    // Give the items used below a first revision (those the demo left empty), entered by
    // each unit's own filler.
    for (filler, org) in [
        ("tb201001", "201001"),
        ("tb201002", "201002"),
        ("tb202001", "202001"),
        ("tb202", "202"),
        ("tb203001", "203001"),
    ] {
        let s = t.login(filler).await;
        let id = t.item_of(org).await;
        if t.get(&s, &format!("/api/items/{id}")).await.json()["item"]["revision"] != 0 {
            continue;
        }
        let r = t
            .json(
                &s,
                "PUT",
                &format!("/api/items/{id}/document"),
                json!({ "base_revision": 0, "content": LONGHUA }),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{filler}: {}", r.text());
    }
    // The evaluator's assigned organisation in the previous year's task (2), where it is
    // not assigned.
    let other_task_item = {
        let s = t.login("jxk").await;
        t.get(&s, "/api/items?task=2").await.json()["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|i| i["org_code"] == "201002")
            .and_then(|i| i["id"].as_i64())
            .expect("201002 in task 2")
    };
    let mut checked = 0;
    for (user, role, own, foreign) in CASES {
        let s = t.login(user).await;
        let evaluator = *user == "pj900";
        let mut targets: Vec<(i64, &str, bool)> = Vec::new();
        for (org, expect_visible) in [(own, true), (foreign, false)] {
            if let Some(org) = org {
                targets.push((t.item_of(org).await, org, expect_visible));
            }
        }
        if evaluator {
            targets.push((other_task_item, "201002 (task 2)", false));
        }
        for (id, org, expect_visible) in targets {
            for (method, route, kind) in ITEM_ROUTES {
                let path = route.replace("{id}", &id.to_string());
                let status = hit(&t, &s, method, &path, kind).await;
                checked += 1;
                assert!(
                    !status.is_server_error(),
                    "{user}（{role}） {method} {path}: {status}"
                );
                if expect_visible && evaluator && *method != "GET" {
                    assert_eq!(
                        status,
                        StatusCode::FORBIDDEN,
                        "{user}（{role}）reads its assigned item but may not write: {method} {path}"
                    );
                } else if expect_visible {
                    assert_ne!(
                        status,
                        StatusCode::NOT_FOUND,
                        "{user}（{role}）should reach its own organisation's item: {method} {path}"
                    );
                    if evaluator {
                        assert!(
                            status.is_success(),
                            "{user}（{role}）reads its assigned item: {method} {path}: {status}"
                        );
                    }
                } else {
                    assert_eq!(
                        status,
                        StatusCode::NOT_FOUND,
                        "{user}（{role}）must not learn of {org}'s item: {method} {path}"
                    );
                }
            }
        }
        // Lists never include another organisation's item.
        let items = t.get(&s, "/api/items").await.json();
        let codes: Vec<&str> = items["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| i["org_code"].as_str().expect("code"))
            .collect();
        if let Some(f) = foreign {
            assert!(!codes.contains(f), "{user} lists {f}");
        }
        if let Some(o) = own {
            assert!(codes.contains(o), "{user} does not list {o}");
        }
        if evaluator {
            // Exactly its assignments: the two units, in task 1 only.
            let listed: Vec<(i64, &str)> = items["items"]
                .as_array()
                .expect("items")
                .iter()
                .map(|i| {
                    (
                        i["task_id"].as_i64().expect("task"),
                        i["org_code"].as_str().expect("code"),
                    )
                })
                .collect();
            let want: Vec<(i64, &str)> = jixiao_server::demo::DEMO_ASSIGNED
                .iter()
                .map(|o| (1, *o))
                .collect();
            assert_eq!(listed, want, "{user} lists exactly what it is assigned");
            assert!(
                items["items"]
                    .as_array()
                    .expect("items")
                    .iter()
                    .all(|i| i["actions"].as_array().is_some_and(|a| a.is_empty())),
                "{user} has no action on any item"
            );
        }
    }
    // Four roles × own and another, the 绩效管理员's own, the evaluator's assigned and
    // unassigned organisation and its assigned one in another task, the reader's another.
    assert_eq!(checked, ITEM_ROUTES.len() * 13);
}

#[tokio::test(flavor = "multi_thread")]
async fn every_other_route_for_every_role() {
    let t = T::sqlite();
    let task = 1;
    let admin_token = {
        let s = t.login("jxk").await;
        t.json(&s, "POST", "/api/tokens", json!({ "name": "管理员的令牌" }))
            .await
            .json()["token"]["id"]
            .as_i64()
            .expect("id")
    };
    for (user, role, own, _) in CASES {
        let s = t.login(user).await;
        let admin = *user == "jxk";
        let sees_items = own.is_some();
        let expect = |ok: bool, denied: StatusCode| if ok { None } else { Some(denied) };
        let cases: Vec<(&str, String, &str, Option<StatusCode>)> = vec![
            ("GET", "/api/me".into(), "", None),
            ("GET", "/api/items".into(), "", None),
            ("GET", "/api/items?todo=true".into(), "", None),
            ("GET", "/api/orgs".into(), "", None),
            ("GET", "/api/schema".into(), "", None),
            ("GET", "/api/tasks".into(), "", None),
            (
                "GET",
                format!("/api/tasks/{task}"),
                "",
                expect(sees_items, StatusCode::NOT_FOUND),
            ),
            (
                "POST",
                "/api/tasks".into(),
                "json-task",
                expect(admin, StatusCode::FORBIDDEN),
            ),
            (
                "POST",
                format!("/api/tasks/{task}/lock"),
                "json-unlock",
                expect(admin, StatusCode::FORBIDDEN),
            ),
            ("GET", "/api/tokens".into(), "", None),
            ("POST", "/api/tokens".into(), "json-token", None),
            (
                "DELETE",
                format!("/api/tokens/{admin_token}"),
                "",
                expect(admin, StatusCode::NOT_FOUND),
            ),
            ("GET", "/todo".into(), "", None),
            ("GET", "/items".into(), "", None),
            ("GET", "/tasks".into(), "", None),
            (
                "GET",
                format!("/tasks/{task}"),
                "",
                expect(sees_items, StatusCode::NOT_FOUND),
            ),
            (
                "GET",
                "/tasks/new".into(),
                "",
                expect(admin, StatusCode::FORBIDDEN),
            ),
            (
                "POST",
                "/tasks".into(),
                "form-task",
                expect(admin, StatusCode::FORBIDDEN),
            ),
            (
                "POST",
                format!("/tasks/{task}/lock"),
                "form-unlock",
                expect(admin, StatusCode::FORBIDDEN),
            ),
            ("GET", "/tokens".into(), "", None),
            ("POST", "/tokens".into(), "form-token", None),
            // 结果公开: public to every account (the rest in tests/server/published.rs).
            ("GET", "/api/published".into(), "", None),
            ("GET", "/published".into(), "", None),
        ];
        for (method, path, kind, denied) in cases {
            let status = match kind {
                "" => t.call(Some(&s), method, &path, None, vec![]).await.status,
                "json-task" => t.json(&s, method, &path, json!({ "title": "新任务", "year": 2022, "framework": "longhua-4e", "opens_on": "2023-01-01", "due_on": "2099-01-01", "org_codes": ["201"] })).await.status,
                "json-unlock" => t.json(&s, method, &path, json!({ "locked": false })).await.status,
                "json-token" => t.json(&s, method, &path, json!({ "name": "脚本" })).await.status,
                "form-task" => t.form(&s, &path, &[("title", "新任务"), ("year", "2022"), ("framework", "longhua-4e"), ("opens_on", "2023-01-01"), ("due_on", "2099-01-01"), ("org", "201")]).await.status,
                "form-unlock" => t.form(&s, &path, &[("locked", "false")]).await.status,
                "form-token" => t.form(&s, &path, &[("name", "脚本")]).await.status,
                other => panic!("{other}"),
            };
            match denied {
                Some(d) => assert_eq!(status, d, "{user}（{role}） {method} {path}"),
                None => assert!(
                    status.is_success() || status.is_redirection(),
                    "{user}（{role}） {method} {path}: {status}"
                ),
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn openapi_describes_every_api_route() {
    let t = T::sqlite();
    let spec = t
        .call(None, "GET", "/api/openapi.json", None, vec![])
        .await
        .json();
    let paths = spec["paths"].as_object().expect("paths");
    let mut routes: Vec<(String, String)> = ITEM_ROUTES
        .iter()
        .filter(|(_, p, _)| p.starts_with("/api/"))
        .map(|(m, p, _)| {
            (
                m.to_lowercase(),
                p.split('?').next().unwrap_or(p).to_string(),
            )
        })
        .collect();
    for (m, p) in [
        ("get", "/healthz"),
        ("get", "/api/openapi.json"),
        ("post", "/api/session"),
        ("delete", "/api/session"),
        ("get", "/api/me"),
        ("get", "/api/schema"),
        ("get", "/api/orgs"),
        ("get", "/api/tasks"),
        ("post", "/api/tasks"),
        ("get", "/api/tasks/{id}"),
        ("post", "/api/tasks/{id}/lock"),
        ("get", "/api/tasks/{id}/dashboard"),
        ("get", "/api/items"),
        ("get", "/api/tokens"),
        ("post", "/api/tokens"),
        ("delete", "/api/tokens/{id}"),
    ] {
        routes.push((m.to_string(), p.to_string()));
    }
    // The other cycles (api/cycles.rs; each hit for every role in tests/server/cycles.rs).
    for (m, p) in jixiao_server::api::cycles::ROUTES {
        routes.push((m.to_string(), p.to_string()));
    }
    // 结果公开 (api/published.rs; each hit for every role in tests/server/published.rs).
    for (m, p) in jixiao_server::api::published::ROUTES {
        routes.push((m.to_string(), p.to_string()));
    }
    routes.sort();
    routes.dedup();
    for (m, p) in &routes {
        assert!(
            paths.get(p).and_then(|o| o.get(m)).is_some(),
            "{m} {p} is not in /api/openapi.json"
        );
    }
    let described: usize = paths
        .values()
        .map(|o| o.as_object().map(|o| o.len()).unwrap_or(0))
        .sum();
    assert_eq!(
        described,
        routes.len(),
        "the OpenAPI document describes a route the tests do not know"
    );
}
