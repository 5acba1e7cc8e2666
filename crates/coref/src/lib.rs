//! Within-document coreference for people, organisations and places: one
//! component, a pure function over a [`Document`] after syntax and entities,
//! whose chains the quotes (and next, events) stages read.
//!
//! Mentions are the entity layer's mentions (one chain per entity: the
//! entity stage already links surnames to full names and titles to office
//! holders) and the personal and possessive pronouns of
//! `lang/<iso>/coref.txt`. A third-person pronoun joins the chain of the most
//! salient compatible earlier mention:
//! - compatible: same number; gender not contradicted (an entity's gender
//!   comes from an honorific before one of its mentions, `Mr`, `Mme`, or from
//!   a gendered pronoun already resolved to it); English `he`/`she` want a
//!   person, `it` a non-person; French `il`/`elle` a person or, failing that,
//!   an organisation or place;
//! - salient: the current sentence right to left, then up to
//!   [`WINDOW_SENTENCES`] earlier sentences, each with its subjects (`nsubj`,
//!   `nsubj:pass`) first, then left to right (the subject of the previous
//!   clause is preferred over a name in its object).
//!
//! Plural pronouns and first/second persons are mentions without an
//! antecedent here (first person inside a quotation is linked to the
//! quote's speaker by the quotes stage).
//!
//! Invariant: offsets index [`Document::text`] in code points; the result
//! depends only on the document; the work is linear in the document (each
//! pronoun looks at no more than [`MAX_CANDIDATES`] mentions).

use newsgraph_doc::Document;
use std::collections::HashMap;

/// How many sentences before the pronoun's own are searched.
pub const WINDOW_SENTENCES: usize = 3;

/// How many earlier mentions one pronoun is compared with at most.
pub const MAX_CANDIDATES: usize = 60;

/// Grammatical gender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    /// Masculine.
    Masc,
    /// Feminine.
    Fem,
    /// Neuter (English `it`).
    Neut,
}

/// What a mention is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MentionKind {
    /// A mention of an entity of the entity layer (its `type`).
    Name(String),
    /// A pronoun.
    Pronoun {
        /// 1, 2 or 3.
        person: u8,
        /// Known gender, if any.
        gender: Option<Gender>,
        /// Plural.
        plural: bool,
        /// Possessive (`his`, `son`).
        possessive: bool,
    },
}

/// One mention with its chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorefMention {
    /// Start (code points).
    pub start: usize,
    /// End, exclusive.
    pub end: usize,
    /// Index of its first word in [`Document::tokens`].
    pub token: usize,
    /// What it is.
    pub kind: MentionKind,
    /// The chain it belongs to (index into [`Coref::chains`]).
    pub chain: usize,
}

/// A coreference chain.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Chain {
    /// The entity of the entity layer, when the chain has one.
    pub entity: Option<String>,
    /// Its mentions (indices into [`Coref::mentions`]), in text order.
    pub mentions: Vec<usize>,
}

/// The chains of one document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Coref {
    /// Mentions in text order.
    pub mentions: Vec<CorefMention>,
    /// Chains; singletons (unresolved pronouns) included.
    pub chains: Vec<Chain>,
}

impl Coref {
    /// The mention exactly at `[start, end)`, if any.
    pub fn mention_at(&self, start: usize, end: usize) -> Option<&CorefMention> {
        let i = self.mentions.partition_point(|m| m.start < start);
        self.mentions[i..]
            .iter()
            .take_while(|m| m.start == start)
            .find(|m| m.end == end)
    }

    /// The entity a pronoun at `[start, end)` refers to, with the nearest
    /// earlier named mention of that entity (start, end).
    pub fn antecedent(&self, start: usize, end: usize) -> Option<(String, (usize, usize))> {
        let m = self.mention_at(start, end)?;
        let chain = self.chains.get(m.chain)?;
        let entity = chain.entity.clone()?;
        let named = chain
            .mentions
            .iter()
            .map(|&k| &self.mentions[k])
            .filter(|o| matches!(o.kind, MentionKind::Name(_)))
            .take_while(|o| o.start < start)
            .last()
            .or_else(|| {
                chain
                    .mentions
                    .iter()
                    .map(|&k| &self.mentions[k])
                    .find(|o| matches!(o.kind, MentionKind::Name(_)))
            })?;
        Some((entity, (named.start, named.end)))
    }
}

