//! The seed dispatch through the whole pipeline: the eight events of
//! issue 10 come out with their actor, type, time and modality.
//! Skips (or fails under CI) when ../shared is absent.

use newsgraph_doc::{Document, Event, Modality, TimeBasis};

fn seed() -> Option<Document> {
    let p = newsgraph_doc::shared::shared_for_test("seed/000_40ef0cfb4622ad49.txt")?;
    let mut docs = newsgraph_read::read_path(&p, &Default::default());
    let mut doc = docs.pop()?.ok()?;
    newsgraph_pipeline::analyze(&mut doc, &Default::default());
    Some(doc)
}

fn by_trigger<'a>(doc: &'a Document, trigger: &str) -> &'a Event {
    doc.events
        .iter()
        .find(|e| e.trigger.text == trigger)
        .unwrap_or_else(|| panic!("no event with trigger {trigger:?}: {:#?}", doc.events))
}

fn entity_name(doc: &Document, id: Option<&str>) -> String {
    doc.entities
        .iter()
        .find(|e| Some(e.id.as_str()) == id)
        .map(|e| e.name.clone())
        .unwrap_or_default()
}

fn actor_names(doc: &Document, e: &Event) -> Vec<String> {
    e.actors
        .iter()
        .map(|a| entity_name(doc, a.entity.as_deref()))
        .collect()
}

fn target_or_place(doc: &Document, e: &Event) -> Vec<String> {
    e.targets
        .iter()
        .chain(e.place.iter())
        .map(|a| entity_name(doc, a.entity.as_deref()))
        .collect()
}

#[test]
fn seed_events() {
    let Some(doc) = seed() else { return };

    // 1. "a affirmé que l'arme nucléaire serait accessible à tous les pays…":
    // an offer by Lukashenko, reported, conditional.
    let e = by_trigger(&doc, "affirmé");
    assert_eq!(e.kind, "AGREE");
    assert_eq!(actor_names(&doc, e), ["Alexander Lukashenko"]);
    assert_eq!(e.actors[0].code.as_deref(), Some("BLRGOV"));
    assert_eq!(e.time.value, None);
    assert_eq!(e.modality, Modality::Reported);
    assert!(e.modifiers.contains(&Modality::Conditional), "{e:?}");

    // 2. Tokayev's remark on the Union State.
    let e = doc
        .events
        .iter()
        .find(|e| e.trigger.text == "souligné" && e.actors[0].code.as_deref() == Some("KAZGOV"))
        .expect("Tokayev's remark");
    assert!(e.kind == "ACCUSE" || e.kind == "CONSULT", "{e:?}");
    assert_eq!(actor_names(&doc, e), ["Kassym-Jomart Tokayev"]);
    assert_eq!(target_or_place(&doc, e), ["Union State"]);
    assert_eq!(e.time.value, None);
    assert_eq!(e.modality, Modality::Reported);

    // 3. "signé en 1999": Russia and Belarus, 1999.
    let e = by_trigger(&doc, "signé");
    assert!(e.kind == "SUPPORT" || e.kind == "AGREE", "{e:?}");
    assert_eq!(actor_names(&doc, e), ["Russia", "Belarus"]);
    assert_eq!(e.time.value.as_deref(), Some("1999"));
    assert_eq!(e.time.basis, Some(TimeBasis::Timex));
    assert_eq!(e.modality, Modality::Asserted);

    // 4. "a annoncé que … Moscou déployerait … en Biélorussie": in March,
    // reported by Putin, planned.
    let e = by_trigger(&doc, "déployerait");
    assert!(e.kind == "MOBILIZE" || e.kind == "COOPERATE", "{e:?}");
    assert_eq!(actor_names(&doc, e), ["Government of Russia"]);
    assert_eq!(e.actors[0].code.as_deref(), Some("RUSGOV"));
    assert!(target_or_place(&doc, e).contains(&"Belarus".to_string()));
    assert_eq!(e.time.value.as_deref(), Some("2023-03"));
    assert_eq!(e.modality, Modality::Reported);
    assert!(e.modifiers.contains(&Modality::Planned));
    assert_eq!(
        entity_name(&doc, e.source.as_ref().and_then(|s| s.entity.as_deref())),
        "Vladimir Putin"
    );
    let by = e.reported_by.as_deref().expect("reported_by");
    let announce = doc.events.iter().find(|x| x.id == by).expect("statement");
    assert_eq!(announce.trigger.text, "annoncé");
    assert_eq!(actor_names(&doc, announce), ["Vladimir Putin"]);
    assert_eq!(announce.time.value.as_deref(), Some("2023-03"));

    // 5. "Il est prévu que la construction d'un dépôt … soit achevée au
    // 1er juillet": planned, 2023-07-01, implicit actor.
    let e = by_trigger(&doc, "construction");
    assert_eq!(e.kind, "MOBILIZE");
    assert!(e.actors.is_empty() || actor_names(&doc, e) == ["Russia"]);
    assert!(target_or_place(&doc, e).contains(&"Belarus".to_string()));
    assert_eq!(e.time.value.as_deref(), Some("2023-07-01"));
    assert_eq!(e.modality, Modality::Planned);

    // 6. "la livraison d'un système de missiles Iskander … à Minsk".
    let e = by_trigger(&doc, "livraison");
    assert_eq!(e.kind, "AID");
    assert!(e.actors.is_empty() || actor_names(&doc, e) == ["Russia"]);
    assert_eq!(entity_name(&doc, e.targets[0].entity.as_deref()), "Belarus");
    assert_eq!(e.place.as_ref().map(|p| p.text.as_str()), Some("Minsk"));
    assert_eq!(e.time.value, None);
    assert_eq!(e.modality, Modality::Asserted);

    // 7. "la Russie a aidé la Biélorussie".
    let e = by_trigger(&doc, "aidé");
    assert_eq!(e.kind, "AID");
    assert_eq!(actor_names(&doc, e), ["Russia"]);
    assert_eq!(target_or_place(&doc, e), ["Belarus"]);
    assert_eq!(e.time.value, None);
    assert_eq!(e.time.bound.as_deref(), Some("2023-05"));
    assert_eq!(e.modality, Modality::Asserted);

    // 8. "Loukachenko a confirmé que le transfert d'armes … russes vers le
    // territoire biélorusse était déjà en cours".
    let e = by_trigger(&doc, "transfert");
    assert!(e.kind == "MOBILIZE" || e.kind == "AID", "{e:?}");
    assert_eq!(actor_names(&doc, e), ["Russia"]);
    assert_eq!(target_or_place(&doc, e), ["Belarus"]);
    assert_eq!(e.time.value, None);
    assert_eq!(e.modality, Modality::Reported);
    assert_eq!(
        entity_name(&doc, e.source.as_ref().and_then(|s| s.entity.as_deref())),
        "Alexander Lukashenko"
    );
    let by = e.reported_by.as_deref().expect("reported_by");
    assert!(doc
        .events
        .iter()
        .any(|x| x.id == by && x.trigger.text == "confirmé"));

    // The layer is valid against the schema's contract: ids in order.
    for (i, e) in doc.events.iter().enumerate() {
        assert_eq!(e.id, format!("v{i}"));
    }
}
