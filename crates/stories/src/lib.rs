//! Stories: groups analyzed documents that report the same happening, across
//! outlets and languages, and says what the reports agree and disagree on.
//!
//! - [`group::Grouper`] assigns documents, in publication order, to stories
//!   (online, incremental; stories may merge), with blocking by entity and
//!   term postings inside a time window so cost grows near-linearly.
//! - [`copies`] finds near-duplicates (MinHash over word shingles) and
//!   translations, so that a story counts **independent** sources.
//! - [`facts`] merges the event mentions of a story into facts and flags
//!   contradictions (time, place, actor, target, number, assertion), and the
//!   same quoted words given to different speakers.
//! - [`story`] assembles the output shape of `newsgraph stories`.
//!
//! Invariant: grouping reads only the layers of each [`newsgraph_doc::Document`]
//! (entities, timexes, tokens, events, quotes); it never re-tokenizes text.
//! Invariant: nothing here panics on input; a document lacking layers simply
//! brings less evidence.

#![deny(clippy::unwrap_used)]

pub mod copies;
pub mod digest;
pub mod facts;
pub mod features;
pub mod group;
pub mod lexicon;
pub mod metrics;
pub mod predicates;
pub mod stored;
pub mod story;

pub use digest::Digest;
pub use features::{entity_key, DocFeatures};

use std::collections::{BTreeMap, HashMap};

/// The result of grouping a batch of documents.
#[derive(Debug, Clone, Default)]
pub struct Grouping {
    /// Stories as indices into the input, each in publication order; stories
    /// ordered by their first document.
    pub stories: Vec<Vec<usize>>,
    /// For every document id, the id of the document it copies or
    /// translates.
    pub copy_of: HashMap<String, Option<String>>,
}

/// Groups a batch of analyzed documents (any order: they are fed to the
/// online grouper in publication order).
pub fn group_documents(docs: &[newsgraph_doc::Document], cfg: &Config) -> Grouping {
    let digests: Vec<Digest> = docs.iter().map(Digest::of).collect();
    group_digests(&digests, cfg)
}

/// Groups a batch of document digests (any order: they are fed to the
/// online grouper in publication order).
pub fn group_digests(docs: &[Digest], cfg: &Config) -> Grouping {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_cached_key(|&i| docs[i].order());
    let mut g = Grouper::new(cfg.clone());
    let mut copy_of = HashMap::new();
    let mut initial = Vec::with_capacity(docs.len());
    for &i in &order {
        let a = g.add(&docs[i].features);
        copy_of.insert(docs[i].id.clone(), a.copy_of);
        initial.push((i, a.story));
    }
    let mut by: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut first: HashMap<usize, usize> = HashMap::new();
    for (pos, (i, s)) in initial.into_iter().enumerate() {
        let s = g.find(s);
        first.entry(s).or_insert(pos);
        by.entry(s).or_default().push(i);
    }
    let mut stories: Vec<(usize, Vec<usize>)> = by
        .into_iter()
        .map(|(s, v)| (first.get(&s).copied().unwrap_or(0), v))
        .collect();
    stories.sort_by_key(|p| p.0);
    Grouping {
        stories: stories.into_iter().map(|p| p.1).collect(),
        copy_of,
    }
}
pub use group::{Assignment, Config, Grouper};
pub use story::{build_story, Story};
