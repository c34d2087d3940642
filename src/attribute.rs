//! Attribution: the year a figure describes, the organisation it belongs to,
//! and whether it is reported (actual) or aimed for (target).
//!
//! Year, in order:
//! 1. the nearest explicit or relative year mention in the figure's sentence
//!    (before the figure first, then after it);
//! 2. the same in its paragraph;
//! 3. a period in the sentence or paragraph ("nhiệm kỳ 2016 – 2021"): the
//!    article's reference year when it falls inside, else the period's end
//!    when the period is over by then, else its start;
//! 4. the article's reference year.
//!
//! The reference year is the publication year; without a publication date it
//! is the year the article is about: the first year named in the title or
//! lead, else the year named most often in the body. Relative mentions
//! ("năm nay" 0, "năm qua" −1, "năm tới" +1, offsets from the rule pack) count
//! from the publication year; without a publication date, looking back means
//! the year the article is about.
//!
//! Modality is `target` when a target cue (phấn đấu, chỉ tiêu, mục tiêu, …)
//! precedes the figure in its sentence and no "not a target" phrase (vượt kế
//! hoạch, xây dựng kế hoạch, Kế hoạch số …) covers the cue.
//!
//! Organisation: the nearest organisation named before the figure in its
//! sentence (names inside figures are givers, not owners; a name introduced by
//! "của"/"do"/"bởi" yields to an earlier subject), else the article's main
//! organisation: the first named in the title, else the one named most often
//! in the lead and the paragraphs holding figures.
//! Names are canonicalised (abbreviations expanded, case of common words
//! folded) and a short name completes to the longer one it begins in the same
//! article ("Công đoàn Viên chức thành phố" → "… thành phố Hà Nội").

use crate::rules::{AttributionDef, OrgDef};
use crate::text::chars::is_word;
use crate::text::segment::Sentence;
use regex::Regex;
use std::collections::{BTreeMap, HashMap};

/// Compiled attribution cues and organisation grammar of a rule pack.
#[derive(Clone, Debug)]
pub struct Attributor {
    relative: Option<Regex>,
    /// A comparison cue ending right before a year mention (anchored at the end).
    comparison: Option<Regex>,
    /// A same-period cue ending right before a year mention ("cùng kỳ năm").
    same_period: Option<Regex>,
    /// A deadline or running-period cue ending right before a year mention.
    not_reported: Option<Regex>,
    /// A source cue ending right before an organisation's name.
    source: Option<Regex>,
    /// A cue ending right before a period that counts from its start
    /// ("nhiệm kỳ", "năm học").
    opening: Option<Regex>,
    /// Cycle year names after their cues ("tết bính ngọ"), and the
    /// lowercase spellings of the ten stems and twelve branches in order.
    cycle: Option<Regex>,
    cycle_stems: Vec<Vec<String>>,
    cycle_branches: Vec<Vec<String>>,
    relative_offsets: Vec<(String, i32)>,
    /// "N năm" before a known event (group 1: N, group 2: the event), and
    /// the events, lowercased, with their years.
    anniversary: Option<Regex>,
    anniversary_years: Vec<(String, i32)>,
    cues: Option<Regex>,
    not_cues: Option<Regex>,
    /// The target cues right after a figure, anchored at its end.
    after_cues: Option<Regex>,
    /// Where organisation names start (their heads, any case).
    heads: Option<Regex>,
    /// What a name may continue with, and what ends it.
    names: NameGrammar,
    abbreviations: Vec<(String, String)>,
    aliases: BTreeMap<String, String>,
    lower_words: Vec<String>,
    /// Lowercase words before a head that make it no organisation.
    not_after: Vec<String>,
    /// Lowercase words after a name that make it generic.
    not_before: Vec<String>,
    /// Sectors as the pack spells them and lowercased, longest first.
    sectors: Vec<(String, String)>,
    /// Written forms that are no names.
    not_names: Vec<String>,
    /// The heads matched in any case, as the pack writes them.
    any_case_heads: Vec<String>,
    /// Heads that are names on their own, lowercased.
    whole_names: Vec<String>,
    /// Name beginnings rewritten, longest first.
    prefix_aliases: Vec<(String, String)>,
    /// Lowercase cues of figure ownership (see `AttributionDef`).
    giver_cues: Vec<String>,
    recipient_cues: Vec<String>,
    /// The whole-scope cues as one alternation (word bounds checked after).
    whole_scope: Option<Regex>,
    ownerless_units: Vec<String>,
    /// Lowercase administrative levels of whole-area cues.
    scope_levels: Vec<String>,
    union_metrics: Vec<String>,
    /// Union heads followed by a space ("Công đoàn ").
    union_prefixes: Vec<String>,
    recipient_metrics: Vec<String>,
    done_cues: Vec<String>,
    /// Lowercase cues after a name making it a subject, before one making
    /// it an object.
    subject_cues: Vec<String>,
    object_cues: Vec<String>,
}

/// The first year of a sixty-year cycle (Giáp Tý).
const CYCLE_ANCHOR: i32 = 1984;

/// How far before a year mention a comparison cue is looked for.
const COMPARISON_REACH: usize = 96;

/// The char boundary at or before `i`.
fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A mention of a year, a relative year or a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum YearKind {
    Year(i32),
    Relative(i32),
    Period(i32, i32),
    /// A period counted from its start: a term of office, a school or crop
    /// year ("nhiệm kỳ 2023 – 2028", "năm học 2021 – 2022").
    Term(i32, i32),
    /// A year of the sixty-year cycle by its name ("Tết Bính Ngọ"): its
    /// place in the cycle, the year nearest the article's.
    Cycle(i32),
}

impl YearKind {
    fn is_period(self) -> bool {
        matches!(self, YearKind::Period(..) | YearKind::Term(..))
    }
}

#[derive(Clone, Copy, Debug)]
struct YearMention {
    start: usize,
    kind: YearKind,
    /// The same period of an earlier year ("so với cùng kỳ năm 2022"), its
    /// `kind` moved one year on: the year reported on is most likely the
    /// next one, but a year said outright counts first.
    weak: bool,
}

/// Year mentions and target cues of a whole article, found in one pass each;
/// per-figure attribution then only looks them up by position.
#[derive(Clone, Debug, Default)]
pub struct Scan {
    years: Vec<YearMention>,
    /// Target cues not covered by a "not a target" phrase, in text order.
    cues: Vec<(usize, usize)>,
}

impl Scan {
    /// The indices of the year mentions starting in `from..to`.
    fn range_in(&self, from: usize, to: usize) -> (usize, usize) {
        let a = self.years.partition_point(|m| m.start < from);
        let b = self.years.partition_point(|m| m.start < to);
        (a, b.max(a))
    }

    fn years_in(&self, from: usize, to: usize) -> &[YearMention] {
        let a = self.years.partition_point(|m| m.start < from);
        let b = self.years.partition_point(|m| m.start < to);
        &self.years[a..b]
    }
}

/// What attributing the figures of one article looks up, indexed once by
/// [`Attributor::prepare`].
pub struct Prepared<'a> {
    folded: &'a str,
    scan: &'a Scan,
    orgs: &'a [OrgMention],
    spans: Spans,
    /// Per kind (said outright, comparison base): the last usable year
    /// mention before each index, and the first at or after it.
    prev: [Vec<Option<usize>>; 2],
    next: [Vec<Option<usize>>; 2],
    /// The first period mention at or after each index.
    next_period: Vec<Option<usize>>,
    /// Target cues by start; their ends are in order too (they never
    /// overlap).
    cues: Vec<(usize, usize)>,
    cues_in_order: bool,
    /// Where each word of things done ("đã") is said: between a cue and
    /// its figure, it makes the figure actual.
    done: Vec<WordIndex>,
    /// `orgs` are in text order (start and end both non-decreasing).
    in_order: bool,
    /// The last mention outside every figure before each index, and the
    /// last such mention not introduced by "của"/"do"/"bởi".
    last_org: Vec<Option<usize>>,
    last_subject: Vec<Option<usize>>,
    /// The same, among the subjects of a clause (a `subject_cues` word
    /// follows them).
    last_clause: Vec<Option<usize>>,
    /// Where each whole-area cue ("toàn tỉnh") is said.
    whole_scope: Vec<WordIndex>,
    /// For each scope level the article says a whole-area cue of, the one
    /// place of that level its names hold, if exactly one ("tỉnh" → "An
    /// Giang").
    scope_places: Vec<(String, Option<String>)>,
    /// Names of unions of another named body, by that body's name
    /// ("Ban Quản lý X" → "Công đoàn Ban Quản lý X").
    union_of: HashMap<&'a str, &'a str>,
}

/// Every occurrence of one phrase (or every match of one regex) in a text,
/// to ask in logarithmic time whether a stretch of the text holds it as
/// words ([`contains_word`] of that stretch, without scanning it).
struct WordIndex {
    /// Start and end of each occurrence, in text order (they never overlap).
    starts: Vec<usize>,
    ends: Vec<usize>,
    /// Whether no word character precedes / follows each occurrence.
    left: Vec<bool>,
    right: Vec<bool>,
    /// Occurrences bounded on both sides before each index.
    bounded_before: Vec<usize>,
}

impl WordIndex {
    fn new(text: &str, phrase: &str) -> WordIndex {
        if phrase.is_empty() {
            return WordIndex::of_matches(text, std::iter::empty());
        }
        let n = phrase.len();
        WordIndex::of_matches(
            text,
            memchr::memmem::find_iter(text.as_bytes(), phrase.as_bytes()).map(|i| i..i + n),
        )
    }

    fn of_matches(text: &str, found: impl Iterator<Item = std::ops::Range<usize>>) -> WordIndex {
        let mut ix = WordIndex {
            starts: Vec::new(),
            ends: Vec::new(),
            left: Vec::new(),
            right: Vec::new(),
            bounded_before: vec![0],
        };
        for r in found.filter(|r| r.start < r.end) {
            let l = !text[..r.start].chars().next_back().is_some_and(is_word);
            let rt = !text[r.end..].chars().next().is_some_and(is_word);
            ix.starts.push(r.start);
            ix.ends.push(r.end);
            ix.left.push(l);
            ix.right.push(rt);
            let n = ix.bounded_before[ix.bounded_before.len() - 1];
            ix.bounded_before.push(n + usize::from(l && rt));
        }
        ix
    }

    /// The last occurrence [`WordIndex::within`] finds, as its span.
    fn last_within(&self, text: &str, from: usize, to: usize) -> Option<(usize, usize)> {
        if !self.within(text, from, to) {
            return None;
        }
        let a = self.starts.partition_point(|&p| p < from);
        let b = self.ends.partition_point(|&e| e <= to);
        let edge_ok = |k: usize| {
            (self.starts[k] == from || self.left[k]) && (self.ends[k] == to || self.right[k])
        };
        let k = if edge_ok(b - 1) {
            b - 1
        } else {
            // The last occurrence bounded in the text, before b - 1.
            let count = self.bounded_before[b - 1];
            match self
                .bounded_before
                .partition_point(|&c| c < count)
                .checked_sub(1)
            {
                Some(k) if k > a && k < b - 1 => k,
                _ => a,
            }
        };
        Some((self.starts[k], self.ends[k]))
    }

    /// `contains_word(&text[from..to], phrase)`: an edge of the stretch is
    /// a word boundary too.
    fn within(&self, text: &str, from: usize, to: usize) -> bool {
        self.within_edges(text, from, to, true)
    }

    /// [`WordIndex::within`], where the start of the stretch counts as a
    /// word boundary only with `left_edge`.
    fn within_edges(&self, text: &str, from: usize, to: usize, left_edge: bool) -> bool {
        if text.get(from..to).is_none() {
            return false;
        }
        let a = self.starts.partition_point(|&p| p < from);
        let b = self.ends.partition_point(|&e| e <= to);
        if a >= b {
            return false;
        }
        // Inside the stretch, an occurrence needs boundaries in the text;
        // at its edges, the edge is one.
        let ok = |k: usize| {
            ((left_edge && self.starts[k] == from) || self.left[k])
                && (self.ends[k] == to || self.right[k])
        };
        ok(a) || ok(b - 1) || self.bounded_before[b - 1] > self.bounded_before[a + 1]
    }
}

/// The figures' spans as sorted, disjoint intervals (their union).
struct Spans(Vec<(usize, usize)>);

impl Spans {
    fn new(spans: &[(usize, usize)]) -> Spans {
        let mut v: Vec<(usize, usize)> = spans.iter().copied().filter(|(s, e)| s < e).collect();
        v.sort_unstable();
        let mut out: Vec<(usize, usize)> = Vec::with_capacity(v.len());
        for (s, e) in v {
            match out.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => out.push((s, e)),
            }
        }
        Spans(out)
    }

    /// Some span holds byte `x`.
    fn contains(&self, x: usize) -> bool {
        let i = self.0.partition_point(|&(_, e)| e <= x);
        self.0.get(i).is_some_and(|&(s, _)| s <= x)
    }

    /// Some span overlaps `start..end`.
    fn overlaps(&self, start: usize, end: usize) -> bool {
        let i = self.0.partition_point(|&(_, e)| e <= start);
        self.0.get(i).is_some_and(|&(s, _)| s < end)
    }
}

