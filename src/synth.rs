//! Synthetic corpora for benchmarks and for measuring accuracy at scale.
//!
//! `solieu gen-corpus` writes JSON Lines dumps of any size built from the
//! sample articles: their sentences are the filler prose, and planted
//! sentences carry figures of every metric of the default rule pack in the
//! number styles Vietnamese press uses (`10.141`, `9697`, `1,5 tỷ`,
//! `654 triệu đồng`, `03 bằng khen`, `85-90%`, `trên`/`hơn`/`khoảng`/`gần`,
//! number words such as `hai trăm`), attributed to organisations and years.
//! Every planted figure is listed in a gold file, so users can measure recall
//! and precision of a rule pack on corpora as large as they like.
//!
//! Filler sentences holding a digit are left out: the samples' own figures
//! are annotated elsewhere (`seeds.jsonl`), and a synthetic corpus must hold
//! no figure its gold file does not list.
//!
//! Everything here is a pure function of the sample texts and the seed: the
//! same seed gives byte-identical output on every platform (a self-contained
//! splitmix64 generator, no floating-point formatting of random values).
//! Articles are produced one at a time, so writing a corpus takes constant
//! memory whatever its size.

use anyhow::{bail, Context, Result};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// splitmix64: small, fast, and the same sequence everywhere.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5151_e0e0_50c1_eeed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0; 0 gives 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        // Multiply-shift: unbiased enough for test data, no division.
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    /// True with probability `percent`/100.
    pub fn percent(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

/// One figure planted in a synthetic article, as the gold file lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Planted {
    pub metric: &'static str,
    pub value: f64,
    pub value_max: Option<f64>,
    pub qualifier: &'static str,
    /// What is awarded, for `awards` (`bằng khen`, `giấy khen`, …).
    pub label: Option<&'static str>,
    pub year: i32,
    pub org: String,
    /// The planted quantity phrase as written in the article.
    pub text: String,
}

/// One synthetic article and the figures planted in it.
#[derive(Clone, Debug)]
pub struct SynthArticle {
    pub id: String,
    pub title: String,
    /// ISO date.
    pub published: String,
    /// Title line, then paragraphs separated by newlines.
    pub text: String,
    pub figures: Vec<Planted>,
}

/// Filler prose: sentences of the sample articles without digits.
#[derive(Clone, Debug, Default)]
pub struct Filler {
    sentences: Vec<String>,
}

/// Line starts that the default pack's boilerplate drops or treats as the end
/// of an article; a filler sentence starting so could hide a planted figure
/// that shares its paragraph.
const RISKY_STARTS: &[&str] = &[
    "tags",
    "tag:",
    "từ khóa",
    "từ khoá",
    "chia sẻ",
    "share",
    "hotline",
    "đường dây nóng",
    "lượt xem",
    "email",
    "in bài",
    "bản quyền",
    "theo dõi",
    "xem thêm",
    "đọc thêm",
    "tin ",
    "bài viết",
    "trả lời",
    "bình luận",
    "gửi bình luận",
    "ý kiến",
    "viết bình luận",
    "thông báo",
    "có thể bạn",
    "nên xem",
    "cùng chuyên mục",
];

impl Filler {
    /// Sentences of `texts` (the first line of each, its title, left out).
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Filler {
        let mut sentences = Vec::new();
        for text in texts {
            for line in text.lines().skip(1) {
                for s in split_sentences(line) {
                    if usable_filler(s) {
                        sentences.push(s.to_string());
                    }
                }
            }
        }
        Filler { sentences }
    }

    /// The `.txt` articles of a folder, in file name order.
    /// Sentences of the sample corpus built into solieu.
    pub fn builtin() -> Filler {
        Filler::from_texts(crate::builtin::CORPUS.iter().map(|(_, t)| *t))
    }

