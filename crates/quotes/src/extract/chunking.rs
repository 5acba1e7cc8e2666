//! Noun-phrase chunking for speakers: preposed, postposed and inverted
//! subjects on the surface tokens, the parse's subject or passive agent,
//! the entity a speaker phrase names, and descriptions.

use super::{Ctx, Stmt, Tok};
use crate::lexicon::{normalize, Lexicon};

impl Ctx<'_> {
    /// The noun phrase ending just before token `j` (exclusive), walking
    /// left no further than `lo`: the preposed subject of a cue.
    pub(super) fn subject_before(&self, cue: usize, lo: usize) -> Option<(usize, usize)> {
        let mut j = cue;
        // Skip auxiliaries and adverbs; a clitic subject ("a-t-il") is the speaker.
        while j > lo {
            let t = &self.toks[j - 1];
            if self.is_clitic_pronoun(j - 1) {
                return Some((j - 1, j));
            }
            let n = self.lx.strip_inversion(&t.norm);
            if self.lx.auxiliaries.contains(n) && !self.is_pronoun(j - 1) {
                j -= 1;
            } else {
                break;
            }
        }
        let end = j;
        let mut a = end;
        while a > lo && end - a < 8 {
            let t = &self.toks[a - 1];
            if t.quote.is_some() || self.is_closing_mark(a - 1) {
                break;
            }
            if t.text == ")" {
                // "Rep. Gwen Moore (D-Wis.) said": skip the parenthesis.
                if let Some(open) = (lo..a - 1).rev().find(|&q| self.toks[q].text == "(") {
                    if a - 1 - open <= 6 && open > lo {
                        a = open;
                        continue;
                    }
                }
                break;
            }
            let keep = if t.is_punct() {
                self.lx.np_punct.contains(t.norm.as_str())
            } else {
                !self.lx.stops.contains(t.norm.as_str())
                    && !self.lx.complementizers.contains(t.norm.as_str())
                    && (t.is_cap() || self.lx.verb(self.base(a - 1)).is_none())
                    && (!self.lx.auxiliaries.contains(t.norm.as_str())
                        || t.is_cap()
                        || self.lx.np_joiners.contains(t.norm.as_str()))
            };
            if !keep {
                break;
            }
            a -= 1;
            if self.is_pronoun(a) && a + 1 == end {
                return Some((a, end));
            }
        }
        // A relative pronoun: the antecedent noun phrase before it.
        if a == end && a > lo {
            let n = self.toks[a - 1].norm.as_str();
            if self.lx.relatives.contains(n) {
                let mut k = a - 1;
                if k > lo && self.toks[k - 1].text == "," {
                    k -= 1;
                }
                return self.noun_phrase_left(k, lo);
            }
        }
        // A closing parenthesis ends the phrase: the head is before it.
        let mut end = end;
        if end > a && self.toks[end - 1].text == ")" {
            if let Some(open) = (a..end - 1).rev().find(|&q| self.toks[q].text == "(") {
                end = open;
            }
        }
        self.trim_np(a, end)
    }

    /// Fallback subject: the nearest name (capitalized run) or subject
    /// pronoun left of the cue in its sentence, outside quotations, when no
    /// clause boundary (complementizer) intervenes.
    pub(super) fn nearest_name_left(&self, cue: usize, lo: usize) -> Option<(usize, usize)> {
        let mut j = cue;
        let floor = cue.saturating_sub(12).max(lo);
        while j > floor {
            let t = &self.toks[j - 1];
            if t.quote.is_some()
                || self.is_closing_mark(j - 1)
                || self.lx.complementizers.contains(t.norm.as_str())
            {
                return None;
            }
            if self.lx.pronouns.contains_key(t.norm.as_str()) {
                return Some((j - 1, j));
            }
            if t.is_cap() && j - 1 > lo {
                let mut a = j - 1;
                while a > lo && self.toks[a - 1].is_cap() {
                    a -= 1;
                }
                return Some((a, j));
            }
            j -= 1;
        }
        None
    }

    pub(super) fn noun_phrase_left(&self, end: usize, lo: usize) -> Option<(usize, usize)> {
        let mut a = end;
        while a > lo && end - a < 8 {
            let t = &self.toks[a - 1];
            if t.is_punct() || t.quote.is_some() || self.lx.stops.contains(t.norm.as_str()) {
                break;
            }
            a -= 1;
        }
        self.trim_np(a, end)
    }

    /// Drops leading junk from a candidate noun phrase; `None` when empty or
    /// not nominal.
    pub(super) fn trim_np(&self, mut a: usize, end: usize) -> Option<(usize, usize)> {
        while a < end && self.toks[a].is_punct() {
            a += 1;
        }
        if a >= end {
            return None;
        }
        let last = &self.toks[end - 1];
        if self.lx.determiners.contains(last.norm.as_str()) || last.is_punct() {
            return None;
        }
        if !self.nominal_head(end - 1) {
            return None;
        }
        Some((a, end))
    }

    /// True when token `i` can head a speaker noun phrase: a syntax layer's
    /// NOUN/PROPN/PRON when present, else a capitalized word, a pronoun, or
    /// a lower-case word not shaped like a verb form or an adverb.
    pub(super) fn nominal_head(&self, i: usize) -> bool {
        let t = &self.toks[i];
        // A word of a named entity is nominal whatever its tag (the tagger
        // may read the surname `Petit` as an adjective).
        if self.in_entity(t.start, t.end) {
            return true;
        }
        if let Some(u) = self.upos_of(t) {
            return matches!(u, "NOUN" | "PROPN" | "PRON" | "NUM" | "X");
        }
        if t.is_cap() || self.is_pronoun(i) {
            return true;
        }
        let n = t.norm.as_str();
        if self.lx.stops.contains(n) || self.lx.non_heads.contains(n) {
            return false;
        }
        !Lexicon::ends_with_any(n, &self.lx.non_nominal_suffixes)
            && !self.lx.complementizers.contains(n)
            && self.lx.verb(n).is_none()
    }

    /// The UPOS of the first syntactic word at a surface token, if tagged.
    pub(super) fn upos_of(&self, t: &Tok) -> Option<&str> {
        let k = self.doc.tokens.partition_point(|w| w.start < t.start);
        self.doc
            .tokens
            .get(k)
            .filter(|w| w.start == t.start)
            .and_then(|w| w.upos.as_deref())
    }

    /// The noun phrase right after token `cue` (inverted subject).
    pub(super) fn subject_after(&self, cue: usize, hi: usize) -> Option<(usize, usize)> {
        let mut j = cue + 1;
        if j < hi && self.is_clitic_pronoun(j) {
            return Some((j, j + 1));
        }
        while j < hi && self.lx.is_inversion_mark(&self.toks[j].norm) {
            j += 1;
        }
        if j >= hi {
            return None;
        }
        let first = &self.toks[j];
        let ok_start = first.is_cap()
            || self.lx.determiners.contains(first.norm.as_str())
            || self.is_pronoun(j);
        if !ok_start
            || first.quote.is_some()
            || self.lx.complementizers.contains(first.norm.as_str())
            || self.lx.stops.contains(first.norm.as_str())
        {
            return None;
        }
        if self.is_pronoun(j) {
            return Some((j, j + 1));
        }
        let mut b = j;
        while b < hi && b - j < 10 {
            let t = &self.toks[b];
            if t.quote.is_some() {
                break;
            }
            if t.is_punct() && !self.lx.np_punct.contains(t.norm.as_str()) {
                break;
            }
            if b > j
                && (self.lx.stops.contains(t.norm.as_str())
                    || !t.is_cap() && self.lx.verb(self.base(b)).is_some()
                    || self.match_phrase(b, &self.lx.according, hi).is_some())
            {
                break;
            }
            b += 1;
        }
        self.trim_np(j, b)
    }

    pub(super) fn np_until_comma(&self, a: usize, hi: usize) -> Option<(usize, usize)> {
        let mut b = a;
        while b < hi && b - a < 10 {
            let t = &self.toks[b];
            if t.is_punct() && !self.lx.np_punct.contains(t.norm.as_str()) {
                break;
            }
            if t.quote.is_some() {
                break;
            }
            b += 1;
        }
        self.trim_np(a, b)
    }

    /// Replaces surface speakers by the parse's: the subtree of the
    /// reporting word's subject or passive agent (see [`crate::parse`]),
    /// when it lies outside the content and outside quotation marks.
    pub(super) fn parse_speakers(&self, stmts: &mut [Stmt]) {
        if !self.tree.parsed() {
            return;
        }
        let doc = self.doc;
        for s in stmts.iter_mut() {
            let Some((c, e)) = s.cue else { continue };
            if s.inherit {
                continue;
            }
            let (ca, cb) = self.span_of((c, e));
            let (wa, wb) = crate::parse::words_in(doc, ca, cb);
            let Some(sw) = (wa..wb)
                .filter(|&w| matches!(doc.tokens[w].upos.as_deref(), Some("VERB" | "AUX" | "NOUN")))
                .find_map(|w| self.tree.speaker_of(doc, w))
            else {
                continue;
            };
            // A date the parser took for the subject (`said Friday`) names
            // no speaker: the surface speaker stays.
            if self.in_timex(doc.tokens[sw].start, doc.tokens[sw].end) {
                continue;
            }
            // A "subject" with a preposition of its own is a misparse
            // (`a déclaré le bureau de X sur Telegram`).
            let is_subj = doc.tokens[sw].deprel.as_deref() == Some("nsubj");
            if is_subj
                && self
                    .tree
                    .children(sw)
                    .iter()
                    .any(|&k| k < sw && doc.tokens[k].deprel.as_deref() == Some("case"))
            {
                continue;
            }
            // Where the surface rules found no speaker, a common-noun
            // subject naming no entity is left out: the events stage takes
            // such clauses' actors from the subject's modifiers (FIXME:
            // carry a code on the speaker instead).
            if s.speaker.is_none()
                && doc.tokens[sw].upos.as_deref() == Some("NOUN")
                && !self.in_entity(doc.tokens[sw].start, doc.tokens[sw].end)
            {
                continue;
            }
            let (mut x, y) = self.tree.subtree(sw, 400);
            // A passive agent without its preposition ("by", "par").
            while x < sw
                && doc.tokens[x].deprel.as_deref() == Some("case")
                && doc.tokens[x].head == Some(sw)
            {
                x += 1;
            }
            let (sa, sb) = (doc.tokens[x].start, doc.tokens[y].end);
            if sa < s.end && sb > s.start || sa < cb && sb > ca {
                continue;
            }
            let mut a = self.toks.partition_point(|t| t.start < sa);
            let mut b = self.toks.partition_point(|t| t.end <= sb);
            while a < b && self.toks[a].is_punct() {
                a += 1;
            }
            while b > a && self.toks[b - 1].is_punct() {
                b -= 1;
            }
            if a >= b
                || self.toks[a..b].iter().any(|t| t.quote.is_some())
                || s.via.is_some_and(|(va, vb)| va < b && vb > a)
            {
                continue;
            }
            s.speaker = Some((a, b));
        }
    }

    /// The entity a speaker phrase names: the one whose mention covers the
    /// phrase's head word, or a name in apposition to it or forming it
    /// (`flat`, `appos`) — not a possessor or place inside it ("Moscow's
    /// envoy", "l'ambassadeur de France"). `None` when the head is not
    /// named; without a parse, the surface rule ([`Self::entity_in`]).
    pub(super) fn head_entity(&self, ca: usize, cb: usize) -> Option<(String, usize, usize)> {
        if !self.tree.parsed() {
            return self.entity_in(ca, cb);
        }
        let doc = self.doc;
        let (a, b) = crate::parse::words_in(doc, ca, cb);
        let h = self.tree.head_of(doc, a, b)?;
        let mut cands = vec![h];
        let mut k = h;
        // Up to the name's first word, then its appositions and flat parts.
        while let Some(p) = doc.tokens[k].head.filter(|&p| p >= a && p < b) {
            k = p;
            cands.push(k);
        }
        for &c in self.tree.children(h) {
            if c >= a
                && c < b
                && doc.tokens[c]
                    .deprel
                    .as_deref()
                    .is_some_and(|d| d == "appos" || d.starts_with("flat"))
            {
                cands.push(c);
            }
        }
        for w in cands {
            let (ws, we) = (doc.tokens[w].start, doc.tokens[w].end);
            if let Some(x) = self.entity_in(ws, we) {
                if x.1 >= ca && x.2 <= cb {
                    return Some(x);
                }
            }
        }
        None
    }

    /// Entity id whose mention lies in the code-point span, preferring
    /// persons, then organizations, then places; the rightmost wins.
    pub(super) fn entity_in(&self, a: usize, b: usize) -> Option<(String, usize, usize)> {
        let mut best: Option<(u8, usize, String, usize, usize)> = None;
        for e in &self.doc.entities {
            let rank = match e.kind.as_str() {
                "PER" => 3,
                "ORG" => 2,
                "GPE" => 1,
                _ => continue,
            };
            for m in &e.mentions {
                if m.start >= a && m.end <= b || (m.start <= a && m.end >= b) {
                    let key = (rank, m.start);
                    if best.as_ref().is_none_or(|x| (x.0, x.1) < key) {
                        best = Some((rank, m.start, e.id.clone(), m.start, m.end));
                    }
                }
            }
        }
        best.map(|(_, _, id, s, e)| (id, s, e))
    }

    /// The antecedent of a relative pronoun subject `w` (UD `PronType=Rel`
    /// whose verb is an `acl:relcl` of a preceding noun) and the first word
    /// of the relative clause.
    pub(super) fn relative_antecedent(&self, w: usize) -> Option<(usize, usize)> {
        let doc = self.doc;
        let t = &doc.tokens[w];
        if !t
            .feats
            .as_deref()
            .is_some_and(|f| f.split('|').any(|x| x == "PronType=Rel"))
        {
            return None;
        }
        let verb = t.head?;
        if !doc.tokens.get(verb)?.deprel.as_deref()?.starts_with("acl") {
            return None;
        }
        let noun = doc.tokens[verb].head.filter(|&n| n < w)?;
        let first = self.tree.subtree(verb, 400).0;
        (first > noun).then_some((noun, first))
    }

    /// The surface token range of the antecedent of a one-token relative
    /// pronoun speaker (`Clinton, who said …`): the noun phrase the
    /// relative clause modifies, without the clause.
    pub(super) fn relative_antecedent_span(&self, sp: (usize, usize)) -> Option<(usize, usize)> {
        if sp.1 != sp.0 + 1 || !self.tree.parsed() {
            return None;
        }
        let doc = self.doc;
        let (wa, wb) = crate::parse::words_in(doc, self.toks[sp.0].start, self.toks[sp.0].end);
        if wb != wa + 1 {
            return None;
        }
        let (noun, first) = self.relative_antecedent(wa)?;
        let (x, y) = self.tree.subtree(noun, 400);
        let y = y.min(first.saturating_sub(1)).max(noun);
        let mut a = self.toks.partition_point(|t| t.start < doc.tokens[x].start);
        let mut b = self.toks.partition_point(|t| t.end <= doc.tokens[y].end);
        while a < b && self.toks[a].is_punct() {
            a += 1;
        }
        while b > a && self.toks[b - 1].is_punct() {
            b -= 1;
        }
        (a < b && b <= sp.0 && self.toks[a..b].iter().all(|t| t.quote.is_none())).then_some((a, b))
    }

    /// True when the code-point span lies inside a time expression.
    pub(super) fn in_timex(&self, a: usize, b: usize) -> bool {
        self.doc.timexes.iter().any(|x| x.start <= a && x.end >= b)
    }

    /// True when the code-point span lies inside a mention of a person,
    /// organization or place of the entity layer.
    pub(super) fn in_entity(&self, a: usize, b: usize) -> bool {
        self.doc.entities.iter().any(|e| {
            matches!(e.kind.as_str(), "PER" | "ORG" | "GPE" | "LOC")
                && e.mentions.iter().any(|m| m.start <= a && m.end >= b)
        })
    }

    /// The display text of a named speaker: the name after its titles.
    pub(super) fn name_text(&self, (a, b): (usize, usize)) -> String {
        let mut k = b;
        while k > a
            && (self.toks[k - 1].is_cap()
                || self.toks[k - 1].text == "-"
                || self.toks[k - 1].text.starts_with('-') && k - 1 > a)
        {
            k -= 1;
        }
        // Leading titles ("Senator", "Governor") are not part of the name.
        while k < b - 1 && self.is_title_word(k) {
            k += 1;
        }
        // "le ministère de l'Agriculture": a name inside a longer phrase.
        let after_prep = k > a
            && self
                .lx
                .name_introducers
                .contains(self.toks[k - 1].norm.as_str());
        if after_prep {
            let (s, e) = self.span_of((a, b));
            return self.text(s, e);
        }
        // Keep the whole phrase unless it is titles followed by a name.
        if k < b
            && (k > a || self.is_title_word(a))
            && !self.toks[k..b]
                .iter()
                .all(|t| self.lx.determiners.contains(t.norm.as_str()))
            && (a..k).any(|q| !self.toks[q].is_cap() || self.is_title_word(q))
        {
            let (s, e) = (self.toks[k].start, self.toks[b - 1].end);
            return self.text(s, e);
        }
        let (s, e) = self.span_of((a, b));
        self.text(s, e)
    }

    /// True when token `i` is a word of a title phrase ("président", "chef").
    pub(super) fn is_title_word(&self, i: usize) -> bool {
        let n = self.toks[i].norm.as_str();
        self.lx.titles.iter().any(|(p, _)| {
            p.split([' ', '\''])
                .any(|w| w == n && w.chars().count() > 2)
        })
    }

    /// True when the noun phrase names nobody: a title phrase and no
    /// capitalized word beyond its first token except title words.
    pub(super) fn is_description(&self, (a, b): (usize, usize)) -> bool {
        let (ca, cb) = self.span_of((a, b));
        !self
            .lx
            .title_groups(&normalize(&self.text(ca, cb)))
            .is_empty()
            && !(a + 1..b).any(|q| self.toks[q].is_cap() && !self.is_title_word(q))
            && (self.lx.determiners.contains(self.toks[a].norm.as_str())
                || !self.toks[a].is_cap()
                || self.is_title_word(a))
    }

    /// Person-like names from the text itself (capitalized runs of two or
    /// more words, outside quotations), with the titles before them: the
    /// antecedents used when the document has no entity layer.
    pub(super) fn surface_names(&self) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
            if self.toks[i].is_cap() && self.toks[i].quote.is_none() && !self.is_title_word(i) {
                let mut j = i;
                while j < self.toks.len()
                    && self.toks[j].is_cap()
                    && self.toks[j].quote.is_none()
                    && self.toks[j].sent == self.toks[i].sent
                {
                    j += 1;
                }
                let sentence_initial = i == self.sent_range(self.toks[i].sent).0;
                let first_is_det = self.lx.determiners.contains(self.toks[i].norm.as_str());
                if j - i >= 2 && !(sentence_initial && first_is_det) {
                    out.push((i, j, self.toks[i].sent));
                }
                i = j.max(i + 1);
            } else {
                i += 1;
            }
        }
        out
    }
}
