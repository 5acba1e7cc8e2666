//! Event extraction over the parse: triggers from the dictionary,
//! participants from dependents and entities, time from the TIMEX layer,
//! modality from mood, tense, cues and the quotes layer.

use crate::lexicon::{ActorCodes, CaseRole, Cue, Entry, Lexicon, Pattern, Pos};
use newsgraph_doc::{
    ArgRef, Cue as Trig, Document, Entity, Event, EventTime, Modality, TimeBasis, TimexType, Token,
};
use newsgraph_entities::kb::Kb;
use newsgraph_entities::names;

/// Most ancestors climbed when looking for governing clauses.
const MAX_CLIMB: usize = 8;
/// Most tokens visited when scanning an event noun's phrase.
const MAX_SCAN: usize = 64;

/// Read-only views over one document, built once.
struct View<'a> {
    doc: &'a Document,
    lx: &'a Lexicon,
    kb: &'a Kb,
    kids: Vec<Vec<usize>>,
    ent: Vec<Option<(usize, usize)>>,
    sent: Vec<usize>,
    /// Quote index → its cue token.
    cue_tok: Vec<Option<usize>>,
    /// Token → the shortest quote around it (the first of equals); an
    /// indirect quote only counts with a reporting cue.
    innermost_quote: Vec<Option<usize>>,
    /// Cue token → the first quote it is the cue of.
    quote_of_cue: std::collections::HashMap<usize, usize>,
    /// Timex index → the predicate token that owns it.
    timex_owner: Vec<Option<usize>>,
}

/// A trigger found in the text, before ids are assigned.
struct Found {
    tok: usize,
    entry: Entry,
    actors: Vec<ArgRef>,
    targets: Vec<ArgRef>,
    place: Option<ArgRef>,
    time: EventTime,
    modality: Modality,
    modifiers: Vec<Modality>,
    source: Option<ArgRef>,
    /// Cue token of the statement that reports it.
    reported_by: Option<usize>,
    quote: Option<usize>,
    /// Folded into its statement.
    folded: bool,
    /// A reporting verb with no event entry: CAMEO 01, coded with the
    /// statement default type.
    plain_statement: bool,
}

fn feat(t: &Token, name: &str, val: &str) -> bool {
    t.feats.as_deref().is_some_and(|f| {
        f.split('|')
            .any(|kv| kv.split_once('=') == Some((name, val)))
    })
}

fn lemma(t: &Token) -> String {
    t.lemma.as_deref().unwrap_or(&t.text).to_lowercase()
}

fn rel(t: &Token) -> &str {
    t.deprel.as_deref().unwrap_or("")
}

fn base_rel(t: &Token) -> &str {
    rel(t).split(':').next().unwrap_or("")
}

fn upos(t: &Token) -> &str {
    t.upos.as_deref().unwrap_or("")
}

/// Types whose target, when the text names none, is the state where the
/// event happens (the PLOVER gold codes a protest, an aid delivery, a
/// withdrawal or an assault "in X" as aimed at X); the cooperative types
/// (agree, consult, support, cooperate) are between their parties and
/// take no target from a meeting place.
const PLACE_TARGET: [&str; 12] = [
    "CONCEDE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
    "MOBILIZE", "COERCE", "ASSAULT",
];

/// Types whose target, when the text names none and no place gives one,
/// is the actor's own state: a protest is addressed to the protesters'
/// government, a concession (lifting a curfew, freeing prisoners) is made
/// to one's own people. On the PLOVER gold dev half 9 of 13 protests and 6
/// of 6 concessions have the actor's country as target.
const DOMESTIC_TARGET: [&str; 2] = ["PROTEST", "CONCEDE"];

const CLAUSAL: [&str; 6] = ["ccomp", "xcomp", "advcl", "csubj", "parataxis", "conj"];

impl<'a> View<'a> {
    fn new(doc: &'a Document, lx: &'a Lexicon, kb: &'a Kb) -> Self {
        let n = doc.tokens.len();
        let mut kids = vec![Vec::new(); n];
        for (i, t) in doc.tokens.iter().enumerate() {
            if let Some(h) = t.head.filter(|&h| h < n && h != i) {
                kids[h].push(i);
            }
        }
        // Tokens inside a span, by binary search when the tokens are in text
        // order (as the segmenter makes them): linear overall, not spans ×
        // tokens.
        let sorted = doc.tokens.windows(2).all(|w| w[0].start <= w[1].start);
        let inside = |start: usize, end: usize| {
            let (lo, hi) = if sorted {
                (
                    doc.tokens.partition_point(|t| t.start < start),
                    doc.tokens.partition_point(|t| t.start <= end),
                )
            } else {
                (0, n)
            };
            (lo..hi).filter(move |&i| doc.tokens[i].start >= start && doc.tokens[i].end <= end)
        };
        let mut ent = vec![None; n];
        for (ei, e) in doc.entities.iter().enumerate() {
            for (mi, m) in e.mentions.iter().enumerate() {
                for ti in inside(m.start, m.end) {
                    if ent[ti].is_none() {
                        ent[ti] = Some((ei, mi));
                    }
                }
            }
        }
        let mut sent = vec![0; n];
        for (si, s) in doc.sentences.iter().enumerate() {
            for x in sent.iter_mut().take(s.tokens[1].min(n)).skip(s.tokens[0]) {
                *x = si;
            }
        }
        let tok_at = |start: usize| {
            if sorted {
                let i = doc.tokens.partition_point(|t| t.start < start);
                (doc.tokens.get(i)?.start == start).then_some(i)
            } else {
                doc.tokens.iter().position(|t| t.start == start)
            }
        };
        // A cue that governs a plan ("plans to") is a modality, not a report.
        let cue_tok: Vec<Option<usize>> = doc
            .quotes
            .iter()
            .map(|q| {
                q.cue
                    .as_ref()
                    .filter(|c| lx.cue(Cue::Governor, &c.lemma).is_none())
                    .and_then(|c| tok_at(c.start))
            })
            .collect();
        let mut quote_of_cue = std::collections::HashMap::new();
        for (q, t) in cue_tok.iter().enumerate() {
            if let Some(t) = *t {
                quote_of_cue.entry(t).or_insert(q);
            }
        }
        // Painted longest first, so that the shortest (then the first of
        // equal length) is left on each token.
        let mut innermost_quote = vec![None; n];
        let mut order: Vec<usize> = (0..doc.quotes.len())
            .filter(|&qi| {
                cue_tok[qi].is_some() || doc.quotes[qi].kind != newsgraph_doc::QuoteKind::Indirect
            })
            .collect();
        order.sort_by_key(|&qi| {
            let q = &doc.quotes[qi];
            std::cmp::Reverse((q.end.saturating_sub(q.start), qi))
        });
        for qi in order {
            let q = &doc.quotes[qi];
            for ti in inside(q.start, q.end) {
                innermost_quote[ti] = Some(qi);
            }
        }
        let mut v = View {
            doc,
            lx,
            kb,
            kids,
            ent,
            sent,
            cue_tok,
            innermost_quote,
            quote_of_cue,
            timex_owner: Vec::new(),
        };
        v.timex_owner = doc
            .timexes
            .iter()
            .map(|x| {
                let inside: Vec<usize> = inside(x.start, x.end).collect();
                let head = inside
                    .iter()
                    .copied()
                    .find(|&i| doc.tokens[i].head.is_none_or(|h| !inside.contains(&h)))?;
                v.owner(head)
            })
            .collect();
        v
    }

