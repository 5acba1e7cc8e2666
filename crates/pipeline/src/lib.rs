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

/// Runs every stage over `doc`.
pub fn analyze(doc: &mut Document, opts: &Options) {
    identify_language(doc);
    newsgraph_segment::segment(doc);
    newsgraph_syntax::annotate(doc);
    newsgraph_entities::annotate(doc);
    newsgraph_time::tag(doc);
    newsgraph_quotes::quote(doc);
    newsgraph_events::annotate(doc);
    if opts.no_tokens {
        doc.tokens.clear();
        doc.multiword_tokens.clear();
    }
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