/// Organisation named in the text.
#[derive(Clone, Debug, PartialEq)]
pub struct OrgMention {
    pub start: usize,
    pub end: usize,
    pub name: String,
    /// Named as the source its figures are reported by ("theo số liệu của
    /// Sở X"; the pack's `source_cues`): no mere possessor.
    pub source: bool,
}

/// Article-level facts attribution needs.
#[derive(Clone, Debug, Default)]
pub struct ArticleContext {
    pub published_year: Option<i32>,
    /// The year the article reports on.
    pub year: Option<i32>,
    /// Canonical main organisation.
    pub org: Option<String>,
}

/// What attribution decides for one figure.
#[derive(Clone, Debug, PartialEq)]
pub struct Attribution {
    pub year: Option<i32>,
    pub org: Option<String>,
    pub target: bool,
}

fn lower(words: &[String]) -> Vec<String> {
    words
        .iter()
        .map(|w| w.trim().to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

fn alternation(words: &[String]) -> Option<String> {
    let mut ws: Vec<&String> = words.iter().filter(|w| !w.trim().is_empty()).collect();
    if ws.is_empty() {
        return None;
    }
    // Longest first so the alternation prefers "năm vừa qua" to "năm qua".
    ws.sort_by_key(|w| std::cmp::Reverse(w.len()));
    Some(
        ws.iter()
            .map(|w| regex::escape(&w.to_lowercase()).replace(' ', r"\s+"))
            .collect::<Vec<_>>()
            .join("|"),
    )
}

/// A table of phrases (lowercased, as the pack writes them) and values.
fn phrase_table(map: &BTreeMap<String, i32>) -> Vec<(String, i32)> {
    map.iter().map(|(k, v)| (k.to_lowercase(), *v)).collect()
}

/// The value of the phrase `said` (lowercase, any spacing) in `table`.
fn phrase_value(table: &[(String, i32)], said: &str) -> Option<i32> {
    table
        .iter()
        .find(|(k, _)| k.split(' ').eq(said.split_whitespace()))
        .map(|&(_, v)| v)
}

/// One alternation of the heads, longest first: `any_case` heads match in
/// any case, `capitalised` ones only as written.
fn head_alternation(any_case: &[String], capitalised: &[String]) -> Option<String> {
    let mut hs: Vec<(&String, bool)> = any_case
        .iter()
        .map(|h| (h, true))
        .chain(capitalised.iter().map(|h| (h, false)))
        .filter(|(h, _)| !h.trim().is_empty())
        .collect();
    if hs.is_empty() {
        return None;
    }
    hs.sort_by_key(|(h, _)| std::cmp::Reverse(h.len()));
    Some(
        hs.iter()
            .map(|(h, fold)| {
                let body = regex::escape(h.trim()).replace(' ', r"\s+");
                if *fold {
                    format!("(?i:{body})")
                } else {
                    body
                }
            })
            .collect::<Vec<_>>()
            .join("|"),
    )
}

impl Attributor {
    pub fn new(attr: &AttributionDef, org: &OrgDef) -> Result<Attributor, regex::Error> {
        let rel_words: Vec<String> = attr.relative_years.keys().cloned().collect();
        let relative = alternation(&rel_words)
            .map(|a| Regex::new(&format!("(?:{a})")))
            .transpose()?;
        let relative_offsets = phrase_table(&attr.relative_years);
        let events: Vec<String> = attr.anniversaries.keys().cloned().collect();
        let anniversary = alternation(&events)
            .map(|a| Regex::new(&format!(r"([0-9]{{1,3}})\s+năm\s+(?:ngày\s+)?({a})")))
            .transpose()?;
        let anniversary_years = phrase_table(&attr.anniversaries);
        let ending = |cues: &[String]| {
            (!cues.is_empty())
                .then(|| Regex::new(&format!(r"(?:{})\s*$", cues.join("|"))))
                .transpose()
        };
        let comparison = ending(&attr.comparison_cues)?;
        let same_period = ending(&attr.same_period_cues)?;
        let not_reported = ending(&attr.not_reported_cues)?;
        let source = ending(&attr.source_cues)?;
        let opening = ending(&attr.opening_period_cues)?;
        let spellings = |names: &[String]| -> Vec<Vec<String>> {
            names
                .iter()
                .map(|n| n.split('/').map(|x| x.trim().to_lowercase()).collect())
                .collect()
        };
        let cycle_stems = spellings(&attr.cycle_stems);
        let cycle_branches = spellings(&attr.cycle_branches);
        let cycle = match (
            alternation(&attr.cycle_cues),
            alternation(&cycle_stems.concat()),
            alternation(&cycle_branches.concat()),
        ) {
            (Some(c), Some(st), Some(br))
                if cycle_stems.len() == 10 && cycle_branches.len() == 12 =>
            {
                Some(Regex::new(&format!(
                    r"(?:{c})\s+(?P<stem>{st})\s+(?P<branch>{br})"
                ))?)
            }
            _ => None,
        };
        let cue_src: Vec<String> = attr.target_cues.clone();
        let cues = if cue_src.is_empty() {
            None
        } else {
            Some(Regex::new(&cue_src.join("|"))?)
        };
        let after_cues = if attr.target_after_cues.is_empty() {
            None
        } else {
            Some(Regex::new(&format!(
                r"^\s*(?:{})",
                attr.target_after_cues.join("|")
            ))?)
        };
        let not_cues = if attr.not_target.is_empty() {
            None
        } else {
            Some(Regex::new(&attr.not_target.join("|"))?)
        };
        let heads = head_alternation(&org.heads, &org.capitalised_heads)
            .map(|h| Regex::new(&h))
            .transpose()?;
        let names = NameGrammar::new(org);
        let mut abbreviations: Vec<(String, String)> = org
            .abbreviations
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        abbreviations.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
        let mut lower_words: Vec<String> =
            org.connectors.iter().map(|c| c.to_lowercase()).collect();
        lower_words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        let mut sectors: Vec<(String, String)> = org
            .sectors
            .iter()
            .map(|s| (s.clone(), s.to_lowercase()))
            .collect();
        sectors.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        Ok(Attributor {
            sectors,
            relative,
            comparison,
            source,
            same_period,
            not_reported,
            opening,
            cycle,
            cycle_stems,
            cycle_branches,
            relative_offsets,
            anniversary,
            anniversary_years,
            cues,
            not_cues,
            after_cues,
            heads,
            names,
            abbreviations,
            aliases: org.aliases.clone(),
            lower_words,
            not_after: org.not_after.iter().map(|w| w.to_lowercase()).collect(),
            not_before: org.not_before.iter().map(|w| w.to_lowercase()).collect(),
            not_names: org.not_names.clone(),
            any_case_heads: org.heads.clone(),
            whole_names: org.whole_names.iter().map(|w| w.to_lowercase()).collect(),
            prefix_aliases: {
                let mut p: Vec<(String, String)> = org
                    .prefix_aliases
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                p.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
                p
            },
            subject_cues: org.subject_cues.iter().map(|w| w.to_lowercase()).collect(),
            giver_cues: lower(&attr.giver_cues),
            recipient_cues: lower(&attr.recipient_cues),
            whole_scope: alternation(&lower(&attr.whole_scope_cues))
                .map(|a| Regex::new(&a))
                .transpose()?,
            ownerless_units: lower(&attr.ownerless_units),
            scope_levels: lower(&attr.scope_levels),
            union_metrics: attr.union_metrics.clone(),
            union_prefixes: attr.union_heads.iter().map(|h| format!("{h} ")).collect(),
            recipient_metrics: attr.recipient_metrics.clone(),
            done_cues: lower(&attr.done_cues),
            object_cues: org.object_cues.iter().map(|w| w.to_lowercase()).collect(),
        })
    }

    /// Organisations named in `text[from..to]`, canonicalised; `names`
    /// remembers the canonical form of each written form (an article names
    /// the same organisations again and again). A name is a head (`Công
    /// đoàn`, `LĐLĐ` …) and what continues it (see [`NameGrammar`]); a head
    /// alone is not a name.
    pub fn orgs_in(
        &self,
        text: &str,
        folded: &str,
        from: usize,
        to: usize,
        names: &mut HashMap<String, String>,
    ) -> Vec<OrgMention> {
        let Some(re) = &self.heads else {
            return Vec::new();
        };
        let Some(hay) = text.get(..to) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut pos = from;
        while let Some(m) = re.find_at(hay, pos) {
            let before = hay[..m.start()].chars().next_back();
            let after = hay[m.end()..].chars().next();
            let bounded = !before.is_some_and(is_word)
                && !after.is_some_and(is_word)
                && !self.follows_excluded_word(hay, m.start());
            let end = if bounded {
                let lead_run = self.names.capitalised_heads.contains(m.as_str());
                self.names.end(hay, folded, (m.start(), m.end()), lead_run)
            } else {
                m.end()
            };
            let not_name = || {
                self.not_names.iter().any(|n| {
                    hay[m.start()..].starts_with(n.as_str())
                        && hay[m.start() + n.len()..]
                            .chars()
                            .next()
                            .is_none_or(|c| !is_word(c))
                })
            };
            let whole = end == m.end()
                && bounded
                && self
                    .whole_names
                    .iter()
                    .any(|w| folded.get(m.start()..m.end()) == Some(w.as_str()));
            let generic = || {
                let rest = folded.get(end..).unwrap_or("").trim_start_matches(' ');
                self.not_before.iter().any(|w| starts_with_word(rest, w))
                    || folded
                        .get(m.start()..end)
                        .is_some_and(|n| self.names.is_kind_name(n))
            };
            if (end > m.end() || whole) && !not_name() && !generic() {
                let raw = &hay[m.start()..end];
                let name = match names.get(raw) {
                    Some(n) => n.clone(),
                    None => {
                        let n = self.canonical_org(raw);
                        names.insert(raw.to_string(), n.clone());
                        n
                    }
                };
                out.push(OrgMention {
                    start: m.start(),
                    end,
                    name,
                    source: self.is_source(folded, m.start()),
                });
                pos = end;
            } else {
                pos = m.start() + m.as_str().chars().next().map_or(1, char::len_utf8);
            }
        }
        out
    }

    /// The words before `at` end with one of the pack's `not_after` phrases
    /// (compared without allocating: this runs at every head found).
    fn follows_excluded_word(&self, hay: &str, at: usize) -> bool {
        let before = hay[..at].trim_end();
        self.not_after.iter().any(|phrase| {
            let mut text_words = before.rsplit(|c: char| !is_word(c));
            phrase.split_whitespace().rev().all(|w| {
                text_words
                    .next()
                    .is_some_and(|t| t.chars().flat_map(char::to_lowercase).eq(w.chars()))
            })
        })
    }

    /// The spelled-out form of an abbreviated word. The joining marks of
    /// compound abbreviations are not compared: "NN-PTNT", "NN&PTNT" and
    /// "NNPTNT" are one abbreviation, however the pack writes it.
    fn abbreviation(&self, word: &str) -> Option<&str> {
        let letter = |c: &char| !matches!(c, '-' | '&' | '.');
        self.abbreviations
            .iter()
            .find(|(k, _)| k == word)
            .or_else(|| {
                self.abbreviations
                    .iter()
                    .find(|(k, _)| k.chars().filter(letter).eq(word.chars().filter(letter)))
            })
            .map(|(_, full)| full.as_str())
    }

    /// Expand abbreviations, fold the case of common words, apply aliases.
    pub fn canonical_org(&self, raw: &str) -> String {
        // A head matched in any case takes the pack's spelling ("Liên đoàn
        // lao động", "LIÊN ĐOÀN LAO ĐỘNG" → "Liên đoàn Lao động").
        let respelt;
        let raw = match self.any_case_heads.iter().find(|h| {
            raw.get(..h.len())
                .is_some_and(|p| p.to_lowercase() == h.to_lowercase())
                && raw[h.len()..].chars().next().is_none_or(|c| !is_word(c))
        }) {
            Some(h) => {
                respelt = format!("{h}{}", &raw[h.len()..]);
                respelt.as_str()
            }
            None => raw,
        };
        // "TX.Thuận An": an abbreviation glued to the name after it. A
        // bracketed gloss ("(BHXH)") repeats the words before it.
        let words: Vec<&str> = raw
            .split_whitespace()
            .map(|w| w.trim_matches(is_quote))
            .filter(|w| !w.is_empty() && !is_gloss(w))
            .flat_map(|w| match w.split_once('.') {
                Some((a, b)) if !b.is_empty() && self.abbreviation(a).is_some() => {
                    vec![a, b]
                }
                _ => vec![w],
            })
            .collect();
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        // Does the multi-word `phrase` (lowercase) start at word `i`?
        let starts_with = |i: usize, phrase: &str| -> Option<usize> {
            let mut n = 0;
            for p in phrase.split_whitespace() {
                if lower.get(i + n).map(String::as_str) != Some(p) {
                    return None;
                }
                n += 1;
            }
            (n > 0).then_some(n)
        };
        let mut out: Vec<String> = Vec::with_capacity(words.len() + 4);
        let mut i = 0;
        while i < words.len() {
            let w = words[i].trim_end_matches('.');
            // "Trường CĐ" stays as written: there CĐ is no union.
            let kept = i > 0
                && self.not_after.contains(&lower[i - 1])
                && self.any_case_heads.iter().any(|h| h == w);
            if let Some(full) = self.abbreviation(w).filter(|_| !kept) {
                out.push(full.to_string());
                i += 1;
                continue;
            }
            // Sectors take the pack's spelling ("viên chức" → "Viên chức");
            // administrative words ("Thành phố") are lowercased.
            if i > 0 {
                if let Some((sector, n)) = self
                    .sectors
                    .iter()
                    .find_map(|(sec, low)| starts_with(i, low).map(|n| (sec, n)))
                {
                    // Abbreviations inside a sector are spelled out too:
                    // "Quản lý các KCN" → "Quản lý các khu công nghiệp".
                    for w in sector.split(' ') {
                        match self.abbreviation(w) {
                            Some(full) => out.push(full.to_string()),
                            None => out.push(w.to_string()),
                        }
                    }
                    i += n;
                    continue;
                }
            }
            // Not a word that merely starts like one ("Xã hội", a name's
            // own word, is no commune).
            if let Some((lw, n)) = self
                .lower_words
                .iter()
                .find_map(|lw| starts_with(i, lw).map(|n| (lw, n)))
                .filter(|&(_, n)| {
                    words
                        .get(i + n)
                        .is_none_or(|w| !w.starts_with(char::is_lowercase))
                })
            {
                out.push(lw.clone());
                i += n;
                continue;
            }
            out.push(w.to_string());
            i += 1;
        }
        let mut joined = capitalise_head(&out.join(" "));
        if let Some((from, to)) = self.prefix_aliases.iter().find(|(from, _)| {
            joined.starts_with(from.as_str())
                && joined[from.len()..].chars().next().is_none_or(|c| c == ' ')
        }) {
            joined = format!("{to}{}", &joined[from.len()..]);
        }
        self.aliases.get(&joined).cloned().unwrap_or(joined)
    }

    fn year_mentions(&self, folded: &str, from: usize, to: usize) -> Vec<YearMention> {
        let mut out = Vec::new();
        let Some(hay) = folded.get(..to) else {
            return out;
        };
        out.extend(explicit_years(hay, from));
        out.extend(self.cycle_years(hay, from));
        out.extend(self.anniversary_years(hay, from));
        if let Some(rel) = &self.relative {
            let mut pos = from;
            while let Some(m) = rel.find_at(hay, pos) {
                // "trong năm 2017" is the explicit year, not a relative one.
                let before_ok = !hay[..m.start()]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric);
                let after = &hay[m.end()..];
                let glued = after.starts_with(char::is_alphanumeric);
                let then_year = after.trim_start().starts_with(|c: char| c.is_ascii_digit());
                let ok = before_ok && !glued && !then_year;
                if ok {
                    if let Some(off) = phrase_value(&self.relative_offsets, m.as_str()) {
                        out.push(YearMention {
                            start: m.start(),
                            kind: YearKind::Relative(off),
                            weak: false,
                        });
                    }
                }
                pos = m.end();
            }
        }
        // The base year of a comparison ("tăng 12% so với năm 2015") is not
        // the year anything is reported for, nor is a deadline ("trước ngày
        // 10/2/2026") or the start of a running period ("từ năm 2000 đến
        // nay"; a period written out keeps its own reading). The same period
        // of an earlier year ("so với cùng kỳ năm 2022") says the report is
        // of the next year: a weak mention of that year.
        if self.comparison.is_some() || self.same_period.is_some() || self.not_reported.is_some() {
            let ends = |re: &Option<Regex>, s: &str| re.as_ref().is_some_and(|r| r.is_match(s));
            out.retain_mut(|m| {
                let from = floor_char(hay, m.start.saturating_sub(COMPARISON_REACH));
                let before = &hay[from..m.start];
                let period = matches!(m.kind, YearKind::Period(..) | YearKind::Term(..));
                if !period && ends(&self.not_reported, before) {
                    return false;
                }
                if ends(&self.same_period, before) {
                    m.weak = true;
                    m.kind = match m.kind {
                        YearKind::Year(y) => YearKind::Year(y + 1),
                        YearKind::Relative(off) => YearKind::Relative(off + 1),
                        YearKind::Cycle(k) => YearKind::Cycle((k + 1) % 60),
                        YearKind::Period(..) | YearKind::Term(..) => return false,
                    };
                    return true;
                }
                !ends(&self.comparison, before)
            });
        }
        if let Some(re) = &self.opening {
            for m in out.iter_mut() {
                if let YearKind::Period(a, b) = m.kind {
                    let from = floor_char(hay, m.start.saturating_sub(COMPARISON_REACH));
                    if re.is_match(&hay[from..m.start]) {
                        m.kind = YearKind::Term(a, b);
                    }
                }
            }
        }
        out.sort_by_key(|m| m.start);
        out
    }

    /// The years anniversaries are held in: "kỷ niệm 130 năm Ngày Quốc tế
    /// Lao động" is 1886 + 130, in lowercase `hay` from byte `from`.
    fn anniversary_years<'a>(
        &'a self,
        hay: &'a str,
        from: usize,
    ) -> impl Iterator<Item = YearMention> + 'a {
        let mut pos = from;
        std::iter::from_fn(move || {
            let re = self.anniversary.as_ref()?;
            while let Some(c) = re.captures_at(hay, pos) {
                let (n, event) = (c.get(1)?, c.get(2)?);
                pos = event.end();
                // A whole number and a whole event name.
                let bounded = !hay[..n.start()]
                    .chars()
                    .next_back()
                    .is_some_and(|ch| ch.is_alphanumeric() || ch == ',' || ch == '.')
                    && !hay[event.end()..].starts_with(char::is_alphanumeric);
                let founded = phrase_value(&self.anniversary_years, event.as_str());
                if let (true, Some(founded), Ok(years)) =
                    (bounded, founded, n.as_str().parse::<i32>())
                {
                    return Some(YearMention {
                        start: n.start(),
                        kind: YearKind::Year(founded + years),
                        weak: false,
                    });
                }
            }
            None
        })
    }

    /// Years named in the sixty-year cycle after a cue ("tết bính ngọ",
    /// "xuân giáp thìn") in lowercase `hay` from byte `from`; a name the
    /// number of its year follows ("Tết Bính Ngọ 2026") is left to that
    /// number.
    fn cycle_years<'a>(
        &'a self,
        hay: &'a str,
        from: usize,
    ) -> impl Iterator<Item = YearMention> + 'a {
        let re = self.cycle.as_ref();
        let mut pos = from;
        std::iter::from_fn(move || {
            let re = re?;
            while let Some(c) = re.captures_at(hay, pos) {
                let whole = c.get(0)?;
                pos = whole.end();
                let (Some(stem), Some(branch)) = (c.name("stem"), c.name("branch")) else {
                    continue;
                };
                let bounded = !hay[whole.end()..].chars().next().is_some_and(is_word);
                let numbered = hay[whole.end()..]
                    .trim_start()
                    .starts_with(|c: char| c.is_ascii_digit());
                let s = self
                    .cycle_stems
                    .iter()
                    .position(|w| w.iter().any(|x| x == stem.as_str()));
                let b = self
                    .cycle_branches
                    .iter()
                    .position(|w| w.iter().any(|x| x == branch.as_str()));
                if let (true, false, Some(s), Some(b)) = (bounded, numbered, s, b) {
                    // The place k in 0..60 with k ≡ s (mod 10) and k ≡ b (mod 12).
                    if let Some(k) = (0..60).find(|k| k % 10 == s as i32 && k % 12 == b as i32) {
                        return Some(YearMention {
                            start: stem.start(),
                            kind: YearKind::Cycle(k),
                            weak: false,
                        });
                    }
                }
            }
            None
        })
    }

    /// Find the year mentions and target cues of the byte ranges `ranges` of
    /// `folded` (sorted, disjoint: the title and the paragraphs that matter).
    pub fn scan(&self, folded: &str, ranges: &[(usize, usize)]) -> Scan {
        let mut years = Vec::new();
        let mut cues = Vec::new();
        for &(from, to) in ranges {
            years.extend(self.year_mentions(folded, from, to));
            let (Some(re), Some(hay)) = (&self.cues, folded.get(from..to)) else {
                continue;
            };
            let blocked: Vec<(usize, usize)> = self
                .not_cues
                .as_ref()
                .map(|r| r.find_iter(hay).map(|m| (m.start(), m.end())).collect())
                .unwrap_or_default();
            // Both lists are in text order and their matches do not
            // overlap: one pass over each finds the blocked cues.
            let mut j = 0;
            for c in re.find_iter(hay) {
                while blocked.get(j).is_some_and(|&(_, e)| e <= c.start()) {
                    j += 1;
                }
                let hit = blocked.get(j).is_some_and(|&(s, _)| s < c.end());
                if !hit {
                    cues.push((c.start() + from, c.end() + from));
                }
            }
        }
        years.sort_by_key(|m| m.start);
        Scan { years, cues }
    }

    /// The year named most often in `body` (the latest on ties).
    pub fn most_named_year(&self, folded: &str, body: &[(usize, usize)]) -> Option<i32> {
        let mut counts: BTreeMap<(bool, i32), usize> = BTreeMap::new();
        for &(s, e) in body {
            for m in self.year_mentions(folded, s, e) {
                if let YearKind::Year(y) = m.kind {
                    *counts.entry((!m.weak, y)).or_default() += 1;
                }
            }
        }
        // Years said outright first; the years after comparison bases only
        // when there is no other.
        counts
            .into_iter()
            .max_by_key(|&((strong, y), n)| (strong, n, y))
            .map(|((_, y), _)| y)
    }

    /// The first year said outright in the title, else in the lead (a
    /// school year or crop season counts as its first year).
    pub fn headline_year(
        &self,
        scan: &Scan,
        title: Option<(usize, usize)>,
        body: &[(usize, usize)],
    ) -> Option<i32> {
        let explicit = |(from, to): (usize, usize)| {
            scan.years_in(from, to).iter().find_map(|m| match m.kind {
                YearKind::Year(y) if !m.weak => Some(y),
                // "năm học 2014 – 2015": a year-long term is its first year.
                YearKind::Term(a, b) if b - a <= 1 => Some(a),
                _ => None,
            })
        };
        title
            .and_then(explicit)
            .or_else(|| body.first().copied().and_then(explicit))
    }

    /// The year the article is about: the first year named in the title or
    /// the lead (both in `scan`), else the year named most often in the body.
    pub fn topic_year(
        &self,
        scan: &Scan,
        folded: &str,
        title: Option<(usize, usize)>,
        body: &[(usize, usize)],
    ) -> Option<i32> {
        let period = || {
            let all = title.into_iter().chain(body.iter().copied());
            all.flat_map(|(from, to)| scan.years_in(from, to))
                .find_map(|m| match m.kind {
                    YearKind::Term(a, _) => Some(a),
                    YearKind::Period(_, b) => Some(b),
                    _ => None,
                })
        };
        self.headline_year(scan, title, body)
            .or_else(|| self.most_named_year(folded, body))
            .or_else(period)
    }

    fn resolve(&self, kind: YearKind, ctx: &ArticleContext) -> Option<i32> {
        match kind {
            YearKind::Year(y) => Some(y),
            YearKind::Cycle(k) => {
                let r = ctx.published_year.or(ctx.year)?;
                // The year of cycle place `k` nearest `r`, the later on ties.
                let base = r - (r - CYCLE_ANCHOR - k).rem_euclid(60);
                Some(if r - base > 30 { base + 60 } else { base })
            }
            YearKind::Relative(off) => match ctx.published_year {
                Some(p) => Some(p + off),
                None => ctx.year.map(|y| if off < 0 { y } else { y + off }),
            },
            // A year-long term across two calendar years ("năm học 2014 –
            // 2015", "niên vụ 2023 – 2024") is its first year, whenever the
            // article appears.
            YearKind::Term(a, b) if b - a <= 1 => Some(a),
            YearKind::Period(a, b) | YearKind::Term(a, b) => {
                // Without the article's year, a longer term ("nhiệm kỳ 2023
                // – 2028") counts from its start and any other period is
                // reported at its end.
                let Some(r) = ctx.year else {
                    return Some(if matches!(kind, YearKind::Term(..)) {
                        a
                    } else {
                        b
                    });
                };
                Some(if (a..=b).contains(&r) {
                    r
                } else if r > b {
                    b
                } else {
                    a
                })
            }
        }
    }

    /// Index what per-figure attribution looks up, once per article, so
    /// that attributing every figure of a record stays linear (times a
    /// logarithm) in its length, however many figures, years and names it
    /// holds: `orgs` are the article's organisation mentions in text order,
    /// `figure_spans` the spans of all its figures.
    pub fn prepare<'a>(
        &self,
        folded: &'a str,
        scan: &'a Scan,
        orgs: &'a [OrgMention],
        figure_spans: &[(usize, usize)],
    ) -> Prepared<'a> {
        let spans = Spans::new(figure_spans);
        // Year mentions a figure may take: not a period, not inside a
        // figure ("kết nạp 2062 đoàn viên" names no year), one list for
        // mentions said outright and one for comparison bases.
        let usable = |m: &YearMention, weak: bool| {
            m.weak == weak && !m.kind.is_period() && !spans.contains(m.start)
        };
        let n = scan.years.len();
        let mut prev = [vec![None; n + 1], vec![None; n + 1]];
        for (w, prev) in prev.iter_mut().enumerate() {
            for i in 0..n {
                prev[i + 1] = if usable(&scan.years[i], w == 1) {
                    Some(i)
                } else {
                    prev[i]
                };
            }
        }
        let mut next = [vec![None; n + 1], vec![None; n + 1]];
        let mut next_period = vec![None; n + 1];
        for i in (0..n).rev() {
            for (w, next) in next.iter_mut().enumerate() {
                next[i] = if usable(&scan.years[i], w == 1) {
                    Some(i)
                } else {
                    next[i + 1]
                };
            }
            next_period[i] = if scan.years[i].kind.is_period() {
                Some(i)
            } else {
                next_period[i + 1]
            };
        }
        let mut cues = scan.cues.clone();
        cues.sort_unstable();
        let cues_in_order = cues.windows(2).all(|w| w[0].1 <= w[1].1);
        // Done words are only looked for between a target cue and a figure:
        // without cues, no index.
        let done = if cues.is_empty() {
            Vec::new()
        } else {
            self.done_cues
                .iter()
                .map(|c| WordIndex::new(folded, c))
                .collect()
        };
        // Organisation mentions that may own a figure before them: outside
        // every figure and no recipient or place ("tặng quà cho Công đoàn
        // X", "tại Công ty Y"); among them, those not introduced by
        // "của"/"do"/"bởi"; as the last one before each index.
        let introduced = |m: &OrgMention| introduced_by_giver(folded, m) && !m.source;
        let recipient = |m: &OrgMention| self.is_recipient(folded, m);
        let in_order = orgs
            .windows(2)
            .all(|w| w[0].start <= w[1].start && w[0].end <= w[1].end);
        let subject = |m: &OrgMention| {
            let after = folded.get(m.end..).unwrap_or("").trim_start();
            self.subject_cues.iter().any(|c| starts_with_word(after, c)) || m.source
        };
        let mut last_org = vec![None; orgs.len() + 1];
        let mut last_subject = vec![None; orgs.len() + 1];
        let mut last_clause = vec![None; orgs.len() + 1];
        // Names joined by "và" act together ("Quỹ A và CLB B trao …"): the
        // first one named stands for them, with its role.
        let mut first_of_pair: (usize, bool, bool) = (0, false, false);
        for (i, m) in orgs.iter().enumerate() {
            let joined = i > 0 && in_order && folded.get(orgs[i - 1].end..m.start) == Some(" và ");
            let (first, outside, own) = if joined {
                first_of_pair
            } else {
                let outside = !spans.overlaps(m.start, m.end) && !recipient(m);
                (i, outside, outside && !introduced(m))
            };
            first_of_pair = (first, outside, own);
            last_org[i + 1] = if outside { Some(first) } else { last_org[i] };
            last_subject[i + 1] = if own { Some(first) } else { last_subject[i] };
            last_clause[i + 1] = if own && subject(m) {
                Some(first)
            } else {
                last_clause[i]
            };
        }
        let whole_scope: Vec<WordIndex> = self
            .whole_scope
            .iter()
            .map(|re| WordIndex::of_matches(folded, re.find_iter(folded).map(|m| m.range())))
            .collect();
        // The levels whole-area cues name, each with its one place.
        let mut scope_places: Vec<(String, Option<String>)> = Vec::new();
        for ix in &whole_scope {
            for (&s, &e) in ix.starts.iter().zip(&ix.ends) {
                let Some(level) = self.scope_level(&folded[s..e]) else {
                    continue;
                };
                if scope_places.iter().any(|(l, _)| l == level) {
                    continue;
                }
                let infix = format!(" {level} ");
                let mut places = orgs
                    .iter()
                    .filter_map(|m| {
                        let lower = m.name.to_lowercase();
                        let at = lower.find(&infix)? + infix.len();
                        m.name.get(at..)
                    })
                    .filter(|p| p.starts_with(char::is_uppercase));
                let first = places.next();
                let place = first
                    .filter(|f| places.all(|p| p == *f))
                    .map(str::to_string);
                scope_places.push((level.to_string(), place));
            }
        }
        let mut union_of = HashMap::new();
        for m in orgs {
            if let Some(body) = self
                .union_prefixes
                .iter()
                .find_map(|h| m.name.strip_prefix(h.as_str()))
            {
                union_of.entry(body).or_insert(m.name.as_str());
            }
        }
        Prepared {
            folded,
            scan,
            orgs,
            spans,
            prev,
            next,
            next_period,
            cues,
            cues_in_order,
            done,
            in_order,
            last_org,
            last_subject,
            last_clause,
            whole_scope,
            scope_places,
            union_of,
        }
    }

    /// The administrative level a whole-area cue names ("toàn tỉnh" →
    /// "tỉnh"), if it is one of the pack's scope levels.
    fn scope_level<'s>(&self, cue: &'s str) -> Option<&'s str> {
        let (_, level) = cue.split_once(' ')?;
        let level = level.trim();
        self.scope_levels
            .iter()
            .any(|l| l == level)
            .then_some(level)
    }

    /// The organisation a whole-area figure belongs to: the article's, or,
    /// when that one is a body of another level, the body of the same kind
    /// at the level of the cue said at `cue` ("toàn tỉnh" in an article
    /// about the "Liên đoàn Lao động thành phố X": "Liên đoàn Lao động
    /// tỉnh", with the one province the article's names hold).
    fn scope_org(&self, prep: &Prepared<'_>, cue: (usize, usize), main: &str) -> String {
        let Some(level) = prep
            .folded
            .get(cue.0..cue.1)
            .and_then(|c| self.scope_level(c))
        else {
            return main.to_string();
        };
        let lower = main.to_lowercase();
        // The first level word of the name, as a whole word.
        let own = self
            .scope_levels
            .iter()
            .filter_map(|l| {
                lower
                    .find(&format!(" {l} "))
                    .or_else(|| {
                        lower
                            .ends_with(&format!(" {l}"))
                            .then(|| lower.len() - l.len() - 1)
                    })
                    .map(|at| (at, l))
            })
            .min();
        match own {
            Some((at, l)) if l != level => {
                let mut name = format!("{} {level}", &main[..at]);
                let place = prep.scope_places.iter().find(|(l, _)| l == level);
                if let Some((_, Some(p))) = place {
                    name.push(' ');
                    name.push_str(p);
                }
                name
            }
            _ => main.to_string(),
        }
    }

    /// The organisation a figure at `span` of `sentence` belongs to.
    fn org_of(
        &self,
        prep: &Prepared<'_>,
        span: (usize, usize),
        sentence: &Sentence,
        metric: &str,
        ctx: &ArticleContext,
    ) -> Option<String> {
        let (folded, orgs) = (prep.folded, prep.orgs);
        // The candidate before the figure in its sentence (see `prepare`):
        // a name introduced by "của"/"do"/"bởi" (a giver or possessor)
        // yields to an earlier subject.
        let nearest: Option<&OrgMention> = if prep.in_order {
            let lo = orgs.partition_point(|m| m.start < sentence.start);
            let hi = orgs.partition_point(|m| m.end <= span.0);
            // The subject of a clause before the figure ("LĐLĐ thành phố đã
            // vận động … Cty A, Cty B, qua đó kết nạp 1.254 đoàn viên")
            // rather than names merely listed after it.
            // An item of a list of givers, its name right before its amount
            // ("… ủng hộ 500 triệu đồng, Ngân hàng X 300 triệu đồng").
            let item = prep.last_org[hi].filter(|&i| {
                let m = &orgs[i];
                let before = folded.get(..m.start).unwrap_or("").trim_end();
                i >= lo
                    && folded
                        .get(m.end..span.0)
                        .is_some_and(|gap| gap.trim_matches([' ', ':']).is_empty())
                    && (before.ends_with([',', ';']) || ends_with_word(before, "và"))
            });
            item.or_else(|| prep.last_clause[hi].filter(|&i| i >= lo))
                .or_else(|| prep.last_subject[hi].filter(|&i| i >= lo))
                // An agent ("do X") still, a possessor ("Quyết định của
                // Bộ Chính trị") never.
                .or_else(|| prep.last_org[hi].filter(|&i| i >= lo && !possessor(folded, &orgs[i])))
                .map(|i| &orgs[i])
        } else {
            // Mentions out of text order (`orgs_in` makes none): each one.
            let introduced = |m: &OrgMention| introduced_by_giver(folded, m) && !m.source;
            let recipient = |m: &OrgMention| self.is_recipient(folded, m);
            let before: Vec<&OrgMention> = orgs
                .iter()
                .filter(|m| {
                    m.start >= sentence.start
                        && m.end <= span.0
                        && !prep.spans.overlaps(m.start, m.end)
                        && !recipient(m)
                })
                .collect();
            let subject = |m: &&&OrgMention| {
                let after = folded.get(m.end..).unwrap_or("").trim_start();
                self.subject_cues.iter().any(|c| starts_with_word(after, c))
            };
            before
                .iter()
                .rev()
                .filter(|m| !introduced(m))
                .find(subject)
                .or_else(|| before.iter().rev().find(|m| !introduced(m)))
                .or(before.last().filter(|m| !possessor(folded, m)))
                .copied()
        };
        // "… toàn tỉnh có 1.021 CĐCS": the whole area's figure is the
        // article's organisation's, whatever was named before.
        let scope_from = nearest.map_or(sentence.start, |m| m.end);
        let whole_scope = prep
            .whole_scope
            .iter()
            .find_map(|w| w.last_within(folded, scope_from, span.0));
        // A giver named right after the figure: "50 triệu đồng do Ngân hàng X".
        // Not for what is given to its holder: an award belongs to whom it
        // honours, not to "… của LĐLĐ thành phố" that gave it.
        let kept_by_recipient = self.recipient_metrics.iter().any(|m| m == metric);
        let gives = |m: &OrgMention| {
            m.start >= span.1
                && m.end <= sentence.end
                && folded.get(span.1..m.start).is_some_and(|between| {
                    let between = between.trim_end();
                    between.len() <= 40
                        && self.giver_cues.iter().any(|c| ends_with_word(between, c))
                })
        };
        let giver = if kept_by_recipient {
            None
        } else if prep.in_order {
            // Only names starting within a few words of the figure can be
            // its giver: stop at the first one further away.
            let lo = orgs.partition_point(|m| m.start < span.1);
            orgs[lo..]
                .iter()
                .take_while(|m| {
                    folded
                        .get(span.1..m.start)
                        .is_none_or(|b| b.trim_end().len() <= 40)
                })
                .find(|m| gives(m))
        } else {
            orgs.iter().find(|m| gives(m))
        };
        let price = folded
            .get(span.0..span.1)
            .is_some_and(|t| self.ownerless_units.iter().any(|u| t.contains(u.as_str())));
        if price {
            None
        } else if let Some(g) = giver {
            Some(g.name.clone())
        } else if let Some(cue) = whole_scope {
            ctx.org
                .as_deref()
                .map(|main| self.scope_org(prep, cue, main))
        } else {
            let owner = nearest.map(|m| m.name.as_str()).or(ctx.org.as_deref())?;
            // A short name that begins the article's organisation's is it
            // ("Công đoàn ngành Giáo dục" in an article about "Công đoàn
            // ngành Giáo dục tỉnh X").
            let owner = match ctx.org.as_deref() {
                Some(main)
                    if main.len() > owner.len()
                        && main.starts_with(owner)
                        && main[owner.len()..].starts_with(' ') =>
                {
                    main
                }
                _ => owner,
            };
            // Union figures reported by a body whose union the article
            // names are that union's.
            let union = self.union_metrics.iter().any(|m| m == metric);
            Some(
                union
                    .then(|| prep.union_of.get(owner))
                    .flatten()
                    .map_or(owner, |u| u)
                    .to_string(),
            )
        }
    }

    /// The nearest usable mention (see [`Attributor::prepare`]) among the
    /// years `a..b` of the scan, said outright or (`weak`) a comparison
    /// base: the last before `at`, else (`or_after`) the first after it.
    fn nearest_of(
        prep: &Prepared<'_>,
        (a, b): (usize, usize),
        at: usize,
        weak: bool,
        or_after: bool,
    ) -> Option<YearKind> {
        let w = usize::from(weak);
        let years = &prep.scan.years;
        let p = a + years[a..b].partition_point(|m| m.start < at);
        prep.prev[w][p]
            .filter(|&i| i >= a)
            .or_else(|| prep.next[w][p].filter(|&i| or_after && i < b))
            .map(|i| years[i].kind)
    }

    /// Attribute one figure at `span` in `sentence` of `paragraph`.
    pub fn attribute(
        &self,
        prep: &Prepared<'_>,
        span: (usize, usize),
        sentence: &Sentence,
        paragraph: (usize, usize),
        ctx: &ArticleContext,
        metric: &str,
    ) -> Attribution {
        // The nearest year said in the sentence; else the year after a
        // comparison base in the sentence ("tăng 9% so với cùng kỳ năm
        // 2023"); else a year said before it in the paragraph (one opening a
        // later sentence dates what follows it); else a period; else the
        // article's year; else the year after a base in the paragraph.
        let in_sentence = prep.scan.range_in(sentence.start, sentence.end);
        let in_paragraph = prep.scan.range_in(paragraph.0, paragraph.1);
        let period = || {
            let first = |(a, b): (usize, usize)| prep.next_period[a].filter(|&i| i < b);
            first(in_sentence)
                .or_else(|| first(in_paragraph))
                .map(|i| prep.scan.years[i].kind)
        };
        let year = Self::nearest_of(prep, in_sentence, span.0, false, true)
            .or_else(|| Self::nearest_of(prep, in_sentence, span.0, true, true))
            .or_else(|| Self::nearest_of(prep, in_paragraph, span.0, false, false))
            .or_else(period)
            .and_then(|k| self.resolve(k, ctx))
            .or(ctx.year)
            .or_else(|| {
                Self::nearest_of(prep, in_paragraph, span.0, true, true)
                    .and_then(|k| self.resolve(k, ctx))
            });

        // A target cue before the figure in its sentence, unless a word of
        // things done stands between them ("Trên cơ sở chỉ tiêu được giao,
        // … đã thành lập 23 CĐCS").
        let folded = prep.folded;
        let done_between = |ce: usize, edge: bool| {
            prep.done
                .iter()
                .any(|w| w.within_edges(folded, ce, span.0, edge))
        };
        let lo = prep.cues.partition_point(|&(cs, _)| cs < sentence.start);
        let target = if prep.cues_in_order {
            // The cue nearest the figure first: a done word that blocks a
            // cue from inside the stretch blocks every earlier cue too.
            let hi = prep.cues.partition_point(|&(_, ce)| ce <= span.0).max(lo);
            let mut target = false;
            for &(_, ce) in prep.cues[lo..hi].iter().rev() {
                if !done_between(ce, true) {
                    target = true;
                    break;
                }
                if done_between(ce, false) {
                    break;
                }
            }
            target
        } else {
            prep.cues[lo..]
                .iter()
                .any(|&(_, ce)| ce <= span.0 && !done_between(ce, true))
        };

        // What comes right after the figure's words: a done word makes it
        // actual ("850 hộ đã hoàn thành"), a cue a target ("1.200 hộ đăng
        // ký tham gia").
        let after = folded.get(span.1..sentence.end.max(span.1)).unwrap_or("");
        let done_after = self
            .done_cues
            .iter()
            .any(|c| starts_with_word(after.trim_start(), c));
        let target = (target && !done_after)
            || self
                .after_cues
                .as_ref()
                .is_some_and(|re| re.is_match(after));
        let org = self.org_of(prep, span, sentence, metric, ctx);
        Attribution { year, org, target }
    }

    /// Names that end at an administrative word ("Liên đoàn Lao động
    /// tỉnh") take the place of that kind the article names, when it names
    /// exactly one ("tỉnh An Giang", in this or another name, or in
    /// `text[from..to]` of each range).
    pub fn complete_places(
        &self,
        text: &str,
        folded: &str,
        ranges: &[(usize, usize)],
        mentions: &mut [OrgMention],
    ) {
        // The administrative word a name ends at ("… tỉnh"), if any.
        let ending = |name: &str| {
            self.lower_words.iter().position(|w| {
                name.strip_suffix(w.as_str())
                    .is_some_and(|head| head.ends_with(' '))
            })
        };
        // Only the kinds of place some name needs are looked for.
        let mut wanted: Vec<usize> = mentions.iter().filter_map(|m| ending(&m.name)).collect();
        if wanted.is_empty() {
            return;
        }
        wanted.sort_unstable();
        wanted.dedup();
        let person = |ws: &[&str]| self.names.is_person(ws);
        // A sector of the lexicon is taken whole ("ngành Giáo dục", not
        // "ngành Giáo"); sectors are sorted longest first.
        let part_after = |after: &'_ str, numbered: bool| -> Option<String> {
            let rest = after.strip_prefix(' ')?;
            let sector = self.sectors.iter().find(|(sec, _)| {
                rest.starts_with(sec.as_str()) && !rest[sec.len()..].starts_with(is_word)
            });
            match sector {
                Some((sec, _)) => Some(sec.clone()),
                None => place_after(after, numbered, person).map(str::to_string),
            }
        };
        for &k in &wanted {
            let w = self.lower_words[k].as_str();
            // "quận 1": only numbered kinds of place take a number.
            let numbered = self
                .names
                .numbered_places
                .iter()
                .any(|p| p.iter().map(String::as_str).eq(w.split(' ')));
            // The distinct places of this kind the article names.
            let add = |place: String, found: &mut Vec<String>| {
                if !found.contains(&place) {
                    found.push(place);
                }
            };
            let mut found: Vec<String> = Vec::new();
            for m in mentions.iter() {
                let mut rest = m.name.as_str();
                while let Some(i) = rest.find(w) {
                    let after = &rest[i + w.len()..];
                    if rest[..i].ends_with(' ') || i == 0 {
                        if let Some(p) = part_after(after, numbered) {
                            add(p, &mut found);
                        }
                    }
                    rest = after;
                }
            }
            for &(from, to) in ranges {
                let (Some(hay), Some(low)) = (text.get(..to), folded.get(from..to)) else {
                    continue;
                };
                for (i, _) in low.match_indices(w) {
                    let at = from + i;
                    if !hay[..at].chars().next_back().is_some_and(is_word) {
                        if let Some(p) = part_after(&hay[at + w.len()..], numbered) {
                            add(p, &mut found);
                        }
                    }
                }
            }
            // Exactly one place of this kind completes the names.
            if let [p] = found.as_slice() {
                for m in mentions.iter_mut() {
                    if ending(&m.name) == Some(k) {
                        m.name.push(' ');
                        m.name.push_str(p);
                    }
                }
            }
        }
    }

    /// A name at `start` is named as the source its figures are reported
    /// by ("theo số liệu của Sở X"): the pack's `source_cues` end right
    /// before it.
    fn is_source(&self, folded: &str, start: usize) -> bool {
        self.source.as_ref().is_some_and(|re| {
            let from = floor_char(folded, start.saturating_sub(COMPARISON_REACH));
            folded.get(from..start).is_some_and(|b| re.is_match(b))
        })
    }

    /// A name after a recipient cue ("tặng quà cho Công đoàn X", "tại
    /// Công ty Y") owns nothing given to it.
    fn is_recipient(&self, folded: &str, m: &OrgMention) -> bool {
        let w = folded.get(..m.start).unwrap_or("").trim_end();
        self.recipient_cues.iter().any(|c| ends_with_word(w, c))
    }

    /// The article's main organisation: the one the article reports about.
    /// Each mention counts, more in the title and the lead's first sentence
    /// (4) and the rest of the lead (2) than elsewhere (1), twice as a subject (a `subject_cues` word follows it:
    /// "… vừa tổ chức") and half as an object (an `object_cues` word
    /// precedes it, or it stands in parentheses). The highest total wins,
    /// the earliest on ties. In an article with union figures
    /// (`union_metrics`), a body and its own union ("Ban Quản lý X",
    /// "Công đoàn Ban Quản lý X") are one actor, named by the union.
    pub fn main_org(
        &self,
        folded: &str,
        mentions: &[OrgMention],
        n_title: usize,
        lead: Option<(usize, usize)>,
        metrics: &[&str],
    ) -> Option<String> {
        // The lead's first sentence names the actor of most news stories.
        let first_sentence = lead.map(|(s, e)| {
            let end = folded
                .get(s..e)
                .and_then(|l| l.find(". "))
                .map_or(e, |k| s + k);
            (s, end)
        });
        let within = |r: Option<(usize, usize)>, m: &OrgMention| {
            r.is_some_and(|(s, e)| m.start >= s && m.end <= e)
        };
        // Total and first index of each name (a map: an article may name
        // thousands of different organisations).
        let mut totals: HashMap<&str, (f64, usize)> = HashMap::new();
        for (i, m) in mentions.iter().enumerate() {
            let mut w = if i < n_title || within(first_sentence, m) {
                4.0
            } else if within(lead, m) {
                2.0
            } else {
                1.0
            };
            let after = folded.get(m.end..).unwrap_or("").trim_start();
            let source = m.source;
            if source || self.subject_cues.iter().any(|c| starts_with_word(after, c)) {
                w *= 2.0;
            }
            let before = folded.get(..m.start).unwrap_or("").trim_end();
            if !source
                && (before.ends_with('(')
                    || self.object_cues.iter().any(|c| ends_with_word(before, c)))
            {
                w *= 0.5;
            }
            totals.entry(m.name.as_str()).or_insert((0.0, i)).0 += w;
        }
        if metrics
            .iter()
            .any(|m| self.union_metrics.iter().any(|u| u == m))
        {
            let bodies: Vec<(&str, &str)> = totals
                .keys()
                .filter_map(|&n| {
                    let body = self
                        .union_prefixes
                        .iter()
                        .find_map(|h| n.strip_prefix(h.as_str()))?;
                    totals.contains_key(body).then_some((body, n))
                })
                .collect();
            for (body, union) in bodies {
                if let Some((w, i)) = totals.remove(body) {
                    let u = totals.entry(union).or_insert((0.0, i));
                    u.0 += w;
                    u.1 = u.1.min(i);
                }
            }
        }
        // The first index breaks ties, so the map's order does not matter.
        // A body named only as a possessor outside the title and weighing
        // less than one plain mention ("theo Quyết định … của Bộ Chính
        // trị") is not what the article is about.
        let owned: std::collections::HashSet<&str> = mentions
            .iter()
            .enumerate()
            .filter(|&(i, m)| i < n_title || !possessor(folded, m) || m.source)
            .map(|(_, m)| m.name.as_str())
            .collect();
        totals
            .into_iter()
            .filter(|(n, (w, _))| *w >= 1.0 || owned.contains(n))
            .max_by(|a, b| (a.1).0.total_cmp(&(b.1).0).then((b.1).1.cmp(&(a.1).1)))
            .map(|(n, _)| n.to_string())
    }

    /// Resolve short names to the longer name of the same article they
    /// stand for: the one longer name they begin ("Hội Nông dân" → "Hội
    /// Nông dân tỉnh Cà Mau"), else the one longer name with the same head
    /// they keep the words of, in order, leaving out neither a sector nor a
    /// place ("Quỹ Tấm lòng vàng" → "Quỹ Xã hội Từ thiện Tấm lòng vàng Lao
    /// Động"; never "Công đoàn Việt Nam" → "Công đoàn Viên chức Việt Nam").
    pub fn complete_names(&self, mentions: &mut [OrgMention]) {
        // The distinct names, sorted: the longer names beginning with
        // "name " sit together right after it (binary search, not a scan
        // of every mention for each one).
        let mut names: Vec<&str> = mentions.iter().map(|m| m.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        // Names that differ only by a level word before their place ("…
        // Giáo dục Thái Nguyên", "… Giáo dục tỉnh Thái Nguyên") are one
        // body, written the longer way.
        let keys: Vec<String> = if names.len() > 1 {
            names.iter().map(|n| self.without_levels(n)).collect()
        } else {
            Vec::new()
        };
        // For each name without a level word, the one name with levels it
        // drops them from (None when several: "tỉnh X" and "thành phố X"
        // are two bodies).
        let mut fuller: HashMap<&str, Option<&str>> = HashMap::new();
        for (key, &n) in keys.iter().zip(&names) {
            if key != n {
                fuller
                    .entry(key.as_str())
                    .and_modify(|f| {
                        if *f != Some(n) {
                            *f = None;
                        }
                    })
                    .or_insert(Some(n));
            }
        }
        // The body each distinct name stands for.
        let body: Vec<&str> = names
            .iter()
            .enumerate()
            .map(|(g, &n)| match keys.get(g) {
                Some(k) if k == n => fuller.get(n).copied().flatten().unwrap_or(n),
                _ => n,
            })
            .collect();
        let mut completed: HashMap<&str, String> = HashMap::new();
        for (g, &name) in names.iter().enumerate() {
            if body[g] != name {
                completed.insert(name, body[g].to_string());
                continue;
            }
            let prefix = format!("{name} ");
            let i = names.partition_point(|n| *n < prefix.as_str());
            let mut longer = names[i..]
                .iter()
                .take_while(|n| n.starts_with(&prefix))
                .enumerate()
                .map(|(j, _)| body[i + j]);
            if let Some(only) = longer.next() {
                if longer.all(|n| n == only) {
                    completed.insert(name, only.to_string());
                }
                continue;
            }
            // Names with the same first word sit together too; a short
            // name is compared with a bounded number of them.
            let first = name.split(' ').next().unwrap_or(name);
            let same_head = |n: &&&str| n.split(' ').next() == Some(first);
            let lo = names[..g].iter().rev().take_while(same_head).count();
            let hi = names[g + 1..].iter().take_while(same_head).count();
            if lo + hi > SHORT_NAME_PEERS {
                continue;
            }
            let mut fits = names[g - lo..=g + hi]
                .iter()
                .filter(|long| self.shortens(name, long));
            if let (Some(only), None) = (fits.next(), fits.next()) {
                completed.insert(name, only.to_string());
            }
        }
        let completed: HashMap<String, String> = completed
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        for m in mentions.iter_mut() {
            if let Some(c) = completed.get(&m.name) {
                m.name.clone_from(c);
            }
        }
    }

    /// `name` without the level words of the pack's `scope_levels` that
    /// stand before a capitalised place ("tỉnh Thái Nguyên" → "Thái
    /// Nguyên"); `name` itself when it has none.
    fn without_levels(&self, name: &str) -> String {
        let mut out = String::with_capacity(name.len());
        let mut rest = name;
        'words: while !rest.is_empty() {
            for l in &self.scope_levels {
                if let Some(after) = rest.strip_prefix(l.as_str()) {
                    if let Some(place) = after.strip_prefix(' ') {
                        if place.starts_with(char::is_uppercase) && out.ends_with(' ') {
                            rest = place;
                            continue 'words;
                        }
                    }
                }
            }
            let (word, next) = rest.split_once(' ').unwrap_or((rest, ""));
            out.push_str(word);
            if !next.is_empty() {
                out.push(' ');
            }
            rest = next;
        }
        out
    }

    /// Whether `short` is `long` with words left out after the head: at
    /// least two words of its own kept in order, and no sector or place
    /// ("tỉnh Cà Mau") among the words left out.
    fn shortens(&self, short: &str, long: &str) -> bool {
        let s: Vec<&str> = short.split(' ').collect();
        let l: Vec<&str> = long.split(' ').collect();
        if s.len() < 3 || l.len() <= s.len() || s[0] != l[0] {
            return false;
        }
        // Keep the earliest match of each word; collect what is left out.
        let mut dropped: Vec<Vec<&str>> = Vec::new();
        let mut run: Vec<&str> = Vec::new();
        let mut j = 1;
        for &w in &l[1..] {
            if j < s.len() && s[j] == w {
                j += 1;
                if !run.is_empty() {
                    dropped.push(std::mem::take(&mut run));
                }
            } else {
                run.push(w);
            }
        }
        if j < s.len() {
            return false;
        }
        if !run.is_empty() {
            dropped.push(run);
        }
        dropped.iter().all(|run| {
            let lower = run.join(" ").to_lowercase();
            // Lowercasing adds no spaces: the words of `lower` are those of `run`.
            let words: Vec<&str> = lower.split(' ').collect();
            let has_sector = self.sectors.iter().any(|(_, sec)| has_phrase(&lower, sec));
            // An administrative word ending the run or followed by a
            // capitalised word ("tỉnh Cà Mau", "thành phố Huế").
            let has_place = (0..run.len()).any(|p| {
                self.names.inner.get(words[p]).is_some_and(|seqs| {
                    seqs.iter().any(|(seq, kind)| {
                        let end = p + seq.len();
                        *kind == Inner::Admin
                            && end <= run.len()
                            && words[p..end].iter().zip(seq).all(|(w, t)| *w == t.as_str())
                            && run
                                .get(end)
                                .is_none_or(|w| w.starts_with(char::is_uppercase))
                    })
                })
            });
            !has_sector && !has_place
        })
    }
}

