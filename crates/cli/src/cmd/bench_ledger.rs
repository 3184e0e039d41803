//! `jixiao bench ledger -n N`: generate N realistic vouchers (`jixiao_ledger::gen`), write
//! the CSV, then on the same file time our import + aggregation (unit × project × month)
//! and DuckDB's (`read_csv` + the same GROUP BY over DECIMAL(18,2), duplicates dropped by
//! 凭证号, refunds netted), in the same run; check that both agree to the 分; print time,
//! rows per second, peak memory and the ratio. Without the duckdb Python package it says
//! how to install it and still prints our figures (`--require-duckdb` makes that a failure).
//!
//! Timings are the one place this module does float arithmetic.
#![allow(clippy::float_arithmetic)]

use std::collections::BTreeMap;
use std::process::{Command, ExitCode};
use std::time::Instant;

use anyhow::Context;
use jixiao_ledger::{By, Granularity, Options};

use super::bench::Args;
use crate::Lang;

/// The DuckDB side, run as `python3 -c SCRIPT CSV OUT`. Prints one JSON line.
const DUCKDB_SCRIPT: &str = r#"
import json, resource, sys, time
try:
    import duckdb
except ImportError:
    print(json.dumps({"error": "no-duckdb"}))
    sys.exit(3)
path, out = sys.argv[1], sys.argv[2]
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
lit = "'" + path.replace("'", "''") + "'"
sql = """
SELECT coalesce("单位编码", '') AS u, coalesce("项目编码", '') AS p,
       strftime("支付日期", '%Y-%m') AS m, sum(net) AS s, count(*) AS n
FROM (
  SELECT DISTINCT ON ("凭证号", net < 0) "单位编码", "项目编码", "支付日期", net
  FROM (
    SELECT *, CASE WHEN "退回标志" = '是' THEN -abs("金额") ELSE "金额" END AS net
    FROM read_csv(""" + lit + """, header = true, delim = ',', quote = '"',
      columns = {'凭证号': 'VARCHAR', '支付日期': 'DATE', '单位编码': 'VARCHAR',
                 '单位名称': 'VARCHAR', '项目编码': 'VARCHAR', '项目名称': 'VARCHAR',
                 '功能分类科目': 'VARCHAR', '经济分类科目': 'VARCHAR', '资金性质': 'VARCHAR',
                 '支付方式': 'VARCHAR', '金额': 'DECIMAL(18,2)', '退回标志': 'VARCHAR'})
  )
)
GROUP BY ALL
"""
t = time.perf_counter()
rows = con.execute(sql).fetchall()
dt = time.perf_counter() - t
with open(out, "w", encoding="utf-8") as f:
    for u, p, m, s, n in rows:
        f.write(f"{u}\t{p}\t{m}\t{s}\t{n}\n")
threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
print(json.dumps({"seconds": dt, "groups": len(rows), "version": duckdb.__version__,
                  "threads": threads,
                  "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"#;

fn mb(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// "2025-07" → cents, per (unit code, project code).
type Sums = BTreeMap<(String, String, String), i128>;

fn cents_of(text: &str) -> Option<i128> {
    let (neg, t) = match text.strip_prefix('-') {
        Some(t) => (true, t),
        None => (false, text),
    };
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    if frac.len() > 2 {
        return None;
    }
    let frac = format!("{frac:0<2}");
    let v: i128 = int.parse::<i128>().ok()? * 100 + frac.parse::<i128>().ok()?;
    Some(if neg { -v } else { v })
}

pub fn run(args: &Args, lang: Lang) -> anyhow::Result<ExitCode> {
    let n = args.n.max(1) as u64;
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join("jixiao-bench-ledger"));
    std::fs::create_dir_all(&dir).with_context(|| format!("无法创建目录 {}", dir.display()))?;
    let path = dir.join(format!("vouchers-{n}.csv"));
    let out_path = dir.join(format!("duckdb-{n}.tsv"));

    eprintln!(
        "{}",
        lang.pick(
            &format!("生成 {n} 条支付凭证 → {} ……", path.display()),
            &format!("generating {n} vouchers → {} …", path.display())
        )
    );
    let t = Instant::now();
    let gen = {
        let file =
            std::fs::File::create(&path).with_context(|| format!("无法写入 {}", path.display()))?;
        let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
        let g = jixiao_ledger::gen::write_vouchers(&mut w, n, 2025, 2025)?;
        std::io::Write::flush(&mut w)?;
        g
    };
    let gen_secs = t.elapsed().as_secs_f64();

    // ours
    let reset = jixiao_ledger::reset_peak_rss();
    let t = Instant::now();
    let mut bad = 0u64;
    let ledger = jixiao_ledger::read_path(&path, &Options::default(), &mut |_| bad += 1)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let sums = ledger.sums(&[By::Unit, By::Project], Granularity::Month);
    let ours_secs = t.elapsed().as_secs_f64();
    let ours_peak = jixiao_ledger::peak_rss_bytes().filter(|_| reset);
    let mut ours: Sums = BTreeMap::new();
    for r in &sums {
        // key: unit code, unit name, project code, project name
        let u = r.key.first().cloned().unwrap_or_default();
        let p = r.key.get(2).cloned().unwrap_or_default();
        *ours.entry((u, p, r.period.clone())).or_default() += r.cents;
    }

    // DuckDB
    let duck = Command::new("python3")
        .arg("-c")
        .arg(DUCKDB_SCRIPT)
        .arg(&path)
        .arg(&out_path)
        .output();
    let mut duck_result: Option<(f64, Option<u64>, String, String)> = None;
    let mut agree: Option<(bool, usize)> = None;
    let mut duck_missing = false;
    match duck {
        Ok(o) => {
            let stdout = String::from_utf8_lossy(&o.stdout);
            let line = stdout
                .lines()
                .rev()
                .find_map(|l| l.find("{\"").map(|i| &l[i..]))
                .unwrap_or("");
            let v: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
            if v.get("error").and_then(|e| e.as_str()) == Some("no-duckdb") {
                duck_missing = true;
            } else if let Some(secs) = v.get("seconds").and_then(|s| s.as_f64()) {
                let peak = v
                    .get("peak_rss_kb")
                    .and_then(|p| p.as_u64())
                    .map(|kb| kb * 1024);
                let version = v
                    .get("version")
                    .and_then(|s| s.as_str())
                    .unwrap_or("?")
                    .to_string();
                let threads = v.get("threads").map(|t| t.to_string()).unwrap_or_default();
                duck_result = Some((secs, peak, version, threads));
                let text = std::fs::read_to_string(&out_path)
                    .with_context(|| format!("无法读取 DuckDB 结果 {}", out_path.display()))?;
                let mut theirs: Sums = BTreeMap::new();
                for l in text.lines() {
                    let f: Vec<&str> = l.split('\t').collect();
                    if f.len() < 4 {
                        continue;
                    }
                    let c = cents_of(f[3]).with_context(|| format!("DuckDB 结果无法解析：{l}"))?;
                    *theirs
                        .entry((f[0].to_string(), f[1].to_string(), f[2].to_string()))
                        .or_default() += c;
                }
                let differ = ours
                    .iter()
                    .filter(|(k, v)| theirs.get(*k) != Some(*v))
                    .count()
                    + theirs.keys().filter(|k| !ours.contains_key(*k)).count();
                agree = Some((differ == 0, differ));
            } else {
                anyhow::bail!(
                    "DuckDB 运行失败：{}{}",
                    String::from_utf8_lossy(&o.stderr),
                    stdout
                );
            }
        }
        Err(_) => duck_missing = true,
    }
    if !args.keep {
        let _ = std::fs::remove_file(&path);
        let _ = std::fs::remove_file(&out_path);
    }

    let s = &ledger.stats;
    println!(
        "{}",
        lang.pick(
            "支付凭证导入基准（同一文件：本程序 vs DuckDB）",
            "voucher import benchmark (same file: jixiao vs DuckDB)"
        )
    );
    println!(
        "  凭证 {} 行，{:.1} MB，{} 个单位，{} 个项目；生成用时 {:.2} s",
        gen.rows,
        mb(gen.bytes),
        gen.units,
        gen.projects,
        gen_secs
    );
    println!(
        "  读取结果：计入 {}，重复剔除 {}，退回 {} 笔，无法读取 {}，分组 {}（单位×项目×月 {} 格）",
        s.vouchers,
        s.duplicates,
        s.refunds,
        bad,
        ledger.groups.len(),
        ours.len()
    );
    let peak = |p: Option<u64>| {
        p.map(|b| format!("{:.0} MB", mb(b)))
            .unwrap_or_else(|| "—".into())
    };
    println!(
        "  jixiao   {:>8.3} s  {:>12.0} 行/s  峰值内存 {}",
        ours_secs,
        gen.rows as f64 / ours_secs,
        peak(ours_peak)
    );
    match &duck_result {
        Some((secs, dpeak, version, threads)) => {
            println!(
                "  DuckDB   {:>8.3} s  {:>12.0} 行/s  峰值内存 {}（Python 进程，DuckDB {version}，threads={threads}）",
                secs,
                gen.rows as f64 / secs,
                peak(*dpeak)
            );
            println!(
                "  比值     DuckDB 用时 ÷ jixiao 用时 = {:.2}",
                secs / ours_secs
            );
        }
        None => {
            println!("  DuckDB   未安装：python3 -m pip install duckdb 后重新运行以对比");
        }
    }
    match agree {
        Some((true, _)) => println!("  结果核对：两者逐格一致（精确到分，{} 格）", ours.len()),
        Some((false, differ)) => {
            println!("  结果核对：有 {differ} 格不一致");
            return Ok(ExitCode::from(1));
        }
        None => {}
    }
    if duck_missing && args.require_duckdb {
        eprintln!("错误：未找到 Python 包 duckdb（python3 -m pip install duckdb）");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
