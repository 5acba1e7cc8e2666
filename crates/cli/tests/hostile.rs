//! The hostile-input suite (issue 17): inputs generated here into a temp
//! directory (no committed blobs), analyzed in one batch under a time and a
//! memory bound; each case has its expected outcome — analyzed (with a
//! warning when one is due), refused with a message naming the file (and
//! line, value), or skipped with a reason — and the batch always finishes.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// What must happen to one input.
enum Expect {
    /// Analyzed; stderr has a warning for it containing the text, if given.
    Ok(Option<&'static str>),
    /// Refused: its error message contains the text.
    Err(&'static str),
    /// Either analyzed or refused with a message naming it — never a hang.
    Any,
    /// Skipped with a reason containing the text.
    Skipped(&'static str),
}

fn utf16(s: &str, le: bool) -> Vec<u8> {
    let mut b = if le {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in s.encode_utf16() {
        b.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    b
}

const S: &str = "Le ministre a annoncé mercredi à Genève que les négociations reprendraient.";

/// Writes every case; returns the expectations by file name.
fn generate(d: &Path) -> BTreeMap<String, Expect> {
    use Expect::*;
    let mut e = BTreeMap::new();
    let mut put = |name: &str, bytes: Vec<u8>, x: Expect| {
        std::fs::write(d.join(name), bytes).expect("write case");
        e.insert(name.to_string(), x);
    };
    let dated = |body: &str| format!("date 2024-03-14\n{body}").into_bytes();
    put(
        "utf16le.txt",
        utf16(&format!("date 2024-03-14\n{S}"), true),
        Ok(Some("UTF-16LE")),
    );
    put(
        "utf16be.txt",
        utf16(&format!("date 2024-03-14\n{S}"), false),
        Ok(Some("UTF-16BE")),
    );
    put(
        "latin1.txt",
        b"date 2024-03-14\nLe caf\xe9 est ferm\xe9 depuis hier.".to_vec(),
        Err("Latin-1"),
    );
    let mut mixed = dated(S);
    mixed.extend_from_slice(b"\nEt puis \xff\xfe la suite.");
    put("mixed.txt", mixed, Err("invalid UTF-8"));
    put(
        "surrogate.jsonl",
        br#"{"text":"Il a dit \ud800 hier que tout allait bien."}"#.to_vec(),
        Any,
    );
    put(
        "nul.txt",
        b"date 2024-03-14\nLe\0 ministre.".to_vec(),
        Err("binary"),
    );
    put(
        "crlf.txt",
        format!("date 2024-03-14\r\n{S}\r\n\r\n{S}\r\n").into_bytes(),
        Ok(None),
    );
    put(
        "rtl.txt",
        dated(&format!("\u{202e}{S}\u{202c} « \u{202b}{S}\u{202c} »")),
        Ok(None),
    );
    put(
        "zerowidth.txt",
        dated(&S.replace(' ', " \u{200b}\u{200d}\u{feff}")),
        Ok(None),
    );
    put(
        "combining.txt",
        dated(&S.replace('e', "e\u{301}\u{327}")),
        Ok(None),
    );
    put(
        "emoji.txt",
        dated(&format!("{S} 👩‍👩‍👧‍👦🇫🇷 « 🎉 » {S}")),
        Ok(None),
    );
    put(
        "quotes_open.txt",
        dated(&format!("{S} {}", "« oui ".repeat(5000))),
        Ok(None),
    );
    put(
        "quotes_close.txt",
        dated(&format!("{S} {}", "non » ".repeat(5000))),
        Ok(None),
    );
    put(
        "quotes_nested.txt",
        dated(&format!(
            "{}{S}{}",
            "« “ ‘".repeat(2000),
            "’ ” »".repeat(2000)
        )),
        Ok(None),
    );
    put(
        "quotes_straight.txt",
        dated(&format!("{S} {}", "\"a\" \" ".repeat(5000))),
        Ok(None),
    );
    put(
        "parens.txt",
        dated(&format!("{}{S}{}", "(".repeat(5000), ")".repeat(5000))),
        Ok(None),
    );
    put(
        "long_line.txt",
        dated(&"abcdéfgh".repeat(250_000)),
        Ok(None),
    );
    put(
        "blank_lines.txt",
        dated(&format!("{S}{}{S}", "\n".repeat(100_000))),
        Ok(None),
    );
    put(
        "no_punct.txt",
        dated(&"le ministre a dit que ".repeat(5000)),
        Ok(Some("longer than 400 tokens")),
    );
    put(
        "bad_date.txt",
        format!("date 2023-13-45\n{S}").into_bytes(),
        Err(":1: invalid date \"2023-13-45\""),
    );
    put(
        "year_99999.txt",
        format!("date 99999-01-01\n{S}").into_bytes(),
        Err("invalid date \"99999-01-01\""),
    );
    put("date_only.txt", b"date 2024-03-14\n".to_vec(), Err("empty"));
    put("empty.txt", Vec::new(), Err("empty"));
    put("spaces.txt", b" \n\t\n  ".to_vec(), Err("empty"));
    put(
        "no_date.txt",
        S.as_bytes().to_vec(),
        Ok(Some("no publication date")),
    );
    put(
        "control.txt",
        dated(&format!("{S}\u{1}\u{2}\u{7f}{S}")),
        Ok(None),
    );
    let mut huge = b"{\"text\":\"".to_vec();
    huge.extend(std::iter::repeat_n(b'a', 10_000_000));
    huge.extend_from_slice(b"\"}\n");
    put("huge_line.jsonl", huge, Err(":1: document of"));
    put(
        "wrong_types.jsonl",
        r#"{"text": 5}
{"text": ["a"]}
[1, 2]
"just a string"
{"text": "Le ministre est arrivé hier.", "published": 2024}
{"text": "Le ministre est arrivé hier.", "published": "not a date"}
"#
        .as_bytes()
        .to_vec(),
        Err("wrong_types.jsonl:6: invalid date \"not a date\""),
    );
    put(
        "huge_attr.html",
        format!(
            "<html><body><p title=\"{}\">{S} {S}</p></body></html>",
            "x".repeat(1_000_000)
        )
        .into_bytes(),
        Ok(None),
    );
    put(
        "scripts.html",
        format!(
            "<html><head><script>{}</script></head><body><script>var b = 2;</script></body></html>",
            "var a = 1;".repeat(10_000)
        )
        .into_bytes(),
        Err("no article text"),
    );
    put(
        "deep.html",
        format!(
            "<html><body>{}<p>{S} {S}</p>{}</body></html>",
            "<div>".repeat(50_000),
            "</div>".repeat(50_000)
        )
        .into_bytes(),
        Ok(Some("nested deeper than 256")),
    );
    put(
        "binary.html",
        (0..4096u32).map(|i| (i * 7919 % 256) as u8).collect(),
        Err("binary"),
    );
    put(
        "notes.xyz",
        S.as_bytes().to_vec(),
        Skipped("unknown extension"),
    );
    #[cfg(unix)]
    {
        std::fs::create_dir(d.join("loop")).expect("dir");
        std::os::unix::fs::symlink("..", d.join("loop/up")).expect("symlink");
        e.insert("up".into(), Skipped("already visited"));
        std::os::unix::fs::symlink("missing.txt", d.join("dangling.txt")).expect("symlink");
        e.insert("dangling.txt".into(), Skipped("dangling symbolic link"));
        let made = Command::new("mkfifo")
            .arg(d.join("fifo.txt"))
            .status()
            .is_ok_and(|s| s.success());
        if made {
            e.insert("fifo.txt".into(), Skipped("not a regular file"));
        }
        use std::os::unix::fs::PermissionsExt;
        std::fs::write(d.join("unreadable.txt"), dated(S)).expect("write");
        std::fs::set_permissions(
            d.join("unreadable.txt"),
            std::fs::Permissions::from_mode(0o0),
        )
        .expect("chmod");
        // Root reads it anyway; anyone else gets "Permission denied".
        e.insert("unreadable.txt".into(), Any);
    }
    e
}

#[test]
fn hostile_inputs_have_their_outcome_within_bounds() {
    let d = std::env::temp_dir().join(format!("ng-hostile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    let expect = generate(&d);
    assert!(expect.len() >= 30, "{} cases", expect.len());
    let out_path = d.join("out.jsonl");
    let child = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(["analyze", "--threads", "2", "-o"])
        .arg(&out_path)
        .arg(&d)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Time bound for the whole batch (generous for a loaded 2-core CI
    // machine running the unoptimized test build) and memory bound.
    let (limit, max_kb) = (Duration::from_secs(600), 3_000_000);
    let Ok(f) = newsgraph_testutil::wait_bounded(child, limit) else {
        panic!("the hostile batch did not finish in {limit:?}");
    };
    let (elapsed, peak) = (f.elapsed, f.peak_kb);
    let err = String::from_utf8_lossy(&f.stderr).into_owned();
    eprintln!("hostile batch: {elapsed:?}, peak {peak} kB");
    assert!(peak < max_kb, "peak memory {peak} kB");
    let out = std::fs::read_to_string(&out_path).expect("output");
    let ids: Vec<String> = out
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
            v["id"].as_str().unwrap_or_default().to_string()
        })
        .collect();
    let mut failures = Vec::new();
    for (name, x) in &expect {
        let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
        let analyzed = ids
            .iter()
            .any(|i| i == stem || i.starts_with(&format!("{stem}:")));
        let lines: Vec<&str> = err.lines().filter(|l| l.contains(name.as_str())).collect();
        let ok = match x {
            Expect::Ok(w) => {
                analyzed
                    && w.is_none_or(|w| {
                        lines.iter().any(|l| l.contains("warning") && l.contains(w))
                    })
            }
            Expect::Err(m) => !analyzed && lines.iter().any(|l| l.contains(m)),
            Expect::Any => analyzed || !lines.is_empty(),
            Expect::Skipped(r) => {
                !analyzed && lines.iter().any(|l| l.contains("skipped") && l.contains(r))
            }
        };
        if !ok {
            failures.push(format!("{name}: analyzed={analyzed}, messages={lines:?}"));
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(
            d.join("unreadable.txt"),
            std::fs::Permissions::from_mode(0o644),
        );
    }
    let _ = std::fs::remove_dir_all(&d);
    assert!(
        failures.is_empty(),
        "{}\n--- stderr:\n{err}",
        failures.join("\n")
    );
}
