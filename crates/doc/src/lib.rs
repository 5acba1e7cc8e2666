//! The newsgraph document model: one [`Document`] per article, holding the
//! original text verbatim and stand-off annotation layers over it.
//!
//! Invariant: every `start`/`end` pair in every layer is a **Unicode
//! code-point offset** into [`Document::text`], end exclusive (the convention
//! of spaCy, brat and Python). Stages work on byte offsets internally and
//! convert through [`TextIndex`].
//!
//! Invariant: the text is never modified after reading; stages only add layers.
//!
//! The JSON serialization of [`Document`] is the output contract documented in
//! `docs/format.md` and `docs/schema.json`; later stages extend it without
//! breaking it.

#![deny(clippy::unwrap_used)]

pub mod conllu;
mod date;
mod index;
pub mod metrics;
mod model;
pub mod shared;

pub use date::{DateError, Published};
pub use index::TextIndex;
pub use model::*;

/// The JSON Schema of the output format (`docs/schema.json`).
pub const SCHEMA: &str = include_str!("../../../docs/schema.json");

/// The version of the output format, written in every document as
/// `format_version`. Bumped on any incompatible change.
pub const FORMAT_VERSION: u32 = 1;
