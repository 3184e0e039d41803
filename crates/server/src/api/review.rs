//! 复核 of one item: the current revision re-scored with the task's framework and compared,
//! row by row, project by project, with the unit's submitted self-scores (偏离度, the
//! reasons for every deducted point, the RV findings) — `jixiao-review` on the stored
//! document, the same result `jixiao review` prints for that file. JSON
//! (`GET /api/items/{id}/review`) or an Excel workbook (`?format=xlsx`); the page is
//! `pages/review.rs`. The dashboard's access (`api::dashboard::may_view`), and a 评价人 for the
//! items it is assigned (the store's scope admits no other).

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use jixiao_review::DepartmentReview;
use jixiao_xlsx::{TableCell, TableSheet};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::json;

use super::dashboard::may_view;
use super::items::{current_document, load, view};
use crate::auth::Caller;
use crate::{ApiError, AppState};

#[derive(Deserialize, Default)]
pub struct ReviewQuery {
    pub format: Option<String>,
}

/// The item and its 复核 (404 unseen, 403 for a unit's roles, 409 before the first save, 422
/// when the data does not evaluate).
pub async fn review_of(
    state: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<(jixiao_store::Item, DepartmentReview), ApiError> {
    let item = load(state, &caller.scope, id).await?;
    // A 评价人 reaches here only for an item it is assigned (the store's scope): the
    // re-scoring is its work.
    if !may_view(&caller.scope) && !caller.scope.has_role(jixiao_workflow::Role::Evaluator) {
        return Err(ApiError::Forbidden(
            "复核结果只对财政局（绩效管理员、财政审核人）、主管部门的部门审核人和受托的评价人开放"
                .into(),
        ));
    }
    let document = current_document(state, &caller.scope, &item)
        .await?
        .ok_or_else(|| {
            ApiError::Refused(jixiao_workflow::Refusal {
                code: "no-data",
                message: "该事项尚未填报数据".into(),
            })
        })?;
    let fw = item.framework.clone();
    let bands = item.grade_bands.clone();
    let review = tokio::task::spawn_blocking(move || {
        crate::doc::evaluate(&document, &fw, &bands).map(|(model, e, _)| {
            jixiao_review::review_evaluated(&model, &e, &jixiao_review::ReviewOptions::default())
        })
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?
    .map_err(|problems| ApiError::Invalid {
        message: "数据有错误，无法复核：请先修正".into(),
        problems,
    })?;
    Ok((item, review))
}

fn severity_label(s: jixiao_review::Severity) -> &'static str {
    match s {
        jixiao_review::Severity::Error => "错误",
        jixiao_review::Severity::Warning => "警告",
        _ => "提示",
    }
}

/// The workbook: the department's rows, each project's rows, the findings.
pub fn sheets(item: &jixiao_store::Item, r: &DepartmentReview) -> Vec<TableSheet> {
    let n = TableCell::opt_number;
    let p = TableCell::opt_percent;
    let headers = [
        "一级指标",
        "二级指标",
        "三级指标",
        "编号",
        "分值",
        "自评分",
        "复核分",
        "差异",
        "偏离度",
        "复核说明",
    ]
    .map(String::from)
    .to_vec();
    let widths = vec![12.0, 14.0, 22.0, 7.0, 7.0, 8.0, 8.0, 8.0, 9.0, 50.0];
    let row = |x: &jixiao_review::RowReview| {
        vec![
            TableCell::text(&x.level1),
            TableCell::text(&x.level2),
            TableCell::text(&x.name),
            x.indicator
                .clone()
                .map(TableCell::Text)
                .unwrap_or(TableCell::Empty),
            TableCell::Number(x.weight),
            n(x.self_score),
            n(x.review_score),
            n(x.difference),
            p(x.deviation),
            x.reason
                .clone()
                .map(TableCell::Text)
                .unwrap_or(TableCell::Empty),
        ]
    };
    let big = |d: Option<Decimal>| d.is_some_and(|d| d.abs() >= Decimal::TEN);
    let total_note = |t: &jixiao_review::TotalReview| {
        format!(
            "自评 {} 分，复核 {} 分，差异 {}，偏离度 {}",
            t.self_score
                .map(super::dashboard::d2)
                .unwrap_or_else(|| "—".into()),
            super::dashboard::d2(t.review_score),
            t.difference
                .map(super::dashboard::d2)
                .unwrap_or_else(|| "—".into()),
            t.deviation
                .map(|d| format!("{}%", super::dashboard::d2(d)))
                .unwrap_or_else(|| "—".into()),
        )
    };
    let mut out = vec![TableSheet {
        name: "部门整体".into(),
        title: format!("{} {} 年度 自评复核表", item.org_name, item.year),
        notes: vec![
            format!(
                "复核框架：{} {}（{}）",
                r.framework.id, r.framework.name, r.framework.version
            ),
            total_note(&r.total),
            "偏离度 = (自评分 − 复核分) ÷ 自评分 × 100%；偏离度绝对值 ≥ 10% 的行标红".into(),
        ],
        headers: headers.clone(),
        widths: widths.clone(),
        highlight: r
            .rows
            .iter()
            .enumerate()
            .filter(|(_, x)| big(x.deviation))
            .map(|(i, _)| i)
            .collect(),
        rows: r.rows.iter().map(row).collect(),
    }];
    for pr in &r.projects {
        out.push(TableSheet {
            name: format!("{}-{}", pr.index + 1, pr.name),
            title: format!("项目「{}」自评复核表", pr.name),
            notes: vec![total_note(&pr.total)],
            headers: headers.clone(),
            widths: widths.clone(),
            highlight: pr
                .rows
                .iter()
                .enumerate()
                .filter(|(_, x)| big(x.deviation))
                .map(|(i, _)| i)
                .collect(),
            rows: pr.rows.iter().map(row).collect(),
        });
    }
    out.push(TableSheet {
        name: "问题清单".into(),
        title: format!("{} 报送材料问题清单", item.org_name),
        notes: vec![format!("共 {} 条", r.findings.len())],
        headers: ["代码", "级别", "位置", "说明"].map(String::from).to_vec(),
        widths: vec![8.0, 6.0, 36.0, 80.0],
        highlight: Vec::new(),
        rows: r
            .findings
            .iter()
            .map(|f| {
                vec![
                    TableCell::text(f.code),
                    TableCell::text(severity_label(f.severity)),
                    TableCell::text(&f.path),
                    TableCell::text(&f.message),
                ]
            })
            .collect(),
    });
    out
}

/// `GET /api/items/{id}/review`
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    q: Result<Query<ReviewQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let id = super::id(&id)?;
    let Query(q) =
        q.map_err(|_| ApiError::BadRequest("查询参数不正确：format 为 json 或 xlsx".into()))?;
    let format = q.format.unwrap_or_else(|| "json".into());
    if format != "json" && format != "xlsx" {
        return Err(ApiError::BadRequest(format!(
            "未知的格式「{format}」：可用 json、xlsx"
        )));
    }
    let (item, review) = review_of(&state, &caller, id).await?;
    if format == "xlsx" {
        let name = format!("{}{}年度自评复核表.xlsx", item.org_name, item.year);
        let sheets = sheets(&item, &review);
        return tokio::task::spawn_blocking(move || {
            super::dashboard::xlsx_response(&name, &sheets)
        })
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    }
    Ok(Json(json!({ "item": view(item), "review": review })).into_response())
}
