//! `newsgraph train …`: trains the models that ship under `models/<lang>/`
//! (sentence boundaries, syntax, …).

use clap::{Args, Subcommand};
use newsgraph_syntax::train as tr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Models that can be trained.
#[derive(Subcommand)]
pub enum TrainCommand {
    /// The sentence-boundary model (`models/<lang>/sentences.bin`).
    Segmenter(crate::train_segment::SegmenterArgs),
    /// The NER tagger of a language (`models/<lang>/ner.bin.gz`).
    Ner(crate::kb::TrainNerArgs),
    /// UPOS + FEATS tagger.
    Tagger(TrainArgs),
    /// Lemmatizer.
    Lemmatizer(TrainArgs),
    /// Dependency parser.
    Parser(TrainArgs),
    /// All three; `-o` is then a directory (`tagger.bin`, `lemmatizer.bin`,
    /// `parser.bin`).
    Syntax(TrainArgs),
    /// Shrinks a trained parser: drops weights below `--prune` thousandths
    /// of the largest (what `train parser --prune` does at the end).
    PruneParser(PruneArgs),
}

/// Arguments of `train prune-parser`.
#[derive(Args)]
pub struct PruneArgs {
    /// Trained parser model.
    #[arg(long)]
    input: PathBuf,
    /// Threshold in thousandths of the largest weight.
    #[arg(long)]
    prune: f32,
    /// Output model file.
    #[arg(short, long)]
    output: PathBuf,
}

/// Arguments shared by the train subcommands.
#[derive(Args)]
pub struct TrainArgs {
    /// Language code (`fr`, `en`).
    #[arg(long)]
    lang: String,
    /// Training CoNLL-U file (repeatable).
    #[arg(long, required = true)]
    train: Vec<PathBuf>,
    /// Development CoNLL-U file, used to pick the epoch (repeatable).
    #[arg(long)]
    dev: Vec<PathBuf>,
    /// Output model file (directory for `train syntax`).
    #[arg(short, long)]
    output: PathBuf,
    /// Training epochs (default: per model).
    #[arg(long)]
    epochs: Option<usize>,
    /// Parser pruning: drop weights below this many thousandths of the
    /// largest one (default 1; raise it to shrink the model).
    #[arg(long)]
    prune: Option<f32>,
}

/// Runs a train subcommand.
pub fn run(cmd: TrainCommand) -> anyhow::Result<ExitCode> {
    let (what, a) = match cmd {
        TrainCommand::Segmenter(a) => return crate::train_segment::run(a),
        TrainCommand::Ner(a) => return crate::kb::train(crate::kb::TrainCommand::Ner(a)),
        TrainCommand::Tagger(a) => (tr::What::Tagger, a),
        TrainCommand::Lemmatizer(a) => (tr::What::Lemmatizer, a),
        TrainCommand::Parser(a) => (tr::What::Parser, a),
        TrainCommand::Syntax(a) => (tr::What::All, a),
        TrainCommand::PruneParser(p) => {
            let m = newsgraph_syntax::Parser::load(&p.input)?;
            m.pruned(p.prune).save(&p.output)?;
            return Ok(ExitCode::SUCCESS);
        }
    };
    if a.dev.is_empty() {
        anyhow::bail!(
            "--dev is required: the development CoNLL-U file picks the epoch and reports the accuracy"
        );
    }
    let train = tr::load_conllu(&a.train)?;
    let dev = tr::load_conllu(&a.dev)?;
    for (files, sents) in [(&a.train, &train), (&a.dev, &dev)] {
        let words: usize = sents.iter().map(|s| s.words.len()).sum();
        if words == 0 {
            anyhow::bail!(
                "{}: no CoNLL-U word lines (expected tab-separated `ID FORM LEMMA UPOS …` lines)",
                files
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    let mut log = |s: &str| eprintln!("{s}");
    tr::train(
        what, &a.lang, &train, &dev, a.epochs, a.prune, &a.output, &mut log,
    )?;
    Ok(ExitCode::SUCCESS)
}
