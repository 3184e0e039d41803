//! The header map: every column a voucher export may have, under its usual Chinese header
//! and the variants seen in budget systems' exports. One table, used by the CSV and the
//! Excel reader, and printed in `docs/monitoring.md`.

use serde::Serialize;

/// A column the reader knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// 凭证号
    VoucherNo,
    /// 支付日期
    PayDate,
    /// 单位编码
    UnitCode,
    /// 单位名称
    UnitName,
    /// 项目编码
    ProjectCode,
    /// 项目名称
    ProjectName,
    /// 功能分类科目
    Function,
    /// 经济分类科目
    Economic,
    /// 资金性质
    FundNature,
    /// 支付方式（直接/授权）
    PayMethod,
    /// 金额
    Amount,
    /// 退回标志
    RefundFlag,
}

/// Number of [`Column`]s.
pub const COLUMNS: usize = 12;

impl Column {
    pub const ALL: [Column; COLUMNS] = [
        Column::VoucherNo,
        Column::PayDate,
        Column::UnitCode,
        Column::UnitName,
        Column::ProjectCode,
        Column::ProjectName,
        Column::Function,
        Column::Economic,
        Column::FundNature,
        Column::PayMethod,
        Column::Amount,
        Column::RefundFlag,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The usual Chinese header.
    pub fn label(self) -> &'static str {
        HEADERS[self.index()].1[0]
    }

    /// Every header accepted for this column (normalised: no spaces, ASCII brackets).
    pub fn variants(self) -> &'static [&'static str] {
        HEADERS[self.index()].1
    }
}

/// Column → accepted headers, the first being the usual one. Headers are compared after
/// [`normalize`]: spaces removed, full-width brackets folded, a unit in brackets split off,
/// ASCII case ignored.
pub const HEADERS: [(Column, &[&str]); COLUMNS] = [
    (
        Column::VoucherNo,
        &[
            "凭证号",
            "支付凭证号",
            "凭证编号",
            "支付凭证编号",
            "凭证号码",
            "支付令号",
            "单据号",
            "单据编号",
            "流水号",
            "VOUCHER_NO",
            "VOU_NO",
            "PAY_CERT_NO",
        ],
    ),
    (
        Column::PayDate,
        &[
            "支付日期",
            "日期",
            "凭证日期",
            "支付时间",
            "交易日期",
            "清算日期",
            "记账日期",
            "PAY_DATE",
            "VOU_DATE",
        ],
    ),
    (
        Column::UnitCode,
        &[
            "单位编码",
            "预算单位编码",
            "单位代码",
            "预算单位代码",
            "AGENCY_CODE",
            "AGENCY_ID",
        ],
    ),
    (
        Column::UnitName,
        &[
            "单位名称",
            "预算单位",
            "预算单位名称",
            "单位",
            "AGENCY_NAME",
        ],
    ),
    (
        Column::ProjectCode,
        &[
            "项目编码",
            "项目代码",
            "项目编号",
            "预算项目编码",
            "PRO_CODE",
            "PROJECT_CODE",
        ],
    ),
    (
        Column::ProjectName,
        &[
            "项目名称",
            "预算项目名称",
            "项目",
            "PRO_NAME",
            "PROJECT_NAME",
        ],
    ),
    (
        Column::Function,
        &[
            "功能分类科目",
            "功能分类",
            "功能科目",
            "支出功能分类科目",
            "功能分类科目编码",
            "功能科目编码",
            "EXP_FUNC_CODE",
        ],
    ),
    (
        Column::Economic,
        &[
            "经济分类科目",
            "经济分类",
            "经济科目",
            "部门经济分类科目",
            "政府经济分类科目",
            "经济分类科目编码",
            "经济科目编码",
            "EXP_ECO_CODE",
        ],
    ),
    (
        Column::FundNature,
        &["资金性质", "资金性质名称", "资金类型", "FUND_TYPE"],
    ),
    (
        Column::PayMethod,
        &["支付方式", "支付类型", "支付方式名称", "PAY_TYPE"],
    ),
    (
        Column::Amount,
        &[
            "金额",
            "支付金额",
            "凭证金额",
            "实付金额",
            "AMOUNT",
            "PAY_AMT",
        ],
    ),
    (
        Column::RefundFlag,
        &[
            "退回标志",
            "是否退回",
            "退回",
            "退款标志",
            "退回标识",
            "REFUND_FLAG",
        ],
    ),
];

