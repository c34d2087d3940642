//! `solieu rules` — check a rule pack, run its examples.
//!
//! ```text
//! solieu rules check [--rules DIR]   every problem of the pack at once
//! solieu rules test  [--rules DIR]   run every rule's examples, print failures
//! solieu rules list  [--rules DIR]   metrics and rules, in priority order
//! ```
//!
//! Exit code 2 when the pack has a problem or an example fails.

use crate::pipeline::Engine;
use crate::rules;
use anyhow::Result;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand, Debug)]
enum Action {
    /// Validate the pack: syntax, metrics, fragments, regexes, duplicates.
    Check {
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
    /// Run the examples of every rule.
    Test {
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
    /// List metrics and rules.
    List {
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
}

fn engine(dir: &Option<PathBuf>) -> Result<Result<Engine, String>> {
    let dir = dir.clone().unwrap_or_else(rules::default_dir);
    Ok(match rules::load(&dir) {
        Ok(pack) => Engine::new(pack).map_err(|e| format!("{}: {e:#}", dir.display())),
        Err(e) => Err(e.to_string()),
    })
}

pub fn main(args: Args) -> Result<i32> {
    match args.action {
        Action::Check { rules } => match engine(&rules)? {
            Ok(e) => {
                println!(
                    "ok: {} metric(s), {} rule(s) in {} file(s)",
                    e.pack.metrics.len(),
                    e.pack.rules.len(),
                    e.pack.files.len()
                );
                Ok(0)
            }
            Err(msg) => {
                eprintln!("{msg}");
                Ok(2)
            }
        },
        Action::Test { rules } => match engine(&rules)? {
            Ok(e) => {
                let n: usize = e.pack.rules.iter().map(|r| r.def.examples.len()).sum();
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
        Action::List { rules } => match engine(&rules)? {
            Ok(e) => {
                for m in &e.pack.metrics {
                    println!(
                        "metric {:<12} unit {:<8} {:<7} {}",
                        m.id,
                        m.unit,
                        m.aggregate.as_str(),
                        m.description
                    );
                }
                for r in &e.pack.rules {
                    println!(
                        "rule {:<32} {:<12} priority {:>3}  {}",
                        r.def.id,
                        r.def
                            .metric
                            .as_deref()
                            .or(r.def.skip.as_ref().map(|_| "skip"))
                            .unwrap_or(""),
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
    }
}
