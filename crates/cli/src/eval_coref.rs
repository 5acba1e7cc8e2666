//! `newsgraph eval coref`: within-document coreference (`newsgraph-coref`)
//! against gold chains — GUM's CoNLL-U `Entity=` annotation
//! (`coref-en-gum`) or a CoNLL-2012-style last column (`coref-fr-democrat`)
//! — with MUC, B³, CEAF-e and the CoNLL F1 (pooled over documents), and the
//! accuracy of third-person pronoun antecedents.
//!
//! The text is rebuilt from the gold words and analyzed by the production
//! stages up to entities; predicted mentions are mapped to gold words by
//! their character spans. Gold mentions include every type and singletons:
//! a resolver of names and pronouns only is scored on all of them.

use anyhow::Context;
use clap::Args;
use flate2::read::GzDecoder;
use newsgraph_doc::Document;
use newsgraph_stories::metrics::{score, Scores};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `eval coref`.
#[derive(Args)]
pub struct CorefArgs {
    /// Gold file: GUM CoNLL-U (`*.conllu[.gz]`, `Entity=` in MISC) or
    /// CoNLL-2012 style (`*.conll[.gz]`, chains in the last column).
    #[arg(long)]
    gold: PathBuf,
    /// Language of the texts.
    #[arg(long, default_value = "en")]
    lang: String,
    /// Only documents whose id starts with one of these prefixes
    /// (comma-separated), e.g. `GUM_news_,GUM_interview_`.
    #[arg(long)]
    only: Option<String>,
    /// Print one JSON object of figures.
    #[arg(long)]
    json: bool,
}

/// One gold document: words (surface text, space after) and mentions
/// (word range `[a, b)`, chain label).
#[derive(Debug, Default)]
struct GoldDoc {
    id: String,
    words: Vec<(String, bool)>,
    /// Index of the first word of each paragraph/sentence block break.
    breaks: Vec<usize>,
    mentions: Vec<(usize, usize, String)>,
}

fn read_gz(path: &Path) -> anyhow::Result<String> {
    let f = std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut s = String::new();
    if path.extension().and_then(|e| e.to_str()) == Some("gz") {
        GzDecoder::new(f)
            .read_to_string(&mut s)
            .with_context(|| format!("cannot read {}", path.display()))?;
    } else {
        std::io::BufReader::new(f)
            .read_to_string(&mut s)
            .with_context(|| format!("cannot read {}", path.display()))?;
    }
    Ok(s)
}

/// Parses bracket annotations (`(3-person-…`, `(3-…)`, `3)`, `(1`, `1)`,
/// `(1)`, `|`-separated) at word `w`, with open mentions per label.
fn brackets(
    ann: &str,
    w: usize,
    open: &mut HashMap<String, Vec<usize>>,
    out: &mut Vec<(usize, usize, String)>,
    path: &Path,
    line: usize,
) -> anyhow::Result<()> {
    let b = ann.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'(' => {
                let j = ann[i + 1..]
                    .find(['(', ')', '|'])
                    .map_or(ann.len(), |k| i + 1 + k);
                let body = &ann[i + 1..j];
                let label = body.split('-').next().unwrap_or(body).to_string();
                if ann[j..].starts_with(')') {
                    out.push((w, w + 1, label));
                    i = j + 1;
                } else {
                    open.entry(label).or_default().push(w);
                    i = j;
                }
            }
            b')' | b'|' => i += 1,
            _ => {
                let j = ann[i..].find([')', '(', '|']).map_or(ann.len(), |k| i + k);
                let label = ann[i..j].to_string();
                if ann[j..].starts_with(')') {
                    let Some(a) = open.get_mut(&label).and_then(Vec::pop) else {
                        anyhow::bail!("{}:{line}: closing {label:?} never opened", path.display());
                    };
                    out.push((a, w + 1, label));
                    i = j + 1;
                } else {
                    i = j.max(i + 1);
                }
            }
        }
    }
    Ok(())
}

