//! Trained syntax for French and English: UPOS and UD features (tagger),
//! lemmas (lemmatizer) and labelled dependencies (parser), all averaged
//! perceptrons in pure Rust, with models under `models/<lang>/`.
//!
//! [`annotate`] is the pipeline stage: it fills `upos`, `feats`, `lemma`,
//! `head` and `deprel` of every [`Document::tokens`] word, sentence by
//! sentence.
//!
//! Invariant: `head` is a global index into `Document::tokens` inside the
//! word's own sentence, `None` exactly for the sentence root.

#![deny(clippy::unwrap_used)]

pub mod error;
pub mod eval;
pub mod format;
pub mod hash;
pub mod incise;
pub mod lemma;
pub mod lex;
pub mod linear;
pub mod parser;
pub mod stage;
pub mod tagger;
pub mod train;

pub use error::{Error, Result};
pub use lemma::Lemmatizer;
pub use parser::Parser;
pub use stage::{annotate, models, Analysis, Models};
pub use tagger::Tagger;

/// A small deterministic random generator (xorshift) for shuffling.
pub struct Rng(pub u64);

impl Rng {
    /// The next pseudo-random number.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    /// Shuffles a slice in place.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}
