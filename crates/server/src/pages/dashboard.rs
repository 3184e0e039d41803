//! The dashboard page of a task (`/tasks/{id}/dashboard`) and the 复核 page of an item
//! (`/items/{id}/review`). Both read what the API builds (`api::dashboard`, `api::review`);
//! the charts are drawn by `web/static/dashboard.js` with the vendored ECharts from data
//! embedded in the page (a `application/json` block, so the CSP needs no inline script).

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use minijinja::context;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{base, page, PageResult};
use crate::api::dashboard::{assembled, Dashboard, DashboardQuery, ItemRow};
use crate::auth::PageCaller;
use crate::{ApiError, AppState};

/// Rows of the items table per page.
pub const PER_PAGE: usize = 100;

#[derive(Deserialize, Default)]
pub struct PageQuery {
    pub n: Option<String>,
    pub group: Option<String>,
    pub under: Option<String>,
    /// `code` (default), `rank`, `deviation`, `light`.
    pub sort: Option<String>,
    pub page: Option<String>,
}

#[derive(Serialize)]
struct SortLink {
    id: &'static str,
    label: &'static str,
    active: bool,
}

fn light_order(l: &str) -> u8 {
    match l {
        "red" => 0,
        "yellow" => 1,
        _ => 2,
    }
}

fn dec(s: &Option<String>) -> Option<Decimal> {
    s.as_deref().and_then(|s| s.parse().ok())
}

/// The items in the order asked for.
pub fn sorted<'a>(items: &'a [ItemRow], sort: &str) -> Vec<&'a ItemRow> {
    let mut v: Vec<&ItemRow> = items.iter().collect();
    match sort {
        "rank" => v.sort_by(|a, b| {
            a.rank
                .unwrap_or(usize::MAX)
                .cmp(&b.rank.unwrap_or(usize::MAX))
                .then_with(|| a.org_code.cmp(&b.org_code))
        }),
        "deviation" => v.sort_by(|a, b| {
            let ka = dec(&a.deviation).map(|d| d.abs());
            let kb = dec(&b.deviation).map(|d| d.abs());
            kb.cmp(&ka).then_with(|| a.org_code.cmp(&b.org_code))
        }),
        "light" => v.sort_by(|a, b| {
            light_order(a.light)
                .cmp(&light_order(b.light))
                .then_with(|| a.due_on.cmp(&b.due_on))
                .then_with(|| a.org_code.cmp(&b.org_code))
        }),
        _ => v.sort_by(|a, b| a.org_code.cmp(&b.org_code)),
    }
    v
}

/// What the charts draw (kept small: the page embeds it).
fn chart_data(d: &Dashboard) -> serde_json::Value {
    let h = &d.heatmap;
    let yoy: Vec<_> = d
        .items
        .iter()
        .filter(|r| r.change.is_some())
        .map(|r| json!([r.prev_score, r.score, r.org_name, r.id]))
        .collect();
    let few = d.monitoring.series.len() <= 12;
    json!({
        "task": d.task.id,
        "distribution": {
            "labels": d.distribution.bins.iter().map(|b| b.label).collect::<Vec<_>>(),
            "counts": d.distribution.bins.iter().map(|b| b.n).collect::<Vec<_>>(),
            "grades": d.distribution.grades.iter().map(|g| json!({ "name": g.grade, "value": g.n })).collect::<Vec<_>>(),
        },
        "heatmap": {
            "group": h.group,
            "columns": h.columns.iter().map(|c| match &c.indicator {
                Some(i) => format!("{i} {}", c.name),
                None => c.name.clone(),
            }).collect::<Vec<_>>(),
            "indicators": h.columns.iter().map(|c| c.indicator.clone()).collect::<Vec<_>>(),
            "rows": h.rows.iter().map(|r| json!({ "code": r.code, "name": r.name, "item": r.item_id, "n": r.n })).collect::<Vec<_>>(),
            "cells": h.cells.iter().map(|(r, c, v, n)| json!([c, r, v, n])).collect::<Vec<_>>(),
        },
        "yoy": {
            "available": d.yoy.previous.is_some(),
            "previous_year": d.yoy.previous.as_ref().map(|p| p.year),
            "year": d.task.year,
            "points": yoy,
        },
        "monitoring": {
            "available": d.monitoring.available,
            "series": if few { d.monitoring.series.iter().map(|s| json!({
                "name": s.org_name, "item": s.item_id,
                "points": s.points.iter().map(|p| json!([p.month, p.spent_pct])).collect::<Vec<_>>(),
            })).collect::<Vec<_>>() } else { Vec::new() },
            "mean": d.monitoring.mean.iter().map(|m| json!([m.month, m.spent_pct, m.n])).collect::<Vec<_>>(),
            "time": (1..=12u32).map(|m| json!([m, crate::api::dashboard::d2(Decimal::from(m) * Decimal::ONE_HUNDRED / Decimal::from(12))])).collect::<Vec<_>>(),
        },
    })
}

