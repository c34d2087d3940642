//! "Nothing lost, nothing crashes": every input record is accounted for in
//! `articles.*` with a status, a bad rule pack fails before any output is
//! written, outputs appear only when complete, and pathological inputs finish
//! in bounded time, memory and output size.
//!
//! Everything runs the real binary in temporary folders. Each run has a time
//! limit (the child is killed and the test fails when it is exceeded) and a
//! file-size limit (`ulimit -f`), so a regression can neither hang CI nor fill
//! the disk.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{jsonl, root};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_solieu")
}

/// What a guarded run did.
struct Run {
    status: ExitStatus,
    stdout: String,
    stderr: String,
    /// Peak resident memory in KB, when measured with /usr/bin/time.
    peak_kb: Option<u64>,
}

impl Run {
    fn code(&self) -> Option<i32> {
        self.status.code()
    }
}

const TIME_BIN: &str = "/usr/bin/time";
/// Marker in front of the peak RSS that /usr/bin/time appends to stderr.
const RSS_MARK: &str = "@@peak-rss-kb=";

/// Run solieu with `args` in the crate folder, killing it after `limit`.
/// Output files the child writes are capped at `max_file_mb` megabytes
/// (it dies of SIGXFSZ beyond). With `measure`, /usr/bin/time (when present)
/// reports the peak RSS.
fn run_guarded(args: &[&str], limit: Duration, max_file_mb: u64, measure: bool) -> Run {
    let logs = tempfile::tempdir().unwrap();
    let out_path = logs.path().join("stdout");
    let err_path = logs.path().join("stderr");
    let timed = measure && Path::new(TIME_BIN).exists();
    // `ulimit -f` counts 512-byte blocks in dash and POSIX sh (bash: KiB,
    // a looser limit).
    let mut script = format!("ulimit -f {} || exit 99; exec ", max_file_mb * 2048);
    if timed {
        script.push_str(&format!("{TIME_BIN} -f '{RSS_MARK}%M' "));
    }
    script.push_str("\"$@\"");
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg("sh")
        .arg(bin())
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("spawn solieu");
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            let err = std::fs::read_to_string(&err_path).unwrap_or_default();
            panic!(
                "solieu {} did not finish within {limit:?} (killed); stderr: {err}",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = std::fs::read_to_string(&out_path).unwrap_or_default();
    let mut stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    let mut peak_kb = None;
    if timed {
        if let Some(i) = stderr.rfind(RSS_MARK) {
            peak_kb = stderr[i + RSS_MARK.len()..].trim().parse().ok();
            stderr.truncate(i);
        }
    }
    assert!(
        status.code() != Some(99),
        "the shell could not set a file-size limit"
    );
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_ne!(
            status.signal(),
            Some(25),
            "solieu {} exceeded the {max_file_mb} MB output file limit (SIGXFSZ)",
            args.join(" ")
        );
        assert!(
            status.signal().is_none() && status.code().is_some_and(|c| c < 101),
            "solieu {} crashed ({status}); stderr: {stderr}",
            args.join(" ")
        );
    }
    // A panic exits with 101; a panic message must never reach the user.
    assert!(
        !stderr.contains("panicked"),
        "solieu {} panicked: {stderr}",
        args.join(" ")
    );
    Run {
        status,
        stdout,
        stderr,
        peak_kb,
    }
}

/// `run_guarded` with 60 s and 100 MB of output.
fn run(args: &[&str]) -> Run {
    run_guarded(args, Duration::from_secs(60), 100, false)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn article<'a>(articles: &'a [Value], id: &str) -> &'a Value {
    articles
        .iter()
        .find(|a| a["article_id"] == id)
        .unwrap_or_else(|| panic!("no article {id} in {articles:#?}"))
}

