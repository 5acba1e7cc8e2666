//! Data-driven entity tests: `tests/cases.txt` (table-driven French and
//! English cases) and the seed document (skipped when ../shared is absent,
//! failing under CI).

use newsgraph_doc::{Document, Published};

fn analyze(lang: &str, date: &str, text: &str) -> Document {
    let mut doc = Document::new("t", text);
    doc.language = Some(lang.into());
    doc.published = Published::parse_lenient(date).ok();
    newsgraph_segment::segment(&mut doc);
    newsgraph_entities::annotate(&mut doc);
    doc
}

/// Index of the entity holding mention `spec` (`TEXT` or `TEXT@N`).
fn entity_of(doc: &Document, spec: &str) -> Result<usize, String> {
    let (text, nth) = match spec.rsplit_once('@') {
        Some((t, n)) if n.chars().all(|c| c.is_ascii_digit()) => {
            (t, n.parse::<usize>().unwrap_or(1))
        }
        _ => (spec, 1),
    };
    // The nth mention (in text order) whose text is exactly `text`.
    let mut ms: Vec<(usize, usize, usize)> = doc
        .entities
        .iter()
        .enumerate()
        .flat_map(|(i, e)| {
            e.mentions
                .iter()
                .filter(|m| m.text == text)
                .map(move |m| (m.start, m.end, i))
        })
        .collect();
    ms.sort_unstable();
    ms.get(nth - 1)
        .map(|m| m.2)
        .ok_or_else(|| format!("no entity has mention {spec:?}"))
}

fn check(block: &str) -> Vec<String> {
    let mut lang = "fr";
    let mut date = "2023-05";
    let mut doc: Option<Document> = None;
    let mut errors = Vec::new();
    for line in block.lines() {
        let Some((k, v)) = line.split_once(": ") else {
            continue;
        };
        let v = v.trim();
        if k == "lang" {
            lang = if v == "en" { "en" } else { "fr" };
            continue;
        }
        if k == "date" {
            date = v;
            continue;
        }
        if k == "text" {
            doc = Some(analyze(lang, date, v));
            continue;
        }
        let Some(d) = doc.as_ref() else { continue };
        let r: Result<(), String> = (|| match k {
            "kb" | "code" => {
                let (m, want) = v.split_once(" => ").ok_or("bad line")?;
                let e = &d.entities[entity_of(d, m)?];
                let got = if k == "kb" {
                    e.kb.clone()
                } else {
                    e.code.clone()
                };
                (got.as_deref() == Some(want))
                    .then_some(())
                    .ok_or(format!("{m}: {k} {got:?}, want {want}"))
            }
            "type" => {
                let (m, want) = v.split_once(" => ").ok_or("bad line")?;
                let e = &d.entities[entity_of(d, m)?];
                (e.kind == want)
                    .then_some(())
                    .ok_or(format!("{m}: type {}, want {want}", e.kind))
            }
            "nokb" => {
                let e = &d.entities[entity_of(d, v)?];
                e.kb.is_none()
                    .then_some(())
                    .ok_or(format!("{v}: kb {:?}, want none", e.kb))
            }
            "same" => {
                let (a, b) = v.split_once(" = ").ok_or("bad line")?;
                (entity_of(d, a)? == entity_of(d, b)?)
                    .then_some(())
                    .ok_or(format!("{a} and {b} differ"))
            }
            "absent" => d
                .entities
                .iter()
                .all(|e| e.kb.as_deref() != Some(v))
                .then_some(())
                .ok_or(format!("an entity has kb {v}")),
            "differ" => {
                let (a, b) = v
                    .split_once(" != ")
                    .or_else(|| v.split_once(" = "))
                    .ok_or("bad line")?;
                (entity_of(d, a)? != entity_of(d, b)?)
                    .then_some(())
                    .ok_or(format!("{a} and {b} merged"))
            }
            _ => Err(format!("unknown key {k}")),
        })();
        if let Err(e) = r {
            errors.push(format!(
                "[{}] {e}",
                d.text.chars().take(40).collect::<String>()
            ));
        }
    }
    if let (Some(d), false) = (&doc, errors.is_empty()) {
        for e in &d.entities {
            errors.push(format!(
                "  {} {} {:?} {:?} {:?}",
                e.id,
                e.kind,
                e.name,
                e.kb,
                e.mentions.iter().map(|m| &m.text).collect::<Vec<_>>()
            ));
        }
    }
    errors
}

