//! The command line: one file per subcommand, each opening with its usage.
//!
//! Exit codes: 0 success; 1 a run failed (I/O, an input not found,
//! `--strict` with records that were not ok); 2 a bad rule pack or bad usage
//! (an unknown flag or value, an impossible `--shard`, `--out -`).

mod explain;
mod extract;
mod gen_corpus;
pub mod progress;
mod report;
mod rules;
mod run;
mod score;
mod yoy;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "solieu",
    version,
    about = "Figures from Vietnamese press articles, as typed datasets",
    long_about = "solieu reads dumps of Vietnamese news articles, extracts every figure \
                  (members, unions, money, awards, percentages, counts) with rules kept as \
                  TOML data, attributes each to a year, an organisation and actual/target, \
                  and writes parquet, JSON Lines and CSV datasets with year-over-year tables."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the whole job: corpus → figures, articles and year-over-year tables.
    Run(run::Args),
    /// Extract figures and articles from files, folders, JSON Lines or stdin.
    Extract(extract::Args),
    /// Year-over-year table from a figures file or folder.
    Yoy(yoy::Args),
    /// One self-contained HTML page: summary, charts, figures and their sources.
    Report(report::Args),
    /// Why each number of one article became a figure, or did not.
    Explain(explain::Args),
    /// Check a rule pack or run the examples of its rules.
    Rules(rules::Args),
    /// Generate a synthetic corpus with a gold file of the figures it plants.
    GenCorpus(gen_corpus::Args),
    /// Score extracted figures against gold annotations, per metric.
    Score(score::Args),
}

/// A command line that cannot run as given (exit code 2).
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// A usage error with this message.
pub fn usage(msg: impl Into<String>) -> anyhow::Error {
    UsageError(msg.into()).into()
}

/// Errors that mean the rule pack is unusable (exit code 2).
#[derive(Debug)]
pub struct PackError(pub String);

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PackError {}

/// Run the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    let result = match cli.command {
        Command::Run(a) => run::main(a),
        Command::Extract(a) => extract::main(a),
        Command::Yoy(a) => yoy::main(a),
        Command::Report(a) => report::main(a),
        Command::Explain(a) => explain::main(a),
        Command::Rules(a) => rules::main(a),
        Command::GenCorpus(a) => gen_corpus::main(a),
        Command::Score(a) => score::main(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if let Some(p) = e.downcast_ref::<PackError>() {
                eprintln!("error: {p}");
                return 2;
            }
            if let Some(u) = e.downcast_ref::<UsageError>() {
                eprintln!("error: {u}");
                return 2;
            }
            eprintln!("error: {e:#}");
            1
        }
    }
}

/// Load and check a rule pack (syntax, references, regexes, examples): the
/// folder of `--rules`, else of `$SOLIEU_RULES`, else the built-in pack.
pub fn load_pack(rules: Option<&std::path::Path>) -> anyhow::Result<crate::pipeline::Engine> {
    let at = crate::rules::PackLocation::resolve(rules);
    let pack = at.load().map_err(|e| PackError(e.to_string()))?;
    let engine =
        crate::pipeline::Engine::new(pack).map_err(|e| PackError(format!("{at}: {e:#}")))?;
    let failures = crate::rules::run_examples(&engine);
    if !failures.is_empty() {
        let msg: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
        return Err(PackError(msg.join("\n")).into());
    }
    Ok(engine)
}
