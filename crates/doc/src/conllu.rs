//! Reading and writing CoNLL-U (Universal Dependencies), the format of the
//! treebanks used for training and evaluation and of `analyze --format conllu`.

use crate::Document;
use std::fmt::Write as _;

/// One word line of a CoNLL-U sentence (ids `1`, `2`, …; not ranges or
/// empty nodes).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    /// FORM.
    pub form: String,
    /// LEMMA.
    pub lemma: String,
    /// UPOS.
    pub upos: String,
    /// XPOS.
    pub xpos: String,
    /// FEATS (`_` when empty).
    pub feats: String,
    /// HEAD (0 = root), 1-based within the sentence.
    pub head: usize,
    /// DEPREL.
    pub deprel: String,
    /// MISC.
    pub misc: String,
}

impl Word {
    /// True unless MISC has `SpaceAfter=No`.
    pub fn space_after(&self) -> bool {
        !self.misc.split('|').any(|m| m == "SpaceAfter=No")
    }
}

/// A multiword token line (`3-4 du …`, tab-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Multiword {
    /// First word id (1-based).
    pub first: usize,
    /// Last word id (1-based, inclusive).
    pub last: usize,
    /// Surface form.
    pub form: String,
    /// MISC.
    pub misc: String,
}

/// One CoNLL-U sentence.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sentence {
    /// `# sent_id`.
    pub id: Option<String>,
    /// `# text`.
    pub text: Option<String>,
    /// A `# newdoc` comment precedes it.
    pub newdoc: bool,
    /// A `# newpar` comment precedes it.
    pub newpar: bool,
    /// The words.
    pub words: Vec<Word>,
    /// The multiword tokens.
    pub multiwords: Vec<Multiword>,
}

/// A surface token of a sentence: either a single word or a multiword token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurfaceToken<'a> {
    /// Surface form.
    pub form: &'a str,
    /// Whether a space follows it in the original text.
    pub space_after: bool,
    /// The words (0-based indices into [`Sentence::words`], inclusive range).
    pub words: (usize, usize),
}

impl Sentence {
    /// The surface tokens of the sentence, in order.
    pub fn surface_tokens(&self) -> Vec<SurfaceToken<'_>> {
        let mut out = Vec::with_capacity(self.words.len());
        let mut i = 0;
        let mut mw = self.multiwords.iter().peekable();
        while i < self.words.len() {
            if let Some(m) = mw.peek() {
                if m.first == i + 1 && m.last >= m.first && m.last <= self.words.len() {
                    out.push(SurfaceToken {
                        form: &m.form,
                        space_after: !m.misc.split('|').any(|x| x == "SpaceAfter=No"),
                        words: (m.first - 1, m.last - 1),
                    });
                    i = m.last;
                    mw.next();
                    continue;
                }
                if m.first <= i {
                    mw.next();
                    continue;
                }
            }
            let w = &self.words[i];
            out.push(SurfaceToken {
                form: &w.form,
                space_after: w.space_after(),
                words: (i, i),
            });
            i += 1;
        }
        out
    }
}

/// A CoNLL-U syntax error, with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ParseError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Parses a whole CoNLL-U file. Empty nodes (`8.1`) are skipped.
pub fn parse(input: &str) -> Result<Vec<Sentence>, ParseError> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    let mut started = false;
    for (ln, line) in input.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if started {
                out.push(std::mem::take(&mut cur));
                started = false;
            }
            continue;
        }
        started = true;
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim();
            if let Some(v) = c.strip_prefix("sent_id =") {
                cur.id = Some(v.trim().to_string());
            } else if let Some(v) = c.strip_prefix("text =") {
                cur.text = Some(v.trim().to_string());
            } else if c.starts_with("newdoc") {
                cur.newdoc = true;
            } else if c.starts_with("newpar") {
                cur.newpar = true;
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(ParseError {
                line: ln + 1,
                message: format!("expected 10 tab-separated columns, found {}", cols.len()),
            });
        }
        let id = cols[0];
        if id.contains('.') {
            continue;
        }
        if let Some((a, b)) = id.split_once('-') {
            let (Ok(first), Ok(last)) = (a.parse(), b.parse()) else {
                return Err(ParseError {
                    line: ln + 1,
                    message: format!("bad range id {id:?}"),
                });
            };
            cur.multiwords.push(Multiword {
                first,
                last,
                form: cols[1].to_string(),
                misc: cols[9].to_string(),
            });
            continue;
        }
        let head = if cols[6] == "_" {
            0
        } else {
            cols[6].parse().map_err(|_| ParseError {
                line: ln + 1,
                message: format!("bad head {:?}", cols[6]),
            })?
        };
        cur.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
            misc: cols[9].to_string(),
        });
    }
    if started {
        out.push(cur);
    }
    Ok(out)
}

