//! Relaying outlets and channels (`via`): "rapporté par X", "on Telegram",
//! relaying statements ("a rapporté Reuters") folded into the statement
//! they relay.

use super::{Ctx, Stmt};
use newsgraph_doc::QuoteKind;

impl Ctx<'_> {
    /// Finds relaying outlets and channels; relay statements ("a rapporté
    /// Reuters") that cover another statement become its `via`.
    pub(super) fn via_and_relays(&self, stmts: &mut Vec<Stmt>) {
        let n = stmts.len();
        let mut drop = vec![false; n];
        for r in 0..n {
            if !stmts[r].relay {
                continue;
            }
            let Some(rc) = stmts[r].cue else { continue };
            let (rs, re) = (stmts[r].start, stmts[r].end);
            for o in 0..n {
                if o == r || stmts[o].sentence != stmts[r].sentence {
                    continue;
                }
                // Another statement whose cue lies in the relayed clause.
                let covers = stmts[o].cue.is_some_and(|(c, _)| {
                    let cs = self.toks[c].start;
                    cs >= rs && cs < re
                });
                if covers
                    && stmts[o].via.is_none()
                    && rc.0 != stmts[o].cue.map_or(usize::MAX, |c| c.0)
                {
                    stmts[o].via = stmts[r].speaker;
                    drop[r] = true;
                }
            }
        }
        let mut k = 0;
        stmts.retain(|_| {
            k += 1;
            !drop[k - 1]
        });
        for s in stmts.iter_mut() {
            if s.via.is_some() {
                continue;
            }
            let (sa, sb) = self.sent_range(s.sentence);
            let (sa, sb) = if s.kind == QuoteKind::Direct {
                // Tokens are in text order, sentence numbers non-decreasing.
                let last_sent = self
                    .toks
                    .partition_point(|t| t.start < s.end)
                    .checked_sub(1)
                    .map_or(s.sentence, |i| self.toks[i].sent);
                (sa, self.sent_range(last_sent).1.max(sb))
            } else {
                (sa, sb)
            };
            let outside = |q: usize| {
                let t = &self.toks[q];
                t.quote.is_none() && !(t.start >= s.start && t.end <= s.end)
            };
            let mut q = sa;
            while q < sb {
                if !outside(q) {
                    q += 1;
                    continue;
                }
                if let Some(e) = self.match_phrase(q, &self.lx.relay, sb) {
                    if let Some(ch) = self.channel_or_name(e, sb) {
                        s.via = Some(ch);
                        break;
                    }
                }
                let nq = self.toks[q].norm.as_str();
                let after_cue = s.cue.is_some_and(|(c, e)| q >= e && q <= e + 6 && c < q);
                if self.lx.channel_preps.contains(nq)
                    || (after_cue && self.lx.addressee_preps.contains(nq))
                    || s.cue
                        .is_some_and(|(c, _)| c == q && self.lx.addressee_verbs.contains(nq))
                {
                    if let Some(ch) = self.channel(q + 1, sb) {
                        if s.speaker.is_none_or(|(a, b)| ch.0 >= b || ch.1 <= a) {
                            s.via = Some(ch);
                            break;
                        }
                    }
                }
                if self.match_phrase(q, &self.lx.according, sb).is_some()
                    && s.cue.is_some_and(|(c, _)| c != q)
                {
                    if let Some(e) = self.match_phrase(q, &self.lx.according, sb) {
                        if let Some(ch) = self.channel(e, sb) {
                            s.via = Some(ch);
                            break;
                        }
                    }
                }
                q += 1;
            }
        }
    }

    /// A channel or outlet from the list starting at `i` (a leading
    /// article is allowed).
    pub(super) fn channel(&self, i: usize, hi: usize) -> Option<(usize, usize)> {
        let mut j = i;
        if j < hi && self.lx.articles.contains(self.toks[j].norm.as_str()) {
            if let Some(e) = self.match_phrase(j, &self.lx.channels, hi) {
                return Some((j, e));
            }
            j += 1;
        }
        self.match_phrase(j, &self.lx.channels, hi).map(|e| (j, e))
    }

    /// A listed channel, or else a capitalized name, starting at `i`.
    pub(super) fn channel_or_name(&self, i: usize, hi: usize) -> Option<(usize, usize)> {
        if let Some(ch) = self.channel(i, hi) {
            return Some(ch);
        }
        let mut j = i;
        if j < hi && self.lx.determiners.contains(self.toks[j].norm.as_str()) {
            j += 1;
        }
        let mut b = j;
        while b < hi && self.toks[b].is_cap() {
            b += 1;
        }
        (b > j).then_some((i, b))
    }
}
