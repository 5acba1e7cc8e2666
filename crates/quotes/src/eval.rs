//! Evaluation against brat standoff attribution annotations (PolNeAR
//! style: `Source`, `Cue`, `Content` spans tied by `E` lines), with the
//! Gender Gap Tracker measures, scored strictly: quote F1 at 0.3 and 0.8
//! overlap, where the overlap is measured on both sides (the share of the
//! gold content covered by the prediction *and* the share of the prediction
//! inside the gold content, the smaller of the two must pass the threshold,
//! so a prediction overrunning its gold span is penalised); each gold quote
//! takes the best remaining prediction above the threshold; nested
//! predictions (a partial quote inside the reported statement that holds
//! it) are scored like any other. Speaker accuracy counts a matched quote
//! right only when the predicted speaker mention is the gold source mention
//! (each covers at least half of the other, see [`same_mention`]) or one of
//! the gold source's coreference chain when the gold has chains, or both
//! have none.
//!
//! [`Scoring::Legacy`] keeps the earlier, lenient measures (one-sided
//! overlap, nested predictions dropped, any one-character speaker overlap)
//! for the one-time comparison recorded in `docs/quotes.md`.

use crate::{Error, Found};
use newsgraph_doc::{Document, QuoteKind};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A gold attribution: content and source spans (code points, possibly
/// discontinuous).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldQuote {
    /// Content fragments.
    pub content: Vec<(usize, usize)>,
    /// Source fragments (empty when the attribution has no source).
    pub source: Vec<(usize, usize)>,
    /// Other mentions of the source's coreference chain, when the gold
    /// annotates chains (empty otherwise).
    pub chain: Vec<(usize, usize)>,
}

/// Which measures to compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scoring {
    /// Two-sided overlap, nested predictions scored, speaker mention match.
    #[default]
    Strict,
    /// The earlier measures: one-sided overlap (share of the gold covered),
    /// predictions nested in a larger one dropped, any overlap of the
    /// speaker span with the gold source counts.
    Legacy,
}

/// True when two mention spans denote the same mention: they overlap and
/// the overlap covers at least half of each (so "Moscow" is not "Moscow's
/// envoy", but "the source" is "source").
pub fn same_mention(a: (usize, usize), b: (usize, usize)) -> bool {
    let ov = a.1.min(b.1).saturating_sub(a.0.max(b.0));
    let (la, lb) = (a.1.saturating_sub(a.0), b.1.saturating_sub(b.0));
    ov > 0 && 2 * ov >= la && 2 * ov >= lb
}

/// Parses a brat `.ann` file's text into gold attributions.
pub fn parse_brat(src: &str, path: &Path) -> Result<Vec<GoldQuote>, Error> {
    let mut spans: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    let mut rels: Vec<(Option<String>, Option<String>)> = Vec::new();
    for (n, line) in src.lines().enumerate() {
        let Some((id, rest)) = line.split_once('\t') else {
            continue;
        };
        if id.starts_with('T') {
            let head = rest.split('\t').next().unwrap_or("");
            let Some((_label, offs)) = head.split_once(' ') else {
                continue;
            };
            let mut frags = Vec::new();
            for f in offs.split(';') {
                let mut it = f.split_whitespace();
                let (Some(a), Some(b)) = (it.next(), it.next()) else {
                    return Err(Error::Brat {
                        path: path.to_path_buf(),
                        line: n + 1,
                        message: format!("bad offsets {f:?}"),
                    });
                };
                let parse = |s: &str| {
                    s.parse::<usize>().map_err(|_| Error::Brat {
                        path: path.to_path_buf(),
                        line: n + 1,
                        message: format!("bad offset {s:?}"),
                    })
                };
                frags.push((parse(a)?, parse(b)?));
            }
            spans.insert(id.to_string(), frags);
        } else if id.starts_with('E') {
            let mut content = None;
            let mut source = None;
            for arg in rest.split_whitespace() {
                if let Some((role, t)) = arg.split_once(':') {
                    match role {
                        "Content" => content = Some(t.to_string()),
                        "Source" => source = Some(t.to_string()),
                        _ => {}
                    }
                }
            }
            rels.push((content, source));
        }
    }
    Ok(rels
        .into_iter()
        .filter_map(|(c, s)| {
            let content = spans.get(c.as_deref()?)?.clone();
            let source = s.and_then(|s| spans.get(&s).cloned()).unwrap_or_default();
            Some(GoldQuote {
                content,
                source,
                chain: Vec::new(),
            })
        })
        .collect())
}

