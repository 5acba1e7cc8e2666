//! Throughput of the time stage on committed French and English news text
//! (written for this benchmark), with its results checked. Run with
//! `cargo bench -p newsgraph-time`; prints MB/s on one core.

use newsgraph_doc::Published;
use std::time::Instant;

fn run(lang: &str, text: &str, published: &Published) -> f64 {
    let one = newsgraph_time::annotate(text, lang, Some(published)).expect("supported language");
    assert!(one.len() >= 15, "{lang}: only {} expressions found", one.len());
    // A corpus of about 4 MB made of copies of the text.
    let reps = 4_000_000 / text.len() + 1;
    let big = std::iter::repeat_n(text, reps).collect::<Vec<_>>().join("\n\n");
    let _ = newsgraph_time::annotate(&big[..big.len().min(200_000)], lang, Some(published)).expect("warm-up");
    let mut speeds = Vec::new();
    for _ in 0..5 {
        let t0 = Instant::now();
        let all = newsgraph_time::annotate(&big, lang, Some(published)).expect("supported language");
        let secs = t0.elapsed().as_secs_f64();
        assert!(all.len() >= one.len() * reps * 9 / 10, "{lang}: results differ on copies");
        speeds.push(big.len() as f64 / 1e6 / secs);
    }
    speeds.sort_by(|a, b| a.total_cmp(b));
    let median = speeds[speeds.len() / 2];
    println!("time/{lang}: {:.1} MB/s (median of 5 runs on {:.1} MB, {} expressions per copy)", median, big.len() as f64 / 1e6, one.len());
    median
}

fn main() {
    let published: Published = "2023-05-31".parse().expect("valid date");
    let fr = run("fr", include_str!("news_fr.txt"), &published);
    let en = run("en", include_str!("news_en.txt"), &published);
    // The target is 10 MB/s per core; a loaded shared machine can be slower,
    // so the hard floor checked here is lower.
    assert!(fr > 2.0 && en > 2.0, "too slow: fr {fr:.1} MB/s, en {en:.1} MB/s");
}
