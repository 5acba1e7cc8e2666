//! `newsgraph eval events`: event detection, type, actor, target and time
//! accuracy against PLOVER gold-standard records (`--format plover`) or
//! PETRARCH2 validation records (`--format petrarch`).
//!
//! Scoring is per sentence: gold events are matched greedily to the
//! predicted events of the same sentence (same PLOVER type first, then any);
//! detection P/R/F1 count matched pairs over predicted and gold events;
//! type accuracy is over matched pairs; actor (target) accuracy is over
//! matched pairs whose gold has actors (targets): correct when a predicted
//! participant's code shares its first three letters (the country or IGO
//! code) with a gold code. `tokens_per_s` times the events stage alone
//! (re-run on the analyzed documents).

use anyhow::Context;
use clap::{Args, ValueEnum};
use newsgraph_doc::{Document, Event, Published};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Gold formats.
#[derive(Clone, Copy, ValueEnum)]
pub enum GoldFormat {
    /// PLOVER gold-standard records (JSON array, PLOVER 0.5 types mapped to 2.0).
    Plover,
    /// PETRARCH2 validation records (`<Sentence>`, `<EventCoding>`, `<Text>`), CAMEO roots mapped to PLOVER.
    Petrarch,
    /// MEANTIME CAT XML (a directory of `.xml`): trigger P/R/F1 over all
    /// event mentions, Arg0/Arg1 participant accuracy.
    Meantime,
}

/// Arguments of `eval events`.
#[derive(Args)]
pub struct EventsArgs {
    /// Gold file.
    #[arg(long)]
    gold: PathBuf,
    /// Gold format.
    #[arg(long, value_enum, default_value = "plover")]
    format: GoldFormat,
    /// Print one JSON object of figures.
    #[arg(long)]
    json: bool,
    /// Print each sentence's gold and predicted events on stderr.
    #[arg(long)]
    errors: bool,
    /// Keep one predicted event per sentence: the one whose trigger is
    /// highest in the dependency tree (the gold codes one per sentence).
    #[arg(long)]
    main: bool,
    /// Which records: `dev` (even positions), `test` (odd positions) or `all`.
    #[arg(long, default_value = "all")]
    split: String,
}

/// One gold event.
struct GoldEvent {
    /// PLOVER types accepted (several when the CAMEO root is ambiguous).
    kinds: Vec<String>,
    actors: Vec<String>,
    targets: Vec<String>,
}

/// One gold sentence.
struct GoldSentence {
    text: String,
    date: Option<String>,
    events: Vec<GoldEvent>,
}

/// PLOVER 0.5 → 2.0 types (events-plover SOURCE.md).
fn plover2(t: &str) -> String {
    match t {
        "DEMAND" => "REQUEST",
        "DISAPPROVE" | "INVESTIGATE" => "ACCUSE",
        "FIGHT" => "ASSAULT",
        other => other,
    }
    .to_string()
}

/// CAMEO root → PLOVER 2.0 (CAMEO2PLOVER-2021.txt root lines); roots 01
/// and 02 have no PLOVER type.
fn cameo_root_types(code: &str) -> Vec<String> {
    let root = code.get(..2).unwrap_or("");
    let v: &[&str] = match root {
        "03" => &["AGREE"],
        "04" => &["CONSULT"],
        "05" => &["SUPPORT"],
        "06" => &["COOPERATE"],
        "07" => &["AID"],
        "08" => &["CONCEDE", "RETREAT"],
        "09" | "11" => &["ACCUSE"],
        "10" => &["REQUEST"],
        "12" => &["REJECT"],
        "13" => &["THREATEN"],
        "14" => &["PROTEST"],
        "15" => &["MOBILIZE"],
        "16" => &["SANCTION"],
        "17" => &["COERCE"],
        "18" | "19" | "20" => &["ASSAULT"],
        _ => &[],
    };
    v.iter().map(|s| s.to_string()).collect()
}

