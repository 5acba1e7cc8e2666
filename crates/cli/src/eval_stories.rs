//! `newsgraph eval stories`: story grouping and cross-document event
//! deduplication on ECB+ (`../shared/data/coref-en-ecbplus`). Documents of
//! the chosen topics are rebuilt from their tokens (one sentence per line),
//! analyzed with the full pipeline, fed to the grouper in an order that does
//! not follow topics, and scored with B-cubed and CoNLL F1 against the gold
//! happening (topic × `ecb`/`ecbplus`). Event mentions are scored against the
//! `CROSS_DOC_COREF` action chains in the sentences the release lists.

use anyhow::{bail, Context};
use clap::Args;
use flate2::read::GzDecoder;
use newsgraph_doc::Document;
use newsgraph_stories::metrics::{clusters, score};
use newsgraph_stories::{group_documents, Config};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `eval stories`.
#[derive(Args)]
pub struct StoriesArgs {
    /// The ECB+ directory (holding `docs.tar.gz` and
    /// `ECBplus_coreference_sentences.csv`).
    #[arg(long)]
    gold: PathBuf,
    /// Topics: `test` (36–45, the default), `dev`, `train`, `traindev`.
    #[arg(long, default_value = "test")]
    topics: String,
    /// Keep the analyzed documents in this JSONL file and reuse it.
    #[arg(long)]
    cache: Option<PathBuf>,
    /// Override the joining threshold.
    #[arg(long)]
    threshold: Option<f64>,
    /// Override the merge threshold.
    #[arg(long)]
    merge_threshold: Option<f64>,
    /// Override the entity weight.
    #[arg(long)]
    w_entities: Option<f64>,
    /// Override the text weight.
    #[arg(long)]
    w_text: Option<f64>,
    /// Override the weight of a shared event signature.
    #[arg(long)]
    w_events: Option<f64>,
    /// Override the weight of a shared day date.
    #[arg(long)]
    w_dates: Option<f64>,
    /// Override the penalty of clashing day dates.
    #[arg(long)]
    w_date_clash: Option<f64>,
    /// Override the weight of shared numbers.
    #[arg(long)]
    w_numbers: Option<f64>,
    /// Write each document's gold happening and predicted story here (TSV:
    /// document, topic, `ecb`/`ecbplus`, story index), for error analysis.
    #[arg(long)]
    assignments: Option<PathBuf>,
    /// Print one JSON object of figures.
    #[arg(long)]
    json: bool,
}

const TRAIN: &[u32] = &[
    1, 3, 4, 6, 7, 8, 9, 10, 11, 13, 14, 16, 19, 20, 22, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33,
];
const DEV: &[u32] = &[2, 5, 12, 18, 21, 23, 34, 35];

fn topics(name: &str) -> anyhow::Result<Vec<u32>> {
    Ok(match name {
        "test" => (36..=45).collect(),
        "dev" => DEV.to_vec(),
        "train" => TRAIN.to_vec(),
        "traindev" => TRAIN.iter().chain(DEV).copied().collect(),
        other => bail!("unknown topic set {other:?} (test, dev, train, traindev)"),
    })
}

