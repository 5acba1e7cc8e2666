//! The entity page: names per language, counts, an SVG timeline of its
//! events and statements placed by **event date** (undated ones at their
//! publication date, drawn hollow), co-occurring entities, latest quotes.

use super::corpus::{arr, entity_link, n, s, show};
use super::layout;
use crate::docview::path_escape;
use crate::i18n::Ui;
use maud::{html, Markup};
use serde_json::Value;
use std::collections::BTreeMap;

/// A date as `(first day, last day)` numbers (days since 0000-03-01) for
/// the precision it has: `2024` spans the year, `2024-03` the month,
/// `2024-W12` the week. `None` when it does not start with a year.
pub(crate) fn day_range(v: &str) -> Option<(i64, i64)> {
    let y: i64 = v.get(..4)?.parse().ok()?;
    let rest = v.get(4..).unwrap_or("");
    let num = |s: &str| s.get(..2).and_then(|x| x.parse::<i64>().ok());
    if let Some(r) = rest.strip_prefix("-W") {
        let w = num(r)?.clamp(1, 53);
        let jan1 = days(y, 1, 1);
        return Some((jan1 + (w - 1) * 7, jan1 + (w - 1) * 7 + 6));
    }
    match rest.strip_prefix('-').and_then(num) {
        None => Some((days(y, 1, 1), days(y, 12, 31))),
        Some(m) if (1..=12).contains(&m) => {
            let r2 = rest.get(3..).unwrap_or("");
            match r2.strip_prefix('-').and_then(num) {
                Some(d) if (1..=31).contains(&d) => Some((days(y, m, d), days(y, m, d))),
                _ => Some((days(y, m, 1), days(y, m, 1) + 30)),
            }
        }
        // Seasons, quarters, halves: the year.
        Some(_) => Some((days(y, 1, 1), days(y, 12, 31))),
    }
}

/// Days from the civil date (Howard Hinnant's algorithm, shifted epoch).
fn days(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe
}

/// One point of the timeline.
struct Item<'a> {
    range: (i64, i64),
    label: String,
    statement: bool,
    undated: bool,
    doc: Option<&'a str>,
    v: &'a Value,
}

fn items(timeline: &[Value]) -> Vec<Item<'_>> {
    timeline
        .iter()
        .filter_map(|v| {
            let at = s(v, &["date"])?;
            let undated = v.get("dated").and_then(Value::as_bool) == Some(false);
            let kind = s(v, &["kind"]).unwrap_or("event");
            let statement = kind == "quote";
            let inner = v
                .get("event")
                .filter(|x| x.is_object())
                .or_else(|| v.get("quote").filter(|x| x.is_object()));
            Some(Item {
                range: day_range(at)?,
                label: format!("{at} · {}", s(v, &["summary"]).unwrap_or(kind)),
                statement,
                undated,
                doc: inner.and_then(|i| s(i, &["doc_id"])),
                v: inner.unwrap_or(v),
            })
        })
        .collect()
}

const W: f64 = 1000.0;
const H: f64 = 190.0;
const PAD: f64 = 40.0;
/// Left margin (lane labels).
const PADL: f64 = 110.0;

