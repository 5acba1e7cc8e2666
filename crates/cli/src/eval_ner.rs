//! `newsgraph eval ner` and `eval linking`: exact-span NER scores per type
//! and linking accuracy.

use crate::eval::round2;
use anyhow::Context;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `eval ner` and `eval linking`.
#[derive(Args)]
pub struct NerArgs {
    /// Gold file.
    #[arg(long)]
    gold: PathBuf,
    /// Language (default: guessed from the file name, else `fr`).
    #[arg(long)]
    lang: Option<String>,
    /// Print one JSON object of figures.
    #[arg(long)]
    json: bool,
    /// Run without the trained tagger (gazetteer only).
    #[arg(long)]
    no_model: bool,
    /// Use this model file instead of the shipped one (for tuning).
    #[arg(long)]
    model: Option<PathBuf>,
    /// Also write the gold sentences as `token<TAB>IOB2-tag` lines (our
    /// label mapping), for running other systems on the same data.
    #[arg(long)]
    export: Option<PathBuf>,
    /// `eval linking`: write every judged link as TSV (mention, gold,
    /// system, right?) to this file, for error analysis.
    #[arg(skip)]
    links: Option<PathBuf>,
    /// DWIE split (`test` unless `eval linking --split` says otherwise).
    #[arg(skip)]
    split: Option<String>,
}

/// Arguments of `eval linking`.
#[derive(Args)]
pub struct LinkingArgs {
    /// Gold file with entity spans and their knowledge-base ids (CoNLL
    /// columns with a link column, HIPE TSV, or DWIE JSON).
    #[arg(long)]
    gold: PathBuf,
    /// Language (default: guessed from the file name, else `fr`).
    #[arg(long)]
    lang: Option<String>,
    /// Print one JSON object of figures (linking accuracy with the NER scores).
    #[arg(long)]
    json: bool,
    /// Run without the trained tagger (gazetteer only).
    #[arg(long)]
    no_model: bool,
    /// Use this NER model file instead of the shipped one.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Write every judged link as TSV (mention, gold, system, right?) to
    /// this file, for error analysis.
    #[arg(long)]
    links: Option<PathBuf>,
    /// DWIE only: the split to read (`test`, the default, or `train` for
    /// tuning).
    #[arg(long)]
    split: Option<String>,
}

impl From<LinkingArgs> for NerArgs {
    fn from(a: LinkingArgs) -> Self {
        NerArgs {
            gold: a.gold,
            lang: a.lang,
            json: a.json,
            no_model: a.no_model,
            model: a.model,
            export: None,
            links: a.links,
            split: a.split,
        }
    }
}

/// Refuses gold data without a single entity annotation (a plain text, a
/// CoNLL-U file): scoring it would print zeros as if it were a result.
pub fn check_gold(
    path: &std::path::Path,
    gold: &[newsgraph_train::entities::data::GoldSentence],
) -> anyhow::Result<()> {
    let tagged = gold.iter().any(|s| {
        s.tags
            .iter()
            .any(|t| t.starts_with("B-") || t.starts_with("I-"))
    });
    if !tagged {
        anyhow::bail!(
            "{}: no entity annotations found ({} sentences read): expected NER gold data such as CoNLL columns `token … B-PER/I-PER/O`, HIPE TSV, WebAnno TSV or DWIE JSON",
            path.display(),
            gold.len()
        );
    }
    Ok(())
}

fn ner_lang(p: &std::path::Path) -> String {
    let n = p.to_string_lossy().to_lowercase();
    if [
        "-en", "en_", "_en", "/en", "wikigold", "wnut", "btc", "dwie", ".en.",
    ]
    .iter()
    .any(|k| n.contains(k))
    {
        "en".into()
    } else {
        "fr".into()
    }
}

