//! Online story grouping. Documents arrive in publication order; each one
//! joins the best-scoring story among a few blocked candidates or starts a
//! new one; a document that fits two stories well merges them.
//!
//! Invariant: a document is compared only with stories found through its
//! entity keys and its most distinctive terms, among stories active within
//! the time window (undated documents and stories are never out of window):
//! cost per document is bounded by `max_candidates`, not by corpus size.
//! Invariant: memory is bounded by what the window holds: a story whose last
//! document is older than the window is closed and its centroid dropped.

use crate::copies::{self, LshIndex, Signature};
use crate::features::{DocFeatures, MD_YEAR_DAYS};
use std::collections::{HashMap, VecDeque};

/// Tuning of the grouper (defaults tuned on ECB+ train/dev topics and the
/// French/English fixtures; see docs/stories.md).
#[derive(Debug, Clone)]
pub struct Config {
    /// A story stays open this many days after its last document.
    pub window_days: i64,
    /// Minimum score to join a story.
    pub threshold: f64,
    /// Minimum score for a second story to be merged into the joined one.
    pub merge_threshold: f64,
    /// Weight of entity similarity (idf-weighted cosine over corpus keys).
    pub w_entities: f64,
    /// Weight of text similarity (tf-idf cosine over lemmas, same language).
    pub w_text: f64,
    /// Weight of a shared day date (other than the publication day).
    pub w_dates: f64,
    /// Penalty when the document and the story both give day dates and
    /// none of the document's lies within the window of one of the story's
    /// (another happening of the same kind, at another time).
    pub w_date_clash: f64,
    /// Weight of a shared event signature (type, actor, target).
    pub w_events: f64,
    /// Weight of shared numbers.
    pub w_numbers: f64,
    /// Estimated shingle Jaccard at or above which a document is a copy.
    pub copy_jaccard: f64,
    /// Stories scored per document at most.
    pub max_candidates: usize,
    /// Distinctive terms of a document used to find candidates.
    pub query_terms: usize,
    /// Most recent stories kept per posting list.
    pub max_postings: usize,
    /// Terms kept in a story centroid.
    pub centroid_terms: usize,
    /// Recent documents kept for copy and translation detection at most.
    pub max_recent: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            window_days: 7,
            threshold: 0.25,
            merge_threshold: 0.6,
            w_entities: 0.6,
            w_text: 0.4,
            w_dates: 0.10,
            w_date_clash: 0.2,
            w_events: 0.10,
            w_numbers: 0.05,
            copy_jaccard: 0.5,
            max_candidates: 64,
            query_terms: 12,
            max_postings: 48,
            centroid_terms: 400,
            max_recent: 20_000,
        }
    }
}

/// Where a document went.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// The story it joined or started (its current canonical id).
    pub story: usize,
    /// The id of the earlier document it copies or translates.
    pub copy_of: Option<String>,
    /// True when `copy_of` is a translation (another language).
    pub translation: bool,
    /// Stories merged into `story` because of this document.
    pub merged: Vec<usize>,
    /// The score with which it joined (0 for a new story).
    pub score: f64,
}

#[derive(Debug, Default)]
struct StoryState {
    docs: u32,
    /// Norms of the idf-weighted centroids, refreshed when the story changes.
    ent_norm: f64,
    term_norm: f64,
    /// Documents seen by the grouper when the norms were computed.
    norm_at: u32,
    last_day: Option<i64>,
    entities: HashMap<u64, f32>,
    terms: HashMap<u64, f32>,
    dates: HashMap<i64, u32>,
    /// Month-days of all its dates, and of those without a year.
    mds: HashMap<i64, u32>,
    partial_mds: HashMap<i64, u32>,
    numbers: HashMap<u64, u32>,
    events: HashMap<u64, u32>,
    languages: HashMap<String, u32>,
    recent: Vec<usize>,
}

struct Recent {
    id: String,
    day: Option<i64>,
    story: usize,
    language: String,
    signature: Option<Signature>,
    entities: Vec<u64>,
    numbers: Vec<u64>,
    dates: Vec<i64>,
    copy_of: Option<String>,
}

