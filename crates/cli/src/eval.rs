//! `newsgraph eval …`: accuracy against gold data. A readable table by
//! default; `--json` prints one JSON object of figures.

use anyhow::Context;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Stages that can be evaluated.
#[derive(Subcommand)]
pub enum EvalCommand {
    /// Tokenization and sentence segmentation (CoNLL 2018 measures).
    Segment(SegmentArgs),
    /// Time expressions on TimeML files (TempEval-3 measures).
    Time(TimeArgs),
}

/// Arguments of `eval time`.
#[derive(Args)]
pub struct TimeArgs {
    /// Directory of gold TimeML (`.tml`) files, searched recursively.
    #[arg(long)]
    gold: PathBuf,
    /// Language of the files (default: `fr` when the path names French, else `en`).
    #[arg(long)]
    lang: Option<String>,
    /// A `split.tsv` (`file<TAB>part`) to select files.
    #[arg(long)]
    split: Option<PathBuf>,
    /// Parts of the split to evaluate, comma-separated (e.g. `train,dev`).
    #[arg(long, default_value = "test")]
    parts: String,
    /// Print one JSON object of figures.
    #[arg(long)]
    json: bool,
    /// Print the error list.
    #[arg(long)]
    errors: bool,
}

/// Arguments of `eval segment`.
#[derive(Args)]
pub struct SegmentArgs {
    /// Gold CoNLL-U file.
    #[arg(long)]
    gold: PathBuf,
    /// Language of the file (default: from the file name, `fr_…`/`en_…`).
    #[arg(long)]
    lang: Option<String>,
    /// Print one JSON object of figures.
    #[arg(long)]
    json: bool,
    /// Print example errors.
    #[arg(long)]
    errors: bool,
}

/// Guesses the language from a UD file name (`fr_sequoia-ud-test.conllu`).
fn lang_of(p: &std::path::Path) -> Option<String> {
    let name = p.file_name()?.to_str()?;
    let code = name.split('_').next()?;
    (code.len() == 2).then(|| code.to_string())
}

/// Runs an eval subcommand.
pub fn run(cmd: EvalCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        EvalCommand::Time(a) => eval_time(a),
        EvalCommand::Segment(a) => {
            let src = std::fs::read_to_string(&a.gold)
                .with_context(|| format!("cannot read {}", a.gold.display()))?;
            let gold = newsgraph_doc::conllu::parse(&src)
                .with_context(|| format!("{}: not valid CoNLL-U", a.gold.display()))?;
            let lang = a
                .lang
                .or_else(|| lang_of(&a.gold))
                .unwrap_or_else(|| "fr".into());
            let s = newsgraph_segment::eval::evaluate(&gold, &lang);
            if a.json {
                println!(
                    "{}",
                    serde_json::json!({
                        "tokens_f1": round2(s.tokens.f1),
                        "words_f1": round2(s.words.f1),
                        "sentences_f1": round2(s.sentences.f1),
                        "tokens_p": round2(s.tokens.p), "tokens_r": round2(s.tokens.r),
                        "words_p": round2(s.words.p), "words_r": round2(s.words.r),
                        "sentences_p": round2(s.sentences.p), "sentences_r": round2(s.sentences.r),
                        "gold_sentences": s.gold_counts.0,
                        "gold_tokens": s.gold_counts.1,
                        "gold_words": s.gold_counts.2,
                    })
                );
            } else {
                println!("{} ({lang})", a.gold.display());
                println!("{:<10} {:>7} {:>7} {:>7}", "measure", "P", "R", "F1");
                for (n, m) in [
                    ("tokens", s.tokens),
                    ("words", s.words),
                    ("sentences", s.sentences),
                ] {
                    println!("{n:<10} {:>7.2} {:>7.2} {:>7.2}", m.p, m.r, m.f1);
                }
            }
            if a.errors {
                for e in &s.errors {
                    eprintln!("{e}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `eval time`.
fn eval_time(a: TimeArgs) -> anyhow::Result<ExitCode> {
    let lang = a.lang.unwrap_or_else(|| {
        let p = a.gold.display().to_string();
        if p.contains("-fr-") || p.contains("/fr") {
            "fr".into()
        } else {
            "en".into()
        }
    });
    let parts: Vec<String> = a.parts.split(',').map(|s| s.trim().to_string()).collect();
    let files = newsgraph_time::eval::files(&a.gold, a.split.as_deref().map(|s| (s, &parts[..])))?;
    anyhow::ensure!(
        !files.is_empty(),
        "no .tml files under {}",
        a.gold.display()
    );
    let s = newsgraph_time::eval::evaluate(&files, &lang)?;
    if a.json {
        println!(
            "{}",
            serde_json::json!({
                "strict_f1": round2(s.strict.f1),
                "relaxed_f1": round2(s.relaxed.f1),
                "value_f1": round2(s.value.f1),
                "type_acc": round2(s.type_acc),
                "type_f1": round2(s.kind.f1),
                "value_acc": round2(s.value_acc),
                "strict_p": round2(s.strict.p), "strict_r": round2(s.strict.r),
                "relaxed_p": round2(s.relaxed.p), "relaxed_r": round2(s.relaxed.r),
                "docs": s.docs, "gold": s.gold, "system": s.sys,
            })
        );
    } else {
        println!(
            "{} ({lang}, {} files, {} gold, {} system)",
            a.gold.display(),
            s.docs,
            s.gold,
            s.sys
        );
        println!("{:<10} {:>7} {:>7} {:>7}", "measure", "P", "R", "F1");
        for (n, m) in [
            ("strict", s.strict),
            ("relaxed", s.relaxed),
            ("type", s.kind),
            ("value", s.value),
        ] {
            println!("{n:<10} {:>7.2} {:>7.2} {:>7.2}", m.p, m.r, m.f1);
        }
        println!(
            "type accuracy {:.2}, value accuracy {:.2} (on relaxed matches)",
            s.type_acc, s.value_acc
        );
    }
    if a.errors {
        for e in &s.errors {
            eprintln!("{e}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Rounds to two decimals for JSON output.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
