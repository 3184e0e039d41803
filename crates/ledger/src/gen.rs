//! Synthetic voucher exports for the benchmark and tests: a few hundred units, thousands of
//! projects, a year of payment dates weighted towards year end (as budget execution is),
//! amounts from 100 元 to 2 百万元 to the 分, basic-expenditure vouchers without a project,
//! refunds (negative amounts, and 退回标志 = 是 under the number of the payment returned), and exact
//! duplicate rows. Deterministic: the same seed gives the same bytes.

use std::io::Write;

/// The header of generated files.
pub const HEADER: &str =
    "凭证号,支付日期,单位编码,单位名称,项目编码,项目名称,功能分类科目,经济分类科目,资金性质,支付方式,金额,退回标志";

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const PLACES: &[&str] = &[
    "龙华区",
    "福田区",
    "南山区",
    "宝安区",
    "龙岗区",
    "罗湖区",
    "盐田区",
    "坪山区",
    "光明区",
    "大鹏新区",
];
const BODIES: &[&str] = &[
    "教育局",
    "卫生健康局",
    "交通运输局",
    "政务服务数据管理局",
    "民政局",
    "财政局",
    "住房和建设局",
    "水务局",
    "文化广电旅游体育局",
    "城市管理和综合执法局",
    "科技创新局",
    "人力资源局",
    "司法局",
    "应急管理局",
    "生态环境分局",
    "规划和自然资源分局",
    "市场监督管理分局",
    "退役军人事务局",
    "医疗保障分局",
    "发展和改革局",
    "工业和信息化局",
    "统计局",
    "审计局",
    "信访局",
    "档案馆",
    "图书馆",
    "人民医院",
    "中心医院",
    "疾病预防控制中心",
    "第一实验学校",
];
const TOPICS: &[&str] = &[
    "信息化系统运维",
    "智慧城市建设",
    "公共服务设施维修",
    "校舍安全改造",
    "基层医疗服务能力提升",
    "道路养护",
    "河道综合整治",
    "社区治理",
    "政务服务大厅运营",
    "数据资源归集共享",
    "老年人助餐服务",
    "公共文化活动",
    "安全生产检查",
    "食品安全抽检",
    "就业创业补贴",
    "人才住房补贴",
    "课后服务",
    "疫苗接种",
    "垃圾分类",
    "绿化提升",
];
const FUNCTIONS: &[&str] = &[
    "2010101", "2010301", "2010350", "2050201", "2050202", "2080201", "2100201", "2100302",
    "2120101", "2120501", "2140101", "2130301", "2240101", "2011301", "2070101", "2010650",
];
const ECONOMIC: &[&str] = &[
    "30101", "30102", "30201", "30205", "30207", "30211", "30213", "30226", "30227", "30299",
    "31002", "31003", "31005", "39999",
];
const NATURES: &[&str] = &[
    "一般公共预算",
    "一般公共预算",
    "一般公共预算",
    "政府性基金预算",
    "国有资本经营预算",
    "财政专户管理资金",
];
const METHODS: &[&str] = &["直接支付", "授权支付"];
/// Cumulative month weights (of 100): spending picks up through the year and peaks in December.
const MONTHS: [u64; 12] = [4, 9, 15, 22, 29, 37, 45, 53, 62, 71, 81, 100];

/// What was generated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Generated {
    pub rows: u64,
    pub bytes: u64,
    pub units: u64,
    pub projects: u64,
    pub duplicates: u64,
    pub refunds: u64,
}

fn push_num(out: &mut Vec<u8>, mut v: u64, width: usize) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    let digits = buf.len() - i;
    for _ in digits..width {
        out.push(b'0');
    }
    out.extend_from_slice(&buf[i..]);
}

struct Unit {
    code: String,
    name: String,
    projects: Vec<(String, String)>,
}

