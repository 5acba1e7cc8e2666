//! Scale benchmark of story grouping (run by `bench/stories-scale.sh`, not a
//! test): N synthetic document digests — 2,000 happenings over a year, each
//! reported by several outlets, with entity keys drawn from a shared pool of
//! 20,000 (a few very common), 150 lemma terms per document from a
//! 50,000-term vocabulary, dates, numbers and MinHash signatures, one in ten a
//! copy — fed to the online grouper in publication order. Prints documents,
//! stories, open stories at the end, wall and CPU seconds of the grouping,
//! documents per second and peak resident memory.
//!
//! With a second argument, a store path: the digests are written to that
//! (new) store as `newsgraph ingest` does, then grouped at ingest
//! (`stored::update`: streamed from the store, stories rebuilt and written);
//! the time and memory printed are those of that step.

use newsgraph_stories::copies::HASHES;
use newsgraph_stories::{Config, DocFeatures, Grouper};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn peak_rss_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// CPU seconds (user + system) of this process, from /proc (100 ticks/s).
fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = s.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let happenings = (n / 50).max(1) as u64;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    // each happening: its own entities, terms, day, signature base
    let mut docs: Vec<DocFeatures> = Vec::with_capacity(n);
    for i in 0..n {
        let h = rng.below(happenings);
        let mut hr = Rng(h.wrapping_mul(0x2545_F491_4F6C_DD1D) | 1);
        let day = 19_000 + (h * 365 / happenings) as i64 + rng.below(3) as i64;
        let mut entities: Vec<(u64, f32)> = (0..6).map(|_| (hr.below(20_000), 2.0)).collect();
        entities.push((rng.below(20), 1.0)); // very common entities
        entities.push((rng.below(20_000), 1.0)); // noise
        let mut terms: Vec<(u64, f32)> = (0..100)
            .map(|_| (1_000_000 + hr.below(50_000), 1.0))
            .collect();
        terms.extend((0..50).map(|_| (1_000_000 + rng.below(50_000), 1.0)));
        let copy = rng.below(10) == 0;
        let signature: Vec<u64> = (0..HASHES as u64)
            .map(|k| if copy { hr.next() ^ k } else { rng.next() })
            .collect();
        entities.sort_unstable_by_key(|p| p.0);
        entities.dedup_by_key(|p| p.0);
        terms.sort_unstable_by_key(|p| p.0);
        terms.dedup_by_key(|p| p.0);
        docs.push(DocFeatures {
            id: format!("d{i}"),
            language: if rng.below(2) == 0 {
                "fr".into()
            } else {
                "en".into()
            },
            day: Some(day),
            day_hi: Some(day),
            entities,
            terms,
            dates: vec![day - 1],
            date_mds: Vec::new(),
            partial_mds: Vec::new(),
            numbers: vec![hr.below(1000)],
            events: Vec::new(),
            signature: Some(signature),
        });
    }
    docs.sort_by_key(|d| d.day);
    if let Some(path) = std::env::args().nth(2) {
        stored(docs, &path, happenings);
        return;
    }
    let t = std::time::Instant::now();
    let cpu0 = cpu_seconds().unwrap_or(0.0);
    let mut g = Grouper::new(Config::default());
    for d in &docs {
        g.add(d);
    }
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu_seconds().unwrap_or(f64::NAN) - cpu0;
    let stories: std::collections::HashSet<usize> =
        g.assignments().into_iter().map(|p| p.1).collect();
    println!(
        "{{\"documents\": {}, \"happenings\": {}, \"stories\": {}, \"open_stories_at_end\": {}, \"seconds\": {:.2}, \"cpu_seconds\": {:.2}, \"docs_per_second\": {:.0}, \"peak_rss_mb\": {:.0}}}",
        n,
        happenings,
        stories.len(),
        g.open_stories(),
        secs,
        cpu,
        n as f64 / secs,
        peak_rss_mb().unwrap_or(f64::NAN)
    );
}

/// Writes the digests to a new store, then groups them at ingest.
fn stored(docs: Vec<DocFeatures>, path: &str, happenings: u64) {
    let _ = std::fs::remove_file(path);
    let mut store = match newsgraph_store::Store::open(path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("scale: {path}: {e}");
            std::process::exit(2);
        }
    };
    let n = docs.len();
    for f in docs {
        let mut d = newsgraph_stories::Digest::of(&newsgraph_doc::Document::new(f.id.clone(), ""));
        d.features = f;
        if let Err(e) = newsgraph_stories::stored::put_digest(&mut store, &d) {
            eprintln!("scale: {e}");
            std::process::exit(2);
        }
    }
    let t = std::time::Instant::now();
    let cpu0 = cpu_seconds().unwrap_or(0.0);
    let r = match newsgraph_stories::stored::update(
        &mut store,
        &Config::default(),
        &Default::default(),
    ) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("scale: {e}");
            std::process::exit(2);
        }
    };
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu_seconds().unwrap_or(f64::NAN) - cpu0;
    println!(
        "{{\"documents\": {}, \"happenings\": {}, \"grouped\": {}, \"stories_written\": {}, \"seconds\": {:.2}, \"cpu_seconds\": {:.2}, \"docs_per_second\": {:.0}, \"peak_rss_mb\": {:.0}}}",
        n,
        happenings,
        r.grouped,
        r.written,
        secs,
        cpu,
        n as f64 / secs,
        peak_rss_mb().unwrap_or(f64::NAN)
    );
}
