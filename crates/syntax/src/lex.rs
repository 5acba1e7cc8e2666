//! Per-word lexical atoms shared by the models: hashes of the lowercased
//! form, its affixes and its shape, computed once per word.

use crate::hash::{hash_str, mix};

/// Hash standing for "no word" (before the sentence start / after its end).
pub const PAD: u64 = 0x5151_5151;

/// The lexical atoms of one word.
#[derive(Debug, Clone, Copy, Default)]
pub struct Lex {
    /// Lowercased form.
    pub w: u64,
    /// Form as written.
    pub raw: u64,
    /// Suffixes of the lowercased form, 1 to 5 characters.
    pub suf: [u64; 5],
    /// Prefixes, 1 to 3 characters.
    pub pre: [u64; 3],
    /// Shape (`Xx`, `d`, `x-x`, …).
    pub shape: u64,
    /// Number of characters, capped at 15.
    pub len: u8,
    /// First character is uppercase.
    pub upper: bool,
}

impl Lex {
    /// The atoms of `form`.
    pub fn new(form: &str) -> Lex {
        let lower = form.to_lowercase();
        // Byte offsets of the character boundaries (affixes are slices).
        let bounds: Vec<usize> = lower
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(lower.len()))
            .collect();
        let n = bounds.len() - 1;
        let mut suf = [0u64; 5];
        for (k, s) in suf.iter_mut().enumerate() {
            let take = (k + 1).min(n);
            *s = mix(hash_str(&lower[bounds[n - take]..]) ^ (k as u64 + 1));
        }
        let mut pre = [0u64; 3];
        for (k, s) in pre.iter_mut().enumerate() {
            let take = (k + 1).min(n);
            *s = mix(hash_str(&lower[..bounds[take]]) ^ (k as u64 + 11));
        }
        let mut shape = String::new();
        let mut last = ' ';
        for c in form.chars() {
            let k = if c.is_uppercase() {
                'X'
            } else if c.is_lowercase() {
                'x'
            } else if c.is_ascii_digit() {
                'd'
            } else {
                c
            };
            if k != last || shape.len() < 2 {
                if k != last {
                    shape.push(k);
                }
                last = k;
            }
            if shape.len() > 6 {
                break;
            }
        }
        Lex {
            w: hash_str(&lower),
            raw: hash_str(form),
            suf,
            pre,
            shape: hash_str(&shape),
            len: n.min(15) as u8,
            upper: form.chars().next().is_some_and(char::is_uppercase),
        }
    }

    /// The atoms standing for a position outside the sentence.
    pub fn pad() -> Lex {
        Lex {
            w: PAD,
            raw: PAD,
            suf: [PAD; 5],
            pre: [PAD; 3],
            shape: PAD,
            len: 0,
            upper: false,
        }
    }
}
