//! Tokenization: the text is cut at white space into chunks, and each chunk
//! is split into surface tokens by peeling punctuation, elisions, clitics and
//! contractions, as described by the language's [`Rules`].
//!
//! Invariant: tokens are non-empty, non-overlapping, in text order, never
//! contain white space (except digit groups `20 000` when the language says
//! so) and are byte spans on `char` boundaries.

use crate::rules::Rules;

/// What a surface token is, as far as sentence splitting cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A word, number, abbreviation, URL…
    Word,
    /// A token made only of punctuation.
    Punct,
}

/// A surface token: a byte span, and its syntactic words when it is a
/// multiword token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawToken {
    /// Start byte.
    pub start: usize,
    /// End byte, exclusive.
    pub end: usize,
    /// Word or punctuation.
    pub kind: Kind,
    /// The syntactic words of a multiword token; `None` for one word.
    pub words: Option<Vec<String>>,
}

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '«' | '“'
            | '"'
            | '‘'
            | '\''
            | '('
            | '['
            | '{'
            | '¿'
            | '¡'
            | '„'
            | '‚'
            | '‹'
            | '$'
            | '€'
            | '£'
            | '#'
            | '*'
            | '•'
            | '·'
            | '<'
    )
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '»' | '”'
            | '"'
            | '’'
            | '\''
            | ')'
            | ']'
            | '}'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '…'
            | '%'
            | '›'
            | '*'
            | '>'
            | '°'
    )
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '―' | '‒' | '−')
}

/// Characters that split a chunk wherever they occur.
fn is_hard_inner(c: char) -> bool {
    matches!(
        c,
        '«' | '»'
            | '“'
            | '”'
            | '"'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | ';'
            | '!'
            | '?'
            | '…'
            | '„'
            | '‹'
            | '›'
    )
}

/// Whether `s` looks like a URL or an e-mail address.
fn is_url_or_email(s: &str) -> bool {
    let l = s.as_bytes();
    if l.len() < 4 {
        return false;
    }
    let lower =
        |p: &str| s.len() >= p.len() && s.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    if lower("http://") || lower("https://") || lower("www.") || lower("ftp://") {
        return true;
    }
    if let Some(at) = s.find('@') {
        let (user, host) = (&s[..at], &s[at + 1..]);
        return !user.is_empty()
            && host.contains('.')
            && !host.starts_with('.')
            && user
                .chars()
                .all(|c| c.is_alphanumeric() || "._%+-".contains(c));
    }
    false
}

/// An initial (`J.`) or an acronym with periods (`U.S.`, `J.-C.`).
fn is_initial_or_acronym(core: &str) -> bool {
    let mut chars = core.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_alphabetic() {
        return false;
    }
    // Single letter + period.
    if core.chars().count() == 2 {
        return first.is_uppercase();
    }
    // Letter-period pairs, possibly with hyphens: U.S. / J.-C. / e.g.
    let mut expect_letter = true;
    for c in core.chars() {
        if expect_letter {
            if c == '-' {
                continue;
            }
            if !c.is_alphabetic() {
                return false;
            }
            expect_letter = false;
        } else {
            if c != '.' {
                return false;
            }
            expect_letter = true;
        }
    }
    expect_letter
}

/// A word ending in a plural mark: `AUTRE(S)`, `député(e)`.
fn has_plural_mark(core: &str) -> bool {
    let b = core.as_bytes();
    b.len() >= 4
        && b[b.len() - 1] == b')'
        && b[b.len() - 3] == b'('
        && b[b.len() - 2].is_ascii_alphabetic()
        && core[..core.len() - 3].ends_with(char::is_alphabetic)
}

fn all_punct(s: &str) -> bool {
    s.chars().all(|c| !c.is_alphanumeric())
}

/// Splits `text` into surface tokens.
pub fn tokenize(text: &str, rules: &Rules) -> Vec<RawToken> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut chunk_start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() || c.is_control() || c == '\u{200b}' || c == '\u{feff}' {
            if let Some(s) = chunk_start.take() {
                split_chunk(text, s, i, rules, &mut out);
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(i);
        }
    }
    if let Some(s) = chunk_start {
        split_chunk(text, s, text.len(), rules, &mut out);
    }
    if rules.digit_group_space {
        merge_digit_groups(text, &mut out);
    }
    if !rules.ambiguous.is_empty() {
        resolve_ambiguous(text, rules, &mut out);
    }
    out
}

