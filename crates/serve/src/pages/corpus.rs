//! The corpus pages over the store: search, stories, one story, one entity
//! (with its SVG timeline), one stored document. Store records arrive as
//! JSON objects; these pages read the fields they show and escape them.

use super::{error_page, layout, page, UiParam};
use crate::api::{blocking, ApiError};
use crate::backend::{Filter, Paging};
use crate::docview::{self, entity_href, path_escape, Extras, Links};
use crate::i18n::Ui;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::{html, Markup};
use serde_json::Value;
use std::collections::BTreeMap;

/// The first string found under any of `keys`.
pub(crate) fn s<'a>(v: &'a Value, keys: &[&str]) -> Option<&'a str> {
    keys.iter()
        .find_map(|k| v.get(*k).and_then(Value::as_str))
        .filter(|s| !s.is_empty())
}

/// The first number found under any of `keys`.
pub(crate) fn n(v: &Value, keys: &[&str]) -> Option<u64> {
    keys.iter().find_map(|k| v.get(*k).and_then(Value::as_u64))
}

/// The first array found under any of `keys` (empty if none).
pub(crate) fn arr<'a>(v: &'a Value, keys: &[&str]) -> &'a [Value] {
    keys.iter()
        .find_map(|k| v.get(*k).and_then(Value::as_array))
        .map_or(&[], Vec::as_slice)
}

/// A value for reading: strings as is, numbers and others as JSON.
pub(crate) fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "—".into(),
        Value::Object(_) => s(v, &["name", "text", "value", "key", "id"])
            .map(str::to_string)
            .unwrap_or_else(|| v.to_string()),
        other => other.to_string(),
    }
}

/// A link to an entity record (`{key, name}` or a bare key string).
pub(crate) fn entity_link(v: &Value) -> Markup {
    let key = match v {
        Value::String(k) => Some(k.as_str()),
        _ => s(v, &["key", "entity", "id"]),
    };
    let name = match v {
        Value::String(k) => k.clone(),
        _ => s(v, &["name", "canonical", "text"])
            .or(key)
            .unwrap_or("?")
            .to_string(),
    };
    html! {
        @if let Some(k) = key { a.entlink href=(entity_href(k)) { bdi { (name) } } }
        @else { bdi { (name) } }
    }
}

/// Links to one entity or a list of them (a fact's actors, targets).
pub(crate) fn entity_links(v: &Value) -> Markup {
    match v {
        Value::Array(a) => html! {
            @for (i, x) in a.iter().enumerate() { @if i > 0 { ", " } (entity_link(x)) }
        },
        Value::Null => html! {},
        other => entity_link(other),
    }
}

fn doc_link(id: &str, label: Option<&str>) -> Markup {
    html! { a.doclink href={"/doc/" (path_escape(id))} { bdi { (label.unwrap_or(id)) } } }
}

/// Renders a snippet with its highlighted code-point spans as `<mark>`
/// (spans out of order or out of range are ignored); all escaped.
pub(crate) fn snippet(text: &str, highlights: &[Value]) -> Markup {
    let chars: Vec<char> = text.chars().collect();
    let mut parts: Vec<(bool, String)> = Vec::new();
    let mut pos = 0usize;
    for h in highlights {
        let (Some(a), Some(b)) = (
            h.get(0).and_then(Value::as_u64),
            h.get(1).and_then(Value::as_u64),
        ) else {
            continue;
        };
        let (a, b) = (a as usize, (b as usize).min(chars.len()));
        if a < pos || a >= b {
            continue;
        }
        parts.push((false, chars[pos..a].iter().collect()));
        parts.push((true, chars[a..b].iter().collect()));
        pos = b;
    }
    parts.push((false, chars[pos.min(chars.len())..].iter().collect()));
    html! { @for (hit, p) in parts { @if hit { mark { (p) } } @else { (p) } } }
}

