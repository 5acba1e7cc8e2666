//! `newsgraph quotes`: quotations by a speaker, about an entity.

use crate::db::DbArg;
use crate::output::{emit, Column, FormatArg, PageArgs};
use crate::search::FilterArgs;
use clap::Args as ClapArgs;
use newsgraph_store::QuoteQuery;
use std::process::ExitCode;

/// Table and CSV columns of a quote.
pub const QUOTE_COLS: &[Column] = &[
    ("published", "published"),
    ("speaker", "speaker"),
    ("quote", "text"),
    ("kind", "kind"),
    ("cue", "cue"),
    ("via", "via"),
    ("doc", "doc_id"),
    ("source", "source"),
    ("url", "url"),
];

/// Arguments of `quotes`.
#[derive(ClapArgs)]
pub struct Args {
    /// Said by this entity.
    #[arg(long)]
    speaker: Option<String>,
    /// Mentioning this entity inside the quote.
    #[arg(long)]
    about: Option<String>,
    #[command(flatten)]
    filter: FilterArgs,
    #[command(flatten)]
    page: PageArgs,
    #[command(flatten)]
    format: FormatArg,
    #[command(flatten)]
    db: DbArg,
}

/// Runs `quotes`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let store = a.db.open_existing()?;
    let rows = store.quotes(&QuoteQuery {
        speaker: a.speaker.clone(),
        about: a.about.clone(),
        filter: a.filter.filter(),
        page: a.page.page(),
    })?;
    emit(&rows, QUOTE_COLS, a.format.get())?;
    Ok(ExitCode::SUCCESS)
}
