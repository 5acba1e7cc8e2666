//! Property tests: any bytes, in any format, give documents or errors that
//! name the file, never a panic.

use newsgraph_read::{read_path, InputFormat, ReadOptions};
use proptest::prelude::*;

fn check(bytes: &[u8], format: InputFormat, ext: &str) {
    let dir = std::env::temp_dir().join(format!("newsgraph-prop-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let p = dir.join(format!("input.{ext}"));
    std::fs::write(&p, bytes).expect("write");
    let opts = ReadOptions {
        format: Some(format),
        max_bytes: 10_000,
    };
    for r in read_path(&p, &opts) {
        match r {
            Ok(d) => assert!(!d.text.trim().is_empty()),
            Err(e) => assert!(
                e.to_string().contains("input."),
                "error names the file: {e}"
            ),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn any_bytes_as_text(b in proptest::collection::vec(any::<u8>(), 0..300)) {
        check(&b, InputFormat::Text, "txt");
    }

    #[test]
    fn any_bytes_as_jsonl(b in proptest::collection::vec(any::<u8>(), 0..300)) {
        check(&b, InputFormat::Jsonl, "jsonl");
    }

    #[test]
    fn any_bytes_as_html(b in proptest::collection::vec(any::<u8>(), 0..300)) {
        check(&b, InputFormat::Html, "html");
    }

    #[test]
    fn html_like_strings(s in "(<[a-z]{1,6}( [a-z]+=\"[^\"]{0,10}\")?>|</[a-z]{1,6}>|[A-Za-zé ,.]{0,20}){0,30}") {
        check(s.as_bytes(), InputFormat::Html, "html");
    }

    #[test]
    fn date_headers(s in "date [0-9A-Za-z:+\\-]{0,30}\n[a-z ]{0,30}") {
        check(s.as_bytes(), InputFormat::Text, "txt");
    }
}
