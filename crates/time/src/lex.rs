//! Language data: the `lang/<iso>/time.txt` files parsed into a phrase
//! lexicon keyed by the first token.

use crate::token::{keys, Tok};
use crate::TimeError;
use std::collections::HashMap;

/// A calendar unit with a multiplier (`quinquennat` = 5 years).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit {
    /// Multiplier.
    pub mult: u32,
    /// Base unit.
    pub base: Base,
    /// The word is a plural (`years`); `mois` is both.
    pub plural: bool,
    /// The word is a singular.
    pub singular: bool,
}

/// Base calendar units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// Second.
    S,
    /// Minute.
    Min,
    /// Hour.
    H,
    /// Day.
    D,
    /// Week.
    W,
    /// Weekend.
    We,
    /// Month.
    M,
    /// Quarter.
    Q,
    /// Half-year.
    Half,
    /// Year.
    Y,
    /// Decade.
    De,
    /// Century.
    Ce,
}

/// A part of the day or a named clock time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pod {
    /// `MO`, `AF`, `EV`, `NI`.
    Part(String),
    /// Noon, midnight.
    Clock(u8, u8),
}

/// What a deictic phrase points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DWhat {
    /// The day, shifted by n days.
    Day,
    /// The ISO week.
    Week,
    /// The weekend of the week.
    Weekend,
    /// The month.
    Month,
    /// The year.
    Year,
    /// The quarter.
    Quarter,
    /// The narrative reference date, shifted by n days.
    Ref,
    /// A fixed value (`PRESENT_REF`).
    Literal(String),
}

/// A deictic phrase (`hier`, `ce soir`, `la veille`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deictic {
    /// TIMEX3 type.
    pub time: bool,
    /// What it points at.
    pub what: DWhat,
    /// Shift.
    pub n: i32,
    /// Part of day, for TIME.
    pub pod: Option<String>,
}

/// Categories of phrases.
#[derive(Debug, Clone, PartialEq)]
pub enum Cat {
    /// Month 1–12.
    Month(u8),
    /// ISO weekday 1–7.
    Weekday(u8),
    /// Cardinal number word.
    Number(f64),
    /// Ordinal.
    Ordinal(u32),
    /// Unit.
    Unit(Unit),
    /// Season code.
    Season(String),
    /// Part of the day.
    PartOfDay(Pod),
    /// `dernier`, `last`.
    Last,
    /// `prochain`, `next`.
    Next,
    /// `ce`, `this`.
    This,
    /// Article.
    Article,
    /// `de`, `of`.
    Of,
    /// Deictic phrase.
    Deictic(Deictic),
    /// `il y a` (pre = true), `ago` (pre = false).
    Ago(bool),
    /// `dans`: future offset.
    In,
    /// `depuis`, `since`.
    Since,
    /// `chaque`, `every`.
    Every,
    /// Set adverb with its value.
    SetWord(String),
    /// Modifier included in the extent.
    ModBefore(String),
    /// Modifier left out of the extent.
    ModOutside(String),
    /// `quelques`, `several`.
    Quant,
    /// `des années`, `years`.
    PluralUnit,
    /// `plus tard`, `later`.
    Later,
    /// `plus tôt`, `earlier`.
    Earlier,
    /// `années` (FR decades), `s` (EN `1990s`).
    Decade,
    /// `siècle`.
    CenturyWord,
    /// `trimestre` (Q), `semestre` (H).
    QuarterWord(char),
    /// `année`.
    YearWord,
    /// `h`, `heures`, `a.m.`, `p.m.`.
    Clock(String),
    /// Time zone.
    Zone(String),
    /// Future-tense cue.
    FutureCue,
    /// Past-tense cue.
    PastCue,
    /// Words before an age.
    AgeBefore,
    /// Words after a number that make it a quantity.
    NoiseAfter,
    /// Words before a number that make it an identifier or amount.
    NoiseBefore,
    /// Words after a duration that make it an age (`old`).
    AgeAfter,
    /// Words before `de N ans` that keep it a duration (`plus de`).
    NotAgeBeforeDe,
    /// After a deictic, makes it anaphoric (`-là`).
    AnaphoricAfter,
    /// A holiday: `MM-DD`, `MM-<weekday code><n>` (`11-TH4`, the fourth
    /// Thursday of November; `05-MOL`, the last Monday of May), or
    /// `EASTER[+n]`.
    Holiday(String),
    /// A word with a grammatical role the rules ask for by name (section
    /// `[role]`: `range_to`, `clock_lead`…).
    Role(String),
}

