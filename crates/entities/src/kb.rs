//! The knowledge base: entries in a documented JSON-lines format (one
//! entity per line, see `docs/entities.md`), the built-in KB embedded in
//! the binary as gzip-compressed JSON lines and parsed lazily once, and the
//! name indexes used for lookups.

use crate::names;
use crate::Error;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, Read};
use std::sync::OnceLock;

/// Version of the KB line format; the first line of a KB file is the
/// header `{"newsgraph_kb": VERSION, …}`.
pub const KB_FORMAT_VERSION: u32 = 1;

/// The built-in KB (`kb/builtin.jsonl.gz`, made by `newsgraph kb build`).
static BUILTIN: &[u8] = include_bytes!("../../../kb/builtin.jsonl.gz");

/// A role held by a person: an office in a country over a period.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct Role {
    /// Office title in English, as in Wikidata (`President`, `Prime Minister`,
    /// `Minister of Foreign Affairs`).
    pub title: String,
    /// ISO 3166 alpha-3 code of the country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Start date (ISO, any precision).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// End date (ISO, any precision); absent while in office.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

impl Role {
    /// Does the role cover `date` (ISO prefix like `2023-05`)? Dates compare
    /// as strings at the shorter precision; no date means "any".
    pub fn covers(&self, date: Option<&str>) -> bool {
        let Some(d) = date else {
            return self.end.is_none();
        };
        let before = |a: &str, b: &str| {
            let n = a.len().min(b.len());
            a[..n] <= b[..n]
        };
        let started = self.start.as_deref().is_none_or(|s| before(s, d));
        let not_ended = self.end.as_deref().is_none_or(|e| before(d, e));
        started && not_ended
    }
}

/// One KB entity.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct KbEntry {
    /// Identifier: a Wikidata QID where known, else `source:local-id`.
    pub id: String,
    /// PER, ORG, GPE, LOC or MISC.
    #[serde(rename = "type")]
    pub kind: String,
    /// Names by language code (`en`, `fr`, `ru`…); the first English name
    /// is the display label.
    #[serde(default)]
    pub names: BTreeMap<String, Vec<String>>,
    /// Other names in any language (acronyms, former names, spellings).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Demonyms/adjectives by language, all gender and number forms
    /// (`biélorusse`, `biélorusses`; `Belarusian`). Countries only.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub adjectives: BTreeMap<String, Vec<String>>,
    /// ISO 3166 alpha-3 code of the entity's country (of a country: itself).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// CAMEO-style actor code (`BLR`, `IGOUNO`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// For capitals and seats of power (`Moscou`, `le Kremlin`): the ISO
    /// alpha-3 code of the state they stand for when they act.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seat_of: Option<String>,
    /// Offices held (people).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
    /// Gender of a person, `m` or `f` (Wikidata), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// Birth date of a person (ISO, any precision), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub born: Option<String>,
    /// Prominence used to break ties between homonyms (higher wins).
    #[serde(default)]
    pub weight: f32,
    /// Where the entry comes from (`cldr+factbook`, `officeholders`…).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub src: String,
}

impl KbEntry {
    /// The display name: first English name, else any first name, else id.
    pub fn label(&self) -> &str {
        self.names
            .get("en")
            .and_then(|v| v.first())
            .or_else(|| self.names.values().flat_map(|v| v.first()).next())
            .map(String::as_str)
            .unwrap_or(&self.id)
    }

    /// Every name of the entry: names in all languages, then aliases.
    pub fn all_names(&self) -> impl Iterator<Item = &str> {
        self.names
            .values()
            .flatten()
            .chain(self.aliases.iter())
            .map(String::as_str)
    }

