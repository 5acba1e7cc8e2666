//! Language data of the stories stage (`lang/<iso>/stories.txt`): negation
//! words and denial verbs, compiled in.

use std::collections::HashSet;

/// The word lists of one language.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Lemmas that negate the verb they modify.
    pub negation: HashSet<String>,
    /// Verbs whose clausal complement their subject denies.
    pub denial: HashSet<String>,
}

impl Lexicon {
    /// Parses a `stories.txt` file (unknown sections are ignored).
    pub fn parse(text: &str) -> Self {
        let mut lx = Lexicon::default();
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with('#') {
                continue;
            }
            let Some((sec, words)) = line.split_once(':') else {
                continue;
            };
            let set = match sec.trim() {
                "negation" => &mut lx.negation,
                "denial" => &mut lx.denial,
                _ => continue,
            };
            set.extend(
                words
                    .split(',')
                    .map(|w| w.trim().to_lowercase())
                    .filter(|w| !w.is_empty()),
            );
        }
        lx
    }

    /// The lexicon of a language (empty for an unsupported one).
    pub fn of(lang: &str) -> &'static Lexicon {
        static LEXICONS: newsgraph_lang::PerLanguage<Lexicon> = newsgraph_lang::PerLanguage::new();
        static NONE: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
        match newsgraph_lang::language(lang) {
            Some(l) => LEXICONS.get_or_init(l, |l| {
                Lexicon::parse(l.data("stories.txt").unwrap_or_default())
            }),
            None => NONE.get_or_init(Lexicon::default),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_load() {
        assert!(Lexicon::of("fr").denial.contains("démentir"));
        assert!(Lexicon::of("en").negation.contains("not"));
        assert!(Lexicon::of("de").denial.is_empty());
    }
}