/// The SVG timeline (events above, statements below), with year or month
/// ticks; every mark has a `<title>` and links to its document.
fn timeline_svg(ui: Ui, items: &[Item]) -> Markup {
    let lo = items.iter().map(|i| i.range.0).min().unwrap_or(0);
    let hi = items
        .iter()
        .map(|i| i.range.1)
        .max()
        .unwrap_or(1)
        .max(lo + 1);
    let (lo, hi) = (lo - (hi - lo) / 20 - 1, hi + (hi - lo) / 20 + 1);
    let x = |d: i64| PADL + (d - lo) as f64 / (hi - lo) as f64 * (W - PADL - PAD);
    // Ticks: years, or months when the span is under three years.
    let span_years = (hi - lo) / 365;
    let (y0, y1) = (year_of(lo), year_of(hi));
    let mut ticks: Vec<(i64, String)> = Vec::new();
    if hi - lo < 62 {
        // Days, labelled every few days.
        let step = ((hi - lo) / 10).max(1);
        for d in (lo..=hi).filter(|d| d % step == 0) {
            ticks.push((d, day_label(d)));
        }
    } else if span_years < 3 {
        for y in y0..=y1 {
            for m in 1..=12 {
                let d = days(y, m, 1);
                if d >= lo && d <= hi {
                    ticks.push((
                        d,
                        if m == 1 {
                            y.to_string()
                        } else {
                            format!("{m:02}")
                        },
                    ));
                }
            }
        }
    } else {
        let step = ((span_years / 12) + 1).max(1);
        for y in (y0..=y1).filter(|y| y % step == 0) {
            let d = days(y, 1, 1);
            if d >= lo && d <= hi {
                ticks.push((d, y.to_string()));
            }
        }
    }
    let lane = |st: bool| if st { 128.0 } else { 70.0 };
    html! {
        svg.timeline viewBox={"0 0 " (W) " " (H)} role="img" aria-label=(ui.t("entity.timeline")) {
            text.lane x="4" y=(lane(false) - 22.0) { (ui.t("entity.events")) }
            text.lane x="4" y=(lane(true) - 22.0) { (ui.t("entity.statements")) }
            line.axis x1=(PADL) x2=(W - PAD) y1=(H - 28.0) y2=(H - 28.0) {}
            @for (d, l) in &ticks {
                line.tick x1=(x(*d)) x2=(x(*d)) y1="30" y2=(H - 24.0) {}
                text.ticklabel x=(x(*d)) y=(H - 8.0) { (l) }
            }
            @for it in items {
                @let cy = lane(it.statement);
                @let cls = format!("pt {}{}", if it.statement { "st" } else { "ev" }, if it.undated { " undated" } else { "" });
                @let href = it.doc.map(|d| format!("/doc/{}", path_escape(d)));
                a href=[href] {
                    @if it.range.1 > it.range.0 {
                        rect.(format!("range {}", if it.statement { "st" } else { "ev" }))
                            x=(x(it.range.0)) y=(cy - 9.0) width=((x(it.range.1) - x(it.range.0)).max(3.0)) height="18" rx="4" {
                            title { (it.label) }
                        }
                    }
                    circle class=(cls) cx=(x((it.range.0 + it.range.1) / 2)) cy=(cy) r="6" {
                        title { (it.label) @if it.undated { " (" (ui.t("entity.undated")) ")" } }
                    }
                }
            }
        }
    }
}

/// `MM-DD` of a day number.
fn day_label(day: i64) -> String {
    let y = year_of(day);
    let mut m = 12;
    while m > 1 && days(y, m, 1) > day {
        m -= 1;
    }
    format!("{m:02}-{:02}", day - days(y, m, 1) + 1)
}

fn year_of(day: i64) -> i64 {
    // Inverse of `days` up to a year, by search around the estimate.
    let mut y = day * 400 / 146_097;
    while days(y + 1, 1, 1) <= day {
        y += 1;
    }
    while days(y, 1, 1) > day {
        y -= 1;
    }
    y
}

