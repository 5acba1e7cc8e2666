//! The pipeline: a document flows one way through the stages
//! (read → language → segment → tag/parse → entities → time → quotes →
//! events), each adding its layer to the shared [`Document`].
//!
//! Invariant: a stage never fails the document; problems become
//! [`Document::warnings`].

use newsgraph_doc::Document;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Pipeline options.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Drop the `tokens` layer from the output (stages still use it).
    pub no_tokens: bool,
    /// When set, every stage's CPU time (of the thread running it) is added
    /// here, for `analyze --stage-times` and `bench/speed.sh`.
    pub stage_times: Option<Arc<StageTimes>>,
}

/// CPU time spent in each stage, summed over documents and threads.
#[derive(Debug, Default)]
pub struct StageTimes {
    inner: Mutex<Totals>,
}

#[derive(Debug, Default, Clone)]
struct Totals {
    by_stage: Vec<(String, Duration)>,
    tokens: u64,
    documents: u64,
}

impl StageTimes {
    /// Adds `d` to `stage`'s total.
    pub fn add(&self, stage: &str, d: Duration) {
        if let Ok(mut t) = self.inner.lock() {
            match t.by_stage.iter_mut().find(|(n, _)| n == stage) {
                Some((_, x)) => *x += d,
                None => t.by_stage.push((stage.to_string(), d)),
            }
        }
    }

    /// Counts one analyzed document of `tokens` words.
    pub fn count_document(&self, tokens: usize) {
        if let Ok(mut t) = self.inner.lock() {
            t.tokens += tokens as u64;
            t.documents += 1;
        }
    }

    /// Stage names with their summed CPU time, in first-run order; the
    /// number of words and of documents counted.
    pub fn totals(&self) -> (Vec<(String, Duration)>, u64, u64) {
        match self.inner.lock() {
            Ok(t) => (t.by_stage.clone(), t.tokens, t.documents),
            Err(_) => (Vec::new(), 0, 0),
        }
    }
}

/// CPU time of the calling thread so far: Linux's
/// `/proc/thread-self/schedstat` (nanoseconds on a CPU), so that other
/// processes on a shared machine do not count; `None` elsewhere.
pub fn thread_cpu_time() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// A clock for one stage: thread CPU time where available, else wall time.
#[derive(Debug, Clone, Copy)]
pub struct StageClock {
    cpu: Option<Duration>,
    wall: Instant,
}

impl StageClock {
    /// Starts the clock.
    pub fn start() -> Self {
        StageClock {
            cpu: thread_cpu_time(),
            wall: Instant::now(),
        }
    }

    /// Time since [`StageClock::start`] (CPU of this thread, or wall).
    pub fn elapsed(&self) -> Duration {
        match (self.cpu, thread_cpu_time()) {
            (Some(a), Some(b)) => b.saturating_sub(a),
            _ => self.wall.elapsed(),
        }
    }
}

/// A stage: a pure function over the document adding its layer.
pub type Stage = fn(&mut Document);

/// The stages in order, with their names (for time-budget reports).
pub const STAGES: &[(&str, Stage)] = &[
    ("language", identify_language),
    ("segment", newsgraph_segment::segment),
    ("syntax", newsgraph_syntax::annotate),
    ("entities", newsgraph_entities::annotate),
    ("time", newsgraph_time::tag),
    ("quotes", newsgraph_quotes::quote),
    ("events", newsgraph_events::annotate),
];

/// A document ran out of its time budget.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("time budget exceeded after {elapsed_ms} ms, before the {stage} stage")]
pub struct OutOfTime {
    /// The stage that was not started.
    pub stage: &'static str,
    /// Time spent on the document so far.
    pub elapsed_ms: u128,
}

/// Runs every stage over `doc`.
pub fn analyze(doc: &mut Document, opts: &Options) {
    let _ = analyze_until(doc, opts, None);
}

/// Runs every stage over `doc`, checking `deadline` before each stage (a
/// cooperative budget: a stage is never interrupted, the next one is not
/// started). On `Err` the document holds the layers finished so far.
pub fn analyze_until(
    doc: &mut Document,
    opts: &Options,
    deadline: Option<std::time::Instant>,
) -> Result<(), OutOfTime> {
    let start = std::time::Instant::now();
    for (name, stage) in STAGES {
        if deadline.is_some_and(|d| std::time::Instant::now() > d) {
            return Err(OutOfTime {
                stage: name,
                elapsed_ms: start.elapsed().as_millis(),
            });
        }
        match &opts.stage_times {
            Some(times) => {
                let clock = StageClock::start();
                stage(doc);
                times.add(name, clock.elapsed());
            }
            None => stage(doc),
        }
    }
    if let Some(times) = &opts.stage_times {
        times.count_document(doc.tokens.len());
    }
    if opts.no_tokens {
        doc.tokens.clear();
        doc.multiword_tokens.clear();
        for s in &mut doc.sentences {
            s.tokens = [0, 0];
        }
    }
    Ok(())
}

/// Sets [`Document::language`] when absent; warns when the language is not
/// supported (only language-independent layers are then produced).
pub fn identify_language(doc: &mut Document) {
    let code = match doc.language.as_deref() {
        Some(l) if !l.is_empty() => l.to_string(),
        _ => {
            let d = newsgraph_lang::detect(&doc.text);
            doc.language = Some(d.code.clone());
            d.code
        }
    };
    if !newsgraph_lang::is_supported(&code) {
        doc.warnings.push(format!(
            "language {code:?} is not supported: only language-independent layers are produced"
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_times_cover_every_stage_and_count_words() {
        let times = Arc::new(StageTimes::default());
        let opts = Options {
            stage_times: Some(Arc::clone(&times)),
            ..Options::default()
        };
        // An unsupported language: the language-independent stages run, the
        // models are not loaded, and the test stays fast.
        let mut doc = Document::new("t", "Zzz qqq vvv. Www xxx.");
        doc.language = Some("xx".into());
        analyze(&mut doc, &opts);
        let (stages, words, docs) = times.totals();
        let names: Vec<&str> = stages.iter().map(|(n, _)| n.as_str()).collect();
        let expected: Vec<&str> = STAGES.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, expected);
        assert_eq!(docs, 1);
        assert_eq!(words, doc.tokens.len() as u64);
    }

    #[test]
    fn thread_cpu_time_grows() {
        let Some(a) = thread_cpu_time() else {
            return; // not Linux: StageClock falls back to wall time
        };
        let mut x = 0u64;
        for i in 0..2_000_000u64 {
            x = x.wrapping_mul(31).wrapping_add(i);
        }
        std::hint::black_box(x);
        let b = thread_cpu_time().unwrap_or_default();
        assert!(b > a, "{b:?} <= {a:?}");
    }
}
