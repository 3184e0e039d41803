use axum::http::{header, StatusCode};
use serde_json::json;

use crate::common::{fixture, multipart, LONGHUA, T};

/// The Longhua example's total as the engine scores it with longhua-4e, two places.
fn longhua_score() -> String {
    let loaded = jixiao_io::parse_toml(LONGHUA, "department.toml").expect("valid");
    let framework = jixiao_engine::builtin("longhua-4e").expect("builtin");
    let mut total = jixiao_model::round2(jixiao_engine::evaluate(&loaded.model, &framework).total);
    total.rescale(2);
    total.to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn health_openapi_and_assets_need_no_login() {
    let t = T::sqlite();
    let r = t.call(None, "GET", "/healthz", None, vec![]).await;
    assert_eq!(r.status, StatusCode::OK);
    let spec = t
        .call(None, "GET", "/api/openapi.json", None, vec![])
        .await
        .json();
    assert_eq!(spec["openapi"], "3.0.3");
    let r = t
        .call(None, "GET", "/assets/htmx.min.js", None, vec![])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.len() > 10_000);
    let r = t.call(None, "GET", "/api/items", None, vec![]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.json()["error"]["message"], "请先登录");
    // Pages send the browser to the login page, remembering where it was going.
    let r = t.call(None, "GET", "/items/1", None, vec![]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers[header::LOCATION], "/login?next=%2Fitems%2F1");
}

