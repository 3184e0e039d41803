//! `jixiao admin`: administration of a server's database — the first administrator, the
//! organisation tree from a workbook, the audit log's integrity, backup and restore.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use jixiao_store::{Dump, DumpTable, NewOrg, OrgKind, Role, Store};

use crate::cmd::serve::open_store;
use crate::Lang;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(clap::Args)]
pub struct Db {
    /// 数据目录（内嵌 SQLite）
    #[arg(long, value_name = "DIR", conflicts_with = "database", global = true)]
    pub data: Option<PathBuf>,
    /// PostgreSQL 连接串
    #[arg(long, value_name = "URL", global = true)]
    pub database: Option<String>,
}

#[derive(clap::Subcommand)]
pub enum Command {
    /// 创建第一个管理员（绩效管理员）；密码从终端输入，不回显
    Init {
        #[command(flatten)]
        db: Db,
        /// 用户名
        #[arg(long, default_value = "admin")]
        username: String,
        /// 财政局的组织编码（不存在时创建）
        #[arg(long, default_value = "000000")]
        org_code: String,
        /// 财政局名称（创建时使用）
        #[arg(long, default_value = "财政局")]
        org_name: String,
        /// 从标准输入读取密码（供脚本使用；一行）
        #[arg(long)]
        password_stdin: bool,
    },
    /// 从 Excel 工作簿导入组织树（编码、名称、类型、上级编码、归口科室编码）
    ImportOrgs {
        /// 工作簿
        file: PathBuf,
        #[command(flatten)]
        db: Db,
    },
    /// 校验审计日志的哈希链；被修改或删除的条目以退出码 1 报告
    VerifyLog {
        #[command(flatten)]
        db: Db,
    },
    /// 备份整个数据库到一个 .tar.zst 文件
    Backup {
        #[command(flatten)]
        db: Db,
        /// 备份文件
        #[arg(short, long)]
        output: PathBuf,
    },
    /// 从备份恢复到一个空的数据目录或空数据库
    Restore {
        /// 备份文件
        file: PathBuf,
        #[command(flatten)]
        db: Db,
    },
}

fn open(db: &Db, lang: Lang) -> anyhow::Result<Store> {
    open_store(db.data.as_deref(), db.database.as_deref(), lang)
}

fn read_password(from_stdin: bool) -> anyhow::Result<String> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        return Ok(line.trim_end_matches(['\n', '\r']).to_string());
    }
    let first =
        rpassword::prompt_password("新管理员密码（至少 8 位）：").context("无法从终端读取密码")?;
    let again = rpassword::prompt_password("再输入一次：").context("无法从终端读取密码")?;
    if first != again {
        bail!("两次输入的密码不一致");
    }
    Ok(first)
}

