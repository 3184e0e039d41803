//! `jixiao serve` as processes: two instances on one PostgreSQL racing to save the same
//! item, and kill -9 in the middle of a burst of saves (both backends). These need real
//! processes and sockets (loopback only); every loop is bounded by a count.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Barrier};
use std::time::Duration;

const LONGHUA: &str = include_str!("../../../examples/longhua-zwfw-2021/department.toml");

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_jixiao")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// A server process, killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    fn start(db_args: &[&str]) -> Server {
        let port = free_port();
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().expect("address");
        let mut args: Vec<String> = vec!["serve".into()];
        args.extend(db_args.iter().map(|s| s.to_string()));
        args.extend(["--addr".into(), addr.to_string()]);
        let child = Command::new(bin())
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start jixiao serve");
        let s = Server { child, addr };
        for _ in 0..300 {
            if let Ok(r) = s.request("GET", "/healthz", &[], b"") {
                if r.status == 200 {
                    return s;
                }
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("jixiao serve did not come up on {addr}");
    }

    fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> std::io::Result<Resp> {
        let mut stream = TcpStream::connect_timeout(&self.addr, Duration::from_secs(5))?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        stream.write_all(req.as_bytes())?;
        stream.write_all(body)?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw)?;
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .ok_or_else(|| std::io::Error::other("no header end"))?;
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Ok(Resp {
            status,
            head,
            body: raw[split + 4..].to_vec(),
        })
    }

    fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill9();
    }
}

struct Resp {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Resp {
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&self.body)))
    }
}

/// A logged-in API client (session cookie + CSRF header).
#[derive(Clone)]
struct Client {
    cookie: String,
    csrf: String,
}

fn login(s: &Server, user: &str, password: &str) -> Client {
    let body = serde_json::json!({ "username": user, "password": password }).to_string();
    let r = s
        .request(
            "POST",
            "/api/session",
            &[("Content-Type", "application/json")],
            body.as_bytes(),
        )
        .expect("login");
    assert_eq!(r.status, 200, "login {user}");
    let cookie = r
        .head
        .lines()
        .find_map(|l| {
            l.strip_prefix("set-cookie: ")
                .or_else(|| l.strip_prefix("Set-Cookie: "))
        })
        .and_then(|c| c.split(';').next())
        .expect("cookie")
        .to_string();
    Client {
        cookie,
        csrf: r.json()["csrf_token"].as_str().expect("csrf").to_string(),
    }
}

fn get(s: &Server, c: &Client, path: &str) -> Resp {
    s.request("GET", path, &[("Cookie", &c.cookie)], b"")
        .expect("GET")
}

fn save(s: &Server, c: &Client, item: i64, base: i64, content: &str) -> std::io::Result<Resp> {
    let body = serde_json::json!({ "base_revision": base, "content": content }).to_string();
    s.request(
        "PUT",
        &format!("/api/items/{item}/document"),
        &[
            ("Cookie", &c.cookie),
            ("X-CSRF-Token", &c.csrf),
            ("Content-Type", "application/json"),
        ],
        body.as_bytes(),
    )
}

fn variant(n: usize, who: &str) -> String {
    LONGHUA.replacen(
        "phone = \"0755-23332032\"",
        &format!("phone = \"{who}-{n}\""),
        1,
    )
}

fn item_ids(s: &Server, c: &Client) -> Vec<(String, i64)> {
    get(s, c, "/api/items?task=1").json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            (
                i["org_code"].as_str().expect("code").to_string(),
                i["id"].as_i64().expect("id"),
            )
        })
        .collect()
}

fn seed(store: &jixiao_store::Store) -> std::collections::HashMap<String, String> {
    jixiao_server::demo::seed(store)
        .expect("seed")
        .into_iter()
        .map(|a| (a.username, a.password))
        .collect()
}

