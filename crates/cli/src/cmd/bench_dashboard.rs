//! The dashboard part of `jixiao bench serve`: a task of 2,000 department-years (200 主管部门
//! with 9 预算单位 each, synthetic data with self-scores a known number of points above the
//! framework's score) and the same organisations' previous-year task, so the dashboard does
//! everything it can — 偏离度 through `jixiao-review`, ranking, distribution, heat map by
//! 主管部门, year on year, execution against 序时进度. Measured from outside on the running
//! server: the first (cold) request, then 20 concurrent 绩效管理员 clients requesting the
//! JSON dashboard, then the page, p50/p99 each.
//!
//! Timings are the one place this module does float arithmetic.
#![allow(clippy::float_arithmetic)]

use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use jixiao_store::{NewOrg, NewTask, OrgKind, Role, Store};

use super::bench_serve::{login, ms, percentile, Conn, PASSWORD};

const DEPARTMENTS: usize = 200;
const UNITS_PER_DEPARTMENT: usize = 9;
pub const CLIENTS: usize = 20;

pub struct Built {
    pub task: i64,
    pub items: usize,
}

/// Organisations `D000…` under the bench bureau `B` (its divisions `B-00…` must exist), a
/// 2024 task over all 2,000 and a 2023 one, one saved revision in each item.
pub fn build(store: &Store) -> anyhow::Result<Built> {
    let mut orgs = Vec::new();
    let mut fillable = Vec::new();
    for p in 0..DEPARTMENTS {
        let code = format!("D{p:03}");
        orgs.push(NewOrg {
            code: code.clone(),
            name: format!("看板部门{p}"),
            kind: OrgKind::Department,
            parent_code: Some("B".into()),
            owner_division_code: Some(format!("B-{:02}", p % 10)),
        });
        fillable.push(code.clone());
        for u in 0..UNITS_PER_DEPARTMENT {
            let unit = format!("{code}{u:03}");
            orgs.push(NewOrg {
                code: unit.clone(),
                name: format!("看板部门{p}下属单位{u}"),
                kind: OrgKind::Unit,
                parent_code: Some(code.clone()),
                owner_division_code: None,
            });
            fillable.push(unit);
        }
    }
    store.import_organisations("bench", &orgs)?;
    let admin_id = store.upsert_account("bench", "admin", "绩效管理员", PASSWORD)?;
    let admin = store.scope_for_account(admin_id)?.context("admin")?;
    // One filler for all: the store checks the filler's own organisation, so grant it
    // everywhere it saves (a bench shortcut; the workflow is not what is measured here).
    let filler_id = store.upsert_account("bench", "dashfiller", "看板填报人", PASSWORD)?;
    for code in &fillable {
        store.grant("bench", filler_id, code, Role::Filler)?;
    }
    let filler = store.scope_for_account(filler_id)?.context("filler")?;
    let mut task = 0;
    for year in [2023, 2024] {
        task = store.create_task(
            &admin,
            &NewTask {
                title: format!("{year} 年度部门整体绩效自评（看板基准）"),
                year,
                stage: "self_eval".into(),
                framework: "mof-2013-dept".into(),
                grade_bands: String::new(),
                opens_on: format!("{}-01-01", year + 1),
                due_on: "2099-12-31".into(),
                org_codes: fillable.clone(),
            },
        )?;
        let items = store.items(
            &admin,
            &jixiao_store::ItemFilter {
                task_id: Some(task),
                ..Default::default()
            },
        )?;
        eprintln!(
            "  看板基准：{year} 年度任务 {} 个事项，写入第 1 版……",
            items.len()
        );
        for (n, item) in items.iter().enumerate() {
            let seed = (year as u64) * 10_000 + n as u64;
            let prepared = jixiao_server::demo::demo_document(
                seed,
                &item.org_code,
                &item.org_name,
                year as i32,
                &item.framework,
                Some((n % 13) as i64 - 2),
            );
            store
                .save(
                    &filler,
                    item.id,
                    0,
                    &prepared.document,
                    "seed",
                    &prepared.summary,
                )
                .map_err(|e| anyhow::anyhow!("{e}"))?;
        }
    }
    Ok(Built {
        task,
        items: fillable.len(),
    })
}

async fn get(c: &mut Conn, cookie: &str, path: &str) -> anyhow::Result<(Duration, usize)> {
    let t = Instant::now();
    let (status, _, body) = c.request("GET", path, &[("Cookie", cookie)], b"").await?;
    let took = t.elapsed();
    if status != 200 {
        bail!("{path}: {status} {}", String::from_utf8_lossy(&body));
    }
    Ok((took, body.len()))
}

/// Drive the dashboard and print the figures.
pub async fn drive(addr: &str, built: &Built, rounds: usize) -> anyhow::Result<()> {
    let api = format!("/api/tasks/{}/dashboard", built.task);
    let page = format!("/tasks/{}/dashboard", built.task);
    let (mut c, cookie, _) = login(addr, "admin").await?;
    let (cold, api_bytes) = get(&mut c, &cookie, &api).await?;
    let (warm, _) = get(&mut c, &cookie, &api).await?;
    let (_, page_bytes) = get(&mut c, &cookie, &page).await?;
    let (xlsx, xlsx_bytes) = get(&mut c, &cookie, &format!("{api}?format=xlsx")).await?;
    let mut phases = Vec::new();
    for path in [&api, &page] {
        let mut handles = Vec::new();
        let start = Instant::now();
        for _ in 0..CLIENTS {
            let addr = addr.to_string();
            let path = path.clone();
            handles.push(tokio::spawn(async move {
                let (mut c, cookie, _) = login(&addr, "admin").await?;
                let mut times = Vec::new();
                for _ in 0..rounds {
                    times.push(get(&mut c, &cookie, &path).await?.0);
                }
                Ok::<_, anyhow::Error>(times)
            }));
        }
        let mut times = Vec::new();
        for h in handles {
            times.extend(h.await??);
        }
        let elapsed = start.elapsed();
        times.sort();
        phases.push((times, elapsed));
    }
    println!(
        "看板：{} 个事项的任务（另有上年任务，同样 {} 个），{CLIENTS} 个并发客户端（绩效管理员，全部组织），每个 {rounds} 次",
        built.items, built.items
    );
    println!(
        "  首次请求（冷缓存：读取 {} 个版本、评价、复核）{}；第二次 {}；JSON {} KB，页面 {} KB；Excel 导出 {}（{} KB）",
        built.items,
        ms(cold),
        ms(warm),
        api_bytes / 1024,
        page_bytes / 1024,
        ms(xlsx),
        xlsx_bytes / 1024
    );
    println!(
        "  {:<36} {:>8} {:>10} {:>10} {:>10}",
        "请求", "次数", "p50", "p99", "每秒"
    );
    for (name, (v, elapsed)) in [
        ("看板 JSON /api/tasks/{id}/dashboard", &phases[0]),
        ("看板页面 /tasks/{id}/dashboard", &phases[1]),
    ] {
        println!(
            "  {:<30} {:>8} {:>10} {:>10} {:>10.0}",
            name,
            v.len(),
            ms(percentile(v, 0.5)),
            ms(percentile(v, 0.99)),
            v.len() as f64 / elapsed.as_secs_f64()
        );
    }
    Ok(())
}
