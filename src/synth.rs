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
    write_articles(gen, size, corpus, Some(gold))
}

/// Write `articles` as JSON Lines to `corpus` until their texts reach `size`
/// bytes, and their planted figures to `gold` when given.
pub fn write_articles(
    articles: &mut dyn Iterator<Item = SynthArticle>,
    size: u64,
    corpus: &mut dyn Write,
    mut gold: Option<&mut dyn Write>,
) -> Result<Written> {
    let mut w = Written::default();
    while w.text_bytes < size {
        let Some(a) = articles.next() else { break };
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
        if let Some(gold) = gold.as_deref_mut() {
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
            w.figures += a.figures.len() as u64;
        }
        w.articles += 1;
        w.text_bytes += a.text.len() as u64;
    }
    Ok(w)
}

/// Sample-like corpora: the sample articles themselves, again and again,
/// each copy with every number written in digits varied (see
/// [`vary_numbers`]). Their text is like real press text (long paragraphs,
/// few figures, dates and times, the odd broken line), unlike the dense
/// planted text of [`Generator`], so a benchmark on it measures what a
/// real dump costs.
///
/// No gold file goes with it: which numbers of a sample are figures, and what
/// they are worth once varied (multipliers, ranges, number words, relative
/// years), is known only for the originals (`tests/data/seeds.gold.jsonl`).
pub struct SampleLike {
    rng: Rng,
    samples: Vec<String>,
    seed: u64,
    next: u64,
}

impl SampleLike {
    /// Fails when there is no sample text.
    pub fn new(samples: Vec<String>, seed: u64) -> Result<SampleLike> {
        let samples: Vec<String> = samples
            .into_iter()
            .filter(|t| !t.trim().is_empty())
            .collect();
        if samples.is_empty() {
            bail!("no sample articles to build a sample-like corpus from");
        }
        Ok(SampleLike {
            rng: Rng::new(seed ^ 0x5a3d_1e11_6e00_0001),
            samples,
            seed,
            next: 0,
        })
    }

    /// From the sample corpus built into solieu.
    pub fn builtin(seed: u64) -> Result<SampleLike> {
        SampleLike::new(
            crate::builtin::CORPUS
                .iter()
                .map(|(_, t)| t.to_string())
                .collect(),
            seed,
        )
    }

    /// The next article: the samples in turn, numbers varied.
    pub fn article(&mut self) -> SynthArticle {
        let index = self.next;
        self.next += 1;
        let sample = &self.samples[(index % self.samples.len() as u64) as usize];
        let (text, year) = vary_numbers(sample, &mut self.rng);
        let title = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or_default()
            .to_string();
        let year = year.unwrap_or(2019);
        let published = format!(
            "{year}-{:02}-{:02}",
            self.rng.range(1, 12),
            self.rng.range(1, 28)
        );
        SynthArticle {
            id: format!("sample-{}-{index:08}", self.seed),
            title,
            published,
            text,
            figures: Vec::new(),
        }
    }
}

impl Iterator for SampleLike {
    type Item = SynthArticle;

    fn next(&mut self) -> Option<SynthArticle> {
        Some(self.article())
    }
}

/// A run of digits and the groups joined to it by `.` or `,` (`10.141`,
/// `1,5`, `2.500.000`), as byte offsets into the text.
struct NumToken {
    start: usize,
    end: usize,
}

/// The number tokens of `text` that stand alone: not glued to a letter
/// (codes such as `H5N1`, `CĐ2`, `Q1` are left as they are).
fn number_tokens(text: &str) -> Vec<NumToken> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        while i + 1 < b.len() && matches!(b[i], b'.' | b',') && b[i + 1].is_ascii_digit() {
            i += 1;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
        }
        let glued_before = text[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic);
        let glued_after = text[i..].chars().next().is_some_and(char::is_alphabetic);
        if !glued_before && !glued_after {
            out.push(NumToken { start, end: i });
        }
    }
    out
}

/// A year as articles write it: four digits, 1900–2099.
fn as_year(tok: &str) -> Option<i64> {
    if tok.len() != 4 || !tok.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    tok.parse::<i64>()
        .ok()
        .filter(|y| (1900..=2099).contains(y))
}

/// `v` written with `width` digits, zero-padded.
fn padded(v: u64, width: usize) -> String {
    format!("{v:0width$}")
}

