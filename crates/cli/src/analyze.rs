//! `newsgraph analyze`: read → pipeline → JSONL / text / CoNLL-U, in
//! parallel, in input order, one bad document never stopping the batch.

use anyhow::Context;
use clap::{Args as ClapArgs, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use newsgraph_doc::Document;
use newsgraph_read::{InputFormat, ReadError, ReadOptions};
use rayon::prelude::*;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Output formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OutFormat {
    /// One JSON object per document per line (the documented contract).
    Json,
    /// A readable view.
    Text,
    /// CoNLL-U (sentences, words, and the syntax layer when present).
    Conllu,
}

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

/// Arguments of `analyze`.
#[derive(ClapArgs)]
pub struct Args {
    /// Files or directories (recursive); `-` reads standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    format: OutFormat,
    /// Input format (default: by extension, else by content).
    #[arg(long, value_enum)]
    input_format: Option<InFormat>,
    /// Maximum size of one document in bytes.
    #[arg(long, default_value_t = 5_000_000)]
    max_bytes: usize,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Leave the tokens out of the output.
    #[arg(long)]
    no_tokens: bool,
}

/// Files processed per parallel batch (bounds memory, keeps input order).
const BATCH: usize = 256;

/// Runs `analyze`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    if let Some(n) = a.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("cannot set up the thread pool")?;
    }
    let opts = ReadOptions {
        format: a.input_format.map(|f| match f {
            InFormat::Text => InputFormat::Text,
            InFormat::Jsonl => InputFormat::Jsonl,
            InFormat::Html => InputFormat::Html,
        }),
        max_bytes: a.max_bytes,
    };
    let popts = newsgraph_pipeline::Options {
        no_tokens: a.no_tokens,
    };
    let mut out: Box<dyn Write> = match &a.output {
        Some(p) => Box::new(BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let inputs = newsgraph_read::expand_paths(&a.paths);
    let bar = if inputs.len() > 1 && std::io::stderr().is_terminal() {
        let b = ProgressBar::new(inputs.len() as u64);
        if let Ok(style) =
            ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed} eta {eta}")
        {
            b.set_style(style);
        }
        b
    } else {
        ProgressBar::hidden()
    };
    let (mut ok, mut failed) = (0usize, 0usize);
    for batch in inputs.chunks(BATCH) {
        let results: Vec<Vec<Result<Document, ReadError>>> = batch
            .par_iter()
            .map(|input| {
                let docs = match input {
                    Ok(p) => newsgraph_read::read_path(p, &opts),
                    Err(e) => vec![Err(e.clone())],
                };
                let docs = docs
                    .into_iter()
                    .map(|r| {
                        r.map(|mut d| {
                            newsgraph_pipeline::analyze(&mut d, &popts);
                            d
                        })
                    })
                    .collect();
                bar.inc(1);
                docs
            })
            .collect();
        for r in results.into_iter().flatten() {
            match r {
                Ok(doc) => {
                    for w in &doc.warnings {
                        bar.suspend(|| eprintln!("newsgraph: warning: {}: {w}", doc.id));
                    }
                    write_doc(&mut out, &doc, a.format).context("cannot write output")?;
                    ok += 1;
                }
                Err(e) => {
                    bar.suspend(|| eprintln!("newsgraph: {e}"));
                    failed += 1;
                }
            }
        }
    }
    bar.finish_and_clear();
    out.flush().context("cannot write output")?;
    if failed > 0 {
        eprintln!("newsgraph: {ok} documents analyzed, {failed} failed");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn write_doc(out: &mut dyn Write, doc: &Document, format: OutFormat) -> std::io::Result<()> {
    match format {
        OutFormat::Json => {
            serde_json::to_writer(&mut *out, doc)?;
            out.write_all(b"\n")
        }
        OutFormat::Text => out.write_all(crate::text_view::render(doc).as_bytes()),
        OutFormat::Conllu => out.write_all(newsgraph_doc::conllu::write(doc).as_bytes()),
    }
}
