//! Model tests: the shipped models load, annotate a few sentences into
//! well-formed trees, and parse the seed's key clauses; the evaluation on
//! `../shared` treebanks runs when they are there.

use newsgraph_doc::Document;
use std::path::Path;

/// The shipped models of `lang`. They ship in `models/<lang>/`: a missing
/// or incompatible model is a failure, never a skip.
fn shipped(lang: &str) -> &'static newsgraph_syntax::Models {
    newsgraph_syntax::models(lang)
        .unwrap_or_else(|e| panic!("shipped {lang} syntax models do not load: {e}"))
}

fn analyze(lang: &str, text: &str) -> Option<Document> {
    let models = shipped(lang);
    let mut doc = Document::new("t", text);
    doc.language = Some(lang.into());
    newsgraph_segment::segment(&mut doc);
    models.annotate(&mut doc);
    Some(doc)
}

/// Index of the first token with this text.
fn tok(doc: &Document, text: &str) -> usize {
    doc.tokens
        .iter()
        .position(|t| t.text == text)
        .unwrap_or_else(|| panic!("no token {text:?}"))
}

fn check_trees(doc: &Document) {
    for s in &doc.sentences {
        let [a, b] = s.tokens;
        let roots = (a..b).filter(|&i| doc.tokens[i].head.is_none()).count();
        assert_eq!(roots, 1, "one root in sentence {a}..{b}");
        for i in a..b {
            let t = &doc.tokens[i];
            assert!(t.upos.is_some() && t.lemma.is_some() && t.deprel.is_some());
            if let Some(h) = t.head {
                assert!(h >= a && h < b && h != i, "head of {i} inside its sentence");
                // No cycles: walking up reaches the root.
                let (mut k, mut steps) = (i, 0);
                while let Some(h) = doc.tokens[k].head {
                    k = h;
                    steps += 1;
                    assert!(steps <= b - a, "cycle through {i}");
                }
            } else {
                assert_eq!(t.deprel.as_deref(), Some("root"));
            }
        }
    }
}

#[test]
fn french_sentences() {
    let Some(doc) = analyze(
        "fr",
        "Le président Alexandre Loukachenko a déclaré que Moscou déployerait des armes. \
         Les agriculteurs n'ont pas reçu les aides promises.",
    ) else {
        return;
    };
    check_trees(&doc);
    let mosc = tok(&doc, "Moscou");
    let dep = tok(&doc, "déployerait");
    assert_eq!(doc.tokens[mosc].head, Some(dep));
    assert_eq!(doc.tokens[mosc].deprel.as_deref(), Some("nsubj"));
    let feats = doc.tokens[dep].feats.clone().unwrap_or_default();
    assert!(feats.contains("Mood=Cnd"), "{feats}");
    assert_eq!(doc.tokens[dep].lemma.as_deref(), Some("déployer"));
    let recu = tok(&doc, "reçu");
    assert_eq!(doc.tokens[recu].lemma.as_deref(), Some("recevoir"));
    let pas = tok(&doc, "pas");
    assert_eq!(doc.tokens[pas].upos.as_deref(), Some("ADV"));
}

#[test]
fn english_sentences() {
    let Some(doc) = analyze(
        "en",
        "The minister said that the farmers would receive the payments. She did not comment.",
    ) else {
        return;
    };
    check_trees(&doc);
    let min = tok(&doc, "minister");
    let said = tok(&doc, "said");
    assert_eq!(doc.tokens[min].head, Some(said));
    assert_eq!(doc.tokens[min].deprel.as_deref(), Some("nsubj"));
    assert_eq!(doc.tokens[said].lemma.as_deref(), Some("say"));
    assert_eq!(doc.tokens[said].upos.as_deref(), Some("VERB"));
}

#[test]
fn seed_document() {
    let Some(p) = newsgraph_doc::shared::shared_for_test("seed/000_40ef0cfb4622ad49.txt") else {
        return;
    };
    let text = std::fs::read_to_string(&p).expect("readable seed");
    let Some(doc) = analyze("fr", &text) else {
        return;
    };
    check_trees(&doc);
    // "…", a déclaré Loukachenko.
    let decl = doc
        .tokens
        .iter()
        .position(|t| t.text == "déclaré")
        .expect("déclaré");
    let louk = (decl + 1..doc.tokens.len())
        .find(|&i| doc.tokens[i].text == "Loukachenko")
        .expect("Loukachenko after déclaré");
    assert_eq!(doc.tokens[louk].head, Some(decl));
    assert_eq!(doc.tokens[louk].deprel.as_deref(), Some("nsubj"));
    // … Moscou déployerait des armes nucléaires …
    let dep = tok(&doc, "déployerait");
    let mosc = tok(&doc, "Moscou");
    assert_eq!(doc.tokens[mosc].head, Some(dep));
    assert_eq!(doc.tokens[mosc].deprel.as_deref(), Some("nsubj"));
    assert!(doc.tokens[dep]
        .feats
        .as_deref()
        .unwrap_or("")
        .contains("Mood=Cnd"));
}

#[test]
fn missing_model_directory_is_an_error() {
    let r = newsgraph_syntax::Models::load_dir(Path::new("/nonexistent/newsgraph/models"));
    assert!(r.is_err());
    // A language without models is skipped with no panic.
    let mut doc = Document::new("t", "Dies ist ein Satz.");
    doc.language = Some("de".into());
    newsgraph_segment::segment(&mut doc);
    newsgraph_syntax::annotate(&mut doc);
    assert!(doc.tokens.iter().all(|t| t.upos.is_none()));
}

#[test]
fn evaluation_on_shared_treebank() {
    let Some(p) =
        newsgraph_doc::shared::shared_for_test("data/ud-fr-sequoia/fr_sequoia-ud-dev.conllu")
    else {
        return;
    };
    let src = std::fs::read_to_string(&p).expect("readable treebank");
    let models = shipped("fr");
    let gold = newsgraph_doc::conllu::parse(&src).expect("valid CoNLL-U");
    let part = &gold[..gold.len().min(150)];
    let s = newsgraph_syntax::eval::gold_tokens(models, part);
    eprintln!("sequoia dev (150 sentences, gold tokens): {s:?}");
    assert!(s.upos > 94.0 && s.lemma > 94.0 && s.las > 78.0, "{s:?}");
    let r = newsgraph_syntax::eval::raw_text(models, part, "fr");
    eprintln!("sequoia dev (150 sentences, raw text): {r:?}");
    assert!(r.words_f1 > 95.0 && r.las > 70.0, "{r:?}");
}