fn read_plover(src: &str) -> anyhow::Result<Vec<GoldSentence>> {
    let v: serde_json::Value =
        serde_json::from_str(src).context("PLOVER gold is not a JSON array")?;
    let arr = v.as_array().context("PLOVER gold is not a JSON array")?;
    let codes = |x: Option<&serde_json::Value>| -> Vec<String> {
        x.and_then(|a| a.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|o| o.get("code").and_then(|c| c.as_str()).map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    Ok(arr
        .iter()
        .filter(|r| r.get("event").and_then(|e| e.as_str()) != Some("DOCUMENT"))
        .filter_map(|r| {
            let text = r.get("text")?.as_str()?.to_string();
            let kind = plover2(r.get("event")?.as_str()?);
            Some(GoldSentence {
                text,
                date: r.get("date").and_then(|d| d.as_str()).map(str::to_string),
                events: vec![GoldEvent {
                    kinds: vec![kind],
                    actors: codes(r.get("source")),
                    targets: codes(r.get("target")),
                }],
            })
        })
        .collect())
}

fn attr(line: &str, name: &str) -> Option<String> {
    let k = format!("{name}=\"");
    let i = line.find(&k)? + k.len();
    let j = line[i..].find('"')? + i;
    Some(line[i..j].to_string())
}

fn read_petrarch(src: &str) -> Vec<GoldSentence> {
    let mut out: Vec<GoldSentence> = Vec::new();
    let mut in_text = false;
    for line in src.lines() {
        let l = line.trim();
        if l.starts_with("<Sentence ") {
            let date = attr(l, "date")
                .filter(|d| d.len() == 8)
                .map(|d| format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..]));
            out.push(GoldSentence {
                text: String::new(),
                date,
                events: Vec::new(),
            });
        } else if l.starts_with("<EventCoding") {
            if let Some(s) = out.last_mut() {
                let code = attr(l, "eventcode").unwrap_or_default();
                let kinds = cameo_root_types(&code);
                if !kinds.is_empty() {
                    s.events.push(GoldEvent {
                        kinds,
                        actors: attr(l, "sourcecode").into_iter().collect(),
                        targets: attr(l, "targetcode").into_iter().collect(),
                    });
                }
            }
        } else if l == "<Text>" {
            in_text = true;
        } else if l == "</Text>" {
            in_text = false;
        } else if in_text {
            if let Some(s) = out.last_mut() {
                if !s.text.is_empty() {
                    s.text.push(' ');
                }
                s.text.push_str(l);
            }
        }
    }
    out.retain(|s| !s.text.is_empty());
    out
}

/// The country or group part of a CAMEO actor code. The GSR writes three
/// countries with non-ISO codes (`JAP` Japan, `ITL` Italy, `VTN` Vietnam);
/// they are read as the ISO codes every other record uses.
fn code3(c: &str) -> &str {
    match c.get(..3).unwrap_or(c) {
        "JAP" => "JPN",
        "ITL" => "ITA",
        "VTN" => "VNM",
        x => x,
    }
}

fn overlap(pred: &[newsgraph_doc::ArgRef], gold: &[String]) -> bool {
    pred.iter()
        .filter_map(|a| a.code.as_deref())
        .any(|c| gold.iter().any(|g| code3(g) == code3(c)))
}

