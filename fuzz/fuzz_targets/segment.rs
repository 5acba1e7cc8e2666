//! Fuzz target: the segmenter on arbitrary strings (French and English
//! rules) never panics and keeps its spans inside the text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    let n = s.chars().count();
    for lang in ["fr", "en"] {
        let (sents, toks, _) = newsgraph_segment::segment_text(s, newsgraph_segment::Rules::for_language(lang));
        assert!(toks.iter().all(|t| t.start < t.end && t.end <= n));
        assert!(sents.iter().all(|x| x.end <= n && x.tokens[1] <= toks.len()));
    }
});