fn status_of(articles: &[Value], id: &str) -> String {
    article(articles, id)["status"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn detail_of(articles: &[Value], id: &str) -> String {
    article(articles, id)["detail"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Temporary files in `dir` and in the staging folders of runs writing
/// there, as paths relative to `dir`.
fn partials(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for n in names(dir) {
        if n.ends_with(".partial") {
            out.push(n);
        } else if n.starts_with(".solieu-staging.") {
            for m in names(&dir.join(&n)) {
                if m.ends_with(".partial") {
                    out.push(format!("{n}/{m}"));
                }
            }
        }
    }
    out
}

/// A short Vietnamese article body with one figure.
fn body(n: usize) -> String {
    format!(
        "Năm 2019, Công đoàn cơ sở có {n} đoàn viên. Ban chấp hành đã tổ chức nhiều \
         hoạt động chăm lo đời sống cho người lao động trong dịp Tết Nguyên đán."
    )
}

fn json_line(id: &str, text: &str) -> String {
    serde_json::json!({ "id": id, "text": text }).to_string()
}

// ---------------------------------------------------------------------------
// 1. Every record appears in articles.* with a status.
// ---------------------------------------------------------------------------

#[test]
fn every_kind_of_bad_record_gets_its_status() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();

    // decoded_lossy: Vietnamese UTF-8 with two invalid bytes in separate places.
    let mut lossy = "Tin công đoàn\nNăm 2019, Công đoàn cơ sở có 120 đoàn viên "
        .as_bytes()
        .to_vec();
    lossy.extend_from_slice(b"\xFF. \xFE ");
    lossy.extend_from_slice(
        "Ban chấp hành đã tổ chức nhiều hoạt động chăm lo đời sống cho người lao động.".as_bytes(),
    );
    std::fs::write(input.join("a_lossy.txt"), &lossy).unwrap();

    // too_large: a .txt file above --max-bytes.
    let max = 4000usize;
    let big = format!("Tiêu đề\n{}", body(7).repeat(max / 100));
    assert!(big.len() > max);
    std::fs::write(input.join("b_big.txt"), &big).unwrap();

    // A JSON Lines dump: ok, a line above the limit, text of the wrong types.
    let lines = [
        json_line("j_ok", &body(11)),
        json_line("j_big", &body(12).repeat(max / 100)),
        r#"{"id": "j_array", "text": ["Có 5 đoàn viên"]}"#.to_string(),
        r#"{"id": "j_object", "text": {"vi": "Có 5 đoàn viên"}}"#.to_string(),
        r#"{"id": "j_null", "text": null}"#.to_string(),
        r#"{"id": "j_bool", "content": true}"#.to_string(),
        r#"["not", "an", "object"]"#.to_string(),
        r#"{"id": "j_trunc", "text": "Có 5 đo"#.to_string(),
    ];
    assert!(lines[1].len() > max);
    std::fs::write(input.join("c_dump.jsonl"), lines.join("\n") + "\n").unwrap();

    // Compressed dumps.
    let gz_lines = format!(
        "{}\n\n{}\n",
        json_line("gz1", &body(21)),
        json_line("gz2", &body(22))
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(gz_lines.as_bytes()).unwrap();
    std::fs::write(input.join("d_dump.jsonl.gz"), gz.finish().unwrap()).unwrap();
    let zst_lines = format!(
        "{}\n{}\n{{oops\n",
        json_line("zst1", &body(31)),
        json_line("zst2", &body(32))
    );
    std::fs::write(
        input.join("e_dump.jsonl.zst"),
        zstd::encode_all(zst_lines.as_bytes(), 3).unwrap(),
    )
    .unwrap();

    // A truncated .gz: the lines before the cut are read, the cut is an error.
    let many: String = (0..200)
        .map(|i| json_line(&format!("t{i}"), &body(100 + i)) + "\n")
        .collect();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(many.as_bytes()).unwrap();
    let full = gz.finish().unwrap();
    std::fs::write(input.join("f_trunc.jsonl.gz"), &full[..full.len() / 2]).unwrap();

    let out = dir.path().join("out");
    let max_s = max.to_string();
    let args = [
        "extract",
        s(&input),
        "--out",
        s(&out),
        "--format",
        "jsonl,csv",
        "--max-bytes",
        &max_s,
        "--threads",
        "2",
    ];
    let r = run(&args);
    assert_eq!(r.code(), Some(0), "{}", r.stderr);
    let a = jsonl(&out.join("articles.jsonl"));

    assert_eq!(status_of(&a, "a_lossy"), "decoded_lossy");
    assert_eq!(
        detail_of(&a, "a_lossy"),
        "2 invalid UTF-8 sequences replaced"
    );
    assert_eq!(
        article(&a, "a_lossy")["figures"],
        1,
        "lossy text still read"
    );
    assert_eq!(status_of(&a, "b_big"), "too_large");
    assert!(detail_of(&a, "b_big").contains(&max_s), "{a:#?}");

    assert_eq!(status_of(&a, "j_ok"), "ok");
    // A line above the limit is not parsed: its id is FILE:LINE.
    assert_eq!(status_of(&a, "c_dump.jsonl:2"), "too_large");
    assert!(detail_of(&a, "c_dump.jsonl:2").starts_with("line 2:"));
    for (id, line, kind) in [
        ("j_array", 3, "an array"),
        ("j_object", 4, "an object"),
        ("j_bool", 6, "a boolean"),
    ] {
        assert_eq!(status_of(&a, id), "bad_json", "{id}");
        let d = detail_of(&a, id);
        assert!(
            d.starts_with(&format!("line {line}:")) && d.contains(kind),
            "{id}: {d}"
        );
    }
    assert_eq!(status_of(&a, "j_null"), "bad_json");
    assert!(detail_of(&a, "j_null").starts_with("line 5:"));
    assert_eq!(status_of(&a, "c_dump.jsonl:7"), "bad_json");
    assert!(detail_of(&a, "c_dump.jsonl:7").contains("not a JSON object"));
    assert_eq!(status_of(&a, "c_dump.jsonl:8"), "bad_json");
    assert!(detail_of(&a, "c_dump.jsonl:8").starts_with("line 8:"));

    for id in ["gz1", "gz2", "zst1", "zst2"] {
        assert_eq!(status_of(&a, id), "ok", "{id}");
        assert_eq!(article(&a, id)["figures"], 1, "{id}");
    }
    assert_eq!(article(&a, "gz2")["source"], "d_dump.jsonl.gz");
    assert_eq!(status_of(&a, "e_dump.jsonl.zst:3"), "bad_json");

    let trunc: Vec<&Value> = a
        .iter()
        .filter(|x| x["source"] == "f_trunc.jsonl.gz")
        .collect();
    let (last, read) = trunc.split_last().expect("records of the truncated dump");
    assert!(!read.is_empty() && read.len() < 200, "{}", read.len());
    // Records read before the stream broke are kept, but not as ok: the
    // file fails its integrity check, so they may be corrupt.
    for (i, x) in read.iter().enumerate() {
        assert_eq!(x["article_id"], format!("t{i}"));
        assert_eq!(x["status"], "decoded_lossy");
        assert!(
            x["detail"]
                .as_str()
                .unwrap_or("")
                .contains("integrity check"),
            "{x}"
        );
    }
    assert_eq!(last["status"], "error", "{last}");
    assert_eq!(
        last["article_id"],
        format!("f_trunc.jsonl.gz:{}", read.len() + 1)
    );
    assert!(!last["detail"].as_str().unwrap_or_default().is_empty());

    // Nothing dropped: 2 files + 8 dump lines + 2 + 3 + the truncated dump.
    assert_eq!(a.len(), 2 + 8 + 2 + 3 + trunc.len(), "{a:#?}");
    let not_ok = a.iter().filter(|x| x["status"] != "ok").count();
    // 11 bad records, and those of the truncated dump that it still gave.
    assert_eq!(not_ok, 11 + read.len(), "{a:#?}");
    assert!(
        r.stdout.contains(&format!("{not_ok} not ok")),
        "{}",
        r.stdout
    );
    // The CSV holds the same records.
    let csv = std::fs::read_to_string(out.join("articles.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(rdr.records().count(), a.len());

    // --strict: exit 1, and the outputs are still complete.
    let strict_out = dir.path().join("strict");
    let mut strict = args.to_vec();
    strict[3] = s(&strict_out);
    strict.extend(["--strict", "--quiet"]);
    let r = run(&strict);
    assert_eq!(r.code(), Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("{not_ok} record(s) not ok")),
        "{}",
        r.stderr
    );
    assert_eq!(jsonl(&strict_out.join("articles.jsonl")).len(), a.len());
}

#[test]
fn strict_passes_when_every_record_is_ok() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("d.jsonl");
    std::fs::write(
        &dump,
        format!(
            "{}\n{}\n",
            json_line("x", &body(3)),
            json_line("y", &body(4))
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    let r = run(&["extract", s(&dump), "--out", s(&out), "--strict"]);
    assert_eq!(r.code(), Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("0 not ok"), "{}", r.stdout);
}

// ---------------------------------------------------------------------------
// 2. Bad rule packs: exit 2, a precise message, no output folder.
// ---------------------------------------------------------------------------

/// A copy of the default pack plus `extra` files.
fn pack_with(dir: &Path, extra: &[(&str, &str)]) -> PathBuf {
    let rules = dir.join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    for entry in std::fs::read_dir(root().join("rules")).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|x| x == "toml") {
            std::fs::copy(&p, rules.join(p.file_name().unwrap())).unwrap();
        }
    }
    for (name, text) in extra {
        std::fs::write(rules.join(name), text).unwrap();
    }
    rules
}

/// `extract` with `rules` must exit 2 before creating `out`; returns stderr.
fn extract_fails_with_pack(dir: &Path, rules: &Path) -> String {
    let input = dir.join("in.jsonl");
    std::fs::write(&input, json_line("x", &body(5)) + "\n").unwrap();
    let out = dir.join("out");
    let r = run(&[
        "extract",
        s(&input),
        "--rules",
        s(rules),
        "--out",
        s(&out),
        "--quiet",
    ]);
    assert_eq!(r.code(), Some(2), "stdout {} stderr {}", r.stdout, r.stderr);
    assert!(!out.exists(), "output folder created despite a bad pack");
    assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
    r.stderr
}

#[test]
fn missing_rule_folder_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-rules");
    let e = extract_fails_with_pack(dir.path(), &missing);
    assert!(e.contains(s(&missing)) && e.contains("not found"), "{e}");
    assert_eq!(e.trim().lines().count(), 1, "{e}");
}

#[test]
fn toml_syntax_error_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let rules = pack_with(
        dir.path(),
        &[(
            "zz_syntax.toml",
            "[[rule]]\nid = \"x.syntax\"\nmetric = \"count\"\npattern = 'a\n",
        )],
    );
    let e = extract_fails_with_pack(dir.path(), &rules);
    let re = regex::Regex::new(r"zz_syntax\.toml: 4:\d+: TOML error").unwrap();
    assert!(re.is_match(&e), "{e}");
}

#[test]
fn unknown_metric_names_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    let rules = pack_with(
        dir.path(),
        &[(
            "zz_metric.toml",
            "[[rule]]\nid = \"x.nometric\"\nmetric = \"volunteers\"\nafter = 'tình nguyện viên'\n",
        )],
    );
    let e = extract_fails_with_pack(dir.path(), &rules);
    assert!(
        e.contains("zz_metric.toml")
            && e.contains("x.nometric")
            && e.contains("unknown metric `volunteers`"),
        "{e}"
    );
}

#[test]
fn invalid_regex_names_the_rule_and_the_regex_error() {
    let dir = tempfile::tempdir().unwrap();
    let rules = pack_with(
        dir.path(),
        &[(
            "zz_regex.toml",
            "[[rule]]\nid = \"x.badregex\"\nmetric = \"count\"\nafter = '(?P<label>người'\n",
        )],
    );
    let e = extract_fails_with_pack(dir.path(), &rules);
    assert!(
        e.contains("zz_regex.toml") && e.contains("rule `x.badregex`"),
        "{e}"
    );
    assert!(e.contains("unclosed group"), "{e}");
}

#[test]
fn invalid_regex_message_stays_readable() {
    let dir = tempfile::tempdir().unwrap();
    let rules = pack_with(
        dir.path(),
        &[(
            "zz_regex.toml",
            "[[rule]]\nid = \"x.badregex\"\nmetric = \"count\"\nafter = '(?P<label>người{member}'\n",
        )],
    );
    let e = extract_fails_with_pack(dir.path(), &rules);
    assert!(e.contains("unclosed group"), "{e}");
    assert!(e.len() < 2000, "{} bytes of error message", e.len());
}

#[test]
fn oversized_regex_is_rejected_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let rules = pack_with(
        dir.path(),
        &[(
            "zz_huge.toml",
            "[[rule]]\nid = \"x.huge\"\nmetric = \"count\"\nafter = '\\w{1000}\\w{1000}\\w{1000}'\n",
        )],
    );
    let e = extract_fails_with_pack(dir.path(), &rules);
    assert!(e.contains("x.huge") && e.contains("size limit"), "{e}");
}

