//! The OpenAPI 3 description of the JSON API, served at `/api/openapi.json`. Written by
//! hand beside the routes (`api/mod.rs`); the test `openapi_describes_every_api_route`
//! keeps the two in step.

use axum::Json;
use serde_json::{json, Value};

pub(crate) fn id_param() -> Value {
    json!({ "name": "id", "in": "path", "required": true, "schema": { "type": "integer", "minimum": 1 } })
}

pub(crate) fn error_responses(extra: &[&str]) -> Value {
    let mut r = json!({
        "401": { "description": "未登录或令牌无效", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
        "403": { "description": "缺少 CSRF 令牌，或无权执行", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
    });
    for code in extra {
        let description = match *code {
            "400" => "请求格式不正确",
            "404" => "不存在，或属于调用者无权查看的组织（不区分二者）",
            "409" => "工作流不允许此操作，或保存冲突（附改动）",
            "413" => "上传文件过大",
            "415" => "上传文件类型不支持",
            "422" => "数据无法读取或有错误（附定位到字段、单元格或行列的问题）",
            "429" => "登录失败次数过多",
            _ => "错误",
        };
        r[*code] = json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } });
    }
    r
}

/// Error responses with the success response added.
pub(crate) fn with_ok(mut responses: Value, success: Value) -> Value {
    responses["200"] = success;
    responses
}

pub(crate) fn ok(description: &str, schema: Value) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": schema } } })
}

pub(crate) fn op(
    summary: &str,
    params: Vec<Value>,
    body: Option<Value>,
    success: (&str, Value),
    errors: &[&str],
) -> Value {
    let mut responses = error_responses(errors);
    responses[success.0] = success.1;
    let mut o = json!({ "summary": summary, "parameters": params, "responses": responses });
    if let Some(b) = body {
        o["requestBody"] = b;
    }
    o
}

/// Error responses plus a 200 that is JSON or a download.
fn with_errors(errors: &[&str], success: Value) -> Value {
    let mut r = error_responses(errors);
    r["200"] = success;
    r
}

fn ok_any(description: &str) -> Value {
    json!({ "description": description, "content": {
        "application/json": { "schema": { "type": "object" } },
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { "schema": { "type": "string", "format": "binary" } } } })
}

pub(crate) fn json_body(schema: Value) -> Value {
    json!({ "required": true, "content": { "application/json": { "schema": schema } } })
}

pub(crate) fn any_object() -> Value {
    json!({ "type": "object" })
}

