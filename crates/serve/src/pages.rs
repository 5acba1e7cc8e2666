//! The HTML pages, rendered on the server with `maud` (which escapes every
//! interpolated value): home, analyze a text, document, search, story,
//! entity. Each page reads without JavaScript; `app.js` only adds hover
//! highlighting and keyboard shortcuts.

use crate::api::{blocking, document_of, run_pipeline, AnalyzeRequest, ApiError};
use crate::backend::{Filter, Paging};
use crate::docview::{self, Extras, Links};
use crate::i18n::Ui;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use maud::{html, Markup, DOCTYPE};
use serde::Deserialize;

mod corpus;
mod entity;

/// The pages' routes.
pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/analyze", get(analyze_form).post(analyze_submit))
        .route("/doc/{id}", get(corpus::document_page))
        .route("/search", get(corpus::search_page))
        .route("/stories", get(corpus::stories_page))
        .route("/story/{id}", get(corpus::story_page))
        .route("/entity/{key}", get(corpus::entity_page))
        .route("/ui/{lang}", get(set_ui))
        .fallback(not_found)
}

/// The `ui` query parameter, read by every page.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct UiParam {
    pub(crate) ui: Option<String>,
}

/// The page frame: header with navigation and language switch, main, footer.
pub(crate) fn layout(ui: Ui, title: &str, here: &str, body: Markup) -> Markup {
    let t = |k| ui.t(k);
    let nav = [
        ("/search", "nav.search"),
        ("/stories", "nav.stories"),
        ("/analyze", "nav.analyze"),
    ];
    html! {
        (DOCTYPE)
        html lang=(ui.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — newsgraph" }
                link rel="stylesheet" href="/static/app.css";
                link rel="icon" href="/static/favicon.svg" type="image/svg+xml";
                script type="module" src="/static/app.js" {}
            }
            body {
                a.skip href="#main" { (t("nav.skip")) }
                header.top {
                    a.brand href="/" { span.logo aria-hidden="true" { "◆" } "newsgraph" }
                    nav aria-label=(t("nav.main")) {
                        @for (href, key) in nav {
                            a href=(href) aria-current=[(here == href).then_some("page")] { (t(key)) }
                        }
                    }
                    div.uisw {
                        @for (code, name) in [("en", "EN"), ("fr", "FR")] {
                            a href={"/ui/" (code) "?back=" (docview::path_escape(here))}
                              aria-current=[(ui.code() == code).then_some("true")]
                              lang=(code) { (name) }
                        }
                    }
                }
                main #main tabindex="-1" { (body) }
                footer {
                    (t("footer.text")) " · "
                    a href="/api/openapi.json" { "API (OpenAPI)" }
                    " · " kbd { "?" } " " (t("footer.keys"))
                }
                dialog #keys aria-labelledby="keys-title" {
                    h2 #keys-title { (t("keys.title")) }
                    dl {
                        dt { kbd { "j" } " / " kbd { "k" } } dd { (t("keys.jk")) }
                        dt { kbd { "1" } "–" kbd { "4" } } dd { (t("keys.layers")) }
                        dt { kbd { "/" } } dd { (t("keys.search")) }
                        dt { kbd { "Tab" } } dd { (t("keys.tab")) }
                    }
                    form method="dialog" { button type="submit" { "OK" } }
                }
            }
        }
    }
}

/// A full HTML response with a status.
pub(crate) fn page(status: StatusCode, m: Markup) -> Response {
    (status, Html(m.into_string())).into_response()
}

/// An error page.
pub(crate) fn error_page(ui: Ui, e: &ApiError) -> Response {
    let t = |k| ui.t(k);
    let body = html! {
        section.error {
            h1 { (e.status.as_u16()) " · " (e.status.canonical_reason().unwrap_or("")) }
            p { (e.message) }
            @if e.status == StatusCode::SERVICE_UNAVAILABLE { p { (t("error.no_store")) } }
            p { a href="/" { (t("error.home")) } }
        }
    };
    page(e.status, layout(ui, t("error.title"), "", body))
}

async fn not_found(headers: HeaderMap) -> Response {
    let ui = Ui::of_request(None, &headers);
    error_page(
        ui,
        &ApiError {
            status: StatusCode::NOT_FOUND,
            message: ui.t("error.not_found").into(),
        },
    )
}

#[derive(Deserialize)]
struct Back {
    back: Option<String>,
}

/// Sets the interface language cookie and goes back to a local page.
async fn set_ui(Path(lang): Path<String>, Query(b): Query<Back>) -> Response {
    let code = if lang == "fr" { "fr" } else { "en" };
    let back = b
        .back
        .filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.contains('\\'))
        .unwrap_or_else(|| "/".into());
    (
        [(
            header::SET_COOKIE,
            format!("ng_ui={code}; Path=/; Max-Age=31536000; SameSite=Lax"),
        )],
        Redirect::to(&back),
    )
        .into_response()
}