struct Phrase {
    rest: Vec<u32>,
    cat: Cat,
}

/// A fast non-cryptographic hasher (FxHash) for the word table.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(b))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxBuild = std::hash::BuildHasherDefault<FxHasher>;

/// The phrases that start with one word.
struct Bucket {
    phrases: Vec<Phrase>,
    /// Some phrase here can start an expression.
    starter: bool,
    /// Some phrase here is an article or `de`/`of`.
    article: bool,
    /// Some phrase here is a time word on its own (month, unit, deictic…).
    strong: bool,
}

fn is_strong(c: &Cat) -> bool {
    matches!(
        c,
        Cat::Month(_)
            | Cat::Weekday(_)
            | Cat::Unit(_)
            | Cat::Season(_)
            | Cat::PartOfDay(_)
            | Cat::Deictic(_)
            | Cat::SetWord(_)
            | Cat::PluralUnit
            | Cat::CenturyWord
            | Cat::QuarterWord(_)
            | Cat::Holiday(_)
    )
}

fn is_starter(c: &Cat) -> bool {
    !matches!(
        c,
        Cat::Article
            | Cat::Of
            | Cat::FutureCue
            | Cat::PastCue
            | Cat::AgeBefore
            | Cat::NoiseAfter
            | Cat::NoiseBefore
            | Cat::AgeAfter
            | Cat::NotAgeBeforeDe
            | Cat::AnaphoricAfter
            | Cat::Role(_)
            | Cat::Later
            | Cat::Earlier
            | Cat::Since
            | Cat::Clock(_)
            | Cat::Zone(_)
            | Cat::Decade
    )
}

/// One language's time knowledge.
pub struct Lexicon {
    /// Every word of every phrase → word id (from 1).
    ids: HashMap<String, u32, FxBuild>,
    /// Word id → 1 + bucket index, 0 when no phrase starts with it.
    first: Vec<u32>,
    buckets: Vec<Bucket>,
    /// Past-tense word endings.
    pub past_suffix: Vec<String>,
    /// Future-tense word endings.
    pub future_suffix: Vec<String>,
    /// Numeric date order: true for day-month-year.
    pub dmy: bool,
    /// A clock time right after a date joins it (`Friday at 4 p.m.`).
    pub merge_clock_date: bool,
    /// Weekdays follow the tense (else only an explicit `next`).
    pub weekday_tense: bool,
    /// Without a tense cue, a weekday is the nearest one (else the past one).
    pub weekday_nearest: bool,
    /// `la nuit` alone is a part of the narrative day.
    pub bare_day_part: bool,
    /// Where weekdays are past by default, one this many days after the
    /// anchor is the coming one (`Tuesday` written on Monday).
    pub weekday_ahead_days: i64,
    /// Month and weekday names are capitalized (`month_case = capitalized`).
    pub names_capitalized: bool,
    /// `Pierre Dupont, 45 ans,`: a number of years in apposition is an age.
    pub age_apposition: bool,
    /// A capitalized clock word (`Midi`) is a name.
    pub capital_clock_word_is_name: bool,
    /// Bare plural units (`years`) need a lead word of role `bare_plural_lead`.
    pub bare_plural_needs_lead: bool,
    /// Suffixes of roman ordinals (`XIXe`, `XIXème`), longest first.
    pub roman_suffixes: Vec<String>,
    /// Quotation marks: (opening, closing) token keys.
    pub quote_marks: Vec<(String, String)>,
    /// Language code.
    pub lang: String,
}

impl Lexicon {
    /// The closing mark of an opening quotation mark.
    pub fn quote_close(&self, open: &str) -> Option<&str> {
        self.quote_marks
            .iter()
            .find(|(o, _)| o == open)
            .map(|(_, c)| c.as_str())
    }
}

