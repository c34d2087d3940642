//! Rule packs: metrics, shared regex fragments, the rules that decide what
//! each quantity of the text is, and the word lists of attribution, kept as
//! TOML data in `rules/`. A pack is every `*.toml` file of a folder, read in
//! file-name order and merged.
//!
//! * [`load`] reads a folder, reporting every syntax problem at once;
//! * [`compile`] validates the pack and compiles the rules' conditions;
//! * [`selftest`] runs the examples every rule carries.

mod compile;
mod load;
mod selftest;

pub use compile::{
    written, CompiledRule, Cond, CondSets, LabelSpec, Nouns, RulePack, WordMap, WordSet, AFTER,
    BEFORE, NEAR, NOT_AFTER, NOT_BEFORE, NOT_NEAR, SHORT_BEFORE,
};
pub use load::{load_files, load_sources, PackSource};
pub use selftest::{run_examples, ExampleFailure};

use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// How far around a quantity its conditions look, in bytes: `after` and
/// `before` see at most this much of the sentence, `near` twice as much.
pub const WINDOW: usize = 320;

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
/// rule's metric, or for a `skip` rule of any metric (an empty `expect`
/// means none).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub text: String,
    #[serde(default)]
    pub expect: Vec<Expected>,
}

/// A rule as written in TOML: conditions on one quantity found in the text
/// and its context, and what it becomes when they all hold — a figure of
/// `metric`, or nothing (`skip`, with the reason).
///
/// Conditions on the context are regexes over the lowercased text (`{name}`
/// inserts a fragment): `after` must match right after the quantity,
/// `before` must match right before it (ending where the quantity starts),
/// `near` anywhere in its sentence; `not_*` must not. Conditions on the
/// quantity itself: how its unit is written, whether a multiplier scales
/// it, whether it is a fraction, written in words, looks like a year or a
/// date, whether a noun phrase follows it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: String,
    /// The metric of the figure; absent for a `skip` rule.
    pub metric: Option<String>,
    /// This rule drops the quantity, for the reason given ("a duration").
    pub skip: Option<String>,
    /// Rules are tried highest first; the first whose conditions hold decides.
    #[serde(default)]
    pub priority: i32,
    pub after: Option<String>,
    pub not_after: Option<String>,
    pub before: Option<String>,
    pub not_before: Option<String>,
    pub near: Option<String>,
    pub not_near: Option<String>,
    /// A regex the quantity's own phrase must contain ("tỷ": an amount in
    /// billions).
    pub phrase: Option<String>,
    /// The unit written with the quantity: any of `vnd`, `percent`, `none`.
    pub written: Option<Vec<String>>,
    /// A multiplier word scales the quantity ("350 tỷ", "hàng nghìn").
    pub scaled: Option<bool>,
    /// A qualifier word comes with the quantity ("hơn 800", "khoảng 5",
    /// "gần 20"): no identifier or code is written that way.
    pub qualified: Option<bool>,
    /// The quantity is a fraction ("31/36").
    pub fraction: Option<bool>,
    /// The quantity is a fraction that could be a day and month ("3/5").
    pub date_like: Option<bool>,
    /// The quantity is written in words ("ba", "hai mươi").
    pub words: Option<bool>,
    /// The quantity is a plain four-digit number 1900–2100.
    pub year_like: Option<bool>,
    /// An open noun phrase follows the quantity (see `[nouns]`).
    pub noun: Option<bool>,
    /// The quantity and the word after it are capitalised mid-sentence: a
    /// name ("thị xã Ba Đồn", "đường Hai Bà Trưng").
    pub capitalised: Option<bool>,
    /// Overrides the qualifier read from the text.
    pub qualifier: Option<String>,
    /// A fixed label, or `{noun}`: the noun phrase after the quantity. A
    /// `(?P<label>…)` group in a condition gives the label otherwise.
    pub label: Option<String>,
    /// Overrides the metric's unit; a `(?P<unit>…)` group in `after` gives
    /// it otherwise (mapped through `[units]`).
    pub unit: Option<String>,
    /// A lone "một" counts as 1 ("tặng một bằng khen"); by default it is the
    /// article "a" ("có một thiết chế") and no figure.
    #[serde(default)]
    pub bare_one: bool,
    #[serde(default)]
    pub examples: Vec<Example>,
}