/// Whether `phrase` occurs in `hay` as whole words (bounded by the ends of
/// `hay` or by spaces).
fn has_phrase(hay: &str, phrase: &str) -> bool {
    let b = hay.as_bytes();
    !phrase.is_empty()
        && hay.match_indices(phrase).any(|(i, m)| {
            let e = i + m.len();
            (i == 0 || b[i - 1] == b' ') && (e == b.len() || b[e] == b' ')
        })
}

/// How many names with the same first word a short name is compared with
/// (an article may name thousands of companies).
const SHORT_NAME_PEERS: usize = 64;

/// How an organisation name continues after its head: capitalised words
/// (places, proper names, abbreviations such as THCS), the lowercase words
/// names contain (`thành phố`, `huyện`, `ngành`, `cơ sở`, `công ty` …), a
/// sector from the pack's lexicon (`Giáo dục và Đào tạo`, `Văn hóa, Thể thao
/// và Du lịch`), a number after an administrative word (`quận 1`).
///
/// Vietnamese names are written in sentence case: only the first syllable
/// of each part is capitalised ("Quỹ Bảo trợ trẻ em", "Tập đoàn Công nghiệp
/// Cao su Việt Nam"). So a capitalised word may carry up to three lowercase
/// words when another capitalised part follows them ("Công nghiệp Cao"),
/// unless one of them is a word that never sits inside a name (a verb or
/// preposition of the pack's `name_stop_words`), and never inside the place
/// that ends a name. "và" and a dash join two parts the same way ("Chế biến
/// và Xuất khẩu", "Việt Nam - Singapore") when the next part is no new head.
///
/// A name ends at anything else: a verb or other lowercase word,
/// punctuation, a title (`Chủ tịch`, `Ông`), or a person's name (a surname
/// followed by a middle name, `Nguyễn Văn`, or by two more capitalised
/// words) — so "Chủ tịch LĐLĐ tỉnh Nguyễn Văn An" names the LĐLĐ of the
/// province, not Mr An.
#[derive(Clone, Debug, Default)]
struct NameGrammar {
    /// Kinds of body, lowercased, named after a person as often as not
    /// ("Trường THPT Lê Quý Đôn"): a person's name after one is its name.
    kind_names: Vec<String>,
    /// Lowercase heads of `person_named_heads` (see the pack's docs).
    person_named_heads: Vec<String>,
    /// Lowercase token sequences a name may contain, with what they are,
    /// by their first token, longest first.
    inner: crate::rules::WordMap<Vec<(Vec<String>, Inner)>>,
    /// Lowercase word sequences that end a name (titles), by their first
    /// word, longest first.
    titles: crate::rules::WordMap<Vec<Vec<String>>>,
    /// The administrative sequences' lengths in tokens.
    admin_lens: Vec<usize>,
    /// The lowercase first words of heads: a part starting with one is a
    /// new name, not more of this one.
    head_first: crate::rules::WordSet,
    surnames: crate::rules::WordSet,
    /// Lowercase.
    middle_names: crate::rules::WordSet,
    /// Lowercase words that never sit inside a name.
    stop_words: crate::rules::WordSet,
    /// Stop phrases of more than one word ("nhân dịp"), by their first
    /// word: "nhân" alone is no stop ("Hội Doanh nhân trẻ").
    stop_phrases: crate::rules::WordMap<Vec<Vec<String>>>,
    /// Administrative words, as tokens, whose places are numbered.
    numbered_places: Vec<Vec<String>>,
    /// The capitalised heads as written.
    capitalised_heads: crate::rules::WordSet,
    /// The heads of several words, lowercase tokens, by their first token.
    head_seqs: crate::rules::WordMap<Vec<Vec<String>>>,
    /// Lowercase token sequences that look like persons' names but are
    /// places ("hồ chí minh").
    not_persons: Vec<Vec<String>>,
    /// The first tokens of `inner`: a lowercase word that is none of them
    /// ends a name at once.
    inner_first: crate::rules::WordSet,
}

