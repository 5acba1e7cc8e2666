//! JSONL reader: one article object per line, with `text` or `html` and
//! optional `id`, `url`, `source`, `title`, `published`, `language`.

use crate::{check_text, id_of, ReadError, ReadErrorKind, ReadOptions, Unit};
use newsgraph_doc::Document;
use serde::Deserialize;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// The lines of a JSONL stream as [`Unit`]s, lazily: blank lines are
/// skipped, a line longer than the limit becomes an error without being
/// held in memory, an empty stream one `Empty` error.
pub struct Lines<R> {
    path: PathBuf,
    id: String,
    r: R,
    max: usize,
    line_no: usize,
    any: bool,
    done: bool,
}

impl<R: BufRead> Lines<R> {
    /// Lines of `r`, read from `path`, records without id taking `id:line`.
    pub fn new(path: PathBuf, id: String, r: R, max: usize) -> Self {
        Lines {
            path,
            id,
            r,
            max,
            line_no: 0,
            any: false,
            done: false,
        }
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = Unit;
    fn next(&mut self) -> Option<Unit> {
        if self.done {
            return None;
        }
        let mut buf = Vec::new();
        loop {
            self.line_no += 1;
            buf.clear();
            let err = |kind| Unit::Error(ReadError::new(&self.path, Some(self.line_no), kind));
            match read_line_bounded(&mut self.r, &mut buf, self.max) {
                Ok(LineRead::Eof) => {
                    self.done = true;
                    return (!self.any).then(|| {
                        Unit::Error(ReadError::new(&self.path, None, ReadErrorKind::Empty))
                    });
                }
                Ok(LineRead::TooLong(n)) => {
                    self.any = true;
                    return Some(err(ReadErrorKind::TooLarge {
                        size: n,
                        limit: self.max as u64,
                    }));
                }
                Ok(LineRead::Line) => {
                    if buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    self.any = true;
                    return Some(Unit::Line {
                        path: self.path.clone(),
                        id: self.id.clone(),
                        line: self.line_no,
                        bytes: std::mem::take(&mut buf),
                    });
                }
                Err(e) => {
                    self.done = true;
                    return Some(err(ReadErrorKind::Io(e.to_string())));
                }
            }
        }
    }
}

#[derive(Deserialize)]
struct Record {
    id: Option<serde_json::Value>,
    url: Option<String>,
    source: Option<String>,
    title: Option<String>,
    published: Option<String>,
    language: Option<String>,
    text: Option<String>,
    html: Option<String>,
}

/// Reads every line of a JSONL stream. Lines longer than the size limit are
/// skipped with an error without being held in memory.
pub fn read<R: BufRead>(path: &Path, r: R, opts: &ReadOptions) -> Vec<Result<Document, ReadError>> {
    Lines::new(path.to_path_buf(), id_of(path), r, opts.max_bytes)
        .map(|u| crate::read_unit(u, opts))
        .collect()
}

enum LineRead {
    Eof,
    Line,
    TooLong(u64),
}

fn read_line_bounded<R: BufRead>(
    r: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<LineRead> {
    let mut seen: u64 = 0;
    let mut too_long = false;
    loop {
        let chunk = r.fill_buf()?;
        if chunk.is_empty() {
            return Ok(if seen == 0 {
                LineRead::Eof
            } else if too_long {
                LineRead::TooLong(seen)
            } else {
                LineRead::Line
            });
        }
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(p) => (p + 1, true),
            None => (chunk.len(), false),
        };
        seen += take as u64;
        if !too_long {
            if buf.len() + take > max + 1 {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(&chunk[..take]);
            }
        }
        r.consume(take);
        if done {
            return Ok(if too_long {
                LineRead::TooLong(seen)
            } else {
                LineRead::Line
            });
        }
    }
}

/// Parses one JSONL line (1-based `line`) into a document; records without
/// an id take `base_id:line`.
pub fn parse_line(
    path: &Path,
    base_id: &str,
    line: usize,
    bytes: &[u8],
) -> Result<Document, ReadError> {
    let (s, _) = check_text(path, Some(line), bytes)?;
    let rec: Record = serde_json::from_str(&s).map_err(|e| {
        // serde_json counts lines within the record: the column is enough.
        let msg = e.to_string();
        let msg = match msg.rfind(" at line ") {
            Some(p) if e.line() == 1 => format!("{} at column {}", &msg[..p], e.column()),
            _ => msg,
        };
        ReadError::new(path, Some(line), ReadErrorKind::BadJson(msg))
    })?;
    let published = match rec.published.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(p) => Some(
            crate::text::parse_date_value(p).map_err(|k| ReadError::new(path, Some(line), k))?,
        ),
    };
    let id = match rec.id {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => format!("{base_id}:{line}"),
    };
    let mut doc = match (rec.text, rec.html) {
        (Some(t), _) if !t.trim().is_empty() => Document::new(id, t),
        (_, Some(h)) => {
            let mut d = crate::html::from_html(path, &h).map_err(|mut e| {
                e.line = Some(line);
                e
            })?;
            d.id = id;
            d
        }
        (Some(_), None) => return Err(ReadError::new(path, Some(line), ReadErrorKind::Empty)),
        (None, None) => return Err(ReadError::new(path, Some(line), ReadErrorKind::MissingText)),
    };
    if rec.url.is_some() {
        doc.url = rec.url;
    }
    doc.source = rec.source.or(doc.source);
    if rec.title.is_some() {
        doc.title = rec.title;
    }
    if published.is_some() {
        doc.published = published;
    }
    doc.language = rec
        .language
        .map(|l| l.trim().to_ascii_lowercase())
        .filter(|l| !l.is_empty());
    Ok(doc)
}
