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
    relative_offsets: Vec<(String, i32)>,
    cues: Option<Regex>,
    not_cues: Option<Regex>,
    /// Where organisation names start (their heads, any case).
    heads: Option<Regex>,
    /// What a name may continue with, and what ends it.
    names: NameGrammar,
    abbreviations: Vec<(String, String)>,
    aliases: BTreeMap<String, String>,
    lower_words: Vec<String>,
    /// Lowercase words before a head that make it no organisation.
    not_after: Vec<String>,
    /// Sectors as the pack spells them and lowercased, longest first.
    sectors: Vec<(String, String)>,
}

/// How far before a year mention a comparison cue is looked for.
const COMPARISON_REACH: usize = 48;

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
    /// Target cues by start, and the earliest end from each index on.
    cues: Vec<(usize, usize)>,
    cue_min_end: Vec<usize>,
    /// `orgs` are in text order (start and end both non-decreasing).
    in_order: bool,
    /// The last mention outside every figure before each index, and the
    /// last such mention not introduced by "của"/"do"/"bởi".
    last_org: Vec<Option<usize>>,
    last_subject: Vec<Option<usize>>,
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

impl Attributor {
    pub fn new(attr: &AttributionDef, org: &OrgDef) -> Result<Attributor, regex::Error> {
        let rel_words: Vec<String> = attr.relative_years.keys().cloned().collect();
        let relative = alternation(&rel_words)
            .map(|a| Regex::new(&format!("(?:{a})")))
            .transpose()?;
        let mut relative_offsets: Vec<(String, i32)> = attr
            .relative_years
            .iter()
            .map(|(k, v)| (k.to_lowercase(), *v))
            .collect();
        relative_offsets.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
        let ending = |cues: &[String]| {
            (!cues.is_empty())
                .then(|| Regex::new(&format!(r"(?:{})\s*$", cues.join("|"))))
                .transpose()
        };
        let comparison = ending(&attr.comparison_cues)?;
        let same_period = ending(&attr.same_period_cues)?;
        let cue_src: Vec<String> = attr.target_cues.clone();
        let cues = if cue_src.is_empty() {
            None
        } else {
            Some(Regex::new(&cue_src.join("|"))?)
        };
        let not_cues = if attr.not_target.is_empty() {
            None
        } else {
            Some(Regex::new(&attr.not_target.join("|"))?)
        };
        let heads = alternation(&org.heads)
            .map(|h| Regex::new(&format!("(?i:{h})")))
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
            same_period,
            relative_offsets,
            cues,
            not_cues,
            heads,
            names,
            abbreviations,
            aliases: org.aliases.clone(),
            lower_words,
            not_after: org.not_after.iter().map(|w| w.to_lowercase()).collect(),
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
                self.names.end(hay, folded, m.end())
            } else {
                m.end()
            };
            if end > m.end() {
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

    /// Expand abbreviations, fold the case of common words, apply aliases.
    pub fn canonical_org(&self, raw: &str) -> String {
        let words: Vec<&str> = raw.split_whitespace().collect();
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
            let kept = i > 0 && self.not_after.contains(&lower[i - 1]);
            if let Some((_, full)) = self
                .abbreviations
                .iter()
                .find(|(k, _)| k == w)
                .filter(|_| !kept)
            {
                out.push(full.clone());
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
                    out.push(sector.clone());
                    i += n;
                    continue;
                }
            }
            if let Some((lw, n)) = self
                .lower_words
                .iter()
                .find_map(|lw| starts_with(i, lw).map(|n| (lw, n)))
            {
                out.push(lw.clone());
                i += n;
                continue;
            }
            out.push(w.to_string());
            i += 1;
        }
        let joined = capitalise_head(&out.join(" "));
        self.aliases.get(&joined).cloned().unwrap_or(joined)
    }

    fn year_mentions(&self, folded: &str, from: usize, to: usize) -> Vec<YearMention> {
        let mut out = Vec::new();
        let Some(hay) = folded.get(..to) else {
            return out;
        };
        out.extend(explicit_years(hay, from));
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
                    let key = m.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
                    if let Some((_, off)) = self.relative_offsets.iter().find(|(k, _)| *k == key) {
                        out.push(YearMention {
                            start: m.start(),
                            kind: YearKind::Relative(*off),
                            weak: false,
                        });
                    }
                }
                pos = m.end();
            }
        }
        // The base year of a comparison ("tăng 12% so với năm 2015") is not
        // the year anything is reported for. The same period of an earlier
        // year ("so với cùng kỳ năm 2022") says the report is of the next
        // year: a weak mention of that year.
        if self.comparison.is_some() || self.same_period.is_some() {
            let ends = |re: &Option<Regex>, s: &str| re.as_ref().is_some_and(|r| r.is_match(s));
            out.retain_mut(|m| {
                let from = floor_char(hay, m.start.saturating_sub(COMPARISON_REACH));
                let before = &hay[from..m.start];
                if ends(&self.same_period, before) {
                    m.weak = true;
                    m.kind = match m.kind {
                        YearKind::Year(y) => YearKind::Year(y + 1),
                        YearKind::Relative(off) => YearKind::Relative(off + 1),
                        YearKind::Period(..) => return false,
                    };
                    return true;
                }
                !ends(&self.comparison, before)
            });
        }
        out.sort_by_key(|m| m.start);
        out
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

    /// The year the article is about: the first year named in the title or
    /// the lead (both in `scan`), else the year named most often in the body.
    pub fn topic_year(
        &self,
        scan: &Scan,
        folded: &str,
        title: Option<(usize, usize)>,
        body: &[(usize, usize)],
    ) -> Option<i32> {
        let explicit = |(from, to): (usize, usize)| {
            scan.years_in(from, to).iter().find_map(|m| match m.kind {
                YearKind::Year(y) if !m.weak => Some(y),
                _ => None,
            })
        };
        title
            .and_then(explicit)
            .or_else(|| body.first().copied().and_then(explicit))
            .or_else(|| self.most_named_year(folded, body))
    }

    fn resolve(&self, kind: YearKind, ctx: &ArticleContext) -> Option<i32> {
        match kind {
            YearKind::Year(y) => Some(y),
            YearKind::Relative(off) => match ctx.published_year {
                Some(p) => Some(p + off),
                None => ctx.year.map(|y| if off < 0 { y } else { y + off }),
            },
            YearKind::Period(a, b) => {
                let r = ctx.year?;
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
            m.weak == weak && !matches!(m.kind, YearKind::Period(..)) && !spans.contains(m.start)
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
            next_period[i] = if matches!(scan.years[i].kind, YearKind::Period(..)) {
                Some(i)
            } else {
                next_period[i + 1]
            };
        }
        // Target cues by start, with the earliest end from each one on.
        let mut cues = scan.cues.clone();
        cues.sort_unstable();
        let mut cue_min_end = vec![usize::MAX; cues.len() + 1];
        for i in (0..cues.len()).rev() {
            cue_min_end[i] = cue_min_end[i + 1].min(cues[i].1);
        }
        // Organisation mentions: those outside every figure, and among them
        // those not introduced by "của"/"do"/"bởi", as the last one before
        // each index.
        let introduced = |m: &OrgMention| {
            let w = folded.get(..m.start).unwrap_or("").trim_end();
            w.ends_with(" của") || w.ends_with(" do") || w.ends_with(" bởi")
        };
        let in_order = orgs
            .windows(2)
            .all(|w| w[0].start <= w[1].start && w[0].end <= w[1].end);
        let mut last_org = vec![None; orgs.len() + 1];
        let mut last_subject = vec![None; orgs.len() + 1];
        for (i, m) in orgs.iter().enumerate() {
            let outside = !spans.overlaps(m.start, m.end);
            last_org[i + 1] = if outside { Some(i) } else { last_org[i] };
            last_subject[i + 1] = if outside && !introduced(m) {
                Some(i)
            } else {
                last_subject[i]
            };
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
            cue_min_end,
            in_order,
            last_org,
            last_subject,
        }
    }

    /// The nearest usable mention (see [`Attributor::prepare`]) among the
    /// years `a..b` of the scan, said outright or (`weak`) a comparison
    /// base: the last before `at`, else the first after it.
    fn nearest_of(
        prep: &Prepared<'_>,
        (a, b): (usize, usize),
        at: usize,
        weak: bool,
    ) -> Option<YearKind> {
        let w = usize::from(weak);
        let years = &prep.scan.years;
        let p = a + years[a..b].partition_point(|m| m.start < at);
        prep.prev[w][p]
            .filter(|&i| i >= a)
            .or_else(|| prep.next[w][p].filter(|&i| i < b))
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
    ) -> Attribution {
        // The nearest year said in the sentence; else the year after a
        // comparison base in the sentence ("tăng 9% so với cùng kỳ năm
        // 2023"); else a year said in the paragraph; else a period; else the
        // article's year; else the year after a base in the paragraph.
        let in_sentence = prep.scan.range_in(sentence.start, sentence.end);
        let in_paragraph = prep.scan.range_in(paragraph.0, paragraph.1);
        let period = || {
            let first = |(a, b): (usize, usize)| prep.next_period[a].filter(|&i| i < b);
            first(in_sentence)
                .or_else(|| first(in_paragraph))
                .map(|i| prep.scan.years[i].kind)
        };
        let year = Self::nearest_of(prep, in_sentence, span.0, false)
            .or_else(|| Self::nearest_of(prep, in_sentence, span.0, true))
            .or_else(|| Self::nearest_of(prep, in_paragraph, span.0, false))
            .or_else(period)
            .and_then(|k| self.resolve(k, ctx))
            .or(ctx.year)
            .or_else(|| {
                Self::nearest_of(prep, in_paragraph, span.0, true)
                    .and_then(|k| self.resolve(k, ctx))
            });

        // A target cue inside the sentence, before the figure.
        let c = prep.cues.partition_point(|&(cs, _)| cs < sentence.start);
        let target = prep.cue_min_end[c] <= span.0;

        // Candidates before the figure in its sentence; a name introduced by
        // "của"/"do"/"bởi" (a giver or possessor) yields to an earlier subject.
        let org = if prep.in_order {
            let orgs = prep.orgs;
            let lo = orgs.partition_point(|m| m.start < sentence.start);
            let hi = orgs.partition_point(|m| m.end <= span.0);
            prep.last_subject[hi]
                .filter(|&i| i >= lo)
                .or_else(|| prep.last_org[hi].filter(|&i| i >= lo))
                .map(|i| orgs[i].name.clone())
        } else {
            // Mentions out of text order (never made by `orgs_in`): look at
            // each one.
            let before: Vec<&OrgMention> = prep
                .orgs
                .iter()
                .filter(|m| {
                    m.start >= sentence.start
                        && m.end <= span.0
                        && !prep.spans.overlaps(m.start, m.end)
                })
                .collect();
            let introduced = |m: &OrgMention| {
                let w = prep.folded.get(..m.start).unwrap_or("").trim_end();
                w.ends_with(" của") || w.ends_with(" do") || w.ends_with(" bởi")
            };
            before
                .iter()
                .rev()
                .find(|m| !introduced(m))
                .or(before.last())
                .map(|m| m.name.clone())
        }
        .or_else(|| ctx.org.clone());
        Attribution { year, org, target }
    }

    /// Resolve short names to the longer name they begin in the same article
    /// (only when exactly one longer name does).
    pub fn complete_names(mentions: &mut [OrgMention]) {
        // The distinct names, sorted: the longer names beginning with
        // "name " sit together right after it (binary search, not a scan
        // of every mention for each one).
        let mut names: Vec<&str> = mentions.iter().map(|m| m.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        let completed: Vec<Option<String>> = mentions
            .iter()
            .map(|m| {
                let prefix = format!("{} ", m.name);
                let i = names.partition_point(|n| *n < prefix.as_str());
                let mut longer = names[i..].iter().take_while(|n| n.starts_with(&prefix));
                match (longer.next(), longer.next()) {
                    (Some(only), None) => Some(only.to_string()),
                    _ => None,
                }
            })
            .collect();
        for (m, c) in mentions.iter_mut().zip(completed) {
            if let Some(c) = c {
                m.name = c;
            }
        }
    }
}

/// How an organisation name continues after its head: capitalised words
/// (places, proper names, abbreviations such as THCS), the lowercase words
/// names contain (`thành phố`, `huyện`, `ngành`, `cơ sở`, `công ty` …), a
/// sector (`Giáo dục`), a number after an administrative word (`quận 1`).
/// A name ends at anything else: a verb or other lowercase word,
/// punctuation, a title (`Chủ tịch`, `Ông`), or a person's name (a surname
/// followed by a middle name, `Nguyễn Văn`, or by two more capitalised
/// words) — so "Chủ tịch LĐLĐ tỉnh Nguyễn Văn An" names the LĐLĐ of the
/// province, not Mr An.
#[derive(Clone, Debug, Default)]
struct NameGrammar {
    /// Lowercase word sequences a name may contain, longest first, with
    /// what they are.
    inner: Vec<(Vec<String>, Inner)>,
    /// Lowercase word sequences that end a name (titles).
    titles: Vec<Vec<String>>,
    surnames: Vec<String>,
    /// Lowercase.
    middle_names: Vec<String>,
    /// The first words of `inner`: a lowercase word that is none of them
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

/// The most words after a head a name may take.
const NAME_WORDS: usize = 12;

impl NameGrammar {
    fn new(org: &OrgDef) -> NameGrammar {
        let words = |s: &String| {
            s.split_whitespace()
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        };
        let mut inner: Vec<(Vec<String>, Inner)> = org
            .connectors
            .iter()
            .map(|c| (words(c), Inner::Admin))
            .collect();
        inner.extend(
            org.institutions
                .iter()
                .map(|c| (words(c), Inner::Institution)),
        );
        inner.extend(org.inner_words.iter().map(|c| (words(c), Inner::Plain)));
        inner.extend(org.sectors.iter().map(|c| (words(c), Inner::Sector)));
        inner.retain(|(w, _)| !w.is_empty());
        inner.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        let mut titles: Vec<Vec<String>> = org.titles.iter().map(words).collect();
        titles.retain(|w| !w.is_empty());
        titles.sort_by_key(|w| std::cmp::Reverse(w.len()));
        let inner_first = inner.iter().map(|(w, _)| w[0].clone()).collect();
        NameGrammar {
            inner_first,
            inner,
            titles,
            surnames: org.surnames.clone(),
            middle_names: org.middle_names.iter().map(|m| m.to_lowercase()).collect(),
        }
    }

    /// Where the name whose head ends at `pos` of `text` ends (`folded`:
    /// the same text lowercased, same offsets).
    fn end(&self, text: &str, folded: &str, pos: usize) -> usize {
        // Most heads stand alone ("đoàn viên công đoàn tham gia"): a
        // lowercase word after them that no name contains ends it at once.
        let next = text[pos..].strip_prefix(' ').unwrap_or("");
        let first_len = next
            .char_indices()
            .find(|&(_, c)| !(is_word(c) || c == '\'' || c == '-'))
            .map_or(next.len(), |(k, _)| k);
        let first_folded = folded.get(pos + 1..pos + 1 + first_len).unwrap_or("");
        if first_len == 0
            || (!next.starts_with(char::is_uppercase)
                && !next.starts_with(|c: char| c.is_ascii_digit())
                && !self.inner_first.contains(first_folded))
        {
            return pos;
        }
        // The words after the head, separated by single spaces.
        let mut words = [(0usize, 0usize); NAME_WORDS];
        let mut n = 0;
        let mut i = pos;
        while n < NAME_WORDS {
            let rest = &text[i..];
            if !rest.starts_with(' ') || rest[1..].starts_with(' ') {
                break;
            }
            let s = i + 1;
            let len = text[s..]
                .char_indices()
                .find(|&(_, c)| !(is_word(c) || c == '\'' || c == '-'))
                .map_or(text.len() - s, |(k, _)| k);
            if len == 0 {
                break;
            }
            words[n] = (s, s + len);
            n += 1;
            i = s + len;
        }
        let words = &words[..n];
        // Word `k` equals the lowercase `w`, whatever its case.
        let word_is = |k: usize, w: &str| folded.get(words[k].0..words[k].1) == Some(w);
        let starts = |k: usize, seq: &[String]| {
            seq.len() <= words.len() - k && seq.iter().enumerate().all(|(j, w)| word_is(k + j, w))
        };
        let capital = |k: usize| {
            words
                .get(k)
                .is_some_and(|&(s, _)| text[s..].starts_with(char::is_uppercase))
        };
        let mut k = 0;
        let mut number_ok = false;
        let mut institution = false;
        let mut prev_proper = false;
        // A name needs a proper part, or to end at an administrative word
        // ("LĐLĐ huyện": the district's); "Công đoàn ngành" alone is generic.
        let mut proper_end = pos;
        while k < words.len() {
            if self.titles.iter().any(|t| starts(k, t)) {
                break;
            }
            if let Some((seq, kind)) = self.inner.iter().find(|(seq, _)| starts(k, seq)) {
                k += seq.len();
                prev_proper = matches!(kind, Inner::Admin | Inner::Sector);
                if prev_proper {
                    proper_end = words[k - 1].1;
                }
                number_ok = *kind == Inner::Admin;
                institution |= *kind == Inner::Institution;
                continue;
            }
            let w = &text[words[k].0..words[k].1];
            if number_ok && w.bytes().all(|b| b.is_ascii_digit()) {
                proper_end = words[k].1;
                k += 1;
                number_ok = false;
                continue;
            }
            // Inside an institution's own name, a lowercase word between
            // capitalised ones belongs to it ("Hàng không Việt Nam").
            let inside = institution && prev_proper && capital(k + 1);
            if !capital(k) && !inside {
                break;
            }
            // A person's name: a surname, then a middle name or two more
            // capitalised words.
            let person = self.surnames.iter().any(|s| s == w)
                && ((k + 1 < words.len() && self.middle_names.iter().any(|m| word_is(k + 1, m)))
                    || (capital(k + 1) && capital(k + 2)));
            if person {
                break;
            }
            proper_end = words[k].1;
            k += 1;
            number_ok = false;
            prev_proper = true;
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
            // Not inside a number or a code ("1.2019", "H2025").
            if i - start != 4
                || hay[..start]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | ',' | '/'))
            {
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
                    let y2_at = hay.len() - tail.trim_start().len();
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

/// "công đoàn viên chức …" → "Công đoàn viên chức …": names start with a capital.
fn capitalise_head(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) if c.is_lowercase() => c.to_uppercase().chain(cs).collect(),
        _ => s.to_string(),
    }
}

/// The article's main organisation: the first named in the title, else the
/// one named most often in the body (earliest first on ties).
pub fn main_org(title: &[OrgMention], body: &[OrgMention]) -> Option<String> {
    if let Some(m) = title.first() {
        return Some(m.name.clone());
    }
    // Count and first index of each name.
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for (i, m) in body.iter().enumerate() {
        counts.entry(m.name.as_str()).or_insert((0, i)).0 += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| (a.1).0.cmp(&(b.1).0).then((b.1).1.cmp(&(a.1).1)))
        .map(|(n, _)| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn years(s: &str) -> Vec<(usize, YearKind)> {
        explicit_years(s, 0).map(|m| (m.start, m.kind)).collect()
    }

    #[test]
    fn explicit_years_and_periods() {
        use YearKind::{Period, Year};
        assert_eq!(
            years("năm 2019 và 2020."),
            vec![(5, Year(2019)), (14, Year(2020))]
        );
        assert_eq!(years("2019"), vec![(0, Year(2019))]);
        // Codes are no years.
        assert_eq!(years("tài khoản H2025, mã 1.2019"), vec![]);
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
            "03/02/2017",
            "1.2019",
            "1,2019",
            "20195",
            "12019",
            "1850",
            "2150",
        ] {
            assert_eq!(years(s), vec![], "{s}");
        }
        // The search starts at `from` but looks behind it.
        let s = "x/2019 2020";
        let from: Vec<_> = explicit_years(s, 2).map(|m| m.start).collect();
        assert_eq!(from, vec![7]);
    }
}