#[test]
fn table_cases() {
    let src = include_str!("cases.txt");
    let mut errors = Vec::new();
    let mut n = 0;
    for block in src.split("\n\n").filter(|b| b.contains("text: ")) {
        n += 1;
        errors.extend(check(block));
    }
    assert!(n >= 7, "cases file has {n} blocks");
    assert!(errors.is_empty(), "\n{}", errors.join("\n"));
}

#[test]
fn seed_document() {
    let Some(p) = newsgraph_doc::shared::shared_for_test("seed/000_40ef0cfb4622ad49.txt") else {
        return;
    };
    let docs = newsgraph_read::read_path(&p, &Default::default());
    let Some(Ok(mut doc)) = docs.into_iter().next() else {
        panic!("cannot read the seed");
    };
    doc.language = Some("fr".into());
    newsgraph_segment::segment(&mut doc);
    newsgraph_entities::annotate(&mut doc);
    let block = "\
kb: Alexandre Loukachenko => Q2866
same: Loukachenko = Alexandre Loukachenko
same: Loukachenko@2 = Alexandre Loukachenko
same: président biélorusse = Alexandre Loukachenko
code: Loukachenko => BLRGOV
kb: Kassym-Jomart Tokaïev => Q200881
same: Kassym-Jomart Tokaïev@2 = Kassym-Jomart Tokaïev
same: président kazakh = Kassym-Jomart Tokaïev
kb: Vladimir Poutine => Q7747
same: président russe = Vladimir Poutine
kb: Biélorussie => Q184
kb: Russie => Q159
kb: Kazakhstan => Q232
kb: Arménie => Q399
kb: Kirghizistan => Q813
kb: États-Unis => Q30
kb: Minsk => gov:BLR
code: Minsk => BLRGOV
kb: Moscou => gov:RUS
kb: Minsk@2 => geonames:625144
kb: Union économique eurasiatique => Q4173083
same: UEE = Union économique eurasiatique
kb: État-union => ng:union-state
same: Union Russie-Biélorussie = État-union
code: Union économique eurasiatique => IGO
kb: Iskander => ng:iskander
";
    // Reuse the case checker on the already analysed seed.
    let mut errors = Vec::new();
    for line in block.lines() {
        let one = check_on(&doc, line);
        errors.extend(one);
    }
    assert!(errors.is_empty(), "\n{}", errors.join("\n"));
    // No entity is a bare adjective ("russe", "biélorusse").
    for e in &doc.entities {
        for m in &e.mentions {
            assert!(
                m.text.chars().next().is_some_and(|c| c.is_uppercase())
                    || m.text.starts_with("président"),
                "{m:?}"
            );
        }
    }
}

fn check_on(doc: &Document, line: &str) -> Vec<String> {
    // Same grammar as cases.txt, on an analysed document.
    let d = doc;
    let Some((k, v)) = line.split_once(": ") else {
        return vec![];
    };
    let r: Result<(), String> = (|| match k {
        "kb" | "code" => {
            let (m, want) = v.split_once(" => ").ok_or("bad line")?;
            let e = &d.entities[entity_of(d, m)?];
            let got = if k == "kb" {
                e.kb.clone()
            } else {
                e.code.clone()
            };
            (got.as_deref() == Some(want))
                .then_some(())
                .ok_or(format!("{m}: {k} {got:?}, want {want}"))
        }
        "type" => {
            let (m, want) = v.split_once(" => ").ok_or("bad line")?;
            let e = &d.entities[entity_of(d, m)?];
            (e.kind == want)
                .then_some(())
                .ok_or(format!("{m}: type {}, want {want}", e.kind))
        }
        "nokb" => {
            let e = &d.entities[entity_of(d, v)?];
            e.kb.is_none()
                .then_some(())
                .ok_or(format!("{v}: kb {:?}, want none", e.kb))
        }
        "same" => {
            let (a, b) = v.split_once(" = ").ok_or("bad line")?;
            (entity_of(d, a)? == entity_of(d, b)?)
                .then_some(())
                .ok_or(format!("{a} and {b} differ"))
        }
        _ => Err(format!("unknown key {k}")),
    })();
    r.err().into_iter().collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Any text: no panic, mentions inside the text and matching it.
    #[test]
    fn any_string_no_panic(text in "\\PC{0,200}", en in proptest::bool::ANY) {
        let doc = analyze(if en { "en" } else { "fr" }, "2023-05", &text);
        let ix = doc.index();
        for e in &doc.entities {
            for m in &e.mentions {
                proptest::prop_assert!(m.start < m.end && m.end <= ix.len_chars());
                proptest::prop_assert_eq!(doc.slice(&ix, m.start, m.end), m.text.as_str());
            }
        }
    }
}