#[test]
fn duplicate_rule_id_across_files_names_both() {
    let dir = tempfile::tempdir().unwrap();
    let rule = "[[rule]]\nid = \"x.twice\"\nmetric = \"count\"\npriority = 99\nafter = 'tình nguyện viên'\n";
    let rules = pack_with(dir.path(), &[("zz_a.toml", rule), ("zz_b.toml", rule)]);
    let e = extract_fails_with_pack(dir.path(), &rules);
    assert!(
        e.contains("zz_b.toml")
            && e.contains("x.twice")
            && e.contains("duplicate")
            && e.contains("zz_a.toml"),
        "{e}"
    );
}

#[test]
fn failing_example_stops_extract() {
    let dir = tempfile::tempdir().unwrap();
    let rules = pack_with(
        dir.path(),
        &[(
            "zz_example.toml",
            "[[rule]]\nid = \"x.example\"\nmetric = \"count\"\npriority = 99\nafter = 'tình nguyện viên'\n\
             examples = [{ text = \"Có 7 tình nguyện viên.\", expect = [{ value = 8.0 }] }]\n",
        )],
    );
    let e = extract_fails_with_pack(dir.path(), &rules);
    assert!(e.contains("x.example"), "{e}");
}

#[test]
fn rules_check_reports_every_problem_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let rules = pack_with(
        dir.path(),
        &[
            (
                "zz_one.toml",
                "[[rule]]\nid = \"p.metric\"\nmetric = \"nosuch\"\nafter = 'x'\n\n\
                 [[rule]]\nid = \"p.regex\"\nmetric = \"count\"\nafter = '(x'\n\n\
                 [[rule]]\nid = \"p.dup\"\nmetric = \"count\"\nafter = 'y'\n\n\
                 [[rule]]\nid = \"p.nogroup\"\nafter = 'z'\n",
            ),
            (
                "zz_two.toml",
                "[[rule]]\nid = \"p.dup\"\nmetric = \"count\"\nafter = 'w'\n",
            ),
        ],
    );
    let r = run(&["rules", "check", "--rules", s(&rules)]);
    assert_eq!(r.code(), Some(2), "{}", r.stderr);
    let lines: Vec<&str> = r.stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    for id in ["p.metric", "p.regex", "p.dup", "p.nogroup"] {
        assert!(
            lines.iter().any(|l| l.contains(&format!("`{id}`"))),
            "{id} not reported: {}",
            r.stderr
        );
    }
    assert!(lines.len() >= 4, "{}", r.stderr);

    // Syntax errors in two files are reported together too.
    let dir = tempfile::tempdir().unwrap();
    let rules = pack_with(
        dir.path(),
        &[
            ("zz_s1.toml", "[[rule]\n"),
            ("zz_s2.toml", "[[metric]]\nid = \"m\"\nunit = \n"),
        ],
    );
    let r = run(&["rules", "check", "--rules", s(&rules)]);
    assert_eq!(r.code(), Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains("zz_s1.toml: 1:") && r.stderr.contains("zz_s2.toml: 3:"),
        "{}",
        r.stderr
    );
}

