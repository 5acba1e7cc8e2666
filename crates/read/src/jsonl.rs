//! JSONL reader: one article object per line, with `text` or `html` and
//! optional `id`, `url`, `source`, `title`, `published`, `language`.

use crate::{check_text, id_of, ReadError, ReadErrorKind, ReadOptions};
use newsgraph_doc::{Document, Published};
use serde::Deserialize;
use std::io::BufRead;
use std::path::Path;

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
pub fn read<R: BufRead>(
    path: &Path,
    mut r: R,
    opts: &ReadOptions,
) -> Vec<Result<Document, ReadError>> {
    let mut out = Vec::new();
    let mut line_no = 0;
    let mut buf = Vec::new();
    loop {
        line_no += 1;
        buf.clear();
        match read_line_bounded(&mut r, &mut buf, opts.max_bytes) {
            Ok(LineRead::Eof) => break,
            Ok(LineRead::TooLong(n)) => {
                out.push(Err(ReadError::new(
                    path,
                    Some(line_no),
                    ReadErrorKind::TooLarge {
                        size: n,
                        limit: opts.max_bytes as u64,
                    },
                )));
            }
            Ok(LineRead::Line) => {
                if buf.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                out.push(parse_line(path, line_no, &buf));
            }
            Err(e) => {
                out.push(Err(ReadError::new(
                    path,
                    Some(line_no),
                    ReadErrorKind::Io(e.to_string()),
                )));
                break;
            }
        }
    }
    if out.is_empty() {
        out.push(Err(ReadError::new(path, None, ReadErrorKind::Empty)));
    }
    out
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

fn parse_line(path: &Path, line: usize, bytes: &[u8]) -> Result<Document, ReadError> {
    let s = check_text(path, Some(line), bytes)?;
    let rec: Record = serde_json::from_str(s)
        .map_err(|e| ReadError::new(path, Some(line), ReadErrorKind::BadJson(e.to_string())))?;
    let published = match rec.published.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(p) => Some(
            Published::parse_lenient(p)
                .map_err(|e| ReadError::new(path, Some(line), ReadErrorKind::BadDate(e)))?,
        ),
    };
    let id = match rec.id {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => format!("{}:{}", id_of(path), line),
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