/// The online grouper.
pub struct Grouper {
    cfg: Config,
    /// Open stories (None once closed or merged away).
    stories: Vec<Option<StoryState>>,
    /// Union-find parent of every story id ever made.
    parent: Vec<usize>,
    ent_postings: HashMap<u64, VecDeque<usize>>,
    term_postings: HashMap<u64, VecDeque<usize>>,
    df_ent: HashMap<u64, u32>,
    df_term: HashMap<u64, u32>,
    n_docs: u32,
    recent: VecDeque<Recent>,
    recent_base: usize,
    lsh: LshIndex,
    now: Option<i64>,
    /// Day of the last clean-up of postings and LSH buckets.
    swept: Option<i64>,
    doc_story: Vec<usize>,
    doc_ids: Vec<String>,
}

fn idf(df: &HashMap<u64, u32>, n: u32, k: u64) -> f64 {
    let d = f64::from(df.get(&k).copied().unwrap_or(0));
    ((f64::from(n) + 1.0) / (d + 1.0)).ln() + 1.0
}

/// Cosine of a document vector (sparse, sorted) and a story centroid, both
/// idf-weighted; document counts and centroid sums are square-rooted.
fn cosine(
    doc: &[(u64, f32)],
    story: &HashMap<u64, f32>,
    ns: f64,
    df: &HashMap<u64, u32>,
    n: u32,
) -> f64 {
    if doc.is_empty() || story.is_empty() {
        return 0.0;
    }
    let (mut dot, mut nd) = (0.0, 0.0);
    for (k, c) in doc {
        let w = f64::from(*c).sqrt() * idf(df, n, *k);
        nd += w * w;
        if let Some(s) = story.get(k) {
            dot += w * f64::from(*s).sqrt() * idf(df, n, *k);
        }
    }
    if dot == 0.0 || ns == 0.0 {
        return 0.0;
    }
    (dot / (nd.sqrt() * ns)).min(1.0)
}

/// Norm of an idf-weighted centroid (idf as of now: cached in the story and
/// refreshed whenever the story changes).
fn norm(story: &HashMap<u64, f32>, df: &HashMap<u64, u32>, n: u32) -> f64 {
    story
        .iter()
        .map(|(k, s)| {
            let w = f64::from(*s).sqrt() * idf(df, n, *k);
            w * w
        })
        .sum::<f64>()
        .sqrt()
}

impl Grouper {
    /// A grouper with the given configuration.
    pub fn new(cfg: Config) -> Self {
        Grouper {
            cfg,
            stories: Vec::new(),
            parent: Vec::new(),
            ent_postings: HashMap::new(),
            term_postings: HashMap::new(),
            df_ent: HashMap::new(),
            df_term: HashMap::new(),
            n_docs: 0,
            recent: VecDeque::new(),
            recent_base: 0,
            lsh: LshIndex::default(),
            now: None,
            swept: None,
            doc_story: Vec::new(),
            doc_ids: Vec::new(),
        }
    }

    /// The canonical id of a story (after merges).
    pub fn find(&self, mut s: usize) -> usize {
        while let Some(&p) = self.parent.get(s) {
            if p == s {
                break;
            }
            s = p;
        }
        s
    }

    /// Documents seen so far.
    pub fn len(&self) -> usize {
        self.doc_ids.len()
    }

    /// True before the first document.
    pub fn is_empty(&self) -> bool {
        self.doc_ids.is_empty()
    }

    /// Stories currently open (holding a centroid in memory).
    pub fn open_stories(&self) -> usize {
        self.stories.iter().filter(|s| s.is_some()).count()
    }

    /// Every document id seen with its current story id, in arrival order.
    pub fn assignments(&self) -> Vec<(String, usize)> {
        self.doc_ids
            .iter()
            .zip(&self.doc_story)
            .map(|(d, s)| (d.clone(), self.find(*s)))
            .collect()
    }

    /// A story whose last document is `last` (last day of its period) is
    /// open for a document published from `day`.
    fn in_window(&self, last: Option<i64>, day: Option<i64>) -> bool {
        match (last, day) {
            (Some(a), Some(b)) => b - a <= self.cfg.window_days,
            _ => true,
        }
    }