/// Pairs of (text file, annotation file) under `dir`: either PolNeAR's
/// `text/` + `attributions/` layout (one annotator per article: the first
/// by name) or `.txt` files with a `.ann` of the same stem.
pub fn gold_files(dir: &Path) -> Result<Vec<(PathBuf, PathBuf)>, Error> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    let list = |d: &Path| -> Result<Vec<PathBuf>, Error> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(d)
            .map_err(io(d))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        v.sort();
        Ok(v)
    };
    let text_dir = dir.join("text");
    let ann_dir = dir.join("attributions");
    let mut out = Vec::new();
    if text_dir.is_dir() && ann_dir.is_dir() {
        let anns = list(&ann_dir)?;
        for t in list(&text_dir)? {
            let Some(stem) = t.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            let prefix = format!("{stem}_");
            if let Some(a) = anns.iter().find(|a| {
                a.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                    n.starts_with(&prefix) && n.ends_with(".ann") && n.len() == prefix.len() + 8
                })
            }) {
                out.push((t, a.clone()));
            }
        }
    } else {
        for t in list(dir)? {
            if t.extension().and_then(|e| e.to_str()) == Some("txt") {
                let a = t.with_extension("ann");
                if a.is_file() {
                    out.push((t, a));
                }
            }
        }
    }
    Ok(out)
}

/// Counts at one overlap threshold.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    /// Matched gold quotes.
    pub tp: usize,
    /// Unmatched predictions.
    pub fp: usize,
    /// Unmatched gold quotes.
    pub fn_: usize,
    /// Matched quotes whose speaker matches.
    pub speaker: usize,
}

