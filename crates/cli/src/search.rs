//! `newsgraph search`: full text over documents and quotes, ranked, with
//! highlighted snippets.

use crate::db::DbArg;
use crate::output::{emit, Format, FormatArg, PageArgs};
use clap::Args as ClapArgs;
use newsgraph_store::{DocFilter, SearchHit, SearchQuery};
use std::process::ExitCode;

/// Document filters shared by `search` and `quotes`.
#[derive(ClapArgs)]
pub struct FilterArgs {
    /// Published on or after (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Published on or before (inclusive of the whole month or year).
    #[arg(long)]
    pub to: Option<String>,
    /// Language code.
    #[arg(long)]
    pub lang: Option<String>,
    /// Outlet.
    #[arg(long)]
    pub source: Option<String>,
    /// Documents mentioning this entity (name, alias, KB id or key).
    #[arg(long)]
    pub entity: Option<String>,
}

impl FilterArgs {
    /// As a store filter.
    pub fn filter(&self) -> DocFilter {
        DocFilter {
            from: self.from.clone(),
            to: self.to.clone(),
            language: self.lang.clone(),
            source: self.source.clone(),
            entity: self.entity.clone(),
        }
    }
}

/// Arguments of `search`.
#[derive(ClapArgs)]
pub struct Args {
    /// Words to find (all of them; `word*` for a prefix; accents and case
    /// ignored).
    query: String,
    #[command(flatten)]
    filter: FilterArgs,
    #[command(flatten)]
    page: PageArgs,
    #[command(flatten)]
    format: FormatArg,
    #[command(flatten)]
    db: DbArg,
}

/// The snippet with its matches in brackets, for table and CSV.
#[derive(serde::Serialize)]
struct Row<'a> {
    #[serde(flatten)]
    hit: &'a SearchHit,
    marked: String,
}

fn mark(h: &SearchHit) -> String {
    let mut out = String::new();
    for (i, c) in h.snippet.chars().enumerate() {
        if h.highlights.iter().any(|s| s[0] == i) {
            out.push('[');
        }
        out.push(c);
        if h.highlights.iter().any(|s| s[1] == i + 1) {
            out.push(']');
        }
    }
    out
}

/// Runs `search`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let store = a.db.open_existing()?;
    let hits = store.search(&SearchQuery {
        text: a.query.clone(),
        filter: a.filter.filter(),
        page: a.page.page(),
    })?;
    let format = a.format.get();
    if format == Format::Jsonl {
        emit(&hits, &[], format)?;
    } else {
        let rows: Vec<Row> = hits
            .iter()
            .map(|h| Row {
                hit: h,
                marked: mark(h),
            })
            .collect();
        emit(
            &rows,
            &[
                ("score", "score"),
                ("kind", "kind"),
                ("doc", "doc_id"),
                ("published", "published"),
                ("source", "source"),
                ("speaker", "speaker"),
                ("snippet", "marked"),
            ],
            format,
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
