//! Task items: list, read, save (document, upload), revisions and diffs, transitions,
//! evaluation, report and workbook downloads. Every store call carries the caller's scope;
//! an item the caller cannot see is 404, like one that does not exist.

use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use jixiao_store::{Item, ItemFilter, Saved, Scope};
use jixiao_workflow::{Action, State as ItemState};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::auth::Caller;
use crate::doc::{self, Prepared, Problem};
use crate::{ApiError, AppState};

/// An item as the API shows it.
#[derive(Serialize)]
pub struct ItemView {
    #[serde(flatten)]
    pub item: Item,
    pub state_label: &'static str,
}

pub fn view(item: Item) -> ItemView {
    ItemView {
        state_label: item.state.label(),
        item,
    }
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    pub task: Option<i64>,
    pub state: Option<String>,
    pub todo: Option<bool>,
}

pub fn filter_of(q: &ListQuery) -> Result<ItemFilter, ApiError> {
    let state = match &q.state {
        Some(s) if !s.is_empty() => Some(
            ItemState::from_id(s)
                .ok_or_else(|| ApiError::BadRequest(format!("未知的状态「{s}」")))?,
        ),
        _ => None,
    };
    Ok(ItemFilter {
        task_id: q.task,
        state,
        todo: q.todo.unwrap_or(false),
    })
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    q: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let Query(q) = q.map_err(|_| {
        ApiError::BadRequest("查询参数不正确：task 为整数，todo 为 true/false".into())
    })?;
    let filter = filter_of(&q)?;
    let items = state
        .run(move |s| s.items(&caller.scope, &filter))
        .await??;
    Ok(Json(
        json!({ "items": items.into_iter().map(view).collect::<Vec<_>>() }),
    ))
}

/// The item, or 404.
pub async fn load(state: &AppState, scope: &Scope, id: i64) -> Result<Item, ApiError> {
    let scope = scope.clone();
    state
        .run(move |s| s.item(&scope, id))
        .await??
        .ok_or(ApiError::NotFound)
}

/// The current document of an item (`None` before the first save).
pub async fn current_document(
    state: &AppState,
    scope: &Scope,
    item: &Item,
) -> Result<Option<String>, ApiError> {
    if item.revision == 0 {
        return Ok(None);
    }
    let scope = scope.clone();
    let id = item.id;
    Ok(state
        .run(move |s| s.revision(&scope, id, None))
        .await??
        .map(|r| r.document))
}

pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let id = super::id(&id)?;
    let item = load(&state, &caller.scope, id).await?;
    let problems = match current_document(&state, &caller.scope, &item).await? {
        Some(d) => doc::problems_of(&d, &item.framework, &item.grade_bands),
        None => Vec::new(),
    };
    let scope = caller.scope.clone();
    let history = state
        .run(move |s| s.history(&scope, id))
        .await??
        .unwrap_or_default();
    Ok(Json(json!({
        "item": view(item),
        "problems": problems,
        "history": history,
    })))
}

#[derive(Deserialize)]
pub struct DocQuery {
    pub revision: Option<i64>,
    pub format: Option<String>,
}

pub async fn document(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    q: Result<Query<DocQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let id = super::id(&id)?;
    let Query(q) = q.map_err(|_| ApiError::BadRequest("查询参数不正确".into()))?;
    let scope = caller.scope.clone();
    let rev = state
        .run(move |s| s.revision(&scope, id, q.revision))
        .await??
        .ok_or(ApiError::NotFound)?;
    match q.format.as_deref().unwrap_or("toml") {
        "toml" => Ok((
            [
                (
                    header::CONTENT_TYPE,
                    "application/toml; charset=utf-8".to_string(),
                ),
                (header::ETAG, format!("\"{}\"", rev.info.sha256)),
            ],
            rev.document,
        )
            .into_response()),
        "json" => {
            let model = doc::model_of(&rev.document);
            Ok(Json(json!({ "revision": rev.info, "document": model })).into_response())
        }
        other => Err(ApiError::BadRequest(format!(
            "未知的格式「{other}」：可用 toml、json"
        ))),
    }
}

/// What a save answers.
#[derive(Serialize)]
pub struct SaveReport {
    pub revision: i64,
    pub sha256: String,
    pub unchanged: bool,
    pub errors: usize,
    pub warnings: usize,
    pub score: Option<String>,
    pub grade: Option<String>,
    pub problems: Vec<Problem>,
}

