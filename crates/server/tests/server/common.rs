//! Test harness: the whole application on a fresh store seeded with the demo bureau, driven
//! with `oneshot` (no socket).

#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use jixiao_server::{app, AppState, Config};
use jixiao_store::testing::Guard;
use jixiao_store::Store;
use tower::ServiceExt;

pub struct T {
    pub app: Router,
    pub store: Arc<Store>,
    pub passwords: HashMap<String, String>,
    _guard: Guard,
}

#[derive(Clone, Debug)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
    pub username: String,
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

impl T {
    pub fn sqlite() -> T {
        T::on(jixiao_store::testing::sqlite())
    }

    pub fn on(ts: jixiao_store::testing::TestStore) -> T {
        let (store, guard) = ts.into_parts();
        let accounts = jixiao_server::demo::seed(&store).expect("seed the demo bureau");
        let passwords = accounts
            .into_iter()
            .map(|a| (a.username, a.password))
            .collect();
        let state = AppState::new(store, Config::default());
        T {
            store: Arc::clone(&state.store),
            app: app(state),
            passwords,
            _guard: guard,
        }
    }

    pub async fn send(&self, req: Request<Body>) -> Resp {
        let res = self
            .app
            .clone()
            .oneshot(req)
            .await
            .expect("the app answers");
        let status = res.status();
        let headers = res.headers().clone();
        let body = res
            .into_body()
            .collect()
            .await
            .expect("a body")
            .to_bytes()
            .to_vec();
        Resp {
            status,
            headers,
            body,
        }
    }

    pub async fn login(&self, username: &str) -> Session {
        let password = self
            .passwords
            .get(username)
            .unwrap_or_else(|| panic!("no demo account {username}"));
        let r = self
            .send(
                Request::post("/api/session")
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from(
                        serde_json::json!({ "username": username, "password": password })
                            .to_string(),
                    ))
                    .expect("request"),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "login {username}: {}", r.text());
        let cookie = r
            .headers
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .expect("a session cookie")
            .to_string();
        let csrf = r.json()["csrf_token"]
            .as_str()
            .expect("csrf_token")
            .to_string();
        Session {
            cookie,
            csrf,
            username: username.to_string(),
        }
    }

    /// A request with the session cookie and (for non-GET) the CSRF header.
    pub async fn call(
        &self,
        s: Option<&Session>,
        method: &str,
        path: &str,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> Resp {
        let mut b = Request::builder().method(method).uri(path);
        if let Some(s) = s {
            b = b.header(header::COOKIE, &s.cookie);
            if method != "GET" {
                b = b.header("x-csrf-token", &s.csrf);
            }
        }
        if let Some(ct) = content_type {
            b = b.header(header::CONTENT_TYPE, ct);
        }
        self.send(b.body(Body::from(body)).expect("request")).await
    }

    pub async fn get(&self, s: &Session, path: &str) -> Resp {
        self.call(Some(s), "GET", path, None, Vec::new()).await
    }

    pub async fn json(
        &self,
        s: &Session,
        method: &str,
        path: &str,
        body: serde_json::Value,
    ) -> Resp {
        self.call(
            Some(s),
            method,
            path,
            Some("application/json"),
            body.to_string().into_bytes(),
        )
        .await
    }

    pub async fn form(&self, s: &Session, path: &str, fields: &[(&str, &str)]) -> Resp {
        let mut all: Vec<(&str, &str)> = vec![("_csrf", s.csrf.as_str())];
        all.extend_from_slice(fields);
        let body = serde_urlencoded::to_string(&all).expect("form");
        self.call(
            Some(s),
            "POST",
            path,
            Some("application/x-www-form-urlencoded"),
            body.into_bytes(),
        )
        .await
    }

    /// The id of the demo task's item for an organisation (seen as the 绩效管理员). The demo
    /// task is the first; the second is last year's, closed.
    pub async fn item_of(&self, org_code: &str) -> i64 {
        let admin = self.login("jxk").await;
        let items = self.get(&admin, "/api/items?task=1").await.json();
        items["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|i| i["org_code"] == org_code)
            .and_then(|i| i["id"].as_i64())
            .unwrap_or_else(|| panic!("no item for {org_code}"))
    }
}

/// A multipart body with one file and the given fields.
pub fn multipart(fields: &[(&str, &str)], filename: &str, file: &[u8]) -> (String, Vec<u8>) {
    let boundary = "jixiao-test-boundary-7d93";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

pub fn fixture(name: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/xlsx")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

pub const LONGHUA: &str = include_str!("../../../../examples/longhua-zwfw-2021/department.toml");
