//! Direct and partial quotations between marks, and the attribution
//! (cue + speaker) beside them.

use super::{Attr, Ctx, Stmt};
use newsgraph_doc::QuoteKind;

impl Ctx<'_> {
    /// Looks for an attribution (cue + speaker) in the tokens `[lo, hi)`
    /// next to a quotation: `after` = the tokens follow the quotation.
    pub(super) fn attribution(&self, lo: usize, hi: usize, after: bool) -> Option<Attr> {
        let words: Vec<usize> = (lo..hi).filter(|&i| self.toks[i].is_word()).collect();
        let cands: Vec<usize> = if after {
            words.iter().copied().take(6).collect()
        } else {
            words.iter().rev().copied().take(12).collect()
        };
        for c in cands {
            if let Some(e) = self.match_phrase(c, &self.lx.according, hi) {
                let sp = self.np_until_comma(e, hi);
                return Some((c, e, sp, false));
            }
            if let Some(v) = self.verb_at(c) {
                let sp = self
                    .subject_before(c, lo)
                    .or_else(|| self.subject_after(c, hi));
                return Some((c, c + 1, sp, v.relay));
            }
        }
        None
    }

    /// "― Pamela Padilla" after a quotation: the dash is the cue, the name
    /// the speaker.
    pub(super) fn dash_attribution(&self, lo: usize, hi: usize) -> Option<Attr> {
        if lo >= hi || !matches!(self.toks[lo].text.as_str(), "―" | "—" | "–" | "-") {
            return None;
        }
        let a = lo + 1;
        let mut b = a;
        while b < hi && (self.toks[b].is_cap() || self.toks[b].text == "." && b > a) && b - a < 5 {
            b += 1;
        }
        let rest = (b..hi).filter(|&q| self.toks[q].is_word()).count();
        (b > a && rest == 0).then_some((lo, lo + 1, Some((a, b)), false))
    }

    /// Direct and partial quotations between marks.
    pub(super) fn quotes_between_marks(&self) -> Vec<Stmt> {
        let mut out: Vec<Stmt> = Vec::new();
        for (mi, m) in self.marked.iter().enumerate() {
            let inside = &self.inside_of[mi];
            let (Some(&first), Some(&last)) = (inside.first(), inside.last()) else {
                continue;
            };
            let n_words = inside.iter().filter(|&&i| self.toks[i].is_word()).count();
            let s0 = self.toks[first].sent;
            let s1 = self.toks[last].sent;
            // Tokens are in text order: binary searches, not scans.
            let open_tok = Some(self.toks.partition_point(|t| t.start <= m.open))
                .and_then(|p| p.checked_sub(1))
                .filter(|&i| i < first && self.toks[i].start == m.open);
            let close_tok = Some(self.toks.partition_point(|t| t.start < m.close))
                .filter(|&i| i > last && i < self.toks.len() && self.toks[i].start == m.close);
            // Left context: from the sentence start or the previous quotation.
            let (ss, _) = self.sent_range(s0);
            let lhi = open_tok.unwrap_or(first);
            let mut llo = ss;
            for i in (ss..lhi).rev() {
                if self.toks[i].quote.is_some() || self.is_closing_mark(i) {
                    llo = i + 1;
                    break;
                }
            }
            // Right context: to the sentence end or the next quotation.
            let rlo = close_tok.map_or(last + 1, |c| c + 1);
            let (_, se) = self.sent_range(s1);
            let mut rhi = se.max(rlo);
            for i in rlo..rhi {
                if self.is_opening_mark(i) {
                    rhi = i;
                    break;
                }
            }
            // A closing mark may have been split into the next sentence.
            let left_words = (llo..lhi).filter(|&i| self.toks[i].is_word()).count();
            let right_words = (rlo..rhi).filter(|&i| self.toks[i].is_word()).count();
            let right_attr = self
                .attribution(rlo, rhi, true)
                .or_else(|| self.dash_attribution(rlo, rhi));
            let left_attr = self.attribution(llo, lhi, false);
            let left_end_punct = (llo..lhi)
                .rev()
                .find(|&i| !self.toks[i].text.trim().is_empty())
                .map(|i| self.toks[i].text.clone());
            let left_ok = left_words == 0
                || (left_attr.is_some()
                    && (matches!(left_end_punct.as_deref(), Some(":" | "," | "—"))
                        || left_attr.is_some_and(|(_, e, sp, _)| {
                            e == lhi || sp.is_some_and(|(_, b)| b == lhi)
                        })));
            let right_ok = right_words == 0 || right_attr.is_some();
            let multi = s1 > s0 || n_words >= 25;
            let direct = (left_ok && right_ok) || (multi && (left_ok || right_ok));
            let sentence_has_cue = {
                let (a, b) = (self.sent_range(s0).0, self.sent_range(s1).1);
                (a..b).any(|i| {
                    self.toks[i].quote.is_none()
                        && (self.verb_at(i).is_some()
                            || self.match_phrase(i, &self.lx.according, b).is_some())
                })
            };
            if !direct && (n_words < 3 || n_words < 5 && !sentence_has_cue) {
                continue;
            }
            if n_words == 0 {
                continue;
            }
            let attr = if direct {
                match (left_attr, right_attr) {
                    (Some(l), _) if matches!(left_end_punct.as_deref(), Some(":")) => Some(l),
                    (_, Some(r)) => Some(r),
                    (Some(l), None) if left_ok && left_words > 0 => Some(l),
                    _ => None,
                }
            } else {
                None
            };
            let start = self.toks[first].start;
            let end = self.toks[last].end;
            let (start, end) = self.trim_span(start, end);
            if start >= end {
                continue;
            }
            let mut st = Stmt {
                start,
                end,
                kind: if direct {
                    QuoteKind::Direct
                } else {
                    QuoteKind::Partial
                },
                cue: None,
                lemma: String::new(),
                speaker: None,
                via: None,
                sentence: s0,
                inherit: false,
                relay: false,
            };
            if let Some((c, e, sp, _)) = attr {
                st.cue = Some((c, e));
                st.lemma = self.lemma_of(c, e);
                st.speaker = sp;
            } else if direct {
                // "X a déclaré :" closing the previous sentence.
                if s0 > 0 {
                    let (pa, pb) = self.sent_range(s0 - 1);
                    let ends_colon = pb > pa && self.toks[pb - 1].text == ":";
                    if ends_colon {
                        if let Some((c, e, sp, _)) = self.attribution(pa, pb, false) {
                            st.cue = Some((c, e));
                            st.lemma = self.lemma_of(c, e);
                            st.speaker = sp;
                        }
                    }
                }
                st.inherit = st.cue.is_none();
            }
            out.push(st);
        }
        out
    }

    /// Trims spaces and edge punctuation (not final sentence punctuation
    /// inside a quotation) from a character span.
    pub(super) fn trim_span(&self, mut a: usize, mut b: usize) -> (usize, usize) {
        let bad = |c: char| {
            c.is_whitespace()
                || c == '\u{a0}'
                || c == '\u{202f}'
                || c == ','
                || c == ';'
                || c == ':'
        };
        while a < b && bad(self.chars[a]) {
            a += 1;
        }
        while b > a && bad(self.chars[b - 1]) {
            b -= 1;
        }
        (a, b)
    }

    /// A partial quotation takes the speaker and cue of the statement whose
    /// content holds it, else of a cue in its sentence.
    pub(super) fn partial_speakers(&self, stmts: &mut [Stmt]) {
        let snapshot: Vec<Stmt> = stmts.to_vec();
        for s in stmts.iter_mut() {
            if s.kind != QuoteKind::Partial || s.cue.is_some() {
                continue;
            }
            let host = snapshot
                .iter()
                .filter(|o| o.kind == QuoteKind::Indirect && o.start <= s.start && o.end >= s.end)
                .min_by_key(|o| o.end - o.start)
                .or_else(|| {
                    snapshot
                        .iter()
                        .find(|o| o.kind == QuoteKind::Indirect && o.sentence == s.sentence)
                });
            if let Some(h) = host {
                s.cue = h.cue;
                s.lemma = h.lemma.clone();
                s.speaker = h.speaker;
                s.via = h.via;
            }
        }
    }
}
