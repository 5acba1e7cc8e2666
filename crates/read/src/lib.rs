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

/// One input found by [`walk_inputs`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file to read (`-` for standard input), with the id its documents
    /// take: the file stem, or the path relative to the directory given when
    /// stems collide in the batch.
    File {
        /// The path.
        path: PathBuf,
        /// The document id (JSONL records without id add `:line`).
        id: String,
    },
    /// A path that cannot be read.
    Error(ReadError),
    /// A path inside a directory that was skipped, and why.
    Skipped {
        /// The path.
        path: PathBuf,
        /// Why it was skipped.
        reason: String,
    },
}

/// Expands the given paths into the list of input files: directories are
/// walked recursively (sorted, hidden entries skipped; files with unknown
/// extensions inside directories are skipped), `-` stands for standard input.
/// Unreadable paths become errors in the list.
pub fn expand_paths(paths: &[PathBuf]) -> Vec<Result<PathBuf, ReadError>> {
    walk_inputs(paths)
        .into_iter()
        .filter_map(|i| match i {
            Input::File { path, .. } => Some(Ok(path)),
            Input::Error(e) => Some(Err(e)),
            Input::Skipped { .. } => None,
        })
        .collect()
}

/// Expands the given paths into inputs. Directories are walked recursively
/// in sorted order; hidden entries are skipped silently; each directory is
/// entered once even through symbolic links (a link loop is followed once);
/// FIFOs, sockets and devices, dangling links and files with unknown
/// extensions inside directories are reported as [`Input::Skipped`]. Paths
/// named explicitly are read whatever their kind (`<(cmd)` works). Ids are
/// the file stems, or the path relative to its directory argument when two
/// inputs share a stem.
pub fn walk_inputs(paths: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    let mut rel: Vec<Option<String>> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input::File {
                path: p.clone(),
                id: "stdin".into(),
            });
            rel.push(None);
        } else if p.is_dir() {
            walk(p, p, &mut out, &mut rel, &mut seen, 0);
        } else if p.exists() {
            out.push(Input::File {
                path: p.clone(),
                id: id_of(p),
            });
            rel.push(Some(p.display().to_string()));
        } else if std::fs::symlink_metadata(p).is_ok() {
            out.push(Input::Error(ReadError::new(
                p,
                None,
                ReadErrorKind::Io("dangling symbolic link".into()),
            )));
            rel.push(None);
        } else {
            out.push(Input::Error(ReadError::new(
                p,
                None,
                ReadErrorKind::NotFound,
            )));
            rel.push(None);
        }
    }
    // Stems that collide take their relative path instead.
    let mut count = std::collections::HashMap::new();
    for i in &out {
        if let Input::File { id, .. } = i {
            *count.entry(id.clone()).or_insert(0usize) += 1;
        }
    }
    for (i, r) in out.iter_mut().zip(rel) {
        if let (Input::File { id, .. }, Some(r)) = (i, r) {
            if count.get(id.as_str()).copied().unwrap_or(0) > 1 {
                *id = r;
            }
        }
    }
    out
}

fn walk(
    root: &Path,
    dir: &Path,
    out: &mut Vec<Input>,
    rel: &mut Vec<Option<String>>,
    seen: &mut std::collections::HashSet<PathBuf>,
    depth: usize,
) {
    // Enter each real directory once: symbolic-link loops end here.
    match std::fs::canonicalize(dir) {
        Ok(c) => {
            if !seen.insert(c) {
                out.push(Input::Skipped {
                    path: dir.to_path_buf(),
                    reason: "directory already visited (symbolic-link loop or second link)".into(),
                });
                rel.push(None);
                return;
            }
        }
        Err(e) => {
            out.push(Input::Error(ReadError::new(
                dir,
                None,
                ReadErrorKind::Io(e.to_string()),
            )));
            rel.push(None);
            return;
        }
    }
    if depth > 64 {
        out.push(Input::Error(ReadError::new(
            dir,
            None,
            ReadErrorKind::Io("directory nesting too deep".into()),
        )));
        rel.push(None);
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.push(Input::Error(ReadError::new(
                dir,
                None,
                ReadErrorKind::Io(e.to_string()),
            )));
            rel.push(None);
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
        let skip = |reason: &str, out: &mut Vec<Input>, rel: &mut Vec<Option<String>>| {
            out.push(Input::Skipped {
                path: p.clone(),
                reason: reason.into(),
            });
            rel.push(None);
        };
        let Ok(meta) = std::fs::metadata(&p) else {
            if std::fs::symlink_metadata(&p).is_ok() {
                skip("dangling symbolic link", out, rel);
            } else {
                skip("cannot be read", out, rel);
            }
            continue;
        };
        if meta.is_dir() {
            walk(root, &p, out, rel, seen, depth + 1);
        } else if !meta.is_file() {
            skip("not a regular file (FIFO, socket or device)", out, rel);
        } else if InputFormat::from_path(&p).is_some() {
            let r = p.strip_prefix(root).unwrap_or(&p).display().to_string();
            out.push(Input::File {
                id: id_of(&p),
                path: p,
            });
            rel.push(Some(r));
        } else {
            skip(
                "unknown extension (known: .txt .text .jsonl .ndjson .html .htm .xhtml)",
                out,
                rel,
            );
        }
    }
}