/// Write `n` vouchers (plus the header) for fiscal `year` to `out`.
pub fn write_vouchers(
    out: &mut dyn Write,
    n: u64,
    year: i32,
    seed: u64,
) -> std::io::Result<Generated> {
    let mut r = Rng(seed | 1);
    let n_units = 300u64;
    let mut units = Vec::new();
    let mut projects = 0;
    for u in 0..n_units {
        let place = PLACES[(u as usize) % PLACES.len()];
        let body = BODIES[(u as usize / PLACES.len()) % BODIES.len()];
        let code = format!("{}{:03}", 440300 + (u % PLACES.len() as u64) * 10, u);
        let k = 5 + r.below(26);
        let ps = (0..k)
            .map(|j| {
                let topic = TOPICS[r.below(TOPICS.len() as u64) as usize];
                (
                    format!("{code}{j:03}"),
                    format!("{year}年{topic}项目（{}）", j + 1),
                )
            })
            .collect::<Vec<_>>();
        projects += ps.len() as u64;
        units.push(Unit {
            code,
            name: format!("深圳市{place}{body}"),
            projects: ps,
        });
    }
    let mut g = Generated {
        units: n_units,
        projects,
        ..Generated::default()
    };
    let mut line = Vec::with_capacity(512);
    let mut recent: Vec<Vec<u8>> = Vec::with_capacity(64);
    let mut written = 0u64;
    let w = |out: &mut dyn Write, bytes: &[u8], g: &mut Generated| -> std::io::Result<()> {
        out.write_all(bytes)?;
        g.bytes += bytes.len() as u64;
        Ok(())
    };
    let mut head = HEADER.as_bytes().to_vec();
    head.push(b'\n');
    w(out, &head, &mut g)?;
    let mut seq = 0u64;
    while written < n {
        // 0.5% exact duplicates of a recent row (a re-export)
        if !recent.is_empty() && r.below(200) == 0 {
            let dup = recent[r.below(recent.len() as u64) as usize].clone();
            w(out, &dup, &mut g)?;
            g.duplicates += 1;
            written += 1;
            continue;
        }
        let refund = r.below(100);
        // a refund flagged 是 carries the number of the payment it returns (the previous one)
        if refund != 0 || seq == 0 {
            seq += 1;
        }
        let u = &units[r.below(n_units) as usize];
        let pick = r.below(100);
        let month = MONTHS.iter().position(|c| pick < *c).unwrap_or(11) as u64 + 1;
        let day = 1 + r.below(u64::from(jixiao_model::monitoring::days_in_month(
            year,
            month as u8,
        )));
        let basic = r.below(5) == 0;
        let (pcode, pname) = if basic {
            ("", "")
        } else {
            let p = &u.projects[r.below(u.projects.len() as u64) as usize];
            (p.0.as_str(), p.1.as_str())
        };
        // log-uniform 100.00 .. 2,000,000.00 元
        let exp = r.below(1000);
        let base = 10_000u64; // 100.00 元 in 分
        let mut cents = base;
        for _ in 0..(exp * 43 / 1000) {
            cents = cents * 5 / 4;
        }
        cents += r.below(cents);
        line.clear();
        // 凭证号
        push_num(&mut line, year as u64, 4);
        line.extend_from_slice(u.code.as_bytes());
        push_num(&mut line, seq, 9);
        line.push(b',');
        push_num(&mut line, year as u64, 4);
        line.push(b'-');
        push_num(&mut line, month, 2);
        line.push(b'-');
        push_num(&mut line, day, 2);
        line.push(b',');
        line.extend_from_slice(u.code.as_bytes());
        line.push(b',');
        line.extend_from_slice(u.name.as_bytes());
        line.push(b',');
        line.extend_from_slice(pcode.as_bytes());
        line.push(b',');
        line.extend_from_slice(pname.as_bytes());
        line.push(b',');
        line.extend_from_slice(FUNCTIONS[r.below(FUNCTIONS.len() as u64) as usize].as_bytes());
        line.push(b',');
        line.extend_from_slice(ECONOMIC[r.below(ECONOMIC.len() as u64) as usize].as_bytes());
        line.push(b',');
        line.extend_from_slice(NATURES[r.below(NATURES.len() as u64) as usize].as_bytes());
        line.push(b',');
        line.extend_from_slice(METHODS[r.below(2) as usize].as_bytes());
        line.push(b',');
        let cents = if refund == 1 {
            // a refund written as a negative amount
            line.push(b'-');
            cents / 10 + 1
        } else if refund == 0 {
            cents / 10 + 1
        } else {
            cents
        };
        push_num(&mut line, cents / 100, 1);
        line.push(b'.');
        push_num(&mut line, cents % 100, 2);
        line.push(b',');
        line.extend_from_slice(if refund == 0 {
            "是".as_bytes()
        } else {
            "否".as_bytes()
        });
        line.push(b'\n');
        if refund <= 1 {
            g.refunds += 1;
        }
        w(out, &line, &mut g)?;
        written += 1;
        if recent.len() < 64 {
            recent.push(line.clone());
        } else {
            let i = r.below(64) as usize;
            recent[i].clear();
            recent[i].extend_from_slice(&line);
        }
    }
    g.rows = written;
    Ok(g)
}
