//! Fuzz target: the whole pipeline on arbitrary strings never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    let mut doc = newsgraph_doc::Document::new("fuzz", s);
    newsgraph_pipeline::analyze(&mut doc, &newsgraph_pipeline::Options::default());
});