    fn tok(&self, i: usize) -> &Token {
        &self.doc.tokens[i]
    }

    fn head(&self, i: usize) -> Option<usize> {
        self.tok(i)
            .head
            .filter(|&h| h < self.doc.tokens.len() && h != i)
    }

    fn has_cop(&self, i: usize) -> bool {
        self.kids[i].iter().any(|&k| rel(self.tok(k)) == "cop")
    }

    fn is_predicate(&self, i: usize) -> bool {
        upos(self.tok(i)) == "VERB" || self.has_cop(i)
    }

    /// The predicate a token belongs to: itself or its nearest ancestor
    /// that is a verb or has a copula.
    fn owner(&self, mut i: usize) -> Option<usize> {
        for _ in 0..MAX_CLIMB {
            let h = self.head(i)?;
            if self.is_predicate(h) {
                return Some(h);
            }
            i = h;
        }
        None
    }

    /// The case marker lemma of a nominal dependent.
    fn case_of(&self, i: usize) -> Option<String> {
        self.kids[i]
            .iter()
            .map(|&k| self.tok(k))
            .find(|t| rel(t) == "case")
            .map(lemma)
    }

    fn case_role(&self, i: usize) -> Option<CaseRole> {
        let c = self.case_of(i)?;
        self.lx.cases.get(&c).copied()
    }

    /// A participant from another layer, with its entity's code.
    fn with_code(&self, mut a: ArgRef) -> ArgRef {
        if a.code.is_none() {
            let ei = a
                .entity
                .as_deref()
                .and_then(|id| self.doc.entities.iter().position(|e| e.id == id));
            if let Some(ei) = ei {
                let mi = self.doc.entities[ei]
                    .mentions
                    .iter()
                    .position(|m| m.text == a.text)
                    .unwrap_or(usize::MAX);
                a.code = self.arg_of_entity(ei, mi).code;
            }
        }
        a
    }

    /// The ISO code when `entity` is a country (its code names the KB's
    /// country entry with the same id).
    fn country_code(&self, e: &Entity) -> Option<String> {
        let code = e.code.as_deref()?;
        let idx = self.kb.country(code)?;
        let kb_id = &self.kb.entries.get(idx)?.id;
        (e.kb.as_deref() == Some(kb_id.as_str())).then(|| code.to_string())
    }

    /// The state a capital or seat of power stands for, by its name.
    fn seat_of(&self, text: &str) -> Option<String> {
        self.kb
            .exact(&names::norm(text))
            .iter()
            .filter_map(|(ix, _)| self.kb.entries.get(*ix as usize))
            .find_map(|en| en.seat_of.clone())
    }

    fn arg_of_entity(&self, ei: usize, mi: usize) -> ArgRef {
        let e = &self.doc.entities[ei];
        let text = e
            .mentions
            .get(mi)
            .map(|m| m.text.clone())
            .unwrap_or_else(|| e.name.clone());
        let code = match (e.kind.as_str(), self.seat_of(&text)) {
            ("GPE", Some(iso)) if self.country_code(e).is_some() => Some(format!("{iso}GOV")),
            _ => e.code.clone().or_else(|| {
                // "Hungarian" tagged as an entity of its own: its country.
                let en = self.kb.entries.get(self.kb.adjective(&text)?)?;
                en.code.clone().or_else(|| en.country.clone())
            }),
        };
        ArgRef {
            entity: Some(e.id.clone()),
            text,
            code,
        }
    }

    /// The country entity of an ISO code, as a participant.
    fn country_arg(&self, iso: &str, text: &str) -> ArgRef {
        let kb_id = self
            .kb
            .country(iso)
            .and_then(|i| self.kb.entries.get(i))
            .map(|e| e.id.clone());
        let found = self
            .doc
            .entities
            .iter()
            .find(|e| e.kind == "GPE" && kb_id.is_some() && e.kb == kb_id);
        ArgRef {
            entity: found.map(|e| e.id.clone()),
            text: text.to_string(),
            code: Some(iso.to_string()),
        }
    }

    /// A hyphenated pair of state names (`Russie-Biélorussie`,
    /// `US-China`) names both states.
    fn dyad(&self, i: usize) -> Option<Vec<ArgRef>> {
        let text = &self.tok(i).text;
        let (a, b) = text.split_once('-')?;
        let find = |part: &str| -> Option<ArgRef> {
            let p = names::norm(part);
            self.doc.entities.iter().find_map(|e| {
                let iso = self.country_code(e)?;
                e.mentions
                    .iter()
                    .any(|m| names::norm(&m.text) == p)
                    .then(|| ArgRef {
                        entity: Some(e.id.clone()),
                        text: part.to_string(),
                        code: Some(iso),
                    })
            })
        };
        Some(vec![find(a)?, find(b)?])
    }

    /// A nationality adjective on `i` (`territoire biélorusse`).
    fn demonym(&self, i: usize) -> Option<ArgRef> {
        self.demonyms(i).into_iter().next()
    }

    /// Every nationality adjective on `i`, with coordinated ones
    /// ("Hungarian and Romanian officials").
    fn demonyms(&self, i: usize) -> Vec<ArgRef> {
        let mut out = Vec::new();
        for &k in &self.kids[i] {
            if rel(self.tok(k)) != "amod" {
                continue;
            }
            let conj = self.kids[k]
                .iter()
                .copied()
                .filter(|&c| rel(self.tok(c)) == "conj");
            for a in std::iter::once(k).chain(conj) {
                let t = self.tok(a);
                let table = upos(t) == "ADJ";
                if let Some(iso) = adjective_country(self.kb, &t.text, table) {
                    out.push(self.country_arg(&iso, &t.text));
                }
            }
        }
        out
    }