/// Kinds of the lowercase words inside names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Inner {
    /// `quận`, `phường`: a number may follow (`quận 1`).
    Admin,
    /// `công ty`, `trường`: its own name follows, whose inner words may be
    /// lowercase (`Tổng công ty Hàng không Việt Nam`).
    Institution,
    /// `Giáo dục`, `Điện lực`: a sector names the organisation.
    Sector,
    Plain,
}

/// The most tokens after a head a name may take.
const NAME_WORDS: usize = 16;

/// The length of " (ABBR)" or " (Shortname)" at `at` of `text` when a name
/// goes on after it (a space follows), else 0.
fn gloss_len(text: &str, at: usize) -> usize {
    let Some(rest) = text.get(at..).and_then(|r| r.strip_prefix(" (")) else {
        return 0;
    };
    match rest.find(')') {
        Some(close) if is_short_name(&rest[..close]) && rest[close + 1..].starts_with(' ') => {
            2 + close + 1
        }
        _ => 0,
    }
}

/// Quotation marks around a name's proper part.
fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '«' | '»')
}

/// The most bytes of a quoted proper part.
const QUOTED_MAX: usize = 100;

/// The length of a quoted proper part of a name at `at` (a space, an
/// opening quote, a capitalised phrase on one line with no sentence
/// punctuation, the closing quote), or 0.
fn quoted_len(text: &str, at: usize) -> usize {
    let Some(rest) = text.get(at..).and_then(|r| r.strip_prefix(' ')) else {
        return 0;
    };
    let Some(open) = rest
        .chars()
        .next()
        .filter(|&c| matches!(c, '"' | '“' | '«'))
    else {
        return 0;
    };
    let inner = &rest[open.len_utf8()..];
    let Some(close) = inner
        .char_indices()
        .take_while(|&(k, _)| k < QUOTED_MAX)
        .find_map(|(k, c)| is_quote(c).then_some(k))
    else {
        return 0;
    };
    let part = inner[..close].trim_matches(' ');
    let ok =
        part.starts_with(char::is_uppercase) && !part.contains(['\n', '.', '!', '?', ';', ':']);
    if !ok {
        return 0;
    }
    let closing = inner[close..].chars().next().map_or(1, char::len_utf8);
    1 + open.len_utf8() + close + closing
}

