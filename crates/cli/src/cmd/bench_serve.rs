//! `jixiao bench serve`: the web system under load, measured from outside.
//!
//! Builds a bureau in a fresh SQLite data directory (or the PostgreSQL database named by
//! `JIXIAO_BENCH_DATABASE`): a 财政局 with 10 业务科室, 50 主管部门 with 9 预算单位 each (500
//! organisations that fill in), four yearly 自评 tasks covering all 500, and one saved
//! revision of a synthetic department-year (`jixiao_model::synth`) in each of the 2,000
//! items. Starts `jixiao serve` on loopback as its own process, and drives it with 50
//! concurrent clients (one 填报人 each, on their own unit's item), each doing a bounded
//! number of rounds of: save (PUT the document: validate + evaluate + store a revision),
//! the item page, and the task list page (the 部门审核人's list of its department's items).
//! Then the 绩效管理员's list of one task's 500 items. Reports p50/p99 per kind and the
//! server's resident memory (VmRSS now, VmHWM peak) from /proc. Then the task dashboard on
//! a task of 2,000 department-years at 20 concurrent clients (`bench_dashboard.rs`).
//!
//! Timings are the one place this module does float arithmetic.
#![allow(clippy::float_arithmetic)]

use std::collections::HashMap;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use jixiao_store::{NewOrg, NewTask, OrgKind, Role, Store};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use super::bench::Args;
use crate::Lang;

const DEPARTMENTS: usize = 50;
const UNITS_PER_DEPARTMENT: usize = 9;
const YEARS: [i64; 4] = [2021, 2022, 2023, 2024];
const CLIENTS: usize = 50;
pub(super) const PASSWORD: &str = "bench-password-1";

/// A keep-alive HTTP/1.1 connection (enough of the protocol for this benchmark).
pub(super) struct Conn {
    stream: BufReader<TcpStream>,
    host: String,
}

impl Conn {
    async fn open(addr: &str) -> anyhow::Result<Conn> {
        let s = TcpStream::connect(addr).await?;
        s.set_nodelay(true)?;
        Ok(Conn {
            stream: BufReader::new(s),
            host: addr.to_string(),
        })
    }

    pub(super) async fn request(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> anyhow::Result<(u16, Vec<(String, String)>, Vec<u8>)> {
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n",
            self.host,
            body.len()
        );
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        let w = self.stream.get_mut();
        w.write_all(req.as_bytes()).await?;
        w.write_all(body).await?;
        let mut line = String::new();
        self.stream.read_line(&mut line).await?;
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .context("bad status line")?;
        let mut hs = Vec::new();
        loop {
            line.clear();
            self.stream.read_line(&mut line).await?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                hs.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
            }
        }
        let len: usize = hs
            .iter()
            .find(|(k, _)| k == "content-length")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let mut buf = vec![0; len];
        self.stream.read_exact(&mut buf).await?;
        Ok((status, hs, buf))
    }
}

pub(super) fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

pub(super) fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// The server's CPU time (user + system) so far, from /proc/PID/stat.
fn cpu(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 = fields.get(11).and_then(|v| v.parse().ok()).unwrap_or(0)
        + fields.get(12).and_then(|v| v.parse().ok()).unwrap_or(0);
    // Linux reports in clock ticks of 1/100 s.
    Duration::from_millis(ticks * 10)
}

