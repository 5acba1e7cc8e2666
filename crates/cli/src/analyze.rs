//! `newsgraph analyze`: read → pipeline → JSONL / text / CoNLL-U as a
//! bounded streaming pipeline (see [`for_each_analyzed`], reusable by other
//! subcommands), in input order, one bad document never stopping the batch.

use anyhow::Context;
use clap::{Args as ClapArgs, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use newsgraph_doc::Document;
use newsgraph_read::{Input, InputFormat, ReadOptions, Unit};
use std::collections::{BTreeMap, HashMap};
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Output formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OutFormat {
    /// One JSON object per document per line (the documented contract).
    Json,
    /// A readable view.
    Text,
    /// CoNLL-U (sentences, words, and the syntax layer when present).
    Conllu,
}

/// Input format names for `--input-format`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum InFormat {
    /// Plain text.
    Text,
    /// JSON lines.
    Jsonl,
    /// HTML page.
    Html,
}

/// Arguments of `analyze`.
#[derive(ClapArgs)]
pub struct Args {
    /// Files or directories (recursive); `-` reads standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    format: OutFormat,
    /// Input format (default: by extension, else by content).
    #[arg(long, value_enum)]
    input_format: Option<InFormat>,
    /// Maximum size of one document in bytes.
    #[arg(long, default_value_t = 5_000_000)]
    max_bytes: usize,
    /// Time budget of one document in seconds: checked between stages, and a
    /// stage still running at twice the budget is abandoned; either way the
    /// document is reported as failed and the batch goes on.
    #[arg(long, default_value_t = 300.0)]
    max_seconds: f64,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// JSON output: leave out `tokens` and `multiword_tokens` (sentence
    /// token ranges become `[0, 0]`). Text and CoNLL-U output ignore it.
    #[arg(long)]
    no_tokens: bool,
    /// Text output: show each sentence's words with POS and lemma.
    #[arg(long)]
    show_tokens: bool,
    /// At the end, print on standard error the CPU time of each stage
    /// (reading, every pipeline stage, writing) summed over documents, and
    /// words per CPU-second (used by `bench/speed.sh`).
    #[arg(long)]
    stage_times: bool,
}

/// How a batch is run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Reader options.
    pub read: ReadOptions,
    /// Pipeline options.
    pub pipeline: newsgraph_pipeline::Options,
    /// Worker threads.
    pub threads: usize,
    /// Time budget of one document.
    pub max_seconds: f64,
    /// Most documents read but not yet handed to the sink.
    pub in_flight: usize,
}

impl Settings {
    /// Defaults: all cores, 300 s per document, 4 documents in flight per
    /// thread.
    pub fn new(read: ReadOptions, pipeline: newsgraph_pipeline::Options) -> Self {
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
        Settings {
            read,
            pipeline,
            threads,
            max_seconds: 300.0,
            in_flight: 4 * threads,
        }
    }
}

/// What the batch hands to its sink, in input order.
#[derive(Debug)]
pub enum Item {
    /// A path inside a directory that was skipped, and why.
    Skipped {
        /// The path.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// One document, read and analyzed, or the reason it could not be.
    Doc {
        /// Where it comes from: `file` or `file:line`.
        source: String,
        /// The document, or the error message (naming file and place).
        result: Result<Box<Document>, String>,
    },
}

/// Whether the sink wants more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Go on.
    Continue,
    /// Stop the batch (e.g. the output was closed).
    Stop,
}

enum Job {
    Unit(Unit),
    Skipped(PathBuf, String),
}