    /// The participants a nominal names: a state pair, its entity (or
    /// that of its name dependents), else its nationality adjective; with
    /// its coordinated conjuncts.
    fn resolve(&self, i: usize, depth: usize) -> Vec<ArgRef> {
        let mut out = Vec::new();
        let name_kids: Vec<usize> = self.kids[i]
            .iter()
            .copied()
            .filter(|&k| {
                let t = self.tok(k);
                matches!(rel(t), "appos" | "flat" | "flat:name" | "compound")
                    || (rel(t) == "nmod" && upos(t) == "PROPN" && self.case_of(k).is_none())
            })
            .collect();
        let dy = std::iter::once(i)
            .chain(name_kids.iter().copied())
            .find_map(|k| self.dyad(k));
        if let Some(d) = dy {
            out.extend(d);
        } else if let Some((ei, mi)) = std::iter::once(i)
            .chain(name_kids.iter().copied())
            .find_map(|k| self.ent[k])
        {
            let mut a = self.arg_of_entity(ei, mi);
            if a.code.is_none() {
                // "Serbian President Vojislav Kostunica", "Poland's
                // parliament": a participant without a code of its own takes
                // the state or body of its title or owner.
                a.code = self.affiliation(i, &name_kids, depth);
            }
            out.push(a);
        } else if let Some(a) = self.demonym(i) {
            out.extend(std::iter::once(a).chain(self.demonyms(i).into_iter().skip(1)));
        } else if let Some(a) = self.demonym_noun(i) {
            // "arrested 100 Palestinians": a nationality noun names its state.
            out.push(a);
        } else if depth == 0 {
            // "Taiwan's Vice Foreign Minister", "the president of Armenia":
            // a title stands for the state or body that owns it.
            for &k in &self.kids[i] {
                let t = self.tok(k);
                let owner = rel(t) == "nmod:poss"
                    || (base_rel(t) == "nmod" && matches!(self.case_role(k), Some(CaseRole::Of)));
                if owner && !self.pronoun(k) && self.entry_for(i).is_none() {
                    let o = self.resolve(k, depth + 1);
                    if !o.is_empty() {
                        out.extend(o);
                        break;
                    }
                }
            }
        }
        if out.is_empty() && depth == 0 {
            // "le groupe Arvex", "the Arvex group": a common-noun head with
            // a proper-noun dependent is a participant without an entity.
            if let Some(a) = self.named_np(i) {
                out.push(a);
            }
        }
        if depth < 4 {
            for &k in &self.kids[i] {
                if rel(self.tok(k)) == "conj" {
                    out.extend(self.resolve(k, depth + 1));
                }
            }
        }
        out
    }

    /// The code a title or owner gives a participant without one of its
    /// own: a nationality adjective on the name, its title (`nmod:desc`,
    /// `compound`, `appos`) or the noun it names; a coded entity compounded
    /// with the title ("U.N. mediator"); the owner of the title ("Taiwan's
    /// Vice Foreign Minister", "the president of Armenia").
    fn affiliation(&self, i: usize, name_kids: &[usize], depth: usize) -> Option<String> {
        let titles: Vec<usize> = self.kids[i]
            .iter()
            .copied()
            .filter(|&k| matches!(rel(self.tok(k)), "nmod:desc" | "compound" | "appos"))
            .collect();
        let up = self.head(i).filter(|_| {
            matches!(
                rel(self.tok(i)),
                "flat" | "flat:name" | "appos" | "nmod" | "nmod:desc"
            )
        });
        let cands: Vec<usize> = std::iter::once(i)
            .chain(name_kids.iter().copied())
            .chain(titles.iter().copied())
            .chain(up)
            .collect();
        if let Some(c) = cands.iter().find_map(|&k| self.demonym(k)) {
            return c.code;
        }
        let own = self.ent[i];
        for &k in &cands {
            for &kk in std::iter::once(&k).chain(self.kids[k].iter()) {
                let t = self.tok(kk);
                if kk != k && !matches!(rel(t), "compound" | "amod" | "flat" | "nmod:desc") {
                    continue;
                }
                if let Some((ei, mi)) = self.ent[kk].filter(|&x| Some(x) != own) {
                    if let Some(c) = self.arg_of_entity(ei, mi).code {
                        return Some(c);
                    }
                }
            }
        }
        if depth > 0 {
            return None;
        }
        for &k in &cands {
            for &kk in &self.kids[k] {
                let t = self.tok(kk);
                let owner = rel(t) == "nmod:poss"
                    || (base_rel(t) == "nmod" && matches!(self.case_role(kk), Some(CaseRole::Of)));
                if owner && !self.pronoun(kk) && self.ent[kk] != own {
                    if let Some(c) = self.resolve(kk, depth + 1).into_iter().find_map(|a| a.code) {
                        return Some(c);
                    }
                }
            }
        }
        None
    }

    /// A nationality noun ("Palestinians", "les Ukrainiens") as the state
    /// it names.
    fn demonym_noun(&self, i: usize) -> Option<ArgRef> {
        let t = self.tok(i);
        if !matches!(upos(t), "NOUN" | "PROPN") {
            return None;
        }
        let iso = adjective_country(self.kb, &t.text, false)
            .or_else(|| adjective_country(self.kb, &lemma(t), false))?;
        Some(self.country_arg(&iso, &t.text))
    }

    /// A common-noun phrase naming something by a proper-noun dependent
    /// ("le groupe Arvex"): a participant with its text and no entity.
    fn named_np(&self, i: usize) -> Option<ArgRef> {
        if upos(self.tok(i)) != "NOUN" {
            return None;
        }
        let named = |k: usize| {
            let t = self.tok(k);
            upos(t) == "PROPN"
                && (matches!(rel(t), "flat" | "flat:name" | "appos" | "compound")
                    || (base_rel(t) == "nmod" && self.case_of(k).is_none()))
        };
        let names: Vec<usize> = self.kids[i].iter().copied().filter(|&k| named(k)).collect();
        if names.is_empty() {
            return None;
        }
        // The phrase: the head, its determiners and modifiers, and the
        // names with their own flat parts.
        let mut span = vec![i];
        for &k in &self.kids[i] {
            if names.contains(&k) || matches!(rel(self.tok(k)), "det" | "amod" | "compound") {
                span.push(k);
                span.extend(
                    self.kids[k]
                        .iter()
                        .copied()
                        .filter(|&kk| matches!(rel(self.tok(kk)), "flat" | "flat:name")),
                );
            }
        }
        let start = span.iter().map(|&k| self.tok(k).start).min()?;
        let end = span.iter().map(|&k| self.tok(k).end).max()?;
        let text: String = self
            .doc
            .text
            .chars()
            .skip(start)
            .take(end.saturating_sub(start))
            .collect();
        Some(ArgRef {
            entity: None,
            text,
            code: None,
        })
    }

    /// Is a participant a place (a location, or a city rather than a
    /// state)?
    fn is_place(&self, a: &ArgRef) -> bool {
        let Some(e) = a
            .entity
            .as_deref()
            .and_then(|id| self.doc.entities.iter().find(|e| e.id == id))
        else {
            return false;
        };
        e.kind == "LOC" || (e.kind == "GPE" && self.country_code(e).is_none())
    }

    /// The state of a city participant.
    fn state_of(&self, a: &ArgRef) -> Option<ArgRef> {
        let iso = self.seat_of(&a.text).or_else(|| {
            let e = self
                .doc
                .entities
                .iter()
                .find(|e| Some(&e.id) == a.entity.as_ref())?;
            let en = self.kb.get(e.kb.as_deref()?)?;
            en.seat_of.clone().or_else(|| en.country.clone())
        })?;
        let mut s = self.country_arg(&iso, &a.text);
        s.code = Some(format!("{iso}GOV"));
        Some(s)
    }

