//! Evaluation with the CoNLL 2018 shared-task measures UPOS, UFeats, Lemma,
//! UAS and LAS (relation subtypes ignored): from gold tokens (accuracy over
//! words) or from raw text through our segmenter (F1 over aligned words).

use crate::parser::universal;
use crate::stage::{Analysis, Models, Scratch};
use newsgraph_doc::conllu::{self, Sentence};
use std::collections::HashMap;

/// Scores in percent.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scores {
    /// UPOS.
    pub upos: f64,
    /// Whole FEATS string.
    pub ufeats: f64,
    /// Lemma.
    pub lemma: f64,
    /// Unlabelled attachment.
    pub uas: f64,
    /// Labelled attachment (universal relation).
    pub las: f64,
    /// Gold words.
    pub words: usize,
    /// Word segmentation F1 (100 from gold tokens).
    pub words_f1: f64,
    /// Words per second of the analysis (tagger + lemmatizer + parser).
    pub words_per_sec: f64,
}

#[derive(Default)]
struct Counts {
    upos: usize,
    feats: usize,
    lemma: usize,
    uas: usize,
    las: usize,
}

fn feats_eq(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        if s.is_empty() {
            "_".to_string()
        } else {
            s.to_string()
        }
    };
    norm(a) == norm(b)
}

/// Evaluates on gold tokens.
pub fn gold_tokens(models: &Models, gold: &[Sentence]) -> Scores {
    let mut sc = Scratch::default();
    let mut out: Vec<Analysis> = Vec::new();
    let mut c = Counts::default();
    let mut n = 0;
    let mut secs = 0.0;
    for s in gold {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let t0 = std::time::Instant::now();
        models.analyze(&forms, &mut sc, &mut out);
        secs += t0.elapsed().as_secs_f64();
        for (w, a) in s.words.iter().zip(&out) {
            n += 1;
            c.upos += (a.upos == w.upos) as usize;
            c.feats += feats_eq(&a.feats, &w.feats) as usize;
            c.lemma += (a.lemma == w.lemma) as usize;
            if a.head == w.head {
                c.uas += 1;
                c.las += (universal(&a.deprel) == universal(&w.deprel)) as usize;
            }
        }
    }
    let pct = |x: usize| 100.0 * x as f64 / n.max(1) as f64;
    Scores {
        upos: pct(c.upos),
        ufeats: pct(c.feats),
        lemma: pct(c.lemma),
        uas: pct(c.uas),
        las: pct(c.las),
        words: n,
        words_f1: 100.0,
        words_per_sec: n as f64 / secs.max(1e-9),
    }
}

type Key = (usize, usize, usize, String);

/// Evaluates from the raw text: our segmenter, then the models; system and
/// gold words are aligned by span (and position and form inside a
/// multiword token), and every measure is an F1 over aligned words.
pub fn raw_text(models: &Models, gold: &[Sentence], lang: &str) -> Scores {
    let text = conllu::raw_text(gold);
    // Gold words: keys and global indices of heads.
    let chars: Vec<char> = text.chars().collect();
    let mut pos = 0;
    let mut gold_keys: HashMap<Key, usize> = HashMap::new();
    let mut gold_words = Vec::new(); // (word, global head or None)
    for s in gold {
        let base = gold_words.len();
        for t in s.surface_tokens() {
            while pos < chars.len() && chars[pos].is_whitespace() {
                pos += 1;
            }
            let (a, b) = (pos, pos + t.form.chars().count());
            pos = b;
            for (k, wi) in (t.words.0..=t.words.1).enumerate() {
                let key = if t.words.0 == t.words.1 {
                    (a, b, 0, String::new())
                } else {
                    (a, b, k, s.words[wi].form.to_lowercase())
                };
                gold_keys.insert(key, base + wi);
            }
        }
        for w in &s.words {
            let h = (w.head > 0).then(|| base + w.head - 1);
            gold_words.push((w, h));
        }
    }
    let (sents, words, mwts) =
        newsgraph_segment::segment_text(&text, newsgraph_segment::Rules::for_language(lang));
    let mut doc = newsgraph_doc::Document::new("eval", text.clone());
    doc.language = Some(lang.to_string());
    doc.sentences = sents;
    doc.tokens = words;
    doc.multiword_tokens = mwts;
    let t0 = std::time::Instant::now();
    models.annotate(&mut doc);
    let secs = t0.elapsed().as_secs_f64();
    // System keys.
    let mut sys_keys: Vec<Key> = doc
        .tokens
        .iter()
        .map(|t| (t.start, t.end, 0, String::new()))
        .collect();
    for m in &doc.multiword_tokens {
        for (k, wi) in (m.tokens[0]..m.tokens[1]).enumerate() {
            if let Some(key) = sys_keys.get_mut(wi) {
                *key = (m.start, m.end, k, doc.tokens[wi].text.to_lowercase());
            }
        }
    }
    let align: Vec<Option<usize>> = sys_keys.iter().map(|k| gold_keys.get(k).copied()).collect();
    let mut c = Counts::default();
    let mut matched = 0;
    for (si, t) in doc.tokens.iter().enumerate() {
        let Some(gi) = align[si] else { continue };
        matched += 1;
        let (g, gh) = &gold_words[gi];
        c.upos += (t.upos.as_deref() == Some(g.upos.as_str())) as usize;
        c.feats += feats_eq(t.feats.as_deref().unwrap_or("_"), &g.feats) as usize;
        c.lemma += (t.lemma.as_deref() == Some(g.lemma.as_str())) as usize;
        let sh = t.head.map(|h| align.get(h).copied().flatten());
        let head_ok = match (sh, gh) {
            (None, None) => true,
            (Some(Some(a)), Some(b)) => a == *b,
            _ => false,
        };
        if head_ok {
            c.uas += 1;
            let sl = t.deprel.as_deref().unwrap_or("");
            c.las += (universal(sl) == universal(&g.deprel)) as usize;
        }
    }
    let f1 = |x: usize| {
        let (s, g) = (doc.tokens.len() as f64, gold_words.len() as f64);
        if x == 0 || s == 0.0 || g == 0.0 {
            0.0
        } else {
            let (p, r) = (x as f64 / s, x as f64 / g);
            100.0 * 2.0 * p * r / (p + r)
        }
    };
    Scores {
        upos: f1(c.upos),
        ufeats: f1(c.feats),
        lemma: f1(c.lemma),
        uas: f1(c.uas),
        las: f1(c.las),
        words: gold_words.len(),
        words_f1: f1(matched),
        words_per_sec: doc.tokens.len() as f64 / secs.max(1e-9),
    }
}