fn rss(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| -> u64 {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

struct Built {
    /// (username, item id) of the 50 clients.
    clients: Vec<(String, i64)>,
    /// Username of a 部门审核人 per client (its department), and the task id.
    reviewers: Vec<String>,
    task: i64,
}

fn build(store: &Store) -> anyhow::Result<Built> {
    let mut orgs = vec![NewOrg {
        code: "B".into(),
        name: "基准测试财政局".into(),
        kind: OrgKind::Bureau,
        parent_code: None,
        owner_division_code: None,
    }];
    for d in 0..10 {
        orgs.push(NewOrg {
            code: format!("B-{d:02}"),
            name: format!("业务科室{d}"),
            kind: OrgKind::Division,
            parent_code: Some("B".into()),
            owner_division_code: None,
        });
    }
    let mut fillable = Vec::new();
    for p in 0..DEPARTMENTS {
        let code = format!("{:03}", p + 100);
        orgs.push(NewOrg {
            code: code.clone(),
            name: format!("部门{p}"),
            kind: OrgKind::Department,
            parent_code: Some("B".into()),
            owner_division_code: Some(format!("B-{:02}", p % 10)),
        });
        fillable.push(code.clone());
        for u in 0..UNITS_PER_DEPARTMENT {
            let unit = format!("{code}{u:03}");
            orgs.push(NewOrg {
                code: unit.clone(),
                name: format!("部门{p}下属单位{u}"),
                kind: OrgKind::Unit,
                parent_code: Some(code.clone()),
                owner_division_code: None,
            });
            fillable.push(unit);
        }
    }
    store.import_organisations("bench", &orgs)?;
    let admin_id = store.upsert_account("bench", "admin", "绩效管理员", PASSWORD)?;
    store.grant("bench", admin_id, "B", Role::PerfAdmin)?;
    let admin = store.scope_for_account(admin_id)?.context("admin")?;
    let mut tasks = Vec::new();
    for y in YEARS {
        tasks.push(store.create_task(
            &admin,
            &NewTask {
                title: format!("{y} 年度部门整体绩效自评"),
                year: y,
                stage: "self_eval".into(),
                framework: "mof-2013-dept".into(),
                grade_bands: String::new(),
                opens_on: format!("{}-01-01", y + 1),
                due_on: "2099-12-31".into(),
                org_codes: fillable.clone(),
            },
        )?);
    }
    // One filler per organisation (so each item is saved by its own unit), one reviewer per
    // department.
    let mut fillers: HashMap<String, jixiao_store::Scope> = HashMap::new();
    for (i, code) in fillable.iter().enumerate() {
        let name = format!("f{code}");
        let id = store.upsert_account("bench", &name, &format!("填报人{i}"), PASSWORD)?;
        store.grant("bench", id, code, Role::Filler)?;
        fillers.insert(
            code.clone(),
            store.scope_for_account(id)?.context("filler")?,
        );
        if code.len() == 3 {
            let r = store.upsert_account(
                "bench",
                &format!("r{code}"),
                &format!("审核人{code}"),
                PASSWORD,
            )?;
            store.grant("bench", r, code, Role::DeptReviewer)?;
        }
    }
    let items = store.items(&admin, &jixiao_store::ItemFilter::default())?;
    eprintln!(
        "  {} 个组织，{} 个事项；写入每个事项的第 1 版……",
        orgs.len(),
        items.len()
    );
    for (n, item) in items.iter().enumerate() {
        let scope = &fillers[&item.org_code];
        let mut model = jixiao_model::synth::department_year(n as u64);
        model.department.name = Some(item.org_name.clone());
        model.department.code = Some(item.org_code.clone());
        let prepared = jixiao_server::doc::prepare(model, &item.framework, &item.grade_bands, None);
        store
            .save(
                scope,
                item.id,
                0,
                &prepared.document,
                "seed",
                &prepared.summary,
            )
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    // The clients: the first unit of each department, on the latest year's task.
    let task = *tasks.last().context("a task")?;
    let mut clients = Vec::new();
    let mut reviewers = Vec::new();
    for p in 0..CLIENTS.min(DEPARTMENTS) {
        let dept = format!("{:03}", p + 100);
        let unit = format!("{dept}000");
        let item = items
            .iter()
            .find(|i| i.task_id == task && i.org_code == unit)
            .context("client item")?;
        clients.push((format!("f{unit}"), item.id));
        reviewers.push(format!("r{dept}"));
    }
    Ok(Built {
        clients,
        reviewers,
        task,
    })
}

pub(super) async fn login(addr: &str, user: &str) -> anyhow::Result<(Conn, String, String)> {
    let mut c = Conn::open(addr).await?;
    let body = serde_json::json!({ "username": user, "password": PASSWORD }).to_string();
    let (status, headers, body) = c
        .request(
            "POST",
            "/api/session",
            &[("Content-Type", "application/json")],
            body.as_bytes(),
        )
        .await?;
    if status != 200 {
        bail!("login {user}: {status}");
    }
    let cookie = headers
        .iter()
        .find(|(k, _)| k == "set-cookie")
        .and_then(|(_, v)| v.split(';').next())
        .context("cookie")?
        .to_string();
    let csrf = serde_json::from_slice::<serde_json::Value>(&body)?["csrf_token"]
        .as_str()
        .context("csrf")?
        .to_string();
    Ok((c, cookie, csrf))
}

pub fn run(args: &Args, lang: Lang) -> anyhow::Result<ExitCode> {
    let _ = lang;
    let rounds = args.n.clamp(1, 200);
    let database = std::env::var("JIXIAO_BENCH_DATABASE").ok();
    let dir = std::env::temp_dir().join(format!(
        "jixiao-bench-serve-{}",
        jixiao_store::random_hex(4)
    ));
    let db_args: Vec<String> = match &database {
        Some(url) => vec!["--database".into(), url.clone()],
        None => vec!["--data".into(), dir.display().to_string()],
    };
    eprintln!(
        "生成基准数据（{}）……",
        if database.is_some() {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    );
    let started = Instant::now();
    let built = {
        let store = match &database {
            Some(url) => Store::open_postgres(url)?,
            None => Store::open_dir(&dir)?,
        }
        .with_fast_hashes();
        let built = build(&store)?;
        let dashboard = super::bench_dashboard::build(&store)?;
        (built, dashboard)
    };
    let (built, dashboard) = built;
    eprintln!("  用时 {:.1} s", started.elapsed().as_secs_f64());
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let addr = format!("127.0.0.1:{port}");
    let mut server = Command::new(std::env::current_exe()?)
        .arg("serve")
        .args(&db_args)
        .args(["--addr", &addr])
        .stdout(Stdio::null())
        .spawn()
        .context("start jixiao serve")?;
    let pid = server.id();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let result = runtime.block_on(async {
        drive(&addr, &built, rounds, pid).await?;
        super::bench_dashboard::drive(&addr, &dashboard, rounds.min(20)).await
    });
    let _ = server.kill();
    let _ = server.wait();
    if database.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    result?;
    Ok(ExitCode::SUCCESS)
}

async fn drive(addr: &str, built: &Built, rounds: usize, pid: u32) -> anyhow::Result<()> {
    for _ in 0..200 {
        if let Ok(mut c) = Conn::open(addr).await {
            if let Ok((200, _, _)) = c.request("GET", "/healthz", &[], b"").await {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (rss_idle, _) = rss(pid);
    let cpu_before = cpu(pid);
    let mut handles = Vec::new();
    let start = Instant::now();
    for (i, (user, item)) in built.clients.iter().cloned().enumerate() {
        let addr = addr.to_string();
        let reviewer = built.reviewers[i].clone();
        let task = built.task;
        handles.push(tokio::spawn(async move {
            let (mut c, cookie, csrf) = login(&addr, &user).await?;
            let (mut rc, rcookie, _) = login(&addr, &reviewer).await?;
            let (_, _, doc) = c
                .request(
                    "GET",
                    &format!("/api/items/{item}/document"),
                    &[("Cookie", &cookie)],
                    b"",
                )
                .await?;
            let doc = String::from_utf8(doc)?;
            let mut base = 1;
            let mut saves = Vec::new();
            let mut pages = Vec::new();
            let mut lists = Vec::new();
            for n in 0..rounds {
                let content = doc.replacen(
                    "[department]",
                    &format!("[department]\npreparer = \"bench-{i}-{n}\""),
                    1,
                );
                let body =
                    serde_json::json!({ "base_revision": base, "content": content }).to_string();
                let t = Instant::now();
                let (status, _, b) = c
                    .request(
                        "PUT",
                        &format!("/api/items/{item}/document"),
                        &[
                            ("Cookie", &cookie),
                            ("X-CSRF-Token", &csrf),
                            ("Content-Type", "application/json"),
                        ],
                        body.as_bytes(),
                    )
                    .await?;
                saves.push(t.elapsed());
                if status != 200 {
                    bail!("save: {status} {}", String::from_utf8_lossy(&b));
                }
                base = serde_json::from_slice::<serde_json::Value>(&b)?["revision"]
                    .as_i64()
                    .context("revision")?;
                let t = Instant::now();
                let (status, _, _) = c
                    .request(
                        "GET",
                        &format!("/items/{item}"),
                        &[("Cookie", &cookie)],
                        b"",
                    )
                    .await?;
                pages.push(t.elapsed());
                if status != 200 {
                    bail!("item page: {status}");
                }
                let t = Instant::now();
                let (status, _, _) = rc
                    .request(
                        "GET",
                        &format!("/items?task={task}"),
                        &[("Cookie", &rcookie)],
                        b"",
                    )
                    .await?;
                lists.push(t.elapsed());
                if status != 200 {
                    bail!("task list: {status}");
                }
            }
            Ok::<_, anyhow::Error>((saves, pages, lists))
        }));
    }
    let mut saves = Vec::new();
    let mut pages = Vec::new();
    let mut lists = Vec::new();
    for h in handles {
        let (s, p, l) = h.await??;
        saves.extend(s);
        pages.extend(p);
        lists.extend(l);
    }
    let elapsed = start.elapsed();
    let server_cpu = cpu(pid).saturating_sub(cpu_before);
    let (rss_now, rss_peak) = rss(pid);
    // The 绩效管理员's list of one task's 500 items (sequential, 20 times).
    let (mut ac, acookie, _) = login(addr, "admin").await?;
    let mut admin_lists = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let (status, _, _) = ac
            .request(
                "GET",
                &format!("/items?task={}", built.task),
                &[("Cookie", &acookie)],
                b"",
            )
            .await?;
        admin_lists.push(t.elapsed());
        if status != 200 {
            bail!("admin list: {status}");
        }
    }
    for v in [&mut saves, &mut pages, &mut lists, &mut admin_lists] {
        v.sort();
    }
    let total = saves.len() + pages.len() + lists.len();
    println!("jixiao serve 基准：{} 个并发客户端，每个 {rounds} 轮（保存 + 事项页 + 任务列表页），环回地址", built.clients.len());
    println!(
        "  共 {total} 个请求，用时 {:.1} s（{:.0} 请求/秒）",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64()
    );
    println!(
        "  服务器 CPU 时间 {:.1} s（每个请求平均 {:.2} ms；两个核心由服务器和本基准的客户端共用）",
        server_cpu.as_secs_f64(),
        server_cpu.as_secs_f64() * 1000.0 / total as f64
    );
    println!("  {:<36} {:>8} {:>10} {:>10}", "请求", "次数", "p50", "p99");
    for (name, v) in [
        ("保存（校验 + 评价 + 写入新版本）", &saves),
        ("事项页 /items/{id}", &pages),
        ("任务列表页（部门审核人，10 项）", &lists),
        ("任务列表页（绩效管理员，500 项，串行）", &admin_lists),
    ] {
        println!(
            "  {:<30} {:>8} {:>10} {:>10}",
            name,
            v.len(),
            ms(percentile(v, 0.5)),
            ms(percentile(v, 0.99))
        );
    }
    println!(
        "  服务器常驻内存：空闲 {} MB，负载后 {} MB，峰值 {} MB",
        rss_idle / 1024,
        rss_now / 1024,
        rss_peak / 1024
    );
    Ok(())
}
