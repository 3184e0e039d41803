//! Templates (minijinja): the default outlines ship in `templates/` and are embedded; a
//! bureau's own template is read at run time and may `{% include %}` the default parts.

use minijinja::{Environment, UndefinedBehavior};

use crate::content::Context;

/// The default templates, by name (embedded at compile time).
pub const DEFAULTS: &[(&str, &str)] = &[
    (
        "_cover.jinja",
        include_str!("../../../templates/_cover.jinja"),
    ),
    (
        "_basic.jinja",
        include_str!("../../../templates/_basic.jinja"),
    ),
    (
        "_closing.jinja",
        include_str!("../../../templates/_closing.jinja"),
    ),
    (
        "report-longhua-4e.jinja",
        include_str!("../../../templates/report-longhua-4e.jinja"),
    ),
    (
        "report-mof-2013-dept.jinja",
        include_str!("../../../templates/report-mof-2013-dept.jinja"),
    ),
];

/// The default template for a framework id.
pub fn default_for(framework_id: &str) -> &'static str {
    if framework_id.starts_with("mof-2013") {
        "report-mof-2013-dept.jinja"
    } else {
        "report-longhua-4e.jinja"
    }
}

fn environment() -> Result<Environment<'static>, minijinja::Error> {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    // A misspelt variable is an error, not silently empty; `x or "…"` still works for
    // fields that exist but are missing (None).
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    for (name, src) in DEFAULTS {
        env.add_template(name, src)?;
    }
    Ok(env)
}

/// Render the report markup with the default template for the framework, or `custom`.
pub fn render(ctx: &Context, custom: Option<&str>) -> Result<String, minijinja::Error> {
    let mut env = environment()?;
    let name = match custom {
        Some(src) => {
            env.add_template_owned("custom", src.to_string())?;
            "custom"
        }
        None => default_for(&ctx.meta.framework_id),
    };
    env.get_template(name)?.render(ctx)
}

/// A template error as a user reads it: message, template name and line.
pub fn describe(e: &minijinja::Error) -> String {
    let mut s = e.to_string();
    if let (Some(name), Some(line)) = (e.name(), e.line()) {
        s = format!("{s}（模板 {name} 第 {line} 行）");
    }
    s
}
