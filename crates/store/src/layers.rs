//! Layers a [`crate::DocumentView`] leaves out, read back for the
//! document view of `serve`: time expressions and event trigger spans.

use crate::error::Result;
use crate::SqliteStore;
use newsgraph_doc::{Timex, TimexType};
use std::collections::HashMap;

/// The stored spelling of a TIMEX3 type back to the type.
pub(crate) fn timex_type(s: &str) -> TimexType {
    match s {
        "TIME" => TimexType::Time,
        "DURATION" => TimexType::Duration,
        "SET" => TimexType::Set,
        _ => TimexType::Date,
    }
}

/// A stored offset back to `usize` (never negative in a sound store).
pub(crate) fn offset(v: i64) -> usize {
    usize::try_from(v.max(0)).unwrap_or(usize::MAX)
}

impl SqliteStore {
    pub(crate) fn timexes(&self, id: &str) -> Result<Vec<Timex>> {
        let mut q = self.conn.prepare_cached(
            "SELECT t.start, t.end, t.text, t.type, t.value, t.anchor, t.mod
             FROM timexes t JOIN documents d ON d.doc = t.doc WHERE d.id = ?1 ORDER BY t.idx",
        )?;
        let rows = q
            .query_map([id], |r| {
                Ok(Timex {
                    start: offset(r.get(0)?),
                    end: offset(r.get(1)?),
                    text: r.get(2)?,
                    kind: timex_type(&r.get::<_, String>(3)?),
                    value: r.get(4)?,
                    anchor: r.get(5)?,
                    modifier: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub(crate) fn event_triggers(&self, id: &str) -> Result<HashMap<String, (usize, usize)>> {
        let mut q = self.conn.prepare_cached(
            "SELECT e.local_id, e.trigger_start, e.trigger_end
             FROM events e JOIN documents d ON d.doc = e.doc WHERE d.id = ?1",
        )?;
        let rows = q
            .query_map([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    (offset(r.get(1)?), offset(r.get(2)?)),
                ))
            })?
            .collect::<rusqlite::Result<HashMap<_, _>>>()?;
        Ok(rows)
    }
}