/// The search form (also on the home page).
pub(crate) fn search_form(ui: Ui, f: &Filter, compact: bool) -> Markup {
    let t = |k| ui.t(k);
    html! {
        form.search role="search" method="get" action="/search" {
            div.row.main {
                label.sr for="q" { (t("search.query")) }
                input #q type="search" name="q" value=[f.q.as_deref()] placeholder=(t("search.placeholder")) maxlength="512" autofocus[compact];
                button type="submit" { (t("search.submit")) }
            }
            @if !compact {
                div.row.filters {
                    label { (t("search.from")) " " input type="date" name="from" value=[f.from.as_deref()]; }
                    label { (t("search.to")) " " input type="date" name="to" value=[f.to.as_deref()]; }
                    label { (t("search.lang")) " "
                        select name="lang" {
                            option value="" { (t("search.any")) }
                            @for l in ["fr", "en"] { option value=(l) selected[f.lang.as_deref() == Some(l)] { (l) } }
                        }
                    }
                    label { (t("search.source")) " " input type="text" name="source" value=[f.source.as_deref()] maxlength="200"; }
                    label { (t("search.entity")) " " input type="text" name="entity" value=[f.entity.as_deref()] maxlength="200"; }
                }
            }
        }
    }
}

fn pager(ui: Ui, base: &str, f: &Filter, p: &crate::backend::Page) -> Markup {
    let qs = |offset: u32| {
        let mut v: Vec<(String, String)> = serde_json::to_value(f)
            .ok()
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(k, v)| v.as_str().map(|s| (k, s.to_string())))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        v.push(("offset".into(), offset.to_string()));
        v.push(("limit".into(), p.limit.to_string()));
        let q: Vec<String> = v
            .iter()
            .map(|(k, v)| format!("{}={}", path_escape(k), path_escape(v)))
            .collect();
        format!("{base}?{}", q.join("&"))
    };
    html! {
        nav.pager aria-label=(ui.t("pager.label")) {
            @if p.offset > 0 { a rel="prev" href=(qs(p.offset.saturating_sub(p.limit))) { "← " (ui.t("pager.prev")) } }
            span { (p.offset + 1) "–" (p.offset as usize + p.items.len())
                @if let Some(t) = p.total { " / " (t) } }
            @if let Some(nx) = p.next_offset { a rel="next" href=(qs(nx)) { (ui.t("pager.next")) " →" } }
        }
    }
}

pub(crate) async fn search_page(
    State(state): State<AppState>,
    Query(u): Query<UiParam>,
    Query(f): Query<Filter>,
    Query(paging): Query<Paging>,
    headers: HeaderMap,
) -> Response {
    let ui = Ui::of_request(u.ui.as_deref(), &headers);
    let t = |k| ui.t(k);
    let b = state.inner.backend.clone();
    let ff = f.clone();
    let has_query = !f.is_empty();
    let result = if has_query {
        Some(blocking(move || b.search(&ff, paging.clamped())).await)
    } else {
        None
    };
    let body = html! {
        h1 { (t("search.title")) }
        (search_form(ui, &f, false))
        @match &result {
            None => p.hint { (t("search.hint")) },
            Some(Err(e)) => p.error role="alert" { (e.message) },
            Some(Ok(p)) => {
                @if p.items.is_empty() { p.empty { (t("search.no_results")) } }
                ol.results start=(p.offset + 1) {
                    @for h in &p.items {
                        li.hit {
                            @let id = s(h, &["doc_id"]).unwrap_or("?");
                            h3 { (doc_link(id, s(h, &["title"]))) }
                            p.meta {
                                @if let Some(x) = s(h, &["source", "outlet"]) { bdi { (x) } " · " }
                                @if let Some(x) = s(h, &["published"]) { time { (x) } " · " }
                                @if let Some(x) = s(h, &["language", "lang"]) { (x) }
                                @if let Some(x) = s(h, &["kind"]) { " · " span.tag { (x) } }
                            }
                            @if let Some(x) = s(h, &["snippet"]) { p.snippet dir="auto" {
                                @if let Some(sp) = s(h, &["speaker"]) { bdi.speaker { (sp) } ": " }
                                (snippet(x, arr(h, &["highlights"]))) } }
                        }
                    }
                }
                (pager(ui, "/search", &f, p))
            }
        }
    };
    page(
        StatusCode::OK,
        layout(ui, t("search.title"), "/search", body),
    )
}

