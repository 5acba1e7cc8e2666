//! Speed benchmark of the syntax stage (tagger + lemmatizer + parser) on
//! committed news text written for this purpose (`benches/data/`), plus the
//! model-load time. Reports words per second of wall time and of CPU time
//! (the machines are shared: CPU time is the per-core figure).
//!
//! Run: `cargo bench -p newsgraph-syntax` (set `BENCH_SECS` to change the
//! measuring time, default 5 s per language).

use newsgraph_doc::Document;
use std::time::Instant;

/// CPU time of this thread in seconds (Linux), if readable.
fn cpu_secs() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let rest = s.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ut: f64 = f.get(11)?.parse().ok()?;
    let st: f64 = f.get(12)?.parse().ok()?;
    Some((ut + st) / 100.0)
}

fn bench(lang: &str, text: &str, secs: f64) {
    let t0 = Instant::now();
    let models = match newsgraph_syntax::models(lang) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{lang}: skipped ({e})");
            return;
        }
    };
    let load_ms = t0.elapsed().as_secs_f64() * 1000.0;
    let mut doc = Document::new("bench", text);
    doc.language = Some(lang.into());
    newsgraph_segment::segment(&mut doc);
    let words = doc.tokens.len();
    // Warm up and check the output.
    models.annotate(&mut doc);
    assert!(doc
        .tokens
        .iter()
        .all(|t| t.upos.is_some() && t.lemma.is_some() && t.deprel.is_some()));
    for s in &doc.sentences {
        let roots = doc.tokens[s.tokens[0]..s.tokens[1]]
            .iter()
            .filter(|t| t.head.is_none())
            .count();
        assert_eq!(roots, 1, "one root per sentence");
    }
    let mut runs = Vec::new();
    let start = Instant::now();
    let c0 = cpu_secs();
    let mut total = 0usize;
    while start.elapsed().as_secs_f64() < secs {
        let t = Instant::now();
        models.annotate(&mut doc);
        runs.push(words as f64 / t.elapsed().as_secs_f64());
        total += words;
    }
    let wall = start.elapsed().as_secs_f64();
    runs.sort_by(|a, b| a.total_cmp(b));
    let median = runs[runs.len() / 2];
    let cpu = match (c0, cpu_secs()) {
        (Some(a), Some(b)) if b > a => format!("{:.0}", total as f64 / (b - a)),
        _ => "n/a".into(),
    };
    println!(
        "{lang}: {words} words × {} runs: median {median:.0} words/s (wall), {:.0} words/s overall, {cpu} words per CPU-second; models loaded in {load_ms:.1} ms",
        runs.len(),
        total as f64 / wall
    );
}

fn main() {
    let secs = std::env::var("BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5.0);
    bench("fr", include_str!("data/fr_news.txt"), secs);
    bench("en", include_str!("data/en_news.txt"), secs);
}
