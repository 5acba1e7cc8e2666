//! Named entities for French and English news: a knowledge base
//! ([`kb`]), name matching across spellings and languages ([`names`]), a
//! trained NER tagger with gazetteer features ([`tagger`]), and in-document
//! clustering and linking ([`resolve`]) that fill
//! [`newsgraph_doc::Document::entities`].
//!
//! Invariant: mentions are code-point spans of the original text; the
//! stage never fails a document.

pub mod kb;
pub mod names;
pub mod resolve;
pub mod tagger;

use newsgraph_doc::Document;
use std::path::PathBuf;

/// Errors of the entities crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{0}: {1}")]
    Io(PathBuf, #[source] std::io::Error),
    /// A KB or model file is damaged or not what it claims to be.
    #[error("corrupt file: {0}")]
    Corrupt(String),
    /// A KB or model file of another format version.
    #[error("incompatible file: {0}")]
    Incompatible(String),
    /// Malformed input data (gold files, dumps), with its place.
    #[error("{0}")]
    Data(String),
}

/// The shipped NER model of a language, loaded once: `None` when the
/// language has none (or it is empty), `Some(Err(reason))` when the shipped
/// file is unusable (the stage then runs on the gazetteer alone and warns).
pub fn model_status(lang: &str) -> Option<Result<&'static tagger::Tagger, &'static str>> {
    static MODELS: newsgraph_lang::PerLanguage<Option<Result<tagger::Tagger, String>>> =
        newsgraph_lang::PerLanguage::new();
    let lang = newsgraph_lang::language(lang)?;
    MODELS
        .get_or_init(lang, |l| {
            l.model("ner.bin.gz")
                .filter(|bytes| !bytes.is_empty())
                .map(|bytes| tagger::Tagger::load(bytes).map_err(|e| e.to_string()))
        })
        .as_ref()
        .map(|r| r.as_ref().map_err(String::as_str))
}

/// The shipped NER model of a language, if it ships and loads.
pub fn model(lang: &str) -> Option<&'static tagger::Tagger> {
    model_status(lang).and_then(Result::ok)
}

/// Runs the entities stage: fills `doc.entities` from its tokens, the
/// shipped model of its language and the built-in KB.
pub fn annotate(doc: &mut Document) {
    let Some(lang) = doc
        .language
        .as_deref()
        .and_then(newsgraph_lang::language)
        .map(|l| l.code)
    else {
        return; // unsupported language: no entities (the pipeline warns)
    };
    let date = doc.published.as_ref().map(|p| p.to_string());
    let opts = resolve::Options {
        lang,
        date: date.as_deref(),
        tagger: model(lang),
        kb: kb::Kb::builtin(),
    };
    if let Some(Err(e)) = model_status(lang) {
        doc.warnings.push(format!(
            "entities: {lang} NER model unusable ({e}); gazetteer only"
        ));
    }
    for w in kb::Kb::builtin_warnings() {
        doc.warnings.push(format!("entities: {w}"));
    }
    doc.entities = resolve::entities(doc, &opts);
}
