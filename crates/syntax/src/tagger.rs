//! The tagger: UPOS, then the whole UD FEATS string, each by a greedy
//! left-to-right averaged perceptron over lexical, affix, shape, context and
//! ambiguity-class features, with the previous decisions as features.

use crate::error::{Error, Result};
use crate::format::{read_file, Kind, Reader, Writer};
use crate::hash::{f1, f2, f3, HMap};
use crate::lex::Lex;
use crate::linear::{argmax_in, Linear, Trainer};
use crate::Rng;
use newsgraph_doc::conllu::Sentence;
use std::collections::HashMap;
use std::path::Path;

/// A trained tagger.
pub struct Tagger {
    /// Language code.
    pub lang: String,
    upos: Vec<String>,
    feats: Vec<String>,
    /// Ambiguity class (bitmask of UPOS seen) of frequent words.
    amb: HMap<u32>,
    /// FEATS classes seen with each UPOS.
    feats_of_upos: Vec<Vec<u16>>,
    upos_model: Linear,
    feats_model: Linear,
}

/// The output for one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tag {
    /// UPOS class index.
    pub upos: u16,
    /// FEATS class index (0 = no features).
    pub feats: u16,
}

const BOS: u64 = 0xB0B0;

/// A training sentence: atoms, ambiguity classes, gold UPOS and FEATS ids.
type Prepared = (Vec<Lex>, Vec<u64>, Vec<u64>, Vec<u16>);

/// Features for the UPOS decision on word `i`.
fn upos_features(lx: &[Lex], amb: &[u64], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    out.clear();
    let pad = Lex::pad();
    let at = |k: isize| -> &Lex {
        let j = i as isize + k;
        if j < 0 || j as usize >= lx.len() {
            &pad
        } else {
            &lx[j as usize]
        }
    };
    let am = |k: isize| -> u64 {
        let j = i as isize + k;
        if j < 0 || j as usize >= lx.len() {
            BOS
        } else {
            amb[j as usize]
        }
    };
    let w = at(0);
    out.push(f1(0, 0));
    out.push(f1(1, w.w));
    out.push(f1(2, w.raw));
    for (k, s) in w.suf.iter().enumerate() {
        out.push(f1(3 + k as u32, *s));
    }
    for (k, s) in w.pre.iter().enumerate() {
        out.push(f1(10 + k as u32, *s));
    }
    out.push(f1(14, w.shape));
    out.push(f2(15, w.upper as u64, (i == 0) as u64));
    out.push(f1(16, at(-1).w));
    out.push(f1(17, at(1).w));
    out.push(f1(18, at(-2).w));
    out.push(f1(19, at(2).w));
    out.push(f1(20, p1));
    out.push(f2(21, p1, p2));
    out.push(f2(22, p1, w.w));
    out.push(f1(23, at(1).suf[2]));
    out.push(f1(24, at(-1).suf[2]));
    out.push(f1(25, am(0)));
    out.push(f1(26, am(1)));
    out.push(f2(27, am(0), am(1)));
    out.push(f2(28, p1, am(0)));
    out.push(f1(29, am(2)));
    out.push(f2(30, w.w, at(1).w));
    out.push(f2(31, w.w, at(-1).w));
    out.push(f2(32, p1, w.suf[2]));
    out.push(f1(33, w.len as u64));
    out.push(f2(34, am(0), at(1).w));
}

/// Features for the FEATS decision on word `i` (UPOS known for all words).
fn feats_features(lx: &[Lex], upos: &[u64], i: usize, pf: u64, out: &mut Vec<u64>) {
    out.clear();
    let pad = Lex::pad();
    let at = |k: isize| -> &Lex {
        let j = i as isize + k;
        if j < 0 || j as usize >= lx.len() {
            &pad
        } else {
            &lx[j as usize]
        }
    };
    let up = |k: isize| -> u64 {
        let j = i as isize + k;
        if j < 0 || j as usize >= lx.len() {
            BOS
        } else {
            upos[j as usize]
        }
    };
    let w = at(0);
    let u = up(0);
    out.push(f1(100, u));
    out.push(f2(101, u, w.w));
    for (k, s) in w.suf.iter().enumerate() {
        out.push(f2(102 + k as u32, u, *s));
    }
    out.push(f2(108, u, up(-1)));
    out.push(f2(109, u, up(1)));
    out.push(f3(110, u, up(-1), at(-1).w));
    out.push(f3(111, u, up(1), at(1).w));
    out.push(f2(112, u, pf));
    out.push(f3(113, u, at(-1).w, w.suf[2]));
    out.push(f3(114, u, up(-2), at(-2).w));
    out.push(f2(115, u, w.shape));
    out.push(f3(116, u, up(1), at(1).suf[1]));
    out.push(f3(117, u, up(-1), at(-1).suf[1]));
    out.push(f2(118, u, w.pre[1]));
    out.push(f2(119, u, w.upper as u64));
}

