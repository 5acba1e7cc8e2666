//! The seed article: its two quotations between marks (the long
//! Lukashenko quote over three sentences and Tokayev's partial quote) and
//! its indirect statements, each with its speaker — first from the text
//! alone, then with a hand-made entity layer (speakers linked to entities).
//! Skips when ../shared is absent.

use newsgraph_doc::{Document, Entity, Mention, QuoteKind};

const SEED: &str = "/work/shared/seed/000_40ef0cfb4622ad49.txt";

fn seed() -> Option<Document> {
    let Ok(text) = std::fs::read_to_string(SEED) else {
        eprintln!("skipping: {SEED} is absent");
        return None;
    };
    let mut doc = Document::new("seed", text);
    doc.language = Some("fr".into());
    newsgraph_segment::segment(&mut doc);
    Some(doc)
}

/// (kind, content prefix, cue lemma, speaker text, entity name)
const EXPECTED: &[(QuoteKind, &str, &str, &str, &str)] = &[
    (
        QuoteKind::Indirect,
        "l’arme nucléaire serait accessible à tous les pays",
        "affirmer",
        "Alexandre Loukachenko",
        "Loukachenko",
    ),
    (
        QuoteKind::Direct,
        "Si quelqu'un se fait du souci",
        "déclarer",
        "Loukachenko",
        "Loukachenko",
    ),
    (
        QuoteKind::Indirect,
        "ce n'était que son opinion personnelle",
        "ajouter",
        "Loukachenko",
        "Loukachenko",
    ),
    (
        QuoteKind::Indirect,
        "l'importance stratégique de saisir cette occasion unique d'unité",
        "souligner",
        "Loukachenko",
        "Loukachenko",
    ),
    (
        QuoteKind::Indirect,
        "le phénomène de l'État-union",
        "souligner",
        "Kassym-Jomart Tokaïev",
        "Tokaïev",
    ),
    (
        QuoteKind::Indirect,
        "l'intégration au sein de l'Union Russie-Biélorussie",
        "relever",
        "Kassym-Jomart Tokaïev",
        "Tokaïev",
    ),
    (
        QuoteKind::Partial,
        "même les armes nucléaires sont pour deux",
        "relever",
        "Kassym-Jomart Tokaïev",
        "Tokaïev",
    ),
    (
        QuoteKind::Indirect,
        "à la demande de Minsk, Moscou déployerait des armes nucléaires tactiques",
        "annoncer",
        "Vladimir Poutine",
        "Poutine",
    ),
    (
        QuoteKind::Indirect,
        "le transfert d'armes nucléaires non stratégiques russes",
        "confirmer",
        "Loukachenko",
        "Loukachenko",
    ),
];

fn check(doc: &Document, with_entities: bool) {
    let got: Vec<String> = doc
        .quotes
        .iter()
        .map(|q| format!("{:?} {}", q.kind, q.text))
        .collect();
    assert_eq!(doc.quotes.len(), EXPECTED.len(), "quotes: {got:#?}");
    for (q, (kind, prefix, lemma, speaker, entity)) in doc.quotes.iter().zip(EXPECTED) {
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
        if with_entities {
            let id = sp.entity.as_deref().expect("speaker entity");
            let e = doc
                .entities
                .iter()
                .find(|e| e.id == id)
                .expect("entity exists");
            assert!(
                e.name.contains(entity),
                "{} spoken by {} not {entity}",
                q.text,
                e.name
            );
        } else {
            assert_eq!(sp.text, *speaker, "{}", q.text);
            assert_eq!(sp.entity, None);
        }
    }
}

#[test]
fn seed_quotes_from_text_alone() {
    let Some(mut doc) = seed() else { return };
    newsgraph_quotes::quote(&mut doc);
    check(&doc, false);
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

/// Adds an entity with every occurrence of each of its surface forms.
fn add_entity(doc: &mut Document, kind: &str, name: &str, forms: &[&str]) {
    let chars: Vec<char> = doc.text.chars().collect();
    let mut mentions = Vec::new();
    for f in forms {
        let fc: Vec<char> = f.chars().collect();
        let mut i = 0;
        while i + fc.len() <= chars.len() {
            if chars[i..i + fc.len()] == fc[..]
                && !mentions
                    .iter()
                    .any(|m: &Mention| i < m.end && i + fc.len() > m.start)
            {
                mentions.push(Mention {
                    start: i,
                    end: i + fc.len(),
                    text: f.to_string(),
                });
                i += fc.len();
            } else {
                i += 1;
            }
        }
    }
    mentions.sort_by_key(|m| m.start);
    let id = format!("e{}", doc.entities.len());
    doc.entities.push(Entity {
        id,
        kind: kind.into(),
        name: name.into(),
        kb: None,
        mentions,
        code: None,
    });
}

#[test]
fn seed_speakers_link_to_entities() {
    let Some(mut doc) = seed() else { return };
    add_entity(
        &mut doc,
        "PER",
        "Alexander Lukashenko (Loukachenko)",
        &["Alexandre Loukachenko", "Loukachenko"],
    );
    add_entity(
        &mut doc,
        "PER",
        "Kassym-Jomart Tokayev (Tokaïev)",
        &["Kassym-Jomart Tokaïev"],
    );
    add_entity(
        &mut doc,
        "PER",
        "Vladimir Putin (Poutine)",
        &["Vladimir Poutine"],
    );
    add_entity(&mut doc, "GPE", "Belarus", &["Biélorussie"]);
    add_entity(&mut doc, "GPE", "Russia", &["Russie"]);
    newsgraph_quotes::quote(&mut doc);
    check(&doc, true);
}