/// Runs `eval events`.
pub fn run(a: EventsArgs) -> anyhow::Result<ExitCode> {
    if matches!(a.format, GoldFormat::Meantime) {
        let figures = crate::eval_events::meantime::run(&a.gold)?;
        if a.json {
            println!("{}", serde_json::to_string(&figures)?);
        } else {
            for (k, v) in figures.as_object().into_iter().flatten() {
                println!("{k:>14}  {v}");
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let src = std::fs::read_to_string(&a.gold)
        .with_context(|| format!("reading {}", a.gold.display()))?;
    let gold = match a.format {
        GoldFormat::Plover => read_plover(&src).with_context(|| a.gold.display().to_string())?,
        GoldFormat::Petrarch => read_petrarch(&src),
        GoldFormat::Meantime => Vec::new(),
    };
    let gold: Vec<GoldSentence> = gold
        .into_iter()
        .enumerate()
        .filter(|(i, _)| match a.split.as_str() {
            "dev" => i % 2 == 0,
            "test" => i % 2 == 1,
            _ => true,
        })
        .map(|(_, g)| g)
        .collect();
    let figures = score(&gold, a.errors, a.main, &a.gold);
    if a.json {
        println!("{}", serde_json::to_string(&figures)?);
    } else {
        for (k, v) in figures.as_object().into_iter().flatten() {
            println!("{k:>14}  {v}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn pct(n: usize, d: usize) -> serde_json::Value {
    if d == 0 {
        serde_json::Value::Null
    } else {
        serde_json::json!((1000.0 * n as f64 / d as f64).round() / 10.0)
    }
}

fn score(gold: &[GoldSentence], errors: bool, main: bool, path: &Path) -> serde_json::Value {
    let (mut n_gold, mut n_pred, mut tp) = (0, 0, 0);
    let (mut type_ok, mut actor_n, mut actor_ok, mut target_n, mut target_ok) = (0, 0, 0, 0, 0);
    let (mut tokens, mut stage) = (0usize, Duration::ZERO);
    for (i, g) in gold.iter().enumerate() {
        let mut doc = Document::new(format!("{}#{i}", path.display()), g.text.clone());
        doc.language = Some("en".into());
        doc.published = g
            .date
            .as_deref()
            .and_then(|d| Published::parse_lenient(d).ok());
        newsgraph_pipeline::analyze(&mut doc, &Default::default());
        let t0 = Instant::now();
        newsgraph_events::annotate(&mut doc);
        stage += t0.elapsed();
        tokens += doc.tokens.len();
        // Plain statements ("said") are CAMEO 01, outside PLOVER.
        let pred: Vec<&Event> = doc
            .events
            .iter()
            .filter(|e| !newsgraph_events::is_plain_statement(e))
            .collect();
        let pred: Vec<&Event> = if main {
            let depth = |e: &Event| {
                let mut i = doc.tokens.iter().position(|t| t.start == e.trigger.start);
                let mut d = 0;
                while let Some(h) = i.and_then(|i| doc.tokens[i].head) {
                    d += 1;
                    if d > 64 {
                        break;
                    }
                    i = Some(h);
                }
                d
            };
            pred.into_iter()
                .min_by_key(|e| depth(e))
                .into_iter()
                .collect()
        } else {
            pred
        };
        n_gold += g.events.len();
        n_pred += pred.len();
        let mut used = vec![false; pred.len()];
        for ge in &g.events {
            let pick = (0..pred.len())
                .find(|&p| !used[p] && ge.kinds.contains(&pred[p].kind))
                .or_else(|| (0..pred.len()).find(|&p| !used[p]));
            let Some(p) = pick else { continue };
            used[p] = true;
            tp += 1;
            let e = &pred[p];
            if ge.kinds.contains(&e.kind) {
                type_ok += 1;
            }
            if !ge.actors.is_empty() {
                actor_n += 1;
                actor_ok += usize::from(overlap(&e.actors, &ge.actors));
            }
            if !ge.targets.is_empty() {
                target_n += 1;
                target_ok += usize::from(overlap(&e.targets, &ge.targets));
            }
        }
        if errors {
            eprintln!("# {}", g.text);
            for ge in &g.events {
                eprintln!("  gold {:?} {:?} -> {:?}", ge.kinds, ge.actors, ge.targets);
            }
            for e in &pred {
                let c = |v: &[newsgraph_doc::ArgRef]| {
                    v.iter()
                        .map(|a| a.code.clone().unwrap_or_else(|| a.text.clone()))
                        .collect::<Vec<_>>()
                };
                eprintln!(
                    "  pred {} {:?} {:?} -> {:?}",
                    e.kind,
                    e.trigger.text,
                    c(&e.actors),
                    c(&e.targets)
                );
            }
        }
    }
    let p = if n_pred == 0 {
        0.0
    } else {
        tp as f64 / n_pred as f64
    };
    let r = if n_gold == 0 {
        0.0
    } else {
        tp as f64 / n_gold as f64
    };
    let f1 = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    let r1 = |x: f64| (1000.0 * x).round() / 10.0;
    serde_json::json!({
        "sentences": gold.len(),
        "gold_events": n_gold,
        "predicted_events": n_pred,
        "detection_p": r1(p),
        "detection_r": r1(r),
        "detection_f1": r1(f1),
        "type_acc": pct(type_ok, tp),
        "actor_acc": pct(actor_ok, actor_n),
        "target_acc": pct(target_ok, target_n),
        "time_acc": serde_json::Value::Null,
        "tokens_per_s": if stage.is_zero() { 0.0 } else { (tokens as f64 / stage.as_secs_f64()).round() },
    })
}

/// MEANTIME: the text is rebuilt from its tokens (joined by spaces, one
/// line per sentence); predicted triggers and participants are compared
/// with the gold token spans.
mod meantime {
    use newsgraph_doc::{Document, Published};
    use std::collections::HashMap;
    use std::path::Path;
    use std::time::{Duration, Instant};

    fn attr(s: &str, name: &str) -> Option<String> {
        super::attr(s, name)
    }

    fn unescape(s: &str) -> String {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&")
    }

    /// (tokens: (t_id, sentence, text)), markables m_id → (kind, t_ids),
    /// participants (role, event m_id, entity m_id), creation time.
    type Parsed = (
        Vec<(String, String, String)>,
        HashMap<String, (String, Vec<String>)>,
        Vec<(String, String, String)>,
        Option<String>,
    );

    fn parse(src: &str) -> Parsed {
        let mut toks = Vec::new();
        let mut marks: HashMap<String, (String, Vec<String>)> = HashMap::new();
        let mut parts = Vec::new();
        let mut dct = None;
        let mut cur: Option<(String, String)> = None; // (kind, m_id)
        let mut rel: Option<(String, Option<String>, Option<String>)> = None;
        for line in src.lines() {
            let l = line.trim();
            if l.starts_with("<token ") {
                let text = l
                    .split_once('>')
                    .and_then(|(_, r)| r.rsplit_once("</token>"))
                    .map(|(t, _)| unescape(t))
                    .unwrap_or_default();
                if let (Some(t), Some(sn)) = (attr(l, "t_id"), attr(l, "sentence")) {
                    toks.push((t, sn, text));
                }
            } else if l.starts_with("<EVENT_MENTION") || l.starts_with("<ENTITY_MENTION") {
                let kind = if l.starts_with("<EVENT") {
                    "EVENT"
                } else {
                    "ENTITY"
                };
                if let Some(m) = attr(l, "m_id") {
                    marks.insert(m.clone(), (kind.to_string(), Vec::new()));
                    cur = Some((kind.to_string(), m));
                }
            } else if l.starts_with("<token_anchor") {
                if let (Some((_, m)), Some(t)) = (&cur, attr(l, "t_id")) {
                    if let Some(x) = marks.get_mut(m) {
                        x.1.push(t);
                    }
                }
            } else if l.starts_with("</EVENT_MENTION") || l.starts_with("</ENTITY_MENTION") {
                cur = None;
            } else if l.starts_with("<TIMEX3") && l.contains("CREATION_TIME") {
                dct = attr(l, "value");
            } else if l.starts_with("<HAS_PARTICIPANT") {
                rel = attr(l, "sem_role").map(|r| (r, None, None));
            } else if l.starts_with("<source") {
                if let Some(r) = rel.as_mut() {
                    r.1 = attr(l, "m_id");
                }
            } else if l.starts_with("<target") {
                if let Some(r) = rel.as_mut() {
                    r.2 = attr(l, "m_id");
                }
            } else if l.starts_with("</HAS_PARTICIPANT") {
                if let Some((r, Some(a), Some(b))) = rel.take() {
                    parts.push((r, a, b));
                }
            }
        }
        (toks, marks, parts, dct)
    }

    fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        let mut v: Vec<_> = rd.flatten().map(|e| e.path()).collect();
        v.sort();
        for p in v {
            if p.is_dir() {
                files(&p, out);
            } else if p.extension().is_some_and(|e| e == "xml") {
                out.push(p);
            }
        }
    }

    /// Scores every `.xml` under `dir`.
    pub fn run(dir: &Path) -> anyhow::Result<serde_json::Value> {
        let mut paths = Vec::new();
        files(dir, &mut paths);
        anyhow::ensure!(!paths.is_empty(), "no .xml files under {}", dir.display());
        let (mut n_gold, mut n_pred, mut tp_pred, mut tp_gold) = (0usize, 0usize, 0usize, 0usize);
        let (mut a0_n, mut a0_ok, mut a1_n, mut a1_ok) = (0, 0, 0, 0);
        let (mut tokens, mut stage) = (0usize, Duration::ZERO);
        for p in &paths {
            let Ok(src) = std::fs::read_to_string(p) else {
                continue;
            };
            let (toks, marks, parts, dct) = parse(&src);
            // Rebuild the text: tokens joined by spaces, one line per sentence.
            let mut text = String::new();
            let mut span: HashMap<&str, (usize, usize)> = HashMap::new();
            let mut pos = 0usize;
            let mut last_sent: Option<&str> = None;
            for (t, sn, w) in &toks {
                if let Some(ls) = last_sent {
                    let sep = if ls == sn { " " } else { "\n" };
                    text.push_str(sep);
                    pos += 1;
                }
                let n = w.chars().count();
                span.insert(t.as_str(), (pos, pos + n));
                text.push_str(w);
                pos += n;
                last_sent = Some(sn.as_str());
            }
            let mut doc = Document::new(p.display().to_string(), text);
            doc.language = Some("en".into());
            doc.published = dct
                .as_deref()
                .and_then(|d| Published::parse_lenient(d.get(..10).unwrap_or(d)).ok());
            newsgraph_pipeline::analyze(&mut doc, &Default::default());
            let t0 = Instant::now();
            newsgraph_events::annotate(&mut doc);
            stage += t0.elapsed();
            tokens += doc.tokens.len();
            let range = |m: &str| -> Option<(usize, usize)> {
                let (_, ts) = marks.get(m)?;
                let s: Vec<(usize, usize)> = ts
                    .iter()
                    .filter_map(|t| span.get(t.as_str()).copied())
                    .collect();
                Some((s.iter().map(|x| x.0).min()?, s.iter().map(|x| x.1).max()?))
            };
            let overlaps = |a: (usize, usize), b: (usize, usize)| a.0 < b.1 && b.0 < a.1;
            let gold_events: Vec<(&String, (usize, usize))> = marks
                .iter()
                .filter(|(_, (k, _))| k == "EVENT")
                .filter_map(|(m, _)| Some((m, range(m)?)))
                .collect();
            n_gold += gold_events.len();
            n_pred += doc.events.len();
            let mut matched: HashMap<&String, &newsgraph_doc::Event> = HashMap::new();
            for e in &doc.events {
                let t = (e.trigger.start, e.trigger.end);
                if let Some((m, _)) = gold_events.iter().find(|(_, r)| overlaps(*r, t)) {
                    tp_pred += 1;
                    matched.entry(*m).or_insert(e);
                }
            }
            tp_gold += matched.len();
            // Participants of matched events: Arg0 → actors, Arg1 → targets (or place).
            let arg_hits = |args: &[&newsgraph_doc::ArgRef], gold: (usize, usize)| {
                args.iter().any(|a| {
                    let ent = a
                        .entity
                        .as_deref()
                        .and_then(|id| doc.entities.iter().find(|x| x.id == id));
                    match ent {
                        Some(x) => x
                            .mentions
                            .iter()
                            .any(|mn| overlaps((mn.start, mn.end), gold)),
                        None => doc
                            .text
                            .chars()
                            .skip(gold.0)
                            .take(gold.1 - gold.0)
                            .collect::<String>()
                            .contains(&a.text),
                    }
                })
            };
            for (role, ev, en) in &parts {
                let (Some(e), Some(g)) = (matched.get(ev), range(en)) else {
                    continue;
                };
                match role.as_str() {
                    "Arg0" => {
                        a0_n += 1;
                        let v: Vec<_> = e.actors.iter().collect();
                        a0_ok += usize::from(arg_hits(&v, g));
                    }
                    "Arg1" => {
                        a1_n += 1;
                        let v: Vec<_> = e.targets.iter().chain(e.place.iter()).collect();
                        a1_ok += usize::from(arg_hits(&v, g));
                    }
                    _ => {}
                }
            }
        }
        let p = if n_pred == 0 {
            0.0
        } else {
            tp_pred as f64 / n_pred as f64
        };
        let r = if n_gold == 0 {
            0.0
        } else {
            tp_gold as f64 / n_gold as f64
        };
        let f1 = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        let r1 = |x: f64| (1000.0 * x).round() / 10.0;
        Ok(serde_json::json!({
            "documents": paths.len(),
            "gold_events": n_gold,
            "predicted_events": n_pred,
            "detection_p": r1(p),
            "detection_r": r1(r),
            "detection_f1": r1(f1),
            "type_acc": serde_json::Value::Null,
            "actor_acc": super::pct(a0_ok, a0_n),
            "target_acc": super::pct(a1_ok, a1_n),
            "participant_acc": super::pct(a0_ok + a1_ok, a0_n + a1_n),
            "participants_scored": a0_n + a1_n,
            "time_acc": serde_json::Value::Null,
            "tokens_per_s": if stage.is_zero() { 0.0 } else { (tokens as f64 / stage.as_secs_f64()).round() },
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plover_records_map_types_and_codes() {
        let src = r#"[{"id": "D", "event": "DOCUMENT", "eventText": "x"},
          {"id": "1", "date": "2000-01-01", "event": "DISAPPROVE",
           "source": [{"actorText": "Iran", "code": "IRN"}],
           "target": [{"actorText": "Iraq", "code": "IRQ"}],
           "text": "Iran criticized Iraq."}]"#;
        let g = read_plover(src).expect("parses");
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].events[0].kinds, ["ACCUSE"]);
        assert_eq!(g[0].events[0].actors, ["IRN"]);
        assert_eq!(g[0].events[0].targets, ["IRQ"]);
        assert!(read_plover("{").is_err());
    }

    #[test]
    fn petrarch_records_tolerate_prose_and_map_roots() {
        let src = "# banner with <EventCoding eventcode=\"999\"> in prose\n\
            <Sentence category=\"AFP\" date=\"20080804\" id=\"A_1\" evaluate=\"true\"/>\n\
            <EventCoding eventcode=\"042\" sourcecode=\"USAGOV\" targetcode=\"CHN\" />\n\
            <EventCoding eventcode=\"010\" sourcecode=\"USA\" targetcode=\"CHN\" />\n\
            <Text>\nThe US leader\nvisited China.\n</Text>\n";
        let g = read_petrarch(src);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].text, "The US leader visited China.");
        assert_eq!(g[0].date.as_deref(), Some("2008-08-04"));
        // 01 (statement) has no PLOVER type and is not a gold event.
        assert_eq!(g[0].events.len(), 1);
        assert_eq!(g[0].events[0].kinds, ["CONSULT"]);
        assert_eq!(cameo_root_types("0831"), ["CONCEDE", "RETREAT"]);
    }
}
