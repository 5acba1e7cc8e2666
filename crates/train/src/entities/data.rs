//! Readers for NER gold data: CoNLL-style columns (`token tag`, IOB1/IO/
//! IOB2, UNER `id token tag`), HIPE-2022 TSV (with Wikidata links), and
//! Sequoia PARSEME CoNLL-U+ named entities. Tags are mapped to PER, ORG,
//! LOC, MISC (see [`map_type`]).

use newsgraph_entities::Error;
use std::io::Read;
use std::path::Path;

/// A gold sentence: tokens, IOB2 tags over PER/ORG/LOC/MISC, and optional
/// per-token KB links (QIDs, Wikipedia titles, `NIL`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GoldSentence {
    /// Token forms.
    pub tokens: Vec<String>,
    /// IOB2 tags (`O`, `B-PER`…).
    pub tags: Vec<String>,
    /// Per-token link of the entity covering it, when the format has them.
    pub links: Vec<Option<String>>,
}

/// Maps a corpus type name to PER, ORG, LOC or MISC (`None`: not an entity
/// type we predict).
pub fn map_type(t: &str) -> Option<&'static str> {
    let t = t.to_ascii_lowercase();
    let t = t.split('.').next().unwrap_or("");
    Some(match t {
        "per" | "pers" | "person" | "pers_ind" => "PER",
        "org" | "organization" | "organisation" | "corporation" | "group" | "company" => "ORG",
        "loc" | "gpe" | "location" | "geo-loc" | "facility" | "fac" => "LOC",
        "misc" | "prod" | "eve" | "humanprod" | "product" | "creative-work" | "event" | "work" => {
            "MISC"
        }
        _ => return None,
    })
}

/// Reads a file, decompressing `.gz`.
pub fn read_text(p: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(p).map_err(|e| Error::Io(p.into(), e))?;
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut s = String::new();
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .read_to_string(&mut s)
            .map_err(|e| Error::Io(p.into(), e))?;
        Ok(s)
    } else {
        String::from_utf8(bytes).map_err(|_| Error::Data(format!("{}: not UTF-8", p.display())))
    }
}

/// Turns raw tags (IO, IOB1, IOB2, any type names) into IOB2 over our types.
pub fn to_iob2(raw: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(raw.len());
    let mut prev: Option<&'static str> = None;
    for r in raw {
        let (bi, ty) = match r.split_once('-') {
            Some((p, t)) if p == "B" || p == "I" || p == "E" || p == "S" => (p, t),
            _ => ("O", ""),
        };
        let ty = if bi == "O" { None } else { map_type(ty) };
        match ty {
            None => {
                out.push("O".to_string());
                prev = None;
            }
            Some(t) => {
                let begin = bi == "B" || bi == "S" || prev != Some(t);
                out.push(format!("{}-{t}", if begin { "B" } else { "I" }));
                prev = Some(t);
            }
        }
    }
    out
}

/// Reads any supported gold format, by content.
pub fn read_gold(p: &Path) -> Result<Vec<GoldSentence>, Error> {
    let src = read_text(p)?;
    if src.starts_with("TOKEN\t") || src.contains("\nTOKEN\tNE-COARSE-LIT") {
        return Ok(read_hipe(&src));
    }
    if src.contains("# global.columns") && src.contains("PARSEME:MWE") {
        return Ok(read_parseme(&src));
    }
    if src.starts_with("#FORMAT=WebAnno TSV") {
        return Ok(read_webanno(&src));
    }
    Ok(read_columns(&src))
}