/// A list of stories (title, dates, languages, sources).
pub(crate) fn story_list(ui: Ui, items: &[Value]) -> Markup {
    html! {
        ul.stories {
            @for st in items {
                li.story-item {
                    @let id = s(st, &["id"]).map(str::to_string).unwrap_or_else(|| st.get("id").map(show).unwrap_or_default());
                    a href={"/story/" (path_escape(&id))} { bdi { (s(st, &["title"]).unwrap_or(&id)) } }
                    p.meta {
                        @if let Some(x) = s(st, &["first_published"]) { time { (x) } }
                        @if let Some(x) = s(st, &["last_published"]) { " → " time { (x) } }
                        " · " (arr(st, &["documents"]).len().max(n(st, &["document_count", "documents"]).unwrap_or(0) as usize)) " " (ui.t("story.reports"))
                        @if let Some(x) = n(st, &["independent_sources"]) { " · " (x) " " (ui.t("story.independent")) }
                        @for l in arr(st, &["languages"]) { " " span.tag.lang { (show(l)) } }
                    }
                }
            }
        }
    }
}

pub(crate) async fn stories_page(
    State(state): State<AppState>,
    Query(u): Query<UiParam>,
    Query(f): Query<Filter>,
    Query(paging): Query<Paging>,
    headers: HeaderMap,
) -> Response {
    let ui = Ui::of_request(u.ui.as_deref(), &headers);
    let b = state.inner.backend.clone();
    let ff = f.clone();
    match blocking(move || b.stories(&ff, paging.clamped())).await {
        Ok(p) => {
            let body = html! {
                h1 { (ui.t("nav.stories")) }
                @if p.items.is_empty() { p.empty { (ui.t("stories.none")) } }
                (story_list(ui, &p.items))
                (pager(ui, "/stories", &f, &p))
            };
            page(
                StatusCode::OK,
                layout(ui, ui.t("nav.stories"), "/stories", body),
            )
        }
        Err(e) => error_page(ui, &e),
    }
}

/// Documents shown side by side on a story page, at most.
const STORY_DOCS: usize = 24;

pub(crate) async fn story_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(u): Query<UiParam>,
    headers: HeaderMap,
) -> Response {
    let ui = Ui::of_request(u.ui.as_deref(), &headers);
    let b = state.inner.backend.clone();
    let key = id.clone();
    let story = match blocking(move || b.story(&key)).await {
        Ok(Some(s)) => s,
        Ok(None) => return error_page(ui, &ApiError::not_found(format!("story {id}"))),
        Err(e) => return error_page(ui, &e),
    };
    // The reports themselves, for the side-by-side view and the quotes.
    let ids: Vec<String> = arr(&story, &["documents"])
        .iter()
        .filter_map(|d| s(d, &["id", "document"]).map(str::to_string))
        .take(STORY_DOCS)
        .collect();
    let b = state.inner.backend.clone();
    let docs = blocking(move || {
        let mut v = Vec::new();
        for id in ids {
            if let Some(d) = b.document(&id)? {
                v.push(d);
            }
        }
        Ok(v)
    })
    .await
    .unwrap_or_default();
    page(StatusCode::OK, story_view(ui, &id, &story, &docs))
}

/// A quote of a story's report with its speaker's corpus key.
type SpeakerQuote<'a> = (
    &'a newsgraph_doc::Document,
    &'a newsgraph_doc::Quote,
    Option<String>,
);