#[tokio::test(flavor = "multi_thread")]
async fn login_sets_a_safe_cookie_and_failures_are_throttled() {
    let t = T::sqlite();
    let s = t.login("tb201").await;
    assert!(s.cookie.starts_with("jixiao_session="));
    let r = t
        .call(
            None,
            "POST",
            "/api/session",
            Some("application/json"),
            json!({ "username": "tb201", "password": t.passwords["tb201"] })
                .to_string()
                .into_bytes(),
        )
        .await;
    let cookie = r.headers[header::SET_COOKIE].to_str().expect("ascii");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let me = t.get(&s, "/api/me").await.json();
    assert_eq!(me["username"], "tb201");
    assert_eq!(me["grants"][0]["org_code"], "201");
    assert_eq!(me["csrf_token"].as_str().map(str::len), Some(64));
    for _ in 0..5 {
        let r = t
            .call(
                None,
                "POST",
                "/api/session",
                Some("application/json"),
                json!({ "username": "tb202", "password": "wrong-password" })
                    .to_string()
                    .into_bytes(),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(r.json()["error"]["message"], "用户名或密码错误");
    }
    let r = t
        .call(
            None,
            "POST",
            "/api/session",
            Some("application/json"),
            json!({ "username": "tb202", "password": t.passwords["tb202"] })
                .to_string()
                .into_bytes(),
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.json()["error"]["message"]
        .as_str()
        .expect("message")
        .contains("15 分钟"));
    // Logout ends the session in the database.
    let r = t
        .call(Some(&s), "DELETE", "/api/session", None, vec![])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(t.get(&s, "/api/me").await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread")]
async fn cookie_requests_need_the_csrf_token_and_token_requests_do_not() {
    let t = T::sqlite();
    let s = t.login("tb201").await;
    let id = t.item_of("201").await;
    let path = format!("/api/items/{id}/transitions");
    let body = json!({ "action": "submit" }).to_string();
    let mut req = axum::http::Request::post(&path)
        .header(header::COOKIE, &s.cookie)
        .header(header::CONTENT_TYPE, "application/json")
        .body(axum::body::Body::from(body.clone()))
        .expect("request");
    let r = t.send(req).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json()["error"]["code"], "csrf");
    req = axum::http::Request::post(&path)
        .header(header::COOKIE, &s.cookie)
        .header("x-csrf-token", "0".repeat(64))
        .header(header::CONTENT_TYPE, "application/json")
        .body(axum::body::Body::from(body.clone()))
        .expect("request");
    assert_eq!(t.send(req).await.status, StatusCode::FORBIDDEN);
    // Page forms carry _csrf; a form without it is refused.
    let r = t
        .call(
            Some(&s),
            "POST",
            &format!("/items/{id}/transition"),
            Some("application/x-www-form-urlencoded"),
            b"action=submit".to_vec(),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // An API token needs no CSRF token.
    let created = t
        .json(&s, "POST", "/api/tokens", json!({ "name": "脚本" }))
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let secret = created.json()["secret"]
        .as_str()
        .expect("secret")
        .to_string();
    req = axum::http::Request::post(&path)
        .header(header::AUTHORIZATION, format!("Bearer {secret}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(axum::body::Body::from(body))
        .expect("request");
    let r = t.send(req).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["item"]["state"], "submitted");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_whole_cycle_through_the_api() {
    cycle(&T::sqlite()).await;
}

/// The same on PostgreSQL. The synchronous store is made and dropped off the async threads,
/// as the server does with every call.
#[tokio::test(flavor = "multi_thread")]
async fn the_whole_cycle_through_the_api_on_postgres() {
    let t = tokio::task::block_in_place(|| jixiao_store::testing::postgres().map(T::on));
    if let Some(t) = t {
        cycle(&t).await;
        tokio::task::block_in_place(move || drop(t));
    }
}

async fn cycle(t: &T) {
    let filler = t.login("tb201").await;
    let dept = t.login("bmsh201").await;
    let finance = t.login("czsh1").await;
    let id = t.item_of("201").await;
    let item = t.get(&filler, &format!("/api/items/{id}")).await.json();
    assert_eq!(item["item"]["state"], "draft");
    assert_eq!(item["item"]["revision"], 1);
    assert_eq!(item["item"]["score"], longhua_score());
    // The reviewer cannot act on a draft: 409 with the workflow's reason.
    let r = t
        .json(
            &dept,
            "POST",
            &format!("/api/items/{id}/transitions"),
            json!({ "action": "pass" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json()["error"]["code"], "wrong-state");
    let r = t
        .json(
            &filler,
            "POST",
            &format!("/api/items/{id}/transitions"),
            json!({ "action": "submit" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = t
        .json(
            &dept,
            "POST",
            &format!("/api/items/{id}/transitions"),
            json!({ "action": "return" }),
        )
        .await;
    assert_eq!(r.json()["error"]["code"], "opinion-required");
    let r = t
        .json(
            &dept,
            "POST",
            &format!("/api/items/{id}/transitions"),
            json!({ "action": "return", "opinion": "请补充三公经费明细" }),
        )
        .await;
    assert_eq!(r.json()["item"]["state"], "returned");
    // The unit revises: a save based on revision 1.
    let doc = t
        .get(&filler, &format!("/api/items/{id}/document"))
        .await
        .text();
    let revised = doc.replace(
        "name = \"深圳市龙华区政务服务数据管理局\"",
        "name = \"深圳市龙华区政务服务数据管理局（修订）\"",
    );
    assert_ne!(doc, revised);
    let r = t
        .json(
            &filler,
            "PUT",
            &format!("/api/items/{id}/document"),
            json!({ "base_revision": 1, "content": revised }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["revision"], 2);
    let diff = t
        .get(&dept, &format!("/api/items/{id}/diff?from=1&to=2"))
        .await
        .json();
    assert_eq!(diff["changes"][0]["path"], "department.name");
    for (who, action) in [(&filler, "submit"), (&dept, "pass"), (&finance, "confirm")] {
        let r = t
            .json(
                who,
                "POST",
                &format!("/api/items/{id}/transitions"),
                json!({ "action": action }),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{action}: {}", r.text());
    }
    let item = t.get(&filler, &format!("/api/items/{id}")).await.json();
    assert_eq!(item["item"]["state"], "confirmed");
    let actions: Vec<&str> = item["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|h| h["action"].as_str().expect("action"))
        .collect();
    assert_eq!(actions, ["submit", "return", "submit", "pass", "confirm"]);
    assert_eq!(item["history"][1]["opinion"], "请补充三公经费明细");
    assert!(tokio::task::block_in_place(|| t.store.verify_audit())
        .expect("db")
        .is_ok());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stale_save_is_a_conflict_that_shows_what_changed() {
    let t = T::sqlite();
    let s = t.login("tb201").await;
    let id = t.item_of("201").await;
    let doc = t.get(&s, &format!("/api/items/{id}/document")).await.text();
    let a = doc.replace("total = \"23260\"", "total = \"23261\"");
    let b = doc.replace("total = \"23260\"", "total = \"23262\"");
    assert!(a != doc && b != doc);
    let first = t
        .json(
            &s,
            "PUT",
            &format!("/api/items/{id}/document"),
            json!({ "base_revision": 1, "content": a }),
        )
        .await;
    assert_eq!(first.status, StatusCode::OK);
    let second = t
        .json(
            &s,
            "PUT",
            &format!("/api/items/{id}/document"),
            json!({ "base_revision": 1, "content": b }),
        )
        .await;
    assert_eq!(second.status, StatusCode::CONFLICT);
    let c = &second.json()["error"]["conflict"];
    assert_eq!(c["current_revision"], 2);
    assert_eq!(c["changes"][0]["path"], "budget.initial.total");
    assert_eq!(c["changes"][0]["before"], "23260");
    assert_eq!(c["changes"][0]["after"], "23261");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_evaluation_is_the_cli_json_of_the_stored_document() {
    let t = T::sqlite();
    let s = t.login("tb201").await;
    let id = t.item_of("201").await;
    let doc = t.get(&s, &format!("/api/items/{id}/document")).await.text();
    let got = t
        .get(&s, &format!("/api/items/{id}/evaluation"))
        .await
        .json();
    // What `jixiao evaluate department.toml --format json` prints (cmd/evaluate.rs): the
    // input (origin, sha256, diagnostics) and the evaluation flattened beside it.
    let loaded = jixiao_io::parse_toml(&doc, "department.toml").expect("valid");
    let framework = jixiao_engine::builtin("longhua-4e").expect("builtin");
    let mut expected =
        serde_json::to_value(jixiao_engine::evaluate(&loaded.model, &framework)).expect("json");
    expected["input"] = json!({ "origin": "department.toml", "sha256": loaded.checksum, "diagnostics": loaded.diagnostics });
    assert_eq!(got, expected);
    assert_eq!(got["total"], longhua_score());
    // The stored document names its framework, so the CLI picks the same one.
    assert!(doc.contains("framework = \"longhua-4e\""));
    assert_eq!(
        got["input"]["sha256"],
        jixiao_store::sha256_hex(doc.as_bytes())
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_workbook_with_a_bad_cell_is_refused_with_the_cell_then_accepted_fixed() {
    let t = T::sqlite();
    let s = t.login("tb201001").await;
    let id = t.item_of("201001").await;
    let (ct, body) = multipart(
        &[("base_revision", "0")],
        "填报.xlsx",
        &fixture("longhua-one-bad-cell.xlsx"),
    );
    let r = t
        .call(
            Some(&s),
            "POST",
            &format!("/api/items/{id}/upload"),
            Some(&ct),
            body,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let p = &r.json()["error"]["problems"][0];
    assert_eq!(p["sheet"], "三公经费");
    assert_eq!(p["cell"], "D4");
    assert_eq!(p["message"], "应为金额，实际为「约33万」");
    // The page shows the same, located.
    let (ct, body) = multipart(
        &[("base_revision", "0"), ("_csrf", &s.csrf)],
        "填报.xlsx",
        &fixture("longhua-one-bad-cell.xlsx"),
    );
    let r = t
        .call(
            Some(&s),
            "POST",
            &format!("/items/{id}/upload"),
            Some(&ct),
            body,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("工作表「三公经费」D4"), "{}", r.text());
    // The good workbook (the server's own, pre-filled) is accepted.
    let filled = jixiao_xlsx::template_bytes(
        &jixiao_io::parse_toml(LONGHUA, "x.toml")
            .expect("valid")
            .model,
    )
    .expect("template");
    let (ct, body) = multipart(&[("base_revision", "0")], "填报.xlsx", &filled);
    let r = t
        .call(
            Some(&s),
            "POST",
            &format!("/api/items/{id}/upload"),
            Some(&ct),
            body,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let j = r.json();
    assert_eq!(
        (j["revision"].as_i64(), j["errors"].as_i64()),
        (Some(1), Some(0))
    );
    let revs = t
        .get(&s, &format!("/api/items/{id}/revisions"))
        .await
        .json();
    assert_eq!(revs["revisions"][0]["source"], "upload:xlsx");
}

#[tokio::test(flavor = "multi_thread")]
async fn uploads_have_size_and_type_limits_with_clear_messages() {
    let t = T::sqlite();
    let s = t.login("tb201001").await;
    let id = t.item_of("201001").await;
    let (ct, body) = multipart(&[("base_revision", "0")], "报告.pdf", b"%PDF-1.4");
    let r = t
        .call(
            Some(&s),
            "POST",
            &format!("/api/items/{id}/upload"),
            Some(&ct),
            body,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(r.json()["error"]["message"]
        .as_str()
        .expect("message")
        .contains("不支持的文件类型「报告.pdf」"));
    let (ct, body) = multipart(&[("base_revision", "0")], "伪装.xlsx", b"just text");
    let r = t
        .call(
            Some(&s),
            "POST",
            &format!("/api/items/{id}/upload"),
            Some(&ct),
            body,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let big = vec![b'a'; jixiao_server::MAX_UPLOAD + 10];
    let (ct, body) = multipart(&[("base_revision", "0")], "big.toml", &big);
    let r = t
        .call(
            Some(&s),
            "POST",
            &format!("/api/items/{id}/upload"),
            Some(&ct),
            body,
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text());
    assert!(r.json()["error"]["message"]
        .as_str()
        .expect("message")
        .contains("上传上限为 10 MB"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_editor_is_drawn_from_the_workbook_layout_and_locates_errors_at_fields() {
    let t = T::sqlite();
    let s = t.login("tb201001").await;
    let id = t.item_of("201001").await;
    let page = t.get(&s, &format!("/items/{id}/edit?sheet=3")).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    // Every sheet of the workbook is a section; every form field of 三公经费 is an input.
    for sheet in jixiao_xlsx::layout(None) {
        assert!(html.contains(sheet.name), "{}", sheet.name);
    }
    assert!(html.contains("name=\"f:sangong.actual.total\""));
    // A value the importer would refuse is refused at its field, nothing is saved.
    let r = t
        .form(
            &s,
            &format!("/items/{id}/edit?sheet=3"),
            &[("base_revision", "0"), ("f:sangong.actual.total", "约3万")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("应为金额，实际为「约3万」"));
    assert_eq!(
        t.get(&s, &format!("/api/items/{id}")).await.json()["item"]["revision"],
        0
    );
    // "3500 元" is exact, as in a workbook cell.
    let r = t
        .form(
            &s,
            &format!("/items/{id}/edit?sheet=3"),
            &[
                ("base_revision", "0"),
                ("f:sangong.actual.total", "3500 元"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let doc = t.get(&s, &format!("/api/items/{id}/document")).await.text();
    assert!(doc.contains("total = \"0.35\""), "{doc}");
}

#[tokio::test(flavor = "multi_thread")]
async fn user_text_is_escaped_on_every_page() {
    let t = T::sqlite();
    t.store
        .import_organisations(
            "test",
            &[jixiao_store::NewOrg {
                code: "201001".into(),
                name: "<script>alert('x')</script>中心".into(),
                kind: jixiao_store::OrgKind::Unit,
                parent_code: Some("201".into()),
                owner_division_code: None,
            }],
        )
        .expect("rename");
    let filler = t.login("tb201001").await;
    let dept = t.login("bmsh201").await;
    let id = t.item_of("201001").await;
    let r = t
        .form(
            &filler,
            &format!("/items/{id}/edit?sheet=0"),
            &[
                ("base_revision", "0"),
                ("f:department.functions", "<img src=x onerror=alert(1)>"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    t.json(
        &filler,
        "POST",
        &format!("/api/items/{id}/transitions"),
        json!({ "action": "submit" }),
    )
    .await;
    let r = t
        .json(
            &dept,
            "POST",
            &format!("/api/items/{id}/transitions"),
            json!({ "action": "return", "opinion": "<script>steal()</script>" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    for path in [
        format!("/items/{id}"),
        "/items".to_string(),
        "/todo".to_string(),
        format!("/items/{id}/edit?sheet=0"),
        format!("/items/{id}/revisions?from=0&to=1"),
    ] {
        let html = t.get(&filler, &path).await.text();
        assert!(!html.contains("<script>alert"), "{path}");
        assert!(!html.contains("<script>steal"), "{path}");
        assert!(!html.contains("<img src=x"), "{path}");
    }
    let html = t.get(&filler, &format!("/items/{id}")).await.text();
    assert!(
        html.contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;&#x2f;script&gt;中心")
            || html.contains("&lt;script&gt;"),
        "{html}"
    );
    assert!(html.contains("&lt;script&gt;steal()"));
}

#[tokio::test(flavor = "multi_thread")]
async fn errors_never_show_internals() {
    let t = T::sqlite();
    let s = t.login("tb201").await;
    for (method, path, body) in [
        ("PUT", "/api/items/1/document", "{\"base_revision\": \"x\"}"),
        ("POST", "/api/items/1/transitions", "not json"),
        ("POST", "/api/tasks", "{}"),
        ("GET", "/api/items/abc", ""),
        ("GET", "/api/items/99999999999999999999", ""),
        ("GET", "/api/items?todo=maybe", ""),
    ] {
        let r = t
            .call(
                Some(&s),
                method,
                path,
                Some("application/json"),
                body.as_bytes().to_vec(),
            )
            .await;
        assert!(r.status.is_client_error(), "{method} {path}: {}", r.status);
        let text = r.text();
        for leak in ["sqlite", "SQLITE", "rusqlite", "panicked", "/work/", "src/"] {
            assert!(!text.contains(leak), "{method} {path} leaks {leak}: {text}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn tasks_are_opened_and_locked_by_the_performance_administrator() {
    let t = T::sqlite();
    let admin = t.login("jxk").await;
    let filler = t.login("tb202001").await;
    let body = json!({ "title": "2022 年度部门整体绩效自评", "year": 2022, "framework": "mof-2013-dept", "opens_on": "2023-01-01", "due_on": "2023-03-31", "org_codes": ["202", "202001"], "grade_bands": "优=[85,100];良=[75,85);中=[60,75);差=[0,60)" });
    let r = t.json(&filler, "POST", "/api/tasks", body.clone()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = t.json(&admin, "POST", "/api/tasks", body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let task = r.json()["id"].as_i64().expect("id");
    // The unit sees its new item, overdue (the window ended in 2023).
    let items = t
        .get(&filler, &format!("/api/items?task={task}"))
        .await
        .json();
    assert_eq!(items["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(items["items"][0]["overdue"], true);
    let todo = t.get(&filler, "/api/items?todo=true").await.json();
    assert_eq!(todo["items"].as_array().map(Vec::len), Some(2));
    let r = t
        .json(
            &admin,
            "POST",
            &format!("/api/tasks/{task}/lock"),
            json!({ "locked": true }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let id = items["items"][0]["id"].as_i64().expect("id");
    let r = t
        .json(
            &filler,
            "PUT",
            &format!("/api/items/{id}/document"),
            json!({ "base_revision": 0, "content": LONGHUA }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json()["error"]["code"], "locked");
    // The task's grade bands are used.
    t.json(
        &admin,
        "POST",
        &format!("/api/tasks/{task}/lock"),
        json!({ "locked": false }),
    )
    .await;
    let r = t.json(&filler, "PUT", &format!("/api/items/{id}/document"), json!({ "base_revision": 0, "content": LONGHUA.replace("framework = \"longhua-4e\"", "") })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

#[tokio::test(flavor = "multi_thread")]
async fn reports_and_the_workbook_download_from_the_item() {
    let t = T::sqlite();
    let s = t.login("bmsh201").await;
    let id = t.item_of("201").await;
    let r = t
        .get(&s, &format!("/api/items/{id}/report?format=docx"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.starts_with(b"PK"));
    assert!(r.headers[header::CONTENT_DISPOSITION]
        .to_str()
        .expect("ascii")
        .contains("filename*=UTF-8''"));
    let r = t
        .get(&s, &format!("/api/items/{id}/report?format=html"))
        .await;
    assert!(r.text().contains("部门整体绩效评价报告"));
    let r = t.get(&s, &format!("/api/items/{id}/workbook")).await;
    assert_eq!(r.status, StatusCode::OK);
    let back = jixiao_xlsx::read_workbook_bytes(&r.body).expect("the server's workbook reads back");
    assert_eq!(
        back.department.name.as_deref(),
        Some("深圳市龙华区政务服务数据管理局")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_renders_for_every_role() {
    let t = T::sqlite();
    let id = t.item_of("201").await;
    for user in [
        "jxk", "czsh1", "bmsh201", "tb201", "fz201001", "pj900", "rd",
    ] {
        let s = t.login(user).await;
        for path in ["/todo", "/items", "/tasks", "/tokens", "/tasks/new"] {
            let r = t.get(&s, path).await;
            let ok = r.status == StatusCode::OK
                || (path == "/tasks/new" && r.status == StatusCode::FORBIDDEN && user != "jxk");
            assert!(ok, "{user} {path}: {}", r.status);
        }
        let r = t.get(&s, &format!("/items/{id}")).await;
        let visible = ["jxk", "czsh1", "bmsh201", "tb201"].contains(&user);
        assert_eq!(
            r.status,
            if visible {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            },
            "{user}"
        );
        if visible {
            for sub in ["edit", "text", "score", "revisions?from=0&to=1"] {
                let r = t.get(&s, &format!("/items/{id}/{sub}")).await;
                assert_eq!(r.status, StatusCode::OK, "{user} {sub}: {}", r.text());
            }
        }
    }
}

#[test]
fn the_templates_parse() {
    let env = jixiao_server::templates::env();
    assert!(env.get_template("item.html").is_ok());
}
