//! Readers: turn files, directories and standard input into [`Document`]s.
//!
//! All formats sit behind [`read_inputs`], which yields one `Result` per
//! document so that one bad input never stops a batch.
//!
//! Invariant: a reader never panics on any input, never reads more than the
//! size limit of one document into memory, and names the file (and line) in
//! every error.

mod error;
mod html;
mod jsonl;
mod text;

pub use error::{ReadError, ReadErrorKind};
use newsgraph_doc::Document;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// Plain text with an optional `date YYYY-MM[-DD]` first line.
    Text,
    /// One JSON object per line.
    Jsonl,
    /// An HTML article page.
    Html,
}

impl InputFormat {
    /// The format for a file name's extension, if it is a known one.
    pub fn from_path(p: &Path) -> Option<Self> {
        let ext = p.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(InputFormat::Text),
            "jsonl" | "ndjson" => Some(InputFormat::Jsonl),
            "html" | "htm" | "xhtml" => Some(InputFormat::Html),
            _ => None,
        }
    }

    /// Guesses the format of content without a telling file name.
    pub fn sniff(bytes: &[u8]) -> Self {
        let start = bytes
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(0);
        let head = &bytes[start..bytes.len().min(start + 512)];
        if head.starts_with(b"{") {
            InputFormat::Jsonl
        } else if head.starts_with(b"<") {
            InputFormat::Html
        } else {
            InputFormat::Text
        }
    }
}

/// Options shared by all readers.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Forced format; `None` chooses by extension, then by content.
    pub format: Option<InputFormat>,
    /// Maximum size of one document in bytes (default 5 MB).
    pub max_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: None,
            max_bytes: 5_000_000,
        }
    }
}

/// Expands the given paths into the list of input files: directories are
/// walked recursively (sorted, hidden entries skipped; files with unknown
/// extensions inside directories are skipped), `-` stands for standard input.
/// Unreadable paths become errors in the list.
pub fn expand_paths(paths: &[PathBuf]) -> Vec<Result<PathBuf, ReadError>> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Ok(p.clone()));
        } else if p.is_dir() {
            walk(p, &mut out, 0);
        } else if p.exists() {
            out.push(Ok(p.clone()));
        } else {
            out.push(Err(ReadError::new(p, None, ReadErrorKind::NotFound)));
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<Result<PathBuf, ReadError>>, depth: usize) {
    if depth > 64 {
        out.push(Err(ReadError::new(
            dir,
            None,
            ReadErrorKind::Io("directory nesting too deep".into()),
        )));
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.push(Err(ReadError::new(
                dir,
                None,
                ReadErrorKind::Io(e.to_string()),
            )));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            walk(&p, out, depth + 1);
        } else if InputFormat::from_path(&p).is_some() {
            out.push(Ok(p));
        }
    }
}

/// Reads one input (a file or `-`) into documents. A JSONL file gives one
/// result per line; other formats give one.
pub fn read_path(path: &Path, opts: &ReadOptions) -> Vec<Result<Document, ReadError>> {
    let is_stdin = path.as_os_str() == "-";
    let format = opts.format.or_else(|| InputFormat::from_path(path));
    if format == Some(InputFormat::Jsonl) && !is_stdin {
        return match std::fs::File::open(path) {
            Ok(f) => jsonl::read(path, std::io::BufReader::new(f), opts),
            Err(e) => vec![Err(ReadError::new(
                path,
                None,
                ReadErrorKind::Io(e.to_string()),
            ))],
        };
    }
    let bytes = match read_bounded(path, is_stdin, format, opts) {
        Ok(b) => b,
        Err(e) => return vec![Err(e)],
    };
    let format = format.unwrap_or_else(|| InputFormat::sniff(&bytes));
    match format {
        InputFormat::Jsonl => jsonl::read(path, &bytes[..], opts),
        InputFormat::Text => vec![text::read(path, &bytes)],
        InputFormat::Html => vec![html::read(path, &bytes)],
    }
}

/// Reads a whole file or standard input, refusing more than the limit (JSONL
/// from standard input is bounded per line by its reader instead).
fn read_bounded(
    path: &Path,
    is_stdin: bool,
    format: Option<InputFormat>,
    opts: &ReadOptions,
) -> Result<Vec<u8>, ReadError> {
    let limit = if is_stdin && format.is_none() {
        // Unknown format: could be a JSONL stream of many documents.
        opts.max_bytes.saturating_mul(64)
    } else {
        opts.max_bytes
    };
    let io = |e: std::io::Error| ReadError::new(path, None, ReadErrorKind::Io(e.to_string()));
    let mut buf = Vec::new();
    if is_stdin {
        std::io::stdin()
            .lock()
            .take(limit as u64 + 1)
            .read_to_end(&mut buf)
            .map_err(io)?;
    } else {
        let f = std::fs::File::open(path).map_err(io)?;
        if let Ok(m) = f.metadata() {
            if m.len() > limit as u64 {
                return Err(ReadError::new(
                    path,
                    None,
                    ReadErrorKind::TooLarge {
                        size: m.len(),
                        limit: limit as u64,
                    },
                ));
            }
        }
        f.take(limit as u64 + 1).read_to_end(&mut buf).map_err(io)?;
    }
    if buf.len() > limit {
        return Err(ReadError::new(
            path,
            None,
            ReadErrorKind::TooLarge {
                size: buf.len() as u64,
                limit: limit as u64,
            },
        ));
    }
    Ok(buf)
}

/// Checks raw bytes of one document: not empty, not binary, valid UTF-8.
/// Returns the text with a leading byte-order mark removed.
pub(crate) fn check_text<'a>(
    path: &Path,
    line: Option<usize>,
    bytes: &'a [u8],
) -> Result<&'a str, ReadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::new(path, line, ReadErrorKind::Empty));
    }
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err(ReadError::new(path, line, ReadErrorKind::Binary));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let before = &bytes[..offset];
        let l = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let col = offset
            - before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1)
            + 1;
        ReadError::new(
            path,
            line,
            ReadErrorKind::InvalidUtf8 {
                byte: offset,
                line: l,
                column: col,
            },
        )
    })
}

/// The id of a document read from `path`: its file stem, or `stdin`.
pub(crate) fn id_of(path: &Path) -> String {
    if path.as_os_str() == "-" {
        return "stdin".into();
    }
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("document")
        .to_string()
}
