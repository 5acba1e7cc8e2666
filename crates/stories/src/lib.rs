//! Stories: groups analyzed documents that report the same happening, across
//! outlets and languages, and says what the reports agree and disagree on.
//!
//! - [`group::Grouper`] assigns documents, in publication order, to stories
//!   (online, incremental; stories may merge), with blocking by entity and
//!   term postings inside a time window so cost grows near-linearly.
//! - [`copies`] finds near-duplicates (MinHash over word shingles) and
//!   translations, so that a story counts **independent** sources.
//! - [`facts`] merges the event mentions of a story into facts and flags
//!   contradictions (time, place, actor, target, number, assertion), and the
//!   same quoted words given to different speakers.
//! - [`story`] assembles the output shape of `newsgraph stories`.
//!
//! Invariant: grouping reads only the layers of each [`newsgraph_doc::Document`]
//! (entities, timexes, tokens, events, quotes); it never re-tokenizes text.
//! Invariant: nothing here panics on input; a document lacking layers simply
//! brings less evidence.

#![deny(clippy::unwrap_used)]

pub mod copies;
pub mod facts;
pub mod features;
pub mod group;
pub mod lexicon;
pub mod metrics;
pub mod predicates;
pub mod story;

pub use features::{entity_key, DocFeatures};
pub use group::{Assignment, Config, Grouper};
pub use story::{build_story, Story};
