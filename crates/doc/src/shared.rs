//! Locating the read-only corpora in `../shared` for tests and evaluations.
//!
//! Invariant: under CI (`CI` set in the environment) a test that needs
//! `../shared` fails when it is missing; on a user's checkout it skips with a
//! message.

use std::path::{Path, PathBuf};

/// The `shared/` directory beside the repository, if present: `$NEWSGRAPH_SHARED`,
/// else `../shared` relative to the workspace root.
pub fn shared_dir() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("NEWSGRAPH_SHARED") {
        let p = PathBuf::from(p);
        return p.is_dir().then_some(p);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    root.is_dir().then_some(root)
}

/// The path `rel` inside `shared/` for a test: `Some(path)` when it exists;
/// `None` (after printing `skipping: …`) when it does not and `CI` is unset.
///
/// # Panics
/// Under CI (`CI` set), when the path is missing: tests that need the shared
/// data must run there.
pub fn shared_for_test(rel: &str) -> Option<PathBuf> {
    let found = shared_dir().map(|d| d.join(rel)).filter(|p| p.exists());
    match found {
        Some(p) => Some(p),
        None if std::env::var_os("CI").is_some() => {
            panic!("CI is set but ../shared/{rel} is missing: tests needing shared data must run in CI")
        }
        None => {
            eprintln!("skipping: ../shared/{rel} is absent");
            None
        }
    }
}
