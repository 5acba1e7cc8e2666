//! The versioned binary model format: a header (magic, model kind, format
//! version, language, payload length, FNV-1a checksum) and a little-endian
//! payload written by [`Writer`] and read back, bounds-checked, by [`Reader`].
//!
//! Invariant: a file of another kind or version, or whose checksum does not
//! match, is refused with [`Error::BadModel`], never misread.

use crate::error::{Error, Result};
use std::path::Path;

/// Magic bytes opening every syntax model file.
pub const MAGIC: &[u8; 8] = b"NGSYNTAX";
/// Version of the payload layout; bump on any incompatible change.
pub const FORMAT_VERSION: u32 = 1;

/// Kinds of model file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// UPOS + FEATS tagger.
    Tagger = 1,
    /// Lemmatizer.
    Lemmatizer = 2,
    /// Dependency parser.
    Parser = 3,
}

fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h
}

/// Appends little-endian values to a buffer.
#[derive(Default)]
pub struct Writer {
    /// The bytes written so far.
    pub buf: Vec<u8>,
}

impl Writer {
    /// Writes a u8.
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    /// Writes a u16.
    pub fn u16(&mut self, v: u16) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    /// Writes a u32.
    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    /// Writes a u64.
    pub fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    /// Writes an f32.
    pub fn f32(&mut self, v: f32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    /// Writes a length-prefixed string.
    pub fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.buf.extend_from_slice(s.as_bytes());
    }
    /// Writes a length-prefixed list of strings.
    pub fn strs(&mut self, v: &[String]) {
        self.u32(v.len() as u32);
        for s in v {
            self.str(s);
        }
    }

    /// Wraps the payload in the header and writes the file.
    pub fn save(self, path: &Path, kind: Kind, lang: &str) -> Result<()> {
        let mut out = Vec::with_capacity(self.buf.len() + 64);
        out.extend_from_slice(MAGIC);
        out.push(kind as u8);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.push(lang.len() as u8);
        out.extend_from_slice(lang.as_bytes());
        out.extend_from_slice(&(self.buf.len() as u64).to_le_bytes());
        out.extend_from_slice(&fnv(&self.buf).to_le_bytes());
        out.extend_from_slice(&self.buf);
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                    path: dir.to_path_buf(),
                    source,
                })?;
            }
        }
        std::fs::write(path, out).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })
    }
}

/// Reads little-endian values from a payload, bounds-checked.
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

/// Shorthand for a corrupt-payload error.
fn bad(msg: &str) -> Error {
    Error::BadModel {
        path: "<payload>".into(),
        message: msg.to_string(),
    }
}

impl<'a> Reader<'a> {
    /// Checks the header of `bytes` and returns the language and a reader
    /// over the payload.
    pub fn open(bytes: &'a [u8], kind: Kind, path: &Path) -> Result<(String, Reader<'a>)> {
        let err = |m: String| Error::BadModel {
            path: path.to_path_buf(),
            message: m,
        };
        if bytes.len() < 8 + 1 + 4 + 1 || &bytes[..8] != MAGIC {
            return Err(err("not a newsgraph syntax model (bad magic)".into()));
        }
        if bytes[8] != kind as u8 {
            return Err(err(format!(
                "model kind {} where {:?} was expected",
                bytes[8], kind
            )));
        }
        let ver = u32::from_le_bytes([bytes[9], bytes[10], bytes[11], bytes[12]]);
        if ver != FORMAT_VERSION {
            return Err(err(format!(
                "format version {ver}, this build reads version {FORMAT_VERSION}: retrain or update"
            )));
        }
        let ll = bytes[13] as usize;
        let p = 14 + ll;
        if bytes.len() < p + 16 {
            return Err(err("truncated header".into()));
        }
        let lang = String::from_utf8_lossy(&bytes[14..p]).into_owned();
        let mut n8 = [0u8; 8];
        n8.copy_from_slice(&bytes[p..p + 8]);
        let len = u64::from_le_bytes(n8) as usize;
        n8.copy_from_slice(&bytes[p + 8..p + 16]);
        let sum = u64::from_le_bytes(n8);
        let payload = &bytes[p + 16..];
        if payload.len() != len {
            return Err(err(format!(
                "payload is {} bytes, header says {len} (truncated?)",
                payload.len()
            )));
        }
        if fnv(payload) != sum {
            return Err(err("checksum mismatch (corrupt file)".into()));
        }
        Ok((
            lang,
            Reader {
                buf: payload,
                pos: 0,
            },
        ))
    }

    /// The next `n` bytes.
    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self
            .pos
            .checked_add(n)
            .ok_or_else(|| bad("length overflow"))?;
        let s = self
            .buf
            .get(self.pos..end)
            .ok_or_else(|| bad("truncated payload"))?;
        self.pos = end;
        Ok(s)
    }
    /// Reads a u8.
    pub fn u8(&mut self) -> Result<u8> {
        Ok(self.bytes(1)?[0])
    }
    /// Reads a u16.
    pub fn u16(&mut self) -> Result<u16> {
        let b = self.bytes(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    /// Reads a u32.
    pub fn u32(&mut self) -> Result<u32> {
        let b = self.bytes(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    /// Reads a u64.
    pub fn u64(&mut self) -> Result<u64> {
        let b = self.bytes(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    /// Reads an f32.
    pub fn f32(&mut self) -> Result<f32> {
        let b = self.bytes(4)?;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    /// Reads a length-prefixed string.
    pub fn str(&mut self) -> Result<String> {
        let n = self.u32()? as usize;
        let b = self.bytes(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| bad("invalid UTF-8 string"))
    }
    /// Reads a length-prefixed list of strings.
    pub fn strs(&mut self) -> Result<Vec<String>> {
        let n = self.u32()? as usize;
        if n > self.buf.len() {
            return Err(bad("implausible list length"));
        }
        (0..n).map(|_| self.str()).collect()
    }
    /// A count that must fit in the remaining payload at `unit` bytes each.
    pub fn count(&mut self, unit: usize) -> Result<usize> {
        let n = self.u64()? as usize;
        if n.saturating_mul(unit.max(1)) > self.buf.len() - self.pos {
            return Err(bad("implausible count"));
        }
        Ok(n)
    }
    /// True when the whole payload was consumed.
    pub fn done(&self) -> bool {
        self.pos == self.buf.len()
    }
}

/// Reads a model file's bytes.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_refusals() {
        let dir = std::env::temp_dir().join(format!("ngsx-{}", std::process::id()));
        let p = dir.join("m.bin");
        let mut w = Writer::default();
        w.u32(7);
        w.str("héllo");
        w.save(&p, Kind::Tagger, "fr").expect("save");
        let bytes = read_file(&p).expect("read");
        let (lang, mut r) = Reader::open(&bytes, Kind::Tagger, &p).expect("open");
        assert_eq!(lang, "fr");
        assert_eq!(r.u32().expect("u32"), 7);
        assert_eq!(r.str().expect("str"), "héllo");
        assert!(r.done());
        assert!(Reader::open(&bytes, Kind::Parser, &p).is_err());
        let mut corrupt = bytes.clone();
        let last = corrupt.len() - 1;
        corrupt[last] ^= 1;
        assert!(Reader::open(&corrupt, Kind::Tagger, &p).is_err());
        let mut old = bytes.clone();
        old[9] = 0;
        assert!(Reader::open(&old, Kind::Tagger, &p).is_err());
        assert!(Reader::open(&bytes[..bytes.len() - 2], Kind::Tagger, &p).is_err());
        let _ = std::fs::remove_dir_all(dir);
    }
}