    fn entry_for(&self, i: usize) -> Option<Entry> {
        let t = self.tok(i);
        // A word in a function-word relation is no predicate, whatever its
        // tag: "according to X" (case + fixed), "following", "regarding".
        if matches!(
            base_rel(t),
            "case" | "mark" | "fixed" | "cc" | "det" | "aux" | "cop"
        ) {
            return None;
        }
        let pos = match upos(t) {
            "VERB" => Pos::Verb,
            "NOUN" => Pos::Noun,
            "ADJ" if self.has_cop(i) => Pos::Adj,
            _ => return None,
        };
        let lem = lemma(t);
        self.lx
            .lookup(&lem, pos)
            .iter()
            .find(|e| self.matches(i, pos, &e.pattern))
            .cloned()
    }

    fn matches(&self, i: usize, pos: Pos, p: &Pattern) -> bool {
        let kids = &self.kids[i];
        match p {
            Pattern::Any => true,
            Pattern::Obj(ws) => kids.iter().any(|&k| {
                let t = self.tok(k);
                let ok_rel = match pos {
                    Pos::Noun => {
                        rel(t).starts_with("nmod")
                            && matches!(self.case_role(k), Some(CaseRole::Of))
                    }
                    _ => matches!(rel(t), "obj" | "nsubj:pass"),
                };
                // The dictionary's object words are lemmas or plural forms
                // ("sanctions", "talks").
                ok_rel && (ws.contains(&lemma(t)) || ws.contains(&t.text.to_lowercase()))
            }),
            Pattern::Prt(ws) => kids.iter().any(|&k| {
                let t = self.tok(k);
                matches!(rel(t), "compound:prt" | "fixed") && ws.contains(&lemma(t))
            }),
            Pattern::Prep(ws) => kids.iter().any(|&k| {
                let t = self.tok(k);
                matches!(base_rel(t), "obl" | "nmod")
                    && self.case_of(k).is_some_and(|c| ws.contains(&c))
            }),
        }
    }

    /// The clause an event belongs to: the trigger itself, or for an
    /// event noun the predicate it is an argument of.
    fn clause_of(&self, i: usize, pos_noun: bool) -> usize {
        if !pos_noun {
            return i;
        }
        match self.head(i) {
            Some(h)
                if matches!(base_rel(self.tok(i)), "nsubj" | "obj" | "obl" | "csubj")
                    && self.is_predicate(h) =>
            {
                h
            }
            _ => i,
        }
    }

    fn pronoun(&self, i: usize) -> bool {
        upos(self.tok(i)) == "PRON"
    }

    /// The subject of a clause head, following relative pronouns to their
    /// antecedent.
    fn subject(&self, c: usize) -> Option<Vec<ArgRef>> {
        // The parser sometimes hangs the subject on an auxiliary ("it had
        // expelled" with "it" under "had"): those count as the clause's.
        let subjects: Vec<usize> = self.kids[c]
            .iter()
            .copied()
            .chain(
                self.kids[c]
                    .iter()
                    .filter(|&&a| matches!(rel(self.tok(a)), "aux" | "aux:pass"))
                    .flat_map(|&a| self.kids[a].iter().copied()),
            )
            .filter(|&k| matches!(rel(self.tok(k)), "nsubj" | "expl:subj"))
            .collect();
        let k = *subjects.first()?;
        if feat(self.tok(k), "PronType", "Rel") {
            if rel(self.tok(c)).starts_with("acl") {
                let h = self.head(c)?;
                return Some(self.resolve(h, 0));
            }
            return None;
        }
        if self.pronoun(k) {
            return self.reporter_of(c, k);
        }
        // A parse with two subjects ("The company Voltrana accused", the
        // name split from its noun): the first that names a participant.
        let mut first = None;
        for &s in &subjects {
            let a = self.resolve(s, 0);
            if !a.is_empty() {
                return Some(a);
            }
            first.get_or_insert(a);
            if let Some(a) = self.bare_name(s) {
                return Some(vec![a]);
            }
        }
        first
    }

    /// "Switzerland said it had expelled…", "Syria says it is willing to
    /// withdraw…": a third-person pronoun subject of a clause reported by a
    /// reporting verb (the quotes lexicon's verbs, or a cue of the quotes
    /// layer) stands for that verb's subject. The clause may be reached
    /// through coordinated and control verbs.
    fn reporter_of(&self, c: usize, pron: usize) -> Option<Vec<ArgRef>> {
        if !feat(self.tok(pron), "PronType", "Prs") || !feat(self.tok(pron), "Person", "3") {
            return None;
        }
        let mut h = c;
        for _ in 0..4 {
            if !matches!(rel(self.tok(h)), "conj" | "xcomp") {
                break;
            }
            h = self.head(h)?;
        }
        if rel(self.tok(h)) != "ccomp" {
            return None;
        }
        let g = self.head(h)?;
        if !self.is_reporting(g) {
            return None;
        }
        let s = self.kids[g]
            .iter()
            .copied()
            .find(|&k| rel(self.tok(k)) == "nsubj")?;
        if self.pronoun(s) {
            return None;
        }
        let a = self.resolve(s, 0);
        (!a.is_empty()).then_some(a)
    }

    /// A reporting verb: a cue of the quotes layer or a verb of the quotes
    /// lexicon.
    fn is_reporting(&self, g: usize) -> bool {
        if self.cue_tok.contains(&Some(g)) {
            return true;
        }
        let t = self.tok(g);
        if upos(t) != "VERB" {
            return false;
        }
        let lang = self.doc.language.as_deref().unwrap_or("");
        let Some(qlx) = newsgraph_quotes::lexicon::Lexicon::for_language(lang) else {
            return false;
        };
        let form = newsgraph_quotes::lexicon::normalize(&t.text);
        qlx.verb(&form).or_else(|| qlx.verb(&lemma(t))).is_some()
    }

    /// A proper-noun subject that no other layer names (an unknown
    /// company, "Voltrana"): a participant with its text and no entity.
    /// Not a date word the parser took for a subject.
    fn bare_name(&self, i: usize) -> Option<ArgRef> {
        let t = self.tok(i);
        if upos(t) != "PROPN" || self.ent[i].is_some() {
            return None;
        }
        let in_timex = self
            .doc
            .timexes
            .iter()
            .any(|x| t.start >= x.start && t.end <= x.end);
        if in_timex {
            return None;
        }
        let parts: Vec<usize> = std::iter::once(i)
            .chain(
                self.kids[i]
                    .iter()
                    .copied()
                    .filter(|&k| matches!(rel(self.tok(k)), "flat" | "flat:name" | "compound")),
            )
            .collect();
        let start = parts.iter().map(|&k| self.tok(k).start).min()?;
        let end = parts.iter().map(|&k| self.tok(k).end).max()?;
        Some(ArgRef {
            entity: None,
            text: self
                .doc
                .text
                .chars()
                .skip(start)
                .take(end - start)
                .collect(),
            code: None,
        })
    }
}

