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
    /// Tagging, lemmatization and parsing (CoNLL 2018 measures).
    Syntax(SyntaxArgs),
    /// Time expressions on TimeML files (TempEval-3 measures).
    Time(crate::eval_time::TimeArgs),
    /// Quotations and speakers against brat standoff (Gender Gap Tracker measures).
    Quotes(QuotesArgs),
    /// Named entities (exact-span P/R/F1 per type).
    Ner(crate::eval_ner::NerArgs),
    /// Entity linking accuracy.
    Linking(crate::eval_ner::LinkingArgs),
    /// Events (PLOVER gold records, PETRARCH2 validation records).
    Events(crate::eval_events::EventsArgs),
    /// Story grouping and cross-document event deduplication on ECB+.
    Stories(crate::eval_stories::StoriesArgs),
    /// Within-document coreference (MUC, B3, CEAF-e, CoNLL F1).
    Coref(crate::eval_coref::CorefArgs),
}

/// Arguments of `eval quotes`.
#[derive(Args)]
pub struct QuotesArgs {
    /// Directory of `.txt` + `.ann` files, or PolNeAR's `text/` + `attributions/`.
    #[arg(long)]
    gold: PathBuf,
    /// Language of the texts.
    #[arg(long, default_value = "en")]
    lang: String,
    /// Print one JSON object of figures.
    #[arg(long)]
    json: bool,
    /// Print misses, spurious quotes and speaker errors (at 0.3) on stderr.
    #[arg(long)]
    errors: bool,
    /// The earlier, lenient measures (one-sided overlap, nested predictions
    /// dropped, any speaker overlap), kept for comparison only.
    #[arg(long)]
    legacy: bool,
}

/// Arguments of `eval syntax`.
#[derive(Args)]
pub struct SyntaxArgs {
    /// Gold CoNLL-U file.
    #[arg(long)]
    gold: PathBuf,
    /// Language of the file (default: from the file name, `fr_…`/`en_…`).
    #[arg(long)]
    lang: Option<String>,
    /// Start from the raw text (our segmenter) instead of gold tokens.
    #[arg(long)]
    raw: bool,
    /// Directory holding `tagger.bin`, `lemmatizer.bin`, `parser.bin`
    /// (default: the shipped models of the language).
    #[arg(long)]
    models: Option<PathBuf>,
    /// Print one JSON object of figures.
    #[arg(long)]
    json: bool,
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
        EvalCommand::Time(a) => crate::eval_time::run(a),
        EvalCommand::Events(a) => crate::eval_events::run(a),
        EvalCommand::Ner(a) => crate::eval_ner::run_ner(&a, false),
        EvalCommand::Linking(a) => crate::eval_ner::run_ner(&a.into(), true),
        EvalCommand::Quotes(a) => {
            crate::eval_quotes::run(&a.gold, &a.lang, a.json, a.errors, a.legacy)
        }
        EvalCommand::Syntax(a) => eval_syntax(a),
        EvalCommand::Stories(a) => crate::eval_stories::run(a),
        EvalCommand::Coref(a) => crate::eval_coref::run(a),
        EvalCommand::Segment(a) => {
            let gold = load_conllu(&a.gold)?;
            let lang = a
                .lang
                .or_else(|| lang_of(&a.gold))
                .unwrap_or_else(|| "fr".into());
            let s = newsgraph_train::segment::eval::evaluate(&gold, &lang);
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

fn eval_syntax(a: SyntaxArgs) -> anyhow::Result<ExitCode> {
    let gold = load_conllu(&a.gold)?;
    let lang = a
        .lang
        .or_else(|| lang_of(&a.gold))
        .unwrap_or_else(|| "fr".into());
    let owned;
    let models = match &a.models {
        Some(dir) => {
            owned = newsgraph_syntax::Models::load_dir(dir)?;
            &owned
        }
        None => newsgraph_syntax::models(&lang).map_err(|e| anyhow::anyhow!("{e}"))?,
    };
    let s = if a.raw {
        newsgraph_syntax::eval::raw_text(models, &gold, &lang)
    } else {
        newsgraph_syntax::eval::gold_tokens(models, &gold)
    };
    if a.json {
        println!(
            "{}",
            serde_json::json!({
                "upos": round2(s.upos), "ufeats": round2(s.ufeats), "lemma": round2(s.lemma),
                "uas": round2(s.uas), "las": round2(s.las),
                "words": s.words, "words_f1": round2(s.words_f1),
                "words_per_sec": s.words_per_sec.round(),
                "from": if a.raw { "raw" } else { "gold_tokens" },
            })
        );
    } else {
        let from = if a.raw { "raw text" } else { "gold tokens" };
        println!(
            "{} ({lang}, from {from}, {} words)",
            a.gold.display(),
            s.words
        );
        for (n, v) in [
            ("Words", s.words_f1),
            ("UPOS", s.upos),
            ("UFeats", s.ufeats),
            ("Lemma", s.lemma),
            ("UAS", s.uas),
            ("LAS", s.las),
        ] {
            println!("{n:<8} {v:>7.2}");
        }
        println!("speed    {:>7.0} words/s", s.words_per_sec);
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads and parses a CoNLL-U file, naming it in errors.
pub fn load_conllu(p: &std::path::Path) -> anyhow::Result<Vec<newsgraph_doc::conllu::Sentence>> {
    let src = std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?;
    newsgraph_doc::conllu::parse(&src)
        .with_context(|| format!("{}: not valid CoNLL-U", p.display()))
}

/// Rounds to two decimals for JSON output.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
