//! Full text for the PostgreSQL backend, folded by the writer so that it
//! behaves like SQLite's FTS5 `unicode61 remove_diacritics 2` tokenizer:
//! tokens are runs of alphanumeric characters, lowercased, diacritics
//! removed. The same folding builds the stored `tsvector`s, the
//! `tsquery` and the snippets.

use crate::error::{Result, StoreError};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// One token: code-point span in the text and folded form.
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub folded: String,
}

/// Lowercase, diacritics removed.
pub(crate) fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The tokens of `text` (runs of alphanumeric characters), with spans.
pub(crate) fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, String)> = None;
    let mut n = 0usize;
    for c in text.chars() {
        if c.is_alphanumeric() || is_combining_mark(c) {
            cur.get_or_insert_with(|| (n, String::new())).1.push(c);
        } else if let Some((start, s)) = cur.take() {
            out.push(Token {
                start,
                end: n,
                folded: fold(&s),
            });
        }
        n += 1;
    }
    if let Some((start, s)) = cur {
        out.push(Token {
            start,
            end: n,
            folded: fold(&s),
        });
    }
    out
}

/// The folded tokens of `text` joined by spaces: the input of
/// `to_tsvector('simple', …)`.
pub(crate) fn index_text(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for t in tokens(text) {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(&t.folded);
    }
    s
}

/// A parsed search: per user word its folded tokens (a phrase) and
/// whether the last one is a prefix.
pub(crate) struct Terms {
    words: Vec<(Vec<String>, bool)>,
}

impl Terms {
    /// Parses user words as `fts_query` does for SQLite: every word must
    /// match, a trailing `*` makes a prefix, quotes and operators are
    /// only words.
    pub(crate) fn parse(text: &str) -> Result<Terms> {
        crate::query::check_len("search", text)?;
        let mut words = Vec::new();
        for w in text.split_whitespace().take(32) {
            let (w, prefix) = match w.strip_suffix('*') {
                Some(w) => (w, true),
                None => (w, false),
            };
            let toks: Vec<String> = tokens(w).into_iter().map(|t| t.folded).collect();
            if !toks.is_empty() {
                words.push((toks, prefix));
            }
        }
        if words.is_empty() {
            return Err(StoreError::Query("search needs at least one word".into()));
        }
        Ok(Terms { words })
    }

    /// The `tsquery` text (for `to_tsquery('simple', …)`): words ANDed,
    /// the tokens of one word as a phrase, `:*` on a prefix.
    pub(crate) fn tsquery(&self) -> String {
        self.words
            .iter()
            .map(|(toks, prefix)| {
                let n = toks.len();
                let phrase: Vec<String> = toks
                    .iter()
                    .enumerate()
                    .map(|(i, t)| {
                        let star = if *prefix && i + 1 == n { ":*" } else { "" };
                        format!("'{}'{star}", t.replace('\'', "''").replace('\\', "\\\\"))
                    })
                    .collect();
                format!("({})", phrase.join(" <-> "))
            })
            .collect::<Vec<_>>()
            .join(" & ")
    }

    fn matches(&self, folded: &str) -> Option<usize> {
        self.words
            .iter()
            .enumerate()
            .find_map(|(i, (toks, prefix))| {
                let n = toks.len();
                toks.iter()
                    .enumerate()
                    .any(|(j, t)| {
                        if *prefix && j + 1 == n {
                            folded.starts_with(t.as_str())
                        } else {
                            folded == t
                        }
                    })
                    .then_some(i)
            })
    }
}

/// An excerpt of at most `max` tokens around the matches, `…` where cut,
/// with the code-point spans of the matched tokens in the excerpt (as
/// SQLite's `snippet()`, which the other backend uses).
pub(crate) fn snippet(text: &str, terms: &Terms, max: usize) -> (String, Vec<[usize; 2]>) {
    let toks = tokens(text);
    let hit: Vec<Option<usize>> = toks.iter().map(|t| terms.matches(&t.folded)).collect();
    let n = toks.len();
    let max = max.max(1);
    // Best window: most distinct words matched, then most matches, then
    // earliest; windows start a few tokens before a match.
    let mut best = (0usize, 0usize, 0usize);
    let mut seen_best = false;
    for (m, h) in hit.iter().enumerate() {
        if h.is_none() {
            continue;
        }
        let s = m.saturating_sub(max / 4).min(n.saturating_sub(max));
        let e = (s + max).min(n);
        let mut distinct: Vec<usize> = hit[s..e].iter().flatten().copied().collect();
        let count = distinct.len();
        distinct.sort_unstable();
        distinct.dedup();
        let key = (distinct.len(), count);
        if !seen_best || key > (best.1, best.2) {
            best = (s, key.0, key.1);
            seen_best = true;
        }
    }
    let s = best.0;
    let e = (s + max).min(n);
    let chars: Vec<char> = text.chars().collect();
    let from = if s == 0 { 0 } else { toks[s].start };
    let to = if e >= n { chars.len() } else { toks[e - 1].end };
    let mut out = String::new();
    let shift = if s > 0 {
        out.push('…');
        1
    } else {
        0
    };
    out.extend(&chars[from..to]);
    if e < n {
        out.push('…');
    }
    let spans = (s..e)
        .filter(|i| hit[*i].is_some())
        .map(|i| [toks[i].start - from + shift, toks[i].end - from + shift])
        .collect();
    (out, spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_and_tokens() {
        assert_eq!(fold("Genève ÉTÉ"), "geneve ete");
        assert_eq!(
            index_text("L'accord de Genève, 2024."),
            "l accord de geneve 2024"
        );
    }

    #[test]
    fn tsqueries_are_quoted() {
        let t = Terms::parse("Genève minist* a'b \"").expect("terms");
        assert_eq!(t.tsquery(), "('geneve') & ('minist':*) & ('a' <-> 'b')");
        assert!(Terms::parse(" \" ").is_err());
    }

    #[test]
    fn snippets_mark_matches() {
        let t = Terms::parse("geneve").expect("terms");
        let (s, h) = snippet("Le sommet de Genève.", &t, 20);
        assert_eq!(s, "Le sommet de Genève.");
        assert_eq!(h, vec![[13, 19]]);
        let long = format!("{} Genève {}", "mot ".repeat(40), "fin ".repeat(40));
        let (s, h) = snippet(&long, &t, 10);
        assert!(s.starts_with('…') && s.ends_with('…'));
        let w: String = s.chars().skip(h[0][0]).take(h[0][1] - h[0][0]).collect();
        assert_eq!(w, "Genève");
    }
}
