//! The item pages: lists (待办, 全部), the item, the editor (drawn from the workbook
//! layout), the TOML editor, uploads, the score table and revision diffs.

use std::collections::HashMap;

use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jixiao_store::Item;
use jixiao_workflow::{Action, State as ItemState};
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::{base, flash, page, PageError, PageResult};
use crate::api::items::{self as api, ListQuery};
use crate::auth::{CheckedForm, PageCaller};
use crate::doc::{self, Problem};
use crate::{ApiError, AppState};

#[derive(Serialize)]
struct Row {
    id: i64,
    org_code: String,
    org_name: String,
    task_id: i64,
    task_title: String,
    state: &'static str,
    state_label: &'static str,
    revision: i64,
    score: Option<String>,
    grade: Option<String>,
    errors: i64,
    due_on: String,
    overdue: bool,
    action_labels: Vec<&'static str>,
}

fn row(i: Item) -> Row {
    Row {
        id: i.id,
        org_code: i.org_code,
        org_name: i.org_name,
        task_id: i.task_id,
        task_title: i.task_title,
        state: i.state.id(),
        state_label: i.state.label(),
        revision: i.revision,
        score: i.score,
        grade: i.grade,
        errors: i.errors,
        due_on: i.due_on,
        overdue: i.overdue,
        action_labels: i
            .actions
            .iter()
            .filter(|a| **a != Action::Save || i.state.editable())
            .map(|a| {
                if *a == Action::Save {
                    "填报"
                } else {
                    a.label()
                }
            })
            .collect(),
    }
}

async fn list_page(
    state: AppState,
    caller: crate::auth::Caller,
    q: ListQuery,
    todo: bool,
) -> PageResult {
    let mut filter = api::filter_of(&q)?;
    filter.todo = todo;
    let scope = caller.scope.clone();
    let (items, tasks) = state
        .run(move |s| -> Result<_, jixiao_store::StoreError> {
            Ok((s.items(&scope, &filter)?, s.tasks(&scope)?))
        })
        .await??;
    let overdue = items.iter().filter(|i| i.overdue).count();
    let rows: Vec<Row> = items.into_iter().map(row).collect();
    let states: Vec<_> = ItemState::ALL
        .iter()
        .map(|s| context! { id => s.id(), label => s.label() })
        .collect();
    let (title, active, path, empty) = if todo {
        ("我的待办", "todo", "/todo", "没有需要您处理的事项。")
    } else {
        ("全部事项", "items", "/items", "没有可查看的事项。")
    };
    let tasks: Vec<_> = tasks
        .into_iter()
        .map(|t| context! { id => t.id, title => t.title })
        .collect();
    Ok(page(
        "items.html",
        StatusCode::OK,
        base(&caller, active, title),
        context! {
            items => rows,
            overdue => overdue,
            tasks => tasks,
            states => states,
            task_filter => q.task,
            state_filter => q.state,
            path => path,
            empty => empty,
        },
    ))
}

pub async fn todo(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Query(q): Query<ListQuery>,
) -> PageResult {
    list_page(state, caller, q, true).await
}

pub async fn all(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Query(q): Query<ListQuery>,
) -> PageResult {
    list_page(state, caller, q, false).await
}

#[derive(Deserialize, Default)]
pub struct ItemQuery {
    pub ok: Option<String>,
}

fn ok_message(code: &str) -> Option<&'static str> {
    Some(match code {
        "saved" => "已保存。",
        "uploaded" => "已上传并保存。",
        "unchanged" => "数据没有变化，未生成新版本。",
        "submit" => "已提交，等待部门审核。",
        "return" => "已退回填报单位。",
        "pass" => "审核通过，已报送财政审核。",
        "confirm" => "已确认。",
        _ => return None,
    })
}

fn source_label(source: &str) -> String {
    match source {
        "editor" => "在线填报".into(),
        "text" => "TOML 文本".into(),
        "api" => "API".into(),
        "seed" => "演示数据".into(),
        s if s.starts_with("upload:") => format!("上传 {} 文件", &s[7..]),
        s => s.into(),
    }
}

#[derive(Serialize)]
struct ActionView {
    id: &'static str,
    label: &'static str,
    opinion: Option<&'static str>,
    style: &'static str,
    confirm: &'static str,
}