    /// Adds one document (documents should come in publication order).
    pub fn add(&mut self, f: &DocFeatures) -> Assignment {
        if let Some(d) = f.day {
            if self.now.is_none_or(|n| d > n) {
                self.now = Some(d);
                self.expire();
            }
        }
        // copies first: a near-duplicate joins its original's story
        let mut copy: Option<(usize, bool)> = None;
        if let Some(sig) = &f.signature {
            let mut best = (0.0, None);
            for i in self.lsh.candidates(sig) {
                let Some(r) = i
                    .checked_sub(self.recent_base)
                    .and_then(|k| self.recent.get(k))
                else {
                    continue;
                };
                if let Some(rs) = &r.signature {
                    let j = copies::jaccard(sig, rs);
                    if j >= self.cfg.copy_jaccard && j > best.0 {
                        best = (j, Some(i));
                    }
                }
            }
            if let Some(i) = best.1 {
                copy = Some((i, false));
            }
        }
        let mut ent_keys: Vec<u64> = f.entities.iter().map(|p| p.0).collect();
        ent_keys.sort_unstable();

        let (story, score, merged) = if let Some(s) = copy
            .and_then(|(i, _)| self.recent_at(i))
            .map(|r| self.find(r.story))
            .filter(|s| self.stories.get(*s).is_some_and(Option::is_some))
        {
            (s, 1.0, Vec::new())
        } else {
            self.choose(f)
        };
        self.finish(f, story, score, merged, copy, ent_keys)
    }

    /// Replays a document already grouped (a stored one): it joins `story`
    /// when that story is still open, else starts a new story; it keeps the
    /// copy link found when it was grouped. Returns its story.
    pub fn add_known(
        &mut self,
        f: &DocFeatures,
        story: Option<usize>,
        copy_of: Option<String>,
    ) -> usize {
        if let Some(d) = f.day {
            if self.now.is_none_or(|n| d > n) {
                self.now = Some(d);
                self.expire();
            }
        }
        let mut ent_keys: Vec<u64> = f.entities.iter().map(|p| p.0).collect();
        ent_keys.sort_unstable();
        let open = story
            .map(|s| self.find(s))
            .filter(|s| self.stories.get(*s).is_some_and(Option::is_some));
        let s = match open {
            Some(s) => s,
            None => {
                let s = self.stories.len();
                self.stories.push(Some(StoryState::default()));
                self.parent.push(s);
                s
            }
        };
        self.record(f, s, ent_keys, copy_of);
        s
    }

    fn finish(
        &mut self,
        f: &DocFeatures,
        story: usize,
        score: f64,
        merged: Vec<usize>,
        mut copy: Option<(usize, bool)>,
        ent_keys: Vec<u64>,
    ) -> Assignment {
        // translations: same entities, dates and numbers, another language
        if copy.is_none() {
            if let Some(Some(st)) = self.stories.get(story) {
                for &i in st.recent.iter().rev() {
                    let Some(r) = self.recent_at(i) else { continue };
                    if r.language != f.language
                        && copies::looks_translated(
                            &ent_keys,
                            &r.entities,
                            &f.numbers,
                            &r.numbers,
                            &f.dates,
                            &r.dates,
                        )
                    {
                        copy = Some((i, true));
                        break;
                    }
                }
            }
        }
        let copy_of = copy.and_then(|(i, _)| {
            self.recent_at(i)
                .map(|r| r.copy_of.clone().unwrap_or_else(|| r.id.clone()))
        });
        let translation = copy.is_some_and(|c| c.1);
        self.record(f, story, ent_keys, copy_of.clone());
        Assignment {
            story,
            copy_of,
            translation,
            merged,
            score,
        }
    }

