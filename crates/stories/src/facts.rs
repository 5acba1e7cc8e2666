//! Facts: the event mentions of one story that describe the same happening,
//! merged; and the contradictions between the reports of a fact (time,
//! place, actor, target, number, assertion) or of a quotation (speaker).
//!
//! Invariant: two mentions merge only with the same event type and a shared
//! participant identity (corpus entity key) in the same role; mentions whose
//! day dates lie more than [`SAME_HAPPENING_DAYS`] apart stay separate facts
//! (a later happening of the same kind), closer ones that differ are a
//! `time` conflict.

use crate::digest::{Digest, FactMention};
use crate::features::value_day;
use crate::predicates;
use newsgraph_doc::{Document, Event, Modality};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Day dates further apart than this are different happenings.
pub const SAME_HAPPENING_DAYS: i64 = 7;

/// Where a document comes from, as the story sees it.
#[derive(Debug, Clone)]
pub struct DocSource {
    /// The outlet that published it (source, else URL host, else the id).
    pub outlet: String,
    /// The independent origin it counts as: the agency it relays, or the
    /// origin of the document it copies, else its outlet.
    pub origin: String,
}

/// A mention of a fact.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct MentionOut {
    /// Document id.
    pub document: String,
    /// Sentence index in the document.
    pub sentence: usize,
}

/// One value of a conflicting field with the documents giving it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ConflictValue {
    /// The value as reported.
    pub value: String,
    /// Ids of the documents giving it.
    pub documents: Vec<String>,
}

/// A field on which the reports of a fact disagree.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Conflict {
    /// `time`, `place`, `actor`, `target`, `number`, `assertion` (or
    /// `speaker` for quotations).
    pub field: String,
    /// The values, each with its documents.
    pub values: Vec<ConflictValue>,
}

/// One happening, merged from its mentions across the story's documents.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Fact {
    /// Id within the story (`f0`, `f1`, …).
    pub id: String,
    /// Event type (PLOVER, or `lemma:<lang>:<lemma>` for parse fallbacks).
    #[serde(rename = "type")]
    pub kind: String,
    /// Actor names (most reported first).
    pub actor: Vec<String>,
    /// Target names.
    pub target: Vec<String>,
    /// Place name, the most reported.
    pub place: Option<String>,
    /// Event date, the most reported (TIMEX3 value).
    pub time: Option<String>,
    /// Outlets reporting it.
    pub sources: Vec<String>,
    /// Per outlet: `asserted`, `reported by X`, `denied by X`, …
    pub modality_by_source: BTreeMap<String, String>,
    /// Every mention.
    pub mentions: Vec<MentionOut>,
    /// Id of the earliest document reporting it.
    pub earliest_report: Option<String>,
    /// Number of independent origins reporting it.
    pub independent_sources: usize,
    /// Fields on which the reports disagree.
    pub conflicts: Vec<Conflict>,
}

/// The same quoted words attributed to different speakers.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct QuoteConflict {
    /// The quoted words (as in the first document).
    pub quote: String,
    /// Always `speaker`, with each speaker and its documents.
    #[serde(flatten)]
    pub conflict: Conflict,
}

struct M<'a> {
    doc: usize,
    ev: &'a FactMention,
    actors: BTreeSet<&'a str>,
    targets: BTreeSet<&'a str>,
    day: Option<i64>,
}

fn names(ms: &[&M], pick: impl Fn(&M) -> Vec<String>) -> Vec<String> {
    let mut c: HashMap<String, usize> = HashMap::new();
    for m in ms {
        for n in pick(m) {
            *c.entry(n).or_default() += 1;
        }
    }
    let mut v: Vec<(usize, String)> = c.into_iter().map(|(n, k)| (k, n)).collect();
    v.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    v.into_iter().map(|p| p.1).collect()
}

fn modality_word(m: Modality) -> &'static str {
    match m {
        Modality::Asserted => "asserted",
        Modality::Reported => "reported",
        Modality::Planned => "planned",
        Modality::Conditional => "conditional",
        Modality::Negated => "negated",
        Modality::Hypothetical => "hypothetical",
        Modality::Denied => "denied",
    }
}

