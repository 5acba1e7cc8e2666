//! The lemmatizer: a lexicon of `(form, UPOS) → lemma` learned from the
//! training data (closed classes, irregulars, every seen word), and for
//! unseen words a perceptron choosing a suffix edit rule (strip a suffix,
//! append another, on the lowercased or the written form) from the form's
//! affixes, UPOS and FEATS.

use crate::error::{Error, Result};
use crate::format::{read_file, Kind, Reader, Writer};
use crate::hash::{f1, f2, f3, hash_str};
use crate::lex::Lex;
use crate::linear::{Linear, Trainer};
use crate::tagger::argmaxf;
use crate::Rng;
use newsgraph_doc::conllu::Sentence;
use std::collections::HashMap;
use std::path::Path;

/// An edit rule: on the lowercased (`lower`) or written form, strip
/// `strip` from the end and append `add`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Rule {
    lower: bool,
    strip: String,
    add: String,
}

impl Rule {
    fn of(form: &str, lemma: &str) -> Rule {
        let make = |f: &str, lower: bool| {
            let p = f
                .char_indices()
                .zip(lemma.chars())
                .take_while(|((_, a), b)| a == b)
                .last()
                .map_or(0, |((i, a), _)| i + a.len_utf8());
            Rule {
                lower,
                strip: f[p..].to_string(),
                add: lemma[p.min(lemma.len())..].to_string(),
            }
        };
        let lc = form.to_lowercase();
        let a = make(&lc, true);
        let b = make(form, false);
        if a.strip.chars().count() + a.add.chars().count()
            <= b.strip.chars().count() + b.add.chars().count()
        {
            a
        } else {
            b
        }
    }

    fn apply(&self, form: &str) -> Option<String> {
        let base = if self.lower {
            form.to_lowercase()
        } else {
            form.to_string()
        };
        let stem = base.strip_suffix(self.strip.as_str())?;
        if stem.is_empty() && self.add.is_empty() {
            return None;
        }
        Some(format!("{stem}{}", self.add))
    }

    fn key(&self) -> String {
        format!("{}\t{}\t{}", self.lower as u8, self.strip, self.add)
    }

    fn from_key(k: &str) -> Option<Rule> {
        let mut p = k.split('\t');
        let lower = p.next()? == "1";
        Some(Rule {
            lower,
            strip: p.next()?.to_string(),
            add: p.next()?.to_string(),
        })
    }
}

/// A trained lemmatizer.
pub struct Lemmatizer {
    /// Language code.
    pub lang: String,
    lexicon: HashMap<String, String>,
    rules: Vec<Rule>,
    model: Linear,
}

fn lex_key(form: &str, upos: &str) -> String {
    let mut k = String::with_capacity(form.len() + upos.len() + 1);
    k.push_str(form);
    k.push('\u{1}');
    k.push_str(upos);
    k
}

fn features(form: &str, upos: &str, feats: &str, out: &mut Vec<u64>) {
    out.clear();
    let l = Lex::new(form);
    let u = hash_str(upos);
    let f = hash_str(feats);
    out.push(f1(200, u));
    out.push(f2(201, u, f));
    for (k, s) in l.suf.iter().enumerate() {
        out.push(f2(202 + k as u32, u, *s));
        out.push(f3(208 + k as u32, u, f, *s));
    }
    out.push(f2(214, u, l.upper as u64));
    out.push(f2(215, u, l.shape));
    out.push(f2(216, u, l.len as u64));
    out.push(f1(217, l.suf[3]));
    out.push(f1(218, l.suf[4]));
}

impl Lemmatizer {
    /// The lemma of a word with its predicted UPOS and FEATS.
    pub fn lemma(&self, form: &str, upos: &str, feats: &str, buf: &mut Vec<u64>) -> String {
        if let Some(l) = self.lexicon.get(&lex_key(form, upos)) {
            return l.clone();
        }
        let lc = form.to_lowercase();
        if lc != form {
            if let Some(l) = self.lexicon.get(&lex_key(&lc, upos)) {
                return l.clone();
            }
        }
        if upos == "PUNCT" || upos == "NUM" || upos == "SYM" {
            return form.to_string();
        }
        features(form, upos, feats, buf);
        let mut scores = vec![0i32; self.model.n_classes()];
        self.model.score(buf, &mut scores);
        let mut order: Vec<usize> = (0..scores.len()).collect();
        order.sort_unstable_by_key(|&i| std::cmp::Reverse(scores[i]));
        for i in order.into_iter().take(50) {
            if let Some(l) = self.rules.get(i).and_then(|r| r.apply(form)) {
                return l;
            }
        }
        if upos == "PROPN" {
            form.to_string()
        } else {
            lc
        }
    }

    /// Loads a lemmatizer file.
    pub fn load(path: &Path) -> Result<Lemmatizer> {
        let bytes = read_file(path)?;
        Self::from_bytes(&bytes, path)
    }