/// Runs `eval ner` (`linking = false`) or `eval linking`.
pub fn run_ner(a: &NerArgs, linking: bool) -> anyhow::Result<ExitCode> {
    use newsgraph_entities::{kb, resolve};
    use newsgraph_train::entities::{data, eval};
    let gold = if a.gold.to_string_lossy().contains("dwie") {
        data::read_dwie_split(&a.gold, a.split.as_deref().unwrap_or("test"))
    } else {
        data::read_gold(&a.gold)
    }
    .with_context(|| format!("cannot read {}", a.gold.display()))?;
    check_gold(&a.gold, &gold)?;
    let lang = a.lang.clone().unwrap_or_else(|| ner_lang(&a.gold));
    if let Some(p) = &a.export {
        let f =
            std::fs::File::create(p).with_context(|| format!("cannot write {}", p.display()))?;
        data::write_conll(&gold, std::io::BufWriter::new(f))?;
    }
    let kb = kb::Kb::builtin();
    let opts = resolve::Options {
        lang: if lang == "en" { "en" } else { "fr" },
        date: None,
        tagger: if a.no_model {
            None
        } else {
            newsgraph_entities::model(&lang)
        },
        kb,
    };
    let loaded = match &a.model {
        Some(p) => Some(
            newsgraph_entities::tagger::Tagger::load(
                &std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?,
            )
            .with_context(|| format!("{}: unusable model", p.display()))?,
        ),
        None => None,
    };
    let opts = resolve::Options {
        tagger: loaded.as_ref().or(opts.tagger),
        ..opts
    };
    let t0 = std::time::Instant::now();
    let pred = eval::predict(&gold, &opts);
    let secs = t0.elapsed().as_secs_f64();
    let s = eval::score(&gold, &pred, kb);
    let acc = if s.linking.0 == 0 {
        0.0
    } else {
        100.0 * s.linking.1 as f64 / s.linking.0 as f64
    };
    let precision = if s.links_made.0 == 0 {
        0.0
    } else {
        100.0 * s.links_made.1 as f64 / s.links_made.0 as f64
    };
    if let Some(p) = &a.links {
        use std::io::Write;
        let f =
            std::fs::File::create(p).with_context(|| format!("cannot write {}", p.display()))?;
        let mut w = std::io::BufWriter::new(f);
        writeln!(w, "mention\tgold\tsystem\tright")?;
        for (m, g, sys, ok) in &s.judged {
            writeln!(w, "{m}\t{g}\t{sys}\t{}", u8::from(*ok))?;
        }
        w.flush()
            .with_context(|| format!("cannot write {}", p.display()))?;
    }
    if a.json {
        let per: serde_json::Map<String, serde_json::Value> = s
            .per_type
            .iter()
            .map(|(t, m)| (t.clone(), serde_json::json!({"p": round2(m.p), "r": round2(m.r), "f1": round2(m.f1), "gold": m.gold})))
            .collect();
        let mut v = serde_json::json!({
            "p": round2(s.overall.p), "r": round2(s.overall.r), "f1": round2(s.overall.f1),
            "per_type": per, "tokens": s.tokens, "tokens_per_s": (s.tokens as f64 / secs).round(),
        });
        if linking {
            v["linking_accuracy"] = serde_json::json!(round2(acc));
            v["linked_gold"] = serde_json::json!(s.linking.0);
            v["linking_precision"] = serde_json::json!(round2(precision));
            v["links_made"] = serde_json::json!(s.links_made.0);
        }
        println!("{v}");
    } else {
        println!(
            "{} ({lang}, {} tokens, {:.0} tokens/s)",
            a.gold.display(),
            s.tokens,
            s.tokens as f64 / secs
        );
        println!(
            "{:<8} {:>7} {:>7} {:>7} {:>6}",
            "type", "P", "R", "F1", "gold"
        );
        for (t, m) in &s.per_type {
            println!(
                "{t:<8} {:>7.2} {:>7.2} {:>7.2} {:>6}",
                m.p, m.r, m.f1, m.gold
            );
        }
        let m = s.overall;
        println!(
            "{:<8} {:>7.2} {:>7.2} {:>7.2} {:>6}",
            "overall", m.p, m.r, m.f1, m.gold
        );
        if linking {
            println!(
                "linking accuracy {:.2} % ({} of {} linked gold mentions)",
                acc, s.linking.1, s.linking.0
            );
            println!(
                "linking precision {:.2} % ({} right of {} KB ids given to gold mentions)",
                precision, s.links_made.1, s.links_made.0
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
