//! The readable `--format text` view of a document.

use newsgraph_doc::Document;
use std::fmt::Write;

/// Renders a document for reading in a terminal.
pub fn render(doc: &Document) -> String {
    let ix = doc.index();
    let mut s = String::new();
    let pubd = doc
        .published
        .map(|p| p.to_string())
        .unwrap_or_else(|| "?".into());
    let _ = writeln!(
        s,
        "== {}  [{}; published {}]",
        doc.id,
        doc.language.as_deref().unwrap_or("?"),
        pubd
    );
    if let Some(t) = &doc.title {
        let _ = writeln!(s, "   title: {t}");
    }
    if let Some(u) = &doc.url {
        let _ = writeln!(s, "   url: {u}");
    }
    for (i, sent) in doc.sentences.iter().enumerate() {
        let q = if sent.in_quote { " (in quote)" } else { "" };
        let text = doc.slice(&ix, sent.start, sent.end).replace('\n', " ");
        let _ = writeln!(s, "[{}]{q} {text}", i + 1);
        let toks: Vec<String> = doc.tokens[sent.tokens[0]..sent.tokens[1].min(doc.tokens.len())]
            .iter()
            .map(|t| match (&t.upos, &t.lemma) {
                (Some(p), Some(l)) => format!("{}/{p}/{l}", t.text),
                (Some(p), None) => format!("{}/{p}", t.text),
                _ => t.text.clone(),
            })
            .collect();
        if !toks.is_empty() {
            let _ = writeln!(s, "     {}", toks.join(" · "));
        }
    }
    for e in &doc.entities {
        let _ = writeln!(
            s,
            "   entity {} {} {:?} kb={}",
            e.id,
            e.kind,
            e.name,
            e.kb.as_deref().unwrap_or("-")
        );
    }
    for t in &doc.timexes {
        let _ = writeln!(s, "   time {:?} {:?} = {}", t.text, t.kind, t.value);
    }
    for q in &doc.quotes {
        let who = q.speaker.as_ref().map_or("?", |p| p.text.as_str());
        let _ = writeln!(s, "   quote {:?} by {who}: {:?}", q.kind, q.text);
    }
    for e in &doc.events {
        let _ = writeln!(s, "{}", event_line(e));
    }
    for w in &doc.warnings {
        let _ = writeln!(s, "   warning: {w}");
    }
    s.push('\n');
    s
}

/// One event, readably: type, actor → target, place, date with its basis,
/// modality, source.
fn event_line(e: &newsgraph_doc::Event) -> String {
    let names = |v: &[newsgraph_doc::ArgRef]| -> String {
        if v.is_empty() {
            return "?".into();
        }
        v.iter()
            .map(|a| match &a.code {
                Some(c) => format!("{:?} [{c}]", a.text),
                None => format!("{:?}", a.text),
            })
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let mut s = format!(
        "   event {} {} {:?}: {}",
        e.id,
        e.kind,
        e.trigger.text,
        names(&e.actors)
    );
    if !e.targets.is_empty() {
        s.push_str(&format!(" → {}", names(&e.targets)));
    }
    if let Some(p) = &e.place {
        s.push_str(&format!(" at {:?}", p.text));
    }
    let basis = e.time.basis.map(|b| format!("{b:?}").to_lowercase());
    match (&e.time.value, &e.time.bound, basis) {
        (Some(v), _, Some(b)) => s.push_str(&format!(", date {v} ({b})")),
        (None, Some(bound), _) => s.push_str(&format!(", date ≤ {bound} (publication)")),
        _ => s.push_str(", date unknown"),
    }
    let mut m = format!("{:?}", e.modality).to_lowercase();
    for x in &e.modifiers {
        m.push_str(&format!("+{}", format!("{x:?}").to_lowercase()));
    }
    s.push_str(&format!(", {m}"));
    if let Some(src) = &e.source {
        s.push_str(&format!(", source {:?}", src.text));
    }
    if let Some(r) = &e.reported_by {
        s.push_str(&format!(" (via {r})"));
    }
    s
}
