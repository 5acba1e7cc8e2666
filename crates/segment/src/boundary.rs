//! A learned sentence-boundary classifier (averaged perceptron over hashed
//! features) that refines the rule-based splitter: it sees the rule's
//! decision as one feature among the words, shapes and spacing around each
//! candidate position, and learns what treebank text does (headings without
//! final punctuation, lists, lower-case starts).
//!
//! Model file format (little endian): magic `NGSB`, format version (u32),
//! hash bits (u32), scale (f32), then `2^bits` weights as i16 (weight =
//! value × scale), then the lexicon of lower-case words (u32 byte length,
//! then the words separated by `\n`), then an FNV-1a 64 checksum of
//! everything before it.
//!
//! Invariant: a paragraph break (blank line) is always a boundary; the model
//! only decides inside paragraphs.

use crate::rules::HashSet;
use crate::tokenize::{Kind, RawToken};

const MAGIC: &[u8; 4] = b"NGSB";
const VERSION: u32 = 3;
/// Number of hash bits of the weight table.
pub const BITS: u32 = 18;

/// Errors reading a model file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// Not a sentence model, or a truncated one.
    #[error("not a newsgraph sentence-boundary model (bad magic or size)")]
    Format,
    /// A model written by another format version.
    #[error("sentence model format version {0} is not supported (expected {VERSION})")]
    Version(u32),
    /// The checksum does not match.
    #[error("sentence model is corrupt (checksum mismatch)")]
    Checksum,
}

/// The classifier weights.
#[derive(Debug, Clone)]
pub struct BoundaryModel {
    weights: Vec<f32>,
    mask: u64,
    /// Words seen in lower case inside sentences of the training data: a
    /// capitalized word from this list after a word is likely a sentence
    /// start rather than a name.
    pub lexicon: HashSet<String>,
    /// [`lower_hash`] of each lexicon word.
    pub lexicon_hashes: HashSet<u64>,
}

fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

const FNV_OFFSET: u64 = 0xcbf29ce484222325;
const FNV_PRIME: u64 = 0x100000001b3;

fn fnv_step(h: u64, x: u64) -> u64 {
    (h ^ x).wrapping_mul(FNV_PRIME)
}

/// Hash of the lower-cased word (its first 24 characters), without
/// allocating.
pub fn lower_hash(s: &str) -> u64 {
    let mut h = FNV_OFFSET;
    for c in s.chars().take(24) {
        for l in c.to_lowercase() {
            h = fnv_step(h, l as u64);
        }
    }
    h
}

/// Hash of the word shape: X upper, x lower, d digit, other characters as
/// themselves; repeats collapsed; at most 4 symbols.
fn shape_hash(s: &str) -> u64 {
    let mut h = FNV_OFFSET ^ 0x5a;
    let mut last = '\0';
    let mut n = 0;
    for c in s.chars() {
        let m = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if m != last {
            h = fnv_step(h, m as u64);
            last = m;
            n += 1;
            if n >= 4 {
                break;
            }
        }
    }
    h
}

/// Combines a template id and part hashes into a feature id.
fn feat(template: u64, parts: &[u64]) -> u64 {
    let mut h = fnv_step(FNV_OFFSET, template);
    for &p in parts {
        h = fnv_step(h, p);
        h = h.rotate_left(17);
    }
    // Final avalanche so that low bits are well mixed.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h
}

/// Context of one candidate position: boundary after token `i`.
pub struct Context<'a> {
    /// The text.
    pub text: &'a str,
    /// All tokens.
    pub toks: &'a [RawToken],
    /// The candidate: a boundary after this token.
    pub i: usize,
    /// The rule-based splitter's decision here.
    pub rule: bool,
    /// Tokens since the last boundary.
    pub since: usize,
    /// Hashes ([`lower_hash`]) of the model's lower-case words.
    pub lexicon: &'a HashSet<u64>,
}

fn tok<'a>(c: &Context<'a>, k: isize) -> &'a str {
    let j = c.i as isize + k;
    if j < 0 {
        return "<s>";
    }
    match c.toks.get(j as usize) {
        Some(t) => &c.text[t.start..t.end],
        None => "</s>",
    }
}

