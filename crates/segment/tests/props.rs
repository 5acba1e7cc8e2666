//! Property tests: any string segments without panicking, and every span is
//! a valid, ordered code-point range of the text.

use newsgraph_doc::Document;
use proptest::prelude::*;

fn check(text: &str, lang: &str) {
    let mut doc = Document::new("p", text);
    doc.language = Some(lang.into());
    newsgraph_segment::segment(&mut doc);
    let n = text.chars().count();
    let mut last_end = 0;
    let mut covered = 0;
    for s in &doc.sentences {
        assert!(s.start < s.end && s.end <= n);
        assert!(s.start >= last_end);
        last_end = s.end;
        assert!(s.tokens[0] <= s.tokens[1] && s.tokens[1] <= doc.tokens.len());
        assert_eq!(s.tokens[0], covered);
        covered = s.tokens[1];
    }
    assert_eq!(covered, doc.tokens.len());
    let mut prev = 0;
    for t in &doc.tokens {
        assert!(t.start < t.end && t.end <= n, "bad span {t:?}");
        assert!(t.start >= prev || t.start == prev);
        prev = t.start;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn any_string_fr(s in "\\PC{0,200}") { check(&s, "fr"); }

    #[test]
    fn any_string_en(s in "\\PC{0,200}") { check(&s, "en"); }

    #[test]
    fn punctuation_soup(s in "[a-zA-Z0-9 .,;:!?'’«»\"()\\-—…/\n\u{a0}\u{202f}@]{0,120}") {
        check(&s, "fr");
        check(&s, "en");
        check(&s, "xx");
    }
}