fn action_view(a: Action) -> Option<ActionView> {
    Some(match a {
        Action::Save => return None,
        Action::Submit => ActionView {
            id: "submit",
            label: "提交审核",
            opinion: None,
            style: "ok",
            confirm: "提交后不能再修改，确定提交？",
        },
        Action::Return => ActionView {
            id: "return",
            label: "退回修改",
            opinion: Some("退回意见（必填，说明需要修改什么）"),
            style: "danger",
            confirm: "",
        },
        Action::Pass => ActionView {
            id: "pass",
            label: "审核通过",
            opinion: Some("审核意见（可不填）"),
            style: "ok",
            confirm: "确定审核通过并报送财政？",
        },
        Action::Confirm => ActionView {
            id: "confirm",
            label: "确认",
            opinion: Some("确认意见（可不填）"),
            style: "ok",
            confirm: "确认后不能再更改，确定？",
        },
    })
}

fn waiting_text(state: ItemState) -> &'static str {
    match state {
        ItemState::Draft | ItemState::Returned => "等待填报单位填报并提交。",
        ItemState::Submitted => "等待主管部门审核。",
        ItemState::DeptPassed => "等待财政审核。",
        ItemState::Confirmed => "已确认，流程结束。",
    }
}

/// Render the item page, optionally with a flash and the problems of a refused upload.
async fn item_page(
    state: &AppState,
    caller: &crate::auth::Caller,
    id: i64,
    message: Option<super::Flash>,
    upload: Option<(String, Vec<Problem>)>,
    status: StatusCode,
) -> PageResult {
    let scope = caller.scope.clone();
    let jixiao_store::Overview {
        item,
        revisions,
        history,
        current,
    } = state
        .run(move |s| s.item_overview(&scope, id))
        .await??
        .ok_or(ApiError::NotFound)?;
    let problems = current
        .as_ref()
        .map(|r| doc::problems_of(&r.document, &item.framework, &item.grade_bands))
        .unwrap_or_default();
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let history: Vec<_> = history
        .iter()
        .map(|h| {
            context! {
                at => h.at.replace('T', " ").chars().take(19).collect::<String>(),
                action_label => h.action.label(),
                actor => h.actor,
                role_label => h.role.label(),
                from_label => h.from.label(),
                to_label => h.to.label(),
                revision => h.revision,
                opinion => h.opinion,
            }
        })
        .collect();
    let current = current.map(|r| {
        context! {
            author => r.info.author,
            created_at => r.info.created_at.replace('T', " ").chars().take(16).collect::<String>(),
            source_label => source_label(&r.info.source),
        }
    });
    let actions: Vec<ActionView> = item
        .actions
        .iter()
        .filter_map(|a| action_view(*a))
        .collect();
    let can_save = item.can_save();
    let waiting = waiting_text(item.state);
    let title = item.org_name.clone();
    let (upload_message, upload_problems) = upload.unzip();
    let revisions: Vec<_> = revisions.into_iter().rev().collect();
    Ok(page(
        "item.html",
        status,
        base(caller, "items", &title),
        context! {
            item => api::view(item),
            flash => message,
            problems => problems,
            errors => errors,
            warnings => problems.len() - errors,
            history => history,
            revisions => revisions,
            current => current,
            actions => actions,
            can_save => can_save,
            waiting => waiting,
            upload_message => upload_message,
            upload_problems => upload_problems,
        },
    ))
}