/// The hashed features of a candidate.
pub fn features(c: &Context<'_>, out: &mut Vec<u64>) {
    out.clear();
    let (wm1, w0, w1, w2) = (tok(c, -1), tok(c, 0), tok(c, 1), tok(c, 2));
    let (l0, l1, lm1) = (lower_hash(w0), lower_hash(w1), lower_hash(wm1));
    let (s0, s1, s2, sm1) = (
        shape_hash(w0),
        shape_hash(w1),
        shape_hash(w2),
        shape_hash(wm1),
    );
    let gap: u64 = match c.toks.get(c.i + 1) {
        Some(n) => {
            let g = &c.text[c.toks[c.i].end..n.start];
            if g.is_empty() {
                0
            } else if g.contains('\n') {
                1
            } else {
                2
            }
        }
        None => 3,
    };
    let since: u64 = match c.since {
        0..=1 => 1,
        2 => 2,
        3..=5 => 5,
        6..=10 => 10,
        11..=20 => 20,
        21..=40 => 40,
        _ => 99,
    };
    let rule = c.rule as u64;
    let known = |w: &str, l: u64| -> u64 {
        if !w.starts_with(char::is_uppercase) {
            0
        } else if c.lexicon.contains(&l) {
            1
        } else {
            2
        }
    };
    let (k0, k1) = (known(w0, l0), known(w1, l1));
    out.extend_from_slice(&[
        feat(0, &[]),
        feat(1, &[rule]),
        feat(2, &[l0]),
        feat(3, &[l1]),
        feat(4, &[lm1]),
        feat(5, &[s0]),
        feat(6, &[s1]),
        feat(7, &[s2]),
        feat(8, &[sm1]),
        feat(9, &[l0, s1]),
        feat(10, &[s0, l1]),
        feat(11, &[s0, s1, gap]),
        feat(12, &[sm1, s0, s1]),
        feat(13, &[l0, l1]),
        feat(14, &[gap, rule]),
        feat(15, &[since, rule]),
        feat(16, &[since, s0, s1]),
        feat(17, &[rule, s0, s1]),
        feat(18, &[lm1, l0]),
        feat(19, &[rule, l1]),
        feat(20, &[s1, s2]),
        feat(21, &[s0, s1, s2]),
        feat(22, &[l1, s2]),
        feat(23, &[k1, s0]),
        feat(24, &[k0, k1, rule]),
        feat(25, &[k1, l0]),
    ]);
}

/// Whether position `i` is worth asking the model about (keeps the
/// classifier off the hot path for ordinary word–word positions).
pub fn is_candidate(text: &str, toks: &[RawToken], i: usize) -> bool {
    let t = &toks[i];
    let Some(n) = toks.get(i + 1) else {
        return false;
    };
    let newline = text[t.end..n.start].contains('\n');
    // No sentence ends on a comma or right before one.
    if !newline && (&text[t.start..t.end] == "," || &text[n.start..n.end] == ",") {
        return false;
    }
    if t.kind == Kind::Punct || n.kind == Kind::Punct {
        return true;
    }
    if newline {
        return true;
    }
    let c = text[n.start..].chars().next().unwrap_or(' ');
    c.is_uppercase() || c.is_ascii_digit() || text[t.start..t.end].ends_with('.')
}

impl BoundaryModel {
    /// An all-zero model.
    pub fn zeros() -> Self {
        BoundaryModel {
            weights: vec![0.0; 1 << BITS],
            mask: (1 << BITS) - 1,
            lexicon: HashSet::default(),
            lexicon_hashes: HashSet::default(),
        }
    }

    /// Score of a feature set (boundary when > 0).
    pub fn score(&self, feats: &[u64]) -> f32 {
        feats
            .iter()
            .map(|&f| self.weights[(f & self.mask) as usize])
            .sum()
    }

