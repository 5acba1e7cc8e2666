//! Fuzz target: one JSONL record on arbitrary bytes never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;
use newsgraph_read::{read_unit, ReadOptions, Unit};

fuzz_target!(|data: &[u8]| {
    let unit = Unit::Line {
        path: "fuzz.jsonl".into(),
        id: "fuzz".into(),
        line: 1,
        bytes: data.to_vec(),
    };
    let _ = read_unit(unit, &ReadOptions::default());
});
