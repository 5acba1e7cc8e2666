//! Reading and analyzing inputs, shared by `analyze` and `ingest`: the same
//! readers, the same bad-input handling (one bad document never stops the
//! batch), parallel in batches, results in input order.

use anyhow::Context;
use clap::{Args as ClapArgs, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use newsgraph_doc::Document;
use newsgraph_read::{InputFormat, ReadError, ReadOptions};
use rayon::prelude::*;
use std::io::IsTerminal;
use std::path::PathBuf;

/// Input format names for `--input-format`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum InFormat {
    /// Plain text.
    Text,
    /// JSON lines.
    Jsonl,
    /// HTML page.
    Html,
}

/// Input options common to the commands that read articles.
#[derive(ClapArgs)]
pub struct InputArgs {
    /// Files or directories (recursive); `-` reads standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Input format (default: by extension, else by content).
    #[arg(long, value_enum)]
    pub input_format: Option<InFormat>,
    /// Maximum size of one document in bytes.
    #[arg(long, default_value_t = 5_000_000)]
    pub max_bytes: usize,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
}

impl InputArgs {
    /// Reader options from the arguments; sets up the thread pool.
    pub fn setup(&self) -> anyhow::Result<ReadOptions> {
        if let Some(n) = self.threads {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n.max(1))
                .build_global()
                .context("cannot set up the thread pool")?;
        }
        Ok(ReadOptions {
            format: self.input_format.map(|f| match f {
                InFormat::Text => InputFormat::Text,
                InFormat::Jsonl => InputFormat::Jsonl,
                InFormat::Html => InputFormat::Html,
            }),
            max_bytes: self.max_bytes,
        })
    }
}

/// Files processed per parallel batch (bounds memory, keeps input order).
pub const BATCH: usize = 256;

/// A progress bar on a terminal (standard error), hidden otherwise.
pub fn progress(len: u64, what: &str) -> ProgressBar {
    if len > 1 && std::io::stderr().is_terminal() {
        let b = ProgressBar::new(len);
        if let Ok(style) = ProgressStyle::with_template(&format!(
            "{{bar:40}} {{pos}}/{{len}} {what} {{elapsed}} eta {{eta}}"
        )) {
            b.set_style(style);
        }
        b
    } else {
        ProgressBar::hidden()
    }
}

/// Reads every input, runs the pipeline over each document in parallel,
/// and hands the results to `sink` in input order. The progress bar counts
/// files.
pub fn for_each_analyzed(
    paths: &[PathBuf],
    opts: &ReadOptions,
    popts: &newsgraph_pipeline::Options,
    mut sink: impl FnMut(Result<Document, ReadError>, &ProgressBar) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let inputs = newsgraph_read::expand_paths(paths);
    let bar = progress(inputs.len() as u64, "files");
    for batch in inputs.chunks(BATCH) {
        let results: Vec<Vec<Result<Document, ReadError>>> = batch
            .par_iter()
            .map(|input| {
                let docs = match input {
                    Ok(p) => newsgraph_read::read_path(p, opts),
                    Err(e) => vec![Err(e.clone())],
                };
                let docs = docs
                    .into_iter()
                    .map(|r| {
                        r.map(|mut d| {
                            newsgraph_pipeline::analyze(&mut d, popts);
                            d
                        })
                    })
                    .collect();
                bar.inc(1);
                docs
            })
            .collect();
        for r in results.into_iter().flatten() {
            sink(r, &bar)?;
        }
    }
    bar.finish_and_clear();
    Ok(())
}
