//! End-to-end tests of the `newsgraph` binary: schema-valid output on the
//! bundled examples and the seed, and clear errors on bad input that never
//! stop a batch.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `../shared` (fails under CI when absent, skips elsewhere).
fn shared() -> Option<PathBuf> {
    newsgraph_doc::shared::shared_for_test("seed")?;
    newsgraph_doc::shared::shared_dir()
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("cannot run newsgraph")
}

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(newsgraph_doc::SCHEMA).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

/// Parses JSONL output and checks every document against the schema and the
/// offset invariants.
fn docs_of(out: &Output) -> Vec<Value> {
    let v = validator();
    let stdout = String::from_utf8(out.stdout.clone()).expect("UTF-8 output");
    let mut docs = Vec::new();
    for line in stdout.lines() {
        let d: Value = serde_json::from_str(line).expect("each line is JSON");
        let errors: Vec<String> = v
            .iter_errors(&d)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "schema errors: {errors:?}");
        check_offsets(&d);
        docs.push(d);
    }
    docs
}

fn check_offsets(d: &Value) {
    let text: Vec<char> = d["text"].as_str().expect("text").chars().collect();
    let slice = |a: u64, b: u64| -> String { text[a as usize..b as usize].iter().collect() };
    for t in d["tokens"].as_array().expect("tokens") {
        let (a, b) = (
            t["start"].as_u64().expect("start"),
            t["end"].as_u64().expect("end"),
        );
        assert!(a < b && b as usize <= text.len());
    }
    for m in d["multiword_tokens"].as_array().expect("mwts") {
        let (a, b) = (
            m["start"].as_u64().expect("start"),
            m["end"].as_u64().expect("end"),
        );
        assert_eq!(slice(a, b), m["text"].as_str().expect("text"));
    }
    for s in d["sentences"].as_array().expect("sentences") {
        let (a, b) = (
            s["start"].as_u64().expect("start"),
            s["end"].as_u64().expect("end"),
        );
        assert!(a < b && b as usize <= text.len());
    }
}