    /// Absorbs a document into a story and remembers it.
    fn record(
        &mut self,
        f: &DocFeatures,
        story: usize,
        ent_keys: Vec<u64>,
        copy_of: Option<String>,
    ) {
        self.absorb(story, f);
        // df after scoring
        self.n_docs += 1;
        for (k, _) in &f.entities {
            *self.df_ent.entry(*k).or_default() += 1;
        }
        for (k, _) in &f.terms {
            *self.df_term.entry(*k).or_default() += 1;
        }
        let idx = self.recent_base + self.recent.len();
        if let Some(sig) = &f.signature {
            self.lsh.insert(sig, idx);
        }
        self.recent.push_back(Recent {
            id: f.id.clone(),
            day: f.day,
            story,
            language: f.language.clone(),
            signature: f.signature.clone(),
            entities: ent_keys,
            numbers: f.numbers.clone(),
            dates: f.dates.clone(),
            copy_of,
        });
        if let Some(Some(st)) = self.stories.get_mut(story) {
            st.recent.push(idx);
            if st.recent.len() > 64 {
                st.recent.remove(0);
            }
        }
        if self.recent.len() > self.cfg.max_recent {
            self.pop_recent();
        }
        self.doc_story.push(story);
        self.doc_ids.push(f.id.clone());
    }

    fn recent_at(&self, i: usize) -> Option<&Recent> {
        i.checked_sub(self.recent_base)
            .and_then(|k| self.recent.get(k))
    }

    fn pop_recent(&mut self) {
        if self.recent.pop_front().is_some() {
            self.recent_base += 1;
        }
    }

    /// Closes stories and forgets documents that fell out of the window.
    fn expire(&mut self) {
        let Some(now) = self.now else { return };
        let limit = now - self.cfg.window_days;
        while self
            .recent
            .front()
            .is_some_and(|r| r.day.is_some_and(|d| d < limit))
        {
            self.pop_recent();
        }
        // closed stories and old documents are skipped where met; the
        // indexes are swept once per window (amortized)
        if self
            .swept
            .is_some_and(|s| now - s < self.cfg.window_days.max(1))
        {
            return;
        }
        self.swept = Some(now);
        let base = self.recent_base;
        self.lsh.retain(|i| i >= base);
        let mut closed = false;
        for s in self.stories.iter_mut() {
            if s.as_ref()
                .is_some_and(|st| st.last_day.is_some_and(|d| d < limit))
            {
                *s = None;
                closed = true;
            }
        }
        if closed {
            let open: Vec<bool> = self.stories.iter().map(Option::is_some).collect();
            let keep = |v: &mut VecDeque<usize>| {
                v.retain(|s| open.get(*s).copied().unwrap_or(false));
                !v.is_empty()
            };
            self.ent_postings.retain(|_, v| keep(v));
            self.term_postings.retain(|_, v| keep(v));
        }
    }

    /// Distinctive terms of the document, by tf-idf.
    fn query_terms(&self, f: &DocFeatures) -> Vec<u64> {
        let mut t: Vec<(f64, u64)> = f
            .terms
            .iter()
            .map(|(k, c)| {
                (
                    f64::from(*c).sqrt() * idf(&self.df_term, self.n_docs, *k),
                    *k,
                )
            })
            .collect();
        t.sort_by(|a, b| b.0.total_cmp(&a.0));
        t.into_iter()
            .take(self.cfg.query_terms)
            .map(|p| p.1)
            .collect()
    }

    /// The document and the story both give dates and none of the
    /// document's lies within the window of one of the story's: full dates
    /// compare by day, a date without a year by month-day (either way round).
    fn date_clash(&self, f: &DocFeatures, st: &StoryState) -> bool {
        let has_f = !f.dates.is_empty() || !f.partial_mds.is_empty();
        let has_s = !st.dates.is_empty() || !st.partial_mds.is_empty();
        if !has_f || !has_s {
            return false;
        }
        let w = self.cfg.window_days;
        let near = |m: &HashMap<i64, u32>, x: i64, wrap: bool| {
            (-w..=w).any(|o| {
                let k = if wrap {
                    (x + o).rem_euclid(MD_YEAR_DAYS)
                } else {
                    x + o
                };
                m.contains_key(&k)
            })
        };
        let compatible = f.dates.iter().any(|&d| near(&st.dates, d, false))
            || f.partial_mds.iter().any(|&m| near(&st.mds, m, true))
            || f.date_mds.iter().any(|&m| near(&st.partial_mds, m, true));
        !compatible
    }