/// Prepare and store a model as the item's next revision.
pub async fn save_model(
    state: &AppState,
    caller: &Caller,
    item: &Item,
    base: i64,
    model: jixiao_model::DepartmentYear,
    cells: Option<jixiao_xlsx::Locations>,
    source: &str,
) -> Result<(Saved, Prepared), ApiError> {
    let prepared = doc::prepare(model, &item.framework, &item.grade_bands, cells.as_ref());
    let scope = caller.scope.clone();
    let id = item.id;
    let document = prepared.document.clone();
    let summary = prepared.summary.clone();
    let source = source.to_string();
    let saved = state
        .run(move |s| s.save(&scope, id, base, &document, &source, &summary))
        .await??;
    doc::remember_problems(&prepared, &item.framework, &item.grade_bands);
    Ok((saved, prepared))
}

pub fn report_of(saved: Saved, prepared: Prepared) -> SaveReport {
    SaveReport {
        revision: saved.revision,
        sha256: saved.sha256,
        unchanged: saved.unchanged,
        errors: prepared.errors(),
        warnings: prepared.warnings(),
        score: prepared.summary.score,
        grade: prepared.summary.grade,
        problems: prepared.problems,
    }
}

#[derive(Deserialize)]
pub struct SaveBody {
    pub base_revision: i64,
    #[serde(default = "toml_format")]
    pub format: String,
    pub content: String,
}

fn toml_format() -> String {
    "toml".into()
}

pub async fn save(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: Result<Json<SaveBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<SaveReport>, ApiError> {
    let id = super::id(&id)?;
    let Json(body) = body.map_err(|e| {
        ApiError::BadRequest(format!(
            "请求体应为 JSON：{{\"base_revision\": 当前版本号, \"format\": \"toml\"|\"json\", \"content\": \"…\"}}（{}）",
            e.body_text()
        ))
    })?;
    let item = load(&state, &caller.scope, id).await?;
    let name = match body.format.as_str() {
        "toml" => "department.toml",
        "json" => "department.json",
        other => {
            return Err(ApiError::BadRequest(format!(
                "未知的格式「{other}」：可用 toml、json"
            )))
        }
    };
    let (model, cells, _) = doc::read_upload(name, body.content.as_bytes())?;
    let (saved, prepared) = save_model(
        &state,
        &caller,
        &item,
        body.base_revision,
        model,
        cells,
        "api",
    )
    .await?;
    Ok(Json(report_of(saved, prepared)))
}

/// A multipart upload: the file, the base revision, and (pages) the CSRF field.
pub struct UploadForm {
    pub base: i64,
    pub filename: String,
    pub bytes: Vec<u8>,
    pub csrf: Option<String>,
}

pub async fn read_multipart(mut mp: Multipart) -> Result<UploadForm, ApiError> {
    let mut form = UploadForm {
        base: -1,
        filename: String::new(),
        bytes: Vec::new(),
        csrf: None,
    };
    let limit_error = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            doc::too_large(crate::MAX_UPLOAD + 1)
        } else {
            ApiError::BadRequest("上传的表单格式不正确".into())
        }
    };
    while let Some(mut field) = mp.next_field().await.map_err(limit_error)? {
        match field.name().unwrap_or("") {
            "file" => {
                form.filename = field.file_name().unwrap_or("upload").to_string();
                while let Some(chunk) = field.chunk().await.map_err(limit_error)? {
                    if form.bytes.len() + chunk.len() > crate::MAX_UPLOAD {
                        return Err(doc::too_large(form.bytes.len() + chunk.len()));
                    }
                    form.bytes.extend_from_slice(&chunk);
                }
            }
            "base_revision" => {
                let t = field.text().await.map_err(limit_error)?;
                form.base = t
                    .trim()
                    .parse()
                    .map_err(|_| ApiError::BadRequest("base_revision 应为整数".into()))?;
            }
            "_csrf" => form.csrf = Some(field.text().await.map_err(limit_error)?),
            _ => {}
        }
    }
    if form.filename.is_empty() {
        return Err(ApiError::BadRequest(
            "没有上传文件：请选择 Excel 工作簿或 TOML、JSON 文件".into(),
        ));
    }
    if form.bytes.is_empty() {
        return Err(ApiError::BadRequest(format!(
            "文件「{}」是空的",
            form.filename
        )));
    }
    if form.base < 0 {
        return Err(ApiError::BadRequest(
            "缺少 base_revision（编辑所依据的版本号）".into(),
        ));
    }
    Ok(form)
}

pub fn upload_source(filename: &str) -> String {
    let ext = filename
        .rsplit('.')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    format!("upload:{ext}")
}

pub async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    mp: Multipart,
) -> Result<Json<SaveReport>, ApiError> {
    let id = super::id(&id)?;
    let item = load(&state, &caller.scope, id).await?;
    let form = read_multipart(mp).await?;
    let (model, cells, _) = doc::read_upload(&form.filename, &form.bytes)?;
    let (saved, prepared) = save_model(
        &state,
        &caller,
        &item,
        form.base,
        model,
        cells,
        &upload_source(&form.filename),
    )
    .await?;
    Ok(Json(report_of(saved, prepared)))
}