fn push_unique(v: &mut Vec<ArgRef>, a: Vec<ArgRef>) {
    for x in a {
        let dup = v.iter().any(|y| {
            (y.entity.is_some() && y.entity == x.entity) || (y.entity.is_none() && y.text == x.text)
        });
        if !dup {
            v.push(x);
        }
    }
}

fn past(v: &View, c: usize) -> bool {
    let mut toks = vec![c];
    toks.extend(
        v.kids[c]
            .iter()
            .copied()
            .filter(|&k| matches!(rel(v.tok(k)), "aux" | "aux:tense" | "aux:pass" | "cop")),
    );
    toks.iter().any(|&k| {
        let t = v.tok(k);
        feat(t, "Tense", "Past") || feat(t, "Tense", "Imp")
    })
}

/// Participants of a trigger.
fn participants(v: &View, i: usize, entry: &Entry, f: &mut Found) {
    let noun = entry.pos == Pos::Noun;
    let passive = v.kids[i]
        .iter()
        .any(|&k| matches!(rel(v.tok(k)), "nsubj:pass" | "aux:pass"))
        || feat(v.tok(i), "Voice", "Pass");
    let mut actors = Vec::new();
    let mut targets = Vec::new();
    let mut place: Option<ArgRef> = None;
    let cooperative = matches!(
        entry.kind.as_str(),
        "AGREE" | "CONSULT" | "COOPERATE" | "SUPPORT" | "AID"
    );
    let to_role = |a: Vec<ArgRef>, targets: &mut Vec<ArgRef>, place: &mut Option<ArgRef>| {
        for x in a {
            if v.is_place(&x) {
                if entry.has("recipient") {
                    if let Some(s) = v.state_of(&x) {
                        push_unique(targets, vec![s]);
                    }
                }
                if place.is_none() {
                    *place = Some(x);
                }
            } else {
                push_unique(targets, vec![x]);
            }
        }
    };
    if !noun {
        if let Some(s) = v.subject(i) {
            push_unique(&mut actors, s);
        }
    }
    for &k in &v.kids[i] {
        let t = v.tok(k);
        let r = rel(t);
        match r {
            "obj" | "iobj" if !noun => {
                let a = v.resolve(k, 0);
                if a.is_empty() && upos(t) == "NOUN" {
                    // "rejected calls by Belarus's rulers", "dismissed an
                    // appeal from President Gbagbo": a response to a
                    // proposal is aimed at whoever made it.
                    for &kk in &v.kids[k] {
                        let by = matches!(base_rel(v.tok(kk)), "nmod")
                            && matches!(v.case_role(kk), Some(CaseRole::Agent | CaseRole::From));
                        if by {
                            push_unique(&mut targets, v.resolve(kk, 0));
                        }
                    }
                } else {
                    push_unique(&mut targets, a);
                }
            }
            "nsubj:pass" if !noun => {
                let a: Vec<ArgRef> = v
                    .resolve(k, 0)
                    .into_iter()
                    .filter(|a| a.entity.is_some())
                    .collect();
                push_unique(&mut targets, a);
            }
            "obl:agent" => push_unique(&mut actors, v.resolve(k, 0)),
            // English bare objects the parser leaves unmarked.
            "obl:unmarked" if !noun && v.case_of(k).is_none() && upos(t) == "PROPN" => {
                push_unique(&mut targets, v.resolve(k, 0))
            }
            "nmod:poss" if noun && !v.pronoun(k) => push_unique(&mut actors, v.resolve(k, 0)),
            "amod" if noun => {
                if let Some(a) = v.demonym(i) {
                    push_unique(&mut actors, vec![a]);
                }
            }
            _ if matches!(base_rel(t), "obl" | "nmod") => {
                let Some(role) = v.case_role(k) else {
                    continue;
                };
                let a = v.resolve(k, 0);
                match role {
                    CaseRole::Agent if passive || noun => push_unique(&mut actors, a),
                    CaseRole::Agent => {}
                    CaseRole::Target => push_unique(&mut targets, a),
                    CaseRole::To => to_role(a, &mut targets, &mut place),
                    CaseRole::Place => {
                        if place.is_none() {
                            place = a.into_iter().next();
                        }
                    }
                    CaseRole::With if cooperative => push_unique(&mut targets, a),
                    CaseRole::With => {}
                    CaseRole::Between => push_unique(&mut actors, a),
                    CaseRole::From if noun => push_unique(&mut actors, a),
                    CaseRole::From => {}
                    CaseRole::Of if noun => {
                        let keep: Vec<ArgRef> = a
                            .into_iter()
                            .filter(|x| x.entity.is_some() || x.code.is_some())
                            .collect();
                        if entry.has("de=target") {
                            push_unique(&mut targets, keep);
                        } else if entry.has("de=actor") {
                            push_unique(&mut actors, keep);
                        } else if entry.has("nat=actor") {
                            if let Some(d) = v.demonym(k) {
                                push_unique(&mut actors, vec![d]);
                            }
                        }
                    }
                    CaseRole::Of => {}
                }
            }
            _ => {}
        }
    }
    // Recipients and places attached lower in the phrase ("livrer des chars
    // à la Pologne" with "à" on the object), not crossing clauses.
    if targets.is_empty() || place.is_none() {
        let mut stack: Vec<usize> = v.kids[i].clone();
        let mut seen = 0;
        while let Some(k) = stack.pop() {
            seen += 1;
            if seen > MAX_SCAN {
                break;
            }
            let t = v.tok(k);
            if rel(t).starts_with("acl")
                || (!noun && CLAUSAL.contains(&base_rel(t)))
                || matches!(base_rel(t), "nsubj" | "csubj")
                || v.entry_for(k).is_some()
            {
                continue;
            }
            if v.head(k) != Some(i) && matches!(base_rel(t), "obl" | "nmod") {
                match v.case_role(k) {
                    Some(CaseRole::To) if targets.is_empty() => {
                        to_role(v.resolve(k, 0), &mut targets, &mut place)
                    }
                    Some(CaseRole::Target) if targets.is_empty() => {
                        push_unique(&mut targets, v.resolve(k, 0))
                    }
                    Some(CaseRole::Place) if place.is_none() => {
                        place = v.resolve(k, 0).into_iter().next()
                    }
                    _ => {}
                }
            }
            stack.extend(v.kids[k].iter().copied());
        }
    }
    if !noun && targets.is_empty() {
        // "offered to hand over two suspects to Britain": an offer, request
        // or threat is directed at the target of what it proposes.
        // "demanded that Hamas renounce…": whom a demand, threat or
        // accusation addresses is the subject of its clause.
        let addressed = matches!(
            entry.kind.as_str(),
            "REQUEST" | "THREATEN" | "ACCUSE" | "REJECT"
        ) && v
            .lx
            .lookup(&entry.lemma, entry.pos)
            .iter()
            .any(|e| e.kind == entry.kind);
        for &x in &v.kids[i] {
            let xr = rel(v.tok(x));
            if xr != "xcomp" && xr != "ccomp" {
                continue;
            }
            for &k in &v.kids[x] {
                let t = v.tok(k);
                let a = match (rel(t), v.case_role(k)) {
                    ("nsubj", _) if xr == "ccomp" && addressed && !v.pronoun(k) => v.resolve(k, 0),
                    ("obj" | "iobj", _) if xr == "xcomp" => v.resolve(k, 0),
                    (r, Some(CaseRole::Target | CaseRole::To | CaseRole::With))
                        if r.starts_with("obl") && xr == "xcomp" =>
                    {
                        v.resolve(k, 0)
                    }
                    _ => continue,
                };
                push_unique(
                    &mut targets,
                    a.into_iter().filter(|a| !v.is_place(a)).collect(),
                );
            }
        }
    }
    if !noun && actors.is_empty() {
        let r = rel(v.tok(i)).to_string();
        if let Some(h) = v.head(i) {
            let infinitive = feat(v.tok(i), "VerbForm", "Inf");
            if r == "xcomp"
                || r == "conj"
                || (infinitive && matches!(r.as_str(), "ccomp" | "advcl"))
            {
                // Control and shared subjects: "X plans to attack", "X signed and ratified".
                if let Some(s) = v.subject(h) {
                    push_unique(&mut actors, s);
                }
            } else if r.starts_with("acl") && passive_participle(v, i) {
                // "the treaty between X and Y, signed in 2001": the parties.
                for &k in &v.kids[h] {
                    if matches!(base_rel(v.tok(k)), "nmod")
                        && matches!(v.case_role(k), Some(CaseRole::Of | CaseRole::Between))
                    {
                        push_unique(&mut actors, v.resolve(k, 0));
                    }
                }
            }
        }
    }
    if noun && actors.is_empty() {
        // "Algerian landowners began a hunger strike", "X launched an
        // investigation": an event noun that is the object of a light verb
        // (or of a verb that is no event itself) is done by its subject.
        if let Some(h) = v.head(i).filter(|&h| upos(v.tok(h)) == "VERB") {
            let light = v.lx.light.contains(&lemma(v.tok(h))) || v.entry_for(h).is_none();
            if light && rel(v.tok(i)) == "obj" {
                let mut s = v.subject(h);
                if s.as_ref().is_none_or(|s| s.is_empty())
                    && matches!(rel(v.tok(h)), "xcomp" | "conj")
                {
                    s = v.head(h).and_then(|g| v.subject(g));
                }
                if let Some(s) = s {
                    push_unique(&mut actors, s);
                }
            }
        }
    }
    if targets.is_empty() && PLACE_TARGET.contains(&entry.kind.as_str()) {
        // "demonstrated in Serbia", "a curfew in Cizre": a protest, a
        // coercion or an assault with no one named as its target is
        // aimed at the state where it happens.
        if let Some(p) = place.as_ref() {
            let state = if v.is_place(p) {
                v.state_of(p)
            } else {
                p.code.as_ref().filter(|c| c.len() == 3).map(|_| p.clone())
            };
            if let Some(s) = state {
                push_unique(&mut targets, vec![s]);
            }
        }
    }
    f.actors = actors;
    let actor_ids: Vec<_> = f.actors.iter().filter_map(|a| a.entity.clone()).collect();
    targets.retain(|t| {
        t.entity.is_none() || !actor_ids.contains(t.entity.as_ref().unwrap_or(&String::new()))
    });
    f.targets = targets;
    f.place = place;
}

