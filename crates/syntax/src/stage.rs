//! The pipeline stage: finds and loads a language's models once, then tags,
//! lemmatizes and parses every sentence of a document.

use crate::error::Result;
use crate::lemma::Lemmatizer;
use crate::parser::{Input, ParseScratch, Parser};
use crate::tagger::{Tag, TagScratch, Tagger};
use newsgraph_doc::Document;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The three models of one language.
pub struct Models {
    /// UPOS + FEATS.
    pub tagger: Tagger,
    /// Lemmas.
    pub lemmatizer: Lemmatizer,
    /// Dependencies.
    pub parser: Parser,
}

/// The analysis of one word.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Analysis {
    /// UPOS.
    pub upos: String,
    /// FEATS (`_` when none).
    pub feats: String,
    /// Lemma.
    pub lemma: String,
    /// Head, 1-based within the sentence; 0 for the root.
    pub head: usize,
    /// Relation.
    pub deprel: String,
}

/// Reusable buffers.
#[derive(Default)]
pub struct Scratch {
    tag: TagScratch,
    tags: Vec<Tag>,
    parse: ParseScratch,
    inputs: Vec<Input>,
    buf: Vec<u64>,
}

impl Models {
    /// Loads `tagger.bin`, `lemmatizer.bin` and `parser.bin` from `dir`.
    pub fn load_dir(dir: &Path) -> Result<Models> {
        Ok(Models {
            tagger: Tagger::load(&dir.join("tagger.bin"))?,
            lemmatizer: Lemmatizer::load(&dir.join("lemmatizer.bin"))?,
            parser: Parser::load(&dir.join("parser.bin"))?,
        })
    }

    /// Analyzes one sentence of word forms.
    pub fn analyze(&self, forms: &[&str], sc: &mut Scratch, out: &mut Vec<Analysis>) {
        out.clear();
        if forms.is_empty() {
            return;
        }
        self.tagger.tag(forms, &mut sc.tag, &mut sc.tags);
        sc.inputs.clear();
        for (f, t) in forms.iter().zip(&sc.tags) {
            let upos = self.tagger.upos_name(t.upos);
            let feats = self.tagger.feats_name(t.feats);
            sc.inputs.push(Input::new(f, upos, feats));
            out.push(Analysis {
                upos: upos.to_string(),
                feats: feats.to_string(),
                lemma: self.lemmatizer.lemma(f, upos, feats, &mut sc.buf),
                head: 0,
                deprel: String::new(),
            });
        }
        let p = self.parser.parse(&sc.inputs, &mut sc.parse);
        for (i, a) in out.iter_mut().enumerate() {
            a.head = p.heads.get(i + 1).copied().unwrap_or(0);
            a.deprel = if a.head == 0 {
                "root".to_string()
            } else {
                self.parser
                    .label(p.labels.get(i + 1).copied().unwrap_or(0))
                    .to_string()
            };
        }
        crate::incise::fix(&self.tagger.lang, forms, out);
    }

    /// Fills the syntax fields of every token of `doc`.
    pub fn annotate(&self, doc: &mut Document) {
        let mut sc = Scratch::default();
        let mut out = Vec::new();
        for si in 0..doc.sentences.len() {
            let [a, b] = doc.sentences[si].tokens;
            let b = b.min(doc.tokens.len());
            if a >= b {
                continue;
            }
            // The treebanks write apostrophes straight: the models see `l'`
            // for the press's `l’` (the document text is unchanged).
            let forms: Vec<String> = doc.tokens[a..b]
                .iter()
                .map(|t| t.text.replace('’', "'"))
                .collect();
            let refs: Vec<&str> = forms.iter().map(String::as_str).collect();
            self.analyze(&refs, &mut sc, &mut out);
            for (t, x) in doc.tokens[a..b].iter_mut().zip(out.drain(..)) {
                t.upos = Some(x.upos);
                t.feats = (x.feats != "_").then_some(x.feats);
                t.lemma = Some(x.lemma);
                t.head = (x.head > 0).then(|| a + x.head - 1);
                t.deprel = Some(x.deprel);
            }
        }
    }
}

/// Directories searched for `<lang>/tagger.bin` etc.: `$NEWSGRAPH_MODELS`,
/// `models/` beside the executable or in its ancestors, the current
/// directory's `models/`, and the source tree's `models/`.
pub fn model_roots() -> Vec<PathBuf> {
    let mut v = Vec::new();
    if let Some(p) = std::env::var_os("NEWSGRAPH_MODELS") {
        v.push(PathBuf::from(p));
    }
    if let Ok(exe) = std::env::current_exe() {
        for anc in exe.ancestors().skip(1).take(4) {
            v.push(anc.join("models"));
        }
    }
    v.push(PathBuf::from("models"));
    v.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models"));
    v
}

static FR: OnceLock<std::result::Result<Models, String>> = OnceLock::new();
static EN: OnceLock<std::result::Result<Models, String>> = OnceLock::new();

fn load_lang(lang: &str) -> std::result::Result<Models, String> {
    let roots = model_roots();
    for r in &roots {
        let dir = r.join(lang);
        if dir.join("parser.bin").exists() {
            return Models::load_dir(&dir).map_err(|e| e.to_string());
        }
    }
    Err(format!(
        "no syntax models for {lang:?} (looked for {lang}/parser.bin under {})",
        roots
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

/// The models of `lang`, loaded on first use; `Err` says why they are
/// unavailable.
pub fn models(lang: &str) -> std::result::Result<&'static Models, &'static str> {
    let cell = match lang {
        "fr" => &FR,
        "en" => &EN,
        _ => return Err("no syntax models for this language"),
    };
    cell.get_or_init(|| load_lang(lang))
        .as_ref()
        .map_err(String::as_str)
}

/// The pipeline stage: fills `upos`, `feats`, `lemma`, `head` and `deprel`
/// of every word, or adds a warning (and leaves them empty) when the
/// language has no models.
pub fn annotate(doc: &mut Document) {
    let lang = doc.language.clone().unwrap_or_default();
    if doc.tokens.is_empty() {
        return;
    }
    match models(&lang) {
        Ok(m) => m.annotate(doc),
        Err(e) => {
            if lang == "fr" || lang == "en" {
                doc.warnings.push(format!("syntax skipped: {e}"));
            }
        }
    }
}
