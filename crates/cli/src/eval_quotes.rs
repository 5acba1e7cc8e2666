//! `newsgraph eval quotes`: quotation extraction and speaker attribution
//! against brat standoff gold files, Gender Gap Tracker measures.

use anyhow::Context;
use newsgraph_doc::Document;
use newsgraph_quotes::eval::{
    gold_files, matching_in, parse_brat, score_in, scored_predictions, with_complementizers,
    Scoring, Tally,
};
use std::path::Path;
use std::process::ExitCode;

/// Runs the evaluation over every annotated text under `dir`.
pub fn run(
    dir: &Path,
    lang: &str,
    json: bool,
    errors: bool,
    legacy: bool,
) -> anyhow::Result<ExitCode> {
    let scoring = if legacy {
        Scoring::Legacy
    } else {
        Scoring::Strict
    };
    let files = gold_files(dir).with_context(|| format!("cannot list {}", dir.display()))?;
    if files.is_empty() {
        anyhow::bail!("{}: no annotated texts found", dir.display());
    }
    let (mut t03, mut t08) = (Tally::default(), Tally::default());
    let mut failed = 0usize;
    let mut tokens = 0usize;
    let started = std::time::Instant::now();
    for (txt, ann) in &files {
        let read =
            std::fs::read_to_string(txt).and_then(|t| Ok((t, std::fs::read_to_string(ann)?)));
        let (text, ann_src) = match read {
            Ok(x) => x,
            Err(e) => {
                eprintln!("newsgraph: {}: {e}", txt.display());
                failed += 1;
                continue;
            }
        };
        let gold = match parse_brat(&ann_src, ann) {
            Ok(g) => g,
            Err(e) => {
                eprintln!("newsgraph: {e}");
                failed += 1;
                continue;
            }
        };
        let mut doc = Document::new(txt.display().to_string(), text);
        doc.language = Some(lang.to_string());
        newsgraph_pipeline::analyze(&mut doc, &newsgraph_pipeline::Options::default());
        tokens += doc.tokens.len();
        let found = newsgraph_quotes::extract(&doc);
        let pred = match scoring {
            Scoring::Strict => scored_predictions(&with_complementizers(&found, &doc), scoring),
            Scoring::Legacy => scored_predictions(&found, scoring),
        };
        score_in(&gold, &pred, 0.3, scoring, Some(&doc), &mut t03);
        score_in(&gold, &pred, 0.8, scoring, Some(&doc), &mut t08);
        if errors {
            let chars: Vec<char> = doc.text.chars().collect();
            let cut = |a: usize, b: usize| -> String {
                let s: String = chars
                    .get(a..b.min(chars.len()))
                    .unwrap_or(&[])
                    .iter()
                    .collect();
                s.replace('\n', " ")
            };
            let m = matching_in(&gold, &pred, 0.3, scoring, Some(&doc));
            for gi in m.missed {
                let g = &gold[gi];
                let (a, b) = (g.content[0].0, g.content[g.content.len() - 1].1);
                let src = g.source.first().map(|s| cut(s.0, s.1)).unwrap_or_default();
                eprintln!("MISS\t{}\t[{}]", cut(a, b), src);
            }
            for pi in m.spurious {
                let p = &pred[pi];
                eprintln!(
                    "FP\t{:?}\t{}\t[{}]",
                    p.kind,
                    cut(p.start, p.end),
                    p.speaker_span.map(|s| cut(s.0, s.1)).unwrap_or_default()
                );
            }
            for (gi, pi, ok) in m.matched {
                if !ok {
                    let g = &gold[gi];
                    let p = &pred[pi];
                    let src = g.source.first().map(|s| cut(s.0, s.1)).unwrap_or_default();
                    eprintln!(
                        "SPK\t{}\tgold [{}]\tpred [{}]",
                        cut(p.start, p.end),
                        src,
                        p.speaker_span.map(|s| cut(s.0, s.1)).unwrap_or_default()
                    );
                }
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    if json {
        println!(
            "{}",
            serde_json::json!({
                "quote_f1_03": crate::eval::round2(t03.f1()),
                "quote_f1_08": crate::eval::round2(t08.f1()),
                "speaker_acc": crate::eval::round2(t03.speaker_acc()),
                "quote_p_03": crate::eval::round2(t03.p()), "quote_r_03": crate::eval::round2(t03.r()),
                "quote_p_08": crate::eval::round2(t08.p()), "quote_r_08": crate::eval::round2(t08.r()),
                "speaker_acc_08": crate::eval::round2(t08.speaker_acc()),
                "scoring": if legacy { "legacy" } else { "strict" },
                "documents": files.len() - failed,
                "failed": failed,
                "tokens_per_s": (tokens as f64 / secs.max(1e-9)).round(),
            })
        );
    } else {
        println!(
            "{} ({lang}, {} documents)",
            dir.display(),
            files.len() - failed
        );
        println!(
            "{:<9} {:>7} {:>7} {:>7} {:>9}",
            "overlap", "P", "R", "F1", "speaker"
        );
        for (n, t) in [("0.3", t03), ("0.8", t08)] {
            println!(
                "{n:<9} {:>7.2} {:>7.2} {:>7.2} {:>9.2}",
                t.p(),
                t.r(),
                t.f1(),
                t.speaker_acc()
            );
        }
    }
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
