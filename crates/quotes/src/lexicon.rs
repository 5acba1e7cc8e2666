//! Quotation cues as language data: reporting verbs with their forms,
//! lemmas and stance hints, "according to" phrases, relaying phrases,
//! outlets and channels, pronouns, titles (`lang/<iso>/quotes.txt`).

use crate::Error;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// A reporting verb.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verb {
    /// Its lemma (`affirmer`, `say`).
    pub lemma: String,
    /// A stance hint (`assert`, `deny`, `warn`, `neutral`…).
    pub stance: String,
    /// Takes a noun-phrase object as its content.
    pub np: bool,
    /// English: the reported clause may follow without "that".
    pub bare: bool,
    /// A relaying verb: its subject is an outlet.
    pub relay: bool,
}

/// Grammatical gender and number of a subject pronoun.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PronounInfo {
    /// `Some('m')`, `Some('f')` or `None` when unmarked.
    pub gender: Option<char>,
    /// True for plural pronouns.
    pub plural: bool,
}

/// The quotation cues of one language.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Verb forms (normalized) → verb.
    pub verbs: HashMap<String, Verb>,
    /// "selon", "d'après", "according to" (normalized phrases).
    pub according: Vec<String>,
    /// "rapportés par", "reported by" (normalized phrases).
    pub relay: Vec<String>,
    /// Outlets and channels (normalized phrases).
    pub channels: Vec<String>,
    /// Complementizers (`que`, `that`).
    pub complementizers: HashSet<String>,
    /// Determiners that start a noun phrase.
    pub determiners: HashSet<String>,
    /// Subject pronouns.
    pub pronouns: HashMap<String, PronounInfo>,
    /// Title phrases (normalized) → synonym group.
    pub titles: Vec<(String, String)>,
    /// Words that end a speaker noun phrase.
    pub stops: HashSet<String>,
    /// Auxiliaries and adverbs between a subject and its cue.
    pub auxiliaries: HashSet<String>,
    /// Prepositions and relatives that never head a speaker noun phrase.
    pub non_heads: HashSet<String>,
}

