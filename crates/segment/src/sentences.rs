//! Sentence splitting over surface tokens, tracking open quotations so that
//! a boundary inside a quotation keeps the quotation open.
//!
//! Invariant: sentences cover every token exactly once, in order.

use crate::rules::Rules;
use crate::tokenize::{Kind, RawToken};

/// A sentence as a range of surface tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawSentence {
    /// First surface token.
    pub first: usize,
    /// One past the last surface token.
    pub end: usize,
    /// The sentence starts inside an open quotation.
    pub in_quote: bool,
}

fn is_terminal(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| matches!(c, '.' | '!' | '?' | '…'))
}

fn is_opener(s: &str) -> bool {
    matches!(
        s,
        "«" | "“" | "„" | "‘" | "(" | "[" | "-" | "–" | "—" | "‹" | "¿" | "¡" | "•"
    )
}

/// What a quotation token does to the quote stack.
fn quote_role(s: &str) -> Option<(char, bool)> {
    // (quote family, is_opening)
    match s {
        "«" | "‹" => Some(('«', true)),
        "»" | "›" => Some(('«', false)),
        "“" | "„" => Some(('“', true)),
        "”" => Some(('“', false)),
        "\"" => Some(('"', true)),
        _ => None,
    }
}

/// Updates the stack of open quotations for one token: an opening mark
/// pushes its family, a closing one pops back to its opener, a straight `"`
/// closes an open `"` or opens one.
fn track_quote(stack: &mut Vec<char>, tok: &str) {
    let Some((fam, open)) = quote_role(tok) else {
        return;
    };
    if fam == '"' {
        if stack.last() == Some(&'"') {
            stack.pop();
        } else if stack.len() < 64 {
            stack.push('"');
        }
    } else if open {
        // Bounded depth: thousands of unclosed marks must not make the
        // search below quadratic.
        if stack.len() < 64 {
            stack.push(fam);
        }
    } else if let Some(p) = stack.iter().rposition(|&f| f == fam) {
        stack.truncate(p);
    }
}

/// Splits tokens into sentences.
pub fn split(text: &str, toks: &[RawToken], rules: &Rules) -> Vec<RawSentence> {
    let mut out = Vec::new();
    let mut stack: Vec<char> = Vec::new();
    let mut first = 0;
    let mut start_in_quote = false;
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let s = &text[t.start..t.end];
        if t.kind == Kind::Punct {
            track_quote(&mut stack, s);
        }
        let next = toks.get(i + 1);
        let gap = next.map_or("", |n| &text[t.end..n.start]);
        // Paragraph break: a hard boundary that also closes quotations.
        let newlines = gap.matches('\n').count();
        let mut boundary_after = None;
        if newlines >= 2 {
            boundary_after = Some(i);
        } else if newlines == 1 {
            let starts_lower =
                next.is_some_and(|n| text[n.start..n.end].starts_with(char::is_lowercase));
            if !starts_lower {
                boundary_after = Some(i);
            }
        }
        let terminal = t.kind == Kind::Punct && is_terminal(s)
            || t.kind == Kind::Word && rules.final_abbreviations.contains(s);
        if boundary_after.is_none() && terminal {
            // Closing quotes and brackets stay with the sentence.
            let mut j = i + 1;
            let mut closing_stack = stack.clone();
            while let Some(n) = toks.get(j) {
                let ns = &text[n.start..n.end];
                if text[toks[j - 1].end..n.start].contains('\n') {
                    break;
                }
                let closes = match ns {
                    "»" | "”" | "›" | ")" | "]" | "’" | "'" => true,
                    "\"" => closing_stack.last() == Some(&'"'),
                    _ => false,
                };
                if !closes {
                    break;
                }
                track_quote(&mut closing_stack, ns);
                j += 1;
            }
            let last = j - 1;
            match toks.get(j) {
                None => boundary_after = Some(last),
                Some(n) => {
                    let ns = &text[n.start..n.end];
                    let gap = &text[toks[last].end..n.start];
                    let c = ns.chars().next().unwrap_or(' ');
                    let abbrev_terminal = t.kind == Kind::Word;
                    let opens = is_opener(ns) || quote_role(ns).is_some_and(|(_, o)| o);
                    let starts_sentence =
                        c.is_uppercase() || (!abbrev_terminal && (c.is_ascii_digit() || opens));
                    if gap.contains('\n') || (!gap.is_empty() && starts_sentence) {
                        boundary_after = Some(last);
                    }
                }
            }
            if boundary_after.is_some() {
                // The closers we attach have closed their quotations.
                stack = closing_stack;
            }
        }
        if let Some(b) = boundary_after {
            out.push(RawSentence {
                first,
                end: b + 1,
                in_quote: start_in_quote,
            });
            first = b + 1;
            let para = toks
                .get(b + 1)
                .is_some_and(|n| text[toks[b].end..n.start].contains('\n'));
            if para {
                stack.clear();
            }
            start_in_quote = !stack.is_empty();
            i = b + 1;
        } else {
            i += 1;
        }
    }
    if first < toks.len() {
        out.push(RawSentence {
            first,
            end: toks.len(),
            in_quote: start_in_quote,
        });
    }
    out
}

/// The boundaries of a sentence list, as "a boundary after token i" flags.
pub fn boundary_flags(sents: &[RawSentence], n: usize) -> Vec<bool> {
    let mut b = vec![false; n];
    for s in sents {
        if s.end > 0 && s.end <= n {
            b[s.end - 1] = true;
        }
    }
    b
}

/// Builds sentences from boundary flags, recomputing which sentences start
/// inside an open quotation (quotations close at paragraph breaks).
pub fn assemble(text: &str, toks: &[RawToken], boundary_after: &[bool]) -> Vec<RawSentence> {
    let mut out = Vec::new();
    let mut stack: Vec<char> = Vec::new();
    let mut first = 0;
    let mut in_quote = false;
    for (i, t) in toks.iter().enumerate() {
        if t.kind == Kind::Punct {
            track_quote(&mut stack, &text[t.start..t.end]);
        }
        let last = i + 1 == toks.len();
        if last || boundary_after.get(i).copied().unwrap_or(false) {
            out.push(RawSentence {
                first,
                end: i + 1,
                in_quote,
            });
            first = i + 1;
            if let Some(n) = toks.get(i + 1) {
                if text[t.end..n.start].contains('\n') {
                    stack.clear();
                }
            }
            in_quote = !stack.is_empty();
        }
    }
    out
}
