//! `solieu rules` — check a rule pack, run its examples, list it, write the
//! built-in pack out for editing.
//!
//! ```text
//! solieu rules check [--rules DIR]   every problem of the pack at once, examples included
//! solieu rules test  [--rules DIR]   run every rule's examples, print each failure
//! solieu rules list  [--rules DIR]   metrics and rules, in priority order
//! solieu rules init  DIR             write the built-in pack into DIR
//! ```
//!
//! Without `--rules`, the pack is the folder in `$SOLIEU_RULES`, else the
//! one built into solieu. `check` and `extract`/`run` give one verdict: a
//! pack `check` calls ok is one `extract` accepts. Exit code 2 when the pack
//! has a problem or an example fails.

use crate::pipeline::Engine;
use crate::rules::{self, PackLocation};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand, Debug)]
enum Action {
    /// Validate the pack (syntax, metrics, fragments, regexes, duplicates)
    /// and run its examples.
    Check {
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
    /// Run the examples of every rule, printing each failure.
    Test {
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
    /// List metrics and rules.
    List {
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
    /// Write the built-in rule pack into DIR, to edit and use with --rules.
    Init {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
}

/// The pack and its engine, or the pack's problems as one message.
fn engine(rules: Option<&Path>) -> (PackLocation, Result<Engine, String>) {
    let at = PackLocation::resolve(rules);
    let engine = match at.load() {
        Ok(pack) => Engine::new(pack).map_err(|e| format!("{at}: {e:#}")),
        Err(e) => Err(e.to_string()),
    };
    (at, engine)
}

pub fn main(args: Args) -> Result<i32> {
    match args.action {
        Action::Check { rules } => {
            let (at, engine) = engine(rules.as_deref());
            let e = match engine {
                Ok(e) => e,
                Err(msg) => {
                    eprintln!("{msg}");
                    return Ok(2);
                }
            };
            let failures = rules::run_examples(&e);
            for f in &failures {
                eprintln!("{f}");
            }
            if !failures.is_empty() {
                return Ok(2);
            }
            let examples = e.pack.example_count();
            println!(
                "ok: {} metric(s), {} rule(s) in {} file(s), {examples} example(s) pass ({at})",
                e.pack.metrics.len(),
                e.pack.rules.len(),
                e.pack.files.len()
            );
            Ok(0)
        }
        Action::Test { rules } => match engine(rules.as_deref()).1 {
            Ok(e) => {
                let n = e.pack.example_count();
                let failures = rules::run_examples(&e);
                for f in &failures {
                    println!("FAIL {f}");
                }
                println!("{} passed, {} failed", n - failures.len(), failures.len());
                Ok(if failures.is_empty() { 0 } else { 2 })
            }
            Err(msg) => {
                eprintln!("{msg}");
                Ok(2)
            }
        },
        Action::List { rules } => match engine(rules.as_deref()).1 {
            Ok(e) => {
                for m in &e.pack.metrics {
                    println!(
                        "metric {:<14} unit {:<8} {:<7} {}",
                        m.id,
                        m.unit,
                        m.aggregate.as_str(),
                        m.description
                    );
                }
                for r in &e.pack.rules {
                    let makes = match (&r.def.metric, &r.def.skip) {
                        (Some(m), _) => m.as_str(),
                        (None, Some(_)) => "(skip)",
                        (None, None) => "",
                    };
                    println!(
                        "rule {:<34} {:<14} priority {:>3}  {}",
                        r.def.id,
                        makes,
                        r.def.priority,
                        r.file.display()
                    );
                }
                Ok(0)
            }
            Err(msg) => {
                eprintln!("{msg}");
                Ok(2)
            }
        },
        Action::Init { dir } => {
            let written = rules::write_builtin(&dir)
                .with_context(|| format!("{}: cannot write the rule pack", dir.display()))?;
            println!(
                "Wrote {} rule file(s) to {}/; use them with --rules {} (or SOLIEU_RULES={}).",
                written.len(),
                dir.display(),
                dir.display(),
                dir.display()
            );
            Ok(0)
        }
    }
}
