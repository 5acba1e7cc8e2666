//! The dependency parser: arc-hybrid transitions (SHIFT, LEFT-l, RIGHT-l)
//! scored by an averaged perceptron over Zhang & Nivre (2011)-style
//! features, trained with the Goldberg & Nivre (2013) dynamic oracle on
//! projectivized trees, decoded greedily.
//!
//! Invariant: the output is a single-rooted tree (RIGHT onto the root is
//! only legal when the buffer is empty and one word is left).

use crate::error::{Error, Result};
use crate::format::{read_file, Kind, Reader, Writer};
use crate::hash::{f1, f2, f3, hash_str};
use crate::linear::{Linear, Trainer};
use crate::Rng;
use newsgraph_doc::conllu::Sentence;
use std::collections::HashMap;
use std::path::Path;

/// One input word of the parser.
#[derive(Debug, Clone, Copy)]
pub struct Input {
    /// Hash of the lowercased form.
    pub w: u64,
    /// Hash of the UPOS.
    pub t: u64,
    /// Hash of the FEATS string.
    pub m: u64,
}

impl Input {
    /// The input atoms of a word.
    pub fn new(form: &str, upos: &str, feats: &str) -> Input {
        Input {
            w: hash_str(&form.to_lowercase()),
            t: hash_str(upos),
            m: hash_str(feats),
        }
    }
}

const NONE: u64 = 0x4E4F_4E45;
const ROOTW: u64 = 0x524F_4F54;
const SHIFT: usize = 0;

/// A trained parser.
pub struct Parser {
    /// Language code.
    pub lang: String,
    labels: Vec<String>,
    model: Linear,
}

/// The parse of a sentence: 1-based heads (0 = root) and label ids.
#[derive(Debug, Clone, Default)]
pub struct Parse {
    /// Head of word `i` (1-based) at `heads[i]`; `heads[0]` unused.
    pub heads: Vec<usize>,
    /// Label id of word `i` at `labels[i]`.
    pub labels: Vec<u16>,
}

struct State<'a> {
    inp: &'a [Input],
    n: usize,
    stack: Vec<usize>,
    b: usize,
    heads: Vec<usize>,
    labels: Vec<u16>,
    lc1: Vec<usize>,
    lc2: Vec<usize>,
    rc1: Vec<usize>,
    rc2: Vec<usize>,
    nl: Vec<u8>,
    nr: Vec<u8>,
    /// Bit sets of the labels of left and right dependents.
    ls: Vec<u64>,
    rs: Vec<u64>,
}

const NO: usize = usize::MAX;

