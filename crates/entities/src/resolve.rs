//! From tokens to entities: gazetteer matching over KB names, the tagger,
//! span merging, linking to the KB, titles resolved to office holders,
//! capitals acting as their state, and in-document clustering (full name →
//! surname) into [`Entity`] records.

use crate::kb::{Kb, KbEntry};
use crate::names;
use crate::tagger::{self, Tagger, TokIn};
use newsgraph_doc::{Document, Entity, Mention, TextIndex};
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
#[derive(Default)]
struct Cues {
    /// (title tokens normalized, KB role titles).
    titles: Vec<(Vec<String>, Vec<String>)>,
    place: HashSet<String>,
    actor_nouns: HashSet<String>,
    of: HashSet<String>,
    /// Honorifics (normalized) giving a person's gender.
    female: HashSet<String>,
    male: HashSet<String>,
    /// Words introducing a photo/text credit (normalized, or raw when the
    /// word has no letters: `©`).
    credit: HashSet<String>,
    /// Function words left out of an acronym's initials.
    skip: HashSet<String>,
    /// Words before a capital that make it act ("selon Minsk").
    acting_prev: HashSet<String>,
    /// Words after a capital that make it act ("Moscou a", "Moscow said").
    acting_next: HashSet<String>,
    /// Articles skipped between "de/of" and a name ("président de la
    /// France") or before an actor noun ("la demande de Minsk").
    articles: HashSet<String>,
    /// A nationality adjective comes before a title ("Russian President");
    /// else after it ("président russe").
    adjective_before_title: bool,
    /// Capitalized nationality words ("Russian") are MISC names, as in
    /// CoNLL; else (French) they are lowercase adjectives.
    nationality_names: bool,
}

fn cues(lang: &str) -> &'static Cues {
    static CUES: newsgraph_lang::PerLanguage<Cues> = newsgraph_lang::PerLanguage::new();
    static NONE: OnceLock<Cues> = OnceLock::new();
    match newsgraph_lang::language(lang) {
        Some(l) => CUES.get_or_init(l, |l| {
            parse_cues(
                l.data("titles.tsv").unwrap_or_default(),
                l.data("capital-cues.txt").unwrap_or_default(),
                l.data("entity-cues.txt").unwrap_or_default(),
            )
        }),
        None => NONE.get_or_init(Cues::default),
    }
}

