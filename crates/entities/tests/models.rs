//! The shipped NER models and the built-in KB load: a corrupt or
//! incompatible file fails here instead of silently degrading the stage.

#[test]
fn shipped_ner_models_and_kb_load() {
    for lang in ["fr", "en"] {
        match newsgraph_entities::model_status(lang) {
            Some(Ok(_)) => {}
            Some(Err(e)) => panic!("models/{lang}/ner.bin.gz does not load: {e}"),
            None => panic!("no NER model ships for {lang}"),
        }
    }
    assert!(newsgraph_entities::model_status("de").is_none());
    assert!(
        newsgraph_entities::kb::Kb::builtin_warnings().is_empty(),
        "{:?}",
        newsgraph_entities::kb::Kb::builtin_warnings()
    );
}
