//! Exports of whole tables as CSV or JSON lines (and Parquet with the
//! `parquet` feature), streamed row by row.

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// One row per event, GDELT-like columns.
    Events,
    /// One row per quote.
    Quotes,
    /// One row per corpus entity.
    Entities,
    /// One row per document (metadata, no text layers).
    Documents,
}

/// Export file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Comma-separated values with a header.
    Csv,
    /// One JSON object per line.
    Jsonl,
    /// Apache Parquet (typed columns).
    Parquet,
}