/// GUM CoNLL-U with `Entity=` in MISC.
fn parse_gum(src: &str, path: &Path) -> anyhow::Result<Vec<GoldDoc>> {
    let mut docs: Vec<GoldDoc> = Vec::new();
    let mut open: HashMap<String, Vec<usize>> = HashMap::new();
    for (n, line) in src.lines().enumerate() {
        if let Some(id) = line.strip_prefix("# newdoc id = ") {
            docs.push(GoldDoc {
                id: id.trim().to_string(),
                ..GoldDoc::default()
            });
            open.clear();
            continue;
        }
        let Some(d) = docs.last_mut() else { continue };
        if line.starts_with("# newpar") {
            d.breaks.push(d.words.len());
            continue;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 10 || cols[0].contains(['-', '.']) {
            continue;
        }
        let w = d.words.len();
        let misc = cols[9];
        let space = !misc.split('|').any(|x| x == "SpaceAfter=No");
        d.words.push((cols[1].to_string(), space));
        if let Some(e) = misc.split('|').find_map(|x| x.strip_prefix("Entity=")) {
            brackets(e, w, &mut open, &mut d.mentions, path, n + 1)?;
        }
    }
    Ok(docs)
}

/// CoNLL-2012 style: `#begin document`, chains in the last column,
/// multiword token lines give the surface form.
fn parse_conll(src: &str, path: &Path) -> anyhow::Result<Vec<GoldDoc>> {
    let mut docs: Vec<GoldDoc> = Vec::new();
    let mut open: HashMap<String, Vec<usize>> = HashMap::new();
    // The current multiword token: (first word id, last word id, index of
    // its first word in `words`).
    let mut mwt: Option<(usize, usize, usize)> = None;
    for (n, line) in src.lines().enumerate() {
        if let Some(rest) = line.strip_prefix("#begin document") {
            docs.push(GoldDoc {
                id: rest.trim().to_string(),
                ..GoldDoc::default()
            });
            open.clear();
            continue;
        }
        let Some(d) = docs.last_mut() else { continue };
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            d.breaks.push(d.words.len());
            mwt = None;
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            continue;
        }
        let w = d.words.len();
        let bad = || anyhow::anyhow!("{}:{}: bad word id {:?}", path.display(), n + 1, cols[0]);
        if let Some((a, b)) = cols[0].split_once('-') {
            // A multiword token: its surface form stands for its words,
            // which carry the annotation (the later words get empty slots
            // that share the first one's span).
            let a: usize = a.parse().map_err(|_| bad())?;
            let b: usize = b.parse().map_err(|_| bad())?;
            mwt = Some((a, b, w));
            d.words.push((cols[1].to_string(), true));
            for _ in a + 1..=b {
                d.words.push((String::new(), true));
            }
            continue;
        }
        let id: usize = cols[0].parse().map_err(|_| bad())?;
        let w = match mwt {
            Some((a, b, first)) if (a..=b).contains(&id) => first + (id - a),
            _ => {
                d.words.push((cols[1].to_string(), true));
                w
            }
        };
        let last = cols[cols.len() - 1];
        if last != "_" && last != "-" {
            brackets(last, w, &mut open, &mut d.mentions, path, n + 1)?;
        }
    }
    Ok(docs)
}

/// Rebuilds a document's text; returns it with each word's code-point span.
fn rebuild(d: &GoldDoc) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut n = 0usize;
    let mut spans = Vec::with_capacity(d.words.len());
    let mut brk = d.breaks.iter().peekable();
    let mut last_span = (0, 0);
    for (i, (w, space)) in d.words.iter().enumerate() {
        while brk.peek().is_some_and(|&&b| b <= i) {
            brk.next();
            if !text.is_empty() && !text.ends_with("\n\n") {
                text.push_str("\n\n");
                n += 2;
            }
        }
        if w.is_empty() {
            spans.push(last_span);
            continue;
        }
        let a = n;
        text.push_str(w);
        n += w.chars().count();
        last_span = (a, n);
        spans.push(last_span);
        if *space {
            text.push(' ');
            n += 1;
        }
    }
    (text, spans)
}

