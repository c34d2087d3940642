//! Validation and compilation of a rule pack: every problem is reported at
//! once, naming the file and the rule; each rule's conditions become small
//! regexes run on the window around one quantity (never over the whole
//! text), and rules are ordered by priority.

use super::{
    AttributionDef, AttributionExample, BoilerplateDef, ListsDef, MetricDef, NounsDef, OrgDef,
    PackErrors, PackSource, RuleDef, RuleError,
};
use crate::number::Qualifier;
use regex::{Regex, RegexBuilder};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Largest compiled size of one condition regex: a bigger one is an error
/// rather than a slow match.
const RULE_SIZE_LIMIT: usize = 8 << 20;

/// One compiled condition: a regex whose group 1 is the condition's match
/// (never followed by a letter or digit), and the indices of its `label`
/// and `unit` groups.
#[derive(Clone, Debug)]
pub struct Cond {
    pub re: Regex,
    pub label: Option<usize>,
    pub unit: Option<usize>,
    /// Index of this condition in its kind's [`CondSets`] set, if it is
    /// in the set (a `before` condition is only when it is short).
    pub set_index: Option<usize>,
    /// The longest text this condition can match, in bytes (`None`: no bound).
    pub max_len: Option<usize>,
    /// The condition anchored but without its word boundary: what its
    /// kind's set is built from (a set only says what may match; the
    /// condition's own regex decides).
    pub set_pattern: String,
}

/// The kinds of window conditions, in the order of [`CondSets::sets`].
pub const AFTER: usize = 0;
pub const NOT_AFTER: usize = 1;
pub const BEFORE: usize = 2;
pub const NOT_BEFORE: usize = 3;
pub const NEAR: usize = 4;
pub const NOT_NEAR: usize = 5;

/// The rules' window conditions, one set per kind, so that a window is
/// scanned once and each rule only looks up whether its condition can match
/// there. A condition before the quantity ends where the quantity starts:
/// the short ones (at most [`SHORT_BEFORE`] bytes) are a set run over the
/// last bytes of the window; a long one runs on its own, its regex searching
/// backwards from the end.
#[derive(Clone, Debug)]
pub struct CondSets {
    /// Multi-pattern regexes reporting every pattern that matches, indexed
    /// by kind.
    pub forward: [regex_automata::meta::Regex; 6],
}

/// The longest `before` condition run as part of its kind's set.
pub const SHORT_BEFORE: usize = 96;

/// Units a rule accepts (the `written` condition), as bits.
pub mod written {
    pub const VND: u8 = 1;
    pub const PERCENT: u8 = 2;
    pub const NONE: u8 = 4;
}

/// Where a figure's label comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum LabelSpec {
    /// A `label` group of a condition, else none.
    Group,
    /// The noun phrase after the quantity.
    Noun,
    Fixed(String),
}

/// A rule ready to run.
#[derive(Clone, Debug)]
pub struct CompiledRule {
    pub def: RuleDef,
    pub file: PathBuf,
    /// Index into [`RulePack::metrics`]; `None` for a `skip` rule.
    pub metric: Option<usize>,
    pub unit: String,
    pub qualifier: Option<Qualifier>,
    pub label: LabelSpec,
    /// `after` is anchored at the first word after the quantity.
    pub after: Option<Cond>,
    pub not_after: Option<Cond>,
    /// `before` is anchored at the end of the text before the quantity.
    pub before: Option<Cond>,
    pub not_before: Option<Cond>,
    pub near: Option<Cond>,
    pub not_near: Option<Cond>,
    /// Searched in the quantity's own phrase.
    pub phrase: Option<Cond>,
    /// Bits of [`written`]; 0 accepts any.
    pub written: u8,
}

/// A multiply-rotate hash for short words (the Firefox/rustc "Fx" scheme):
/// looking words up is on the hot path, and SipHash's resistance to chosen
/// keys is not needed for a fixed word list.
#[derive(Clone, Copy, Debug, Default)]
pub struct WordHasher(u64);

impl std::hash::Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(b))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A set of words hashed with [`WordHasher`].
pub type WordSet = HashSet<String, std::hash::BuildHasherDefault<WordHasher>>;

/// A map from words, hashed with [`WordHasher`].
pub type WordMap<V> =
    std::collections::HashMap<String, V, std::hash::BuildHasherDefault<WordHasher>>;

