//! Coreference measures for evaluating stories and facts: B-cubed, MUC,
//! CEAF-e (entity-based, optimal alignment per connected component) and the
//! CoNLL average, over clusterings of hashable items. Key and response may
//! hold different items (predicted mentions): an item missing on one side
//! simply has no overlap there, as in the reference scorer.

use std::collections::HashMap;
use std::hash::Hash;

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Prf {
    /// Precision.
    pub p: f64,
    /// Recall.
    pub r: f64,
    /// F1.
    pub f1: f64,
}

impl Prf {
    fn new(p: f64, r: f64) -> Self {
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Prf { p, r, f1 }
    }
}

/// All measures of one comparison.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Scores {
    /// B-cubed.
    pub bcubed: Prf,
    /// MUC.
    pub muc: Prf,
    /// CEAF-e.
    pub ceafe: Prf,
    /// CoNLL F1: mean of the MUC, B-cubed and CEAF-e F1.
    pub conll_f1: f64,
}

/// Groups item → cluster label into clusters.
pub fn clusters<T: Eq + Hash + Clone, L: Eq + Hash>(labels: &[(T, L)]) -> Vec<Vec<T>> {
    let mut m: HashMap<&L, Vec<T>> = HashMap::new();
    let mut order: Vec<&L> = Vec::new();
    for (t, l) in labels {
        m.entry(l)
            .or_insert_with(|| {
                order.push(l);
                Vec::new()
            })
            .push(t.clone());
    }
    order.into_iter().filter_map(|l| m.remove(l)).collect()
}

fn index<T: Eq + Hash>(cs: &[Vec<T>]) -> HashMap<&T, usize> {
    let mut m = HashMap::new();
    for (i, c) in cs.iter().enumerate() {
        for t in c {
            m.insert(t, i);
        }
    }
    m
}

/// Overlaps `|k ∩ r|` of every key cluster with every response cluster.
fn overlaps<T: Eq + Hash>(key: &[Vec<T>], resp: &[Vec<T>]) -> HashMap<(usize, usize), usize> {
    let ri = index(resp);
    let mut o = HashMap::new();
    for (k, c) in key.iter().enumerate() {
        for t in c {
            if let Some(&r) = ri.get(t) {
                *o.entry((k, r)).or_default() += 1;
            }
        }
    }
    o
}

fn b3_half<T: Eq + Hash>(a: &[Vec<T>], o: &HashMap<(usize, usize), usize>, a_is_key: bool) -> f64 {
    let total: usize = a.iter().map(Vec::len).sum();
    if total == 0 {
        return 0.0;
    }
    let mut s = 0.0;
    for (&(k, r), &n) in o {
        let i = if a_is_key { k } else { r };
        s += (n * n) as f64 / a[i].len() as f64;
    }
    s / total as f64
}

