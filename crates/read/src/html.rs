//! HTML article reader: the main text (Readability, via `dom_smoothie`),
//! title, publication date (`article:published_time`, JSON-LD
//! `datePublished`, `<time datetime>`), canonical URL and site name.

use crate::{check_text, id_of, ReadError, ReadErrorKind};
use newsgraph_doc::{Document, Published};
use scraper::{Html, Selector};
use std::path::Path;

/// Reads one HTML page.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Document, ReadError> {
    let s = check_text(path, None, bytes)?;
    let mut doc = from_html(path, s)?;
    doc.id = id_of(path);
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

/// Extracts a document (id left to the caller) from an HTML string.
pub fn from_html(path: &Path, html: &str) -> Result<Document, ReadError> {
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
    let published = match date_raw {
        Some(d) => Some(
            Published::parse_lenient(&d)
                .map_err(|e| ReadError::new(path, None, ReadErrorKind::BadDate(e)))?,
        ),
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