/// The noun-phrase grammar of a pack (see [`NounsDef`]).
#[derive(Clone, Debug, Default)]
pub struct Nouns {
    pub max_words: usize,
    pub stop_words: WordSet,
    /// Word sequences, longest first.
    pub skip_first: Vec<Vec<String>>,
    /// Word sequences, longest first.
    pub phrases: Vec<Vec<String>>,
    pub proper_names: WordSet,
}

impl Nouns {
    /// The grammar of a `[nouns]` table.
    pub fn from_def(def: &NounsDef) -> Nouns {
        let words = |v: &[String]| -> Vec<Vec<String>> {
            let mut out: Vec<Vec<String>> = v
                .iter()
                .map(|p| {
                    p.split_whitespace()
                        .map(str::to_lowercase)
                        .collect::<Vec<_>>()
                })
                .filter(|w| !w.is_empty())
                .collect();
            out.sort_by_key(|w| std::cmp::Reverse(w.len()));
            out
        };
        Nouns {
            max_words: def.max_words.unwrap_or(2).max(1),
            stop_words: def.stop_words.iter().map(|w| w.to_lowercase()).collect(),
            skip_first: words(&def.skip_first),
            phrases: words(&def.phrases),
            proper_names: def.proper_names.iter().cloned().collect(),
        }
    }
}

/// A validated, compiled rule pack.
#[derive(Clone, Debug)]
pub struct RulePack {
    pub metrics: Vec<MetricDef>,
    /// Rules, highest priority first (file order breaks ties).
    pub rules: Vec<CompiledRule>,
    pub labels: HashMap<String, String>,
    /// Written units (lowercase) mapped to canonical ones.
    pub units: HashMap<String, String>,
    pub nouns: Nouns,
    pub boilerplate: BoilerplateDef,
    pub org: OrgDef,
    pub attribution: AttributionDef,
    /// The breakdown cues of `[attribution]` as one regex.
    pub breakdown: Option<Regex>,
    /// `[lists]`, compiled.
    pub lists: Option<Lists>,
    /// The rules' window conditions, a set per kind.
    pub sets: CondSets,
    pub files: Vec<PathBuf>,
    /// Attribution examples and the file of each.
    pub attribution_examples: Vec<(PathBuf, AttributionExample)>,
}

/// List items that continue the figure before them (see [`ListsDef`]).
#[derive(Clone, Debug)]
pub struct Lists {
    /// Indices into [`RulePack::metrics`].
    pub metrics: Vec<usize>,
    /// Matched whole against the text between the two.
    pub gap: Regex,
    /// Matched at the start of the text after the number.
    pub after: Regex,
}

/// `[lists]` compiled against the pack's metrics.
fn compile_lists(def: &ListsDef, metrics: &[MetricDef]) -> Result<Lists, String> {
    let mut ids = Vec::new();
    for m in &def.metrics {
        match metrics.iter().position(|x| &x.id == m) {
            Some(i) => ids.push(i),
            None => return Err(format!("[lists] metrics: unknown metric `{m}`")),
        }
    }
    let build = |name: &str, src: &Option<String>, anchored: &dyn Fn(&str) -> String| {
        let src = src
            .as_deref()
            .ok_or_else(|| format!("[lists] needs `{name}`"))?;
        RegexBuilder::new(&anchored(&ascii_spaces(src)))
            .size_limit(RULE_SIZE_LIMIT)
            .build()
            .map_err(|e| format!("[lists] {name}: invalid regex: {}", one_line(&e)))
    };
    Ok(Lists {
        metrics: ids,
        gap: build("gap", &def.gap, &|s| format!("^(?:{s})$"))?,
        after: build("after", &def.after, &|s| format!("^(?:{s})"))?,
    })
}

/// Where a condition is matched, which decides how it is anchored.
#[derive(Clone, Copy)]
enum Anchor {
    Start,
    End,
    Free,
    /// As written: the `phrase` condition, searched in the quantity's text.
    Raw,
}

