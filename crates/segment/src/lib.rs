//! Sentence segmentation and tokenization for French and English news.
//!
//! [`segment`] fills [`Document::sentences`], [`Document::tokens`] (syntactic
//! words) and [`Document::multiword_tokens`] from [`Document::text`] and
//! [`Document::language`]. Language knowledge (abbreviations, elisions,
//! clitics, contractions) comes from `lang/<iso>/tokenizer.txt`.
//!
//! Invariant: the words of a multiword token share its span; every other
//! word's span is its own surface text.

pub mod eval;
pub mod rules;
pub mod sentences;
pub mod tokenize;

use newsgraph_doc::{Document, MultiwordToken, Sentence, TextIndex, Token};
pub use rules::Rules;

/// Segments a document in place, replacing any existing sentences and tokens.
pub fn segment(doc: &mut Document) {
    let lang = doc.language.clone().unwrap_or_default();
    let rules = Rules::for_language(&lang);
    let ix = doc.index();
    let (sentences, tokens, mwts) = segment_text(&doc.text, &ix, rules);
    doc.sentences = sentences;
    doc.tokens = tokens;
    doc.multiword_tokens = mwts;
}

/// Segments `text` with `rules`: sentences, words and multiword tokens, in
/// code-point offsets.
pub fn segment_text(
    text: &str,
    ix: &TextIndex,
    rules: &Rules,
) -> (Vec<Sentence>, Vec<Token>, Vec<MultiwordToken>) {
    let raw = tokenize::tokenize(text, rules);
    let sents = sentences::split(text, &raw, rules);
    let mut words = Vec::with_capacity(raw.len() + raw.len() / 10);
    let mut mwts = Vec::new();
    let mut out_sents = Vec::with_capacity(sents.len());
    let mut surface_to_word = Vec::with_capacity(raw.len() + 1);
    for t in &raw {
        surface_to_word.push(words.len());
        let (start, end) = ix.span_of(t.start, t.end);
        match &t.words {
            None => words.push(Token {
                start,
                end,
                text: text[t.start..t.end].to_string(),
                ..Token::default()
            }),
            Some(ws) => {
                let first = words.len();
                for w in ws {
                    words.push(Token {
                        start,
                        end,
                        text: w.clone(),
                        ..Token::default()
                    });
                }
                mwts.push(MultiwordToken {
                    start,
                    end,
                    text: text[t.start..t.end].to_string(),
                    tokens: [first, words.len()],
                });
            }
        }
    }
    surface_to_word.push(words.len());
    for s in sents {
        let (a, b) = (surface_to_word[s.first], surface_to_word[s.end]);
        let start = ix.char_of(raw[s.first].start);
        let end = ix.char_of(raw[s.end - 1].end);
        out_sents.push(Sentence {
            start,
            end,
            tokens: [a, b],
            in_quote: s.in_quote,
        });
    }
    (out_sents, words, mwts)
}
