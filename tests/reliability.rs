//! No silent wrong output: a run is committed whole, folder walks cannot
//! loop, solieu never reads its own outputs, special files and streams
//! cannot block or exhaust memory, year over year reads every table once,
//! and every stage takes time linear in the length of a record.
//!
//! Every run here has a watchdog: a child that does not finish in time is
//! killed and the test fails, so a hang fails the test instead of CI.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{jsonl, root};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_solieu")
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Run `cmd` (stdout and stderr to files), killing it after `limit`.
fn guarded(mut cmd: Command, limit: Duration) -> Run {
    let logs = tempfile::tempdir().unwrap();
    let (o, e) = (logs.path().join("out"), logs.path().join("err"));
    let mut child = cmd
        .stdout(std::fs::File::create(&o).unwrap())
        .stderr(std::fs::File::create(&e).unwrap())
        .spawn()
        .expect("spawn");
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{cmd:?} did not finish within {limit:?} (killed); stderr: {}",
                std::fs::read_to_string(&e).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let run = Run {
        code: status.code(),
        stdout: std::fs::read_to_string(&o).unwrap_or_default(),
        stderr: std::fs::read_to_string(&e).unwrap_or_default(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "{cmd:?} panicked: {}",
        run.stderr
    );
    run
}

/// solieu with `args` in the crate folder, within 60 s.
fn solieu(args: &[&str]) -> Run {
    let mut c = Command::new(bin());
    c.args(args).current_dir(root()).stdin(Stdio::null());
    guarded(c, Duration::from_secs(60))
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn field(v: &Value, k: &str) -> String {
    v[k].as_str().unwrap_or_default().to_string()
}

/// The sample corpus copied into `dir`.
fn copy_corpus(dir: &Path, only: impl Fn(&str) -> bool) {
    std::fs::create_dir_all(dir).unwrap();
    for e in std::fs::read_dir(root().join("corpus")).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".txt") && only(&name) {
            std::fs::copy(&p, dir.join(&name)).unwrap();
        }
    }
}

// ---------------------------------------------------------------------------
// 1. A run is committed whole, with a completion marker readers check.
// ---------------------------------------------------------------------------

/// A pid no process can have (above Linux's largest pid_max).
const DEAD_PID: u32 = 4_999_999;

#[test]
fn an_interrupted_commit_is_refused_and_a_rerun_cleans_up() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let args = [
        "run",
        "--quiet",
        "--out",
        s(&out),
        "--format",
        "parquet,jsonl",
        "--partition-by",
        "year",
    ];
    let r = solieu(&args);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(out.join("_SUCCESS").is_file(), "{:?}", names(&out));
    let r = solieu(&["yoy", "--figures", s(&out)]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);

    // A run killed while committing: the marker is gone, some partitions
    // are the new run's and its staging folder is still there.
    std::fs::remove_file(out.join("_SUCCESS")).unwrap();
    std::fs::remove_dir_all(out.join("figures/year=2019")).unwrap();
    let staging = out.join(format!(".solieu-staging.{DEAD_PID}"));
    std::fs::create_dir_all(staging.join("figures/year=2019")).unwrap();
    std::fs::write(staging.join("articles.jsonl"), "{}\n").unwrap();
    for target in [out.clone(), out.join("figures"), out.join("figures.jsonl")] {
        let r = solieu(&["yoy", "--figures", s(&target)]);
        assert_eq!(
            r.code,
            Some(1),
            "yoy read {}: {}",
            target.display(),
            r.stdout
        );
        assert!(
            r.stderr.contains("no _SUCCESS marker") && r.stderr.contains("incomplete output"),
            "{}",
            r.stderr
        );
    }
    let page = dir.path().join("r.html");
    let r = solieu(&["report", "--figures", s(&out), "--out", s(&page)]);
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    assert!(r.stderr.contains("no _SUCCESS marker"), "{}", r.stderr);

    // A rerun removes the stale staging folder and commits a whole set.
    let r = solieu(&args);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(!staging.exists());
    assert!(out.join("figures/year=2019/part-00000.parquet").is_file());
    let r = solieu(&["yoy", "--figures", s(&out)]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("2019"), "{}", r.stdout);
}