impl RulePack {
    /// Validate and compile parsed rule files, reporting every problem found.
    pub fn compile(sources: Vec<PackSource>) -> Result<RulePack, PackErrors> {
        let mut errors = Vec::new();
        let mut fragments: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
        let mut metrics: Vec<MetricDef> = Vec::new();
        let mut metric_files: Vec<PathBuf> = Vec::new();
        let mut rule_defs: Vec<(PathBuf, RuleDef)> = Vec::new();
        let mut labels = HashMap::new();
        let mut units = HashMap::new();
        let mut nouns = NounsDef::default();
        let mut boilerplate = BoilerplateDef::default();
        let mut org = OrgDef::default();
        let mut attribution = AttributionDef::default();
        let mut lists: Option<(PathBuf, ListsDef)> = None;
        let mut attribution_examples: Vec<(PathBuf, AttributionExample)> = Vec::new();
        let files: Vec<PathBuf> = sources.iter().map(|s| s.path.clone()).collect();

        for src in sources {
            let file = src.file;
            let path = src.path;
            attribution_examples.extend(
                file.attribution_example
                    .into_iter()
                    .map(|e| (path.clone(), e)),
            );
            for (name, pattern) in file.fragments {
                if let Some((first, _)) = fragments.get(&name) {
                    errors.push(RuleError {
                        file: path.clone(),
                        rule: None,
                        message: format!(
                            "fragment `{name}` already defined in {}",
                            first.display()
                        ),
                    });
                } else {
                    fragments.insert(name, (path.clone(), pattern));
                }
            }
            for m in file.metric {
                if let Some(i) = metrics.iter().position(|x| x.id == m.id) {
                    errors.push(RuleError {
                        file: path.clone(),
                        rule: None,
                        message: format!(
                            "metric `{}` already defined in {}",
                            m.id,
                            metric_files[i].display()
                        ),
                    });
                } else {
                    metrics.push(m);
                    metric_files.push(path.clone());
                }
            }
            for r in file.rule {
                rule_defs.push((path.clone(), r));
            }
            for (k, v) in file.labels {
                labels.insert(k.to_lowercase(), v);
            }
            for (k, v) in file.units {
                units.insert(k.to_lowercase(), v);
            }
            if let Some(n) = file.nouns {
                nouns.max_words = n.max_words.or(nouns.max_words);
                nouns.stop_words.extend(n.stop_words);
                nouns.skip_first.extend(n.skip_first);
                nouns.phrases.extend(n.phrases);
                nouns.proper_names.extend(n.proper_names);
            }
            if let Some(b) = file.boilerplate {
                boilerplate.end_markers.extend(b.end_markers);
                boilerplate.line_prefixes.extend(b.line_prefixes);
                boilerplate.line_contains.extend(b.line_contains);
                boilerplate.leading_noise.extend(b.leading_noise);
                boilerplate.date_words.extend(b.date_words);
                boilerplate.published_words.extend(b.published_words);
                boilerplate.today_words.extend(b.today_words);
            }
            if let Some(o) = file.org {
                org.abbreviations.extend(o.abbreviations);
                org.heads.extend(o.heads);
                org.capitalised_heads.extend(o.capitalised_heads);
                org.name_stop_words.extend(o.name_stop_words);
                org.not_names.extend(o.not_names);
                org.kind_names.extend(o.kind_names);
                org.person_named_heads.extend(o.person_named_heads);
                org.numbered_places.extend(o.numbered_places);
                org.whole_names.extend(o.whole_names);
                org.not_persons.extend(o.not_persons);
                org.prefix_aliases.extend(o.prefix_aliases);
                org.subject_cues.extend(o.subject_cues);
                org.object_cues.extend(o.object_cues);
                org.sectors.extend(o.sectors);
                org.connectors.extend(o.connectors);
                org.aliases.extend(o.aliases);
                org.inner_words.extend(o.inner_words);
                org.institutions.extend(o.institutions);
                org.titles.extend(o.titles);
                org.surnames.extend(o.surnames);
                org.middle_names.extend(o.middle_names);
                org.not_after.extend(o.not_after);
                org.not_before.extend(o.not_before);
            }
            if let Some(l) = file.lists {
                if let Some((first, _)) = &lists {
                    errors.push(RuleError {
                        file: path.clone(),
                        rule: None,
                        message: format!("[lists] already defined in {}", first.display()),
                    });
                } else {
                    lists = Some((path.clone(), l));
                }
            }
            if let Some(a) = file.attribution {
                attribution.target_cues.extend(a.target_cues);
                attribution.target_after_cues.extend(a.target_after_cues);
                attribution.not_target.extend(a.not_target);
                attribution.relative_years.extend(a.relative_years);
                attribution.anniversaries.extend(a.anniversaries);
                attribution.breakdown_cues.extend(a.breakdown_cues);
                attribution.comparison_cues.extend(a.comparison_cues);
                attribution.same_period_cues.extend(a.same_period_cues);
                attribution.not_reported_cues.extend(a.not_reported_cues);
                attribution.source_cues.extend(a.source_cues);
                attribution.giver_cues.extend(a.giver_cues);
                attribution.recipient_metrics.extend(a.recipient_metrics);
                attribution.done_cues.extend(a.done_cues);
                attribution.cycle_stems.extend(a.cycle_stems);
                attribution.cycle_branches.extend(a.cycle_branches);
                attribution.cycle_cues.extend(a.cycle_cues);
                attribution
                    .opening_period_cues
                    .extend(a.opening_period_cues);
                attribution.recipient_cues.extend(a.recipient_cues);
                attribution.whole_scope_cues.extend(a.whole_scope_cues);
                attribution.ownerless_units.extend(a.ownerless_units);
                attribution.scope_levels.extend(a.scope_levels);
                attribution.union_metrics.extend(a.union_metrics);
                attribution.union_heads.extend(a.union_heads);
            }
        }

        if metrics.is_empty() {
            errors.push(RuleError {
                file: files.first().cloned().unwrap_or_default(),
                rule: None,
                message: "the pack defines no [[metric]]".into(),
            });
        }

        // Expand fragments once, detecting unknown names and cycles.
        let mut expanded: HashMap<String, String> = HashMap::new();
        for (name, (path, _)) in &fragments {
            let mut stack = Vec::new();
            if let Err(message) = expand_fragment(name, &fragments, &mut expanded, &mut stack) {
                errors.push(RuleError {
                    file: path.clone(),
                    rule: None,
                    message: format!("fragment `{name}`: {message}"),
                });
            }
        }

        // Rules: validate each on its own so errors name the rule.
        let mut seen_ids: HashMap<String, PathBuf> = HashMap::new();
        let mut compiled: Vec<(usize, CompiledRule)> = Vec::new();
        for (order, (path, def)) in rule_defs.into_iter().enumerate() {
            let rule_err = |message: String| RuleError {
                file: path.clone(),
                rule: Some(def.id.clone()),
                message,
            };
            if def.id.trim().is_empty() {
                errors.push(rule_err("empty rule id".into()));
                continue;
            }
            if let Some(first) = seen_ids.get(&def.id) {
                errors.push(rule_err(format!(
                    "duplicate rule id (first defined in {})",
                    first.display()
                )));
                continue;
            }
            seen_ids.insert(def.id.clone(), path.clone());
            let metric = match (&def.metric, &def.skip) {
                (Some(_), Some(_)) => {
                    errors.push(rule_err(
                        "a rule has a `metric` or a `skip` reason, not both".into(),
                    ));
                    continue;
                }
                (None, None) => {
                    errors.push(rule_err(
                        "a rule needs a `metric` (or a `skip` reason)".into(),
                    ));
                    continue;
                }
                (None, Some(_)) => None,
                (Some(m), None) => match metrics.iter().position(|x| &x.id == m) {
                    Some(i) => Some(i),
                    None => {
                        errors.push(rule_err(format!("unknown metric `{m}`")));
                        continue;
                    }
                },
            };
            let qualifier = match &def.qualifier {
                None => None,
                Some(q) => match Qualifier::parse(q) {
                    Some(q) => Some(q),
                    None => {
                        errors.push(rule_err(format!(
                            "unknown qualifier `{q}` (exact, over, under, about, range)"
                        )));
                        continue;
                    }
                },
            };
            let mut written_bits = 0u8;
            let mut bad = false;
            for w in def.written.iter().flatten() {
                written_bits |= match w.as_str() {
                    "vnd" => written::VND,
                    "percent" => written::PERCENT,
                    "none" => written::NONE,
                    other => {
                        errors.push(rule_err(format!(
                            "unknown written unit `{other}` (vnd, percent, none)"
                        )));
                        bad = true;
                        0
                    }
                };
            }
            let mut cond = |field: &str, src: &Option<String>, anchor: Anchor| -> Option<Cond> {
                let src = src.as_ref()?;
                match condition(src, anchor, &expanded, &fragments) {
                    Ok(c) => Some(c),
                    Err(message) => {
                        errors.push(RuleError {
                            file: path.clone(),
                            rule: Some(def.id.clone()),
                            message: format!("`{field}`: {message}"),
                        });
                        bad = true;
                        None
                    }
                }
            };
            let after = cond("after", &def.after, Anchor::Start);
            let not_after = cond("not_after", &def.not_after, Anchor::Start);
            let before = cond("before", &def.before, Anchor::End);
            let not_before = cond("not_before", &def.not_before, Anchor::End);
            let near = cond("near", &def.near, Anchor::Free);
            let not_near = cond("not_near", &def.not_near, Anchor::Free);
            let phrase = cond("phrase", &def.phrase, Anchor::Raw);
            if bad {
                continue;
            }
            if [&not_after, &not_before, &near, &not_near, &phrase]
                .iter()
                .any(|c| c.as_ref().is_some_and(|c| c.unit.is_some()))
                || before.as_ref().is_some_and(|c| c.unit.is_some())
            {
                errors.push(rule_err("only `after` may have a (?P<unit>…) group".into()));
                continue;
            }
            let label = match def.label.as_deref() {
                Some("{noun}") => LabelSpec::Noun,
                Some(l) => LabelSpec::Fixed(l.to_string()),
                None => LabelSpec::Group,
            };
            if label == LabelSpec::Noun && def.noun == Some(false) {
                errors.push(rule_err(
                    "`label = \"{noun}\"` needs a noun phrase, but `noun = false`".into(),
                ));
                continue;
            }
            let unit = match (&def.unit, metric) {
                (Some(u), _) => u.clone(),
                (None, Some(m)) => metrics[m].unit.clone(),
                (None, None) => String::new(),
            };
            compiled.push((
                order,
                CompiledRule {
                    def,
                    file: path.clone(),
                    metric,
                    unit,
                    qualifier,
                    label,
                    after,
                    not_after,
                    before,
                    not_before,
                    near,
                    not_near,
                    phrase,
                    written: written_bits,
                },
            ));
        }

        let breakdown = if attribution.breakdown_cues.is_empty() {
            None
        } else {
            let src = attribution.breakdown_cues.join("|");
            match RegexBuilder::new(&ascii_spaces(&src))
                .size_limit(RULE_SIZE_LIMIT)
                .build()
            {
                Ok(re) => Some(re),
                Err(e) => {
                    errors.push(RuleError {
                        file: files.first().cloned().unwrap_or_default(),
                        rule: None,
                        message: format!(
                            "[attribution] breakdown_cues: invalid regex: {}",
                            one_line(&e)
                        ),
                    });
                    None
                }
            }
        };

        let lists = lists.and_then(|(path, def)| match compile_lists(&def, &metrics) {
            Ok(l) => Some(l),
            Err(message) => {
                errors.push(RuleError {
                    file: path,
                    rule: None,
                    message,
                });
                None
            }
        });

        if !compiled.iter().any(|(_, r)| r.metric.is_some()) && errors.is_empty() {
            errors.push(RuleError {
                file: files.first().cloned().unwrap_or_default(),
                rule: None,
                message: "the pack defines no [[rule]] with a metric".into(),
            });
        }
        if !errors.is_empty() {
            return Err(PackErrors(errors));
        }

        // Highest priority first; file order breaks ties.
        compiled.sort_by(|a, b| b.1.def.priority.cmp(&a.1.def.priority).then(a.0.cmp(&b.0)));
        let mut rules: Vec<CompiledRule> = compiled.into_iter().map(|(_, r)| r).collect();
        let sets = cond_sets(&mut rules).map_err(|message| {
            // No one file is at fault: name the pack's folder.
            let folder = files
                .first()
                .and_then(|f| f.parent())
                .map(Path::to_path_buf)
                .unwrap_or_default();
            PackErrors(vec![RuleError {
                file: folder,
                rule: None,
                message,
            }])
        })?;
        Ok(RulePack {
            metrics,
            rules,
            sets,
            labels,
            units,
            nouns: Nouns::from_def(&nouns),
            boilerplate,
            org,
            attribution,
            breakdown,
            lists,
            files,
            attribution_examples,
        })
    }

