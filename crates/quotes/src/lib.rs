//! Quotations and attribution: who said what, directly or reportedly, and
//! who relays it.
//!
//! [`quote`] fills [`Document::quotes`] from the sentences and tokens of a
//! segmented document, using the syntax and entity layers when present
//! (speakers are linked to the entity whose mention covers them; pronouns
//! and descriptions to the most recent compatible entity or earlier-named
//! speaker, never guessed). Cues (reporting verbs with lemma and stance,
//! "selon"/"according to", relaying phrases, outlets and channels) come
//! from `lang/<iso>/quotes.txt`.
//!
//! Invariant: offsets index [`Document::text`] in code points; the layer is
//! in text order.

pub mod error;
pub mod eval;
pub mod extract;
pub mod lexicon;
pub mod marks;
pub mod parse;

pub use error::Error;
pub use extract::{extract, Found};
pub use lexicon::Lexicon;

use newsgraph_doc::{Document, Quote};

/// Fills [`Document::quotes`] (replacing it). Documents in a language
/// without cue data get no quotes.
pub fn quote(doc: &mut Document) {
    let found = extract(doc);
    let ix = doc.index();
    doc.quotes = found
        .into_iter()
        .map(|f| Quote {
            start: f.start,
            end: f.end,
            text: doc.slice(&ix, f.start, f.end).to_string(),
            kind: f.kind,
            speaker: f.speaker,
            cue: f.cue,
            via: f.via,
        })
        .collect();
}
