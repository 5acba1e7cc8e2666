//! Events: who did what to whom, where and when — PLOVER 2.0 coding of
//! French and English event mentions from the earlier layers.
//!
//! [`annotate`] fills [`Document::events`] from the dependency parse
//! (lemma, UPOS, features, heads), the entity layer (participants and
//! their CAMEO-style codes), the TIMEX layer (the event's own time) and
//! the quotes layer (statements, their speakers and what they report).
//! Predicates, their complement patterns, types and flags, and the
//! modality and role cues are data (`lang/<iso>/events.tsv`,
//! `lang/<iso>/event-cues.tsv`).
//!
//! Invariants: one event per trigger token; offsets index
//! [`Document::text`] in code points; events are in text order with ids
//! `v0`, `v1`…; a participant is only an entity (or a country named by
//! its adjective or a state pair) — implicit participants stay empty;
//! `time.value` is never the publication date (that is only a `bound`).

pub mod extract;
pub mod lexicon;

pub use extract::extract;
pub use lexicon::Lexicon;

use newsgraph_doc::Document;

/// Fills [`Document::events`] (replacing it). Documents in a language
/// without event dictionaries, or without a parse, get no events.
pub fn annotate(doc: &mut Document) {
    let lang = doc.language.clone().unwrap_or_default();
    let Some(lx) = Lexicon::for_language(&lang) else {
        doc.events.clear();
        return;
    };
    if doc
        .tokens
        .iter()
        .all(|t| t.head.is_none() && t.deprel.is_none())
    {
        doc.events.clear();
        return;
    }
    doc.events = extract(doc, lx);
}

/// Is `e` a plain statement: a reporting verb with no event entry of its
/// own (CAMEO root `01`, "make a public statement", which has no PLOVER
/// type; it is coded with the statement default type, CONSULT)?
/// Evaluations against CAMEO/PLOVER gold leave these out.
pub fn is_plain_statement(e: &newsgraph_doc::Event) -> bool {
    e.cameo.as_deref() == Some("01")
}
