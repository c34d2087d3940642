//! Validation and compilation of a rule pack into one multi-pattern regex.
//!
//! All rules are joined into a single alternation, highest priority first, so
//! a text is scanned once whatever the number of rules; the joined regex only
//! finds where figures are and which rule matched first (no capture groups:
//! finding is a lazy-DFA scan). The same regex, anchored to one rule's
//! pattern, tries the next rules at a place; each rule's backtracker reads
//! its `value` and `label` groups on the matched span.

use super::MAX_FIGURE;
use super::{
    AttributionDef, BoilerplateDef, MetricDef, OrgDef, PackErrors, PackSource, RuleDef, RuleError,
};
use crate::number::Qualifier;
use regex::{Regex, RegexBuilder};
use regex_automata::nfa::thompson::{self, backtrack::BoundedBacktracker, WhichCaptures};
use regex_automata::{meta, PatternID};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// Largest NFA of one rule, in bytes: a bigger rule is an error rather
/// than a slow scan (the default pack's largest rule is far below it).
const RULE_SIZE_LIMIT: usize = 8 << 20;
/// Largest compiled size of the joined regex.
const PACK_SIZE_LIMIT: usize = 256 << 20;
/// Lazy DFA cache for the joined regex: large enough that scanning never
/// falls back to the slow engines on ordinary text.
const PACK_DFA_LIMIT: usize = 16 << 20;

/// A rule ready to run.
#[derive(Clone, Debug)]
pub struct CompiledRule {
    pub def: RuleDef,
    pub file: PathBuf,
    /// Index into [`RulePack::metrics`].
    pub metric: usize,
    pub unit: String,
    pub qualifier: Option<Qualifier>,
    /// The rule's capture engine, run anchored on a span the rule is known
    /// to match (at most [`MAX_FIGURE`] bytes) to read its groups.
    pub captures: BoundedBacktracker,
    /// Capture group indices in `captures`.
    pub value_group: usize,
    pub label_group: Option<usize>,
}

/// A validated, compiled rule pack.
#[derive(Clone, Debug)]
pub struct RulePack {
    pub metrics: Vec<MetricDef>,
    /// Rules in priority order (the order of the alternation).
    pub rules: Vec<CompiledRule>,
    /// Every rule as one pattern of a multi-pattern regex, in priority
    /// order: one scan reports where the next figure starts and which rule
    /// (pattern id = index into `rules`) matched there. Searches anchored to
    /// one pattern run that rule alone.
    pub joined: meta::Regex,
    pub labels: HashMap<String, String>,
    pub boilerplate: BoilerplateDef,
    pub org: OrgDef,
    pub attribution: AttributionDef,
    pub files: Vec<PathBuf>,
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
        let mut boilerplate = BoilerplateDef::default();
        let mut org = OrgDef::default();
        let mut attribution = AttributionDef::default();
        let files: Vec<PathBuf> = sources.iter().map(|s| s.path.clone()).collect();

