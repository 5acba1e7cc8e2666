//! Sparse multiclass linear models: an averaged-perceptron [`Trainer`] and
//! the frozen, quantized [`Linear`] model used at run time.
//!
//! A feature is a 64-bit hash; its weights are a sparse row of
//! `(class, weight)` pairs (a perceptron only ever touches the classes a
//! feature was confused between, so rows are short). Frozen weights are
//! `i16` with one scale per model, looked up in an open-addressing table.

use crate::error::Result;
use crate::format::{Reader, Writer};
use crate::hash::HMap;

#[derive(Clone, Copy)]
struct Entry {
    class: u16,
    w: f32,
    total: f32,
    ts: u32,
}

/// An averaged perceptron under training.
pub struct Trainer {
    n_classes: usize,
    rows: HMap<Vec<Entry>>,
    t: u32,
}

impl Trainer {
    /// A new model over `n_classes` classes.
    pub fn new(n_classes: usize) -> Self {
        Trainer {
            n_classes,
            rows: HMap::default(),
            t: 0,
        }
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Grows the class count (classes are only ever added).
    pub fn grow(&mut self, n: usize) {
        self.n_classes = self.n_classes.max(n);
    }

    /// Adds the current (unaveraged) scores of `feats` to `scores`.
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        for f in feats {
            if let Some(row) = self.rows.get(f) {
                for e in row {
                    if let Some(s) = scores.get_mut(e.class as usize) {
                        *s += e.w;
                    }
                }
            }
        }
    }

    /// Counts one training instance (call once per decision).
    pub fn tick(&mut self) {
        self.t += 1;
    }

    /// Perceptron update: `+1` for `good`, `-1` for `bad` on every feature.
    pub fn update(&mut self, feats: &[u64], good: usize, bad: usize) {
        if good == bad {
            return;
        }
        let t = self.t;
        for &f in feats {
            let row = self.rows.entry(f).or_default();
            for (c, d) in [(good, 1.0f32), (bad, -1.0f32)] {
                let c = c as u16;
                match row.iter_mut().find(|e| e.class == c) {
                    Some(e) => {
                        e.total += (t - e.ts) as f32 * e.w;
                        e.ts = t;
                        e.w += d;
                    }
                    None => row.push(Entry {
                        class: c,
                        w: d,
                        total: 0.0,
                        ts: t,
                    }),
                }
            }
        }
    }

    /// Averages, prunes weights whose magnitude is below `prune` (in units
    /// of the largest weight ×1e-3) and quantizes to a [`Linear`] model.
    pub fn finish(&self, prune: f32) -> Linear {
        let t = self.t.max(1) as f32;
        let mut avg: Vec<(u64, Vec<(u16, f32)>)> = Vec::with_capacity(self.rows.len());
        let mut maxw = 0f32;
        for (&f, row) in &self.rows {
            let mut r = Vec::with_capacity(row.len());
            for e in row {
                let a = (e.total + (self.t - e.ts) as f32 * e.w) / t;
                maxw = maxw.max(a.abs());
                r.push((e.class, a));
            }
            avg.push((f, r));
        }
        let scale = if maxw > 0.0 { maxw / 32000.0 } else { 1.0 };
        let thr = prune * maxw * 1e-3;
        let mut keys = Vec::new();
        let mut offsets = vec![0u32];
        let mut classes = Vec::new();
        let mut weights = Vec::new();
        avg.sort_unstable_by_key(|x| x.0);
        for (f, mut r) in avg {
            r.retain(|&(_, w)| w.abs() > thr && (w / scale).round() != 0.0);
            if r.is_empty() {
                continue;
            }
            r.sort_unstable_by_key(|x| x.0);
            keys.push(f);
            for (c, w) in r {
                classes.push(c);
                weights.push((w / scale).round().clamp(-32767.0, 32767.0) as i16);
            }
            offsets.push(classes.len() as u32);
        }
        Linear::from_parts(self.n_classes, scale, keys, offsets, classes, weights)
    }
}

