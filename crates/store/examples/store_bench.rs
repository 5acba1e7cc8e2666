//! Query latency at scale: `cargo run -p newsgraph-store --example
//! store_bench -- STORE.db|postgres://… [N]` runs N entity profiles, timelines and
//! searches over entities and words drawn from the store, and prints the
//! median and 95th percentile of each (used by `bench/store-scale.sh`).

use newsgraph_store::{Page, SearchQuery, Store};
use std::time::Instant;

fn pct(mut v: Vec<f64>, p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v.get(i).copied().unwrap_or(f64::NAN)
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: store_bench STORE.db [N]");
        return std::process::ExitCode::from(2);
    };
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(200);
    let store = match Store::open_existing(path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("store_bench: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    // Entities: the most documented 50 and 150 others (hot and cold).
    let mut names: Vec<String> = Vec::new();
    if let Ok(c) = store.connection() {
        let mut pick = |sql: &str| {
            if let Ok(mut st) = c.prepare(sql) {
                if let Ok(rows) = st.query_map([], |r| r.get::<_, String>(0)) {
                    names.extend(rows.flatten());
                }
            }
        };
        pick("SELECT key FROM entities WHERE document_count > 0 ORDER BY document_count DESC LIMIT 50");
        pick("SELECT key FROM entities WHERE document_count > 0 ORDER BY entity DESC LIMIT 150");
    } else {
        // PostgreSQL: the most documented 50, then 150 further down the list.
        for page in [Page::new(0, 50), Page::new(1000, 150)] {
            if let Ok(v) = store.list_entities("", page) {
                names.extend(v.into_iter().map(|e| e.key));
            }
        }
    }
    let words = [
        "négociations",
        "Genève",
        "accord",
        "talks",
        "ministre",
        "réfugiés",
        "delegation",
        "semaine prochaine",
        "humanitaire",
        "calendrier",
        "displaced",
        "parlements",
        "step",
        "retrait",
        "essentials",
        "Dupont",
        "reprendre",
        "diplomates",
        "officials",
        "région",
    ];
    let (mut ent, mut tl, mut se) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..n {
        let name = &names[i % names.len().max(1)];
        let t = Instant::now();
        let _ = store.entity_profile(name, 10);
        ent.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let _ = store.timeline(name, None, None, Page::new(0, 50));
        tl.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let _ = store.search(&SearchQuery {
            text: words[i % words.len()].to_string(),
            filter: Default::default(),
            page: Page::new(0, 20),
        });
        se.push(t.elapsed().as_secs_f64() * 1e3);
    }
    for (what, v) in [("entity", ent), ("timeline", tl), ("search", se)] {
        println!(
            "{what:<9} n={} p50={:.1} ms p95={:.1} ms",
            v.len(),
            pct(v.clone(), 0.5),
            pct(v, 0.95)
        );
    }
    std::process::ExitCode::SUCCESS
}