    pub fn from_dir(dir: &Path) -> Result<Filler> {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .with_context(|| format!("{}: cannot read sample articles", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        let mut texts = Vec::with_capacity(paths.len());
        for p in &paths {
            let bytes = std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
            texts.push(String::from_utf8_lossy(&bytes).into_owned());
        }
        let filler = Filler::from_texts(texts.iter().map(String::as_str));
        if filler.is_empty() {
            bail!(
                "{}: no usable sample sentences (need .txt articles)",
                dir.display()
            );
        }
        Ok(filler)
    }

    pub fn len(&self) -> usize {
        self.sentences.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sentences.is_empty()
    }

    pub fn sentences(&self) -> &[String] {
        &self.sentences
    }
}

/// Split a line after `.`, `?`, `!` (and closing quotes) followed by a space.
fn split_sentences(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    for (k, &(_, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '?' | '!') {
            continue;
        }
        let mut j = k + 1;
        while j < chars.len() && matches!(chars[j].1, '"' | '”' | '’' | ')') {
            j += 1;
        }
        if j < chars.len() && chars[j].1 == ' ' {
            let end = chars[j].0;
            let s = line[start..end].trim();
            if !s.is_empty() {
                out.push(s);
            }
            start = end;
        }
    }
    let s = line[start..].trim();
    if !s.is_empty() {
        out.push(s);
    }
    out
}

/// Relative year phrases (the default pack's `[attribution.relative_years]`):
/// beside a planted figure they would change the year it refers to, so
/// filler holding them is left out and the gold years stay right.
const RELATIVE_YEARS: &[&str] = &[
    "năm nay",
    "trong năm",
    "đầu năm",
    "cuối năm",
    "năm qua",
    "năm trước",
    "năm ngoái",
    "năm tới",
    "năm sau",
];

fn usable_filler(s: &str) -> bool {
    let lower = s.to_lowercase();
    if RELATIVE_YEARS.iter().any(|r| lower.contains(r)) {
        return false;
    }
    s.chars().count() >= 40
        && s.chars().count() <= 400
        && !s.chars().any(|c| c.is_numeric() || c == '%')
        && s.chars().next().is_some_and(char::is_uppercase)
        && matches!(s.chars().last(), Some('.' | '?' | '!' | '"' | '”' | ')'))
        && !RISKY_STARTS.iter().any(|p| lower.starts_with(p))
}

const CITIES: &[&str] = &[
    "Hà Nội",
    "Hải Phòng",
    "Đà Nẵng",
    "Cần Thơ",
    "Hồ Chí Minh",
    "Huế",
    "Vinh",
    "Nam Định",
    "Thái Nguyên",
    "Việt Trì",
    "Quy Nhơn",
    "Nha Trang",
    "Buôn Ma Thuột",
    "Đà Lạt",
    "Biên Hòa",
    "Vũng Tàu",
    "Long Xuyên",
    "Hạ Long",
    "Thanh Hóa",
    "Bắc Ninh",
];
const PROVINCES: &[&str] = &[
    "Nghệ An",
    "Thanh Hóa",
    "Quảng Ninh",
    "Bắc Giang",
    "Hải Dương",
    "Thái Bình",
    "Ninh Bình",
    "Hà Tĩnh",
    "Quảng Bình",
    "Quảng Nam",
    "Quảng Ngãi",
    "Bình Định",
    "Phú Yên",
    "Khánh Hòa",
    "Đắk Lắk",
    "Gia Lai",
    "Lâm Đồng",
    "Đồng Nai",
    "Bình Dương",
    "Long An",
    "Tiền Giang",
    "An Giang",
    "Kiên Giang",
    "Cà Mau",
    "Lào Cai",
    "Yên Bái",
    "Sơn La",
    "Hòa Bình",
    "Phú Thọ",
    "Vĩnh Phúc",
];
const SECTORS: &[&str] = &["Viên chức", "Giáo dục", "Y tế", "Công thương", "Xây dựng"];
const TOPICS: &[&str] = &[
    "Tổng kết hoạt động công đoàn",
    "Nhiều kết quả nổi bật",
    "Chăm lo đời sống đoàn viên",
    "Đẩy mạnh phong trào thi đua",
    "Phát triển đoàn viên, xây dựng tổ chức công đoàn vững mạnh",
    "Hội nghị tổng kết công tác",
    "Vì quyền lợi người lao động",
];

/// Organisation names as the press writes them.
fn org_name(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => format!("Công đoàn Viên chức thành phố {}", rng.pick(CITIES)),
        1 => format!("Liên đoàn Lao động tỉnh {}", rng.pick(PROVINCES)),
        2 => format!("Liên đoàn Lao động thành phố {}", rng.pick(CITIES)),
        3 => format!(
            "Công đoàn {} tỉnh {}",
            rng.pick(SECTORS),
            rng.pick(PROVINCES)
        ),
        4 => format!("Liên đoàn Lao động huyện {}", rng.pick(PROVINCES)),
        _ => format!("Công đoàn Khu công nghiệp tỉnh {}", rng.pick(PROVINCES)),
    }
}

const UNITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// Vietnamese number words for `n` < 1000; `full` writes the hundreds and
/// `lẻ` even when they are zero (after `nghìn`: "không trăm lẻ năm").
fn words_below_1000(n: u64, full: bool) -> String {
    let (h, r) = (n / 100, n % 100);
    let mut parts: Vec<&str> = Vec::new();
    if h > 0 || full {
        parts.push(UNITS[h as usize]);
        parts.push("trăm");
    }
    let hundreds = !parts.is_empty();
    if r == 0 {
        if parts.is_empty() {
            parts.push("không");
        }
    } else if r < 10 {
        if hundreds {
            parts.push("lẻ");
        }
        parts.push(UNITS[r as usize]);
    } else if r < 20 {
        parts.push("mười");
        match r % 10 {
            0 => {}
            5 => parts.push("lăm"),
            u => parts.push(UNITS[u as usize]),
        }
    } else {
        parts.push(UNITS[(r / 10) as usize]);
        parts.push("mươi");
        match r % 10 {
            0 => {}
            1 => parts.push("mốt"),
            5 => parts.push("lăm"),
            u => parts.push(UNITS[u as usize]),
        }
    }
    parts.join(" ")
}

/// Vietnamese number words for 1 ≤ `n` < 1 000 000: "hai trăm",
/// "mười lăm", "ba nghìn hai trăm", "hai mươi mốt nghìn không trăm lẻ năm".
pub fn number_words(n: u64) -> String {
    let (th, rest) = (n / 1000, n % 1000);
    if th == 0 {
        return words_below_1000(rest, false);
    }
    let mut s = format!("{} nghìn", words_below_1000(th, false));
    if rest > 0 {
        s.push(' ');
        s.push_str(&words_below_1000(rest, true));
    }
    s
}

/// `n` with "." grouping thousands: 10141 → "10.141".
pub fn dotted(n: u64) -> String {
    let d = n.to_string();
    let mut out = String::with_capacity(d.len() + d.len() / 3);
    for (i, c) in d.chars().enumerate() {
        if i > 0 && (d.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A quantity phrase and what it means.
struct Qty {
    text: String,
    value: f64,
    value_max: Option<f64>,
    qualifier: &'static str,
}

/// Qualifier words and their meaning in the output contract ("gần", nearly,
/// is read as `under` by the number reader).
const QUALIFIERS: &[(&str, &str)] = &[
    ("trên", "over"),
    ("hơn", "over"),
    ("khoảng", "about"),
    ("gần", "under"),
    ("xấp xỉ", "about"),
];

fn qualify(rng: &mut Rng, text: String) -> (String, &'static str) {
    if rng.percent(70) {
        (text, "exact")
    } else {
        let (w, q) = *rng.pick(QUALIFIERS);
        (format!("{w} {text}"), q)
    }
}

/// A head count in one of the styles articles use.
fn count_qty(rng: &mut Rng, lo: u64, hi: u64, leading_zero: bool) -> Qty {
    let n = rng.range(lo, hi);
    let style = rng.below(10);
    let (text, value) = match style {
        // number words for small counts; a lone "một" is the article "a"
        // to solieu ("có một thiết chế"), never planted as a count
        0 | 1 if (2..1000).contains(&n) => (number_words(n), n),
        0 if (1000..100_000).contains(&n) => {
            let k = n / 1000;
            (format!("{} nghìn", number_words(k)), k * 1000)
        }
        // "12 nghìn", "1,5 nghìn"
        2 if n >= 10_000 => {
            let k = n / 1000;
            (format!("{k} nghìn"), k * 1000)
        }
        2 if n >= 1000 => {
            let h = n / 100;
            if h % 10 == 0 {
                (format!("{} nghìn", h / 10), h * 100)
            } else {
                (format!("{},{} nghìn", h / 10, h % 10), h * 100)
            }
        }
        // leading zero ("03 bằng khen")
        3 | 4 if leading_zero && n < 10 => (format!("0{n}"), n),
        // plain 9697
        5 | 6 => (n.to_string(), n),
        // dotted 10.141 (plain below 1000)
        _ => (dotted(n), n),
    };
    let (text, qualifier) = qualify(rng, text);
    Qty {
        text,
        value: value as f64,
        value_max: None,
        qualifier,
    }
}

/// An amount of money in đồng.
fn money_qty(rng: &mut Rng) -> Qty {
    const MILLION: u64 = 1_000_000;
    const BILLION: u64 = 1_000_000_000;
    let (text, value, value_max) = match rng.below(8) {
        // 654 triệu đồng
        0 | 1 => {
            let m = rng.range(5, 999);
            (format!("{m} triệu đồng"), m * MILLION, None)
        }
        // 1,5 tỷ đồng
        2 => {
            let t = rng.range(11, 99);
            let text = if t % 10 == 0 {
                format!("{} tỷ đồng", t / 10)
            } else {
                format!("{},{} tỷ đồng", t / 10, t % 10)
            };
            (text, t * BILLION / 10, None)
        }
        // 500.000đ, 2.500.000 đồng
        3 => {
            let v = rng.range(10, 5000) * 1000;
            let cur = if rng.percent(50) { "đ" } else { " đồng" };
            (format!("{}{cur}", dotted(v)), v, None)
        }
        // 1 tỷ 200 triệu đồng
        4 => {
            let b = rng.range(1, 9);
            let m = rng.range(1, 9) * 100;
            (
                format!("{b} tỷ {m} triệu đồng"),
                b * BILLION + m * MILLION,
                None,
            )
        }
        // từ 10 đến 50 triệu đồng
        5 => {
            let a = rng.range(1, 20) * 5;
            let b = a + rng.range(1, 10) * 5;
            (
                format!("từ {a} đến {b} triệu đồng"),
                a * MILLION,
                Some(b * MILLION),
            )
        }
        // hai trăm triệu đồng
        6 => {
            let m = rng.range(1, 9) * 100;
            (format!("{} triệu đồng", number_words(m)), m * MILLION, None)
        }
        // 50.000.000 đồng
        _ => {
            let v = rng.range(1, 900) * MILLION;
            (format!("{} đồng", dotted(v)), v, None)
        }
    };
    let (text, qualifier) = if value_max.is_some() {
        (text, "range")
    } else {
        qualify(rng, text)
    };
    Qty {
        text,
        value: value as f64,
        value_max: value_max.map(|v| v as f64),
        qualifier,
    }
}

/// A share in per cent: 95%, 85-90%, trên 90%, 95 phần trăm.
fn percent_qty(rng: &mut Rng) -> Qty {
    match rng.below(6) {
        0 => {
            let a = rng.range(50, 94);
            let b = a + rng.range(1, 5);
            Qty {
                text: format!("{a}-{b}%"),
                value: a as f64,
                value_max: Some(b as f64),
                qualifier: "range",
            }
        }
        1 => {
            let a = rng.range(60, 99);
            Qty {
                text: format!("{a} phần trăm"),
                value: a as f64,
                value_max: None,
                qualifier: "exact",
            }
        }
        _ => {
            let a = rng.range(50, 100);
            let (text, qualifier) = if a < 100 && rng.percent(30) {
                (format!("trên {a}%"), "over")
            } else {
                (format!("{a}%"), "exact")
            };
            Qty {
                text,
                value: a as f64,
                value_max: None,
                qualifier,
            }
        }
    }
}

const AWARD_LABELS: &[(&str, &str)] = &[
    ("bằng khen", "Bằng khen"),
    ("giấy khen", "Giấy khen"),
    ("cờ thi đua", "Cờ thi đua"),
    ("kỷ niệm chương", "Kỷ niệm chương"),
];

/// The generator: articles built from filler and planted figures.
pub struct Generator {
    rng: Rng,
    filler: Filler,
    seed: u64,
    next: u64,
}

/// The year phrase opening a planted sentence, if any.
fn year_lead(rng: &mut Rng, year: i32) -> String {
    match rng.below(6) {
        0 => format!("Năm {year}, "),
        1 => format!("Trong năm {year}, "),
        2 => format!("Tính đến cuối năm {year}, "),
        3 => format!("Năm {year}, "),
        _ => String::new(),
    }
}

fn capitalise(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) => c.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

impl Generator {
    /// Fails when there is no filler to build articles from.
    pub fn new(filler: Filler, seed: u64) -> Result<Generator> {
        if filler.is_empty() {
            bail!("no filler sentences to build synthetic articles from");
        }
        Ok(Generator {
            rng: Rng::new(seed),
            filler,
            seed,
            next: 0,
        })
    }

    /// The next article.
    pub fn article(&mut self) -> SynthArticle {
        let index = self.next;
        self.next += 1;
        let rng = &mut self.rng;
        let year = rng.range(2010, 2024) as i32;
        let org = org_name(rng);
        let title = format!("{}: {} năm {year}", org, rng.pick(TOPICS));
        let published = format!("{year}-{:02}-{:02}", rng.range(1, 12), rng.range(1, 28));
        let n_planted = rng.range(2, 8);
        let n_filler = rng.range(6, 30);
        // Paragraphs: filler sentences in groups of 1–4, planted sentences
        // put at random places among them.
        let mut sentences: Vec<(bool, String)> = Vec::with_capacity(n_filler as usize + 8);
        for _ in 0..n_filler {
            sentences.push((false, rng.pick(&self.filler.sentences).clone()));
        }
        let mut figures = Vec::new();
        for _ in 0..n_planted {
            let s = plant(rng, &org, year, &mut figures);
            let at = rng.below(sentences.len() as u64 + 1) as usize;
            sentences.insert(at, (true, s));
        }
        let mut text = String::with_capacity(
            title.len() + sentences.iter().map(|(_, s)| s.len() + 1).sum::<usize>(),
        );
        text.push_str(&title);
        text.push('\n');
        let mut in_par = 0;
        for (_, s) in &sentences {
            if in_par > 0 && (in_par >= 4 || rng.percent(40)) {
                text.push('\n');
                in_par = 0;
            }
            if in_par > 0 {
                text.push(' ');
            }
            text.push_str(s);
            in_par += 1;
        }
        text.push('\n');
        SynthArticle {
            id: format!("synth-{}-{index:08}", self.seed),
            title,
            published,
            text,
            figures,
        }
    }
}

impl Iterator for Generator {
    type Item = SynthArticle;

    fn next(&mut self) -> Option<SynthArticle> {
        Some(self.article())
    }
}

/// One planted sentence; its figures are appended to `out`.
fn plant(rng: &mut Rng, org: &str, year: i32, out: &mut Vec<Planted>) -> String {
    let lead = year_lead(rng, year);
    let fig = |q: &Qty, metric: &'static str, label: Option<&'static str>| Planted {
        metric,
        value: q.value,
        value_max: q.value_max,
        qualifier: q.qualifier,
        label,
        year,
        org: org.to_string(),
        text: q.text.clone(),
    };
    let body = match rng.below(12) {
        0 => {
            let u = count_qty(rng, 5, 900, false);
            let m = count_qty(rng, 200, 60_000, false);
            out.push(fig(&u, "unions", None));
            out.push(fig(&m, "members", None));
            format!(
                "{org} đang quản lý {} công đoàn cơ sở với {} đoàn viên.",
                u.text, m.text
            )
        }
        1 => {
            let m = count_qty(rng, 200, 60_000, false);
            out.push(fig(&m, "members", None));
            format!("toàn ngành hiện có {} đoàn viên công đoàn.", m.text)
        }
        2 => {
            let u = count_qty(rng, 3, 400, false);
            out.push(fig(&u, "unions", None));
            format!("{org} đã thành lập mới {} công đoàn cơ sở.", u.text)
        }
        3 => {
            let n = count_qty(rng, 10, 5000, false);
            out.push(fig(&n, "new_members", None));
            let verb = *rng.pick(&["kết nạp", "kết nạp mới", "kết nạp được", "phát triển mới"]);
            format!("các cấp công đoàn đã {verb} {} đoàn viên.", n.text)
        }
        4 => {
            let n = count_qty(rng, 10, 5000, false);
            let m = count_qty(rng, 200, 60_000, false);
            out.push(fig(&n, "new_members", None));
            out.push(fig(&m, "members", None));
            format!(
                "công đoàn đã kết nạp {} đoàn viên, nâng tổng số lên {} đoàn viên.",
                n.text, m.text
            )
        }
        5 | 6 => {
            let q = money_qty(rng);
            out.push(fig(&q, "money", None));
            let what = *rng.pick(&[
                "đã trao hỗ trợ",
                "đã vận động ủng hộ được",
                "đã chi thăm hỏi, tặng quà với tổng số tiền",
                "đã hỗ trợ xây dựng Mái ấm công đoàn với kinh phí",
            ]);
            format!("{org} {what} {}.", q.text)
        }
        7 | 8 => {
            let q = count_qty(rng, 1, 60, true);
            let (label, written) = *rng.pick(AWARD_LABELS);
            out.push(fig(&q, "awards", Some(label)));
            if rng.percent(50) {
                format!("có {} tập thể, cá nhân được {org} tặng {written}.", q.text)
            } else {
                format!("{org} được tặng {} {label}.", q.text)
            }
        }
        9 | 10 => {
            let q = percent_qty(rng);
            out.push(fig(&q, "percent", None));
            let what = *rng.pick(&[
                "công đoàn cơ sở được xếp loại vững mạnh",
                "đoàn viên tham gia các phong trào thi đua",
                "người lao động được ký hợp đồng lao động",
                "cán bộ công đoàn được tập huấn nghiệp vụ",
            ]);
            format!("{} {what}.", q.text)
        }
        _ => {
            let q = count_qty(rng, 1, 60, true);
            let (label, _) = *rng.pick(AWARD_LABELS);
            out.push(fig(&q, "awards", Some(label)));
            format!(
                "{org} đã trình cấp trên khen thưởng {} {label} cho các tập thể có thành tích.",
                q.text
            )
        }
    };
    if lead.is_empty() {
        capitalise(&body)
    } else {
        format!("{lead}{body}")
    }
}

/// A JSON Lines record of a synthetic corpus.
#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    title: &'a str,
    published: &'a str,
    text: &'a str,
}

/// A line of the gold file.
#[derive(Serialize)]
struct GoldLine<'a> {
    /// The article id (the gold `file` of `score.py`).
    file: &'a str,
    article_id: &'a str,
    metric: &'a str,
    value: f64,
    value_max: Option<f64>,
    qualifier: &'a str,
    label: Option<&'a str>,
    year: i32,
    org: &'a str,
    text: &'a str,
}

/// What [`write_corpus`] wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub articles: u64,
    pub figures: u64,
    /// Bytes of article text (the `text` fields), the measure of `--size`.
    pub text_bytes: u64,
}

/// Write articles of `gen` as JSON Lines to `corpus` and their planted
/// figures to `gold` until the texts reach `size` bytes.
pub fn write_corpus(
    gen: &mut Generator,
    size: u64,
    corpus: &mut dyn Write,
    gold: &mut dyn Write,
) -> Result<Written> {
    let mut w = Written::default();
    while w.text_bytes < size {
        let a = gen.article();
        serde_json::to_writer(
            &mut *corpus,
            &Record {
                id: &a.id,
                title: &a.title,
                published: &a.published,
                text: &a.text,
            },
        )?;
        corpus.write_all(b"\n")?;
        for f in &a.figures {
            serde_json::to_writer(
                &mut *gold,
                &GoldLine {
                    file: &a.id,
                    article_id: &a.id,
                    metric: f.metric,
                    value: f.value,
                    value_max: f.value_max,
                    qualifier: f.qualifier,
                    label: f.label,
                    year: f.year,
                    org: &f.org,
                    text: &f.text,
                },
            )?;
            gold.write_all(b"\n")?;
        }
        w.articles += 1;
        w.figures += a.figures.len() as u64;
        w.text_bytes += a.text.len() as u64;
    }
    Ok(w)
}

/// Parse a size: `100MB`, `1GB` (powers of 1000), `1GiB`, `512KiB` (powers
/// of 1024), `2M`, `500k`, or plain bytes.
pub fn parse_size(s: &str) -> Result<u64> {
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let num: f64 = num
        .parse()
        .with_context(|| format!("size {s:?}: expected a number with a unit such as 100MB"))?;
    let mult: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "m" | "mb" => 1e6,
        "g" | "gb" => 1e9,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        other => bail!("size {s:?}: unknown unit {other:?} (use B, KB, MB, GB, KiB, MiB, GiB)"),
    };
    let bytes = num * mult;
    if !bytes.is_finite() || bytes < 1.0 {
        bail!("size {s:?}: must be at least one byte");
    }
    Ok(bytes as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(number_words(5), "năm");
        assert_eq!(number_words(15), "mười lăm");
        assert_eq!(number_words(21), "hai mươi mốt");
        assert_eq!(number_words(105), "một trăm lẻ năm");
        assert_eq!(number_words(200), "hai trăm");
        assert_eq!(number_words(3200), "ba nghìn hai trăm");
        assert_eq!(
            number_words(21_011),
            "hai mươi mốt nghìn không trăm mười một"
        );
        for n in [1, 7, 10, 19, 45, 99, 100, 101, 110, 999, 1000, 1005, 45_678] {
            assert_eq!(
                crate::number::parse_words(&number_words(n)),
                Some(n as f64),
                "{n}"
            );
        }
    }

