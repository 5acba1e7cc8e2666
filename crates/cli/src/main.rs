//! The `newsgraph` binary: a thin command-line layer over the stage crates.

mod analyze;
mod db;
mod entity;
mod eval;
mod eval_coref;
mod eval_events;
mod eval_ner;
mod eval_quotes;
mod eval_stories;
mod eval_time;
mod events;
mod export;
mod ingest;
mod input;
mod kb;
mod output;
mod quotes;
mod search;
mod serve;
mod sources;
mod stats;
mod stories;
mod text_view;
mod timeline;
mod train;
mod train_segment;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// newsgraph: who said what, who did what to whom, where and when — from
/// dated news articles, offline.
#[derive(Parser)]
#[command(name = "newsgraph", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyze articles (files, directories, `-` for standard input) and write
    /// one JSON document per line.
    Analyze(analyze::Args),
    /// Analyze articles (or take `analyze` JSONL with `--analyzed`) and
    /// store them in the corpus store.
    Ingest(ingest::Args),
    /// Full-text search over stored documents and quotes.
    Search(search::Args),
    /// Profile of a corpus entity.
    Entity(entity::Args),
    /// An entity's events and statements, ordered by when they happened.
    Timeline(timeline::Args),
    /// Stored quotations, by speaker and topic.
    Quotes(quotes::Args),
    /// Stored events, by actor, target, type, date and modality.
    Events(events::Args),
    /// Outlets in the store.
    Sources(sources::Args),
    /// What the store holds.
    Stats(stats::Args),
    /// Export events, quotes, entities or documents (CSV, JSONL, Parquet).
    Export(export::Args),
    /// Evaluate a stage against gold data.
    #[command(subcommand)]
    Eval(eval::EvalCommand),
    /// Train a model from annotated data.
    #[command(subcommand)]
    Train(train::TrainCommand),
    /// Group articles into stories: the same happening across outlets and
    /// languages, with copies, independent sources, facts and conflicts.
    Stories(stories::StoriesArgs),
    /// One story, readable: what happened, when, who says so, where sources
    /// disagree.
    Story(stories::StoryArgs),
    /// Knowledge base: build, look up names, import Wikidata.
    #[command(subcommand)]
    Kb(kb::KbCommand),
    /// Serve the HTTP API and web UI over a store (loopback, read-only by
    /// default).
    Serve(serve::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(a) => analyze::run(a),
        Command::Ingest(a) => ingest::run(a),
        Command::Search(a) => search::run(a),
        Command::Entity(a) => entity::run(a),
        Command::Timeline(a) => timeline::run(a),
        Command::Quotes(a) => quotes::run(a),
        Command::Events(a) => events::run(a),
        Command::Sources(a) => sources::run(a),
        Command::Stats(a) => stats::run(a),
        Command::Export(a) => export::run(a),
        Command::Eval(e) => eval::run(e),
        Command::Train(t) => train::run(t),
        Command::Kb(k) => kb::run(k),
        Command::Serve(s) => serve::run(s),
        Command::Stories(a) => stories::run(a),
        Command::Story(a) => stories::run_story(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("newsgraph: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