    /// Examples of the pack: every rule's, and the attribution examples.
    pub fn example_count(&self) -> usize {
        let of_rules: usize = self.rules.iter().map(|r| r.def.examples.len()).sum();
        of_rules + self.attribution_examples.len()
    }

    /// The metric definition a figure rule produces.
    pub fn metric_of(&self, rule: &CompiledRule) -> Option<&MetricDef> {
        rule.metric.map(|m| &self.metrics[m])
    }

    pub fn metric(&self, id: &str) -> Option<&MetricDef> {
        self.metrics.iter().find(|m| m.id == id)
    }
}

/// Compile one condition, anchored where it is matched; only `label` and
/// `unit` may name groups.
fn condition(
    src: &str,
    anchor: Anchor,
    expanded: &HashMap<String, String>,
    fragments: &BTreeMap<String, (PathBuf, String)>,
) -> Result<Cond, String> {
    let body = ascii_spaces(&substitute(src, expanded, fragments)?);
    // Group 1 is the condition's own match. The character after it must not
    // continue a word, so a regex alternative that stops inside a word
    // gives way to the next one ("giải c…" is no "giải C"); where it starts
    // is checked by the caller.
    const EDGE: &str = r"[^\p{L}\p{N}]";
    let full = match anchor {
        Anchor::Start => format!("^((?:{body}))(?:$|{EDGE})"),
        Anchor::End => format!("((?:{body}))$"),
        Anchor::Free => format!("((?:{body}))(?:$|{EDGE})"),
        Anchor::Raw => body.clone(),
    };
    let set_pattern = match anchor {
        Anchor::Start => format!("^(?:{body})"),
        Anchor::End => format!("(?:{body})$"),
        Anchor::Free | Anchor::Raw => format!("(?:{body})"),
    };
    let re = RegexBuilder::new(&full)
        .size_limit(RULE_SIZE_LIMIT)
        .build()
        .map_err(|e| format!("invalid regex '{src}': {}", one_line(&e)))?;
    let mut label = None;
    let mut unit = None;
    for (i, name) in re.capture_names().enumerate() {
        match name {
            None => {}
            Some("label") => label = Some(i),
            Some("unit") => unit = Some(i),
            Some(other) => {
                return Err(format!(
                    "unknown group name `{other}` (only `label` and `unit` are used)"
                ))
            }
        }
    }
    let max_len = regex_syntax::ParserBuilder::new()
        .build()
        .parse(&full)
        .ok()
        .and_then(|h| h.properties().maximum_len());
    Ok(Cond {
        re,
        label,
        unit,
        set_index: None,
        max_len,
        set_pattern,
    })
}

