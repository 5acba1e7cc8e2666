//! `newsgraph kb import`: converts Wikidata JSON dump lines (one entity
//! per line, the dump's `[`, `]` and trailing commas tolerated) into KB
//! entries: labels and aliases by language, type guessed from P31, country
//! from P17/P27, offices from P39 with start/end qualifiers.

use newsgraph_entities::kb::{KbEntry, Role};
use serde_json::Value;

/// Types from `instance of` (P31) values.
fn kind_of(p31: &[String]) -> &'static str {
    let has = |q: &str| p31.iter().any(|x| x == q);
    if has("Q5") {
        "PER"
    } else if has("Q6256") || has("Q3624078") || has("Q515") || has("Q1549591") || has("Q5119") {
        "GPE"
    } else if has("Q43229") || has("Q484652") || has("Q7278") || has("Q4830453") || has("Q163740") {
        "ORG"
    } else if has("Q82794") || has("Q8502") || has("Q4022") || has("Q23397") {
        "LOC"
    } else {
        "MISC"
    }
}

fn claim_ids(v: &Value, p: &str) -> Vec<String> {
    v["claims"][p]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| {
            c["mainsnak"]["datavalue"]["value"]["id"]
                .as_str()
                .map(String::from)
        })
        .collect()
}

fn qual_time(c: &Value, p: &str) -> Option<String> {
    let t = c["qualifiers"][p][0]["datavalue"]["value"]["time"].as_str()?;
    // "+2012-05-07T00:00:00Z" → "2012-05-07"; zero month/day dropped.
    let t = t.trim_start_matches('+');
    let d = t.split('T').next()?;
    Some(
        d.trim_end_matches("-00")
            .trim_end_matches("-00")
            .to_string(),
    )
}

/// Converts one dump line; `None` for non-entity lines. `country_iso` maps
/// a country QID to its ISO alpha-3 code (from the KB).
pub fn convert(line: &str, country_iso: &dyn Fn(&str) -> Option<String>) -> Option<KbEntry> {
    let t = line.trim().trim_end_matches(',');
    if t.is_empty() || t == "[" || t == "]" {
        return None;
    }
    let v: Value = serde_json::from_str(t).ok()?;
    let id = v["id"].as_str()?.to_string();
    let mut e = KbEntry {
        id,
        src: "wikidata-import".into(),
        weight: 10.0,
        ..Default::default()
    };
    e.kind = kind_of(&claim_ids(&v, "P31")).into();
    if let Some(o) = v["labels"].as_object() {
        for (lang, l) in o {
            if let Some(s) = l["value"].as_str() {
                e.names.entry(lang.clone()).or_default().push(s.to_string());
            }
        }
    }
    if let Some(o) = v["aliases"].as_object() {
        for (_, list) in o {
            for a in list.as_array().into_iter().flatten() {
                if let Some(s) = a["value"].as_str() {
                    if !e.aliases.iter().any(|x| x == s) {
                        e.aliases.push(s.to_string());
                    }
                }
            }
        }
    }
    let country = claim_ids(&v, "P17")
        .into_iter()
        .chain(claim_ids(&v, "P27"))
        .next();
    e.country = country.as_deref().and_then(country_iso);
    for c in v["claims"]["P39"].as_array().into_iter().flatten() {
        if let Some(pos) = c["mainsnak"]["datavalue"]["value"]["id"].as_str() {
            e.roles.push(Role {
                title: pos.to_string(),
                country: e.country.clone(),
                start: qual_time(c, "P580"),
                end: qual_time(c, "P582"),
            });
        }
    }
    Some(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_a_dump_line() {
        let line = r#"{"type":"item","id":"Q2866","labels":{"en":{"language":"en","value":"Alexander Lukashenko"},"fr":{"language":"fr","value":"Alexandre Loukachenko"}},"aliases":{"en":[{"language":"en","value":"Alyaksandr Lukashenka"}]},"claims":{"P31":[{"mainsnak":{"datavalue":{"value":{"id":"Q5"}}}}],"P27":[{"mainsnak":{"datavalue":{"value":{"id":"Q184"}}}}],"P39":[{"mainsnak":{"datavalue":{"value":{"id":"Q1472519"}}},"qualifiers":{"P580":[{"datavalue":{"value":{"time":"+1994-07-20T00:00:00Z"}}}]}}]}},"#;
        let e = convert(line, &|q| (q == "Q184").then(|| "BLR".to_string())).expect("entity");
        assert_eq!(e.kind, "PER");
        assert_eq!(e.label(), "Alexander Lukashenko");
        assert_eq!(e.country.as_deref(), Some("BLR"));
        assert_eq!(e.roles[0].start.as_deref(), Some("1994-07-20"));
        assert!(convert("[", &|_| None).is_none());
    }
}
