//! `newsgraph stories` and `newsgraph story ID`: group articles into stories
//! (the same happening across outlets and languages) and show them. Input is
//! articles or the JSONL that `analyze` wrote (`--analyzed`), read like
//! `analyze`; a bad document is reported and skipped.

use crate::db::DbArg;
use anyhow::{bail, Context};
use clap::{Args, ValueEnum};
use newsgraph_doc::{Document, Published};
use newsgraph_read::ReadOptions;
use newsgraph_stories::features::published_day;
use newsgraph_stories::{build_story, group_digests, Config, Digest, Story};
use rayon::prelude::*;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Output formats of `stories`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// One line per story.
    Table,
    /// One JSON object per story per line.
    Jsonl,
}

/// Arguments shared by `stories` and `story`: stories stored by `ingest`
/// (no paths), or grouped now from articles or analyzed JSONL (paths).
#[derive(Args)]
pub struct Input {
    /// Articles or analyzed JSONL (files, directories, `-`) to group now;
    /// without paths, the stories stored in the store are read.
    paths: Vec<PathBuf>,
    /// The inputs are JSONL written by `analyze` (not analyzed again).
    #[arg(long)]
    analyzed: bool,
    #[command(flatten)]
    db: DbArg,
}

/// Arguments of `stories`.
#[derive(Args)]
pub struct StoriesArgs {
    #[command(flatten)]
    input: Input,
    /// Only stories with a document published on or after this date.
    #[arg(long)]
    from: Option<String>,
    /// Only stories with a document published on or before this date.
    #[arg(long)]
    to: Option<String>,
    /// Only stories naming this entity (name, corpus key or KB id).
    #[arg(long)]
    entity: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

/// Arguments of `story`.
#[derive(Args)]
pub struct StoryArgs {
    /// Story id (`s0`, `s1`, … as `stories` prints them).
    id: String,
    #[command(flatten)]
    input: Input,
}

/// Reads, analyzes (unless `--analyzed`) and digests the inputs.
fn digests(input: &Input) -> anyhow::Result<(Vec<Digest>, usize)> {
    let opts = ReadOptions::default();
    let paths = newsgraph_read::expand_paths(&input.paths);
    let mut docs: Vec<Document> = Vec::new();
    let mut failed = 0;
    for p in paths {
        let p = match p {
            Ok(p) => p,
            Err(e) => {
                eprintln!("newsgraph: {e}");
                failed += 1;
                continue;
            }
        };
        if input.analyzed {
            let f =
                std::fs::File::open(&p).with_context(|| format!("cannot open {}", p.display()))?;
            for (i, line) in std::io::BufRead::lines(std::io::BufReader::new(f)).enumerate() {
                let line = line.with_context(|| format!("{} line {}", p.display(), i + 1))?;
                if line.trim().is_empty() {
                    continue;
                }
                match serde_json::from_str::<Document>(&line) {
                    Ok(d) => docs.push(d),
                    Err(e) => {
                        eprintln!("newsgraph: {} line {}: {e}", p.display(), i + 1);
                        failed += 1;
                    }
                }
            }
        } else {
            for d in newsgraph_read::read_path(&p, &opts) {
                match d {
                    Ok(d) => docs.push(d),
                    Err(e) => {
                        eprintln!("newsgraph: {e}");
                        failed += 1;
                    }
                }
            }
        }
    }
    let analyzed = input.analyzed;
    let digests = docs
        .into_par_iter()
        .map(|mut d| {
            if !analyzed {
                newsgraph_pipeline::analyze(&mut d, &newsgraph_pipeline::Options::default());
            }
            Digest::of(&d)
        })
        .collect();
    Ok((digests, failed))
}

fn all_stories(ds: &[Digest]) -> Vec<Story> {
    let g = group_digests(ds, &Config::default());
    g.stories
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let members: Vec<&Digest> = s.iter().map(|&j| &ds[j]).collect();
            build_story(&format!("s{i}"), &members, &g.copy_of)
        })
        .collect()
}

fn day_of(s: &str) -> anyhow::Result<i64> {
    let p = Published::parse_lenient(s).with_context(|| format!("bad date {s:?}"))?;
    Ok(published_day(&p))
}

fn story_days(s: &Story) -> Vec<i64> {
    s.documents
        .iter()
        .filter_map(|d| d.published.as_deref())
        .filter_map(|p| Published::parse_lenient(p).ok())
        .map(|p| published_day(&p))
        .collect()
}

/// Prints one story in the chosen format.
fn print_story(out: &mut impl Write, s: &Story, format: Format) -> anyhow::Result<()> {
    match format {
        Format::Jsonl => {
            serde_json::to_writer(&mut *out, s)?;
            writeln!(out)?;
        }
        Format::Table => {
            let conflicts: usize =
                s.facts.iter().map(|f| f.conflicts.len()).sum::<usize>() + s.quote_conflicts.len();
            writeln!(
                out,
                "{:<5} {:<25} {:>4} docs {:>3} sources {:>3} facts {:>2} conflicts  [{}] {}",
                s.id,
                s.first_published.as_deref().unwrap_or("undated"),
                s.documents.len(),
                s.independent_sources,
                s.facts.len(),
                conflicts,
                s.languages.join(","),
                s.title
            )?;
        }
    }
    Ok(())
}

