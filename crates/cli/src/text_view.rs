//! The readable `--format text` view of a document: sentences numbered,
//! entities, times, quotes with the resolved speaker and cue, events; the
//! words (with POS and lemma) only when asked. Labels are spelled as in the
//! JSON output.

use newsgraph_doc::Document;
use std::fmt::Write;

/// Longest text shown for one quote or sentence before it is shortened.
const MAX_SHOWN: usize = 400;

/// Options of the text view.
#[derive(Debug, Clone, Default)]
pub struct View {
    /// Show each sentence's words as `form/UPOS/lemma`.
    pub show_tokens: bool,
}

/// The JSON spelling of a serializable label (`"direct"`, `"DATE"`).
fn label<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => "?".into(),
    }
}

fn shorten(s: &str) -> String {
    let one_line = s.replace(['\n', '\r'], " ");
    if one_line.chars().count() <= MAX_SHOWN {
        return one_line;
    }
    let mut t: String = one_line.chars().take(MAX_SHOWN).collect();
    t.push('…');
    t
}

impl View {
    /// Renders a document for reading in a terminal.
    pub fn render(&self, doc: &Document) -> String {
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
        // Sentence number (1-based) of a code-point offset.
        let sentence_of = |at: usize| doc.sentences.partition_point(|x| x.end <= at) + 1;
        for (i, sent) in doc.sentences.iter().enumerate() {
            let q = if sent.in_quote { " (in quote)" } else { "" };
            let text = shorten(doc.slice(&ix, sent.start, sent.end));
            let _ = writeln!(s, "[{}]{q} {text}", i + 1);
            if self.show_tokens {
                let (a, b) = (sent.tokens[0], sent.tokens[1].min(doc.tokens.len()));
                let toks: Vec<String> = doc
                    .tokens
                    .get(a..b.max(a))
                    .unwrap_or(&[])
                    .iter()
                    .map(|t| match (&t.upos, &t.lemma) {
                        (Some(p), Some(l)) => format!("{}/{p}/{l}", t.text),
                        (Some(p), None) => format!("{}/{p}", t.text),
                        _ => t.text.clone(),
                    })
                    .collect();
                if !toks.is_empty() {
                    let _ = writeln!(s, "     {}", toks.join(" "));
                }
            }
        }
        let name_of = |id: &Option<String>, text: &str| -> String {
            id.as_ref()
                .and_then(|id| doc.entities.iter().find(|e| &e.id == id))
                .map_or_else(|| text.to_string(), |e| e.name.clone())
        };
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
            let _ = writeln!(
                s,
                "   time [{}] {} {:?} = {}",
                sentence_of(t.start),
                label(&t.kind),
                t.text,
                t.value
            );
        }
        for q in &doc.quotes {
            let who = q.speaker.as_ref().map_or_else(
                || "(nobody named)".to_string(),
                |p| {
                    let n = name_of(&p.entity, &p.text);
                    if n == p.text {
                        n
                    } else {
                        format!("{n} (\"{}\")", p.text)
                    }
                },
            );
            let cue = q
                .cue
                .as_ref()
                .map_or(String::new(), |c| format!(" [{}]", c.lemma));
            let via = q.via.as_ref().map_or(String::new(), |v| {
                format!(" via {}", name_of(&v.entity, &v.text))
            });
            let _ = writeln!(
                s,
                "   quote [{}] {} {who}{cue}{via}: {:?}",
                sentence_of(q.start),
                label(&q.kind),
                shorten(&q.text)
            );
        }
        for e in &doc.events {
            let _ = writeln!(s, "{} [{}]", event_line(e), sentence_of(e.trigger.start));
        }
        for w in &doc.warnings {
            let _ = writeln!(s, "   warning: {w}");
        }
        s.push('\n');
        s
    }
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
    let basis = e.time.basis.map(|b| label(&b));
    match (&e.time.value, &e.time.bound, basis) {
        (Some(v), _, Some(b)) => s.push_str(&format!(", date {v} ({b})")),
        (None, Some(bound), _) => s.push_str(&format!(", date ≤ {bound} (publication)")),
        _ => s.push_str(", date unknown"),
    }
    let mut m = label(&e.modality);
    for x in &e.modifiers {
        m.push_str(&format!("+{}", label(x)));
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
