//! Sentence segmentation and tokenization for French and English news.
//!
//! [`segment`] fills [`Document::sentences`], [`Document::tokens`] (syntactic
//! words) and [`Document::multiword_tokens`] from [`Document::text`] and
//! [`Document::language`]. Language knowledge (abbreviations, elisions,
//! clitics, contractions) comes from `lang/<iso>/tokenizer.txt`.
//!
//! Invariant: the words of a multiword token share its span; every other
//! word's span is its own surface text.

pub mod boundary;
pub mod rules;
pub mod sentences;
pub mod tokenize;

use newsgraph_doc::{Document, MultiwordToken, Sentence, TextIndex, Token};
pub use rules::Rules;

/// The shipped sentence-boundary model of a language
/// (`models/<iso>/sentences.bin`, compiled in): `None` when the language has
/// none, `Some(Err(_))` when the shipped file does not load (a corrupt or
/// incompatible model — [`segment`] then falls back to the rules and warns).
pub fn shipped_boundary_model(
    language: &str,
) -> Option<Result<&'static boundary::BoundaryModel, boundary::ModelError>> {
    static MODELS: newsgraph_lang::PerLanguage<
        Option<Result<boundary::BoundaryModel, boundary::ModelError>>,
    > = newsgraph_lang::PerLanguage::new();
    let lang = newsgraph_lang::language(language)?;
    MODELS
        .get_or_init(lang, |l| {
            l.model("sentences.bin")
                .map(boundary::BoundaryModel::from_bytes)
        })
        .as_ref()
        .map(|r| r.as_ref().map_err(Clone::clone))
}

/// The sentence-boundary model of a language, if one ships and loads
/// (models/<iso>/sentences.bin).
pub fn boundary_model(rules: &Rules) -> Option<&'static boundary::BoundaryModel> {
    shipped_boundary_model(&rules.language).and_then(Result::ok)
}

/// Splits surface tokens into sentences: the rule-based splitter, refined by
/// the language's boundary model when it has one.
pub fn split_sentences(
    text: &str,
    raw: &[tokenize::RawToken],
    rules: &Rules,
) -> Vec<sentences::RawSentence> {
    split_sentences_with(text, raw, rules, boundary_model(rules))
}

/// [`split_sentences`] with an explicit model (`None`: rules only).
pub fn split_sentences_with(
    text: &str,
    raw: &[tokenize::RawToken],
    rules: &Rules,
    model: Option<&boundary::BoundaryModel>,
) -> Vec<sentences::RawSentence> {
    let by_rule = sentences::split(text, raw, rules);
    let Some(model) = model else {
        return by_rule;
    };
    let rule = sentences::boundary_flags(&by_rule, raw.len());
    let flags = refine(text, raw, &rule, rules, model);
    sentences::assemble(text, raw, &flags)
}

/// Applies the boundary model over the rule decisions.
pub fn refine(
    text: &str,
    raw: &[tokenize::RawToken],
    rule: &[bool],
    rules: &Rules,
    model: &boundary::BoundaryModel,
) -> Vec<bool> {
    let mut flags = vec![false; raw.len()];
    let mut feats = Vec::with_capacity(24);
    let mut since = 0;
    for i in 0..raw.len() {
        since += 1;
        let para = raw
            .get(i + 1)
            .is_some_and(|n| text[raw[i].end..n.start].matches('\n').count() >= 2);
        let tok = &text[raw[i].start..raw[i].end];
        let mid_line_word = raw[i].kind == tokenize::Kind::Word
            && !rules.final_abbreviations.contains(tok)
            && raw
                .get(i + 1)
                .is_some_and(|n| !text[raw[i].end..n.start].contains('\n'));
        // The score the model must exceed here, or `None` when no boundary
        // may fall here whatever the model says.
        let threshold = if rules.titles.contains(tok) {
            // Never between a title and the name it introduces.
            None
        } else if mid_line_word {
            // Inside a line, a sentence normally ends with punctuation: news
            // text puts names everywhere (`l'économiste Claire Petit`). Only a
            // confident model may end one on a word (headings), and never
            // inside or before a capitalized pair (a name: `Henri Blanc`).
            let next2_cap = raw
                .get(i + 2)
                .is_some_and(|m| text[m.start..m.end].starts_with(char::is_uppercase));
            let cur_cap = tok.starts_with(char::is_uppercase);
            (!next2_cap && !cur_cap).then_some(rules.word_boundary_margin)
        } else if is_name_initials(tok, rules) || glued_quote_or_bracket(text, raw, i) {
            // `F.L. Copperman`, `J. Dupont`: initials introduce a name.
            None
        } else {
            Some(0.0)
        };
        let b = para
            || threshold.is_some_and(|t| {
                i + 1 < raw.len() && boundary::is_candidate(text, raw, i) && {
                    let ctx = boundary::Context {
                        text,
                        toks: raw,
                        i,
                        rule: rule[i],
                        since,
                        lexicon: &model.lexicon_hashes,
                    };
                    boundary::features(&ctx, &mut feats);
                    model.score(&feats) > t
                }
            });
        flags[i] = b;
        if b {
            since = 0;
        }
    }
    flags
}

