//! The NER sequence tagger: a greedy left-to-right averaged perceptron over
//! BIO labels (PER, ORG, LOC, MISC) with hashed features, including
//! gazetteer features from the KB. Model files: magic `NGNER`, format
//! version, label list, feature-space size, i16-quantized weights, all
//! gzip-compressed.

use crate::Error;
use std::io::{Read, Write};

/// Magic bytes at the start of a model file (after decompression).
pub const MAGIC: &[u8; 5] = b"NGNER";
/// Model format version.
pub const MODEL_VERSION: u32 = 1;
/// Entity types the tagger predicts.
pub const TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];
/// log2 of the number of feature buckets.
const BITS: u32 = 19;
const NLAB: usize = 1 + 2 * TYPES.len();

/// Label index: 0 = O, 1 + 2t = B-type t, 2 + 2t = I-type t.
pub fn label_name(l: usize) -> String {
    if l == 0 {
        "O".into()
    } else {
        let t = TYPES[(l - 1) / 2];
        format!("{}-{t}", if l & 1 == 1 { "B" } else { "I" })
    }
}

/// Parses `B-PER`, `I-LOC`, `O` into a label index (unknown types → O).
pub fn label_index(s: &str) -> usize {
    let (bi, t) = match s.split_once('-') {
        Some(x) => x,
        None => return 0,
    };
    match TYPES.iter().position(|x| *x == t) {
        Some(ti) => 1 + 2 * ti + usize::from(bi == "I"),
        None => 0,
    }
}

/// Per-token input of the tagger.
#[derive(Debug, Clone, Default)]
pub struct TokIn {
    /// Surface form.
    pub form: String,
    /// Gazetteer feature: e.g. `B-GPE`, `I-PER`, `ADJ` (empty when none).
    pub gaz: String,
}

/// The averaged-perceptron model.
#[derive(Debug, Clone)]
pub struct Tagger {
    w: Vec<f32>,
}

#[inline]
fn fx(h: u64, bytes: &[u8]) -> u64 {
    let mut h = h;
    for &b in bytes {
        h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    h
}

#[inline]
fn feat(tpl: u8, parts: &[&[u8]]) -> usize {
    let mut h = fx(0x9e37_79b9_7f4a_7c15, &[tpl]);
    for p in parts {
        h = fx(h, p);
        h = fx(h, &[0xff]);
    }
    (h >> (64 - BITS)) as usize
}

fn shape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if !out.ends_with(k) || out.chars().rev().take_while(|x| *x == k).count() < 2 {
            out.push(k);
        }
    }
    out
}

/// Precomputed per-token strings.
struct Prep {
    low: Vec<String>,
    shp: Vec<String>,
    gaz: Vec<String>,
}

fn prep(toks: &[TokIn]) -> Prep {
    Prep {
        low: toks.iter().map(|t| t.form.to_lowercase()).collect(),
        shp: toks.iter().map(|t| shape(&t.form)).collect(),
        gaz: toks.iter().map(|t| t.gaz.clone()).collect(),
    }
}

fn features(p: &Prep, i: usize, prev: usize, prev2: usize, out: &mut Vec<usize>) {
    out.clear();
    fn get(v: &[String], j: isize) -> &str {
        if j < 0 {
            "<s>"
        } else {
            v.get(j as usize).map(String::as_str).unwrap_or("</s>")
        }
    }
    let i = i as isize;
    let w = get(&p.low, i);
    let chars: Vec<char> = w.chars().collect();
    let suf = |n: usize| -> String { chars[chars.len().saturating_sub(n)..].iter().collect() };
    let pre = |n: usize| -> String { chars[..n.min(chars.len())].iter().collect() };
    let pl = label_name(prev);
    let pl2 = label_name(prev2);
    out.push(feat(0, &[]));
    out.push(feat(1, &[w.as_bytes()]));
    out.push(feat(2, &[suf(2).as_bytes()]));
    out.push(feat(3, &[suf(3).as_bytes()]));
    out.push(feat(4, &[suf(4).as_bytes()]));
    out.push(feat(5, &[pre(3).as_bytes()]));
    out.push(feat(6, &[get(&p.shp, i).as_bytes()]));
    out.push(feat(7, &[get(&p.low, i - 1).as_bytes()]));
    out.push(feat(8, &[get(&p.low, i + 1).as_bytes()]));
    out.push(feat(9, &[get(&p.low, i - 2).as_bytes()]));
    out.push(feat(10, &[get(&p.low, i + 2).as_bytes()]));
    out.push(feat(
        11,
        &[get(&p.shp, i - 1).as_bytes(), get(&p.shp, i).as_bytes()],
    ));
    out.push(feat(
        12,
        &[get(&p.shp, i).as_bytes(), get(&p.shp, i + 1).as_bytes()],
    ));
    out.push(feat(13, &[pl.as_bytes()]));
    out.push(feat(14, &[pl.as_bytes(), pl2.as_bytes()]));
    out.push(feat(15, &[pl.as_bytes(), w.as_bytes()]));
    out.push(feat(16, &[get(&p.low, i - 1).as_bytes(), w.as_bytes()]));
    out.push(feat(17, &[w.as_bytes(), get(&p.low, i + 1).as_bytes()]));
    out.push(feat(18, &[get(&p.gaz, i).as_bytes()]));
    out.push(feat(
        19,
        &[get(&p.gaz, i).as_bytes(), get(&p.shp, i).as_bytes()],
    ));
    out.push(feat(
        20,
        &[get(&p.gaz, i - 1).as_bytes(), get(&p.gaz, i + 1).as_bytes()],
    ));
    out.push(feat(21, &[pl.as_bytes(), get(&p.shp, i).as_bytes()]));
    out.push(feat(
        22,
        &[
            get(&p.shp, i - 1).as_bytes(),
            get(&p.low, i - 1).as_bytes(),
            get(&p.shp, i).as_bytes(),
        ],
    ));
    out.push(feat(
        23,
        &[(i == 0).to_string().as_bytes(), get(&p.shp, i).as_bytes()],
    ));
}