impl<'a> State<'a> {
    fn new(inp: &'a [Input]) -> State<'a> {
        let n = inp.len();
        State {
            inp,
            n,
            stack: vec![0],
            b: 1,
            heads: vec![NO; n + 1],
            labels: vec![u16::MAX; n + 1],
            lc1: vec![NO; n + 1],
            lc2: vec![NO; n + 1],
            rc1: vec![NO; n + 1],
            rc2: vec![NO; n + 1],
            nl: vec![0; n + 1],
            nr: vec![0; n + 1],
            ls: vec![0; n + 1],
            rs: vec![0; n + 1],
        }
    }

    fn done(&self) -> bool {
        self.b > self.n && self.stack.len() == 1
    }

    fn s(&self, k: usize) -> usize {
        if self.stack.len() > k {
            self.stack[self.stack.len() - 1 - k]
        } else {
            NO
        }
    }

    fn bf(&self, k: usize) -> usize {
        if self.b + k <= self.n {
            self.b + k
        } else {
            NO
        }
    }

    fn legal(&self, kind: usize) -> bool {
        match kind {
            0 => self.b <= self.n,
            1 => self.stack.len() >= 2 && self.b <= self.n,
            _ => self.stack.len() > 2 || (self.stack.len() == 2 && self.b > self.n),
        }
    }

    fn attach(&mut self, h: usize, d: usize, l: u16) {
        self.heads[d] = h;
        self.labels[d] = l;
        if d < h {
            if self.lc1[h] == NO || d < self.lc1[h] {
                self.lc2[h] = self.lc1[h];
                self.lc1[h] = d;
            } else if self.lc2[h] == NO || d < self.lc2[h] {
                self.lc2[h] = d;
            }
            self.nl[h] = self.nl[h].saturating_add(1);
            self.ls[h] |= 1 << (l % 64);
        } else {
            if self.rc1[h] == NO || d > self.rc1[h] {
                self.rc2[h] = self.rc1[h];
                self.rc1[h] = d;
            } else if self.rc2[h] == NO || d > self.rc2[h] {
                self.rc2[h] = d;
            }
            self.nr[h] = self.nr[h].saturating_add(1);
            self.rs[h] |= 1 << (l % 64);
        }
    }

    fn apply(&mut self, action: usize) {
        if action == SHIFT {
            self.stack.push(self.b);
            self.b += 1;
            return;
        }
        let l = ((action - 1) / 2) as u16;
        let s0 = self.stack.pop().unwrap_or(0);
        if action % 2 == 1 {
            let b = self.b;
            self.attach(b, s0, l);
        } else {
            let s1 = *self.stack.last().unwrap_or(&0);
            self.attach(s1, s0, l);
        }
    }

    fn w(&self, x: usize) -> u64 {
        match x {
            NO => NONE,
            0 => ROOTW,
            _ => self.inp[x - 1].w,
        }
    }
    fn t(&self, x: usize) -> u64 {
        match x {
            NO => NONE,
            0 => ROOTW,
            _ => self.inp[x - 1].t,
        }
    }
    fn m(&self, x: usize) -> u64 {
        match x {
            NO => NONE,
            0 => ROOTW,
            _ => self.inp[x - 1].m,
        }
    }
    fn l(&self, x: usize) -> u64 {
        if x == NO {
            NONE
        } else {
            self.labels[x] as u64
        }
    }
    fn ch(v: &[usize], x: usize) -> usize {
        if x == NO {
            NO
        } else {
            v[x]
        }
    }

    fn features(&self, out: &mut Vec<u64>) {
        out.clear();
        let (s0, s1, s2) = (self.s(0), self.s(1), self.s(2));
        let (b0, b1, b2) = (self.bf(0), self.bf(1), self.bf(2));
        let (s0w, s0t, s0m) = (self.w(s0), self.t(s0), self.m(s0));
        let (s1w, s1t, s1m) = (self.w(s1), self.t(s1), self.m(s1));
        let (b0w, b0t, b0m) = (self.w(b0), self.t(b0), self.m(b0));
        let (b1w, b1t) = (self.w(b1), self.t(b1));
        let (b2w, b2t) = (self.w(b2), self.t(b2));
        let s2t = self.t(s2);
        let s0l1 = Self::ch(&self.lc1, s0);
        let s0r1 = Self::ch(&self.rc1, s0);
        let s0l2 = Self::ch(&self.lc2, s0);
        let s0r2 = Self::ch(&self.rc2, s0);
        let s1l1 = Self::ch(&self.lc1, s1);
        let s1r1 = Self::ch(&self.rc1, s1);
        let b0l1 = Self::ch(&self.lc1, b0);
        let b0l2 = Self::ch(&self.lc2, b0);
        let dist = |a: usize, b: usize| -> u64 {
            if a == NO || b == NO {
                0
            } else {
                (b.abs_diff(a)).min(6) as u64
            }
        };
        let d = dist(s0, b0);
        let d1 = dist(s1, s0);
        let nl = |x: usize| if x == NO { 9 } else { self.nl[x] as u64 };
        let nr = |x: usize| if x == NO { 9 } else { self.nr[x] as u64 };
        let ls = |x: usize| if x == NO { 1 << 63 } else { self.ls[x] };
        let rs = |x: usize| if x == NO { 1 << 63 } else { self.rs[x] };
        out.extend_from_slice(&[
            f1(300, 0),
            // unigrams
            f2(301, s0w, s0t),
            f1(302, s0w),
            f1(303, s0t),
            f2(304, b0w, b0t),
            f1(305, b0w),
            f1(306, b0t),
            f2(307, b1w, b1t),
            f1(308, b1w),
            f1(309, b1t),
            f1(310, b2w),
            f1(311, b2t),
            f2(312, s1w, s1t),
            f1(313, s1w),
            f1(314, s1t),
            f2(315, s0t, s0m),
            f2(316, b0t, b0m),
            f2(317, s1t, s1m),
            // pairs
            f3(320, s0w, s0t, b0t),
            f3(321, s0t, b0w, b0t),
            f2(322, s0w, b0w),
            f2(323, s0t, b0t),
            f2(324, b0t, b1t),
            f2(325, s1t, s0t),
            f2(326, s1w, s0w),
            f3(327, s1w, s1t, s0t),
            f3(328, s1t, s0w, s0t),
            f3(329, s0w, s0t, b0w),
            f2(330, s0m, b0m),
            f2(331, s1m, s0m),
            // triples
            f3(340, b0t, b1t, b2t),
            f3(341, s0t, b0t, b1t),
            f3(342, s1t, s0t, b0t),
            f3(343, s0t, self.t(s0l1), b0t),
            f3(344, s0t, self.t(s0r1), b0t),
            f3(345, s0t, b0t, self.t(b0l1)),
            f3(346, s1t, s0t, self.t(s0l1)),
            f3(347, s1t, s0t, self.t(s0r1)),
            f3(348, s1t, self.t(s1r1), s0t),
            f3(349, s2t, s1t, s0t),
            f3(350, s1t, self.t(s1l1), s0t),
            // distance
            f2(360, s0w, d),
            f2(361, s0t, d),
            f2(362, b0w, d),
            f2(363, b0t, d),
            f3(364, s0t, b0t, d),
            f3(365, s1t, s0t, d1),
            f3(366, s1w, s0t, d1),
            // valency
            f2(370, s0w, nr(s0)),
            f2(371, s0t, nr(s0)),
            f2(372, s0w, nl(s0)),
            f2(373, s0t, nl(s0)),
            f2(374, b0w, nl(b0)),
            f2(375, b0t, nl(b0)),
            f2(376, s1t, nr(s1)),
            f2(377, s1t, nl(s1)),
            // third order: children
            f1(380, self.w(s0l1)),
            f1(381, self.t(s0l1)),
            f1(382, self.l(s0l1)),
            f1(383, self.w(s0r1)),
            f1(384, self.t(s0r1)),
            f1(385, self.l(s0r1)),
            f1(386, self.w(b0l1)),
            f1(387, self.t(b0l1)),
            f1(388, self.l(b0l1)),
            f2(389, self.t(s1r1), self.l(s1r1)),
            f2(390, self.t(s1l1), self.l(s1l1)),
            f3(391, s0t, self.l(s0l1), self.l(s0l2)),
            f3(392, s0t, self.l(s0r1), self.l(s0r2)),
            f3(393, b0t, self.l(b0l1), self.l(b0l2)),
            f3(394, s0t, self.t(s0l1), self.t(s0l2)),
            f3(395, s0t, self.t(s0r1), self.t(s0r2)),
            f3(396, s1t, self.l(s1l1), self.l(s1r1)),
            f2(397, s0w, self.l(s0r1)),
            f2(398, s0w, self.l(s0l1)),
            f2(399, b0w, self.l(b0l1)),
            // label sets
            f2(400, s0t, ls(s0)),
            f2(401, s0t, rs(s0)),
            f2(402, b0t, ls(b0)),
            f2(403, s1t, ls(s1)),
            f3(404, s1t, ls(s1), s0t),
            f3(405, s1w, ls(s1), s0t),
            f3(406, s0w, ls(s0), b0t),
            f3(407, s1t, rs(s1), s0t),
        ]);
    }

    /// Costs of SHIFT, LEFT and RIGHT (label ignored) against gold heads,
    /// and whether a LEFT/RIGHT would attach to the gold head.
    fn costs(&self, gh: &[usize]) -> ([u32; 3], [bool; 3]) {
        let s0 = self.s(0);
        let s1 = self.s(1);
        let b = self.b;
        let in_buf = |x: usize| x >= b && x <= self.n && x != NO;
        let mut c = [0u32; 3];
        let mut right_head = [false; 3];
        if self.legal(0) {
            // SHIFT: b loses heads in stack other than s0, and dependents in stack.
            let mut k = 0;
            for (i, &x) in self.stack.iter().enumerate() {
                if gh[b] == x && i + 1 != self.stack.len() {
                    k += 1;
                }
                if x != 0 && gh[x] == b {
                    k += 1;
                }
            }
            c[0] = k;
        }
        if s0 != NO && s0 != 0 {
            let deps = (b..=self.n).filter(|&d| gh[d] == s0).count() as u32;
            // LEFT: s0 → head b.
            if self.legal(1) {
                let lost_head = gh[s0] != b && (gh[s0] == s1 || in_buf(gh[s0]));
                c[1] = deps + lost_head as u32;
                right_head[1] = gh[s0] == b;
            }
            if self.legal(2) {
                let lost_head = in_buf(gh[s0]);
                c[2] = deps + lost_head as u32;
                right_head[2] = gh[s0] == s1;
            }
        }
        (c, right_head)
    }
}

/// Reusable buffers for parsing.
#[derive(Default)]
pub struct ParseScratch {
    feats: Vec<u64>,
    scores: Vec<i32>,
}

impl Parser {
    /// The label name of id `l`.
    pub fn label(&self, l: u16) -> &str {
        self.labels.get(l as usize).map_or("dep", String::as_str)
    }

