//! Offsets and invariants on everything (issue 17): for arbitrary input,
//! every span of every layer indexes the original text by code points (its
//! `text` is exactly that slice), sentences cover the tokens in order, and
//! the document validates against `docs/schema.json`.

use newsgraph_doc::Document;
use proptest::prelude::*;

fn check(text: &str) {
    let mut doc = Document::new("p", text);
    newsgraph_pipeline::analyze(&mut doc, &newsgraph_pipeline::Options::default());
    let chars: Vec<char> = doc.text.chars().collect();
    assert_eq!(doc.text, text, "the text is never modified");
    let n = chars.len();
    let slice = |a: usize, b: usize| -> String {
        assert!(a <= b && b <= n, "span {a}..{b} outside 0..{n}");
        chars[a..b].iter().collect()
    };
    for t in &doc.tokens {
        assert!(t.start < t.end && t.end <= n, "token {t:?}");
    }
    for m in &doc.multiword_tokens {
        assert_eq!(slice(m.start, m.end), m.text);
    }
    // Sentences in order, not overlapping, each holding its tokens.
    let mut next_token = 0;
    let mut last_end = 0;
    for s in &doc.sentences {
        assert!(
            s.start < s.end && s.end <= n && s.start >= last_end,
            "sentence {s:?}"
        );
        assert_eq!(
            s.tokens[0], next_token,
            "sentences cover the tokens in order"
        );
        assert!(s.tokens[0] < s.tokens[1] && s.tokens[1] <= doc.tokens.len());
        for t in &doc.tokens[s.tokens[0]..s.tokens[1]] {
            assert!(t.start >= s.start && t.end <= s.end, "{t:?} outside {s:?}");
        }
        next_token = s.tokens[1];
        last_end = s.end;
    }
    assert_eq!(next_token, doc.tokens.len(), "every token is in a sentence");
    for e in &doc.entities {
        for m in &e.mentions {
            assert_eq!(slice(m.start, m.end), m.text);
        }
    }
    for t in &doc.timexes {
        assert_eq!(slice(t.start, t.end), t.text);
    }
    for q in &doc.quotes {
        assert_eq!(slice(q.start, q.end), q.text);
        if let Some(c) = &q.cue {
            assert_eq!(slice(c.start, c.end), c.text);
        }
    }
    for e in &doc.events {
        assert_eq!(slice(e.trigger.start, e.trigger.end), e.trigger.text);
    }
    let v = serde_json::to_value(&doc).expect("serializable");
    let schema: serde_json::Value =
        serde_json::from_str(newsgraph_doc::SCHEMA).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn any_string(s in "\\PC{0,200}") {
        check(&s);
    }

    #[test]
    fn news_like(s in "([A-ZÉ][a-zéèà]{1,8}|[a-zéèàç]{1,10}|[0-9]{1,4}|[ ,.;:!?«»“”\"'’()\\-\n]|\u{a0}|\u{200b}|\u{301}|\u{202e}|😀){0,120}") {
        check(&s);
    }
}

#[test]
fn known_hard_cases() {
    for s in [
        "",
        "« « « « oui",
        "» » » non « « «",
        "\"\"\"\"\"",
        "((((((((((a))))))))))",
        "\n\n\n\n\n",
        "Le 14 mars 2024, M. Dupont a dit : « Nous sommes prêts ».\n\n« Et après ? »",
        "e\u{301}\u{327}\u{301} \u{202e}abc\u{202c}",
    ] {
        check(s);
    }
}
