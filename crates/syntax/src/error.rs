//! The error type of the syntax crate.

use std::path::PathBuf;

/// Errors of model loading, saving and training.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A model file is corrupt, truncated or of another kind or version.
    #[error("{path}: bad model file: {message}")]
    BadModel {
        /// The file (or `<memory>`).
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// Training data could not be parsed.
    #[error("{path}: {message}")]
    Data {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// Result alias of the crate.
pub type Result<T> = std::result::Result<T, Error>;