    /// Merges `other` (same id) into `self`: names, aliases and roles are
    /// unioned; scalar fields of `other` win when set.
    pub fn merge(&mut self, other: KbEntry) {
        for (l, ns) in other.names {
            let v = self.names.entry(l).or_default();
            for n in ns {
                if !v.contains(&n) {
                    v.push(n);
                }
            }
        }
        for (l, ns) in other.adjectives {
            let v = self.adjectives.entry(l).or_default();
            for n in ns {
                if !v.contains(&n) {
                    v.push(n);
                }
            }
        }
        for a in other.aliases {
            if !self.aliases.contains(&a) {
                self.aliases.push(a);
            }
        }
        for r in other.roles {
            if !self.roles.contains(&r) {
                self.roles.push(r);
            }
        }
        if other.country.is_some() {
            self.country = other.country;
        }
        if other.code.is_some() {
            self.code = other.code;
        }
        if other.seat_of.is_some() {
            self.seat_of = other.seat_of;
        }
        if other.gender.is_some() {
            self.gender = other.gender;
        }
        if other.born.is_some() {
            self.born = other.born;
        }
        self.weight = self.weight.max(other.weight);
        if !other.src.is_empty() && !self.src.contains(&other.src) {
            if !self.src.is_empty() {
                self.src.push('+');
            }
            self.src.push_str(&other.src);
        }
    }
}

/// How a name matched an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameKind {
    /// A name in some language.
    Name,
    /// An alias or acronym.
    Alias,
}

/// A lookup result.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Index of the entry in [`Kb::entries`].
    pub entry: usize,
    /// Confidence in [0, 1].
    pub score: f64,
    /// Human-readable reason.
    pub why: String,
}

