//! TimeML evaluation (TempEval-3 measures).