/// The open noun phrase after a quantity: what a count counts. Nouns are
/// an open class, so the phrase is found by what ends it (function words,
/// verbs, punctuation), not by a list of nouns.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NounsDef {
    /// Words of a label at most (a longer known phrase is kept whole).
    pub max_words: Option<usize>,
    /// Words that end a noun phrase or cannot start one (lowercase).
    #[serde(default)]
    pub stop_words: Vec<String>,
    /// Quantifier nouns skipped at the start ("số", "tổng số": "30% số hộ").
    #[serde(default)]
    pub skip_first: Vec<String>,
    /// Noun phrases longer than `max_words` kept whole as labels.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Capitalised words that start a person's or place's name, never a
    /// counted noun ("Nguyễn", "Lê"): "số 12 Lê Lợi".
    #[serde(default)]
    pub proper_names: Vec<String>,
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
    /// Words a date header line may hold besides the date and the time
    /// (weekdays, "GMT+7"): such a line is a header, not prose.
    #[serde(default)]
    pub date_words: Vec<String>,
    /// Words saying the date on their line is the publication date
    /// ("cập nhật", "đăng lúc", "xuất bản").
    #[serde(default)]
    pub published_words: Vec<String>,
    /// Phrases that, right before a parenthesised date, make it the day of
    /// writing: "Sáng nay (12/4)".
    #[serde(default)]
    pub today_words: Vec<String>,
}

/// Organisation names (see `attribute`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgDef {
    /// Abbreviations expanded in organisation names, e.g. `"CĐ" = "Công đoàn"`.
    #[serde(default)]
    pub abbreviations: BTreeMap<String, String>,
    /// Words that head an organisation name in any case (`Công đoàn`,
    /// `Liên đoàn Lao động`).
    #[serde(default)]
    pub heads: Vec<String>,
    /// Heads that start a name only as written, capitalised: `Sở`, `Bộ`,
    /// `Hội` and `Quỹ` are common words in lowercase ("cơ sở", "cán bộ").
    #[serde(default)]
    pub capitalised_heads: Vec<String>,
    /// Written forms that start like a name but are none ("Trường Sa", an
    /// archipelago).
    #[serde(default)]
    pub not_names: Vec<String>,
    /// Kinds of body that are a name only with a proper name after them:
    /// "Trường THPT Lê Lợi" is a school, "Trường THPT" alone is none.
    #[serde(default)]
    pub kind_names: Vec<String>,
    /// Heads whose names often end in a person's name after words of their
    /// own ("Quỹ Hỗ trợ cộng đồng Đinh Văn X", "Quỹ học bổng Nguyễn Đức
    /// Cảnh"): with at least one word after the head, a person's name is
    /// the rest of the name, not a new mention.
    #[serde(default)]
    pub person_named_heads: Vec<String>,
    /// Administrative words whose places are numbered ("quận 1", "phường
    /// 12"): a number of one or two digits after them is the place's name;
    /// after any other ("tỉnh 300 triệu") it is not.
    #[serde(default)]
    pub numbered_places: Vec<String>,
    /// Heads that name an organisation on their own ("Chính phủ", "Cảnh
    /// sát giao thông"); any other head needs more words to be a name.
    #[serde(default)]
    pub whole_names: Vec<String>,
    /// Places that look like persons' names ("Hồ Chí Minh"): a name runs
    /// on through them.
    #[serde(default)]
    pub not_persons: Vec<String>,
    /// Canonical name beginnings written another way by most readers:
    /// `"Công đoàn tỉnh" = "Liên đoàn Lao động tỉnh"` (a province's union
    /// body is its labour federation).
    #[serde(default)]
    pub prefix_aliases: BTreeMap<String, String>,
    /// Lowercase words after a name that make it the subject of its clause
    /// ("… vừa tổ chức", "… đã trao"): the article's main organisation is
    /// most often a subject.
    #[serde(default)]
    pub subject_cues: Vec<String>,
    /// Lowercase words before a name that make it an object, a place or a
    /// possessor ("tặng quà cho Công đoàn …", "tại Công ty …").
    #[serde(default)]
    pub object_cues: Vec<String>,
    /// Lowercase words that never sit inside a name (verbs, prepositions):
    /// they end a name's sentence-case part ("Sở Y tế cho biết").
    #[serde(default)]
    pub name_stop_words: Vec<String>,
    /// Sectors that may follow the head (`Viên chức`, `Giáo dục`).
    #[serde(default)]
    pub sectors: Vec<String>,
    /// Administrative words written in lowercase inside names (`thành phố`, `quận`).
    #[serde(default)]
    pub connectors: Vec<String>,
    /// Variants mapped to one canonical name.
    #[serde(default)]
    pub aliases: BTreeMap<String, String>,
    /// Lowercase words a name may contain besides the administrative ones:
    /// `ngành`, `cơ sở`, `khu công nghiệp` …
    #[serde(default)]
    pub inner_words: Vec<String>,
    /// Lowercase words naming an institution whose own name follows, and
    /// may have lowercase words (`công ty`, `trường`: "Tổng công ty Hàng
    /// không Việt Nam").
    #[serde(default)]
    pub institutions: Vec<String>,
    /// Titles that end a name ("Chủ tịch", "Ông", "đồng chí").
    #[serde(default)]
    pub titles: Vec<String>,
    /// Surnames, and the middle names that follow them in persons' names
    /// ("Nguyễn", "Văn"): "LĐLĐ tỉnh Nguyễn Văn A" ends before the person.
    #[serde(default)]
    pub surnames: Vec<String>,
    #[serde(default)]
    pub middle_names: Vec<String>,
    /// Words right before a head that make it something else: "Trường CĐ"
    /// is a college (cao đẳng), not a union (công đoàn).
    #[serde(default)]
    pub not_after: Vec<String>,
    /// Lowercase words right after a name that make it generic: "Công
    /// đoàn ngành địa phương" names no one union.
    #[serde(default)]
    pub not_before: Vec<String>,
}