/// A hasher for the KB's string-keyed indexes: FxHash's multiply-rotate
/// over 8-byte words. The indexes are only looked up, never iterated, so the
/// hash order does not show; SipHash's resistance to chosen keys is not
/// needed for a KB built by `newsgraph kb build`, and building the
/// indexes was most of the start-up cost (`bench/speed.sh`).
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` with [`FxHasher`].
pub type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// The loaded knowledge base with its indexes.
#[derive(Debug, Default)]
pub struct Kb {
    /// All entries.
    pub entries: Vec<KbEntry>,
    /// Normalized name → entries.
    exact: FastMap<String, Vec<(u32, NameKind)>>,
    /// Transliteration key of a full person name → entries.
    person_key: FastMap<String, Vec<u32>>,
    /// Transliteration key of a surname → people.
    surname_key: FastMap<String, Vec<u32>>,
    /// Normalized adjective/demonym → country entry.
    adjectives: FastMap<String, u32>,
    /// ISO alpha-3 → country entry.
    by_iso: FastMap<String, u32>,
    /// ISO alpha-3 → the country's government entry (`gov:BLR`).
    gov_by_iso: FastMap<String, u32>,
    /// id → entry.
    by_id: FastMap<String, u32>,
    /// First normalized token of a name → most tokens in such a name.
    first_max: FastMap<String, u8>,
}

impl Kb {
    /// The built-in KB plus the files listed in `NEWSGRAPH_KB_EXTRA`
    /// (separated by `:`), parsed once on first use. A corrupt built-in KB
    /// yields an empty KB; load problems are in [`Kb::builtin_warnings`].
    pub fn builtin() -> &'static Kb {
        &Self::builtin_loaded().0
    }

    /// Problems met loading [`Kb::builtin`] (a corrupt built-in KB, an
    /// unreadable extra file); the stage copies them to document warnings.
    pub fn builtin_warnings() -> &'static [String] {
        &Self::builtin_loaded().1
    }

    fn builtin_loaded() -> &'static (Kb, Vec<String>) {
        static KB: OnceLock<(Kb, Vec<String>)> = OnceLock::new();
        KB.get_or_init(|| {
            let mut warnings = Vec::new();
            let mut entries = match read_gz(BUILTIN) {
                Ok(e) => e,
                Err(e) => {
                    warnings.push(format!("built-in KB unusable: {e}"));
                    Vec::new()
                }
            };
            if let Ok(extra) = std::env::var("NEWSGRAPH_KB_EXTRA") {
                for p in extra.split(':').filter(|p| !p.is_empty()) {
                    match std::fs::read(p)
                        .map_err(|e| Error::Io(p.into(), e))
                        .and_then(|b| read_any(&b))
                    {
                        Ok(mut e) => entries.append(&mut e),
                        Err(e) => warnings.push(format!("KB file {p} skipped: {e}")),
                    }
                }
            }
            (Kb::from_entries(entries), warnings)
        })
    }

    /// Builds the indexes over `entries` (entries sharing an id are merged).
    pub fn from_entries(entries: Vec<KbEntry>) -> Kb {
        let mut kb = Kb::default();
        kb.by_id.reserve(entries.len());
        kb.entries.reserve(entries.len());
        for e in entries {
            if let Some(&i) = kb.by_id.get(&e.id) {
                kb.entries[i as usize].merge(e);
            } else {
                kb.by_id.insert(e.id.clone(), kb.entries.len() as u32);
                kb.entries.push(e);
            }
        }
        for (i, e) in kb.entries.iter().enumerate() {
            let i = i as u32;
            for (n, k) in e
                .names
                .values()
                .flatten()
                .map(|n| (n, NameKind::Name))
                .chain(e.aliases.iter().map(|n| (n, NameKind::Alias)))
            {
                let nn = names::norm(n);
                let mut it = nn.split(' ');
                if let Some(first) = it.next() {
                    let len = (1 + it.count()).min(255) as u8;
                    match kb.first_max.get_mut(first) {
                        Some(m) => *m = (*m).max(len),
                        None => {
                            kb.first_max.insert(first.to_string(), len);
                        }
                    }
                }
                push_unique(kb.exact.entry(nn).or_default(), (i, k));
            }
            for a in e.adjectives.values().flatten() {
                kb.adjectives.entry(names::norm(a)).or_insert(i);
            }
            if e.kind == "GPE" && e.seat_of.is_none() {
                if let Some(c) = &e.country {
                    // A country's code is its ISO code; a government's is
                    // `<ISO>GOV`.
                    if e.code.as_deref().is_none_or(|k| k == c) {
                        kb.by_iso.entry(c.clone()).or_insert(i);
                    } else if e.code.as_deref() == Some(&format!("{c}GOV")) {
                        kb.gov_by_iso.entry(c.clone()).or_insert(i);
                    }
                }
            }
            if e.kind == "PER" {
                for n in e.names.values().flatten().chain(e.aliases.iter()) {
                    let toks = names::tokens(n);
                    if toks.len() < 2 {
                        continue;
                    }
                    push_unique(kb.person_key.entry(names::key(n)).or_default(), i);
                    if let Some(last) = toks.last() {
                        push_unique(kb.surname_key.entry(names::key_token(last)).or_default(), i);
                    }
                }
            }
        }
        kb
    }

    /// Entry by id.
    pub fn get(&self, id: &str) -> Option<&KbEntry> {
        self.by_id.get(id).map(|&i| &self.entries[i as usize])
    }

    /// Index of the entry with this id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).map(|&i| i as usize)
    }

    /// The country entry of an ISO alpha-3 code.
    pub fn country(&self, iso3: &str) -> Option<usize> {
        self.by_iso.get(iso3).map(|&i| i as usize)
    }

    /// The government of a country (what its capital or seats of power
    /// stand for when they act), by ISO alpha-3 code.
    pub fn government(&self, iso3: &str) -> Option<usize> {
        self.gov_by_iso.get(iso3).map(|&i| i as usize)
    }

    /// The country an adjective/demonym refers to (`biélorusse` → Belarus).
    pub fn adjective(&self, word: &str) -> Option<usize> {
        self.adjectives.get(&names::norm(word)).map(|&i| i as usize)
    }

    /// Entries whose name normalizes exactly to `norm_name`.
    pub fn exact(&self, norm_name: &str) -> &[(u32, NameKind)] {
        self.exact.get(norm_name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The most tokens of a name starting with this normalized token (0: none).
    pub fn first_max(&self, norm_token: &str) -> usize {
        self.first_max.get(norm_token).copied().unwrap_or(0) as usize
    }

    /// People whose full name has this transliteration key ([`names::key`]).
    pub fn person_by_key(&self, key: &str) -> &[u32] {
        self.person_key.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    /// People whose surname has this transliteration key.
    pub fn surname(&self, key: &str) -> &[u32] {
        self.surname_key.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Is this normalized phrase a known name or adjective?
    pub fn knows(&self, norm_name: &str) -> bool {
        self.exact.contains_key(norm_name) || self.adjectives.contains_key(norm_name)
    }

    /// People holding `title` in `iso3` at `date` (`None`: currently).
    pub fn holders(&self, title: &str, iso3: &str, date: Option<&str>) -> Vec<usize> {
        let mut out = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            if e.kind != "PER" {
                continue;
            }
            if e.roles.iter().any(|r| {
                r.title.eq_ignore_ascii_case(title)
                    && r.country.as_deref() == Some(iso3)
                    && r.covers(date)
            }) {
                out.push(i);
            }
        }
        out
    }

    /// Ranks the entries a name may denote, best first, each with a reason.
    /// `date` favours people in office then.
    pub fn lookup(&self, name: &str, date: Option<&str>) -> Vec<Candidate> {
        let n = names::norm(name);
        let mut out: Vec<Candidate> = Vec::new();
        let mut add = |entry: usize, score: f64, why: String| {
            if let Some(c) = out.iter_mut().find(|c| c.entry == entry) {
                if score > c.score {
                    c.score = score;
                    c.why = why;
                }
            } else {
                out.push(Candidate { entry, score, why });
            }
        };
        for &(i, k) in self.exact(&n) {
            let why = match k {
                NameKind::Name => format!("exact name {n:?}"),
                NameKind::Alias => format!("exact alias {n:?}"),
            };
            add(
                i as usize,
                if k == NameKind::Name { 1.0 } else { 0.95 },
                why,
            );
        }
        if let Some(&i) = self.adjectives.get(&n) {
            add(i as usize, 0.6, format!("adjective/demonym {n:?}"));
        }
        let toks = names::tokens(name);
        let k = names::key(name);
        if toks.len() >= 2 {
            for &i in self.person_key.get(&k).into_iter().flatten() {
                add(i as usize, 0.9, format!("transliteration key {k:?}"));
            }
            // Surname match with compatible given names.
            if let Some(last) = toks.last() {
                for &i in self
                    .surname_key
                    .get(&names::key_token(last))
                    .into_iter()
                    .flatten()
                {
                    let e = &self.entries[i as usize];
                    let best = e
                        .all_names()
                        .map(|m| names::compare(name, m))
                        .fold(0.0, f64::max);
                    if best > 0.5 {
                        add(
                            i as usize,
                            best * 0.9,
                            format!("name match {best:.2} on surname key"),
                        );
                    }
                }
            }
        } else if toks.len() == 1 {
            for &i in self.surname_key.get(&k).into_iter().flatten() {
                add(i as usize, 0.6, format!("surname key {k:?}"));
            }
        }
        // Prominence and date break ties.
        for c in &mut out {
            let e = &self.entries[c.entry];
            let in_office = e.roles.iter().any(|r| r.covers(date));
            let bonus = (e.weight as f64).min(100.0) / 1000.0 + if in_office { 0.05 } else { 0.0 };
            c.score = (c.score + bonus).min(1.0);
            if in_office {
                c.why.push_str(", in office at the date");
            }
        }
        out.sort_by(|a, b| {
            b.score
                .partial_cmp(&a.score)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.entry.cmp(&b.entry))
        });
        out
    }
}

fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

/// Reads KB lines (plain or gzip, detected by magic bytes).
pub fn read_any(bytes: &[u8]) -> Result<Vec<KbEntry>, Error> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        read_gz(bytes)
    } else {
        read_lines(bytes)
    }
}

/// Reads a gzip-compressed KB file.
pub fn read_gz(bytes: &[u8]) -> Result<Vec<KbEntry>, Error> {
    let mut s = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut s)
        .map_err(|e| Error::Corrupt(format!("KB is not valid gzip: {e}")))?;
    read_lines(&s)
}

/// Reads KB JSON lines. A header line `{"newsgraph_kb": N}` is checked;
/// blank lines and lines starting with `#` or `//` are skipped.
pub fn read_lines(bytes: &[u8]) -> Result<Vec<KbEntry>, Error> {
    let mut out = Vec::new();
    for (no, line) in bytes.lines().enumerate() {
        let line = line.map_err(|e| Error::Corrupt(format!("line {}: {e}", no + 1)))?;
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with("//") {
            continue;
        }
        if t.contains("\"newsgraph_kb\"") && !t.contains("\"id\"") {
            let v: serde_json::Value = serde_json::from_str(t)
                .map_err(|e| Error::Corrupt(format!("line {}: {e}", no + 1)))?;
            let ver = v["newsgraph_kb"].as_u64().unwrap_or(0);
            if ver != u64::from(KB_FORMAT_VERSION) {
                return Err(Error::Incompatible(format!(
                    "KB format version {ver}, this program reads {KB_FORMAT_VERSION}"
                )));
            }
            continue;
        }
        let e: KbEntry =
            serde_json::from_str(t).map_err(|e| Error::Corrupt(format!("line {}: {e}", no + 1)))?;
        out.push(e);
    }
    Ok(out)
}

