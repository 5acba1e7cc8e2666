//! The document view: the original text with its layers (quotes, entities,
//! time expressions, event triggers) as nested, escaped HTML elements, and
//! the side notes and tables that say the same thing without hovering.
//!
//! Invariant: the text is shown verbatim (only HTML-escaped); every span
//! comes from a layer's code-point offsets, clamped to the text; crossing
//! spans are split so that the HTML nests.

use crate::i18n::Ui;
use maud::{html, Markup, PreEscaped, Render};
use newsgraph_doc::{ArgRef, Document, Entity, Modality, TextIndex};
use std::fmt::Write;

/// The layers, outermost first when two spans cover the same text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Layer {
    Quote,
    Entity,
    Timex,
    Event,
}

#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    layer: Layer,
    /// Index in the layer's list.
    idx: usize,
    /// True for the piece that ends where the annotation ends.
    last: bool,
}

impl Span {
    fn key(&self) -> (usize, std::cmp::Reverse<usize>, Layer, usize) {
        (
            self.start,
            std::cmp::Reverse(self.end),
            self.layer,
            self.idx,
        )
    }
}

struct Node {
    span: Span,
    children: Vec<Node>,
}

/// The corpus key of a document entity: `kb:<id>` when linked, else
/// `<TYPE>:<name key>` (the store's `entity_key`).
pub fn entity_key(e: &Entity) -> String {
    match &e.kb {
        Some(kb) if !kb.is_empty() => format!("kb:{kb}"),
        _ => format!("{}:{}", e.kind, newsgraph_entities::names::key(&e.name)),
    }
}

/// The link to an entity page.
pub fn entity_href(key: &str) -> String {
    format!("/entity/{}", path_escape(key))
}

/// Percent-encodes a path segment (everything but unreserved characters).
pub fn path_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A CSS class suffix from untrusted text: ASCII letters and digits only.
fn class_part(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(24)
        .collect()
}

/// True for URLs safe to put in `href` (http and https only).
pub fn safe_url(u: &str) -> bool {
    let l = u.trim_start().to_ascii_lowercase();
    (l.starts_with("https://") || l.starts_with("http://")) && !u.chars().any(char::is_control)
}

/// True when the text holds bidirectional control characters (which could
/// make a reader see text in another order than it is stored).
pub fn has_bidi_controls(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
}

fn spans(doc: &Document, len: usize) -> Vec<Span> {
    let mut v = Vec::new();
    let mut push = |start: usize, end: usize, layer, idx| {
        let end = end.min(len);
        if start < end {
            v.push(Span {
                start,
                end,
                layer,
                idx,
                last: true,
            });
        }
    };
    for (i, q) in doc.quotes.iter().enumerate() {
        push(q.start, q.end, Layer::Quote, i);
    }
    for (i, e) in doc.entities.iter().enumerate() {
        for m in &e.mentions {
            push(m.start, m.end, Layer::Entity, i);
        }
    }
    for (i, t) in doc.timexes.iter().enumerate() {
        push(t.start, t.end, Layer::Timex, i);
    }
    for (i, e) in doc.events.iter().enumerate() {
        push(e.trigger.start, e.trigger.end, Layer::Event, i);
    }
    v
}

/// Splits crossing spans so that every pair is nested or disjoint; returns
/// them sorted by start, longer first.
fn nest(mut pending: Vec<Span>) -> Vec<Span> {
    // Sorted descending so that `pop` yields the next span in order.
    pending.sort_by_key(|s| std::cmp::Reverse(s.key()));
    let mut out: Vec<Span> = Vec::with_capacity(pending.len());
    let mut ends: Vec<usize> = Vec::new();
    while let Some(mut s) = pending.pop() {
        while ends.last().is_some_and(|&e| e <= s.start) {
            ends.pop();
        }
        if let Some(&e) = ends.last() {
            if s.end > e {
                let rest = Span { start: e, ..s };
                s.end = e;
                s.last = false;
                let k = rest.key();
                let at = pending.partition_point(|p| p.key() > k);
                pending.insert(at, rest);
            }
        }
        ends.push(s.end);
        out.push(s);
    }
    out
}