/// Upper-case initials (`J.`, `F.L.`) that are not a sentence-final
/// abbreviation of the language (`U.S.`).
fn is_name_initials(tok: &str, rules: &Rules) -> bool {
    let b = tok.as_bytes();
    b.len() >= 2
        && b.len() <= 6
        && b.chunks(2)
            .all(|p| p.len() == 2 && p[0].is_ascii_uppercase() && p[1] == b'.')
        && !rules.final_abbreviations.contains(tok)
}

/// Whether a boundary after token `i` would cut an opening quote or bracket
/// from what follows, or a closing one from what precedes, or split at an
/// incise dash.
fn glued_quote_or_bracket(text: &str, raw: &[tokenize::RawToken], i: usize) -> bool {
    let Some(n) = raw.get(i + 1) else {
        return false;
    };
    let cur = &text[raw[i].start..raw[i].end];
    let next = &text[n.start..n.end];
    // A dash inside a line is an incise (`souci - je ne pense pas … -,`), not
    // a sentence start, unless sentence punctuation precedes it.
    let dash = |s: &str| matches!(s, "-" | "–" | "—" | "--");
    // A dash followed by an upper-case word may start a list item (`- Jean
    // Roy, 1921 ;`), so only a dash before a lower-case word or punctuation
    // is held to be an incise.
    let terminal = cur.chars().all(|c| matches!(c, '.' | '!' | '?' | '…'));
    let after_dash = raw.get(i + 2).map_or("", |m| &text[m.start..m.end]);
    let incise = !after_dash.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
    if (dash(next) && !terminal && incise || dash(cur)) && !text[raw[i].end..n.start].contains('\n')
    {
        return true;
    }
    if matches!(cur, "«" | "“" | "„" | "‹" | "(" | "[" | "{" | "‘") {
        return true;
    }
    if matches!(next, "»" | "”" | "›" | ")" | "]" | "}") {
        return true;
    }
    // A straight quote attached to the next word opens; attached to the
    // previous one, it closes.
    let gap_after = raw[i].end == n.start;
    (cur == "\"" && gap_after && i > 0 && raw[i - 1].end < raw[i].start)
        || (next == "\"" && gap_after && raw.get(i + 2).is_none_or(|m| m.start > n.end))
}