pub async fn show(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(id): Path<String>,
    Query(q): Query<ItemQuery>,
) -> PageResult {
    let id = crate::api::id(&id)?;
    let message =
        q.ok.as_deref()
            .and_then(ok_message)
            .and_then(|m| flash("ok", m));
    item_page(&state, &caller, id, message, None, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct TransitionForm {
    pub action: String,
    #[serde(default)]
    pub opinion: Option<String>,
}

pub async fn transition(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: CheckedForm<TransitionForm>,
) -> PageResult {
    let id = crate::api::id(&id)?;
    let caller = form.caller;
    match api::do_transition(&state, &caller, id, &form.form.action, form.form.opinion).await {
        Ok(t) => Ok(Redirect::to(&format!("/items/{id}?ok={}", t.action.id())).into_response()),
        Err(e @ (ApiError::Refused(_) | ApiError::BadRequest(_))) => {
            let status = e.status();
            item_page(
                &state,
                &caller,
                id,
                flash("err", e.public_message()),
                None,
                status,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn upload(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(id): Path<String>,
    mp: Multipart,
) -> PageResult {
    let id = crate::api::id(&id)?;
    let item = api::load(&state, &caller.scope, id).await?;
    let form = match api::read_multipart(mp).await {
        Ok(f) => f,
        Err(e @ (ApiError::TooLarge(_) | ApiError::BadRequest(_))) => {
            let status = e.status();
            return item_page(
                &state,
                &caller,
                id,
                flash("err", e.public_message()),
                None,
                status,
            )
            .await;
        }
        Err(e) => return Err(e.into()),
    };
    caller.check_csrf(form.csrf.as_deref())?;
    let read = doc::read_upload(&form.filename, &form.bytes);
    let (model, cells, _) = match read {
        Ok(r) => r,
        Err(ApiError::Invalid { message, problems }) => {
            return item_page(
                &state,
                &caller,
                id,
                None,
                Some((message, problems)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e @ (ApiError::UnsupportedType(_) | ApiError::TooLarge(_))) => {
            let status = e.status();
            return item_page(
                &state,
                &caller,
                id,
                flash("err", e.public_message()),
                None,
                status,
            )
            .await;
        }
        Err(e) => return Err(e.into()),
    };
    match api::save_model(
        &state,
        &caller,
        &item,
        form.base,
        model,
        cells,
        &api::upload_source(&form.filename),
    )
    .await
    {
        Ok((saved, prepared)) => {
            if prepared.errors() > 0 {
                let msg = format!(
                    "已上传并保存为第 {} 版，但数据有 {} 个错误（见下方，位置指向工作簿的单元格），修正后才能提交。",
                    saved.revision,
                    prepared.errors()
                );
                let problems: Vec<Problem> = prepared
                    .problems
                    .into_iter()
                    .filter(|p| p.is_error())
                    .collect();
                return item_page(
                    &state,
                    &caller,
                    id,
                    flash("warn", msg),
                    Some(("数据校验发现的错误".into(), problems)),
                    StatusCode::OK,
                )
                .await;
            }
            let code = if saved.unchanged {
                "unchanged"
            } else {
                "uploaded"
            };
            Ok(Redirect::to(&format!("/items/{id}?ok={code}")).into_response())
        }
        Err(e @ (ApiError::Refused(_) | ApiError::Conflict(_))) => {
            let status = e.status();
            item_page(
                &state,
                &caller,
                id,
                flash("err", e.public_message()),
                None,
                status,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------------------
// The editor

#[derive(Deserialize, Default)]
pub struct EditQuery {
    pub sheet: Option<usize>,
    pub field: Option<String>,
    pub ok: Option<String>,
}

#[derive(Serialize)]
struct CellView {
    path: Option<String>,
    value: Option<String>,
    kind: &'static str,
    numeric: bool,
    choices: Option<Vec<&'static str>>,
    error: Option<String>,
    warning: Option<String>,
    span: Option<usize>,
}

#[derive(Serialize)]
struct RowView {
    label: &'static str,
    unit: &'static str,
    note: &'static str,
    cells: Vec<CellView>,
}

/// The starting model of an edit: the current revision, or the organisation's identity.
async fn base_model(
    state: &AppState,
    caller: &crate::auth::Caller,
    item: &Item,
    base: i64,
) -> Result<jixiao_model::DepartmentYear, ApiError> {
    if base == 0 {
        let mut m = jixiao_model::DepartmentYear::default();
        m.department.name = Some(item.org_name.clone());
        m.department.code = Some(item.org_code.clone());
        m.department.year = i32::try_from(item.year).ok();
        return Ok(m);
    }
    let scope = caller.scope.clone();
    let id = item.id;
    let rev = state
        .run(move |s| s.revision(&scope, id, Some(base)))
        .await??
        .ok_or(ApiError::NotFound)?;
    Ok(doc::model_of(&rev.document))
}

/// Field errors and warnings by path.
type FieldNotes = HashMap<String, (Option<String>, Option<String>)>;

fn notes_of(problems: &[Problem]) -> FieldNotes {
    let mut m: FieldNotes = HashMap::new();
    for p in problems {
        if let Some(path) = &p.path {
            let e = m.entry(path.clone()).or_default();
            let slot = if p.is_error() { &mut e.0 } else { &mut e.1 };
            match slot {
                Some(s) => {
                    s.push('；');
                    s.push_str(&p.message);
                }
                None => *slot = Some(p.message.clone()),
            }
        }
    }
    m
}

fn sheet_of_path(sheets: &[jixiao_xlsx::SheetInfo], path: &str) -> Option<usize> {
    sheets.iter().position(|s| {
        s.form.as_ref().is_some_and(|f| {
            f.rows
                .iter()
                .any(|r| r.cells.iter().any(|c| c.path == path))
        })
    })
}

#[allow(clippy::too_many_arguments)]
fn editor_page(
    caller: &crate::auth::Caller,
    item: Item,
    model: &jixiao_model::DepartmentYear,
    base_revision: i64,
    sheet_index: usize,
    notes: &FieldNotes,
    posted: Option<&HashMap<String, String>>,
    problems: &[Problem],
    message: Option<super::Flash>,
    conflict: Option<&jixiao_store::Conflict>,
    status: StatusCode,
) -> Response {
    let sheets = jixiao_xlsx::layout(Some(model));
    let sheet_index = sheet_index.min(sheets.len().saturating_sub(1));
    let list_prefixes = |s: &jixiao_xlsx::SheetInfo| -> bool {
        let paths: Vec<&str> = s
            .form
            .iter()
            .flat_map(|f| {
                f.rows
                    .iter()
                    .flat_map(|r| r.cells.iter().map(|c| c.path.as_str()))
            })
            .collect();
        paths
            .iter()
            .any(|p| notes.get(*p).is_some_and(|n| n.0.is_some()))
    };
    let nav: Vec<_> = sheets
        .iter()
        .map(|s| context! { name => s.name, errors => list_prefixes(s) })
        .collect();
    let sheet = &sheets[sheet_index];
    let form = sheet.form.as_ref().map(|f| {
        let rows: Vec<RowView> = f
            .rows
            .iter()
            .map(|r| {
                let mut cells = Vec::new();
                for col in 0..f.columns.len() {
                    match r.cells.iter().find(|c| c.column == col) {
                        Some(c) => {
                            let (error, warning) = notes.get(&c.path).cloned().unwrap_or_default();
                            let value = posted
                                .and_then(|p| p.get(&c.path).cloned())
                                .or_else(|| c.value.clone());
                            cells.push(CellView {
                                path: Some(c.path.clone()),
                                value,
                                kind: api::kind_id(c.kind),
                                numeric: matches!(
                                    c.kind,
                                    jixiao_xlsx::FieldKind::Money
                                        | jixiao_xlsx::FieldKind::SignedMoney
                                        | jixiao_xlsx::FieldKind::Percent
                                        | jixiao_xlsx::FieldKind::Number
                                        | jixiao_xlsx::FieldKind::Integer { .. }
                                ),
                                choices: match c.kind {
                                    jixiao_xlsx::FieldKind::Choice(o) => Some(o.to_vec()),
                                    jixiao_xlsx::FieldKind::Bool => Some(vec!["是", "否"]),
                                    _ => None,
                                },
                                error,
                                warning,
                                span: None,
                            });
                        }
                        None => cells.push(CellView {
                            path: None,
                            value: None,
                            kind: "",
                            numeric: false,
                            choices: None,
                            error: None,
                            warning: None,
                            span: None,
                        }),
                    }
                }
                RowView {
                    label: r.label,
                    unit: r.unit,
                    note: r.note,
                    cells,
                }
            })
            .collect();
        context! { corner => f.corner, columns => f.columns, rows => rows }
    });
    let table = sheet.table.as_ref().map(|t| {
        let columns: Vec<_> = t
            .columns
            .iter()
            .filter(|c| !c.formula)
            .map(|c| context! { header => c.header, unit => c.unit })
            .collect();
        let keep: Vec<bool> = t.columns.iter().map(|c| !c.formula).collect();
        let rows: Vec<Vec<Option<String>>> = t
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .zip(&keep)
                    .filter(|(_, k)| **k)
                    .map(|(v, _)| v.clone())
                    .collect()
            })
            .collect();
        context! { columns => columns, rows => rows }
    });
    let sheet_problems: Vec<&Problem> = if sheet.form.is_none() {
        problems
            .iter()
            .filter(|p| p.field.is_none() && p.path.is_some())
            .collect()
    } else {
        Vec::new()
    };
    let title = format!("在线填报 · {}", item.org_name);
    page(
        "edit.html",
        status,
        base(caller, "items", &title),
        context! {
            item => api::view(item),
            sheets => nav,
            sheet_index => sheet_index,
            sheet => context! { name => sheet.name, title => sheet.title, hint => sheet.hint, form => form, table => table, problems => sheet_problems },
            base_revision => base_revision,
            flash => message,
            conflict => conflict,
        },
    )
}

pub async fn edit(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(id): Path<String>,
    Query(q): Query<EditQuery>,
) -> PageResult {
    let id = crate::api::id(&id)?;
    let item = api::load(&state, &caller.scope, id).await?;
    let model = base_model(&state, &caller, &item, item.revision).await?;
    let problems = if item.revision > 0 {
        doc::prepare(model.clone(), &item.framework, &item.grade_bands, None).problems
    } else {
        Vec::new()
    };
    let sheets = jixiao_xlsx::layout(None);
    let sheet = q
        .field
        .as_deref()
        .and_then(|p| sheet_of_path(&sheets, p))
        .or(q.sheet)
        .unwrap_or(0);
    let message = match q.ok.as_deref() {
        Some("saved") => flash("ok", "已保存。"),
        Some("unchanged") => flash("ok", "数据没有变化，未生成新版本。"),
        _ if !item.can_save() => flash("warn", "当前状态下不能修改（只能查看）。"),
        _ => None,
    };
    let rev = item.revision;
    Ok(editor_page(
        &caller,
        item,
        &model,
        rev,
        sheet,
        &notes_of(&problems),
        None,
        &problems,
        message,
        None,
        StatusCode::OK,
    ))
}

pub async fn save_sheet(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<EditQuery>,
    form: CheckedForm<super::Empty>,
) -> PageResult {
    let id = crate::api::id(&id)?;
    let caller = form.caller;
    let item = api::load(&state, &caller.scope, id).await?;
    let sheet = q.sheet.unwrap_or(0);
    let base: i64 = form
        .fields
        .iter()
        .find(|(k, _)| k == "base_revision")
        .and_then(|(_, v)| v.parse().ok())
        .ok_or_else(|| ApiError::BadRequest("缺少 base_revision".into()))?;
    let mut model = base_model(&state, &caller, &item, base).await?;
    let posted: HashMap<String, String> = form
        .fields
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("f:").map(|p| (p.to_string(), v.clone())))
        .collect();
    let mut bad = Vec::new();
    for (path, text) in &posted {
        if let Err(message) = jixiao_xlsx::set_form_value(&mut model, path, text) {
            bad.push(Problem::field(path, message));
        }
    }
    if !bad.is_empty() {
        let n = bad.len();
        return Ok(editor_page(
            &caller,
            item,
            &model,
            base,
            sheet,
            &notes_of(&bad),
            Some(&posted),
            &bad,
            flash(
                "err",
                format!("有 {n} 个字段填写有误（已标红），本页未保存。"),
            ),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    match api::save_model(&state, &caller, &item, base, model.clone(), None, "editor").await {
        Ok((saved, prepared)) => {
            if prepared.errors() > 0 {
                let notes = notes_of(&prepared.problems);
                let item = api::load(&state, &caller.scope, id).await?;
                let msg = format!(
                    "已保存为第 {} 版。数据有 {} 个错误（标红的字段；其他表中的错误见左侧红点），修正后才能提交。",
                    saved.revision,
                    prepared.errors()
                );
                return Ok(editor_page(
                    &caller,
                    item,
                    &prepared.model,
                    saved.revision,
                    sheet,
                    &notes,
                    None,
                    &prepared.problems,
                    flash("warn", msg),
                    None,
                    StatusCode::OK,
                ));
            }
            let code = if saved.unchanged {
                "unchanged"
            } else {
                "saved"
            };
            Ok(Redirect::to(&format!("/items/{id}/edit?sheet={sheet}&ok={code}")).into_response())
        }
        Err(ApiError::Conflict(c)) => {
            let item = api::load(&state, &caller.scope, id).await?;
            Ok(editor_page(
                &caller,
                item,
                &model,
                base,
                sheet,
                &HashMap::new(),
                Some(&posted),
                &[],
                None,
                Some(&c),
                StatusCode::CONFLICT,
            ))
        }
        Err(e @ ApiError::Refused(_)) => {
            let msg = e.public_message();
            Ok(editor_page(
                &caller,
                item,
                &model,
                base,
                sheet,
                &HashMap::new(),
                Some(&posted),
                &[],
                flash("err", msg),
                None,
                StatusCode::CONFLICT,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------------------
// The TOML editor

pub async fn text(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(id): Path<String>,
) -> PageResult {
    let id = crate::api::id(&id)?;
    let item = api::load(&state, &caller.scope, id).await?;
    let content = match api::current_document(&state, &caller.scope, &item).await? {
        Some(d) => d,
        None => jixiao_io::to_canonical_toml(&base_model(&state, &caller, &item, 0).await?),
    };
    let rev = item.revision;
    let title = format!("TOML · {}", item.org_name);
    Ok(page(
        "text.html",
        StatusCode::OK,
        base(&caller, "items", &title),
        context! { item => api::view(item), content => content, base_revision => rev },
    ))
}

#[derive(Deserialize)]
pub struct TextForm {
    pub base_revision: i64,
    pub content: String,
}

pub async fn save_text(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: CheckedForm<TextForm>,
) -> PageResult {
    let id = crate::api::id(&id)?;
    let caller = form.caller;
    let item = api::load(&state, &caller.scope, id).await?;
    let TextForm {
        base_revision,
        content,
    } = form.form;
    let rerender = |item: Item,
                    message: String,
                    problems: Vec<Problem>,
                    conflict: Option<Box<jixiao_store::Conflict>>,
                    status: StatusCode| {
        let title = format!("TOML · {}", item.org_name);
        page(
            "text.html",
            status,
            base(&caller, "items", &title),
            context! { item => api::view(item), content => content.clone(), base_revision => base_revision, message => message, problems => problems, conflict => conflict },
        )
    };
    let model = match doc::read_upload("department.toml", content.as_bytes()) {
        Ok((m, _, _)) => m,
        Err(ApiError::Invalid { message, problems }) => {
            return Ok(rerender(
                item,
                message,
                problems,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        Err(e) => return Err(e.into()),
    };
    match api::save_model(&state, &caller, &item, base_revision, model, None, "text").await {
        Ok((saved, _)) => {
            let code = if saved.unchanged {
                "unchanged"
            } else {
                "saved"
            };
            Ok(Redirect::to(&format!("/items/{id}?ok={code}")).into_response())
        }
        Err(ApiError::Conflict(c)) => Ok(rerender(
            item,
            String::new(),
            Vec::new(),
            Some(c),
            StatusCode::CONFLICT,
        )),
        Err(e @ ApiError::Refused(_)) => {
            let m = e.public_message();
            Ok(rerender(
                item,
                m.clone(),
                vec![Problem::field("", m)],
                None,
                StatusCode::CONFLICT,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------------------
// Score table and revision diffs

#[derive(Serialize)]
struct ScoreRow {
    depth: usize,
    name: String,
    id: Option<String>,
    value: String,
    weight: String,
    score: String,
    reason: Option<String>,
    rule: Option<String>,
    trace: Option<minijinja::Value>,
}

fn score_rows(
    nodes: &[jixiao_engine::ScoreNode],
    depth: usize,
    traces: &HashMap<&str, &jixiao_indicators::IndicatorValue>,
    out: &mut Vec<ScoreRow>,
) {
    for n in nodes {
        let value = match (n.value, &n.unit) {
            (Some(v), Some(u)) if u == "%" => format!("{v}%"),
            (Some(v), Some(u)) if !u.is_empty() => format!("{v} {u}"),
            (Some(v), _) => v.to_string(),
            _ if n.status == jixiao_engine::NodeStatus::NotScorable => "无法评分".into(),
            _ if n.indicator.is_some() => "定性".into(),
            _ => String::new(),
        };
        let weight = if n.effective_weight != n.weight {
            format!(
                "{}→{}",
                n.weight.normalize(),
                n.effective_weight.normalize()
            )
        } else {
            n.weight.normalize().to_string()
        };
        let score = n
            .score
            .map(|s| {
                let mut s = jixiao_model::round2(s);
                s.rescale(2);
                s.to_string()
            })
            .unwrap_or_else(|| "—".into());
        let trace = n.indicator.as_deref().and_then(|id| traces.get(id)).map(|iv| {
            let inputs: Vec<_> = iv
                .trace
                .inputs
                .iter()
                .map(|i| context! { name => i.name.to_string(), value => format!("{} {}", i.value, i.unit), path => i.path.to_string() })
                .collect();
            context! {
                formula => iv.trace.formula.to_string(),
                inputs => inputs,
                exact => iv.trace.exact.map(|e| e.to_string()),
            }
        });
        out.push(ScoreRow {
            depth: depth.min(4),
            name: n.name.clone(),
            id: n.indicator.clone(),
            value,
            weight,
            score,
            reason: if n.children.is_empty() {
                n.reason.clone()
            } else {
                None
            },
            rule: n.rule.clone(),
            trace,
        });
        score_rows(&n.children, depth + 1, traces, out);
    }
}

pub async fn score(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(id): Path<String>,
) -> PageResult {
    let id = crate::api::id(&id)?;
    let item = api::load(&state, &caller.scope, id).await?;
    let document = api::current_document(&state, &caller.scope, &item)
        .await?
        .ok_or_else(|| {
            ApiError::Refused(jixiao_workflow::Refusal {
                code: "no-data",
                message: "该事项尚未填报数据".into(),
            })
        })?;
    let fw = item.framework.clone();
    let bands = item.grade_bands.clone();
    let evaluated = tokio::task::spawn_blocking(move || doc::evaluate(&document, &fw, &bands))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let (_, e, sha) = evaluated.map_err(|problems| ApiError::Invalid {
        message: "数据有错误，无法评分：请先修正".into(),
        problems,
    })?;
    let traces: HashMap<&str, &jixiao_indicators::IndicatorValue> =
        e.indicators.iter().map(|i| (i.id.as_str(), i)).collect();
    let mut rows = Vec::new();
    score_rows(&e.tree, 1, &traces, &mut rows);
    let notices: Vec<String> = e.notices.iter().map(|n| n.message.clone()).collect();
    let title = format!("评分表 · {}", item.org_name);
    Ok(page(
        "score.html",
        StatusCode::OK,
        base(&caller, "items", &title),
        context! {
            item => api::view(item),
            total => e.total.to_string(),
            grade => e.grade.as_ref().map(|g| g.name.clone()),
            assessed => e.assessed_weight.normalize().to_string(),
            max => e.max.normalize().to_string(),
            complete => e.complete,
            unassessed => e.unassessed.iter().map(|u| format!("{}（{} 分）", u.name, u.weight.normalize())).collect::<Vec<_>>(),
            framework => format!("{} {}（版本 {}）", e.framework.id, e.framework.name, e.framework.version),
            sha => sha,
            rows => rows,
            notices => notices,
        },
    ))
}

#[derive(Deserialize)]
pub struct RevQuery {
    pub from: Option<i64>,
    pub to: Option<i64>,
}

pub async fn revisions(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(id): Path<String>,
    Query(q): Query<RevQuery>,
) -> PageResult {
    let id = crate::api::id(&id)?;
    let item = api::load(&state, &caller.scope, id).await?;
    let to = q.to.unwrap_or(item.revision);
    let from = q.from.unwrap_or((to - 1).max(0));
    let changes = api::diff_of(&state, &caller.scope, id, from, to)
        .await
        .map_err(PageError)?;
    let changes: Vec<_> = changes
        .into_iter()
        .map(|c| context! { field => doc::field_label(&c.path), path => c.path, before => c.before, after => c.after })
        .collect();
    let title = format!("版本比较 · {}", item.org_name);
    Ok(page(
        "revisions.html",
        StatusCode::OK,
        base(&caller, "items", &title),
        context! { item => api::view(item), from => from, to => to, changes => changes },
    ))
}
