//! The reader error type: every error names its file and, where it has one,
//! its line.

use newsgraph_doc::DateError;
use std::fmt;
use std::path::Path;

/// What went wrong reading one document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadErrorKind {
    /// The path does not exist.
    #[error("no such file or directory")]
    NotFound,
    /// An operating-system error.
    #[error("{0}")]
    Io(String),
    /// The input is empty or only white space.
    #[error("empty document")]
    Empty,
    /// The input contains NUL bytes.
    #[error("binary data, not text")]
    Binary,
    /// The input is not valid UTF-8.
    #[error("invalid UTF-8 at byte {byte} (line {line}, column {column}){}", if *latin1 { "; it looks like Latin-1/Windows-1252: convert it with `iconv -f windows-1252 -t utf-8`" } else { "" })]
    InvalidUtf8 {
        /// Byte offset of the first invalid byte.
        byte: usize,
        /// 1-based line of it.
        line: usize,
        /// 1-based byte column of it.
        column: usize,
        /// The bytes read as Latin-1/Windows-1252 give plausible text.
        latin1: bool,
    },
    /// UTF-16 text that is not valid UTF-16 (an unpaired surrogate).
    #[error("invalid UTF-16 ({0}) at code unit {1}")]
    InvalidUtf16(&'static str, usize),
    /// The document exceeds the size limit.
    #[error("document of {size} bytes exceeds the limit of {limit} bytes (see --max-bytes)")]
    TooLarge {
        /// Size seen (at least).
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A publication date could not be read.
    #[error("{0}")]
    BadDate(DateError),
    /// A publication date value that is not a date: the whole value and why.
    #[error("invalid date {value:?}: {reason}")]
    InvalidDate {
        /// The value as given (at most 80 characters).
        value: String,
        /// Why it is not a date.
        reason: String,
    },
    /// A JSONL line is not a JSON object of the expected shape.
    #[error("invalid JSON: {0}")]
    BadJson(String),
    /// A JSONL record has neither `text` nor `html`.
    #[error("record has neither \"text\" nor \"html\"")]
    MissingText,
    /// An HTML page without readable text.
    #[error("no article text found in HTML")]
    NoArticle,
}

/// A reader error with its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// The file (`-` for standard input).
    pub path: String,
    /// 1-based line (JSONL record or text line), when known.
    pub line: Option<usize>,
    /// What went wrong.
    pub kind: ReadErrorKind,
}

impl ReadError {
    /// A new error.
    pub fn new(path: &Path, line: Option<usize>, kind: ReadErrorKind) -> Self {
        ReadError {
            path: path.display().to_string(),
            line,
            kind,
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, &self.kind) {
            // Inside a JSONL record: one line number, the record's.
            (
                Some(l),
                ReadErrorKind::InvalidUtf8 {
                    byte,
                    column,
                    latin1,
                    ..
                },
            ) => {
                let k = ReadErrorKind::InvalidUtf8 {
                    byte: *byte,
                    line: l,
                    column: *column,
                    latin1: *latin1,
                };
                let msg = k.to_string();
                let msg = msg.replacen(&format!("line {l}, "), "", 1);
                write!(f, "{}:{}: {}", self.path, l, msg)
            }
            (Some(l), k) => write!(f, "{}:{}: {}", self.path, l, k),
            (None, k) => write!(f, "{}: {}", self.path, k),
        }
    }
}

impl std::error::Error for ReadError {}
