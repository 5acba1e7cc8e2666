//! Language identification.
//!
//! `lingua` decides between the languages it is built with (the supported
//! ones, French and English, plus the most frequent other languages of the
//! European press, so that an Italian article is not called French);
//! `whatlang` first recognizes texts in scripts or languages outside that set,
//! which are reported as unsupported.

use crate::is_supported;
use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};
use std::sync::OnceLock;

/// The result of identification.
#[derive(Debug, Clone, PartialEq)]
pub struct Detected {
    /// ISO 639-1 code (or ISO 639-3 when there is no 639-1 code), `und` when
    /// the text is too short or has no letters.
    pub code: String,
    /// Whether newsgraph has language-specific stages for it.
    pub supported: bool,
    /// Confidence in [0, 1].
    pub confidence: f64,
}

const LINGUA_SET: &[Language] = &[
    Language::English,
    Language::French,
    Language::German,
    Language::Spanish,
    Language::Italian,
    Language::Portuguese,
    Language::Dutch,
    Language::Russian,
];

fn detector() -> &'static LanguageDetector {
    static D: OnceLock<LanguageDetector> = OnceLock::new();
    D.get_or_init(|| LanguageDetectorBuilder::from_languages(LINGUA_SET).build())
}

/// At most this many bytes of a text are looked at.
const SAMPLE_BYTES: usize = 4000;

/// Identifies the language of `text` from its first few thousand bytes.
pub fn detect(text: &str) -> Detected {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    let letters = sample.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 3 {
        return Detected {
            code: "und".into(),
            supported: false,
            confidence: 0.0,
        };
    }
    // Outside lingua's set? whatlang knows 69 languages and all scripts.
    if let Some(info) = whatlang::detect(sample) {
        let code = whatlang_code(info.lang());
        let in_set = LINGUA_SET
            .iter()
            .any(|l| l.iso_code_639_1().to_string() == code);
        if !in_set && info.is_reliable() {
            return Detected {
                code,
                supported: false,
                confidence: info.confidence(),
            };
        }
        if info.script() != whatlang::Script::Latin && info.script() != whatlang::Script::Cyrillic {
            return Detected {
                code,
                supported: false,
                confidence: info.confidence(),
            };
        }
    }
    let conf = detector().compute_language_confidence_values(sample);
    match conf.first() {
        Some(&(lang, c)) => {
            let code = lang.iso_code_639_1().to_string();
            Detected {
                supported: is_supported(&code),
                code,
                confidence: c,
            }
        }
        None => Detected {
            code: "und".into(),
            supported: false,
            confidence: 0.0,
        },
    }
}

fn whatlang_code(l: whatlang::Lang) -> String {
    // whatlang gives ISO 639-3; map the common ones to 639-1.
    let c3 = l.code();
    let c1 = match c3 {
        "eng" => "en",
        "fra" => "fr",
        "deu" => "de",
        "spa" => "es",
        "ita" => "it",
        "por" => "pt",
        "nld" => "nl",
        "rus" => "ru",
        "ukr" => "uk",
        "pol" => "pl",
        "ara" => "ar",
        "cmn" => "zh",
        "jpn" => "ja",
        "kor" => "ko",
        "tur" => "tr",
        "swe" => "sv",
        "dan" => "da",
        "nob" => "nb",
        "fin" => "fi",
        "ces" => "cs",
        "ron" => "ro",
        "hun" => "hu",
        "ell" => "el",
        "heb" => "he",
        "hin" => "hi",
        "pes" => "fa",
        "bel" => "be",
        "bul" => "bg",
        "srp" => "sr",
        "hrv" => "hr",
        "slk" => "sk",
        "slv" => "sl",
        "lit" => "lt",
        "lav" => "lv",
        "est" => "et",
        "cat" => "ca",
        "ind" => "id",
        "vie" => "vi",
        "tha" => "th",
        other => other,
    };
    c1.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_and_english() {
        let fr = detect(
            "Le président a affirmé que l'accord serait signé la semaine prochaine à Paris.",
        );
        assert_eq!(fr.code, "fr");
        assert!(fr.supported);
        let en =
            detect("The president said on Tuesday that the agreement would be signed next week.");
        assert_eq!(en.code, "en");
    }

    #[test]
    fn unsupported_and_undetermined() {
        let de = detect(
            "Der Präsident sagte am Dienstag, dass das Abkommen nächste Woche unterzeichnet werde.",
        );
        assert_eq!(de.code, "de");
        assert!(!de.supported);
        let ru = detect(
            "Президент заявил во вторник, что соглашение будет подписано на следующей неделе.",
        );
        assert_eq!(ru.code, "ru");
        assert!(!ru.supported);
        assert_eq!(detect("12 34 !!").code, "und");
        assert_eq!(detect("").code, "und");
    }
}
