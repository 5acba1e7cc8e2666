//! Pairing of quotation marks in a text: « », “ ”, " ", ‘ ’, nested
//! quotes, and quotations continued over paragraphs (a paragraph that
//! starts with an opening mark while a quotation is still open continues it;
//! French `»` at a paragraph start is a continuation mark too).

/// A quotation between marks: code-point offsets of the opening and the
/// closing mark (the closing offset is the mark itself, or the end of the
/// last paragraph when the quotation is never closed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marked {
    /// Offset of the opening mark.
    pub open: usize,
    /// Offset of the closing mark (exclusive end of the content).
    pub close: usize,
    /// True when a closing mark was found.
    pub closed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
enum Kind {
    Guillemet,
    Curly,
    Straight,
    Single,
    Apostrophes,
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}'
}

/// Open quotations: a stack with a count per kind, so that "is one of this
/// kind open" costs O(1) however many marks are open (linear time on
/// thousands of unbalanced marks).
#[derive(Default)]
struct Stack {
    items: Vec<(Kind, usize)>,
    open: [usize; 5],
}

impl Stack {
    fn push(&mut self, item: (Kind, usize)) {
        self.open[item.0 as usize] += 1;
        self.items.push(item);
    }
    fn has(&self, kind: Kind) -> bool {
        self.open[kind as usize] > 0
    }
    fn clear(&mut self) {
        self.items.clear();
        self.open = [0; 5];
    }
    fn truncate(&mut self, len: usize) {
        for (k, _) in self.items.drain(len..) {
            self.open[k as usize] -= 1;
        }
    }
}

/// Finds the outermost quotations of `chars`, in text order, in linear time.
pub fn find(chars: &[char]) -> Vec<Marked> {
    let mut out = Vec::new();
    let mut stack = Stack::default();
    let n = chars.len();
    let mut i = 0;
    // End of the run of white space already scanned after a line break, so
    // that blank lines by the thousand are scanned once, not once per line.
    let mut ws_end = 0;
    while i < n {
        let c = chars[i];
        if c == '\n' {
            // Paragraph break: look at the next paragraph's first character.
            let mut j = (i + 1).max(ws_end);
            while j < n && is_space(chars[j]) {
                j += 1;
            }
            ws_end = j;
            let next = chars.get(j).copied();
            if let Some(&(kind, _)) = stack.items.last() {
                let continues = matches!(
                    (kind, next),
                    (Kind::Guillemet, Some('«' | '»'))
                        | (Kind::Curly, Some('“'))
                        | (Kind::Straight, Some('"'))
                        | (Kind::Single, Some('‘'))
                        | (Kind::Apostrophes, Some('\''))
                );
                if continues {
                    // Skip the continuation mark itself.
                    i = j + 1;
                    continue;
                }
                // Unclosed at the paragraph end: the quotation ends here.
                let end = trim_back(chars, i);
                if let Some(&(_, open)) = stack.items.first() {
                    if end > open + 1 {
                        out.push(Marked {
                            open,
                            close: end,
                            closed: false,
                        });
                    }
                }
                stack.clear();
            }
            i += 1;
            continue;
        }
        let prev = if i == 0 { None } else { Some(chars[i - 1]) };
        let next = chars.get(i + 1).copied();
        let opener_pos = prev.is_none_or(|p| is_space(p) || "([{—–-/«“‘\"'".contains(p));
        let closer_pos =
            next.is_none_or(|x| is_space(x) || x.is_ascii_punctuation() || "»”’…—–".contains(x));
        if c == '\'' && next == Some('\'') {
            // Two apostrophes stand for a double quotation mark (''…'').
            let after = chars.get(i + 2).copied();
            let closer2 = after
                .is_none_or(|x| is_space(x) || x.is_ascii_punctuation() || "»”’…—–".contains(x));
            let open2 = stack.has(Kind::Apostrophes);
            if open2 && (closer2 || !opener_pos) {
                close(&mut stack, &mut out, Kind::Apostrophes, i);
            } else if opener_pos {
                // The content starts after the second apostrophe.
                stack.push((Kind::Apostrophes, i + 1));
            }
            i += 2;
            continue;
        }
        match c {
            '«' => stack.push((Kind::Guillemet, i)),
            '»' => close(&mut stack, &mut out, Kind::Guillemet, i),
            '“' => stack.push((Kind::Curly, i)),
            '”' => close(&mut stack, &mut out, Kind::Curly, i),
            '"' => {
                let open_straight = stack.has(Kind::Straight);
                if open_straight && (closer_pos || !opener_pos) {
                    close(&mut stack, &mut out, Kind::Straight, i);
                } else if opener_pos || !open_straight {
                    stack.push((Kind::Straight, i));
                }
            }
            '‘' if opener_pos => stack.push((Kind::Single, i)),
            '’' if closer_pos && stack.has(Kind::Single) && prev.is_some_and(|p| !is_space(p)) => {
                close(&mut stack, &mut out, Kind::Single, i)
            }
            _ => {}
        }
        i += 1;
    }
    if let Some(&(_, open)) = stack.items.first() {
        let end = trim_back(chars, n);
        if end > open + 1 {
            out.push(Marked {
                open,
                close: end,
                closed: false,
            });
        }
    }
    out
}

fn trim_back(chars: &[char], mut end: usize) -> usize {
    while end > 0 && is_space(chars[end - 1]) {
        end -= 1;
    }
    end
}

fn close(stack: &mut Stack, out: &mut Vec<Marked>, kind: Kind, at: usize) {
    if !stack.has(kind) {
        return;
    }
    // Found, and everything above it is popped: amortized O(1).
    let Some(pos) = stack.items.iter().rposition(|(k, _)| *k == kind) else {
        return;
    };
    let open = stack.items[pos].1;
    stack.truncate(pos);
    if stack.items.is_empty() {
        out.push(Marked {
            open,
            close: at,
            closed: true,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(s: &str) -> Vec<String> {
        let chars: Vec<char> = s.chars().collect();
        find(&chars)
            .iter()
            .map(|m| chars[m.open + 1..m.close].iter().collect())
            .collect()
    }

    #[test]
    fn typographies() {
        assert_eq!(
            spans("Il a dit « oui » puis «\u{a0}non\u{a0}»."),
            vec![" oui ", "\u{a0}non\u{a0}"]
        );
        assert_eq!(spans("He said “yes” and \"no\"."), vec!["yes", "no"]);
        assert_eq!(spans("He said ‘it’s fine’ today."), vec!["it’s fine"]);
    }

    #[test]
    fn nested_quotes_stay_inside() {
        assert_eq!(
            spans("« Il a crié “au loup” hier »"),
            vec![" Il a crié “au loup” hier "]
        );
        assert_eq!(
            spans("\"He called it ‘fake’ twice\""),
            vec!["He called it ‘fake’ twice"]
        );
    }

    #[test]
    fn paragraph_continuation() {
        let s = "“First part.\n\n“Second part,” he said.";
        assert_eq!(spans(s), vec!["First part.\n\n“Second part,"]);
        let f = "« Premier.\n« Second. »";
        assert_eq!(spans(f), vec![" Premier.\n« Second. "]);
    }

    #[test]
    fn doubled_apostrophes() {
        assert_eq!(
            spans("''It works,'' he said of Bob's plan."),
            vec!["It works,"]
        );
    }

    #[test]
    fn unclosed_quote_ends_with_its_paragraph() {
        assert_eq!(spans("“Never closed\n\nNext."), vec!["Never closed"]);
    }
}
