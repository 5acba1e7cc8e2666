//! Evaluation measures shared by the stages' `eval` modules.

/// Precision, recall and F1, in percent.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Prf {
    /// Precision, %.
    pub p: f64,
    /// Recall, %.
    pub r: f64,
    /// F1, %.
    pub f1: f64,
}

impl Prf {
    /// From counts of matches, system items and gold items (0 when a
    /// denominator is 0).
    pub fn from_counts(correct: usize, system: usize, gold: usize) -> Prf {
        let pct = |a: usize, b: usize| {
            if b == 0 {
                0.0
            } else {
                100.0 * a as f64 / b as f64
            }
        };
        let (p, r) = (pct(correct, system), pct(correct, gold));
        let f1 = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        Prf { p, r, f1 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        let m = Prf::from_counts(5, 10, 20);
        assert_eq!((m.p, m.r), (50.0, 25.0));
        assert!((m.f1 - 100.0 / 3.0).abs() < 1e-9);
        assert_eq!(Prf::from_counts(0, 0, 0), Prf::default());
    }
}
