//! The page templates (minijinja, `templates/*.html`, embedded). Auto-escaping is on for
//! every template (their names end in `.html`): user text — organisation names, opinions,
//! field values — is always escaped.

use std::sync::OnceLock;

use axum::response::Html;
use minijinja::Environment;

use crate::ApiError;

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("login.html", include_str!("../templates/login.html")),
    ("items.html", include_str!("../templates/items.html")),
    ("item.html", include_str!("../templates/item.html")),
    ("edit.html", include_str!("../templates/edit.html")),
    ("text.html", include_str!("../templates/text.html")),
    ("score.html", include_str!("../templates/score.html")),
    (
        "revisions.html",
        include_str!("../templates/revisions.html"),
    ),
    ("tasks.html", include_str!("../templates/tasks.html")),
    ("task.html", include_str!("../templates/task.html")),
    ("task_new.html", include_str!("../templates/task_new.html")),
    ("tokens.html", include_str!("../templates/tokens.html")),
    ("error.html", include_str!("../templates/error.html")),
    (
        "dashboard.html",
        include_str!("../templates/dashboard.html"),
    ),
    (
        "dashboard_heat.html",
        include_str!("../templates/dashboard_heat.html"),
    ),
    ("review.html", include_str!("../templates/review.html")),
    (
        "rectifications.html",
        include_str!("../templates/rectifications.html"),
    ),
    (
        "rectification.html",
        include_str!("../templates/rectification.html"),
    ),
    ("targets.html", include_str!("../templates/targets.html")),
    (
        "published.html",
        include_str!("../templates/published.html"),
    ),
    (
        "publication.html",
        include_str!("../templates/publication.html"),
    ),
];

pub fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Lenient);
        for (name, source) in TEMPLATES {
            env.add_template(name, source)
                .expect("the embedded templates are valid (tested)");
        }
        env
    })
}

pub fn render(name: &str, ctx: minijinja::Value) -> Result<Html<String>, ApiError> {
    let t = env()
        .get_template(name)
        .map_err(|e| ApiError::Internal(format!("template {name}: {e}")))?;
    t.render(ctx)
        .map(Html)
        .map_err(|e| ApiError::Internal(format!("template {name}: {e:#}")))
}
