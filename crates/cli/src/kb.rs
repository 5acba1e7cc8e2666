//! `newsgraph kb …` (build, lookup, import) and `newsgraph train ner`.

use anyhow::Context;
use clap::{Args, Subcommand};
use newsgraph_entities::kb;
use newsgraph_train::entities::{build, eval, import};
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Knowledge-base commands.
#[derive(Subcommand)]
pub enum KbCommand {
    /// Build the KB from ../shared/data and lang/ (reproducible).
    Build(BuildArgs),
    /// Show what a name resolves to, and why.
    Lookup(LookupArgs),
    /// Convert Wikidata JSON dump lines into KB lines.
    Import(ImportArgs),
}

/// Arguments of `kb build`.
#[derive(Args)]
pub struct BuildArgs {
    /// The shared data directory.
    #[arg(long, default_value = "../shared/data")]
    shared: PathBuf,
    /// Output file (`.gz` → gzip-compressed).
    #[arg(short, long, default_value = "kb/builtin.jsonl.gz")]
    output: PathBuf,
    /// Minimum population of GeoNames cities (capitals always kept).
    #[arg(long, default_value_t = 15000)]
    min_population: u64,
    /// Extra KB files to merge (e.g. from `kb import`).
    #[arg(long)]
    extra: Vec<PathBuf>,
}

/// Arguments of `kb lookup`.
#[derive(Args)]
pub struct LookupArgs {
    /// The name to look up.
    name: String,
    /// Date for office holders (`2023-05`).
    #[arg(long)]
    date: Option<String>,
    /// How many candidates to show.
    #[arg(short = 'n', long, default_value_t = 5)]
    top: usize,
}

/// Arguments of `kb import`.
#[derive(Args)]
pub struct ImportArgs {
    /// Wikidata JSON dump (one entity per line; `-` for stdin).
    file: PathBuf,
    /// Output KB lines (default stdout).
    #[arg(short, long)]
    output: Option<PathBuf>,
}

