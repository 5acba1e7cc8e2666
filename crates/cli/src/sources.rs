//! `newsgraph sources`: outlets with their document counts.

use crate::db::DbArg;
use crate::output::{emit, FormatArg, PageArgs};
use clap::Args as ClapArgs;
use std::process::ExitCode;

/// Arguments of `sources`.
#[derive(ClapArgs)]
pub struct Args {
    #[command(flatten)]
    page: PageArgs,
    #[command(flatten)]
    format: FormatArg,
    #[command(flatten)]
    db: DbArg,
}

/// Runs `sources`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let store = a.db.open_existing()?;
    let rows = store.sources(a.page.page())?;
    emit(
        &rows,
        &[
            ("source", "source"),
            ("documents", "documents"),
            ("first", "first_published"),
            ("last", "last_published"),
        ],
        a.format.get(),
    )?;
    Ok(ExitCode::SUCCESS)
}
