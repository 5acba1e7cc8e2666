//! `newsgraph entity`: the profile of a corpus entity.

use crate::db::DbArg;
use crate::output::{emit, emit_one, heading, Format, FormatArg};
use crate::{events::EVENT_COLS, quotes::QUOTE_COLS};
use clap::Args as ClapArgs;
use std::process::ExitCode;

/// Arguments of `entity`.
#[derive(ClapArgs)]
pub struct Args {
    /// Name, alias, KB id (`Q159`) or corpus key (`PER:jean dupont`).
    name: String,
    /// Rows per list (aliases, co-occurring, quotes, events).
    #[arg(long, default_value_t = 10)]
    limit: u64,
    #[command(flatten)]
    format: FormatArg,
    #[command(flatten)]
    db: DbArg,
}

/// Runs `entity`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let store = a.db.open_existing()?;
    let Some(p) = store.entity_profile(&a.name, a.limit)? else {
        eprintln!("newsgraph: no entity matches {:?}", a.name);
        return Ok(ExitCode::from(1));
    };
    let format = a.format.get();
    if format == Format::Jsonl {
        return emit(std::slice::from_ref(&p), &[], format).map(|_| ExitCode::SUCCESS);
    }
    emit_one(
        &p.entity,
        &[
            ("name", "name"),
            ("key", "key"),
            ("type", "type"),
            ("kb", "kb"),
            ("code", "code"),
            ("mentions", "mentions"),
            ("documents", "documents"),
        ],
        format,
    )?;
    if format == Format::Table {
        heading(format, "aliases");
        emit(
            &p.aliases,
            &[
                ("language", "language"),
                ("alias", "alias"),
                ("count", "count"),
            ],
            format,
        )?;
        heading(format, "co-occurring");
        emit(
            &p.cooccurring,
            &[
                ("name", "name"),
                ("type", "type"),
                ("key", "key"),
                ("documents", "documents"),
            ],
            format,
        )?;
        heading(format, "latest quotes");
        emit(&p.quotes, QUOTE_COLS, format)?;
        heading(format, "latest events");
        emit(&p.events, EVENT_COLS, format)?;
    }
    Ok(ExitCode::SUCCESS)
}