/// The rules' conditions of each kind as one set, numbering each condition
/// within its set.
fn cond_sets(rules: &mut [CompiledRule]) -> Result<CondSets, String> {
    use regex_automata::{meta, MatchKind};
    let mut patterns: [Vec<String>; 6] = Default::default();
    for r in rules.iter_mut() {
        let conds = [
            &mut r.after,
            &mut r.not_after,
            &mut r.before,
            &mut r.not_before,
            &mut r.near,
            &mut r.not_near,
        ];
        for (kind, c) in conds.into_iter().enumerate() {
            if let Some(c) = c {
                let short = c.max_len.is_some_and(|n| n <= SHORT_BEFORE);
                if !matches!(kind, BEFORE | NOT_BEFORE) || short {
                    c.set_index = Some(patterns[kind].len());
                    patterns[kind].push(c.set_pattern.clone());
                }
            }
        }
    }
    const KINDS: [&str; 6] = [
        "after",
        "not_after",
        "before",
        "not_before",
        "near",
        "not_near",
    ];
    let forward = |kind: usize| {
        let p = &patterns[kind];
        let err = |e: &dyn std::fmt::Display| {
            format!(
                "the `{}` conditions of {} rules do not compile as one set within its limit of {} MB ({}): the pack is too large; use fewer rules, or shorter conditions (fragments are expanded into every rule that uses them)",
                KINDS[kind],
                p.len(),
                (RULE_SIZE_LIMIT * 8) >> 20,
                one_line(e)
            )
        };
        meta::Regex::builder()
            .configure(
                // Sets only say which conditions match, never where: no
                // capture states. With them, each search's working memory
                // is the NFA's states times two slots per pattern, which
                // grows with the square of the rule count (1,000 rules
                // asked for 18 GB).
                meta::Config::new()
                    .match_kind(MatchKind::All)
                    .which_captures(regex_automata::nfa::thompson::WhichCaptures::None)
                    .nfa_size_limit(Some(RULE_SIZE_LIMIT * 8))
                    .hybrid_cache_capacity(RULE_SIZE_LIMIT * 2),
            )
            .build_many(p)
            .map_err(|e| err(&e))
    };
    Ok(CondSets {
        forward: [
            forward(AFTER)?,
            forward(NOT_AFTER)?,
            forward(BEFORE)?,
            forward(NOT_BEFORE)?,
            forward(NEAR)?,
            forward(NOT_NEAR)?,
        ],
    })
}