impl Lexicon {
    /// Parses a `time.txt` file.
    pub fn parse(lang: &str, src: &str) -> Result<Lexicon, TimeError> {
        let mut lex = Lexicon {
            ids: HashMap::default(),
            first: vec![0],
            buckets: Vec::new(),
            past_suffix: Vec::new(),
            future_suffix: Vec::new(),
            dmy: true,
            merge_clock_date: true,
            weekday_tense: true,
            weekday_nearest: false,
            bare_day_part: false,
            quote_marks: Vec::new(),
            names_capitalized: false,
            age_apposition: false,
            capital_clock_word_is_name: false,
            bare_plural_needs_lead: false,
            roman_suffixes: Vec::new(),
            weekday_ahead_days: 0,
            lang: lang.to_string(),
        };
        let mut section = String::new();
        for (no, raw) in src.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |reason: String| TimeError::Data {
                lang: lang.to_string(),
                line: no + 1,
                reason,
            };
            if let Some(s) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = s.to_string();
                continue;
            }
            let (lhs, rhs) = match line.rsplit_once(" = ") {
                Some((l, r)) => (l.trim(), r.trim()),
                None => match line.strip_suffix(" =") {
                    Some(l) => (l.trim(), ""),
                    None => (line, ""),
                },
            };
            if section == "settings" {
                match lhs {
                    "numeric_order" => lex.dmy = rhs == "dmy",
                    "merge_clock_date" => lex.merge_clock_date = rhs == "yes",
                    "bare_day_part" => lex.bare_day_part = rhs == "yes",
                    "month_case" => lex.names_capitalized = rhs == "capitalized",
                    "weekday_ahead_days" => {
                        lex.weekday_ahead_days = rhs.parse().map_err(|_| {
                            bad(format!("weekday_ahead_days: not a number: {rhs:?}"))
                        })?
                    }
                    "age_apposition" => lex.age_apposition = rhs == "yes",
                    "capital_clock_word_is_name" => lex.capital_clock_word_is_name = rhs == "yes",
                    "bare_plural_needs_lead" => lex.bare_plural_needs_lead = rhs == "yes",
                    "roman_ordinal_suffixes" => {
                        lex.roman_suffixes = rhs.split_whitespace().map(str::to_string).collect();
                        lex.roman_suffixes
                            .sort_by_key(|s| std::cmp::Reverse(s.len()));
                    }
                    "weekday_future" => {
                        lex.weekday_tense = rhs != "explicit";
                        lex.weekday_nearest = rhs == "nearest";
                    }
                    _ => return Err(bad(format!("unknown setting {lhs:?}"))),
                }
                continue;
            }
            if section == "quote_marks" {
                let close = crate::token::keys(rhs);
                let open = crate::token::keys(lhs);
                match (open.as_slice(), close.as_slice()) {
                    ([o], [c]) => lex.quote_marks.push((o.clone(), c.clone())),
                    _ => {
                        return Err(bad(format!(
                            "a quotation mark pair needs one mark each side: {line:?}"
                        )))
                    }
                }
                continue;
            }
            if section == "past_suffix" || section == "future_suffix" {
                let v: Vec<String> = lhs
                    .split('|')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
                if section == "past_suffix" {
                    lex.past_suffix.extend(v);
                } else {
                    lex.future_suffix.extend(v);
                }
                continue;
            }
            let cat = make_cat(&section, rhs).map_err(bad)?;
            for phrase in lhs.split(" | ") {
                let k = keys(phrase.trim());
                let Some((head, rest)) = k.split_first() else {
                    continue;
                };
                let rest: Vec<u32> = rest.iter().map(|k| lex.word_id(k)).collect();
                let w = lex.word_id(head) as usize;
                if lex.first[w] == 0 {
                    lex.buckets.push(Bucket {
                        phrases: Vec::new(),
                        starter: false,
                        article: false,
                        strong: false,
                    });
                    lex.first[w] = lex.buckets.len() as u32;
                }
                let b = &mut lex.buckets[lex.first[w] as usize - 1];
                b.starter |= is_starter(&cat);
                b.strong |= is_strong(&cat);
                b.article |= matches!(cat, Cat::Article | Cat::Of);
                b.phrases.push(Phrase {
                    rest,
                    cat: cat.clone(),
                });
            }
        }
        Ok(lex)
    }

    fn word_id(&mut self, k: &str) -> u32 {
        if let Some(&id) = self.ids.get(k) {
            return id;
        }
        let id = self.first.len() as u32;
        self.ids.insert(k.to_string(), id);
        self.first.push(0);
        id
    }

    /// Every phrase starting at token `i`: (length in tokens, category).
    pub fn at<'a>(
        &'a self,
        toks: &'a [Tok],
        i: usize,
    ) -> impl Iterator<Item = (usize, &'a Cat)> + 'a {
        let cands = toks
            .get(i)
            .and_then(|t| t.bucket.checked_sub(1))
            .and_then(|b| self.buckets.get(b as usize));
        cands
            .into_iter()
            .flat_map(|b| b.phrases.iter())
            .filter_map(move |p| {
                p.rest
                    .iter()
                    .enumerate()
                    .all(|(j, k)| toks.get(i + 1 + j).is_some_and(|t| t.word == *k))
                    .then_some((p.rest.len() + 1, &p.cat))
            })
    }

    /// The longest phrase at `i` whose category satisfies `f`.
    pub fn find<T>(
        &self,
        toks: &[Tok],
        i: usize,
        f: impl Fn(&Cat) -> Option<T>,
    ) -> Option<(usize, T)> {
        let b = toks
            .get(i)
            .and_then(|t| t.bucket.checked_sub(1))
            .and_then(|b| self.buckets.get(b as usize))?;
        let mut best: Option<(usize, T)> = None;
        for p in &b.phrases {
            let end = i + 1 + p.rest.len();
            if best.as_ref().is_some_and(|b| b.0 >= end) {
                continue;
            }
            let Some(v) = f(&p.cat) else {
                continue;
            };
            if p.rest
                .iter()
                .enumerate()
                .all(|(j, k)| toks.get(i + 1 + j).is_some_and(|t| t.word == *k))
            {
                best = Some((end, v));
            }
        }
        best
    }

    /// True when a phrase of this category (by predicate) starts at `i`.
    pub fn has(&self, toks: &[Tok], i: usize, f: impl Fn(&Cat) -> bool) -> bool {
        self.at(toks, i).any(|(_, c)| f(c))
    }

    /// Sets [`Tok::bucket`] on every token: one table look-up per token.
    pub fn mark(&self, toks: &mut [Tok]) {
        for t in toks {
            t.word = self.ids.get(t.key.as_str()).copied().unwrap_or(0);
            t.bucket = self.first.get(t.word as usize).copied().unwrap_or(0);
        }
    }

    /// True when a phrase starting with this token can start an expression.
    pub fn starter(&self, t: &Tok) -> bool {
        t.bucket
            .checked_sub(1)
            .and_then(|b| self.buckets.get(b as usize))
            .is_some_and(|b| b.starter)
    }

    /// True when a phrase starting with this token is a time word by itself.
    pub fn strong(&self, t: &Tok) -> bool {
        t.bucket
            .checked_sub(1)
            .and_then(|b| self.buckets.get(b as usize))
            .is_some_and(|b| b.strong)
    }

    /// True when the token is an article or `de`/`of`.
    pub fn article(&self, t: &Tok) -> bool {
        t.bucket
            .checked_sub(1)
            .and_then(|b| self.buckets.get(b as usize))
            .is_some_and(|b| b.article)
    }
}