pub fn run(args: Args, lang: Lang) -> anyhow::Result<ExitCode> {
    match args.command {
        Command::Init {
            db,
            username,
            org_code,
            org_name,
            password_stdin,
        } => {
            let store = open(&db, lang)?;
            let password = read_password(password_stdin)?;
            if !store
                .all_organisations()?
                .iter()
                .any(|o| o.code == org_code)
            {
                store.import_organisations(
                    "admin",
                    &[NewOrg {
                        code: org_code.clone(),
                        name: org_name,
                        kind: OrgKind::Bureau,
                        parent_code: None,
                        owner_division_code: None,
                    }],
                )?;
            }
            let id = store.upsert_account("admin", &username, "系统管理员", &password)?;
            store.grant("admin", id, &org_code, Role::PerfAdmin)?;
            println!("已创建管理员 {username}（{org_code} 绩效管理员）");
            Ok(ExitCode::SUCCESS)
        }
        Command::ImportOrgs { file, db } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("无法读取 {}", file.display()))?;
            let orgs = match jixiao_server::orgs_import::read(&bytes) {
                Ok(o) => o,
                Err(problems) => {
                    for p in &problems {
                        eprintln!("错误：{}：{p}", file.display());
                    }
                    bail!(
                        "{} 有 {} 个问题，未导入任何组织",
                        file.display(),
                        problems.len()
                    );
                }
            };
            let store = open(&db, lang)?;
            let n = store.import_organisations("admin", &orgs)?;
            println!("已导入 {n} 个组织");
            Ok(ExitCode::SUCCESS)
        }
        Command::VerifyLog { db } => {
            let store = open(&db, lang)?;
            match store.verify_audit()? {
                Ok(n) => {
                    println!("审计日志完整：共 {n} 条，哈希链校验通过");
                    Ok(ExitCode::SUCCESS)
                }
                Err(b) => {
                    println!("审计日志被篡改：{b}");
                    Ok(ExitCode::from(1))
                }
            }
        }
        Command::Backup { db, output } => {
            let store = open(&db, lang)?;
            let dump = store.export()?;
            let bytes = pack(&dump)?;
            std::fs::write(&output, &bytes)
                .with_context(|| format!("无法写入 {}", output.display()))?;
            let rows: usize = dump.tables.values().map(|t| t.rows.len()).sum();
            println!(
                "已备份 {} 张表共 {rows} 行到 {}（{} 字节）",
                dump.tables.len(),
                output.display(),
                bytes.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Restore { file, db } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("无法读取 {}", file.display()))?;
            let dump = unpack(&bytes)
                .with_context(|| format!("{} 不是 jixiao 备份文件", file.display()))?;
            let store = open(&db, lang)?;
            store.import(&dump)?;
            match store.verify_audit()? {
                Ok(n) => println!("已恢复；审计日志 {n} 条，校验通过"),
                Err(b) => println!("已恢复，但备份中的审计日志不完整：{b}"),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The backup file: a zstd-compressed tar of `manifest.json` and one JSON-lines file per
/// table (`tables/<name>.jsonl`: the column names, then one row a line). Plain data any
/// tool can read.
pub fn pack(dump: &Dump) -> anyhow::Result<Vec<u8>> {
    let mut tar = tar::Builder::new(Vec::new());
    let manifest = serde_json::json!({
        "format": dump.format,
        "schema_version": dump.schema_version,
        "program": format!("jixiao {}", env!("CARGO_PKG_VERSION")),
        "created_at": jixiao_store::now_rfc3339(),
        "tables": dump.tables.iter().map(|(k, t)| (k.clone(), t.rows.len())).collect::<std::collections::BTreeMap<_, _>>(),
    });
    let mut add = |name: &str, data: &[u8]| -> anyhow::Result<()> {
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_mtime(0);
        h.set_cksum();
        tar.append_data(&mut h, name, data)?;
        Ok(())
    };
    add(
        "manifest.json",
        serde_json::to_string_pretty(&manifest)?.as_bytes(),
    )?;
    for (name, table) in &dump.tables {
        let mut text = serde_json::to_string(&table.columns)?;
        text.push('\n');
        for row in &table.rows {
            text.push_str(&serde_json::to_string(row)?);
            text.push('\n');
        }
        add(&format!("tables/{name}.jsonl"), text.as_bytes())?;
    }
    let raw = tar.into_inner()?;
    Ok(ruzstd::encoding::compress_to_vec(
        &raw[..],
        ruzstd::encoding::CompressionLevel::Fastest,
    ))
}

pub fn unpack(bytes: &[u8]) -> anyhow::Result<Dump> {
    let mut raw = Vec::new();
    let mut decoder =
        ruzstd::decoding::StreamingDecoder::new(bytes).map_err(|e| anyhow::anyhow!("{e}"))?;
    decoder.read_to_end(&mut raw)?;
    let mut archive = tar::Archive::new(&raw[..]);
    let mut format = None;
    let mut schema_version = 0;
    let mut tables = std::collections::BTreeMap::new();
    for entry in archive.entries()? {
        let mut entry = entry?;
        let path = entry.path()?.to_string_lossy().into_owned();
        let mut text = String::new();
        entry.read_to_string(&mut text)?;
        if path == "manifest.json" {
            let m: serde_json::Value = serde_json::from_str(&text)?;
            format = m["format"].as_str().map(str::to_string);
            schema_version = m["schema_version"].as_i64().unwrap_or(0);
        } else if let Some(name) = path
            .strip_prefix("tables/")
            .and_then(|p| p.strip_suffix(".jsonl"))
        {
            let mut lines = text.lines();
            let columns: Vec<String> = serde_json::from_str(lines.next().unwrap_or("[]"))?;
            let rows = lines
                .map(serde_json::from_str)
                .collect::<Result<Vec<_>, _>>()?;
            tables.insert(name.to_string(), DumpTable { columns, rows });
        }
    }
    let Some(format) = format else {
        bail!("缺少 manifest.json")
    };
    let _ = std::io::stdout().flush();
    Ok(Dump {
        format,
        schema_version,
        tables,
    })
}
