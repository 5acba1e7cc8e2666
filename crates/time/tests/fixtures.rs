//! Table-driven tests: French and English expressions with publication
//! dates and expected extents, types and values (`fixtures/expressions.tsv`).

use newsgraph_doc::{Published, TimexType};

fn kind(k: TimexType) -> &'static str {
    match k {
        TimexType::Date => "DATE",
        TimexType::Time => "TIME",
        TimexType::Duration => "DURATION",
        TimexType::Set => "SET",
    }
}

/// Runs one line of the table; returns a message when it fails.
fn check(lang: &str, published: &str, text: &str, expected: &str) -> Option<String> {
    let p: Published = match published.parse() {
        Ok(p) => p,
        Err(e) => return Some(format!("bad date {published}: {e}")),
    };
    let got = match newsgraph_time::annotate(text, lang, Some(&p)) {
        Ok(t) => t,
        Err(e) => return Some(format!("{e}")),
    };
    for t in &got {
        let slice: String = text.chars().skip(t.start).take(t.end - t.start).collect();
        if slice != t.text {
            return Some(format!("offsets of {:?} do not match the text", t.text));
        }
    }
    let got: Vec<String> = got
        .iter()
        .map(|t| {
            let mut s = format!("{}|{}|{}", t.text, kind(t.kind), t.value);
            if let Some(m) = &t.modifier {
                s.push('|');
                s.push_str(m);
            }
            s
        })
        .collect();
    let want: Vec<String> = if expected == "-" {
        Vec::new()
    } else {
        expected
            .split(" ; ")
            .map(|s| s.trim().to_string())
            .collect()
    };
    (got != want)
        .then(|| format!("{lang} {published} {text:?}\n    want {want:?}\n    got  {got:?}"))
}

#[test]
fn expression_table() {
    let table = include_str!("fixtures/expressions.tsv");
    let mut failures = Vec::new();
    let mut n = 0;
    for (no, line) in table.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "line {}: expected 4 columns", no + 1);
        n += 1;
        if let Some(msg) = check(cols[0], cols[1], cols[2], cols[3]) {
            failures.push(format!("line {}: {msg}", no + 1));
        }
    }
    assert!(n > 50, "the table has {n} cases");
    assert!(
        failures.is_empty(),
        "{} of {n} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
