//! Hand-written fixture documents (with events) and a temporary store
//! directory for the store tests.

#![allow(dead_code)]

use newsgraph_doc::*;
use std::path::PathBuf;

/// A fresh directory under the system temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let p =
            std::env::temp_dir().join(format!("newsgraph-store-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("temp dir");
        TempDir(p)
    }

    pub fn db(&self) -> PathBuf {
        self.0.join("test.db")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Environment variable naming the PostgreSQL database the store tests
/// also run against (`postgres://user:password@127.0.0.1/db`).
pub const TEST_PG_ENV: &str = "NEWSGRAPH_TEST_PG";

/// Where a test store lives: an SQLite file in a fresh directory, or a
/// fresh schema (dropped on drop) in the database named by
/// [`TEST_PG_ENV`].
pub enum TestDb {
    Sqlite(TempDir),
    Pg {
        url: String,
        base: String,
        schema: String,
    },
}

impl TestDb {
    pub fn sqlite(tag: &str) -> TestDb {
        TestDb::Sqlite(TempDir::new(tag))
    }

    /// A fresh PostgreSQL schema; `None` (with a message) when
    /// `NEWSGRAPH_TEST_PG` is unset, a failure when it is unset under
    /// `CI=true`.
    pub fn pg(tag: &str) -> Option<TestDb> {
        let base = match std::env::var(TEST_PG_ENV) {
            Ok(u) if !u.is_empty() => u,
            _ => {
                if std::env::var("CI").is_ok_and(|v| v == "true") {
                    panic!("CI: {TEST_PG_ENV} must name a PostgreSQL database for the store tests (see .ci/run)");
                }
                eprintln!("skipping the PostgreSQL run of {tag}: {TEST_PG_ENV} is not set");
                return None;
            }
        };
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let schema = format!("ngt_{tag}_{}_{n}", std::process::id()).to_lowercase();
        let mut c = postgres::Client::connect(&base, postgres::NoTls)
            .expect("connect to NEWSGRAPH_TEST_PG");
        c.batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
        ))
        .expect("create test schema");
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
        Some(TestDb::Pg { url, base, schema })
    }

    /// What `Store::open` takes.
    pub fn location(&self) -> String {
        match self {
            TestDb::Sqlite(d) => d.db().display().to_string(),
            TestDb::Pg { url, .. } => url.clone(),
        }
    }

    pub fn is_pg(&self) -> bool {
        matches!(self, TestDb::Pg { .. })
    }

    /// Runs SQL on the store behind the store's back.
    pub fn exec(&self, sql: &str) {
        match self {
            TestDb::Sqlite(d) => {
                let c = rusqlite::Connection::open(d.db()).expect("sqlite");
                c.execute_batch(sql).expect("exec");
            }
            TestDb::Pg { url, .. } => {
                let mut c = postgres::Client::connect(url, postgres::NoTls).expect("connect");
                c.batch_execute(sql).expect("exec");
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let TestDb::Pg { base, schema, .. } = self {
            if let Ok(mut c) = postgres::Client::connect(base, postgres::NoTls) {
                let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
            }
        }
    }
}

/// Runs each named test function (taking `&TestDb`) against SQLite and
/// against PostgreSQL.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $( #[test] fn $name() { super::$name(&super::TestDb::sqlite(stringify!($name))) } )*
        }
        mod postgres {
            $( #[test] fn $name() {
                if let Some(db) = super::TestDb::pg(stringify!($name)) { super::$name(&db) }
            } )*
        }
    };
}

fn span(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let b = text
        .match_indices(needle)
        .nth(nth)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("{needle:?} not in fixture"));
    let s = text[..b].chars().count();
    (s, s + needle.chars().count())
}

fn mention(text: &str, needle: &str, nth: usize) -> Mention {
    let (start, end) = span(text, needle, nth);
    Mention {
        start,
        end,
        text: needle.into(),
    }
}

fn arg(entity: Option<&str>, text: &str, code: Option<&str>) -> ArgRef {
    ArgRef {
        entity: entity.map(str::to_string),
        text: text.into(),
        code: code.map(str::to_string),
    }
}

fn cue(text: &str, needle: &str, lemma: &str) -> Cue {
    let (start, end) = span(text, needle, 0);
    Cue {
        start,
        end,
        text: needle.into(),
        lemma: lemma.into(),
    }
}

fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c == '.' && (i + 1 == chars.len() || chars[i + 1] == ' ') {
            out.push(Sentence {
                start,
                end: i + 1,
                tokens: [0, 0],
                in_quote: false,
            });
            start = i + 2;
        }
    }
    out
}

