//! The language registry: everything newsgraph knows about a supported
//! language, in one place.
//!
//! A supported language is a directory of data files `lang/<iso>/`
//! (tokenizer rules, time words, titles, cue words…) and the trained models
//! compiled into the binary (`models/<iso>/sentences.bin`, `ner.bin.gz`).
//! Stages ask the registry for a language's files ([`Language::data`],
//! [`Language::model`]) and keep what they parse from them in a
//! [`PerLanguage`] cache; they never match on language codes. Adding a
//! language is adding its `lang/<iso>/` directory and one entry in
//! [`LANGUAGES`] (a test checks that every file of every `lang/<iso>/`
//! directory is registered).

use std::sync::OnceLock;

/// One supported language: its code, its `lang/<iso>/` data files and its
/// compiled-in models.
#[derive(Debug)]
pub struct Language {
    /// ISO 639-1 code (`fr`).
    pub code: &'static str,
    /// Position in [`LANGUAGES`] (the slot of its [`PerLanguage`] caches).
    index: usize,
    /// `lang/<iso>/<name>` → contents.
    files: &'static [(&'static str, &'static str)],
    /// `models/<iso>/<name>` → bytes, for the models compiled in.
    models: &'static [(&'static str, &'static [u8])],
}

impl Language {
    /// The contents of `lang/<iso>/<name>`, when the language has that file.
    pub fn data(&self, name: &str) -> Option<&'static str> {
        self.files.iter().find(|f| f.0 == name).map(|f| f.1)
    }

    /// The bytes of the compiled-in model `models/<iso>/<name>`, when the
    /// language ships one.
    pub fn model(&self, name: &str) -> Option<&'static [u8]> {
        self.models.iter().find(|f| f.0 == name).map(|f| f.1)
    }

    /// The names of the language's data files.
    pub fn data_files(&self) -> impl Iterator<Item = &'static str> {
        self.files.iter().map(|f| f.0)
    }

    /// The names of the language's compiled-in models.
    pub fn model_files(&self) -> impl Iterator<Item = &'static str> {
        self.models.iter().map(|f| f.0)
    }
}

/// `(name, include_str!("lang/<iso>/<name>"))` for each name.
macro_rules! data_files {
    ($iso:literal: $($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../../lang/", $iso, "/", $name)))),*]
    };
}

/// `(name, include_bytes!("models/<iso>/<name>"))` for each name.
macro_rules! model_files {
    ($iso:literal: $($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../../../models/", $iso, "/", $name)).as_slice())),*]
    };
}

/// Number of supported languages.
pub const COUNT: usize = 2;

/// The supported languages.
pub static LANGUAGES: [Language; COUNT] = [
    Language {
        code: "fr",
        index: 0,
        files: data_files!("fr":
            "capital-cues.txt", "coref.txt", "demonyms.tsv", "entity-cues.txt",
            "event-cues.tsv", "events.tsv", "places.tsv", "quotes.txt", "seats.tsv",
            "stories.txt", "syntax_inversion_verbs.txt", "time.txt", "titles.tsv",
            "tokenizer.txt",
        ),
        models: model_files!("fr": "sentences.bin", "ner.bin.gz"),
    },
    Language {
        code: "en",
        index: 1,
        files: data_files!("en":
            "capital-cues.txt", "coref.txt", "demonyms.tsv", "entity-cues.txt",
            "event-actors.tsv", "event-cues.tsv", "events.tsv", "places.tsv", "quotes.txt",
            "seats.tsv", "stories.txt", "syntax_inversion_verbs.txt", "time.txt",
            "titles.tsv", "tokenizer.txt",
        ),
        models: model_files!("en": "sentences.bin", "ner.bin.gz"),
    },
];

/// The supported language with this ISO 639-1 code.
pub fn language(code: &str) -> Option<&'static Language> {
    LANGUAGES.iter().find(|l| l.code == code)
}

/// The supported languages, in registry order.
pub fn languages() -> impl Iterator<Item = &'static Language> {
    LANGUAGES.iter()
}

/// A value per supported language, built on first use from the language's
/// data (a parsed lexicon, a loaded model). `static X: PerLanguage<T> =
/// PerLanguage::new();` replaces one `OnceLock` per language code.
pub struct PerLanguage<T> {
    cells: [OnceLock<T>; COUNT],
}

impl<T> PerLanguage<T> {
    /// An empty cache.
    pub const fn new() -> Self {
        PerLanguage {
            cells: [const { OnceLock::new() }; COUNT],
        }
    }

    /// The value of `lang`, built by `init` the first time it is asked for.
    pub fn get_or_init(
        &self,
        lang: &'static Language,
        init: impl FnOnce(&'static Language) -> T,
    ) -> &T {
        self.cells[lang.index].get_or_init(|| init(lang))
    }
}

impl<T> Default for PerLanguage<T> {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_are_positions() {
        for (i, l) in LANGUAGES.iter().enumerate() {
            assert_eq!(l.index, i, "{}", l.code);
            assert_eq!(language(l.code).map(|x| x.code), Some(l.code));
        }
        assert!(language("de").is_none());
        assert!(language("").is_none());
    }

    /// Every file of every `lang/<iso>/` directory is registered, and every
    /// registered language has a directory: a data file added on disk but
    /// not here would silently not ship.
    #[test]
    fn every_data_file_is_registered() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lang");
        let mut dirs = 0;
        for d in std::fs::read_dir(&root).expect("lang/ is readable") {
            let d = d.expect("lang/ entry");
            let iso = d.file_name().to_string_lossy().to_string();
            if iso == "kb" || !d.path().is_dir() {
                continue; // lang/kb: knowledge-base sources, read by `kb build`
            }
            dirs += 1;
            let lang = language(&iso)
                .unwrap_or_else(|| panic!("lang/{iso}/ is not a registered language"));
            let mut on_disk: Vec<String> = std::fs::read_dir(d.path())
                .expect("lang/<iso>/ is readable")
                .map(|f| f.expect("entry").file_name().to_string_lossy().to_string())
                .collect();
            on_disk.sort();
            let mut registered: Vec<String> = lang.data_files().map(String::from).collect();
            registered.sort();
            assert_eq!(on_disk, registered, "lang/{iso}/ against the registry");
        }
        assert_eq!(dirs, COUNT);
    }

    #[test]
    fn shipped_models_are_registered() {
        for l in languages() {
            for m in ["sentences.bin", "ner.bin.gz"] {
                assert!(l.model(m).is_some_and(|b| !b.is_empty()), "{}: {m}", l.code);
            }
        }
    }
}