// ---------------------------------------------------------------------------
// 3. Atomic outputs.
// ---------------------------------------------------------------------------

/// Generate a JSON Lines dump of `size` with gen-corpus; returns its lines.
fn gen_corpus(dir: &Path, size: &str, seed: &str) -> (PathBuf, usize) {
    let dump = dir.join(format!("gen-{seed}.jsonl"));
    let r = run(&[
        "gen-corpus",
        "--size",
        size,
        "--out",
        s(&dump),
        "--seed",
        seed,
        "--gold",
        s(&dir.join(format!("gen-{seed}.gold.jsonl"))),
    ]);
    assert_eq!(r.code(), Some(0), "{}", r.stderr);
    let text = std::fs::read_to_string(&dump).unwrap();
    let n = text.lines().filter(|l| !l.trim().is_empty()).count();
    (dump, n)
}

/// Start `extract`, wait until it writes, SIGKILL it; returns its pid.
fn kill_midway(dump: &Path, out: &Path) -> u32 {
    let mut child = Command::new(bin())
        .args([
            "extract",
            s(dump),
            "--out",
            s(out),
            "--format",
            "parquet,jsonl",
            "--quiet",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    let started = Instant::now();
    loop {
        // Kill once the first batch of figures has reached the disk.
        let writing = partials(out).iter().any(|n| {
            n.rsplit('/')
                .next()
                .unwrap_or("")
                .starts_with(".figures.jsonl.")
                && std::fs::metadata(out.join(n)).is_ok_and(|m| m.len() > 0)
        });
        if writing {
            break;
        }
        if let Some(st) = child.try_wait().unwrap() {
            panic!("extract ended ({st}) before a partial file was written");
        }
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("no .figures.jsonl.*.partial written after 30 s");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "extract finished before it could be killed: make the input larger"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    pid
}

#[test]
fn killed_extract_leaves_no_visible_output_and_a_rerun_completes() {
    let dir = tempfile::tempdir().unwrap();
    let (dump, n) = gen_corpus(dir.path(), "60MB", "7");
    let out = dir.path().join("out");
    let pid = kill_midway(&dump, &out);

    // Only the killed run's hidden staging folder may remain.
    let left = names(&out);
    for name in &left {
        assert!(
            name.starts_with(".solieu-staging.")
                || name.starts_with('.') && name.ends_with(".partial"),
            "a file that looks complete after a kill: {name} (all: {left:?})"
        );
    }
    for table in ["figures", "articles"] {
        for ext in ["jsonl", "parquet"] {
            assert!(!out.join(format!("{table}.{ext}")).exists());
        }
    }

    // A rerun into the same folder completes.
    let r = run_guarded(
        &[
            "extract",
            s(&dump),
            "--out",
            s(&out),
            "--format",
            "parquet,jsonl",
            "--quiet",
        ],
        Duration::from_secs(60),
        200,
        false,
    );
    assert_eq!(r.code(), Some(0), "{}", r.stderr);
    let articles = jsonl(&out.join("articles.jsonl"));
    assert_eq!(articles.len(), n);
    assert!(articles.iter().all(|a| a["status"] == "ok"));
    assert!(!jsonl(&out.join("figures.jsonl")).is_empty());
    for f in ["figures.parquet", "articles.parquet"] {
        let bytes = std::fs::read(out.join(f)).unwrap();
        assert!(
            bytes.len() > 8 && bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"),
            "{f} incomplete"
        );
    }
    // The rerun leaves no temporary files, its own or the killed run's.
    assert!(partials(&out).is_empty(), "{:?}", partials(&out));
    let staging: Vec<String> = names(&out)
        .into_iter()
        .filter(|n| n.starts_with(".solieu-staging."))
        .collect();
    assert!(staging.is_empty(), "{staging:?} (killed run: {pid})");
    assert!(out.join("_SUCCESS").is_file());
}

#[test]
fn rerun_after_a_kill_removes_stale_partial_files() {
    let dir = tempfile::tempdir().unwrap();
    let (dump, _) = gen_corpus(dir.path(), "60MB", "8");
    let out = dir.path().join("out");
    kill_midway(&dump, &out);
    assert!(!partials(&out).is_empty());
    let r = run(&["extract", s(&dump), "--out", s(&out), "--quiet"]);
    assert_eq!(r.code(), Some(0), "{}", r.stderr);
    assert_eq!(partials(&out), Vec::<String>::new());
}

#[test]
fn rerun_replaces_existing_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let one = dir.path().join("one.jsonl");
    let two = dir.path().join("two.jsonl");
    std::fs::write(
        &one,
        format!(
            "{}\n{}\n",
            json_line("a", &body(111)),
            json_line("b", &body(222))
        ),
    )
    .unwrap();
    std::fs::write(&two, json_line("c", &body(333)) + "\n").unwrap();
    let formats = "parquet,jsonl,csv";
    for input in [&one, &two] {
        let r = run(&[
            "extract",
            s(input),
            "--out",
            s(&out),
            "--format",
            formats,
            "--quiet",
        ]);
        assert_eq!(r.code(), Some(0), "{}", r.stderr);
    }
    let figures = jsonl(&out.join("figures.jsonl"));
    assert_eq!(figures.len(), 1, "{figures:?}");
    assert_eq!(figures[0]["article_id"], "c");
    assert_eq!(figures[0]["value"], 333.0);
    let articles = jsonl(&out.join("articles.jsonl"));
    assert_eq!(articles.len(), 1);
    let csv = std::fs::read_to_string(out.join("figures.csv")).unwrap();
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(!csv.contains("111"), "{csv}");
    // parquet replaced too: read it back through `yoy`.
    let r = run(&["yoy", "--figures", s(&out.join("figures.parquet"))]);
    assert_eq!(r.code(), Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("333"), "{}", r.stdout);
    assert!(!r.stdout.contains("222"), "{}", r.stdout);
    assert_eq!(partials(&out), Vec::<String>::new());
}

// ---------------------------------------------------------------------------
// 4. Pathological inputs finish in bounded time with a status.
// ---------------------------------------------------------------------------

/// Extract one input into `dir/out` as JSON Lines; returns the run.
fn extract_one(dir: &Path, input: &Path, extra: &[&str]) -> (Run, Vec<Value>, Vec<Value>) {
    let out = dir.join("out");
    let mut args = vec!["extract", s(input), "--out", s(&out), "--format", "jsonl"];
    args.extend_from_slice(extra);
    let r = run(&args);
    assert_eq!(r.code(), Some(0), "{}", r.stderr);
    let articles = jsonl(&out.join("articles.jsonl"));
    let figures = jsonl(&out.join("figures.jsonl"));
    (r, articles, figures)
}

#[test]
fn a_200_mb_json_line_is_too_large_without_being_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("huge.jsonl");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&dump).unwrap());
        writeln!(f, "{}", json_line("before", &body(1))).unwrap();
        f.write_all(br#"{"id": "huge", "text": ""#).unwrap();
        let chunk = "Công đoàn có 5 đoàn viên. ".repeat(4096);
        let mut written = 0;
        while written < 200 << 20 {
            f.write_all(chunk.as_bytes()).unwrap();
            written += chunk.len();
        }
        f.write_all(b"\"}\n").unwrap();
        writeln!(f, "{}", json_line("after", &body(2))).unwrap();
    }
    let out = dir.path().join("out");
    let r = run_guarded(
        &[
            "extract",
            s(&dump),
            "--out",
            s(&out),
            "--format",
            "jsonl",
            "--threads",
            "2",
        ],
        Duration::from_secs(60),
        50,
        true,
    );
    assert_eq!(r.code(), Some(0), "{}", r.stderr);
    let a = jsonl(&out.join("articles.jsonl"));
    assert_eq!(a.len(), 3, "{a:#?}");
    assert_eq!(status_of(&a, "before"), "ok");
    assert_eq!(status_of(&a, "huge.jsonl:2"), "too_large");
    assert!(detail_of(&a, "huge.jsonl:2").contains("limit 67108864"));
    assert_eq!(status_of(&a, "after"), "ok");
    if let Some(kb) = r.peak_kb {
        assert!(kb < 300 * 1024, "peak RSS {} MB", kb / 1024);
    }
}