/// CoNLL-style columns: the tag is the last column that looks like a tag
/// (`O`, `B-…`, `I-…`); UNER's `id token tag …` takes column 3.
pub fn read_columns(src: &str) -> Vec<GoldSentence> {
    let mut out = Vec::new();
    let mut toks = Vec::new();
    let mut raw = Vec::new();
    let flush = |toks: &mut Vec<String>, raw: &mut Vec<String>, out: &mut Vec<GoldSentence>| {
        if !toks.is_empty() {
            let tags = to_iob2(raw);
            // Files without sentence breaks: cut after a full stop outside entities.
            let mut start = 0;
            for k in 0..toks.len() {
                let cut = k + 1 == toks.len()
                    || (k + 1 - start >= 40 && toks[k] == "." && !tags[k + 1].starts_with("I-"));
                if cut {
                    out.push(GoldSentence {
                        links: vec![None; k + 1 - start],
                        tokens: toks[start..=k].to_vec(),
                        tags: tags[start..=k].to_vec(),
                    });
                    start = k + 1;
                }
            }
            toks.clear();
            raw.clear();
        }
    };
    for line in src.lines() {
        let l = line.trim_end();
        if l.is_empty() || l.starts_with("-DOCSTART-") {
            flush(&mut toks, &mut raw, &mut out);
            continue;
        }
        if l.starts_with("# ") || l == "#" {
            continue;
        }
        let cols: Vec<&str> = l.split(['\t', ' ']).filter(|c| !c.is_empty()).collect();
        if cols.len() < 2 {
            continue;
        }
        let is_tag = |c: &str| c == "O" || c.starts_with("B-") || c.starts_with("I-");
        let (tok, tag) =
            if cols.len() >= 3 && cols[0].chars().all(|c| c.is_ascii_digit()) && is_tag(cols[2]) {
                (cols[1], cols[2])
            } else if is_tag(cols[cols.len() - 1]) {
                (cols[0], cols[cols.len() - 1])
            } else if is_tag(cols[1]) {
                (cols[0], cols[1])
            } else {
                (cols[0], "O")
            };
        toks.push(tok.to_string());
        raw.push(tag.to_string());
    }
    flush(&mut toks, &mut raw, &mut out);
    out
}

