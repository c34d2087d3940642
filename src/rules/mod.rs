//! Rule packs: metrics, shared regex fragments and extraction rules, kept as
//! TOML data in `rules/`. A pack is every `*.toml` file of a folder, read in
//! file-name order and merged.
//!
//! * [`load`] reads and validates a folder, reporting every problem at once;
//! * [`compile`] turns the validated pack into one multi-pattern regex;
//! * [`selftest`] runs the examples every rule carries.

mod compile;
mod load;
mod selftest;

pub use compile::{CompiledRule, RulePack};
pub use load::{load_files, load_sources, PackSource};
pub use selftest::{run_examples, ExampleFailure};

use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// The longest span a rule may match, in bytes: a figure is a short phrase.
pub const MAX_FIGURE: usize = 512;

/// How a metric's reports in one year become one year-over-year value.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum Aggregate {
    /// A stock (members, unions): the latest report of the year.
    #[default]
    Latest,
    /// A flow (money, awards): the sum of distinct reports.
    Sum,
    /// The largest report of the year.
    Max,
}

impl Aggregate {
    pub fn as_str(self) -> &'static str {
        match self {
            Aggregate::Latest => "latest",
            Aggregate::Sum => "sum",
            Aggregate::Max => "max",
        }
    }
}

/// A metric the pack defines.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricDef {
    pub id: String,
    pub unit: String,
    #[serde(default)]
    pub aggregate: Aggregate,
    /// Year-over-year rows are kept apart per label (what is counted/awarded).
    #[serde(default)]
    pub by_label: bool,
    #[serde(default)]
    pub description: String,
}

/// One expected figure of a rule example.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// Defaults to the rule's metric.
    pub metric: Option<String>,
    pub value: f64,
    pub value_max: Option<f64>,
    pub qualifier: Option<String>,
    pub label: Option<String>,
}

/// A rule example: a text and the figures the pack must find in it for the
/// rule's metric (an empty `expect` means none).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub text: String,
    #[serde(default)]
    pub expect: Vec<Expected>,
}

/// An extraction rule as written in TOML.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: String,
    pub metric: String,
    /// Regex over lowercased text; `{name}` inserts a fragment; the quantity is
    /// the named group `value`, an optional `label` group names what is counted.
    pub pattern: String,
    /// Higher wins when two rules match at the same place.
    #[serde(default)]
    pub priority: i32,
    /// Overrides the qualifier read from the text.
    pub qualifier: Option<String>,
    /// A fixed label for every figure of this rule.
    pub label: Option<String>,
    /// Overrides the metric's unit.
    pub unit: Option<String>,
    /// A lone "một" counts as 1 ("tặng một bằng khen"); by default it is the
    /// article "a" ("có một thiết chế") and no figure.
    #[serde(default)]
    pub bare_one: bool,
    #[serde(default)]
    pub examples: Vec<Example>,
}

/// Boilerplate markers (see `text::clean`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoilerplateDef {
    /// A line equal to one of these (case-insensitive, trimmed) ends the article body.
    #[serde(default)]
    pub end_markers: Vec<String>,
    /// A line starting with one of these is dropped.
    #[serde(default)]
    pub line_prefixes: Vec<String>,
    /// A line containing one of these is dropped.
    #[serde(default)]
    pub line_contains: Vec<String>,
    /// Lines before the title that are section names or site navigation.
    #[serde(default)]
    pub leading_noise: Vec<String>,
}

/// Organisation names (see `attribute`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgDef {
    /// Abbreviations expanded in organisation names, e.g. `"CĐ" = "Công đoàn"`.
    #[serde(default)]
    pub abbreviations: BTreeMap<String, String>,
    /// Words that head an organisation name (`Công đoàn`, `Liên đoàn Lao động`).
    #[serde(default)]
    pub heads: Vec<String>,
    /// Sectors that may follow the head (`Viên chức`, `Giáo dục`).
    #[serde(default)]
    pub sectors: Vec<String>,
    /// Administrative words written in lowercase inside names (`thành phố`, `quận`).
    #[serde(default)]
    pub connectors: Vec<String>,
    /// Variants mapped to one canonical name.
    #[serde(default)]
    pub aliases: BTreeMap<String, String>,
}

/// Year and modality cues (see `attribute`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributionDef {
    /// Regexes (lowercase) marking what follows in the sentence as a target
    /// (phấn đấu, chỉ tiêu …).
    #[serde(default)]
    pub target_cues: Vec<String>,
    /// Regexes covering cue words that are not targets (vượt kế hoạch,
    /// xây dựng kế hoạch, kế hoạch số …).
    #[serde(default)]
    pub not_target: Vec<String>,
    /// Relative year phrases and their offset from the reference year.
    #[serde(default)]
    pub relative_years: BTreeMap<String, i32>,
}

/// One parsed rule file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    #[serde(default)]
    pub fragments: BTreeMap<String, String>,
    #[serde(default)]
    pub metric: Vec<MetricDef>,
    #[serde(default)]
    pub rule: Vec<RuleDef>,
    /// Label variants mapped to one canonical label.
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    pub boilerplate: Option<BoilerplateDef>,
    pub org: Option<OrgDef>,
    pub attribution: Option<AttributionDef>,
}

/// A problem in a rule pack, naming the file and, where there is one, the rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleError {
    pub file: PathBuf,
    pub rule: Option<String>,
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(rule) = &self.rule {
            write!(f, ": rule `{rule}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// All problems found in a pack.
#[derive(Debug)]
pub struct PackErrors(pub Vec<RuleError>);

impl fmt::Display for PackErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PackErrors {}

/// Load, validate and compile the pack in `dir`.
pub fn load(dir: &Path) -> Result<RulePack, PackErrors> {
    let sources = load_files(dir)?;
    RulePack::compile(sources)
}

/// The rule folder shipped with solieu: `./rules` when it exists, else the
/// one beside the crate's manifest.
pub fn default_dir() -> PathBuf {
    crate::corpus::shipped_dir("rules")
}
