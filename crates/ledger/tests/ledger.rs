//! The ledger reader against files written by other tools (LibreOffice CSV and .xlsx, a GBK
//! CSV, tab-separated GBK), against malformed files, and property tests: any bytes are read
//! without panic, and any well-formed voucher table — quoted or not, comma or tab, CRLF or LF,
//! cut into blocks anywhere, read by any number of threads — sums exactly like an oracle.

use std::collections::BTreeMap;
use std::path::PathBuf;

use jixiao_ledger::*;
use proptest::prelude::*;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/ledger")
        .join(name)
}

fn read(name: &str, opts: &Options) -> (Result<Ledger, LedgerError>, Vec<BadRow>) {
    let mut bad = Vec::new();
    let r = read_path(&fixture(name), opts, &mut |b| bad.push(b));
    (r, bad)
}

fn sums_of(l: &Ledger) -> BTreeMap<String, i128> {
    l.sums(&[By::Unit, By::Project], Granularity::Month)
        .into_iter()
        .map(|r| (format!("{}|{}|{}", r.key[0], r.key[2], r.period), r.cents))
        .collect()
}

fn expected() -> (BTreeMap<String, i128>, serde_json::Value) {
    let text = std::fs::read_to_string(fixture("expected.json")).expect("expected.json");
    let v: serde_json::Value = serde_json::from_str(&text).expect("json");
    let sums = v["sums"]
        .as_object()
        .expect("sums")
        .iter()
        .map(|(k, c)| (k.clone(), i128::from(c.as_i64().expect("cents"))))
        .collect();
    (sums, v["counts"].clone())
}

#[test]
fn files_written_by_other_tools_give_the_same_sums_to_the_fen() {
    let (sums, counts) = expected();
    for (name, encoding, delim) in [
        ("source-utf8.csv", Some(Encoding::Utf8), Some(',')),
        ("source-gbk.csv", Some(Encoding::Gbk), Some(',')),
        ("libreoffice.csv", Some(Encoding::Utf8), Some(',')),
        ("libreoffice-gbk-tab.csv", Some(Encoding::Gbk), Some('\t')),
        ("libreoffice.xlsx", None, None),
    ] {
        let (r, bad) = read(name, &Options::default());
        let l = r.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(bad.is_empty(), "{name}: {bad:?}");
        assert_eq!(sums_of(&l), sums, "{name}");
        assert_eq!(l.encoding, encoding, "{name}");
        assert_eq!(l.delimiter, delim, "{name}");
        let s = &l.stats;
        assert_eq!(
            s.vouchers,
            counts["vouchers"].as_u64().unwrap_or(0),
            "{name}"
        );
        assert_eq!(
            s.duplicates,
            counts["duplicates"].as_u64().unwrap_or(0),
            "{name}"
        );
        assert_eq!(s.refunds, counts["refunds"].as_u64().unwrap_or(0), "{name}");
        assert_eq!(
            s.total_cents,
            i128::from(counts["total_cents"].as_i64().unwrap_or(0)),
            "{name}"
        );
        assert_eq!(
            s.refund_cents,
            i128::from(counts["refund_cents"].as_i64().unwrap_or(0)),
            "{name}"
        );
        assert_eq!(s.summary_rows, 1, "{name}: the 合计 row is skipped");
        // the title row above the header is skipped; 摘要 is reported as not understood
        assert_eq!(l.header.line, 2, "{name}");
        assert_eq!(l.header.unmatched, [(13, "摘要".to_string())], "{name}");
        // names come through the encoding
        assert!(
            l.groups
                .iter()
                .any(|g| g.unit_name == "某区政务服务数据管理局"),
            "{name}"
        );
    }
}