/// Two to twelve capitals, digits or joining marks, at least two capitals.
fn is_abbreviation(s: &str) -> bool {
    (2..=12).contains(&s.chars().count())
        && s.chars().filter(|c| c.is_uppercase()).count() >= 2
        && s.chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '&' | '-' | '.'))
}

/// An abbreviation, or one capitalised word that is a body's short or
/// trade name ("Vietcombank", "Agribank").
fn is_short_name(s: &str) -> bool {
    is_abbreviation(s)
        || ((3..=20).contains(&s.chars().count())
            && s.starts_with(char::is_uppercase)
            && s.chars().all(char::is_alphanumeric))
}

/// A bracketed short name standing for the words before it ("(BHXH)",
/// "(Vietcombank)").
fn is_gloss(word: &str) -> bool {
    word.strip_prefix('(')
        .and_then(|w| w.strip_suffix(')'))
        .is_some_and(is_short_name)
}

/// The most lowercase words a capitalised part of a name carries.
const PART_TAIL: usize = 3;

/// Lowercase tokens of a phrase of the pack: words, and `,` and `-` as
/// tokens of their own ("văn hóa , thể thao và du lịch").
fn tokens(s: &str) -> Vec<String> {
    s.replace(',', " , ")
        .replace(['–', '—'], "-")
        .replace('-', " - ")
        .split_whitespace()
        .map(str::to_lowercase)
        .collect()
}

