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
}

struct Phrase {
    rest: Vec<String>,
    cat: Cat,
}

/// One language's time knowledge.
pub struct Lexicon {
    first: HashMap<String, Vec<Phrase>>,
    /// Past-tense word endings.
    pub past_suffix: Vec<String>,
    /// Future-tense word endings.
    pub future_suffix: Vec<String>,
    /// Suffix for century values (`XX` or empty).
    pub century_suffix: String,
    /// Numeric date order: true for day-month-year.
    pub dmy: bool,
    /// A clock time right after a date joins it (`Friday at 4 p.m.`).
    pub merge_clock_date: bool,
    /// Suffix of decade values (`X` gives `199X`).
    pub decade_suffix: String,
    /// `Friday night` is a TIME (else a DATE).
    pub day_part_time: bool,
    /// Weekdays follow the tense (else only an explicit `next`).
    pub weekday_tense: bool,
    /// Without a tense cue, a weekday is the nearest one (else the past one).
    pub weekday_nearest: bool,
    /// Language code.
    pub lang: String,
}

impl Lexicon {
    /// Parses a `time.txt` file.
    pub fn parse(lang: &str, src: &str) -> Result<Lexicon, TimeError> {
        let mut lex = Lexicon {
            first: HashMap::new(),
            past_suffix: Vec::new(),
            future_suffix: Vec::new(),
            century_suffix: String::new(),
            dmy: true,
            merge_clock_date: true,
            decade_suffix: "X".into(),
            day_part_time: true,
            weekday_tense: true,
            weekday_nearest: false,
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
                    "century_suffix" => lex.century_suffix = rhs.to_string(),
                    "numeric_order" => lex.dmy = rhs == "dmy",
                    "merge_clock_date" => lex.merge_clock_date = rhs == "yes",
                    "decade_suffix" => lex.decade_suffix = rhs.to_string(),
                    "day_part_type" => lex.day_part_time = rhs == "TIME",
                    "weekday_future" => {
                        lex.weekday_tense = rhs != "explicit";
                        lex.weekday_nearest = rhs == "nearest";
                    }
                    _ => return Err(bad(format!("unknown setting {lhs:?}"))),
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
                lex.first.entry(head.clone()).or_default().push(Phrase {
                    rest: rest.to_vec(),
                    cat: cat.clone(),
                });
            }
        }
        Ok(lex)
    }

    /// Every phrase starting at token `i`: (length in tokens, category).
    pub fn at<'a>(&'a self, toks: &'a [Tok], i: usize) -> impl Iterator<Item = (usize, &'a Cat)> + 'a {
        let cands = toks.get(i).and_then(|t| self.first.get(&t.key));
        cands.into_iter().flatten().filter_map(move |p| {
            p.rest
                .iter()
                .enumerate()
                .all(|(j, k)| toks.get(i + 1 + j).is_some_and(|t| t.key == *k))
                .then_some((p.rest.len() + 1, &p.cat))
        })
    }

    /// The longest phrase at `i` whose category satisfies `f`.
    pub fn find<T>(&self, toks: &[Tok], i: usize, f: impl Fn(&Cat) -> Option<T>) -> Option<(usize, T)> {
        let mut best: Option<(usize, T)> = None;
        for (n, c) in self.at(toks, i) {
            if let Some(v) = f(c) {
                if best.as_ref().is_none_or(|b| i + n > b.0) {
                    best = Some((i + n, v));
                }
            }
        }
        best
    }

    /// True when a phrase of this category (by predicate) starts at `i`.
    pub fn has(&self, toks: &[Tok], i: usize, f: impl Fn(&Cat) -> bool) -> bool {
        self.at(toks, i).any(|(_, c)| f(c))
    }

    /// True when the token key starts any phrase.
    pub fn knows(&self, key: &str) -> bool {
        self.first.contains_key(key)
    }
}

fn parse_unit(s: &str) -> Result<Unit, String> {
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
    Ok(Unit { mult, base })
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
        o => return Err(format!("unknown section [{o}]")),
    })
}
