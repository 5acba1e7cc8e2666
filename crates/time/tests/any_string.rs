//! "Any string, no panic": the time stage on arbitrary text returns
//! expressions whose offsets index the text and whose text matches.

use newsgraph_doc::Published;
use proptest::prelude::*;

fn words() -> impl Strategy<Value = String> {
    let w = prop::sample::select(vec![
        "le",
        "1er",
        "mars",
        "dernier",
        "hier",
        "il",
        "y",
        "a",
        "deux",
        "ans",
        "14",
        "h",
        "30",
        "2023",
        "-",
        "/",
        "05",
        "'",
        "l",
        "an",
        "last",
        "May",
        "25th",
        ",",
        "ago",
        "the",
        "1990s",
        "p.m.",
        "at",
        "every",
        "Monday",
        "semaine",
        "prochaine",
        "XXe",
        "siècle",
        "vers",
        "du",
        "au",
        "juillet",
        "é",
        "’",
        "\n",
        "29",
        "février",
        "9999",
        "0",
        "31",
        "12",
    ]);
    prop::collection::vec(prop_oneof![w.prop_map(String::from), "\\PC{0,4}"], 0..40)
        .prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]
    #[test]
    fn offsets_round_trip(text in words(), lang in prop::sample::select(vec!["fr", "en"]), p in prop::sample::select(vec!["2023", "2023-05", "2024-02-29", "2023-12-31T23:59:00+14:00"])) {
        let published: Published = p.parse().expect("valid date");
        for pubd in [None, Some(&published)] {
            let t = newsgraph_time::annotate(&text, lang, pubd).expect("supported language");
            for x in &t {
                prop_assert!(x.start < x.end);
                let slice: String = text.chars().skip(x.start).take(x.end - x.start).collect();
                prop_assert_eq!(&slice, &x.text);
                prop_assert!(!x.value.is_empty());
            }
        }
    }
}
