//! Exports of whole tables as CSV or JSON lines (and Parquet with the
//! `parquet` feature), streamed row by row from one SQL query per kind
//! with typed columns.

use crate::error::{Result, StoreError};
use crate::{SqliteStore, Store};
use rusqlite::types::Value;
use std::io::Write;

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// One row per event, GDELT-like columns.
    Events,
    /// One row per quote.
    Quotes,
    /// One row per corpus entity.
    Entities,
    /// One row per document (metadata, text and layer counts).
    Documents,
}

/// Export file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Comma-separated values with a header.
    Csv,
    /// One JSON object per line.
    Jsonl,
    /// Apache Parquet with typed columns (feature `parquet`).
    Parquet,
}

/// Column types of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColType {
    /// UTF-8 text (nullable).
    Text,
    /// 64-bit integer (nullable).
    Int,
    /// Boolean.
    Bool,
}

use ColType::{Bool, Int, Text};

/// One exported column: name and type.
pub type ExportColumn = (&'static str, ColType);

const EVENT_COLS: &[ExportColumn] = &[
    ("global_event_id", Int),
    ("doc_id", Text),
    ("event_id", Text),
    ("event_date", Text),
    ("event_date_precision", Text),
    ("date_basis", Text),
    ("date_bound", Text),
    ("date_is_publication", Bool),
    ("pub_date", Text),
    ("pub_date_precision", Text),
    ("plover_type", Text),
    ("plover_mode", Text),
    ("cameo_root", Text),
    ("actor1_name", Text),
    ("actor1_code", Text),
    ("actor1_kb", Text),
    ("actor1_key", Text),
    ("actor1_text", Text),
    ("actor2_name", Text),
    ("actor2_code", Text),
    ("actor2_kb", Text),
    ("actor2_key", Text),
    ("actor2_text", Text),
    ("actors", Text),
    ("targets", Text),
    ("place_name", Text),
    ("place_code", Text),
    ("place_kb", Text),
    ("place_text", Text),
    ("trigger", Text),
    ("trigger_lemma", Text),
    ("modality", Text),
    ("modifiers", Text),
    ("source_name", Text),
    ("source_key", Text),
    ("reported_by", Text),
    ("quote_index", Int),
    ("sentence", Int),
    ("outlet", Text),
    ("url", Text),
    ("language", Text),
];

const EVENT_SQL: &str = "SELECT e.event, d.id, e.local_id,
    CASE WHEN e.dated THEN e.sort_date END, e.time_precision, e.time_basis, e.time_bound,
    NOT e.dated, d.published, d.precision, e.type, e.mode, e.cameo,
    coalesce(x1.name, a1.text), a1.code, x1.kb, x1.key, a1.text,
    coalesce(x2.name, a2.text), a2.code, x2.kb, x2.key, a2.text,
    (SELECT group_concat(coalesce(x.name, a.text), '; ') FROM event_args a LEFT JOIN entities x ON x.entity = a.entity
       WHERE a.event = e.event AND a.role = 'actor'),
    (SELECT group_concat(coalesce(x.name, a.text), '; ') FROM event_args a LEFT JOIN entities x ON x.entity = a.entity
       WHERE a.event = e.event AND a.role = 'target'),
    coalesce(p.name, e.place_text), coalesce(e.place_code, p.code), p.kb, e.place_text,
    e.trigger, e.trigger_lemma, e.modality, e.modifiers, coalesce(s.name, e.source_text), s.key,
    e.reported_by, e.quote_idx, e.sentence, d.outlet, d.url, d.language
  FROM events e JOIN documents d ON d.doc = e.doc
  LEFT JOIN event_args a1 ON a1.event = e.event AND a1.role = 'actor' AND a1.idx = 0
  LEFT JOIN entities x1 ON x1.entity = a1.entity
  LEFT JOIN event_args a2 ON a2.event = e.event AND a2.role = 'target' AND a2.idx = 0
  LEFT JOIN entities x2 ON x2.entity = a2.entity
  LEFT JOIN entities p ON p.entity = e.place
  LEFT JOIN entities s ON s.entity = e.source
  ORDER BY e.event";

const QUOTE_COLS: &[ExportColumn] = &[
    ("doc_id", Text),
    ("quote_index", Int),
    ("pub_date", Text),
    ("outlet", Text),
    ("url", Text),
    ("language", Text),
    ("kind", Text),
    ("text", Text),
    ("speaker_name", Text),
    ("speaker_key", Text),
    ("speaker_kb", Text),
    ("speaker_code", Text),
    ("speaker_text", Text),
    ("cue", Text),
    ("cue_lemma", Text),
    ("via_name", Text),
    ("via_key", Text),
    ("via_text", Text),
    ("start", Int),
    ("end", Int),
    ("sentence", Int),
];

const QUOTE_SQL: &str =
    "SELECT d.id, q.idx, d.published, d.outlet, d.url, d.language, q.kind, q.text,
    s.name, s.key, s.kb, s.code, q.speaker_text, q.cue, q.cue_lemma, v.name, v.key, q.via_text,
    q.start, q.end, q.sentence
  FROM quotes q JOIN documents d ON d.doc = q.doc
  LEFT JOIN entities s ON s.entity = q.speaker
  LEFT JOIN entities v ON v.entity = q.via
  ORDER BY q.quote";

const ENTITY_COLS: &[ExportColumn] = &[
    ("key", Text),
    ("name", Text),
    ("type", Text),
    ("kb", Text),
    ("code", Text),
    ("mentions", Int),
    ("documents", Int),
    ("aliases", Text),
];

const ENTITY_SQL: &str =
    "SELECT e.key, e.name, e.type, e.kb, e.code, e.mention_count, e.document_count,
    (SELECT group_concat(language || ':' || alias || ' (' || count || ')', '; ')
       FROM (SELECT language, alias, count FROM aliases a WHERE a.entity = e.entity
             ORDER BY count DESC LIMIT 20))
  FROM entities e WHERE e.document_count > 0 ORDER BY e.entity";

const DOCUMENT_COLS: &[ExportColumn] = &[
    ("doc_id", Text),
    ("url", Text),
    ("outlet", Text),
    ("title", Text),
    ("pub_date", Text),
    ("pub_date_precision", Text),
    ("language", Text),
    ("chars", Int),
    ("sentences", Int),
    ("entities", Int),
    ("quotes", Int),
    ("events", Int),
    ("content_hash", Text),
    ("analyzer", Text),
    ("ingested_at", Text),
    ("text", Text),
];

const DOCUMENT_SQL: &str =
    "SELECT d.id, d.url, d.outlet, d.title, d.published, d.precision, d.language,
    length(d.text),
    (SELECT count(*) FROM sentences x WHERE x.doc = d.doc),
    (SELECT count(*) FROM doc_entities x WHERE x.doc = d.doc),
    (SELECT count(*) FROM quotes x WHERE x.doc = d.doc),
    (SELECT count(*) FROM events x WHERE x.doc = d.doc),
    d.content_hash, d.analyzer, d.ingested_at, d.text
  FROM documents d ORDER BY d.doc";

impl ExportKind {
    /// The columns of this export, in order.
    pub fn columns(self) -> &'static [ExportColumn] {
        match self {
            ExportKind::Events => EVENT_COLS,
            ExportKind::Quotes => QUOTE_COLS,
            ExportKind::Entities => ENTITY_COLS,
            ExportKind::Documents => DOCUMENT_COLS,
        }
    }

    pub(crate) fn sql(self) -> &'static str {
        match self {
            ExportKind::Events => EVENT_SQL,
            ExportKind::Quotes => QUOTE_SQL,
            ExportKind::Entities => ENTITY_SQL,
            ExportKind::Documents => DOCUMENT_SQL,
        }
    }
}