/// A value near `v` (50–150%) with the same number of digits, and not `v`
/// itself when another exists; `0` stays `0`.
fn vary_value(rng: &mut Rng, v: u64, digits: usize) -> u64 {
    if v == 0 || digits == 0 {
        return v;
    }
    let lo = if digits == 1 {
        1
    } else {
        10u64.saturating_pow(digits as u32 - 1)
    };
    let hi = 10u64.saturating_pow(digits as u32).saturating_sub(1);
    let scaled = (v as u128 * rng.range(50, 150) as u128 / 100) as u64;
    let mut n = scaled.clamp(lo, hi);
    if n == v && hi > lo {
        n = if v < hi { v + 1 } else { v - 1 };
    }
    n
}

/// `text` with every number written in digits varied, deterministically
/// from `rng`, keeping its format: the digit count of each group and the
/// separators (`10.141` → `12.507`, `1,5 tỷ` → `1,9 tỷ`), leading zeros
/// (`03`), ranges increasing (`85-90%` → `71-76%`), shares at most 100%,
/// days, months, hours and minutes in range, and years (four digits,
/// 1900–2099) shifted together by a few years, never past 2025. Number words
/// (`hai trăm`) and numbers glued to letters are kept. Also returns the
/// latest year of the varied text.
pub fn vary_numbers(text: &str, rng: &mut Rng) -> (String, Option<i32>) {
    let tokens = number_tokens(text);
    let years: Vec<i64> = tokens
        .iter()
        .filter_map(|t| as_year(&text[t.start..t.end]))
        .collect();
    let newest = years.iter().copied().max().unwrap_or(2019);
    let shift_hi = (2025 - newest).clamp(-8, 6);
    let mut shift = rng.range(0, (shift_hi + 8) as u64) as i64 - 8;
    if shift == 0 && shift_hi > -8 {
        shift = -1;
    }
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut latest: Option<i32> = None;
    // The previous token: where it ended, its value before and after.
    let mut prev: Option<(usize, u64, u64)> = None;
    for t in &tokens {
        let tok = &text[t.start..t.end];
        out.push_str(&text[at..t.start]);
        at = t.end;
        let before = t.start.checked_sub(1).map(|i| b[i]);
        let after = b.get(t.end).copied();
        let digits: String = tok.chars().filter(char::is_ascii_digit).collect();
        let value: u64 = digits.parse().unwrap_or(0);
        let single = digits.len() == tok.len();
        let new_digits = if let Some(y) = as_year(tok) {
            let y = (y + shift).clamp(1900, 2025);
            latest = Some(latest.map_or(y as i32, |l| l.max(y as i32)));
            y.to_string()
        } else if single && (before == Some(b':') || after == Some(b':')) {
            // hh:mm
            let max = if after == Some(b':') { 23 } else { 59 };
            padded(rng.range(0, max), tok.len())
        } else if single && (before == Some(b'/') || after == Some(b'/')) && tok.len() <= 2 {
            // day or month of d/m/yyyy, written as before ("30" two
            // digits, "03" zero-padded, "8" one)
            let max = if value <= 12 { 12 } else { 28 };
            let (lo, hi) = match tok.len() {
                2 if !tok.starts_with('0') => (10, max),
                _ => (1, 9),
            };
            padded(rng.range(lo, hi), tok.len())
        } else {
            // Significant digits varied, leading zeros kept.
            let zeros = digits.len() - digits.trim_start_matches('0').len();
            let zeros = zeros.min(digits.len().saturating_sub(1));
            let sig = digits.len() - zeros;
            let mut n = vary_value(rng, value, sig);
            // The second number of a range (`85-90`) stays above the first.
            if let Some((end, pv, pn)) = prev {
                let dash = &text[end..t.start];
                if matches!(dash, "-" | "–" | " - " | " – ") && value >= pv {
                    let cap = 10u64.saturating_pow(sig as u32).saturating_sub(1);
                    n = (pn + (value - pv)).min(cap).max(pn);
                }
            }
            let pct = text[t.end..].trim_start().starts_with('%')
                || text[t.end..].trim_start().starts_with("phần trăm");
            if pct && value <= 100 {
                n = n.min(100);
            }
            padded(n, digits.len())
        };
        prev = new_digits.parse().ok().map(|n| (t.end, value, n));
        // Put the digits back into the token's shape.
        let mut nd = new_digits.chars();
        for c in tok.chars() {
            if c.is_ascii_digit() {
                out.push(nd.next().unwrap_or(c));
            } else {
                out.push(c);
            }
        }
    }
    out.push_str(&text[at..]);
    (out, latest)
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

    /// Digits replaced by `9`: the shape a varied text must keep.
    fn shape(s: &str) -> String {
        s.chars()
            .map(|c| if c.is_ascii_digit() { '9' } else { c })
            .collect()
    }

    #[test]
    fn varied_numbers_keep_their_format() {
        let text = "Tiêu đề năm 2014\nCó 10.141 đoàn viên, 65 công đoàn cơ sở, 03 bằng khen, \
                    1,5 tỷ đồng, 2.500.000 đồng, đạt 85-90%, 100% và 98 phần trăm. \
                    Ngày 30/8/2019, lúc 15:07, mã H5N1 và CĐ2.";
        for seed in 0..50 {
            let (v, latest) = vary_numbers(text, &mut Rng::new(seed));
            assert_eq!(shape(&v), shape(text), "{v}");
            assert_ne!(v, text);
            assert!(v.contains("H5N1") && v.contains("CĐ2"), "{v}");
            assert!(v.contains("100%"), "{v}");
            for tok in ["10.141", "65 ", "1,5 tỷ", "2.500.000", "85-90"] {
                assert!(!v.contains(tok), "{tok} unchanged in {v}");
            }
            // the years move together and stay plausible
            let years: Vec<i32> = number_tokens(&v)
                .iter()
                .filter_map(|t| as_year(&v[t.start..t.end]))
                .map(|y| y as i32)
                .collect();
            assert_eq!(years.len(), 2, "{v}");
            assert_eq!(years[1] - years[0], 5, "{v}");
            assert!(years[1] <= 2025 && years[1] != 2019, "{v}");
            assert_eq!(latest, Some(years[1]));
            // a range stays a range, a share at most 100
            let r = v.find('-').expect("range");
            let a: u32 = v[r - 2..r].parse().expect("from");
            let b: u32 = v[r + 1..r + 3].parse().expect("to");
            assert!(a <= b && b <= 100, "{v}");
            let hm = v.find(':').expect("time");
            assert!(v[hm - 2..hm].parse::<u32>().expect("hour") < 24, "{v}");
        }
    }

    #[test]
    fn sample_like_articles() {
        let texts = |seed| -> Vec<SynthArticle> {
            SampleLike::builtin(seed)
                .expect("samples")
                .take(12)
                .collect()
        };
        let (a, b, c) = (texts(3), texts(3), texts(4));
        let n = crate::builtin::CORPUS.len();
        assert_eq!(
            a.iter().map(|x| &x.text).collect::<Vec<_>>(),
            b.iter().map(|x| &x.text).collect::<Vec<_>>()
        );
        assert_ne!(a[0].text, c[0].text);
        let mut ids = std::collections::HashSet::new();
        for (i, art) in a.iter().enumerate() {
            let (_, original) = crate::builtin::CORPUS[i % n];
            assert_ne!(art.text, original, "article {i} unchanged");
            assert_eq!(shape(&art.text).len(), shape(original).len());
            assert!(art.figures.is_empty());
            assert!(ids.insert(art.id.clone()), "ids repeat");
            assert!(!art.title.is_empty());
        }
        // repeats of one sample differ from each other
        assert_ne!(a[0].text, a[n].text);
    }

    #[test]
    fn sample_like_size_reached() {
        let mut gen = SampleLike::builtin(1).expect("samples");
        let mut out = Vec::new();
        let w = write_articles(&mut gen, 200_000, &mut out, None).expect("write");
        assert!(
            w.text_bytes >= 200_000 && w.text_bytes < 200_000 + 20_000,
            "{w:?}"
        );
        assert_eq!(w.figures, 0);
        let lines = String::from_utf8(out).expect("utf-8");
        assert_eq!(lines.lines().count() as u64, w.articles);
        let texts: u64 = lines
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("json");
                v["text"].as_str().expect("text").len() as u64
            })
            .sum();
        assert_eq!(texts, w.text_bytes);
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
