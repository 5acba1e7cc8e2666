//! Input options of `ingest` (reading and analyzing goes through
//! [`crate::analyze::for_each_analyzed`], shared with `analyze`: the same
//! readers, the same bad-input handling, streaming in input order).

use anyhow::Context;
use clap::{Args as ClapArgs, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use newsgraph_read::{InputFormat, ReadOptions};
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