/// Rebuilds the raw text of a treebank as the CoNLL 2018 shared task does:
/// tokens joined according to `SpaceAfter`, sentences separated by a space,
/// paragraphs and documents by a blank line.
pub fn raw_text(sentences: &[Sentence]) -> String {
    let mut text = String::new();
    for (i, s) in sentences.iter().enumerate() {
        if i > 0 {
            if s.newpar || s.newdoc {
                while text.ends_with(' ') {
                    text.pop();
                }
                text.push_str("\n\n");
            } else if !text.ends_with(' ') && !text.ends_with('\n') {
                text.push(' ');
            }
        }
        for t in s.surface_tokens() {
            text.push_str(t.form);
            if t.space_after {
                text.push(' ');
            }
        }
    }
    while text.ends_with(' ') {
        text.pop();
    }
    text
}

fn field(v: Option<&str>) -> &str {
    match v {
        Some(s) if !s.is_empty() => s,
        _ => "_",
    }
}

/// Writes a document as CoNLL-U: one block per sentence, with `# text`,
/// multiword token lines and `SpaceAfter=No`.
pub fn write(doc: &Document) -> String {
    let ix = doc.index();
    let mut out = String::new();
    let _ = writeln!(out, "# newdoc id = {}", doc.id.replace(['\n', '\r'], " "));
    for (si, s) in doc.sentences.iter().enumerate() {
        let _ = writeln!(
            out,
            "# sent_id = {}-{}",
            doc.id.replace(['\n', '\r'], " "),
            si + 1
        );
        let text = doc.slice(&ix, s.start, s.end).replace(['\n', '\r'], " ");
        let _ = writeln!(out, "# text = {text}");
        let [first, end] = s.tokens;
        let mut mw = doc
            .multiword_tokens
            .iter()
            .filter(|m| m.tokens[0] >= first && m.tokens[1] <= end)
            .peekable();
        for i in first..end.min(doc.tokens.len()) {
            let t = &doc.tokens[i];
            // Whether a space follows the surface token ending here.
            let space_after = |end_char: usize| {
                doc.slice(&ix, end_char, end_char + 1)
                    .chars()
                    .next()
                    .is_some_and(char::is_whitespace)
                    || end_char >= ix.len_chars()
            };
            let mut in_mwt = false;
            if let Some(m) = mw.peek() {
                if m.tokens[0] == i {
                    let misc = if space_after(m.end) {
                        "_"
                    } else {
                        "SpaceAfter=No"
                    };
                    let _ = writeln!(
                        out,
                        "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{}",
                        i - first + 1,
                        m.tokens[1] - first,
                        m.text,
                        misc
                    );
                }
                in_mwt = m.tokens[0] <= i && i < m.tokens[1];
                if m.tokens[1] == i + 1 {
                    mw.next();
                }
            }
            let head = match (t.head, t.deprel.as_deref()) {
                (Some(h), _) if h >= first && h < end => (h - first + 1).to_string(),
                (None, Some(_)) => "0".to_string(),
                _ => "_".to_string(),
            };
            let misc = if in_mwt || space_after(t.end) {
                "_"
            } else {
                "SpaceAfter=No"
            };
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t_\t{}\t{}\t{}\t_\t{}",
                i - first + 1,
                t.text,
                field(t.lemma.as_deref()),
                field(t.upos.as_deref()),
                field(t.feats.as_deref()),
                head,
                field(t.deprel.as_deref()),
                misc
            );
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d\n# newpar\n# sent_id = 1\n# text = Il va au marché.\n1\tIl\til\tPRON\t_\t_\t2\tnsubj\t_\t_\n2\tva\taller\tVERB\t_\t_\t0\troot\t_\t_\n3-4\tau\t_\t_\t_\t_\t_\t_\t_\t_\n3\tà\tà\tADP\t_\t_\t5\tcase\t_\t_\n4\tle\tle\tDET\t_\t_\t5\tdet\t_\t_\n5\tmarché\tmarché\tNOUN\t_\t_\t2\tobl\t_\tSpaceAfter=No\n6\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_\n\n# sent_id = 2\n# text = Oui.\n1\tOui\toui\tINTJ\t_\t_\t0\troot\t_\tSpaceAfter=No\n2\t.\t.\tPUNCT\t_\t_\t1\tpunct\t_\t_\n\n";

    #[test]
    fn parses_and_rebuilds_text() {
        let s = parse(SAMPLE).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].words.len(), 6);
        assert_eq!(s[0].multiwords.len(), 1);
        let toks: Vec<_> = s[0].surface_tokens().iter().map(|t| t.form).collect();
        assert_eq!(toks, ["Il", "va", "au", "marché", "."]);
        assert_eq!(raw_text(&s), "Il va au marché. Oui.");
    }

    #[test]
    fn reports_bad_lines() {
        let e = parse("1\tx\n").unwrap_err();
        assert_eq!(e.line, 1);
    }
}
