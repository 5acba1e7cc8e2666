//! `newsgraph ingest`: read and analyze like `analyze` (or take analyze's
//! JSONL with `--analyzed`) and store it: analyzed documents in
//! transactions of [`PER_TRANSACTION`] (each document whole or not at
//! all), freshly analyzed ones each in its own transaction; bad documents
//! are reported and skipped.

use crate::analyze::{for_each_analyzed, Flow, Item, Settings};
use crate::db::DbArg;
use crate::input::{progress, InputArgs};
use anyhow::Context;
use clap::Args as ClapArgs;
use indicatif::ProgressBar;
use newsgraph_doc::Document;
use newsgraph_store::{IngestOutcome, PackedDigest, Store};
use newsgraph_stories::{stored, Digest};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io::{BufRead, Read};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `ingest`.
#[derive(ClapArgs)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    db: DbArg,
    /// The inputs are `newsgraph analyze` JSONL output: store without
    /// analyzing again.
    #[arg(long)]
    analyzed: bool,
    /// Analyzer version recorded for the layers (default: this build's).
    #[arg(long)]
    analyzer: Option<String>,
    /// Do not group the documents into stories (they wait, and are grouped
    /// by the next ingest that does).
    #[arg(long)]
    no_stories: bool,
}

/// The analyzer version of this build, recorded with every document.
pub fn analyzer_version() -> String {
    format!(
        "newsgraph {} format {}",
        env!("CARGO_PKG_VERSION"),
        newsgraph_doc::FORMAT_VERSION
    )
}

#[derive(Default)]
struct Tally {
    added: usize,
    unchanged: usize,
    replaced: usize,
    failed: usize,
    /// Stories that lost a replaced document (rebuilt after grouping).
    touched: BTreeSet<i64>,
}

impl Tally {
    /// Counts one stored document (its digest was written with it); a
    /// replaced document's old story is rebuilt after grouping.
    fn count(
        &mut self,
        r: newsgraph_store::Result<(IngestOutcome, Option<i64>)>,
        bar: &ProgressBar,
    ) {
        match r {
            Ok((o, old)) => {
                match o {
                    IngestOutcome::Added => self.added += 1,
                    IngestOutcome::Replaced => self.replaced += 1,
                    IngestOutcome::Unchanged => self.unchanged += 1,
                }
                self.touched.extend(old);
            }
            Err(e) => {
                bar.suspend(|| eprintln!("newsgraph: {e}"));
                self.failed += 1;
            }
        }
    }

    /// Stores documents with their story digests in one transaction (each
    /// document and its digest whole or not at all, see
    /// [`Store::ingest_batch_with_digests`]).
    fn store_batch(
        &mut self,
        store: &mut Store,
        docs: Vec<(Document, PackedDigest)>,
        analyzer: &str,
        bar: &ProgressBar,
    ) {
        let (docs, digests): (Vec<Document>, Vec<PackedDigest>) = docs.into_iter().unzip();
        match store.ingest_batch_with_digests(&docs, &digests, analyzer) {
            Ok(results) => {
                for r in results {
                    self.count(r, bar);
                }
            }
            Err(e) => {
                bar.suspend(|| eprintln!("newsgraph: {} documents not stored: {e}", docs.len()));
                self.failed += docs.len();
            }
        }
    }
}

/// A document with its packed story digest, or why it cannot be stored.
fn with_digest(d: Document) -> Result<(Document, PackedDigest), String> {
    match stored::pack(&Digest::of(&d)) {
        Ok(g) => Ok((d, g)),
        Err(e) => Err(format!("document {}: {e}", d.id)),
    }
}

