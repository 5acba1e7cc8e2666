//! Near-duplicates: MinHash signatures over word 5-shingles, an LSH index
//! (bands of rows) to find candidates without comparing all pairs, and a
//! translation test across languages on language-independent evidence.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// Number of hash functions in a signature.
pub const HASHES: usize = 64;
/// Rows per LSH band (16 bands of 4 rows: pairs with Jaccard ≥ 0.7 are found
/// with probability ≥ 0.98).
pub const ROWS: usize = 4;
/// Words per shingle.
pub const SHINGLE: usize = 5;

/// A MinHash signature ([`HASHES`] values).
pub type Signature = Vec<u64>;

fn mix(x: u64, seed: u64) -> u64 {
    // splitmix64 finalizer over the seeded value
    let mut z = x ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The MinHash signature of a word sequence (lowercased words, punctuation
/// dropped), or `None` when it has fewer words than one shingle.
pub fn minhash(words: &[String]) -> Option<Signature> {
    if words.len() < SHINGLE {
        return None;
    }
    let mut sig = vec![u64::MAX; HASHES];
    for w in words.windows(SHINGLE) {
        let mut h = DefaultHasher::new();
        w.hash(&mut h);
        let base = h.finish();
        for (i, s) in sig.iter_mut().enumerate() {
            let v = mix(base, i as u64 + 1);
            if v < *s {
                *s = v;
            }
        }
    }
    Some(sig)
}

/// Estimated Jaccard similarity of the shingle sets behind two signatures.
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let same = a.iter().zip(b.iter()).filter(|(x, y)| x == y).count();
    same as f64 / a.len().max(b.len()).max(1) as f64
}

/// The band keys of a signature.
pub fn bands(sig: &[u64]) -> impl Iterator<Item = u64> + '_ {
    sig.chunks(ROWS).enumerate().map(|(i, rows)| {
        let mut h = DefaultHasher::new();
        (i, rows).hash(&mut h);
        h.finish()
    })
}

/// An LSH index of signatures: band key → items (bounded per band).
#[derive(Debug, Default)]
pub struct LshIndex {
    buckets: HashMap<u64, Vec<usize>>,
}

/// At most this many items are kept per band bucket (the oldest are dropped):
/// a bucket hit by thousands of boilerplate texts stops growing.
const BUCKET_CAP: usize = 32;

impl LshIndex {
    /// Items sharing at least one band with `sig`.
    pub fn candidates(&self, sig: &[u64]) -> Vec<usize> {
        let mut out: Vec<usize> = bands(sig)
            .filter_map(|b| self.buckets.get(&b))
            .flatten()
            .copied()
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Adds item `id` under its signature.
    pub fn insert(&mut self, sig: &[u64], id: usize) {
        for b in bands(sig) {
            let v = self.buckets.entry(b).or_default();
            if v.len() >= BUCKET_CAP {
                v.remove(0);
            }
            v.push(id);
        }
    }

    /// Drops every item for which `keep` is false (and empty buckets).
    pub fn retain(&mut self, keep: impl Fn(usize) -> bool) {
        self.buckets.retain(|_, v| {
            v.retain(|i| keep(*i));
            !v.is_empty()
        });
    }
}

/// Whether two documents in different languages look like translations of
/// one text: the same entities, the same dates and the same numbers, with
/// enough of each to be telling. Inputs are sorted, deduplicated key lists.
pub fn looks_translated(
    ents_a: &[u64],
    ents_b: &[u64],
    nums_a: &[u64],
    nums_b: &[u64],
    dates_a: &[i64],
    dates_b: &[i64],
) -> bool {
    if ents_a.len() < 3 || ents_b.len() < 3 {
        return false;
    }
    let ej = set_jaccard(ents_a, ents_b);
    let evidence = nums_a.len().min(nums_b.len()) + dates_a.len().min(dates_b.len());
    let nj = if nums_a.is_empty() && nums_b.is_empty() {
        1.0
    } else {
        set_jaccard(nums_a, nums_b)
    };
    let dj = if dates_a.is_empty() && dates_b.is_empty() {
        1.0
    } else {
        set_jaccard(dates_a, dates_b)
    };
    ej >= 0.6 && nj >= 0.99 && dj >= 0.99 && evidence >= 2
}

/// Jaccard of two sorted, deduplicated slices.
pub fn set_jaccard<T: Ord>(a: &[T], b: &[T]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    inter as f64 / (a.len() + b.len() - inter) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_lowercase).collect()
    }

    #[test]
    fn copies_are_close_and_others_far() {
        let a = words("the minister said on tuesday that the talks would resume next week in geneva after a long pause and that both delegations agreed on a calendar for the coming months");
        let b = words("the minister said on tuesday that the talks would resume next week in geneva after a long pause and that both delegations agreed on a calendar for the coming months , officials added");
        let c = words("heavy rain flooded the valley overnight and hundreds of residents were evacuated by firefighters who worked until dawn to reach isolated farms in the hills above the river");
        let (sa, sb, sc) = (
            minhash(&a).unwrap(),
            minhash(&b).unwrap(),
            minhash(&c).unwrap(),
        );
        assert!(jaccard(&sa, &sb) > 0.7, "{}", jaccard(&sa, &sb));
        assert!(jaccard(&sa, &sc) < 0.1);
        let mut ix = LshIndex::default();
        ix.insert(&sa, 0);
        ix.insert(&sc, 1);
        assert_eq!(ix.candidates(&sb), vec![0]);
        assert!(minhash(&words("too short")).is_none());
    }

    #[test]
    fn translation_needs_shared_evidence() {
        assert!(looks_translated(
            &[1, 2, 3],
            &[1, 2, 3],
            &[7],
            &[7],
            &[5],
            &[5]
        ));
        assert!(!looks_translated(
            &[1, 2, 3],
            &[1, 2, 3],
            &[7],
            &[7],
            &[],
            &[]
        ));
        assert!(!looks_translated(
            &[1, 2, 3],
            &[1, 2, 3],
            &[7],
            &[8],
            &[],
            &[]
        ));
        assert!(!looks_translated(&[1, 2], &[1, 2], &[7], &[7], &[], &[]));
    }
}
