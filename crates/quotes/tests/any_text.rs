//! "Any string, no panic": the quotes stage over arbitrary text with
//! quotation marks, apostrophes and cue words; offsets stay in range and
//! every quote's text is its span.

use newsgraph_doc::Document;
use proptest::prelude::*;

fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "«",
        "»",
        "\u{a0}",
        "“",
        "”",
        "\"",
        "‘",
        "’",
        "'",
        " ",
        "\n",
        "\n\n",
        ",",
        ".",
        ":",
        "a déclaré",
        "selon",
        "d'après",
        "il",
        "Il a ajouté que",
        "que",
        "Loukachenko",
        "said",
        "according to",
        "he",
        "that",
        "Reuters",
        "sur Telegram",
        "rapportés par",
        "CNN",
        "le président",
        "x",
        "é",
        "-t-il",
        "(",
        ")",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn no_panic_and_offsets_hold(pieces in prop::collection::vec(piece(), 0..40), lang in prop::sample::select(vec!["fr", "en"])) {
        let text: String = pieces.concat();
        let mut doc = Document::new("p", text);
        doc.language = Some(lang.to_string());
        newsgraph_segment::segment(&mut doc);
        newsgraph_quotes::quote(&mut doc);
        let ix = doc.index();
        let n = doc.text.chars().count();
        for q in &doc.quotes {
            prop_assert!(q.start < q.end && q.end <= n);
            prop_assert_eq!(doc.slice(&ix, q.start, q.end), q.text.as_str());
            if let Some(c) = &q.cue {
                prop_assert_eq!(doc.slice(&ix, c.start, c.end), c.text.as_str());
            }
        }
    }
}