/// A pronoun entry of the language data.
#[derive(Debug, Clone, Copy)]
struct Pron {
    person: u8,
    gender: Option<Gender>,
    plural: bool,
    possessive: bool,
}

/// Language data: pronouns and honorifics.
#[derive(Debug, Default)]
pub struct Lexicon {
    pronouns: HashMap<String, Pron>,
    honorifics: HashMap<String, Gender>,
}

/// A malformed line of a `coref.txt` data file.
#[derive(Debug, thiserror::Error)]
#[error("lang/{lang}/coref.txt line {line}: {message}")]
pub struct Error {
    /// Language code.
    pub lang: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

const FR: &str = include_str!("../../../lang/fr/coref.txt");
const EN: &str = include_str!("../../../lang/en/coref.txt");

impl Lexicon {
    /// The embedded data for a supported language.
    pub fn for_language(lang: &str) -> Option<&'static Lexicon> {
        use std::sync::OnceLock;
        static FR_LX: OnceLock<Option<Lexicon>> = OnceLock::new();
        static EN_LX: OnceLock<Option<Lexicon>> = OnceLock::new();
        let (cell, src) = match lang {
            "fr" => (&FR_LX, FR),
            "en" => (&EN_LX, EN),
            _ => return None,
        };
        cell.get_or_init(|| Lexicon::parse(lang, src).ok()).as_ref()
    }

    /// Parses a `coref.txt` file.
    pub fn parse(lang: &str, src: &str) -> Result<Lexicon, Error> {
        let mut lx = Lexicon::default();
        let mut section = "";
        let err = |line: usize, message: String| Error {
            lang: lang.to_string(),
            line,
            message,
        };
        let gender = |g: &str| match g {
            "m" => Some(Gender::Masc),
            "f" => Some(Gender::Fem),
            "n" => Some(Gender::Neut),
            _ => None,
        };
        for (n, raw) in src.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if line.starts_with('[') && line.ends_with(']') {
                section = &line[1..line.len() - 1];
                continue;
            }
            let f: Vec<&str> = line.split_whitespace().collect();
            match section {
                "pronoun" => {
                    let [form, person, g, number, poss] = f[..] else {
                        return Err(err(n + 1, format!("expected 5 fields: {line:?}")));
                    };
                    let person: u8 = person
                        .parse()
                        .map_err(|_| err(n + 1, format!("bad person {person:?}")))?;
                    lx.pronouns.insert(
                        form.to_lowercase(),
                        Pron {
                            person,
                            gender: gender(g),
                            plural: number == "pl",
                            possessive: poss == "yes",
                        },
                    );
                }
                "honorific" => {
                    let [form, g] = f[..] else {
                        return Err(err(n + 1, format!("expected 2 fields: {line:?}")));
                    };
                    let Some(g) = gender(g) else {
                        return Err(err(n + 1, format!("bad gender {g:?}")));
                    };
                    lx.honorifics.insert(form.to_lowercase(), g);
                }
                other => return Err(err(n + 1, format!("unknown section [{other}]"))),
            }
        }
        Ok(lx)
    }
}

/// Normalized form of a word for lexicon lookup.
fn key(s: &str) -> String {
    // Clitic subjects after a verb: `a-t-il`, `dit-elle`.
    let s = s.trim_start_matches('-');
    let s = s.strip_prefix("t-").unwrap_or(s);
    s.to_lowercase().replace('’', "'")
}

