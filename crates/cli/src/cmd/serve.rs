//! `jixiao serve`: the web system. `--demo` seeds a demo bureau into `./jixiao-data` (or
//! `--data`) on first start and prints its accounts; `--data DIR` is embedded SQLite;
//! `--database postgres://…` is PostgreSQL.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use jixiao_server::demo::DemoAccount;
use jixiao_store::Store;

use crate::Lang;

#[derive(clap::Args)]
pub struct Args {
    /// 演示模式：首次启动时生成演示财政局、单位和账号（写入 DATA/demo-accounts.json）
    #[arg(long)]
    pub demo: bool,
    /// 数据目录（内嵌 SQLite）；--demo 时缺省为 ./jixiao-data
    #[arg(long, value_name = "DIR", conflicts_with = "database")]
    pub data: Option<PathBuf>,
    /// PostgreSQL 连接串，如 postgres://jixiao@db.internal/jixiao
    #[arg(long, value_name = "URL")]
    pub database: Option<String>,
    /// 监听地址
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// 会话 Cookie 加 Secure 标记（经 HTTPS 反向代理访问时使用）
    #[arg(long)]
    pub secure_cookies: bool,
    /// 信任 X-Forwarded-For（只在可信反向代理之后使用）
    #[arg(long)]
    pub trust_proxy: bool,
    /// 在标准错误输出中记录每个请求
    #[arg(long)]
    pub log: bool,
}

/// Open the store named by `--data` / `--database`.
pub fn open_store(
    data: Option<&Path>,
    database: Option<&str>,
    lang: Lang,
) -> anyhow::Result<Store> {
    match (data, database) {
        (_, Some(url)) => Store::open_postgres(url).with_context(|| {
            lang.pick(
                "无法打开 PostgreSQL 数据库",
                "cannot open the PostgreSQL database",
            )
            .to_string()
        }),
        (Some(dir), None) => Store::open_dir(dir).with_context(|| {
            format!(
                "{} {}",
                lang.pick("无法打开数据目录", "cannot open the data directory"),
                dir.display()
            )
        }),
        (None, None) => bail!(
            "{}",
            lang.pick(
                "请用 --data DIR 或 --database postgres://… 指定数据库（或用 --demo 试用）",
                "name the database with --data DIR or --database postgres://… (or try --demo)"
            )
        ),
    }
}

fn print_accounts(accounts: &[DemoAccount], path: &Path) {
    use crate::table::{self, Align};
    println!("演示账号（已写入 {}）：", path.display());
    let rows: Vec<Vec<String>> = accounts
        .iter()
        .map(|a| {
            let role = jixiao_store::Role::from_id(&a.role)
                .map(|r| r.label())
                .unwrap_or("");
            vec![
                a.username.clone(),
                a.password.clone(),
                role.to_string(),
                a.org_code.clone(),
            ]
        })
        .collect();
    print!(
        "{}",
        table::render(
            &["用户名", "密码", "角色", "组织编码"],
            &[Align::Left, Align::Left, Align::Left, Align::Left],
            &rows
        )
    );
}

pub fn run(args: Args, lang: Lang) -> anyhow::Result<ExitCode> {
    let data = match (&args.data, args.demo, &args.database) {
        (Some(d), _, _) => Some(d.clone()),
        (None, true, None) => Some(PathBuf::from("jixiao-data")),
        _ => None,
    };
    let store = open_store(data.as_deref(), args.database.as_deref(), lang)?;
    if args.demo {
        let dir = data.clone().unwrap_or_else(|| PathBuf::from("."));
        let path = dir.join("demo-accounts.json");
        let existing = store.all_organisations()?;
        let accounts: Vec<DemoAccount> = if existing.is_empty() {
            let accounts = jixiao_server::demo::seed(&store).context("无法生成演示数据")?;
            std::fs::create_dir_all(&dir)?;
            std::fs::write(&path, serde_json::to_string_pretty(&accounts)? + "\n")
                .with_context(|| format!("无法写入 {}", path.display()))?;
            accounts
        } else {
            let text = std::fs::read_to_string(&path).with_context(|| {
                format!(
                    "数据库已有数据，但找不到演示账号文件 {}：换一个 --data 目录重新生成演示数据",
                    path.display()
                )
            })?;
            serde_json::from_str(&text).with_context(|| format!("无法读取 {}", path.display()))?
        };
        print_accounts(&accounts, &path);
    }
    let state = jixiao_server::AppState::new(
        store,
        jixiao_server::Config {
            secure_cookies: args.secure_cookies,
            trust_proxy: args.trust_proxy,
            log_requests: args.log,
        },
    );
    println!("jixiao serve 正在监听 http://{}（Ctrl-C 停止）", args.addr);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime
        .block_on(jixiao_server::serve(state, args.addr))
        .with_context(|| format!("无法监听 {}", args.addr))?;
    Ok(ExitCode::SUCCESS)
}