fn push(out: &mut Vec<RawToken>, text: &str, start: usize, end: usize) {
    if start < end {
        let kind = if all_punct(&text[start..end]) {
            Kind::Punct
        } else {
            Kind::Word
        };
        out.push(RawToken {
            start,
            end,
            kind,
            words: None,
        });
    }
}

fn split_chunk(text: &str, mut s: usize, mut e: usize, rules: &Rules, out: &mut Vec<RawToken>) {
    let mut tail: Vec<(usize, usize)> = Vec::new();
    let whole = &text[s..e];
    // A chunk of only ! ? . (`!!!`, `?!`, `..?`) or an emoticon is one token.
    if whole.len() > 1 && whole.bytes().all(|b| matches!(b, b'!' | b'?' | b'.'))
        || rules.emoticons.contains(whole)
    {
        push(out, text, s, e);
        return;
    }
    // Leading punctuation.
    loop {
        let rest = &text[s..e];
        let Some(c) = rest.chars().next() else { break };
        if rest.starts_with("...") {
            let n = rest.bytes().take_while(|&b| b == b'.').count();
            push(out, text, s, s + n);
            s += n;
        } else if is_dash(c) {
            // A minus sign before a digit stays with the number.
            let n: usize = rest
                .chars()
                .take_while(|&c| is_dash(c))
                .map(char::len_utf8)
                .sum();
            if n == c.len_utf8()
                && rest[n..].starts_with(|d: char| d.is_ascii_digit())
                && c != '—'
                && !rules.split_hyphens
            {
                break;
            }
            // A French clitic chunk (-il) standing alone stays whole.
            let lower = rest.to_lowercase();
            if rules.clitic_suffixes.contains(&lower) {
                break;
            }
            push(out, text, s, s + n);
            s += n;
        } else if matches!(c, '*' | '=' | '_' | '~' | '#' | '+' | '>' | '<' | '$')
            && rest[1..].starts_with(c)
        {
            let n = rest.bytes().take_while(|&b| b == c as u8).count();
            push(out, text, s, s + n);
            s += n;
        } else if is_opening(c) || is_hard_inner(c) || (is_closing(c) && rest.len() == c.len_utf8())
        {
            push(out, text, s, s + c.len_utf8());
            s += c.len_utf8();
        } else {
            break;
        }
    }
    if s >= e {
        return;
    }
    if is_url_or_email(&text[s..e]) {
        // Trailing sentence punctuation is not part of the URL.
        while let Some(c) = text[s..e].chars().next_back() {
            if matches!(
                c,
                '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '»' | '”' | '"' | '\'' | '’' | '>'
            ) {
                tail.push((e - c.len_utf8(), e));
                e -= c.len_utf8();
            } else {
                break;
            }
        }
        push(out, text, s, e);
        for &(a, b) in tail.iter().rev() {
            push(out, text, a, b);
        }
        return;
    }
    // Trailing punctuation, collected right to left.
    loop {
        let core = &text[s..e];
        let Some(c) = core.chars().next_back() else {
            break;
        };
        // A final run of sentence punctuation (`...`, `!.`, `.?`, `?!`) is
        // one token, except one period after an abbreviation (`Inc..`).
        let run = core
            .bytes()
            .rev()
            .take_while(|&b| matches!(b, b'.' | b'!' | b'?'))
            .count();
        if run >= 2 && run < core.len() {
            let before = &core[..core.len() - run + 1];
            if run == 2
                && core.ends_with("..")
                && (rules.is_abbreviation(before) || is_initial_or_acronym(before))
            {
                tail.push((e - 1, e));
                e -= 1;
                break;
            }
            if core[..core.len() - run].ends_with(char::is_alphanumeric) || c != '.' || run >= 3 {
                tail.push((e - run, e));
                e -= run;
                continue;
            }
        }
        if c == '.' {
            if core.ends_with("..") {
                let n = core.bytes().rev().take_while(|&b| b == b'.').count();
                tail.push((e - n, e));
                e -= n;
                continue;
            }
            if core.len() > 1 && (rules.is_abbreviation(core) || is_initial_or_acronym(core)) {
                break;
            }
            tail.push((e - 1, e));
            e -= 1;
        } else if c == ')' && has_plural_mark(core) {
            break;
        } else if is_closing(c) || is_dash(c) {
            // Keep a dash or apostrophe that ends a word (`l'`, `jusqu'`,
            // `soldiers'`).
            if (c == '\'' || c == '’') && core.len() > c.len_utf8() {
                let base = &core[..core.len() - c.len_utf8()];
                if rules.split_plural_possessive
                    && base.len() > 1
                    && base.ends_with('s')
                    && base.chars().all(char::is_alphabetic)
                {
                    break;
                }
                let lower = core.to_lowercase().replace('’', "'");
                if rules.elisions.contains(&lower) {
                    break;
                }
            }
            let n = if matches!(c, '*' | '$' | '#' | '~' | '>' | '%') {
                core.chars()
                    .rev()
                    .take_while(|&d| d == c)
                    .map(char::len_utf8)
                    .sum()
            } else if c == '!' || c == '?' {
                core.chars()
                    .rev()
                    .take_while(|&d| d == '!' || d == '?')
                    .map(char::len_utf8)
                    .sum()
            } else if is_dash(c) {
                core.chars()
                    .rev()
                    .take_while(|&d| d == c)
                    .map(char::len_utf8)
                    .sum()
            } else {
                c.len_utf8()
            };
            tail.push((e - n, e));
            e -= n;
        } else {
            break;
        }
    }
    split_core(text, s, e, rules, out);
    for &(a, b) in tail.iter().rev() {
        push(out, text, a, b);
    }
}

