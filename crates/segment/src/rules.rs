//! Per-language tokenization data, read from `lang/<iso>/tokenizer.txt`
//! (compiled into the binary). Adding a language is adding such a file.

use std::collections::{HashMap as StdHashMap, HashSet as StdHashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// FNV-1a: a fast hasher for the short keys of the tokenizer tables (the
/// tables are built from trusted data files, so no DoS-resistant hash is
/// needed).
#[derive(Default, Clone, Copy)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf29ce484222325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ b as u64).wrapping_mul(0x100000001b3);
        }
        self.0 = h;
    }
    fn write_u64(&mut self, x: u64) {
        // Keys that are already hashes.
        self.0 ^= x;
    }
}

/// A hash set with the [`Fnv`] hasher.
pub type HashSet<T> = StdHashSet<T, BuildHasherDefault<Fnv>>;
/// A hash map with the [`Fnv`] hasher.
pub type HashMap<K, V> = StdHashMap<K, V, BuildHasherDefault<Fnv>>;

/// Tokenization and sentence-splitting knowledge for one language.
#[derive(Debug, Default)]
pub struct Rules {
    /// ISO 639-1 code of the language these rules are for (empty: neutral).
    pub language: String,
    /// Digit groups separated by one space form one number token.
    pub digit_group_space: bool,
    /// Split hyphenated clitic pronouns (`dit-il`).
    pub split_clitic_suffixes: bool,
    /// Split hyphenated compounds at each hyphen (English UD style).
    pub split_hyphens: bool,
    /// Split `and/or` at a slash between letters.
    pub split_slashes: bool,
    /// Score the boundary model needs to end a sentence on a word inside a
    /// line (no punctuation); tuned on the dev splits.
    pub word_boundary_margin: f32,
    /// Letters needed on each side of a slash to split it.
    pub slash_min_letters: usize,
    /// Split clock times `14h30` into `14` `h` `30`.
    pub split_hour_times: bool,
    /// Prefixes kept joined when hyphens are split (lower case).
    pub hyphen_prefixes: HashSet<String>,
    /// Tokens keeping their final period.
    pub abbreviations: HashSet<String>,
    /// Titles written before a name (`Mme`, `M.`, `Dr`): never sentence-final.
    pub titles: HashSet<String>,
    /// Emoticons kept as one token (`:-)`).
    pub emoticons: HashSet<String>,
    /// Units split from a number glued to them (`375mm`).
    pub units: HashSet<String>,
    /// Split a plural possessive apostrophe (`soldiers'`) as a word of the token.
    pub split_plural_possessive: bool,
    /// Abbreviations that may end a sentence.
    pub final_abbreviations: HashSet<String>,
    /// Elided prefixes, lower case, with an ASCII apostrophe.
    pub elisions: Vec<String>,
    /// Words never split, lower case, ASCII apostrophe.
    pub no_split: HashSet<String>,
    /// Clitic suffixes, lower case, longest first.
    pub clitic_suffixes: Vec<String>,
    /// English-style suffixes split into words of one token, lower case.
    pub contraction_suffixes: Vec<String>,
    /// Surface (lower case, ASCII apostrophe) → syntactic words.
    pub contractions: HashMap<String, Vec<String>>,
    /// Byte length of the longest contraction (a word longer than this
    /// cannot be one).
    pub max_contraction_len: usize,
    /// Contractions that may also be a plain word.
    pub ambiguous: HashSet<String>,
    /// Previous words after which an ambiguous contraction stays whole.
    pub blockers: HashSet<String>,
    /// Endings of previous words after which it stays whole.
    pub blocker_suffixes: Vec<String>,
}