/// A French dispatch: a minister (linked to no KB) in Geneva (linked)
/// announces talks with Russia; one dated event, one undated, one quote.
pub fn french(id: &str) -> Document {
    let text = "Le ministre Jean Dupont a annoncé mercredi à Genève la reprise des négociations avec la Russie. « Nous avançons », a déclaré Jean Dupont. Moscou a rejeté la proposition.";
    let mut d = Document::new(id, text);
    d.source = Some("Exemple Presse".into());
    d.published = "2024-03-14".parse().ok();
    d.language = Some("fr".into());
    d.title = Some("Reprise des négociations à Genève".into());
    d.sentences = sentences(text);
    d.entities = vec![
        Entity {
            id: "e0".into(),
            kind: "PER".into(),
            name: "Jean Dupont".into(),
            kb: None,
            mentions: vec![
                mention(text, "Jean Dupont", 0),
                mention(text, "Jean Dupont", 1),
            ],
            code: Some("FRAGOV".into()),
        },
        Entity {
            id: "e1".into(),
            kind: "GPE".into(),
            name: "Geneva".into(),
            kb: Some("geonames:2660646".into()),
            mentions: vec![mention(text, "Genève", 0)],
            code: Some("CHE".into()),
        },
        Entity {
            id: "e2".into(),
            kind: "GPE".into(),
            name: "Russia".into(),
            kb: Some("Q159".into()),
            mentions: vec![mention(text, "Russie", 0), mention(text, "Moscou", 0)],
            code: Some("RUS".into()),
        },
    ];
    let (ts, te) = span(text, "mercredi", 0);
    d.timexes = vec![Timex {
        start: ts,
        end: te,
        text: "mercredi".into(),
        kind: TimexType::Date,
        value: "2024-03-13".into(),
        anchor: Some("published:2024-03-14".into()),
        modifier: None,
    }];
    let (qs, qe) = span(text, "Nous avançons", 0);
    d.quotes = vec![Quote {
        start: qs,
        end: qe,
        text: "Nous avançons".into(),
        kind: QuoteKind::Direct,
        speaker: Some(arg(Some("e0"), "Jean Dupont", None)),
        cue: Some(cue(text, "déclaré", "déclarer")),
        via: None,
    }];
    d.events = vec![
        Event {
            id: "v0".into(),
            kind: "CONSULT".into(),
            mode: None,
            cameo: Some("04".into()),
            trigger: cue(text, "négociations", "négociation"),
            actors: vec![arg(Some("e0"), "Jean Dupont", Some("FRAGOV"))],
            targets: vec![arg(Some("e2"), "la Russie", Some("RUS"))],
            place: Some(arg(Some("e1"), "Genève", Some("CHE"))),
            time: EventTime {
                value: Some("2024-03-13".into()),
                timex: Some(0),
                basis: Some(TimeBasis::Timex),
                bound: None,
            },
            modality: Modality::Planned,
            modifiers: vec![],
            source: None,
            reported_by: None,
            quote: None,
            sentence: 0,
        },
        Event {
            id: "v1".into(),
            kind: "REJECT".into(),
            mode: None,
            cameo: Some("12".into()),
            trigger: cue(text, "rejeté", "rejeter"),
            actors: vec![arg(Some("e2"), "Moscou", Some("RUSGOV"))],
            targets: vec![],
            place: None,
            time: EventTime {
                value: None,
                timex: None,
                basis: Some(TimeBasis::Publication),
                bound: Some("2024-03-14".into()),
            },
            modality: Modality::Asserted,
            modifiers: vec![],
            source: None,
            reported_by: None,
            quote: None,
            sentence: 2,
        },
    ];
    d
}

/// An English article on the same people, a year earlier, by URL only.
pub fn english(id: &str) -> Document {
    let text = "Foreign minister Jean Dupont met Russian officials in Geneva last month. \"Talks are difficult,\" Dupont said.";
    let mut d = Document::new(id, text);
    d.url = Some("https://www.example.org/news/dupont".into());
    d.published = "2023-06".parse().ok();
    d.language = Some("en".into());
    d.sentences = sentences(text);
    d.entities = vec![
        Entity {
            id: "e0".into(),
            kind: "PER".into(),
            name: "Jean Dupont".into(),
            kb: None,
            mentions: vec![mention(text, "Jean Dupont", 0), mention(text, "Dupont", 1)],
            code: None,
        },
        Entity {
            id: "e1".into(),
            kind: "GPE".into(),
            name: "Geneva".into(),
            kb: Some("geonames:2660646".into()),
            mentions: vec![mention(text, "Geneva", 0)],
            code: Some("CHE".into()),
        },
        Entity {
            id: "e2".into(),
            kind: "GPE".into(),
            name: "Russia".into(),
            kb: Some("Q159".into()),
            mentions: vec![mention(text, "Russian", 0)],
            code: Some("RUS".into()),
        },
    ];
    let (qs, qe) = span(text, "Talks are difficult,", 0);
    d.quotes = vec![Quote {
        start: qs,
        end: qe,
        text: "Talks are difficult,".into(),
        kind: QuoteKind::Direct,
        speaker: Some(arg(Some("e0"), "Dupont", None)),
        cue: Some(cue(text, "said", "say")),
        via: None,
    }];
    d.events = vec![Event {
        id: "v0".into(),
        kind: "CONSULT".into(),
        mode: None,
        cameo: Some("04".into()),
        trigger: cue(text, "met", "meet"),
        actors: vec![arg(Some("e0"), "Jean Dupont", None)],
        targets: vec![arg(Some("e2"), "Russian officials", Some("RUSGOV"))],
        place: Some(arg(Some("e1"), "Geneva", Some("CHE"))),
        time: EventTime {
            value: Some("2023-05".into()),
            timex: None,
            basis: Some(TimeBasis::Context),
            bound: None,
        },
        modality: Modality::Asserted,
        modifiers: vec![],
        source: None,
        reported_by: None,
        quote: None,
        sentence: 0,
    }];
    d
}