/// One ECB+ document: its tokens and action mentions.
struct EcbDoc {
    name: String,
    topic: u32,
    plus: bool,
    /// (t_id, sentence, text)
    tokens: Vec<(u32, u32, String)>,
    /// action mentions: (m_id, token ids)
    actions: Vec<(u32, Vec<u32>)>,
    /// m_id → chain instance id
    chain: HashMap<u32, String>,
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let pat = format!("{name}=\"");
    let i = tag.find(&pat)? + pat.len();
    let rest = tag.get(i..)?;
    rest.get(..rest.find('"')?)
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn parse_ecb(name: &str, xml: &str) -> Option<EcbDoc> {
    let base = name.rsplit('/').next()?.strip_suffix(".xml")?;
    let (topic, rest) = base.split_once('_')?;
    let mut d = EcbDoc {
        name: base.to_string(),
        topic: topic.parse().ok()?,
        plus: rest.ends_with("ecbplus"),
        tokens: Vec::new(),
        actions: Vec::new(),
        chain: HashMap::new(),
    };
    let mut in_markables = false;
    let mut current: Option<(bool, u32, Vec<u32>)> = None;
    let mut relation: Option<(String, Vec<u32>, bool)> = None;
    let mut intra: Vec<Vec<u32>> = Vec::new();
    for line in xml.lines() {
        let l = line.trim();
        if l.starts_with("<token ") {
            let close = l.find('>')?;
            let tag = &l[..close];
            let text = l[close + 1..].strip_suffix("</token>").unwrap_or("");
            d.tokens.push((
                attr(tag, "t_id")?.parse().ok()?,
                attr(tag, "sentence")?.parse().ok()?,
                unescape(text),
            ));
        } else if l == "<Markables>" {
            in_markables = true;
        } else if l == "</Markables>" {
            in_markables = false;
        } else if in_markables
            && l.starts_with('<')
            && !l.starts_with("</")
            && !l.starts_with("<token_anchor")
        {
            let tag_name: String = l[1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let is_action = tag_name.starts_with("ACTION_") || tag_name.starts_with("NEG_ACTION_");
            let Some(mid) = attr(l, "m_id").and_then(|m| m.parse().ok()) else {
                continue;
            };
            if l.ends_with("/>") {
                continue; // instance descriptor
            }
            current = Some((is_action, mid, Vec::new()));
        } else if in_markables && l.starts_with("<token_anchor") {
            if let (Some(c), Some(t)) = (
                current.as_mut(),
                attr(l, "t_id").and_then(|t| t.parse().ok()),
            ) {
                c.2.push(t);
            }
        } else if in_markables && l.starts_with("</") {
            if let Some((true, mid, toks)) = current.take() {
                if !toks.is_empty() {
                    d.actions.push((mid, toks));
                }
            }
        } else if l.starts_with("<CROSS_DOC_COREF") || l.starts_with("<INTRA_DOC_COREF") {
            let cross = l.starts_with("<CROSS");
            let note = attr(l, "note").unwrap_or("").to_string();
            relation = Some((note, Vec::new(), cross));
        } else if l.starts_with("<source") {
            if let (Some(r), Some(m)) = (
                relation.as_mut(),
                attr(l, "m_id").and_then(|m| m.parse().ok()),
            ) {
                r.1.push(m);
            }
        } else if l.starts_with("</CROSS_DOC_COREF") || l.starts_with("</INTRA_DOC_COREF") {
            if let Some((note, ms, cross)) = relation.take() {
                if cross && !note.is_empty() {
                    for m in ms {
                        d.chain.insert(m, note.clone());
                    }
                } else {
                    intra.push(ms);
                }
            }
        }
    }
    // intra-document chains without a cross-document instance stay local
    for (i, ms) in intra.into_iter().enumerate() {
        let inst = ms.iter().find_map(|m| d.chain.get(m).cloned());
        let label = inst.unwrap_or_else(|| format!("{}#intra{i}", d.name));
        for m in ms {
            d.chain.entry(m).or_insert_with(|| label.clone());
        }
    }
    Some(d)
}

/// Reads the `.xml` members of a gzipped ustar archive.
fn read_tar_gz(p: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let f = std::fs::File::open(p).with_context(|| format!("cannot open {}", p.display()))?;
    let mut bytes = Vec::new();
    GzDecoder::new(f)
        .take(1 << 30)
        .read_to_end(&mut bytes)
        .with_context(|| format!("{}: not a gzip file", p.display()))?;
    let mut out = Vec::new();
    let mut off = 0usize;
    while off + 512 <= bytes.len() {
        let h = &bytes[off..off + 512];
        if h.iter().all(|b| *b == 0) {
            break;
        }
        let cstr = |b: &[u8]| {
            String::from_utf8_lossy(b.split(|c| *c == 0).next().unwrap_or(&[])).to_string()
        };
        let name = cstr(&h[0..100]);
        let prefix = cstr(&h[345..500]);
        let size_s = cstr(&h[124..136]);
        let size = usize::from_str_radix(size_s.trim(), 8)
            .with_context(|| format!("{}: bad tar header at byte {off}", p.display()))?;
        let kind = h[156];
        let full = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        let start = off + 512;
        let end = start + size;
        if end > bytes.len() {
            bail!("{}: truncated tar member {full}", p.display());
        }
        if (kind == b'0' || kind == 0) && full.ends_with(".xml") {
            out.push((
                full,
                String::from_utf8_lossy(&bytes[start..end]).into_owned(),
            ));
        }
        off = start + size.div_ceil(512) * 512;
    }
    Ok(out)
}

/// Listed sentences: (doc name, sentence).
fn listed(p: &Path) -> anyhow::Result<HashSet<(String, u32)>> {
    let f = std::fs::File::open(p).with_context(|| format!("cannot open {}", p.display()))?;
    let mut out = HashSet::new();
    for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line.with_context(|| format!("{} line {}", p.display(), i + 1))?;
        let cols: Vec<&str> = line.trim().split(',').collect();
        if i == 0 || cols.len() < 3 {
            continue;
        }
        if let Ok(s) = cols[2].parse() {
            out.insert((format!("{}_{}", cols[0], cols[1]), s));
        }
    }
    Ok(out)
}

/// A rebuilt text and the code-point span of each token id.
type Rebuilt = (String, HashMap<u32, (usize, usize)>);

/// Text of a document (one sentence per line) and each token's code-point
/// span.
fn rebuild(d: &EcbDoc) -> Rebuilt {
    let mut text = String::new();
    let mut spans = HashMap::new();
    let mut pos = 0usize;
    let mut last_sent = None;
    for (tid, sent, tok) in &d.tokens {
        if let Some(s) = last_sent {
            let sep = if s == *sent { " " } else { "\n" };
            text.push_str(sep);
            pos += 1;
        }
        last_sent = Some(*sent);
        let n = tok.chars().count();
        spans.insert(*tid, (pos, pos + n));
        text.push_str(tok);
        pos += n;
    }
    (text, spans)
}

fn order_hash(s: &str) -> u64 {
    newsgraph_stories::features::h64(s)
}

/// Runs `eval stories`.
pub fn run(a: StoriesArgs) -> anyhow::Result<ExitCode> {
    let wanted: HashSet<u32> = topics(&a.topics)?.into_iter().collect();
    let members = read_tar_gz(&a.gold.join("docs.tar.gz"))?;
    let mut ecb: Vec<EcbDoc> = members
        .iter()
        .filter_map(|(n, x)| parse_ecb(n, x))
        .filter(|d| wanted.contains(&d.topic))
        .collect();
    if ecb.is_empty() {
        bail!(
            "{}: no ECB+ documents of topics {}",
            a.gold.display(),
            a.topics
        );
    }
    // an arrival order that does not follow topics
    ecb.sort_by_key(|d| order_hash(&d.name));
    let listed = listed(&a.gold.join("ECBplus_coreference_sentences.csv"))?;
    let cached: HashMap<String, Document> = match &a.cache {
        Some(p) if p.exists() => {
            let f =
                std::fs::File::open(p).with_context(|| format!("cannot open {}", p.display()))?;
            std::io::BufReader::new(f)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| serde_json::from_str::<Document>(&l).ok())
                .map(|d| (d.id.clone(), d))
                .collect()
        }
        _ => HashMap::new(),
    };
    let rebuilt: Vec<Rebuilt> = ecb.iter().map(rebuild).collect();
    let docs: Vec<Document> = ecb
        .par_iter()
        .zip(&rebuilt)
        .map(|(d, (text, _))| {
            if let Some(c) = cached.get(&d.name).filter(|c| &c.text == text) {
                return c.clone();
            }
            let mut doc = Document::new(d.name.clone(), text.clone());
            doc.language = Some("en".into());
            newsgraph_pipeline::analyze(&mut doc, &newsgraph_pipeline::Options::default());
            doc
        })
        .collect();
    if let Some(p) = &a.cache {
        let missing = docs.iter().any(|d| !cached.contains_key(&d.id));
        if missing {
            let mut all: HashMap<String, &Document> =
                cached.iter().map(|(k, v)| (k.clone(), v)).collect();
            for d in &docs {
                all.insert(d.id.clone(), d);
            }
            let mut f = std::io::BufWriter::new(
                std::fs::File::create(p)
                    .with_context(|| format!("cannot create {}", p.display()))?,
            );
            for d in all.values() {
                serde_json::to_writer(&mut f, d)?;
                f.write_all(b"\n")?;
            }
            f.flush()?;
        }
    }
    let mut cfg = Config::default();
    if let Some(t) = a.threshold {
        cfg.threshold = t;
    }
    if let Some(t) = a.merge_threshold {
        cfg.merge_threshold = t;
    }
    if let Some(w) = a.w_entities {
        cfg.w_entities = w;
    }
    if let Some(w) = a.w_text {
        cfg.w_text = w;
    }
    if let Some(w) = a.w_events {
        cfg.w_events = w;
    }
    if let Some(w) = a.w_dates {
        cfg.w_dates = w;
    }
    if let Some(w) = a.w_date_clash {
        cfg.w_date_clash = w;
    }
    if let Some(w) = a.w_numbers {
        cfg.w_numbers = w;
    }
    let g = group_documents(&docs, &cfg);
    let mut story_of = vec![0usize; docs.len()];
    for (s, members) in g.stories.iter().enumerate() {
        for &i in members {
            story_of[i] = s;
        }
    }
    if let Some(p) = &a.assignments {
        let mut f = std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        );
        for (d, s) in ecb.iter().zip(&story_of) {
            let sub = if d.plus { "ecbplus" } else { "ecb" };
            writeln!(f, "{}\t{}\t{sub}\t{s}", d.name, d.topic)?;
        }
        f.flush()?;
    }
    let key = clusters(
        &ecb.iter()
            .enumerate()
            .map(|(i, d)| (i, (d.topic, d.plus)))
            .collect::<Vec<_>>(),
    );
    let resp: Vec<Vec<usize>> = g.stories.clone();
    let doc_scores = score(&key, &resp);

    // events: gold action mentions in listed sentences
    let mut gold_m: Vec<((usize, u32), String)> = Vec::new();
    let mut tok_to_gold: HashMap<(usize, u32), u32> = HashMap::new();
    for (i, d) in ecb.iter().enumerate() {
        let sent_of: HashMap<u32, u32> = d.tokens.iter().map(|t| (t.0, t.1)).collect();
        for (mid, toks) in &d.actions {
            let first = toks.iter().copied().min().unwrap_or(0);
            let Some(s) = sent_of.get(&first) else {
                continue;
            };
            if !listed.contains(&(d.name.clone(), *s)) {
                continue;
            }
            let chain = d
                .chain
                .get(mid)
                .cloned()
                .unwrap_or_else(|| format!("{}#{mid}", d.name));
            gold_m.push(((i, first), chain));
            for t in toks {
                tok_to_gold.insert((i, *t), first);
            }
        }
    }
    // predicted mentions: the events layer, else verbs and nouns of the
    // parse, in listed sentences; identified by the gold token they fall on
    let mut events_layer = false;
    let mut pred: Vec<((usize, u32), String, usize)> = Vec::new();
    let mut seen = HashSet::new();
    for (i, (d, doc)) in ecb.iter().zip(&docs).enumerate() {
        let spans = &rebuilt[i].1;
        let sent_of: HashMap<u32, u32> = d.tokens.iter().map(|t| (t.0, t.1)).collect();
        let mut at: Vec<(usize, usize, u32)> =
            spans.iter().map(|(t, (s, e))| (*s, *e, *t)).collect();
        at.sort_unstable();
        let tid_at = |start: usize| -> Option<u32> {
            let k = at.partition_point(|x| x.0 <= start);
            k.checked_sub(1)
                .and_then(|k| at.get(k))
                .filter(|x| start < x.1)
                .map(|x| x.2)
        };
        let triggers: Vec<(usize, String)> = if !doc.events.is_empty() {
            events_layer = true;
            doc.events
                .iter()
                .map(|e| (e.trigger.start, e.trigger.lemma.to_lowercase()))
                .collect()
        } else {
            doc.tokens
                .iter()
                .filter(|t| matches!(t.upos.as_deref(), Some("VERB") | Some("NOUN")))
                .map(|t| {
                    (
                        t.start,
                        t.lemma
                            .clone()
                            .unwrap_or_else(|| t.text.clone())
                            .to_lowercase(),
                    )
                })
                .collect()
        };
        for (start, lemma) in triggers {
            let Some(tid) = tid_at(start) else { continue };
            let Some(s) = sent_of.get(&tid) else { continue };
            if !listed.contains(&(d.name.clone(), *s)) {
                continue;
            }
            let id = (i, tok_to_gold.get(&(i, tid)).copied().unwrap_or(tid));
            if seen.insert(id) {
                pred.push((id, lemma, story_of[i]));
            }
        }
    }
    let gold_ev = clusters(&gold_m);
    let baseline = clusters(
        &pred
            .iter()
            .map(|(id, l, _)| (*id, l.clone()))
            .collect::<Vec<_>>(),
    );
    let ours = clusters(
        &pred
            .iter()
            .map(|(id, l, s)| (*id, (l.clone(), *s)))
            .collect::<Vec<_>>(),
    );
    let base_s = score(&gold_ev, &baseline);
    let ours_s = score(&gold_ev, &ours);
    let matched: BTreeSet<(usize, u32)> = gold_m.iter().map(|g| g.0).collect();
    let pred_matched = pred.iter().filter(|p| matched.contains(&p.0)).count();
    let r2 = crate::eval::round2;
    let pct = |x: f64| r2(100.0 * x);
    let out = serde_json::json!({
        "docs": docs.len(),
        "topics": a.topics,
        "gold_stories": key.len(),
        "stories": resp.len(),
        "bcubed_p": pct(doc_scores.bcubed.p),
        "bcubed_r": pct(doc_scores.bcubed.r),
        "bcubed_f1": pct(doc_scores.bcubed.f1),
        "muc_f1": pct(doc_scores.muc.f1),
        "ceafe_f1": pct(doc_scores.ceafe.f1),
        "conll_f1": pct(doc_scores.conll_f1),
        "event_mentions_source": if events_layer { "events layer" } else { "parse: verbs and nouns (events layer empty)" },
        "gold_event_mentions": gold_m.len(),
        "predicted_event_mentions": pred.len(),
        "predicted_mentions_on_gold": pred_matched,
        "event_conll_f1": pct(ours_s.conll_f1),
        "event_bcubed_f1": pct(ours_s.bcubed.f1),
        "lemma_baseline_event_conll_f1": pct(base_s.conll_f1),
    });
    if a.json {
        println!("{out}");
    } else {
        println!("{}", serde_json::to_string_pretty(&out)?);
    }
    Ok(ExitCode::SUCCESS)
}
