//! Plain-text reader. An optional header `date YYYY-MM[-DD]` (possibly
//! indented, followed by a newline or by the text on the same line) sets the
//! publication date and is not part of the text.

use crate::{check_text, id_of, ReadError, ReadErrorKind};
use newsgraph_doc::{Document, Published};
use std::path::Path;

/// Reads one plain-text document.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Document, ReadError> {
    let s = check_text(path, None, bytes)?;
    let (published, body) = split_header(s).map_err(|e| ReadError::new(path, Some(1), e))?;
    if body.trim().is_empty() {
        return Err(ReadError::new(path, None, ReadErrorKind::Empty));
    }
    let mut doc = Document::new(id_of(path), body);
    doc.published = published;
    Ok(doc)
}

/// Splits the optional `date …` header from the text.
pub fn split_header(s: &str) -> Result<(Option<Published>, &str), ReadErrorKind> {
    let t = s.trim_start_matches([' ', '\t', '\u{feff}']);
    let Some(rest) = t.strip_prefix("date ").or_else(|| t.strip_prefix("date\t")) else {
        return Ok((None, s));
    };
    let rest = rest.trim_start_matches([' ', '\t']);
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let value = &rest[..end];
    let published: Published = value.parse().map_err(ReadErrorKind::BadDate)?;
    let body = &rest[end..];
    // Drop the separator: the rest of the header line's white space, one newline.
    let body = body.trim_start_matches([' ', '\t']);
    let body = body
        .strip_prefix("\r\n")
        .or_else(|| body.strip_prefix('\n'))
        .unwrap_or(body);
    Ok((Some(published), body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_forms() {
        let (p, b) = split_header(" date 2023-05 Dans une").unwrap();
        assert_eq!(p.map(|p| p.to_string()).as_deref(), Some("2023-05"));
        assert_eq!(b, "Dans une");
        let (p, b) = split_header("date 2023-05-28\nLe texte.").unwrap();
        assert_eq!(p.map(|p| p.to_string()).as_deref(), Some("2023-05-28"));
        assert_eq!(b, "Le texte.");
        let (p, b) = split_header("Pas de date.").unwrap();
        assert!(p.is_none());
        assert_eq!(b, "Pas de date.");
        assert!(split_header("date 2023-13\nx").is_err());
        assert!(split_header("date hier\nx").is_err());
    }
}
