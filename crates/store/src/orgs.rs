//! The organisation tree: 财政局 (bureau) → 业务科室 (division) and 主管部门 (department) →
//! 预算单位 (unit); 第三方机构 (agency) beside it. Each row keeps its materialised path of
//! ids (`/1/4/17/`), so "this organisation and everything below it" is one prefix match.

use serde::Serialize;

use crate::db::{Conn, Value};
use crate::scope::Scope;
use crate::{Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// 财政局
    Bureau,
    /// 财政局 业务科室 (owns departments' budgets)
    Division,
    /// 主管部门
    Department,
    /// 预算单位
    Unit,
    /// 第三方机构
    Agency,
}

impl OrgKind {
    pub fn id(self) -> &'static str {
        match self {
            OrgKind::Bureau => "bureau",
            OrgKind::Division => "division",
            OrgKind::Department => "department",
            OrgKind::Unit => "unit",
            OrgKind::Agency => "agency",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            OrgKind::Bureau => "财政局",
            OrgKind::Division => "业务科室",
            OrgKind::Department => "主管部门",
            OrgKind::Unit => "预算单位",
            OrgKind::Agency => "第三方机构",
        }
    }
    pub fn from_id(id: &str) -> Option<OrgKind> {
        [
            OrgKind::Bureau,
            OrgKind::Division,
            OrgKind::Department,
            OrgKind::Unit,
            OrgKind::Agency,
        ]
        .into_iter()
        .find(|k| k.id() == id)
    }
    /// From the Chinese name used in workbooks (or the id).
    pub fn parse(text: &str) -> Option<OrgKind> {
        let t = text.trim();
        OrgKind::from_id(t).or(match t {
            "财政局" | "财政" => Some(OrgKind::Bureau),
            "业务科室" | "科室" | "财政科室" => Some(OrgKind::Division),
            "主管部门" | "部门" => Some(OrgKind::Department),
            "预算单位" | "单位" => Some(OrgKind::Unit),
            "第三方机构" | "第三方" | "专家" => Some(OrgKind::Agency),
            _ => None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Organisation {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: OrgKind,
    pub parent_code: Option<String>,
    pub owner_division_code: Option<String>,
}

/// An organisation to create or update (by code).
#[derive(Debug, Clone)]
pub struct NewOrg {
    pub code: String,
    pub name: String,
    pub kind: OrgKind,
    pub parent_code: Option<String>,
    /// For a 主管部门: the code of the 业务科室 that owns its budget.
    pub owner_division_code: Option<String>,
}

const ORG_COLUMNS: &str = "o.id, o.code, o.name, o.kind, p.code, d.code";
const ORG_FROM: &str = "organisations o LEFT JOIN organisations p ON p.id = o.parent_id LEFT JOIN organisations d ON d.id = o.owner_division_id";

fn org_of(r: &crate::db::Row) -> Organisation {
    Organisation {
        id: r.int(0),
        code: r.text(1),
        name: r.text(2),
        kind: OrgKind::from_id(&r.text(3)).unwrap_or(OrgKind::Unit),
        parent_code: r.opt_text(4),
        owner_division_code: r.opt_text(5),
    }
}

pub(crate) fn id_of(c: &mut dyn Conn, code: &str) -> Result<Option<(i64, String)>, StoreError> {
    Ok(c.one(
        "SELECT id, path FROM organisations WHERE code = $1",
        &[code.into()],
    )?
    .map(|r| (r.int(0), r.text(1))))
}

pub(crate) fn upsert(c: &mut dyn Conn, org: &NewOrg) -> Result<i64, StoreError> {
    if org.code.trim().is_empty() || org.name.trim().is_empty() {
        return Err(StoreError::Invalid("组织的编码和名称不能为空".into()));
    }
    let parent = match &org.parent_code {
        Some(code) if !code.trim().is_empty() => Some(id_of(c, code)?.ok_or_else(|| {
            StoreError::Invalid(format!("组织「{}」的上级编码「{code}」不存在", org.code))
        })?),
        _ => None,
    };
    let owner = match &org.owner_division_code {
        Some(code) if !code.trim().is_empty() => Some(id_of(c, code)?.ok_or_else(|| {
            StoreError::Invalid(format!(
                "组织「{}」的归口科室编码「{code}」不存在",
                org.code
            ))
        })?),
        _ => None,
    };
    let existing = id_of(c, &org.code)?;
    let id = match existing {
        Some((id, _)) => {
            c.exec(
                "UPDATE organisations SET name = $2, kind = $3, parent_id = $4, owner_division_id = $5 WHERE id = $1",
                &[
                    Value::Int(id),
                    org.name.as_str().into(),
                    org.kind.id().into(),
                    parent.as_ref().map(|p| p.0).into(),
                    owner.as_ref().map(|p| p.0).into(),
                ],
            )?;
            id
        }
        None => c
            .one(
                "INSERT INTO organisations (code, name, kind, parent_id, owner_division_id, path) VALUES ($1, $2, $3, $4, $5, '') RETURNING id",
                &[
                    org.code.as_str().into(),
                    org.name.as_str().into(),
                    org.kind.id().into(),
                    parent.as_ref().map(|p| p.0).into(),
                    owner.as_ref().map(|p| p.0).into(),
                ],
            )?
            .map(|r| r.int(0))
            .ok_or_else(|| StoreError::Database("INSERT returned no id".into()))?,
    };
    let path = match &parent {
        Some((_, parent_path)) => format!("{parent_path}{id}/"),
        None => format!("/{id}/"),
    };
    if let Some((pid, ppath)) = &parent {
        if ppath.contains(&format!("/{id}/")) || *pid == id {
            return Err(StoreError::Invalid(format!(
                "组织「{}」的上级不能是它自己或它的下级",
                org.code
            )));
        }
    }
    let old_path = existing.map(|e| e.1).unwrap_or_default();
    c.exec(
        "UPDATE organisations SET path = $2 WHERE id = $1",
        &[Value::Int(id), path.as_str().into()],
    )?;
    if !old_path.is_empty() && old_path != path {
        // Move the subtree.
        let rows = c.query(
            "SELECT id, path FROM organisations WHERE path LIKE $1 AND id <> $2",
            &[format!("{old_path}%").into(), Value::Int(id)],
        )?;
        for r in rows {
            let p = r.text(1).replacen(&old_path, &path, 1);
            c.exec(
                "UPDATE organisations SET path = $2 WHERE id = $1",
                &[Value::Int(r.int(0)), p.into()],
            )?;
        }
    }
    Ok(id)
}

impl Store {
    /// Organisations the caller may see (its own, and those below it where its role looks
    /// down the tree), ordered by code.
    pub fn organisations(&self, scope: &Scope) -> Result<Vec<Organisation>, StoreError> {
        let (cond, params) = scope.visible_sql(1, None);
        self.db.read(|c| {
            Ok(c.query(
                &format!("SELECT {ORG_COLUMNS} FROM {ORG_FROM} WHERE {cond} ORDER BY o.code"),
                &params,
            )?
            .iter()
            .map(org_of)
            .collect())
        })
    }

    /// Every organisation (administration commands only: `jixiao admin`, the demo seed).
    pub fn all_organisations(&self) -> Result<Vec<Organisation>, StoreError> {
        self.db.read(|c| {
            Ok(c.query(
                &format!("SELECT {ORG_COLUMNS} FROM {ORG_FROM} ORDER BY o.code"),
                &[],
            )?
            .iter()
            .map(org_of)
            .collect())
        })
    }

    /// Create or update organisations by code, in order (parents first), in one
    /// transaction: all or nothing. Administration only.
    pub fn import_organisations(&self, actor: &str, orgs: &[NewOrg]) -> Result<usize, StoreError> {
        self.db.write(|c| {
            for o in orgs {
                upsert(c, o)?;
            }
            crate::audit::append(
                c,
                actor,
                "import_orgs",
                "organisations",
                &serde_json::json!({ "count": orgs.len() }),
            )?;
            Ok(orgs.len())
        })
    }
}
