//! The seed article through the whole pipeline, as `newsgraph analyze` runs
//! it: its entities with their knowledge-base ids, its four time expressions
//! and its quotations with their speakers. Skips when ../shared is absent
//! (fails under CI).

use newsgraph_doc::{Document, TimexType};

fn seed() -> Option<Document> {
    let path = newsgraph_doc::shared::shared_for_test("seed/000_40ef0cfb4622ad49.txt")?;
    let mut docs = newsgraph_read::read_path(&path, &Default::default());
    let mut doc = docs.pop().expect("one document").expect("readable seed");
    newsgraph_pipeline::analyze(&mut doc, &Default::default());
    Some(doc)
}

/// The entity whose mentions include `surface`.
fn entity_of<'a>(doc: &'a Document, surface: &str) -> &'a newsgraph_doc::Entity {
    doc.entities
        .iter()
        .find(|e| e.mentions.iter().any(|m| m.text == surface))
        .unwrap_or_else(|| panic!("no entity mentioned as {surface:?}"))
}

#[test]
fn seed_end_to_end() {
    let Some(doc) = seed() else { return };
    assert_eq!(doc.language.as_deref(), Some("fr"));
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);

    // Entities: (a surface form, type, KB id, number of mentions at least).
    let want = [
        ("Alexandre Loukachenko", "PER", "Q2866", 3),
        ("Kassym-Jomart Tokaïev", "PER", "Q200881", 2),
        ("Vladimir Poutine", "PER", "Q7747", 1),
        ("Biélorussie", "GPE", "Q184", 4),
        ("Russie", "GPE", "Q159", 4),
        ("Moscou", "GPE", "gov:RUS", 1), // acting capital: the government
        ("Kazakhstan", "GPE", "Q232", 2),
        ("Arménie", "GPE", "Q399", 1),
        ("Kirghizistan", "GPE", "Q813", 1),
        ("États-Unis", "GPE", "Q30", 1),
        ("Union économique eurasiatique", "ORG", "Q4173083", 2),
    ];
    for (surface, kind, kb, n) in want {
        let e = entity_of(&doc, surface);
        assert_eq!(e.kind, kind, "{surface}");
        assert_eq!(e.kb.as_deref(), Some(kb), "{surface} ({})", e.name);
        assert!(e.mentions.len() >= n, "{surface}: {:?}", e.mentions);
    }
    // Both bare-surname mentions of Lukashenko join the full name.
    let louk = entity_of(&doc, "Alexandre Loukachenko");
    let bare = louk
        .mentions
        .iter()
        .filter(|m| m.text == "Loukachenko")
        .count();
    assert_eq!(bare, 2);

    // Time: exactly four expressions, relative ones anchored to publication.
    let got: Vec<(&str, &str, TimexType, Option<&str>)> = doc
        .timexes
        .iter()
        .map(|t| {
            (
                t.text.as_str(),
                t.value.as_str(),
                t.kind,
                t.anchor.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("1999", "1999", TimexType::Date, None),
            ("2000", "2000", TimexType::Date, None),
            (
                "mars dernier",
                "2023-03",
                TimexType::Date,
                Some("published:2023-05")
            ),
            (
                "1er juillet",
                "2023-07-01",
                TimexType::Date,
                Some("published:2023-05")
            ),
        ]
    );

    // Quotes: (content prefix, cue lemma, speaker's KB id), in text order.
    // (`Tokaïev a souligné, lors du … Forum, le phénomène de l'État-union`
    // is an emphasis on a topic, not reported speech.)
    let want = [
        ("l’arme nucléaire serait accessible", "affirmer", "Q2866"),
        ("Si quelqu'un se fait du souci", "déclarer", "Q2866"),
        ("ce n'était que son opinion personnelle", "ajouter", "Q2866"),
        ("l'importance stratégique de saisir", "souligner", "Q2866"),
        ("l'intégration au sein de l'Union", "relever", "Q200881"),
        (
            "même les armes nucléaires sont pour deux",
            "relever",
            "Q200881",
        ),
        (
            "à la demande de Minsk, Moscou déployerait",
            "annoncer",
            "Q7747",
        ),
        ("le transfert d'armes nucléaires", "confirmer", "Q2866"),
    ];
    let got: Vec<(String, String, String)> = doc
        .quotes
        .iter()
        .map(|q| {
            let kb = q
                .speaker
                .as_ref()
                .and_then(|s| s.entity.as_deref())
                .and_then(|id| doc.entities.iter().find(|e| e.id == id))
                .and_then(|e| e.kb.clone())
                .unwrap_or_default();
            let cue = q.cue.as_ref().map(|c| c.lemma.clone()).unwrap_or_default();
            (q.text.clone(), cue, kb)
        })
        .collect();
    assert_eq!(got.len(), want.len(), "{got:#?}");
    for ((text, cue, kb), (prefix, wcue, wkb)) in got.iter().zip(want) {
        assert!(
            text.starts_with(prefix),
            "{text:?} should start with {prefix:?}"
        );
        assert_eq!((cue.as_str(), kb.as_str()), (wcue, wkb), "{text}");
    }
}
