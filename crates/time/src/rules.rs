//! The recognizer: a left-to-right, longest-match grammar over tokens whose
//! words come from the language data ([`crate::lex`]). Each rule finds an
//! extent and resolves its value against the anchor (publication date) or
//! the narrative reference time.

use crate::lex::{Base, Cat, DWhat, Deictic, Lexicon, Pod, Unit};
use crate::token::{Kind, Tok};
use crate::value::{self, Anchor};
use jiff::civil::Date;
use newsgraph_doc::TimexType;

/// A recognized expression, in token indices.
#[derive(Debug, Clone)]
pub struct Found {
    /// First token.
    pub s: usize,
    /// End token, exclusive.
    pub e: usize,
    /// TIMEX3 type.
    pub kind: TimexType,
    /// ISO-TimeML value.
    pub value: String,
    /// TIMEX3 mod.
    pub modifier: Option<String>,
    /// What the value was resolved against.
    pub anchor: Option<String>,
    /// The day it denotes, when known.
    pub day: Option<Date>,
}

/// A dateline (`WASHINGTON, March 3 (Reuters) -`), in token indices.
#[derive(Debug, Clone)]
pub struct Dateline {
    /// The place, upper-case words: (first, end exclusive).
    pub place: (usize, usize),
    /// The agency between parentheses.
    pub agency: Option<(usize, usize)>,
    /// The date expression and its day.
    pub date: Option<(Found, Option<Date>)>,
}

/// The core of an expression, before modifiers.
#[derive(Debug, Clone)]
struct Core {
    e: usize,
    kind: TimexType,
    value: String,
    /// A preceding article belongs to the extent.
    article: bool,
    /// The day it denotes, when known (narrative reference time).
    date: Option<Date>,
    /// Resolved against: false = nothing (absolute), true = the anchor used.
    anchored: Option<String>,
    modifier: Option<String>,
}

impl Core {
    fn new(e: usize, kind: TimexType, value: impl Into<String>) -> Core {
        Core {
            e,
            kind,
            value: value.into(),
            article: false,
            date: None,
            anchored: None,
            modifier: None,
        }
    }
    fn art(mut self) -> Core {
        self.article = true;
        self
    }
    fn on(mut self, a: Option<&Anchor>) -> Core {
        self.anchored = a.map(|a| a.label.clone());
        self
    }
    fn day(mut self, d: Option<Date>) -> Core {
        self.date = d;
        self
    }
}

/// Tense around an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
    Unknown,
}

/// The tense the token layer gives a word (UD `Tense`, `Mood`, `VerbForm`
/// of a verb or auxiliary).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TenseHint {
    /// `Tense=Past` or `Tense=Imp` (`said`, `a déclaré`'s participle).
    Past,
    /// `Tense=Fut` or `Mood=Cnd` (`partira`, `devrait`).
    Future,
    /// A finite present (`closes`, `part`).
    Present,
    /// A word that is no verb: its ending says nothing about tense.
    NotVerb,
}

impl TenseHint {
    /// The hint of a word from its UPOS and UD features.
    pub fn from_ud(upos: Option<&str>, feats: Option<&str>) -> Option<TenseHint> {
        let upos = upos?;
        if upos != "VERB" && upos != "AUX" {
            return Some(TenseHint::NotVerb);
        }
        let f = feats.unwrap_or("");
        let has = |kv: &str| f.split('|').any(|x| x == kv);
        if has("Tense=Fut") || has("Mood=Cnd") {
            Some(TenseHint::Future)
        } else if has("Tense=Past") || has("Tense=Imp") {
            Some(TenseHint::Past)
        } else if has("Tense=Pres") && has("VerbForm=Fin") {
            Some(TenseHint::Present)
        } else {
            None
        }
    }
}

/// The tagger over one text.
pub struct Tagger<'a> {
    lex: &'a Lexicon,
    t: &'a [Tok],
    anchor: Option<Anchor>,
    narrative: Option<Anchor>,
    /// The last calendar value found (`1989-Q3`), for `a year earlier`.
    last_value: Option<String>,
    /// Tense of each token from the token layer, when the text was
    /// segmented and tagged (empty otherwise: cue words decide).
    hints: Vec<Option<TenseHint>>,
}

fn is_roman_ordinal(k: &str, suffixes: &[String]) -> Option<u32> {
    let r = suffixes
        .iter()
        .find_map(|s| k.strip_suffix(s.as_str()))
        .unwrap_or(k);
    if r.is_empty() || !r.chars().all(|c| "ivxl".contains(c)) {
        return None;
    }
    let val = |c| match c {
        'i' => 1,
        'v' => 5,
        'x' => 10,
        'l' => 50,
        _ => 0,
    };
    let cs: Vec<u32> = r.chars().map(val).collect();
    let mut n = 0i64;
    for (j, &v) in cs.iter().enumerate() {
        if cs.get(j + 1).is_some_and(|&w| w > v) {
            n -= i64::from(v);
        } else {
            n += i64::from(v);
        }
    }
    u32::try_from(n).ok().filter(|&n| n > 0 && n < 40)
}