/// Resolves the document's coreference (empty for a language without data
/// or a document without tokens).
pub fn resolve(doc: &Document) -> Coref {
    let lang = doc.language.as_deref().unwrap_or("");
    let Some(lx) = Lexicon::for_language(lang) else {
        return Coref::default();
    };
    if doc.tokens.is_empty() {
        return Coref::default();
    }
    let is_en = lang == "en";
    // Sentence of each word.
    let mut sent_of = vec![0usize; doc.tokens.len()];
    for (si, s) in doc.sentences.iter().enumerate() {
        let hi = s.tokens[1].min(doc.tokens.len());
        for x in sent_of.iter_mut().take(hi).skip(s.tokens[0]) {
            *x = si;
        }
    }
    let first_tok = |c: usize| doc.tokens.partition_point(|t| t.end <= c);
    // Named mentions, with entity gender from honorifics.
    let mut coref = Coref::default();
    let mut gender_of: Vec<Option<Gender>> = Vec::new();
    let mut entity_chain: HashMap<&str, usize> = HashMap::new();
    let mut named: Vec<(usize, usize, usize, String, usize)> = Vec::new();
    for e in &doc.entities {
        if !matches!(e.kind.as_str(), "PER" | "ORG" | "GPE" | "LOC") {
            continue;
        }
        let chain = *entity_chain.entry(e.id.as_str()).or_insert_with(|| {
            coref.chains.push(Chain {
                entity: Some(e.id.clone()),
                mentions: Vec::new(),
            });
            gender_of.push(None);
            coref.chains.len() - 1
        });
        for m in &e.mentions {
            let t = first_tok(m.start);
            if t >= doc.tokens.len() {
                continue;
            }
            if e.kind == "PER" {
                // An honorific right before the name or as its first word.
                let cand = [t.checked_sub(1), Some(t)];
                for k in cand.into_iter().flatten() {
                    if let Some(g) = doc
                        .tokens
                        .get(k)
                        .and_then(|w| lx.honorifics.get(&key(&w.text)))
                    {
                        gender_of[chain] = Some(*g);
                    }
                }
            }
            named.push((m.start, m.end, t, e.kind.clone(), chain));
        }
    }
    named.sort_by_key(|n| (n.0, n.1));
    // The type of each chain: that of its entity.
    let mut chain_kind: Vec<Option<String>> = vec![None; coref.chains.len()];
    for n in &named {
        chain_kind[n.4].get_or_insert_with(|| n.3.clone());
    }
    // Pronouns.
    let mut prons: Vec<(usize, Pron)> = Vec::new();
    let mut last_start = usize::MAX;
    for (i, w) in doc.tokens.iter().enumerate() {
        if w.start == last_start {
            continue; // words of one multiword token: one mention at most
        }
        let Some(p) = lx.pronouns.get(&key(&w.text)) else {
            continue;
        };
        // Tagged as something else (French `son` noun, English `her` as
        // object is still PRON): trust PRON/DET when tagged.
        if w.upos
            .as_deref()
            .is_some_and(|u| !matches!(u, "PRON" | "DET"))
        {
            continue;
        }
        // Inside a name ("Her Majesty's Government")? Named mentions are
        // sorted by start: look at the last one starting at or before it.
        let k = named.partition_point(|n| n.0 <= w.start);
        if named[..k].iter().rev().take(4).any(|n| w.end <= n.1) {
            continue;
        }
        last_start = w.start;
        prons.push((i, *p));
    }
    // All mentions in text order.
    enum Item {
        Named(usize),
        Pron(usize),
    }
    let mut items: Vec<(usize, usize, Item)> = named
        .iter()
        .enumerate()
        .map(|(k, n)| (n.0, n.1, Item::Named(k)))
        .chain(
            prons
                .iter()
                .enumerate()
                .map(|(k, (t, _))| (doc.tokens[*t].start, doc.tokens[*t].end, Item::Pron(k))),
        )
        .collect();
    items.sort_by_key(|x| (x.0, x.1));
    let is_subject = |t: usize| {
        // The mention's head: walk up while the head stays inside a name
        // (flat, compound) — the first word's relation is enough here.
        let mut k = t;
        for _ in 0..4 {
            let Some(w) = doc.tokens.get(k) else {
                return false;
            };
            match w.deprel.as_deref() {
                Some(d) if d.starts_with("nsubj") => return true,
                Some("flat" | "flat:name" | "compound" | "appos") => match w.head {
                    Some(h) => k = h,
                    None => return false,
                },
                _ => return false,
            }
        }
        false
    };
    for (start, end, item) in items {
        let idx = coref.mentions.len();
        match item {
            Item::Named(k) => {
                let (_, _, t, kind, chain) = &named[k];
                coref.mentions.push(CorefMention {
                    start,
                    end,
                    token: *t,
                    kind: MentionKind::Name(kind.clone()),
                    chain: *chain,
                });
                coref.chains[*chain].mentions.push(idx);
            }
            Item::Pron(k) => {
                let (t, p) = prons[k];
                let mut chain = None;
                if p.person == 3 && !p.plural {
                    chain = antecedent(
                        &coref,
                        (&gender_of, &chain_kind),
                        &sent_of,
                        t,
                        p,
                        is_en,
                        &is_subject,
                    );
                }
                let chain = match chain {
                    Some(c) => {
                        if gender_of[c].is_none()
                            && matches!(p.gender, Some(Gender::Masc | Gender::Fem))
                        {
                            gender_of[c] = p.gender;
                        }
                        c
                    }
                    None => {
                        coref.chains.push(Chain::default());
                        gender_of.push(p.gender);
                        chain_kind.push(None);
                        coref.chains.len() - 1
                    }
                };
                coref.mentions.push(CorefMention {
                    start,
                    end,
                    token: t,
                    kind: MentionKind::Pronoun {
                        person: p.person,
                        gender: p.gender,
                        plural: p.plural,
                        possessive: p.possessive,
                    },
                    chain,
                });
                coref.chains[chain].mentions.push(idx);
            }
        }
    }
    coref
}