#[test]
fn a_commit_replaces_the_whole_set_of_tables() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let r = solieu(&["run", "--quiet", "--out", s(&out), "--format", "csv,jsonl"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(out.join("figures.csv").is_file());
    // A second run in other formats: no table of the first stays beside it.
    let r = solieu(&["run", "--quiet", "--out", s(&out), "--format", "parquet"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let left = names(&out);
    assert_eq!(
        left,
        [
            "_SUCCESS",
            "articles.parquet",
            "figures.parquet",
            "report.html",
            "yoy.parquet"
        ],
        "{left:?}"
    );
    let marker = std::fs::read_to_string(out.join("_SUCCESS")).unwrap();
    assert!(marker.contains("figures.parquet"), "{marker}");
}

// ---------------------------------------------------------------------------
// 2–3. Folder walks: each folder once, never solieu's own outputs.
// ---------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn symlink_loops_are_walked_once() {
    let dir = tempfile::tempdir().unwrap();
    let l = dir.path().join("L");
    copy_corpus(&l, |n| n.starts_with("000"));
    copy_corpus(&l.join("sub"), |n| n.starts_with("001"));
    std::os::unix::fs::symlink(".", l.join("self")).unwrap();
    std::os::unix::fs::symlink("..", l.join("sub/up")).unwrap();
    std::os::unix::fs::symlink("../sub", l.join("sub/again")).unwrap();
    // A link to a file is followed.
    std::os::unix::fs::symlink("sub/001_e82909285ce8441c.txt", l.join("link.txt")).unwrap();
    let out = dir.path().join("out");
    let r = solieu(&["extract", s(&l), "--out", s(&out), "--format", "jsonl"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let articles = jsonl(&out.join("articles.jsonl"));
    let ids: Vec<String> = articles.iter().map(|a| field(a, "article_id")).collect();
    assert_eq!(
        ids,
        ["000_f19b445ee888bcbf", "link", "sub/001_e82909285ce8441c"],
        "{ids:?}"
    );
    for link in ["self", "sub/up", "sub/again"] {
        assert!(
            r.stderr
                .contains(&format!("{link}: a link to a folder already read")),
            "{link} not reported: {}",
            r.stderr
        );
    }
}

#[test]
fn an_output_folder_inside_the_input_is_never_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("d");
    copy_corpus(&d, |_| true);
    let mut counts = Vec::new();
    for out in ["out", "out", "out2", "out"] {
        let out = d.join(out);
        let r = solieu(&["run", "--quiet", "--corpus", s(&d), "--out", s(&out)]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        counts.push(jsonl(&out.join("figures.jsonl")).len());
        assert_eq!(jsonl(&out.join("articles.jsonl")).len(), 5);
    }
    assert!(counts[0] > 0);
    assert!(counts.iter().all(|&n| n == counts[0]), "{counts:?}");
}

// ---------------------------------------------------------------------------
// 4, 9. Special files and streams: never block, never grow without bound.
// ---------------------------------------------------------------------------

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let st = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(st.success());
}

#[cfg(unix)]
#[test]
fn a_fifo_in_a_folder_is_reported_without_being_opened() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("d");
    copy_corpus(&d, |n| n.starts_with("000"));
    mkfifo(&d.join("p.txt"));
    let out = dir.path().join("out");
    let r = solieu(&[
        "extract",
        s(&d),
        "--out",
        s(&out),
        "--format",
        "jsonl",
        "--quiet",
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let articles = jsonl(&out.join("articles.jsonl"));
    let p = articles.iter().find(|a| a["article_id"] == "p").unwrap();
    assert_eq!(p["status"], "error");
    assert!(field(p, "detail").contains("not a regular file"), "{p}");
    assert_eq!(articles.len(), 2);
}

#[cfg(unix)]
#[test]
fn an_explicit_fifo_without_a_writer_does_not_block() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.jsonl");
    mkfifo(&p);
    let out = dir.path().join("out");
    let r = solieu(&[
        "extract",
        s(&p),
        "--out",
        s(&out),
        "--format",
        "jsonl",
        "--quiet",
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
}

#[cfg(target_os = "linux")]
#[test]
fn dev_zero_is_one_bounded_too_large_record() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut c = Command::new("/usr/bin/time");
    if !Path::new("/usr/bin/time").exists() {
        c = Command::new(bin());
    } else {
        c.args(["-f", "@@rss=%M", bin()]);
    }
    c.args([
        "extract",
        "/dev/zero",
        "--out",
        s(&out),
        "--format",
        "jsonl",
        "--quiet",
        "--max-bytes",
        "4000000",
    ])
    .stdin(Stdio::null());
    let r = guarded(c, Duration::from_secs(30));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let articles = jsonl(&out.join("articles.jsonl"));
    assert_eq!(articles.len(), 1);
    assert_eq!(articles[0]["status"], "too_large", "{}", articles[0]);
    if let Some(kb) = r
        .stderr
        .rsplit("@@rss=")
        .next()
        .and_then(|k| k.trim().parse::<u64>().ok())
    {
        assert!(kb < 500_000, "peak {kb} KB reading /dev/zero");
    }
}

/// solieu reading `input` on its standard input as the path `/dev/stdin`
/// (a pipe: what `<(zcat dump.gz)` gives), with `extra` arguments.
#[cfg(target_os = "linux")]
fn extract_pipe(input: &[u8], out: &Path, extra: &[&str]) -> Run {
    let mut c = Command::new(bin());
    c.args([
        "extract",
        "/dev/stdin",
        "--out",
        s(out),
        "--format",
        "jsonl",
        "--quiet",
    ])
    .args(extra)
    .stdin(Stdio::piped());
    let logs = tempfile::tempdir().unwrap();
    let (o, e) = (logs.path().join("out"), logs.path().join("err"));
    let mut child = c
        .stdout(std::fs::File::create(&o).unwrap())
        .stderr(std::fs::File::create(&e).unwrap())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let data = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&data);
    });
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("extract from a pipe did not finish");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    writer.join().unwrap();
    Run {
        code: status.code(),
        stdout: std::fs::read_to_string(&o).unwrap_or_default(),
        stderr: std::fs::read_to_string(&e).unwrap_or_default(),
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_pipe_is_sniffed_as_json_lines_and_bounded_per_record() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let big = "x".repeat(5000);
    let input = format!(
        "{{\"id\": \"a\", \"text\": \"Công đoàn X có 12 đoàn viên.\"}}\n{{\"id\": \"b\", \"text\": \"{big}\"}}\n{{\"id\": \"c\", \"text\": \"Công đoàn Y có 34 đoàn viên.\"}}\n"
    );
    let r = extract_pipe(input.as_bytes(), &out, &["--max-bytes", "1000"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let articles = jsonl(&out.join("articles.jsonl"));
    let statuses: Vec<(String, String)> = articles
        .iter()
        .map(|a| (field(a, "article_id"), field(a, "status")))
        .collect();
    assert_eq!(statuses.len(), 3, "{statuses:?}");
    assert_eq!(statuses[0], ("a".into(), "ok".into()));
    assert_eq!(statuses[1].1, "too_large");
    assert_eq!(statuses[2], ("c".into(), "ok".into()));
    // A pipe of plain text is one article.
    let out2 = dir.path().join("out2");
    let r = extract_pipe("Công đoàn X có 12 đoàn viên.".as_bytes(), &out2, &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(jsonl(&out2.join("figures.jsonl")).len(), 1);
}

#[cfg(target_os = "linux")]
#[test]
fn max_input_bytes_ends_an_endless_stream() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // `yes` writes records for ever; solieu stops after 200 kB.
    let script = format!(
        "yes '{{\"id\": \"x\", \"text\": \"Công đoàn X có 12 đoàn viên.\"}}' | '{}' extract /dev/stdin --out '{}' --format jsonl --quiet --max-input-bytes 200000",
        bin(),
        s(&out)
    );
    let mut c = Command::new("sh");
    c.args(["-c", &script]);
    let r = guarded(c, Duration::from_secs(60));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let articles = jsonl(&out.join("articles.jsonl"));
    let last = articles.last().unwrap();
    assert_eq!(last["status"], "error");
    assert!(
        field(last, "detail").contains("--max-input-bytes"),
        "{last}"
    );
    assert!(
        articles.len() > 1000 && articles.len() < 10_000,
        "{}",
        articles.len()
    );
}

// ---------------------------------------------------------------------------
// 5. Year over year reads every figures table once.
// ---------------------------------------------------------------------------

#[test]
fn yoy_reads_shards_of_different_formats() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    copy_corpus(&a, |n| n < "003");
    copy_corpus(&b, |n| n >= "003");
    let parts = dir.path().join("parts");
    let whole = dir.path().join("whole");
    for (input, out, format) in [
        (&a, parts.join("1"), "parquet"),
        (&b, parts.join("2"), "jsonl"),
    ] {
        let r = solieu(&[
            "extract",
            s(input),
            "--out",
            s(&out),
            "--format",
            format,
            "--quiet",
        ]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
    }
    let r = solieu(&[
        "extract",
        s(&a),
        s(&b),
        "--out",
        s(&whole),
        "--format",
        "jsonl",
        "--quiet",
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let yoy = |p: &Path| {
        let r = solieu(&["yoy", "--figures", s(p)]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        r.stdout
    };
    let (both, first) = (yoy(&parts), yoy(&parts.join("1")));
    assert_ne!(both, first, "the JSON Lines shard was not read");
    assert_eq!(both, yoy(&whole.join("figures.jsonl")));
}

#[test]
fn yoy_refuses_a_flat_and_a_partitioned_table_together() {
    let dir = tempfile::tempdir().unwrap();
    let (flat, out) = (dir.path().join("flat"), dir.path().join("out"));
    for (o, extra) in [(&flat, None), (&out, Some("year"))] {
        let mut args = vec!["run", "--quiet", "--out", s(o), "--format", "parquet"];
        if let Some(p) = extra {
            args.extend(["--partition-by", p]);
        }
        let r = solieu(&args);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
    }
    std::fs::copy(flat.join("figures.parquet"), out.join("figures.parquet")).unwrap();
    let r = solieu(&["yoy", "--figures", s(&out)]);
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    assert!(
        r.stderr
            .contains("both a flat figures.parquet and a partitioned figures/"),
        "{}",
        r.stderr
    );
}

// ---------------------------------------------------------------------------
// 6. Misreadings.
// ---------------------------------------------------------------------------

/// Extract the files `(name, bytes)` of a fresh folder as JSON Lines.
fn extract_files(files: &[(&str, &[u8])], extra: &[&str]) -> (Run, Vec<Value>, Vec<Value>) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("in");
    std::fs::create_dir_all(&d).unwrap();
    for (name, bytes) in files {
        std::fs::write(d.join(name), bytes).unwrap();
    }
    let out = dir.path().join("out");
    let mut args = vec![
        "extract",
        s(&d),
        "--out",
        s(&out),
        "--format",
        "jsonl",
        "--quiet",
    ];
    args.extend_from_slice(extra);
    let r = solieu(&args);
    let (a, f) = if out.join("articles.jsonl").exists() {
        (
            jsonl(&out.join("articles.jsonl")),
            jsonl(&out.join("figures.jsonl")),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    (r, a, f)
}

#[test]
fn thousands_grouped_with_spaces_are_one_number() {
    for space in [" ", "\u{a0}", "\u{202f}"] {
        let text = format!("Công đoàn Viên chức thành phố Hà Nội có 10{space}141 đoàn viên.");
        let (r, _, figures) = extract_files(&[("a.txt", text.as_bytes())], &[]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        let members: Vec<f64> = figures
            .iter()
            .filter(|f| f["metric"] == "members")
            .map(|f| f["value"].as_f64().unwrap())
            .collect();
        assert_eq!(members, [10141.0], "{space:?}: {figures:?}");
    }
    // Groups that are not thousands stay apart.
    let (_, _, figures) = extract_files(
        &[("a.txt", "Công đoàn X có 2019 141 đoàn viên.".as_bytes())],
        &[],
    );
    assert!(
        figures.iter().all(|f| f["value"] != 2019141.0),
        "{figures:?}"
    );
}

#[test]
fn a_lone_less_than_sign_in_html_is_text() {
    let html = "<html><body><p>Tỷ lệ <50% đoàn viên nữ. Công đoàn X có 30 đoàn viên mới.</p><p>Công đoàn Y có 45 đoàn viên.</p></body></html>";
    let (r, _, figures) = extract_files(&[("a.html", html.as_bytes())], &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let values: Vec<f64> = figures
        .iter()
        .map(|f| f["value"].as_f64().unwrap())
        .collect();
    assert!(
        values.contains(&30.0) && values.contains(&45.0),
        "{figures:?}"
    );
}

#[test]
fn records_from_a_gzip_failing_its_checksum_are_not_ok() {
    let mut data = Vec::new();
    for i in 0..3 {
        writeln!(
            data,
            "{{\"id\": \"r{i}\", \"text\": \"Công đoàn X có {} đoàn viên.\"}}",
            i + 5
        )
        .unwrap();
    }
    let mut gz = flate2_compress(&data);
    let n = gz.len();
    gz[n - 8] ^= 0xff; // the CRC-32 of the trailer
    let (r, articles, _) = extract_files(&[("d.jsonl.gz", &gz)], &["--strict"]);
    assert_eq!(r.code, Some(1), "--strict must count them: {}", r.stderr);
    let damaged: Vec<&Value> = articles
        .iter()
        .filter(|a| field(a, "article_id").starts_with('r'))
        .collect();
    assert_eq!(damaged.len(), 3, "{articles:?}");
    for a in damaged {
        assert_eq!(a["status"], "decoded_lossy", "{a}");
        assert!(field(a, "detail").contains("integrity check"), "{a}");
    }
}

/// gzip of `data` by the system's gzip (the test needs no compression crate).
fn flate2_compress(data: &[u8]) -> Vec<u8> {
    let mut child = Command::new("gzip")
        .arg("-c")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("gzip");
    child.stdin.take().unwrap().write_all(data).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    out.stdout
}

// ---------------------------------------------------------------------------
// 7. Time linear in the length of a record.
// ---------------------------------------------------------------------------

/// `unit` repeated to `bytes`.
fn repeated(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len())
}

/// The sample corpus as one line of `bytes` (articles joined by spaces).
fn joined_articles(bytes: usize) -> String {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let one: String = files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap().replace('\n', " "))
        .collect::<Vec<_>>()
        .join(" ");
    let mut s = String::new();
    while s.len() < bytes {
        s.push_str(&one);
        s.push(' ');
    }
    s
}

#[test]
fn ten_megabyte_records_of_repeated_patterns_finish_in_time() {
    const MB10: usize = 10 << 20;
    let cases = [
        ("dots", repeated("1.", MB10)),
        ("words", repeated("hai mươi ", MB10)),
        ("scales", repeated("1 tỷ ", MB10)),
        ("heads", repeated("Công đoàn ", MB10)),
        // Target cues each blocked by a phrase holding them.
        ("cues", repeated("theo kế hoạch có 5 đoàn viên ", MB10)),
        ("articles", joined_articles(MB10)),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in cases {
        let input = dir.path().join(format!("{name}.txt"));
        std::fs::write(&input, &text).unwrap();
        let out = dir.path().join(format!("out-{name}"));
        let mut c = Command::new(bin());
        c.args([
            "extract",
            s(&input),
            "--out",
            s(&out),
            "--format",
            "jsonl",
            "--quiet",
        ])
        .stdin(Stdio::null());
        let started = Instant::now();
        // A generous watchdog, not a timing assertion: quadratic work on
        // 10 MB takes many minutes.
        let r = guarded(c, Duration::from_secs(30));
        assert_eq!(r.code, Some(0), "{name}: {}", r.stderr);
        let articles = jsonl(&out.join("articles.jsonl"));
        assert_eq!(articles[0]["status"], "ok", "{name}");
        eprintln!("{name}: 10 MB in {:.1} s", started.elapsed().as_secs_f64());
    }
}

// ---------------------------------------------------------------------------
// Clearer errors.
// ---------------------------------------------------------------------------

#[test]
fn an_empty_input_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("empty");
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(d.join("notes.csv"), "a,b\n").unwrap();
    let r = solieu(&["extract", s(&d), "--out", s(&dir.path().join("o"))]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.contains(s(&d)) && r.stderr.contains("holds no file solieu reads"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_utf8_bom_before_the_first_json_line_is_skipped() {
    let data = "\u{feff}{\"id\": \"a\", \"text\": \"Công đoàn X có 12 đoàn viên.\"}\n";
    let (r, articles, figures) = extract_files(&[("d.jsonl", data.as_bytes())], &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(articles[0]["status"], "ok", "{articles:?}");
    assert_eq!(articles[0]["article_id"], "a");
    assert_eq!(figures.len(), 1);
}

#[test]
fn utf16_text_with_a_bom_is_decoded() {
    let text = "Công đoàn X có 12 đoàn viên.";
    let mut le = vec![0xff, 0xfe];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xfe, 0xff];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let (r, articles, figures) = extract_files(&[("le.txt", &le), ("be.txt", &be)], &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    for a in &articles {
        assert_eq!(a["status"], "ok", "{a}");
    }
    assert_eq!(figures.len(), 2, "{figures:?}");
}

// ---------------------------------------------------------------------------
// 8. Memory linear in the rule count.
// ---------------------------------------------------------------------------

/// The built-in pack plus `n` generated rules, each with its own `near`
/// condition, in `dir`.
fn pack_with_rules(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for e in std::fs::read_dir(root().join("rules")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
    }
    let mut gen = String::new();
    for i in 0..n {
        gen.push_str(&format!(
            "[[rule]]\nid = \"gen.r{i}\"\nmetric = \"count\"\npriority = 30\nnear = '(?P<label>{{recipient}})\\s+y{i}'\n\n"
        ));
    }
    std::fs::write(dir.join("gen.toml"), gen).unwrap();
}

#[cfg(unix)]
#[test]
fn a_thousand_rules_compile_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    pack_with_rules(&pack, 1000);
    let out = dir.path().join("out");
    // 2 GB of address space: what 1,000 rules need is far less; a pack whose
    // memory grows with the square of its rules asks for many GB and aborts.
    for job in [
        format!("'{}' rules check --rules '{}'", bin(), s(&pack)),
        format!(
            "'{}' extract '{}' --rules '{}' --out '{}' --quiet --threads 2",
            bin(),
            s(&root().join("corpus")),
            s(&pack),
            s(&out)
        ),
    ] {
        let mut c = Command::new("sh");
        c.args(["-c", &format!("ulimit -v 2000000 || exit 99; exec {job}")]);
        let r = guarded(c, Duration::from_secs(60));
        assert_eq!(r.code, Some(0), "{job}: {}{}", r.stdout, r.stderr);
    }
    assert!(out.join("_SUCCESS").is_file());
}

#[cfg(unix)]
#[test]
fn a_full_disk_names_the_file_being_written() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("big.txt");
    std::fs::write(&input, joined_articles(1 << 20)).unwrap();
    let out = dir.path().join("out");
    // Writes beyond 20 kB fail (EFBIG, as ENOSPC would) instead of killing
    // the process.
    let job = format!(
        "trap '' XFSZ; ulimit -f 40 || exit 99; exec '{}' extract '{}' --out '{}' --format jsonl --quiet",
        bin(),
        s(&input),
        s(&out)
    );
    let mut c = Command::new("sh");
    c.args(["-c", &job]);
    let r = guarded(c, Duration::from_secs(60));
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains(".jsonl: cannot write"),
        "the file is not named: {}",
        r.stderr
    );
    // Nothing that looks complete is left.
    assert!(!out.join("_SUCCESS").exists());
    assert!(!out.join("figures.jsonl").exists());
}