fn describe_modality(e: &FactMention) -> String {
    let w = modality_word(e.modality);
    match (&e.source, e.modality) {
        (Some(s), Modality::Reported | Modality::Denied) => format!("{w} by {s}"),
        _ => w.to_string(),
    }
}

/// The event mentions of a document: its events layer (PLOVER-coded
/// political events), plus the parse fallback for the predicates that layer
/// does not code (economic and other happenings: "supprimer 450 emplois"),
/// so that a story's facts cover what its reports say happened.
pub fn mentions_of(doc: &Document) -> std::borrow::Cow<'_, [Event]> {
    let fallback = predicates::from_parse(doc);
    if doc.events.is_empty() {
        return std::borrow::Cow::Owned(fallback);
    }
    let coded: std::collections::HashSet<usize> =
        doc.events.iter().map(|e| e.trigger.start).collect();
    let mut all = doc.events.clone();
    all.extend(
        fallback
            .into_iter()
            .filter(|e| !coded.contains(&e.trigger.start)),
    );
    std::borrow::Cow::Owned(all)
}

/// True for a parse fallback type (`lemma:<lang>:<lemma>`), false for a
/// type coded by the events layer.
fn is_fallback(kind: &str) -> bool {
    kind.starts_with("lemma:")
}

/// Same type, or the same trigger lemma where one side is a parse fallback
/// (the events layer coded one report's predicate and not the other's).
fn compatible_types(a: &FactMention, b: &FactMention) -> bool {
    a.kind == b.kind
        || ((is_fallback(&a.kind) || is_fallback(&b.kind))
            && a.lemma.is_some()
            && a.lemma == b.lemma)
}

fn same_fact(a: &M, b: &M) -> bool {
    if !compatible_types(a.ev, b.ev) {
        return false;
    }
    if let (Some(x), Some(y)) = (a.day, b.day) {
        if (x - y).abs() > SAME_HAPPENING_DAYS {
            return false;
        }
    }
    let share_a = !a.actors.is_disjoint(&b.actors);
    let share_t = !a.targets.is_disjoint(&b.targets);
    let empty_a = a.actors.is_empty() || b.actors.is_empty();
    let empty_t = a.targets.is_empty() || b.targets.is_empty();
    let same_day = a.day.is_some() && a.day == b.day;
    (share_a && (share_t || empty_t || same_day)) || (share_t && (empty_a || same_day))
}

