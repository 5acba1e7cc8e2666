//! Event dictionaries as language data: predicate lemmas with their
//! complement patterns → PLOVER type, mode and flags
//! (`lang/<iso>/events.tsv`), and the modality and role cues
//! (`lang/<iso>/event-cues.tsv`).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Part of speech of a dictionary predicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pos {
    /// A verb.
    Verb,
    /// An event noun (nominalization).
    Noun,
    /// An adjective predicate with a copula (`accessible à`).
    Adj,
}

/// A condition on the predicate's dependents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pattern {
    /// Any use.
    Any,
    /// The object's (or for nouns the `de`/`of` complement's) lemma is one of these.
    Obj(Vec<String>),
    /// A particle (`compound:prt`) lemma is one of these.
    Prt(Vec<String>),
    /// An oblique or nominal complement introduced by one of these prepositions.
    Prep(Vec<String>),
}

/// One dictionary entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Lemma, lower-case.
    pub lemma: String,
    /// Verb, noun or adjective.
    pub pos: Pos,
    /// Complement condition.
    pub pattern: Pattern,
    /// PLOVER 2.0 type.
    pub kind: String,
    /// PLOVER mode, if any.
    pub mode: Option<String>,
    /// CAMEO code, if given.
    pub cameo: Option<String>,
    /// Flags (`speaker`, `recipient`, `de=actor`, `de=target`, `nat=actor`).
    pub flags: HashSet<String>,
}

impl Entry {
    /// Has this flag.
    pub fn has(&self, f: &str) -> bool {
        self.flags.contains(f)
    }
}

/// Role of a preposition (case marker) on a participant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseRole {
    /// Passive agent (`par`, `by`).
    Agent,
    /// Target or recipient (`contre`, `vers`, `against`).
    Target,
    /// Recipient or place, by the kind of entity (`à`, `to`).
    To,
    /// Place (`en`, `dans`, `in`).
    Place,
    /// Complement of a noun (`de`, `of`).
    Of,
    /// Partner (`avec`, `with`): a target for cooperative types.
    With,
    /// Between (`entre`, `between`): the parties.
    Between,
    /// Origin (`from`): who made a proposal or an appeal ("an appeal from
    /// X" — X made it).
    From,
}

/// Modality cue kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// A verb governing the event clause (`prévoir de`, `plan to`).
    Governor,
    /// An auxiliary on the predicate (`will`, `would`, `may`).
    Aux,
    /// A subordinator on the clause (`si`, `if`).
    Mark,
    /// A negation adverb (`pas`, `not`).
    Neg,
}

/// The event dictionary of one language.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// (lemma, pos) → entries, most specific first.
    pub entries: HashMap<(String, Pos), Vec<Entry>>,
    /// Case marker → role.
    pub cases: HashMap<String, CaseRole>,
    /// (cue kind, lemma) → modality name.
    pub cues: HashMap<(CueKey, String), String>,
    /// Light and aspectual verbs whose event-noun subject or object takes
    /// the verb's clause (`commencer`, `achever`, `begin`).
    pub light: HashSet<String>,
    /// Lemmas of reporting verbs that are statements (from the quotes
    /// layer's cues; listed here only for the statement default type).
    pub statement_type: String,
}

/// Hashable cue kind.
pub type CueKey = u8;

fn cue_key(c: Cue) -> CueKey {
    match c {
        Cue::Governor => 0,
        Cue::Aux => 1,
        Cue::Mark => 2,
        Cue::Neg => 3,
    }
}

const FR_EVENTS: &str = include_str!("../../../lang/fr/events.tsv");
const EN_EVENTS: &str = include_str!("../../../lang/en/events.tsv");
const FR_CUES: &str = include_str!("../../../lang/fr/event-cues.tsv");
const EN_CUES: &str = include_str!("../../../lang/en/event-cues.tsv");

/// The PLOVER 2.0 types.
pub const TYPES: [&str; 16] = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