#[test]
fn bad_rows_are_listed_with_line_and_content_and_reject_the_file() {
    let (r, bad) = read("malformed-rows.csv", &Options::default());
    match r {
        Err(LedgerError::BadRows { count, .. }) => assert_eq!(count, 6),
        other => panic!("expected rejection, got {other:?}"),
    }
    let got: Vec<(u64, &str)> = bad.iter().map(|b| (b.line, b.reason.as_str())).collect();
    assert_eq!(
        got,
        [
            (3, "支付日期无法识别"),
            (4, "金额不是数字"),
            (5, "单位为空"),
            (6, "凭证号为空"),
            (7, "金额的小数位超过分"),
            (8, "退回标志无法识别（应为 是/否）"),
        ]
    );
    assert_eq!(bad[0].content, "A2,2025-02-30,440309001,某局,P1,100.00,否");
    // --skip-bad-rows: the good rows are summed, the bad ones still listed
    let (r, bad) = read(
        "malformed-rows.csv",
        &Options {
            skip_bad_rows: true,
            ..Options::default()
        },
    );
    let l = r.expect("skipped");
    assert_eq!(bad.len(), 6);
    assert_eq!(l.stats.vouchers, 2);
    assert_eq!(l.stats.rejected, 6);
    assert_eq!(yuan_text(l.stats.total_cents), "300.00");
}

#[test]
fn a_missing_column_or_header_rejects_the_file_naming_it() {
    match read("malformed-missing-column.csv", &Options::default()).0 {
        Err(LedgerError::MissingColumns { missing, found, .. }) => {
            assert_eq!(missing, ["支付日期"]);
            assert_eq!(found, ["凭证号", "单位编码", "金额"]);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        read("malformed-no-header.csv", &Options::default()).0,
        Err(LedgerError::MissingColumns { .. })
    ));
}

#[test]
fn an_unclosed_quote_is_a_bad_row_not_a_hang() {
    let (r, bad) = read("malformed-quote.csv", &Options::default());
    assert!(
        matches!(r, Err(LedgerError::BadRows { count: 1, .. })),
        "{r:?}"
    );
    assert_eq!(bad[0].line, 3);
    assert_eq!(bad[0].reason, "引号未闭合");
}

fn csv_bytes(text: &str) -> Result<Ledger, LedgerError> {
    read_csv(text.as_bytes(), "t.csv", &Options::default(), &mut |_| {})
}

#[test]
fn options_until_units_and_dimensions() {
    let text = "凭证号,支付日期,单位编码,项目编码,功能分类科目,金额\n\
                1,2025-07-31,U1,P1,201,100.00\n\
                2,2025-08-01,U1,P1,201,200.00\n\
                3,2025-07-01,U2,P1,202,300.00\n";
    let read = |o: Options| read_csv(text.as_bytes(), "t.csv", &o, &mut |_| {}).expect("reads");
    let until = jixiao_model::Date::parse("2025-07-31");
    let l = read(Options {
        until,
        ..Options::default()
    });
    assert_eq!(l.stats.after_until, 1);
    assert_eq!(yuan_text(l.stats.total_cents), "400.00");
    let l = read(Options {
        only_units: Some(vec!["U1".into()]),
        ..Options::default()
    });
    assert_eq!((l.stats.other_units, l.stats.vouchers), (1, 2));
    let mut bad = Vec::new();
    let r = read_csv(
        text.as_bytes(),
        "t.csv",
        &Options {
            known_units: Some(vec!["U1".into()]),
            ..Options::default()
        },
        &mut |b| bad.push(b),
    );
    assert!(matches!(r, Err(LedgerError::BadRows { count: 1, .. })));
    assert_eq!(bad[0].reason, "单位不在单位名录中");
    let l = read(Options {
        dims: Dims {
            function: true,
            ..Dims::default()
        },
        ..Options::default()
    });
    let rows = l.sums(&[By::Function], Granularity::Year);
    let got: Vec<(String, i128)> = rows.iter().map(|r| (r.key[0].clone(), r.cents)).collect();
    assert_eq!(
        got,
        [("201".to_string(), 30000), ("202".to_string(), 30000)]
    );
    let q = l.sums(&[By::Unit], Granularity::Quarter);
    assert_eq!(q[0].period, "2025-Q3");
}