/// Reusable buffers for tagging.
#[derive(Default)]
pub struct TagScratch {
    lex: Vec<Lex>,
    amb: Vec<u64>,
    up: Vec<u64>,
    feats: Vec<u64>,
    scores: Vec<i32>,
}

impl Tagger {
    /// The UPOS name of class `i`.
    pub fn upos_name(&self, i: u16) -> &str {
        self.upos.get(i as usize).map_or("X", String::as_str)
    }
    /// The FEATS string of class `i` (`_` for none).
    pub fn feats_name(&self, i: u16) -> &str {
        self.feats.get(i as usize).map_or("_", String::as_str)
    }
    /// The UPOS class of a name.
    pub fn upos_id(&self, s: &str) -> Option<u16> {
        self.upos.iter().position(|u| u == s).map(|i| i as u16)
    }

    fn amb_of(&self, l: &Lex) -> u64 {
        self.amb.get(&l.w).map_or(0x0A0A, |&m| m as u64 + 1)
    }

    /// Tags a sentence of word forms.
    pub fn tag(&self, forms: &[&str], sc: &mut TagScratch, out: &mut Vec<Tag>) {
        sc.lex.clear();
        sc.lex.extend(forms.iter().map(|f| Lex::new(f)));
        self.tag_lex(sc, out);
    }

    /// Tags the words whose atoms are in `sc.lex`.
    fn tag_lex(&self, sc: &mut TagScratch, out: &mut Vec<Tag>) {
        let n = sc.lex.len();
        out.clear();
        sc.amb.clear();
        for l in &sc.lex {
            let a = self.amb_of(l);
            sc.amb.push(a);
        }
        sc.up.clear();
        let (mut p1, mut p2) = (BOS, BOS);
        for i in 0..n {
            upos_features(&sc.lex, &sc.amb, i, p1, p2, &mut sc.feats);
            sc.scores.clear();
            sc.scores.resize(self.upos_model.n_classes(), 0);
            self.upos_model.score(&sc.feats, &mut sc.scores);
            let u = argmax_in(&sc.scores, &[]) as u64;
            sc.up.push(u);
            p2 = p1;
            p1 = u;
        }
        let mut pf = BOS;
        for i in 0..n {
            feats_features(&sc.lex, &sc.up, i, pf, &mut sc.feats);
            sc.scores.clear();
            sc.scores.resize(self.feats_model.n_classes(), 0);
            self.feats_model.score(&sc.feats, &mut sc.scores);
            let allowed = self
                .feats_of_upos
                .get(sc.up[i] as usize)
                .map_or(&[][..], Vec::as_slice);
            let f = if allowed.is_empty() {
                0
            } else {
                argmax_in(&sc.scores, allowed)
            };
            pf = f as u64;
            out.push(Tag {
                upos: sc.up[i] as u16,
                feats: f as u16,
            });
        }
    }

    /// Loads a tagger file.
    pub fn load(path: &Path) -> Result<Tagger> {
        let bytes = read_file(path)?;
        Self::from_bytes(&bytes, path)
    }

