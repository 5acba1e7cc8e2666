//! The `newsgraph` binary: a thin command-line layer over the stage crates.

mod analyze;
mod eval;
mod eval_ner;
mod eval_quotes;
mod eval_time;
mod kb;
mod serve;
mod text_view;
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
    /// Evaluate a stage against gold data.
    #[command(subcommand)]
    Eval(eval::EvalCommand),
    /// Train a model from annotated data.
    #[command(subcommand)]
    Train(train::TrainCommand),
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
        Command::Eval(e) => eval::run(e),
        Command::Train(t) => train::run(t),
        Command::Kb(k) => kb::run(k),
        Command::Serve(s) => serve::run(s),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("newsgraph: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
