//! `newsgraph kb build`: makes the built-in KB from the open data sets in
//! `shared/data` (CLDR, Factbook, Wikidata office holders, EveryPolitician
//! names, IGOs, Party Facts, GeoNames) and the hand-written language data
//! under `lang/` (demonyms, extra names, seats of power, organisations).
//! Deterministic: the same inputs give the same bytes.

use newsgraph_entities::kb::{KbEntry, Role};
use newsgraph_entities::{names, Error};
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Hand-written language data, embedded.
/// `(language code, contents of lang/<iso>/<name>)` for every registered
/// language that has the file.
fn lang_files(name: &str) -> Vec<(&'static str, &'static str)> {
    newsgraph_lang::languages()
        .filter_map(|l| l.data(name).map(|src| (l.code, src)))
        .collect()
}

const ORGS: &str = include_str!("../../../../lang/kb/orgs.tsv");
const COUNTRY_QIDS: &str = include_str!("../../../../lang/kb/country-qids.tsv");
const MISC: &str = include_str!("../../../../lang/kb/misc.tsv");
const PEOPLE: &str = include_str!("../../../../lang/kb/people.tsv");
const MEDIA: &str = include_str!("../../../../lang/kb/media.tsv");

/// Options of a build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The `shared/data` directory.
    pub shared: PathBuf,
    /// Minimum population of a GeoNames city to be included.
    pub min_population: u64,
    /// Extra KB files (e.g. from `kb import`) merged in.
    pub extra: Vec<PathBuf>,
}

fn read(p: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(p).map_err(|e| Error::Io(p.into(), e))?;
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut s = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut s)
            .map_err(|e| Error::Io(p.into(), e))?;
        Ok(s)
    } else {
        String::from_utf8(bytes).map_err(|_| Error::Corrupt(format!("{}: not UTF-8", p.display())))
    }
}

/// Data lines of a hand-written TSV file (comments and blanks skipped).
fn tsv(src: &str) -> impl Iterator<Item = Vec<&str>> {
    src.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

fn split_bar(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

/// Minimal CSV record splitter (RFC 4180 quotes); returns records.
pub fn csv_records(src: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rec = Vec::new();
    let mut field = String::new();
    let mut inq = false;
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        if inq {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    inq = false;
                }
            } else {
                field.push(c);
            }
        } else {
            match c {
                '"' => inq = true,
                ',' => rec.push(std::mem::take(&mut field)),
                '\n' => {
                    rec.push(std::mem::take(&mut field));
                    out.push(std::mem::take(&mut rec));
                }
                '\r' => {}
                _ => field.push(c),
            }
        }
    }
    if !field.is_empty() || !rec.is_empty() {
        rec.push(field);
        out.push(rec);
    }
    out
}