fn parse_unit(v: &str) -> Result<Unit, String> {
    // `Y`, `Y pl` (a plural word), `M sg pl` (both).
    let mut parts = v.split_whitespace();
    let s = parts.next().unwrap_or("");
    let flags: Vec<&str> = parts.collect();
    let plural = flags.contains(&"pl");
    let singular = flags.is_empty() || flags.contains(&"sg");
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    let mult = if digits.is_empty() {
        1
    } else {
        digits.parse().map_err(|_| format!("bad unit {s:?}"))?
    };
    let base = match &s[digits.len()..] {
        "S" => Base::S,
        "MIN" => Base::Min,
        "H" => Base::H,
        "D" => Base::D,
        "W" => Base::W,
        "WE" => Base::We,
        "M" => Base::M,
        "Q" => Base::Q,
        "HALF" => Base::Half,
        "Y" => Base::Y,
        "DE" => Base::De,
        "CE" => Base::Ce,
        _ => return Err(format!("bad unit {s:?}")),
    };
    Ok(Unit {
        mult,
        base,
        plural,
        singular,
    })
}

fn parse_deictic(s: &str) -> Result<Deictic, String> {
    let mut parts = s.split_whitespace();
    let time = match parts.next() {
        Some("DATE") => false,
        Some("TIME") => true,
        _ => return Err(format!("bad deictic {s:?}: expected DATE or TIME")),
    };
    let spec = parts.next().ok_or_else(|| format!("bad deictic {s:?}"))?;
    let pod = parts.next().map(str::to_string);
    let split = spec.find(['+', '-']);
    let (what, n) = match split {
        Some(i) => {
            let n: i32 = spec[i..]
                .trim_start_matches('+')
                .parse()
                .map_err(|_| format!("bad shift in {s:?}"))?;
            let w = match &spec[..i] {
                "day" => DWhat::Day,
                "week" => DWhat::Week,
                "weekend" => DWhat::Weekend,
                "month" => DWhat::Month,
                "year" => DWhat::Year,
                "quarter" => DWhat::Quarter,
                "ref" => DWhat::Ref,
                o => return Err(format!("bad deictic unit {o:?}")),
            };
            (w, n)
        }
        None => (DWhat::Literal(spec.to_string()), 0),
    };
    Ok(Deictic { time, what, n, pod })
}

