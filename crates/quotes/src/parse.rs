//! Speakers on the dependency tree: the subject (`nsubj`) or passive agent
//! (`obl:agent`) of a reporting verb, inherited through coordination and
//! control (`conj`, `xcomp`), as the subtree of that dependent; and the head
//! word of a span (the word whose head lies outside it; in a flat name, its
//! last word), used to pick the entity a speaker phrase names and to score
//! speaker mentions.
//!
//! Invariant: pure functions of the syntax layer; a document without heads
//! gives `None` everywhere, and callers fall back to surface rules.

use newsgraph_doc::Document;

/// Children of every word, in order.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    children: Vec<Vec<usize>>,
    parsed: bool,
}

impl Tree {
    /// Builds the children table (linear in the tokens).
    pub fn new(doc: &Document) -> Self {
        let n = doc.tokens.len();
        let mut children = vec![Vec::new(); n];
        let mut parsed = false;
        for (i, t) in doc.tokens.iter().enumerate() {
            if let Some(h) = t.head.filter(|&h| h < n && h != i) {
                children[h].push(i);
                parsed = true;
            }
        }
        Tree { children, parsed }
    }

    /// The dependents of word `w`.
    pub fn children(&self, w: usize) -> &[usize] {
        self.children.get(w).map_or(&[], Vec::as_slice)
    }

    /// True when the document has a parse.
    pub fn parsed(&self) -> bool {
        self.parsed
    }

    /// Word range `[a, b]` (inclusive) spanned by the subtree of `w`,
    /// bounded to `limit` words visited.
    pub fn subtree(&self, w: usize, limit: usize) -> (usize, usize) {
        let (mut a, mut b) = (w, w);
        let mut stack = vec![w];
        let mut seen = 0;
        while let Some(x) = stack.pop() {
            seen += 1;
            if seen > limit {
                break;
            }
            a = a.min(x);
            b = b.max(x);
            if let Some(cs) = self.children.get(x) {
                stack.extend(cs.iter().copied());
            }
        }
        (a, b)
    }

    /// The speaker word of a reporting word `v`: its `nsubj` or the noun of
    /// its `obl:agent`; failing that, the subject of the verb it is
    /// coordinated with or controlled by (`conj`, `xcomp`, up to two steps).
    pub fn speaker_of(&self, doc: &Document, v: usize) -> Option<usize> {
        let mut k = v;
        for _ in 0..3 {
            let kids = self.children.get(k)?;
            let rel = |c: usize| doc.tokens[c].deprel.as_deref().unwrap_or("");
            if let Some(&s) = kids
                .iter()
                .find(|&&c| rel(c) == "nsubj" || rel(c) == "obl:agent")
            {
                return Some(s);
            }
            match doc.tokens[k].deprel.as_deref() {
                Some("conj" | "xcomp") => k = doc.tokens[k].head?,
                _ => return None,
            }
        }
        None
    }

    /// The head word of the word range `[a, b)`: the first word whose head
    /// lies outside the range; in a flat name or compound, the last word
    /// of that name.
    pub fn head_of(&self, doc: &Document, a: usize, b: usize) -> Option<usize> {
        if !self.parsed || a >= b || b > doc.tokens.len() {
            return None;
        }
        let h = (a..b).find(|&i| doc.tokens[i].head.is_none_or(|h| h < a || h >= b))?;
        let last_flat = self.children[h]
            .iter()
            .copied()
            .filter(|&c| {
                c > h
                    && c < b
                    && doc.tokens[c]
                        .deprel
                        .as_deref()
                        .is_some_and(|d| d.starts_with("flat"))
            })
            .max();
        Some(last_flat.unwrap_or(h))
    }
}

/// Word index range `[a, b)` of the words inside the code-point span.
pub fn words_in(doc: &Document, start: usize, end: usize) -> (usize, usize) {
    let a = doc.tokens.partition_point(|t| t.start < start);
    let b = doc.tokens.partition_point(|t| t.end <= end);
    (a, b.max(a))
}

/// The code-point span of the head word of the span `[start, end)`, when
/// the document is parsed.
pub fn head_span(doc: &Document, tree: &Tree, start: usize, end: usize) -> Option<(usize, usize)> {
    let (a, b) = words_in(doc, start, end);
    let h = tree.head_of(doc, a, b)?;
    Some((doc.tokens[h].start, doc.tokens[h].end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsgraph_doc::Token;

    fn tok(text: &str, start: usize, head: Option<usize>, rel: &str) -> Token {
        Token {
            start,
            end: start + text.chars().count(),
            text: text.into(),
            upos: None,
            lemma: None,
            feats: None,
            head,
            deprel: Some(rel.into()),
        }
    }

    #[test]
    fn subject_and_heads() {
        // "Moscow 's envoy said and added"
        let mut d = Document::new("t", "Moscow's envoy said and added");
        d.tokens = vec![
            tok("Moscow", 0, Some(2), "nmod:poss"),
            tok("'s", 6, Some(0), "case"),
            tok("envoy", 9, Some(3), "nsubj"),
            tok("said", 15, None, "root"),
            tok("and", 20, Some(5), "cc"),
            tok("added", 24, Some(3), "conj"),
        ];
        let t = Tree::new(&d);
        assert_eq!(t.speaker_of(&d, 5), Some(2));
        assert_eq!(t.subtree(2, 100), (0, 2));
        assert_eq!(head_span(&d, &t, 0, 14), Some((9, 14)));
        assert_eq!(head_span(&d, &t, 0, 6), Some((0, 6)));
    }
}