/// Splits the middle of a chunk at inner punctuation, then each piece into
/// words.
fn split_core(text: &str, s: usize, e: usize, rules: &Rules, out: &mut Vec<RawToken>) {
    let core = &text[s..e];
    let mut piece_start = s;
    let mut prev: Option<char> = None;
    let mut iter = core.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        let between_digits =
            prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
        // A slash between two words of `slash_min_letters` letters or more
        // (English keeps `b/c`).
        let slash_between_words = || {
            c == '/'
                && core[..i]
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphabetic())
                    .count()
                    >= rules.slash_min_letters
                && core[i + 1..]
                    .chars()
                    .take_while(|c| c.is_alphabetic())
                    .count()
                    >= rules.slash_min_letters
        };
        // An inner double dash (`logiciel--mises`) or ellipsis (`past...and`,
        // not in an e-mail address) is a token of its own.
        let inner_run = (c == '-' || (c == '.' && !core.contains('@')))
            && next == Some(c)
            && prev.is_some_and(|p| p != c);
        if inner_run {
            let at = s + i;
            let n = core[i..].bytes().take_while(|&b| b == c as u8).count();
            split_word(text, piece_start, at, rules, out);
            push(out, text, at, at + n);
            piece_start = at + n;
            for _ in 1..n {
                iter.next();
            }
            prev = Some(c);
            continue;
        }
        let plural_mark = (c == '('
            && prev.is_some_and(char::is_alphabetic)
            && core[i..].len() >= 3
            && core.as_bytes()[i + 2] == b')')
            || (c == ')'
                && i >= 2
                && core.as_bytes()[i - 2] == b'('
                && prev.is_some_and(char::is_alphabetic)
                && core[..i - 2].ends_with(char::is_alphabetic));
        let split = (!plural_mark && (matches!(c, '<' | '>') || is_hard_inner(c)))
            || ((c == ',' || c == ':') && !between_digits)
            || (rules.split_slashes && slash_between_words());
        if split {
            let at = s + i;
            split_word(text, piece_start, at, rules, out);
            push(out, text, at, at + c.len_utf8());
            piece_start = at + c.len_utf8();
        }
        prev = Some(c);
    }
    split_word(text, piece_start, e, rules, out);
}

fn capitalize_like(surface: &str, word: &str) -> String {
    if surface.chars().next().is_some_and(char::is_uppercase) {
        let mut c = word.chars();
        match c.next() {
            Some(f) => f.to_uppercase().chain(c).collect(),
            None => String::new(),
        }
    } else {
        word.to_string()
    }
}