fn token_texts(d: &Value) -> Vec<String> {
    d["tokens"]
        .as_array()
        .expect("tokens")
        .iter()
        .map(|t| t["text"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn examples_are_schema_valid() {
    let out = run(&["analyze", repo().join("examples").to_str().expect("path")]);
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = docs_of(&out);
    assert_eq!(
        docs.len(),
        15,
        "five files: two JSONL (2 and 10 records), two texts, one HTML page"
    );
    let langs: Vec<&str> = docs
        .iter()
        .map(|d| d["language"].as_str().unwrap_or(""))
        .collect();
    assert!(langs.contains(&"en") && langs.contains(&"fr"));
    let html = docs
        .iter()
        .find(|d| d["id"] == "fr-article")
        .expect("html example");
    assert_eq!(html["published"], "2024-03-16T11:19:00+01:00");
    assert_eq!(html["url"], "https://example.org/monde/accord-geneve");
    assert!(!html["text"]
        .as_str()
        .unwrap_or("")
        .contains("ne doit pas apparaître"));
}

#[test]
fn seed_document() {
    let Some(shared) = shared() else { return };
    let seed = shared.join("seed/000_40ef0cfb4622ad49.txt");
    let out = run(&["analyze", seed.to_str().expect("path")]);
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = docs_of(&out);
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    assert_eq!(d["published"], "2023-05");
    assert_eq!(d["language"], "fr");
    let text = d["text"].as_str().expect("text");
    assert!(
        text.starts_with("Dans une récente déclaration"),
        "the date line is not text"
    );
    let toks = token_texts(d);
    for w in [
        "l’",
        "arme",
        "Kassym-Jomart",
        "1er",
        "juillet",
        "\"",
        "Russie-Biélorussie",
        "État-union",
    ] {
        assert!(toks.iter().any(|t| t == w), "missing token {w:?}");
    }
    let i = toks.iter().position(|t| t == "1er").expect("1er");
    assert_eq!(toks[i + 1], "juillet");
    // Both straight quotation marks of the long quote are tokens, and the
    // sentence boundary inside it keeps the quotation open.
    let n_quotes = toks.iter().filter(|t| *t == "\"").count();
    assert_eq!(n_quotes, 4, "two quotations, each opened and closed");
    let sents = d["sentences"].as_array().expect("sentences");
    assert_eq!(sents.len(), 14);
    let chars: Vec<char> = text.chars().collect();
    let sent_text = |s: &Value| -> String {
        chars[s["start"].as_u64().unwrap_or(0) as usize..s["end"].as_u64().unwrap_or(0) as usize]
            .iter()
            .collect()
    };
    let inside: Vec<String> = sents
        .iter()
        .filter(|s| s["in_quote"] == true)
        .map(sent_text)
        .collect();
    assert_eq!(inside.len(), 2, "{inside:?}");
    assert!(inside[0].starts_with("C'est très simple"));
    assert!(inside[1].ends_with("a déclaré Loukachenko."));
    // Offsets are code points: the token "l’" starts where the text has it.
    let t = d["tokens"]
        .as_array()
        .expect("tokens")
        .iter()
        .find(|t| t["text"] == "l’")
        .expect("l’");
    let a = t["start"].as_u64().expect("start") as usize;
    assert_eq!(chars[a..a + 2].iter().collect::<String>(), "l’");
}

#[test]
fn text_and_conllu_views() {
    let ex = repo().join("examples/fr-sommet.txt");
    let out = run(&["analyze", "--format", "text", ex.to_str().expect("path")]);
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("[fr; published 2024-03-14]"));
    let out = run(&["analyze", "--format", "conllu", ex.to_str().expect("path")]);
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("# text = Le ministre des Affaires étrangères"));
    // The multiword token `des` (de + les) has its range line.
    assert!(s.lines().any(|l| l.starts_with("3-4\tdes\t")), "{s}");
    let parsed = newsgraph_doc::conllu::parse(&s).expect("valid CoNLL-U");
    assert_eq!(parsed.len(), 6);
}

#[test]
fn stdin_and_no_tokens() {
    use std::io::Write;
    let mut child = bin()
        .args(["analyze", "--no-tokens", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(
            b"date 2023-05-28\nLe ministre est arrive hier soir a Paris pour deux jours de visite.",
        )
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success());
    let docs = docs_of(&out);
    assert_eq!(docs[0]["id"], "stdin");
    assert_eq!(docs[0]["published"], "2023-05-28");
    assert_eq!(docs[0]["tokens"].as_array().map(Vec::len), Some(0));
    assert!(!docs[0]["sentences"]
        .as_array()
        .expect("sentences")
        .is_empty());
}

#[test]
fn bad_inputs_are_reported_and_the_batch_goes_on() {
    let dir = std::env::temp_dir().join(format!("newsgraph-bad-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let w = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).expect("write");
    w(
        "a_good.txt",
        b"date 2023-05\nUn texte correct en fran\xc3\xa7ais, avec une phrase.",
    );
    w("b_invalid_utf8.txt", b"Le texte \xff\xfe casse.");
    w("c_empty.txt", b"   \n");
    w("d_binary.txt", b"abc\x00\x01\x02def");
    w("e_bad_date.txt", b"date 2023-13-45\nTexte.");
    w("f_big.txt", "x".repeat(2000).as_bytes());
    w(
        "g_batch.jsonl",
        b"{\"id\": \"ok1\", \"text\": \"Premier article correct.\", \"published\": \"2023-05-02\"}\n{broken json\n{\"id\": \"nodate\", \"text\": \"Texte.\", \"published\": \"demain\"}\n{\"id\": \"notext\"}\n{\"id\": \"ok2\", \"text\": \"Second article, en fran\xc3\xa7ais lui aussi.\"}\n",
    );
    w("h_broken.html", b"<html><body><p>Un paragraphe <b>jamais ferm\xc3\xa9 avec assez de texte pour un article de presse.");
    w(
        "i_lang.txt",
        "Der Präsident sagte am Dienstag, dass das Abkommen nächste Woche unterzeichnet werde."
            .as_bytes(),
    );
    let out = run(&[
        "analyze",
        "--max-bytes",
        "1000",
        dir.to_str().expect("path"),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "non-zero exit when something failed; stderr: {stderr}"
    );
    let docs = docs_of(&out);
    let ids: Vec<&str> = docs
        .iter()
        .map(|d| d["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        ids,
        ["a_good", "ok1", "ok2", "h_broken", "i_lang"],
        "stderr: {stderr}"
    );
    let expect = [
        ("b_invalid_utf8.txt", "invalid UTF-8 at byte 9"),
        ("c_empty.txt", "empty document"),
        ("d_binary.txt", "binary data"),
        ("e_bad_date.txt:1", "invalid date"),
        ("f_big.txt", "exceeds the limit of 1000 bytes"),
        ("g_batch.jsonl:2", "invalid JSON"),
        ("g_batch.jsonl:3", "invalid date"),
        ("g_batch.jsonl:4", "neither \"text\" nor \"html\""),
    ];
    for (place, msg) in expect {
        assert!(
            stderr.lines().any(|l| l.contains(place) && l.contains(msg)),
            "no error line with {place:?} and {msg:?} in:\n{stderr}"
        );
    }
    assert!(
        stderr.contains("5 documents analyzed, 8 failed"),
        "{stderr}"
    );
    assert!(
        stderr.contains("language \"de\" is not supported"),
        "{stderr}"
    );
    let de = docs
        .iter()
        .find(|d| d["id"] == "i_lang")
        .expect("german doc");
    assert_eq!(de["language"], "de");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn missing_path_is_an_error_not_a_panic() {
    let out = run(&["analyze", "/nonexistent/newsgraph/input.txt"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("/nonexistent/newsgraph/input.txt: no such file"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));
}

#[test]
fn eval_segment_json_keys() {
    let Some(shared) = shared() else { return };
    let gold = shared.join("data/ud-fr-sequoia/fr_sequoia-ud-dev.conllu");
    let out = run(&[
        "eval",
        "segment",
        "--json",
        "--gold",
        gold.to_str().expect("path"),
    ]);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    for k in ["tokens_f1", "words_f1", "sentences_f1"] {
        let x = v[k].as_f64().unwrap_or(-1.0);
        assert!((0.0..=100.0).contains(&x), "{k} = {x}");
    }
    // Regression floor on the dev split (the figures on test are in docs/figures.md).
    assert!(v["tokens_f1"].as_f64().unwrap_or(0.0) > 99.5);
}