/// A header cell normalised for matching, and the money unit it names in brackets
/// ("金额（万元）" → ("金额", Some("万元"))).
pub fn normalize(header: &str) -> (String, Option<String>) {
    let t: String = header
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '【' | '［' => '[',
            '】' | '］' => ']',
            c => c,
        })
        .collect();
    for (open, close) in [('(', ')'), ('[', ']')] {
        if let (Some(i), true) = (t.find(open), t.ends_with(close)) {
            let inner = &t[i + open.len_utf8()..t.len() - close.len_utf8()];
            if matches!(inner, "元" | "万元") {
                return (t[..i].to_ascii_uppercase(), Some(inner.to_string()));
            }
        }
    }
    (t.to_ascii_uppercase(), None)
}

/// The column a header names, if any.
pub fn column_of(header: &str) -> Option<Column> {
    let (h, _) = normalize(header);
    HEADERS
        .iter()
        .find(|(_, names)| names.iter().any(|n| n.eq_ignore_ascii_case(&h)))
        .map(|(c, _)| *c)
}

/// How the header row was understood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeaderMap {
    /// For each column of the file, the known column it holds.
    pub by_position: Vec<Option<Column>>,
    /// Headers that matched no known column, with their 1-based position (ignored).
    pub unmatched: Vec<(usize, String)>,
    /// Known columns that appear twice: (column, second position); the first is used.
    pub repeated: Vec<(Column, usize)>,
    /// Amounts are in 万元 ("金额（万元）") rather than 元.
    pub amount_in_wan: bool,
}

impl HeaderMap {
    /// Map the header cells of a file.
    pub fn new(cells: &[String]) -> HeaderMap {
        let mut by_position = Vec::with_capacity(cells.len());
        let mut unmatched = Vec::new();
        let mut repeated = Vec::new();
        let mut seen = [false; COLUMNS];
        let mut amount_in_wan = false;
        for (i, cell) in cells.iter().enumerate() {
            match column_of(cell) {
                Some(c) if seen[c.index()] => {
                    repeated.push((c, i + 1));
                    by_position.push(None);
                }
                Some(c) => {
                    seen[c.index()] = true;
                    if c == Column::Amount {
                        amount_in_wan = normalize(cell).1.as_deref() == Some("万元");
                    }
                    by_position.push(Some(c));
                }
                None => {
                    if !cell.trim().is_empty() {
                        unmatched.push((i + 1, cell.trim().to_string()));
                    }
                    by_position.push(None);
                }
            }
        }
        HeaderMap {
            by_position,
            unmatched,
            repeated,
            amount_in_wan,
        }
    }

    pub fn has(&self, c: Column) -> bool {
        self.by_position.contains(&Some(c))
    }

    /// How many known columns the row names (to find the header row below a title).
    pub fn known(&self) -> usize {
        self.by_position.iter().flatten().count()
    }

    /// The columns a voucher file must have that this one lacks: 凭证号, 支付日期, 金额,
    /// and 单位编码 or 单位名称.
    pub fn missing_required(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        for c in [Column::VoucherNo, Column::PayDate, Column::Amount] {
            if !self.has(c) {
                out.push(c.label());
            }
        }
        if !self.has(Column::UnitCode) && !self.has(Column::UnitName) {
            out.push("单位编码（或单位名称）");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_and_units() {
        assert_eq!(column_of("凭证号"), Some(Column::VoucherNo));
        assert_eq!(column_of(" 支付凭证编号 "), Some(Column::VoucherNo));
        assert_eq!(column_of("金额（元）"), Some(Column::Amount));
        assert_eq!(column_of("支付金额(元)"), Some(Column::Amount));
        assert_eq!(column_of("agency_code"), Some(Column::UnitCode));
        assert_eq!(column_of("\u{feff}凭证号"), Some(Column::VoucherNo));
        assert_eq!(column_of("摘要"), None);
        let h = HeaderMap::new(&["凭证号".into(), "金额（万元）".into(), "摘要".into()]);
        assert!(h.amount_in_wan);
        assert_eq!(h.unmatched, [(3, "摘要".to_string())]);
        assert_eq!(h.missing_required(), ["支付日期", "单位编码（或单位名称）"]);
        // every variant maps back to its own column
        for (c, names) in HEADERS {
            for n in names {
                assert_eq!(column_of(n), Some(c), "{n}");
            }
        }
    }
}