/// The CAMEO root of a PLOVER type when the CAMEO→PLOVER table maps
/// exactly one root to it (`CAMEO2PLOVER-2021.txt`); `None` otherwise
/// (CONCEDE/RETREAT share 08, ACCUSE has 09 and 11, ASSAULT 18–20).
pub fn cameo_root(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "AGREE" => "03",
        "CONSULT" => "04",
        "SUPPORT" => "05",
        "COOPERATE" => "06",
        "AID" => "07",
        "REQUEST" => "10",
        "REJECT" => "12",
        "THREATEN" => "13",
        "PROTEST" => "14",
        "MOBILIZE" => "15",
        "SANCTION" => "16",
        "COERCE" => "17",
        _ => return None,
    })
}

fn words(s: &str) -> Vec<String> {
    s.split('|')
        .map(|w| w.trim().to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// A dictionary line that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub why: String,
}

impl Lexicon {
    /// The lexicon of `lang` (`fr`, `en`), parsed once; `None` for other
    /// languages.
    pub fn for_language(lang: &str) -> Option<&'static Lexicon> {
        static FR: OnceLock<Lexicon> = OnceLock::new();
        static EN: OnceLock<Lexicon> = OnceLock::new();
        let (cell, ev, cues) = match lang {
            "fr" => (&FR, FR_EVENTS, FR_CUES),
            "en" => (&EN, EN_EVENTS, EN_CUES),
            _ => return None,
        };
        Some(cell.get_or_init(|| {
            let (mut lx, _) = Lexicon::parse(ev);
            let _ = lx.add_cues(cues);
            lx
        }))
    }

    /// Parses an events dictionary; returns the lexicon and the lines it
    /// skipped. Columns: lemma, pos (V/N/A), pattern (`*`, `obj=a|b`,
    /// `prt=a`, `prep=a|b`), type, mode (`-`), CAMEO code (`-`), flags
    /// (comma-separated, `-`).
    pub fn parse(src: &str) -> (Lexicon, Vec<BadLine>) {
        let mut lx = Lexicon {
            statement_type: "CONSULT".into(),
            ..Lexicon::default()
        };
        let mut bad = Vec::new();
        for (i, line) in src.lines().enumerate() {
            let line = line.trim_end();
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            if cols.len() < 4 {
                bad.push(BadLine {
                    line: i + 1,
                    why: "fewer than 4 columns".into(),
                });
                continue;
            }
            let pos = match cols[1] {
                "V" => Pos::Verb,
                "N" => Pos::Noun,
                "A" => Pos::Adj,
                p => {
                    bad.push(BadLine {
                        line: i + 1,
                        why: format!("unknown pos {p:?}"),
                    });
                    continue;
                }
            };
            let pattern = match cols[2].split_once('=') {
                None => Pattern::Any,
                Some(("obj", w)) => Pattern::Obj(words(w)),
                Some(("prt", w)) => Pattern::Prt(words(w)),
                Some(("prep", w)) => Pattern::Prep(words(w)),
                Some((k, _)) => {
                    bad.push(BadLine {
                        line: i + 1,
                        why: format!("unknown pattern {k:?}"),
                    });
                    continue;
                }
            };
            let kind = cols[3].to_uppercase();
            if !TYPES.contains(&kind.as_str()) {
                bad.push(BadLine {
                    line: i + 1,
                    why: format!("unknown PLOVER type {kind:?}"),
                });
                continue;
            }
            let opt = |k: usize| {
                cols.get(k)
                    .filter(|s| !s.is_empty() && **s != "-")
                    .map(|s| s.to_string())
            };
            let flags = opt(6)
                .map(|f| f.split(',').map(|x| x.trim().to_string()).collect())
                .unwrap_or_default();
            let e = Entry {
                lemma: cols[0].to_lowercase(),
                pos,
                pattern,
                kind,
                mode: opt(4),
                cameo: opt(5),
                flags,
            };
            let v = lx.entries.entry((e.lemma.clone(), pos)).or_default();
            v.push(e);
            // Patterned entries before the catch-all.
            v.sort_by_key(|e| matches!(e.pattern, Pattern::Any));
        }
        (lx, bad)
    }

    /// Adds the cue file: `case <TAB> word <TAB> role`, `gov|aux|mark|neg
    /// <TAB> lemma <TAB> modality`, `light <TAB> lemma`, `statement <TAB>
    /// TYPE`. Returns the lines it skipped.
    pub fn add_cues(&mut self, src: &str) -> Vec<BadLine> {
        let mut bad = Vec::new();
        for (i, line) in src.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let arg = |k: usize| cols.get(k).map(|s| s.to_lowercase()).unwrap_or_default();
            let cue = match cols[0] {
                "gov" => Some(Cue::Governor),
                "aux" => Some(Cue::Aux),
                "mark" => Some(Cue::Mark),
                "neg" => Some(Cue::Neg),
                _ => None,
            };
            match (cols[0], cue) {
                (_, Some(c)) if cols.len() >= 3 => {
                    self.cues.insert((cue_key(c), arg(1)), arg(2));
                }
                ("case", _) if cols.len() >= 3 => {
                    let role = match arg(2).as_str() {
                        "agent" => CaseRole::Agent,
                        "target" => CaseRole::Target,
                        "to" => CaseRole::To,
                        "place" => CaseRole::Place,
                        "of" => CaseRole::Of,
                        "with" => CaseRole::With,
                        "between" => CaseRole::Between,
                        "from" => CaseRole::From,
                        r => {
                            bad.push(BadLine {
                                line: i + 1,
                                why: format!("unknown role {r:?}"),
                            });
                            continue;
                        }
                    };
                    self.cases.insert(arg(1), role);
                }
                ("light", _) if cols.len() >= 2 => {
                    self.light.insert(arg(1));
                }
                ("statement", _) if cols.len() >= 2 => {
                    self.statement_type = cols[1].to_uppercase();
                }
                _ => bad.push(BadLine {
                    line: i + 1,
                    why: "unreadable cue line".into(),
                }),
            }
        }
        bad
    }

    /// Entries for a lemma used as `pos`.
    pub fn lookup(&self, lemma: &str, pos: Pos) -> &[Entry] {
        self.entries
            .get(&(lemma.to_lowercase(), pos))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The modality a cue word carries, if any.
    pub fn cue(&self, kind: Cue, lemma: &str) -> Option<&str> {
        self.cues
            .get(&(cue_key(kind), lemma.to_lowercase()))
            .map(String::as_str)
    }
}