impl Rules {
    /// Parses a `tokenizer.txt` file.
    pub fn parse(src: &str) -> Rules {
        let mut r = Rules {
            word_boundary_margin: f32::INFINITY,
            ..Rules::default()
        };
        let mut section = "";
        for line in src.lines() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(s) = line.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
                section = match s {
                    "settings" => "settings",
                    "abbreviations" => "abbreviations",
                    "sentence_final_abbreviations" => "final",
                    "titles" => "titles",
                    "emoticons" => "emoticons",
                    "units" => "units",
                    "elisions" => "elisions",
                    "no_split" => "no_split",
                    "clitic_suffixes" => "clitics",
                    "hyphen_prefixes" => "hprefix",
                    "contraction_suffixes" => "csuffix",
                    "contractions" => "contractions",
                    "ambiguous_contractions" => "ambiguous",
                    "contraction_blockers" => "blockers",
                    _ => "",
                };
                continue;
            }
            let norm = line.trim().replace('’', "'");
            let mut fields = norm.split('\t');
            let first = fields.next().unwrap_or("").to_string();
            match section {
                "settings" => {
                    let value = fields.next().unwrap_or("");
                    let on = value == "true";
                    if first == "word_boundary_margin" {
                        r.word_boundary_margin = value.parse().unwrap_or(f32::INFINITY);
                    }
                    if first == "slash_min_letters" {
                        r.slash_min_letters = value.parse().unwrap_or(1);
                    }
                    match first.as_str() {
                        "digit_group_space" => r.digit_group_space = on,
                        "split_clitic_suffixes" => r.split_clitic_suffixes = on,
                        "split_hyphens" => r.split_hyphens = on,
                        "split_slashes" => r.split_slashes = on,
                        "split_hour_times" => r.split_hour_times = on,
                        "split_plural_possessive" => r.split_plural_possessive = on,
                        _ => {}
                    }
                }
                "abbreviations" => {
                    r.abbreviations.insert(first);
                }
                "emoticons" => {
                    r.emoticons.insert(first);
                }
                "units" => {
                    r.units.insert(first);
                }
                "titles" => {
                    r.titles.insert(first);
                }
                "final" => {
                    r.final_abbreviations.insert(first);
                }
                "elisions" => r.elisions.push(first.to_lowercase()),
                "no_split" => {
                    r.no_split.insert(first.to_lowercase());
                }
                "clitics" => r.clitic_suffixes.push(first.to_lowercase()),
                "hprefix" => {
                    r.hyphen_prefixes.insert(first.to_lowercase());
                }
                "csuffix" => r.contraction_suffixes.push(first.to_lowercase()),
                "contractions" => {
                    let words: Vec<String> = fields.map(str::to_string).collect();
                    if words.len() >= 2 {
                        r.contractions.insert(first.to_lowercase(), words);
                    }
                }
                "ambiguous" => {
                    r.ambiguous.insert(first.to_lowercase());
                }
                "blockers" => match first.strip_prefix('*') {
                    Some(suffix) => r.blocker_suffixes.push(suffix.to_lowercase()),
                    None => {
                        r.blockers.insert(first.to_lowercase());
                    }
                },
                _ => {}
            }
        }
        // Upper-case forms may be longer in bytes than lower-case ones; leave room.
        r.max_contraction_len = r
            .contractions
            .keys()
            .map(|k| k.len() * 2)
            .max()
            .unwrap_or(0);
        r.elisions.sort_by_key(|e| std::cmp::Reverse(e.len()));
        r.clitic_suffixes
            .sort_by_key(|e| std::cmp::Reverse(e.len()));
        r.contraction_suffixes
            .sort_by_key(|e| std::cmp::Reverse(e.len()));
        r
    }

    /// Whether `tok` (with its final period) is a known abbreviation.
    pub fn is_abbreviation(&self, tok: &str) -> bool {
        self.abbreviations.contains(tok) || self.abbreviations.contains(&tok.to_lowercase())
    }

    /// The rules for an ISO 639-1 language code; languages without data get
    /// the language-independent defaults (English punctuation conventions
    /// without contractions).
    pub fn for_language(lang: &str) -> &'static Rules {
        static RULES: newsgraph_lang::PerLanguage<Rules> = newsgraph_lang::PerLanguage::new();
        static NEUTRAL: OnceLock<Rules> = OnceLock::new();
        match newsgraph_lang::language(lang) {
            Some(l) => RULES.get_or_init(l, |l| {
                let mut r = Rules::parse(l.data("tokenizer.txt").unwrap_or_default());
                r.language = l.code.into();
                r
            }),
            None => NEUTRAL.get_or_init(Rules::default),
        }
    }
}
