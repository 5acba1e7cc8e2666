//! HTML article reader: the main text (Readability, via `dom_smoothie`),
//! title, publication date (`article:published_time`, JSON-LD
//! `datePublished`, `<time datetime>`), canonical URL and site name.

use crate::{check_text, id_of, ReadError, ReadErrorKind};
use newsgraph_doc::{Document, Published};
use scraper::{Html, Selector};
use std::path::Path;

/// Reads one HTML page.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Document, ReadError> {
    let (s, note) = check_text(path, None, bytes)?;
    let mut doc = from_html(path, &s)?;
    doc.id = id_of(path);
    doc.warnings.extend(note);
    Ok(doc)
}

fn sel(s: &str) -> Option<Selector> {
    Selector::parse(s).ok()
}

fn first_attr(page: &Html, selector: &str, attr: &str) -> Option<String> {
    let sel = sel(selector)?;
    page.select(&sel)
        .filter_map(|e| e.value().attr(attr))
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty())
}

fn clean_inline(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Finds `datePublished` in JSON-LD blocks (objects, arrays, `@graph`).
fn json_ld_date(page: &Html) -> Option<String> {
    let sel = sel(r#"script[type="application/ld+json"]"#)?;
    fn find(v: &serde_json::Value, depth: usize) -> Option<String> {
        if depth > 16 {
            return None;
        }
        match v {
            serde_json::Value::Object(m) => {
                if let Some(serde_json::Value::String(d)) = m.get("datePublished") {
                    return Some(d.clone());
                }
                m.values().find_map(|x| find(x, depth + 1))
            }
            serde_json::Value::Array(a) => a.iter().find_map(|x| find(x, depth + 1)),
            _ => None,
        }
    }
    page.select(&sel).find_map(|e| {
        let raw: String = e.text().collect();
        serde_json::from_str::<serde_json::Value>(&raw)
            .ok()
            .and_then(|v| find(&v, 0))
    })
}

/// Deepest element nesting kept: the HTML parser's scope checks and the
/// Readability pass cost time in proportion to the depth at every element,
/// so deeper pages would take quadratic time. Real articles nest a few dozen
/// levels.
pub const MAX_HTML_DEPTH: usize = 256;

/// Elements that never have content (no end tag).
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Drops the start and end tags nested deeper than `max` elements (their
/// text stays), in one linear pass over the markup. Returns the rewritten
/// page and how many tags were dropped, or `None` when nothing was.
pub fn limit_depth(html: &str, max: usize) -> Option<(String, usize)> {
    let b = html.as_bytes();
    let mut depth = 0usize;
    let mut dropped = 0usize;
    let mut out: Option<String> = None;
    let mut copied = 0; // bytes of `html` already handled (copied or dropped)
    let mut i = 0;
    while let Some(off) = memchr_lt(&b[i..]) {
        let lt = i + off;
        i = lt + 1;
        let rest = &b[lt..];
        // Comments, doctype, processing instructions: skip whole.
        if rest.starts_with(b"<!--") {
            i = find(b, lt + 4, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = lt + 1 + usize::from(closing);
        let name_len = b[name_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
            .count();
        if name_len == 0 || !b[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        // End of the tag (attributes may hold `>` inside quotes).
        let Some(gt) = tag_end(b, name_start + name_len) else {
            break;
        };
        let tag_end_ix = gt + 1;
        i = tag_end_ix;
        let self_closing = b[gt - 1] == b'/';
        if VOID.contains(&name.as_str()) || (self_closing && !closing) {
            continue;
        }
        if !closing
            && depth < max
            && matches!(name.as_str(), "script" | "style" | "textarea" | "title")
        {
            // Raw text up to the matching end tag (which is kept as well).
            let end = find_ci(b, tag_end_ix, format!("</{name}").as_bytes()).unwrap_or(b.len());
            i = tag_end(b, end + 2 + name.len()).map_or(b.len(), |e| e + 1);
            continue;
        }
        let drop = if closing {
            let d = depth > max;
            depth = depth.saturating_sub(1);
            d
        } else {
            depth += 1;
            depth > max
        };
        if drop {
            let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
            o.push_str(&html[copied..lt]);
            copied = tag_end_ix;
            dropped += 1;
        }
    }
    let mut o = out?;
    o.push_str(&html[copied..]);
    Some((o, dropped))
}

fn memchr_lt(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'<')
}

fn find(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(pat.len())
        .position(|w| w == pat)
        .map(|p| p + from)
}

fn find_ci(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(pat.len())
        .position(|w| w.eq_ignore_ascii_case(pat))
        .map(|p| p + from)
}

/// The `>` ending a tag whose name ends at `from`, skipping quoted values.
fn tag_end(b: &[u8], from: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (k, &c) in b.iter().enumerate().skip(from) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => return Some(k),
            None => {}
        }
    }
    None
}

/// Extracts a document (id left to the caller) from an HTML string.
/// Elements nested deeper than [`MAX_HTML_DEPTH`] lose their tags (not their
/// text), with a warning on the document.
pub fn from_html(path: &Path, html: &str) -> Result<Document, ReadError> {
    let limited = limit_depth(html, MAX_HTML_DEPTH);
    let html = limited.as_ref().map_or(html, |(h, _)| h.as_str());
    let mut doc = from_limited_html(path, html)?;
    if let Some((_, n)) = limited {
        doc.warnings.push(format!(
            "HTML nested deeper than {MAX_HTML_DEPTH} elements: {n} deeper tags were ignored (their text is kept)"
        ));
    }
    Ok(doc)
}

fn from_limited_html(path: &Path, html: &str) -> Result<Document, ReadError> {
    let page = Html::parse_document(html);
    let title = first_attr(&page, r#"meta[property="og:title"]"#, "content").or_else(|| {
        let s = sel("title")?;
        page.select(&s)
            .next()
            .map(|t| clean_inline(&t.text().collect::<String>()))
    });
    let url = first_attr(&page, r#"link[rel="canonical"]"#, "href")
        .or_else(|| first_attr(&page, r#"meta[property="og:url"]"#, "content"));
    let source = first_attr(&page, r#"meta[property="og:site_name"]"#, "content");
    let language = first_attr(&page, "html", "lang")
        .and_then(|l| l.split(['-', '_']).next().map(str::to_ascii_lowercase))
        .filter(|l| (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_lowercase()));
    let date_raw = first_attr(
        &page,
        r#"meta[property="article:published_time"]"#,
        "content",
    )
    .or_else(|| first_attr(&page, r#"meta[name="article:published_time"]"#, "content"))
    .or_else(|| json_ld_date(&page))
    .or_else(|| first_attr(&page, "time[datetime]", "datetime"));
    // A bad date in the page's metadata is a warning, not a lost article.
    let mut date_warning = None;
    let published = match date_raw {
        Some(d) => match Published::parse_lenient(&d) {
            Ok(p) => Some(p),
            Err(_) => {
                date_warning = Some(format!(
                    "publication date in the page's metadata ignored: {}",
                    crate::text::parse_date_value(&d)
                        .err()
                        .map_or_else(|| format!("{d:?}"), |e| e.to_string())
                ));
                None
            }
        },
        None => None,
    };
    let text = article_text(html, &page);
    if text.trim().is_empty() {
        return Err(ReadError::new(path, None, ReadErrorKind::NoArticle));
    }
    let mut doc = Document::new(String::new(), text);
    doc.title = title.filter(|t| !t.is_empty());
    doc.url = url;
    doc.source = source;
    doc.published = published;
    doc.language = language;
    doc.warnings.extend(date_warning);
    Ok(doc)
}

/// Main text as paragraphs separated by blank lines: Readability first, then
/// the page's paragraphs outside navigation if Readability finds nothing.
fn article_text(html: &str, page: &Html) -> String {
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        max_elements_to_parse: 100_000,
        ..Default::default()
    };
    let readable = dom_smoothie::Readability::new(html, None, Some(cfg))
        .ok()
        .and_then(|mut r| r.parse().ok())
        .map(|a| normalize_paragraphs(&a.text_content))
        .unwrap_or_default();
    if readable.chars().filter(|c| c.is_alphabetic()).count() >= 20 {
        return readable;
    }
    // Fallback: block elements not inside navigation or boilerplate.
    let Some(blocks) = sel("h1, h2, h3, p, li, blockquote") else {
        return readable;
    };
    let mut paras = Vec::new();
    for e in page.select(&blocks) {
        let boiler = e.ancestors().any(|a| {
            a.value().as_element().is_some_and(|el| {
                matches!(
                    el.name(),
                    "nav" | "header" | "footer" | "aside" | "script" | "style" | "form"
                )
            })
        });
        if boiler {
            continue;
        }
        let t = clean_inline(&e.text().collect::<String>());
        if !t.is_empty() {
            paras.push(t);
        }
    }
    paras.join("\n\n")
}

fn normalize_paragraphs(s: &str) -> String {
    let mut paras: Vec<String> = Vec::new();
    for block in s.split('\n') {
        let t = clean_inline(block);
        if !t.is_empty() {
            paras.push(t);
        }
    }
    paras.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html lang="fr-FR"><head>
<title>Titre | Site</title>
<meta property="og:title" content="Un accord est signé">
<meta property="og:site_name" content="La Gazette">
<meta property="article:published_time" content="2023-05-28T11:19:00+02:00">
<link rel="canonical" href="https://example.org/a/1">
<script>var x = "ne pas lire";</script>
</head><body><nav><a href="/">Accueil</a> <a href="/monde">Monde</a></nav>
<article><h1>Un accord est signé</h1>
<p>Le ministre a annoncé dimanche que l'accord entre les deux pays serait signé la semaine prochaine à Genève, selon un communiqué.</p>
<p>« Nous sommes prêts », a-t-il déclaré devant la presse, ajoutant que les négociations avaient duré plus de deux ans.</p>
<p>Les deux délégations doivent se retrouver lundi pour une dernière séance de travail consacrée aux détails techniques.</p>
</article><footer>© La Gazette — mentions légales</footer></body></html>"#;

    #[test]
    fn extracts_metadata_and_text() {
        let d = from_html(Path::new("a.html"), PAGE).unwrap();
        assert_eq!(d.title.as_deref(), Some("Un accord est signé"));
        assert_eq!(d.url.as_deref(), Some("https://example.org/a/1"));
        assert_eq!(d.source.as_deref(), Some("La Gazette"));
        assert_eq!(d.language.as_deref(), Some("fr"));
        assert_eq!(
            d.published.map(|p| p.to_string()).as_deref(),
            Some("2023-05-28T11:19:00+02:00")
        );
        assert!(d.text.contains("« Nous sommes prêts »"), "{}", d.text);
        assert!(!d.text.contains("ne pas lire"));
        assert!(!d.text.contains("Accueil"));
        assert!(!d.text.contains("mentions légales"));
    }

    #[test]
    fn json_ld_and_time_dates() {
        let p = r#"<html><head><script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2023-05-27"}]}</script></head><body><p>Un texte assez long pour être lu comme un article de presse ordinaire.</p></body></html>"#;
        let d = from_html(Path::new("b.html"), p).unwrap();
        assert_eq!(
            d.published.map(|p| p.to_string()).as_deref(),
            Some("2023-05-27")
        );
        let p = r#"<html><body><time datetime="2021-01-02">2 janvier</time><p>Un texte assez long pour être lu comme un article de presse ordinaire.</p></body></html>"#;
        let d = from_html(Path::new("c.html"), p).unwrap();
        assert_eq!(
            d.published.map(|p| p.to_string()).as_deref(),
            Some("2021-01-02")
        );
    }

    #[test]
    fn deep_nesting_is_capped_with_a_warning() {
        let n = 50_000;
        let page = format!(
            "<html><body>{}<p>Le ministre a annoncé mercredi que les négociations reprendraient bientôt.</p>{}</body></html>",
            "<div class=\"a>b\">".repeat(n),
            "</div>".repeat(n)
        );
        let t = std::time::Instant::now();
        let d = from_html(Path::new("deep.html"), &page).unwrap();
        assert!(d.text.contains("négociations reprendraient"), "{}", d.text);
        assert!(d.warnings.iter().any(|w| w.contains("nested deeper")));
        assert!(t.elapsed().as_secs() < 20, "took {:?}", t.elapsed());
        let (_, dropped) = limit_depth(&page, 10).unwrap();
        // html, body and eight divs stay; the other divs and the p lose both tags.
        assert_eq!(dropped, 2 * (n - 7));
        assert!(limit_depth(PAGE, MAX_HTML_DEPTH).is_none());
    }

    #[test]
    fn broken_html_does_not_panic() {
        for p in [
            "<html><body><p>Texte <b>non fermé <i>du tout",
            "<<<>>>",
            "<p>",
            "</div></div>",
        ] {
            let _ = from_html(Path::new("x.html"), p);
        }
    }
}