fn io(e: impl std::fmt::Display) -> StoreError {
    StoreError::Export(e.to_string())
}

fn text_of(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Integer(i) => i.to_string(),
        Value::Real(f) => f.to_string(),
        Value::Text(s) => s.clone(),
        Value::Blob(b) => format!("<{} bytes>", b.len()),
    }
}

fn json_of(v: Value, t: ColType) -> serde_json::Value {
    match (v, t) {
        (Value::Null, _) => serde_json::Value::Null,
        (Value::Integer(i), Bool) => serde_json::Value::Bool(i != 0),
        (Value::Integer(i), _) => serde_json::Value::from(i),
        (Value::Real(f), _) => serde_json::Value::from(f),
        (Value::Text(s), _) => serde_json::Value::String(s),
        (Value::Blob(_), _) => serde_json::Value::Null,
    }
}

impl SqliteStore {
    /// Calls `f` with every row of an export, in store order, from one
    /// read snapshot.
    pub(crate) fn export_rows(
        &self,
        kind: ExportKind,
        mut f: impl FnMut(Vec<Value>) -> Result<()>,
    ) -> Result<u64> {
        let tx = self.conn.unchecked_transaction()?;
        let n_cols = kind.columns().len();
        let mut st = self.conn.prepare(kind.sql())?;
        let mut rows = st.query([])?;
        let mut n = 0u64;
        while let Some(r) = rows.next()? {
            let mut v = Vec::with_capacity(n_cols);
            for i in 0..n_cols {
                v.push(r.get::<_, Value>(i)?);
            }
            f(v)?;
            n += 1;
        }
        drop(rows);
        drop(st);
        tx.commit()?;
        Ok(n)
    }
}

