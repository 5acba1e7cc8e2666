//! The shipped sentence-boundary models load (a corrupt or incompatible
//! model fails here rather than silently falling back to rules), and a
//! corrupt model file is refused with a typed error.

use newsgraph_doc::Document;
use newsgraph_segment::boundary::{BoundaryModel, ModelError};

#[test]
fn shipped_models_load() {
    for lang in ["fr", "en"] {
        match newsgraph_segment::shipped_boundary_model(lang) {
            Some(Ok(_)) => {}
            Some(Err(e)) => panic!("models/{lang}/sentences.bin does not load: {e}"),
            None => panic!("no sentence model ships for {lang}"),
        }
    }
    assert!(newsgraph_segment::shipped_boundary_model("de").is_none());
    let mut doc = Document::new("t", "Il pleut. Le vent souffle.");
    doc.language = Some("fr".into());
    newsgraph_segment::segment(&mut doc);
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    assert_eq!(doc.sentences.len(), 2);
}

#[test]
fn corrupt_model_is_refused() {
    let mut bytes = BoundaryModel::zeros().to_bytes();
    assert!(BoundaryModel::from_bytes(&bytes).is_ok());
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x55;
    assert_eq!(
        BoundaryModel::from_bytes(&bytes).err(),
        Some(ModelError::Checksum)
    );
    assert!(BoundaryModel::from_bytes(&bytes[..bytes.len() / 3]).is_err());
    assert_eq!(
        BoundaryModel::from_bytes(b"not a model at all").err(),
        Some(ModelError::Format)
    );
}