/// Title-cases a Factbook name (`Alyaksandr LUKASHENKA` → `Alyaksandr Lukashenka`).
fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            if w.chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
                && w.chars().count() > 1
            {
                let mut out = String::new();
                let mut first = true;
                for c in w.chars() {
                    if first {
                        out.push(c);
                    } else {
                        out.extend(c.to_lowercase());
                    }
                    first = !c.is_alphabetic();
                }
                out
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn add_name(e: &mut KbEntry, lang: &str, n: &str) {
    let n = n.trim();
    if n.is_empty() {
        return;
    }
    let v = e.names.entry(lang.to_string()).or_default();
    if !v.iter().any(|x| x == n) {
        v.push(n.to_string());
    }
}

fn add_alias(e: &mut KbEntry, n: &str) {
    let n = n.trim();
    if !n.is_empty()
        && !e.aliases.iter().any(|x| x == n)
        && !e.names.values().flatten().any(|x| x == n)
    {
        e.aliases.push(n.to_string());
    }
}

/// Builds the KB entries, sorted by id.
pub fn build(opts: &BuildOptions) -> Result<Vec<KbEntry>, Error> {
    let d = &opts.shared;
    let mut by_id: BTreeMap<String, KbEntry> = BTreeMap::new();

    // --- Countries: CLDR names + QIDs from the office-holder sources.
    let mut name_qid: HashMap<String, String> = HashMap::new();
    let sources = read(&d.join("kb-officeholders-wikidata/sources.tsv"))?;
    let mut slug_country_name: HashMap<String, String> = HashMap::new();
    for l in sources.lines().skip(1) {
        let f: Vec<&str> = l.split('\t').collect();
        if f.len() >= 3 {
            let n = f[1].trim_start_matches("the ");
            name_qid.insert(names::norm(n), f[2].to_string());
            slug_country_name.insert(f[0].to_string(), names::norm(n));
        }
    }
    let wl = read(&d.join("kb-officeholders-wikidata/world-leaders-2021.csv"))?;
    for r in csv_records(&wl).into_iter().skip(1) {
        if r.len() >= 2 {
            name_qid
                .entry(names::norm(&r[1]))
                .or_insert_with(|| r[0].clone());
        }
    }
    let overrides: HashMap<String, String> = tsv(COUNTRY_QIDS)
        .filter(|f| f.len() >= 2)
        .map(|f| (f[0].to_string(), f[1].to_string()))
        .collect();
    let cldr = read(&d.join("cldr/territories.tsv"))?;
    let mut lines = cldr.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let mut iso2_3: HashMap<String, String> = HashMap::new();
    let mut countryname_iso3: HashMap<String, String> = HashMap::new();
    let mut iso3_id: HashMap<String, String> = HashMap::new();
    for l in lines {
        let f: Vec<&str> = l.split('\t').collect();
        if f.len() < 4 {
            continue;
        }
        let (a2, a3, en) = (f[0], f[1], f[3]);
        iso2_3.insert(a2.to_string(), a3.to_string());
        let id = overrides
            .get(a3)
            .or_else(|| name_qid.get(&names::norm(en)))
            .cloned()
            .unwrap_or_else(|| format!("iso:{a3}"));
        iso3_id.insert(a3.to_string(), id.clone());
        countryname_iso3.insert(names::norm(en), a3.to_string());
        let mut e = KbEntry {
            id: id.clone(),
            kind: "GPE".into(),
            country: Some(a3.into()),
            code: Some(a3.into()),
            weight: 100.0,
            src: "cldr".into(),
            ..Default::default()
        };
        for (i, lang) in header.iter().enumerate().skip(3) {
            if let Some(n) = f.get(i) {
                add_name(&mut e, lang, n);
            }
        }
        by_id.entry(id).or_default().merge_into_default(e);
    }
    // --- Governments: what a capital or seat of power stands for when it
    // acts ("le Kremlin a annoncé", "à la demande de Minsk"): one entry per
    // country, type GPE (ACE's GPE covers a state's government), code
    // <ISO3>GOV, named "Government of <country>".
    let govs: Vec<KbEntry> = by_id
        .values()
        .filter(|e| e.kind == "GPE" && e.code.is_some() && e.code == e.country)
        .filter_map(|c| {
            let a3 = c.country.clone()?;
            let mut g = KbEntry {
                id: format!("gov:{a3}"),
                kind: "GPE".into(),
                country: Some(a3.clone()),
                code: Some(format!("{a3}GOV")),
                weight: 50.0,
                src: "cldr".into(),
                ..Default::default()
            };
            add_name(&mut g, "en", &format!("Government of {}", c.label()));
            Some(g)
        })
        .collect();
    for g in govs {
        by_id.insert(g.id.clone(), g);
    }
    let country_entry = |by_id: &mut BTreeMap<String, KbEntry>, a3: &str| -> Option<String> {
        let id = iso3_id.get(a3)?.clone();
        by_id.contains_key(&id).then_some(id)
    };

    // --- Factbook: nationality words, long names, leaders' spellings.
    let fb = read(&d.join("factbook/countries.jsonl"))?;
    let mut leader_aliases: Vec<(String, String)> = Vec::new(); // (iso3, name)
    for l in fb.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(l) else {
            continue;
        };
        let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
        let Some(a3) = countryname_iso3
            .get(&names::norm(&s("name_short")))
            .cloned()
        else {
            continue;
        };
        let Some(id) = country_entry(&mut by_id, &a3) else {
            continue;
        };
        let Some(e) = by_id.get_mut(&id) else {
            continue;
        };
        for k in ["name_long", "name_short"] {
            if !s(k).is_empty() && s(k) != "none" {
                add_alias(e, &s(k));
            }
        }
        let noun = s("nationality_noun");
        for w in [
            noun.replace("(s)", ""),
            noun.replace("(s)", "s"),
            s("nationality_adjective"),
        ] {
            for part in w.split(&[',', ';', '/'][..]) {
                let p = part.trim();
                if !p.is_empty() && p.len() < 30 {
                    let v = e.adjectives.entry("en".into()).or_default();
                    if !v.iter().any(|x| x == p) {
                        v.push(p.to_string());
                    }
                }
            }
        }
        e.src = "cldr+factbook".into();
        for k in ["chief_of_state", "head_of_government"] {
            for part in s(k).split(';') {
                // "President Alyaksandr LUKASHENKA (since 20 July 1994)"
                let part = part.split('(').next().unwrap_or("").trim();
                let words: Vec<&str> = part.split_whitespace().collect();
                if let Some(fu) = words.iter().position(|w| {
                    w.chars().count() > 1
                        && w.chars()
                            .filter(|c| c.is_alphabetic())
                            .all(char::is_uppercase)
                }) {
                    let name = title_case(&words[fu.saturating_sub(1)..].join(" "));
                    leader_aliases.push((a3.clone(), name));
                }
            }
        }
    }

    // --- Hand-written country names and demonyms.
    for (lang, src) in lang_files("places.tsv") {
        for f in tsv(src) {
            if let (Some(a3), Some(ns)) = (f.first(), f.get(1)) {
                if let Some(id) = country_entry(&mut by_id, a3) {
                    if let Some(e) = by_id.get_mut(&id) {
                        for n in split_bar(ns) {
                            add_name(e, lang, &n);
                        }
                    }
                }
            }
        }
    }
    for (lang, src) in lang_files("demonyms.tsv") {
        for f in tsv(src) {
            if let (Some(a3), Some(ns)) = (f.first(), f.get(1)) {
                if let Some(id) = country_entry(&mut by_id, a3) {
                    if let Some(e) = by_id.get_mut(&id) {
                        let v = e.adjectives.entry(lang.into()).or_default();
                        for n in split_bar(ns) {
                            if !v.contains(&n) {
                                v.push(n);
                            }
                        }
                    }
                }
            }
        }
    }

    // --- Office holders (heads of state and government, ministers).
    let oh = read(&d.join("kb-officeholders-wikidata/officeholders.tsv.gz"))?;
    for l in oh.lines().skip(1) {
        let f: Vec<&str> = l.split('\t').collect();
        if f.len() < 6 || !f[3].starts_with('Q') {
            continue;
        }
        let a3 = slug_country_name
            .get(f[0])
            .and_then(|n| countryname_iso3.get(n))
            .cloned();
        let e = by_id.entry(f[3].to_string()).or_insert_with(|| KbEntry {
            id: f[3].to_string(),
            kind: "PER".into(),
            src: "officeholders".into(),
            weight: 10.0,
            ..Default::default()
        });
        add_name(e, "en", f[2]);
        if f.len() > 9 && !f[9].is_empty() && f[9] != f[2] {
            add_alias(e, f[9]);
        }
        if e.country.is_none() {
            e.country = a3.clone();
        }
        if e.gender.is_none() {
            e.gender = gender_of(f.get(6).copied().unwrap_or(""));
        }
        if e.born.is_none() {
            e.born = f.get(7).filter(|d| !d.is_empty()).map(|d| d.to_string());
        }
        let title = f[1].to_string();
        let head = matches!(
            title.as_str(),
            "President" | "Prime Minister" | "Chancellor" | "Monarch"
        );
        e.weight = e.weight.max(if head { 40.0 } else { 20.0 });
        let r = Role {
            title,
            country: a3,
            start: (!f[4].is_empty()).then(|| f[4].to_string()),
            end: (!f[5].is_empty()).then(|| f[5].to_string()),
        };
        if !e.roles.contains(&r) {
            e.roles.push(r);
        }
    }
    // A person's country is the country of their highest office (a head
    // of state or government before a minister), then of most of their
    // roles: Emmanuel Macron is French, not Andorran (co-prince).
    for e in by_id
        .values_mut()
        .filter(|e| e.kind == "PER" && !e.roles.is_empty())
    {
        e.country = main_country(&e.roles).or(e.country.take());
    }
    // Factbook spellings of current leaders become aliases of the holder.
    for (a3, name) in leader_aliases {
        let best = by_id
            .values_mut()
            .filter(|e| e.kind == "PER" && e.country.as_deref() == Some(a3.as_str()))
            .map(|e| {
                let s = e
                    .all_names()
                    .map(|n| names::compare(&name, n))
                    .fold(0.0, f64::max);
                (s, e)
            })
            .filter(|(s, _)| *s > 0.5)
            .max_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
        if let Some((_, e)) = best {
            add_alias(e, &name);
        }
    }

    // --- EveryPolitician multilingual names (Latin-script languages only).
    let people = read(&d.join("kb-people-names-everypolitician/people.tsv.gz"))?;
    for l in people.lines().skip(1) {
        let f: Vec<&str> = l.split('\t').collect();
        if f.len() >= 2 && f[0].starts_with('Q') {
            let e = by_id.entry(f[0].to_string()).or_insert_with(|| KbEntry {
                id: f[0].to_string(),
                kind: "PER".into(),
                src: "everypolitician".into(),
                weight: 5.0,
                ..Default::default()
            });
            add_name(e, "en", f[1]);
            if e.gender.is_none() {
                e.gender = gender_of(f.get(2).copied().unwrap_or(""));
            }
            if e.born.is_none() {
                e.born = f.get(3).filter(|d| !d.is_empty()).map(|d| d.to_string());
            }
        }
    }
    let pn = read(&d.join("kb-people-names-everypolitician/names.tsv.gz"))?;
    for l in pn.lines().skip(1) {
        let f: Vec<&str> = l.split('\t').collect();
        if f.len() >= 3 && matches!(f[1], "en" | "fr" | "de" | "es" | "it" | "ru" | "uk") {
            if let Some(e) = by_id.get_mut(f[0]) {
                if e.kind == "PER" {
                    add_name(e, f[1], f[2]);
                }
            }
        }
    }

    // --- IGOs.
    let igo = read(&d.join("kb-igo-supraverden/organisations.jsonl"))?;
    for l in igo.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(l) else {
            continue;
        };
        let qid = v["Wikidata_code"].as_str().unwrap_or("");
        let id = if qid.starts_with('Q') {
            qid.to_string()
        } else {
            format!("sprvd:{}", v["SPRVD_id"].as_str().unwrap_or(""))
        };
        let e = by_id.entry(id.clone()).or_insert_with(|| KbEntry {
            id,
            kind: "ORG".into(),
            src: "supraverden".into(),
            weight: 30.0,
            ..Default::default()
        });
        if let Some(obj) = v.as_object() {
            for (k, val) in obj {
                let Some(s) = val.as_str() else { continue };
                if s.starts_with('[') || s.is_empty() {
                    continue;
                }
                if let Some(lang) = k.strip_prefix("Name_") {
                    if lang.len() == 2
                        && matches!(lang, "en" | "fr" | "de" | "es" | "it" | "pt" | "nl")
                    {
                        add_name(e, lang, s);
                    } else if lang == "other_en" || lang == "former_en" {
                        for p in s.split(';') {
                            add_alias(e, p);
                        }
                    }
                } else if k.starts_with("Abbreviation_") && s.chars().count() >= 2 {
                    for p in s.split(';') {
                        add_alias(e, p);
                    }
                }
            }
        }
    }
    // --- Hand-written organisations (acronyms in both languages, codes).
    for f in tsv(ORGS) {
        if f.len() < 5 {
            continue;
        }
        let e = by_id.entry(f[0].to_string()).or_insert_with(|| KbEntry {
            id: f[0].to_string(),
            kind: f[1].to_string(),
            weight: 50.0,
            ..Default::default()
        });
        e.kind = f[1].to_string();
        e.code = (!f[2].is_empty()).then(|| f[2].to_string());
        e.weight = e.weight.max(50.0);
        for n in split_bar(f[3]) {
            add_name(e, "en", &n);
        }
        for n in split_bar(f[4]) {
            add_name(e, "fr", &n);
        }
        for n in split_bar(f.get(5).copied().unwrap_or("")) {
            add_alias(e, &n);
        }
        // The English label goes first.
        if let Some(v) = e.names.get_mut("en") {
            if let Some(p) = v
                .iter()
                .position(|x| x == split_bar(f[3]).first().map(String::as_str).unwrap_or(""))
            {
                let x = v.remove(p);
                v.insert(0, x);
            }
        }
        if !e.src.contains("lang") {
            e.src
                .push_str(if e.src.is_empty() { "lang" } else { "+lang" });
        }
    }

    // --- News agencies, broadcasters, newspapers (hand-written, with ids
    // and countries): ORG, code <ISO3>MED.
    for f in tsv(MEDIA).filter(|f| f.len() >= 4) {
        let mut e = KbEntry {
            id: f[0].into(),
            kind: "ORG".into(),
            country: (f[1].len() == 3).then(|| f[1].to_string()),
            code: (f[1].len() == 3).then(|| format!("{}MED", f[1])),
            weight: 45.0,
            src: "media".into(),
            ..Default::default()
        };
        split_bar(f[2])
            .iter()
            .for_each(|n| add_name(&mut e, "en", n));
        split_bar(f[3])
            .iter()
            .for_each(|n| add_name(&mut e, "fr", n));
        for n in split_bar(f.get(4).copied().unwrap_or("")) {
            add_alias(&mut e, &n);
        }
        by_id.entry(e.id.clone()).or_default().merge_into_default(e);
    }

    // --- Hand-written MISC entities and people.
    for f in tsv(MISC).filter(|f| f.len() >= 3) {
        let mut e = KbEntry {
            id: f[0].into(),
            kind: "MISC".into(),
            weight: 50.0,
            src: "lang".into(),
            ..Default::default()
        };
        split_bar(f[1])
            .iter()
            .for_each(|n| add_name(&mut e, "en", n));
        split_bar(f[2])
            .iter()
            .for_each(|n| add_name(&mut e, "fr", n));
        e.country = f.get(3).filter(|c| c.len() == 3).map(|c| c.to_string());
        by_id.entry(e.id.clone()).or_default().merge_into_default(e);
    }
    for f in tsv(PEOPLE).filter(|f| f.len() >= 3) {
        let mut e = KbEntry {
            id: f[0].into(),
            kind: "PER".into(),
            src: "lang".into(),
            ..Default::default()
        };
        split_bar(f[1])
            .iter()
            .for_each(|n| add_name(&mut e, "en", n));
        split_bar(f[2])
            .iter()
            .for_each(|n| add_name(&mut e, "fr", n));
        e.country = f.get(3).filter(|c| c.len() == 3).map(|c| c.to_string());
        e.weight = f.get(4).and_then(|w| w.parse().ok()).unwrap_or(30.0);
        by_id.entry(e.id.clone()).or_default().merge_into_default(e);
    }

    // --- Parties (Party Facts), with QIDs where linked.
    let pfw = read(&d.join("kb-parties-partyfacts/partyfacts-wikidata.csv"))?;
    let mut pf_qid: HashMap<String, String> = HashMap::new();
    for r in csv_records(&pfw).into_iter().skip(1) {
        if r.len() >= 3 && r[2].starts_with('Q') {
            pf_qid.insert(r[1].clone(), r[2].clone());
        }
    }
    let pfc = read(&d.join("kb-parties-partyfacts/partyfacts-core-parties.csv"))?;
    for r in csv_records(&pfc).into_iter().skip(1) {
        if r.len() < 9 || !r[2].is_empty() {
            continue; // technical entries (alliances, independents)
        }
        let id = pf_qid
            .get(&r[1])
            .cloned()
            .unwrap_or_else(|| format!("partyfacts:{}", r[1]));
        if by_id.get(&id).is_some_and(|e| e.kind != "ORG") {
            continue;
        }
        let e = by_id.entry(id.clone()).or_insert_with(|| KbEntry {
            id,
            kind: "ORG".into(),
            country: Some(r[0].clone()),
            src: "partyfacts".into(),
            weight: 3.0,
            ..Default::default()
        });
        for n in r[5].split(" / ") {
            add_name(e, "en", n);
        }
        add_alias(e, &r[4]);
        if r[3].chars().count() >= 2 {
            add_alias(e, &r[3]);
        }
    }

    // --- Cities (GeoNames) and capitals.
    let gc: serde_json::Value =
        serde_json::from_str(&read(&d.join("kb-geonames-cities/countries.json"))?)
            .map_err(|e| Error::Corrupt(format!("countries.json: {e}")))?;
    let mut capital: HashMap<(String, String), String> = HashMap::new(); // (iso2, name) -> iso3
    if let Some(o) = gc.as_object() {
        for (iso2, c) in o {
            if let (Some(cap), Some(a3)) = (c["capital"].as_str(), c["iso3"].as_str()) {
                capital.insert((iso2.clone(), cap.to_string()), a3.to_string());
            }
        }
    }
    // Continents (GeoNames ids, English and French names): "Europe",
    // "l'Afrique".
    let conts = read(&d.join("kb-geonames-cities/continents.json"))?;
    let conts: serde_json::Value = serde_json::from_str(&conts)
        .map_err(|e| Error::Data(format!("kb-geonames-cities/continents.json: {e}")))?;
    for c in conts.as_object().into_iter().flat_map(|o| o.values()) {
        let id = match &c["geonameId"] {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(n) => n.to_string(),
            _ => continue,
        };
        let Some(name) = c["name"].as_str() else {
            continue;
        };
        let mut e = KbEntry {
            id: format!("geonames:{id}"),
            kind: "LOC".into(),
            weight: 60.0,
            src: "geonames".into(),
            ..Default::default()
        };
        add_name(&mut e, "en", name);
        for item in c["alternateNames"].as_array().into_iter().flatten() {
            if let (Some(n), Some(l)) = (item["name"].as_str(), item["lang"].as_str()) {
                if matches!(l, "en" | "fr") && !n.is_empty() {
                    add_name(&mut e, l, n);
                }
            }
        }
        by_id.insert(e.id.clone(), e);
    }
    let cities = read(&d.join("kb-geonames-cities/cities15000.tsv.gz"))?;
    let mut city_by_name: HashMap<(String, String), String> = HashMap::new(); // (iso3, norm name) -> id
    for l in cities.lines().skip(1) {
        let f: Vec<&str> = l.split('\t').collect();
        if f.len() < 9 {
            continue;
        }
        let pop: u64 = f[4].parse().unwrap_or(0);
        let cap = capital.get(&(f[2].to_string(), f[1].to_string())).cloned();
        if pop < opts.min_population && cap.is_none() {
            continue;
        }
        let a3 = iso2_3.get(f[2]).cloned();
        let id = format!("geonames:{}", f[0]);
        let mut e = KbEntry {
            id: id.clone(),
            kind: "GPE".into(),
            country: a3.clone(),
            seat_of: cap.clone(),
            weight: ((pop.max(1) as f32).log10() * 4.0).min(30.0)
                + if cap.is_some() { 30.0 } else { 0.0 },
            src: "geonames".into(),
            ..Default::default()
        };
        add_name(&mut e, "en", f[1]);
        for alt in f[8].split('|') {
            let ok = alt.chars().count() >= 3
                && alt.chars().next().is_some_and(char::is_uppercase)
                && alt
                    .chars()
                    .all(|c| c.is_alphabetic() && (c as u32) < 0x250 || " -'’".contains(c));
            if ok {
                add_alias(&mut e, alt);
            }
        }
        if let Some(a3) = &a3 {
            city_by_name.insert((a3.clone(), names::norm(f[1])), id.clone());
        }
        by_id.insert(id, e);
    }
    // Seats of power and capitals' French/English spellings.
    for (lang, src) in lang_files("seats.tsv") {
        for f in tsv(src) {
            if f.len() < 3 {
                continue;
            }
            let (name, a3, kind) = (f[0], f[1], f[2]);
            if kind == "capital" {
                // Attach to an existing capital city with this seat.
                let found = by_id.values_mut().find(|e| {
                    e.seat_of.as_deref() == Some(a3) && e.kind == "GPE" && e.src == "geonames"
                });
                if let Some(e) = found {
                    add_name(e, lang, name);
                    continue;
                }
            }
            let id = format!("seat:{}:{}", a3, names::norm(name).replace(' ', "-"));
            let e = by_id.entry(id.clone()).or_insert_with(|| KbEntry {
                id,
                kind: if kind == "seat" {
                    "ORG".into()
                } else {
                    "GPE".into()
                },
                country: Some(a3.into()),
                seat_of: Some(a3.into()),
                code: Some(format!("{a3}GOV")),
                weight: 60.0,
                src: "lang".into(),
                ..Default::default()
            });
            add_name(e, lang, name);
        }
    }
    let _ = city_by_name;

    // --- Gender of people whose data do not say it, from their first
    // name when it is unambiguous (names-first-gender-guesser: `M`/`F`
    // only, not the unisex `?` classes).
    let nd = read(&d.join("names-first-gender-guesser/nam_dict.txt.gz"))?;
    let mut first_gender: HashMap<String, Option<char>> = HashMap::new();
    for l in nd.lines() {
        let cs: Vec<char> = l.chars().collect();
        if cs.len() < 31 || cs[0] == '#' || cs[0] == '=' || cs[29] == '+' {
            continue;
        }
        let g = match cs[0..2].iter().collect::<String>().trim() {
            "M" => 'm',
            "F" => 'f',
            _ => continue,
        };
        let name: String = cs[3..29].iter().collect::<String>().replace('+', " ");
        let k = names::norm(name.trim());
        let v = first_gender.entry(k).or_insert(Some(g));
        if *v != Some(g) {
            *v = None;
        }
    }
    for e in by_id
        .values_mut()
        .filter(|e| e.kind == "PER" && e.gender.is_none())
    {
        let first = names::norm(e.label());
        let first = first.split(' ').next().unwrap_or("");
        if let Some(Some(g)) = first_gender.get(first) {
            e.gender = Some(g.to_string());
        }
    }

    for p in &opts.extra {
        let bytes = std::fs::read(p).map_err(|e| Error::Io(p.clone(), e))?;
        for e in newsgraph_entities::kb::read_any(&bytes)? {
            by_id.entry(e.id.clone()).or_default().merge_into_default(e);
        }
    }
    Ok(by_id.into_values().filter(|e| !e.id.is_empty()).collect())
}