impl NameGrammar {
    fn new(org: &OrgDef) -> NameGrammar {
        let mut inner: Vec<(Vec<String>, Inner)> = org
            .connectors
            .iter()
            .map(|c| (tokens(c), Inner::Admin))
            .collect();
        inner.extend(
            org.institutions
                .iter()
                .map(|c| (tokens(c), Inner::Institution)),
        );
        inner.extend(org.inner_words.iter().map(|c| (tokens(c), Inner::Plain)));
        inner.extend(org.sectors.iter().map(|c| (tokens(c), Inner::Sector)));
        // Abbreviated administrative words ("TP", "TX") are administrative
        // words too: what follows them is a place.
        let admin: Vec<String> = org.connectors.iter().map(|c| c.to_lowercase()).collect();
        inner.extend(
            org.abbreviations
                .iter()
                .filter(|(_, full)| admin.contains(&full.to_lowercase()))
                .map(|(abbr, _)| (tokens(abbr), Inner::Admin)),
        );
        inner.retain(|(w, _)| !w.is_empty());
        // Longest first; a sequence listed twice counts as its proper kind
        // ("y tế" is a sector, not a plain word).
        let rank = |k: &Inner| match k {
            Inner::Sector => 0,
            Inner::Admin => 1,
            Inner::Institution => 2,
            Inner::Plain => 3,
        };
        inner.sort_by(|a, b| {
            (b.0.len().cmp(&a.0.len()))
                .then_with(|| a.0.cmp(&b.0))
                .then(rank(&a.1).cmp(&rank(&b.1)))
        });
        inner.dedup_by(|a, b| a.0 == b.0);
        inner.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        let mut titles: Vec<Vec<String>> = org.titles.iter().map(|t| tokens(t)).collect();
        titles.retain(|w| !w.is_empty());
        titles.sort_by_key(|w| std::cmp::Reverse(w.len()));
        let inner_first = inner.iter().map(|(w, _)| w[0].clone()).collect();
        let mut admin_lens: Vec<usize> = inner
            .iter()
            .filter(|(_, k)| *k == Inner::Admin)
            .map(|(w, _)| w.len())
            .collect();
        admin_lens.sort_unstable();
        admin_lens.dedup();
        let mut by_first: crate::rules::WordMap<Vec<(Vec<String>, Inner)>> = Default::default();
        for (w, k) in inner {
            by_first.entry(w[0].clone()).or_default().push((w, k));
        }
        let mut titles_by_first: crate::rules::WordMap<Vec<Vec<String>>> = Default::default();
        for t in titles {
            titles_by_first.entry(t[0].clone()).or_default().push(t);
        }
        let head_first = org
            .heads
            .iter()
            .chain(&org.capitalised_heads)
            .filter_map(|h| tokens(h).into_iter().next())
            .collect();
        NameGrammar {
            inner_first,
            inner: by_first,
            titles: titles_by_first,
            admin_lens,
            head_first,
            surnames: org.surnames.iter().cloned().collect(),
            kind_names: org.kind_names.iter().map(|w| w.to_lowercase()).collect(),
            person_named_heads: org
                .person_named_heads
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            middle_names: org.middle_names.iter().map(|m| m.to_lowercase()).collect(),
            stop_words: org
                .name_stop_words
                .iter()
                .filter(|w| !w.trim().contains(' '))
                .map(|w| w.to_lowercase())
                .collect(),
            numbered_places: org.numbered_places.iter().map(|p| tokens(p)).collect(),
            stop_phrases: {
                let mut m: crate::rules::WordMap<Vec<Vec<String>>> = Default::default();
                for w in &org.name_stop_words {
                    if let [first, rest @ ..] = tokens(w).as_slice() {
                        if !rest.is_empty() {
                            m.entry(first.clone()).or_default().push(rest.to_vec());
                        }
                    }
                }
                m
            },
            not_persons: org.not_persons.iter().map(|p| tokens(p)).collect(),
            capitalised_heads: org.capitalised_heads.iter().cloned().collect(),
            head_seqs: {
                let mut m: crate::rules::WordMap<Vec<Vec<String>>> = Default::default();
                for h in org.heads.iter().chain(&org.capitalised_heads) {
                    let t = tokens(h);
                    if t.len() > 1 {
                        m.entry(t[0].clone()).or_default().push(t);
                    }
                }
                for seqs in m.values_mut() {
                    seqs.sort_by_key(|s| std::cmp::Reverse(s.len()));
                }
                m
            },
        }
    }