    /// Reads a tagger from the bytes of a model file.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Tagger> {
        let (lang, mut r) = Reader::open(bytes, Kind::Tagger, path)?;
        let upos = r.strs()?;
        let feats = r.strs()?;
        let n = r.count(12)?;
        let mut amb = HMap::default();
        amb.reserve(n);
        for _ in 0..n {
            let k = r.u64()?;
            let v = r.u32()?;
            amb.insert(k, v);
        }
        let mut feats_of_upos = Vec::new();
        for _ in 0..upos.len() {
            let m = r.count(2)?;
            let mut v = Vec::with_capacity(m);
            for _ in 0..m {
                v.push(r.u16()?);
            }
            feats_of_upos.push(v);
        }
        let upos_model = Linear::read(&mut r)?;
        let feats_model = Linear::read(&mut r)?;
        if !r.done() {
            return Err(Error::BadModel {
                path: path.to_path_buf(),
                message: "trailing bytes".into(),
            });
        }
        Ok(Tagger {
            lang,
            upos,
            feats,
            amb,
            feats_of_upos,
            upos_model,
            feats_model,
        })
    }

    /// Writes the tagger file.
    pub fn save(&self, path: &Path) -> Result<()> {
        let mut w = Writer::default();
        w.strs(&self.upos);
        w.strs(&self.feats);
        let mut amb: Vec<_> = self.amb.iter().collect();
        amb.sort_unstable();
        w.u64(amb.len() as u64);
        for (k, v) in amb {
            w.u64(*k);
            w.u32(*v);
        }
        for v in &self.feats_of_upos {
            w.u64(v.len() as u64);
            for &c in v {
                w.u16(c);
            }
        }
        self.upos_model.write(&mut w);
        self.feats_model.write(&mut w);
        w.save(path, Kind::Tagger, &self.lang)
    }

    #[allow(clippy::needless_range_loop)]
    /// Trains a tagger on `train`, keeping the epoch that is best on `dev`
    /// (UPOS + FEATS accuracy); `log` receives progress lines.
    pub fn train(
        lang: &str,
        train: &[Sentence],
        dev: &[Sentence],
        epochs: usize,
        log: &mut dyn FnMut(&str),
    ) -> Tagger {
        // Vocabularies.
        let mut upos: Vec<String> = Vec::new();
        let mut feats: Vec<String> = vec!["_".into()];
        let mut uix: HashMap<String, u16> = HashMap::new();
        let mut fix: HashMap<String, u16> = HashMap::from([("_".to_string(), 0)]);
        let mut counts: HMap<(u32, u32)> = HMap::default();
        let mut word_tags: HMap<u32> = HMap::default();
        let mut fou: HashMap<u16, std::collections::BTreeSet<u16>> = HashMap::new();
        for s in train {
            for w in &s.words {
                let u = *uix.entry(w.upos.clone()).or_insert_with(|| {
                    upos.push(w.upos.clone());
                    (upos.len() - 1) as u16
                });
                let f = *fix.entry(w.feats.clone()).or_insert_with(|| {
                    feats.push(w.feats.clone());
                    (feats.len() - 1) as u16
                });
                fou.entry(u).or_default().insert(f);
                let l = Lex::new(&w.form);
                counts.entry(l.w).or_default().0 += 1;
                *word_tags.entry(l.w).or_default() |= 1 << u;
            }
        }
        let mut amb = HMap::default();
        for (k, (c, _)) in &counts {
            if *c >= 2 {
                if let Some(m) = word_tags.get(k) {
                    amb.insert(*k, *m);
                }
            }
        }
        let feats_of_upos = (0..upos.len())
            .map(|u| {
                fou.get(&(u as u16))
                    .map(|s| s.iter().copied().collect())
                    .unwrap_or_default()
            })
            .collect();
        let mut tagger = Tagger {
            lang: lang.to_string(),
            upos,
            feats,
            amb,
            feats_of_upos,
            upos_model: Trainer::new(1).finish(0.0),
            feats_model: Trainer::new(1).finish(0.0),
        };
        let prepared: Vec<Prepared> = train
            .iter()
            .map(|s| {
                let lx: Vec<Lex> = s.words.iter().map(|w| Lex::new(&w.form)).collect();
                let am: Vec<u64> = lx.iter().map(|l| tagger.amb_of(l)).collect();
                let gu: Vec<u64> = s.words.iter().map(|w| uix[&w.upos] as u64).collect();
                let gf: Vec<u16> = s.words.iter().map(|w| fix[&w.feats]).collect();
                (lx, am, gu, gf)
            })
            .collect();
        let mut tu = Trainer::new(tagger.upos.len());
        let mut tf = Trainer::new(tagger.feats.len());
        let mut order: Vec<usize> = (0..prepared.len()).collect();
        let mut rng = Rng(0x5eed);
        let mut fv = Vec::new();
        let mut best: Option<(f64, Linear, Linear)> = None;
        let mut scores = Vec::new();
        for ep in 0..epochs {
            rng.shuffle(&mut order);
            let (mut ok_u, mut ok_f, mut tot) = (0usize, 0usize, 0usize);
            for &si in &order {
                let (lx, am, gu, gf) = &prepared[si];
                let (mut p1, mut p2) = (BOS, BOS);
                let mut pred = Vec::with_capacity(lx.len());
                for i in 0..lx.len() {
                    upos_features(lx, am, i, p1, p2, &mut fv);
                    scores.clear();
                    scores.resize(tu.n_classes(), 0f32);
                    tu.score(&fv, &mut scores);
                    let p = argmaxf(&scores, &[]);
                    tu.update(&fv, gu[i] as usize, p);
                    tu.tick();
                    ok_u += (p == gu[i] as usize) as usize;
                    tot += 1;
                    pred.push(p as u64);
                    p2 = p1;
                    p1 = p as u64;
                }
                let mut pf = BOS;
                for i in 0..lx.len() {
                    feats_features(lx, &pred, i, pf, &mut fv);
                    scores.clear();
                    scores.resize(tf.n_classes(), 0f32);
                    tf.score(&fv, &mut scores);
                    let allowed = &tagger.feats_of_upos[pred[i] as usize];
                    let p = argmaxf(&scores, allowed);
                    tf.update(&fv, gf[i] as usize, p);
                    tf.tick();
                    ok_f += (p == gf[i] as usize) as usize;
                    pf = p as u64;
                }
            }
            tagger.upos_model = tu.finish(1.0);
            tagger.feats_model = tf.finish(1.0);
            let (du, df) = tagger.accuracy(dev);
            log(&format!(
                "epoch {}: train upos {:.2} feats {:.2} | dev upos {:.2} ufeats {:.2} | {} + {} features",
                ep + 1,
                100.0 * ok_u as f64 / tot.max(1) as f64,
                100.0 * ok_f as f64 / tot.max(1) as f64,
                du,
                df,
                tagger.upos_model.n_features(),
                tagger.feats_model.n_features()
            ));
            let score = du + df;
            if best.as_ref().is_none_or(|b| score > b.0) || dev.is_empty() {
                let um = std::mem::replace(&mut tagger.upos_model, Trainer::new(1).finish(0.0));
                let fm = std::mem::replace(&mut tagger.feats_model, Trainer::new(1).finish(0.0));
                best = Some((score, um, fm));
            }
        }
        if let Some((_, um, fm)) = best {
            tagger.upos_model = um;
            tagger.feats_model = fm;
        }
        tagger
    }

    /// UPOS and FEATS accuracy (%) on gold-tokenized sentences.
    pub fn accuracy(&self, data: &[Sentence]) -> (f64, f64) {
        let mut sc = TagScratch::default();
        let mut out = Vec::new();
        let (mut u, mut f, mut n) = (0usize, 0usize, 0usize);
        for s in data {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            self.tag(&forms, &mut sc, &mut out);
            for (w, t) in s.words.iter().zip(&out) {
                u += (self.upos_name(t.upos) == w.upos) as usize;
                f += (self.feats_name(t.feats) == w.feats) as usize;
                n += 1;
            }
        }
        let n = n.max(1) as f64;
        (100.0 * u as f64 / n, 100.0 * f as f64 / n)
    }
}

/// Argmax over f32 scores among `allowed` (all when empty).
pub(crate) fn argmaxf(s: &[f32], allowed: &[u16]) -> usize {
    let mut best = usize::MAX;
    let mut bv = f32::NEG_INFINITY;
    if allowed.is_empty() {
        for (i, &v) in s.iter().enumerate() {
            if v > bv {
                bv = v;
                best = i;
            }
        }
    } else {
        for &c in allowed {
            let v = s.get(c as usize).copied().unwrap_or(f32::NEG_INFINITY);
            if v > bv || best == usize::MAX {
                bv = v;
                best = c as usize;
            }
        }
    }
    if best == usize::MAX {
        0
    } else {
        best
    }
}