/// Writes entries as KB JSON lines with the header.
pub fn write_lines(entries: &[KbEntry], mut w: impl std::io::Write) -> std::io::Result<()> {
    writeln!(
        w,
        "{{\"newsgraph_kb\": {KB_FORMAT_VERSION}, \"entries\": {}}}",
        entries.len()
    )?;
    for e in entries {
        serde_json::to_writer(&mut w, e)?;
        writeln!(w)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str, en: &str, fr: &str) -> KbEntry {
        let mut e = KbEntry {
            id: id.into(),
            kind: "PER".into(),
            ..Default::default()
        };
        e.names.insert("en".into(), vec![en.into()]);
        e.names.insert("fr".into(), vec![fr.into()]);
        e
    }

    #[test]
    fn lookup_across_spellings() {
        let kb = Kb::from_entries(vec![
            person("Q2866", "Alexander Lukashenko", "Alexandre Loukachenko"),
            person("Q1", "Viktor Lukashenko", "Viktor Loukachenko"),
        ]);
        let c = kb.lookup("Alyaksandr LUKASHENKA", None);
        assert_eq!(kb.entries[c[0].entry].id, "Q2866");
        assert!(c.iter().all(|c| kb.entries[c.entry].id != "Q1"));
        let c = kb.lookup("Viktor Lukashenka", None);
        assert_eq!(kb.entries[c[0].entry].id, "Q1");
        assert_eq!(c.len(), 1);
    }

    #[test]
    fn role_dates() {
        let r = Role {
            title: "President".into(),
            country: Some("RUS".into()),
            start: Some("2012-05-07".into()),
            end: None,
        };
        assert!(r.covers(Some("2023-05")));
        assert!(!r.covers(Some("2010")));
        let r2 = Role {
            end: Some("2008-05-07".into()),
            start: Some("2000-05-07".into()),
            ..r
        };
        assert!(r2.covers(Some("2008-05")));
        assert!(!r2.covers(Some("2009")));
        assert!(!r2.covers(None));
    }

    #[test]
    fn header_version_checked() {
        let bad = b"{\"newsgraph_kb\": 99}\n";
        assert!(matches!(read_lines(bad), Err(Error::Incompatible(_))));
        let mut buf = Vec::new();
        let e = vec![person("Q7747", "Vladimir Putin", "Vladimir Poutine")];
        write_lines(&e, &mut buf).expect("write");
        assert_eq!(read_lines(&buf).expect("read"), e);
    }
}