/// A frozen sparse linear model with quantized weights.
pub struct Linear {
    n_classes: usize,
    scale: f32,
    keys: Vec<u64>,
    offsets: Vec<u32>,
    /// `(class, weight)` pairs, row after row.
    entries: Vec<(u16, i16)>,
    /// Open-addressing table of `(key, first entry, end entry)`; a slot
    /// with `end == 0` is empty.
    table: Vec<(u64, u32, u32)>,
    mask: usize,
}

impl Linear {
    fn from_parts(
        n_classes: usize,
        scale: f32,
        keys: Vec<u64>,
        offsets: Vec<u32>,
        classes: Vec<u16>,
        weights: Vec<i16>,
    ) -> Linear {
        let size = (keys.len() * 3 / 2 + 1).next_power_of_two().max(16);
        let mask = size - 1;
        let mut table = vec![(0u64, 0u32, 0u32); size];
        for (i, &k) in keys.iter().enumerate() {
            let (a, b) = (offsets[i], offsets[i + 1]);
            if a == b {
                continue;
            }
            let mut s = (k as usize) & mask;
            while table[s].2 != 0 {
                s = (s + 1) & mask;
            }
            table[s] = (k, a, b);
        }
        let entries = classes.into_iter().zip(weights).collect();
        Linear {
            n_classes,
            scale,
            keys,
            offsets,
            entries,
            table,
            mask,
        }
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of stored features.
    pub fn n_features(&self) -> usize {
        self.keys.len()
    }

    /// Adds the integer scores of `feats` to `scores` (length ≥ classes).
    ///
    /// Two phases so that the memory loads of all features are in flight
    /// together: find every feature's first slot, then resolve and add.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [i32]) {
        const CHUNK: usize = 32;
        for chunk in feats.chunks(CHUNK) {
            let mut slots = [(0u64, 0u32, 0u32); CHUNK];
            for (x, &f) in slots.iter_mut().zip(chunk) {
                *x = self.table[(f as usize) & self.mask];
            }
            let mut rows = [(0u32, 0u32); CHUNK];
            let mut nr = 0;
            for (&(k, a, b), &f) in slots.iter().zip(chunk) {
                let found = if b == 0 {
                    None
                } else if k == f {
                    Some((a, b))
                } else {
                    self.probe(f)
                };
                if let Some(r) = found {
                    rows[nr] = r;
                    nr += 1;
                }
            }
            for &(a, b) in &rows[..nr] {
                for &(c, w) in &self.entries[a as usize..b as usize] {
                    if let Some(x) = scores.get_mut(c as usize) {
                        *x += w as i32;
                    }
                }
            }
        }
    }

    fn probe(&self, f: u64) -> Option<(u32, u32)> {
        let mut s = (f as usize) & self.mask;
        loop {
            let (k, a, b) = self.table[s];
            if b == 0 {
                return None;
            }
            if k == f {
                return Some((a, b));
            }
            s = (s + 1) & self.mask;
        }
    }

    /// Drops the weights below `prune` thousandths of the largest one (the
    /// same cut as [`Trainer::finish`] with that `prune`).
    pub fn pruned(&self, prune: f32) -> Linear {
        let thr = (prune * 32.0) as i32;
        let mut keys = Vec::new();
        let mut offsets = vec![0u32];
        let (mut classes, mut weights) = (Vec::new(), Vec::new());
        for (i, &k) in self.keys.iter().enumerate() {
            let (a, b) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
            let before = classes.len();
            for &(c, w) in &self.entries[a..b] {
                if (w as i32).abs() > thr {
                    classes.push(c);
                    weights.push(w);
                }
            }
            if classes.len() > before {
                keys.push(k);
                offsets.push(classes.len() as u32);
            }
        }
        Linear::from_parts(self.n_classes, self.scale, keys, offsets, classes, weights)
    }

