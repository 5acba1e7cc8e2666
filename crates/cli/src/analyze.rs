//! `newsgraph analyze`: read → pipeline → JSONL / text / CoNLL-U, in
//! parallel, in input order, one bad document never stopping the batch.

use crate::input::{for_each_analyzed, InputArgs};
use anyhow::Context;
use clap::{Args as ClapArgs, ValueEnum};
use newsgraph_doc::Document;
use std::io::{BufWriter, Write};
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

/// Arguments of `analyze`.
#[derive(ClapArgs)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    format: OutFormat,
    /// Leave the tokens out of the output.
    #[arg(long)]
    no_tokens: bool,
}

/// Runs `analyze`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let opts = a.input.setup()?;
    let popts = newsgraph_pipeline::Options {
        no_tokens: a.no_tokens,
    };
    let mut out: Box<dyn Write> = match &a.output {
        Some(p) => Box::new(BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let (mut ok, mut failed) = (0usize, 0usize);
    for_each_analyzed(&a.input.paths, &opts, &popts, |r, bar| {
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
        Ok(())
    })?;
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