const EN_ACTORS: &str = include_str!("../../../lang/en/event-actors.tsv");

/// Actor names and their CAMEO actor codes (`lang/en/event-actors.tsv`,
/// derived from the PETRARCH2 actor dictionaries): used for participants
/// whose entity has no code of its own. Names of people and organisations
/// are written the same way in French and English news, so the table
/// serves both languages.
pub struct ActorCodes {
    codes: HashMap<String, String>,
}

impl ActorCodes {
    /// The built-in table, parsed once.
    pub fn builtin() -> &'static ActorCodes {
        static T: OnceLock<ActorCodes> = OnceLock::new();
        T.get_or_init(|| ActorCodes::parse(EN_ACTORS))
    }

    /// Parses `name <TAB> code` lines (`#` comments); malformed lines are
    /// skipped.
    pub fn parse(src: &str) -> ActorCodes {
        let codes = src
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(n, c)| (actor_key(n), c.trim().to_string()))
            .filter(|(n, c)| !n.is_empty() && !c.is_empty())
            .collect();
        ActorCodes { codes }
    }

    /// The code of a name, if the table knows it.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.codes.get(&actor_key(name)).map(String::as_str)
    }
}

/// A name as the actor table's key: lower case, single spaces, without a
/// leading article or a trailing possessive.
pub fn actor_key(name: &str) -> String {
    let mut k = name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    for suffix in ["'s", "\u{2019}s"] {
        if let Some(s) = k.strip_suffix(suffix) {
            k = s.to_string();
        }
    }
    for article in ["the ", "le ", "la ", "les ", "l'", "l\u{2019}"] {
        if let Some(s) = k.strip_prefix(article) {
            k = s.to_string();
            break;
        }
    }
    k
}

#[cfg(test)]
mod actor_tests {
    use super::*;

    #[test]
    fn actor_table_keys_ignore_case_article_and_possessive() {
        let t = ActorCodes::parse("# c\nsecurity council\tIGOUNO\nbad line\nhaiti\tHTI\n");
        assert_eq!(t.get("The Security Council"), Some("IGOUNO"));
        assert_eq!(t.get("Haiti's"), Some("HTI"));
        assert_eq!(t.get("bad line"), None);
        assert!(ActorCodes::builtin().get("Kofi Annan").is_some());
    }
}