    /// Reads a lemmatizer from the bytes of a model file.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Lemmatizer> {
        let (lang, mut r) = Reader::open(bytes, Kind::Lemmatizer, path)?;
        let keys = r.strs()?;
        let vals = r.strs()?;
        if keys.len() != vals.len() {
            return Err(Error::BadModel {
                path: path.to_path_buf(),
                message: "lexicon keys and values differ in number".into(),
            });
        }
        let lexicon = keys.into_iter().zip(vals).collect();
        let rules = r
            .strs()?
            .iter()
            .map(|k| Rule::from_key(k))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| Error::BadModel {
                path: path.to_path_buf(),
                message: "bad edit rule".into(),
            })?;
        let model = Linear::read(&mut r)?;
        Ok(Lemmatizer {
            lang,
            lexicon,
            rules,
            model,
        })
    }

    /// Writes the lemmatizer file.
    pub fn save(&self, path: &Path) -> Result<()> {
        let mut w = Writer::default();
        let mut lex: Vec<(&String, &String)> = self.lexicon.iter().collect();
        lex.sort_unstable();
        let keys: Vec<String> = lex.iter().map(|x| x.0.clone()).collect();
        let vals: Vec<String> = lex.iter().map(|x| x.1.clone()).collect();
        w.strs(&keys);
        w.strs(&vals);
        let rules: Vec<String> = self.rules.iter().map(Rule::key).collect();
        w.strs(&rules);
        self.model.write(&mut w);
        w.save(path, Kind::Lemmatizer, &self.lang)
    }

    /// Trains on gold UPOS/FEATS. The rule classifier learns from the words
    /// of low frequency (the lexicon covers the frequent ones at run time).
    pub fn train(
        lang: &str,
        train: &[Sentence],
        dev: &[Sentence],
        epochs: usize,
        log: &mut dyn FnMut(&str),
    ) -> Lemmatizer {
        let mut counts: HashMap<String, HashMap<String, usize>> = HashMap::new();
        for s in train {
            for w in &s.words {
                if w.lemma.is_empty() || w.lemma == "_" {
                    continue;
                }
                *counts
                    .entry(lex_key(&w.form, &w.upos))
                    .or_default()
                    .entry(w.lemma.clone())
                    .or_default() += 1;
            }
        }
        let mut lexicon = HashMap::new();
        for (k, m) in &counts {
            if let Some((l, _)) = m.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))) {
                lexicon.insert(k.clone(), l.clone());
            }
        }
        // Rule classes and training items (each distinct form/upos/feats/lemma once).
        let mut rix: HashMap<Rule, usize> = HashMap::new();
        let mut rules = Vec::new();
        let mut items: Vec<(String, String, String, usize)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for s in train {
            for w in &s.words {
                if w.lemma.is_empty() || w.lemma == "_" {
                    continue;
                }
                if !seen.insert((
                    w.form.clone(),
                    w.upos.clone(),
                    w.feats.clone(),
                    w.lemma.clone(),
                )) {
                    continue;
                }
                let r = Rule::of(&w.form, &w.lemma);
                let id = *rix.entry(r.clone()).or_insert_with(|| {
                    rules.push(r);
                    rules.len() - 1
                });
                items.push((w.form.clone(), w.upos.clone(), w.feats.clone(), id));
            }
        }
        let mut t = Trainer::new(rules.len());
        let mut rng = Rng(0x1e44a);
        let mut order: Vec<usize> = (0..items.len()).collect();
        let mut fv = Vec::new();
        let mut scores = Vec::new();
        let mut me = Lemmatizer {
            lang: lang.to_string(),
            lexicon,
            rules,
            model: Trainer::new(1).finish(0.0),
        };
        for ep in 0..epochs {
            rng.shuffle(&mut order);
            let mut ok = 0;
            for &i in &order {
                let (form, upos, feats, gold) = &items[i];
                features(form, upos, feats, &mut fv);
                scores.clear();
                scores.resize(t.n_classes(), 0f32);
                t.score(&fv, &mut scores);
                // Only rules applicable to the form compete.
                let allowed: Vec<u16> = me
                    .rules
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.apply(form).is_some())
                    .map(|(i, _)| i as u16)
                    .collect();
                let p = argmaxf(&scores, &allowed);
                ok += (p == *gold) as usize;
                t.update(&fv, *gold, p);
                t.tick();
            }
            log(&format!(
                "epoch {}: train rule accuracy {:.2} ({} rules)",
                ep + 1,
                100.0 * ok as f64 / items.len().max(1) as f64,
                me.rules.len()
            ));
        }
        me.model = t.finish(1.0);
        log(&format!(
            "dev lemma accuracy (gold UPOS/FEATS): {:.2}",
            me.accuracy(dev)
        ));
        me
    }

    /// Lemma accuracy (%) with gold UPOS and FEATS.
    pub fn accuracy(&self, data: &[Sentence]) -> f64 {
        let (mut ok, mut n) = (0usize, 0usize);
        let mut buf = Vec::new();
        for s in data {
            for w in &s.words {
                ok += (self.lemma(&w.form, &w.upos, &w.feats, &mut buf) == w.lemma) as usize;
                n += 1;
            }
        }
        100.0 * ok as f64 / n.max(1) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_round_trip() {
        for (f, l) in [
            ("chantaient", "chanter"),
            ("Le", "le"),
            ("Paris", "Paris"),
            ("yeux", "oeil"),
            ("a", "avoir"),
        ] {
            let r = Rule::of(f, l);
            assert_eq!(r.apply(f).as_deref(), Some(l), "{f} → {l} by {r:?}");
            assert_eq!(Rule::from_key(&r.key()), Some(r));
        }
    }
}