/// A query string keeping the dashboard's options, with one changed.
fn link(q: &PageQuery, task: i64, key: &str, value: &str) -> String {
    let mut parts: Vec<(String, String)> = Vec::new();
    for (k, v) in [
        ("n", &q.n),
        ("group", &q.group),
        ("under", &q.under),
        ("sort", &q.sort),
    ] {
        if k != key {
            if let Some(v) = v.as_ref().filter(|v| !v.is_empty()) {
                parts.push((k.to_string(), v.clone()));
            }
        }
    }
    if !value.is_empty() {
        parts.push((key.to_string(), value.to_string()));
    }
    let qs = serde_urlencoded::to_string(&parts).unwrap_or_default();
    if qs.is_empty() {
        format!("/tasks/{task}/dashboard")
    } else {
        format!("/tasks/{task}/dashboard?{qs}")
    }
}

pub async fn show(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(id): Path<String>,
    q: Result<Query<PageQuery>, axum::extract::rejection::QueryRejection>,
) -> PageResult {
    let id = crate::api::id(&id)?;
    let Query(q) = q.map_err(crate::api::dashboard::bad_query)?;
    let dq = DashboardQuery {
        n: q.n.clone(),
        group: q.group.clone(),
        under: q.under.clone(),
        format: None,
        table: None,
    };
    let o = dq.options()?;
    let scope = caller.scope.clone();
    let (assembled, parts) = state
        .run(move |s| {
            let a = assembled(s, &scope, id, &o, &jixiao_store::today())?;
            let parts = a.derived(PageParts::new);
            Ok::<_, ApiError>((a, parts))
        })
        .await??;
    let d = &assembled.dashboard;
    let parts = match parts {
        Some(p) => p,
        None => std::sync::Arc::new(PageParts::new(d)),
    };
    let (heat_table, chart_json) = match &*parts {
        Ok(p) => (p.heat_table.clone(), p.chart_json.clone()),
        Err(e) => return Err(ApiError::Internal(e.clone()).into()),
    };
    let sort = q
        .sort
        .as_deref()
        .filter(|s| ["rank", "deviation", "light"].contains(s))
        .unwrap_or("code");
    let rows = sorted(&d.items, sort);
    let pages = rows.len().div_ceil(PER_PAGE).max(1);
    let page_no = q
        .page
        .as_deref()
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, pages);
    let shown: Vec<&ItemRow> = rows
        .iter()
        .skip((page_no - 1) * PER_PAGE)
        .take(PER_PAGE)
        .copied()
        .collect();
    let sorts: Vec<SortLink> = [
        ("code", "组织编码"),
        ("rank", "排名"),
        ("deviation", "偏离度"),
        ("light", "提醒（逾期在前）"),
    ]
    .into_iter()
    .map(|(id, label)| SortLink {
        id,
        label,
        active: id == sort,
    })
    .collect();
    let sort_links: Vec<_> = sorts
        .iter()
        .map(|s| context! { label => s.label, active => s.active, href => link(&q, id, "sort", s.id) })
        .collect();
    let page_links: Vec<_> = (1..=pages)
        .map(|p| {
            let mut href = link(&q, id, "page", "");
            href.push(if href.contains('?') { '&' } else { '?' });
            href.push_str(&format!("page={p}#items"));
            context! { n => p, href => href, active => p == page_no }
        })
        .collect();
    let xlsx = {
        let mut parts: Vec<(String, String)> = vec![("format".into(), "xlsx".into())];
        for (k, v) in [("n", &q.n), ("group", &q.group), ("under", &q.under)] {
            if let Some(v) = v.as_ref().filter(|v| !v.is_empty()) {
                parts.push((k.into(), v.clone()));
            }
        }
        format!(
            "/api/tasks/{id}/dashboard?{}",
            serde_urlencoded::to_string(&parts).unwrap_or_default()
        )
    };
    let under_name = d.under.as_ref().map(|u| {
        d.items
            .iter()
            .find(|r| &r.org_code == u)
            .map(|r| r.org_name.clone())
            .unwrap_or_else(|| u.clone())
    });
    let title = format!("{} · 看板", d.task.title);
    Ok(page(
        "dashboard.html",
        StatusCode::OK,
        base(&caller, "tasks", &title),
        context! {
            d => page_view(d),
            rows => minijinja::Value::from_serialize(&shown),
            total_rows => rows.len(),
            page_no => page_no,
            pages => pages,
            page_links => page_links,
            sort_links => sort_links,
            heat_table => heat_table,
            xlsx => xlsx,
            under_name => under_name,
            full_link => format!("/tasks/{id}/dashboard"),
            group_org => link(&q, id, "group", "org") + "#heatmap",
            group_dept => link(&q, id, "group", "department") + "#heatmap",
            chart_json => chart_json,
            may_publish => caller.scope.has_role(jixiao_workflow::Role::PerfAdmin)
                && d.task.stage_label == crate::api::tasks::stage_label("self_eval")
                && d.under.is_none(),
        },
    ))
}