    fn score(&self, f: &DocFeatures, st: &StoryState) -> f64 {
        let c = &self.cfg;
        let ent = cosine(
            &f.entities,
            &st.entities,
            st.ent_norm,
            &self.df_ent,
            self.n_docs,
        );
        let same_lang = st.languages.contains_key(&f.language);
        let txt = if same_lang {
            cosine(
                &f.terms,
                &st.terms,
                st.term_norm,
                &self.df_term,
                self.n_docs,
            )
        } else {
            0.0
        };
        let date = if f.dates.iter().any(|d| st.dates.contains_key(d))
            || f.partial_mds.iter().any(|m| st.mds.contains_key(m))
            || f.date_mds.iter().any(|m| st.partial_mds.contains_key(m))
        {
            1.0
        } else {
            0.0
        };
        let clash = if self.date_clash(f, st) { 1.0 } else { 0.0 };
        let ev = if f.events.iter().any(|e| st.events.contains_key(e)) {
            1.0
        } else {
            0.0
        };
        let shared_nums = f
            .numbers
            .iter()
            .filter(|n| st.numbers.contains_key(n))
            .count();
        let num = (shared_nums as f64 / 2.0).min(1.0);
        let extra = c.w_dates * date + c.w_events * ev + c.w_numbers * num - c.w_date_clash * clash;
        // one kind of evidence missing on a side (no entity found in the
        // document or the story, or another language) is no evidence
        // against: the other kind is rescaled to the same range
        let one_kind = 0.85 * (c.w_entities + c.w_text);
        if same_lang && (f.entities.is_empty() || st.entities.is_empty()) {
            one_kind * txt + extra
        } else if same_lang {
            c.w_entities * ent + c.w_text * txt + extra
        } else {
            // across languages only language-independent evidence counts,
            // rescaled to the same range
            (c.w_entities * ent) / (c.w_entities + 1e-9) * (c.w_entities + c.w_text) * 0.85 + extra
        }
    }