/// The entity page.
pub(crate) fn entity_view(ui: Ui, key: &str, p: &Value, timeline: &[Value]) -> Markup {
    let t = |k| ui.t(k);
    let e = p.get("entity").unwrap_or(p);
    let name = s(e, &["name"]).unwrap_or(key).to_string();
    let its = items(timeline);
    // Aliases grouped by language.
    let mut names: BTreeMap<String, Vec<(String, Option<u64>)>> = BTreeMap::new();
    match p.get("aliases") {
        Some(Value::Object(m)) => {
            for (lang, v) in m {
                for a in v.as_array().map_or(&[][..], Vec::as_slice) {
                    names
                        .entry(lang.clone())
                        .or_default()
                        .push((show(a), n(a, &["count"])));
                }
            }
        }
        Some(Value::Array(v)) => {
            for a in v {
                let lang = s(a, &["language", "lang"]).unwrap_or("und").to_string();
                names.entry(lang).or_default().push((
                    s(a, &["alias", "name"]).unwrap_or("?").to_string(),
                    n(a, &["count"]),
                ));
            }
        }
        _ => {}
    }
    let body = html! {
        article.entity {
            header {
                p.kicker { span.tag.(format!("t-{}", s(e, &["kind", "type"]).unwrap_or("").chars().filter(char::is_ascii_alphanumeric).collect::<String>())) { (s(e, &["kind", "type"]).unwrap_or("?")) } @if let Some(c) = s(e, &["code"]) { " " code { (c) } } }
                h1 { bdi { (name) } }
                p.meta {
                    @if let Some(kb) = s(e, &["kb"]) { code { (kb) } " · " }
                    @if let Some(x) = n(e, &["mentions"]) { strong { (x) } " " (t("entity.mentions")) " · " }
                    @if let Some(x) = n(e, &["documents"]) { strong { (x) } " " (t("entity.documents")) " · " }
                    code.key { (s(e, &["key"]).unwrap_or(key)) }
                }
            }
            section.names {
                h2 { (t("entity.names")) }
                @if names.is_empty() { p.empty { (t("common.none")) } }
                dl {
                    @for (lang, v) in &names {
                        dt { span.tag.lang { (lang) } }
                        dd { @for (i, (a, c)) in v.iter().enumerate() { @if i > 0 { ", " } bdi { (a) } @if let Some(c) = c { " " small { "×" (c) } } } }
                    }
                }
            }
            section.tl {
                h2 { (t("entity.timeline")) }
                @if its.is_empty() { p.empty { (t("entity.no_timeline")) } }
                @else {
                    (timeline_svg(ui, &its))
                    p.legend {
                        span.lg.ev {} (t("entity.events")) " "
                        span.lg.st {} (t("entity.statements")) " "
                        span.lg.undated {} (t("entity.undated"))
                    }
                    details.tl-list {
                        summary { (t("entity.timeline_list")) " (" (its.len()) ")" }
                        ol {
                            @for it in &its {
                                li.(if it.undated { "undated" } else { "" }) {
                                    @if let Some(d) = it.doc { a href={"/doc/" (path_escape(d))} { bdi { (it.label) } } } @else { bdi { (it.label) } }
                                    @if let Some(m) = s(it.v, &["modality"]) { " " span.(format!("mod m-{m}")) { (m) } }
                                }
                            }
                        }
                    }
                }
            }
            div.two {
                section.cooc {
                    h2 { (t("entity.cooccurring")) }
                    @let co = arr(p, &["cooccurring"]);
                    @if co.is_empty() { p.empty { (t("common.none")) } }
                    ul.chips { @for c in co.iter().take(20) { li { (entity_link(c)) @if let Some(k) = n(c, &["count", "documents"]) { " " small { "×" (k) } } } } }
                }
                section.latest-quotes {
                    h2 { (t("entity.latest_quotes")) }
                    @let qs = arr(p, &["quotes"]);
                    @if qs.is_empty() { p.empty { (t("common.none")) } }
                    @for q in qs.iter().take(10) {
                        figure {
                            blockquote dir="auto" { (s(q, &["text"]).unwrap_or("")) }
                            figcaption {
                                @if let Some(d) = s(q, &["doc_id"]) { a href={"/doc/" (path_escape(d))} { bdi { (s(q, &["source", "title"]).unwrap_or(d)) } } }
                                @if let Some(x) = s(q, &["published"]) { " · " time { (x) } }
                            }
                        }
                    }
                }
            }
        }
    };
    layout(ui, &name, "/search", body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_ranges() {
        let (a, b) = day_range("2024-03-13").expect("day");
        assert_eq!(a, b);
        let (m0, m1) = day_range("2024-03").expect("month");
        assert!(m0 < a && a < m1);
        let (y0, y1) = day_range("2024").expect("year");
        assert!(y0 < m0 && m1 < y1);
        assert_eq!(day_range("2024-03-14").map(|r| r.0 - a), Some(1));
        assert_eq!(days(2024, 3, 1) - days(2024, 2, 1), 29);
        assert!(day_range("2024-W12").is_some());
        assert!(day_range("PRESENT_REF").is_none());
        assert_eq!(year_of(days(1999, 12, 31)), 1999);
        assert_eq!(year_of(days(2000, 1, 1)), 2000);
        assert_eq!(day_label(days(2024, 3, 12)), "03-12");
        assert_eq!(day_label(days(2024, 1, 1)), "01-01");
    }
}