/// The parts of the page that depend on the dashboard alone, rendered once per kept
/// dashboard (`Assembled::derived`): the heat map's table (200 rows × every indicator, most
/// of the page's bytes) and the chart data, as JSON safe inside `<script>`.
pub struct PageParts {
    heat_table: String,
    chart_json: String,
}

impl PageParts {
    fn new(d: &Dashboard) -> Result<PageParts, String> {
        let heat_rows = heat_rows(d);
        let heat_table = crate::templates::render(
            "dashboard_heat.html",
            context! {
                d => page_view(d),
                heat_rows => heat_rows,
                heat_truncated => d.heatmap.rows.len() > 200,
            },
        )
        .map_err(|e| format!("{e:?}"))?
        .0;
        // As minijinja's `tojson` writes it inside HTML: no `<`, `>`, `&` or `'` left.
        let chart_json = serde_json::to_string(&chart_data(d))
            .map_err(|e| e.to_string())?
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
            .replace('\'', "\\u0027");
        Ok(PageParts {
            heat_table,
            chart_json,
        })
    }
}

/// The heat map's rows with their cells, for the table (first 200 rows).
fn heat_rows(d: &Dashboard) -> Vec<minijinja::Value> {
    let h = &d.heatmap;
    let mut grid: Vec<Vec<Option<(String, usize)>>> =
        vec![vec![None; h.columns.len()]; h.rows.len()];
    for (r, c, v, n) in &h.cells {
        grid[*r][*c] = Some((v.clone(), *n));
    }
    h.rows
            .iter()
            .zip(grid)
            .take(200)
            .map(|(row, cells)| {
                let cells: Vec<_> = cells
                    .into_iter()
                    .zip(&h.columns)
                    .map(|(cell, col)| {
                        context! {
                            value => cell.as_ref().map(|c| c.0.clone()),
                            n => cell.as_ref().map(|c| c.1),
                            level => cell.as_ref().and_then(|c| c.0.parse::<Decimal>().ok()).map(heat_level),
                            indicator => col.indicator.clone(),
                        }
                    })
                    .collect();
                context! { row => row, cells => cells }
            })
            .collect()
}

/// What the template reads of the dashboard: all but the item rows (the page shows its own
/// slice of them), the heat map's cells (`heat_rows`) and the monitoring series (the chart
/// data) — converting 2,000 item rows for nothing was most of a page's cost.
fn page_view(d: &Dashboard) -> minijinja::Value {
    use minijinja::Value;
    context! {
        task => Value::from_serialize(&d.task),
        today => d.today,
        n => d.n,
        under => d.under,
        summary => Value::from_serialize(&d.summary),
        ranking => Value::from_serialize(&d.ranking),
        distribution => Value::from_serialize(&d.distribution),
        heatmap => context! {
            group => d.heatmap.group,
            group_label => d.heatmap.group_label,
            columns => Value::from_serialize(&d.heatmap.columns),
            rows => Value::from_serialize(&d.heatmap.rows),
        },
        yoy => Value::from_serialize(&d.yoy),
        monitoring => context! {
            available => d.monitoring.available,
            message => d.monitoring.message,
            many => d.monitoring.series.len() > 12,
        },
    }
}