pub async fn revisions(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let id = super::id(&id)?;
    let revs = state
        .run(move |s| s.revisions(&caller.scope, id))
        .await??
        .ok_or(ApiError::NotFound)?;
    Ok(Json(json!({ "revisions": revs })))
}

#[derive(Deserialize)]
pub struct DiffQuery {
    pub from: i64,
    pub to: i64,
}

pub async fn diff_of(
    state: &AppState,
    scope: &Scope,
    id: i64,
    from: i64,
    to: i64,
) -> Result<Vec<jixiao_store::FieldChange>, ApiError> {
    let scope = scope.clone();
    let (a, b) = state
        .run(move |s| -> Result<_, jixiao_store::StoreError> {
            let a = if from == 0 {
                Some(String::new())
            } else {
                s.revision(&scope, id, Some(from))?.map(|r| r.document)
            };
            let b = s.revision(&scope, id, Some(to))?.map(|r| r.document);
            Ok((a, b))
        })
        .await??;
    match (a, b) {
        (Some(a), Some(b)) if to > 0 => Ok(jixiao_store::diff_documents(&a, &b)),
        _ => Err(ApiError::NotFound),
    }
}

pub async fn diff(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    q: Result<Query<DiffQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let id = super::id(&id)?;
    let Query(q) =
        q.map_err(|_| ApiError::BadRequest("需要整数参数 from 和 to（版本号）".into()))?;
    load(&state, &caller.scope, id).await?;
    let changes = diff_of(&state, &caller.scope, id, q.from, q.to).await?;
    Ok(Json(
        json!({ "from": q.from, "to": q.to, "changes": changes }),
    ))
}

pub async fn history(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let id = super::id(&id)?;
    let h = state
        .run(move |s| s.history(&caller.scope, id))
        .await??
        .ok_or(ApiError::NotFound)?;
    Ok(Json(json!({ "history": h })))
}

#[derive(Deserialize)]
pub struct TransitionBody {
    pub action: String,
    #[serde(default)]
    pub opinion: Option<String>,
}

pub async fn do_transition(
    state: &AppState,
    caller: &Caller,
    id: i64,
    action: &str,
    opinion: Option<String>,
) -> Result<jixiao_store::TransitionRecord, ApiError> {
    let action = Action::from_id(action)
        .filter(|a| *a != Action::Save)
        .ok_or_else(|| {
            ApiError::BadRequest(format!(
                "未知的操作「{action}」：可用 submit、return、pass、confirm"
            ))
        })?;
    let scope = caller.scope.clone();
    Ok(state
        .run(move |s| s.transition(&scope, id, action, opinion.as_deref()))
        .await??)
}

pub async fn transition(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: Result<Json<TransitionBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let id = super::id(&id)?;
    let Json(body) = body.map_err(|_| {
        ApiError::BadRequest("请求体应为 JSON：{\"action\": \"submit\"|\"return\"|\"pass\"|\"confirm\", \"opinion\": \"…\"}".into())
    })?;
    let record = do_transition(&state, &caller, id, &body.action, body.opinion).await?;
    let item = load(&state, &caller.scope, id).await?;
    Ok(Json(json!({ "transition": record, "item": view(item) })))
}

fn no_data() -> ApiError {
    ApiError::Refused(jixiao_workflow::Refusal {
        code: "no-data",
        message: "该事项尚未填报数据".into(),
    })
}

pub async fn evaluation(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let id = super::id(&id)?;
    let item = load(&state, &caller.scope, id).await?;
    let document = current_document(&state, &caller.scope, &item)
        .await?
        .ok_or_else(no_data)?;
    let fw = item.framework.clone();
    let bands = item.grade_bands.clone();
    let out = tokio::task::spawn_blocking(move || doc::evaluation_json(&document, &fw, &bands))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    out.map(Json).map_err(|problems| ApiError::Invalid {
        message: "数据有错误，无法评价：请先修正".into(),
        problems,
    })
}

#[derive(Deserialize)]
pub struct ReportQuery {
    pub format: Option<String>,
}

/// `Content-Disposition` for a download with a Chinese file name.
pub fn attachment(name: &str) -> String {
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"download\"; filename*=UTF-8''{encoded}")
}