/// One unit of work for a batch: a whole document's bytes still to read and
/// parse, or one line of a JSONL stream. Units are cheap to produce in input
/// order and are parsed where they are analyzed (in parallel).
#[derive(Debug)]
pub enum Unit {
    /// A file holding one document (text or HTML), read by [`read_unit`].
    File {
        /// The path.
        path: PathBuf,
        /// The document id.
        id: String,
        /// Its format, when known from the name or the options.
        format: Option<InputFormat>,
    },
    /// The bytes of one document already read (standard input).
    Bytes {
        /// The path (`-`).
        path: PathBuf,
        /// The document id.
        id: String,
        /// Its format.
        format: InputFormat,
        /// The bytes.
        bytes: Vec<u8>,
    },
    /// One line of a JSONL file.
    Line {
        /// The file.
        path: PathBuf,
        /// Base id for records without one (`id:line`).
        id: String,
        /// 1-based line number.
        line: usize,
        /// The line's bytes.
        bytes: Vec<u8>,
    },
    /// An input that failed before any document could be parsed.
    Error(ReadError),
}

impl Unit {
    /// Where the unit comes from: `file` or `file:line`.
    pub fn source(&self) -> String {
        match self {
            Unit::File { path, .. } | Unit::Bytes { path, .. } => path.display().to_string(),
            Unit::Line { path, line, .. } => format!("{}:{line}", path.display()),
            Unit::Error(e) => match e.line {
                Some(l) => format!("{}:{l}", e.path),
                None => e.path.clone(),
            },
        }
    }
}

/// The units of one input, lazily and in order: a JSONL file (by name, by
/// `opts.format`, or by content when neither tells) gives one unit per
/// non-blank line, read with a bounded buffer; any other input one unit.
pub fn units(path: &Path, id: &str, opts: &ReadOptions) -> Box<dyn Iterator<Item = Unit> + Send> {
    let is_stdin = path.as_os_str() == "-";
    let mut format = opts.format.or_else(|| InputFormat::from_path(path));
    let err = |k: ReadErrorKind| -> Box<dyn Iterator<Item = Unit> + Send> {
        Box::new(std::iter::once(Unit::Error(ReadError::new(path, None, k))))
    };
    let mut reader: Box<dyn std::io::BufRead + Send> = if is_stdin {
        Box::new(std::io::BufReader::with_capacity(1 << 16, std::io::stdin()))
    } else if format.is_some() && format != Some(InputFormat::Jsonl) {
        return Box::new(std::iter::once(Unit::File {
            path: path.to_path_buf(),
            id: id.to_string(),
            format,
        }));
    } else {
        match std::fs::File::open(path) {
            Ok(f) => Box::new(std::io::BufReader::with_capacity(1 << 16, f)),
            Err(e) => return err(ReadErrorKind::Io(e.to_string())),
        }
    };
    if format.is_none() {
        // Sniff the first bytes without consuming them.
        match reader.fill_buf() {
            Ok(head) => format = Some(InputFormat::sniff(head)),
            Err(e) => return err(ReadErrorKind::Io(e.to_string())),
        }
        if !is_stdin && format != Some(InputFormat::Jsonl) {
            return Box::new(std::iter::once(Unit::File {
                path: path.to_path_buf(),
                id: id.to_string(),
                format,
            }));
        }
    }
    match format {
        Some(InputFormat::Jsonl) => Box::new(jsonl::Lines::new(
            path.to_path_buf(),
            id.to_string(),
            reader,
            opts.max_bytes,
        )),
        Some(f) => {
            // Standard input holding one document.
            let mut buf = Vec::new();
            let r = reader.take(opts.max_bytes as u64 + 1).read_to_end(&mut buf);
            Box::new(std::iter::once(match r {
                Err(e) => Unit::Error(ReadError::new(path, None, ReadErrorKind::Io(e.to_string()))),
                Ok(_) if buf.len() > opts.max_bytes => Unit::Error(ReadError::new(
                    path,
                    None,
                    ReadErrorKind::TooLarge {
                        size: buf.len() as u64,
                        limit: opts.max_bytes as u64,
                    },
                )),
                Ok(_) => Unit::Bytes {
                    path: path.to_path_buf(),
                    id: id.to_string(),
                    format: f,
                    bytes: buf,
                },
            }))
        }
        None => err(ReadErrorKind::Empty),
    }
}

