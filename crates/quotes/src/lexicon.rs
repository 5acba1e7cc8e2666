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
    /// Grammatical person (1, 2 or 3; 3 when the file does not say).
    pub person: u8,
}

/// An inflection class of regular verbs: the ending dropped from the
/// lemma to form the stem, whether the lemma is itself a listed form, and
/// the endings appended to the stem.
#[derive(Debug, Clone, Default)]
struct Class {
    strip: String,
    lemma_is_form: bool,
    suffixes: Vec<String>,
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
    /// Words a listed determiner may share with verb-introducing words
    /// ("de dire", "that said"): a cue after them is still a verb.
    pub verb_after_determiner: HashSet<String>,
    /// Auxiliary-listed words that may link nouns inside a speaker phrase
    /// ("le ministre de l'Intérieur").
    pub np_joiners: HashSet<String>,
    /// Relative pronouns whose antecedent is the speaker ("who", "qui").
    pub relatives: HashSet<String>,
    /// Word endings that mark a non-nominal word when no tagger ran.
    pub non_nominal_suffixes: Vec<String>,
    /// Punctuation tokens kept inside a speaker phrase ("-", "'s").
    pub np_punct: HashSet<String>,
    /// Euphonic inversion marks glued to a verb ("-t" in "a-t-il").
    pub inversion_marks: Vec<String>,
    /// Words after which an unlisted finite verb is a cue ("concluded that").
    pub unlisted_cue_before: HashSet<String>,
    /// Endings of finite verb forms (for unlisted cues).
    pub finite_suffixes: Vec<String>,
    /// Endings that are never finite verb forms ("ss").
    pub non_finite_suffixes: Vec<String>,
    /// Conjunctions and complementizers trimmed from content edges.
    pub edge_junk: HashSet<String>,
    /// Infinitive markers after `np` verbs ("urged to", "called to").
    pub infinitive: HashSet<String>,
    /// A noun-phrase object may start without a determiner.
    pub np_object_without_determiner: bool,
    /// Prepositions before a channel ("sur Telegram", "on Twitter").
    pub channel_preps: HashSet<String>,
    /// Prepositions or verbs before an addressee outlet ("à l'AFP", "told CNN").
    pub addressee_preps: HashSet<String>,
    /// Reporting verbs whose object is the addressee outlet ("told").
    pub addressee_verbs: HashSet<String>,
    /// Articles allowed before a channel name.
    pub articles: HashSet<String>,
    /// Prepositions and articles after which a name is part of a longer
    /// phrase ("le ministère de l'Agriculture") or a name particle.
    pub name_introducers: HashSet<String>,
    /// Endings of participles that continue the previous statement
    /// ("…, adding that").
    pub participle_suffixes: Vec<String>,
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
        let mut classes: HashMap<String, Class> = HashMap::new();
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
            let set = match section.as_str() {
                "complementizer" => Some(&mut lx.complementizers),
                "determiner" => Some(&mut lx.determiners),
                "stop" => Some(&mut lx.stops),
                "auxiliary" => Some(&mut lx.auxiliaries),
                "nonhead" => Some(&mut lx.non_heads),
                "verb-after-determiner" => Some(&mut lx.verb_after_determiner),
                "np-joiner" => Some(&mut lx.np_joiners),
                "relative" => Some(&mut lx.relatives),
                "np-punct" => Some(&mut lx.np_punct),
                "unlisted-cue-before" => Some(&mut lx.unlisted_cue_before),
                "edge-junk" => Some(&mut lx.edge_junk),
                "infinitive" => Some(&mut lx.infinitive),
                "channel-prep" => Some(&mut lx.channel_preps),
                "addressee-prep" => Some(&mut lx.addressee_preps),
                "addressee-verb" => Some(&mut lx.addressee_verbs),
                "article" => Some(&mut lx.articles),
                "name-introducer" => Some(&mut lx.name_introducers),
                _ => None,
            };
            if let Some(set) = set {
                set.insert(normalize(line));
                continue;
            }
            let list = match section.as_str() {
                "according" => Some(&mut lx.according),
                "relay" => Some(&mut lx.relay),
                "channel" => Some(&mut lx.channels),
                "non-nominal-suffix" => Some(&mut lx.non_nominal_suffixes),
                "inversion-mark" => Some(&mut lx.inversion_marks),
                "finite-suffix" => Some(&mut lx.finite_suffixes),
                "non-finite-suffix" => Some(&mut lx.non_finite_suffixes),
                "participle-suffix" => Some(&mut lx.participle_suffixes),
                _ => None,
            };
            if let Some(list) = list {
                list.push(normalize(line));
                continue;
            }
            match section.as_str() {
                "suffixes" => {
                    if fields.len() < 3 {
                        return Err(err("expected: class ending|- lemma|stem suffix…"));
                    }
                    let lemma_is_form = match fields[2] {
                        "lemma" => true,
                        "stem" => false,
                        _ => return Err(err("third field must be lemma or stem")),
                    };
                    classes.insert(
                        fields[0].to_string(),
                        Class {
                            strip: if fields[1] == "-" {
                                String::new()
                            } else {
                                fields[1].to_string()
                            },
                            lemma_is_form,
                            suffixes: fields[3..].iter().map(|s| s.to_string()).collect(),
                        },
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
                        let class = classes
                            .get(h[3])
                            .ok_or_else(|| err("unknown suffix class"))?;
                        let lemma = normalize(h[0]);
                        let stem = lemma
                            .strip_suffix(class.strip.as_str())
                            .ok_or_else(|| err("lemma does not end with its class ending"))?;
                        if class.lemma_is_form {
                            all.push(lemma.clone());
                        }
                        for s in &class.suffixes {
                            all.push(format!("{stem}{s}"));
                        }
                    }
                    for f in all {
                        lx.verbs.entry(f).or_insert_with(|| verb.clone());
                    }
                }
                "pronoun" => {
                    if fields.len() != 3 && fields.len() != 4 {
                        return Err(err("expected: word gender number [person]"));
                    }
                    let person = match fields.get(3) {
                        None => 3,
                        Some(p) => p
                            .parse::<u8>()
                            .ok()
                            .filter(|p| (1..=3).contains(p))
                            .ok_or_else(|| err("person must be 1, 2 or 3"))?,
                    };
                    lx.pronouns.insert(
                        normalize(fields[0]),
                        PronounInfo {
                            gender: fields[1].chars().next().filter(|c| *c != '-'),
                            plural: fields[2] == "pl",
                            person,
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
                "grammar" => match line {
                    "np-object-without-determiner" => lx.np_object_without_determiner = true,
                    _ => return Err(err("unknown grammar setting")),
                },
                _ => return Err(err("line outside a known section")),
            }
        }
        // Longest phrases first, so that matching is leftmost-longest.
        for v in [&mut lx.according, &mut lx.relay, &mut lx.channels] {
            v.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
        }
        Ok(lx)
    }

    /// A normalized word without a trailing inversion mark ("ajoute-t" →
    /// "ajoute").
    pub fn strip_inversion<'s>(&self, n: &'s str) -> &'s str {
        self.inversion_marks
            .iter()
            .find_map(|m| n.strip_suffix(m.as_str()))
            .unwrap_or(n)
    }

    /// A clitic pronoun token without its hyphen and inversion mark
    /// ("-t-il" → "il", "-elle" → "elle").
    pub fn clitic_base<'s>(&self, n: &'s str) -> &'s str {
        let n = n.trim_start_matches('-');
        self.inversion_marks
            .iter()
            .find_map(|m| {
                let m = m.trim_start_matches('-');
                n.strip_prefix(m)?.strip_prefix('-')
            })
            .unwrap_or(n)
    }

    /// True when the normalized word is an inversion mark token ("-t").
    pub fn is_inversion_mark(&self, n: &str) -> bool {
        self.inversion_marks.iter().any(|m| m == n)
    }

    /// True when the normalized word ends with one of `suffixes`.
    pub fn ends_with_any(n: &str, suffixes: &[String]) -> bool {
        suffixes.iter().any(|s| n.ends_with(s.as_str()))
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