pub async fn report_response(
    state: &AppState,
    caller: &Caller,
    id: i64,
    format: &str,
) -> Result<Response, ApiError> {
    let item = load(state, &caller.scope, id).await?;
    let document = current_document(state, &caller.scope, &item)
        .await?
        .ok_or_else(no_data)?;
    let fmt = match format {
        "docx" => jixiao_report::Format::Docx,
        "pdf" => jixiao_report::Format::Pdf,
        "html" => jixiao_report::Format::Html,
        other => {
            return Err(ApiError::BadRequest(format!(
                "未知的报告格式「{other}」：可用 docx、pdf、html"
            )))
        }
    };
    let fonts = if fmt == jixiao_report::Format::Pdf {
        Some(state.fonts().ok_or_else(|| {
            ApiError::UnsupportedType(
                "服务器上没有可用的中文字体，暂时无法生成 PDF：请下载 Word 或 HTML 版".into(),
            )
        })?)
    } else {
        None
    };
    let fw = item.framework.clone();
    let bands = item.grade_bands.clone();
    let year = item.year;
    let org = item.org_name.clone();
    let built = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, ApiError> {
        let (model, evaluation, checksum) =
            doc::evaluate(&document, &fw, &bands).map_err(|problems| ApiError::Invalid {
                message: "数据有错误，无法生成报告：请先修正".into(),
                problems,
            })?;
        let provenance = jixiao_report::Provenance {
            checksum: Some(checksum),
            as_of: None,
            program_version: env!("CARGO_PKG_VERSION").to_string(),
        };
        let d = jixiao_report::build(&model, &evaluation, &provenance, None)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        Ok(match fmt {
            jixiao_report::Format::Docx => jixiao_report::docx(&d),
            jixiao_report::Format::Html => jixiao_report::html(&d).into_bytes(),
            _ => {
                let fonts = fonts.ok_or_else(|| ApiError::Internal("fonts missing".into()))?;
                jixiao_report::pdf(&d, &jixiao_report::PdfOptions { fonts: &fonts })
                    .map_err(|e| ApiError::Internal(e.to_string()))?
            }
        })
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))??;
    let content_type = match fmt {
        jixiao_report::Format::Docx => {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        }
        jixiao_report::Format::Pdf => "application/pdf",
        _ => "text/html; charset=utf-8",
    };
    let name = format!("{org}{year}年度部门整体绩效评价报告.{}", fmt.extension());
    let disposition = if fmt == jixiao_report::Format::Html {
        "inline".to_string()
    } else {
        attachment(&name)
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        built,
    )
        .into_response())
}

pub async fn report(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, ApiError> {
    let id = super::id(&id)?;
    report_response(&state, &caller, id, q.format.as_deref().unwrap_or("docx")).await
}

pub async fn workbook_response(
    state: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<Response, ApiError> {
    let item = load(state, &caller.scope, id).await?;
    let mut model = match current_document(state, &caller.scope, &item).await? {
        Some(d) => doc::model_of(&d),
        None => jixiao_model::DepartmentYear::default(),
    };
    if model.department.name.is_none() {
        model.department.name = Some(item.org_name.clone());
    }
    if model.department.code.is_none() {
        model.department.code = Some(item.org_code.clone());
    }
    if model.department.year.is_none() {
        model.department.year = i32::try_from(item.year).ok();
    }
    let bytes = tokio::task::spawn_blocking(move || jixiao_xlsx::template_bytes(&model))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let name = format!("{}{}年度绩效自评填报.xlsx", item.org_name, item.year);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (header::CONTENT_DISPOSITION, attachment(&name)),
        ],
        bytes,
    )
        .into_response())
}

pub async fn workbook(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = super::id(&id)?;
    workbook_response(&state, &caller, id).await
}

/// The layout the editor is drawn from (the workbook's sheets, rows and fields).
pub async fn schema(_caller: Caller) -> Json<serde_json::Value> {
    let sheets: Vec<serde_json::Value> = jixiao_xlsx::layout(None)
        .into_iter()
        .map(|s| {
            json!({
                "name": s.name,
                "title": s.title,
                "hint": s.hint,
                "form": s.form.map(|f| json!({
                    "columns": f.columns,
                    "rows": f.rows.iter().map(|r| json!({
                        "label": r.label,
                        "unit": r.unit,
                        "note": r.note,
                        "fields": r.cells.iter().map(|c| json!({
                            "column": c.column,
                            "path": c.path,
                            "kind": kind_id(c.kind),
                        })).collect::<Vec<_>>(),
                    })).collect::<Vec<_>>(),
                })),
                "table": s.table.map(|t| json!({
                    "columns": t.columns.iter().map(|c| json!({
                        "header": c.header,
                        "unit": c.unit,
                        "required": c.required,
                        "formula": c.formula,
                        "kind": c.kind.map(kind_id),
                    })).collect::<Vec<_>>(),
                })),
            })
        })
        .collect();
    Json(json!({ "sheets": sheets }))
}

pub fn kind_id(k: jixiao_xlsx::FieldKind) -> &'static str {
    use jixiao_xlsx::FieldKind as K;
    match k {
        K::Money => "money",
        K::SignedMoney => "signed_money",
        K::Percent => "percent",
        K::Number => "number",
        K::Integer { .. } => "integer",
        K::Bool => "bool",
        K::Text => "text",
        K::LongText => "long_text",
        K::Choice(_) => "choice",
    }
}