    /// The scale that turns integer scores back into perceptron units.
    pub fn scale(&self) -> f32 {
        self.scale
    }

    /// Serializes the model.
    pub fn write(&self, w: &mut Writer) {
        w.u32(self.n_classes as u32);
        w.f32(self.scale);
        w.u64(self.keys.len() as u64);
        for &k in &self.keys {
            w.u64(k);
        }
        for &o in &self.offsets {
            w.u32(o);
        }
        w.u64(self.entries.len() as u64);
        for &(c, _) in &self.entries {
            w.u16(c);
        }
        for &(_, x) in &self.entries {
            w.u16(x as u16);
        }
    }

    /// Reads a model written by [`Linear::write`].
    pub fn read(r: &mut Reader) -> Result<Linear> {
        let n_classes = r.u32()? as usize;
        let scale = r.f32()?;
        let n = r.count(12)?;
        let kb = r.bytes(n * 8)?;
        let keys: Vec<u64> = kb
            .chunks_exact(8)
            .map(|c| {
                let mut a = [0u8; 8];
                a.copy_from_slice(c);
                u64::from_le_bytes(a)
            })
            .collect();
        let ob = r.bytes((n + 1) * 4)?;
        let offsets: Vec<u32> = ob
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let m = r.count(4)?;
        let cb = r.bytes(m * 2)?;
        let classes: Vec<u16> = cb
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        let wb = r.bytes(m * 2)?;
        let weights: Vec<i16> = wb
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]))
            .collect();
        let ok = offsets.first() == Some(&0)
            && offsets.windows(2).all(|w| w[0] <= w[1])
            && offsets.last().map(|&x| x as usize) == Some(m);
        if !ok {
            return Err(crate::error::Error::BadModel {
                path: "<payload>".into(),
                message: "inconsistent weight offsets".into(),
            });
        }
        Ok(Linear::from_parts(
            n_classes, scale, keys, offsets, classes, weights,
        ))
    }
}

/// Index of the best score among `allowed` classes (all when empty).
pub fn argmax_in(scores: &[i32], allowed: &[u16]) -> usize {
    if allowed.is_empty() {
        let mut best = 0;
        for (i, &s) in scores.iter().enumerate() {
            if s > scores[best] {
                best = i;
            }
        }
        best
    } else {
        let mut best = allowed[0] as usize;
        for &c in allowed {
            let c = c as usize;
            if scores.get(c).copied().unwrap_or(i32::MIN)
                > scores.get(best).copied().unwrap_or(i32::MIN)
            {
                best = c;
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_and_round_trips() {
        let mut t = Trainer::new(3);
        let data = [(vec![1u64, 10], 0usize), (vec![2, 10], 1), (vec![3, 10], 2)];
        for _ in 0..5 {
            for (f, y) in &data {
                let mut s = vec![0f32; 3];
                t.score(f, &mut s);
                let p = s
                    .iter()
                    .enumerate()
                    .fold(0, |b, (i, &v)| if v > s[b] { i } else { b });
                t.update(f, *y, p);
                t.tick();
            }
        }
        let m = t.finish(0.0);
        let mut w = Writer::default();
        m.write(&mut w);
        let p = std::env::temp_dir().join(format!("nglin-{}.bin", std::process::id()));
        w.save(&p, crate::format::Kind::Tagger, "xx").expect("save");
        let bytes = crate::format::read_file(&p).expect("read");
        let (_, mut r) = Reader::open(&bytes, crate::format::Kind::Tagger, &p).expect("open");
        let m2 = Linear::read(&mut r).expect("read");
        for (f, y) in &data {
            let mut s = vec![0i32; 3];
            m2.score(f, &mut s);
            assert_eq!(argmax_in(&s, &[]), *y);
        }
        let _ = std::fs::remove_file(p);
    }
}