#[test]
fn a_million_digits_finish_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("digits.txt");
    std::fs::write(
        &input,
        format!(
            "Tiêu đề\nCó {} đoàn viên. Có 5 đoàn viên.\n",
            "7".repeat(1_000_000)
        ),
    )
    .unwrap();
    let (_, a, figures) = extract_one(dir.path(), &input, &[]);
    assert_eq!(a.len(), 1);
    assert_eq!(a[0]["status"], "ok");
    assert!(figures.iter().any(|f| f["value"] == 5.0), "{figures:?}");
}

#[test]
fn thousands_of_repeated_qualifiers() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("quals.txt");
    std::fs::write(
        &input,
        format!("Tiêu đề\nCó {}5 đoàn viên.\n", "trên ".repeat(20_000)),
    )
    .unwrap();
    let (_, a, figures) = extract_one(dir.path(), &input, &[]);
    assert_eq!(a[0]["status"], "ok");
    assert_eq!(figures.len(), 1, "{figures:?}");
    assert_eq!(figures[0]["value"], 5.0);
    assert_eq!(figures[0]["qualifier"], "over");
}

#[test]
fn deeply_nested_html() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("nested.html");
    let n = 200_000;
    std::fs::write(
        &input,
        format!(
            "<html><body>{}<p>Công đoàn có 5 đoàn viên.</p>{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        ),
    )
    .unwrap();
    let (_, a, figures) = extract_one(dir.path(), &input, &[]);
    assert_eq!(a.len(), 1);
    assert_eq!(a[0]["status"], "ok");
    assert_eq!(figures.len(), 1, "{figures:?}");
    assert_eq!(figures[0]["value"], 5.0);
    // Unclosed tags and a stray "<" too.
    let input = dir.path().join("open.html");
    std::fs::write(
        &input,
        format!("{}Có 6 đoàn viên. a < b", "<div><span>".repeat(n)),
    )
    .unwrap();
    let (_, a, _) = extract_one(dir.path(), &input, &[]);
    assert_eq!(a[0]["status"], "ok");
}