/// The reason of a regex error without the (fragment-expanded, possibly
/// very long) pattern it quotes.
fn one_line(e: &dyn std::fmt::Display) -> String {
    let text = e.to_string();
    let reason = text
        .lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix("error:"))
        .map(str::trim);
    match reason {
        Some(r) => r.to_string(),
        None => {
            let l: String = text.lines().map(str::trim).collect::<Vec<_>>().join(" ");
            l.chars().take(300).collect()
        }
    }
}

/// Positions of `{name}` references (identifier in braces, never a counted
/// repetition such as `{2,3}`).
fn references(pattern: &str) -> Vec<(usize, usize, &str)> {
    let bytes = pattern.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] == b'{' {
            let start = i;
            let mut j = i + 1;
            if j < bytes.len() && (bytes[j].is_ascii_alphabetic() || bytes[j] == b'_') {
                while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
                    j += 1;
                }
                if j < bytes.len() && bytes[j] == b'}' {
                    out.push((start, j + 1, &pattern[start + 1..j]));
                    i = j + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

fn substitute(
    pattern: &str,
    expanded: &HashMap<String, String>,
    fragments: &BTreeMap<String, (PathBuf, String)>,
) -> Result<String, String> {
    let mut out = String::with_capacity(pattern.len());
    let mut last = 0;
    for (s, e, name) in references(pattern) {
        out.push_str(&pattern[last..s]);
        match expanded.get(name) {
            Some(body) => {
                out.push_str("(?:");
                out.push_str(body);
                out.push(')');
            }
            None if fragments.contains_key(name) => {
                return Err(format!("fragment `{name}` is itself invalid"))
            }
            None => return Err(format!("unknown fragment `{{{name}}}`")),
        }
        last = e;
    }
    out.push_str(&pattern[last..]);
    Ok(out)
}

fn expand_fragment(
    name: &str,
    fragments: &BTreeMap<String, (PathBuf, String)>,
    expanded: &mut HashMap<String, String>,
    stack: &mut Vec<String>,
) -> Result<(), String> {
    if expanded.contains_key(name) {
        return Ok(());
    }
    if stack.iter().any(|s| s == name) {
        return Err(format!("refers to itself via {}", stack.join(" → ")));
    }
    let Some((_, src)) = fragments.get(name) else {
        return Err(format!("unknown fragment `{{{name}}}`"));
    };
    stack.push(name.to_string());
    for (_, _, inner) in references(src) {
        expand_fragment(inner, fragments, expanded, stack)?;
    }
    stack.pop();
    let body = substitute(src, expanded, fragments)?;
    if let Err(e) = RegexBuilder::new(&body).size_limit(RULE_SIZE_LIMIT).build() {
        return Err(format!("invalid regex: {}", one_line(&e)));
    }
    if Regex::new(r"\(\?P?<").is_ok_and(|r| r.is_match(&body)) {
        return Err("fragments may not contain named groups".into());
    }
    expanded.insert(name.to_string(), body);
    Ok(())
}

/// `\s` as ASCII whitespace: normalisation has turned every Unicode space
/// into `' '`, and the ASCII class keeps the joined automaton small (about
/// 35% faster scanning than the Unicode class).
fn ascii_spaces(body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 64);
    let mut chars = body.chars();
    // Inside a character class `\s` becomes the ASCII space characters.
    let mut class_depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('s') if class_depth > 0 => out.push_str(r"\t\n\x0B\x0C\r\x20"),
                Some('s') => out.push_str(r"(?-u:\s)"),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            },
            '[' => {
                class_depth += 1;
                out.push(c);
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::load_sources;
    use super::*;

    fn pack(src: &str) -> Result<RulePack, PackErrors> {
        let s = load_sources(vec![(PathBuf::from("t.toml"), src.to_string())])?;
        RulePack::compile(s)
    }

    const METRIC: &str = "[[metric]]\nid = \"m\"\nunit = \"u\"\n";

    #[test]
    fn fragments_expand_recursively() {
        let p = pack(&format!(
            "{METRIC}[fragments]\nd = 'x'\nn = '{{d}}(?:,{{d}})?'\n[[rule]]\nid = \"a\"\nmetric = \"m\"\nafter = '{{n}} y{{1,2}}'\n"
        ))
        .unwrap();
        let after = p.rules[0].after.as_ref().unwrap();
        assert!(after.re.is_match("x,x yy"));
        assert!(!after.re.is_match("z x,x yy"), "anchored at the start");
    }

    #[test]
    fn lists_name_known_metrics_and_valid_regexes() {
        let rule = "[[rule]]\nid = \"a\"\nmetric = \"m\"\n";
        let p = pack(&format!(
            "{METRIC}{rule}[lists]\nmetrics = [\"m\"]\ngap = ', '\nafter = '\\.'\n"
        ))
        .unwrap();
        let lists = p.lists.as_ref().unwrap();
        assert!(
            lists.gap.is_match(", ") && !lists.gap.is_match(", x"),
            "gap matched whole"
        );
        assert!(
            lists.after.is_match(". x") && !lists.after.is_match("x."),
            "after at the start"
        );
        let e = pack(&format!(
            "{METRIC}{rule}[lists]\nmetrics = [\"nosuch\"]\ngap = ','\nafter = ','\n"
        ))
        .unwrap_err();
        assert!(
            e.0[0].to_string().contains("unknown metric `nosuch`"),
            "{}",
            e.0[0]
        );
        let e = pack(&format!(
            "{METRIC}{rule}[lists]\nmetrics = [\"m\"]\ngap = '('\nafter = ','\n"
        ))
        .unwrap_err();
        assert!(
            e.0[0].to_string().contains("[lists] gap: invalid regex"),
            "{}",
            e.0[0]
        );
    }

    #[test]
    fn before_is_anchored_at_the_end() {
        let p = pack(&format!(
            "{METRIC}[[rule]]\nid = \"a\"\nmetric = \"m\"\nbefore = 'kết\\s+nạp'\n"
        ))
        .unwrap();
        let before = p.rules[0].before.as_ref().unwrap();
        assert!(before.re.is_match("đã kết nạp"));
        assert!(!before.re.is_match("kết nạp xong"));
    }

    #[test]
    fn every_problem_is_reported_with_rule_ids() {
        let src = format!(
            "{METRIC}[[rule]]\nid = \"a\"\nmetric = \"nope\"\n\
             [[rule]]\nid = \"b\"\nmetric = \"m\"\nafter = '[0-9'\n\
             [[rule]]\nid = \"c\"\nmetric = \"m\"\nskip = \"both\"\n\
             [[rule]]\nid = \"d\"\nmetric = \"m\"\nnear = '{{missing}}'\n\
             [[rule]]\nid = \"e\"\nmetric = \"m\"\n\
             [[rule]]\nid = \"e\"\nmetric = \"m\"\n\
             [[rule]]\nid = \"f\"\nmetric = \"m\"\nafter = '(?P<value>x)'\n\
             [[rule]]\nid = \"g\"\nmetric = \"m\"\nwritten = [\"usd\"]\n\
             [[rule]]\nid = \"h\"\n"
        );
        let msg = pack(&src).unwrap_err().to_string();
        assert!(msg.contains("rule `a`: unknown metric `nope`"), "{msg}");
        assert!(msg.contains("rule `b`: `after`: invalid regex"), "{msg}");
        assert!(
            msg.contains("rule `c`: a rule has a `metric` or a `skip`"),
            "{msg}"
        );
        assert!(
            msg.contains("rule `d`: `near`: unknown fragment `{missing}`"),
            "{msg}"
        );
        assert!(msg.contains("rule `e`: duplicate rule id"), "{msg}");
        assert!(
            msg.contains("rule `f`: `after`: unknown group name `value`"),
            "{msg}"
        );
        assert!(
            msg.contains("rule `g`: unknown written unit `usd`"),
            "{msg}"
        );
        assert!(msg.contains("rule `h`: a rule needs a `metric`"), "{msg}");
    }

    #[test]
    fn oversized_regex_is_an_error() {
        let src = format!(
            "{METRIC}[[rule]]\nid = \"big\"\nmetric = \"m\"\nafter = '[0-9]{{1000}}\\w{{1000}}'\n"
        );
        let msg = pack(&src).unwrap_err().to_string();
        assert!(msg.contains("rule `big`: `after`: invalid regex"), "{msg}");
    }

    #[test]
    fn fragment_cycles_are_reported() {
        let src = format!(
            "{METRIC}[fragments]\na = '{{b}}'\nb = '{{a}}'\n[[rule]]\nid = \"x\"\nmetric = \"m\"\n"
        );
        let msg = pack(&src).unwrap_err().to_string();
        assert!(msg.contains("refers to itself"), "{msg}");
    }

    #[test]
    fn spaces_become_ascii_but_escapes_stay() {
        assert_eq!(
            ascii_spaces(r"a\s+b\\s[^\s.]\d"),
            r"a(?-u:\s)+b\\s[^\t\n\x0B\x0C\r\x20.]\d"
        );
    }

    #[test]
    fn priority_orders_the_rules() {
        let src = format!(
            "{METRIC}[[rule]]\nid = \"low\"\nmetric = \"m\"\n\
             [[rule]]\nid = \"skip\"\nskip = \"why\"\npriority = 9\n\
             [[rule]]\nid = \"high\"\nmetric = \"m\"\npriority = 5\n"
        );
        let p = pack(&src).unwrap();
        let ids: Vec<&str> = p.rules.iter().map(|r| r.def.id.as_str()).collect();
        assert_eq!(ids, ["skip", "high", "low"]);
        assert!(p.rules[0].metric.is_none());
    }
}