#[test]
fn amounts_in_wan_yuan_and_odd_forms() {
    let l = csv_bytes("凭证号,支付日期,单位名称,金额（万元）\n1,2025/7/1,某局,1.234567\n2,20250702,某局,\"1,000\"\n")
        .expect("reads");
    assert_eq!(l.header.amount_unit, "万元");
    assert_eq!(yuan_text(l.stats.total_cents), "10012345.67");
    assert_eq!(
        cents_to_money(l.stats.total_cents).as_wan().to_string(),
        "1001.234567"
    );
    assert!(matches!(csv_bytes(""), Err(LedgerError::Format { .. })));
    assert!(matches!(
        csv_bytes("\u{feff}"),
        Err(LedgerError::Format { .. })
    ));
}

#[test]
fn utf16_text_exported_by_excel_is_read() {
    let text = "凭证号\t支付日期\t单位编码\t金额\r\n1\t2025-01-02\tU1\t12.34\r\n";
    let mut bytes = vec![0xff, 0xfe];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let l = read_csv(
        bytes.as_slice(),
        "u16.txt",
        &Options::default(),
        &mut |_| {},
    )
    .expect("reads");
    assert_eq!(l.encoding, Some(Encoding::Utf16Le));
    assert_eq!(l.stats.total_cents, 1234);
}

// ── properties ───────────────────────────────────────────────────────────────

#[derive(Debug, Clone)]
struct V {
    no: u16,
    month: u8,
    day: u8,
    unit: u8,
    project: Option<u8>,
    cents: i64,
    flagged: bool,
    memo: String,
}

fn voucher() -> impl Strategy<Value = V> {
    (
        0u16..400,
        1u8..=12,
        1u8..=28,
        0u8..4,
        prop::option::of(0u8..5),
        -500_000i64..50_000_000,
        any::<bool>(),
        "[a-z ,\"\n龙华]{0,8}",
    )
        .prop_map(|(no, month, day, unit, project, cents, flagged, memo)| V {
            no,
            month,
            day,
            unit,
            project,
            cents,
            flagged,
            memo,
        })
}

fn quote(s: &str, always: bool, delim: char) -> String {
    if always || s.contains([delim, '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn amount_text(cents: i64, commas: bool) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    let whole = (c / 100).to_string();
    let whole = if commas {
        let mut out = String::new();
        for (i, ch) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(ch);
        }
        out
    } else {
        whole
    };
    format!("{sign}{whole}.{:02}", c % 100)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_voucher_table_sums_like_the_oracle(
        rows in prop::collection::vec(voucher(), 0..120),
        tab in any::<bool>(),
        crlf in any::<bool>(),
        quote_all in any::<bool>(),
        commas in any::<bool>(),
        block in 64usize..2048,
        threads in 1usize..4,
    ) {
        let delim = if tab { '\t' } else { ',' };
        let nl = if crlf { "\r\n" } else { "\n" };
        let d = delim.to_string();
        let mut text = ["凭证号", "支付日期", "单位编码", "项目编码", "金额", "退回标志", "摘要"].join(&d);
        text.push_str(nl);
        let mut seen = std::collections::HashSet::new();
        let mut oracle: BTreeMap<(String, String, String), i128> = BTreeMap::new();
        for v in &rows {
            let no = format!("V{}", v.no);
            let unit = format!("U{}", v.unit);
            let project = v.project.map(|p| format!("P{p}")).unwrap_or_default();
            let net = if v.flagged { -v.cents.abs() } else { v.cents };
            if seen.insert((no.clone(), net < 0)) {
                *oracle.entry((unit.clone(), project.clone(), format!("2025-{:02}", v.month))).or_default() += i128::from(net);
            }
            let cells = [
                quote(&no, quote_all, delim),
                format!("2025-{:02}-{:02}", v.month, v.day),
                quote(&unit, quote_all, delim),
                quote(&project, quote_all, delim),
                quote(&amount_text(v.cents, commas), quote_all || (commas && delim == ','), delim),
                quote(if v.flagged { "是" } else { "否" }, quote_all, delim),
                quote(&v.memo, quote_all, delim),
            ];
            text.push_str(&cells.join(&d));
            text.push_str(nl);
        }
        let opts = Options { block_size: block, threads, ..Options::default() };
        let l = read_csv(text.as_bytes(), "p.csv", &opts, &mut |b| panic!("bad row {b:?}\n{text}"))
            .map_err(|e| TestCaseError::fail(format!("{e}")))?;
        let got: BTreeMap<(String, String, String), i128> = l
            .sums(&[By::Unit, By::Project], Granularity::Month)
            .into_iter()
            .map(|r| ((r.key[0].clone(), r.key[2].clone(), r.period), r.cents))
            .collect();
        let oracle: BTreeMap<_, _> = oracle.into_iter().filter(|_| true).collect();
        // groups whose vouchers net to zero still appear in ours; compare non-zero and totals
        let nz = |m: &BTreeMap<(String, String, String), i128>| m.iter().filter(|(_, c)| **c != 0).map(|(k, c)| (k.clone(), *c)).collect::<BTreeMap<_, _>>();
        prop_assert_eq!(nz(&got), nz(&oracle));
        prop_assert_eq!(l.stats.vouchers as usize, seen.len());
        prop_assert_eq!(l.stats.duplicates as usize, rows.len() - seen.len());
    }

    #[test]
    fn any_bytes_are_read_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..600), header in any::<bool>(), block in 64usize..512) {
        let mut data = Vec::new();
        if header {
            data.extend_from_slice("凭证号,支付日期,单位编码,金额,退回标志\n".as_bytes());
        }
        data.extend_from_slice(&bytes);
        let lines = data.iter().filter(|b| **b == b'\n').count() as u64 + 1;
        for skip in [false, true] {
            let opts = Options { skip_bad_rows: skip, block_size: block, threads: 2, ..Options::default() };
            let mut bad = Vec::new();
            let r = read_csv(data.as_slice(), "f.csv", &opts, &mut |b| bad.push(b));
            for b in &bad {
                prop_assert!(b.line >= 1 && b.line <= lines, "line {} of {}", b.line, lines);
            }
            if let Ok(l) = r {
                let s = &l.stats;
                prop_assert!(s.vouchers + s.rejected + s.duplicates + s.blank + s.summary_rows <= s.rows);
            }
        }
    }
}