/// HIPE-2022 TSV: coarse literal tags and literal links; sentences end at
/// `EndOfSentence` and documents.
pub fn read_hipe(src: &str) -> Vec<GoldSentence> {
    let mut out = Vec::new();
    let mut cur = GoldSentence::default();
    let mut raw = Vec::new();
    let mut flush = |cur: &mut GoldSentence, raw: &mut Vec<String>| {
        if !cur.tokens.is_empty() {
            cur.tags = to_iob2(raw);
            out.push(std::mem::take(cur));
            raw.clear();
        }
    };
    for line in src.lines() {
        if line.starts_with('#') || line.starts_with("TOKEN\t") {
            if line.contains("document_id") {
                flush(&mut cur, &mut raw);
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 10 {
            flush(&mut cur, &mut raw);
            continue;
        }
        cur.tokens.push(cols[0].to_string());
        raw.push(cols[1].to_string());
        let link = cols[7];
        cur.links
            .push((link != "_" && !link.is_empty()).then(|| link.to_string()));
        if cols[9].contains("EndOfSentence") {
            flush(&mut cur, &mut raw);
        }
    }
    flush(&mut cur, &mut raw);
    out
}

/// Sequoia PARSEME CoNLL-U+: named entities are the MWE column's
/// `NE-TYPE` expressions (continuous ones; discontinuous ones are taken
/// from their first to last token).
pub fn read_parseme(src: &str) -> Vec<GoldSentence> {
    let mut out = Vec::new();
    for block in src.split("\n\n") {
        let mut toks = Vec::new();
        let mut mwe: Vec<&str> = Vec::new();
        for l in block.lines() {
            if l.starts_with('#') {
                continue;
            }
            let c: Vec<&str> = l.split('\t').collect();
            if c.len() < 11 || c[0].contains('-') || c[0].contains('.') {
                continue;
            }
            toks.push(c[1].to_string());
            mwe.push(c[10]);
        }
        if toks.is_empty() {
            continue;
        }
        // expression id -> (type, token indices)
        let mut exprs: std::collections::BTreeMap<&str, (Option<&'static str>, Vec<usize>)> =
            Default::default();
        for (i, m) in mwe.iter().enumerate() {
            if *m == "*" || *m == "_" {
                continue;
            }
            for part in m.split(';') {
                let (id, cat) = part
                    .split_once(':')
                    .map_or((part, None), |(a, b)| (a, Some(b)));
                let e = exprs.entry(id).or_insert((None, Vec::new()));
                e.1.push(i);
                if let Some(cat) = cat {
                    if let Some(p) = cat.find("NE-") {
                        let t = cat[p + 3..].split(['.', '|']).next().unwrap_or("");
                        e.0 = map_type(t);
                    }
                }
            }
        }
        let mut tags = vec!["O".to_string(); toks.len()];
        for (ty, idx) in exprs.values() {
            let (Some(t), Some(&a), Some(&b)) = (ty, idx.iter().min(), idx.iter().max()) else {
                continue;
            };
            if (a..=b).any(|k| tags[k] != "O") {
                continue;
            }
            for (k, tag) in tags.iter_mut().enumerate().take(b + 1).skip(a) {
                *tag = format!("{}-{t}", if k == a { "B" } else { "I" });
            }
        }
        out.push(GoldSentence {
            links: vec![None; toks.len()],
            tokens: toks,
            tags,
        });
    }
    out
}

/// DWIE (English news, JSON lines): the `test` split, tokenized on word
/// characters and punctuation, one sentence per line of text; mentions of
/// person/organization/location concepts become spans carrying the
/// concept's Wikipedia title as link.
pub fn read_dwie(p: &Path) -> Result<Vec<GoldSentence>, Error> {
    read_dwie_split(p, "test")
}

/// DWIE, one split (`train` for tuning, `test` for reporting).
pub fn read_dwie_split(p: &Path, split: &str) -> Result<Vec<GoldSentence>, Error> {
    let src = read_text(p)?;
    let mut out = Vec::new();
    for (no, line) in src.lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| Error::Data(format!("{}:{}: {e}", p.display(), no + 1)))?;
        if v["split"].as_str() != Some(split) {
            continue;
        }
        let text: Vec<char> = v["content"].as_str().unwrap_or("").chars().collect();
        let mut concepts: std::collections::HashMap<u64, (Option<&'static str>, Option<String>)> =
            Default::default();
        for c in v["concepts"].as_array().into_iter().flatten() {
            let tags: Vec<&str> = c["tags"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|t| t.as_str())
                .collect();
            let ty = if tags.contains(&"type::person") {
                Some("PER")
            } else if tags.contains(&"type::organization") {
                Some("ORG")
            } else if tags.contains(&"type::location") || tags.contains(&"type::gpe") {
                Some("LOC")
            } else {
                None
            };
            concepts.insert(
                c["concept"].as_u64().unwrap_or(0),
                (ty, c["link"].as_str().map(String::from)),
            );
        }
        // Tokens: (start, end) char offsets.
        let mut toks: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i < text.len() {
            if text[i].is_whitespace() {
                i += 1;
            } else if text[i].is_alphanumeric() {
                let a = i;
                while i < text.len() && text[i].is_alphanumeric() {
                    i += 1;
                }
                toks.push((a, i));
            } else {
                toks.push((i, i + 1));
                i += 1;
            }
        }
        let mut tags = vec!["O".to_string(); toks.len()];
        let mut links: Vec<Option<String>> = vec![None; toks.len()];
        for m in v["mentions"].as_array().into_iter().flatten() {
            let (b, e) = (
                m["begin"].as_u64().unwrap_or(0) as usize,
                m["end"].as_u64().unwrap_or(0) as usize,
            );
            let Some((Some(ty), link)) = concepts.get(&m["concept"].as_u64().unwrap_or(u64::MAX))
            else {
                continue;
            };
            let (Some(a), Some(z)) = (
                toks.iter().position(|t| t.0 == b),
                toks.iter().position(|t| t.1 == e),
            ) else {
                continue;
            };
            if z < a || tags[a..=z].iter().any(|t| t != "O") {
                continue;
            }
            for k in a..=z {
                tags[k] = format!("{}-{ty}", if k == a { "B" } else { "I" });
                links[k] = Some(link.clone().unwrap_or_else(|| "NIL".into()));
            }
        }
        // Sentences: break after . ! ? followed by an uppercase token, or at newlines.
        let mut cur = GoldSentence::default();
        for (k, &(a, z)) in toks.iter().enumerate() {
            cur.tokens.push(text[a..z].iter().collect());
            cur.tags.push(tags[k].clone());
            cur.links.push(links[k].clone());
            let end = match toks.get(k + 1) {
                None => true,
                Some(&(na, _)) => {
                    text[z..na].contains(&'\n')
                        || (matches!(text[a], '.' | '!' | '?')
                            && text[na].is_uppercase()
                            && !tags[k + 1].starts_with("I-"))
                }
            };
            if end {
                out.push(std::mem::take(&mut cur));
            }
        }
    }
    Ok(out)
}

/// WebAnno TSV 3 with Quaero types (FENEC): `pers.*` → PER, `org.*` →
/// ORG, `loc.*` → LOC; other Quaero types (times, amounts, functions,
/// products) are not scored. Multi-token annotations share a `[id]`.
pub fn read_webanno(src: &str) -> Vec<GoldSentence> {
    let mut out = Vec::new();
    let mut cur: Vec<(String, Option<(String, &'static str)>)> = Vec::new();
    let flush = |cur: &mut Vec<(String, Option<(String, &'static str)>)>,
                 out: &mut Vec<GoldSentence>| {
        if cur.is_empty() {
            return;
        }
        let mut tags = Vec::new();
        let mut prev: Option<String> = None;
        for (_, a) in cur.iter() {
            match a {
                Some((key, t)) => {
                    let cont = prev.as_deref() == Some(key.as_str()) && !key.starts_with('#');
                    tags.push(format!("{}-{t}", if cont { "I" } else { "B" }));
                    prev = Some(key.clone());
                }
                None => {
                    tags.push("O".into());
                    prev = None;
                }
            }
        }
        let tokens: Vec<String> = cur.drain(..).map(|c| c.0).collect();
        out.push(GoldSentence {
            links: vec![None; tokens.len()],
            tokens,
            tags,
        });
    };
    for (no, line) in src.lines().enumerate() {
        if line.starts_with("#Text=") {
            flush(&mut cur, &mut out);
            continue;
        }
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 4 || line.starts_with('#') {
            continue;
        }
        let mut ann = None;
        for piece in c[3].split('|') {
            let (ty, id) = match piece.split_once('[') {
                Some((t, rest)) => (t, Some(rest.trim_end_matches(']'))),
                None => (piece, None),
            };
            let t = match ty.split('.').next().unwrap_or("") {
                "pers" => "PER",
                "org" => "ORG",
                "loc" => "LOC",
                _ => continue,
            };
            // Single-token annotations get a unique key (never continued).
            let key = id
                .map(|i| format!("{t}{i}"))
                .unwrap_or_else(|| format!("#{no}"));
            ann = Some((key, t));
            break;
        }
        cur.push((c[2].to_string(), ann));
    }
    flush(&mut cur, &mut out);
    out
}

/// Writes sentences as `token<TAB>tag` lines, blank line between sentences.
pub fn write_conll(sents: &[GoldSentence], mut w: impl std::io::Write) -> std::io::Result<()> {
    for s in sents {
        for (t, g) in s.tokens.iter().zip(&s.tags) {
            writeln!(w, "{t}\t{g}")?;
        }
        writeln!(w)?;
    }
    Ok(())
}

/// Entity spans `(start, end, type)` of IOB2 tags.
pub fn spans(tags: &[String]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        if let Some(t) = tags[i].strip_prefix("B-") {
            let mut j = i + 1;
            while j < tags.len() && tags[j].strip_prefix("I-") == Some(t) {
                j += 1;
            }
            out.push((i, j, t.to_string()));
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_and_iob1_become_iob2() {
        let raw: Vec<String> = ["I-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-person"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            to_iob2(&raw),
            vec!["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "B-PER"]
        );
    }

    #[test]
    fn columns_formats() {
        let s = read_columns(
            "# sent_id = x\n1\tWhat\tO\t-\n2\tMiramar\tB-LOC\t-\n\nEmmanuel I-PER\nMacron I-PER\n",
        );
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].tokens, vec!["What", "Miramar"]);
        assert_eq!(spans(&s[1].tags), vec![(0, 2, "PER".to_string())]);
    }

    #[test]
    fn parseme_entities() {
        let src = "# global.columns = ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC PARSEME:MWE FRSEMCOR:NOUN\n1\tà\tà\tADP\t_\t_\t2\tcase\t_\t_\t*\t*\n2\tDammarie\td\tPROPN\t_\t_\t0\troot\t_\t_\t1:PROPN|NE-LOC.final|_\t*\n3\tsur\ts\tADP\t_\t_\t2\tx\t_\t_\t1\t*\n";
        let s = read_parseme(src);
        assert_eq!(spans(&s[0].tags), vec![(1, 3, "LOC".to_string())]);
    }

    #[test]
    fn webanno_quaero() {
        let src = "#FORMAT=WebAnno TSV 3.2\n\n#Text=Jean Dupont à Paris\n1-1\t0-4\tJean\tpers.ind[1]\t\n1-2\t5-11\tDupont\tpers.ind[1]\t\n1-3\t12-13\tà\t_\t\n1-4\t14-19\tParis\tloc.adm.town\t\n";
        let s = read_webanno(src);
        assert_eq!(
            spans(&s[0].tags),
            vec![(0, 2, "PER".to_string()), (3, 4, "LOC".to_string())]
        );
    }

    #[test]
    fn hipe_links() {
        let src = "TOKEN\tNE-COARSE-LIT\tNE-COARSE-METO\tNE-FINE-LIT\tNE-FINE-METO\tNE-FINE-COMP\tNE-NESTED\tNEL-LIT\tNEL-METO\tMISC\n# hipe2022:document_id = d\nParis\tB-LOC\t_\t_\t_\t_\t_\tQ90\t_\tEndOfSentence\n";
        let s = read_hipe(src);
        assert_eq!(s[0].links[0].as_deref(), Some("Q90"));
    }
}
