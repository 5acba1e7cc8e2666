//! Throughput benchmark of reading + segmentation, on the bundled example
//! articles (written for this repository), processed one document at a time
//! as `analyze` does, about 4 MB per language.
//!
//! Run: `cargo bench -p newsgraph-segment`. Prints MB/s per core (one
//! thread) as the median of several runs, and asserts the output is the
//! same on every run.

use newsgraph_doc::Document;
use newsgraph_segment::{segment_text, Rules};
use std::time::Instant;

fn article(lang: &str) -> String {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/");
    match lang {
        "fr" => std::fs::read_to_string(format!("{root}fr-sommet.txt")).expect("example"),
        _ => {
            let line = std::fs::read_to_string(format!("{root}en-summit.jsonl")).expect("example");
            let v: serde_json::Value =
                serde_json::from_str(line.lines().next().expect("line")).expect("json");
            format!("date 2024-03-14\n{}", v["text"].as_str().expect("text"))
        }
    }
}

/// CPU time of this thread in seconds (Linux `schedstat`), so that other
/// processes on a shared machine do not count; wall-clock time elsewhere.
fn cpu_seconds(wall: Instant) -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map_or_else(|| wall.elapsed().as_secs_f64(), |ns| ns as f64 / 1e9)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).expect("no NaN"));
    v[v.len() / 2]
}

fn main() {
    for lang in ["fr", "en"] {
        // Articles of about 3 KB: the example repeated with a paragraph break.
        let one = article(lang);
        let (head, body) = one.split_once('\n').expect("date line");
        let mut doc_text = format!("{head}\n");
        while doc_text.len() < 3000 {
            doc_text.push_str(body);
            doc_text.push_str("\n\n");
        }
        let n_docs = 4_000_000 / doc_text.len();
        let bytes = doc_text.as_bytes();
        let rules = Rules::for_language(lang);
        let mut rates = Vec::new();
        let mut counts = None;
        for _ in 0..7 {
            let wall = Instant::now();
            let t0 = cpu_seconds(wall);
            let (mut ns, mut nw) = (0, 0);
            for _ in 0..n_docs {
                // The text reader's work: UTF-8 validation, date header.
                let s = std::str::from_utf8(bytes).expect("utf-8");
                let (date, body) = s.split_once('\n').expect("header");
                let mut doc = Document::new("bench", body);
                doc.published = date.strip_prefix("date ").and_then(|d| d.parse().ok());
                let (sents, words, mwts) = segment_text(&doc.text, rules);
                doc.sentences = sents;
                doc.tokens = words;
                doc.multiword_tokens = mwts;
                ns += doc.sentences.len();
                nw += doc.tokens.len();
            }
            let dt = cpu_seconds(wall) - t0;
            assert!(
                counts.is_none_or(|p| p == (ns, nw)),
                "non-deterministic segmentation"
            );
            counts = Some((ns, nw));
            rates.push((n_docs * bytes.len()) as f64 / 1e6 / dt);
        }
        let (ns, nw) = counts.expect("ran");
        assert!(ns > 1000 && nw > 50_000);
        println!(
            "read+segment {lang}: {:.1} MB/s per core (CPU time, median of 7; {n_docs} documents of {} bytes, {ns} sentences, {nw} words)",
            median(rates),
            bytes.len()
        );
    }
}