        for src in sources {
            let file = src.file;
            let path = src.path;
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
            if let Some(b) = file.boilerplate {
                boilerplate.end_markers.extend(b.end_markers);
                boilerplate.line_prefixes.extend(b.line_prefixes);
                boilerplate.line_contains.extend(b.line_contains);
                boilerplate.leading_noise.extend(b.leading_noise);
            }
            if let Some(o) = file.org {
                org.abbreviations.extend(o.abbreviations);
                org.heads.extend(o.heads);
                org.sectors.extend(o.sectors);
                org.connectors.extend(o.connectors);
                org.aliases.extend(o.aliases);
            }
            if let Some(a) = file.attribution {
                attribution.target_cues.extend(a.target_cues);
                attribution.not_target.extend(a.not_target);
                attribution.relative_years.extend(a.relative_years);
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
        let mut compiled: Vec<(usize, CompiledRule, String)> = Vec::new();
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
            let Some(metric) = metrics.iter().position(|m| m.id == def.metric) else {
                errors.push(rule_err(format!("unknown metric `{}`", def.metric)));
                continue;
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
            let body = match substitute(&def.pattern, &expanded, &fragments) {
                Ok(b) => ascii_spaces(&b),
                Err(message) => {
                    errors.push(rule_err(message));
                    continue;
                }
            };
            let captures = match capture_engine(&body) {
                Ok(c) => c,
                Err(e) => {
                    errors.push(rule_err(format!("invalid pattern '{}': {e}", def.pattern)));
                    continue;
                }
            };
            let groups = captures.get_nfa().group_info();
            let names: Vec<&str> = groups.pattern_names(PatternID::ZERO).flatten().collect();
            let group_of = |name: &str| groups.to_index(PatternID::ZERO, name);
            if !names.contains(&"value") {
                errors.push(rule_err(
                    "pattern has no (?P<value>…) group marking the quantity".into(),
                ));
                continue;
            }
            if let Some(other) = names.iter().find(|n| **n != "value" && **n != "label") {
                errors.push(rule_err(format!(
                    "unknown group name `{other}` (only `value` and `label` are used)"
                )));
                continue;
            }
            let unit = def
                .unit
                .clone()
                .unwrap_or_else(|| metrics[metric].unit.clone());
            let value_group = group_of("value").unwrap_or(0);
            let label_group = group_of("label");
            let rule = CompiledRule {
                def,
                file: path.clone(),
                metric,
                unit,
                qualifier,
                captures,
                value_group,
                label_group,
            };
            compiled.push((order, rule, body));
        }

        if compiled.is_empty() && errors.is_empty() {
            errors.push(RuleError {
                file: files.first().cloned().unwrap_or_default(),
                rule: None,
                message: "the pack defines no [[rule]]".into(),
            });
        }
        if !errors.is_empty() {
            return Err(PackErrors(errors));
        }

        // Highest priority first; file order breaks ties.
        compiled.sort_by(|a, b| b.1.def.priority.cmp(&a.1.def.priority).then(a.0.cmp(&b.0)));
        let bodies: Vec<&str> = compiled.iter().map(|(_, _, body)| body.as_str()).collect();
        let joined = meta::Regex::builder()
            .configure(
                meta::Regex::config()
                    .nfa_size_limit(Some(PACK_SIZE_LIMIT))
                    .hybrid_cache_capacity(PACK_DFA_LIMIT)
                    .which_captures(WhichCaptures::Implicit),
            )
            .build_many(&bodies)
            .map_err(|e| {
                PackErrors(vec![RuleError {
                    file: files.first().cloned().unwrap_or_default(),
                    rule: None,
                    message: format!("the joined rules do not compile: {}", one_line(&e)),
                }])
            })?;
        let rules: Vec<CompiledRule> = compiled.into_iter().map(|(_, r, _)| r).collect();
        Ok(RulePack {
            metrics,
            rules,
            joined,
            labels,
            boilerplate,
            org,
            attribution,
            files,
        })
    }

    /// The metric definition a rule produces.
    pub fn metric_of(&self, rule: &CompiledRule) -> &MetricDef {
        &self.metrics[rule.metric]
    }

    pub fn metric(&self, id: &str) -> Option<&MetricDef> {
        self.metrics.iter().find(|m| m.id == id)
    }
}

/// The rule's one compiled engine (its NFA also tells the group names): a
/// backtracker for the rule's groups that accepts every span up to
/// [`MAX_FIGURE`] bytes: on such short spans it reads the groups several
/// times faster than the general capture search, which first re-finds the
/// match with a lazy DFA.
fn capture_engine(body: &str) -> Result<BoundedBacktracker, String> {
    let nfa = thompson::Compiler::new()
        .configure(thompson::Config::new().nfa_size_limit(Some(RULE_SIZE_LIMIT)))
        .build(body)
        .map_err(|e| match (e.size_limit(), std::error::Error::source(&e)) {
            (Some(limit), _) => format!("compiled regex exceeds the size limit of {limit} bytes"),
            // The syntax error names the problem ("unclosed group").
            (None, Some(cause)) => one_line(cause),
            (None, None) => one_line(&e),
        })?;
    // One visited bit per NFA state and haystack position.
    let visited = (nfa.states().len() * (MAX_FIGURE + 2)).div_ceil(8) + 64;
    let engine = BoundedBacktracker::builder()
        .configure(BoundedBacktracker::config().visited_capacity(visited))
        .build_from_nfa(nfa)
        .map_err(|e| one_line(&e))?;
    debug_assert!(engine.max_haystack_len() >= MAX_FIGURE);
    Ok(engine)
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
            "{METRIC}[fragments]\nd = '[0-9]+'\nn = '{{d}}(?:,{{d}})?'\n[[rule]]\nid = \"a\"\nmetric = \"m\"\npattern = '(?P<value>{{n}}) x{{1,2}}'\n"
        ))
        .unwrap();
        assert!(p.joined.is_match("12,5 xx"));
    }

    #[test]
    fn every_problem_is_reported_with_rule_ids() {
        let src = format!(
            "{METRIC}[[rule]]\nid = \"a\"\nmetric = \"nope\"\npattern = '(?P<value>1)'\n\
             [[rule]]\nid = \"b\"\nmetric = \"m\"\npattern = '(?P<value>[0-9'\n\
             [[rule]]\nid = \"c\"\nmetric = \"m\"\npattern = '[0-9]+'\n\
             [[rule]]\nid = \"d\"\nmetric = \"m\"\npattern = '(?P<value>{{missing}})'\n\
             [[rule]]\nid = \"e\"\nmetric = \"m\"\npattern = '(?P<value>[0-9])'\n\
             [[rule]]\nid = \"e\"\nmetric = \"m\"\npattern = '(?P<value>[0-9])'\n"
        );
        let msg = pack(&src).unwrap_err().to_string();
        assert!(msg.contains("rule `a`: unknown metric `nope`"), "{msg}");
        assert!(msg.contains("rule `b`: invalid pattern"), "{msg}");
        assert!(msg.contains("rule `c`: pattern has no (?P<value>"), "{msg}");
        assert!(
            msg.contains("rule `d`: unknown fragment `{missing}`"),
            "{msg}"
        );
        assert!(msg.contains("rule `e`: duplicate rule id"), "{msg}");
    }

    #[test]
    fn oversized_regex_is_an_error() {
        let src = format!(
            "{METRIC}[[rule]]\nid = \"big\"\nmetric = \"m\"\npattern = '(?P<value>[0-9]{{1000}}\\w{{1000}})'\n"
        );
        let msg = pack(&src).unwrap_err().to_string();
        assert!(msg.contains("rule `big`: invalid pattern"), "{msg}");
    }

    #[test]
    fn fragment_cycles_are_reported() {
        let src = format!(
            "{METRIC}[fragments]\na = '{{b}}'\nb = '{{a}}'\n[[rule]]\nid = \"x\"\nmetric = \"m\"\npattern = '(?P<value>1)'\n"
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
    fn priority_orders_the_alternation() {
        let src = format!(
            "{METRIC}[[rule]]\nid = \"low\"\nmetric = \"m\"\npattern = '(?P<value>[0-9]+) a'\n\
             [[rule]]\nid = \"high\"\nmetric = \"m\"\npriority = 5\npattern = '(?P<value>[0-9]+) a b'\n"
        );
        let p = pack(&src).unwrap();
        assert_eq!(p.rules[0].def.id, "high");
        let m = p.joined.find("7 a b").unwrap();
        assert_eq!((m.pattern().as_usize(), m.end()), (0, 5));
        let m = p.joined.find("7 a c").unwrap();
        assert_eq!((m.pattern().as_usize(), m.end()), (1, 3));
    }
}