/// Lower-cases and unifies apostrophes, for matching (never for output).
pub fn normalize(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '’' | 'ʼ' | '‘' => '\'',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

const FR: &str = include_str!("../../../lang/fr/quotes.txt");
const EN: &str = include_str!("../../../lang/en/quotes.txt");

impl Lexicon {
    /// The lexicon for `lang` (`fr`, `en`); `None` for other languages.
    pub fn for_language(lang: &str) -> Option<&'static Lexicon> {
        static FRL: OnceLock<Lexicon> = OnceLock::new();
        static ENL: OnceLock<Lexicon> = OnceLock::new();
        let (cell, src) = match lang {
            "fr" => (&FRL, FR),
            "en" => (&ENL, EN),
            _ => return None,
        };
        Some(cell.get_or_init(|| Lexicon::parse(lang, src).unwrap_or_default()))
    }

    /// Parses a `quotes.txt` file.
    pub fn parse(lang: &str, src: &str) -> Result<Lexicon, Error> {
        let mut lx = Lexicon::default();
        let mut suffixes: HashMap<String, Vec<String>> = HashMap::new();
        let mut section = String::new();
        for (n, raw) in src.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if line.starts_with('[') && line.ends_with(']') {
                section = line[1..line.len() - 1].to_string();
                continue;
            }
            let err = |message: &str| Error::Lexicon {
                lang: lang.to_string(),
                line: n + 1,
                message: message.to_string(),
            };
            let fields: Vec<&str> = line.split_whitespace().collect();
            match section.as_str() {
                "suffixes" => {
                    let (class, rest) = fields.split_first().ok_or_else(|| err("empty"))?;
                    suffixes.insert(
                        class.to_string(),
                        rest.iter().map(|s| s.to_string()).collect(),
                    );
                }
                "verbs" => {
                    let (head, forms) = match line.split_once(':') {
                        Some((h, f)) => (h, f.split_whitespace().collect::<Vec<_>>()),
                        None => (line, Vec::new()),
                    };
                    let h: Vec<&str> = head.split_whitespace().collect();
                    if h.len() != 4 {
                        return Err(err("expected: lemma stance flags class [: forms]"));
                    }
                    let flags: Vec<&str> = h[2].split(',').collect();
                    let verb = Verb {
                        lemma: h[0].to_string(),
                        stance: h[1].to_string(),
                        np: flags.contains(&"np"),
                        bare: flags.contains(&"bare"),
                        relay: flags.contains(&"relay"),
                    };
                    let mut all: Vec<String> = forms.iter().map(|f| normalize(f)).collect();
                    if h[3] != "-" {
                        let sfx = suffixes
                            .get(h[3])
                            .ok_or_else(|| err("unknown suffix class"))?;
                        let lemma = normalize(h[0]);
                        // The stem drops the class ending ("er", "ir", "re"); English
                        // classes ("reg", "e") keep the lemma itself as a form.
                        let stem = match h[3] {
                            "er" | "ir" | "re" => lemma
                                .strip_suffix(h[3])
                                .ok_or_else(|| err("lemma does not end with its class"))?
                                .to_string(),
                            "ger" => lemma
                                .strip_suffix("er")
                                .ok_or_else(|| err("lemma does not end with er"))?
                                .to_string(),
                            "e" => {
                                all.push(lemma.clone());
                                lemma
                                    .strip_suffix('e')
                                    .ok_or_else(|| err("lemma does not end with e"))?
                                    .to_string()
                                    + "e"
                            }
                            _ => {
                                all.push(lemma.clone());
                                lemma.clone()
                            }
                        };
                        for s in sfx {
                            if h[3] == "e" && s == "ing" {
                                all.push(format!("{}ing", &stem[..stem.len() - 1]));
                            } else {
                                all.push(format!("{stem}{s}"));
                            }
                        }
                    }
                    for f in all {
                        lx.verbs.entry(f).or_insert_with(|| verb.clone());
                    }
                }
                "according" => lx.according.push(normalize(line)),
                "relay" => lx.relay.push(normalize(line)),
                "channel" => lx.channels.push(normalize(line)),
                "complementizer" => {
                    lx.complementizers.insert(normalize(line));
                }
                "determiner" => {
                    lx.determiners.insert(normalize(line));
                }
                "pronoun" => {
                    if fields.len() != 3 {
                        return Err(err("expected: word gender number"));
                    }
                    lx.pronouns.insert(
                        normalize(fields[0]),
                        PronounInfo {
                            gender: fields[1].chars().next().filter(|c| *c != '-'),
                            plural: fields[2] == "pl",
                        },
                    );
                }
                "title" => {
                    let (group, phrase) = line
                        .split_once(char::is_whitespace)
                        .ok_or_else(|| err("expected: group phrase"))?;
                    lx.titles
                        .push((normalize(phrase.trim()), group.to_string()));
                }
                "stop" => {
                    lx.stops.insert(normalize(line));
                }
                "auxiliary" => {
                    lx.auxiliaries.insert(normalize(line));
                }
                "nonhead" => {
                    lx.non_heads.insert(normalize(line));
                }
                _ => return Err(err("line outside a known section")),
            }
        }
        // Longest phrases first, so that matching is leftmost-longest.
        for v in [&mut lx.according, &mut lx.relay, &mut lx.channels] {
            v.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
        }
        Ok(lx)
    }

    /// The reporting verb of a normalized word form.
    pub fn verb(&self, norm: &str) -> Option<&Verb> {
        self.verbs.get(norm)
    }

    /// The title groups whose phrase occurs in the normalized text `s`.
    pub fn title_groups(&self, s: &str) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for (p, g) in &self.titles {
            if contains_words(s, p) && !out.contains(&g.as_str()) {
                out.push(g);
            }
        }
        out
    }
}

/// True when `hay` contains `needle` at word boundaries.
fn contains_words(hay: &str, needle: &str) -> bool {
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let s = from + i;
        let e = s + needle.len();
        let before = hay[..s]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after = hay[e..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if before && after {
            return true;
        }
        from = s + needle.chars().next().map_or(1, char::len_utf8);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_files_parse() {
        for l in ["fr", "en"] {
            let src = if l == "fr" { FR } else { EN };
            let lx = Lexicon::parse(l, src).expect("parses");
            assert!(lx.verbs.len() > 100, "{l}: {} forms", lx.verbs.len());
        }
    }

    #[test]
    fn generated_forms() {
        let fr = Lexicon::for_language("fr").expect("fr");
        assert_eq!(
            fr.verb("déclaré").map(|v| v.lemma.as_str()),
            Some("déclarer")
        );
        assert_eq!(fr.verb("souligne").map(|v| v.np), Some(true));
        assert_eq!(fr.verb("avertit").map(|v| v.stance.as_str()), Some("warn"));
        let en = Lexicon::for_language("en").expect("en");
        assert_eq!(en.verb("argued").map(|v| v.lemma.as_str()), Some("argue"));
        assert_eq!(en.verb("arguing").map(|v| v.lemma.as_str()), Some("argue"));
        assert_eq!(en.verb("said").map(|v| v.bare), Some(true));
        assert!(en.verb("warns").is_some());
    }

    #[test]
    fn titles_match_words() {
        let fr = Lexicon::for_language("fr").expect("fr");
        assert_eq!(
            fr.title_groups("le chef de l'état biélorusse"),
            vec!["president"]
        );
        assert!(fr.title_groups("les ministres").is_empty());
    }
}
