//! The seed document: exactly its four time expressions, with their values
//! under a month-precision publication date.

use newsgraph_doc::{Published, TimexType};

#[test]
fn seed_has_exactly_four_timexes() {
    let Some(path) = newsgraph_doc::shared::shared_for_test("seed/000_40ef0cfb4622ad49.txt") else {
        return;
    };
    // The file starts with a `date 2023-05` header, which the reader takes.
    let mut docs = newsgraph_read::read_path(&path, &Default::default());
    let doc = docs.pop().expect("one document").expect("readable");
    let published: Published = "2023-05".parse().expect("valid date");
    assert_eq!(doc.published, Some(published));
    let raw = doc.text.clone();
    let t = newsgraph_time::annotate(&raw, "fr", doc.published.as_ref()).expect("fr is supported");
    let got: Vec<(&str, &str, TimexType)> = t
        .iter()
        .map(|t| (t.text.as_str(), t.value.as_str(), t.kind))
        .collect();
    eprintln!("{got:?}");
    let want = vec![
        ("1999", "1999", TimexType::Date),
        ("2000", "2000", TimexType::Date),
        ("mars dernier", "2023-03", TimexType::Date),
        ("1er juillet", "2023-07-01", TimexType::Date),
    ];
    assert_eq!(got, want);
    for x in &t {
        assert_eq!(
            raw.chars()
                .skip(x.start)
                .take(x.end - x.start)
                .collect::<String>(),
            x.text
        );
    }
    assert_eq!(t[2].anchor.as_deref(), Some("published:2023-05"));
    assert_eq!(t[0].anchor, None);
}