    #[test]
    fn dots_and_sizes() {
        assert_eq!(dotted(10141), "10.141");
        assert_eq!(dotted(999), "999");
        assert_eq!(dotted(1_234_567), "1.234.567");
        assert_eq!(parse_size("100MB").ok(), Some(100_000_000));
        assert_eq!(parse_size("1GiB").ok(), Some(1 << 30));
        assert_eq!(parse_size("2 M").ok(), Some(2_000_000));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("5 furlongs").is_err());
    }

    #[test]
    fn filler_has_no_digits() {
        let f = Filler::from_texts([
            "Tiêu đề\nCông đoàn đã làm rất nhiều việc tốt cho người lao động. Có 5 đoàn viên mới tham gia hôm qua.",
        ]);
        assert_eq!(f.len(), 1);
        assert!(f.sentences()[0].starts_with("Công đoàn"));
    }

    #[test]
    fn deterministic() {
        let filler = Filler::from_texts([
            "T\nCông đoàn đã làm rất nhiều việc tốt cho người lao động của thành phố.",
        ]);
        let texts = |seed| -> Vec<String> {
            let gen = Generator::new(filler.clone(), seed).expect("filler");
            gen.take(5).map(|a| a.text).collect()
        };
        assert_eq!(texts(7).len(), 5);
        assert_eq!(texts(7), texts(7));
        assert_ne!(texts(7), texts(8));
    }
}
