//! `newsgraph timeline`: an entity's events and statements ordered by when
//! they happened.

use crate::db::DbArg;
use crate::output::{emit, Format, FormatArg, PageArgs};
use clap::Args as ClapArgs;
use std::process::ExitCode;

/// Arguments of `timeline`.
#[derive(ClapArgs)]
pub struct Args {
    /// Name, alias, KB id or corpus key.
    name: String,
    /// From this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Up to this date (inclusive).
    #[arg(long)]
    to: Option<String>,
    #[command(flatten)]
    page: PageArgs,
    #[command(flatten)]
    format: FormatArg,
    #[command(flatten)]
    db: DbArg,
}

/// Runs `timeline`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let store = a.db.open_existing()?;
    let Some(t) = store.timeline(&a.name, a.from.as_deref(), a.to.as_deref(), a.page.page())?
    else {
        eprintln!("newsgraph: no entity matches {:?}", a.name);
        return Ok(ExitCode::from(1));
    };
    let format = a.format.get();
    if format == Format::Table {
        println!(
            "{} ({}, {}) — dates marked * are publication dates (no date of its own)",
            t.entity.name, t.entity.kind, t.entity.key
        );
    }
    #[derive(serde::Serialize)]
    struct Row<'a> {
        #[serde(flatten)]
        item: &'a newsgraph_store::TimelineItem,
        when: String,
        doc_id: Option<&'a str>,
        url: Option<&'a str>,
    }
    if format == Format::Jsonl {
        return emit(&t.items, &[], format).map(|_| ExitCode::SUCCESS);
    }
    let rows: Vec<Row> = t
        .items
        .iter()
        .map(|i| {
            let doc = i
                .event
                .as_ref()
                .map(|e| &e.doc)
                .or(i.quote.as_ref().map(|q| &q.doc));
            Row {
                item: i,
                when: format!("{}{}", i.date, if i.dated { "" } else { "*" }),
                doc_id: doc.map(|d| d.doc_id.as_str()),
                url: doc.and_then(|d| d.url.as_deref()),
            }
        })
        .collect();
    emit(
        &rows,
        &[
            ("when", "when"),
            ("dated", "dated"),
            ("kind", "kind"),
            ("what", "summary"),
            ("doc", "doc_id"),
            ("url", "url"),
        ],
        format,
    )?;
    Ok(ExitCode::SUCCESS)
}
