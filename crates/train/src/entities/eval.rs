//! Evaluation and training drivers: exact-span NER precision/recall/F1 per
//! type and overall, linking accuracy against gold links, and training the
//! tagger on gold files with gazetteer features.

use super::data::{self, GoldSentence};
use newsgraph_doc::{Document, Sentence, Token};
use newsgraph_entities::kb::Kb;
use newsgraph_entities::resolve::{self, Options, STok};
use newsgraph_entities::tagger::{self, Tagger, TokIn};
use newsgraph_entities::{names, Error};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Precision, recall, F1 (percent) with counts.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    /// Precision (%).
    pub p: f64,
    /// Recall (%).
    pub r: f64,
    /// F1 (%).
    pub f1: f64,
    /// True positives.
    pub tp: usize,
    /// Predicted spans.
    pub sys: usize,
    /// Gold spans.
    pub gold: usize,
}

impl Prf {
    /// From counts.
    pub fn new(tp: usize, sys: usize, gold: usize) -> Prf {
        let p = if sys == 0 {
            0.0
        } else {
            100.0 * tp as f64 / sys as f64
        };
        let r = if gold == 0 {
            0.0
        } else {
            100.0 * tp as f64 / gold as f64
        };
        let f1 = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        Prf {
            p,
            r,
            f1,
            tp,
            sys,
            gold,
        }
    }
}

/// NER scores.
#[derive(Debug, Clone, Default)]
pub struct NerScores {
    /// Over all evaluated types.
    pub overall: Prf,
    /// Per type.
    pub per_type: BTreeMap<String, Prf>,
    /// Linking: gold linked spans, correctly linked among them.
    pub linking: (usize, usize),
    /// Linking precision: gold mentions found with the exact span to which
    /// the system gave a KB id, right ids among them (a KB id on a gold
    /// NIL/unlinked mention counts as wrong).
    pub links_made: (usize, usize),
    /// Every judged link: (mention text, gold link or `NIL`, system link
    /// or `NIL`, right?), in text order.
    pub judged: Vec<(String, String, String, bool)>,
    /// Tokens processed.
    pub tokens: usize,
}

/// A document made of gold tokens (one sentence per line, tokens joined
/// by spaces), for running the stage on gold tokenization.
pub fn doc_of(sents: &[GoldSentence], lang: &str) -> Document {
    let mut text = String::new();
    let mut doc = Document::new("gold", "");
    let mut pos = 0usize;
    for s in sents {
        let first = doc.tokens.len();
        let start = pos;
        for (k, t) in s.tokens.iter().enumerate() {
            if k > 0 {
                text.push(' ');
                pos += 1;
            }
            let n = t.chars().count();
            text.push_str(t);
            doc.tokens.push(Token {
                start: pos,
                end: pos + n,
                text: t.clone(),
                ..Default::default()
            });
            pos += n;
        }
        doc.sentences.push(Sentence {
            start,
            end: pos,
            tokens: [first, doc.tokens.len()],
            in_quote: false,
        });
        text.push('\n');
        pos += 1;
    }
    doc.text = text;
    doc.language = Some(lang.to_string());
    doc
}

/// Predicts IOB2 tags (PER/ORG/LOC/MISC, GPE counted as LOC) and per-token
/// links for gold sentences, with the full stage (tagger, gazetteer, KB).
pub fn predict(sents: &[GoldSentence], opts: &Options) -> Vec<(Vec<String>, Vec<Option<String>>)> {
    let doc = doc_of(sents, opts.lang);
    // Token start offset -> (sentence, token index).
    let mut at: std::collections::HashMap<usize, (usize, usize)> = Default::default();
    let mut at_end: std::collections::HashMap<usize, (usize, usize)> = Default::default();
    for (si, s) in doc.sentences.iter().enumerate() {
        for (k, t) in doc.tokens[s.tokens[0]..s.tokens[1]].iter().enumerate() {
            at.insert(t.start, (si, k));
            at_end.insert(t.end, (si, k));
        }
    }
    let mut out: Vec<(Vec<String>, Vec<Option<String>>)> = sents
        .iter()
        .map(|s| {
            (
                vec!["O".to_string(); s.tokens.len()],
                vec![None; s.tokens.len()],
            )
        })
        .collect();
    for e in resolve::entities(&doc, opts) {
        let ty = match e.kind.as_str() {
            "GPE" => "LOC",
            k => k,
        };
        for m in &e.mentions {
            let (Some(&(sa, a)), Some(&(sb, b))) = (at.get(&m.start), at_end.get(&m.end)) else {
                continue;
            };
            if sa != sb || b < a {
                continue;
            }
            let (tags, links) = &mut out[sa];
            if tags[a..=b].iter().any(|t| t != "O") {
                continue;
            }
            for k in a..=b {
                tags[k] = format!("{}-{ty}", if k == a { "B" } else { "I" });
                links[k] = e.kb.clone().or_else(|| Some(format!("name:{}", e.name)));
            }
        }
    }
    out
}

