//! Parquet exports (feature `parquet`) read back by pyarrow, a reader other
//! than the writer. Needs `python3` with `pyarrow`: fails under `CI` when
//! missing, skips otherwise.

#![cfg(feature = "parquet")]

mod common;

use common::{english, french, TempDir};
use newsgraph_store::*;
use std::process::Command;

fn pyarrow() -> Option<String> {
    let py = std::env::var("NEWSGRAPH_PYTHON").unwrap_or_else(|_| "python3".into());
    let ok = Command::new(&py)
        .args(["-c", "import pyarrow"])
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        Some(py)
    } else if std::env::var_os("CI").is_some() {
        panic!("CI: {py} with pyarrow is required for the Parquet test (set NEWSGRAPH_PYTHON)");
    } else {
        eprintln!("skipping: no {py} with pyarrow");
        None
    }
}

#[test]
fn parquet_exports_read_by_pyarrow() {
    let Some(py) = pyarrow() else { return };
    let dir = TempDir::new("parquet");
    let mut s = Store::open(dir.db()).expect("open");
    for i in 0..3 {
        s.ingest(&french(&format!("f{i}")), "t").expect("ingest");
    }
    s.ingest(&english("e0"), "t").expect("ingest");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/check_parquet.py");
    for (name, kind) in [
        ("events", ExportKind::Events),
        ("quotes", ExportKind::Quotes),
        ("entities", ExportKind::Entities),
        ("documents", ExportKind::Documents),
    ] {
        let pq = dir.0.join(format!("{name}.parquet"));
        let jl = dir.0.join(format!("{name}.jsonl"));
        let n = s
            .export(
                kind,
                ExportFormat::Parquet,
                &mut std::fs::File::create(&pq).expect("create"),
            )
            .expect("parquet");
        let m = s
            .export(
                kind,
                ExportFormat::Jsonl,
                &mut std::fs::File::create(&jl).expect("create"),
            )
            .expect("jsonl");
        assert_eq!(n, m);
        assert!(n > 0, "{name} has rows");
        let out = Command::new(&py)
            .arg(script)
            .arg(&pq)
            .arg(&jl)
            .output()
            .expect("python");
        assert!(
            out.status.success(),
            "{name}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