    fn best_legal(st: &State, scores: &[i32]) -> usize {
        let mut best = NO;
        let mut bv = i32::MIN;
        for (a, &v) in scores.iter().enumerate() {
            let kind = if a == 0 { 0 } else { 2 - (a % 2) };
            if (best == NO || v > bv) && st.legal(kind) {
                best = a;
                bv = v;
            }
        }
        best
    }

    /// Parses one sentence.
    pub fn parse(&self, inp: &[Input], sc: &mut ParseScratch) -> Parse {
        let mut st = State::new(inp);
        let nc = self.model.n_classes();
        while !st.done() {
            st.features(&mut sc.feats);
            sc.scores.clear();
            sc.scores.resize(nc, 0);
            self.model.score(&sc.feats, &mut sc.scores);
            let a = Self::best_legal(&st, &sc.scores);
            if a == NO {
                break;
            }
            st.apply(a);
        }
        let mut heads = st.heads;
        for h in heads.iter_mut().skip(1) {
            if *h == NO {
                *h = 0;
            }
        }
        let mut labels = st.labels;
        for l in labels.iter_mut() {
            if *l == u16::MAX {
                *l = 0;
            }
        }
        Parse { heads, labels }
    }

    /// Loads a parser file.
    pub fn load(path: &Path) -> Result<Parser> {
        let bytes = read_file(path)?;
        Self::from_bytes(&bytes, path)
    }