/// Reads and parses one unit into a document.
pub fn read_unit(unit: Unit, opts: &ReadOptions) -> Result<Document, ReadError> {
    match unit {
        Unit::Error(e) => Err(e),
        Unit::Line {
            path,
            id,
            line,
            bytes,
        } => jsonl::parse_line(&path, &id, line, &bytes),
        Unit::Bytes {
            path,
            id,
            format,
            bytes,
        } => parse_bytes(&path, &id, format, &bytes),
        Unit::File { path, id, format } => {
            let bytes = read_bounded(&path, false, format, opts)?;
            let format = format.unwrap_or_else(|| InputFormat::sniff(&bytes));
            parse_bytes(&path, &id, format, &bytes)
        }
    }
}

fn parse_bytes(
    path: &Path,
    id: &str,
    format: InputFormat,
    bytes: &[u8],
) -> Result<Document, ReadError> {
    let mut doc = match format {
        InputFormat::Text => text::read(path, bytes),
        InputFormat::Html => html::read(path, bytes),
        InputFormat::Jsonl => {
            // A whole JSONL buffer as one unit: only its first record.
            let first = bytes.split(|&b| b == b'\n').next().unwrap_or(bytes);
            return jsonl::parse_line(path, id, 1, first);
        }
    }?;
    doc.id = id.to_string();
    Ok(doc)
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

/// Checks raw bytes of one document: not empty, not binary, valid UTF-8
/// (or UTF-16 with a byte-order mark or the NUL pattern of ASCII in UTF-16,
/// decoded with a note). Returns the text without a leading byte-order mark,
/// and the note to add to the document's warnings.
pub(crate) fn check_text<'a>(
    path: &Path,
    line: Option<usize>,
    bytes: &'a [u8],
) -> Result<(std::borrow::Cow<'a, str>, Option<String>), ReadError> {
    if let Some((s, name)) = utf16(bytes)
        .transpose()
        .map_err(|k| ReadError::new(path, line, k))?
    {
        if s.trim().is_empty() {
            return Err(ReadError::new(path, line, ReadErrorKind::Empty));
        }
        return Ok((s.into(), Some(format!("decoded from {name}"))));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::new(path, line, ReadErrorKind::Empty));
    }
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err(ReadError::new(path, line, ReadErrorKind::Binary));
    }
    std::str::from_utf8(bytes)
        .map(|s| (s.into(), None))
        .map_err(|e| {
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
                    latin1: looks_latin1(bytes),
                },
            )
        })
}

/// Invalid UTF-8 whose high bytes are mostly Latin-1 letters (é = E9)
/// between ASCII letters.
fn looks_latin1(bytes: &[u8]) -> bool {
    let high: Vec<usize> = bytes
        .iter()
        .take(1 << 16)
        .enumerate()
        .filter(|(_, &b)| b >= 0x80)
        .map(|(i, _)| i)
        .collect();
    !high.is_empty()
        && high
            .iter()
            .filter(|&&i| {
                (0xC0..=0xFF).contains(&bytes[i]) && bytes.get(i + 1).is_none_or(|n| *n < 0x80)
            })
            .count()
            * 2
            >= high.len()
}

/// Decodes UTF-16 (with a byte-order mark, or without one when the first
/// bytes alternate ASCII and NUL); `None` when it is not UTF-16.
fn utf16(bytes: &[u8]) -> Option<Result<(String, &'static str), ReadErrorKind>> {
    let (le, body, name) = if let Some(b) = bytes.strip_prefix(b"\xFF\xFE") {
        (true, b, "UTF-16LE")
    } else if let Some(b) = bytes.strip_prefix(b"\xFE\xFF") {
        (false, b, "UTF-16BE")
    } else {
        let head = &bytes[..bytes.len().min(64) & !1];
        if head.len() < 8 {
            return None;
        }
        let even_nul = head.iter().step_by(2).all(|&b| b == 0);
        let odd_nul = head.iter().skip(1).step_by(2).all(|&b| b == 0);
        let ascii = |skip: usize| {
            head.iter()
                .skip(skip)
                .step_by(2)
                .all(|b| *b != 0 && b.is_ascii())
        };
        if odd_nul && ascii(0) {
            (true, bytes, "UTF-16LE (no byte-order mark)")
        } else if even_nul && ascii(1) {
            (false, bytes, "UTF-16BE (no byte-order mark)")
        } else {
            return None;
        }
    };
    let units = body.chunks_exact(2).map(|p| {
        if le {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    let mut s = String::with_capacity(body.len() / 2);
    for (i, c) in char::decode_utf16(units).enumerate() {
        match c {
            Ok(c) => s.push(c),
            Err(_) => return Some(Err(ReadErrorKind::InvalidUtf16(name, i))),
        }
    }
    if body.len() % 2 == 1 {
        return Some(Err(ReadErrorKind::InvalidUtf16(name, body.len() / 2)));
    }
    Some(Ok((s, name)))
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