/// Is `l` allowed after `prev` (no `I-X` after anything but `B-X`/`I-X`)?
fn allowed(prev: usize, l: usize) -> bool {
    if l == 0 || l & 1 == 1 {
        return true;
    }
    prev != 0 && (prev - 1) / 2 == (l - 1) / 2
}

impl Tagger {
    fn empty() -> Tagger {
        Tagger {
            w: vec![0.0; (1 << BITS) * NLAB],
        }
    }

    fn scores(&self, f: &[usize], s: &mut [f32; NLAB]) {
        *s = [0.0; NLAB];
        for &h in f {
            let row = &self.w[h * NLAB..h * NLAB + NLAB];
            for (a, b) in s.iter_mut().zip(row) {
                *a += b;
            }
        }
    }

    /// Tags one sentence; returns label indices.
    pub fn tag(&self, toks: &[TokIn]) -> Vec<usize> {
        let p = prep(toks);
        let mut out = Vec::with_capacity(toks.len());
        let mut f = Vec::with_capacity(32);
        let mut s = [0.0; NLAB];
        let (mut prev, mut prev2) = (0, 0);
        for i in 0..toks.len() {
            features(&p, i, prev, prev2, &mut f);
            self.scores(&f, &mut s);
            let mut best = 0;
            for l in 1..NLAB {
                if allowed(prev, l) && s[l] > s[best] {
                    best = l;
                }
            }
            out.push(best);
            prev2 = prev;
            prev = best;
        }
        out
    }

    /// Trains on sentences of (tokens, gold labels) for `epochs` passes.
    pub fn train(
        data: &[(Vec<TokIn>, Vec<usize>)],
        epochs: usize,
        mut log: impl FnMut(usize, f64),
    ) -> Tagger {
        let mut t = Tagger::empty();
        let n = t.w.len();
        let mut total = vec![0.0f64; n];
        let mut stamp = vec![0u32; n];
        let mut clock: u32 = 0;
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut rng: u64 = 0x2545_f491_4f6c_dd1d;
        let preps: Vec<Prep> = data.iter().map(|(x, _)| prep(x)).collect();
        let mut f = Vec::with_capacity(32);
        let mut s = [0.0; NLAB];
        for ep in 0..epochs {
            for i in (1..order.len()).rev() {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                order.swap(i, (rng % (i as u64 + 1)) as usize);
            }
            let (mut ok, mut all) = (0usize, 0usize);
            for &k in &order {
                let (toks, gold) = &data[k];
                let p = &preps[k];
                let (mut prev, mut prev2) = (0, 0);
                for (i, &g) in gold.iter().enumerate().take(toks.len()) {
                    clock += 1;
                    features(p, i, prev, prev2, &mut f);
                    t.scores(&f, &mut s);
                    let mut best = 0;
                    for l in 1..NLAB {
                        if allowed(prev, l) && s[l] > s[best] {
                            best = l;
                        }
                    }
                    all += 1;
                    if best == g {
                        ok += 1;
                    } else {
                        for &h in &f {
                            for (l, d) in [(g, 1.0f32), (best, -1.0f32)] {
                                let j = h * NLAB + l;
                                total[j] += f64::from(clock - stamp[j]) * f64::from(t.w[j]);
                                stamp[j] = clock;
                                t.w[j] += d;
                            }
                        }
                    }
                    prev2 = prev;
                    // Train on the gold history (teacher forcing).
                    prev = g;
                }
            }
            log(ep, ok as f64 / all.max(1) as f64);
        }
        for j in 0..n {
            total[j] += f64::from(clock - stamp[j]) * f64::from(t.w[j]);
            t.w[j] = (total[j] / f64::from(clock.max(1))) as f32;
        }
        t
    }