/// 0–4 by 得分率 (for the table's colours, like the chart's).
fn heat_level(v: Decimal) -> u8 {
    if v >= Decimal::from(95) {
        4
    } else if v >= Decimal::from(85) {
        3
    } else if v >= Decimal::from(70) {
        2
    } else if v >= Decimal::from(50) {
        1
    } else {
        0
    }
}

/// `GET /items/{id}/review`
pub async fn review(
    State(state): State<AppState>,
    PageCaller(caller): PageCaller,
    Path(id): Path<String>,
) -> PageResult {
    let id = crate::api::id(&id)?;
    let (item, r) = crate::api::review::review_of(&state, &caller, id).await?;
    let title = format!("自评复核 · {}", item.org_name);
    let ten = Decimal::TEN;
    let big = |d: &Option<Decimal>| d.is_some_and(|d| d.abs() >= ten);
    let may_raise = super::cycles::may_raise(&caller);
    // A deducted row links to the 问题整改 form, pre-filled with the unit, the task, the
    // item, the indicator and the 复核's reason (the raiser adds the requirement and deadline).
    let raise = |x: &jixiao_review::RowReview, project: Option<&str>| -> Option<String> {
        let deducted = x.review_score.is_some_and(|s| s < x.effective_weight);
        if !may_raise || !deducted {
            return None;
        }
        let reason = x.reason.as_deref().unwrap_or("复核扣分");
        let finding = match project {
            Some(p) => format!("项目「{p}」{}：{reason}", x.name),
            None => format!("{}：{reason}", x.name),
        };
        let location = match project {
            Some(p) => format!("项目「{p}」 {}", x.id),
            None => x.id.clone(),
        };
        let query = serde_urlencoded::to_string([
            ("org_code", item.org_code.as_str()),
            ("task_id", &item.task_id.to_string()),
            ("item_id", &item.id.to_string()),
            ("source", "review"),
            ("code", x.indicator.as_deref().unwrap_or("")),
            ("location", &location),
            ("finding", &finding),
        ])
        .ok()?;
        Some(format!("/rectifications?{query}#raise"))
    };
    let row = |x: &jixiao_review::RowReview, project: Option<&str>| {
        context! {
            level1 => x.level1, level2 => x.level2, name => x.name, indicator => x.indicator,
            // "2→4" when the weight of not-scorable siblings moved here, as on the score page.
            weight => if x.effective_weight == x.weight {
                x.weight.normalize().to_string()
            } else {
                format!("{}→{}", x.weight.normalize(), x.effective_weight.normalize())
            },
            self_score => x.self_score.map(|v| v.normalize().to_string()),
            review_score => x.review_score.map(crate::api::dashboard::d2),
            difference => x.difference.map(crate::api::dashboard::d2),
            deviation => x.deviation.map(crate::api::dashboard::d2),
            big => big(&x.deviation),
            reason => x.reason,
            raise => raise(x, project),
        }
    };
    let total = |t: &jixiao_review::TotalReview| {
        context! {
            self_score => t.self_score.map(|v| v.normalize().to_string()),
            self_computed => t.self_computed,
            review_score => crate::api::dashboard::d2(t.review_score),
            difference => t.difference.map(crate::api::dashboard::d2),
            deviation => t.deviation.map(crate::api::dashboard::d2),
            self_grade => t.self_grade,
            review_grade => t.review_grade,
        }
    };
    let rows: Vec<_> = r.rows.iter().map(|x| row(x, None)).collect();
    let projects: Vec<_> = r
        .projects
        .iter()
        .map(|p| context! { index => p.index, name => p.name, total => total(&p.total), rows => p.rows.iter().map(|x| row(x, Some(&p.name))).collect::<Vec<_>>() })
        .collect();
    let findings: Vec<_> = r
        .findings
        .iter()
        .map(|f| {
            context! {
                code => f.code,
                severity => match f.severity { jixiao_review::Severity::Error => "error", jixiao_review::Severity::Warning => "warning", _ => "info" },
                path => f.path, message => f.message,
            }
        })
        .collect();
    Ok(page(
        "review.html",
        StatusCode::OK,
        base(&caller, "tasks", &title),
        context! {
            item => crate::api::items::view(item),
            framework => format!("{} {}（{}）", r.framework.id, r.framework.name, r.framework.version),
            total => total(&r.total),
            assessed => r.assessed_weight.normalize().to_string(),
            complete => r.complete,
            rows => rows,
            projects => projects,
            findings => findings,
        },
    ))
}