fn muc_half<T: Eq + Hash>(a: &[Vec<T>], b: &[Vec<T>]) -> f64 {
    let bi = index(b);
    let (mut num, mut den) = (0usize, 0usize);
    for c in a {
        if c.is_empty() {
            continue;
        }
        let mut parts = std::collections::HashSet::new();
        let mut lone = 0;
        for t in c {
            match bi.get(t) {
                Some(&j) => {
                    parts.insert(j);
                }
                None => lone += 1,
            }
        }
        num += c.len() - (parts.len() + lone);
        den += c.len() - 1;
    }
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

/// Maximum-weight assignment on a square matrix (Hungarian algorithm).
fn assign(w: &[Vec<f64>]) -> f64 {
    let n = w.len();
    if n == 0 {
        return 0.0;
    }
    let inf = f64::INFINITY;
    let (mut u, mut v) = (vec![0.0; n + 1], vec![0.0; n + 1]);
    let (mut p, mut way) = (vec![0usize; n + 1], vec![0usize; n + 1]);
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0;
        let mut minv = vec![inf; n + 1];
        let mut used = vec![false; n + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = inf;
            let mut j1 = 0;
            for j in 1..=n {
                if !used[j] {
                    let cur = -w[i0 - 1][j - 1] - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=n {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    (1..=n)
        .filter(|&j| p[j] > 0)
        .map(|j| w[p[j] - 1][j - 1])
        .sum()
}

fn ceafe<T: Eq + Hash>(key: &[Vec<T>], resp: &[Vec<T>], o: &HashMap<(usize, usize), usize>) -> Prf {
    // connected components of the overlap graph
    let nk = key.len();
    let mut parent: Vec<usize> = (0..nk + resp.len()).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for &(k, r) in o.keys() {
        let (a, b) = (find(&mut parent, k), find(&mut parent, nk + r));
        parent[a] = b;
    }
    let mut comps: HashMap<usize, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for k in 0..nk {
        let c = find(&mut parent, k);
        comps.entry(c).or_default().0.push(k);
    }
    for r in 0..resp.len() {
        let c = find(&mut parent, nk + r);
        comps.entry(c).or_default().1.push(r);
    }
    let mut sim = 0.0;
    for (ks, rs) in comps.values() {
        if ks.is_empty() || rs.is_empty() {
            continue;
        }
        let n = ks.len().max(rs.len());
        let mut w = vec![vec![0.0; n]; n];
        for (a, &k) in ks.iter().enumerate() {
            for (b, &r) in rs.iter().enumerate() {
                if let Some(&x) = o.get(&(k, r)) {
                    w[a][b] = 2.0 * x as f64 / (key[k].len() + resp[r].len()) as f64;
                }
            }
        }
        sim += assign(&w);
    }
    let r = if key.is_empty() {
        0.0
    } else {
        sim / key.len() as f64
    };
    let p = if resp.is_empty() {
        0.0
    } else {
        sim / resp.len() as f64
    };
    Prf::new(p, r)
}

/// Compares a response clustering with a key clustering.
pub fn score<T: Eq + Hash>(key: &[Vec<T>], resp: &[Vec<T>]) -> Scores {
    let o = overlaps(key, resp);
    let ot: HashMap<(usize, usize), usize> = o.iter().map(|(&(k, r), &n)| ((k, r), n)).collect();
    let bcubed = Prf::new(b3_half(resp, &swap(&ot), true), b3_half(key, &ot, true));
    let muc = Prf::new(muc_half(resp, key), muc_half(key, resp));
    let ceafe = ceafe(key, resp, &o);
    Scores {
        bcubed,
        muc,
        ceafe,
        conll_f1: (bcubed.f1 + muc.f1 + ceafe.f1) / 3.0,
    }
}

fn swap(o: &HashMap<(usize, usize), usize>) -> HashMap<(usize, usize), usize> {
    o.iter().map(|(&(k, r), &n)| ((r, k), n)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(v: &[&[u32]]) -> Vec<Vec<u32>> {
        v.iter().map(|x| x.to_vec()).collect()
    }

    #[test]
    fn perfect_and_known_values() {
        let key = c(&[&[1, 2, 3], &[4, 5]]);
        let s = score(&key, &key);
        assert!((s.conll_f1 - 1.0).abs() < 1e-9);
        // all in one cluster: B3 precision = (9/5 + 4/5)/5 = 13/25
        let one = c(&[&[1, 2, 3, 4, 5]]);
        let s = score(&key, &one);
        assert!((s.bcubed.p - 13.0 / 25.0).abs() < 1e-9, "{:?}", s.bcubed);
        assert!((s.bcubed.r - 1.0).abs() < 1e-9);
        assert!((s.muc.r - 1.0).abs() < 1e-9);
        assert!((s.muc.p - 3.0 / 4.0).abs() < 1e-9);
        // CEAF-e: best single alignment {1,2,3}: 2*3/(3+5) = 0.75
        assert!((s.ceafe.p - 0.75).abs() < 1e-9);
        assert!((s.ceafe.r - 0.375).abs() < 1e-9);
        // singletons
        let single = c(&[&[1], &[2], &[3], &[4], &[5]]);
        let s = score(&key, &single);
        assert!((s.bcubed.p - 1.0).abs() < 1e-9);
        assert_eq!(s.muc.r, 0.0);
    }

    #[test]
    fn hungarian_prefers_global_optimum() {
        let w = vec![vec![0.9, 0.8], vec![0.8, 0.0]];
        assert!((assign(&w) - 1.6).abs() < 1e-9);
    }
}
