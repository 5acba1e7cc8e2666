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

fn code3(c: &str) -> &str {
    c.get(..3).unwrap_or(c)
}

fn overlap(pred: &[newsgraph_doc::ArgRef], gold: &[String]) -> bool {
    pred.iter()
        .filter_map(|a| a.code.as_deref())
        .any(|c| gold.iter().any(|g| code3(g) == code3(c)))
}

/// Runs `eval events`.
pub fn run(a: EventsArgs) -> anyhow::Result<ExitCode> {
    let src = std::fs::read_to_string(&a.gold)
        .with_context(|| format!("reading {}", a.gold.display()))?;
    let gold = match a.format {
        GoldFormat::Plover => read_plover(&src).with_context(|| a.gold.display().to_string())?,
        GoldFormat::Petrarch => read_petrarch(&src),
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
