//! Segmentation evaluation with the CoNLL 2018 shared-task measures: tokens,
//! words (multiword-aware) and sentences F1 over the raw text rebuilt from a
//! CoNLL-U file.

use newsgraph_doc::conllu::{self, Sentence};
use newsgraph_segment::Rules;
use std::collections::HashMap;
use std::hash::Hash;

pub use newsgraph_doc::metrics::Prf;

/// Segmentation scores.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scores {
    /// Surface tokens.
    pub tokens: Prf,
    /// Syntactic words.
    pub words: Prf,
    /// Sentences.
    pub sentences: Prf,
    /// Gold sentences, tokens and words counted.
    pub gold_counts: (usize, usize, usize),
    /// Up to 130 example errors (`missed`/`spurious` token spans with text).
    pub errors: Vec<String>,
}

fn count_matches<K: Eq + Hash + Clone>(gold: &[K], sys: &[K]) -> usize {
    let mut m: HashMap<K, usize> = HashMap::new();
    for g in gold {
        *m.entry(g.clone()).or_default() += 1;
    }
    let mut c = 0;
    for s in sys {
        if let Some(n) = m.get_mut(s) {
            if *n > 0 {
                *n -= 1;
                c += 1;
            }
        }
    }
    c
}

type WordKey = (usize, usize, usize, String);

/// The raw text with gold sentence spans, token spans and word keys.
type GoldSpans = (
    String,
    Vec<(usize, usize)>,
    Vec<(usize, usize)>,
    Vec<WordKey>,
);

/// Gold spans (code points) of sentences, tokens and words in the raw text.
fn gold_spans(sents: &[Sentence]) -> GoldSpans {
    let text = conllu::raw_text(sents);
    // Walk the text again, matching tokens in order.
    let chars: Vec<char> = text.chars().collect();
    let mut pos = 0;
    let (mut s_sp, mut t_sp, mut w_keys) = (Vec::new(), Vec::new(), Vec::new());
    for s in sents {
        let mut s_start = None;
        let mut s_end = 0;
        for t in s.surface_tokens() {
            while pos < chars.len() && chars[pos].is_whitespace() {
                pos += 1;
            }
            let n = t.form.chars().count();
            let (a, b) = (pos, pos + n);
            pos = b;
            s_start.get_or_insert(a);
            s_end = b;
            t_sp.push((a, b));
            if t.words.0 == t.words.1 {
                w_keys.push((a, b, 0, String::new()));
            } else {
                for (k, wi) in (t.words.0..=t.words.1).enumerate() {
                    w_keys.push((a, b, k, s.words[wi].form.to_lowercase()));
                }
            }
        }
        if let Some(a) = s_start {
            s_sp.push((a, s_end));
        }
    }
    (text, s_sp, t_sp, w_keys)
}

/// Evaluates the segmenter for language `lang` on a parsed CoNLL-U file.
pub fn evaluate(gold: &[Sentence], lang: &str) -> Scores {
    let rules = Rules::for_language(lang);
    evaluate_with(gold, rules, newsgraph_segment::boundary_model(rules))
}

/// Evaluates with explicit rules and sentence model.
pub fn evaluate_with(
    gold: &[Sentence],
    rules: &Rules,
    model: Option<&newsgraph_segment::boundary::BoundaryModel>,
) -> Scores {
    let (text, g_s, g_t, g_w) = gold_spans(gold);
    let (s_sents, s_words, s_mwts) = newsgraph_segment::segment_text_with(&text, rules, model);
    let sys_s: Vec<(usize, usize)> = s_sents.iter().map(|s| (s.start, s.end)).collect();
    // Surface tokens and word keys of the system.
    let mut sys_t = Vec::new();
    let mut sys_w: Vec<WordKey> = Vec::new();
    let mut mw = s_mwts.iter().peekable();
    let mut i = 0;
    while i < s_words.len() {
        if let Some(m) = mw.peek() {
            if m.tokens[0] == i {
                sys_t.push((m.start, m.end));
                for (k, wi) in (m.tokens[0]..m.tokens[1]).enumerate() {
                    sys_w.push((m.start, m.end, k, s_words[wi].text.to_lowercase()));
                }
                i = m.tokens[1];
                mw.next();
                continue;
            }
        }
        let w = &s_words[i];
        sys_t.push((w.start, w.end));
        sys_w.push((w.start, w.end, 0, String::new()));
        i += 1;
    }
    let mut errors = Vec::new();
    {
        let gset: std::collections::HashSet<_> = g_t.iter().collect();
        let sset: std::collections::HashSet<_> = sys_t.iter().collect();
        let snippet = |a: usize, b: usize| -> String {
            text.chars()
                .skip(a.saturating_sub(15))
                .take(b - a.saturating_sub(15) + 15)
                .collect::<String>()
                .replace('\n', " ")
        };
        for &(a, b) in g_t.iter().filter(|t| !sset.contains(t)).take(5000) {
            let tok: String = text.chars().skip(a).take(b - a).collect();
            errors.push(format!("missed token {tok:?} in …{}…", snippet(a, b)));
        }
        for &(a, b) in sys_t.iter().filter(|t| !gset.contains(t)).take(5000) {
            let tok: String = text.chars().skip(a).take(b - a).collect();
            errors.push(format!("spurious token {tok:?} in …{}…", snippet(a, b)));
        }
        // Sentence boundaries: gold ends the system misses, and spurious ones.
        let g_ends: std::collections::HashSet<usize> = g_s.iter().map(|s| s.1).collect();
        let s_ends: std::collections::HashSet<usize> = sys_s.iter().map(|s| s.1).collect();
        for &(_, b) in g_s.iter().filter(|s| !s_ends.contains(&s.1)).take(5000) {
            errors.push(format!(
                "missed boundary …{}|{}…",
                snippet(b, b).trim_end(),
                text.chars()
                    .skip(b)
                    .take(20)
                    .collect::<String>()
                    .replace('\n', " ")
            ));
        }
        for &(_, b) in sys_s.iter().filter(|s| !g_ends.contains(&s.1)).take(5000) {
            errors.push(format!(
                "spurious boundary …{}|{}…",
                snippet(b, b).trim_end(),
                text.chars()
                    .skip(b)
                    .take(20)
                    .collect::<String>()
                    .replace('\n', " ")
            ));
        }
    }
    Scores {
        tokens: Prf::from_counts(count_matches(&g_t, &sys_t), sys_t.len(), g_t.len()),
        words: Prf::from_counts(count_matches(&g_w, &sys_w), sys_w.len(), g_w.len()),
        sentences: Prf::from_counts(count_matches(&g_s, &sys_s), sys_s.len(), g_s.len()),
        gold_counts: (g_s.len(), g_t.len(), g_w.len()),
        errors,
    }
}