/// The OpenAPI document.
pub fn spec() -> Value {
    let id = id_param;
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "jixiao 预算绩效管理 API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "浏览器使用会话 Cookie（非 GET 请求须在 X-CSRF-Token 头中带 GET /api/me 返回的 csrf_token）；程序使用 API 令牌（Authorization: Bearer …，无需 CSRF）。其他组织的事项一律返回 404。金额与分数均为十进制字符串。"
        },
        "components": {
            "securitySchemes": {
                "session": { "type": "apiKey", "in": "cookie", "name": "jixiao_session" },
                "token": { "type": "http", "scheme": "bearer" }
            },
            "schemas": {
                "Error": { "type": "object", "properties": { "error": { "type": "object", "properties": {
                    "code": { "type": "string" }, "message": { "type": "string" },
                    "problems": { "type": "array", "items": { "$ref": "#/components/schemas/Problem" } },
                    "conflict": { "type": "object" } }, "required": ["code", "message"] } }, "required": ["error"] },
                "Problem": { "type": "object", "properties": {
                    "severity": { "type": "string", "enum": ["error", "warning"] }, "code": { "type": "string" },
                    "path": { "type": "string", "nullable": true }, "field": { "type": "string", "nullable": true },
                    "location": { "type": "string", "nullable": true }, "sheet": { "type": "string", "nullable": true },
                    "cell": { "type": "string", "nullable": true }, "line": { "type": "integer", "nullable": true },
                    "column": { "type": "integer", "nullable": true }, "message": { "type": "string" } } },
                "Item": { "type": "object", "properties": {
                    "id": { "type": "integer" }, "task_id": { "type": "integer" }, "task_title": { "type": "string" },
                    "year": { "type": "integer" }, "framework": { "type": "string" }, "due_on": { "type": "string" },
                    "locked": { "type": "boolean" }, "org_code": { "type": "string" }, "org_name": { "type": "string" },
                    "state": { "type": "string", "enum": ["draft", "submitted", "dept_passed", "returned", "confirmed"] },
                    "state_label": { "type": "string" }, "revision": { "type": "integer" },
                    "score": { "type": "string", "nullable": true }, "grade": { "type": "string", "nullable": true },
                    "errors": { "type": "integer" }, "overdue": { "type": "boolean" },
                    "actions": { "type": "array", "items": { "type": "string" } } },
                    "required": ["id", "org_code", "state"] },
                "Me": { "type": "object", "properties": {
                    "username": { "type": "string" }, "display_name": { "type": "string" },
                    "grants": { "type": "array", "items": { "type": "object", "properties": {
                        "role": { "type": "string" }, "role_label": { "type": "string" }, "org_code": { "type": "string" }, "org_name": { "type": "string" } } } },
                    "csrf_token": { "type": "string", "nullable": true } } },
                "SaveReport": { "type": "object", "properties": {
                    "revision": { "type": "integer" }, "sha256": { "type": "string" }, "unchanged": { "type": "boolean" },
                    "errors": { "type": "integer" }, "warnings": { "type": "integer" },
                    "score": { "type": "string", "nullable": true }, "grade": { "type": "string", "nullable": true },
                    "problems": { "type": "array", "items": { "$ref": "#/components/schemas/Problem" } } } }
            }
        },
        "security": [{ "session": [] }, { "token": [] }],
        "paths": {
            "/healthz": { "get": { "summary": "健康检查（数据库可用时 200）", "security": [], "responses": {
                "200": ok("正常", json!({ "type": "object" })), "503": { "description": "数据库不可用" } } } },
            "/api/openapi.json": { "get": { "summary": "本文档", "security": [], "responses": { "200": ok("OpenAPI 3 文档", any_object()) } } },
            "/api/session": {
                "post": { "summary": "登录：设置会话 Cookie，返回当前用户和 CSRF 令牌", "security": [],
                    "requestBody": json_body(json!({ "type": "object", "required": ["username", "password"], "properties": {
                        "username": { "type": "string" }, "password": { "type": "string" } } })),
                    "responses": { "200": ok("已登录", json!({ "$ref": "#/components/schemas/Me" })),
                        "400": { "description": "请求格式不正确" }, "401": { "description": "用户名或密码错误" }, "429": { "description": "登录失败次数过多" } } },
                "delete": op("退出登录", vec![], None, ("200", ok("已退出", any_object())), &[])
            },
            "/api/me": { "get": op("当前用户、角色和 CSRF 令牌", vec![], None, ("200", ok("当前用户", json!({ "$ref": "#/components/schemas/Me" }))), &[]) },
            "/api/schema": { "get": op("填报表的结构（与 Excel 模板同源）", vec![], None, ("200", ok("各表、行、字段", any_object())), &[]) },
            "/api/orgs": { "get": op("调用者可见的组织", vec![], None, ("200", ok("组织列表", any_object())), &[]) },
            "/api/tasks": {
                "get": op("调用者可见的任务", vec![], None, ("200", ok("任务列表", any_object())), &[]),
                "post": op("发布任务（绩效管理员）", vec![], Some(json_body(json!({ "type": "object",
                    "required": ["title", "year", "framework", "opens_on", "due_on", "org_codes"], "properties": {
                        "title": { "type": "string" }, "year": { "type": "integer" }, "stage": { "type": "string", "enum": ["self_eval"] },
                        "framework": { "type": "string" }, "grade_bands": { "type": "string" },
                        "opens_on": { "type": "string", "format": "date" }, "due_on": { "type": "string", "format": "date" },
                        "org_codes": { "type": "array", "items": { "type": "string" } } } }))),
                    ("201", ok("已发布", any_object())), &["400"])
            },
            "/api/tasks/{id}": { "get": op("一个任务", vec![id()], None, ("200", ok("任务", any_object())), &["404"]) },
            "/api/tasks/{id}/lock": { "post": op("锁定或解锁任务（绩效管理员）", vec![id()],
                Some(json_body(json!({ "type": "object", "required": ["locked"], "properties": { "locked": { "type": "boolean" } } }))),
                ("200", ok("已设置", any_object())), &["400", "404"]) },
            "/api/tasks/{id}/dashboard": { "get": { "summary": "任务看板：事项（状态、复核分、等级、偏离度、逾期提醒）、排名与通报前后 N 名、得分分布、指标得分率热力图、与上年比较、执行进度；format=xlsx 导出全部表格（财政局角色和主管部门的部门审核人；单位角色 403）",
                "parameters": [id(),
                    json!({ "name": "n", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 100, "default": 5 }, "description": "通报名单人数" }),
                    json!({ "name": "group", "in": "query", "schema": { "type": "string", "enum": ["auto", "org", "department"] }, "description": "热力图的行：按组织或按主管部门" }),
                    json!({ "name": "under", "in": "query", "schema": { "type": "string" }, "description": "只看该组织编码及其下属" }),
                    json!({ "name": "format", "in": "query", "schema": { "type": "string", "enum": ["json", "xlsx"] } }),
                    json!({ "name": "table", "in": "query", "schema": { "type": "string", "enum": ["items", "ranking", "top", "bottom", "distribution", "heatmap", "yoy", "monitoring"] }, "description": "xlsx 只导出这一张表" })],
                "responses": with_errors(&["400", "403", "404"], ok_any("看板（JSON），或 Excel 工作簿")) } },
            "/api/items": { "get": op("调用者可见的事项（含组织编码和状态）", vec![
                    json!({ "name": "task", "in": "query", "schema": { "type": "integer" } }),
                    json!({ "name": "state", "in": "query", "schema": { "type": "string", "enum": ["draft", "submitted", "dept_passed", "returned", "confirmed"] } }),
                    json!({ "name": "todo", "in": "query", "schema": { "type": "boolean" }, "description": "只列出调用者现在可以处理的事项（待办）" })],
                None, ("200", ok("事项列表", json!({ "type": "object", "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/Item" } } } }))), &["400"]) },
            "/api/items/{id}": { "get": op("一个事项：状态、当前版本的校验结果、流转记录", vec![id()], None, ("200", ok("事项", any_object())), &["404"]) },
            "/api/items/{id}/document": {
                "get": { "summary": "事项数据（规范 TOML，或 JSON）", "parameters": [id(),
                        json!({ "name": "revision", "in": "query", "schema": { "type": "integer" } }),
                        json!({ "name": "format", "in": "query", "schema": { "type": "string", "enum": ["toml", "json"] } })],
                    "responses": { "200": { "description": "文档", "content": { "application/toml": { "schema": { "type": "string" } }, "application/json": { "schema": any_object() } } },
                        "400": { "description": "参数不正确" }, "401": { "description": "未登录" }, "404": { "description": "不存在或无权查看" } } },
                "put": op("保存新版本（基于 base_revision；过期则 409 冲突并附改动）", vec![id()], Some(json_body(json!({ "type": "object",
                    "required": ["base_revision", "content"], "properties": {
                        "base_revision": { "type": "integer", "minimum": 0 }, "format": { "type": "string", "enum": ["toml", "json"] },
                        "content": { "type": "string" } } }))),
                    ("200", ok("已保存", json!({ "$ref": "#/components/schemas/SaveReport" }))), &["400", "404", "409", "413", "422"])
            },
            "/api/items/{id}/upload": { "post": op("上传 Excel 工作簿、TOML 或 JSON 并保存为新版本", vec![id()],
                Some(json!({ "required": true, "content": { "multipart/form-data": { "schema": { "type": "object", "required": ["file", "base_revision"],
                    "properties": { "file": { "type": "string", "format": "binary" }, "base_revision": { "type": "integer" } } } } } })),
                ("200", ok("已保存", json!({ "$ref": "#/components/schemas/SaveReport" }))), &["400", "404", "409", "413", "415", "422"]) },
            "/api/items/{id}/revisions": { "get": op("版本列表（sha256、保存人、时间）", vec![id()], None, ("200", ok("版本", any_object())), &["404"]) },
            "/api/items/{id}/diff": { "get": op("两个版本的逐字段差异", vec![id(),
                    json!({ "name": "from", "in": "query", "required": true, "schema": { "type": "integer" } }),
                    json!({ "name": "to", "in": "query", "required": true, "schema": { "type": "integer" } })],
                None, ("200", ok("差异", any_object())), &["400", "404"]) },
            "/api/items/{id}/history": { "get": op("流转记录", vec![id()], None, ("200", ok("记录", any_object())), &["404"]) },
            "/api/items/{id}/transitions": { "post": op("流转：提交、退回（须填意见）、审核通过、确认", vec![id()],
                Some(json_body(json!({ "type": "object", "required": ["action"], "properties": {
                    "action": { "type": "string", "enum": ["submit", "return", "pass", "confirm"] }, "opinion": { "type": "string" } } }))),
                ("200", ok("已流转", any_object())), &["400", "404", "409"]) },
            "/api/items/{id}/evaluation": { "get": op("评价结果：与 jixiao evaluate --format json 相同", vec![id()], None,
                ("200", ok("评价", any_object())), &["404", "409", "422"]) },
            "/api/items/{id}/report": { "get": { "summary": "评价报告（docx、pdf、html）", "parameters": [id(),
                    json!({ "name": "format", "in": "query", "schema": { "type": "string", "enum": ["docx", "pdf", "html"] } })],
                "responses": { "200": { "description": "报告文件" }, "400": { "description": "格式不正确" }, "401": { "description": "未登录" },
                    "404": { "description": "不存在或无权查看" }, "409": { "description": "尚未填报" }, "415": { "description": "服务器缺少中文字体，无法生成 PDF" }, "422": { "description": "数据有错误" } } } },
            "/api/items/{id}/workbook": { "get": { "summary": "Excel 填报模板（含当前数据）", "parameters": [id()],
                "responses": { "200": { "description": "工作簿" }, "401": { "description": "未登录" }, "404": { "description": "不存在或无权查看" } } } },
            "/api/items/{id}/review": { "get": { "summary": "自评复核：用任务评价框架重新评分，与单位报送的自评分逐行、逐项目比较（偏离度、扣分原因、报送材料问题）；format=xlsx 导出复核表（财政局角色和主管部门的部门审核人；单位角色 403）",
                "parameters": [id(), json!({ "name": "format", "in": "query", "schema": { "type": "string", "enum": ["json", "xlsx"] } })],
                "responses": with_errors(&["400", "403", "404", "409", "422"], ok_any("复核结果（JSON），或 Excel 工作簿")) } },
            "/api/tokens": {
                "get": op("调用者的 API 令牌", vec![], None, ("200", ok("令牌", any_object())), &[]),
                "post": op("生成 API 令牌（只返回一次）", vec![], Some(json_body(json!({ "type": "object", "required": ["name"], "properties": { "name": { "type": "string" } } }))),
                    ("201", ok("已生成", any_object())), &["400"])
            },
            "/api/tokens/{id}": { "delete": op("吊销令牌", vec![id()], None, ("200", ok("已吊销", any_object())), &["404"]) }
        }
    })
}

pub async fn document() -> Json<Value> {
    let mut doc = spec();
    for more in [
        crate::api::cycles::openapi_paths(),
        crate::api::published::openapi_paths(),
    ] {
        if let (Some(paths), Value::Object(more)) = (doc["paths"].as_object_mut(), more) {
            paths.extend(more);
        }
    }
    Json(doc)
}