fn passive_participle(v: &View, i: usize) -> bool {
    let t = v.tok(i);
    feat(t, "VerbForm", "Part") && (feat(t, "Tense", "Past") || feat(t, "Voice", "Pass"))
}

fn modal(name: &str) -> Option<Modality> {
    Some(match name {
        "planned" => Modality::Planned,
        "conditional" => Modality::Conditional,
        "negated" => Modality::Negated,
        "hypothetical" => Modality::Hypothetical,
        "denied" => Modality::Denied,
        "reported" => Modality::Reported,
        _ => return None,
    })
}

fn add(m: &mut Vec<Modality>, x: Modality) {
    if !m.contains(&x) {
        m.push(x);
    }
}

/// Modalities of the clause headed by `c`, and the governor that denies
/// it, if any.
fn clause_modality(v: &View, c: usize) -> (Vec<Modality>, Option<usize>) {
    let mut mods = Vec::new();
    let mut own = vec![c];
    own.extend(
        v.kids[c]
            .iter()
            .copied()
            .filter(|&k| matches!(base_rel(v.tok(k)), "aux" | "cop")),
    );
    if own.iter().any(|&k| feat(v.tok(k), "Mood", "Cnd")) {
        add(&mut mods, Modality::Conditional);
    }
    if own.iter().any(|&k| feat(v.tok(k), "Tense", "Fut")) {
        add(&mut mods, Modality::Planned);
    }
    for &k in &v.kids[c] {
        let t = v.tok(k);
        let l = lemma(t);
        let m = match base_rel(t) {
            "aux" => v.lx.cue(Cue::Aux, &l),
            "mark" => v.lx.cue(Cue::Mark, &l),
            // "pas", "not"; and negative pronouns as arguments ("personne
            // ne s'oppose", "nobody attacked").
            "advmod" | "nsubj" | "obj" | "det" => v.lx.cue(Cue::Neg, &l),
            _ => None,
        };
        if let Some(x) = m.and_then(modal) {
            add(&mut mods, x);
        }
    }
    let mut denier = None;
    let mut a = c;
    for _ in 0..MAX_CLIMB {
        let r = base_rel(v.tok(a)).to_string();
        let Some(g) = v.head(a) else { break };
        if !CLAUSAL.contains(&r.as_str()) || r == "conj" || r == "parataxis" {
            break;
        }
        if let Some(x) = v.lx.cue(Cue::Governor, &lemma(v.tok(g))).and_then(modal) {
            if x == Modality::Denied {
                denier = Some(g);
            }
            add(&mut mods, x);
        }
        if v.quote_of_cue.contains_key(&g) {
            break;
        }
        a = g;
    }
    (mods, denier)
}

