//! The time stage reads the tense of the token layer (UD `Tense`, `Mood`,
//! `VerbForm`) where the segmenter and tagger filled it, and falls back to
//! the data's cue words on raw text.

use newsgraph_doc::{Published, Token};

/// Words of `text` split on spaces and before the final period, with the
/// given (UPOS, features) per word.
fn words(text: &str, tags: &[(&str, &str)]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start = 0;
    let body = text.trim_end_matches('.');
    for (w, (upos, feats)) in body.split(' ').zip(tags) {
        let n = w.chars().count();
        out.push(Token {
            start,
            end: start + n,
            text: w.to_string(),
            upos: Some((*upos).to_string()),
            lemma: None,
            feats: (!feats.is_empty()).then(|| (*feats).to_string()),
            head: None,
            deprel: None,
        });
        start += n + 1;
    }
    out
}

fn month_value(lang: &str, text: &str, words: &[Token]) -> String {
    let p: Published = "2023-05".parse().expect("valid date");
    let t = newsgraph_time::annotate_with_words(text, lang, Some(&p), words).expect("supported");
    assert_eq!(t.len(), 1, "{t:?}");
    t[0].value.clone()
}

#[test]
fn a_conditional_announces_the_coming_month() {
    // `tiendrait` ends like an imperfect (`-ait`, a past ending in the
    // data); the token layer knows it is a conditional, which in news
    // reports a planned event.
    let text = "Le sommet se tiendrait en avril.";
    let tags = [
        ("DET", "Definite=Def|Gender=Masc|Number=Sing|PronType=Art"),
        ("NOUN", "Gender=Masc|Number=Sing"),
        ("PRON", "Person=3|Reflex=Yes"),
        (
            "VERB",
            "Mood=Cnd|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin",
        ),
        ("ADP", ""),
        ("NOUN", "Gender=Masc|Number=Sing"),
    ];
    assert_eq!(month_value("fr", text, &[]), "2023-04");
    assert_eq!(month_value("fr", text, &words(text, &tags)), "2024-04");
}

#[test]
fn a_past_verb_and_a_future_verb_decide_the_year() {
    let text = "Il signa en juin.";
    let tags = [
        ("PRON", "Person=3"),
        (
            "VERB",
            "Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin",
        ),
        ("ADP", ""),
        ("NOUN", "Gender=Masc|Number=Sing"),
    ];
    assert_eq!(month_value("fr", text, &words(text, &tags)), "2022-06");
    let text = "Il signera en avril.";
    let tags = [
        ("PRON", "Person=3"),
        (
            "VERB",
            "Mood=Ind|Number=Sing|Person=3|Tense=Fut|VerbForm=Fin",
        ),
        ("ADP", ""),
        ("NOUN", "Gender=Masc|Number=Sing"),
    ];
    assert_eq!(month_value("fr", text, &words(text, &tags)), "2024-04");
}
