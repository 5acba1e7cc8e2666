//! `newsgraph stats`: what the store holds.

use crate::db::DbArg;
use crate::output::{emit_one, FormatArg};
use clap::Args as ClapArgs;
use std::process::ExitCode;

/// Arguments of `stats`.
#[derive(ClapArgs)]
pub struct Args {
    #[command(flatten)]
    format: FormatArg,
    #[command(flatten)]
    db: DbArg,
}

/// Runs `stats`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let store = a.db.open_existing()?;
    let s = store.stats()?;
    #[derive(serde::Serialize)]
    struct Row<'a> {
        #[serde(flatten)]
        s: &'a newsgraph_store::Stats,
        langs: String,
    }
    let langs = s
        .languages
        .iter()
        .map(|c| format!("{} {}", c.value, c.count))
        .collect::<Vec<_>>()
        .join(", ");
    emit_one(
        &Row { s: &s, langs },
        &[
            ("schema version", "schema_version"),
            ("documents", "documents"),
            ("sentences", "sentences"),
            ("entities", "entities"),
            ("mentions", "mentions"),
            ("timexes", "timexes"),
            ("quotes", "quotes"),
            ("events", "events"),
            ("sources", "sources"),
            ("languages", "langs"),
            ("first published", "first_published"),
            ("last published", "last_published"),
        ],
        a.format.get(),
    )?;
    Ok(ExitCode::SUCCESS)
}
