//! `jixiao admin import-orgs`: the organisation tree from a workbook. The first sheet has a
//! header row naming its columns — 编码, 名称, 类型 (财政局 / 业务科室 / 主管部门 / 预算单位 /
//! 第三方机构), 上级编码, and for 主管部门 归口科室编码 — and one organisation a row. Every
//! problem is reported with its cell, and any problem rejects the whole workbook.

use std::collections::HashSet;
use std::io::Cursor;

use calamine::{Data, Reader};
use jixiao_store::{NewOrg, OrgKind};

/// One problem, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgProblem {
    pub cell: Option<String>,
    pub message: String,
}

impl std::fmt::Display for OrgProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.cell {
            Some(c) => write!(f, "{c}：{}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

fn col_name(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        out.push((b'A' + ((n - 1) % 26) as u8) as char);
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string().trim().to_string(),
    }
}

const COLUMNS: &[(&str, &[&str])] = &[
    ("code", &["编码", "组织编码", "单位编码", "代码"]),
    ("name", &["名称", "组织名称", "单位名称"]),
    ("kind", &["类型", "组织类型", "层级"]),
    ("parent", &["上级编码", "上级组织编码", "上级"]),
    ("owner", &["归口科室编码", "归口科室", "业务科室编码"]),
];

/// Read the workbook; organisations come back parents first.
pub fn read(bytes: &[u8]) -> Result<Vec<NewOrg>, Vec<OrgProblem>> {
    let problem = |cell: Option<String>, message: String| OrgProblem { cell, message };
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| vec![problem(None, format!("不是可读取的 Excel 工作簿：{e}"))])?;
    let range = match wb.worksheet_range_at(0) {
        Some(Ok(r)) => r,
        _ => return Err(vec![problem(None, "工作簿没有工作表".into())]),
    };
    let rows: Vec<&[Data]> = range.rows().collect();
    let Some(header_at) = rows
        .iter()
        .position(|r| r.iter().any(|c| COLUMNS[0].1.contains(&text(c).as_str())))
    else {
        return Err(vec![problem(
            None,
            "找不到表头行：第一张工作表应有“编码”“名称”“类型”“上级编码”列".into(),
        )]);
    };
    let header: Vec<String> = rows[header_at].iter().map(text).collect();
    let find = |key: &str| -> Option<usize> {
        let names = COLUMNS
            .iter()
            .find(|(k, _)| *k == key)
            .map(|c| c.1)
            .unwrap_or(&[]);
        header.iter().position(|h| names.contains(&h.as_str()))
    };
    let (start_row, _) = range.start().unwrap_or((0, 0));
    let mut problems = Vec::new();
    let (Some(code_c), Some(name_c), Some(kind_c)) = (find("code"), find("name"), find("kind"))
    else {
        return Err(vec![problem(
            Some(format!("第 {} 行", start_row as usize + header_at + 1)),
            "表头缺少“编码”“名称”或“类型”列".into(),
        )]);
    };
    let parent_c = find("parent");
    let owner_c = find("owner");
    let mut orgs = Vec::new();
    let mut seen = HashSet::new();
    for (i, r) in rows.iter().enumerate().skip(header_at + 1) {
        let row_no = start_row as usize + i + 1;
        let get = |c: Option<usize>| c.and_then(|c| r.get(c)).map(text).unwrap_or_default();
        let code = get(Some(code_c));
        let name = get(Some(name_c));
        let kind_text = get(Some(kind_c));
        if code.is_empty() && name.is_empty() && kind_text.is_empty() {
            continue;
        }
        let cell = |c: usize| Some(format!("{}{row_no}", col_name(c)));
        if code.is_empty() {
            problems.push(problem(cell(code_c), "编码不能为空".into()));
            continue;
        }
        if !seen.insert(code.clone()) {
            problems.push(problem(cell(code_c), format!("编码「{code}」重复")));
        }
        if name.is_empty() {
            problems.push(problem(cell(name_c), "名称不能为空".into()));
        }
        let Some(kind) = OrgKind::parse(&kind_text) else {
            problems.push(problem(
                cell(kind_c),
                format!(
                    "类型「{kind_text}」应为 财政局、业务科室、主管部门、预算单位 或 第三方机构"
                ),
            ));
            continue;
        };
        let parent = Some(get(parent_c)).filter(|s| !s.is_empty());
        let owner = Some(get(owner_c)).filter(|s| !s.is_empty());
        orgs.push((
            row_no,
            NewOrg {
                code,
                name,
                kind,
                parent_code: parent,
                owner_division_code: owner,
            },
        ));
    }
    // Parents (and owning divisions) first; anything left refers to an unknown code or a
    // cycle.
    let mut placed: HashSet<String> = HashSet::new();
    let mut ordered = Vec::new();
    let mut rest = orgs;
    loop {
        let before = rest.len();
        let (ready, waiting): (Vec<_>, Vec<_>) = rest.into_iter().partition(|(_, o)| {
            let ok = |c: &Option<String>| {
                c.as_ref()
                    .is_none_or(|c| placed.contains(c) || !seen.contains(c))
            };
            ok(&o.parent_code) && ok(&o.owner_division_code)
        });
        for (_, o) in ready {
            placed.insert(o.code.clone());
            ordered.push(o);
        }
        rest = waiting;
        if rest.is_empty() || rest.len() == before {
            break;
        }
    }
    for (row_no, o) in &rest {
        problems.push(problem(
            Some(format!("第 {row_no} 行")),
            format!("组织「{}」的上级或归口科室形成循环", o.code),
        ));
    }
    if problems.is_empty() {
        Ok(ordered)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workbook(rows: &[[&str; 5]]) -> Vec<u8> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        let header = ["编码", "名称", "类型", "上级编码", "归口科室编码"];
        for (c, h) in header.iter().enumerate() {
            ws.write_string(0, c as u16, *h).expect("write");
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if !v.is_empty() {
                    ws.write_string(r as u32 + 1, c as u16, *v).expect("write");
                }
            }
        }
        wb.save_to_buffer().expect("xlsx")
    }

    #[test]
    fn reads_the_tree_parents_first() {
        let bytes = workbook(&[
            ["201001", "政务服务中心", "预算单位", "201", ""],
            ["201", "政数局", "主管部门", "440309", "440309-01"],
            ["440309-01", "行政政法科", "业务科室", "440309", ""],
            ["440309", "区财政局", "财政局", "", ""],
        ]);
        let orgs = read(&bytes).expect("valid");
        let codes: Vec<&str> = orgs.iter().map(|o| o.code.as_str()).collect();
        assert_eq!(codes, ["440309", "440309-01", "201", "201001"]);
        assert_eq!(orgs[2].owner_division_code.as_deref(), Some("440309-01"));
        assert_eq!(orgs[3].kind, OrgKind::Unit);
    }

    #[test]
    fn every_problem_is_reported_with_its_cell() {
        let bytes = workbook(&[
            ["A", "甲", "财政局", "", ""],
            ["A", "乙", "主管部门", "A", ""],
            ["B", "", "单位", "A", ""],
            ["C", "丙", "科室长", "A", ""],
            ["D", "丁", "预算单位", "E", ""],
            ["E", "戊", "预算单位", "D", ""],
        ]);
        let problems: Vec<String> = read(&bytes)
            .expect_err("invalid")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            [
                "A3：编码「A」重复",
                "B4：名称不能为空",
                "C5：类型「科室长」应为 财政局、业务科室、主管部门、预算单位 或 第三方机构",
                "第 6 行：组织「D」的上级或归口科室形成循环",
                "第 7 行：组织「E」的上级或归口科室形成循环",
            ]
        );
    }
}