/// Merges the event mentions of a story's documents into facts, with their
/// conflicts. `docs` and `sources` are parallel.
pub fn facts(docs: &[&Digest], sources: &[DocSource]) -> Vec<Fact> {
    let mut ms: Vec<M> = Vec::new();
    for (di, doc) in docs.iter().enumerate() {
        for ev in &doc.mentions {
            ms.push(M {
                doc: di,
                ev,
                actors: ev.actors.iter().map(|p| p.key.as_str()).collect(),
                targets: ev.targets.iter().map(|p| p.key.as_str()).collect(),
                day: ev.time.as_deref().and_then(value_day),
            });
        }
    }
    // union-find, blocked by type
    let mut parent: Vec<usize> = (0..ms.len()).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    // blocks: one per type, one per trigger lemma (coded and fallback
    // mentions of the same word meet there)
    let mut by_kind: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_lemma: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, m) in ms.iter().enumerate() {
        by_kind.entry(m.ev.kind.as_str()).or_default().push(i);
        if let Some(l) = m.ev.lemma.as_deref() {
            by_lemma.entry(l).or_default().push(i);
        }
    }
    let mixed = by_lemma.into_values().filter(|idx| {
        idx.iter().any(|&i| is_fallback(&ms[i].ev.kind))
            && idx.iter().any(|&i| !is_fallback(&ms[i].ev.kind))
    });
    let blocks: Vec<Vec<usize>> = by_kind.into_values().chain(mixed).collect();
    for idx in &blocks {
        for (x, &i) in idx.iter().enumerate() {
            for &j in idx.iter().skip(x + 1).take(2000) {
                if same_fact(&ms[i], &ms[j]) {
                    let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                    if a != b {
                        parent[b] = a;
                    }
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..ms.len() {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut out = Vec::new();
    for idx in groups.into_values() {
        let g: Vec<&M> = idx.iter().map(|&i| &ms[i]).collect();
        let doc_set: BTreeSet<usize> = g.iter().map(|m| m.doc).collect();
        let mut fact = Fact {
            id: String::new(),
            // the type coded by the events layer when any mention has one
            kind: names(&g, |m| vec![m.ev.kind.clone()])
                .into_iter()
                .find(|k| !is_fallback(k))
                .unwrap_or_else(|| g[0].ev.kind.clone()),
            actor: names(&g, |m| m.ev.actors.iter().map(|a| a.name.clone()).collect()),
            target: names(&g, |m| {
                m.ev.targets.iter().map(|a| a.name.clone()).collect()
            }),
            place: names(&g, |m| m.ev.place.iter().map(|a| a.name.clone()).collect())
                .into_iter()
                .next(),
            time: names(&g, |m| m.ev.time.iter().cloned().collect())
                .into_iter()
                .next(),
            sources: Vec::new(),
            modality_by_source: BTreeMap::new(),
            mentions: g
                .iter()
                .map(|m| MentionOut {
                    document: docs[m.doc].id.clone(),
                    sentence: m.ev.sentence,
                })
                .collect(),
            earliest_report: None,
            independent_sources: 0,
            conflicts: Vec::new(),
        };
        fact.mentions.sort();
        fact.mentions.dedup();
        let mut origins = BTreeSet::new();
        for m in &g {
            let s = &sources[m.doc];
            if !fact.sources.contains(&s.outlet) {
                fact.sources.push(s.outlet.clone());
            }
            origins.insert(s.origin.clone());
            let d = describe_modality(m.ev);
            let e = fact
                .modality_by_source
                .entry(s.outlet.clone())
                .or_insert_with(|| d.clone());
            if !e.contains(&d) {
                e.push_str(", ");
                e.push_str(&d);
            }
        }
        fact.independent_sources = origins.len();
        fact.earliest_report = doc_set
            .iter()
            .min_by_key(|&&d| (docs[d].order(), d))
            .map(|&d| docs[d].id.clone());
        if doc_set.len() > 1 {
            fact.conflicts = conflicts(&g, docs);
        }
        out.push(fact);
    }
    // facts reported by more documents first, then by first mention
    out.sort_by(|a, b| {
        let da = a
            .mentions
            .iter()
            .map(|m| &m.document)
            .collect::<BTreeSet<_>>()
            .len();
        let db = b
            .mentions
            .iter()
            .map(|m| &m.document)
            .collect::<BTreeSet<_>>()
            .len();
        db.cmp(&da).then(a.mentions.cmp(&b.mentions))
    });
    for (i, f) in out.iter_mut().enumerate() {
        f.id = format!("f{i}");
    }
    out
}

/// Values → documents, kept only when at least two values come from
/// different documents.
fn conflict(field: &str, vals: Vec<(String, String)>) -> Option<Conflict> {
    let mut by: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (v, d) in vals {
        by.entry(v).or_default().insert(d);
    }
    if by.len() < 2 {
        return None;
    }
    let all: BTreeSet<&String> = by.values().flatten().collect();
    if all.len() < 2 {
        return None;
    }
    Some(Conflict {
        field: field.to_string(),
        values: by
            .into_iter()
            .map(|(value, d)| ConflictValue {
                value,
                documents: d.into_iter().collect(),
            })
            .collect(),
    })
}

fn conflicts(g: &[&M], docs: &[&Digest]) -> Vec<Conflict> {
    let id = |m: &M| docs[m.doc].id.clone();
    let mut out = Vec::new();
    // time: different day dates
    let times: Vec<(String, String)> = g
        .iter()
        .filter(|m| m.day.is_some())
        .filter_map(|m| Some((m.ev.time.as_deref()?.get(..10)?.to_string(), id(m))))
        .collect();
    out.extend(conflict("time", times));
    let places: Vec<(String, String, String)> = g
        .iter()
        .filter_map(|m| {
            m.ev.place
                .as_ref()
                .map(|p| (p.key.clone(), p.name.clone(), id(m)))
        })
        .collect();
    let pk: BTreeSet<&String> = places.iter().map(|p| &p.0).collect();
    if pk.len() > 1 {
        out.extend(conflict(
            "place",
            places.iter().map(|p| (p.1.clone(), p.2.clone())).collect(),
        ));
    }
    for (field, pick) in [("actor", 0), ("target", 1)] {
        let sets: Vec<(&BTreeSet<&str>, &M)> = g
            .iter()
            .map(|m| (if pick == 0 { &m.actors } else { &m.targets }, *m))
            .filter(|(s, _)| !s.is_empty())
            .collect();
        let disjoint = sets
            .iter()
            .any(|(a, _)| sets.iter().any(|(b, _)| a.is_disjoint(b)));
        if disjoint {
            let vals = sets
                .iter()
                .map(|(_, m)| {
                    let args = if pick == 0 {
                        &m.ev.actors
                    } else {
                        &m.ev.targets
                    };
                    let v: Vec<&str> = args.iter().map(|a| a.name.as_str()).collect();
                    (v.join(", "), id(m))
                })
                .collect();
            out.extend(conflict(field, vals));
        }
    }
    let mut units: BTreeMap<&str, Vec<(String, String)>> = BTreeMap::new();
    for m in g {
        for (u, v) in &m.ev.numbers {
            units
                .entry(u.as_str())
                .or_default()
                .push((format!("{v} {u}"), id(m)));
        }
    }
    for (_, vals) in units {
        out.extend(conflict("number", vals));
    }
    let assertion: Vec<(String, String)> = g
        .iter()
        .map(|m| {
            let v = match m.ev.modality {
                Modality::Denied | Modality::Negated => describe_modality(m.ev),
                _ => "asserted".to_string(),
            };
            (v, id(m))
        })
        .collect();
    let denied = g
        .iter()
        .any(|m| matches!(m.ev.modality, Modality::Denied | Modality::Negated));
    let affirmed = g
        .iter()
        .any(|m| !matches!(m.ev.modality, Modality::Denied | Modality::Negated));
    if denied && affirmed {
        out.extend(conflict("assertion", assertion));
    }
    out
}

fn quote_key(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The same quoted words (six words or more) attributed to different
/// speakers in the story's documents.
pub fn quote_conflicts(docs: &[&Digest]) -> Vec<QuoteConflict> {
    // words → (speaker key, speaker name, document, text)
    type Said<'a> = (&'a str, &'a str, &'a str, &'a str);
    let mut by: BTreeMap<Vec<String>, Vec<Said>> = BTreeMap::new();
    for d in docs {
        for q in &d.quotes {
            let k = quote_key(&q.text);
            if k.len() < 6 {
                continue;
            }
            by.entry(k).or_default().push((
                q.speaker.key.as_str(),
                q.speaker.name.as_str(),
                d.id.as_str(),
                q.text.as_str(),
            ));
        }
    }
    let mut out = Vec::new();
    for (_, v) in by {
        let speakers: BTreeSet<&str> = v.iter().map(|x| x.0).collect();
        if speakers.len() < 2 {
            continue;
        }
        let quote = v[0].3.to_string();
        let vals = v
            .iter()
            .map(|x| (x.1.to_string(), x.2.to_string()))
            .collect();
        if let Some(c) = conflict("speaker", vals) {
            out.push(QuoteConflict { quote, conflict: c });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::{Participant, QuoteDigest};

    fn digest(id: &str, speaker: &str, text: &str) -> Digest {
        let mut d = Digest::of(&Document::new(id, "x"));
        d.quotes.push(QuoteDigest {
            text: text.into(),
            speaker: Participant {
                key: format!("name:{speaker}"),
                name: speaker.into(),
            },
        });
        d
    }

    fn announcement(id: &str, day: &str, jobs: &str) -> Digest {
        let mut d = Digest::of(&Document::new(id, "x"));
        d.mentions.push(FactMention {
            kind: "lemma:fr:annoncer".into(),
            actors: vec![Participant {
                key: "name:arvex".into(),
                name: "Arvex".into(),
            }],
            targets: Vec::new(),
            place: None,
            time: Some(day.into()),
            modality: Modality::Asserted,
            source: None,
            sentence: 0,
            numbers: vec![("emploi".into(), jobs.into())],
            lemma: Some("fr:annoncer".into()),
        });
        d
    }

    fn source(name: &str) -> DocSource {
        DocSource {
            outlet: name.into(),
            origin: name.into(),
        }
    }

    /// Two reports of one announcement that disagree on its day and on the
    /// number: one fact, both values flagged with their documents.
    #[test]
    fn time_and_number_conflicts_of_one_fact() {
        let a = announcement("afp", "2024-03-12", "450");
        let b = announcement("lemonde", "2024-03-13", "540");
        let c = announcement("progres", "2024-03-12", "450");
        let out = facts(
            &[&a, &b, &c],
            &[source("AFP"), source("Le Monde"), source("AFP")],
        );
        assert_eq!(out.len(), 1, "{out:?}");
        let f = &out[0];
        assert_eq!(f.mentions.len(), 3);
        assert_eq!(f.independent_sources, 2);
        let field = |name: &str| {
            f.conflicts.iter().find(|c| c.field == name).map(|c| {
                c.values
                    .iter()
                    .map(|v| (v.value.clone(), v.documents.clone()))
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(
            field("time"),
            Some(vec![
                ("2024-03-12".into(), vec!["afp".into(), "progres".into()]),
                ("2024-03-13".into(), vec!["lemonde".into()]),
            ])
        );
        assert_eq!(
            field("number"),
            Some(vec![
                ("450 emploi".into(), vec!["afp".into(), "progres".into()]),
                ("540 emploi".into(), vec!["lemonde".into()]),
            ])
        );
        // agreeing reports: no conflict
        let agree = facts(&[&a, &c], &[source("AFP"), source("Le Progrès")]);
        assert!(agree[0].conflicts.is_empty(), "{agree:?}");
        // a week and more apart: a later happening, not a conflict
        let later = announcement("later", "2024-03-25", "540");
        let apart = facts(&[&a, &later], &[source("AFP"), source("Le Monde")]);
        assert_eq!(apart.len(), 2);
    }

    /// The events layer codes AFP's "a annoncé" (CONSULT) but not Le
    /// Monde's: the parse fallback of the same trigger lemma meets it in one
    /// fact, typed by the coded mention, with both conflicts.
    #[test]
    fn coded_and_fallback_mentions_of_one_trigger_lemma() {
        let mut a = announcement("afp", "2024-03-12", "450");
        a.mentions[0].kind = "CONSULT".into();
        let b = announcement("lemonde", "2024-03-13", "540");
        let out = facts(&[&a, &b], &[source("AFP"), source("Le Monde")]);
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].kind, "CONSULT");
        let fields: Vec<&str> = out[0].conflicts.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["time", "number"]);
        // another trigger lemma: not the same fact
        let mut c = announcement("lemonde", "2024-03-13", "540");
        c.mentions[0].kind = "lemma:fr:présenter".into();
        c.mentions[0].lemma = Some("fr:présenter".into());
        assert_eq!(
            facts(&[&a, &c], &[source("AFP"), source("Le Monde")]).len(),
            2
        );
        // two different coded types of the same word stay apart
        let mut d = announcement("lemonde", "2024-03-13", "540");
        d.mentions[0].kind = "ACCUSE".into();
        assert_eq!(
            facts(&[&a, &d], &[source("AFP"), source("Le Monde")]).len(),
            2
        );
    }

    #[test]
    fn same_words_two_speakers() {
        let a = digest("a", "Ana", "We have no other choice to save the company");
        let b = digest("b", "Bo", "« We have no other choice to save the company »");
        let c = digest("c", "Ana", "Short words");
        let out = quote_conflicts(&[&a, &b, &c]);
        assert_eq!(out.len(), 1);
        let vals: Vec<(&str, &Vec<String>)> = out[0]
            .conflict
            .values
            .iter()
            .map(|v| (v.value.as_str(), &v.documents))
            .collect();
        assert_eq!(
            vals,
            [
                ("Ana", &vec!["a".to_string()]),
                ("Bo", &vec!["b".to_string()])
            ]
        );
        assert!(quote_conflicts(&[&a, &a.clone()]).is_empty());
    }
}