/// Runs `stories` over the stored stories, in order of their first
/// publication.
fn run_stored(a: &StoriesArgs) -> anyhow::Result<ExitCode> {
    let store = a.input.db.open_existing()?;
    let q = newsgraph_store::StoryQuery {
        from_day: a.from.as_deref().map(day_of).transpose()?,
        to_day: a.to.as_deref().map(day_of).transpose()?,
        entity: a.entity.clone(),
        min_documents: None,
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    let format = a.format;
    store.for_each_story(&q, |rec| -> anyhow::Result<()> {
        let s: Story = serde_json::from_str(&rec).context("a stored story is unreadable")?;
        print_story(&mut out, &s, format)
    })?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `stories`.
pub fn run(a: StoriesArgs) -> anyhow::Result<ExitCode> {
    if a.input.paths.is_empty() {
        return run_stored(&a);
    }
    let (ds, failed) = digests(&a.input)?;
    let from = a.from.as_deref().map(day_of).transpose()?;
    let to = a.to.as_deref().map(day_of).transpose()?;
    let ent = a.entity.as_ref().map(|e| e.to_lowercase());
    let mut out = BufWriter::new(std::io::stdout().lock());
    for s in all_stories(&ds) {
        let days = story_days(&s);
        if from.is_some_and(|f| !days.iter().any(|d| *d >= f))
            || to.is_some_and(|t| !days.iter().any(|d| *d <= t))
        {
            continue;
        }
        if let Some(e) = &ent {
            let hit = s.entities.iter().any(|x| {
                x.name.to_lowercase() == *e
                    || x.key.to_lowercase() == *e
                    || x.key.to_lowercase() == format!("kb:{e}")
            });
            if !hit {
                continue;
            }
        }
        print_story(&mut out, &s, a.format)?;
    }
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Runs `story ID`: the readable view.
pub fn run_story(a: StoryArgs) -> anyhow::Result<ExitCode> {
    if a.input.paths.is_empty() {
        let store = a.input.db.open_existing()?;
        let Some(rec) = store.story(&a.id)? else {
            bail!(
                "no story {:?} in {} (see `newsgraph stories`)",
                a.id,
                store.path().display()
            );
        };
        let s: Story = serde_json::from_str(&rec).context("the stored story is unreadable")?;
        print!("{}", render(&s));
        return Ok(ExitCode::SUCCESS);
    }
    let (ds, _) = digests(&a.input)?;
    let Some(s) = all_stories(&ds).into_iter().find(|s| s.id == a.id) else {
        bail!(
            "no story {:?} in these inputs (see `newsgraph stories`)",
            a.id
        );
    };
    print!("{}", render(&s));
    Ok(ExitCode::SUCCESS)
}

/// The readable view of a story: what happened, when, who says so, where
/// sources disagree.
pub fn render(s: &Story) -> String {
    let mut o = String::new();
    let w = &mut o;
    use std::fmt::Write as _;
    let _ = writeln!(w, "Story {} — {}", s.id, s.title);
    let _ = writeln!(
        w,
        "{} → {} · {} documents · {} independent sources · languages {}",
        s.first_published.as_deref().unwrap_or("undated"),
        s.last_published.as_deref().unwrap_or("undated"),
        s.documents.len(),
        s.independent_sources,
        s.languages.join(", ")
    );
    let names: Vec<&str> = s.entities.iter().map(|e| e.name.as_str()).collect();
    let _ = writeln!(w, "Who and where: {}", names.join(", "));
    let _ = writeln!(w, "\nReports:");
    for d in &s.documents {
        let copy = d
            .copy_of
            .as_deref()
            .map(|c| format!(" (copy of {c})"))
            .unwrap_or_default();
        let _ = writeln!(
            w,
            "  {:<25} {:<30} {} [{}]{}",
            d.published.as_deref().unwrap_or("undated"),
            d.chain,
            d.id,
            d.language.as_deref().unwrap_or("und"),
            copy
        );
    }
    let _ = writeln!(
        w,
        "\nWhat happened (facts reported by several documents first):"
    );
    let mut facts: Vec<_> = s.facts.iter().collect();
    facts.sort_by_key(|f| f.time.clone().unwrap_or_else(|| "~".into()));
    for f in facts
        .iter()
        .filter(|f| f.mentions.len() > 1 || !f.conflicts.is_empty())
    {
        let _ = writeln!(
            w,
            "  {} {}: {} → {}{}{} — {} ({} independent; earliest {})",
            f.id,
            f.kind,
            if f.actor.is_empty() {
                "?".into()
            } else {
                f.actor.join(", ")
            },
            if f.target.is_empty() {
                "?".into()
            } else {
                f.target.join(", ")
            },
            f.place
                .as_deref()
                .map(|p| format!(" in {p}"))
                .unwrap_or_default(),
            f.time
                .as_deref()
                .map(|t| format!(" on {t}"))
                .unwrap_or_default(),
            f.modality_by_source
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join("; "),
            f.independent_sources,
            f.earliest_report.as_deref().unwrap_or("?")
        );
        for c in &f.conflicts {
            let vals: Vec<String> = c
                .values
                .iter()
                .map(|v| format!("{} ({})", v.value, v.documents.join(", ")))
                .collect();
            let _ = writeln!(
                w,
                "      ⚠ sources disagree on {}: {}",
                c.field,
                vals.join(" vs ")
            );
        }
    }
    let single = s
        .facts
        .iter()
        .filter(|f| f.mentions.len() <= 1 && f.conflicts.is_empty())
        .count();
    if single > 0 {
        let _ = writeln!(
            w,
            "  … and {single} facts with a single mention (see --format jsonl)"
        );
    }
    for q in &s.quote_conflicts {
        let vals: Vec<String> = q
            .conflict
            .values
            .iter()
            .map(|v| format!("{} ({})", v.value, v.documents.join(", ")))
            .collect();
        let _ = writeln!(
            w,
            "  ⚠ the words “{}” are attributed to {}",
            q.quote,
            vals.join(" vs ")
        );
    }
    o
}