    /// `words` (as written, right after an administrative word) start a
    /// person's name: a surname, then a capitalised middle name, unless they
    /// are a place that looks like one.
    fn is_person(&self, words: &[&str]) -> bool {
        let cap = |k: usize| {
            words
                .get(k)
                .is_some_and(|w| w.starts_with(char::is_uppercase))
        };
        let lower: Vec<String> = words
            .iter()
            .map(|w| w.trim_end_matches(|c: char| !is_word(c)).to_lowercase())
            .collect();
        let place = self
            .not_persons
            .iter()
            .any(|p| p.len() <= lower.len() && p.iter().zip(&lower).all(|(a, b)| a == b));
        // After an administrative word, only a middle name makes a person.
        !place
            && words.first().is_some_and(|w| self.surnames.contains(*w))
            && cap(1)
            && self.middle_names.contains(&lower[1])
    }

    /// `name` (lowercase) is a kind of body, no name on its own.
    fn is_kind_name(&self, name: &str) -> bool {
        self.kind_names.iter().any(|k| k == name)
    }

    /// `name` (lowercase) is a kind of body, or a head of
    /// `person_named_heads` with words of its own: a person's name after it
    /// is its proper part.
    fn named_after_person(&self, name: &str) -> bool {
        self.is_kind_name(name)
            || self.person_named_heads.iter().any(|h| {
                name.strip_prefix(h.as_str())
                    .and_then(|rest| rest.strip_prefix(' '))
                    .is_some_and(|rest| !rest.is_empty())
            })
    }

    /// Where the name whose head spans `head..pos` of `text` ends (`folded`:
    /// the same text lowercased, same offsets).
    /// `lead_run`: the head is a capitalised one, whose name may go on with
    /// a few lowercase words before its proper part ("Quỹ học bổng Vừ A
    /// Dính", "Ban quản lý dự án đường Hồ Chí Minh").
    fn end(&self, text: &str, folded: &str, (head, pos): (usize, usize), lead_run: bool) -> usize {
        // A word, with the `&` and `.` of abbreviations ("VH-TT&DL",
        // "TP.HCM": a dot between capitals).
        let word_len = |at: usize| {
            text.get(at..).map_or(0, |rest| {
                let mut prev = ' ';
                rest.char_indices()
                    .find(|&(k, c)| {
                        let abbrev_dot = c == '.'
                            && prev.is_uppercase()
                            && rest[k + 1..].starts_with(char::is_uppercase);
                        prev = c;
                        !(is_word(c) || c == '\'' || c == '-' || c == '&' || abbrev_dot)
                    })
                    .map_or(rest.len(), |(k, _)| k)
            })
        };
        // Most heads stand alone ("đoàn viên công đoàn tham gia"): a
        // lowercase word after them that no name contains ends it at once.
        // An abbreviation glossed in brackets right after the head is
        // looked past: "Bảo hiểm xã hội (BHXH) tỉnh …".
        let first = pos + gloss_len(text, pos);
        // A proper part in quotes is the name's own ("Quỹ “Vì người nghèo”");
        // a level or place may follow it ("… Trung ương", "… tỉnh Nghệ An").
        let quoted = quoted_len(text, first);
        if quoted > 0 {
            let after = first + quoted;
            return self.end(text, folded, (head, after), false).max(after);
        }
        let next = text[first..].strip_prefix(' ').unwrap_or("");
        let first_len = word_len(first + 1).min(next.len());
        let first_folded = folded.get(first + 1..first + 1 + first_len).unwrap_or("");
        if first_len == 0
            || (!next.starts_with(char::is_uppercase)
                && !next.starts_with(|c: char| c.is_ascii_digit())
                && !self.inner_first.contains(first_folded)
                && (!lead_run || self.stop_words.contains(first_folded)))
        {
            return pos;
        }
        // The tokens after the head: words separated by single spaces, and
        // a comma or a dash between words as tokens of their own.
        let mut words = [(0usize, 0usize); NAME_WORDS];
        let mut n = 0;
        let mut i = pos;
        while n < NAME_WORDS {
            // A bracketed abbreviation between the words of a name is no
            // word of it: "Ủy ban nhân dân (UBND) huyện …".
            i += gloss_len(text, i);
            let rest = &text[i..];
            // The word before: "TP. Nha Trang" keeps its abbreviation's dot.
            let abbreviation = n > 0 && words[n - 1].1 == i && {
                let prev = &text[words[n - 1].0..i];
                (2..=3).contains(&prev.len()) && prev.chars().all(|c| c.is_ascii_uppercase())
            };
            let (sep_len, punct) = if rest.starts_with(", ") {
                (2, Some(1))
            } else if abbreviation
                && rest.starts_with(". ")
                && rest[2..].starts_with(char::is_uppercase)
            {
                (2, None)
            } else if rest.starts_with(" - ") || rest.starts_with(" – ") {
                (rest[1..].find(' ').map_or(0, |k| k + 2), Some(1))
            } else if rest.starts_with(' ') && !rest[1..].starts_with(' ') {
                (1, None)
            } else {
                break;
            };
            if let Some(k) = punct {
                if n + 1 >= NAME_WORDS {
                    break;
                }
                let at = i + usize::from(rest.starts_with(' '));
                let len = text[at..].chars().next().map_or(k, char::len_utf8);
                words[n] = (at, at + len);
                n += 1;
            }
            let s = i + sep_len;
            let len = word_len(s);
            if len == 0 || sep_len == 0 {
                break;
            }
            words[n] = (s, s + len);
            n += 1;
            i = s + len;
        }
        let words = &words[..n];
        let token = |k: usize| folded.get(words[k].0..words[k].1).unwrap_or("");
        let starts = |k: usize, seq: &[String]| {
            seq.len() <= words.len() - k && seq.iter().enumerate().all(|(j, w)| token(k + j) == w)
        };
        // A word no name holds, alone or opening a stop phrase.
        let stop_at = |j: usize| {
            self.stop_words.contains(token(j))
                || self
                    .stop_phrases
                    .get(token(j))
                    .is_some_and(|seqs| seqs.iter().any(|seq| starts(j + 1, seq)))
        };
        let capital = |k: usize| {
            words
                .get(k)
                .is_some_and(|&(s, _)| text[s..].starts_with(char::is_uppercase))
        };
        let is_title = |k: usize| {
            k < words.len()
                && self
                    .titles
                    .get(token(k))
                    .is_some_and(|ts| ts.iter().any(|t| starts(k, t)))
        };
        // The inner sequence starting at token `k`, the longest.
        let inner_seq = |k: usize| {
            if k >= words.len() {
                return None;
            }
            self.inner
                .get(token(k))
                .and_then(|seqs| seqs.iter().find(|(seq, _)| starts(k, seq)))
        };
        // A person's name: a surname, then a middle name or two more
        // capitalised words.
        // Right after an administrative word capitalised words are a place
        // ("tỉnh Hà Tây Nam") unless a middle name says otherwise ("tỉnh Hà
        // Đức Quảng").
        let after_admin = |k: usize| {
            self.admin_lens.iter().any(|&n| {
                n <= k
                    && inner_seq(k - n)
                        .is_some_and(|(seq, kind)| *kind == Inner::Admin && seq.len() == n)
            })
        };
        // The name up to word `k` is a kind of body named after a person.
        let named_after = |k: usize| {
            let upto = if k == 0 { pos } else { words[k - 1].1 };
            folded
                .get(head..upto)
                .is_some_and(|n| self.named_after_person(n))
        };
        let person = |k: usize| {
            let w = &text[words[k].0..words[k].1];
            !self.not_persons.iter().any(|p| starts(k, p))
                && !named_after(k)
                && self.surnames.contains(w)
                && ((capital(k + 1) && self.middle_names.contains(token(k + 1)))
                    || (!after_admin(k) && capital(k + 1) && capital(k + 2)))
        };
        // A capitalised part that may continue this name (no new head,
        // title or person).
        let part_at = |k: usize| {
            k < words.len()
                && capital(k)
                && !is_title(k)
                && !person(k)
                && !self.head_first.contains(token(k))
        };
        // A capitalised part ending a sentence-case tail may be a head:
        // "Quỹ Mái ấm Công đoàn".
        let tail_part = |k: usize| k < words.len() && capital(k) && !is_title(k) && !person(k);
        let mut k = 0;
        let mut number_ok = false;
        let mut institution = false;
        let mut prev_proper = false;
        let mut in_place = false;
        // Capitalised words taken so far, and in a row just before.
        let mut parts = 0;
        let mut run = 0;
        // A name needs a proper part, or to end at an administrative word
        // ("LĐLĐ huyện": the district's); "Công đoàn ngành" alone is generic.
        let mut proper_end = pos;
        while k < words.len() {
            if is_title(k) {
                break;
            }
            if let Some((seq, kind)) = inner_seq(k) {
                run = 0;
                k += seq.len();
                prev_proper = matches!(kind, Inner::Admin | Inner::Sector);
                if prev_proper {
                    proper_end = words[k - 1].1;
                }
                number_ok = *kind == Inner::Admin && self.numbered_places.contains(seq);
                in_place |= *kind == Inner::Admin;
                institution |= *kind == Inner::Institution;
                continue;
            }
            let w = &text[words[k].0..words[k].1];
            if number_ok && is_place_number(w) {
                proper_end = words[k].1;
                k += 1;
                number_ok = false;
                continue;
            }
            if k == 0 && lead_run && !capital(0) {
                // A few lowercase words, then the proper part.
                let stop = (0..words.len().min(PART_TAIL + 1)).find(|&j| {
                    capital(j)
                        || inner_seq(j).is_some()
                        || !token(j).chars().all(is_word)
                        || stop_at(j)
                });
                match stop {
                    Some(j) if j > 0 && part_at(j) => {
                        k = j;
                        continue;
                    }
                    _ => break,
                }
            }
            if !capital(k) {
                // Lowercase words carried by the capitalised part before
                // them, up to the next part: "Bảo trợ trẻ em Việt Nam".
                let tail = if prev_proper && !in_place {
                    let inner_at = |j: usize| inner_seq(j).is_some();
                    // "và" or a dash before another part joins it.
                    let joiner_at = |j: usize| matches!(token(j), "và" | "-") && part_at(j + 1);
                    let stop = (k..words.len().min(k + PART_TAIL + 1)).find(|&j| {
                        capital(j)
                            || inner_at(j)
                            || (!joiner_at(j)
                                && (!token(j).chars().all(is_word)
                                    || token(j).bytes().all(|b| b.is_ascii_digit())
                                    || stop_at(j)))
                    });
                    match stop {
                        // After a one-word part, up to three words and
                        // any next part ("Mái ấm Công đoàn"); after a
                        // two-word part, up to two and no new head ("Tấm
                        // lòng vàng Lao Động", "Cựu Chiến binh tỉnh").
                        Some(j)
                            if j > k
                                && ((run == 1 && (tail_part(j) || inner_at(j)))
                                    || (run == 2 && j - k <= 2 && (part_at(j) || inner_at(j)))) =>
                        {
                            Some(j)
                        }
                        // The first part's own words before a comma: "Hội
                        // Nông dân, …".
                        Some(j) if j > k && parts == 1 && token(j) == "," => {
                            proper_end = words[j - 1].1;
                            break;
                        }
                        // The first part's own words before a verb or a
                        // number: "Hội Nông dân tổ chức …", "Báo Người lao
                        // động trao …", "của Bộ Chính trị 15 cuộc".
                        Some(j)
                            if j > k
                                && j - k <= PART_TAIL
                                && parts == 1
                                && (stop_at(j) || token(j).bytes().all(|b| b.is_ascii_digit())) =>
                        {
                            proper_end = words[j - 1].1;
                            break;
                        }
                        // The name ends with the clause: "… của Hội Nông dân."
                        None if words.len() - k <= PART_TAIL && parts == 1 && {
                            let after = &text[words[words.len() - 1].1..];
                            after.is_empty()
                                || after.starts_with(|c: char| ",.;:()”\"\n".contains(c))
                                || after.trim_start_matches(' ').starts_with('(')
                        } =>
                        {
                            proper_end = words[words.len() - 1].1;
                            Some(words.len())
                        }
                        _ => None,
                    }
                } else {
                    None
                };
                // Inside an institution's own name, a lowercase word
                // between capitalised ones belongs to it ("Hàng không").
                let inside = institution && prev_proper && capital(k + 1);
                // "và" joins after a one-word part only ("Chế biến và Xuất
                // khẩu", not "Quỹ … Vừ A Dính và CLB …"); a dash after any.
                let joiner = prev_proper
                    && !in_place
                    && part_at(k + 1)
                    && (token(k) == "-" || (token(k) == "và" && run <= 1));
                run = 0;
                match tail {
                    Some(j) => k = j,
                    None if inside => k += 1,
                    // What follows "và" or a dash is a new part.
                    None if joiner => {
                        k += 1;
                        parts = 0;
                    }
                    None => break,
                }
                continue;
            }
            if person(k) {
                break;
            }
            // A head inside a name is one part: "Quỹ Mái ấm Công đoàn".
            // Words after it start a new run: "Hội Liên hiệp Phụ nữ".
            let head = self
                .head_seqs
                .get(token(k))
                .and_then(|seqs| seqs.iter().find(|seq| starts(k, seq)))
                .map(Vec::len);
            k += head.unwrap_or(1);
            proper_end = words[k - 1].1;
            number_ok = false;
            prev_proper = true;
            parts += 1;
            run = if head.is_some() { 0 } else { run + 1 };
        }
        proper_end
    }
}

