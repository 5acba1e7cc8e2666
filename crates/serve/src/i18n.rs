//! Interface strings in English and French, read from the embedded table
//! `assets/ui.tsv` (`key<TAB>en<TAB>fr`), and the choice of interface
//! language per request (`?ui=`, then the `ng_ui` cookie, then
//! `Accept-Language`).

use axum::http::{header, HeaderMap};
use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../assets/ui.tsv");

/// An interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ui {
    /// English.
    En,
    /// French.
    Fr,
}

impl Ui {
    /// The ISO code (`en`, `fr`).
    pub fn code(self) -> &'static str {
        match self {
            Ui::En => "en",
            Ui::Fr => "fr",
        }
    }

    fn from_code(s: &str) -> Option<Ui> {
        match s.trim().get(..2).map(|c| c.to_ascii_lowercase()).as_deref() {
            Some("en") => Some(Ui::En),
            Some("fr") => Some(Ui::Fr),
            _ => None,
        }
    }

    /// The interface language of a request.
    pub fn of_request(query_ui: Option<&str>, headers: &HeaderMap) -> Ui {
        if let Some(u) = query_ui.and_then(Ui::from_code) {
            return u;
        }
        let cookie = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .find_map(|c| c.trim().strip_prefix("ng_ui="))
            .and_then(Ui::from_code);
        if let Some(u) = cookie {
            return u;
        }
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').find_map(Ui::from_code))
            .unwrap_or(Ui::En)
    }

    /// The string for `key` (the key itself if the table lacks it).
    pub fn t(self, key: &'static str) -> &'static str {
        let col = match self {
            Ui::En => 0,
            Ui::Fr => 1,
        };
        table().get(key).map_or(key, |v| v[col])
    }
}

fn table() -> &'static HashMap<&'static str, [&'static str; 2]> {
    static T: OnceLock<HashMap<&'static str, [&'static str; 2]>> = OnceLock::new();
    T.get_or_init(|| {
        TABLE
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let mut f = l.split('\t');
                Some((f.next()?, [f.next()?, f.next()?]))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_has_both_languages() {
        for (n, l) in TABLE.lines().enumerate() {
            if l.trim().is_empty() || l.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 3, "ui.tsv line {}: {l:?}", n + 1);
            assert!(f.iter().all(|s| !s.trim().is_empty()), "line {}", n + 1);
        }
        assert_eq!(Ui::Fr.t("nav.search"), "Recherche");
    }

    #[test]
    fn language_choice() {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_LANGUAGE, "fr-FR,fr;q=0.9".parse().unwrap());
        assert_eq!(Ui::of_request(None, &h), Ui::Fr);
        assert_eq!(Ui::of_request(Some("en"), &h), Ui::En);
        h.insert(header::COOKIE, "a=b; ng_ui=en".parse().unwrap());
        assert_eq!(Ui::of_request(None, &h), Ui::En);
        assert_eq!(Ui::of_request(None, &HeaderMap::new()), Ui::En);
    }
}
