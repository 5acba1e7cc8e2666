//! A small tokenizer of our own: words, digit runs and single punctuation
//! marks, with code-point offsets and an accent-folded lowercase key.

/// Token kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A run of letters.
    Word,
    /// A run of ASCII digits.
    Num,
    /// One other non-space character.
    Punct,
}

/// A token of the text.
#[derive(Debug, Clone)]
pub struct Tok {
    /// Start offset, code points.
    pub start: usize,
    /// End offset, code points, exclusive.
    pub end: usize,
    /// Start offset, bytes.
    pub bstart: usize,
    /// End offset, bytes, exclusive.
    pub bend: usize,
    /// Lowercased, accent-folded form (`'` for every apostrophe).
    pub key: String,
    /// Kind of token.
    pub kind: Kind,
    /// First letter is uppercase.
    pub cap: bool,
    /// Every letter is uppercase.
    pub all_caps: bool,
    /// Whitespace separates it from the previous token.
    pub space_before: bool,
    /// A line break separates it from the previous token.
    pub nl_before: bool,
    /// 1 + index of the lexicon's phrases starting with this word; 0 when
    /// none (set by [`crate::lex::Lexicon::mark`]).
    pub bucket: u32,
    /// Id of the word in the lexicon's vocabulary, 0 when unknown.
    pub word: u32,
    /// Folding removed an accent (`à` → `a`).
    pub folded: bool,
}

impl Tok {
    /// The numeric value of a digit token.
    pub fn num(&self) -> Option<u32> {
        if self.kind == Kind::Num && self.key.len() <= 9 {
            self.key.parse().ok()
        } else {
            None
        }
    }
}

/// Folds one lowercase character: strips French diacritics, unifies
/// apostrophes and dashes.
pub fn fold_char(c: char) -> char {
    match c {
        'à' | 'â' | 'ä' | 'á' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'î' | 'ï' | 'í' => 'i',
        'ô' | 'ö' | 'ó' => 'o',
        'ù' | 'û' | 'ü' | 'ú' => 'u',
        'ç' => 'c',
        'ÿ' => 'y',
        '’' | '‘' | 'ʼ' | '`' | '´' => '\'',
        '–' | '—' | '‑' | '‐' => '-',
        _ => c,
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic()
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(text.len() / 5);
    let mut cp = 0usize;
    let mut b = 0usize;
    let mut space = false;
    let mut nl = false;
    let mut it = text.chars().peekable();
    while let Some(c) = it.next() {
        if c.is_whitespace() {
            space = true;
            if c == '\n' {
                nl = true;
            }
            cp += 1;
            b += c.len_utf8();
            continue;
        }
        let start = cp;
        let bstart = b;
        cp += 1;
        b += c.len_utf8();
        let mut key = String::new();
        let kind;
        let mut cap = false;
        let mut all_caps = true;
        let mut folded = false;
        if c.is_ascii_digit() {
            kind = Kind::Num;
            key.push(c);
            while let Some(&d) = it.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                key.push(d);
                it.next();
                cp += 1;
                b += d.len_utf8();
            }
        } else if is_word_char(c) {
            kind = Kind::Word;
            cap = c.is_uppercase();
            let push = |ch: char, key: &mut String, all_caps: &mut bool, folded: &mut bool| {
                if ch.is_ascii() {
                    if ch.is_ascii_lowercase() {
                        *all_caps = false;
                    }
                    key.push(ch.to_ascii_lowercase());
                    return;
                }
                if ch.is_lowercase() {
                    *all_caps = false;
                }
                for l in ch.to_lowercase() {
                    let f = fold_char(l);
                    *folded |= f != l;
                    key.push(f);
                }
            };
            push(c, &mut key, &mut all_caps, &mut folded);
            while let Some(&d) = it.peek() {
                if !is_word_char(d) {
                    break;
                }
                push(d, &mut key, &mut all_caps, &mut folded);
                it.next();
                cp += 1;
                b += d.len_utf8();
            }
        } else {
            kind = Kind::Punct;
            all_caps = false;
            key.push(fold_char(c));
        }
        if kind != Kind::Word {
            all_caps = false;
        }
        out.push(Tok {
            start,
            end: cp,
            bstart,
            bend: b,
            key,
            kind,
            cap,
            all_caps,
            space_before: space,
            nl_before: nl,
            bucket: 0,
            word: 0,
            folded,
        });
        space = false;
        nl = false;
    }
    out
}

/// Folds a data-file phrase into token keys.
pub fn keys(phrase: &str) -> Vec<String> {
    tokenize(phrase).into_iter().map(|t| t.key).collect()
}