/// Years (1900–2099) and periods ("2016 – 2021", "2016-2021") in `hay`
/// from byte `from`: a run of exactly four digits not preceded by `.`, `,`
/// or `/` (no part of a number or a date). "Y1 – Y2" is one mention: a
/// period when Y2 is not before Y1, else the year Y1.
fn explicit_years(hay: &str, from: usize) -> impl Iterator<Item = YearMention> + '_ {
    let b = hay.as_bytes();
    let year_at = move |i: usize| -> Option<i32> {
        let d = b.get(i..i + 4)?;
        let alone = d.iter().all(u8::is_ascii_digit)
            && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
            && (d[..2] == *b"19" || d[..2] == *b"20");
        alone.then(|| d.iter().fold(0, |y, &c| y * 10 + i32::from(c - b'0')))
    };
    let mut i = from;
    std::iter::from_fn(move || {
        while i < b.len() {
            let start = i;
            if !b[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            // Not inside a number or a code ("1,2019", "H2025", "12345.2019");
            // the year of a date is one ("tháng 5/2019", "31.5.2022", "quý
            // I/2023").
            if i - start != 4 || !year_may_start(hay, start) {
                continue;
            }
            let Some(y1) = year_at(start) else {
                continue;
            };
            // "2016 – 2021": dash between optional spaces, then a year.
            let rest = &hay[i..];
            let after_ws = rest.trim_start();
            let kind = match after_ws.strip_prefix(['-', '–', '—']) {
                Some(tail) => {
                    // The second year alone or in a date ("28.7.1929 –
                    // 28.7.2025").
                    let tail = tail.trim_start();
                    let tail = day_month_prefix(tail).map_or(tail, |n| &tail[n..]);
                    let y2_at = hay.len() - tail.len();
                    match year_at(y2_at) {
                        // The second year belongs to the phrase either way.
                        Some(y2) => {
                            i = y2_at + 4;
                            if y2 >= y1 {
                                YearKind::Period(y1, y2)
                            } else {
                                YearKind::Year(y1)
                            }
                        }
                        None => YearKind::Year(y1),
                    }
                }
                None => YearKind::Year(y1),
            };
            return Some(YearMention {
                start,
                kind,
                weak: false,
            });
        }
        None
    })
}

/// The length of a day and month written before a year ("28.7.", "1/12/",
/// "05-3-"), if `s` starts with one.
fn day_month_prefix(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let digits = |i: usize| b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let d = digits(0);
    if !(1..=2).contains(&d) || !matches!(b.get(d), Some(b'.' | b'/' | b'-')) {
        return None;
    }
    let m = digits(d + 1);
    let sep = b.get(d + 1 + m).copied();
    ((1..=2).contains(&m) && sep == Some(b[d])).then_some(d + m + 2)
}

/// Whether a four-digit run at `start` may be a year by what precedes it:
/// nothing that continues a word or number, or the day and month of a date
/// ("5/2019", "31.5.2022") or a quarter ("I/2023").
fn year_may_start(hay: &str, start: usize) -> bool {
    let before = &hay[..start];
    match before.chars().next_back() {
        None => true,
        Some('/' | '.') => {
            let head = &before[..before.len() - 1];
            let digits = head.len() - head.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            let roman = head.len() - head.trim_end_matches(['i', 'v', 'I', 'V']).len();
            let lead = if digits > 0 { digits } else { roman };
            (1..=4).contains(&lead)
                && (digits <= 2)
                && !head[..head.len() - lead]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == ',')
        }
        Some(c) => !(c.is_alphanumeric() || c == ','),
    }
}

/// "công đoàn viên chức …" → "Công đoàn viên chức …": names start with a capital.
fn capitalise_head(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) if c.is_lowercase() => c.to_uppercase().chain(cs).collect(),
        _ => s.to_string(),
    }
}

/// The number of a numbered place ("quận 1", "phường 12"): one or two digits.
fn is_place_number(w: &str) -> bool {
    (1..=2).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit())
}

/// The place right after an administrative word: one to four capitalised
/// words ("An Giang", "Hồ Chí Minh"), or, for a `numbered` kind, a number of
/// one or two digits ("quận 1"); `person`
/// says whether the words start a person's name instead ("tỉnh Hà Đức
/// Quảng" in "Chủ tịch LĐLĐ tỉnh Hà Đức Quảng").
fn place_after(after: &str, numbered: bool, person: impl Fn(&[&str]) -> bool) -> Option<&str> {
    let rest = after.strip_prefix(' ')?;
    if !rest.starts_with(|c: char| c.is_uppercase() || (numbered && c.is_ascii_digit())) {
        return None;
    }
    let words: Vec<&str> = rest.split(' ').take(4).collect();
    if person(&words) {
        return None;
    }
    let mut end = 0;
    for (n, word) in rest.split(' ').enumerate() {
        let w = word.trim_end_matches(|c: char| !is_word(c));
        let ok = if n == 0 {
            w.starts_with(char::is_uppercase) || (numbered && is_place_number(w))
        } else {
            w.starts_with(char::is_uppercase)
        };
        if !ok || n >= 4 {
            break;
        }
        end = word.as_ptr() as usize - rest.as_ptr() as usize + w.len();
        if w.len() < word.len() {
            break;
        }
    }
    (end > 0).then(|| &rest[..end])
}

/// A name introduced by "của", "do" or "bởi" (a giver or possessor), which
/// yields to an earlier subject.
/// `m` is named as a possessor: "… của X".
fn possessor(folded: &str, m: &OrgMention) -> bool {
    folded
        .get(..m.start)
        .unwrap_or("")
        .trim_end()
        .ends_with(" của")
}

fn introduced_by_giver(folded: &str, m: &OrgMention) -> bool {
    let w = folded.get(..m.start).unwrap_or("").trim_end();
    w.ends_with(" của") || w.ends_with(" do") || w.ends_with(" bởi")
}

/// `s` holds the words `w` between word boundaries (what [`WordIndex`]
/// answers for a stretch of an indexed text).
#[cfg(test)]
fn contains_word(s: &str, w: &str) -> bool {
    s.match_indices(w).any(|(i, _)| {
        !s[..i].chars().next_back().is_some_and(is_word)
            && !s[i + w.len()..].chars().next().is_some_and(is_word)
    })
}

/// `s` starts with the words `w`, then a word boundary.
fn starts_with_word(s: &str, w: &str) -> bool {
    s.starts_with(w) && !s[w.len()..].chars().next().is_some_and(is_word)
}

/// `s` ends with the words `w`, after a word boundary.
fn ends_with_word(s: &str, w: &str) -> bool {
    s.ends_with(w)
        && !s[..s.len() - w.len()]
            .chars()
            .next_back()
            .is_some_and(is_word)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A phrase counts only as whole words, wherever it sits.
    #[test]
    fn has_phrase_needs_whole_words() {
        for hay in [
            "y tế",
            "ngành y tế",
            "y tế tỉnh",
            "sở y tế tỉnh",
            "y tế y tế",
        ] {
            assert!(has_phrase(hay, "y tế"), "{hay:?}");
        }
        for hay in ["", "y tết", "ly tế", "y", "tế y", "ngành y tếx"] {
            assert!(!has_phrase(hay, "y tế"), "{hay:?}");
        }
        assert!(!has_phrase("y tế", ""));
    }

    /// The index answers what scanning the stretch answers, for every
    /// stretch of a text with bounded and glued occurrences.
    #[test]
    fn word_index_agrees_with_a_scan() {
        let text = "toàn tỉnh có 5, xtoàn tỉnh, toàn tỉnhx và toàn tỉnh toàn tỉnh.";
        for phrase in ["toàn tỉnh", "tỉnh", "x"] {
            let ix = WordIndex::new(text, phrase);
            let cuts: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for &from in &cuts {
                for &to in cuts.iter().filter(|&&t| t >= from) {
                    assert_eq!(
                        ix.within(text, from, to),
                        contains_word(&text[from..to], phrase),
                        "{phrase:?} in {:?}",
                        &text[from..to]
                    );
                    // The last occurrence that is a word of the stretch.
                    let stretch = &text[from..to];
                    let last = stretch
                        .match_indices(phrase)
                        .filter(|(i, m)| {
                            !stretch[..*i].chars().next_back().is_some_and(is_word)
                                && !stretch[i + m.len()..].chars().next().is_some_and(is_word)
                        })
                        .last()
                        .map(|(i, m)| (from + i, from + i + m.len()));
                    assert_eq!(
                        ix.last_within(text, from, to),
                        last,
                        "{phrase:?} in {stretch:?}"
                    );
                }
            }
        }
    }

    fn years(s: &str) -> Vec<(usize, YearKind)> {
        explicit_years(s, 0).map(|m| (m.start, m.kind)).collect()
    }

    #[test]
    fn a_period_may_end_in_a_date() {
        assert_eq!(day_month_prefix("28.7.2025"), Some(5));
        assert_eq!(day_month_prefix("1/12/2025"), Some(5));
        assert_eq!(day_month_prefix("28.7/2025"), None);
        assert_eq!(day_month_prefix("2025"), None);
        let s = "(28.7.1929 – 28.7.2025)";
        let start = s.find("1929").unwrap();
        assert_eq!(years(s), vec![(start, YearKind::Period(1929, 2025))]);
    }

    #[test]
    fn explicit_years_and_periods() {
        use YearKind::{Period, Year};
        assert_eq!(
            years("năm 2019 và 2020."),
            vec![(5, Year(2019)), (14, Year(2020))]
        );
        assert_eq!(years("2019"), vec![(0, Year(2019))]);
        // Codes are no years; the year of a date is one.
        assert_eq!(years("tài khoản H2025, mã 12345.2019"), vec![]);
        assert_eq!(years("tháng 5/2019"), vec![(9, Year(2019))]);
        assert_eq!(years("ngày 31.5.2022"), vec![(11, Year(2022))]);
        assert_eq!(years("quý I/2023"), vec![(7, Year(2023))]);
        assert_eq!(years("a\n2019: tổng kết"), vec![(2, Year(2019))]);
        assert_eq!(
            years("nhiệm kỳ 2016 – 2021,"),
            vec![(13, Period(2016, 2021))]
        );
        assert_eq!(years("2016-2021"), vec![(0, Period(2016, 2021))]);
        assert_eq!(years("2021 - 2016"), vec![(0, Year(2021))]);
        assert_eq!(
            years("2019-20 và 2019 -"),
            vec![(0, Year(2019)), (12, Year(2019))]
        );
        // Parts of numbers, dates and longer digit runs are no years.
        for s in [
            "1,2019", "123/2019", "x1.2019", "20195", "12019", "1850", "2150",
        ] {
            assert_eq!(years(s), vec![], "{s}");
        }
        // The search starts at `from` but looks behind it.
        let s = "x1/2019 2020";
        let from: Vec<_> = explicit_years(s, 3).map(|m| m.start).collect();
        assert_eq!(from, vec![8]);
    }
}
