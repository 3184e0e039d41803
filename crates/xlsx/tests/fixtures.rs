//! Workbooks written by other tools (openpyxl, LibreOffice), committed under fixtures/xlsx
//! by scripts/make-xlsx-fixtures.py, and malformed inputs.

use std::path::PathBuf;

use jixiao_model::{Money, Num, ProjectStatus, TargetOperator};
use jixiao_xlsx::{read_workbook, read_workbook_bytes, template_bytes, CellDiagnostic};
use rust_decimal_macros::dec;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/xlsx")
        .join(name)
}

fn messages(diags: &[CellDiagnostic]) -> Vec<String> {
    diags.iter().map(|d| d.to_string()).collect()
}

/// Canonical TOML of the Longhua example at the time the LibreOffice fixtures were made
/// (the example itself may have grown since).
fn longhua_toml() -> String {
    std::fs::read_to_string(fixture("longhua-libreoffice.toml")).expect("fixture")
}

#[test]
fn libreoffice_legacy_xls_reads_back_exactly() {
    let d = read_workbook(&fixture("longhua-libreoffice.xls")).expect("xls reads");
    assert_eq!(jixiao_io::to_canonical_toml(&d), longhua_toml());
}

#[test]
fn libreoffice_saved_xlsx_reads_back_exactly() {
    let d = read_workbook(&fixture("longhua-libreoffice.xlsx")).expect("xlsx reads");
    assert_eq!(jixiao_io::to_canonical_toml(&d), longhua_toml());
}

#[test]
fn messy_hand_made_workbook_is_understood() {
    let d = match read_workbook(&fixture("openpyxl-messy.xlsx")) {
        Ok(d) => d,
        Err(e) => panic!("{:#?}", messages(&e)),
    };
    let w = |v| Some(Money::wan(v));
    assert_eq!(d.department.name.as_deref(), Some("某某区数据管理局"));
    assert_eq!(d.department.year, Some(2023), "full-width digits");
    assert_eq!(
        d.department.phone.as_deref(),
        Some("23332032"),
        "number as text field"
    );
    assert_eq!(
        d.evaluation.as_of.as_deref(),
        Some("2023-12-31"),
        "date cell"
    );
    // Column headed 年初预算（元）: exact conversion to 万元.
    assert_eq!(d.budget.initial.total, w(dec!(23260)));
    assert_eq!(d.budget.initial.public_funds, w(dec!(1752)));
    // Text with thousands separators, 万元 suffix, full-width digits, 元 suffix.
    assert_eq!(d.budget.adjusted.total, w(dec!(40295.14)));
    assert_eq!(d.budget.adjusted.basic, w(dec!(2867.41)));
    assert_eq!(d.budget.final_accounts.total, w(dec!(40161.25)));
    assert_eq!(d.budget.final_accounts.personnel, w(dec!(1136)));
    assert_eq!(d.budget.final_accounts.public_funds, w(dec!(1694.02)));
    assert_eq!(d.budget.initial.all_fiscal, Some(true), "TRUE cell");
    assert_eq!(d.budget.adjusted.all_fiscal, Some(true), "√");
    assert_eq!(
        d.sangong.actual_change_vs_prior.vehicle_operation,
        w(dec!(-0.21))
    );
    assert_eq!(d.sangong.vehicles_purchased, Some(2));
    // Blank and note rows skipped.
    assert_eq!(d.progress.len(), 2);
    assert_eq!(d.progress[0].spent_pct.map(|p| p.0), Some(dec!(26)));
    // Two-level merged header, 合计 row skipped, merged project name filled down.
    let p = &d.projects.items;
    assert_eq!(p.len(), 2);
    assert_eq!(p[0].budget_annual, w(dec!(1350.5)));
    assert_eq!(p[0].status, Some(ProjectStatus::Completed));
    assert_eq!(p[0].key, Some(true));
    assert_eq!(p[1].spent, w(dec!(280)));
    assert_eq!(p[0].targets.len(), 3);
    assert_eq!(
        p[0].targets[1].operator,
        TargetOperator::AtLeast,
        ">= spelled in ASCII"
    );
    assert_eq!(p[0].targets[1].actual, Some(Num(dec!(99.95))));
    assert_eq!(p[1].targets[0].operator, TargetOperator::Range);
    assert_eq!(p[1].targets[0].weight, Some(Num(dec!(30))));
    assert_eq!(d.satisfaction[0].respondents, Some(1500));
    assert_eq!(d.satisfaction[0].rate.map(|r| r.0), Some(dec!(99.87)));
    assert_eq!(d.petitions.all_answered_on_time, Some(true));
}

#[test]
fn every_problem_is_reported_at_once_with_sheet_and_cell() {
    let diags = read_workbook(&fixture("openpyxl-errors.xlsx")).expect_err("has errors");
    assert_eq!(
        messages(&diags),
        [
            "工作表「三公经费」C3：应为金额，实际为「约3万」",
            "工作表「三公经费」D3：金额不能为负数，实际为「-3」",
            "工作表「三公经费」A5：无法识别的项目「公车」：请使用模板中的项目名称",
            "工作表「人员」B3：应为整数，实际为「46.5」",
            "工作表「资产」B3：应为「是」或「否」，实际为「也许」",
            "工作表「项目」C5：应为「是」或「否」，实际为「大概」",
            "工作表「项目绩效指标」D4：「三级指标」为必填项，不能为空",
            "工作表「项目绩效指标」E4：应为以下之一：≥、≤、=、>、<、区间、定性；实际为「约等于」",
            "工作表「项目绩效指标」A3：项目「项目B」不在“项目”表中，请先在“项目”表登记该项目",
        ]
    );
}