/// `m`/`f` from Wikidata's `male`/`female` (other values: unknown).
fn gender_of(s: &str) -> Option<String> {
    match s {
        "male" => Some("m".into()),
        "female" => Some("f".into()),
        _ => None,
    }
}

/// The country of a person's highest office (heads of state and
/// government first), ties broken by the number of roles in that country,
/// then by the code.
fn main_country(roles: &[Role]) -> Option<String> {
    let head = |t: &str| matches!(t, "President" | "Prime Minister" | "Chancellor" | "Monarch");
    let mut score: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for r in roles {
        if let Some(c) = r.country.as_deref() {
            let s = score.entry(c).or_default();
            s.0 += usize::from(head(&r.title));
            s.1 += 1;
        }
    }
    score
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(c, _)| c.to_string())
}

trait MergeDefault {
    fn merge_into_default(&mut self, e: KbEntry);
}

impl MergeDefault for KbEntry {
    /// Merges into `self`, or replaces it when `self` is still the default.
    fn merge_into_default(&mut self, e: KbEntry) {
        if self.id.is_empty() {
            *self = e;
        } else {
            self.merge(e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes() {
        let r = csv_records("a,\"b, c\",\"d \"\"e\"\"\"\nx,y,z\n");
        assert_eq!(r[0], vec!["a", "b, c", "d \"e\""]);
        assert_eq!(r[1], vec!["x", "y", "z"]);
    }

    #[test]
    fn factbook_names() {
        assert_eq!(title_case("Alyaksandr LUKASHENKA"), "Alyaksandr Lukashenka");
        assert_eq!(title_case("Kasym-Zhomart TOKAYEV"), "Kasym-Zhomart Tokayev");
    }

    #[test]
    fn lang_files_parse() {
        let files = [lang_files("demonyms.tsv"), lang_files("places.tsv")].concat();
        assert_eq!(files.len(), 4);
        for (_, src) in files {
            for f in tsv(src) {
                assert_eq!(f.len(), 2, "{f:?}");
                assert_eq!(f[0].len(), 3, "{f:?}");
            }
        }
        for f in tsv(ORGS) {
            assert!(f.len() >= 5, "{f:?}");
        }
        for src in [MISC, PEOPLE] {
            for f in tsv(src) {
                assert!(f.len() >= 3, "{f:?}");
            }
        }
    }
}
