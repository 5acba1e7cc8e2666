//! Fuzz target: the html reader on arbitrary bytes never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;
use newsgraph_read::{read_unit, InputFormat, ReadOptions, Unit};

fuzz_target!(|data: &[u8]| {
    let unit = Unit::Bytes {
        path: "fuzz.html".into(),
        id: "fuzz".into(),
        format: InputFormat::Html,
        bytes: data.to_vec(),
    };
    let _ = read_unit(unit, &ReadOptions::default());
});