    fn choose(&mut self, f: &DocFeatures) -> (usize, f64, Vec<usize>) {
        let mut hits: HashMap<usize, u32> = HashMap::new();
        for (k, _) in &f.entities {
            if let Some(v) = self.ent_postings.get(k) {
                for s in v {
                    *hits.entry(self.find(*s)).or_default() += 2;
                }
            }
        }
        for k in self.query_terms(f) {
            if let Some(v) = self.term_postings.get(&k) {
                for s in v {
                    *hits.entry(self.find(*s)).or_default() += 1;
                }
            }
        }
        let mut cands: Vec<(u32, usize)> = hits.into_iter().map(|(s, h)| (h, s)).collect();
        cands.sort_unstable_by(|a, b| b.cmp(a));
        cands.truncate(self.cfg.max_candidates);
        // refresh centroid norms whose idf has drifted (corpus grew by more
        // than a twentieth since they were computed)
        let n = self.n_docs;
        for &(_, s) in &cands {
            if let Some(Some(st)) = self.stories.get_mut(s) {
                if n > st.norm_at + st.norm_at / 20 + 1 {
                    st.ent_norm = norm(&st.entities, &self.df_ent, n);
                    st.term_norm = norm(&st.terms, &self.df_term, n);
                    st.norm_at = n;
                }
            }
        }
        let mut scored: Vec<(f64, usize)> = cands
            .into_iter()
            .filter_map(|(_, s)| {
                let st = self.stories.get(s)?.as_ref()?;
                if !self.in_window(st.last_day, f.day) {
                    return None;
                }
                Some((self.score(f, st), s))
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        match scored.first() {
            Some(&(best, s)) if best >= self.cfg.threshold => {
                let mut merged = Vec::new();
                for &(sc, other) in &scored[1..] {
                    if sc >= self.cfg.merge_threshold {
                        self.merge(s, other);
                        merged.push(other);
                    }
                }
                (s, best, merged)
            }
            _ => {
                let s = self.stories.len();
                self.stories.push(Some(StoryState::default()));
                self.parent.push(s);
                (s, 0.0, Vec::new())
            }
        }
    }

    fn merge(&mut self, into: usize, other: usize) {
        let Some(Some(o)) = self.stories.get_mut(other).map(Option::take) else {
            return;
        };
        if let Some(p) = self.parent.get_mut(other) {
            *p = into;
        }
        if let Some(Some(st)) = self.stories.get_mut(into) {
            st.docs += o.docs;
            st.last_day = st.last_day.max(o.last_day);
            for (k, v) in o.entities {
                *st.entities.entry(k).or_default() += v;
            }
            for (k, v) in o.terms {
                *st.terms.entry(k).or_default() += v;
            }
            for (k, v) in o.dates {
                *st.dates.entry(k).or_default() += v;
            }
            for (k, v) in o.mds {
                *st.mds.entry(k).or_default() += v;
            }
            for (k, v) in o.partial_mds {
                *st.partial_mds.entry(k).or_default() += v;
            }
            for (k, v) in o.numbers {
                *st.numbers.entry(k).or_default() += v;
            }
            for (k, v) in o.events {
                *st.events.entry(k).or_default() += v;
            }
            for (k, v) in o.languages {
                *st.languages.entry(k).or_default() += v;
            }
            st.recent.extend(o.recent);
            st.ent_norm = norm(&st.entities, &self.df_ent, self.n_docs);
            st.term_norm = norm(&st.terms, &self.df_term, self.n_docs);
            st.norm_at = self.n_docs;
        }
        let keys: Vec<u64> = self
            .stories
            .get(into)
            .and_then(Option::as_ref)
            .map(|st| st.entities.keys().copied().collect())
            .unwrap_or_default();
        for k in keys {
            Self::post(&mut self.ent_postings, k, into, self.cfg.max_postings);
        }
    }

    fn post(p: &mut HashMap<u64, VecDeque<usize>>, k: u64, s: usize, cap: usize) {
        let v = p.entry(k).or_default();
        if v.back() == Some(&s) {
            return;
        }
        v.retain(|x| *x != s);
        v.push_back(s);
        if v.len() > cap {
            v.pop_front();
        }
    }

    fn absorb(&mut self, s: usize, f: &DocFeatures) {
        let qt = self.query_terms(f);
        let cap = self.cfg.centroid_terms;
        let Some(Some(st)) = self.stories.get_mut(s) else {
            return;
        };
        st.docs += 1;
        if let Some(d) = f.day_hi.or(f.day) {
            st.last_day = Some(st.last_day.map_or(d, |l| l.max(d)));
        }
        for (k, c) in &f.entities {
            *st.entities.entry(*k).or_default() += c;
        }
        for (k, c) in &f.terms {
            *st.terms.entry(*k).or_default() += c;
        }
        if st.terms.len() > 2 * cap {
            let mut v: Vec<(u64, f32)> = st.terms.drain().collect();
            v.sort_by(|a, b| b.1.total_cmp(&a.1));
            v.truncate(cap);
            st.terms = v.into_iter().collect();
        }
        for d in &f.dates {
            *st.dates.entry(*d).or_default() += 1;
        }
        for m in f.date_mds.iter().chain(&f.partial_mds) {
            *st.mds.entry(*m).or_default() += 1;
        }
        for m in &f.partial_mds {
            *st.partial_mds.entry(*m).or_default() += 1;
        }
        for n in &f.numbers {
            *st.numbers.entry(*n).or_default() += 1;
        }
        for e in &f.events {
            *st.events.entry(*e).or_default() += 1;
        }
        *st.languages.entry(f.language.clone()).or_default() += 1;
        st.ent_norm = norm(&st.entities, &self.df_ent, self.n_docs);
        st.term_norm = norm(&st.terms, &self.df_term, self.n_docs);
        st.norm_at = self.n_docs;
        let mp = self.cfg.max_postings;
        for (k, _) in &f.entities {
            Self::post(&mut self.ent_postings, *k, s, mp);
        }
        for k in qt {
            Self::post(&mut self.term_postings, k, s, mp);
        }
    }
}
