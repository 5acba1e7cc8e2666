//! From tokens to entities: gazetteer matching over KB names, the tagger,
//! span merging, linking to the KB, titles resolved to office holders,
//! capitals acting as their state, and in-document clustering (full name →
//! surname) into [`Entity`] records.

use crate::kb::{Kb, KbEntry};
use crate::names;
use crate::tagger::{self, Tagger, TokIn};
use newsgraph_doc::{Document, Entity, Mention};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// What the resolver works with.
pub struct Options<'a> {
    /// `fr` or `en`.
    pub lang: &'a str,
    /// Publication date (ISO prefix), for office holders.
    pub date: Option<&'a str>,
    /// The NER model, if any.
    pub tagger: Option<&'a Tagger>,
    /// The knowledge base.
    pub kb: &'a Kb,
}

/// A surface token of a sentence.
#[derive(Debug, Clone)]
pub struct STok {
    /// Start offset (code points).
    pub start: usize,
    /// End offset, exclusive.
    pub end: usize,
    /// Surface text.
    pub form: String,
    /// Normalized form ([`names::norm`]).
    pub norm: String,
}

/// Language cues for titles and capitals.
struct Cues {
    /// (title tokens normalized, KB role titles).
    titles: Vec<(Vec<String>, Vec<String>)>,
    place: HashSet<String>,
    actor_nouns: HashSet<String>,
    of: HashSet<String>,
}

fn cues(lang: &str) -> &'static Cues {
    static FR: OnceLock<Cues> = OnceLock::new();
    static EN: OnceLock<Cues> = OnceLock::new();
    let (cell, titles, caps) = if lang == "en" {
        (
            &EN,
            include_str!("../../../lang/en/titles.tsv"),
            include_str!("../../../lang/en/capital-cues.txt"),
        )
    } else {
        (
            &FR,
            include_str!("../../../lang/fr/titles.tsv"),
            include_str!("../../../lang/fr/capital-cues.txt"),
        )
    };
    cell.get_or_init(|| {
        let mut c = Cues {
            titles: Vec::new(),
            place: HashSet::new(),
            actor_nouns: HashSet::new(),
            of: HashSet::new(),
        };
        for l in titles
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let mut f = l.split('\t');
            let forms = f.next().unwrap_or("");
            let roles: Vec<String> = f
                .next()
                .unwrap_or("")
                .split('|')
                .map(String::from)
                .collect();
            for form in forms.split('|') {
                let toks: Vec<String> = names::norm(form).split(' ').map(String::from).collect();
                if !toks.iter().all(String::is_empty) {
                    c.titles.push((toks, roles.clone()));
                }
            }
        }
        c.titles.sort_by_key(|t| std::cmp::Reverse(t.0.len()));
        for l in caps.lines().filter(|l| !l.starts_with('#')) {
            if let Some((k, v)) = l.split_once(':') {
                let set: HashSet<String> = v.split_whitespace().map(names::norm).collect();
                match k.trim() {
                    "place" => c.place = set,
                    "actor_nouns" => c.actor_nouns = set,
                    "of" => c.of = set,
                    _ => {}
                }
            }
        }
        c
    })
}

/// A mention candidate inside one sentence.
#[derive(Debug, Clone)]
struct Span {
    /// Token range in the sentence.
    a: usize,
    b: usize,
    /// PER, ORG, LOC, GPE, MISC.
    kind: String,
    /// Linked KB entry.
    entry: Option<usize>,
    /// From the gazetteer (strong) rather than the tagger.
    gaz: bool,
    /// A title resolved to an office holder.
    title: bool,
}

/// Surface tokens of each sentence (the words of a multiword token share
/// its span: keep one).
pub fn surface_sentences(doc: &Document) -> Vec<Vec<STok>> {
    let ix = doc.index();
    let mut out = Vec::new();
    for s in &doc.sentences {
        let mut v: Vec<STok> = Vec::new();
        let mut glue = false;
        for t in doc.tokens.get(s.tokens[0]..s.tokens[1]).unwrap_or(&[]) {
            if v.last()
                .is_some_and(|p| p.start == t.start && p.end == t.end)
            {
                continue;
            }
            // Hyphenated names split by the tokenizer (English: `Kasym`
            // `-` `Zhomart`) are one surface word here, as in French.
            let touching = v.last().is_some_and(|p| p.end == t.start);
            let is_hyphen = doc.slice(&ix, t.start, t.end) == "-";
            if touching && (glue || is_hyphen) {
                if let Some(p) = v.last_mut() {
                    p.end = t.end;
                    p.form = doc.slice(&ix, p.start, p.end).to_string();
                    p.norm = names::norm(&p.form);
                }
                glue = is_hyphen;
                continue;
            }
            glue = false;
            let form = doc.slice(&ix, t.start, t.end).to_string();
            let norm = names::norm(&form);
            v.push(STok {
                start: t.start,
                end: t.end,
                form,
                norm,
            });
        }
        out.push(v);
    }
    out
}