/// Splits one piece without inner punctuation into tokens: elisions,
/// clitic suffixes, contractions.
fn split_word(text: &str, s: usize, e: usize, rules: &Rules, out: &mut Vec<RawToken>) {
    if s >= e {
        return;
    }
    let w = &text[s..e];
    let has_apos = w.contains(['\'', '’']);
    let has_hyphen = w.contains('-');
    if !has_apos && !has_hyphen {
        word_or_contraction(text, s, e, rules, out);
        return;
    }
    let lower = w.to_lowercase().replace('’', "'");
    if rules.no_split.contains(&lower) {
        push(out, text, s, e);
        return;
    }
    if has_apos {
        // Elision prefix: l'arme, qu'il, jusqu'au.
        for el in &rules.elisions {
            if lower.len() > el.len() && lower.starts_with(el.as_str()) {
                // Byte length of the prefix in the original (’ is 3 bytes).
                let n_chars = el.chars().count();
                let cut: usize = w.chars().take(n_chars).map(char::len_utf8).sum();
                if w[cut..].starts_with(char::is_alphanumeric) {
                    push(out, text, s, s + cut);
                    split_word(text, s + cut, e, rules, out);
                    return;
                }
            }
        }
    }
    if has_hyphen && rules.split_clitic_suffixes {
        for suf in &rules.clitic_suffixes {
            if lower.len() > suf.len() && lower.ends_with(suf.as_str()) {
                let Some(cut) = e.checked_sub(suf.len()) else {
                    continue;
                };
                if cut <= s
                    || !text.is_char_boundary(cut)
                    || !text[cut..e].eq_ignore_ascii_case(suf)
                {
                    continue;
                }
                let base = &text[s..cut];
                if base.chars().all(|c| c.is_alphabetic() || c == '-') && !base.is_empty() {
                    split_word(text, s, cut, rules, out);
                    push(out, text, cut, e);
                    return;
                }
            }
        }
    }
    if has_hyphen && rules.split_hyphens {
        if let Some(cut) = hyphen_split_point(w, rules) {
            split_word(text, s, s + cut, rules, out);
            push(out, text, s + cut, s + cut + 1);
            split_word(text, s + cut + 1, e, rules, out);
            return;
        }
    }
    word_or_contraction(text, s, e, rules, out);
}

/// The byte offset of the first hyphen of `w` that splits it, if any: not
/// between digits, not after a kept prefix, not at either end.
fn hyphen_split_point(w: &str, rules: &Rules) -> Option<usize> {
    let bytes = w.as_bytes();
    for (i, _) in w.match_indices('-') {
        if i == 0 || i + 1 >= w.len() {
            continue;
        }
        let before = bytes[i - 1];
        let after = bytes[i + 1];
        let left_digits = w[..i].bytes().rev().take_while(u8::is_ascii_digit).count();
        let right_digits = w[i + 1..].bytes().take_while(u8::is_ascii_digit).count();
        let phone = left_digits <= 3 && right_digits == 4 && i + 5 == w.len() && left_digits == i;
        if before.is_ascii_digit()
            && after.is_ascii_digit()
            && (w.matches('-').count() > 1 || phone)
        {
            // Phone numbers and codes (713-853-3989) stay whole; ranges (13-17) split.
            continue;
        }
        if after == b'-' || before == b'-' {
            continue;
        }
        let left = w[..i].rsplit('-').next().unwrap_or("");
        if w[..i].len() == left.len() && rules.hyphen_prefixes.contains(&left.to_lowercase()) {
            continue;
        }
        return Some(i);
    }
    None
}

/// Where a number glued to a unit (`375mm`, `160km`, `8gb`) splits.
fn number_unit_split(w: &str, rules: &Rules) -> Option<usize> {
    if rules.units.is_empty() || !w.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let cut = w.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))?;
    if w[..cut].ends_with(['.', ',']) {
        return None;
    }
    rules.units.contains(&w[cut..]).then_some(cut)
}

/// Splits a clock time written `14h30` / `18h` into `14` `h` `30`.
fn split_hour_time(w: &str) -> Option<usize> {
    let h = w.find(['h', 'H'])?;
    let (a, b) = (&w[..h], &w[h + 1..]);
    let digits = |x: &str| x.bytes().all(|c| c.is_ascii_digit());
    ((1..=2).contains(&a.len()) && digits(a) && (b.is_empty() || (b.len() == 2 && digits(b))))
        .then_some(h)
}

