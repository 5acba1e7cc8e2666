//! The seed article through the production pipeline (segment → syntax →
//! entities → quotes): its two quotations between marks (the long
//! Lukashenko quote over three sentences and Tokayev's partial quote) and
//! its indirect statements, each with its speaker linked to its entity.
//! Skips when ../shared is absent (fails under CI).

use newsgraph_doc::{Document, QuoteKind};

fn seed() -> Option<Document> {
    let path = newsgraph_doc::shared::shared_for_test("seed/000_40ef0cfb4622ad49.txt")?;
    let text = std::fs::read_to_string(path).expect("readable seed");
    let mut doc = Document::new("seed", text);
    doc.language = Some("fr".into());
    newsgraph_segment::segment(&mut doc);
    newsgraph_syntax::annotate(&mut doc);
    newsgraph_entities::annotate(&mut doc);
    Some(doc)
}

/// (kind, content prefix, cue lemma, speaker text, speaker entity's KB id)
const EXPECTED: &[(QuoteKind, &str, &str, &str, &str)] = &[
    (
        QuoteKind::Indirect,
        "l’arme nucléaire serait accessible à tous les pays",
        "affirmer",
        "Alexandre Loukachenko",
        "Q2866",
    ),
    (
        QuoteKind::Direct,
        "Si quelqu'un se fait du souci",
        "déclarer",
        "Loukachenko",
        "Q2866",
    ),
    (
        QuoteKind::Indirect,
        "ce n'était que son opinion personnelle",
        "ajouter",
        "Loukachenko",
        "Q2866",
    ),
    (
        QuoteKind::Indirect,
        "l'importance stratégique de saisir cette occasion unique d'unité",
        "souligner",
        "Loukachenko",
        "Q2866",
    ),
    (
        QuoteKind::Indirect,
        "l'intégration au sein de l'Union Russie-Biélorussie",
        "relever",
        "Kassym-Jomart Tokaïev",
        "Q200881",
    ),
    (
        QuoteKind::Partial,
        "même les armes nucléaires sont pour deux",
        "relever",
        "Kassym-Jomart Tokaïev",
        "Q200881",
    ),
    (
        QuoteKind::Indirect,
        "à la demande de Minsk, Moscou déployerait des armes nucléaires tactiques",
        "annoncer",
        "Vladimir Poutine",
        "Q7747",
    ),
    (
        QuoteKind::Indirect,
        "le transfert d'armes nucléaires non stratégiques russes",
        "confirmer",
        "Loukachenko",
        "Q2866",
    ),
];

/// Every quote: kind, text, cue, speaker text and the speaker's entity.
fn check(doc: &Document) {
    let got: Vec<String> = doc
        .quotes
        .iter()
        .map(|q| format!("{:?} {}", q.kind, q.text))
        .collect();
    assert_eq!(doc.quotes.len(), EXPECTED.len(), "quotes: {got:#?}");
    for (q, (kind, prefix, lemma, speaker, kb)) in doc.quotes.iter().zip(EXPECTED) {
        assert_eq!(q.kind, *kind, "{}", q.text);
        assert!(
            q.text.starts_with(prefix),
            "{:?} should start with {prefix:?}",
            q.text
        );
        assert_eq!(
            q.cue.as_ref().map(|c| c.lemma.as_str()),
            Some(*lemma),
            "{}",
            q.text
        );
        let sp = q.speaker.as_ref().expect("speaker");
        let ix = doc.index();
        assert_eq!(doc.slice(&ix, q.start, q.end), q.text);
        assert_eq!(sp.text, *speaker, "{}", q.text);
        let id = sp.entity.as_deref().expect("speaker entity");
        let e = doc
            .entities
            .iter()
            .find(|e| e.id == id)
            .expect("entity exists");
        assert_eq!(
            e.kb.as_deref(),
            Some(*kb),
            "{} spoken by {}",
            q.text,
            e.name
        );
    }
}

#[test]
fn seed_quotes_with_speakers() {
    let Some(mut doc) = seed() else { return };
    newsgraph_quotes::quote(&mut doc);
    check(&doc);
    let direct = &doc.quotes[1];
    // The long quote spans three sentences and keeps its inner brackets.
    assert!(direct.text.contains("[président kazakh]"));
    assert!(direct.text.contains("C'est très simple."));
    assert!(
        direct.text.ends_with("l’arme nucléaire sera pour tous"),
        "{}",
        direct.text
    );
    let spanned = doc
        .sentences
        .iter()
        .filter(|s| s.start < direct.end && s.end > direct.start)
        .count();
    assert_eq!(spanned, 3);
    assert!(doc.quotes.iter().all(|q| q.via.is_none()));
}