/// Year and modality cues (see `attribute`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributionDef {
    /// Regexes (lowercase) marking what follows in the sentence as a target
    /// (phấn đấu, chỉ tiêu …).
    #[serde(default)]
    pub target_cues: Vec<String>,
    /// Regexes (lowercase) right after a figure's words that make it a
    /// target: "1.200 hộ đăng ký tham gia" counts registrations.
    #[serde(default)]
    pub target_after_cues: Vec<String>,
    /// Regexes covering cue words that are not targets (vượt kế hoạch,
    /// xây dựng kế hoạch, kế hoạch số …).
    #[serde(default)]
    pub not_target: Vec<String>,
    /// Relative year phrases and their offset from the reference year.
    #[serde(default)]
    pub relative_years: BTreeMap<String, i32>,
    /// Events and the year they happened: "80 năm Quốc khánh" is said in
    /// 1945 + 80 = 2025.
    #[serde(default)]
    pub anniversaries: BTreeMap<String, i32>,
    /// Lowercase words of things done ("đã", "vừa"): one between a target
    /// cue and a figure makes the figure actual ("theo chỉ tiêu được giao,
    /// đã kết nạp 401 đoàn viên").
    #[serde(default)]
    pub done_cues: Vec<String>,
    /// Regexes (lowercase) announcing a breakdown of the figure just given
    /// ("trong đó", "gồm"): figures after one are parts of that total.
    #[serde(default)]
    pub breakdown_cues: Vec<String>,
    /// Regexes (lowercase) that make the year after them the base of a
    /// comparison ("so với cùng kỳ năm 2022"): such a year is not the year
    /// a figure or the article reports on.
    #[serde(default)]
    pub comparison_cues: Vec<String>,
    /// Regexes (lowercase) that make the year after them the same period
    /// of the year before ("cùng kỳ năm 2023"): the year reported is then
    /// most likely the next one, used when no other year is said.
    #[serde(default)]
    pub same_period_cues: Vec<String>,
    /// Regexes (lowercase) ending right before a year (or a date's day and
    /// month) that is a deadline or the start of a running period ("trước
    /// ngày 10/2/2026", "từ năm 2000 đến nay"): never the year reported.
    #[serde(default)]
    pub not_reported_cues: Vec<String>,
    /// Regexes (lowercase) ending right before an organisation's name that
    /// make it the source the figures are reported by ("theo số liệu của",
    /// "theo báo cáo của"): the body the text speaks for, not a possessor.
    #[serde(default)]
    pub source_cues: Vec<String>,
    /// Years named in the sixty-year cycle ("Tết Bính Ngọ"): the ten
    /// stems and twelve branches in order from Giáp and Tý (variant
    /// spellings separated by `/`), and the words that must come before the
    /// name (`tết`, `xuân`, `năm`). A named year is the one nearest the
    /// article's year.
    #[serde(default)]
    pub cycle_stems: Vec<String>,
    #[serde(default)]
    pub cycle_branches: Vec<String>,
    #[serde(default)]
    pub cycle_cues: Vec<String>,
    /// Metrics whose figures belong to whom they are given, never to the
    /// giver named after them ("03 bằng khen của LĐLĐ thành phố").
    #[serde(default)]
    pub recipient_metrics: Vec<String>,
    /// Regexes (lowercase) ending right before a period that counts from
    /// its start: "nhiệm kỳ 2023 – 2028" reported at the congress, "năm học
    /// 2021 – 2022". Other periods ("giai đoạn 2016 – 2020") are reported at
    /// their end.
    #[serde(default)]
    pub opening_period_cues: Vec<String>,
    /// Lowercase words after a figure that introduce its giver or owner:
    /// "50 triệu đồng do Ngân hàng X tài trợ", "… từ Quỹ Y".
    #[serde(default)]
    pub giver_cues: Vec<String>,
    /// Lowercase words before a name that make it a recipient or a place,
    /// never the owner of a figure after it ("tặng quà cho Công đoàn X").
    #[serde(default)]
    pub recipient_cues: Vec<String>,
    /// Lowercase phrases saying a figure covers the whole area or sector
    /// ("toàn tỉnh có 1.021 công đoàn cơ sở"): it belongs to the article's
    /// organisation, not to a name listed before it.
    #[serde(default)]
    pub whole_scope_cues: Vec<String>,
    /// Written units of a price ("đồng/kg"): such a figure belongs to no
    /// organisation.
    #[serde(default)]
    pub ownerless_units: Vec<String>,
    /// Administrative levels a whole-area cue may name ("toàn tỉnh"): such
    /// a figure in an article about a body of another level ("Liên đoàn
    /// Lao động thành phố X") belongs to the body of the same kind at the
    /// cue's level ("Liên đoàn Lao động tỉnh").
    #[serde(default)]
    pub scope_levels: Vec<String>,
    /// Metrics that count a union's own members and grassroots unions, and
    /// the heads of union names: such a figure reported by a body "X" that
    /// the article also names the union of ("Công đoàn X") is that union's.
    #[serde(default)]
    pub union_metrics: Vec<String>,
    #[serde(default)]
    pub union_heads: Vec<String>,
}