/// Converts increasing byte offsets to code-point offsets in one pass.
struct CharCursor<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharCursor<'a> {
    fn new(text: &'a str) -> Self {
        CharCursor {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// Code-point offset of byte `b`; `b` must not decrease between calls
    /// by more than the last token (it may step back to a token start).
    fn char_of(&mut self, b: usize) -> usize {
        if b >= self.byte {
            self.chars += self.text[self.byte..b].chars().count();
        } else {
            self.chars -= self.text[b..self.byte].chars().count();
        }
        self.byte = b;
        self.chars
    }
}

/// Training examples for the boundary model from gold CoNLL-U sentences:
/// the raw text rebuilt as in evaluation, our tokens, the rule decisions and
/// the gold boundaries.
pub fn boundary_example(
    gold: &[newsgraph_doc::conllu::Sentence],
    rules: &Rules,
) -> boundary::Example {
    let text = newsgraph_doc::conllu::raw_text(gold);
    let ix = TextIndex::new(&text);
    let toks = tokenize::tokenize(&text, rules);
    let rule = sentences::boundary_flags(&sentences::split(&text, &toks, rules), toks.len());
    // Gold sentence ends in code points: walk the text token by token.
    let mut ends = std::collections::HashSet::new();
    let chars: Vec<char> = text.chars().collect();
    let mut pos = 0;
    for s in gold {
        for t in s.surface_tokens() {
            while pos < chars.len() && chars[pos].is_whitespace() {
                pos += 1;
            }
            pos += t.form.chars().count();
        }
        ends.insert(pos);
    }
    let gold_flags = toks
        .iter()
        .map(|t| ends.contains(&ix.char_of(t.end)))
        .collect();
    boundary::Example {
        text,
        toks,
        rule,
        gold: gold_flags,
    }
}

/// The longest sentence, in surface tokens, handed to later stages: longer
/// runs (text without sentence punctuation, lists, tables) are cut into
/// pieces of this size so that per-sentence work (parsing, quotation and
/// attribution windows) stays bounded and the whole pipeline linear.
pub const MAX_SENTENCE_TOKENS: usize = 400;

/// Cuts sentences longer than [`MAX_SENTENCE_TOKENS`] surface tokens;
/// returns how many sentences were cut.
pub fn cap_sentences(sents: &mut Vec<sentences::RawSentence>) -> usize {
    if sents.iter().all(|s| s.end - s.first <= MAX_SENTENCE_TOKENS) {
        return 0;
    }
    let mut cut = 0;
    let mut out = Vec::with_capacity(sents.len());
    for s in sents.drain(..) {
        if s.end - s.first <= MAX_SENTENCE_TOKENS {
            out.push(s);
            continue;
        }
        cut += 1;
        let mut a = s.first;
        while a < s.end {
            let b = (a + MAX_SENTENCE_TOKENS).min(s.end);
            out.push(sentences::RawSentence {
                first: a,
                end: b,
                in_quote: s.in_quote,
            });
            a = b;
        }
    }
    *sents = out;
    cut
}

/// Segments a document in place, replacing any existing sentences and tokens.
/// Sentences longer than [`MAX_SENTENCE_TOKENS`] are cut, with a warning.
pub fn segment(doc: &mut Document) {
    let lang = doc.language.clone().unwrap_or_default();
    let rules = Rules::for_language(&lang);
    if let Some(Err(e)) = shipped_boundary_model(&rules.language) {
        doc.warnings.push(format!(
            "segment: sentence model for '{}' not used ({e}); sentences by rules only",
            rules.language
        ));
    }
    let (sentences, tokens, mwts, cut) = segment_text_counted(&doc.text, rules);
    if cut > 0 {
        doc.warnings.push(format!(
            "segment: {cut} sentence(s) longer than {MAX_SENTENCE_TOKENS} tokens were cut into pieces of at most {MAX_SENTENCE_TOKENS}"
        ));
    }
    doc.sentences = sentences;
    doc.tokens = tokens;
    doc.multiword_tokens = mwts;
}

/// Segments `text` with `rules`: sentences, words and multiword tokens, in
/// code-point offsets.
pub fn segment_text(text: &str, rules: &Rules) -> (Vec<Sentence>, Vec<Token>, Vec<MultiwordToken>) {
    segment_text_with(text, rules, boundary_model(rules))
}

/// [`segment_text`] with an explicit sentence model (`None`: rules only).
pub fn segment_text_with(
    text: &str,
    rules: &Rules,
    model: Option<&boundary::BoundaryModel>,
) -> (Vec<Sentence>, Vec<Token>, Vec<MultiwordToken>) {
    let (s, t, m, _) = segment_text_inner(text, rules, model);
    (s, t, m)
}

type Segmented = (Vec<Sentence>, Vec<Token>, Vec<MultiwordToken>, usize);

/// [`segment_text`] that also says how many over-long sentences were cut.
fn segment_text_counted(text: &str, rules: &Rules) -> Segmented {
    segment_text_inner(text, rules, boundary_model(rules))
}

fn segment_text_inner(
    text: &str,
    rules: &Rules,
    model: Option<&boundary::BoundaryModel>,
) -> Segmented {
    let raw = tokenize::tokenize(text, rules);
    let mut sents = split_sentences_with(text, &raw, rules, model);
    let cut = cap_sentences(&mut sents);
    let mut words = Vec::with_capacity(raw.len() + raw.len() / 10);
    let mut mwts = Vec::new();
    let mut out_sents = Vec::with_capacity(sents.len());
    let mut surface_to_word = Vec::with_capacity(raw.len() + 1);
    // Tokens are in text order: convert byte offsets with a forward cursor.
    let mut cur = CharCursor::new(text);
    let mut char_spans = Vec::with_capacity(raw.len());
    for t in &raw {
        surface_to_word.push(words.len());
        let (start, end) = (cur.char_of(t.start), cur.char_of(t.end));
        char_spans.push((start, end));
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
        let start = char_spans[s.first].0;
        let end = char_spans[s.end - 1].1;
        out_sents.push(Sentence {
            start,
            end,
            tokens: [a, b],
            in_quote: s.in_quote,
        });
    }
    (out_sents, words, mwts, cut)
}