/// The event's own time: an attached TIMEX, else the governing clauses'
/// (context), else "no later than publication" for a past event.
fn event_time(v: &View, i: usize, c: usize, mods: &[Modality]) -> EventTime {
    let own = |p: usize| {
        v.timex_owner.iter().enumerate().find_map(|(x, o)| {
            let tx = &v.doc.timexes[x];
            let dated =
                matches!(tx.kind, TimexType::Date | TimexType::Time) && !tx.value.ends_with("_REF");
            (*o == Some(p) && dated).then_some(x)
        })
    };
    let mk = |x: usize, basis| EventTime {
        value: Some(v.doc.timexes[x].value.clone()),
        timex: Some(x),
        basis: Some(basis),
        bound: None,
    };
    if let Some(x) = own(i).or_else(|| own(c)) {
        return mk(x, TimeBasis::Timex);
    }
    let mut a = c;
    for _ in 0..MAX_CLIMB {
        let r = base_rel(v.tok(a)).to_string();
        let Some(g) = v.head(a) else { break };
        if !CLAUSAL.contains(&r.as_str()) {
            break;
        }
        if let Some(x) = own(g) {
            return mk(x, TimeBasis::Context);
        }
        a = g;
    }
    let future = mods.iter().any(|m| {
        matches!(
            m,
            Modality::Planned | Modality::Conditional | Modality::Hypothetical
        )
    });
    let published = v.doc.published.as_ref().map(|p| p.to_string());
    if past(v, c) && !future && published.is_some() {
        return EventTime {
            value: None,
            timex: None,
            basis: Some(TimeBasis::Publication),
            bound: published,
        };
    }
    EventTime {
        value: None,
        timex: None,
        basis: None,
        bound: None,
    }
}

fn trig(v: &View, i: usize) -> Trig {
    let t = v.tok(i);
    Trig {
        start: t.start,
        end: t.end,
        text: t.text.clone(),
        lemma: lemma(t),
    }
}

/// The quote a token lies in (the shortest), with its index.
fn quote_of(v: &View, i: usize) -> Option<usize> {
    v.innermost_quote.get(i).copied().flatten()
}

/// A reporting verb that takes a noun phrase as its content ("a souligné
/// l'importance de X", the quotes lexicon's `np` flag) with a subject and a
/// nominal object is a statement even where the quotes layer made no quote
/// of it (an adjunct between verb and object, for instance).
fn np_statement(v: &View, i: usize) -> bool {
    let t = v.tok(i);
    if upos(t) != "VERB" {
        return false;
    }
    let lang = v.doc.language.as_deref().unwrap_or("");
    let Some(qlx) = newsgraph_quotes::lexicon::Lexicon::for_language(lang) else {
        return false;
    };
    let form = newsgraph_quotes::lexicon::normalize(&t.text);
    let lem = lemma(t);
    let is_np = qlx
        .verb(&form)
        .or_else(|| qlx.verb(&lem))
        .is_some_and(|r| r.np);
    is_np
        && v.kids[i]
            .iter()
            .any(|&k| rel(v.tok(k)) == "obj" && upos(v.tok(k)) == "NOUN")
        && v.kids[i]
            .iter()
            .any(|&k| rel(v.tok(k)) == "nsubj" && v.ent[k].is_some())
}

/// A participant without a code takes its name's code from the actor
/// table (by its text, else by its entity's name).
fn fill_code(doc: &Document, a: &mut ArgRef) {
    if a.code.is_some() {
        return;
    }
    let table = ActorCodes::builtin();
    a.code = table
        .get(&a.text)
        .or_else(|| {
            let id = a.entity.as_deref()?;
            let e = doc.entities.iter().find(|e| e.id == id)?;
            table.get(&e.name)
        })
        .map(str::to_string);
    if a.code.is_none() {
        a.code = country_in_name(&a.text);
    }
}

/// The country a nationality adjective or noun names: the knowledge
/// base's adjectives, else — with `table`, for a capitalized adjective the
/// KB lacks ("Turkish", "Gambian", "Palestinian") — the country part of its
/// code in the actor table (PETRARCH2's dictionaries list nationality
/// words), when that part is a country of the KB. Only adjectives go to
/// the table: its nouns are names of groups ("Tigers" → SWZREB).
fn adjective_country(kb: &Kb, word: &str, table: bool) -> Option<String> {
    if let Some(en) = kb.adjective(word).and_then(|x| kb.entries.get(x)) {
        return en.code.clone().or_else(|| en.country.clone());
    }
    if !table || !word.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let c3 = ActorCodes::builtin().get(word)?.get(..3)?;
    kb.country(c3).map(|_| c3.to_string())
}

/// "Poland's parliament", "Taiwan's Vice Foreign Minister", "the Soviet
/// delegation" when no layer tagged the state: the state a capitalized
/// word of the participant's text names (a country name or its adjective,
/// by the knowledge base).
fn country_in_name(text: &str) -> Option<String> {
    let kb = Kb::builtin();
    let n = text.split_whitespace().count();
    text.split_whitespace().enumerate().find_map(|(i, w)| {
        let w = w
            .trim_end_matches("'s")
            .trim_end_matches("’s")
            .trim_matches(|c: char| !c.is_alphanumeric());
        if !w.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        // A modifier before the head ("Turkish police") may be read through
        // the actor table; the head itself ("Liberation Tigers") may not.
        if let Some(iso) = adjective_country(kb, w, i + 1 < n) {
            return Some(iso);
        }
        kb.exact(&names::norm(w)).iter().find_map(|(ix, _)| {
            let en = kb.entries.get(*ix as usize)?;
            let iso = en.country.as_deref()?;
            (kb.country(iso) == Some(*ix as usize)).then(|| iso.to_string())
        })
    })
}

