//! `newsgraph train segmenter`: trains the sentence-boundary model
//! (`models/<lang>/sentences.bin`).

use anyhow::Context;
use clap::Args;
use newsgraph_segment::{boundary, Rules};
use newsgraph_train::segment::eval;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `train segmenter`.
#[derive(Args)]
pub struct SegmenterArgs {
    /// Language (fr, en).
    #[arg(long)]
    lang: String,
    /// Training CoNLL-U files (repeatable).
    #[arg(long, required = true)]
    train: Vec<PathBuf>,
    /// Development CoNLL-U file, scored after training.
    #[arg(long)]
    dev: Option<PathBuf>,
    /// Passes over the training data.
    #[arg(long, default_value_t = 8)]
    epochs: usize,
    /// Output model file.
    #[arg(short, long)]
    output: PathBuf,
}

/// Runs `train segmenter`.
pub fn run(a: SegmenterArgs) -> anyhow::Result<ExitCode> {
    {
        {
            let rules = Rules::for_language(&a.lang);
            let mut examples = Vec::new();
            for p in &a.train {
                let gold = crate::eval::load_conllu(p)?;
                // One example per document (or per 50 sentences), so that
                // shuffling granularity stays reasonable.
                let mut start = 0;
                for i in 1..=gold.len() {
                    if i == gold.len() || gold[i].newdoc || i - start >= 50 {
                        examples.push(newsgraph_segment::boundary_example(&gold[start..i], rules));
                        start = i;
                    }
                }
            }
            eprintln!(
                "training on {} examples, {} epochs",
                examples.len(),
                a.epochs
            );
            let model = boundary::train(&examples, a.epochs);
            let bytes = model.to_bytes();
            let model = boundary::BoundaryModel::from_bytes(&bytes)
                .context("the written model does not read back")?;
            std::fs::write(&a.output, &bytes)
                .with_context(|| format!("cannot write {}", a.output.display()))?;
            eprintln!("wrote {} ({} bytes)", a.output.display(), bytes.len());
            if let Some(dev) = &a.dev {
                let gold = crate::eval::load_conllu(dev)?;
                let rule_only = eval::evaluate_with(&gold, rules, None);
                let s = eval::evaluate_with(&gold, rules, Some(&model));
                println!(
                    "dev {}: sentences F1 {:.2} (rules only {:.2}), tokens F1 {:.2}",
                    dev.display(),
                    s.sentences.f1,
                    rule_only.sentences.f1,
                    s.tokens.f1
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