fn word_or_contraction(text: &str, s: usize, e: usize, rules: &Rules, out: &mut Vec<RawToken>) {
    let w = &text[s..e];
    if rules.split_hour_times {
        if let Some(h) = split_hour_time(w) {
            push(out, text, s, s + h);
            push(out, text, s + h, s + h + 1);
            push(out, text, s + h + 1, e);
            return;
        }
    }
    if rules.contractions.is_empty() && rules.contraction_suffixes.is_empty() {
        push(out, text, s, e);
        return;
    }
    if let Some(cut) = number_unit_split(w, rules) {
        push(out, text, s, s + cut);
        push(out, text, s + cut, e);
        return;
    }
    if rules.split_plural_possessive
        && w.len() > 2
        && (w.ends_with("s'") || w.ends_with("s’"))
        && w.chars().rev().skip(1).all(char::is_alphabetic)
    {
        let cut = w.len() - if w.ends_with('\'') { 1 } else { 3 };
        out.push(RawToken {
            start: s,
            end: e,
            kind: Kind::Word,
            words: Some(vec![w[..cut].to_string(), w[cut..].to_string()]),
        });
        return;
    }
    // Contractions are short and suffixes need an apostrophe or an `n`:
    // most words skip the lower-casing below.
    let may_contract = w.len() <= rules.max_contraction_len;
    let may_suffix = !rules.contraction_suffixes.is_empty() && w.contains(['\'', '’']);
    if !may_contract && !may_suffix {
        push(out, text, s, e);
        return;
    }
    let lower = w.to_lowercase().replace('’', "'");
    if let Some(words) = rules.contractions.get(&lower) {
        let concat: String = words.concat();
        let mut forms: Vec<String> = Vec::with_capacity(words.len());
        if concat == lower && w.chars().count() == lower.chars().count() {
            // Cut the surface itself (keeps its case and apostrophe).
            let mut chars = w.chars();
            for wd in words {
                forms.push(chars.by_ref().take(wd.chars().count()).collect());
            }
        } else {
            for (k, wd) in words.iter().enumerate() {
                forms.push(if k == 0 {
                    capitalize_like(w, wd)
                } else {
                    wd.clone()
                });
            }
        }
        out.push(RawToken {
            start: s,
            end: e,
            kind: Kind::Word,
            words: Some(forms),
        });
        return;
    }
    for suf in &rules.contraction_suffixes {
        if lower.len() > suf.len() && lower.ends_with(suf.as_str()) {
            let n_chars = suf.chars().count();
            let total = w.chars().count();
            let cut: usize = w.chars().take(total - n_chars).map(char::len_utf8).sum();
            let base = &w[..cut];
            if base.chars().all(char::is_alphabetic) {
                out.push(RawToken {
                    start: s,
                    end: e,
                    kind: Kind::Word,
                    words: Some(vec![base.to_string(), w[cut..].to_string()]),
                });
                return;
            }
        }
    }
    push(out, text, s, e);
}

/// Merges `20` `000` into `20 000` (digit groups separated by one space).
fn merge_digit_groups(text: &str, toks: &mut Vec<RawToken>) {
    let is_group = |t: &RawToken, lead: bool| {
        let s = &text[t.start..t.end];
        let digits = s.split([',', '.']).next().unwrap_or("");
        if lead {
            (1..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        } else {
            digits.len() == 3
                && digits.bytes().all(|b| b.is_ascii_digit())
                && s[3..].chars().all(|c| c.is_ascii_digit() || c == ',')
        }
    };
    // One pass, compacting in place: `w` is the last kept token.
    let mut w = 0;
    for r in 1..toks.len() {
        let (prev, next) = (&toks[w], &toks[r]);
        let gap = &text[prev.end..next.start];
        let single_space =
            gap.chars().count() == 1 && matches!(gap, " " | "\u{a0}" | "\u{202f}" | "\u{2009}");
        let lead = &text[prev.start..prev.end];
        // A year is not glued to a following count (en 1999 250 …): the lead
        // is 1–3 digits, or an already merged group.
        let lead_ok = prev.words.is_none()
            && (is_group(prev, true)
                || lead
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b' ' || b >= 0x80)
                    && lead.contains([' ', '\u{a0}', '\u{202f}', '\u{2009}']));
        if single_space && lead_ok && is_group(next, false) {
            toks[w].end = toks[r].end;
        } else {
            w += 1;
            toks.swap(w, r);
        }
    }
    toks.truncate((w + 1).min(toks.len()));
}

/// Undoes the expansion of ambiguous contractions (French `des`) after a
/// blocking word, punctuation or at the start.
fn resolve_ambiguous(text: &str, rules: &Rules, toks: &mut [RawToken]) {
    for i in 0..toks.len() {
        let t = &toks[i];
        if t.words.is_none() {
            continue;
        }
        let lower = text[t.start..t.end].to_lowercase();
        if !rules.ambiguous.contains(&lower) {
            continue;
        }
        let blocked = if i == 0 {
            rules.blockers.contains("<start>")
        } else {
            let p = &toks[i - 1];
            let gap_newline = text[p.end..t.start].contains('\n');
            if gap_newline {
                rules.blockers.contains("<start>")
            } else if p.kind == Kind::Punct {
                rules.blockers.contains("<punct>")
            } else {
                let pl = text[p.start..p.end].to_lowercase().replace('’', "'");
                rules.blockers.contains(&pl)
                    || rules
                        .blocker_suffixes
                        .iter()
                        .any(|x| pl.ends_with(x.as_str()))
            }
        };
        if blocked {
            toks[i].words = None;
        }
    }
}