fn is_cap(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_uppercase())
}

/// Preference of an entry among homonyms.
fn rank(kb: &Kb, cands: &[(u32, crate::kb::NameKind)]) -> Option<usize> {
    cands
        .iter()
        .max_by(|x, y| {
            let (ex, ey) = (&kb.entries[x.0 as usize], &kb.entries[y.0 as usize]);
            let kx = (ex.weight, x.1 == crate::kb::NameKind::Name);
            let ky = (ey.weight, y.1 == crate::kb::NameKind::Name);
            kx.partial_cmp(&ky)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(y.0.cmp(&x.0))
        })
        .map(|c| c.0 as usize)
}

/// Gazetteer matches: longest KB names starting with a capitalized token.
/// Returns (start, end, entry) token ranges.
pub fn gazetteer(kb: &Kb, toks: &[STok]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let max = kb.first_max(t.norm.split(' ').next().unwrap_or(""));
        let mut found = None;
        if max > 0 && (is_cap(&t.form) || t.form.chars().next().is_some_and(|c| c.is_numeric())) {
            let mut phrase = String::new();
            let mut ends = Vec::new();
            for (j, tj) in toks.iter().enumerate().skip(i).take(max) {
                if !phrase.is_empty() {
                    phrase.push(' ');
                }
                phrase.push_str(&tj.norm);
                ends.push((j + 1, phrase.clone()));
            }
            for (end, p) in ends.into_iter().rev() {
                let c = kb.exact(&p);
                if let Some(e) = rank(kb, c) {
                    // A phrase may not end on a function word ("Union de").
                    if end > i + 1
                        && !is_cap(&toks[end - 1].form)
                        && toks[end - 1].form.chars().count() <= 3
                    {
                        continue;
                    }
                    found = Some((end, e));
                    break;
                }
            }
        }
        if let Some((end, e)) = found {
            out.push((i, end, e));
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// Is a gazetteer match strong enough to stand without the tagger?
fn strong(kb: &Kb, e: &KbEntry, toks: &[STok], a: usize, b: usize, sentence_start: bool) -> bool {
    let ntok = b - a;
    let acronym = ntok == 1
        && toks[a].form.chars().count() >= 2
        && toks[a].form.chars().all(|c| c.is_uppercase());
    if sentence_start && ntok == 1 && e.weight < 90.0 && !acronym {
        return false;
    }
    match e.kind.as_str() {
        "GPE" => e.weight >= 60.0 || e.seat_of.is_some(),
        "ORG" => e.weight >= 50.0 || (acronym && e.weight >= 30.0),
        "PER" => ntok >= 2 && e.weight >= 20.0,
        "MISC" => e.weight >= 50.0,
        _ => {
            let _ = kb;
            false
        }
    }
}

/// Gazetteer feature strings for the tagger: `B-GPE`, `I-PER`, `ADJ`,
/// `SUR` (a known surname).
pub fn gaz_features(kb: &Kb, toks: &[STok]) -> Vec<String> {
    let mut f = vec![String::new(); toks.len()];
    for (a, b, e) in gazetteer(kb, toks) {
        let k = &kb.entries[e].kind;
        for (j, x) in f.iter_mut().enumerate().take(b).skip(a) {
            *x = format!("{}-{k}", if j == a { "B" } else { "I" });
        }
    }
    // Capitalized bigrams that are a known person's name in another spelling.
    for j in 0..toks.len().saturating_sub(1) {
        if is_cap(&toks[j].form) && is_cap(&toks[j + 1].form) && !f[j].ends_with("PER") {
            let k = format!(
                "{} {}",
                names::key_token(&toks[j].form),
                names::key_token(&toks[j + 1].form)
            );
            if !kb.person_by_key(&k).is_empty() {
                f[j] = "B-PER".into();
                f[j + 1] = "I-PER".into();
            }
        }
    }
    for (j, t) in toks.iter().enumerate() {
        if f[j].is_empty() {
            if kb.adjective(&t.norm).is_some() {
                f[j] = "ADJ".into();
            } else if is_cap(&t.form) && !kb.surname(&names::key_token(&t.form)).is_empty() {
                f[j] = "SUR".into();
            }
        }
    }
    f
}

/// Tagger spans (type from BIO labels).
fn tag_spans(t: &Tagger, toks: &[STok], gaz: &[String]) -> Vec<Span> {
    let input: Vec<TokIn> = toks
        .iter()
        .zip(gaz)
        .map(|(t, g)| TokIn {
            form: t.form.clone(),
            gaz: g.clone(),
        })
        .collect();
    let labels = t.tag(&input);
    let mut out = Vec::new();
    let mut i = 0;
    while i < labels.len() {
        let l = labels[i];
        if l == 0 {
            i += 1;
            continue;
        }
        let ty = tagger::TYPES[(l - 1) / 2];
        let mut j = i + 1;
        while j < labels.len() && labels[j] == l + usize::from(l & 1 == 1) && labels[j] != 0 {
            j += 1;
        }
        out.push(Span {
            a: i,
            b: j,
            kind: ty.to_string(),
            entry: None,
            gaz: false,
            title: false,
        });
        i = j;
    }
    out
}

fn compatible(span_kind: &str, e: &KbEntry) -> bool {
    match span_kind {
        "PER" => e.kind == "PER",
        "LOC" | "GPE" => matches!(e.kind.as_str(), "GPE" | "LOC"),
        "ORG" => matches!(e.kind.as_str(), "ORG") || e.seat_of.is_some(),
        _ => e.kind == "MISC" || e.kind == "ORG",
    }
}

/// Links a tagger span to the KB.
fn link(opts: &Options, kind: &str, text: &str) -> Option<usize> {
    let kb = opts.kb;
    let cands = kb.lookup(text, opts.date);
    let single = names::tokens(text).len() == 1;
    for c in cands {
        let e = &kb.entries[c.entry];
        if !compatible(kind, e) || c.score < 0.6 {
            continue;
        }
        // A bare surname links only to a prominent person (heads of state
        // and government); otherwise in-document clustering decides.
        if kind == "PER" && single && !(c.why.starts_with("exact") && e.weight >= 40.0) {
            if e.weight >= 40.0 && c.score >= 0.6 && e.roles.iter().any(|r| r.covers(opts.date)) {
                return Some(c.entry);
            }
            continue;
        }
        return Some(c.entry);
    }
    None
}

/// Finds title mentions ("le président biélorusse", "the Russian
/// president") and resolves them to the unique office holder at the date.
fn titles(opts: &Options, toks: &[STok], taken: &[bool]) -> Vec<Span> {
    let c = cues(opts.lang);
    let kb = opts.kb;
    let mut out = Vec::new();
    let n = toks.len();
    for i in 0..n {
        for (tt, roles) in &c.titles {
            let len = tt.len();
            if i + len > n || (0..len).any(|k| toks[i + k].norm != tt[k]) {
                continue;
            }
            // Country: FR title + adjective, EN adjective + title, or "of/de + country".
            let mut found: Option<(usize, usize, String)> = None;
            let adj_at = if opts.lang == "en" {
                i.checked_sub(1)
            } else {
                Some(i + len)
            };
            if let Some(j) = adj_at.filter(|&j| j < n) {
                if let Some(ci) = kb.adjective(&toks[j].norm) {
                    if let Some(a3) = kb.entries[ci].country.clone() {
                        let (a, b) = if opts.lang == "en" {
                            (j, i + len)
                        } else {
                            (i, j + 1)
                        };
                        found = Some((a, b, a3));
                    }
                }
            }
            if found.is_none() && i + len < n && c.of.contains(&toks[i + len].norm) {
                let mut k = i + len + 1;
                if k < n && matches!(toks[k].norm.as_str(), "la" | "l" | "the") {
                    k += 1;
                }
                if let Some(&(_, b, e)) = gazetteer(kb, &toks[k..]).first().filter(|g| g.0 == 0) {
                    let e = &kb.entries[e];
                    if e.kind == "GPE" && e.seat_of.is_none() {
                        if let Some(a3) = e.country.clone() {
                            found = Some((i, k + b, a3));
                        }
                    }
                }
            }
            let Some((a, b, a3)) = found else { continue };
            if (a..b).any(|k| taken[k]) {
                continue;
            }
            let mut holders: Vec<usize> = roles
                .iter()
                .flat_map(|r| kb.holders(r, &a3, opts.date))
                .collect();
            holders.sort_unstable();
            holders.dedup();
            if holders.len() == 1 {
                out.push(Span {
                    a,
                    b,
                    kind: "PER".into(),
                    entry: Some(holders[0]),
                    gaz: false,
                    title: true,
                });
            }
            break;
        }
    }
    out
}

/// Does a capital mention act as its state here (not "à Minsk")?
fn acting(lang: &str, toks: &[STok], a: usize) -> bool {
    let c = cues(lang);
    let Some(prev) = a.checked_sub(1).map(|p| toks[p].norm.as_str()) else {
        return true;
    };
    if c.place.contains(prev) {
        return false;
    }
    if c.of.contains(prev) {
        // "la demande de Minsk" acts; "la banlieue de Minsk" is a place.
        let mut k = a.saturating_sub(2);
        while k > 0 && matches!(toks[k].norm.as_str(), "la" | "le" | "l" | "les" | "the") {
            k -= 1;
        }
        return a >= 2 && c.actor_nouns.contains(toks[k].norm.as_str());
    }
    true
}

/// Resolves a document into entities.
pub fn entities(doc: &Document, opts: &Options) -> Vec<Entity> {
    let kb = opts.kb;
    let sents = surface_sentences(doc);
    // (sentence, span) in text order.
    let mut all: Vec<(usize, Span)> = Vec::new();
    for (si, toks) in sents.iter().enumerate() {
        if toks.is_empty() {
            continue;
        }
        let gaz = gazetteer(kb, toks);
        let mut spans: Vec<Span> = match opts.tagger {
            Some(t) => tag_spans(t, toks, &gaz_features(kb, toks)),
            None => Vec::new(),
        };
        // Merge strong gazetteer matches.
        for &(a, b, e) in &gaz {
            let ent = &kb.entries[e];
            let sent_start = a == 0
                || matches!(
                    toks[a - 1].form.as_str(),
                    "\"" | "«" | "“" | "-" | "—" | "." | ":"
                );
            let over: Vec<usize> = spans
                .iter()
                .enumerate()
                .filter(|(_, s)| s.a < b && a < s.b)
                .map(|(k, _)| k)
                .collect();
            let is_strong = strong(kb, ent, toks, a, b, sent_start);
            let covers_all = over.iter().all(|&k| spans[k].a >= a && spans[k].b <= b);
            let kind = match ent.kind.as_str() {
                "PER" => "PER",
                "ORG" => "ORG",
                "MISC" => "MISC",
                _ => "LOC",
            };
            if over.is_empty() && is_strong {
                spans.push(Span {
                    a,
                    b,
                    kind: kind.into(),
                    entry: Some(e),
                    gaz: true,
                    title: false,
                });
            } else if !over.is_empty()
                && covers_all
                && (is_strong || over.iter().any(|&k| spans[k].a == a && spans[k].b == b))
            {
                let tagger_kind = spans[over[0]].kind.clone();
                for &k in over.iter().rev() {
                    spans.remove(k);
                }
                let kind_ok = compatible(&tagger_kind, ent);
                spans.push(Span {
                    a,
                    b,
                    kind: if kind_ok || is_strong {
                        kind.into()
                    } else {
                        tagger_kind
                    },
                    entry: (kind_ok || is_strong).then_some(e),
                    gaz: true,
                    title: false,
                });
            }
        }
        spans.sort_by_key(|s| s.a);
        // Link tagger spans.
        for s in spans.iter_mut().filter(|s| s.entry.is_none()) {
            let text = doc_text(toks, s.a, s.b);
            s.entry = link(opts, &s.kind, &text);
        }
        let mut taken = vec![false; toks.len()];
        for s in &spans {
            for x in taken.iter_mut().take(s.b).skip(s.a) {
                *x = true;
            }
        }
        spans.extend(titles(opts, toks, &taken));
        // English nationality words ("Russian", "Belarusians") are MISC
        // names, as in CoNLL; French ones are lowercase adjectives.
        if opts.lang == "en" {
            for (k, t) in toks.iter().enumerate() {
                if is_cap(&t.form)
                    && !spans.iter().any(|s| s.a <= k && k < s.b)
                    && kb.adjective(&t.norm).is_some_and(|c| {
                        kb.entries[c]
                            .adjectives
                            .get("en")
                            .is_some_and(|v| v.iter().any(|x| x == &t.form))
                    })
                    && kb.exact(&t.norm).is_empty()
                {
                    spans.push(Span {
                        a: k,
                        b: k + 1,
                        kind: "MISC".into(),
                        entry: None,
                        gaz: false,
                        title: false,
                    });
                }
            }
        }
        spans.sort_by_key(|s| s.a);
        // "Union économique eurasiatique (UEE)", "l'État-union (Russie-Biélorussie)":
        // a parenthesized name right after a linked one is the same entity.
        for k in 1..spans.len() {
            let (p, s) = (&spans[k - 1], &spans[k]);
            if p.entry.is_some()
                && !p.title
                && s.a >= 1
                && p.b + 1 == s.a
                && toks[s.a - 1].form == "("
                && toks.get(s.b).is_some_and(|t| t.form == ")")
                && s.entry.is_none()
            {
                let (e, kind) = (p.entry, p.kind.clone());
                spans[k].entry = e;
                spans[k].kind = kind;
            }
        }
        // Capitals and seats acting as their state.
        for s in &mut spans {
            if let Some(e) = s.entry {
                let ent = &kb.entries[e];
                if let Some(a3) = &ent.seat_of {
                    let seat = ent.kind == "ORG";
                    if seat || acting(opts.lang, toks, s.a) {
                        if let Some(ci) = kb.country(a3) {
                            s.entry = Some(ci);
                            s.kind = "GPE".into();
                            s.gaz = !seat; // mark: capital acting
                            s.title = seat; // mark: seat of power
                        }
                    }
                }
            }
            if s.kind == "LOC" && s.entry.is_some_and(|e| kb.entries[e].kind == "GPE") {
                s.kind = "GPE".into();
            }
        }
        for s in spans {
            all.push((si, s));
        }
    }
    // Surnames of full names found anywhere in the document: their bare
    // occurrences the tagger missed are mentions too ("… a remercié Poutine").
    let surnames: HashSet<String> = all
        .iter()
        .filter(|(si, s)| {
            s.kind == "PER" && !s.title && s.b - s.a >= 2 && is_cap(&sents[*si][s.b - 1].form)
        })
        .map(|(si, s)| names::key_token(&sents[*si][s.b - 1].form))
        .filter(|k| k.chars().count() >= 3)
        .collect();
    if !surnames.is_empty() {
        let mut covered: HashSet<(usize, usize)> = HashSet::new();
        for (si, s) in &all {
            for k in s.a..s.b {
                covered.insert((*si, k));
            }
        }
        for (si, toks) in sents.iter().enumerate() {
            for (k, t) in toks.iter().enumerate() {
                if !covered.contains(&(si, k))
                    && is_cap(&t.form)
                    && surnames.contains(&names::key_token(&t.form))
                {
                    all.push((
                        si,
                        Span {
                            a: k,
                            b: k + 1,
                            kind: "PER".into(),
                            entry: None,
                            gaz: false,
                            title: false,
                        },
                    ));
                }
            }
        }
        all.sort_by_key(|(si, s)| (*si, s.a));
    }
    cluster(doc, opts, &sents, all)
}

fn doc_text(toks: &[STok], a: usize, b: usize) -> String {
    let mut s = String::new();
    for (k, t) in toks[a..b].iter().enumerate() {
        if k > 0 && toks[a + k - 1].end < t.start {
            s.push(' ');
        }
        s.push_str(&t.form);
    }
    s
}

struct Cluster {
    kind: String,
    entry: Option<usize>,
    mentions: Vec<Mention>,
    /// Surname key of the longest PER name.
    surname: Option<String>,
    longest: String,
    all_seats: bool,
}

fn cluster(
    doc: &Document,
    opts: &Options,
    sents: &[Vec<STok>],
    all: Vec<(usize, Span)>,
) -> Vec<Entity> {
    let kb = opts.kb;
    let ix = doc.index();
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut by_entry: HashMap<usize, usize> = HashMap::new();
    let mut by_text: HashMap<(String, String), usize> = HashMap::new();
    // Multi-token person names first, so that surnames find them.
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by_key(|&k| {
        let s = &all[k].1;
        (!(s.kind == "PER" && s.b - s.a >= 2), k)
    });
    for k in order {
        let (si, s) = &all[k];
        let toks = &sents[*si];
        let (start, end) = (toks[s.a].start, toks[s.b - 1].end);
        let text = doc.slice(&ix, start, end).to_string();
        let m = Mention {
            start,
            end,
            text: text.clone(),
        };
        let seat = s.title && s.kind == "GPE";
        let mut target = s.entry.and_then(|e| by_entry.get(&e).copied());
        if target.is_none() && s.kind == "PER" && s.entry.is_none() && !s.title {
            let toks_n = names::tokens(&text);
            if toks_n.len() == 1 {
                let key = names::key_token(&text);
                target = clusters
                    .iter()
                    .position(|c| c.kind == "PER" && c.surname.as_deref() == Some(key.as_str()));
            }
        }
        if target.is_none() && s.entry.is_none() {
            target = by_text.get(&(s.kind.clone(), names::norm(&text))).copied();
        }
        let ci = match target {
            Some(ci) => ci,
            None => {
                clusters.push(Cluster {
                    kind: s.kind.clone(),
                    entry: s.entry,
                    mentions: Vec::new(),
                    surname: None,
                    longest: String::new(),
                    all_seats: true,
                });
                clusters.len() - 1
            }
        };
        let c = &mut clusters[ci];
        c.mentions.push(m);
        c.all_seats &= seat;
        if !s.title && text.chars().count() > c.longest.chars().count() {
            c.longest = text.clone();
        }
        if s.kind == "PER" && !s.title {
            let t = names::tokens(&text);
            if t.len() >= 2 || c.surname.is_none() {
                c.surname = t.last().map(|x| names::key_token(x));
            }
        }
        if let Some(e) = c.entry {
            by_entry.insert(e, ci);
        } else {
            by_text.insert((s.kind.clone(), names::norm(&text)), ci);
        }
    }
    let mut out: Vec<(usize, Entity)> = Vec::new();
    for c in clusters {
        let mut mentions = c.mentions;
        mentions.sort_by_key(|m| (m.start, m.end));
        mentions.dedup_by_key(|m| (m.start, m.end));
        let first = mentions.first().map(|m| m.start).unwrap_or(0);
        let e = c.entry.map(|e| &kb.entries[e]);
        let kind = match e {
            Some(e) if matches!(e.kind.as_str(), "PER" | "ORG" | "GPE") => e.kind.clone(),
            _ => c.kind.clone(),
        };
        let name = match e {
            Some(e) => e.label().to_string(),
            None if !c.longest.is_empty() => c.longest,
            None => mentions.first().map(|m| m.text.clone()).unwrap_or_default(),
        };
        let code = e.and_then(|e| code_of(e, opts.date, c.all_seats));
        out.push((
            first,
            Entity {
                id: String::new(),
                kind,
                name,
                kb: e.map(|e| e.id.clone()),
                mentions,
                code,
            },
        ));
    }
    out.sort_by_key(|x| x.0);
    out.into_iter()
        .enumerate()
        .map(|(i, (_, mut e))| {
            e.id = format!("e{i}");
            e
        })
        .collect()
}

/// CAMEO-style code: countries → ISO3 (ISO3GOV when only seats of power
/// name them), people in office → ISO3GOV, organisations → their code.
pub fn code_of(e: &KbEntry, date: Option<&str>, all_seats: bool) -> Option<String> {
    match e.kind.as_str() {
        "GPE" if e.seat_of.is_none() && e.code.is_some() => {
            let c = e.code.clone()?;
            Some(if all_seats { format!("{c}GOV") } else { c })
        }
        "GPE" => e.country.clone(),
        "PER" => {
            let rank = |t: &str| match t {
                "President" | "Prime Minister" | "Chancellor" | "Monarch" => 0,
                t if t.to_lowercase().contains("armed forces") => 2,
                _ => 1,
            };
            let r = e
                .roles
                .iter()
                .filter(|r| r.covers(date))
                .min_by_key(|r| rank(&r.title))?;
            let a3 = r.country.clone()?;
            let t = r.title.to_lowercase();
            let sector = if t.contains("defen") || t.contains("armed forces") {
                "MIL"
            } else {
                "GOV"
            };
            Some(format!("{a3}{sector}"))
        }
        _ => e.code.clone(),
    }
}