impl Tally {
    /// Precision in percent.
    pub fn p(&self) -> f64 {
        pct(self.tp, self.tp + self.fp)
    }
    /// Recall in percent.
    pub fn r(&self) -> f64 {
        pct(self.tp, self.tp + self.fn_)
    }
    /// F1 in percent.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// Speaker accuracy over matched quotes, in percent.
    pub fn speaker_acc(&self) -> f64 {
        pct(self.speaker, self.tp)
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

fn overlap(a: &[(usize, usize)], b: (usize, usize)) -> usize {
    a.iter()
        .map(|&(s, e)| e.min(b.1).saturating_sub(s.max(b.0)))
        .sum()
}

/// The outcome of matching one document: gold quotes without a match,
/// predictions without a match, and matched pairs (gold, prediction,
/// speaker matches).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Matching {
    /// Indices of unmatched gold quotes.
    pub missed: Vec<usize>,
    /// Indices of unmatched predictions.
    pub spurious: Vec<usize>,
    /// Matched (gold, prediction, speaker match).
    pub matched: Vec<(usize, usize, bool)>,
}

/// Matches predictions to gold quotes at `threshold` (greedy in gold order,
/// best remaining prediction strictly above the threshold).
pub fn matching(gold: &[GoldQuote], pred: &[Found], threshold: f64) -> Matching {
    matching_with(gold, pred, threshold, Scoring::Strict)
}

/// [`matching`] under the given [`Scoring`].
pub fn matching_with(
    gold: &[GoldQuote],
    pred: &[Found],
    threshold: f64,
    scoring: Scoring,
) -> Matching {
    matching_in(gold, pred, threshold, scoring, None)
}

/// [`matching_with`] on an analyzed document: with its parse, two speaker
/// mentions also match when each holds the other's head word ("Rep. G.K.
/// Butterfield" is the source "Rep. G.K. Butterfield (D-N.C.), head of the
/// Congressional Black Caucus"; "Moscow" is not "Moscow's envoy").
pub fn matching_in(
    gold: &[GoldQuote],
    pred: &[Found],
    threshold: f64,
    scoring: Scoring,
    doc: Option<&Document>,
) -> Matching {
    let tree = doc.map(crate::parse::Tree::new);
    let head = |a: (usize, usize)| -> Option<(usize, usize)> {
        let (d, t) = (doc?, tree.as_ref()?);
        crate::parse::head_span(d, t, a.0, a.1)
    };
    let mut left: Vec<usize> = (0..pred.len()).collect();
    let mut m = Matching::default();
    for (gi, g) in gold.iter().enumerate() {
        let glen: usize = g.content.iter().map(|(a, b)| b.saturating_sub(*a)).sum();
        if glen == 0 {
            continue;
        }
        let mut best: Option<(usize, f64)> = None;
        for (k, &pi) in left.iter().enumerate() {
            let p = &pred[pi];
            let ov = overlap(&g.content, (p.start, p.end)) as f64;
            let s = match scoring {
                Scoring::Legacy => ov / glen as f64,
                Scoring::Strict => {
                    let plen = p.end.saturating_sub(p.start).max(1) as f64;
                    (ov / glen as f64).min(ov / plen)
                }
            };
            if s > threshold && best.is_none_or(|(_, b)| s > b) {
                best = Some((k, s));
            }
        }
        match best {
            Some((k, _)) => {
                let pi = left.remove(k);
                let ok = match (pred[pi].speaker_span, scoring) {
                    (Some(sp), Scoring::Legacy) => overlap(&g.source, sp) > 0,
                    (Some(sp), Scoring::Strict) => speaker_matches(g, sp, &head),
                    (None, _) => g.source.is_empty(),
                };
                m.matched.push((gi, pi, ok));
            }
            None => m.missed.push(gi),
        }
    }
    m.spurious = left;
    m
}

/// Merges the fragments of one attribution ("A," he said, "B.") — the
/// predictions that share a cue — into one span, as the gold marks one
/// (discontinuous) content per attribution; then drops predictions inside
/// a larger one (see [`outermost`]). The legacy view; strict scoring keeps
/// nested predictions ([`scored_predictions`]).
pub fn per_attribution(pred: &[Found]) -> Vec<Found> {
    outermost(&merge_fragments(pred))
}

/// Merges the direct fragments that share a cue into one span.
pub fn merge_fragments(pred: &[Found]) -> Vec<Found> {
    let mut merged: Vec<Found> = Vec::new();
    for p in pred {
        let same = p.cue.as_ref().and_then(|c| {
            merged.iter_mut().find(|m| {
                m.kind == QuoteKind::Direct
                    && p.kind == QuoteKind::Direct
                    && m.cue
                        .as_ref()
                        .is_some_and(|mc| mc.start == c.start && mc.end == c.end)
            })
        });
        match same {
            Some(m) => {
                m.start = m.start.min(p.start);
                m.end = m.end.max(p.end);
            }
            None => merged.push(p.clone()),
        }
    }
    merged
}

/// Merges a direct quotation without a cue of its own (it inherited the
/// previous speaker) into the direct quotation just before it, when that
/// one has the same speaker mention and ends at most two sentences before
/// it (tuned on PolNeAR dev: one sentence, F1 @0.3 63.59; two, 63.78): PolNeAR marks `“A,” he said. “B.”` as one discontinuous
/// content of one attribution. A mapping in the evaluator; the output
/// keeps two quotations.
pub fn merge_continuations(pred: &[Found]) -> Vec<Found> {
    let mut merged: Vec<Found> = Vec::new();
    for p in pred {
        if let Some(m) = merged.last_mut() {
            if p.kind == QuoteKind::Direct
                && m.kind == QuoteKind::Direct
                && p.cue.is_none()
                && p.speaker_span.is_some()
                && p.speaker_span == m.speaker_span
                && p.sentence <= m.sentence + 2
                && p.start >= m.end
            {
                m.end = m.end.max(p.end);
                m.sentence = p.sentence;
                continue;
            }
        }
        merged.push(p.clone());
    }
    merged
}

/// Drops predictions that lie inside a larger prediction (a partial quote
/// inside the reported statement that holds it): gold standoff marks one
/// content per attribution.
pub fn outermost(pred: &[Found]) -> Vec<Found> {
    pred.iter()
        .enumerate()
        .filter(|(i, p)| {
            !pred.iter().enumerate().any(|(j, o)| {
                j != *i
                    && o.start <= p.start
                    && o.end >= p.end
                    && (o.end - o.start > p.end - p.start || j < *i)
            })
        })
        .map(|(_, p)| p.clone())
        .collect()
}

/// True when the predicted speaker mention is the gold source mention (the
/// source's fragments taken as one span) or a mention of its gold chain.
fn speaker_matches(
    g: &GoldQuote,
    sp: (usize, usize),
    head: &dyn Fn((usize, usize)) -> Option<(usize, usize)>,
) -> bool {
    let (Some(first), Some(last)) = (g.source.first(), g.source.last()) else {
        return false;
    };
    let inside =
        |h: Option<(usize, usize)>, s: (usize, usize)| h.is_some_and(|h| h.0 >= s.0 && h.1 <= s.1);
    let one = |m: (usize, usize)| same_mention(m, sp) || inside(head(m), sp) && inside(head(sp), m);
    one((first.0, last.1)) || g.chain.iter().any(|&c| one(c))
}

/// The predictions as scored: fragments of one attribution merged
/// ([`per_attribution`]); under [`Scoring::Legacy`] nested ones dropped too.
pub fn scored_predictions(pred: &[Found], scoring: Scoring) -> Vec<Found> {
    let merged = merge_fragments(pred);
    match scoring {
        Scoring::Strict => merge_continuations(&merged),
        Scoring::Legacy => outermost(&merged),
    }
}

/// Maps the output convention to PolNeAR's for scoring: the gold content
/// of a reported clause starts at its complementizer ("that Clinton had
/// …"; 294 of 296 such contents on dev), the output's after it. An indirect
/// prediction directly preceded by a complementizer of the document's
/// language (`lang/<iso>/quotes.txt [complementizer]`) is scored from that
/// word. The output itself is unchanged.
pub fn with_complementizers(pred: &[Found], doc: &Document) -> Vec<Found> {
    let Some(lx) = doc
        .language
        .as_deref()
        .and_then(crate::Lexicon::for_language)
    else {
        return pred.to_vec();
    };
    pred.iter()
        .map(|f| {
            let mut f = f.clone();
            if f.kind == QuoteKind::Indirect {
                let k = doc.tokens.partition_point(|t| t.end <= f.start);
                if let Some(t) = k.checked_sub(1).and_then(|k| doc.tokens.get(k)) {
                    let gap_is_space = doc
                        .text
                        .chars()
                        .skip(t.end)
                        .take(f.start.saturating_sub(t.end))
                        .all(char::is_whitespace);
                    if gap_is_space
                        && lx
                            .complementizers
                            .contains(&crate::lexicon::normalize(&t.text))
                    {
                        f.start = t.start;
                    }
                }
            }
            f
        })
        .collect()
}

/// Scores one document's predictions against its gold quotes at
/// `threshold`, adding to `t`.
pub fn score(gold: &[GoldQuote], pred: &[Found], threshold: f64, t: &mut Tally) {
    score_with(gold, pred, threshold, Scoring::Strict, t)
}

/// [`score`] under the given [`Scoring`].
pub fn score_with(
    gold: &[GoldQuote],
    pred: &[Found],
    threshold: f64,
    scoring: Scoring,
    t: &mut Tally,
) {
    score_in(gold, pred, threshold, scoring, None, t)
}

/// [`score_with`] on an analyzed document (see [`matching_in`]).
pub fn score_in(
    gold: &[GoldQuote],
    pred: &[Found],
    threshold: f64,
    scoring: Scoring,
    doc: Option<&Document>,
    t: &mut Tally,
) {
    let m = matching_in(gold, pred, threshold, scoring, doc);
    t.tp += m.matched.len();
    t.speaker += m.matched.iter().filter(|x| x.2).count();
    t.fn_ += m.missed.len();
    t.fp += m.spurious.len();
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsgraph_doc::Cue;

    fn found(start: usize, end: usize, sp: Option<(usize, usize)>) -> Found {
        Found {
            start,
            end,
            kind: QuoteKind::Direct,
            speaker_span: sp,
            speaker: None,
            cue: None,
            via: None,
            sentence: 0,
        }
    }

    #[test]
    fn continuations_merge_only_behind_the_same_speaker() {
        let cue = Cue {
            start: 12,
            end: 16,
            text: "said".into(),
            lemma: "say".into(),
        };
        let mut first = found(0, 10, Some((20, 22)));
        first.cue = Some(cue);
        let mut second = found(30, 40, Some((20, 22)));
        second.sentence = 1;
        let mut far = found(50, 60, Some((20, 22)));
        far.sentence = 4;
        let other = found(70, 80, Some((64, 66)));
        let m = merge_continuations(&[first, second, far, other]);
        let spans: Vec<(usize, usize)> = m.iter().map(|f| (f.start, f.end)).collect();
        assert_eq!(spans, vec![(0, 40), (50, 60), (70, 80)]);
    }

    #[test]
    fn brat_lines() {
        let ann = "T1\tSource 0 5\tPeter\nT2\tCue 6 10\tsaid\nT3\tContent 11 20;25 30\tx\n#1\tnote\nE1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n";
        let g = parse_brat(ann, Path::new("x.ann")).expect("parses");
        assert_eq!(
            g,
            vec![GoldQuote {
                content: vec![(11, 20), (25, 30)],
                source: vec![(0, 5)],
                chain: Vec::new(),
            }]
        );
    }

    #[test]
    fn thresholds_and_speakers() {
        let gold = vec![GoldQuote {
            content: vec![(10, 20)],
            source: vec![(0, 5)],
            chain: Vec::new(),
        }];
        // Legacy: 6 of 10 gold characters covered, any speaker overlap.
        let mut t = Tally::default();
        score_with(
            &gold,
            &[found(14, 30, Some((0, 1)))],
            0.3,
            Scoring::Legacy,
            &mut t,
        );
        assert_eq!((t.tp, t.fp, t.fn_, t.speaker), (1, 0, 0, 1));
        // Strict: 6 of 16 predicted characters inside the gold (0.375).
        let mut t = Tally::default();
        score(&gold, &[found(14, 30, Some((0, 1)))], 0.3, &mut t);
        assert_eq!((t.tp, t.fp, t.fn_, t.speaker), (1, 0, 0, 0));
        let mut t = Tally::default();
        score(&gold, &[found(14, 30, Some((0, 3)))], 0.3, &mut t);
        assert_eq!(t.speaker, 1);
        let mut t8 = Tally::default();
        score(&gold, &[found(14, 30, Some((0, 3)))], 0.8, &mut t8);
        assert_eq!((t8.tp, t8.fp, t8.fn_), (0, 1, 1));
        // Overrunning the gold span fails at 0.8 under strict scoring only.
        let mut t8 = Tally::default();
        score(&gold, &[found(10, 40, None)], 0.8, &mut t8);
        assert_eq!(t8.tp, 0);
        let mut t8 = Tally::default();
        score_with(&gold, &[found(10, 40, None)], 0.8, Scoring::Legacy, &mut t8);
        assert_eq!(t8.tp, 1);
    }

    #[test]
    fn mentions_and_chains() {
        assert!(same_mention((0, 10), (4, 10)));
        assert!(!same_mention((0, 14), (0, 6)));
        assert!(!same_mention((0, 5), (5, 9)));
        let g = GoldQuote {
            content: vec![(20, 30)],
            source: vec![(10, 12)],
            chain: vec![(0, 5)],
        };
        let none = |_: (usize, usize)| None;
        assert!(speaker_matches(&g, (0, 5), &none));
        assert!(speaker_matches(&g, (10, 12), &none));
        assert!(!speaker_matches(&g, (6, 9), &none));
        // Heads: the gold (10, 40) with head (10, 12) and the prediction
        // (10, 12) hold each other's heads.
        let g2 = GoldQuote {
            content: vec![(50, 60)],
            source: vec![(10, 40)],
            chain: Vec::new(),
        };
        let heads = |s: (usize, usize)| Some((s.0, s.0 + 2));
        assert!(speaker_matches(&g2, (10, 12), &heads));
        assert!(!speaker_matches(&g2, (10, 12), &none));
    }

    #[test]
    fn nested_predictions_are_scored() {
        let mut outer = found(0, 50, None);
        outer.kind = QuoteKind::Indirect;
        let mut inner = found(10, 20, None);
        inner.kind = QuoteKind::Partial;
        let pred = vec![outer, inner];
        assert_eq!(scored_predictions(&pred, Scoring::Strict).len(), 2);
        assert_eq!(scored_predictions(&pred, Scoring::Legacy).len(), 1);
    }
}