/// The chain a third-person singular pronoun (word `t`) refers to.
fn antecedent(
    coref: &Coref,
    (gender_of, chain_kind): (&[Option<Gender>], &[Option<String>]),
    sent_of: &[usize],
    t: usize,
    p: Pron,
    is_en: bool,
    is_subject: &dyn Fn(usize) -> bool,
) -> Option<usize> {
    let here = sent_of[t];
    // The type a candidate chain has: that of its named mentions.
    let chain_type = |c: usize| chain_kind.get(c).and_then(|k| k.as_deref());
    let compatible = |c: usize, want_person: bool| -> bool {
        let ty = chain_type(c);
        let gender_ok = match (p.gender, gender_of[c]) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        match p.gender {
            Some(Gender::Neut) => ty.is_some_and(|k| k != "PER"),
            _ if is_en && p.gender.is_some() => ty == Some("PER") && gender_ok,
            _ => gender_ok && (ty == Some("PER")) == want_person && ty.is_some(),
        }
    };
    // Candidates: earlier mentions in the window, most recent first, capped.
    let before = coref.mentions.partition_point(|m| m.token < t);
    let window: Vec<&CorefMention> = coref.mentions[..before]
        .iter()
        .rev()
        .take(MAX_CANDIDATES)
        .filter(|m| {
            sent_of
                .get(m.token)
                .is_some_and(|&s| s + WINDOW_SENTENCES >= here)
        })
        .collect();
    // Salience order: same sentence right to left; then each earlier
    // sentence, subjects first, then left to right.
    let mut ordered: Vec<&CorefMention> = window
        .iter()
        .copied()
        .filter(|m| sent_of[m.token] == here)
        .collect();
    for back in 1..=WINDOW_SENTENCES {
        let Some(s) = here.checked_sub(back) else {
            break;
        };
        let mut in_s: Vec<&CorefMention> = window
            .iter()
            .copied()
            .filter(|m| sent_of[m.token] == s)
            .collect();
        in_s.sort_by_key(|m| (!is_subject(m.token), m.token));
        ordered.extend(in_s);
    }
    // Persons first for a gendered pronoun; French il/elle fall back to
    // organisations and places of the same gender.
    let want_person = p.gender != Some(Gender::Neut);
    ordered
        .iter()
        .find(|m| compatible(m.chain, want_person))
        .or_else(|| {
            if !is_en && want_person {
                ordered.iter().find(|m| compatible(m.chain, false))
            } else {
                None
            }
        })
        .map(|m| m.chain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_parse() {
        for l in ["fr", "en"] {
            let src = if l == "fr" { FR } else { EN };
            let lx = Lexicon::parse(l, src).expect("parses");
            assert!(!lx.pronouns.is_empty() && !lx.honorifics.is_empty());
        }
        assert!(Lexicon::parse("en", "[pronoun]\nhe x m sg no\n").is_err());
    }

    /// A document from words separated by single spaces, one sentence per
    /// `.`, with the given person mentions (word ranges).
    fn doc(lang: &str, words: &[&str], people: &[(usize, usize, &str)]) -> Document {
        use newsgraph_doc::{Entity, Mention, Sentence, Token};
        let text = words.join(" ");
        let mut d = Document::new("t", text.clone());
        d.language = Some(lang.into());
        let mut at = 0;
        let mut sent_start = 0;
        for (i, w) in words.iter().enumerate() {
            let n = w.chars().count();
            d.tokens.push(Token {
                start: at,
                end: at + n,
                text: (*w).into(),
                upos: None,
                lemma: None,
                feats: None,
                head: None,
                deprel: None,
            });
            at += n + 1;
            if *w == "." || i + 1 == words.len() {
                d.sentences.push(Sentence {
                    start: d.tokens[sent_start].start,
                    end: at - 1,
                    tokens: [sent_start, i + 1],
                    in_quote: false,
                });
                sent_start = i + 1;
            }
        }
        let chars: Vec<char> = text.chars().collect();
        for (k, (a, b, name)) in people.iter().enumerate() {
            let (s, e) = (d.tokens[*a].start, d.tokens[*b - 1].end);
            let text: String = chars[s..e].iter().collect();
            let id = format!("e{k}");
            match d.entities.iter_mut().find(|x| x.name == *name) {
                Some(x) => x.mentions.push(Mention {
                    start: s,
                    end: e,
                    text,
                }),
                None => d.entities.push(Entity {
                    id,
                    kind: "PER".into(),
                    name: (*name).into(),
                    kb: None,
                    mentions: vec![Mention {
                        start: s,
                        end: e,
                        text,
                    }],
                    code: None,
                }),
            }
        }
        d
    }

    #[test]
    fn gender_from_honorific_beats_recency() {
        // "Mme Dupont a reçu Paul Martin . Elle a dit ..."
        let w = [
            "Mme", "Dupont", "a", "reçu", "Paul", "Martin", ".", "Elle", "a", "dit", ".",
        ];
        let d = doc("fr", &w, &[(1, 2, "Dupont"), (4, 6, "Paul Martin")]);
        let c = resolve(&d);
        let elle = &d.tokens[7];
        assert_eq!(
            c.antecedent(elle.start, elle.end).map(|x| x.0),
            Some("e0".into())
        );
        // "he" with only a woman before it stays open.
        let w = ["Mrs", "Smith", "left", ".", "He", "said", "so", "."];
        let d = doc("en", &w, &[(1, 2, "Smith")]);
        let c = resolve(&d);
        let he = &d.tokens[4];
        assert_eq!(c.antecedent(he.start, he.end), None);
        assert!(c.mention_at(he.start, he.end).is_some());
    }

    #[test]
    fn no_language_no_chains() {
        let doc = Document::new("x", "He said.");
        assert_eq!(resolve(&doc), Coref::default());
    }
}