fn story_view(ui: Ui, id: &str, st: &Value, docs: &[newsgraph_doc::Document]) -> Markup {
    let t = |k| ui.t(k);
    let title = s(st, &["title"]).unwrap_or(id).to_string();
    let meta_docs = arr(st, &["documents"]);
    // Reports grouped by language, then outlet.
    let mut by_lang: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for d in meta_docs {
        by_lang
            .entry(s(d, &["language"]).unwrap_or("und").to_string())
            .or_default()
            .push(d);
    }
    let full = |id: &str| docs.iter().find(|d| d.id == id);
    let facts = arr(st, &["facts"]);
    let mut conflicts: Vec<(String, &Value)> = facts
        .iter()
        .flat_map(|f| {
            arr(f, &["conflicts"])
                .iter()
                .map(move |c| (fact_label(f), c))
        })
        .collect();
    for qc in arr(st, &["quote_conflicts"]) {
        if let Some(c) = qc.get("conflict") {
            let q = s(qc, &["quote"]).unwrap_or("");
            conflicts.push((format!("« {q} »"), c));
        }
    }
    // Quotes by speaker across the reports.
    let mut quotes: BTreeMap<String, Vec<SpeakerQuote>> = BTreeMap::new();
    for d in docs {
        for q in &d.quotes {
            let (name, key) = match &q.speaker {
                Some(a) => {
                    let e = a
                        .entity
                        .as_deref()
                        .and_then(|i| d.entities.iter().find(|e| e.id == i));
                    (
                        e.map_or_else(|| a.text.clone(), |e| e.name.clone()),
                        e.map(docview::entity_key),
                    )
                }
                None => (t("doc.unknown_speaker").to_string(), None),
            };
            quotes.entry(name).or_default().push((d, q, key));
        }
    }
    let body = html! {
        article.story {
            header {
                p.kicker { (t("story.kicker")) }
                h1 { bdi { (title) } }
                p.meta {
                    @if let Some(x) = s(st, &["first_published"]) { time { (x) } }
                    @if let Some(x) = s(st, &["last_published"]) { " → " time { (x) } }
                    " · " strong { (meta_docs.len()) } " " (t("story.reports"))
                    @if let Some(x) = n(st, &["independent_sources"]) { " · " strong.indep { (x) } " " (t("story.independent")) }
                    " · " strong { (facts.len()) } " " (t("story.facts"))
                    @if !conflicts.is_empty() { " · " strong.conflict-count { (conflicts.len()) } " " (t("story.conflicts")) }
                }
                @let ents = arr(st, &["entities"]);
                @if !ents.is_empty() {
                    p.chips { @for e in ents.iter().take(12) { (entity_link(e)) " " } }
                }
            }
            section.reports {
                h2 { (t("story.reports_title")) }
                div.columns {
                    @for (lang, ds) in &by_lang {
                        div.col lang=(lang) {
                            h3 { span.tag.lang { (lang) } " " (ds.len()) " " (t("story.reports")) }
                            @for d in ds {
                                @let did = s(d, &["id", "document"]).unwrap_or("?");
                                @let fd = full(did);
                                div.report.(if d.get("copy_of").is_some_and(|c| !c.is_null()) { "copy" } else { "orig" }) {
                                    p.outlet { bdi { (s(d, &["source", "outlet"]).unwrap_or("?")) } " · " time { (s(d, &["published"]).unwrap_or("?")) } }
                                    h4 { (doc_link(did, fd.and_then(|f| f.title.as_deref()).or(s(d, &["title"])))) }
                                    @if let Some(c) = d.get("copy_of").filter(|c| !c.is_null()) {
                                        p.copyof { (t("story.copy_of")) " " (doc_link(&show(c), None)) }
                                    }
                                    @if let Some(f) = fd { p.lead dir="auto" { (lead(f)) } }
                                }
                            }
                        }
                    }
                }
            }
            @if !conflicts.is_empty() {
                section.conflicts {
                    h2 { (t("story.conflicts_title")) }
                    @for (f, c) in &conflicts {
                        div.conflict role="group" {
                            p.what { span.tag.field { (s(c, &["field"]).unwrap_or("?")) } " " bdi { (f) } }
                            ul.values {
                                @for v in arr(c, &["values"]) {
                                    li {
                                        strong.value { bdi { (v.get("value").map(show).unwrap_or_default()) } }
                                        " — "
                                        @for (i, d) in arr(v, &["documents", "sources"]).iter().enumerate() {
                                            @if i > 0 { ", " }
                                            (doc_source(meta_docs, &show(d)))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            section.facts {
                h2 { (t("story.facts_title")) }
                @if facts.is_empty() { p.empty { (t("story.no_facts")) } }
                @else {
                    table {
                        thead { tr { th { (t("col.type")) } th { (t("col.actors")) } th { (t("col.targets")) } th { (t("col.place")) } th { (t("col.when")) } th { (t("col.indep")) } th { (t("col.modality")) } } }
                        tbody {
                            @for f in facts {
                                tr.(if arr(f, &["conflicts"]).is_empty() { "" } else { "has-conflict" }) {
                                    td { span.tag.ev { (s(f, &["type"]).unwrap_or("?")) } }
                                    td { @if let Some(a) = f.get("actor") { (entity_links(a)) } }
                                    td { @if let Some(a) = f.get("target") { (entity_links(a)) } }
                                    td { @if let Some(a) = f.get("place") { (entity_links(a)) } }
                                    td { @if let Some(a) = f.get("time").filter(|v| !v.is_null()) { (show(a)) } }
                                    td.num { (n(f, &["independent_sources"]).map(|x| x.to_string()).unwrap_or_else(|| arr(f, &["sources"]).len().to_string())) }
                                    td.mods {
                                        @if let Some(m) = f.get("modality_by_source").and_then(Value::as_object) {
                                            @for (src, m) in m { span.modsrc { bdi { (src) } ": " span.(format!("mod m-{}", show(m).chars().filter(char::is_ascii_alphabetic).collect::<String>())) { (show(m)) } } " " }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            section.speakers {
                h2 { (t("story.quotes_title")) }
                @if quotes.is_empty() { p.empty { (t("common.none")) } }
                @for (who, qs) in &quotes {
                    div.speaker {
                        h3 {
                            @match qs.first().and_then(|x| x.2.as_deref()) {
                                Some(k) => a href=(entity_href(k)) { bdi { (who) } },
                                None => bdi { (who) },
                            }
                            " " span.count { "(" (qs.len()) ")" }
                        }
                        ul {
                            @for (d, q, _) in qs {
                                li { blockquote dir="auto" { (q.text) } p.meta { (doc_link(&d.id, d.source.as_deref())) @if let Some(p) = &d.published { " · " (p.to_string()) } } }
                            }
                        }
                    }
                }
            }
        }
    };
    layout(ui, &title, "/stories", body)
}

fn fact_label(f: &Value) -> String {
    let part = |k: &str| match f.get(k) {
        Some(Value::Array(a)) if !a.is_empty() => {
            Some(a.iter().map(show).collect::<Vec<_>>().join(", "))
        }
        Some(Value::Array(_)) | Some(Value::Null) | None => None,
        Some(v) => Some(show(v)),
    };
    [
        Some(s(f, &["type"]).unwrap_or("?").to_string()),
        part("actor"),
        part("target"),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ")
}

fn doc_source(meta_docs: &[Value], id: &str) -> Markup {
    let src = meta_docs
        .iter()
        .find(|d| s(d, &["id"]) == Some(id))
        .and_then(|d| s(d, &["source", "outlet"]));
    doc_link(id, src)
}

/// The first sentences of a document, about 320 characters.
fn lead(d: &newsgraph_doc::Document) -> String {
    let ix = d.index();
    let mut out = String::new();
    for s in &d.sentences {
        if out.chars().count() > 200 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(d.slice(&ix, s.start, s.end).trim());
    }
    if out.is_empty() {
        out = d.text.chars().take(320).collect();
    }
    if out.chars().count() > 320 {
        out = out.chars().take(320).collect::<String>() + "…";
    }
    out
}

pub(crate) async fn document_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(u): Query<UiParam>,
    headers: HeaderMap,
) -> Response {
    let ui = Ui::of_request(u.ui.as_deref(), &headers);
    let b = state.inner.backend.clone();
    let key = id.clone();
    let doc = match blocking(move || b.document(&key)).await {
        Ok(Some(d)) => d,
        Ok(None) => return error_page(ui, &ApiError::not_found(format!("document {id}"))),
        Err(e) => return error_page(ui, &e),
    };
    // The story this document is in, if the store knows it.
    let b = state.inner.backend.clone();
    let did = doc.id.clone();
    let story = blocking(move || b.story_of(&did)).await.ok().flatten();
    let extras = Extras { story };
    let title = doc.title.clone().unwrap_or_else(|| doc.id.clone());
    let body = docview::render_document(&doc, ui, Links { entities: true }, &extras);
    page(StatusCode::OK, layout(ui, &title, "/search", body))
}

pub(crate) async fn entity_page(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(u): Query<UiParam>,
    headers: HeaderMap,
) -> Response {
    let ui = Ui::of_request(u.ui.as_deref(), &headers);
    let b = state.inner.backend.clone();
    let k = key.clone();
    let profile = match blocking(move || b.entity(&k)).await {
        Ok(Some(p)) => p,
        Ok(None) => return error_page(ui, &ApiError::not_found(format!("entity {key}"))),
        Err(e) => return error_page(ui, &e),
    };
    let b = state.inner.backend.clone();
    let k = s(&profile, &["key"]).unwrap_or(&key).to_string();
    let timeline = blocking(move || {
        b.timeline(
            &k,
            Paging {
                offset: 0,
                limit: crate::backend::MAX_LIMIT,
            },
        )
    })
    .await;
    let timeline = match timeline {
        Ok(p) => p.items,
        Err(e) => return error_page(ui, &e),
    };
    page(
        StatusCode::OK,
        super::entity::entity_view(ui, &key, &profile, &timeline),
    )
}
