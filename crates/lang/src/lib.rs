//! Languages: which language a text is in ([`detect`], feature `detect`),
//! and what newsgraph knows about each supported language (the
//! [`registry`]: its `lang/<iso>/` data files and compiled-in models).

#[cfg(feature = "detect")]
mod detect;
pub mod registry;

#[cfg(feature = "detect")]
pub use detect::{detect, Detected};
pub use registry::{language, languages, Language, PerLanguage};

/// Whether `code` is a supported language (one of the [`registry`]).
pub fn is_supported(code: &str) -> bool {
    registry::language(code).is_some()
}