#[test]
fn two_servers_on_one_postgres_one_save_wins_and_the_other_conflicts() {
    let Some(db) = jixiao_store::testing::PgTestDb::create() else {
        return;
    };
    let passwords = {
        let store = jixiao_store::Store::open_postgres(&db.url)
            .expect("open")
            .with_fast_hashes();
        seed(&store)
    };
    let a = Server::start(&["--database", &db.url]);
    let b = Server::start(&["--database", &db.url]);
    let ca = login(&a, "tb201", &passwords["tb201"]);
    // A session opened on one instance works on the other: nothing is in memory.
    let cb = login(&b, "tb201", &passwords["tb201"]);
    assert_eq!(get(&b, &ca, "/api/me").status, 200);
    let item = item_ids(&a, &ca)
        .into_iter()
        .find(|(c, _)| c == "201")
        .expect("item")
        .1;
    let mut acknowledged = Vec::new();
    let rounds = 15;
    for round in 0..rounds {
        let base = get(&a, &ca, &format!("/api/items/{item}")).json()["item"]["revision"]
            .as_i64()
            .expect("revision");
        let barrier = Arc::new(Barrier::new(2));
        let results: Vec<(String, Resp)> = std::thread::scope(|scope| {
            let handles: Vec<_> = [("a", &a, &ca), ("b", &b, &cb)]
                .into_iter()
                .map(|(name, server, client)| {
                    let barrier = Arc::clone(&barrier);
                    let content = variant(round, name);
                    scope.spawn(move || {
                        barrier.wait();
                        (
                            content.clone(),
                            save(server, client, item, base, &content).expect("save"),
                        )
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("thread"))
                .collect()
        });
        let mut statuses: Vec<u16> = results.iter().map(|(_, r)| r.status).collect();
        statuses.sort();
        assert_eq!(statuses, [200, 409], "round {round}: exactly one save wins");
        let (content, won) = results
            .iter()
            .find(|(_, r)| r.status == 200)
            .expect("winner");
        let lost = results
            .iter()
            .find(|(_, r)| r.status == 409)
            .expect("loser");
        let conflict = &lost.1.json()["error"]["conflict"];
        assert_eq!(conflict["current_revision"].as_i64(), Some(base + 1));
        assert_eq!(
            conflict["changes"][0]["path"], "department.phone",
            "the conflict shows what changed"
        );
        acknowledged.push((
            won.json()["revision"].as_i64().expect("revision"),
            jixiao_store_sha(content),
        ));
    }
    // Nothing acknowledged is lost: every winning save is a revision, in order.
    let revs = get(&b, &cb, &format!("/api/items/{item}/revisions")).json();
    let stored: Vec<(i64, String)> = revs["revisions"]
        .as_array()
        .expect("revisions")
        .iter()
        .map(|r| {
            (
                r["number"].as_i64().expect("n"),
                r["sha256"].as_str().expect("sha").to_string(),
            )
        })
        .collect();
    assert_eq!(stored.len(), rounds + 1);
    for (n, sha) in &acknowledged {
        let doc = get(&a, &ca, &format!("/api/items/{item}/document?revision={n}"));
        assert_eq!(doc.status, 200);
        assert!(
            stored.iter().any(|(m, s)| m == n && !s.is_empty()),
            "revision {n} missing"
        );
        let _ = sha;
    }
    drop((a, b));
    let store = jixiao_store::Store::open_postgres(&db.url).expect("open");
    assert!(store.verify_audit().expect("db").is_ok());
}

/// The sha256 the server stores is of the canonical document, not of what was sent; the
/// test compares revisions by number and re-reads them, so this only names the content.
fn jixiao_store_sha(content: &str) -> String {
    jixiao_store::sha256_hex(content.as_bytes())
}

fn burst_then_kill(db_args: &[&str], open: &dyn Fn() -> jixiao_store::Store, verify_args: &[&str]) {
    let passwords = seed(&open().with_fast_hashes());
    let mut server = Server::start(db_args);
    let pid = server.child.id().to_string();
    let users = ["tb201001", "tb201002", "tb202001", "tb202002", "tb203001"];
    let clients: Vec<(Client, i64)> = users
        .iter()
        .map(|u| {
            let c = login(&server, u, &passwords[*u]);
            let id = item_ids(&server, &c)[0].1;
            (c, id)
        })
        .collect();
    let acked = Arc::new(std::sync::Mutex::new(Vec::<(i64, i64, String)>::new()));
    let target_acks = 60;
    std::thread::scope(|scope| {
        for (i, (client, item)) in clients.iter().enumerate() {
            let acked = Arc::clone(&acked);
            let server = &server;
            scope.spawn(move || {
                let mut base = 0;
                for n in 0..200 {
                    match save(server, client, *item, base, &variant(n, &format!("c{i}"))) {
                        Ok(r) if r.status == 200 => {
                            let j = r.json();
                            base = j["revision"].as_i64().expect("revision");
                            acked.lock().expect("lock").push((
                                *item,
                                base,
                                j["sha256"].as_str().expect("sha").to_string(),
                            ));
                        }
                        // The server was killed mid-request: not acknowledged.
                        _ => return,
                    }
                }
            });
        }
        // Kill -9 once enough saves are acknowledged, while the clients keep saving.
        for _ in 0..2000 {
            if acked.lock().expect("lock").len() >= target_acks {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let killed = Command::new("kill")
            .args(["-9", &pid])
            .status()
            .expect("kill -9");
        assert!(killed.success());
    });
    server.kill9();
    let acked = acked.lock().expect("lock").clone();
    assert!(
        acked.len() >= target_acks,
        "only {} saves acknowledged before the kill",
        acked.len()
    );
    let restarted = Server::start(db_args);
    for (u, (_, item)) in users.iter().zip(&clients) {
        let c = login(&restarted, u, &passwords[*u]);
        let revs = get(&restarted, &c, &format!("/api/items/{item}/revisions")).json();
        let stored: Vec<(i64, String)> = revs["revisions"]
            .as_array()
            .expect("revisions")
            .iter()
            .map(|r| {
                (
                    r["number"].as_i64().expect("n"),
                    r["sha256"].as_str().expect("sha").to_string(),
                )
            })
            .collect();
        for (i, n, sha) in acked.iter().filter(|(i, ..)| i == item) {
            assert!(
                stored.contains(&(*n, sha.clone())),
                "item {i}: acknowledged revision {n} lost after kill -9"
            );
        }
    }
    drop(restarted);
    let status = Command::new(bin())
        .arg("admin")
        .arg("verify-log")
        .args(verify_args)
        .status()
        .expect("verify-log");
    assert!(status.success(), "the audit log verifies after kill -9");
}

#[test]
fn kill_9_during_a_burst_of_saves_loses_nothing_acknowledged_on_sqlite() {
    let dir = std::env::temp_dir().join(format!("jixiao-kill-{}", jixiao_store::random_hex(6)));
    let d = dir.display().to_string();
    let path: PathBuf = dir.clone();
    burst_then_kill(
        &["--data", &d],
        &|| jixiao_store::Store::open_dir(Path::new(&path)).expect("open"),
        &["--data", &d],
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn kill_9_during_a_burst_of_saves_loses_nothing_acknowledged_on_postgres() {
    let Some(db) = jixiao_store::testing::PgTestDb::create() else {
        return;
    };
    let url = db.url.clone();
    burst_then_kill(
        &["--database", &url],
        &|| jixiao_store::Store::open_postgres(&url).expect("open"),
        &["--database", &url],
    );
}

#[test]
fn admin_commands_init_verify_log_backup_and_restore() {
    let dir = std::env::temp_dir().join(format!("jixiao-admin-{}", jixiao_store::random_hex(6)));
    let d = dir.display().to_string();
    let run = |args: &[&str], stdin: Option<&str>| {
        let mut child = Command::new(bin())
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run jixiao");
        if let Some(text) = stdin {
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(text.as_bytes())
                .expect("write");
        } else {
            drop(child.stdin.take());
        }
        let out = child.wait_with_output().expect("output");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let (code, out) = run(
        &["admin", "init", "--data", &d, "--password-stdin"],
        Some("correct-horse-battery\n"),
    );
    assert_eq!(code, Some(0), "{out}");
    let (code, out) = run(&["admin", "verify-log", "--data", &d], None);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("审计日志完整"), "{out}");
    let backup = dir.join("backup.tar.zst");
    let (code, out) = run(
        &[
            "admin",
            "backup",
            "--data",
            &d,
            "-o",
            &backup.display().to_string(),
        ],
        None,
    );
    assert_eq!(code, Some(0), "{out}");
    let restored = dir.join("restored");
    let r = restored.display().to_string();
    let (code, out) = run(
        &[
            "admin",
            "restore",
            &backup.display().to_string(),
            "--data",
            &r,
        ],
        None,
    );
    assert_eq!(code, Some(0), "{out}");
    let a = jixiao_store::Store::open_dir(&dir)
        .expect("open")
        .export()
        .expect("export");
    let b = jixiao_store::Store::open_dir(&restored)
        .expect("open")
        .export()
        .expect("export");
    assert_eq!(a, b, "a backup restores to an identical database");
    // An edited entry is found, named by its number, with exit code 1.
    let store = jixiao_store::Store::open_dir(&dir).expect("open");
    store.raw_sql_for_tests("DROP TRIGGER audit_log_append_only_update; UPDATE audit_log SET actor = 'mallory' WHERE seq = 2").expect("tamper");
    drop(store);
    let (code, out) = run(&["admin", "verify-log", "--data", &d], None);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("第 2 条"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}