impl Store {
    /// Writes an export to `out`; returns the number of rows.
    pub fn export(
        &self,
        kind: ExportKind,
        format: ExportFormat,
        out: &mut (dyn Write + Send),
    ) -> Result<u64> {
        let cols = kind.columns();
        match format {
            ExportFormat::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(cols.iter().map(|c| c.0)).map_err(io)?;
                let n = self.export_rows(kind, |row| {
                    w.write_record(row.iter().zip(cols).map(|(v, c)| match (v, c.1) {
                        (Value::Integer(i), Bool) => {
                            (if *i != 0 { "true" } else { "false" }).to_string()
                        }
                        (v, _) => text_of(v),
                    }))
                    .map_err(io)
                })?;
                w.flush().map_err(io)?;
                Ok(n)
            }
            ExportFormat::Jsonl => {
                let n = self.export_rows(kind, |row| {
                    // Columns in their declared order.
                    let mut line = String::from("{");
                    for (i, (v, c)) in row.into_iter().zip(cols).enumerate() {
                        if i > 0 {
                            line.push(',');
                        }
                        line.push_str(&serde_json::to_string(c.0).map_err(io)?);
                        line.push(':');
                        line.push_str(&serde_json::to_string(&json_of(v, c.1)).map_err(io)?);
                    }
                    line.push_str("}\n");
                    out.write_all(line.as_bytes()).map_err(io)
                })?;
                out.flush().map_err(io)?;
                Ok(n)
            }
            ExportFormat::Parquet => self.export_parquet(kind, out),
        }
    }

    #[cfg(not(feature = "parquet"))]
    fn export_parquet(&self, _kind: ExportKind, _out: &mut (dyn Write + Send)) -> Result<u64> {
        Err(StoreError::Export(
            "Parquet export needs newsgraph built with the `parquet` feature".into(),
        ))
    }
}

#[cfg(feature = "parquet")]
mod parquet_out {
    //! Parquet output through arrow record batches.
    use super::*;
    use arrow_array::builder::{BooleanBuilder, Int64Builder, StringBuilder};
    use arrow_array::{ArrayRef, RecordBatch};
    use arrow_schema::{DataType, Field, Schema};
    use parquet::arrow::ArrowWriter;
    use std::sync::Arc;

    /// Rows per record batch.
    const BATCH: usize = 8192;

    enum Col {
        Text(StringBuilder),
        Int(Int64Builder),
        Bool(BooleanBuilder),
    }

    impl Col {
        fn push(&mut self, v: Value) {
            match (self, v) {
                (Col::Text(b), Value::Null) => b.append_null(),
                (Col::Text(b), v) => b.append_value(text_of(&v)),
                (Col::Int(b), Value::Integer(i)) => b.append_value(i),
                (Col::Int(b), _) => b.append_null(),
                (Col::Bool(b), Value::Integer(i)) => b.append_value(i != 0),
                (Col::Bool(b), _) => b.append_null(),
            }
        }

        fn finish(&mut self) -> ArrayRef {
            match self {
                Col::Text(b) => Arc::new(b.finish()),
                Col::Int(b) => Arc::new(b.finish()),
                Col::Bool(b) => Arc::new(b.finish()),
            }
        }
    }

    fn builders(cols: &[ExportColumn]) -> Vec<Col> {
        cols.iter()
            .map(|c| match c.1 {
                Text => Col::Text(StringBuilder::new()),
                Int => Col::Int(Int64Builder::new()),
                Bool => Col::Bool(BooleanBuilder::new()),
            })
            .collect()
    }

    impl Store {
        pub(super) fn export_parquet(
            &self,
            kind: ExportKind,
            out: &mut (dyn Write + Send),
        ) -> Result<u64> {
            let cols = kind.columns();
            let schema = Arc::new(Schema::new(
                cols.iter()
                    .map(|c| {
                        let t = match c.1 {
                            Text => DataType::Utf8,
                            Int => DataType::Int64,
                            Bool => DataType::Boolean,
                        };
                        Field::new(c.0, t, true)
                    })
                    .collect::<Vec<_>>(),
            ));
            let mut w = ArrowWriter::try_new(out, schema.clone(), None).map_err(io)?;
            let mut b = builders(cols);
            let mut pending = 0usize;
            let flush =
                |b: &mut Vec<Col>, w: &mut ArrowWriter<&mut (dyn Write + Send)>| -> Result<()> {
                    let arrays: Vec<ArrayRef> = b.iter_mut().map(Col::finish).collect();
                    let batch = RecordBatch::try_new(schema.clone(), arrays).map_err(io)?;
                    w.write(&batch).map_err(io)
                };
            let n = self.export_rows(kind, |row| {
                for (c, v) in b.iter_mut().zip(row) {
                    c.push(v);
                }
                pending += 1;
                if pending == BATCH {
                    flush(&mut b, &mut w)?;
                    pending = 0;
                }
                Ok(())
            })?;
            if pending > 0 || n == 0 {
                flush(&mut b, &mut w)?;
            }
            w.close().map_err(io)?;
            Ok(n)
        }
    }
}