impl<'a> Tagger<'a> {
    /// A tagger over tokens with an optional anchor.
    pub fn new(lex: &'a Lexicon, t: &'a [Tok], anchor: Option<Anchor>) -> Tagger<'a> {
        Tagger {
            lex,
            t,
            anchor,
            narrative: None,
            last_value: None,
            hints: Vec::new(),
        }
    }

    /// Uses the token layer's tense, one entry per token of the tagger.
    pub fn with_hints(mut self, hints: Vec<Option<TenseHint>>) -> Tagger<'a> {
        self.hints = hints;
        self
    }

    fn key(&self, i: usize) -> &str {
        self.t.get(i).map_or("", |t| t.key.as_str())
    }

    fn is(&self, i: usize, k: &str) -> bool {
        self.key(i) == k
    }

    fn tight(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| !t.space_before)
    }

    fn cat<T>(&self, i: usize, f: impl Fn(&Cat) -> Option<T>) -> Option<(usize, T)> {
        self.lex.find(self.t, i, f)
    }

    fn has(&self, i: usize, f: impl Fn(&Cat) -> bool) -> bool {
        self.lex.has(self.t, i, f)
    }

    /// The end of a word or phrase of the data's `[role]` section named
    /// `role` starting at `i`.
    fn role(&self, i: usize, role: &str) -> Option<usize> {
        self.cat(i, |c| matches!(c, Cat::Role(r) if r == role).then_some(()))
            .map(|(e, ())| e)
    }

    /// True when a word of role `role` starts at `i`.
    fn is_role(&self, i: usize, role: &str) -> bool {
        self.role(i, role).is_some()
    }

    /// True when the token before `i` is a one-word phrase of role `role`.
    fn prev_role(&self, i: usize, role: &str) -> bool {
        i > 0 && self.role(i - 1, role) == Some(i)
    }

    /// A month or weekday name that the language writes in lowercase
    /// passes; where names are capitalized (`month_case = capitalized`),
    /// a lowercase one is another word (`may`, `march`).
    fn name_case_ok(&self, i: usize) -> bool {
        !self.lex.names_capitalized || self.t.get(i).is_some_and(|t| t.cap)
    }

    /// The dateline at the head of the text (`WASHINGTON, March 3 (Reuters)
    /// -`, `PARIS (AFP) -`): the place's tokens, the agency's, and the date
    /// expression with its day when there is one.
    pub fn dateline(&self) -> Option<Dateline> {
        // It starts one of the first three lines.
        let mut line = 0;
        for i in 0..self.t.len().min(200) {
            if i > 0 && self.t[i].nl_before {
                line += 1;
                if line > 2 {
                    return None;
                }
            }
            if (i == 0 || self.t[i].nl_before) && self.t[i].all_caps && self.t[i].key.len() >= 2 {
                if let Some(d) = self.dateline_at(i) {
                    return Some(d);
                }
            }
        }
        None
    }

    fn dateline_at(&self, i: usize) -> Option<Dateline> {
        let caps = |k: usize| {
            self.t.get(k).is_some_and(|t| {
                (t.all_caps && t.kind == Kind::Word) || t.key == "-" || t.key == "'"
            })
        };
        let mut k = i;
        while caps(k) && k < i + 6 && (k == i || !self.t[k].nl_before) {
            k += 1;
        }
        while k > i && !self.t[k - 1].all_caps {
            k -= 1;
        }
        let place = (i, k);
        let mut date = None;
        if self.is(k, ",") {
            let (f, d) = self.match_at(k + 1)?;
            if f.kind != TimexType::Date {
                return None;
            }
            k = f.e;
            date = Some((f, d));
        }
        let mut agency = None;
        if self.is(k, "(") {
            let close = (k + 1..(k + 6).min(self.t.len())).find(|&j| self.is(j, ")"))?;
            if close == k + 1 {
                return None;
            }
            agency = Some((k + 1, close));
            k = close + 1;
        }
        if !self.is_role(k, "dateline_dash") || (agency.is_none() && date.is_none()) {
            return None;
        }
        Some(Dateline {
            place,
            agency,
            date,
        })
    }

    /// Runs the tagger over the whole text. A dateline date becomes the
    /// reference time; deictics inside quoted speech are resolved against
    /// the time of speaking when the sentence dates it.
    pub fn run(mut self) -> Vec<Found> {
        if let Some((f, Some(d))) = self.dateline().and_then(|dl| dl.date) {
            if self.anchor.as_ref().is_none_or(|a| a.date() != Some(d)) {
                let _ = f;
                self.anchor = Some(Anchor::from_date(d, format!("dateline:{}", value::day(d))));
            }
        }
        let out = self.run_plain();
        self.speech_anchored(out)
    }

    /// Quoted spans, as token ranges inside the marks.
    fn quotes(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut open: Option<(usize, String)> = None;
        for (i, t) in self.t.iter().enumerate() {
            match &open {
                None => {
                    if let Some(close) = self.lex.quote_close(&t.key) {
                        open = Some((i, close.to_string()));
                    }
                }
                Some((s, close)) => {
                    if t.key == *close {
                        out.push((s + 1, i));
                        open = None;
                    } else if t.nl_before {
                        open = None;
                    }
                }
            }
        }
        out
    }

    /// Re-resolves the expressions inside quoted speech that were resolved
    /// against the publication date when the sentence, outside the quote,
    /// gives the day the words were spoken (`« Je pars demain », a-t-il
    /// déclaré lundi`).
    fn speech_anchored(&self, mut out: Vec<Found>) -> Vec<Found> {
        let stop = |t: &Tok| matches!(t.key.as_str(), "." | "!" | "?") || t.nl_before;
        for (qs, qe) in self.quotes() {
            // The sentence around the quote: up to the next sentence end
            // after it and back to the previous one before it.
            let mut ss = qs.saturating_sub(1);
            while ss > 0 && !stop(&self.t[ss - 1]) && !self.t[ss].nl_before {
                ss -= 1;
            }
            let mut se = qe + 1;
            while se < self.t.len() && !stop(&self.t[se]) {
                se += 1;
            }
            let spoken = out.iter().find(|f| {
                ((f.s >= ss && f.e < qs) || (f.s > qe && f.e <= se))
                    && f.day.is_some()
                    && f.kind == TimexType::Date
            });
            let Some(d) = spoken.and_then(|f| f.day) else {
                continue;
            };
            let speech = Tagger {
                lex: self.lex,
                t: self.t,
                anchor: Some(Anchor::from_date(d, format!("speech:{}", value::day(d)))),
                narrative: None,
                last_value: None,
                hints: self.hints.clone(),
            };
            for f in out.iter_mut() {
                let published = f
                    .anchor
                    .as_deref()
                    .is_some_and(|a| a.starts_with("published:") || a.starts_with("dateline:"));
                if f.s >= qs && f.e <= qe && published {
                    if let Some((g, _)) = speech.match_at(f.s).filter(|(g, _)| g.e == f.e) {
                        *f = g;
                    }
                }
            }
        }
        out
    }

    fn run_plain(&mut self) -> Vec<Found> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.t.len() {
            if self.worth(i) {
                if let Some((f, d)) = self.match_at(i) {
                    if let Some(d) = d {
                        self.narrative =
                            Some(Anchor::from_date(d, format!("timex:{}", value::day(d))));
                    }
                    i = f.e.max(i + 1);
                    if f.kind != TimexType::Duration
                        && f.kind != TimexType::Set
                        && f.value.as_bytes().first().is_some_and(u8::is_ascii_digit)
                    {
                        self.last_value = Some(f.value.clone());
                    }
                    out.push(f);
                    continue;
                }
            }
            i += 1;
        }
        out
    }

    fn worth(&self, i: usize) -> bool {
        let t = &self.t[i];
        // Weak words (`un`, `ce`, `dans`, articles) only start an
        // expression with a number or a strong time word close after them.
        let strong_follows = || {
            self.t[i + 1..]
                .iter()
                .take(3)
                .any(|n| n.kind == Kind::Num || self.lex.strong(n) || n.key == "'")
        };
        t.kind == Kind::Num
            || self.lex.strong(t)
            || ((self.lex.starter(t) || self.lex.article(t)) && strong_follows())
            || (t.key == "'" && self.t.get(i + 1).is_some_and(|n| n.kind == Kind::Num))
            || (t.key.len() <= 8
                && t.key.starts_with(['i', 'v', 'x', 'l'])
                && is_roman_ordinal(&t.key, &self.lex.roman_suffixes).is_some())
    }

    fn match_at(&self, i: usize) -> Option<(Found, Option<Date>)> {
        // A modifier outside the extent (`jusqu'au`).
        let (j, outside) = match self.cat(i, |c| match c {
            Cat::ModOutside(m) => Some(m.clone()),
            _ => None,
        }) {
            Some((e, m)) => (e, Some(m)),
            None => (i, None),
        };
        let mut starts: Vec<(usize, usize, Option<String>)> = vec![(j, j, outside.clone())];
        if let Some((e, m)) = self.cat(j, |c| match c {
            Cat::ModBefore(m) => Some(m.clone()),
            _ => None,
        }) {
            let mut k = e;
            if self.is(k, "-") {
                k += 1;
            }
            starts.push((j, k, Some(m.clone())));
            if let Some((e2, ())) = self.cat(k, |c| matches!(c, Cat::Of).then_some(())) {
                starts.push((j, e2, Some(m.clone())));
            }
        }
        let mut best: Option<(usize, Core)> = None;
        for (s, cs, m) in starts {
            let after_mod = s != cs;
            let mut try_core = |from: usize, at: usize, need_article: bool| {
                if let Some(mut c) = self.core(at, after_mod) {
                    if need_article && !c.article {
                        return;
                    }
                    if c.modifier.is_none() {
                        c.modifier = m.clone();
                    }
                    if best.as_ref().is_none_or(|(_, b)| c.e > b.e) {
                        best = Some((from, c));
                    }
                }
            };
            try_core(s, cs, false);
            if let Some((e, ())) = self.cat(cs, |c| matches!(c, Cat::Article).then_some(())) {
                try_core(if after_mod { s } else { cs }, e, true);
            }
            if after_mod {
                // `la fin de l'année`: the article before the mod.
            }
        }
        // Article before a modifier (`la fin de l'année`, `the end of`).
        if best.is_none() {
            if let Some((e, ())) = self.cat(i, |c| matches!(c, Cat::Article).then_some(())) {
                if let Some((f, d)) = self.match_mod_only(e) {
                    return Some((Found { s: i, ..f }, d));
                }
            }
        }
        let (s, c) = best?;
        let mut modifier = c.modifier.clone();
        if modifier.is_none() {
            modifier = outside;
        }
        Some((
            Found {
                s,
                e: c.e,
                kind: c.kind,
                value: c.value,
                modifier,
                anchor: c.anchored,
                day: c.date,
            },
            c.date,
        ))
    }

    fn match_mod_only(&self, j: usize) -> Option<(Found, Option<Date>)> {
        let (e, m) = self.cat(j, |c| match c {
            Cat::ModBefore(m) => Some(m.clone()),
            _ => None,
        })?;
        let mut k = e;
        if let Some((e2, ())) = self.cat(k, |c| matches!(c, Cat::Of).then_some(())) {
            k = e2;
        }
        let c = self.core(k, true).or_else(|| {
            let (e, ()) = self.cat(k, |c| matches!(c, Cat::Article).then_some(()))?;
            self.core(e, true)
        })?;
        Some((
            Found {
                s: j,
                e: c.e,
                kind: c.kind,
                value: c.value,
                modifier: c.modifier.or(Some(m)),
                anchor: c.anchored,
                day: c.date,
            },
            c.date,
        ))
    }

    /// The longest core expression at `i`.
    fn core(&self, i: usize, after_mod: bool) -> Option<Core> {
        if i >= self.t.len() {
            return None;
        }
        let mut best: Option<Core> = None;
        let mut consider = |c: Option<Core>| {
            if let Some(c) = c {
                if best.as_ref().is_none_or(|b| c.e > b.e) {
                    best = Some(c);
                }
            }
        };
        consider(self.deictic(i));
        consider(self.date_dm(i));
        consider(self.date_md(i));
        consider(self.month_year(i));
        consider(self.month_rel(i));
        consider(self.weekday(i));
        consider(self.numeric_date(i));
        consider(self.year_alone(i, after_mod));
        consider(self.decade(i));
        consider(self.century(i));
        consider(self.season(i));
        consider(self.quarter(i));
        consider(self.relative(i));
        consider(self.duration(i));
        consider(self.set(i));
        consider(self.clock_expr(i));
        consider(self.range_first_day(i));
        consider(self.pod_alone(i));
        consider(self.night_span(i));
        consider(self.holiday(i));
        if after_mod {
            consider(self.bare_unit(i));
            consider(self.bare_pod(i));
        }
        let mut c = best?;
        // A date followed by a clock time or a part of the day.
        if let Some(d) = c.date {
            if c.kind == TimexType::Date && c.value.len() == 10 {
                if let Some(t) = self.time_after(c.e) {
                    c.e = t.0;
                    c.kind = TimexType::Time;
                    c.value = Self::zoned(
                        format!("{}T{}", value::day(d), t.1),
                        t.2.as_deref(),
                        Some(d),
                    );
                } else if let Some((e2, p, m)) = self.mod_pod_after(c.e) {
                    c.e = e2;
                    c.kind = TimexType::Time;
                    c.value = format!("{}T{p}", value::day(d));
                    c.modifier = Some(m);
                }
            }
        }
        Some(c)
    }

    /// A part of the day after a modifier (`fin d'après-midi`): a part of
    /// the narrative day.
    fn bare_pod(&self, i: usize) -> Option<Core> {
        let (e, p) = self.cat(i, |c| match c {
            Cat::PartOfDay(Pod::Part(p)) => Some(p.clone()),
            _ => None,
        })?;
        let a = self.narrative.as_ref().or(self.anchor.as_ref());
        let d = a.and_then(|a| a.date());
        let v = match d {
            Some(d) => format!("{}T{p}", value::day(d)),
            None => format!("XXXX-XX-XXT{p}"),
        };
        Some(Core::new(e, TimexType::Time, v).day(d).on(a).art())
    }

    /// `en début d'après-midi` after a date: (end, part, modifier).
    fn mod_pod_after(&self, e: usize) -> Option<(usize, String, String)> {
        let (mut k, m) = self.cat(e, |c| match c {
            Cat::ModBefore(m) => Some(m.clone()),
            _ => None,
        })?;
        if let Some((k2, ())) = self.cat(k, |c| matches!(c, Cat::Of).then_some(())) {
            k = k2;
        }
        let (e2, p) = self.cat(k, |c| match c {
            Cat::PartOfDay(Pod::Part(p)) => Some(p.clone()),
            _ => None,
        })?;
        Some((e2, p, m))
    }

    /// `à 15 h`, `soir`, `at 4 p.m.` right after a date, with its zone.
    fn time_after(&self, e: usize) -> Option<(usize, String, Option<String>)> {
        if let Some((e2, p)) = self.cat(e, |c| match c {
            Cat::PartOfDay(Pod::Part(p)) => Some(p.clone()),
            _ => None,
        }) {
            return Some((e2, p, None));
        }
        if !self.lex.merge_clock_date {
            return None;
        }
        let mut k = e;
        if self.is(k, ",") || self.is_role(k, "clock_at") {
            k += 1;
        }
        let (e2, h, m, z) = self.clock_zoned(k)?;
        Some((e2, format!("{h:02}:{m:02}"), z))
    }

    // ----- tense -----

    fn tense(&self, s: usize, e: usize) -> Tense {
        let stop = |t: &Tok| matches!(t.key.as_str(), "." | "!" | "?" | ";") || t.nl_before;
        let mut l = s;
        let mut r = e;
        for _ in 0..6 {
            if r < self.t.len() && !stop(&self.t[r]) {
                if let Some(x) = self.cue(r) {
                    return x;
                }
                r += 1;
            }
            if l > 0 && !stop(&self.t[l - 1]) && !self.t[l].nl_before {
                l -= 1;
                if let Some(x) = self.cue(l) {
                    return x;
                }
            }
        }
        Tense::Unknown
    }

    fn cue(&self, i: usize) -> Option<Tense> {
        // Cue words of the data first (`prévu`, `devrait`, `will` say more
        // than the morphology), then the token layer's tense, then endings.
        // Keys are accent-folded: the preposition `à` is not the auxiliary `a`.
        let hint = |k: usize| self.hints.get(k).copied().flatten();
        if !(self.t[i].folded && self.t[i].key.len() <= 2) {
            for (_, c) in self.lex.at(self.t, i) {
                match c {
                    Cat::FutureCue => return Some(Tense::Future),
                    Cat::PastCue => return Some(Tense::Past),
                    _ => {}
                }
            }
        } else if hint(i).is_none() {
            return None;
        }
        match hint(i) {
            Some(TenseHint::Past) => return Some(Tense::Past),
            Some(TenseHint::Future) => return Some(Tense::Future),
            // A present (`closes`, the auxiliary of `a déclaré`) does not
            // end the search: a cue or a participle near it decides
            // (stopping there lost one value on TE3 train).
            Some(TenseHint::Present) => return None,
            Some(TenseHint::NotVerb) | None => {}
        }
        let k = &self.t[i].key;
        // Endings guess the tense of verbs only (`caméra` is no future).
        if self.t[i].kind != Kind::Word || k.len() < 4 || hint(i) == Some(TenseHint::NotVerb) {
            return None;
        }
        if self
            .lex
            .future_suffix
            .iter()
            .any(|s| k.ends_with(s.as_str()))
        {
            return Some(Tense::Future);
        }
        if self.lex.past_suffix.iter().any(|s| k.ends_with(s.as_str())) {
            return Some(Tense::Past);
        }
        None
    }

    // ----- building blocks -----

    /// A cardinal number (digits or words): (end, value).
    fn number(&self, i: usize) -> Option<(usize, f64)> {
        let t = self.t.get(i)?;
        if t.kind == Kind::Num {
            let n = t.num()? as f64;
            if (self.is(i + 1, ",") || self.is(i + 1, "."))
                && self.tight(i + 1)
                && self.tight(i + 2)
                && self
                    .t
                    .get(i + 2)
                    .is_some_and(|x| x.kind == Kind::Num && x.key.len() <= 2)
            {
                let frac: f64 = format!("0.{}", self.key(i + 2)).parse().unwrap_or(0.0);
                return Some((i + 3, n + frac));
            }
            return Some((i + 1, n));
        }
        let (e, v) = self.cat(i, |c| match c {
            Cat::Number(v) => Some(*v),
            _ => None,
        })?;
        // twenty-five, vingt et un
        if (20.0..100.0).contains(&v) && v % 10.0 == 0.0 {
            let k = if self.is_role(e, "number_join") {
                e + 1
            } else {
                e
            };
            {
                if let Some((e2, u)) = self.cat(k, |c| match c {
                    Cat::Number(u) if *u < 10.0 => Some(*u),
                    _ => None,
                }) {
                    return Some((e2, v + u));
                }
            }
        }
        Some((e, v))
    }

    /// A day of the month: `3`, `1er`, `1st`, `25th`, `premier`.
    fn daynum(&self, i: usize) -> Option<(usize, u8)> {
        if let Some((e, o)) = self.cat(i, |c| match c {
            Cat::Ordinal(o) => Some(*o),
            _ => None,
        }) {
            if self.t[i].kind == Kind::Num || o == 1 {
                return Some((e, o as u8));
            }
        }
        let t = self.t.get(i)?;
        if t.kind != Kind::Num || t.key.len() > 2 {
            return None;
        }
        let d = t.num()?;
        if !(1..=31).contains(&d) {
            return None;
        }
        let mut e = i + 1;
        if self.tight(e) && self.is_role(e, "ordinal_suffix") {
            e += 1;
        }
        Some((e, d as u8))
    }

    /// A month name: (end, month). `bare` is true when no day or year is
    /// attached, which asks for stronger evidence.
    fn month(&self, i: usize) -> Option<(usize, u8)> {
        self.cat(i, |c| match c {
            Cat::Month(m) => Some(*m),
            _ => None,
        })
    }

    fn month_ok_bare(&self, i: usize) -> bool {
        let t = &self.t[i];
        if self.lex.names_capitalized {
            if !t.cap || t.all_caps && t.key.len() > 2 {
                return false;
            }
            // `May`, `March` are also other words: a lead word decides.
            if self.is_role(i, "ambiguous_month") {
                return self.prev_role(i, "month_lead");
            }
            true
        } else {
            // Month names are lowercase; a capital inside a sentence is a
            // name (`Mai`, the planet `Mars`).
            if t.cap {
                let sent_start = i == 0
                    || matches!(self.key(i - 1), "." | "!" | "?" | "\"" | "«")
                    || t.nl_before;
                // `Mai Lan`: a capitalized word after it makes a name.
                let name_follows = self
                    .t
                    .get(i + 1)
                    .is_some_and(|n| n.cap && n.kind == Kind::Word);
                if !sent_start || name_follows {
                    return false;
                }
            }
            true
        }
    }

    /// A year: 4 digits 1000–2199 or `'98`.
    fn year(&self, i: usize) -> Option<(usize, i32)> {
        let t = self.t.get(i)?;
        if t.kind == Kind::Num && t.key.len() == 4 {
            let y = t.num()? as i32;
            if (1000..=2199).contains(&y)
                && !(self.tight(i + 1) && self.t.get(i + 1).is_some_and(|n| n.kind == Kind::Num))
            {
                return Some((i + 1, y));
            }
        }
        if t.key == "'" {
            let n = self.t.get(i + 1)?;
            if n.kind == Kind::Num && n.key.len() == 2 && n.space_before.eq(&false) {
                let v = n.num()? as i32;
                return Some((i + 2, if v < 30 { 2000 + v } else { 1900 + v }));
            }
        }
        None
    }

    /// A two-digit year after a month (`octobre 98`), where day-month-year
    /// order makes it unambiguous.
    fn short_year(&self, k: usize) -> Option<(usize, i32)> {
        if !self.lex.dmy {
            return None;
        }
        let t = self
            .t
            .get(k)
            .filter(|t| t.kind == Kind::Num && t.key.len() == 2 && t.space_before)?;
        if self
            .t
            .get(k + 1)
            .is_some_and(|n| !n.space_before && (n.kind == Kind::Num || n.key == ":"))
        {
            return None;
        }
        if self.t.get(k + 1).is_some_and(|n| !n.space_before)
            && self.has(k + 1, |c| matches!(c, Cat::Clock(_)))
        {
            return None;
        }
        if self.has(k + 1, |c| {
            matches!(c, Cat::Clock(_) | Cat::Unit(_) | Cat::NoiseAfter)
        }) {
            return None;
        }
        let v = t.num()? as i32;
        Some((k + 1, if v < 30 { 2000 + v } else { 1900 + v }))
    }

    fn last_next(&self, i: usize) -> Option<(usize, i8)> {
        self.cat(i, |c| match c {
            Cat::Last => Some(-1),
            Cat::Next => Some(1),
            Cat::This => Some(0),
            _ => None,
        })
    }

    /// A year relative to the anchor after a month or a date: `last year`,
    /// `of next year`, `de l'année dernière`, `l'an prochain`, `cette
    /// année`: (end, years from the anchor).
    fn rel_year(&self, k: usize) -> Option<(usize, i32)> {
        let mut k = k;
        if self.is(k, ",") {
            k += 1;
        }
        if let Some((e, ())) = self.cat(k, |c| matches!(c, Cat::Of).then_some(())) {
            k = e;
        }
        if let Some((e, ())) = self.cat(k, |c| matches!(c, Cat::Article).then_some(())) {
            k = e;
        }
        let year = |i: usize| {
            self.unit(i)
                .filter(|(_, u)| u.base == Base::Y && u.mult == 1)
        };
        // `last year`, `cette année`
        if let Some((e, r)) = self.last_next(k) {
            if let Some((e2, _)) = year(e) {
                return Some((e2, i32::from(r)));
            }
        }
        // `l'année dernière`, `l'an prochain`
        let (e, _) = year(k)?;
        let (e2, r) = self.last_next(e).filter(|(_, r)| *r != 0)?;
        Some((e2, i32::from(r)))
    }

    fn unit(&self, i: usize) -> Option<(usize, Unit)> {
        self.cat(i, |c| match c {
            Cat::Unit(u) => Some(*u),
            _ => None,
        })
    }

    fn anchor_year(&self) -> Option<i32> {
        self.anchor.as_ref().map(|a| a.y)
    }

    // ----- resolution -----

    fn resolve_md(
        &self,
        m: u8,
        d: u8,
        rel: i8,
        s: usize,
        e: usize,
    ) -> (String, Option<Date>, bool) {
        self.resolve_md_wd(m, d, rel, None, s, e)
    }

    /// A day and month without a year: the year that puts it nearest the
    /// anchor (a weekday given with it decides when it can), moved by an
    /// explicit `dernier`/`prochain`. With a month-precision anchor only
    /// months are compared: no day is invented.
    fn resolve_md_wd(
        &self,
        m: u8,
        d: u8,
        rel: i8,
        wd: Option<u8>,
        s: usize,
        e: usize,
    ) -> (String, Option<Date>, bool) {
        let Some(a) = &self.anchor else {
            return (format!("XXXX-{m:02}-{d:02}"), None, false);
        };
        let mut y = a.y;
        if let Some(wd) = wd {
            for cand in [a.y, a.y + 1, a.y - 1] {
                if value::date(cand, m, d).is_some_and(|x| value::weekday(x) == wd) {
                    let dt = value::date(cand, m, d);
                    return (dt.map_or(String::new(), value::day), dt, true);
                }
            }
        }
        if let Some(am) = a.m {
            let ad = a.d.unwrap_or(15);
            let key = |y: i32| i64::from(y) * 372 + i64::from(m) * 31 + i64::from(d);
            let anchor_key = i64::from(a.y) * 372 + i64::from(am) * 31 + i64::from(ad);
            match rel {
                -1 => {
                    let later = match a.d {
                        Some(ad) => (m, d) >= (am, ad),
                        None => m > am,
                    };
                    if later {
                        y -= 1;
                    }
                }
                1 => {
                    let earlier = match a.d {
                        Some(ad) => (m, d) <= (am, ad),
                        None => m < am,
                    };
                    if earlier {
                        y += 1;
                    }
                }
                _ => {
                    // News reports the past more than it announces: a day
                    // ahead of the anchor counts twice its distance (tuned
                    // on TE3 train).
                    let fw = 2;
                    y = [a.y - 1, a.y, a.y + 1]
                        .into_iter()
                        .min_by_key(|&c| {
                            let d = key(c) - anchor_key;
                            if d > 0 {
                                d * fw
                            } else {
                                -d
                            }
                        })
                        .unwrap_or(a.y);
                    if a.d.is_none() {
                        y = a.y;
                    }
                    let _ = (s, e);
                }
            }
        }
        match value::date(y, m, d) {
            Some(dt) => (value::day(dt), Some(dt), true),
            None => (format!("{}-{m:02}-{d:02}", value::year(y)), None, true),
        }
    }

    fn resolve_month(&self, m: u8, rel: i8, s: usize, e: usize) -> (String, bool) {
        let Some(a) = &self.anchor else {
            return (format!("XXXX-{m:02}"), false);
        };
        let mut y = a.y;
        if let Some(am) = a.m {
            match rel {
                -1 => {
                    if m >= am {
                        y -= 1
                    }
                }
                1 => {
                    if m <= am {
                        y += 1
                    }
                }
                _ => match self.tense(s, e) {
                    Tense::Past if m > am => y -= 1,
                    Tense::Future if m < am => y += 1,
                    // Without a tense: the nearest such month, a later one
                    // counting three times its distance (news reports the
                    // past; tuned on TE3 train).
                    Tense::Unknown => {
                        let fw = 3;
                        let key = |y: i32| y * 12 + i32::from(m);
                        let ak = a.y * 12 + i32::from(am);
                        y = [a.y - 1, a.y, a.y + 1]
                            .into_iter()
                            .min_by_key(|&c| {
                                let d = key(c) - ak;
                                if d > 0 {
                                    d * fw
                                } else {
                                    -d
                                }
                            })
                            .unwrap_or(a.y);
                    }
                    _ => {}
                },
            }
        }
        (value::month(y, m), true)
    }

    fn resolve_weekday(&self, wd: u8, rel: i8, s: usize, e: usize) -> (String, Option<Date>) {
        let Some(ad) = self.anchor.as_ref().and_then(|a| a.date()) else {
            return (format!("XXXX-WXX-{wd}"), None);
        };
        let awd = value::weekday(ad) as i64;
        let dir = match rel {
            -1 => Tense::Past,
            1 => Tense::Future,
            _ if !self.lex.weekday_tense => {
                let ahead = (wd as i64 - awd).rem_euclid(7);
                // A weekday up to `weekday_ahead_days` after the anchor
                // is the coming one, unless the sentence is in the past.
                if (1..=self.lex.weekday_ahead_days).contains(&ahead)
                    && self.tense(s, e) != Tense::Past
                {
                    Tense::Future
                } else {
                    Tense::Past
                }
            }
            _ => match self.tense(s, e) {
                Tense::Future => Tense::Future,
                Tense::Unknown
                    if self.lex.weekday_nearest && (wd as i64 - awd).rem_euclid(7) <= 3 =>
                {
                    Tense::Future
                }
                _ => Tense::Past,
            },
        };
        let delta = if dir == Tense::Future {
            let mut k = (wd as i64 - awd).rem_euclid(7);
            if k == 0 && rel == 1 {
                k = 7;
            }
            k
        } else {
            let mut k = (awd - wd as i64).rem_euclid(7);
            if k == 0 && rel == -1 {
                k = 7;
            }
            -k
        };
        match value::add_days(ad, delta) {
            Some(d) => (value::day(d), Some(d)),
            None => (format!("XXXX-WXX-{wd}"), None),
        }
    }

    /// Shift the anchor (or the narrative reference) by `n` units, at the
    /// unit's granularity.
    fn shift(&self, a: Option<&Anchor>, base: Base, n: i64) -> (String, Option<Date>) {
        let Some(a) = a else {
            return (
                match base {
                    Base::Y | Base::De | Base::Ce => "XXXX".into(),
                    Base::M | Base::Q | Base::Half => "XXXX-XX".into(),
                    Base::W | Base::We => "XXXX-WXX".into(),
                    _ => "XXXX-XX-XX".into(),
                },
                None,
            );
        };
        match base {
            Base::Y => (value::year(a.y + n as i32), None),
            Base::De => (value::year(a.y + 10 * n as i32)[..3].to_string(), None),
            Base::Ce => (format!("{}", (a.y + 100 * n as i32) / 100), None),
            Base::M => match a.m {
                Some(m) => {
                    let (y, m) = value::add_months(a.y, m, n);
                    (value::month(y, m), None)
                }
                None => ("XXXX-XX".into(), None),
            },
            Base::Q => match a.m {
                Some(m) => {
                    let (y, m) = value::add_months(a.y, m, 3 * n);
                    (
                        format!("{}-Q{}", value::year(y), value::quarter_of(m)),
                        None,
                    )
                }
                None => ("XXXX-XX".into(), None),
            },
            Base::Half => match a.m {
                Some(m) => {
                    let (y, m) = value::add_months(a.y, m, 6 * n);
                    (
                        format!("{}-H{}", value::year(y), if m <= 6 { 1 } else { 2 }),
                        None,
                    )
                }
                None => ("XXXX-XX".into(), None),
            },
            Base::W | Base::We => match a.date().and_then(|d| value::add_days(d, 7 * n)) {
                Some(d) => (
                    format!(
                        "{}{}",
                        value::week(d),
                        if base == Base::We { "-WE" } else { "" }
                    ),
                    None,
                ),
                None => ("XXXX-WXX".into(), None),
            },
            Base::D => match a.date().and_then(|d| value::add_days(d, n)) {
                Some(d) => (value::day(d), Some(d)),
                None => ("XXXX-XX-XX".into(), None),
            },
            Base::H | Base::Min | Base::S => (
                if n < 0 {
                    "PAST_REF".into()
                } else if n > 0 {
                    "FUTURE_REF".into()
                } else {
                    "PRESENT_REF".into()
                },
                None,
            ),
        }
    }

    // ----- rules -----

    fn deictic(&self, i: usize) -> Option<Core> {
        let (e, d): (usize, Deictic) = self.cat(i, |c| match c {
            Cat::Deictic(d) => Some(d.clone()),
            _ => None,
        })?;
        if self.has(e, |c| matches!(c, Cat::AnaphoricAfter)) {
            return None;
        }
        let kind = if d.time {
            TimexType::Time
        } else {
            TimexType::Date
        };
        let n = i64::from(d.n);
        let (a, base) = match &d.what {
            DWhat::Literal(v) => return Some(Core::new(e, kind, v.clone())),
            DWhat::Day => (self.anchor.as_ref(), Base::D),
            DWhat::Ref => (self.narrative.as_ref().or(self.anchor.as_ref()), Base::D),
            DWhat::Week => (self.anchor.as_ref(), Base::W),
            DWhat::Weekend => (self.anchor.as_ref(), Base::We),
            DWhat::Month => (self.anchor.as_ref(), Base::M),
            DWhat::Year => (self.anchor.as_ref(), Base::Y),
            DWhat::Quarter => (self.anchor.as_ref(), Base::Q),
        };
        let (mut v, date) = self.shift(a, base, n);
        if let Some(p) = &d.pod {
            v = format!("{v}T{p}");
        }
        Some(Core::new(e, kind, v).on(a).day(date).art())
    }

    /// `[lundi] [le] 3 [de] mai [2023] [dernier]`, `25th May`.
    fn date_dm(&self, i: usize) -> Option<Core> {
        let mut k = i;
        let mut wd: Option<u8> = None;
        if let Some((e, w)) = self.cat(k, |c| match c {
            Cat::Weekday(w) => Some(*w),
            _ => None,
        }) {
            k = e;
            if self.is(k, ",") {
                k += 1;
            }
            if let Some((e, ())) = self.cat(k, |c| matches!(c, Cat::Article).then_some(())) {
                k = e;
            }
            wd = Some(w);
        }
        let (mut k, d) = self.daynum(k)?;
        if let Some(e) = self.role(k, "day_of") {
            k = e;
        }
        let (mut k, m) = self.month(k)?;
        let mut y = None;
        let save = k;
        if self.is(k, ",") {
            k += 1;
        }
        if let Some((e, yy)) = self.year(k).or_else(|| self.short_year(k)) {
            y = Some(yy);
            k = e;
        } else {
            k = save;
        }
        let mut rel = 0;
        let mut ry = false;
        if y.is_none() {
            if let Some((e, dy)) = self.rel_year(k) {
                y = self.anchor_year().map(|a| a + dy);
                ry = y.is_some();
                k = e;
            }
        }
        if y.is_none() {
            if let Some((e, r)) = self.last_next(k) {
                if r != 0 {
                    rel = r;
                    k = e;
                }
            }
        }
        let (v, date, anch) = match y {
            Some(y) => match value::date(y, m, d) {
                Some(dt) => (value::day(dt), Some(dt), false),
                None => (format!("{}-{m:02}-{d:02}", value::year(y)), None, false),
            },
            None => self.resolve_md_wd(m, d, rel, wd, i, k),
        };
        let mut c = Core::new(k, TimexType::Date, v).day(date).art();
        if anch || ry {
            c = c.on(self.anchor.as_ref());
        }
        Some(c)
    }

    /// `[Monday,] May 25[, 2023]`.
    fn date_md(&self, i: usize) -> Option<Core> {
        let mut k = i;
        let mut wd = None;
        if let Some((e, w)) = self.cat(k, |c| match c {
            Cat::Weekday(w) => Some(*w),
            _ => None,
        }) {
            k = e;
            wd = Some(w);
            if self.is(k, ",") {
                k += 1;
            }
        }
        let (k0, m) = self.month(k)?;
        if !self.name_case_ok(k) {
            return None;
        }
        let (mut k, d) = self.daynum(k0)?;
        // `May 5 h` or `March 2,000` are not dates.
        if self.is(k, ":")
            || (self.is(k, ",")
                && self.tight(k)
                && self
                    .t
                    .get(k + 1)
                    .is_some_and(|t| t.kind == Kind::Num && t.key.len() == 3))
        {
            return None;
        }
        let save = k;
        if self.is(k, ",") {
            k += 1;
        }
        let (v, date, anch) = match self.year(k) {
            Some((e, y)) => {
                k = e;
                match value::date(y, m, d) {
                    Some(dt) => (value::day(dt), Some(dt), false),
                    None => (format!("{}-{m:02}-{d:02}", value::year(y)), None, false),
                }
            }
            None => match self.rel_year(save).zip(self.anchor_year()) {
                Some(((e, dy), ay)) => {
                    k = e;
                    match value::date(ay + dy, m, d) {
                        Some(dt) => (value::day(dt), Some(dt), true),
                        None => (
                            format!("{}-{m:02}-{d:02}", value::year(ay + dy)),
                            None,
                            true,
                        ),
                    }
                }
                None => {
                    k = save;
                    self.resolve_md_wd(m, d, 0, wd, i, k)
                }
            },
        };
        let mut c = Core::new(k, TimexType::Date, v).day(date);
        if anch {
            c = c.on(self.anchor.as_ref());
        }
        Some(c)
    }

    /// `mars 2023`, `March of 1999`, `mai de l'année 1999`.
    fn month_year(&self, i: usize) -> Option<Core> {
        let (mut k, m) = self.month(i)?;
        if !self.name_case_ok(i) {
            return None;
        }
        if self.is(k, ",") {
            k += 1;
        } else if let Some(e) = self.role(k, "month_of") {
            k = e;
        }
        let (e, y) = self.year(k).or_else(|| {
            // `octobre 98`
            let t = self
                .t
                .get(k)
                .filter(|t| t.kind == Kind::Num && t.key.len() == 2 && self.lex.dmy)?;
            let v = t.num()? as i32;
            Some((k + 1, if v < 30 { 2000 + v } else { 1900 + v }))
        })?;
        Some(Core::new(e, TimexType::Date, value::month(y, m)))
    }

    /// `mars dernier`, `last March`, `en mars`, `le mois de juin`.
    fn month_rel(&self, i: usize) -> Option<Core> {
        if let Some((e, u)) = self.unit(i) {
            if u.base == Base::M && u.mult == 1 {
                let (e2, ()) = self.cat(e, |c| matches!(c, Cat::Of).then_some(()))?;
                let mut c = self.month_rel(e2)?;
                c.article = true;
                return Some(c);
            }
        }
        if let Some((e, r)) = self.last_next(i) {
            if let Some((e2, m)) = self.month(e) {
                // `last Oct. 23`: the date after it is the expression.
                if !self.name_case_ok(e) || self.daynum(e2).is_some() {
                    return None;
                }
                let (v, a) = if r == 0 {
                    (
                        self.anchor_year()
                            .map_or(format!("XXXX-{m:02}"), |y| value::month(y, m)),
                        true,
                    )
                } else {
                    self.resolve_month(m, r, i, e2)
                };
                let c = Core::new(e2, TimexType::Date, v);
                return Some(if a { c.on(self.anchor.as_ref()) } else { c });
            }
            return None;
        }
        let (e, m) = self.month(i)?;
        // `juin de l'année dernière`, `June last year`
        if let Some((e2, dy)) = self.rel_year(e) {
            if self.name_case_ok(i) {
                let v = self
                    .anchor_year()
                    .map_or(format!("XXXX-{m:02}"), |y| value::month(y + dy, m));
                return Some(
                    Core::new(e2, TimexType::Date, v)
                        .on(self.anchor.as_ref())
                        .art(),
                );
            }
        }
        if let Some((e2, r)) = self.last_next(e) {
            if r != 0 {
                let (v, a) = self.resolve_month(m, r, i, e2);
                let c = Core::new(e2, TimexType::Date, v).art();
                return Some(if a { c.on(self.anchor.as_ref()) } else { c });
            }
        }
        if !self.month_ok_bare(i) {
            return None;
        }
        // A lone month name followed by a number is something else
        // (`mai 68` is handled as a year elsewhere).
        if self
            .t
            .get(e)
            .is_some_and(|t| t.kind == Kind::Num && t.key.len() <= 2)
            && self.t[e].space_before
        {
            return None;
        }
        let (v, a) = self.resolve_month(m, 0, i, e);
        let c = Core::new(e, TimexType::Date, v);
        Some(if a { c.on(self.anchor.as_ref()) } else { c })
    }

    /// `dimanche`, `lundi dernier`, `last Friday`.
    fn weekday(&self, i: usize) -> Option<Core> {
        let wdf = |c: &Cat| match c {
            Cat::Weekday(w) => Some(*w),
            _ => None,
        };
        let (s, e, wd, rel) = if let Some((e, r)) = self.last_next(i) {
            let (e2, wd) = self.cat(e, wdf)?;
            (i, e2, wd, r)
        } else {
            let (e, wd) = self.cat(i, wdf)?;
            match self.last_next(e) {
                Some((e2, r)) if r != 0 => (i, e2, wd, r),
                _ => (i, e, wd, 0),
            }
        };
        let t = &self.t[if rel != 0 && s == i && self.cat(i, wdf).is_none() {
            i + 1
        } else {
            i
        }];
        if self.lex.names_capitalized && !t.cap {
            return None;
        }
        let (v, d) = self.resolve_weekday(wd, rel, s, e);
        Some(
            Core::new(e, TimexType::Date, v)
                .day(d)
                .on(self.anchor.as_ref())
                .art(),
        )
    }

    /// `26/01/2000`, `2023-05-28`, `26.01.2000`.
    fn numeric_date(&self, i: usize) -> Option<Core> {
        let t = self.t.get(i)?;
        if t.kind != Kind::Num {
            return None;
        }
        let sep = self.key(i + 1);
        if !matches!(sep, "/" | "-" | ".") || !self.tight(i + 1) || !self.tight(i + 2) {
            return None;
        }
        let b = self.t.get(i + 2).filter(|x| x.kind == Kind::Num)?;
        if self.key(i + 3) != sep || !self.tight(i + 3) || !self.tight(i + 4) {
            return None;
        }
        let c = self.t.get(i + 4).filter(|x| x.kind == Kind::Num)?;
        if self.tight(i + 5)
            && self
                .t
                .get(i + 5)
                .is_some_and(|x| x.kind == Kind::Num || x.key == "/")
        {
            return None;
        }
        let (y, m, d) = if t.key.len() == 4 {
            (t.num()? as i32, b.num()?, c.num()?)
        } else {
            let y = match c.key.len() {
                4 => c.num()? as i32,
                2 if sep == "/" => {
                    let v = c.num()? as i32;
                    if v < 30 {
                        2000 + v
                    } else {
                        1900 + v
                    }
                }
                _ => return None,
            };
            if self.lex.dmy {
                (y, b.num()?, t.num()?)
            } else {
                (y, t.num()?, b.num()?)
            }
        };
        let dt = value::date(y, u8::try_from(m).ok()?, u8::try_from(d).ok()?)?;
        Some(Core::new(i + 5, TimexType::Date, value::day(dt)).day(Some(dt)))
    }

    fn noise_around(&self, s: usize, e: usize) -> bool {
        if s > 0 {
            // `n° 1999`, `$1999`, `12 000`.
            for back in 1..=2 {
                if s >= back
                    && self
                        .lex
                        .at(self.t, s - back)
                        .any(|(n, c)| matches!(c, Cat::NoiseBefore) && s - back + n == s)
                {
                    return true;
                }
            }
            let p = &self.t[s - 1];
            if p.kind == Kind::Num && self.t[s].space_before && p.key.len() <= 3 {
                return true;
            }
            if matches!(p.key.as_str(), "$" | "€" | "£" | "#" | "," | ".")
                && !self.t[s].space_before
            {
                return true;
            }
        }
        if let Some(n) = self.t.get(e) {
            if self.has(e, |c| matches!(c, Cat::NoiseAfter)) {
                return true;
            }
            if n.kind == Kind::Num && n.key.len() == 3 {
                return true;
            }
            if matches!(n.key.as_str(), "%" | ":" | "," | ".")
                && !n.space_before
                && self
                    .t
                    .get(e + 1)
                    .is_some_and(|x| x.kind == Kind::Num && !x.space_before)
            {
                return true;
            }
        }
        false
    }

    /// `1999`, `l'an 2000`, `the year 2000`.
    fn year_alone(&self, i: usize, after_mod: bool) -> Option<Core> {
        if let Some((e, ())) = self.cat(i, |c| matches!(c, Cat::YearWord).then_some(())) {
            let (e2, y) = self.year(e)?;
            return Some(Core::new(e2, TimexType::Date, value::year(y)).art());
        }
        let (e, y) = self.year(i)?;
        if self.t[i].kind == Kind::Num && self.noise_around(i, e) {
            return None;
        }
        if !(1900..=2100).contains(&y) && !after_mod && !self.prev_role(i, "year_lead") {
            return None;
        }
        // `1999 et 2000`, `1999-2000` stay two expressions.
        Some(Core::new(e, TimexType::Date, value::year(y)))
    }

    /// `les années 60`, `the 1990s`, `the '90s`.
    fn decade(&self, i: usize) -> Option<Core> {
        if let Some((e, ())) = self.cat(i, |c| matches!(c, Cat::Decade).then_some(())) {
            // French: `années 60`, `années 1990`, `années soixante`.
            let (e2, n) = self.number(e)?;
            let n = n as i32;
            let v = match n {
                10..=90 if n % 10 == 0 => format!("19{}", n / 10),
                1000..=2100 if n % 10 == 0 => format!("{}", n / 10),
                _ => return None,
            };
            return Some(Core::new(e2, TimexType::Date, v).art());
        }
        let (e, y) = if self.is(i, "'") {
            let n = self
                .t
                .get(i + 1)
                .filter(|t| t.kind == Kind::Num && t.key.len() == 2)?;
            let v = n.num()? as i32;
            (i + 2, 1900 + v)
        } else {
            let t = &self.t[i];
            if t.kind != Kind::Num || t.key.len() != 4 {
                return None;
            }
            (i + 1, t.num()? as i32)
        };
        if y % 10 != 0 || !self.tight(e) || !self.has(e, |c| matches!(c, Cat::Decade)) {
            return None;
        }
        Some(Core::new(e + 1, TimexType::Date, format!("{}", y / 10)).art())
    }

    /// `le XXe siècle`, `the 20th century`.
    fn century(&self, i: usize) -> Option<Core> {
        let (k, n) = if let Some(n) = is_roman_ordinal(self.key(i), &self.lex.roman_suffixes) {
            (i + 1, n)
        } else if let Some((e, d)) = self.daynum(i) {
            (e, u32::from(d))
        } else {
            let (e, o) = self.cat(i, |c| match c {
                Cat::Ordinal(o) => Some(*o),
                _ => None,
            })?;
            (e, o)
        };
        let (e, ()) = self.cat(k, |c| matches!(c, Cat::CenturyWord).then_some(()))?;
        if n == 0 || n > 30 {
            return None;
        }
        Some(Core::new(e, TimexType::Date, format!("{:02}", n - 1)).art())
    }

    /// `l'été dernier`, `summer 1999`, `this spring`.
    fn season(&self, i: usize) -> Option<Core> {
        let sf = |c: &Cat| match c {
            Cat::Season(s) => Some(s.clone()),
            _ => None,
        };
        let (pre, k) = match self.last_next(i) {
            Some((e, r)) => (Some(r), e),
            None => (None, i),
        };
        let (e, code) = self.cat(k, sf)?;
        let start_month = match code.as_str() {
            "SP" => 3,
            "SU" => 6,
            "FA" => 9,
            _ => 12,
        };
        if let Some((e2, y)) = self.year(e) {
            return Some(
                Core::new(e2, TimexType::Date, format!("{}-{code}", value::year(y))).art(),
            );
        }
        let mut generic = false;
        let (rel, e) = match pre {
            Some(r) => (r, e),
            None => match self.last_next(e) {
                Some((e2, r)) if r != 0 => (r, e2),
                _ => {
                    // A bare season needs a determiner before it (`été` is
                    // also a participle, `spring`/`fall` are verbs).
                    let ok = self.prev_role(i, "season_lead");
                    if !ok {
                        return None;
                    }
                    generic = true;
                    (0, e)
                }
            },
        };
        let Some(a) = self.anchor.as_ref().filter(|_| !generic) else {
            return Some(Core::new(e, TimexType::Date, format!("XXXX-{code}")).art());
        };
        let am = a.m.unwrap_or(6);
        let y = match rel {
            -1 => {
                if am > start_month + 2 && start_month != 12 {
                    a.y
                } else {
                    a.y - 1
                }
            }
            1 => {
                if am < start_month {
                    a.y
                } else {
                    a.y + 1
                }
            }
            _ => a.y,
        };
        Some(
            Core::new(e, TimexType::Date, format!("{}-{code}", value::year(y)))
                .on(Some(a))
                .art(),
        )
    }

    /// `the third quarter`, `third-quarter`, `le premier trimestre 1999`.
    fn quarter(&self, i: usize) -> Option<Core> {
        let (k, n, rel) = if let Some((e, o)) = self.cat(i, |c| match c {
            Cat::Ordinal(o) => Some(*o),
            _ => None,
        }) {
            (e, Some(o), 0)
        } else if let Some((e, r)) = self.last_next(i) {
            (e, None, r)
        } else {
            return None;
        };
        let hyphen = self.is(k, "-");
        let k = if hyphen { k + 1 } else { k };
        let (e, q) = self.cat(k, |c| match c {
            Cat::QuarterWord(q) => Some(*q),
            _ => None,
        })?;
        if q == 'H' && n.is_none() {
            return None;
        }
        let max = if q == 'Q' { 4 } else { 2 };
        let mut e = e;
        let y = if let Some((e2, y)) = self.year(e) {
            e = e2;
            Some(y)
        } else if self.has(e, |c| matches!(c, Cat::Of)) {
            match self.year(e + 1) {
                Some((e2, y)) => {
                    e = e2;
                    Some(y)
                }
                None => None,
            }
        } else {
            None
        };
        let a = self.anchor.as_ref();
        let cur = a.and_then(|a| a.m).map(|m| {
            if q == 'Q' {
                value::quarter_of(m)
            } else if m <= 6 {
                1
            } else {
                2
            }
        });
        let (yy, nn) = match (n, y) {
            (Some(n), Some(y)) => (Some(y), n as u8),
            (Some(n), None) => {
                if n == 0 || n > max {
                    return None;
                }
                let mut yy = a.map(|a| a.y);
                if let (Some(c), Some(y)) = (cur, yy.as_mut()) {
                    if (n as u8) > c && self.tense(i, e) == Tense::Past {
                        *y -= 1;
                    }
                }
                (yy, n as u8)
            }
            (None, _) => {
                let c = cur?;
                let a = a?;
                let t = i64::from(a.y) * i64::from(max) + i64::from(c) - 1 + i64::from(rel);
                (
                    Some(t.div_euclid(i64::from(max)) as i32),
                    (t.rem_euclid(i64::from(max)) + 1) as u8,
                )
            }
        };
        if nn == 0 || u32::from(nn) > max {
            return None;
        }
        let v = format!("{}-{q}{nn}", yy.map_or("XXXX".into(), value::year));
        let c = Core::new(e, TimexType::Date, v);
        let c = if hyphen { c } else { c.art() };
        Some(if y.is_none() { c.on(a) } else { c })
    }

    /// `la semaine dernière`, `last week`, `il y a deux ans`, `two years
    /// ago`, `dans trois mois`, `deux jours plus tard`.
    fn relative(&self, i: usize) -> Option<Core> {
        // this/last/next + unit (`the past year` is a duration)
        let the_before = self.prev_role(i, "span_article");
        if let Some((e, r)) = self.last_next(i).filter(|_| !the_before) {
            if let Some((e2, u)) = self.unit(e) {
                // `recent days` is a duration, not yesterday.
                if u.mult == 1 && u.singular {
                    let (v, d) = self.shift(self.anchor.as_ref(), u.base, i64::from(r));
                    let kind = if matches!(u.base, Base::H | Base::Min | Base::S) {
                        TimexType::Duration
                    } else {
                        TimexType::Date
                    };
                    if kind == TimexType::Duration {
                        return Some(
                            Core::new(e2, kind, value::duration(Some(1.0), u.base, 1)).art(),
                        );
                    }
                    return Some(Core::new(e2, kind, v).day(d).on(self.anchor.as_ref()));
                }
            }
        }
        // unit + dernier/prochain (`l'an dernier`, `la semaine prochaine`)
        if let Some((e, u)) = self.unit(i) {
            let e0 = self.role(e, "this_suffix").unwrap_or(e);
            if let Some((e2, r)) = self.last_next(e0) {
                if r != 0 && u.mult == 1 {
                    let (v, d) = self.shift(self.anchor.as_ref(), u.base, i64::from(r));
                    return Some(
                        Core::new(e2, TimexType::Date, v)
                            .day(d)
                            .on(self.anchor.as_ref())
                            .art(),
                    );
                }
            }
        }
        // il y a N units / dans N units
        if let Some((e, pre)) = self.cat(i, |c| match c {
            Cat::Ago(true) => Some(-1i64),
            Cat::In => Some(1),
            _ => None,
        }) {
            let (e2, n, u) = self.amount_unit(e)?;
            let n = n?;
            if n.fract() != 0.0 {
                return None;
            }
            let (v, d) = self.shift(
                self.anchor.as_ref(),
                u.base,
                pre * n as i64 * i64::from(u.mult),
            );
            return Some(
                Core::new(e2, TimexType::Date, v)
                    .day(d)
                    .on(self.anchor.as_ref()),
            );
        }
        // N units ago / later / earlier
        let (e, n, u) = self.amount_unit(i)?;
        if let Some((e2, ())) = self.cat(e, |c| matches!(c, Cat::Ago(false)).then_some(())) {
            let n = n?;
            let (v, d) = self.shift(
                self.anchor.as_ref(),
                u.base,
                -(n as i64) * i64::from(u.mult),
            );
            return Some(
                Core::new(e2, TimexType::Date, v)
                    .day(d)
                    .on(self.anchor.as_ref()),
            );
        }
        if let Some((e2, r)) = self.cat(e, |c| match c {
            Cat::Later => Some(1i64),
            Cat::Earlier => Some(-1),
            _ => None,
        }) {
            let n = n?;
            let k = r * n as i64 * i64::from(u.mult);
            if u.base == Base::Y {
                // Shift the year of the last value, keeping its granularity.
                if let Some(lv) = &self.last_value {
                    if let Some(y) = lv.get(..4).and_then(|y| y.parse::<i64>().ok()) {
                        let v = format!("{}{}", value::year((y + k) as i32), &lv[4..]);
                        let mut c = Core::new(e2, TimexType::Date, v);
                        c.anchored = Some(format!("timex:{lv}"));
                        return Some(c);
                    }
                }
            }
            let a = self.narrative.as_ref().or(self.anchor.as_ref());
            let (v, d) = self.shift(a, u.base, k);
            return Some(Core::new(e2, TimexType::Date, v).day(d).on(a));
        }
        None
    }

    /// `trois`, `quelques`, `10-`, then a unit: (end, amount, unit).
    fn amount_unit(&self, i: usize) -> Option<(usize, Option<f64>, Unit)> {
        let (mut k, n) =
            if let Some((e, ())) = self.cat(i, |c| matches!(c, Cat::Quant).then_some(())) {
                (e, None)
            } else {
                let (e, n) = self.number(i)?;
                (e, Some(n))
            };
        if self.is(k, "-") && self.tight(k) {
            k += 1;
        }
        let (mut e, u) = self.unit(k)?;
        let mut n = n;
        // `un an et demi`, `a year and a half`
        if let Some(v) = n.as_mut() {
            if let Some(e2) = self.role(e, "and_half") {
                *v += 0.5;
                e = e2;
            }
        }
        Some((e, n, u))
    }

    fn is_age(&self, s: usize, e: usize, u: Unit) -> bool {
        if u.base != Base::Y {
            return false;
        }
        if self.has(e, |c| matches!(c, Cat::AgeAfter)) {
            return true;
        }
        for back in 1..=3 {
            if s >= back
                && self
                    .lex
                    .at(self.t, s - back)
                    .any(|(n, c)| matches!(c, Cat::AgeBefore) && s - back + n == s)
            {
                return true;
            }
        }
        if s > 0 {
            let prev = self.key(s - 1);
            let next = self.key(e);
            // `Pierre Dupont, 45 ans,`
            if self.lex.age_apposition
                && (prev == "," || prev == "(")
                && (matches!(next, "," | ")" | "." | "") || self.is_role(e, "and"))
            {
                return true;
            }
            if self.prev_role(s, "age_of") && s >= 2 {
                let t = &self.t[s - 2];
                if t.kind == Kind::Word && !self.has(s - 2, |c| matches!(c, Cat::NotAgeBeforeDe)) {
                    return true;
                }
            }
            if self.lex.age_apposition && prev == "-" && s >= 2 && self.t[s - 2].kind == Kind::Num {
                // `les 0-6 ans`
                return true;
            }
            if self.prev_role(s, "age_have") && s >= 2 && self.t[s - 1].space_before {
                // `il a 20 ans`
                return true;
            }
        }
        false
    }

    /// `trois mois`, `quelques jours`, `for two weeks`, `ces dernières 24
    /// heures`, `des années`, `the past three years`.
    fn duration(&self, i: usize) -> Option<Core> {
        // `ces derniers jours`, `recent years`, `the past few years`
        let mut k = i;
        let mut lead = false;
        if let Some((e, r)) = self.last_next(k) {
            if r == 0 {
                if let Some((e2, r2)) = self.last_next(e) {
                    if r2 != 0 {
                        k = e2;
                        lead = true;
                    }
                }
            } else {
                k = e;
                lead = true;
            }
        }
        if !lead && self.is_role(i, "first") && self.prev_role(i, "span_article") {
            if let Some((e, n, u)) = self.amount_unit(i + 1) {
                if n.is_some_and(|n| n > 1.0) {
                    return Some(
                        Core::new(e, TimexType::Duration, value::duration(n, u.base, u.mult)).art(),
                    );
                }
            }
        }
        if lead {
            if let Some((e, n, u)) = self.amount_unit(k) {
                return Some(
                    Core::new(e, TimexType::Duration, value::duration(n, u.base, u.mult)).art(),
                );
            }
            if let Some((e, u)) = self.unit(k) {
                if u.plural {
                    return Some(
                        Core::new(
                            e,
                            TimexType::Duration,
                            value::duration(None, u.base, u.mult),
                        )
                        .art(),
                    );
                }
                if !self.is_role(i, "point_rel") {
                    // `the past year` is a duration when the article is there.
                    if self.prev_role(i, "span_article") {
                        return Some(
                            Core::new(
                                e,
                                TimexType::Duration,
                                value::duration(Some(1.0), u.base, u.mult),
                            )
                            .art(),
                        );
                    }
                }
            }
        }
        if let Some((e, u)) = self.unit(i) {
            if u.mult > 1 {
                return Some(
                    Core::new(
                        e,
                        TimexType::Duration,
                        value::duration(Some(1.0), u.base, u.mult),
                    )
                    .art(),
                );
            }
        }
        if let Some((e, ())) = self.cat(i, |c| matches!(c, Cat::PluralUnit).then_some(())) {
            let (_, u) = self.unit(e - 1)?;
            // Where the data asks for it, bare plurals need a lead word
            // (`for years`, `in recent months`).
            if self.lex.bare_plural_needs_lead && !self.prev_role(i, "bare_plural_lead") {
                return None;
            }
            return Some(Core::new(
                e,
                TimexType::Duration,
                value::duration(None, u.base, u.mult),
            ));
        }
        let (e, n, u) = self.amount_unit(i)?;
        if n.is_none() && self.t[i].kind == Kind::Num {
            return None;
        }
        if self.is_age(i, e, u) || self.has(e, |c| matches!(c, Cat::NoiseAfter)) {
            return None;
        }
        // `un jour` alone is vague; `a day` fine. Numbers as digits need a
        // unit right after them, already checked.
        if u.base == Base::Q || u.base == Base::Half {
            return None;
        }
        let v = value::duration(n, u.base, u.mult);
        Some(Core::new(e, TimexType::Duration, v).art())
    }

    /// A bare unit after a modifier: `la fin de l'année` → the anchor year.
    /// The day (`en fin de journée`) is the narrative day.
    fn bare_unit(&self, i: usize) -> Option<Core> {
        let (e, u) = self.unit(i)?;
        let a = if u.base == Base::D {
            self.narrative.as_ref().or(self.anchor.as_ref())
        } else {
            self.anchor.as_ref()
        };
        let (v, d) = self.shift(a, u.base, 0);
        if matches!(u.base, Base::H | Base::Min | Base::S) {
            return None;
        }
        Some(Core::new(e, TimexType::Date, v).day(d).on(a).art())
    }

    /// `chaque année`, `tous les deux ans`, `every Monday`, `daily`.
    fn set(&self, i: usize) -> Option<Core> {
        if let Some((e, v)) = self.cat(i, |c| match c {
            Cat::SetWord(v) => Some(v.clone()),
            _ => None,
        }) {
            return Some(Core::new(e, TimexType::Set, v));
        }
        let (e, ()) = self.cat(i, |c| matches!(c, Cat::Every).then_some(()))?;
        if let Some((e2, wd)) = self.cat(e, |c| match c {
            Cat::Weekday(w) => Some(*w),
            _ => None,
        }) {
            return Some(Core::new(e2, TimexType::Set, format!("XXXX-WXX-{wd}")));
        }
        if let Some((e2, u)) = self.unit(e) {
            return Some(Core::new(
                e2,
                TimexType::Set,
                value::duration(Some(1.0), u.base, u.mult),
            ));
        }
        if let Some((e2, Pod::Part(p))) = self.cat(e, |c| match c {
            Cat::PartOfDay(p) => Some(p.clone()),
            _ => None,
        }) {
            return Some(Core::new(e2, TimexType::Set, format!("XXXX-XX-XXT{p}")));
        }
        let (e2, n, u) = self.amount_unit(e)?;
        Some(Core::new(
            e2,
            TimexType::Set,
            value::duration(n, u.base, u.mult),
        ))
    }

    /// A clock time and the zone written after it: (end, hour, minute,
    /// zone spec from the data).
    fn clock_zoned(&self, i: usize) -> Option<(usize, u8, u8, Option<String>)> {
        if let Some((e, Pod::Clock(h, m))) = self.cat(i, |c| match c {
            Cat::PartOfDay(p) => Some(p.clone()),
            _ => None,
        }) {
            // `le Midi`: a capitalized clock word is a name.
            if self.t[i].cap && self.lex.capital_clock_word_is_name {
                return None;
            }
            return Some((e, h, m, None));
        }
        let t = self.t.get(i)?;
        if t.kind != Kind::Num || t.key.len() > 2 {
            return None;
        }
        let h = t.num()?;
        if h > 24 {
            return None;
        }
        let mut k = i + 1;
        let mut m = 0u32;
        let mut clock_kind: Option<String> = None;
        if self.is(k, ":")
            && self.tight(k)
            && self
                .t
                .get(k + 1)
                .is_some_and(|x| x.kind == Kind::Num && x.key.len() == 2 && !x.space_before)
        {
            m = self.t[k + 1].num()?;
            k += 2;
            clock_kind = Some(":".into());
        } else if let Some((e, c)) = self.cat(k, |c| match c {
            Cat::Clock(c) => Some(c.clone()),
            _ => None,
        }) {
            if c == "h" || c == "hours" {
                if c == "hours" {
                    let follows_min = self
                        .t
                        .get(e)
                        .is_some_and(|x| x.kind == Kind::Num && x.key.len() == 2);
                    if !follows_min && !self.prev_role(i, "clock_lead") {
                        return None;
                    }
                }
                k = e;
                if let Some(x) = self.t.get(k) {
                    if x.kind == Kind::Num && x.key.len() == 2 {
                        m = x.num()?;
                        k += 1;
                    }
                }
                clock_kind = Some("h".into());
            }
        }
        if let Some((e, c)) = self.cat(k, |c| match c {
            Cat::Clock(c) if c == "am" || c == "pm" => Some(c.clone()),
            _ => None,
        }) {
            let mut hh = h;
            if h > 12 {
                return None;
            }
            if c == "pm" && h < 12 {
                hh += 12;
            }
            if c == "am" && h == 12 {
                hh = 0;
            }
            k = e;
            // `p.m.` keeps its final period (`p . m` then `.`).
            if self.is(k, ".") && self.tight(k) && e >= 2 && self.is(e - 2, ".") {
                k += 1;
            }
            let (ze, z) = self.zone(k);
            return Some((ze, hh as u8, m as u8, z));
        }
        clock_kind.as_ref()?;
        if m > 59 || h > 23 {
            return None;
        }
        let (ze, z) = self.zone(k);
        Some((ze, h as u8, m as u8, z))
    }

    /// A zone after a clock time (`GMT`, `Moscow time`, `, heure de Kiev`):
    /// (end, zone spec), or `(k, None)`.
    fn zone(&self, k: usize) -> (usize, Option<String>) {
        let zf = |c: &Cat| match c {
            Cat::Zone(z) => Some(z.clone()),
            _ => None,
        };
        match self.cat(k, zf) {
            Some((e, z)) if self.t[k].all_caps || e > k + 1 => return (e, Some(z)),
            _ => {}
        }
        // A spelled-out zone after a comma: `21 heures, heure de Kiev`.
        if self.is(k, ",") {
            if let Some((e, z)) = self.cat(k + 1, zf).filter(|(e, _)| *e > k + 2) {
                return (e, Some(z));
            }
        }
        (k, None)
    }

    /// Appends the zone offset of `z` to a clock value on day `d`.
    fn zoned(v: String, z: Option<&str>, d: Option<Date>) -> String {
        match z.and_then(|z| value::zone_offset(z, d)) {
            Some(off) => format!("{v}{off}"),
            None => v,
        }
    }

    /// A clock time, with a date before or after it when there is one.
    fn clock_expr(&self, i: usize) -> Option<Core> {
        let (e, h, m, z) = self.clock_zoned(i)?;
        let hm = format!("{h:02}:{m:02}");
        // `15 h 30, hier`, `4 a.m. Thursday`
        let mut k = e;
        if self.is(k, ",") {
            k += 1;
        }
        let after = if !self.lex.merge_clock_date {
            None
        } else {
            self.deictic(k)
                .filter(|c| c.date.is_some() && c.kind == TimexType::Date)
                .or_else(|| self.weekday(k))
        };
        if let Some(c) = after {
            if let Some(d) = c.date {
                let v = Self::zoned(format!("{}T{hm}", value::day(d)), z.as_deref(), Some(d));
                return Some(
                    Core::new(c.e, TimexType::Time, v)
                        .on(self.anchor.as_ref())
                        .day(Some(d)),
                );
            }
        }
        let a = self.narrative.as_ref().or(self.anchor.as_ref());
        let day = a.and_then(|a| a.date());
        let v = match day {
            Some(d) => format!("{}T{hm}", value::day(d)),
            None => format!("XXXX-XX-XXT{hm}"),
        };
        Some(Core::new(e, TimexType::Time, Self::zoned(v, z.as_deref(), day)).on(a))
    }

    /// `la nuit`, `la soirée`: a part of the current narrative day.
    fn pod_alone(&self, i: usize) -> Option<Core> {
        if !self.lex.bare_day_part || i == 0 || !self.has(i - 1, |c| matches!(c, Cat::Article)) {
            return None;
        }
        let (e, p) = self.cat(i, |c| match c {
            Cat::PartOfDay(Pod::Part(p)) => Some(p.clone()),
            _ => None,
        })?;
        let a = self.narrative.as_ref().or(self.anchor.as_ref());
        let d = a.and_then(|a| a.date())?;
        Some(
            Core::new(e, TimexType::Time, format!("{}T{p}", value::day(d)))
                .on(a)
                .art(),
        )
    }

    /// `la nuit de lundi à mardi`, `the night of Monday to Tuesday`: the
    /// part of the day of the first weekday.
    fn night_span(&self, i: usize) -> Option<Core> {
        let (e, p) = self.cat(i, |c| match c {
            Cat::PartOfDay(Pod::Part(p)) => Some(p.clone()),
            _ => None,
        })?;
        let (e, ()) = self.cat(e, |c| matches!(c, Cat::Of).then_some(()))?;
        let wdf = |c: &Cat| match c {
            Cat::Weekday(w) => Some(*w),
            _ => None,
        };
        let (e1, wd1) = self.cat(e, wdf)?;
        let e2 = self.role(e1, "range_to")?;
        let (e3, wd2) = self.cat(e2, wdf)?;
        if wd2 != wd1 % 7 + 1 {
            return None;
        }
        let (v, d) = self.resolve_weekday(wd1, 0, i, e3);
        let a = self.anchor.as_ref();
        let v = if d.is_some() {
            format!("{v}T{p}")
        } else {
            format!("XXXX-WXX-{wd1}T{p}")
        };
        Some(Core::new(e3, TimexType::Time, v).day(d).on(a).art())
    }

    /// `Thanksgiving`, `last Christmas`, `Noël 1999`, `la Toussaint`: the
    /// holiday's day in the year given, or nearest the anchor (a later one
    /// counts double, as for day-months), or the one before/after it.
    fn holiday(&self, i: usize) -> Option<Core> {
        let hf = |c: &Cat| match c {
            Cat::Holiday(h) => Some(h.clone()),
            _ => None,
        };
        let (s_rel, k) = match self.last_next(i) {
            Some((e, r)) if r != 0 => (r, e),
            _ => (0, i),
        };
        let (mut e, spec) = self.cat(k, hf)?;
        if !self.name_case_ok(k) {
            return None;
        }
        let mut rel = s_rel;
        if rel == 0 {
            if let Some((e2, r)) = self.last_next(e).filter(|(_, r)| *r != 0) {
                rel = r;
                e = e2;
            }
        }
        if let Some((e2, y)) = self.year(e) {
            let d = value::holiday(&spec, y)?;
            return Some(
                Core::new(e2, TimexType::Date, value::day(d))
                    .day(Some(d))
                    .art(),
            );
        }
        let a = self.anchor.as_ref();
        let Some(ad) = a.and_then(|a| a.date()) else {
            // A month-precision anchor: the year as for a day-month.
            let v = a
                .filter(|a| a.m.is_some())
                .and_then(|a| value::holiday(&spec, a.y))
                .and_then(|d| {
                    let (_, dd, _) = self.resolve_md(d.month() as u8, d.day() as u8, rel, i, e);
                    value::holiday(&spec, i32::from(dd?.year()))
                })
                .map_or_else(|| "XXXX-XX-XX".to_string(), value::day);
            return Some(Core::new(e, TimexType::Date, v).on(a).art());
        };
        let y = i32::from(ad.year());
        let cands: Vec<Date> = (y - 1..=y + 1)
            .filter_map(|y| value::holiday(&spec, y))
            .collect();
        let dist = |d: &Date| -> i64 {
            let n = (*d - ad).get_days() as i64;
            if n > 0 {
                2 * n
            } else {
                -n
            }
        };
        let d = match rel {
            -1 => cands.iter().rev().find(|d| **d < ad).copied(),
            1 => cands.iter().find(|d| **d > ad).copied(),
            _ => cands.iter().min_by_key(|d| dist(d)).copied(),
        }?;
        Some(
            Core::new(e, TimexType::Date, value::day(d))
                .day(Some(d))
                .on(a)
                .art(),
        )
    }

    /// `du 1er au 3 juillet`: the first day takes the month of the second.
    fn range_first_day(&self, i: usize) -> Option<Core> {
        let (e, d) = self.daynum(i)?;
        let e1 = self.role(e, "range_to")?;
        let (e2, _) = self.daynum(e1)?;
        let (e3, m) = self.month(e2)?;
        let y = self.year(e3).map(|x| x.1);
        let (v, date, anch) = match y {
            Some(y) => match value::date(y, m, d) {
                Some(dt) => (value::day(dt), Some(dt), false),
                None => return None,
            },
            None => self.resolve_md(m, d, 0, i, e3),
        };
        let c = Core::new(e, TimexType::Date, v).day(date).art();
        Some(if anch { c.on(self.anchor.as_ref()) } else { c })
    }
}
