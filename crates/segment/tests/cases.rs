//! Data-driven segmentation tests: every case of `tests/cases.txt`.

use newsgraph_doc::Document;

struct Case {
    name: String,
    lang: String,
    text: String,
    fields: Vec<(String, String)>,
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let r = &rest[i..];
        if let Some(r2) = r.strip_prefix("\\n") {
            out.push('\n');
            rest = r2;
        } else if let Some(r2) = r.strip_prefix("\\u{") {
            let end = r2.find('}').expect("unterminated \\u{");
            let c = u32::from_str_radix(&r2[..end], 16).expect("bad hex");
            out.push(char::from_u32(c).expect("bad code point"));
            rest = &r2[end + 1..];
        } else {
            out.push('\\');
            rest = &r[1..];
        }
    }
    out.push_str(rest);
    out
}

fn parse_cases(src: &str) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    for line in src.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if let Some(h) = line.strip_prefix("== ") {
            let (lang, name) = h.split_once(':').expect("header is '== lang: name'");
            cases.push(Case {
                name: name.trim().into(),
                lang: lang.trim().into(),
                text: String::new(),
                fields: Vec::new(),
            });
            continue;
        }
        let (k, v) = line.split_once(':').expect("field line is 'key: value'");
        let case = cases.last_mut().expect("field before any case");
        let v = v.strip_prefix(' ').unwrap_or(v);
        if k == "text" {
            case.text = unescape(v);
        } else {
            case.fields.push((k.to_string(), unescape(v)));
        }
    }
    cases
}

fn split_list(v: &str, sep: &str) -> Vec<String> {
    v.split(sep).map(|s| s.trim().to_string()).collect()
}

#[test]
fn segmentation_cases() {
    let cases = parse_cases(include_str!("cases.txt"));
    assert!(cases.len() >= 15);
    let mut failures = Vec::new();
    for c in &cases {
        let mut doc = Document::new("t", c.text.clone());
        doc.language = Some(c.lang.clone());
        newsgraph_segment::segment(&mut doc);
        let ix = doc.index();
        // Surface tokens: multiword tokens once, other words as they are.
        let mut surface = Vec::new();
        let mut i = 0;
        while i < doc.tokens.len() {
            if let Some(m) = doc.multiword_tokens.iter().find(|m| m.tokens[0] == i) {
                surface.push(m.text.clone());
                i = m.tokens[1];
            } else {
                surface.push(doc.tokens[i].text.clone());
                i += 1;
            }
        }
        for (k, v) in &c.fields {
            let (got, want): (Vec<String>, Vec<String>) = match k.as_str() {
                "tokens" => (surface.clone(), split_list(v, " | ")),
                "words" => (
                    doc.tokens.iter().map(|t| t.text.clone()).collect(),
                    split_list(v, " | "),
                ),
                "sentences" => (
                    doc.sentences
                        .iter()
                        .map(|s| doc.slice(&ix, s.start, s.end).to_string())
                        .collect(),
                    split_list(v, " || "),
                ),
                "in_quote" => (
                    doc.sentences
                        .iter()
                        .map(|s| if s.in_quote { "1" } else { "0" }.to_string())
                        .collect(),
                    split_list(v, " | "),
                ),
                other => panic!("unknown field {other:?} in case {:?}", c.name),
            };
            if got != want {
                failures.push(format!(
                    "[{}] {} {k}:\n  want {want:?}\n  got  {got:?}",
                    c.lang, c.name
                ));
            }
        }
        // Offsets always point at the token text (words of a multiword token
        // share its span).
        for t in &doc.tokens {
            let s = doc.slice(&ix, t.start, t.end);
            assert!(!s.is_empty(), "{}: empty token span", c.name);
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
