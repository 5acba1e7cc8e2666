//! Datelines at the head of wire copy: the place, the agency, and the date
//! that becomes the text's reference time.

use newsgraph_doc::Published;

fn slice(text: &str, (a, b): (usize, usize)) -> String {
    text.chars().skip(a).take(b - a).collect()
}

/// (place, agency, date value) of the dateline of `text`, if any.
fn dateline(lang: &str, text: &str) -> Option<(String, Option<String>, Option<String>)> {
    let p: Published = "2023-03-07".parse().expect("valid date");
    let d = newsgraph_time::dateline(text, lang, Some(&p)).expect("supported language")?;
    Some((
        slice(text, d.place),
        d.agency.map(|a| slice(text, a)),
        d.date,
    ))
}

/// Expected (place, agency, date value).
type Want = Option<(&'static str, Option<&'static str>, Option<&'static str>)>;

#[test]
fn datelines_are_found() {
    let cases: &[(&str, &str, Want)] = &[
        (
            "en",
            "WASHINGTON, March 3 (Reuters) - The Senate voted on Friday.",
            Some(("WASHINGTON", Some("Reuters"), Some("2023-03-03"))),
        ),
        (
            "en",
            "NEW YORK (AP) — Stocks fell on Monday.",
            Some(("NEW YORK", Some("AP"), None)),
        ),
        (
            "fr",
            "PARIS (AFP) - Le gouvernement a présenté son budget.",
            Some(("PARIS", Some("AFP"), None)),
        ),
        (
            "fr",
            "Budget 2024\nSAINT-DENIS, 3 mars (AFP) – La préfecture a annoncé hier…",
            Some(("SAINT-DENIS", Some("AFP"), Some("2023-03-03"))),
        ),
        // No dateline: a sentence, a title in capitals without agency or date.
        ("fr", "Paris a voté hier - enfin.", None),
        ("en", "BREAKING - The Senate voted.", None),
    ];
    for (lang, text, want) in cases {
        let got = dateline(lang, text);
        let want =
            want.map(|(p, a, d)| (p.to_string(), a.map(str::to_string), d.map(str::to_string)));
        assert_eq!(got, want, "{lang} {text:?}");
    }
}