/// Runs `ingest`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let opts = a.input.setup()?;
    let mut store = a.db.open()?;
    let analyzer = a.analyzer.clone().unwrap_or_else(analyzer_version);
    let started = Instant::now();
    let mut t = Tally::default();
    if a.analyzed {
        ingest_analyzed(&a, &mut store, &analyzer, &mut t)?;
    } else {
        // tokens are kept for the story digest (lemma terms, numbers); the
        // store itself keeps no token layer
        let popts = newsgraph_pipeline::Options::default();
        let mut settings = Settings::new(opts, popts);
        if let Some(n) = a.input.threads {
            settings.threads = n.max(1);
            settings.in_flight = 4 * settings.threads;
        }
        let bar = progress(0, "documents");
        for_each_analyzed(&a.input.paths, &settings, |item| {
            match item {
                Item::Skipped { path, reason } => {
                    bar.suspend(|| eprintln!("newsgraph: skipping {}: {reason}", path.display()));
                }
                Item::Doc {
                    result: Ok(doc), ..
                } => match with_digest(*doc) {
                    Ok(pair) => t.store_batch(&mut store, vec![pair], &analyzer, &bar),
                    Err(e) => {
                        bar.suspend(|| eprintln!("newsgraph: {e}"));
                        t.failed += 1;
                    }
                },
                Item::Doc { result: Err(e), .. } => {
                    bar.suspend(|| eprintln!("newsgraph: {e}"));
                    t.failed += 1;
                }
            }
            Flow::Continue
        });
        bar.finish_and_clear();
    }
    let secs = started.elapsed().as_secs_f64();
    let n = t.added + t.unchanged + t.replaced;
    eprintln!(
        "newsgraph: ingest into {}: {} added, {} unchanged, {} replaced, {} failed ({:.1} s, {:.0} documents/s)",
        store.path().display(),
        t.added,
        t.unchanged,
        t.replaced,
        t.failed,
        secs,
        n as f64 / secs.max(1e-9)
    );
    if !a.no_stories {
        let started = Instant::now();
        let r = newsgraph_stories::stored::update(
            &mut store,
            &newsgraph_stories::Config::default(),
            &t.touched,
        )
        .context("grouping stories")?;
        eprintln!(
            "newsgraph: stories: {} documents grouped ({} stored ones replayed), {} stories written, {} merged ({:.1} s)",
            r.grouped,
            r.replayed,
            r.written,
            r.merged,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(if t.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Lines parsed per parallel batch.
const LINES: usize = 2048;

/// Analyzed documents stored per transaction (each in its own savepoint):
/// a `kill -9` loses at most the uncommitted ones, never part of one.
const PER_TRANSACTION: usize = 256;

/// One line of analyzed JSONL: where it came from and its text (or a read
/// error).
type Line = (usize, Result<String, String>);

fn ingest_analyzed(
    a: &Args,
    store: &mut Store,
    analyzer: &str,
    t: &mut Tally,
) -> anyhow::Result<()> {
    let inputs = newsgraph_read::expand_paths(&a.input.paths);
    let total: u64 = inputs
        .iter()
        .filter_map(|p| p.as_ref().ok())
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let bar = progress(total, "bytes");
    for input in inputs {
        let path = match input {
            Ok(p) => p,
            Err(e) => {
                bar.suspend(|| eprintln!("newsgraph: {e}"));
                t.failed += 1;
                continue;
            }
        };
        let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
            Box::new(std::io::BufReader::new(std::io::stdin().lock()))
        } else {
            match std::fs::File::open(&path) {
                Ok(f) => Box::new(std::io::BufReader::with_capacity(1 << 20, f)),
                Err(e) => {
                    bar.suspend(|| eprintln!("newsgraph: {}: {e}", path.display()));
                    t.failed += 1;
                    continue;
                }
            }
        };
        let mut lines = BoundedLines {
            inner: reader,
            max: a.input.max_bytes,
            line: 0,
        };
        loop {
            let mut batch: Vec<Line> = Vec::with_capacity(LINES);
            for l in lines.by_ref() {
                bar.inc(l.1.as_ref().map(|s| s.len() as u64 + 1).unwrap_or(0));
                batch.push(l);
                if batch.len() == LINES {
                    break;
                }
            }
            if batch.is_empty() {
                break;
            }
            let docs: Vec<Option<Result<(Document, PackedDigest), String>>> = batch
                .into_par_iter()
                .map(|(n, l)| parse_line(&path, n, l).map(|r| r.and_then(with_digest)))
                .collect();
            let mut ok = Vec::with_capacity(docs.len());
            for d in docs.into_iter().flatten() {
                match d {
                    Ok(pair) => ok.push(pair),
                    Err(e) => {
                        bar.suspend(|| eprintln!("newsgraph: {e}"));
                        t.failed += 1;
                    }
                }
            }
            let mut ok = ok.into_iter().peekable();
            while ok.peek().is_some() {
                let chunk: Vec<_> = ok.by_ref().take(PER_TRANSACTION).collect();
                t.store_batch(store, chunk, analyzer, &bar);
            }
        }
    }
    bar.finish_and_clear();
    Ok(())
}

fn parse_line(
    path: &Path,
    n: usize,
    l: Result<String, String>,
) -> Option<Result<Document, String>> {
    let place = format!("{}:{n}", path.display());
    match l {
        Err(e) => Some(Err(format!("{place}: {e}"))),
        Ok(s) if s.trim().is_empty() => None,
        Ok(s) => Some(
            serde_json::from_str::<Document>(&s)
                .map_err(|e| format!("{place}: not an analyzed document: {e}"))
                .and_then(|d| {
                    if d.format_version > newsgraph_doc::FORMAT_VERSION {
                        Err(format!(
                            "{place}: format version {} is newer than {}",
                            d.format_version,
                            newsgraph_doc::FORMAT_VERSION
                        ))
                    } else {
                        Ok(d)
                    }
                }),
        ),
    }
}

/// Lines of at most `max` bytes; longer lines are skipped whole and
/// reported, invalid UTF-8 reported.
struct BoundedLines {
    inner: Box<dyn BufRead>,
    max: usize,
    line: usize,
}

impl Iterator for BoundedLines {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        let mut buf = Vec::new();
        let got = (&mut self.inner)
            .take(self.max as u64 + 1)
            .read_until(b'\n', &mut buf);
        self.line += 1;
        match got {
            Err(e) => Some((self.line, Err(e.to_string()))),
            Ok(0) => None,
            Ok(_) => {
                if buf.len() > self.max && buf.last() != Some(&b'\n') {
                    // Skip the rest of the long line.
                    let mut skip = Vec::new();
                    loop {
                        skip.clear();
                        match (&mut self.inner).take(1 << 20).read_until(b'\n', &mut skip) {
                            Ok(0) | Err(_) => break,
                            Ok(_) if skip.last() == Some(&b'\n') => break,
                            Ok(_) => {}
                        }
                    }
                    return Some((
                        self.line,
                        Err(format!(
                            "line longer than {} bytes (see --max-bytes)",
                            self.max
                        )),
                    ));
                }
                if buf.last() == Some(&b'\n') {
                    buf.pop();
                }
                Some((
                    self.line,
                    String::from_utf8(buf).map_err(|e| format!("invalid UTF-8: {e}")),
                ))
            }
        }
    }
}
