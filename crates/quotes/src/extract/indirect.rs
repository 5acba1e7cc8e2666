//! Indirect speech: reporting verbs with a complement, postposed and
//! inverted attributions, "selon X" / "according to X".

use super::{Ctx, Stmt, Tok, PUNCT_CLAUSE};
use crate::lexicon::Lexicon;
use newsgraph_doc::QuoteKind;

impl Ctx<'_> {
    /// Indirect statements: reporting verbs with a complement, inversions,
    /// "selon X" / "according to X".
    pub(super) fn indirect(&self, stmts: &mut Vec<Stmt>) {
        // Tokens already used as a cue (a mask, not a scan per token).
        let mut used = vec![false; self.toks.len()];
        for (c, e) in stmts.iter().filter_map(|s| s.cue) {
            for u in used.iter_mut().take(e).skip(c) {
                *u = true;
            }
        }
        // Where direct quotations end: a postposed attribution's clause does
        // not reach back past one (partial quotes stay inside it).
        let direct_ends: Vec<usize> = stmts
            .iter()
            .filter(|s| s.kind == QuoteKind::Direct)
            .map(|s| s.end)
            .collect();
        let mut found: Vec<Stmt> = Vec::new();
        for (si, &(sa, sb)) in self.sents.iter().enumerate() {
            let mut i = sa;
            while i < sb {
                if self.toks[i].quote.is_some() || used[i] {
                    i += 1;
                    continue;
                }
                if let Some(e) = self.match_phrase(i, &self.lx.according, sb) {
                    if let Some(st) = self.according(si, i, e) {
                        found.push(st);
                    }
                    i = e;
                    continue;
                }
                if let Some(v) = self.verb_at(i) {
                    if let Some(st) = self.verb_statement(si, i, v, &direct_ends) {
                        found.push(st);
                    }
                } else if let Some(v) = self.unlisted_that_verb(i, sa, sb) {
                    if let Some(st) = self.verb_statement(si, i, &v, &direct_ends) {
                        found.push(st);
                    }
                }
                i += 1;
            }
        }
        // A statement's content stops where the next statement's clause starts.
        found.sort_by_key(|s| s.cue.map_or(0, |c| c.0));
        let clause_starts: Vec<(usize, usize, usize)> = found
            .iter()
            .filter_map(|s| {
                let (c, _) = s.cue?;
                let mut st = s.speaker.map_or(c, |(a, _)| a.min(c));
                while st > 0
                    && self.lx.auxiliaries.contains(self.base(st - 1))
                    && self.toks[st - 1].sent == s.sentence
                {
                    st -= 1;
                }
                Some((s.sentence, st, c))
            })
            .collect();
        // Clause starts grouped by sentence: each statement looks only at
        // its own sentence's (no scan over the whole document's).
        let mut starts_by_sent: std::collections::HashMap<usize, Vec<(usize, usize)>> =
            std::collections::HashMap::new();
        for &(sent, cs, c2) in &clause_starts {
            starts_by_sent.entry(sent).or_default().push((cs, c2));
        }
        for s in found.iter_mut() {
            let Some((c, _)) = s.cue else { continue };
            if s.start > c {
                // Content after the cue.
                for &(cs, c2) in starts_by_sent.get(&s.sentence).map_or(&[][..], |v| v) {
                    if c2 > c && cs < s.end && cs > s.start {
                        s.end = cs;
                    }
                }
            }
        }
        // Direct quotations sorted by start with the running maximum of their
        // ends: "inside one" is a binary search.
        let mut directs: Vec<(usize, usize)> = stmts
            .iter()
            .filter(|d| d.kind == QuoteKind::Direct)
            .map(|d| (d.start, d.end))
            .collect();
        directs.sort_unstable();
        let mut max_end = 0;
        let reach: Vec<usize> = directs
            .iter()
            .map(|&(_, e)| {
                max_end = max_end.max(e);
                max_end
            })
            .collect();
        for s in found {
            if let Some(st) = self.finish_tokens(s) {
                // Skip indirect statements that lie inside a direct quotation.
                let p = directs.partition_point(|&(a, _)| a <= st.start);
                let inside = p > 0 && reach[p - 1] >= st.end;
                if !inside {
                    stmts.push(st);
                }
            }
        }
    }

    /// English: an unlisted finite verb directly followed by "that" after a
    /// subject noun phrase ("The report concluded that …") is a cue too.
    pub(super) fn unlisted_that_verb(
        &self,
        i: usize,
        sa: usize,
        sb: usize,
    ) -> Option<crate::lexicon::Verb> {
        if self.lx.unlisted_cue_before.is_empty() || i + 1 >= sb {
            return None;
        }
        let t = &self.toks[i];
        let n = t.norm.as_str();
        let finite = n.len() > 4
            && Lexicon::ends_with_any(n, &self.lx.finite_suffixes)
            && !Lexicon::ends_with_any(n, &self.lx.non_finite_suffixes);
        if !finite
            || t.is_cap()
            || !self
                .lx
                .unlisted_cue_before
                .contains(self.toks[i + 1].norm.as_str())
            || self.lx.stops.contains(n)
            || self.lx.auxiliaries.contains(n)
        {
            return None;
        }
        self.subject_before(i, sa)?;
        Some(crate::lexicon::Verb {
            lemma: n.to_string(),
            stance: "neutral".into(),
            np: false,
            bare: false,
            relay: false,
        })
    }

    /// Converts a statement with token content `[start, end)` into
    /// character offsets, trimming punctuation and conjunctions at its edges.
    pub(super) fn finish_tokens(&self, mut s: Stmt) -> Option<Stmt> {
        let (mut a, mut b) = (s.start, s.end);
        let junk = |t: &Tok| {
            t.is_punct() && !self.is_opening_mark_tok(t) && !self.is_closing_mark_tok(t)
                || self.lx.edge_junk.contains(t.norm.as_str())
        };
        while a < b && junk(&self.toks[a]) {
            a += 1;
        }
        while b > a
            && (junk(&self.toks[b - 1]) && !matches!(self.toks[b - 1].text.as_str(), ")" | "]"))
        {
            b -= 1;
        }
        if (a..b).filter(|&i| self.toks[i].is_word()).count() < 2 {
            return None;
        }
        s.start = self.toks[a].start;
        s.end = self.toks[b - 1].end;
        Some(s)
    }

    /// "selon X, …" / "…, selon X" / "according to X, …".
    pub(super) fn according(&self, si: usize, i: usize, e: usize) -> Option<Stmt> {
        let (sa, sb) = self.sent_range(si);
        let sp = self.np_until_comma(e, sb);
        let np_end = sp.map_or(e, |(_, b)| b);
        // A relaying phrase inside ("des propos rapportés par CNN") is a `via`,
        // handled with the other statements of the sentence.
        if (e..np_end).any(|k| self.match_phrase(k, &self.lx.relay, np_end).is_some()) {
            return None;
        }
        let before_words = (sa..i).filter(|&k| self.toks[k].is_word()).count();
        let (a, b) = if before_words == 0
            || (i > sa && self.lx.stops.contains(self.toks[sa].norm.as_str()) && before_words == 1)
        {
            (np_end, sb)
        } else if i > sa && self.toks[i - 1].text == "," {
            (sa, i - 1)
        } else {
            (np_end, sb)
        };
        Some(Stmt {
            start: a,
            end: b,
            kind: QuoteKind::Indirect,
            cue: Some((i, e)),
            lemma: self.lemma_of(i, e),
            speaker: sp,
            via: None,
            sentence: si,
            inherit: false,
            relay: false,
        })
    }

    /// A reporting verb at `c` in sentence `si`: its content after (que/that
    /// clause, bare clause, noun phrase) or before (inversion).
    pub(super) fn verb_statement(
        &self,
        si: usize,
        c: usize,
        v: &crate::lexicon::Verb,
        direct_ends: &[usize],
    ) -> Option<Stmt> {
        let (sa, sb) = self.sent_range(si);
        let bare_np = self.lx.np_object_without_determiner;
        let mut p = c + 1;
        while p < sb && (self.is_clitic_pronoun(p) || self.lx.is_inversion_mark(&self.toks[p].norm))
        {
            p += 1;
        }
        let mut content: Option<usize> = None;
        // que / that within a short window (adjuncts and objects skipped).
        let mut k = p;
        while k < sb && k < p + 12 {
            let t = &self.toks[k];
            if PUNCT_CLAUSE.contains(&t.text.as_str())
                || t.quote.is_some()
                || self.is_opening_mark(k)
            {
                break;
            }
            if k > p && self.verb_at(k).is_some() {
                break;
            }
            if self.lx.complementizers.contains(t.norm.as_str()) {
                content = Some(k + 1);
                break;
            }
            if k == p && t.text == ":" {
                content = Some(k + 1);
                break;
            }
            k += 1;
        }
        if content.is_none() && p < sb {
            let t = &self.toks[p];
            // A noun-phrase object is reported content only right after the
            // verb (`a souligné l'importance de…`); after an adjunct between
            // commas (`a souligné, lors du forum, le phénomène…`) it is the
            // object of an emphasis, not reported speech.
            if v.np
                && !(self.lx.determiners.contains(t.norm.as_str())
                    && self.lx.complementizers.contains(t.norm.as_str()))
                && (self.lx.determiners.contains(t.norm.as_str())
                    || bare_np
                        && t.is_word()
                        && !self.lx.stops.contains(t.norm.as_str())
                        && t.quote.is_none()
                        && !self.is_opening_mark(p))
                || self.lx.infinitive.contains(t.norm.as_str())
                    && v.np
                    && (p + 1 < sb && self.toks[p + 1].is_word())
                || v.bare
                    && t.is_word()
                    && t.quote.is_none()
                    && !self.lx.stops.contains(t.norm.as_str())
                    && (p..sb).filter(|&q| self.toks[q].is_word()).count() >= 4
                    && self.subject_before(c, sa).is_some()
            {
                content = Some(p);
            }
        }
        let speaker_pre = self.subject_before(c, sa);
        if let Some(a) = content {
            let speaker_pre = speaker_pre.or_else(|| self.nearest_name_left(c, sa));
            if a >= sb {
                return None;
            }
            // Inverted subject after the cue ("a déclaré Loukachenko que" is rare):
            let speaker = speaker_pre.or_else(|| {
                if a > p {
                    self.subject_after(c, a)
                } else {
                    None
                }
            });
            // The content must not be a direct quotation already found.
            return Some(Stmt {
                start: a,
                end: sb,
                kind: QuoteKind::Indirect,
                cue: Some((c, c + 1)),
                lemma: v.lemma.clone(),
                speaker,
                via: None,
                sentence: si,
                inherit: false,
                relay: v.relay,
            });
        }
        // Inversion / postposed attribution: "…, a déclaré X." / "…, X said."
        let clause_start = speaker_pre.map_or_else(
            || {
                let mut j = c;
                while j > sa
                    && self
                        .lx
                        .auxiliaries
                        .contains(self.lx.strip_inversion(&self.toks[j - 1].norm))
                {
                    j -= 1;
                }
                j
            },
            |(a, _)| a,
        );
        if clause_start <= sa
            || self.toks[clause_start - 1].text != "," && self.toks[clause_start - 1].text != "—"
        {
            return None;
        }
        let speaker = speaker_pre.or_else(|| self.subject_after(c, sb));
        // The rest after the attribution must be short (adjuncts only).
        let after_np = speaker.map_or(c + 1, |(_, b)| b.max(c + 1));
        let rest = (after_np..sb)
            .take_while(|&q| self.toks[q].text != ",")
            .filter(|&q| self.toks[q].is_word())
            .count();
        if rest > 6 {
            return None;
        }
        // Content: back from the comma to the sentence start or a previous quote.
        let b = clause_start - 1;
        let mut a = sa;
        for q in (sa..b).rev() {
            if self.is_closing_mark(q)
                && direct_ends
                    .iter()
                    .any(|&e| self.toks[q].start <= e + 1 && self.toks[q].start + 1 >= e)
            {
                a = q + 1;
                break;
            }
        }
        if (a..b).all(|q| self.toks[q].quote.is_some() || self.toks[q].is_punct()) {
            return None;
        }
        Some(Stmt {
            start: a,
            end: b,
            kind: QuoteKind::Indirect,
            cue: Some((c, c + 1)),
            lemma: v.lemma.clone(),
            speaker,
            via: None,
            sentence: si,
            inherit: false,
            relay: v.relay,
        })
    }
}