fn tree(spans: Vec<Span>) -> Vec<Node> {
    let mut roots: Vec<Node> = Vec::new();
    let mut stack: Vec<Node> = Vec::new();
    fn close(stack: &mut Vec<Node>, roots: &mut Vec<Node>) {
        if let Some(n) = stack.pop() {
            match stack.last_mut() {
                Some(parent) => parent.children.push(n),
                None => roots.push(n),
            }
        }
    }
    for s in spans {
        while stack.last().is_some_and(|n| n.span.end <= s.start) {
            close(&mut stack, &mut roots);
        }
        stack.push(Node {
            span: s,
            children: Vec::new(),
        });
    }
    while !stack.is_empty() {
        close(&mut stack, &mut roots);
    }
    roots
}

/// How the view links out.
#[derive(Debug, Clone, Copy)]
pub struct Links {
    /// Entities link to their corpus pages (when a store is open).
    pub entities: bool,
}

struct Ctx<'a> {
    doc: &'a Document,
    ix: TextIndex,
    ui: Ui,
    links: Links,
    keys: Vec<String>,
}

impl Ctx<'_> {
    fn text(&self, a: usize, b: usize) -> &str {
        self.doc.slice(&self.ix, a, b)
    }

    fn arg(&self, a: &ArgRef) -> String {
        a.entity
            .as_deref()
            .and_then(|id| self.doc.entities.iter().find(|e| e.id == id))
            .map_or_else(|| a.text.clone(), |e| e.name.clone())
    }

    fn args(&self, v: &[ArgRef]) -> String {
        v.iter().map(|a| self.arg(a)).collect::<Vec<_>>().join(", ")
    }
}

fn render_nodes(cx: &Ctx, nodes: &[Node], from: usize, to: usize, out: &mut String) {
    let mut pos = from;
    for n in nodes {
        if n.span.start > pos {
            out.push_str(&html!((cx.text(pos, n.span.start))).into_string());
        }
        render_node(cx, n, out);
        pos = n.span.end;
    }
    if to > pos {
        out.push_str(&html!((cx.text(pos, to))).into_string());
    }
}

fn render_node(cx: &Ctx, n: &Node, out: &mut String) {
    let mut inner = String::new();
    render_nodes(cx, &n.children, n.span.start, n.span.end, &mut inner);
    let inner = PreEscaped(inner);
    let s = n.span;
    let m = match s.layer {
        Layer::Quote => {
            let q = &cx.doc.quotes[s.idx];
            let who = q.speaker.as_ref().map(|a| cx.arg(a));
            let title = format!(
                "{} — {}{}",
                who.as_deref().unwrap_or(cx.ui.t("doc.unknown_speaker")),
                cx.ui.t(kind_key(q.kind)),
                q.cue
                    .as_ref()
                    .map(|c| format!(" ({})", c.text))
                    .unwrap_or_default()
            );
            html! {
                span.ann.quote.(format!("k-{}", kind_key(q.kind).trim_start_matches("quote.")))
                    data-q=(s.idx) title=(title) {
                    (inner)
                    @if s.last {
                        a.qref href={"#q" (s.idx)} aria-label=(title) {
                            "❝" bdi { (who.as_deref().unwrap_or("?")) }
                        }
                    }
                }
            }
        }
        Layer::Entity => {
            let e = &cx.doc.entities[s.idx];
            let title = format!(
                "{} · {}{}",
                e.name,
                e.kind,
                e.kb.as_deref()
                    .map(|k| format!(" · {k}"))
                    .unwrap_or_default()
            );
            let class = format!("t-{}", class_part(&e.kind));
            let label = if s.last { Some(e.kind.as_str()) } else { None };
            if cx.links.entities {
                html! {
                    a.ann.ent.(class) href=(entity_href(&cx.keys[s.idx])) data-ent=(e.id)
                        data-label=[label] title=(title) { (inner) }
                }
            } else {
                html! {
                    mark.ann.ent.(class) tabindex="0" data-ent=(e.id) data-label=[label]
                        title=(title) { (inner) }
                }
            }
        }
        Layer::Timex => {
            let t = &cx.doc.timexes[s.idx];
            let title = format!(
                "{:?} {}{}",
                t.kind,
                t.value,
                t.anchor
                    .as_deref()
                    .map(|a| format!(" ← {a}"))
                    .unwrap_or_default()
            );
            let label = if s.last { Some(t.value.as_str()) } else { None };
            html! { mark.ann.tx tabindex="0" data-label=[label] title=(title) { (inner) } }
        }
        Layer::Event => {
            let e = &cx.doc.events[s.idx];
            let title = format!(
                "{} · {} → {} · {} · {}",
                e.kind,
                cx.args(&e.actors),
                cx.args(&e.targets),
                e.time.value.as_deref().unwrap_or("?"),
                modality_word(cx.ui, e.modality)
            );
            let label = if s.last { Some(e.kind.as_str()) } else { None };
            html! {
                mark.ann.ev.(format!("m-{}", modality_class(e.modality))) tabindex="0"
                    data-ev=(e.id) data-label=[label] title=(title) { (inner) }
            }
        }
    };
    out.push_str(&m.into_string());
}