#[test]
fn generated_vouchers_read_the_same_with_small_blocks_and_any_thread_count() {
    let mut bytes = Vec::new();
    let g = gen::write_vouchers(&mut bytes, 3000, 2025, 7).expect("generated");
    let read = |block, threads| {
        read_csv(
            bytes.as_slice(),
            "gen.csv",
            &Options {
                block_size: block,
                threads,
                ..Options::default()
            },
            &mut |b| panic!("{b:?}"),
        )
        .expect("reads")
    };
    let one = read(0, 1);
    assert_eq!(one.stats.rows, g.rows);
    assert_eq!(one.stats.duplicates, g.duplicates);
    assert_eq!(one.stats.vouchers, g.rows - g.duplicates);
    for (block, threads) in [(4096, 2), (1000, 3), (70_000, 4)] {
        let other = read(block, threads);
        assert_eq!(
            sums_of(&other),
            sums_of(&one),
            "block {block}, threads {threads}"
        );
        assert_eq!(other.stats, one.stats);
    }
}

/// Regression: a refund and a payment with numbers differing in the last digit ("V52", a
/// payment; "V55", a refund) were taken for duplicates when the refund bit was the hash seed.
#[test]
fn refund_and_payment_with_close_numbers_are_not_duplicates() {
    let text = "凭证号,支付日期,单位编码,金额,退回标志\nV52,2025-01-01,U0,0.00,否\nV55,2025-01-01,U0,0.01,是\n";
    let l = read_csv(text.as_bytes(), "p.csv", &Options::default(), &mut |b| {
        panic!("{b:?}")
    })
    .expect("reads");
    assert_eq!(
        (l.stats.vouchers, l.stats.duplicates, l.stats.total_cents),
        (2, 0, -1)
    );
}

#[test]
fn docs_list_every_header_variant() {
    let docs = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/monitoring.md"),
    )
    .expect("docs/monitoring.md");
    for (column, names) in HEADERS {
        let row = docs
            .lines()
            .find(|l| l.starts_with(&format!("| {} |", column.label())))
            .unwrap_or_else(|| panic!("no row for {} in docs/monitoring.md", column.label()));
        for n in names {
            assert!(
                row.contains(n),
                "{n} missing from the row of {}",
                column.label()
            );
        }
    }
}
