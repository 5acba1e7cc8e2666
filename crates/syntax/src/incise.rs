//! A post-parse correction for reporting incises (« …, a déclaré X. »,
//! "…," said X.): the inverted subject of a verb of saying is often parsed as
//! its object. Verbs come from `lang/<iso>/syntax_inversion_verbs.txt`.

use crate::stage::Analysis;
use std::collections::HashSet;
use std::sync::OnceLock;

fn verbs(lang: &str) -> Option<&'static HashSet<&'static str>> {
    static FR: OnceLock<HashSet<&'static str>> = OnceLock::new();
    static EN: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let (cell, src) = match lang {
        "fr" => (
            &FR,
            include_str!("../../../lang/fr/syntax_inversion_verbs.txt"),
        ),
        "en" => (
            &EN,
            include_str!("../../../lang/en/syntax_inversion_verbs.txt"),
        ),
        _ => return None,
    };
    Some(cell.get_or_init(|| {
        src.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    }))
}

const INCISE_PUNCT: &[&str] = &[",", "\"", "»", "«", "—", "–", "-", "”", "“"];

/// Relabels inverted subjects of verbs of saying in incises (see the
/// module doc). `forms` and `out` are one sentence; heads are 1-based.
pub fn fix(lang: &str, forms: &[&str], out: &mut [Analysis]) {
    let Some(verbs) = verbs(lang) else { return };
    for v in 0..out.len() {
        if out[v].upos != "VERB" || !verbs.contains(out[v].lemma.as_str()) {
            continue;
        }
        let id = v + 1;
        let deps = || out.iter().enumerate().filter(move |(_, a)| a.head == id);
        if deps().any(|(_, a)| {
            a.deprel.starts_with("nsubj") || a.deprel.starts_with("csubj") || a.deprel == "expl"
        }) {
            continue;
        }
        // Start of the verb group: the verb or its leftmost auxiliary.
        let start = deps()
            .filter(|(j, a)| *j < v && a.deprel.starts_with("aux"))
            .map(|(j, _)| j)
            .min()
            .unwrap_or(v);
        let incise = start > 0 && INCISE_PUNCT.contains(&forms[start - 1]);
        if !incise {
            continue;
        }
        let obj = deps()
            .find(|(j, a)| {
                *j > v && a.deprel == "obj" && matches!(a.upos.as_str(), "PROPN" | "NOUN" | "PRON")
            })
            .map(|(j, _)| j);
        if let Some(j) = obj {
            out[j].deprel = "nsubj".to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(upos: &str, lemma: &str, head: usize, deprel: &str) -> Analysis {
        Analysis {
            upos: upos.into(),
            feats: "_".into(),
            lemma: lemma.into(),
            head,
            deprel: deprel.into(),
        }
    }

    #[test]
    fn relabels_only_in_incises() {
        // « C'est tout », a déclaré Loukachenko .
        let forms = ["tout", ",", "a", "déclaré", "Loukachenko", "."];
        let mut out = vec![
            a("PRON", "tout", 0, "root"),
            a("PUNCT", ",", 4, "punct"),
            a("AUX", "avoir", 4, "aux:tense"),
            a("VERB", "déclarer", 1, "parataxis:insert"),
            a("PROPN", "Loukachenko", 4, "obj"),
            a("PUNCT", ".", 1, "punct"),
        ];
        fix("fr", &forms, &mut out);
        assert_eq!(out[4].deprel, "nsubj");
        // Il a déclaré la guerre : has a subject, untouched.
        let forms = ["Il", "a", "déclaré", "la", "guerre"];
        let mut out = vec![
            a("PRON", "il", 3, "nsubj"),
            a("AUX", "avoir", 3, "aux:tense"),
            a("VERB", "déclarer", 0, "root"),
            a("DET", "le", 5, "det"),
            a("NOUN", "guerre", 3, "obj"),
        ];
        fix("fr", &forms, &mut out);
        assert_eq!(out[4].deprel, "obj");
    }
}