#[test]
fn password_protected_workbook_is_explained() {
    let diags = read_workbook(&fixture("password.xlsx")).expect_err("encrypted");
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, "password");
    assert!(diags[0].message.contains("密码"));
}

#[test]
fn non_excel_and_corrupt_files_are_refused_clearly() {
    for (bytes, code) in [
        (&b""[..], "not-excel"),
        (&b"name,total\n a,1\n"[..], "not-excel"),
        (&b"%PDF-1.4 ..."[..], "not-excel"),
        (&b"PK\x03\x04garbage"[..], "corrupt"),
        (
            &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0][..],
            "corrupt",
        ),
    ] {
        let diags = read_workbook_bytes(bytes).expect_err("refused");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].code, code, "{diags:?}");
    }
    // A truncated template.
    let bytes = template_bytes(&Default::default()).expect("template");
    let diags = read_workbook_bytes(&bytes[..bytes.len() / 2]).expect_err("truncated");
    assert_eq!(diags[0].code, "corrupt");
    let missing = read_workbook(&fixture("no-such-file.xlsx")).expect_err("missing");
    assert_eq!(missing[0].code, "io");
}

/// Rewrite a sheet name inside an xlsx (it lives in xl/workbook.xml).
fn rename_sheet(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    use std::io::{Cursor, Read, Write};
    let mut zin = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut out = Cursor::new(Vec::new());
    {
        let mut zout = zip::ZipWriter::new(&mut out);
        for i in 0..zin.len() {
            let mut f = zin.by_index(i).expect("entry");
            let name = f.name().expect("name").to_string();
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("read");
            if name == "xl/workbook.xml" {
                let text = String::from_utf8(data).expect("utf8");
                data = text
                    .replace(&format!("name=\"{from}\""), &format!("name=\"{to}\""))
                    .into_bytes();
            }
            zout.start_file(name, zip::write::SimpleFileOptions::default())
                .expect("start");
            zout.write_all(&data).expect("write");
        }
        zout.finish().expect("finish");
    }
    out.into_inner()
}

#[test]
fn renamed_and_missing_sheets() {
    let d = jixiao_io::load_path(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/longhua-zwfw-2021"),
    )
    .expect("example")
    .model;
    let bytes = template_bytes(&d).expect("template");
    // A suffix added by the user is tolerated.
    let renamed = rename_sheet(&bytes, "三公经费", "三公经费（2021年）");
    let back = read_workbook_bytes(&renamed).expect("renamed sheet still found");
    assert_eq!(back, d);
    // A sheet renamed beyond recognition is reported, with the sheets that exist.
    let renamed = rename_sheet(&bytes, "三公经费", "Sheet3");
    let diags = read_workbook_bytes(&renamed).expect_err("missing");
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, "missing-sheet");
    assert!(diags[0]
        .to_string()
        .starts_with("工作表「三公经费」：缺少此工作表"));
    assert!(diags[0].message.contains("Sheet3"));
    // A workbook that is not a template at all.
    let mut other = rust_xlsxwriter::Workbook::new();
    other
        .add_worksheet()
        .write_string(0, 0, "hello")
        .expect("write");
    let diags = read_workbook_bytes(&other.save_to_buffer().expect("save")).expect_err("no");
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, "not-template");
}

#[test]
fn validation_findings_can_name_the_cell() {
    let d = jixiao_io::load_path(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/longhua-zwfw-2021"),
    )
    .expect("example")
    .model;
    let bytes = template_bytes(&d).expect("template");
    let (back, locs) = jixiao_xlsx::read_workbook_bytes_located(&bytes).expect("reads");
    assert_eq!(back, d);
    assert_eq!(
        locs.locate("sangong.actual.total"),
        Some(("三公经费", "D4"))
    );
    assert_eq!(
        locs.locate("budget.final.total"),
        Some(("预算与决算", "D4"))
    );
    assert_eq!(
        locs.locate("progress[2].spent_pct"),
        Some(("支出进度", "B6"))
    );
    assert_eq!(
        locs.describe("department.name").as_deref(),
        Some("工作表「基本信息」B4")
    );
    // Every finding of the validator on this input points into the workbook.
    for diag in jixiao_model::validate(&back) {
        assert!(locs.locate(&diag.path).is_some(), "{}", diag.path);
    }
    // Indicators of the messy fixture: merged project name, second project.
    let (_, locs) =
        jixiao_xlsx::read_workbook_located(&fixture("openpyxl-messy.xlsx")).expect("reads");
    assert_eq!(
        locs.locate("projects.project[1].target[0].actual"),
        Some(("项目绩效指标", "J6"))
    );
}
