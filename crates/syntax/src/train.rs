//! Training entry points: loading treebanks and training the models.

use crate::error::{Error, Result};
use crate::tagger::TagScratch;
use crate::{Lemmatizer, Parser, Tagger};
use newsgraph_doc::conllu::{self, Sentence};
use std::path::{Path, PathBuf};

/// Which model(s) to train.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    /// The tagger.
    Tagger,
    /// The lemmatizer.
    Lemmatizer,
    /// The parser.
    Parser,
    /// All three, into a directory.
    All,
}

/// Reads and concatenates CoNLL-U files.
pub fn load_conllu(paths: &[PathBuf]) -> Result<Vec<Sentence>> {
    let mut out = Vec::new();
    for p in paths {
        let src = std::fs::read_to_string(p).map_err(|source| Error::Io {
            path: p.clone(),
            source,
        })?;
        let mut s = conllu::parse(&src).map_err(|e| Error::Data {
            path: p.clone(),
            message: e.to_string(),
        })?;
        out.append(&mut s);
    }
    Ok(out)
}

/// Trains `what` and writes the model(s) to `out`. `prune` drops parser
/// weights below `prune`‰ of the largest (default 1).
#[allow(clippy::too_many_arguments)]
pub fn train(
    what: What,
    lang: &str,
    train: &[Sentence],
    dev: &[Sentence],
    epochs: Option<usize>,
    prune: Option<f32>,
    out: &Path,
    log: &mut dyn FnMut(&str),
) -> Result<()> {
    let file = |name: &str| {
        if what == What::All {
            out.join(name)
        } else {
            out.to_path_buf()
        }
    };
    let mut tagger = None;
    if matches!(what, What::Tagger | What::All) {
        let t = Tagger::train(lang, train, dev, epochs.unwrap_or(TAGGER_EPOCHS), log);
        t.save(&file("tagger.bin"))?;
        tagger = Some(t);
    }
    if matches!(what, What::Lemmatizer | What::All) {
        let l = Lemmatizer::train(lang, train, dev, epochs.unwrap_or(8), log);
        l.save(&file("lemmatizer.bin"))?;
    }
    if matches!(what, What::Parser | What::All) {
        let tagger = match tagger {
            Some(t) => t,
            None => {
                log("training a tagger for the dev tags");
                Tagger::train(lang, train, dev, TAGGER_EPOCHS, &mut |_| {})
            }
        };
        log("jackknifing tags over the training set (5 folds)");
        let jk = jackknife(lang, train, 5);
        let dev_tagged = retag(&tagger, dev);
        let p = Parser::train(
            lang,
            &jk,
            &dev_tagged,
            epochs.unwrap_or(PARSER_EPOCHS),
            prune.unwrap_or(1.0),
            log,
        );
        p.save(&file("parser.bin"))?;
    }
    Ok(())
}

/// Default tagger epochs.
pub const TAGGER_EPOCHS: usize = 12;
/// Default parser epochs.
pub const PARSER_EPOCHS: usize = 15;

/// A copy of `data` with UPOS and FEATS predicted by `tagger`.
pub fn retag(tagger: &Tagger, data: &[Sentence]) -> Vec<Sentence> {
    let mut sc = TagScratch::default();
    let mut out = Vec::new();
    data.iter()
        .map(|s| {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            tagger.tag(&forms, &mut sc, &mut out);
            let mut s2 = s.clone();
            for (w, t) in s2.words.iter_mut().zip(&out) {
                w.upos = tagger.upos_name(t.upos).to_string();
                w.feats = tagger.feats_name(t.feats).to_string();
            }
            s2
        })
        .collect()
}

/// `data` with tags predicted by taggers trained on the other `k - 1`
/// folds, so that the parser trains on realistic tagging errors.
pub fn jackknife(lang: &str, data: &[Sentence], k: usize) -> Vec<Sentence> {
    let mut out: Vec<Option<Sentence>> = vec![None; data.len()];
    for fold in 0..k {
        let train: Vec<Sentence> = data
            .iter()
            .enumerate()
            .filter(|(i, _)| i % k != fold)
            .map(|(_, s)| s.clone())
            .collect();
        let held: Vec<(usize, Sentence)> = data
            .iter()
            .enumerate()
            .filter(|(i, _)| i % k == fold)
            .map(|(i, s)| (i, s.clone()))
            .collect();
        let t = Tagger::train(lang, &train, &[], TAGGER_EPOCHS - 2, &mut |_| {});
        let sents: Vec<Sentence> = held.iter().map(|x| x.1.clone()).collect();
        for ((i, _), s) in held.iter().zip(retag(&t, &sents)) {
            out[*i] = Some(s);
        }
    }
    out.into_iter().flatten().collect()
}
