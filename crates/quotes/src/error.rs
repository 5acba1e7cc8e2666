//! The error type of newsgraph-quotes.

use std::path::PathBuf;

/// Errors of the quotes crate (language data and gold files).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A line of a `lang/<iso>/quotes.txt` file could not be read.
    #[error("lang/{lang}/quotes.txt line {line}: {message}")]
    Lexicon {
        /// Language code.
        lang: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A gold file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A brat standoff line could not be parsed.
    #[error("{}:{line}: {message}", path.display())]
    Brat {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}