/// Lists that name what is counted once, at their first item: "sân bay A
/// đón 1,5 triệu lượt khách, B hơn 600.000, C khoảng 450.000". A bare
/// number no rule claims takes the metric, unit and label of the figure
/// before it in the sentence when the text between them is `gap` and the
/// text after it is `after`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListsDef {
    /// Metrics whose figures a list item may continue (not money: "Hà Nội
    /// 1.200 tỷ đồng, Huế 900" leaves the scale of 900 open).
    #[serde(default)]
    pub metrics: Vec<String>,
    /// Regex over the text between the figure before and the number, in its
    /// own case (the next item's name), matched whole.
    pub gap: Option<String>,
    /// Regex over the lowercased text right after the number, matched at
    /// its start (the item ends there).
    pub after: Option<String>,
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
    /// Written units mapped to one canonical unit (`"đô la mỹ" = "USD"`).
    #[serde(default)]
    pub units: BTreeMap<String, String>,
    pub nouns: Option<NounsDef>,
    pub boilerplate: Option<BoilerplateDef>,
    pub org: Option<OrgDef>,
    pub attribution: Option<AttributionDef>,
    pub lists: Option<ListsDef>,
    /// Whole articles and the attribution they must get: the examples of
    /// `[org]`, `[attribution]` and the date vocabulary.
    #[serde(default)]
    pub attribution_example: Vec<AttributionExample>,
}