/// Parses a language's `titles.tsv`, `capital-cues.txt` and
/// `entity-cues.txt`.
fn parse_cues(titles: &str, caps: &str, ent: &str) -> Cues {
    {
        let mut c = Cues::default();
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
        for l in caps
            .lines()
            .chain(ent.lines())
            .filter(|l| !l.starts_with('#'))
        {
            if let Some((k, v)) = l.split_once(':') {
                let set: HashSet<String> = v
                    .split_whitespace()
                    .map(|w| {
                        let n = names::norm(w);
                        if n.is_empty() {
                            w.to_string()
                        } else {
                            n
                        }
                    })
                    .collect();
                match k.trim() {
                    "place" => c.place = set,
                    "actor_nouns" => c.actor_nouns = set,
                    "of" => c.of = set,
                    "female" => c.female = set,
                    "male" => c.male = set,
                    "credit" => c.credit = set,
                    "skip" => c.skip = set,
                    "acting_prev" => c.acting_prev = set,
                    "acting_next" => c.acting_next = set,
                    "articles" => c.articles = set,
                    "adjective_before_title" => c.adjective_before_title = set.contains("yes"),
                    "nationality_names" => c.nationality_names = set.contains("yes"),
                    _ => {}
                }
            }
        }
        c
    }
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
    /// A place for sure (a dateline city): never a capital acting.
    place: bool,
    /// Cluster with the unlinked entity named by this text (an acronym
    /// with its long form), when set.
    alias_of: Option<String>,
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
                // An acronym matches only in capitals: "AU" is the
                // African Union, "Au" is not.
                let c: Vec<(u32, crate::kb::NameKind)> = if end == i + 1 && !is_upper_word(&t.form)
                {
                    c.iter()
                        .copied()
                        .filter(|x| {
                            kb.entries[x.0 as usize]
                                .all_names()
                                .any(|n| names::norm(n) == p && !is_upper_word(n))
                        })
                        .collect()
                } else {
                    c.to_vec()
                };
                if let Some(e) = rank(kb, &c) {
                    // An outlet's name is written with capitals: "Le
                    // Monde", not "le monde entier".
                    if kb.entries[e].src == "media"
                        && toks[i..end]
                            .iter()
                            .any(|t| t.form.chars().count() > 3 && !is_cap(&t.form))
                    {
                        continue;
                    }
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
            place: false,
            alias_of: None,
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

/// What the context says about a mention (an honorific's gender).
#[derive(Debug, Clone, Copy, Default)]
struct Ctx {
    /// `m` or `f` from an honorific right before the name.
    gender: Option<char>,
}

/// The honorific right before token `a` (`Mme`, `M.`, `Mr`, `Mrs`).
fn ctx_at(lang: &str, toks: &[STok], a: usize) -> Ctx {
    let c = cues(lang);
    let prev = a.checked_sub(1).map(|p| toks[p].norm.as_str());
    let gender = match prev {
        Some(p) if c.female.contains(p) => Some('f'),
        Some(p) if c.male.contains(p) && is_cap(&toks[a - 1].form) => Some('m'),
        _ => None,
    };
    Ctx { gender }
}

/// Year of an ISO date prefix.
fn year(d: &str) -> Option<i32> {
    let neg = d.starts_with('-');
    let y: i32 = d.trim_start_matches('-').split('-').next()?.parse().ok()?;
    Some(if neg { -y } else { y })
}

/// Does the evidence around a mention agree with a KB person? Gender (an
/// honorific against the KB's gender), and time: nobody is in the news
/// before the age of 16, and a person whose first office starts more than
/// 40 years after the publication date is not who a text of that date means.
fn person_agrees(opts: &Options, e: &KbEntry, ctx: Ctx) -> bool {
    if let (Some(g), Some(eg)) = (ctx.gender, e.gender.as_deref()) {
        if !eg.starts_with(g) {
            return false;
        }
    }
    let Some(dy) = opts.date.and_then(year) else {
        return true;
    };
    if e.born
        .as_deref()
        .and_then(year)
        .is_some_and(|b| b + 16 > dy)
    {
        return false;
    }
    let first = e
        .roles
        .iter()
        .filter_map(|r| r.start.as_deref().and_then(year))
        .min();
    first.is_none_or(|f| f <= dy + 40)
}

/// Links a tagger span to the KB when the evidence agrees, else `None`
/// (NIL: the in-document cluster stays). A person needs the same name
/// (exact, alias, or the same transliteration key), or the same surname
/// and given-name key; a mere variant of the given name (`Claire` /
/// `Clare`) or a bare surname links only to a head of state or government
/// in office at the date. Gender and dates must not disagree, and two
/// homonyms that nothing tells apart give NIL.
fn link(opts: &Options, kind: &str, text: &str, ctx: Ctx) -> Option<usize> {
    let kb = opts.kb;
    let cands = kb.lookup(text, opts.date);
    let single = names::tokens(text).len() == 1;
    let mut ok: Vec<(usize, f64, bool)> = Vec::new();
    for c in cands {
        let e = &kb.entries[c.entry];
        if !compatible(kind, e) || c.score < 0.6 {
            continue;
        }
        let in_office = e.roles.iter().any(|r| r.covers(opts.date));
        if e.kind == "PER" && !person_agrees(opts, e, ctx) {
            continue;
        }
        // A bare surname links only to a prominent person (heads of state
        // and government); otherwise in-document clustering decides.
        if kind == "PER" && single && !(c.why.starts_with("exact") && e.weight >= 40.0) {
            if e.weight >= 40.0 && in_office {
                ok.push((c.entry, c.score, in_office));
            }
            continue;
        }
        if e.kind == "PER" && !single {
            let same_name = c.why.starts_with("exact")
                || c.why.starts_with("transliteration")
                || e.all_names()
                    .map(|m| names::compare(text, m))
                    .fold(0.0, f64::max)
                    >= 0.95;
            let head_in_office = in_office && e.weight >= 40.0;
            if !(same_name || head_in_office) {
                continue;
            }
        }
        ok.push((c.entry, c.score, in_office));
    }
    let (best, score, in_office) = *ok.first()?;
    if kb.entries[best].kind == "PER" && !in_office {
        // Homonyms: another person as well supported and nothing (an
        // office at the date) prefers the first.
        if ok
            .iter()
            .skip(1)
            .any(|&(i, s, _)| kb.entries[i].kind == "PER" && score - s < 0.02)
        {
            return None;
        }
    }
    Some(best)
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
            let adj_at = if c.adjective_before_title {
                i.checked_sub(1)
            } else {
                Some(i + len)
            };
            if let Some(j) = adj_at.filter(|&j| j < n) {
                if let Some(ci) = kb.adjective(&toks[j].norm) {
                    if let Some(a3) = kb.entries[ci].country.clone() {
                        let (a, b) = if c.adjective_before_title {
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
                if k < n && c.articles.contains(&toks[k].norm) {
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
                    place: false,
                    alias_of: None,
                });
            }
            break;
        }
    }
    out
}

/// Does a capital mention (tokens `a..b`) act as its state here? Only on
/// evidence: an actor noun before "de/of" ("la demande de Minsk"), a cue
/// before it ("selon Minsk"), or a verb of saying/deciding right after it
/// ("Moscou a annoncé", "Moscow said"); otherwise it is the city ("à
/// Minsk", "Berlin-based", "the Berlin wall").
fn acting(lang: &str, toks: &[STok], a: usize, b: usize) -> bool {
    let c = cues(lang);
    let prev = a.checked_sub(1).map(|p| toks[p].norm.as_str());
    if prev.is_some_and(|p| c.place.contains(p)) {
        return false;
    }
    if prev.is_some_and(|p| c.of.contains(p)) {
        // "la demande de Minsk" acts; "la banlieue de Minsk" is a place.
        let mut k = a.saturating_sub(2);
        while k > 0 && c.articles.contains(&toks[k].norm) {
            k -= 1;
        }
        return a >= 2 && c.actor_nouns.contains(toks[k].norm.as_str());
    }
    if prev.is_some_and(|p| c.acting_prev.contains(p)) {
        return true;
    }
    // The next word (a comma-free verb group: "a annoncé", "said").
    toks.get(b)
        .is_some_and(|t| c.acting_next.contains(t.norm.as_str()))
}

/// Does the sentence of these tokens start a line (a dateline can only
/// open a paragraph)?
fn starts_paragraph(doc: &Document, ix: &TextIndex, toks: &[STok]) -> bool {
    let Some(first) = toks.first() else {
        return false;
    };
    first.start == 0 || doc.slice(ix, first.start.saturating_sub(1), first.start) == "\n"
}

fn is_upper_word(s: &str) -> bool {
    s.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && s.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
}

fn is_dash(s: &str) -> bool {
    matches!(s, "-" | "–" | "—" | "--")
}

/// Replaces the spans overlapping `new` by it.
fn put(spans: &mut Vec<Span>, new: Span) {
    spans.retain(|s| s.b <= new.a || new.b <= s.a);
    spans.push(new);
}

fn span(a: usize, b: usize, kind: &str, entry: Option<usize>) -> Span {
    Span {
        a,
        b,
        kind: kind.into(),
        entry,
        gaz: true,
        title: false,
        place: false,
        alias_of: None,
    }
}

/// The outlet (a `media` KB entry) named at token `k`, as (end, entry).
fn outlet_at(kb: &Kb, toks: &[STok], k: usize) -> Option<(usize, usize)> {
    gazetteer(kb, toks.get(k..)?)
        .first()
        .filter(|g| g.0 == 0 && kb.entries[g.2].src.contains("media"))
        .map(|g| (k + g.1, g.2))
}

/// Datelines ("PARIS (AFP) -", "WASHINGTON, March 3 (Reuters) -"): the
/// upper-case city is a place (never its state acting), the agency an
/// organisation. Credits ("Photo AFP", "© Reuters", "Crédit : AFP"): the
/// outlet after the cue is an organisation.
fn datelines_and_credits(opts: &Options, toks: &[STok], para: bool, spans: &mut Vec<Span>) {
    let kb = opts.kb;
    let c = cues(opts.lang);
    let n = toks.len();
    // Dateline: upper-case words, then "," or "(" , and a dash soon after.
    let run = toks.iter().take_while(|t| is_upper_word(&t.form)).count();
    if para && run >= 1 && run < n && matches!(toks[run].form.as_str(), "," | "(" | "-" | "–" | "—")
    {
        let dash = (run..n.min(run + 12)).find(|&k| is_dash(&toks[k].form));
        if let Some(dash) = dash {
            let name = doc_text(toks, 0, run);
            let city = kb
                .exact(&names::norm(&name))
                .iter()
                .filter(|x| matches!(kb.entries[x.0 as usize].kind.as_str(), "GPE" | "LOC"))
                .copied()
                .collect::<Vec<_>>();
            if let Some(e) = rank(kb, &city) {
                let mut sp = span(0, run, "LOC", Some(e));
                sp.place = true;
                put(spans, sp);
            }
            // The agency between parentheses before the dash.
            for k in run..dash {
                if toks[k].form == "(" {
                    if let Some((end, e)) = outlet_at(kb, toks, k + 1) {
                        if end <= dash {
                            put(spans, span(k + 1, end, "ORG", Some(e)));
                        }
                    }
                }
            }
        }
    }
    // Credits.
    for k in 0..n {
        let t = &toks[k];
        if !(c.credit.contains(&t.norm) || c.credit.contains(&t.form)) {
            continue;
        }
        let mut j = k + 1;
        while j < n && matches!(toks[j].form.as_str(), ":" | "/" | "-" | "(" | "©") {
            j += 1;
        }
        if let Some((end, e)) = outlet_at(kb, toks, j) {
            put(spans, span(j, end, "ORG", Some(e)));
        }
    }
}

/// Letters an acronym may take from a word: the initials of its hyphen
/// parts (`Nuclear-Test-Ban` → N, T, B).
fn initials(form: &str) -> Vec<char> {
    form.split(['-', '‑'])
        .filter_map(|p| p.chars().find(|c| c.is_alphabetic()))
        .flat_map(char::to_uppercase)
        .collect()
}

/// Can `acr` be spelled by `words` in order, each word giving a non-empty
/// ordered subset of its part initials (`Nuclear-Test-Ban` may give T, B),
/// with at most `skips` words giving nothing?
fn spells(acr: &[char], words: &[Vec<char>], skips: usize) -> bool {
    let Some((w, rest)) = words.split_first() else {
        return acr.is_empty();
    };
    if skips > 0 && !rest.is_empty() && spells(acr, rest, skips - 1) {
        return true;
    }
    // Letters of `acr` this word may give: a non-empty subsequence of `w`
    // matching a prefix of `acr`.
    fn give(acr: &[char], parts: &[char], rest: &[Vec<char>], skips: usize, used: bool) -> bool {
        if used && spells(acr, rest, skips) {
            return true;
        }
        let Some(&a) = acr.first() else {
            return false;
        };
        match parts.iter().position(|&c| c == a) {
            Some(p) => give(&acr[1..], &parts[p + 1..], rest, skips, true),
            None => false,
        }
    }
    // A plain word gives its initial; a hyphenated one any of its parts'.
    if w.len() == 1 {
        return acr.first() == w.first() && spells(&acr[1..], rest, skips);
    }
    give(acr, w, rest, skips, false)
}

/// Where the long form of the acronym in parentheses at `open + 1` starts:
/// "Organisation du traité de l'Atlantique nord (OTAN)" → at
/// "Organisation". Function words (`lang/<iso>/entity-cues.txt`, `skip`)
/// give no letter; one other word may give none.
fn long_form_start(c: &Cues, toks: &[STok], open: usize, acr: &str) -> Option<usize> {
    let letters: Vec<char> = acr.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() < 2 || letters.len() > 8 || open == 0 {
        return None;
    }
    let lo = open.saturating_sub(16);
    for k in (lo..open).rev() {
        if !is_cap(&toks[k].form) || initials(&toks[k].form).first() != letters.first() {
            continue;
        }
        let words: Vec<Vec<char>> = toks[k..open]
            .iter()
            .filter(|t| !t.norm.is_empty() && (!c.skip.contains(&t.norm) || is_cap(&t.form)))
            .map(|t| initials(&t.form))
            .collect();
        if words.len() < 2 || words.len() > letters.len() + 1 {
            continue;
        }
        if spells(&letters, &words, 1) {
            return Some(k);
        }
    }
    None
}

/// Acronyms with their long form in one document: "Organisation du
/// traité de l'Atlantique nord (OTAN)", "the Comprehensive
/// Nuclear-Test-Ban Treaty (CTBT)". The long form becomes one span of the
/// acronym's identity (its KB entry when either is linked; else both
/// cluster together, and later bare uses of the acronym join them).
fn acronyms(opts: &Options, toks: &[STok], spans: &mut Vec<Span>) -> Vec<(String, Span)> {
    let mut defined = Vec::new();
    let c = cues(opts.lang);
    let n = toks.len();
    for open in 1..n.saturating_sub(2) {
        if toks[open].form != "(" || toks[open + 2].form != ")" {
            continue;
        }
        let acr = &toks[open + 1];
        if !is_upper_word(&acr.form) {
            continue;
        }
        let Some(k) = long_form_start(c, toks, open, &acr.form) else {
            continue;
        };
        // A span reaching before the long form: leave it.
        if spans.iter().any(|s| s.a < k && s.b > k) {
            continue;
        }
        let inner: Vec<Span> = spans
            .iter()
            .filter(|s| s.a >= k && s.b <= open)
            .cloned()
            .collect();
        let acr_span = spans
            .iter()
            .find(|s| s.a == open + 1 && s.b == open + 2)
            .cloned();
        let kb = opts.kb;
        let entry = acr_span
            .as_ref()
            .and_then(|s| s.entry)
            .or_else(|| {
                inner
                    .iter()
                    .find(|s| s.a == k && s.b == open)
                    .and_then(|s| s.entry)
            })
            .or_else(|| link(opts, "ORG", &doc_text(toks, k, open), Ctx::default()));
        let kind = match entry.map(|e| kb.entries[e].kind.as_str()) {
            Some("MISC") => "MISC",
            Some("GPE") | Some("LOC") => "LOC",
            _ => acr_span
                .as_ref()
                .map(|s| s.kind.as_str())
                .filter(|k| *k == "MISC")
                .unwrap_or("ORG"),
        }
        .to_string();
        let long = names::norm(&doc_text(toks, k, open));
        put(spans, span(k, open, &kind, entry));
        let mut a = span(open + 1, open + 2, &kind, entry);
        a.alias_of = entry.is_none().then_some(long);
        defined.push((acr.form.clone(), a.clone()));
        put(spans, a);
    }
    defined
}

/// Resolves a document into entities.
pub fn entities(doc: &Document, opts: &Options) -> Vec<Entity> {
    let kb = opts.kb;
    let sents = surface_sentences(doc);
    // Built once: a per-sentence index would make the stage quadratic.
    let ix = doc.index();
    // (sentence, span) in text order.
    let mut all: Vec<(usize, Span)> = Vec::new();
    let mut acronyms_defined: Vec<(String, Span)> = Vec::new();
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
                    place: false,
                    alias_of: None,
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
                    place: false,
                    alias_of: None,
                });
            }
        }
        spans.sort_by_key(|s| s.a);
        // Link tagger spans.
        let hc = cues(opts.lang);
        for s in spans.iter_mut() {
            // "Mr Vladimir Putin", "M. Thiers": the honorific (kept in the
            // span, as HIPE annotates it) is context, not name.
            let n = &toks[s.a].norm;
            let honorific =
                s.kind == "PER" && s.b - s.a >= 2 && (hc.female.contains(n) || hc.male.contains(n));
            let a = s.a + usize::from(honorific);
            let ctx = ctx_at(opts.lang, toks, a);
            match s.entry {
                None => {
                    let text = doc_text(toks, a, s.b);
                    s.entry = link(opts, &s.kind, &text, ctx);
                }
                // A gazetteer person the context contradicts (gender,
                // dates) is not that person.
                Some(e)
                    if kb.entries[e].kind == "PER" && !person_agrees(opts, &kb.entries[e], ctx) =>
                {
                    s.entry = None;
                }
                Some(_) => {}
            }
        }
        let mut taken = vec![false; toks.len()];
        for s in &spans {
            for x in taken.iter_mut().take(s.b).skip(s.a) {
                *x = true;
            }
        }
        spans.extend(titles(opts, toks, &taken));
        // Nationality words ("Russian", "Belarusians") are MISC names, as
        // in CoNLL, in languages that capitalize them (`nationality_names`).
        if cues(opts.lang).nationality_names {
            for (k, t) in toks.iter().enumerate() {
                if is_cap(&t.form)
                    && !spans.iter().any(|s| s.a <= k && k < s.b)
                    && kb.adjective(&t.norm).is_some_and(|c| {
                        kb.entries[c]
                            .adjectives
                            .get(opts.lang)
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
                        place: false,
                        alias_of: None,
                    });
                }
            }
        }
        spans.sort_by_key(|s| s.a);
        datelines_and_credits(
            opts,
            toks,
            si == 0 || starts_paragraph(doc, &ix, toks),
            &mut spans,
        );
        acronyms_defined.extend(acronyms(opts, toks, &mut spans));
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
        // A continent stands for itself only as a place ("en Europe", "in
        // Africa"); elsewhere "Europe" often means the European Union, so
        // it stays unlinked (NIL) rather than possibly wrong.
        {
            let c = cues(opts.lang);
            for s in spans.iter_mut() {
                let continent = s.entry.is_some_and(|e| {
                    let e = &kb.entries[e];
                    e.kind == "LOC" && e.src == "geonames" && e.country.is_none()
                });
                let place_cue = s.a > 0 && c.place.contains(toks[s.a - 1].norm.as_str());
                if continent && !place_cue {
                    s.entry = None;
                }
            }
        }
        // Capitals and seats acting as their state.
        for s in &mut spans {
            if let Some(e) = s.entry {
                let ent = &kb.entries[e];
                if let Some(a3) = &ent.seat_of {
                    let seat = ent.kind == "ORG";
                    if !s.place && (seat || acting(opts.lang, toks, s.a, s.b)) {
                        if let Some(ci) = kb.government(a3).or_else(|| kb.country(a3)) {
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
    // Acronyms defined in the document ("… (CNRU)"): their later bare uses
    // the tagger missed are mentions too.
    if !acronyms_defined.is_empty() {
        let covered: HashSet<(usize, usize)> = all
            .iter()
            .flat_map(|(si, s)| (s.a..s.b).map(move |k| (*si, k)))
            .collect();
        for (si, toks) in sents.iter().enumerate() {
            for (k, t) in toks.iter().enumerate() {
                if covered.contains(&(si, k)) {
                    continue;
                }
                if let Some((_, sp)) = acronyms_defined.iter().find(|(f, _)| *f == t.form) {
                    let mut sp = sp.clone();
                    sp.a = k;
                    sp.b = k + 1;
                    all.push((si, sp));
                }
            }
        }
        all.sort_by_key(|(si, s)| (*si, s.a));
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
                            place: false,
                            alias_of: None,
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
    /// Key of the first given name of the longest PER name.
    given: Option<String>,
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
                // A first name alone, once the full name appeared, is that
                // person when only one person of the document bears it.
                if target.is_none() {
                    let bearers: Vec<usize> = clusters
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| {
                            c.kind == "PER" && c.given.as_deref() == Some(key.as_str())
                        })
                        .map(|(i, _)| i)
                        .collect();
                    if bearers.len() == 1 {
                        target = Some(bearers[0]);
                    }
                }
            }
        }
        if target.is_none() && s.entry.is_none() {
            if let Some(long) = &s.alias_of {
                target = by_text.get(&(s.kind.clone(), long.clone())).copied();
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
                    given: None,
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
            if t.len() >= 2 && c.given.is_none() {
                c.given = t.first().map(|x| names::key_token(x));
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
            Some(if all_seats && !c.ends_with("GOV") {
                format!("{c}GOV")
            } else {
                c
            })
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
