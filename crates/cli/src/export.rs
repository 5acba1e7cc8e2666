//! `newsgraph export`: whole tables as CSV, JSON lines or Parquet.

use crate::db::DbArg;
use anyhow::Context;
use clap::{Args as ClapArgs, ValueEnum};
use newsgraph_store::{ExportFormat, ExportKind};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// What to export.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Kind {
    /// One row per event (GDELT-like columns).
    Events,
    /// One row per quote.
    Quotes,
    /// One row per corpus entity.
    Entities,
    /// One row per document.
    Documents,
}

/// Export formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// CSV with a header.
    Csv,
    /// JSON lines.
    Jsonl,
    /// Apache Parquet (needs the `parquet` feature).
    Parquet,
}

/// Arguments of `export`.
#[derive(ClapArgs)]
pub struct Args {
    /// What to export.
    #[arg(value_enum)]
    kind: Kind,
    /// File format.
    #[arg(long, value_enum, default_value = "csv")]
    format: Format,
    /// Output file (default: standard output; required for Parquet).
    #[arg(short, long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    db: DbArg,
}

/// Runs `export`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let store = a.db.open_existing()?;
    let kind = match a.kind {
        Kind::Events => ExportKind::Events,
        Kind::Quotes => ExportKind::Quotes,
        Kind::Entities => ExportKind::Entities,
        Kind::Documents => ExportKind::Documents,
    };
    let format = match a.format {
        Format::Csv => ExportFormat::Csv,
        Format::Jsonl => ExportFormat::Jsonl,
        Format::Parquet => ExportFormat::Parquet,
    };
    let n = match &a.output {
        Some(p) => {
            let f = std::fs::File::create(p)
                .with_context(|| format!("cannot create {}", p.display()))?;
            let mut w = BufWriter::new(f);
            let n = store.export(kind, format, &mut w)?;
            w.flush()
                .with_context(|| format!("cannot write {}", p.display()))?;
            n
        }
        None => {
            if matches!(format, ExportFormat::Parquet) {
                anyhow::bail!("Parquet export needs an output file (-o FILE)");
            }
            let mut w = BufWriter::new(std::io::stdout().lock());
            let n = store.export(kind, format, &mut w)?;
            w.flush().context("cannot write output")?;
            n
        }
    };
    eprintln!("newsgraph: exported {n} rows");
    Ok(ExitCode::SUCCESS)
}