    /// Reads a model file.
    pub fn from_bytes(b: &[u8]) -> Result<Self, ModelError> {
        if b.len() < 16 || &b[..4] != MAGIC {
            return Err(ModelError::Format);
        }
        let u32_at = |o: usize| u32::from_le_bytes([b[o], b[o + 1], b[o + 2], b[o + 3]]);
        let version = u32_at(4);
        if version != VERSION {
            return Err(ModelError::Version(version));
        }
        let bits = u32_at(8);
        if bits > 24 {
            return Err(ModelError::Format);
        }
        let scale = f32::from_le_bytes([b[12], b[13], b[14], b[15]]);
        let n = 1usize << bits;
        let weights_end = 16 + 2 * n;
        if b.len() < weights_end + 12 {
            return Err(ModelError::Format);
        }
        let lex_len = u32_at(weights_end) as usize;
        let body_end = weights_end + 4 + lex_len;
        if b.len() != body_end + 8 {
            return Err(ModelError::Format);
        }
        let mut sum = [0u8; 8];
        sum.copy_from_slice(&b[body_end..]);
        if u64::from_le_bytes(sum) != fnv(&b[..body_end]) {
            return Err(ModelError::Checksum);
        }
        let weights = b[16..weights_end]
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]) as f32 * scale)
            .collect();
        let lexicon: HashSet<String> = std::str::from_utf8(&b[weights_end + 4..body_end])
            .map_err(|_| ModelError::Format)?
            .split('\n')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        let lexicon_hashes = lexicon.iter().map(|w| lower_hash(w)).collect();
        Ok(BoundaryModel {
            weights,
            mask: (n as u64) - 1,
            lexicon,
            lexicon_hashes,
        })
    }

    /// Writes the model file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let max = self.weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max == 0.0 {
            1.0
        } else {
            max / i16::MAX as f32
        };
        let mut b = Vec::with_capacity(16 + 2 * self.weights.len() + 8);
        b.extend_from_slice(MAGIC);
        b.extend_from_slice(&VERSION.to_le_bytes());
        b.extend_from_slice(&BITS.to_le_bytes());
        b.extend_from_slice(&scale.to_le_bytes());
        for w in &self.weights {
            b.extend_from_slice(&((w / scale).round() as i16).to_le_bytes());
        }
        let mut words: Vec<&str> = self.lexicon.iter().map(String::as_str).collect();
        words.sort_unstable();
        let lex = words.join("\n");
        b.extend_from_slice(&(lex.len() as u32).to_le_bytes());
        b.extend_from_slice(lex.as_bytes());
        let sum = fnv(&b);
        b.extend_from_slice(&sum.to_le_bytes());
        b
    }
}

/// One training example: a text, its tokens, the rule decisions and the
/// gold boundaries (after token i).
pub struct Example {
    /// The text.
    pub text: String,
    /// Its tokens.
    pub toks: Vec<RawToken>,
    /// Rule-based boundary after each token.
    pub rule: Vec<bool>,
    /// Gold boundary after each token.
    pub gold: Vec<bool>,
}

/// Trains an averaged perceptron for `epochs` passes (gold history).
pub fn train(examples: &[Example], epochs: usize) -> BoundaryModel {
    let n = 1usize << BITS;
    let mut w = vec![0f32; n];
    let mut acc = vec![0f32; n];
    let mut stamp = vec![0u64; n];
    let mut t: u64 = 1;
    let mut feats = Vec::new();
    let mask = (n as u64) - 1;
    // Lexicon: words seen in lower case, not at a sentence start, twice or more.
    let mut counts: crate::rules::HashMap<String, u32> = Default::default();
    for ex in examples {
        for i in 1..ex.toks.len() {
            let w = &ex.text[ex.toks[i].start..ex.toks[i].end];
            if !ex.gold[i - 1] && w.starts_with(char::is_lowercase) {
                *counts.entry(w.to_string()).or_default() += 1;
            }
        }
    }
    let lexicon: HashSet<String> = counts
        .into_iter()
        .filter(|&(_, c)| c >= 2)
        .map(|(w, _)| w)
        .collect();
    let lexicon_hashes: HashSet<u64> = lexicon.iter().map(|w| lower_hash(w)).collect();
    // Deterministic shuffling of the examples at each epoch (xorshift).
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut seed: u64 = 0x9e3779b97f4a7c15;
    for _ in 0..epochs {
        for k in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(k, (seed % (k as u64 + 1)) as usize);
        }
        for ex in order.iter().map(|&k| &examples[k]) {
            let mut since = 0;
            for i in 0..ex.toks.len() {
                since += 1;
                let gold = ex.gold[i];
                if i + 1 < ex.toks.len() && is_candidate(&ex.text, &ex.toks, i) {
                    let ctx = Context {
                        text: &ex.text,
                        toks: &ex.toks,
                        i,
                        rule: ex.rule[i],
                        since,
                        lexicon: &lexicon_hashes,
                    };
                    features(&ctx, &mut feats);
                    let score: f32 = feats.iter().map(|&f| w[(f & mask) as usize]).sum();
                    let pred = score > 0.0;
                    if pred != gold {
                        let delta = if gold { 1.0 } else { -1.0 };
                        for &f in &feats {
                            let k = (f & mask) as usize;
                            // Lazy averaging: bring the accumulator up to date.
                            acc[k] += (t - stamp[k]) as f32 * w[k];
                            stamp[k] = t;
                            w[k] += delta;
                        }
                    }
                    t += 1;
                }
                if gold {
                    since = 0;
                }
            }
        }
    }
    for k in 0..n {
        acc[k] += (t - stamp[k]) as f32 * w[k];
    }
    let weights = acc.iter().map(|a| a / t as f32).collect();
    BoundaryModel {
        weights,
        mask,
        lexicon,
        lexicon_hashes,
    }
}