    /// Reads a parser from the bytes of a model file.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Parser> {
        let (lang, mut r) = Reader::open(bytes, Kind::Parser, path)?;
        let labels = r.strs()?;
        let model = Linear::read(&mut r)?;
        if model.n_classes() != 1 + 2 * labels.len() {
            return Err(Error::BadModel {
                path: path.to_path_buf(),
                message: "class count does not match the labels".into(),
            });
        }
        Ok(Parser {
            lang,
            labels,
            model,
        })
    }

    /// A copy with weights below `prune` thousandths of the largest dropped.
    pub fn pruned(&self, prune: f32) -> Parser {
        Parser {
            lang: self.lang.clone(),
            labels: self.labels.clone(),
            model: self.model.pruned(prune),
        }
    }

    /// Writes the parser file.
    pub fn save(&self, path: &Path) -> Result<()> {
        let mut w = Writer::default();
        w.strs(&self.labels);
        self.model.write(&mut w);
        w.save(path, Kind::Parser, &self.lang)
    }

    /// Trains on `train`, whose UPOS/FEATS should be predicted ones
    /// (jackknifed) so that training matches run-time conditions; `dev`
    /// (gold or predicted tags) picks the best epoch by LAS.
    pub fn train(
        lang: &str,
        train: &[Sentence],
        dev: &[Sentence],
        epochs: usize,
        prune: f32,
        log: &mut dyn FnMut(&str),
    ) -> Parser {
        let mut labels: Vec<String> = Vec::new();
        let mut lix: HashMap<String, u16> = HashMap::new();
        for s in train {
            for w in &s.words {
                lix.entry(w.deprel.clone()).or_insert_with(|| {
                    labels.push(w.deprel.clone());
                    (labels.len() - 1) as u16
                });
            }
        }
        let nc = 1 + 2 * labels.len();
        let data: Vec<(Vec<Input>, Vec<usize>, Vec<u16>)> = train
            .iter()
            .filter(|s| !s.words.is_empty())
            .map(|s| {
                let inp = s
                    .words
                    .iter()
                    .map(|w| Input::new(&w.form, &w.upos, &w.feats))
                    .collect();
                let mut gh = vec![0usize];
                gh.extend(s.words.iter().map(|w| w.head.min(s.words.len())));
                let mut gl = vec![0u16];
                gl.extend(s.words.iter().map(|w| lix[&w.deprel]));
                projectivize(&mut gh);
                (inp, gh, gl)
            })
            .collect();
        let mut t = Trainer::new(nc);
        let mut rng = Rng(0xda7a);
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut fv = Vec::new();
        let mut scores = vec![0f32; nc];
        let mut me = Parser {
            lang: lang.to_string(),
            labels,
            model: Trainer::new(nc).finish(0.0),
        };
        let mut best: Option<(f64, Linear)> = None;
        for ep in 0..epochs {
            rng.shuffle(&mut order);
            let (mut errs, mut steps) = (0usize, 0usize);
            for &si in &order {
                let (inp, gh, gl) = &data[si];
                let mut st = State::new(inp);
                while !st.done() {
                    st.features(&mut fv);
                    scores.iter_mut().for_each(|s| *s = 0.0);
                    t.score(&fv, &mut scores);
                    let (c, rh) = st.costs(gh);
                    let cost = |a: usize| -> u32 {
                        let kind = if a == 0 { 0 } else { 2 - (a % 2) };
                        let mut k = c[kind];
                        if kind > 0 && rh[kind] {
                            let d = st.s(0);
                            if ((a - 1) / 2) as u16 != gl[d] {
                                k += 1;
                            }
                        }
                        k
                    };
                    let legal = |a: usize| {
                        let kind = if a == 0 { 0 } else { 2 - (a % 2) };
                        st.legal(kind)
                    };
                    let mut pred = NO;
                    let mut gold = NO;
                    let mut min_cost = u32::MAX;
                    for a in 0..nc {
                        if legal(a) {
                            min_cost = min_cost.min(cost(a));
                        }
                    }
                    for a in 0..nc {
                        if !legal(a) {
                            continue;
                        }
                        if pred == NO || scores[a] > scores[pred] {
                            pred = a;
                        }
                        if cost(a) == min_cost && (gold == NO || scores[a] > scores[gold]) {
                            gold = a;
                        }
                    }
                    if pred == NO {
                        break;
                    }
                    steps += 1;
                    if cost(pred) > min_cost {
                        errs += 1;
                        t.update(&fv, gold, pred);
                    }
                    t.tick();
                    let follow = if ep > 0 && !rng.next_u64().is_multiple_of(10) {
                        pred
                    } else {
                        gold
                    };
                    st.apply(follow);
                }
            }
            me.model = t.finish(prune);
            let (uas, las) = me.attachment(dev);
            log(&format!(
                "epoch {}: train errors {:.2}% | dev UAS {uas:.2} LAS {las:.2} | {} features",
                ep + 1,
                100.0 * errs as f64 / steps.max(1) as f64,
                me.model.n_features()
            ));
            if best.as_ref().is_none_or(|b| las > b.0) || dev.is_empty() {
                best = Some((
                    las,
                    std::mem::replace(&mut me.model, Trainer::new(nc).finish(0.0)),
                ));
            }
        }
        if let Some((_, m)) = best {
            me.model = m;
        }
        me
    }

