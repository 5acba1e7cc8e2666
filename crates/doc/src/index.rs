//! Conversion between byte offsets (what Rust string slicing uses) and
//! code-point offsets (what the output contract uses).

/// A byte ↔ code-point offset table for one text.
///
/// Built once per document in O(n); lookups are O(1) (byte → char) and
/// O(1) (char → byte). For pure-ASCII texts no table is stored.
#[derive(Debug, Clone)]
pub struct TextIndex {
    /// Byte offset of each code point, plus one final entry for the text
    /// length. Empty when the text is ASCII (offsets then coincide).
    char_to_byte: Vec<u32>,
    /// For each byte offset, the index of the code point containing it.
    byte_to_char: Vec<u32>,
    len_bytes: usize,
    len_chars: usize,
}

impl TextIndex {
    /// Builds the table for `text`.
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return TextIndex {
                char_to_byte: Vec::new(),
                byte_to_char: Vec::new(),
                len_bytes: text.len(),
                len_chars: text.len(),
            };
        }
        let mut char_to_byte = Vec::with_capacity(text.len() + 1);
        let mut byte_to_char = vec![0u32; text.len() + 1];
        for (ci, (bi, ch)) in text.char_indices().enumerate() {
            char_to_byte.push(bi as u32);
            for slot in &mut byte_to_char[bi..bi + ch.len_utf8()] {
                *slot = ci as u32;
            }
        }
        let len_chars = char_to_byte.len();
        char_to_byte.push(text.len() as u32);
        byte_to_char[text.len()] = len_chars as u32;
        TextIndex {
            char_to_byte,
            byte_to_char,
            len_bytes: text.len(),
            len_chars,
        }
    }

    /// Length of the text in code points.
    pub fn len_chars(&self) -> usize {
        self.len_chars
    }

    /// Code-point offset of byte offset `b` (clamped to the text length; a
    /// byte inside a multi-byte character maps to that character).
    pub fn char_of(&self, b: usize) -> usize {
        let b = b.min(self.len_bytes);
        if self.char_to_byte.is_empty() {
            b
        } else {
            self.byte_to_char[b] as usize
        }
    }

    /// Byte offset of code-point offset `c` (clamped to the text length).
    pub fn byte_of(&self, c: usize) -> usize {
        let c = c.min(self.len_chars);
        if self.char_to_byte.is_empty() {
            c
        } else {
            self.char_to_byte[c] as usize
        }
    }

    /// Converts a byte span to a code-point span.
    pub fn span_of(&self, start_byte: usize, end_byte: usize) -> (usize, usize) {
        (self.char_of(start_byte), self.char_of(end_byte))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_multibyte() {
        let t = "l’arme « é »";
        let ix = TextIndex::new(t);
        assert_eq!(ix.len_chars(), t.chars().count());
        for (ci, (bi, _)) in t.char_indices().enumerate() {
            assert_eq!(ix.char_of(bi), ci);
            assert_eq!(ix.byte_of(ci), bi);
        }
        assert_eq!(ix.byte_of(ix.len_chars()), t.len());
    }

    #[test]
    fn ascii_is_identity() {
        let ix = TextIndex::new("abc");
        assert_eq!(ix.char_of(2), 2);
        assert_eq!(ix.byte_of(3), 3);
        assert_eq!(ix.byte_of(10), 3);
    }
}
