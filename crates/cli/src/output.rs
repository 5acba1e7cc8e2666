//! Printing query results as a table (on a terminal), JSON lines or CSV.
//! Text from the corpus is untrusted: control characters are escaped
//! before reaching the terminal.

use clap::{Args as ClapArgs, ValueEnum};
use serde::Serialize;
use serde_json::Value;
use std::io::{IsTerminal, Write};

/// Output formats of the query commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns (the default on a terminal).
    Table,
    /// One JSON object per line, every field (the default otherwise).
    Jsonl,
    /// Comma-separated values with a header.
    Csv,
}

/// `--format`, shared by the query commands.
#[derive(ClapArgs)]
pub struct FormatArg {
    /// Output format (default: table on a terminal, else jsonl).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

impl FormatArg {
    /// The chosen format.
    pub fn get(&self) -> Format {
        self.format.unwrap_or(if std::io::stdout().is_terminal() {
            Format::Table
        } else {
            Format::Jsonl
        })
    }
}

/// Paging options shared by the list commands.
#[derive(ClapArgs)]
pub struct PageArgs {
    /// Rows to return (at most 1000).
    #[arg(long, default_value_t = 20)]
    pub limit: u64,
    /// Rows to skip.
    #[arg(long, default_value_t = 0)]
    pub offset: u64,
}

impl PageArgs {
    /// As a store page.
    pub fn page(&self) -> newsgraph_store::Page {
        newsgraph_store::Page::new(self.offset, self.limit)
    }
}

/// A column: header and a dotted path into the row's JSON (`doc_id`,
/// `speaker.name`; a list's items are joined with `; `).
pub type Column = (&'static str, &'static str);

fn lookup<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    let mut cur = v;
    for part in path.split('.') {
        cur = cur.get(part)?;
    }
    Some(cur)
}

fn cell(v: Option<&Value>, path_rest: Option<&str>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| match path_rest {
                Some(p) => cell(lookup(i, p), None),
                None => cell(Some(i), None),
            })
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("; "),
        Some(Value::Object(o)) => {
            // A participant: its name, else its text.
            for k in ["name", "text", "value"] {
                if let Some(Value::String(s)) = o.get(k) {
                    return s.clone();
                }
            }
            Value::Object(o.clone()).to_string()
        }
        Some(other) => other.to_string(),
    }
}

/// The cell of `path` in `row`; `list[].field` maps over a list.
fn value_at(row: &Value, path: &str) -> String {
    match path.split_once("[].") {
        Some((list, rest)) => cell(lookup(row, list), Some(rest)),
        None => cell(lookup(row, path), None),
    }
}

/// Escapes control characters for a terminal; newlines become spaces.
fn safe(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    out
}

fn clip(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(width.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Writes rows in the chosen format.
pub fn emit<T: Serialize>(rows: &[T], cols: &[Column], format: Format) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        Format::Jsonl => {
            for r in rows {
                serde_json::to_writer(&mut out, r)?;
                out.write_all(b"\n")?;
            }
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(cols.iter().map(|c| c.0))?;
            for r in rows {
                let v = serde_json::to_value(r)?;
                w.write_record(cols.iter().map(|c| value_at(&v, c.1)))?;
            }
            w.flush()?;
        }
        Format::Table => {
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    let v = serde_json::to_value(r).unwrap_or(Value::Null);
                    cols.iter()
                        .map(|c| clip(&safe(&value_at(&v, c.1)), 60))
                        .collect()
                })
                .collect();
            let mut widths: Vec<usize> = cols.iter().map(|c| c.0.chars().count()).collect();
            for r in &cells {
                for (w, c) in widths.iter_mut().zip(r) {
                    *w = (*w).max(c.chars().count());
                }
            }
            let line = |out: &mut dyn Write, r: Vec<String>| -> std::io::Result<()> {
                let mut s = String::new();
                for (i, (c, w)) in r.iter().zip(&widths).enumerate() {
                    if i > 0 {
                        s.push_str("  ");
                    }
                    s.push_str(c);
                    if i + 1 < r.len() {
                        s.push_str(&" ".repeat(w - c.chars().count()));
                    }
                }
                writeln!(out, "{}", s.trim_end())
            };
            line(&mut out, cols.iter().map(|c| c.0.to_uppercase()).collect())?;
            for r in cells {
                line(&mut out, r)?;
            }
            if rows.is_empty() {
                writeln!(out, "(no results)")?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// Writes one record: JSON, or a two-column key/value table or CSV.
pub fn emit_one<T: Serialize>(row: &T, cols: &[Column], format: Format) -> anyhow::Result<()> {
    match format {
        Format::Jsonl => emit(std::slice::from_ref(row), cols, format),
        _ => {
            let v = serde_json::to_value(row)?;
            #[derive(Serialize)]
            struct Pair {
                field: &'static str,
                value: String,
            }
            let pairs: Vec<Pair> = cols
                .iter()
                .map(|c| Pair {
                    field: c.0,
                    value: value_at(&v, c.1),
                })
                .collect();
            emit(&pairs, &[("field", "field"), ("value", "value")], format)
        }
    }
}

/// A heading line for multi-part table output (suppressed otherwise).
pub fn heading(format: Format, title: &str) {
    if format == Format::Table {
        println!("\n== {} ==", safe(title));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_and_escapes() {
        let v = serde_json::json!({"a": {"name": "X", "text": "x"}, "l": [{"text": "p"}, {"text": "q"}], "n": 3});
        assert_eq!(value_at(&v, "a"), "X");
        assert_eq!(value_at(&v, "l[].text"), "p; q");
        assert_eq!(value_at(&v, "n"), "3");
        assert_eq!(value_at(&v, "missing"), "");
        assert_eq!(safe("a\u{1b}[31mb\nc"), "a\\u{1b}[31mb c");
    }
}