    /// UAS and LAS (%; universal relation part) with the tags in `data`.
    pub fn attachment(&self, data: &[Sentence]) -> (f64, f64) {
        let mut sc = ParseScratch::default();
        let (mut u, mut l, mut n) = (0usize, 0usize, 0usize);
        for s in data {
            let inp: Vec<Input> = s
                .words
                .iter()
                .map(|w| Input::new(&w.form, &w.upos, &w.feats))
                .collect();
            let p = self.parse(&inp, &mut sc);
            for (i, w) in s.words.iter().enumerate() {
                n += 1;
                if p.heads[i + 1] == w.head {
                    u += 1;
                    let sys = self.label(p.labels[i + 1]);
                    if universal(sys) == universal(&w.deprel) {
                        l += 1;
                    }
                }
            }
        }
        let n = n.max(1) as f64;
        (100.0 * u as f64 / n, 100.0 * l as f64 / n)
    }
}

/// The universal part of a relation (`nsubj:pass` → `nsubj`).
pub fn universal(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

/// Lifts non-projective arcs (head := grandparent) until the tree is
/// projective. `heads[0]` is the root placeholder; heads are 1-based.
pub fn projectivize(heads: &mut [usize]) {
    let n = heads.len();
    let dominated = |heads: &[usize], h: usize, mut k: usize| -> bool {
        let mut steps = 0;
        while k != 0 && steps <= n {
            if k == h {
                return true;
            }
            k = heads[k];
            steps += 1;
        }
        h == 0
    };
    for _ in 0..n * 2 {
        let mut changed = false;
        for d in 1..n {
            let h = heads[d];
            let (a, b) = if h < d { (h, d) } else { (d, h) };
            let np = (a + 1..b).any(|k| !dominated(heads, h, k));
            if np && h != 0 {
                heads[d] = heads[h];
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projectivize_lifts_crossing_arcs() {
        // 1←3, 2→4 crossing: heads [_, 3, 0, 2, 2] with 4 attached across.
        let mut h = vec![0, 3, 0, 2, 1];
        projectivize(&mut h);
        for d in 1..h.len() {
            let (a, b) = if h[d] < d { (h[d], d) } else { (d, h[d]) };
            for k in a + 1..b {
                let mut x = k;
                let mut ok = false;
                for _ in 0..10 {
                    if x == h[d] {
                        ok = true;
                        break;
                    }
                    if x == 0 {
                        break;
                    }
                    x = h[x];
                }
                assert!(ok || h[d] == 0, "arc {}→{d} still crosses {k}", h[d]);
            }
        }
    }
}
