//! `newsgraph events`: coded events by actor, target, type, date and
//! modality.

use crate::db::DbArg;
use crate::output::{emit, Column, FormatArg, PageArgs};
use clap::Args as ClapArgs;
use newsgraph_store::EventQuery;
use std::process::ExitCode;

/// Table and CSV columns of an event.
pub const EVENT_COLS: &[Column] = &[
    ("date", "date"),
    ("dated", "dated"),
    ("type", "type"),
    ("actors", "actors[].name"),
    ("targets", "targets[].name"),
    ("place", "place"),
    ("trigger", "trigger"),
    ("modality", "modality"),
    ("source", "source_speaker"),
    ("doc", "doc_id"),
    ("published", "published"),
];

/// Arguments of `events`.
#[derive(ClapArgs)]
pub struct Args {
    /// With this actor.
    #[arg(long)]
    actor: Option<String>,
    /// With this target.
    #[arg(long)]
    target: Option<String>,
    /// PLOVER type (AGREE, CONSULT…).
    #[arg(long = "type")]
    kind: Option<String>,
    /// Event date on or after (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Event date on or before (inclusive).
    #[arg(long)]
    to: Option<String>,
    /// Main modality (asserted, reported, planned…).
    #[arg(long)]
    modality: Option<String>,
    #[command(flatten)]
    page: PageArgs,
    #[command(flatten)]
    format: FormatArg,
    #[command(flatten)]
    db: DbArg,
}

/// Runs `events`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let store = a.db.open_existing()?;
    let rows = store.events(&EventQuery {
        actor: a.actor.clone(),
        target: a.target.clone(),
        kind: a.kind.clone(),
        from: a.from.clone(),
        to: a.to.clone(),
        modality: a.modality.clone(),
        page: a.page.page(),
    })?;
    emit(&rows, EVENT_COLS, a.format.get())?;
    Ok(ExitCode::SUCCESS)
}