fn kind_key(k: newsgraph_doc::QuoteKind) -> &'static str {
    match k {
        newsgraph_doc::QuoteKind::Direct => "quote.direct",
        newsgraph_doc::QuoteKind::Partial => "quote.partial",
        newsgraph_doc::QuoteKind::Indirect => "quote.indirect",
    }
}

fn modality_class(m: Modality) -> &'static str {
    match m {
        Modality::Asserted => "asserted",
        Modality::Reported => "reported",
        Modality::Planned => "planned",
        Modality::Conditional => "conditional",
        Modality::Negated => "negated",
        Modality::Hypothetical => "hypothetical",
        Modality::Denied => "denied",
    }
}

/// The interface word for a modality.
pub fn modality_word(ui: Ui, m: Modality) -> &'static str {
    ui.t(match m {
        Modality::Asserted => "mod.asserted",
        Modality::Reported => "mod.reported",
        Modality::Planned => "mod.planned",
        Modality::Conditional => "mod.conditional",
        Modality::Negated => "mod.negated",
        Modality::Hypothetical => "mod.hypothetical",
        Modality::Denied => "mod.denied",
    })
}

/// The annotated text alone (a `<div class="doctext">`).
pub fn render_text(doc: &Document, ui: Ui, links: Links) -> Markup {
    let cx = ctx(doc, ui, links);
    let len = cx.ix.len_chars();
    let nodes = tree(nest(spans(doc, len)));
    let mut out = String::new();
    render_nodes(&cx, &nodes, 0, len, &mut out);
    html! {
        div.doctext lang=[doc.language.as_deref()] dir="auto" { (PreEscaped(out)) }
    }
}

fn ctx(doc: &Document, ui: Ui, links: Links) -> Ctx<'_> {
    Ctx {
        doc,
        ix: doc.index(),
        ui,
        links,
        keys: doc.entities.iter().map(entity_key).collect(),
    }
}

/// Something shown beside the document: the story it belongs to.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    /// `(story id, story title)` when the document is in a story.
    pub story: Option<(String, String)>,
}

