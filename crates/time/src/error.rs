//! Errors of the time stage.

/// What can go wrong when loading the time stage's language data.
#[derive(Debug, thiserror::Error)]
pub enum TimeError {
    /// A line of a `lang/<iso>/time.txt` file cannot be read.
    #[error("lang/{lang}/time.txt line {line}: {reason}")]
    Data {
        /// Language code.
        lang: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// No time data exists for this language.
    #[error("no time data for language {0:?}")]
    UnsupportedLanguage(String),
    /// A TimeML file cannot be read.
    #[error("{path}: {reason}")]
    TimeMl {
        /// The file.
        path: String,
        /// What is wrong.
        reason: String,
    },
}
