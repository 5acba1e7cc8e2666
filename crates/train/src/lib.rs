//! Training, evaluation and knowledge-base building: the code that
//! `newsgraph train`, `newsgraph eval` and `newsgraph kb build|import` run
//! and `analyze` never does, kept out of the runtime crates (which hold only
//! what the pipeline runs).
//!
//! - [`entities`]: corpus readers for NER gold data (`data`), NER and
//!   linking evaluation and NER training (`eval`), the knowledge-base build
//!   from `../shared/data` and `lang/kb` (`build`) and the Wikidata import
//!   (`import`).
//! - [`segment`]: CoNLL 2018 tokens / words / sentences scoring (`eval`).
//! - [`time`]: TimeML reading and TIMEX3 scoring with corpus conventions
//!   (`eval`).
//!
//! Not moved yet: the syntax crate's training and evaluation
//! (`newsgraph_syntax::{train, eval}`), the sentence-boundary trainer
//! (`newsgraph_segment::boundary::train`), the NER tagger's trainer
//! (`newsgraph_entities::tagger::Tagger::train`), and the stories and
//! coreference metrics.

/// Entities: gold readers, evaluation, NER training, KB building.
pub mod entities {
    pub mod build;
    pub mod data;
    pub mod eval;
    pub mod import;
}

/// Segmentation: evaluation.
pub mod segment {
    pub mod eval;
}

/// Time: evaluation.
pub mod time {
    pub mod eval;
}
