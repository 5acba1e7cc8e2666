//! Table-driven French and English cases for every quotation construction
//! (`tests/cases/<lang>.txt`), checked through one `check` helper.
//! `NEWSGRAPH_BLESS=1 cargo test -p newsgraph-quotes` rewrites the
//! expectations from the current output (review them in the diff).

use newsgraph_doc::{Document, QuoteKind};

struct Case {
    text: String,
    expected: Vec<String>,
}

fn parse(src: &str) -> (Vec<String>, Vec<Case>) {
    let mut header = Vec::new();
    let mut cases = Vec::new();
    let mut text: Vec<&str> = Vec::new();
    let mut expected = Vec::new();
    let mut in_header = true;
    let flush = |text: &mut Vec<&str>, expected: &mut Vec<String>, cases: &mut Vec<Case>| {
        if !text.is_empty() {
            cases.push(Case {
                text: text.join("\n"),
                expected: std::mem::take(expected),
            });
            text.clear();
        }
    };
    for line in src.lines() {
        if in_header && (line.starts_with('#') || line.is_empty()) {
            header.push(line.to_string());
            continue;
        }
        in_header = false;
        if let Some(e) = line.strip_prefix("> ") {
            expected.push(e.trim().to_string());
        } else if line.trim().is_empty() {
            // A blank line inside a text (multi-paragraph quote) is kept when
            // no expectation has been read yet and the text is still open.
            if !expected.is_empty() || text.is_empty() {
                flush(&mut text, &mut expected, &mut cases);
            } else {
                text.push("");
            }
        } else {
            if !expected.is_empty() {
                flush(&mut text, &mut expected, &mut cases);
            }
            text.push(line);
        }
    }
    flush(&mut text, &mut expected, &mut cases);
    (header, cases)
}

/// The speaker's text, with the KB id of its entity when it has one
/// (`Loukachenko [Q2866]`).
fn speaker(doc: &Document, s: &newsgraph_doc::ArgRef) -> String {
    let kb = s
        .entity
        .as_deref()
        .and_then(|id| doc.entities.iter().find(|e| e.id == id))
        .and_then(|e| e.kb.as_deref());
    match kb {
        Some(kb) => format!("{} [{kb}]", s.text),
        None => s.text.clone(),
    }
}

fn render(doc: &Document) -> Vec<String> {
    doc.quotes
        .iter()
        .map(|q| {
            let kind = match q.kind {
                QuoteKind::Direct => "direct",
                QuoteKind::Partial => "partial",
                QuoteKind::Indirect => "indirect",
            };
            format!(
                "{kind} | {} | {} | {} | {}",
                q.text.replace('\n', "\\n"),
                q.speaker
                    .as_ref()
                    .map_or("-".to_string(), |s| speaker(doc, s)),
                q.cue.as_ref().map_or("-", |c| c.lemma.as_str()),
                q.via.as_ref().map_or("-", |v| v.text.as_str()),
            )
        })
        .collect()
}

fn analyze(text: &str, lang: &str) -> Document {
    let mut doc = Document::new("case", text);
    doc.language = Some(lang.to_string());
    // The production pipeline's earlier stages: quotes read the parse and
    // the entity layer.
    newsgraph_segment::segment(&mut doc);
    newsgraph_syntax::annotate(&mut doc);
    newsgraph_entities::annotate(&mut doc);
    newsgraph_quotes::quote(&mut doc);
    doc
}

fn check(lang: &str) {
    let path = format!("{}/tests/cases/{lang}.txt", env!("CARGO_MANIFEST_DIR"));
    let src = std::fs::read_to_string(&path).expect("fixture file");
    let (header, cases) = parse(&src);
    assert!(cases.len() >= 15, "{lang}: only {} cases", cases.len());
    if std::env::var_os("NEWSGRAPH_BLESS").is_some() {
        let mut out = header.join("\n");
        out.push('\n');
        for c in &cases {
            out.push_str(&c.text);
            out.push('\n');
            for e in render(&analyze(&c.text, lang)) {
                out.push_str(&format!("> {e}\n"));
            }
            out.push('\n');
        }
        std::fs::write(&path, out.trim_end().to_string() + "\n").expect("write fixture");
        return;
    }
    let mut failures = Vec::new();
    for c in &cases {
        let got = render(&analyze(&c.text, lang));
        if got != c.expected {
            failures.push(format!(
                "{}\n  expected: {:#?}\n  got:      {:#?}",
                c.text, c.expected, got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{lang}: {} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn french_cases() {
    check("fr");
}

#[test]
fn english_cases() {
    check("en");
}