async fn home(
    State(state): State<AppState>,
    Query(u): Query<UiParam>,
    headers: HeaderMap,
) -> Response {
    let ui = Ui::of_request(u.ui.as_deref(), &headers);
    let t = |k| ui.t(k);
    let b = state.inner.backend.clone();
    let stats = blocking(move || b.stats()).await.ok();
    let b = state.inner.backend.clone();
    let stories = blocking(move || {
        b.stories(
            &Filter::default(),
            Paging {
                offset: 0,
                limit: 8,
            },
        )
    })
    .await
    .ok();
    let body = html! {
        section.hero {
            h1 { (t("home.title")) }
            p.lead { (t("home.lead")) }
            (corpus::search_form(ui, &Filter::default(), true))
            @if let Some(s) = &stats {
                p.stats {
                    @for (k, label) in [("documents", "stats.documents"), ("entities", "stats.entities"), ("quotes", "stats.quotes"), ("events", "stats.events"), ("stories", "stats.stories")] {
                        @if let Some(n) = s.get(k).and_then(|v| v.as_u64()) {
                            span.stat { strong { (n) } " " (t(label)) }
                        }
                    }
                }
            }
        }
        @if let Some(p) = &stories {
            @if !p.items.is_empty() {
                section {
                    h2 { (t("home.latest_stories")) }
                    (corpus::story_list(ui, &p.items))
                }
            }
        }
        section.cards {
            a.card href="/analyze" { h2 { (t("nav.analyze")) } p { (t("home.analyze")) } }
            a.card href="/stories" { h2 { (t("nav.stories")) } p { (t("home.stories")) } }
            a.card href="/api/openapi.json" { h2 { "API" } p { (t("home.api")) } }
        }
    };
    page(StatusCode::OK, layout(ui, "newsgraph", "/", body))
}

/// The fields of the analyze form (the API request, as form fields).
#[derive(Debug, Default, Deserialize)]
struct AnalyzeForm {
    #[serde(default)]
    text: String,
    published: Option<String>,
    language: Option<String>,
    ui: Option<String>,
}

fn analyze_page(ui: Ui, f: &AnalyzeForm, result: Markup) -> Markup {
    let t = |k| ui.t(k);
    let lang = f.language.as_deref().unwrap_or("");
    let body = html! {
        section.analyze {
            h1 { (t("analyze.title")) }
            p.lead { (t("analyze.lead")) }
            form.analyze-form method="post" action="/analyze" {
                label for="text" { (t("analyze.text")) }
                textarea #text name="text" rows="9" required maxlength="200000"
                    placeholder=(t("analyze.placeholder")) { (f.text) }
                div.row {
                    label { (t("analyze.published")) " "
                        input type="text" name="published" inputmode="numeric" pattern="[0-9T:+Z .-]{4,32}"
                            placeholder="2024-03-14" value=[f.published.as_deref()]; }
                    label { (t("analyze.language")) " "
                        select name="language" {
                            option value="" selected[lang.is_empty()] { (t("analyze.detect")) }
                            option value="fr" selected[lang == "fr"] { "français" }
                            option value="en" selected[lang == "en"] { "English" }
                        }
                    }
                    button type="submit" { (t("analyze.submit")) }
                    button.secondary #example type="button" data-example-fr=(t("analyze.example_fr")) { (t("analyze.example")) }
                }
            }
        }
        (result)
    };
    layout(ui, t("analyze.title"), "/analyze", body)
}

async fn analyze_form(Query(u): Query<UiParam>, headers: HeaderMap) -> Response {
    let ui = Ui::of_request(u.ui.as_deref(), &headers);
    page(
        StatusCode::OK,
        analyze_page(ui, &AnalyzeForm::default(), html! {}),
    )
}

async fn analyze_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<AnalyzeForm>,
) -> Response {
    let ui = Ui::of_request(f.ui.as_deref(), &headers);
    let req = AnalyzeRequest {
        text: f.text.clone(),
        published: f.published.clone(),
        language: f.language.clone(),
        ..AnalyzeRequest::default()
    };
    let result = match document_of(req) {
        Ok(doc) => run_pipeline(&state, doc).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(doc) => {
            let json = serde_json::to_string_pretty(&doc).unwrap_or_default();
            let view = html! {
                (docview::render_document(&doc, ui, Links { entities: false }, &Extras::default()))
                details.json {
                    summary { (ui.t("analyze.json")) }
                    pre { code { (json) } }
                }
            };
            page(StatusCode::OK, analyze_page(ui, &f, view))
        }
        Err(e) => {
            let msg = html! { p.error role="alert" { (e.message) } };
            page(e.status, analyze_page(ui, &f, msg))
        }
    }
}
