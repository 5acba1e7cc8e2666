//! The story as `newsgraph stories` prints it: documents with their copies,
//! independent sources with the outlet chain, top entities, facts and
//! conflicts.

use crate::digest::Digest;
use crate::facts::{self, DocSource, Fact, QuoteConflict};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// A document of a story.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StoryDoc {
    /// Document id.
    pub id: String,
    /// Outlet (source, else URL host).
    pub source: Option<String>,
    /// Publication date as given.
    pub published: Option<String>,
    /// Language code.
    pub language: Option<String>,
    /// The earlier document it copies or translates, else null.
    pub copy_of: Option<String>,
    /// The outlet chain: `AFP via Le Figaro` for a relayed dispatch, else
    /// the outlet.
    pub chain: String,
}

/// A top entity of a story.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StoryEntity {
    /// Corpus entity key (`kb:Q…` or `TYPE:name key`).
    pub key: String,
    /// Display name.
    pub name: String,
    /// Entity type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Number of documents naming it.
    pub documents: usize,
}

/// One story.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Story {
    /// Story id.
    pub id: String,
    /// Headline of its earliest original document (else its first sentence).
    pub title: String,
    /// Earliest publication date.
    pub first_published: Option<String>,
    /// Latest publication date.
    pub last_published: Option<String>,
    /// Languages of its documents.
    pub languages: Vec<String>,
    /// Its documents in publication order.
    pub documents: Vec<StoryDoc>,
    /// Independent origins: copies and relays of one dispatch count once.
    pub independent_sources: usize,
    /// Top entities by number of documents.
    pub entities: Vec<StoryEntity>,
    /// Facts, the most reported first.
    pub facts: Vec<Fact>,
    /// The same quoted words given to different speakers.
    pub quote_conflicts: Vec<QuoteConflict>,
}

/// The agency an outlet says it relays, from a `source` written
/// `Agency via Outlet` or `Outlet (Agency)`.
pub fn relayed_agency(source: &str) -> Option<String> {
    if let Some((a, _)) = source.split_once(" via ") {
        return Some(a.trim().to_string()).filter(|s| !s.is_empty());
    }
    let open = source.rfind('(')?;
    let inner = source.get(open + 1..)?.strip_suffix(')')?.trim();
    (!inner.is_empty()).then(|| inner.to_string())
}

fn outlet_name(source: &str) -> String {
    if let Some((_, o)) = source.split_once(" via ") {
        return o.trim().to_string();
    }
    match source.rfind('(') {
        Some(i) if source.ends_with(')') => source[..i].trim().to_string(),
        _ => source.to_string(),
    }
}

/// Assembles a story from its documents' digests (any order) and the copy
/// links found by the grouper (`copy_of[doc id]`).
pub fn build_story(id: &str, docs: &[&Digest], copy_of: &HashMap<String, Option<String>>) -> Story {
    let mut docs: Vec<&Digest> = docs.to_vec();
    docs.sort_by_cached_key(|d| d.order());
    // sources and origins, roots before copies
    let mut origin: HashMap<&str, String> = HashMap::new();
    let mut sources = Vec::new();
    let mut out_docs = Vec::new();
    for d in &docs {
        let raw = d.outlet().unwrap_or_else(|| d.id.clone());
        let name = outlet_name(&raw);
        let copy = copy_of.get(&d.id).cloned().flatten();
        let root_origin = copy.as_deref().and_then(|c| origin.get(c)).cloned();
        let agency = relayed_agency(&raw);
        let org = root_origin
            .or_else(|| agency.clone())
            .unwrap_or_else(|| name.clone());
        let chain = if org != name {
            format!("{org} via {name}")
        } else {
            name.clone()
        };
        origin.insert(d.id.as_str(), org.clone());
        sources.push(DocSource {
            outlet: name.clone(),
            origin: org,
        });
        out_docs.push(StoryDoc {
            id: d.id.clone(),
            source: d.outlet(),
            published: d.published.clone(),
            language: d.language.clone(),
            copy_of: copy,
            chain,
        });
    }
    let independent: BTreeSet<&String> = sources.iter().map(|s| &s.origin).collect();
    // merged by match key (an unlinked name tagged with two types is one
    // entity); shown with the corpus key of its first mention
    let mut ents: HashMap<&str, (&str, &str, &str, BTreeSet<usize>)> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        for e in &d.entities {
            ents.entry(e.match_key.as_str())
                .or_insert_with(|| (&e.key, &e.name, &e.kind, BTreeSet::new()))
                .3
                .insert(i);
        }
    }
    let mut entities: Vec<StoryEntity> = ents
        .into_values()
        .map(|(key, name, kind, ds)| StoryEntity {
            key: key.to_string(),
            name: name.to_string(),
            kind: kind.to_string(),
            documents: ds.len(),
        })
        .collect();
    entities.sort_by(|a, b| b.documents.cmp(&a.documents).then(a.key.cmp(&b.key)));
    entities.truncate(10);
    let facts = facts::facts(&docs, &sources);
    let title = docs
        .iter()
        .zip(&out_docs)
        .find(|(_, o)| o.copy_of.is_none())
        .or_else(|| docs.iter().zip(&out_docs).next())
        .map(|(d, _)| d.title.clone())
        .unwrap_or_default();
    let languages: BTreeSet<String> = docs.iter().filter_map(|d| d.language.clone()).collect();
    let dates: Vec<&String> = out_docs
        .iter()
        .filter_map(|d| d.published.as_ref())
        .collect();
    let quote_conflicts = facts::quote_conflicts(&docs);
    Story {
        id: id.to_string(),
        title,
        first_published: dates.first().map(|s| s.to_string()),
        last_published: dates.last().map(|s| s.to_string()),
        languages: languages.into_iter().collect(),
        documents: out_docs,
        independent_sources: independent.len(),
        entities,
        facts,
        quote_conflicts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agency_chains() {
        assert_eq!(relayed_agency("AFP via Le Figaro").as_deref(), Some("AFP"));
        assert_eq!(relayed_agency("Le Figaro (AFP)").as_deref(), Some("AFP"));
        assert_eq!(relayed_agency("Le Monde"), None);
        assert_eq!(outlet_name("Le Figaro (AFP)"), "Le Figaro");
        let mut d = newsgraph_doc::Document::new("x", "t");
        d.url = Some("https://www.lefigaro.fr/a/b".into());
        assert_eq!(Digest::of(&d).outlet().as_deref(), Some("lefigaro.fr"));
    }
}