/// Runs the evaluation.
pub fn run(a: CorefArgs) -> anyhow::Result<ExitCode> {
    let src = read_gz(&a.gold)?;
    let name = a.gold.to_string_lossy();
    let mut docs = if name.contains(".conllu") {
        parse_gum(&src, &a.gold)?
    } else {
        parse_conll(&src, &a.gold)?
    };
    if let Some(only) = &a.only {
        let prefixes: Vec<&str> = only.split(',').map(str::trim).collect();
        docs.retain(|d| prefixes.iter().any(|p| d.id.starts_with(p)));
    }
    if docs.is_empty() {
        anyhow::bail!("{}: no documents", a.gold.display());
    }
    type Item = (usize, usize, usize);
    let mut key: Vec<Vec<Item>> = Vec::new();
    let mut resp: Vec<Vec<Item>> = Vec::new();
    let (mut pron_gold, mut pron_right, mut pron_resolved) = (0usize, 0usize, 0usize);
    let mut words = 0usize;
    let started = std::time::Instant::now();
    let mut coref_secs = 0.0f64;
    for (di, d) in docs.iter().enumerate() {
        let (text, spans) = rebuild(d);
        words += d.words.len();
        let mut chains: HashMap<&str, Vec<Item>> = HashMap::new();
        let mut gold_chain_of: HashMap<(usize, usize), &str> = HashMap::new();
        for (s, e, l) in &d.mentions {
            chains.entry(l.as_str()).or_default().push((di, *s, *e));
            gold_chain_of.insert((*s, *e), l.as_str());
        }
        key.extend(chains.into_values());
        let mut doc = Document::new(d.id.clone(), text);
        doc.language = Some(a.lang.clone());
        for (stage, f) in newsgraph_pipeline::STAGES {
            f(&mut doc);
            if *stage == "entities" {
                break;
            }
        }
        let t0 = std::time::Instant::now();
        let co = newsgraph_coref::resolve(&doc);
        coref_secs += t0.elapsed().as_secs_f64();
        // Character span → gold word range.
        let to_words = |s: usize, e: usize| -> Option<(usize, usize)> {
            let a = spans.partition_point(|w| w.1 <= s);
            let b = spans.partition_point(|w| w.0 < e);
            (a < b).then_some((a, b))
        };
        let mut pred: Vec<Vec<Item>> = vec![Vec::new(); co.chains.len()];
        let mut mapped: Vec<Option<(usize, usize)>> = Vec::with_capacity(co.mentions.len());
        for m in &co.mentions {
            let w = to_words(m.start, m.end);
            if let Some((s, e)) = w {
                pred[m.chain].push((di, s, e));
            }
            mapped.push(w);
        }
        resp.extend(pred.into_iter().filter(|c| !c.is_empty()));
        // Pronoun antecedents: a gold third-person singular pronoun with an
        // earlier mention in its gold chain.
        for (mi, m) in co.mentions.iter().enumerate() {
            let newsgraph_coref::MentionKind::Pronoun {
                person: 3,
                plural: false,
                ..
            } = m.kind
            else {
                continue;
            };
            let Some(w) = mapped[mi] else { continue };
            let Some(&gl) = gold_chain_of.get(&w) else {
                continue;
            };
            let has_earlier = d
                .mentions
                .iter()
                .any(|(s, e, l)| l == gl && *e <= w.0 && (*s, *e) != w);
            if !has_earlier {
                continue;
            }
            pron_gold += 1;
            let earlier: Vec<usize> = co.chains[m.chain]
                .mentions
                .iter()
                .copied()
                .filter(|&k| k != mi && co.mentions[k].start < m.start)
                .collect();
            if earlier.is_empty() {
                continue;
            }
            pron_resolved += 1;
            if earlier.iter().any(|&k| {
                mapped[k].is_some_and(|w2| gold_chain_of.get(&w2).is_some_and(|l| *l == gl))
            }) {
                pron_right += 1;
            }
        }
    }
    let s: Scores = score(&key, &resp);
    let secs = started.elapsed().as_secs_f64();
    let r2 = crate::eval::round2;
    let pct = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    if a.json {
        println!(
            "{}",
            serde_json::json!({
                "documents": docs.len(),
                "words": words,
                "muc_f1": r2(100.0 * s.muc.f1), "muc_p": r2(100.0 * s.muc.p), "muc_r": r2(100.0 * s.muc.r),
                "b3_f1": r2(100.0 * s.bcubed.f1), "b3_p": r2(100.0 * s.bcubed.p), "b3_r": r2(100.0 * s.bcubed.r),
                "ceafe_f1": r2(100.0 * s.ceafe.f1), "ceafe_p": r2(100.0 * s.ceafe.p), "ceafe_r": r2(100.0 * s.ceafe.r),
                "conll_f1": r2(100.0 * s.conll_f1),
                "pronouns": pron_gold,
                "pronoun_resolved": r2(pct(pron_resolved, pron_gold)),
                "pronoun_accuracy": r2(pct(pron_right, pron_gold)),
                "pronoun_precision": r2(pct(pron_right, pron_resolved)),
                "coref_words_per_s": (words as f64 / coref_secs.max(1e-9)).round(),
                "seconds": r2(secs),
            })
        );
    } else {
        println!(
            "{} ({}, {} documents, {words} words)",
            a.gold.display(),
            a.lang,
            docs.len()
        );
        println!("{:<8} {:>7} {:>7} {:>7}", "measure", "P", "R", "F1");
        for (n, m) in [("MUC", s.muc), ("B3", s.bcubed), ("CEAF-e", s.ceafe)] {
            println!(
                "{n:<8} {:>7.2} {:>7.2} {:>7.2}",
                100.0 * m.p,
                100.0 * m.r,
                100.0 * m.f1
            );
        }
        println!("CoNLL F1 {:.2}", 100.0 * s.conll_f1);
        println!(
            "3rd-person singular pronouns with a gold antecedent: {pron_gold}; resolved {:.2} %, right {:.2} % (precision {:.2} %)",
            pct(pron_resolved, pron_gold),
            pct(pron_right, pron_gold),
            pct(pron_right, pron_resolved)
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gum_brackets() {
        let src = "# newdoc id = d\n1\tThe\t_\t_\t_\t_\t_\t_\t_\tEntity=(1-person-new-x\n2\tman\t_\t_\t_\t_\t_\t_\t_\tEntity=1)\n3\the\t_\t_\t_\t_\t_\t_\t_\tEntity=(1-person-giv-x)|SpaceAfter=No\n";
        let d = parse_gum(src, Path::new("x")).expect("parses");
        assert_eq!(d[0].mentions, vec![(0, 2, "1".into()), (2, 3, "1".into())]);
        let (text, spans) = rebuild(&d[0]);
        assert_eq!(text, "The man he");
        assert_eq!(spans[2], (8, 10));
    }

    #[test]
    fn conll_brackets() {
        let src = "#begin document (x); part 000\n1\tLe\t_\t_\t(1\n2\tchat\t_\t_\t1)\n3\til\t_\t_\t(1)|(2)\n#end document\n";
        let d = parse_conll(src, Path::new("x")).expect("parses");
        assert_eq!(
            d[0].mentions,
            vec![(0, 2, "1".into()), (2, 3, "1".into()), (2, 3, "2".into())]
        );
        assert!(parse_conll("#begin document x\n1\ta\t_\t3)\n", Path::new("x")).is_err());
    }
}
