//! `newsgraph eval time`: TempEval-3 measures on TimeML files.

use crate::eval::round2;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `eval time`.
#[derive(Args)]
pub struct TimeArgs {
    /// Directory of gold TimeML (`.tml`) files, searched recursively.
    #[arg(long)]
    gold: PathBuf,
    /// Language of the files (default: `fr` when the path names French, else `en`).
    #[arg(long)]
    lang: Option<String>,
    /// Annotation convention of the corpus (`te3` for TE3 Platinum,
    /// `timebank` for TimeBank/AQUAINT, `ftib`; default: `ftib` for French,
    /// else `te3`); the output is mapped to it before scoring.
    #[arg(long)]
    convention: Option<String>,
    /// A `split.tsv` (`file<TAB>part`) to select files.
    #[arg(long)]
    split: Option<PathBuf>,
    /// Parts of the split to evaluate, comma-separated (e.g. `train,dev`).
    #[arg(long, default_value = "test")]
    parts: String,
    /// Run the production segmenter and tagger first, so that the time
    /// stage reads their tokens (tense from UD features), as `analyze` does.
    #[arg(long)]
    pipeline: bool,
    /// Print one JSON object of figures.
    #[arg(long)]
    json: bool,
    /// Print the error list.
    #[arg(long)]
    errors: bool,
}

/// `eval time`.
pub fn run(a: TimeArgs) -> anyhow::Result<ExitCode> {
    let lang = a.lang.unwrap_or_else(|| {
        let p = a.gold.display().to_string();
        if p.contains("-fr-") || p.contains("/fr") {
            "fr".into()
        } else {
            "en".into()
        }
    });
    let parts: Vec<String> = a.parts.split(',').map(|s| s.trim().to_string()).collect();
    let files =
        newsgraph_train::time::eval::files(&a.gold, a.split.as_deref().map(|s| (s, &parts[..])))?;
    anyhow::ensure!(
        !files.is_empty(),
        "no .tml files under {}",
        a.gold.display()
    );
    let conv_name = a
        .convention
        .unwrap_or_else(|| if lang == "fr" { "ftib" } else { "te3" }.into());
    let Some(conv) = newsgraph_train::time::eval::Convention::named(&conv_name) else {
        anyhow::bail!("unknown --convention {conv_name:?} (te3, timebank, ftib)");
    };
    let s = if a.pipeline {
        newsgraph_train::time::eval::evaluate_with_words(&files, &lang, conv, |d| {
            let mut doc = newsgraph_doc::Document::new(d.name.clone(), d.text.clone());
            doc.language = Some(lang.clone());
            doc.published = d.dct;
            newsgraph_segment::segment(&mut doc);
            newsgraph_syntax::annotate(&mut doc);
            doc.tokens
        })?
    } else {
        newsgraph_train::time::eval::evaluate(&files, &lang, conv)?
    };
    if a.json {
        println!(
            "{}",
            serde_json::json!({
                "strict_f1": round2(s.strict.f1),
                "relaxed_f1": round2(s.relaxed.f1),
                "value_f1": round2(s.value.f1),
                "type_acc": round2(s.type_acc),
                "type_f1": round2(s.kind.f1),
                "value_acc": round2(s.value_acc),
                "strict_p": round2(s.strict.p), "strict_r": round2(s.strict.r),
                "relaxed_p": round2(s.relaxed.p), "relaxed_r": round2(s.relaxed.r),
                "docs": s.docs, "gold": s.gold, "system": s.sys,
            })
        );
    } else {
        println!(
            "{} ({lang}, {} files, {} gold, {} system)",
            a.gold.display(),
            s.docs,
            s.gold,
            s.sys
        );
        println!("{:<10} {:>7} {:>7} {:>7}", "measure", "P", "R", "F1");
        for (n, m) in [
            ("strict", s.strict),
            ("relaxed", s.relaxed),
            ("type", s.kind),
            ("value", s.value),
        ] {
            println!("{n:<10} {:>7.2} {:>7.2} {:>7.2}", m.p, m.r, m.f1);
        }
        println!(
            "type accuracy {:.2}, value accuracy {:.2} (on relaxed matches)",
            s.type_acc, s.value_acc
        );
    }
    if a.errors {
        for e in &s.errors {
            eprintln!("{e}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