fn make_cat(section: &str, v: &str) -> Result<Cat, String> {
    let num = || v.parse::<f64>().map_err(|_| format!("bad number {v:?}"));
    Ok(match section {
        "month" => Cat::Month(num()? as u8),
        "weekday" => Cat::Weekday(num()? as u8),
        "number" => Cat::Number(num()?),
        "ordinal" => Cat::Ordinal(num()? as u32),
        "unit" => Cat::Unit(parse_unit(v)?),
        "season" => Cat::Season(v.to_string()),
        "part_of_day" => match v.split_once(':') {
            Some((h, m)) => Cat::PartOfDay(Pod::Clock(
                h.parse().map_err(|_| format!("bad clock {v:?}"))?,
                m.parse().map_err(|_| format!("bad clock {v:?}"))?,
            )),
            None => Cat::PartOfDay(Pod::Part(v.to_string())),
        },
        "last" => Cat::Last,
        "next" => Cat::Next,
        "this" => Cat::This,
        "article" => Cat::Article,
        "of" => Cat::Of,
        "deictic" => Cat::Deictic(parse_deictic(v)?),
        "ago" => Cat::Ago(v == "pre"),
        "in" => Cat::In,
        "since" => Cat::Since,
        "every" => Cat::Every,
        "set_word" => Cat::SetWord(v.to_string()),
        "mod_before" => Cat::ModBefore(v.to_string()),
        "mod_outside" => Cat::ModOutside(v.to_string()),
        "quant" => Cat::Quant,
        "plural_unit" => Cat::PluralUnit,
        "later" => Cat::Later,
        "earlier" => Cat::Earlier,
        "decade" => Cat::Decade,
        "century_word" => Cat::CenturyWord,
        "quarter" => Cat::QuarterWord(if v == "H" { 'H' } else { 'Q' }),
        "year_word" => Cat::YearWord,
        "clock" => Cat::Clock(v.to_string()),
        "zone" => Cat::Zone(v.to_string()),
        "future_cue" => Cat::FutureCue,
        "past_cue" => Cat::PastCue,
        "age_before" => Cat::AgeBefore,
        "noise_after" => Cat::NoiseAfter,
        "noise_before" => Cat::NoiseBefore,
        "age_after" => Cat::AgeAfter,
        "before_de_not_age" => Cat::NotAgeBeforeDe,
        "anaphoric_after" => Cat::AnaphoricAfter,
        "role" => Cat::Role(v.to_string()),
        "holiday" => Cat::Holiday(v.to_string()),
        o => return Err(format!("unknown section [{o}]")),
    })
}