/// An article and what attribution must find in it; only the fields given
/// are checked.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributionExample {
    /// What the example shows, for the failure message.
    pub about: String,
    pub text: String,
    /// The record's own title and publication date, if it has them.
    pub title: Option<String>,
    pub published: Option<String>,
    /// The article's main organisation ("" for none).
    pub org: Option<String>,
    /// The year the article reports on (0 for none).
    pub year: Option<i32>,
    /// The publication date found (`YYYY-MM-DD`; "" for none).
    pub date: Option<String>,
    #[serde(default)]
    pub figures: Vec<ExpectedAttribution>,
}

/// The attribution of the first figure of `value` in an example.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedAttribution {
    pub value: f64,
    /// Its organisation ("" for none).
    pub org: Option<String>,
    /// Its year (0 for none).
    pub year: Option<i32>,
    /// `actual` or `target`.
    pub modality: Option<String>,
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

/// The environment variable naming a rule pack folder used when no
/// `--rules` is given.
pub const RULES_ENV: &str = "SOLIEU_RULES";

/// Where a rule pack comes from: the pack built into solieu, or a folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PackLocation {
    Builtin,
    Dir(PathBuf),
}

impl PackLocation {
    /// `--rules DIR` when given, else the folder in `$SOLIEU_RULES`, else
    /// the built-in pack.
    pub fn resolve(cli: Option<&Path>) -> PackLocation {
        match cli {
            Some(dir) => PackLocation::Dir(dir.to_path_buf()),
            None => match std::env::var_os(RULES_ENV) {
                Some(dir) if !dir.is_empty() => PackLocation::Dir(PathBuf::from(dir)),
                _ => PackLocation::Builtin,
            },
        }
    }

    /// Load, validate and compile the pack.
    pub fn load(&self) -> Result<RulePack, PackErrors> {
        match self {
            PackLocation::Builtin => RulePack::compile(builtin_sources()?),
            PackLocation::Dir(dir) => load(dir),
        }
    }
}

impl fmt::Display for PackLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PackLocation::Builtin => f.write_str("the built-in rule pack"),
            PackLocation::Dir(d) => write!(f, "{}", d.display()),
        }
    }
}

/// The default pack, as compiled into solieu (named `rules/FILE` in messages).
pub fn builtin_sources() -> Result<Vec<PackSource>, PackErrors> {
    load_sources(
        crate::builtin::RULES
            .iter()
            .map(|(name, text)| (PathBuf::from(format!("rules/{name}")), text.to_string()))
            .collect(),
    )
}

/// The default pack, compiled. It is tested with every build, so failing
/// to load it is a bug.
pub fn builtin() -> RulePack {
    PackLocation::Builtin
        .load()
        .unwrap_or_else(|e| panic!("the built-in rule pack is invalid: {e}"))
}

/// Write the built-in pack into `dir` (created if missing) for editing.
/// Existing files are never overwritten. Returns the files written.
pub fn write_builtin(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for (name, _) in crate::builtin::RULES {
        let path = dir.join(name);
        if path.exists() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!("{} exists: not overwritten", path.display()),
            ));
        }
    }
    for (name, text) in crate::builtin::RULES {
        let path = dir.join(name);
        std::fs::write(&path, text)?;
        written.push(path);
    }
    Ok(written)
}
