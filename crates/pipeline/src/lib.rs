//! The pipeline: a document flows one way through the stages
//! (read → language → segment → tag/parse → entities → time → quotes →
//! events), each adding its layer to the shared [`Document`].
//!
//! Invariant: a stage never fails the document; problems become
//! [`Document::warnings`].

use newsgraph_doc::Document;

/// Pipeline options.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Drop the `tokens` layer from the output (stages still use it).
    pub no_tokens: bool,
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
        stage(doc);
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