/// Deterministic pseudo-random bytes (xorshift).
fn random_bytes(n: usize, seed: u64, map: impl Fn(u8) -> u8) -> Vec<u8> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            map((x >> 24) as u8)
        })
        .collect()
}

#[test]
fn files_of_random_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let raw = random_bytes(1 << 20, 1, |b| b);
    std::fs::write(input.join("a_random.txt"), &raw).unwrap();
    // No control bytes: looks like 8-bit text to the decoder.
    let high = random_bytes(1 << 20, 2, |b| b.max(0x20));
    std::fs::write(input.join("b_high.txt"), &high).unwrap();
    std::fs::write(input.join("c_random.html"), &high).unwrap();
    // Random bytes as a dump: every non-blank line is a record.
    std::fs::write(input.join("d_random.jsonl"), &raw).unwrap();
    // Not gzip at all.
    std::fs::write(input.join("e_random.jsonl.gz"), &raw[..4096]).unwrap();
    std::fs::write(input.join("f_random.jsonl.zst"), &raw[..4096]).unwrap();

    let (_, a, _) = extract_one(dir.path(), &input, &["--threads", "2"]);
    assert_eq!(status_of(&a, "a_random"), "binary");
    for id in ["b_high", "c_random"] {
        let st = status_of(&a, id);
        assert!(
            ["ok", "decoded_lossy", "binary", "empty"].contains(&st.as_str()),
            "{id}: {st}"
        );
    }
    let lines = raw
        .split(|&b| b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .count();
    let dump: Vec<&Value> = a
        .iter()
        .filter(|x| x["source"] == "d_random.jsonl")
        .collect();
    assert_eq!(dump.len(), lines);
    assert!(dump.iter().all(|x| x["status"] == "bad_json"));
    for src in ["e_random.jsonl.gz", "f_random.jsonl.zst"] {
        let recs: Vec<&Value> = a.iter().filter(|x| x["source"] == src).collect();
        assert_eq!(recs.len(), 1, "{src}: {recs:?}");
        assert_eq!(recs[0]["status"], "error", "{src}");
    }
}

