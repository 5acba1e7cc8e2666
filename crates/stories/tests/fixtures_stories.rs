//! The bundled French and English reports (`examples/stories.jsonl`, the seed
//! dispatch `examples/fr-loukachenko.txt`): groups, copies, independent
//! sources and flagged conflicts after the full pipeline.

use newsgraph_doc::Document;
use newsgraph_stories::{build_story, group_digests, Config, Digest, Story};
use std::path::Path;

fn load() -> Vec<Document> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let opts = newsgraph_read::ReadOptions::default();
    let mut docs = Vec::new();
    for f in ["stories.jsonl", "fr-loukachenko.txt"] {
        for d in newsgraph_read::read_path(&root.join(f), &opts) {
            let mut d = d.expect("bundled example reads");
            newsgraph_pipeline::analyze(&mut d, &newsgraph_pipeline::Options::default());
            docs.push(d);
        }
    }
    docs
}

fn stories() -> (Vec<Story>, Vec<Digest>) {
    let docs: Vec<Digest> = load().iter().map(Digest::of).collect();
    let g = group_digests(&docs, &Config::default());
    let stories = g
        .stories
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let ds: Vec<&Digest> = s.iter().map(|&j| &docs[j]).collect();
            build_story(&format!("s{i}"), &ds, &g.copy_of)
        })
        .collect();
    (stories, docs)
}

fn ids(s: &Story) -> Vec<&str> {
    let mut v: Vec<&str> = s.documents.iter().map(|d| d.id.as_str()).collect();
    v.sort_unstable();
    v
}

#[test]
fn groups_copies_sources_and_conflicts() {
    let (all, _) = stories();
    let groups: Vec<Vec<&str>> = all.iter().map(ids).collect();
    assert_eq!(groups.len(), 3, "{groups:?}");
    let find = |id: &str| {
        all.iter()
            .find(|s| s.documents.iter().any(|d| d.id == id))
            .expect("grouped")
    };
    let arvex = find("arvex-afp-fr");
    assert_eq!(
        ids(arvex),
        [
            "arvex-afp-en",
            "arvex-afp-fr",
            "arvex-franceinfo",
            "arvex-lemonde",
            "arvex-lyoncapitale",
            "arvex-progres"
        ]
    );
    assert_eq!(arvex.languages, ["en", "fr"]);
    let copy = |id: &str| {
        arvex
            .documents
            .iter()
            .find(|d| d.id == id)
            .and_then(|d| d.copy_of.clone())
    };
    assert_eq!(copy("arvex-progres").as_deref(), Some("arvex-afp-fr"));
    assert_eq!(copy("arvex-lyoncapitale").as_deref(), Some("arvex-afp-fr"));
    assert_eq!(
        copy("arvex-afp-en").as_deref(),
        Some("arvex-afp-fr"),
        "translation"
    );
    assert_eq!(copy("arvex-lemonde"), None);
    let chain = |id: &str| {
        arvex
            .documents
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.chain.clone())
    };
    assert_eq!(
        chain("arvex-progres").as_deref(),
        Some("AFP via Le Progrès")
    );
    assert_eq!(
        chain("arvex-lyoncapitale").as_deref(),
        Some("AFP via lyoncapitale.fr")
    );
    // AFP (original, two copies, a translation), Le Monde, France Info
    assert_eq!(arvex.independent_sources, 3);

    let conflicts: Vec<(&str, &str)> = arvex
        .facts
        .iter()
        .flat_map(|f| {
            f.conflicts
                .iter()
                .map(move |c| (f.kind.as_str(), c.field.as_str()))
        })
        .collect();
    // The announcement of the job cuts: AFP says Tuesday 12 March and 450
    // jobs, Le Monde Wednesday 13 March and 540. The events layer codes
    // AFP's "a annoncé" and not Le Monde's (its subject is the noun
    // "groupe"); the parse fallback of the same trigger lemma joins it in
    // one fact, which must flag both conflicts with their documents.
    let value_docs = |f: &newsgraph_stories::facts::Fact, field: &str| {
        f.conflicts
            .iter()
            .find(|c| c.field == field)
            .map(|c| {
                c.values
                    .iter()
                    .map(|v| (v.value.clone(), v.documents.clone()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let announcement = arvex
        .facts
        .iter()
        .find(|f| {
            ["arvex-afp-fr", "arvex-lemonde"]
                .iter()
                .all(|d| f.mentions.iter().any(|m| m.document == *d))
                && f.conflicts.iter().any(|c| c.field == "time")
        })
        .unwrap_or_else(|| {
            panic!(
                "no announcement fact with a time conflict: {:?}",
                arvex.facts
            )
        });
    let has = |vals: &[(String, Vec<String>)], v: &str, d: &str| {
        vals.iter()
            .any(|(x, ds)| x == v && ds.iter().any(|y| y == d))
    };
    let times = value_docs(announcement, "time");
    assert!(
        has(&times, "2024-03-12", "arvex-afp-fr") && has(&times, "2024-03-13", "arvex-lemonde"),
        "{times:?}"
    );
    let numbers = value_docs(announcement, "number");
    assert!(
        has(&numbers, "450 emploi", "arvex-afp-fr") && has(&numbers, "540 emploi", "arvex-lemonde"),
        "{numbers:?}"
    );
    assert!(
        conflicts.contains(&("lemma:fr:recevoir", "assertion")),
        "{conflicts:?}"
    );
    let denied = arvex
        .facts
        .iter()
        .find(|f| f.kind == "lemma:fr:recevoir")
        .expect("meeting fact");
    assert_eq!(
        denied
            .modality_by_source
            .get("France Info")
            .map(String::as_str),
        Some("denied by Paul Mercier")
    );
    // The same words are given to Claire Petit (AFP) and Marc Lefort (Le
    // Monde): one quote conflict with both speakers.
    assert_eq!(
        arvex.quote_conflicts.len(),
        1,
        "{:?}",
        arvex.quote_conflicts
    );
    let speakers: Vec<&str> = arvex.quote_conflicts[0]
        .conflict
        .values
        .iter()
        .map(|v| v.value.as_str())
        .collect();
    assert!(
        speakers.iter().any(|v| v.contains("Claire Petit"))
            && speakers.iter().any(|v| v.contains("Marc Lefort")),
        "{speakers:?}"
    );

    let delmar = find("delmar-harbour");
    assert_eq!(ids(delmar), ["delmar-harbour", "delmar-northern"]);
    assert_eq!(delmar.independent_sources, 2);
    assert!(delmar.documents.iter().all(|d| d.copy_of.is_none()));

    let seed = find("fr-loukachenko");
    assert_eq!(
        ids(seed),
        ["fr-loukachenko", "lukashenko-monitor", "lukashenko-wire"]
    );
    assert_eq!(seed.languages, ["en", "fr"]);
    assert_eq!(seed.independent_sources, 3);
}
