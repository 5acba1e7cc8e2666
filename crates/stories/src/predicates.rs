//! Fallback event mentions read from the parse, for documents whose events
//! layer is empty (before the events stage runs, or in a language it does not
//! cover): each verb with a named participant becomes a mention typed
//! `lemma:<lang>:<lemma>`, with subject as actor, object as target, a
//! dependent place, a day date from the sentence, and negation or denial
//! from `lang/<iso>/stories.txt`.
//!
//! Invariant: these mentions are only used when `Document::events` is empty;
//! their types are language-specific, so they merge facts within one
//! language only.

use crate::lexicon::Lexicon;
use newsgraph_doc::{ArgRef, Cue, Document, Event, EventTime, Modality, TimeBasis, TimexType};

/// The entity id whose mention covers token `t`, if any.
fn entity_at(doc: &Document, t: usize) -> Option<(&str, &str)> {
    let tok = doc.tokens.get(t)?;
    doc.entities.iter().find_map(|e| {
        e.mentions
            .iter()
            .any(|m| m.start <= tok.start && tok.end <= m.end)
            .then_some((e.id.as_str(), e.kind.as_str()))
    })
}

/// The participant a token names: the entity covering it, else one covering
/// a name attached to it (`le groupe Arvex`, `le ministre Paul Mercier`).
fn arg(doc: &Document, t: usize) -> Option<ArgRef> {
    let (id, _) = entity_at(doc, t).or_else(|| {
        let lo = t.saturating_sub(30);
        let hi = (t + 30).min(doc.tokens.len());
        doc.tokens
            .get(lo..hi)?
            .iter()
            .enumerate()
            .find_map(|(k, tok)| {
                let c = lo + k;
                let rel = tok.deprel.as_deref().unwrap_or("");
                (tok.head == Some(t)
                    && tok.upos.as_deref() == Some("PROPN")
                    && (rel.starts_with("flat") || rel.starts_with("appos") || rel == "nmod"))
                    .then(|| entity_at(doc, c))
                    .flatten()
            })
    })?;
    let e = doc.entities.iter().find(|e| e.id == id)?;
    Some(ArgRef {
        entity: Some(id.to_string()),
        text: e.name.clone(),
        code: e.code.clone(),
    })
}

/// Candidate predicates: verbs (not auxiliaries) of each sentence, as token
/// indices with their sentence.
pub fn verbs(doc: &Document) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (si, s) in doc.sentences.iter().enumerate() {
        for t in s.tokens[0]..s.tokens[1].min(doc.tokens.len()) {
            let tok = &doc.tokens[t];
            if tok.upos.as_deref() == Some("VERB") {
                out.push((t, si));
            }
        }
    }
    out
}

/// Event mentions derived from the parse (see the module note).
pub fn from_parse(doc: &Document) -> Vec<Event> {
    let lang = doc.language.as_deref().unwrap_or("und");
    let lx = Lexicon::of(lang);
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); doc.tokens.len()];
    for (i, t) in doc.tokens.iter().enumerate() {
        if let Some(h) = t.head {
            if let Some(c) = children.get_mut(h) {
                c.push(i);
            }
        }
    }
    let lemma = |i: usize| -> String {
        doc.tokens
            .get(i)
            .map(|t| {
                t.lemma
                    .clone()
                    .unwrap_or_else(|| t.text.clone())
                    .to_lowercase()
            })
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for (t, si) in verbs(doc) {
        let (mut actors, mut targets, mut place) = (Vec::new(), Vec::new(), None);
        let mut negated = false;
        for &c in &children[t] {
            let rel = doc.tokens[c].deprel.as_deref().unwrap_or("");
            let base = rel.split(':').next().unwrap_or(rel);
            if lx.negation.contains(&lemma(c)) && (base == "advmod" || base == "det") {
                negated = true;
            }
            match rel {
                "nsubj" | "obl:agent" => actors.extend(arg(doc, c)),
                "obj" | "iobj" | "nsubj:pass" => targets.extend(arg(doc, c)),
                _ if base == "obl" || base == "nmod" => {
                    if let Some((_, kind)) = entity_at(doc, c) {
                        if (kind == "GPE" || kind == "LOC") && place.is_none() {
                            place = arg(doc, c);
                        }
                    }
                }
                _ => {}
            }
        }
        // a verb under a denial verb is denied by that verb's subject
        let mut source = None;
        let mut denied = false;
        if let Some(h) = doc.tokens[t].head {
            let rel = doc.tokens[t].deprel.as_deref().unwrap_or("");
            if (rel.starts_with("ccomp") || rel.starts_with("xcomp"))
                && lx.denial.contains(&lemma(h))
            {
                denied = true;
                source = children
                    .get(h)
                    .into_iter()
                    .flatten()
                    .find(|&&c| doc.tokens[c].deprel.as_deref() == Some("nsubj"))
                    .and_then(|&c| arg(doc, c));
                if actors.is_empty() {
                    if let Some(s) = &source {
                        actors.push(s.clone());
                    }
                }
            }
        }
        if actors.is_empty() && targets.is_empty() {
            continue;
        }
        let sent = doc.sentences[si];
        let time = doc
            .timexes
            .iter()
            .enumerate()
            .filter(|(_, x)| x.start >= sent.start && x.end <= sent.end)
            .filter(|(_, x)| matches!(x.kind, TimexType::Date | TimexType::Time))
            .min_by_key(|(_, x)| x.start.abs_diff(doc.tokens[t].start))
            .map(|(i, x)| EventTime {
                value: Some(x.value.clone()),
                timex: Some(i),
                basis: Some(TimeBasis::Timex),
                bound: None,
            })
            .unwrap_or(EventTime {
                value: None,
                timex: None,
                basis: None,
                bound: None,
            });
        let tok = &doc.tokens[t];
        out.push(Event {
            id: format!("p{}", out.len()),
            kind: format!("lemma:{lang}:{}", lemma(t)),
            mode: None,
            cameo: None,
            trigger: Cue {
                start: tok.start,
                end: tok.end,
                text: tok.text.clone(),
                lemma: lemma(t),
            },
            actors,
            targets,
            place,
            time,
            modality: if denied {
                Modality::Denied
            } else if negated {
                Modality::Negated
            } else {
                Modality::Asserted
            },
            modifiers: Vec::new(),
            source,
            reported_by: None,
            quote: None,
            sentence: si,
        });
    }
    out
}