    /// Serializes the model (gzip-compressed, versioned header).
    pub fn save(&self, w: impl Write) -> Result<(), Error> {
        let max = self.w.iter().fold(0.0f32, |m, x| m.max(x.abs())).max(1e-6);
        let scale = 32767.0 / max;
        let mut gz = flate2::write::GzEncoder::new(w, flate2::Compression::best());
        let io = |e| Error::Io("model".into(), e);
        gz.write_all(MAGIC).map_err(io)?;
        gz.write_all(&MODEL_VERSION.to_le_bytes()).map_err(io)?;
        gz.write_all(&BITS.to_le_bytes()).map_err(io)?;
        gz.write_all(&(NLAB as u32).to_le_bytes()).map_err(io)?;
        gz.write_all(&scale.to_le_bytes()).map_err(io)?;
        let mut buf = Vec::with_capacity(self.w.len() * 2);
        for x in &self.w {
            buf.extend_from_slice(&((x * scale).round() as i16).to_le_bytes());
        }
        gz.write_all(&buf).map_err(io)?;
        gz.finish().map_err(io)?;
        Ok(())
    }

    /// Loads a model saved by [`Tagger::save`]; refuses other versions.
    pub fn load(bytes: &[u8]) -> Result<Tagger, Error> {
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut raw)
            .map_err(|e| Error::Corrupt(format!("NER model is not valid gzip: {e}")))?;
        if raw.len() < 21 || &raw[..5] != MAGIC {
            return Err(Error::Corrupt("not a newsgraph NER model".into()));
        }
        let u = |o: usize| u32::from_le_bytes([raw[o], raw[o + 1], raw[o + 2], raw[o + 3]]);
        let ver = u(5);
        if ver != MODEL_VERSION || u(9) != BITS || u(13) as usize != NLAB {
            return Err(Error::Incompatible(format!(
                "NER model format {ver} ({} bits, {} labels); this program reads {MODEL_VERSION} ({BITS}, {NLAB})",
                u(9),
                u(13)
            )));
        }
        let scale = f32::from_le_bytes([raw[17], raw[18], raw[19], raw[20]]);
        let body = &raw[21..];
        if body.len() != (1 << BITS) * NLAB * 2 {
            return Err(Error::Corrupt("NER model truncated".into()));
        }
        let w = body
            .chunks_exact(2)
            .map(|c| f32::from(i16::from_le_bytes([c[0], c[1]])) / scale)
            .collect();
        Ok(Tagger { w })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(s: &str) -> (Vec<TokIn>, Vec<usize>) {
        let mut toks = Vec::new();
        let mut labs = Vec::new();
        for w in s.split(' ') {
            let (f, l) = w.split_once('/').unwrap_or((w, "O"));
            toks.push(TokIn {
                form: f.into(),
                gaz: String::new(),
            });
            labs.push(label_index(l));
        }
        (toks, labs)
    }

    #[test]
    fn labels_round_trip() {
        for l in 0..NLAB {
            assert_eq!(label_index(&label_name(l)), l);
        }
        assert_eq!(label_index("B-FOO"), 0);
    }

    #[test]
    fn learns_and_round_trips() {
        let data = vec![
            sent("Marie/B-PER Curie/I-PER vit/O à/O Paris/B-LOC ./O"),
            sent("Jean/B-PER Dupont/I-PER travaille/O à/O Lyon/B-LOC ./O"),
            sent("Paul/B-PER Martin/I-PER habite/O à/O Nantes/B-LOC ./O"),
        ];
        let t = Tagger::train(&data, 10, |_, _| {});
        let (x, y) = sent("Marie/B-PER Curie/I-PER vit/O à/O Paris/B-LOC ./O");
        assert_eq!(t.tag(&x), y);
        let mut buf = Vec::new();
        t.save(&mut buf).expect("save");
        let t2 = Tagger::load(&buf).expect("load");
        assert_eq!(t2.tag(&x), y);
        assert!(matches!(Tagger::load(b"junk"), Err(Error::Corrupt(_))));
    }
}