/// Reads, analyzes and hands to `sink` every document of `paths`, in input
/// order, with `settings.threads` workers and at most `settings.in_flight`
/// documents between reading and the sink (so memory does not grow with the
/// batch: a JSONL file streams line by line). Each document gets its time
/// budget; a panic in a stage fails that document only.
pub fn for_each_analyzed(
    paths: &[PathBuf],
    settings: &Settings,
    mut sink: impl FnMut(Item) -> Flow,
) {
    let inputs = newsgraph_read::walk_inputs(paths);
    let in_flight = settings.in_flight.max(1);
    // Gate: the producer may send unit `seq` only when seq < emitted + in_flight.
    let gate = Arc::new((Mutex::new((0usize, false)), Condvar::new()));
    let total: Arc<Mutex<Option<usize>>> = Arc::new(Mutex::new(None));
    let started: Arc<Mutex<HashMap<usize, (Instant, String)>>> = Arc::default();
    let (job_tx, job_rx) = mpsc::sync_channel::<(usize, Job)>(in_flight);
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (res_tx, res_rx) = mpsc::channel::<(usize, Item)>();

    {
        let gate = Arc::clone(&gate);
        let total = Arc::clone(&total);
        let ropts = settings.read.clone();
        std::thread::spawn(move || {
            let mut seq = 0usize;
            let jobs = inputs
                .into_iter()
                .flat_map(|i| -> Box<dyn Iterator<Item = Job> + Send> {
                    match i {
                        Input::File { path, id } => {
                            Box::new(newsgraph_read::units(&path, &id, &ropts).map(Job::Unit))
                        }
                        Input::Error(e) => Box::new(std::iter::once(Job::Unit(Unit::Error(e)))),
                        Input::Skipped { path, reason } => {
                            Box::new(std::iter::once(Job::Skipped(path, reason)))
                        }
                    }
                });
            for job in jobs {
                {
                    let (m, cv) = &*gate;
                    let Ok(mut g) = m.lock() else { return };
                    while seq >= g.0 + in_flight && !g.1 {
                        g = match cv.wait(g) {
                            Ok(g) => g,
                            Err(_) => return,
                        };
                    }
                    if g.1 {
                        return; // the sink stopped
                    }
                }
                if job_tx.send((seq, job)).is_err() {
                    return;
                }
                seq += 1;
            }
            if let Ok(mut t) = total.lock() {
                *t = Some(seq);
            }
        });
    }

    let spawn_worker = || {
        let job_rx = Arc::clone(&job_rx);
        let res_tx = res_tx.clone();
        let started = Arc::clone(&started);
        let settings = settings.clone();
        std::thread::spawn(move || loop {
            let next = match job_rx.lock() {
                Ok(rx) => rx.recv(),
                Err(_) => return,
            };
            let Ok((seq, job)) = next else { return };
            let source = match &job {
                Job::Unit(u) => u.source(),
                Job::Skipped(p, _) => p.display().to_string(),
            };
            if let Ok(mut s) = started.lock() {
                s.insert(seq, (Instant::now(), source));
            }
            let item = match job {
                Job::Skipped(path, reason) => Item::Skipped { path, reason },
                Job::Unit(unit) => work(unit, &settings),
            };
            if res_tx.send((seq, item)).is_err() {
                return;
            }
        });
    };
    for _ in 0..settings.threads.max(1) {
        spawn_worker();
    }

    let hard_limit = Duration::from_secs_f64((settings.max_seconds * 2.0).clamp(0.001, 1e9));
    let mut pending: BTreeMap<usize, Item> = BTreeMap::new();
    let mut next = 0usize;
    let stop = |gate: &(Mutex<(usize, bool)>, Condvar)| {
        if let Ok(mut g) = gate.0.lock() {
            g.1 = true;
        }
        gate.1.notify_all();
    };
    loop {
        if total.lock().ok().and_then(|t| *t) == Some(next) {
            break;
        }
        match res_rx.recv_timeout(Duration::from_millis(100)) {
            Ok((seq, item)) => {
                if seq >= next {
                    pending.insert(seq, item);
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                // A document whose stage runs far past its budget is given up:
                // reported, and its worker replaced so the batch keeps its pace.
                let overdue = started
                    .lock()
                    .ok()
                    .and_then(|s| s.get(&next).cloned())
                    .filter(|(t, _)| t.elapsed() > hard_limit && !pending.contains_key(&next));
                if let Some((_, source)) = overdue {
                    pending.insert(
                        next,
                        Item::Doc {
                            result: Err(format!(
                                "{source}: time budget exceeded: a stage was still running after {:.0} s (--max-seconds {}); document abandoned",
                                hard_limit.as_secs_f64(),
                                settings.max_seconds
                            )),
                            source,
                        },
                    );
                    spawn_worker();
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        while let Some(item) = pending.remove(&next) {
            if let Ok(mut s) = started.lock() {
                s.remove(&next);
            }
            next += 1;
            {
                let (m, cv) = &*gate;
                if let Ok(mut g) = m.lock() {
                    g.0 = next;
                }
                cv.notify_all();
            }
            if sink(item) == Flow::Stop {
                stop(&gate);
                return;
            }
        }
    }
    stop(&gate);
}

/// Reads and analyzes one unit within the time budget.
fn work(unit: Unit, settings: &Settings) -> Item {
    let source = unit.source();
    let t0 = Instant::now();
    let deadline = t0 + Duration::from_secs_f64(settings.max_seconds.clamp(0.0, 1e9));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let clock = newsgraph_pipeline::StageClock::start();
        let mut doc = newsgraph_read::read_unit(unit, &settings.read).map_err(|e| e.to_string())?;
        if let Some(t) = &settings.pipeline.stage_times {
            t.add("read", clock.elapsed());
        }
        newsgraph_pipeline::analyze_until(&mut doc, &settings.pipeline, Some(deadline))
            .map_err(|e| format!("{source}: {e} (--max-seconds {})", settings.max_seconds))?;
        Ok(Box::new(doc))
    }))
    .unwrap_or_else(|p| {
        let msg = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(format!("{source}: internal error while analyzing: {msg}"))
    });
    Item::Doc { source, result }
}

/// Runs `analyze`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let read = ReadOptions {
        format: a.input_format.map(|f| match f {
            InFormat::Text => InputFormat::Text,
            InFormat::Jsonl => InputFormat::Jsonl,
            InFormat::Html => InputFormat::Html,
        }),
        max_bytes: a.max_bytes,
    };
    if a.max_seconds.is_nan() || a.max_seconds <= 0.0 {
        anyhow::bail!("--max-seconds must be a positive number of seconds");
    }
    let pipeline = newsgraph_pipeline::Options {
        // Only the JSON output can leave tokens out: CoNLL-U is made of them.
        no_tokens: a.no_tokens && matches!(a.format, OutFormat::Json),
        stage_times: a
            .stage_times
            .then(|| Arc::new(newsgraph_pipeline::StageTimes::default())),
    };
    let times = pipeline.stage_times.clone();
    let mut settings = Settings::new(read, pipeline);
    if let Some(n) = a.threads {
        settings.threads = n.max(1);
        settings.in_flight = 4 * settings.threads;
    }
    settings.max_seconds = a.max_seconds;
    let mut out: Box<dyn Write> = match &a.output {
        Some(p) => Box::new(BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let bar = if std::io::stderr().is_terminal() {
        let b = ProgressBar::new_spinner();
        if let Ok(style) = ProgressStyle::with_template("{spinner} {pos} documents {elapsed}") {
            b.set_style(style);
        }
        b
    } else {
        ProgressBar::hidden()
    };
    let (mut ok, mut failed) = (0usize, 0usize);
    let mut write_error: Option<std::io::Error> = None;
    let view = crate::text_view::View {
        show_tokens: a.show_tokens,
    };
    // Reading standard input, the caller may be a stream: each document is
    // written through as soon as it is ready, not when the buffer fills.
    let stream = a.paths.iter().any(|p| p.as_os_str() == "-");
    for_each_analyzed(&a.paths, &settings, |item| {
        match item {
            Item::Skipped { path, reason } => {
                bar.suspend(|| eprintln!("newsgraph: skipped {}: {reason}", path.display()));
            }
            Item::Doc { source, result } => {
                bar.inc(1);
                match result {
                    Ok(doc) => {
                        for w in &doc.warnings {
                            bar.suspend(|| {
                                eprintln!("newsgraph: warning: {source} (id {}): {w}", doc.id)
                            });
                        }
                        let clock = newsgraph_pipeline::StageClock::start();
                        let written = write_doc(&mut out, &doc, a.format, &view).and_then(|()| {
                            if stream {
                                out.flush()
                            } else {
                                Ok(())
                            }
                        });
                        if let Some(t) = &times {
                            t.add("write", clock.elapsed());
                        }
                        if let Err(e) = written {
                            write_error = Some(e);
                            return Flow::Stop;
                        }
                        ok += 1;
                    }
                    Err(e) => {
                        bar.suspend(|| eprintln!("newsgraph: {e}"));
                        failed += 1;
                    }
                }
            }
        }
        Flow::Continue
    });
    bar.finish_and_clear();
    if let Some(t) = &times {
        print_stage_times(t);
    }
    let flushed = match write_error {
        Some(e) => Err(e),
        None => out.flush(),
    };
    if let Err(e) = flushed {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            // `| head`: the reader has what it wanted.
            return Ok(ExitCode::SUCCESS);
        }
        return Err(e).context("cannot write output");
    }
    if failed > 0 {
        eprintln!("newsgraph: {ok} documents analyzed, {failed} failed");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// `--stage-times`: one line per stage, then the total, on standard error.
fn print_stage_times(t: &newsgraph_pipeline::StageTimes) {
    let (stages, words, docs) = t.totals();
    let total: f64 = stages.iter().map(|(_, d)| d.as_secs_f64()).sum();
    let rate = |s: f64| if s > 0.0 { words as f64 / s } else { 0.0 };
    eprintln!("stage\tcpu_s\twords_per_cpu_s\t({docs} documents, {words} words)");
    for (name, d) in &stages {
        let s = d.as_secs_f64();
        eprintln!("{name}\t{s:.3}\t{:.0}", rate(s));
    }
    eprintln!("all stages\t{total:.3}\t{:.0}", rate(total));
}

fn write_doc(
    out: &mut dyn Write,
    doc: &Document,
    format: OutFormat,
    view: &crate::text_view::View,
) -> std::io::Result<()> {
    match format {
        OutFormat::Json => {
            serde_json::to_writer(&mut *out, doc)?;
            out.write_all(b"\n")
        }
        OutFormat::Text => out.write_all(view.render(doc).as_bytes()),
        OutFormat::Conllu => out.write_all(newsgraph_doc::conllu::write(doc).as_bytes()),
    }
}