/// The whole document view: header, layer toggles, annotated text, side
/// notes (quotes with speakers) and tables of entities, times and events.
pub fn render_document(doc: &Document, ui: Ui, links: Links, extras: &Extras) -> Markup {
    let cx = ctx(doc, ui, links);
    let t = |k| ui.t(k);
    html! {
        section.docview aria-label=(t("doc.view")) {
            header.dochead {
                h1 { bdi { (doc.title.as_deref().unwrap_or(&doc.id)) } }
                p.meta {
                    @if let Some(s) = &doc.source { span.src { bdi { (s) } } " · " }
                    @if let Some(p) = &doc.published { time datetime=(p.to_string()) { (p.to_string()) } " · " }
                    @if let Some(l) = &doc.language { span.lang { (l) } " · " }
                    span.id { code { (doc.id) } }
                    @if let Some(u) = &doc.url {
                        " · "
                        @if safe_url(u) {
                            a.ext href=(u) rel="noopener noreferrer nofollow" { (t("doc.original")) }
                        } @else {
                            span.unsafe-url title=(t("doc.url_not_linked")) { bdi { (u) } }
                        }
                    }
                    @if let Some((id, title)) = &extras.story {
                        " · " a.story href={"/story/" (path_escape(id))} { (t("doc.story")) ": " bdi { (title) } }
                    }
                }
                @if has_bidi_controls(&doc.text) {
                    p.warn role="note" { (t("doc.bidi_warning")) }
                }
                @for w in &doc.warnings { p.warn role="note" { (w) } }
            }
            fieldset.toggles {
                legend { (t("doc.layers")) }
                @for (id, key, n) in [
                    ("tg-ent", "layer.entities", doc.entities.len()),
                    ("tg-tx", "layer.times", doc.timexes.len()),
                    ("tg-q", "layer.quotes", doc.quotes.len()),
                    ("tg-ev", "layer.events", doc.events.len()),
                ] {
                    label.toggle.(id) {
                        input type="checkbox" id=(id) checked;
                        span.swatch aria-hidden="true" {}
                        (t(key)) " " span.count { "(" (n) ")" }
                    }
                }
            }
            div.docbody {
                article { (render_text(doc, ui, links)) }
                aside.notes aria-label=(t("layer.quotes")) {
                    h2 { (t("layer.quotes")) }
                    @if doc.quotes.is_empty() { p.empty { (t("common.none")) } }
                    ol.quotes {
                        @for (i, q) in doc.quotes.iter().enumerate() {
                            li.(format!("k-{}", kind_key(q.kind).trim_start_matches("quote."))) id={"q" (i)} {
                                p.who {
                                    @match &q.speaker {
                                        Some(a) => {
                                            @let name = cx.arg(a);
                                            @match a.entity.as_deref().and_then(|id| doc.entities.iter().position(|e| e.id == id)) {
                                                Some(ei) if links.entities => a href=(entity_href(&cx.keys[ei])) { bdi { (name) } },
                                                _ => strong { bdi { (name) } },
                                            }
                                        }
                                        None => em { (t("doc.unknown_speaker")) },
                                    }
                                    @if let Some(c) = &q.cue { " · " span.cue { (c.text) } }
                                    " · " span.kind { (t(kind_key(q.kind))) }
                                    @if let Some(v) = &q.via { " · " (t("doc.via")) " " bdi { (cx.arg(v)) } }
                                }
                                blockquote dir="auto" { (q.text) }
                            }
                        }
                    }
                }
            }
            (tables(&cx))
        }
    }
}