/// Scores predictions against gold over the types present in the gold data.
pub fn score(
    gold: &[GoldSentence],
    pred: &[(Vec<String>, Vec<Option<String>>)],
    kb: &Kb,
) -> NerScores {
    let mut types: std::collections::BTreeSet<String> = Default::default();
    for g in gold {
        for (_, _, t) in data::spans(&g.tags) {
            types.insert(t);
        }
    }
    let mut counts: BTreeMap<String, (usize, usize, usize)> =
        types.iter().map(|t| (t.clone(), (0, 0, 0))).collect();
    let (mut linked, mut correct) = (0, 0);
    let (mut made, mut right) = (0, 0);
    let mut judged = Vec::new();
    let mut tokens = 0;
    for (g, (ptags, plinks)) in gold.iter().zip(pred) {
        tokens += g.tokens.len();
        let gs = data::spans(&g.tags);
        let ps: Vec<_> = data::spans(ptags)
            .into_iter()
            .filter(|s| types.contains(&s.2))
            .collect();
        for s in &gs {
            if let Some(c) = counts.get_mut(&s.2) {
                c.2 += 1;
                if ps.contains(s) {
                    c.0 += 1;
                }
            }
            // Linking: gold spans with a real link.
            let gl = g
                .links
                .get(s.0)
                .cloned()
                .flatten()
                .filter(|l| l != "NIL" && !l.is_empty());
            let found = ps.iter().any(|x| x.0 == s.0 && x.1 == s.1);
            let p = plinks.get(s.0).cloned().flatten();
            let ok = match (&gl, &p) {
                (Some(l), Some(p)) => same_link(p, l, kb),
                _ => false,
            };
            if gl.is_some() {
                linked += 1;
                if ok && found {
                    correct += 1;
                }
            }
            // Precision: KB ids given to exactly found gold mentions.
            if found {
                if let Some(p) = p.as_deref().filter(|p| !p.starts_with("name:")) {
                    made += 1;
                    right += usize::from(ok);
                    let text = g.tokens[s.0..s.1].join(" ");
                    judged.push((
                        text,
                        gl.clone().unwrap_or_else(|| "NIL".into()),
                        p.to_string(),
                        ok,
                    ));
                } else if let Some(l) = &gl {
                    let text = g.tokens[s.0..s.1].join(" ");
                    judged.push((text, l.clone(), "NIL".into(), false));
                }
            }
        }
        for s in &ps {
            if let Some(c) = counts.get_mut(&s.2) {
                c.1 += 1;
            }
        }
    }
    let (tp, sys, gl) = counts
        .values()
        .fold((0, 0, 0), |a, c| (a.0 + c.0, a.1 + c.1, a.2 + c.2));
    NerScores {
        overall: Prf::new(tp, sys, gl),
        per_type: counts
            .into_iter()
            .map(|(t, c)| (t, Prf::new(c.0, c.1, c.2)))
            .collect(),
        linking: (linked, correct),
        links_made: (made, right),
        judged,
        tokens,
    }
}

/// A predicted link equals a gold link: same QID, or the entity's label
/// equals a Wikipedia title.
fn same_link(pred: &str, gold: &str, kb: &Kb) -> bool {
    if gold.starts_with('Q') && gold[1..].chars().all(|c| c.is_ascii_digit()) {
        return pred == gold;
    }
    let title = names::norm(&gold.replace('_', " "));
    if let Some(n) = pred.strip_prefix("name:") {
        return names::norm(n) == title;
    }
    kb.get(pred)
        .is_some_and(|e| e.all_names().any(|n| names::norm(n) == title))
}

/// Tagger training examples from gold sentences, with gazetteer features.
pub fn examples(sents: &[GoldSentence], kb: &Kb) -> Vec<(Vec<TokIn>, Vec<usize>)> {
    sents
        .iter()
        .map(|s| {
            let toks: Vec<STok> = s
                .tokens
                .iter()
                .map(|t| STok {
                    start: 0,
                    end: 0,
                    form: t.clone(),
                    norm: names::norm(t),
                })
                .collect();
            let gaz = resolve::gaz_features(kb, &toks);
            let x = toks
                .into_iter()
                .zip(gaz)
                .map(|(t, g)| TokIn {
                    form: t.form,
                    gaz: g,
                })
                .collect();
            let y = s.tags.iter().map(|t| tagger::label_index(t)).collect();
            (x, y)
        })
        .collect()
}

/// A training file with an optional cap on its sentences.
#[derive(Debug, Clone)]
pub struct TrainFile {
    /// The gold file.
    pub path: PathBuf,
    /// Use at most this many sentences (evenly spread), if set.
    pub max_sentences: Option<usize>,
}

/// Trains a tagger on gold files.
pub fn train(
    files: &[TrainFile],
    kb: &Kb,
    epochs: usize,
    log: impl FnMut(usize, f64),
) -> Result<(Tagger, usize), Error> {
    let mut all = Vec::new();
    for f in files {
        let mut s = data::read_gold(&f.path)?;
        if let Some(m) = f.max_sentences {
            if s.len() > m {
                let step = s.len() as f64 / m as f64;
                s = (0..m)
                    .filter_map(|i| s.get((i as f64 * step) as usize).cloned())
                    .collect();
            }
        }
        all.extend(s);
    }
    let ex = examples(&all, kb);
    let n: usize = ex.iter().map(|e| e.0.len()).sum();
    Ok((Tagger::train(&ex, epochs, log), n))
}