/// Runs a kb subcommand.
pub fn run(cmd: KbCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        KbCommand::Build(a) => {
            let entries = build::build(&build::BuildOptions {
                shared: a.shared.clone(),
                min_population: a.min_population,
                extra: a.extra,
            })
            .with_context(|| format!("building the KB from {}", a.shared.display()))?;
            if let Some(d) = a.output.parent() {
                std::fs::create_dir_all(d).ok();
            }
            let f = std::fs::File::create(&a.output)
                .with_context(|| format!("cannot write {}", a.output.display()))?;
            if a.output.extension().is_some_and(|e| e == "gz") {
                let mut gz = flate2::write::GzEncoder::new(f, flate2::Compression::best());
                kb::write_lines(&entries, &mut gz)?;
                gz.finish()?;
            } else {
                kb::write_lines(&entries, std::io::BufWriter::new(f))?;
            }
            let mut by: std::collections::BTreeMap<&str, usize> = Default::default();
            for e in &entries {
                *by.entry(e.kind.as_str()).or_default() += 1;
            }
            let size = std::fs::metadata(&a.output).map(|m| m.len()).unwrap_or(0);
            eprintln!(
                "{} entries {:?} → {} ({:.1} MB)",
                entries.len(),
                by,
                a.output.display(),
                size as f64 / 1e6
            );
            Ok(ExitCode::SUCCESS)
        }
        KbCommand::Lookup(a) => {
            let kb = kb::Kb::builtin();
            let c = kb.lookup(&a.name, a.date.as_deref());
            if c.is_empty() {
                println!("{:?}: no KB entry", a.name);
                if let Some(i) = kb.adjective(&a.name) {
                    println!("  adjective of {}", kb.entries[i].label());
                }
                return Ok(ExitCode::from(1));
            }
            for c in c.iter().take(a.top) {
                let e = &kb.entries[c.entry];
                println!(
                    "{:.2}  {}  {}  {:?}  ({})",
                    c.score,
                    e.id,
                    e.kind,
                    e.label(),
                    c.why
                );
                let mut extra = Vec::new();
                if let Some(x) = &e.country {
                    extra.push(format!("country {x}"));
                }
                if let Some(x) = &e.seat_of {
                    extra.push(format!("acts for {x}"));
                }
                if let Some(x) = newsgraph_entities::resolve::code_of(e, a.date.as_deref(), false) {
                    extra.push(format!("code {x}"));
                }
                for r in e
                    .roles
                    .iter()
                    .filter(|r| r.covers(a.date.as_deref()))
                    .take(3)
                {
                    extra.push(format!(
                        "{} {} since {}",
                        r.title,
                        r.country.as_deref().unwrap_or("?"),
                        r.start.as_deref().unwrap_or("?")
                    ));
                }
                extra.push(format!("source {}", e.src));
                println!("      {}", extra.join("; "));
            }
            Ok(ExitCode::SUCCESS)
        }
        KbCommand::Import(a) => {
            let kb = kb::Kb::builtin();
            let iso = |q: &str| {
                kb.get(q)
                    .filter(|e| e.kind == "GPE" && e.seat_of.is_none())
                    .and_then(|e| e.country.clone())
            };
            let input: Box<dyn BufRead> = if a.file.as_os_str() == "-" {
                Box::new(std::io::stdin().lock())
            } else {
                let f = std::fs::File::open(&a.file)
                    .with_context(|| format!("cannot read {}", a.file.display()))?;
                if a.file.extension().is_some_and(|e| e == "gz") {
                    Box::new(std::io::BufReader::new(flate2::read::MultiGzDecoder::new(
                        f,
                    )))
                } else {
                    Box::new(std::io::BufReader::new(f))
                }
            };
            let mut out: Box<dyn Write> = match &a.output {
                Some(p) => Box::new(std::io::BufWriter::new(std::fs::File::create(p)?)),
                None => Box::new(std::io::stdout().lock()),
            };
            writeln!(
                out,
                "{}",
                serde_json::json!({"newsgraph_kb": kb::KB_FORMAT_VERSION})
            )?;
            let (mut n, mut bad) = (0, 0);
            for (no, line) in input.lines().enumerate() {
                let line = line.with_context(|| format!("line {}", no + 1))?;
                match import::convert(&line, &iso) {
                    Some(e) => {
                        serde_json::to_writer(&mut out, &e)?;
                        writeln!(out)?;
                        n += 1;
                    }
                    None if line.trim().len() > 1 => {
                        bad += 1;
                        eprintln!("newsgraph: line {}: not a Wikidata entity, skipped", no + 1);
                    }
                    None => {}
                }
            }
            eprintln!("{n} entities imported, {bad} lines skipped");
            Ok(if bad > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}

/// Arguments of `train ner`.
#[derive(Args)]
pub struct TrainNerArgs {
    /// Language (`fr`, `en`).
    #[arg(long)]
    lang: String,
    /// Gold files; `FILE:N` uses at most N sentences of FILE.
    #[arg(required = true)]
    files: Vec<String>,
    /// Output model.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Training epochs.
    #[arg(long, default_value_t = 8)]
    epochs: usize,
}

/// Training commands.
#[derive(Subcommand)]
pub enum TrainCommand {
    /// Train the NER tagger of a language.
    Ner(TrainNerArgs),
}

/// Runs a train subcommand.
pub fn train(cmd: TrainCommand) -> anyhow::Result<ExitCode> {
    let TrainCommand::Ner(a) = cmd;
    let files: Vec<eval::TrainFile> = a
        .files
        .iter()
        .map(|f| match f.rsplit_once(':') {
            Some((p, n)) if n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty() => {
                eval::TrainFile {
                    path: p.into(),
                    max_sentences: n.parse().ok(),
                }
            }
            _ => eval::TrainFile {
                path: f.into(),
                max_sentences: None,
            },
        })
        .collect();
    for f in &files {
        if f.path.to_string_lossy().contains("dwie") {
            continue;
        }
        let gold = newsgraph_train::entities::data::read_gold(&f.path)
            .with_context(|| format!("cannot read {}", f.path.display()))?;
        crate::eval_ner::check_gold(&f.path, &gold)?;
    }
    let t0 = std::time::Instant::now();
    let (model, n) = eval::train(&files, kb::Kb::builtin(), a.epochs, |ep, acc| {
        eprintln!(
            "epoch {}: train token accuracy {:.2} %",
            ep + 1,
            acc * 100.0
        );
    })?;
    let out = a
        .output
        .unwrap_or_else(|| PathBuf::from(format!("models/{}/ner.bin.gz", a.lang)));
    if let Some(d) = out.parent() {
        std::fs::create_dir_all(d).ok();
    }
    let f =
        std::fs::File::create(&out).with_context(|| format!("cannot write {}", out.display()))?;
    model.save(std::io::BufWriter::new(f))?;
    eprintln!(
        "{n} tokens, {} epochs, {:.0} s → {} ({:.1} MB)",
        a.epochs,
        t0.elapsed().as_secs_f64(),
        out.display(),
        std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0) as f64 / 1e6
    );
    Ok(ExitCode::SUCCESS)
}