fn tables(cx: &Ctx) -> Markup {
    let doc = cx.doc;
    let t = |k| cx.ui.t(k);
    html! {
        div.tables {
            section.tbl.tbl-ent {
                h2 { (t("layer.entities")) }
                table {
                    thead { tr { th { (t("col.name")) } th { (t("col.type")) } th { (t("col.kb")) } th { (t("col.mentions")) } } }
                    tbody {
                        @for (i, e) in doc.entities.iter().enumerate() {
                            tr data-ent=(e.id) {
                                td {
                                    @if cx.links.entities { a href=(entity_href(&cx.keys[i])) { bdi { (e.name) } } }
                                    @else { bdi { (e.name) } }
                                }
                                td { span.tag.(format!("t-{}", class_part(&e.kind))) { (e.kind) } }
                                td { @if let Some(k) = &e.kb { code { (k) } } @else { "—" } }
                                td.mentions {
                                    @for (j, m) in e.mentions.iter().enumerate() {
                                        @if j > 0 { ", " }
                                        bdi { (m.text) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            section.tbl.tbl-tx {
                h2 { (t("layer.times")) }
                table {
                    thead { tr { th { (t("col.text")) } th { (t("col.type")) } th { (t("col.value")) } th { (t("col.anchor")) } } }
                    tbody {
                        @for x in &doc.timexes {
                            tr { td { bdi { (x.text) } } td { (format!("{:?}", x.kind).to_uppercase()) } td { code { (x.value) } } td { (x.anchor.as_deref().unwrap_or("—")) } }
                        }
                    }
                }
            }
            section.tbl.tbl-ev {
                h2 { (t("layer.events")) }
                @if doc.events.is_empty() { p.empty { (t("doc.no_events")) } }
                @else {
                    table {
                        thead { tr { th { (t("col.type")) } th { (t("col.trigger")) } th { (t("col.actors")) } th { (t("col.targets")) } th { (t("col.place")) } th { (t("col.when")) } th { (t("col.modality")) } th { (t("col.source")) } } }
                        tbody {
                            @for e in &doc.events {
                                tr data-ev=(e.id) {
                                    td { span.tag.ev { (e.kind) } @if let Some(m) = &e.mode { " " small { (m) } } }
                                    td { bdi { (e.trigger.text) } }
                                    td { bdi { (cx.args(&e.actors)) } }
                                    td { bdi { (cx.args(&e.targets)) } }
                                    td { @if let Some(p) = &e.place { bdi { (cx.arg(p)) } } }
                                    td { (when(cx.ui, &e.time)) }
                                    td { span.(format!("mod m-{}", modality_class(e.modality))) { (modality_word(cx.ui, e.modality)) }
                                        @for m in &e.modifiers { " + " (modality_word(cx.ui, *m)) } }
                                    td { @if let Some(s) = &e.source { bdi { (cx.arg(s)) } } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// An event time for reading: its value, or "≤ bound" when only the upper
/// bound (the publication date) is known.
pub fn when(ui: Ui, t: &newsgraph_doc::EventTime) -> Markup {
    html! {
        @if let Some(v) = &t.value { time datetime=(v) { (v) } }
        @else if let Some(b) = &t.bound { span.bound title=(ui.t("time.bound")) { "≤ " (b) } }
        @else { "?" }
    }
}

/// Renders anything `Render` into a string (for tests).
pub fn to_string(m: impl Render) -> String {
    m.render().into_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsgraph_doc::{Mention, Quote, QuoteKind};

    fn doc() -> Document {
        let mut d = Document::new("t", "« Bonjour Paris », dit <b>Marie</b>.");
        d.entities.push(Entity {
            id: "e0".into(),
            kind: "GPE".into(),
            name: "Paris".into(),
            kb: Some("Q90".into()),
            mentions: vec![Mention {
                start: 10,
                end: 15,
                text: "Paris".into(),
            }],
            code: None,
        });
        d.quotes.push(Quote {
            start: 2,
            end: 15,
            text: "Bonjour Paris".into(),
            kind: QuoteKind::Direct,
            speaker: None,
            cue: None,
            via: None,
        });
        d
    }

    #[test]
    fn nests_and_escapes() {
        let html = to_string(render_text(&doc(), Ui::En, Links { entities: true }));
        assert!(html.contains("&lt;b&gt;Marie&lt;/b&gt;"), "{html}");
        assert!(!html.contains("<b>"));
        let q = html.find("class=\"ann quote").expect("quote");
        let e = html.find("class=\"ann ent").expect("entity");
        assert!(q < e, "quote encloses the entity: {html}");
        assert!(html.contains("href=\"/entity/kb%3AQ90\""), "{html}");
    }

    #[test]
    fn crossing_spans_are_split() {
        let mut d = doc();
        // An entity crossing the end of the quote: [12, 20).
        d.entities[0].mentions[0] = Mention {
            start: 12,
            end: 20,
            text: "njour Paris »".into(),
        };
        let out = nest(spans(&d, 40));
        assert_eq!(out.len(), 3);
        assert_eq!((out[1].start, out[1].end, out[1].last), (12, 15, false));
        assert_eq!((out[2].start, out[2].end, out[2].last), (15, 20, true));
        // The text survives: without the tags it reads as the original.
        let html = to_string(render_text(&d, Ui::En, Links { entities: false }));
        let mut text = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        assert!(text.contains("« Bonjour Paris"), "{text}");
        assert_eq!(html.matches("class=\"ann ent").count(), 2, "two pieces");
    }

    #[test]
    fn out_of_range_offsets_do_not_panic() {
        let mut d = doc();
        d.entities[0].mentions[0].end = 1000;
        d.quotes[0].start = 500;
        let _ = to_string(render_document(
            &d,
            Ui::Fr,
            Links { entities: false },
            &Extras::default(),
        ));
    }

    #[test]
    fn urls() {
        assert!(safe_url("https://example.org/a"));
        assert!(!safe_url("javascript:alert(1)"));
        assert!(!safe_url(" JavaScript:alert(1)"));
        assert!(!safe_url("data:text/html,x"));
        assert_eq!(path_escape("PER:jean dupont/x"), "PER%3Ajean%20dupont%2Fx");
    }
}