/// Codes the events of `doc` with `lx` (does not touch `doc`).
pub fn extract(doc: &Document, lx: &Lexicon) -> Vec<Event> {
    let kb = Kb::builtin();
    let v = View::new(doc, lx, kb);
    let n = doc.tokens.len();
    let cue_set: Vec<usize> = {
        let mut c: Vec<usize> = v.cue_tok.iter().flatten().copied().collect();
        c.sort_unstable();
        c.dedup();
        c
    };
    let mut found: Vec<Found> = Vec::new();
    for i in 0..n {
        let is_cue = cue_set.binary_search(&i).is_ok() || np_statement(&v, i);
        let entry = match v.entry_for(i) {
            Some(e) => e,
            None if is_cue => Entry {
                lemma: lemma(v.tok(i)),
                pos: Pos::Verb,
                pattern: Pattern::Any,
                kind: lx.statement_type.clone(),
                mode: None,
                cameo: None,
                flags: Default::default(),
            },
            None => continue,
        };
        let noun = entry.pos == Pos::Noun;
        let c = v.clause_of(i, noun);
        let mut f = Found {
            tok: i,
            entry: entry.clone(),
            actors: Vec::new(),
            targets: Vec::new(),
            place: None,
            time: EventTime {
                value: None,
                timex: None,
                basis: None,
                bound: None,
            },
            modality: Modality::Asserted,
            modifiers: Vec::new(),
            source: None,
            reported_by: None,
            quote: None,
            folded: false,
            plain_statement: false,
        };
        participants(&v, i, &entry, &mut f);
        let (mut mods, denier) = clause_modality(&v, c);
        // A cue that is itself an event predicate ("accuse", "démentir",
        // "attack") is that act, vouched for by the text; other cues are
        // statements vouched for by their speaker.
        let is_statement = is_cue && v.entry_for(i).is_none();
        if is_cue && !is_statement && f.actors.is_empty() {
            let q = v.quote_of_cue.get(&i).copied();
            if let Some(s) = q.and_then(|q| doc.quotes[q].speaker.clone()) {
                f.actors = vec![v.with_code(s)];
            }
        }
        f.plain_statement = is_statement;
        if is_statement {
            // The statement: its speaker acts, and vouches for what it says.
            let q = v.quote_of_cue.get(&i).copied();
            let speaker = q
                .and_then(|q| doc.quotes[q].speaker.clone())
                .map(|s| v.with_code(s));
            if let Some(s) = speaker.clone() {
                if f.actors.is_empty() || f.actors.iter().all(|a| a.entity.is_none()) {
                    f.actors = vec![s];
                }
            }
            // "a souligné le rôle de X": a statement about a common noun is
            // about the entity of its complement.
            for &k in &v.kids[i] {
                if rel(v.tok(k)) == "obj" && upos(v.tok(k)) == "NOUN" && v.ent[k].is_none() {
                    let mut about = Vec::new();
                    for &kk in &v.kids[k] {
                        if matches!(v.case_role(kk), Some(CaseRole::Of)) {
                            push_unique(&mut about, v.resolve(kk, 0));
                        }
                    }
                    if !about.is_empty() {
                        f.targets = about;
                    }
                }
            }
            f.source = speaker.or_else(|| f.actors.first().cloned());
            f.modality = Modality::Reported;
        } else if let Some(qi) = quote_of(&v, i).filter(|&qi| v.cue_tok[qi] != Some(i)) {
            let q = &doc.quotes[qi];
            f.quote = Some(qi);
            f.source = q.speaker.clone().map(|s| v.with_code(s));
            f.reported_by = v.cue_tok[qi];
            if let Some(cue) = v.cue_tok[qi] {
                // The French conditional after a past reporting verb is also
                // the future in the past.
                if mods.contains(&Modality::Conditional) && past(&v, cue) {
                    add(&mut mods, Modality::Planned);
                }
            }
            f.modality = Modality::Reported;
        }
        if let Some(d) = denier {
            f.modality = Modality::Denied;
            mods.retain(|m| *m != Modality::Denied);
            if let Some(s) = v.subject(d).and_then(|s| s.into_iter().next()) {
                f.source = Some(s);
            }
            f.reported_by = Some(d);
        } else if f.modality == Modality::Asserted && !mods.is_empty() {
            f.modality = mods.remove(0);
        }
        f.modifiers = mods;
        f.time = event_time(&v, i, c, &f.modifiers);
        found.push(f);
    }
    // Fold offers, promises and threats voiced without an actor of their
    // own into the statement that voices them.
    for k in 0..found.len() {
        let Some(cue) = found[k].reported_by else {
            continue;
        };
        if !found[k].entry.has("speaker") {
            continue;
        }
        let Some(si) = found.iter().position(|f| f.tok == cue) else {
            continue;
        };
        let speaker_id = found[si].actors.first().and_then(|a| a.entity.clone());
        let own_actor = found[k].actors.iter().any(|a| a.entity != speaker_id);
        let statement_is_default =
            found[si].entry.flags.is_empty() && found[si].entry.kind == lx.statement_type;
        if own_actor || !statement_is_default {
            continue;
        }
        let content = &found[k];
        let (kind, mode, cameo) = (
            content.entry.kind.clone(),
            content.entry.mode.clone(),
            content.entry.cameo.clone(),
        );
        let (targets, mods, place) = (
            content.targets.clone(),
            content.modifiers.clone(),
            content.place.clone(),
        );
        found[k].folded = true;
        let s = &mut found[si];
        s.entry.kind = kind;
        s.entry.mode = mode;
        s.entry.cameo = cameo;
        s.entry.flags.insert("folded".into());
        s.plain_statement = false;
        if s.targets.is_empty() {
            s.targets = targets;
        }
        if s.place.is_none() {
            s.place = place;
        }
        for m in mods {
            add(&mut s.modifiers, m);
        }
    }
    found.retain(|f| !f.folded);
    for f in &mut found {
        for a in f
            .actors
            .iter_mut()
            .chain(f.targets.iter_mut())
            .chain(f.source.iter_mut())
        {
            fill_code(doc, a);
        }
    }
    for f in &mut found {
        if !f.targets.is_empty() || !DOMESTIC_TARGET.contains(&f.entry.kind.as_str()) {
            continue;
        }
        // "Students demonstrated…", "Sudan's government lifted a state of
        // emergency": a protest or a concession with no one named as its
        // target is aimed at (made to) the actor's own state.
        let iso = f.actors.iter().find_map(|a| {
            let c = a.code.as_deref()?.get(..3)?;
            v.kb.country(c).map(|_| c.to_string())
        });
        if let Some(iso) = iso {
            let name =
                v.kb.country(&iso)
                    .and_then(|i| v.kb.entries.get(i))
                    .and_then(|e| e.names.get("en").and_then(|n| n.first()).cloned())
                    .unwrap_or_else(|| iso.clone());
            f.targets.push(v.country_arg(&iso, &name));
        }
    }
    // An event with no participant at all (no actor, target or place) says
    // nothing about who did what to whom: it is not coded (PETRARCH2 codes
    // no event without actors either), unless another event points at it
    // (a denial, a report) or it is a statement.
    let pointed: Vec<usize> = found.iter().filter_map(|f| f.reported_by).collect();
    found.retain(|f| {
        f.plain_statement
            || !f.actors.is_empty()
            || !f.targets.is_empty()
            || f.place.is_some()
            || pointed.contains(&f.tok)
    });
    let id_of = |tok: usize| {
        found
            .iter()
            .position(|f| f.tok == tok)
            .map(|p| format!("v{p}"))
    };
    found
        .iter()
        .enumerate()
        .map(|(p, f)| Event {
            id: format!("v{p}"),
            kind: f.entry.kind.clone(),
            mode: f.entry.mode.clone(),
            cameo: f
                .entry
                .cameo
                .as_deref()
                .and_then(|c| c.get(..2))
                .filter(|c| c.bytes().all(|b| b.is_ascii_digit()))
                .map(str::to_string)
                .or_else(|| f.plain_statement.then(|| "01".to_string()))
                .or_else(|| crate::lexicon::cameo_root(&f.entry.kind).map(str::to_string)),
            trigger: trig(&v, f.tok),
            actors: f.actors.clone(),
            targets: f.targets.clone(),
            place: f.place.clone(),
            time: f.time.clone(),
            modality: f.modality,
            modifiers: f.modifiers.clone(),
            source: f.source.clone(),
            reported_by: f.reported_by.and_then(id_of),
            quote: f.quote,
            sentence: v.sent.get(f.tok).copied().unwrap_or(0),
        })
        .collect()
}