#[test]
fn five_megabytes_of_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("sentence.txt");
    let words = "cán bộ công nhân viên chức lao động tham gia hoạt động ";
    let text = format!("Tiêu đề\n{}\n", words.repeat(5_000_000 / words.len() + 1));
    assert!(text.len() > 5_000_000);
    std::fs::write(&input, &text).unwrap();
    let (_, a, figures) = extract_one(dir.path(), &input, &[]);
    assert_eq!(a[0]["status"], "ok");
    assert!(a[0]["chars"].as_u64().unwrap() > 3_500_000);
    assert!(figures.is_empty());
}

#[test]
fn figures_in_a_huge_sentence_keep_output_small() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("sentence.txt");
    let words = "cán bộ công nhân viên chức lao động tham gia hoạt động ";
    let chunk = format!(
        "{}công đoàn có 5 đoàn viên ",
        words.repeat(50_000 / words.len())
    );
    let text = format!("Tiêu đề\n{}\n", chunk.repeat(100));
    assert!(text.len() > 5_000_000);
    std::fs::write(&input, &text).unwrap();
    let out = dir.path().join("out");
    let r = run_guarded(
        &["extract", s(&input), "--out", s(&out), "--format", "jsonl"],
        Duration::from_secs(60),
        20,
        false,
    );
    assert_eq!(r.code(), Some(0), "{}", r.stderr);
    let figures = jsonl(&out.join("figures.jsonl"));
    assert_eq!(figures.len(), 100);
    for f in &figures {
        let sentence = f["sentence"].as_str().unwrap();
        assert!(sentence.contains(f["text"].as_str().unwrap()));
    }
}
