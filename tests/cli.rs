//! The command line end to end, in temporary folders: the main job, output
//! contract, determinism across thread counts, year over year, bad input and
//! bad rule packs.

use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_solieu"))
}

fn run(args: &[&str]) -> Output {
    let out = bin()
        .args(args)
        .current_dir(root())
        .output()
        .expect("run solieu");
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

use solieu::figure::FIGURE_COLUMNS;

mod common;
use common::{jsonl, root};

#[test]
fn run_writes_every_table_and_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let o = run(&[
        "run",
        "--out",
        out,
        "--format",
        "parquet,jsonl,csv",
        "--threads",
        "2",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(s.contains("Read 5 article(s) (ok 5), 0 not ok."), "{s}");
    assert!(s.contains("members"), "{s}");
    for table in ["figures", "articles", "yoy"] {
        for ext in ["parquet", "jsonl", "csv"] {
            let p = dir.path().join(format!("{table}.{ext}"));
            assert!(
                p.metadata().map(|m| m.len() > 0).unwrap_or(false),
                "{}",
                p.display()
            );
        }
    }
    // No temporary file is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // The output contract: columns in order, offsets pointing at the text.
    let figures = jsonl(&dir.path().join("figures.jsonl"));
    assert!(figures.len() >= 38);
    let keys: Vec<&str> = figures[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut want: Vec<&str> = FIGURE_COLUMNS.to_vec();
    want.sort();
    let mut got = keys.clone();
    got.sort();
    assert_eq!(got, want);
    for f in &figures {
        let sentence = f["sentence"].as_str().unwrap();
        let text = f["text"].as_str().unwrap();
        assert!(sentence.contains(text), "{text} not in {sentence}");
        assert!(f["end"].as_u64() > f["start"].as_u64());
        assert!(["exact", "over", "under", "about", "range"]
            .contains(&f["qualifier"].as_str().unwrap()));
        assert!(["actual", "target"].contains(&f["modality"].as_str().unwrap()));
    }
    let header = std::fs::read_to_string(dir.path().join("figures.csv")).unwrap();
    assert_eq!(header.lines().next().unwrap(), FIGURE_COLUMNS.join(","));

    // Nothing from related news, dates, counters, stray numbers.
    for f in &figures {
        let v = f["value"].as_f64().unwrap();
        for bad in [
            1117.0, 58639.0, 2016.0, 2021.0, 2019.0, 4.0, /* "4.0" */
        ] {
            if v == bad && f["metric"] != "new_members" {
                panic!("figure from boilerplate or a non-figure: {f}");
            }
        }
        assert_ne!(
            f["text"].as_str().unwrap(),
            "100 triệu đồng",
            "related news leaked"
        );
    }

    // Articles: every input accounted for, metadata read.
    let articles = jsonl(&dir.path().join("articles.jsonl"));
    assert_eq!(articles.len(), 5);
    let a3 = articles
        .iter()
        .find(|a| a["source"] == "003_bae495f69d9fefb3.txt")
        .unwrap();
    // The stamp "2019-09-03T15:07" splits into a date and a time of day.
    assert_eq!(a3["published"], "2019-09-03");
    assert_eq!(a3["published_time"], "15:07:00");
    assert_eq!(a3["author"], "Phạm Diệp");
    assert_eq!(a3["article_id"], "003_bae495f69d9fefb3");
    assert_eq!(a3["status"], "ok");

    // Year over year for Công đoàn Viên chức thành phố Hà Nội.
    let yoy = jsonl(&dir.path().join("yoy.jsonl"));
    let org = "Công đoàn Viên chức thành phố Hà Nội";
    let row = |metric: &str, year: i64| {
        yoy.iter()
            .find(|r| {
                r["org"] == org
                    && r["metric"] == metric
                    && r["year"] == year
                    && r["modality"] == "actual"
            })
            .unwrap_or_else(|| panic!("no yoy row {metric} {year}"))
            .clone()
    };
    let m = row("members", 2019);
    assert_eq!(m["value"], 9697.0);
    assert_eq!(m["prev_year"], 2017);
    assert_eq!(m["prev_value"], 10141.0);
    assert_eq!(m["change"], -444.0);
    assert!((m["pct_change"].as_f64().unwrap() - (-444.0 / 10141.0 * 100.0)).abs() < 1e-9);
    let u = row("unions", 2019);
    assert_eq!(
        (u["value"].clone(), u["prev_value"].clone()),
        (63.0.into(), 65.0.into())
    );
    assert_eq!(row("members", 2017)["value"], 10141.0);
}

#[test]
fn output_is_identical_for_one_and_two_threads() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for (d, t) in [(&a, "1"), (&b, "2")] {
        let o = run(&[
            "run",
            "--quiet",
            "--out",
            d.path().to_str().unwrap(),
            "--format",
            "parquet,jsonl,csv",
            "--threads",
            t,
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    for name in [
        "figures.jsonl",
        "figures.csv",
        "figures.parquet",
        "articles.jsonl",
        "articles.csv",
        "articles.parquet",
        "yoy.jsonl",
        "yoy.csv",
        "yoy.parquet",
    ] {
        let x = std::fs::read(a.path().join(name)).unwrap();
        let y = std::fs::read(b.path().join(name)).unwrap();
        assert!(x == y, "{name} differs between --threads 1 and 2");
    }
}

#[test]
fn yoy_reads_figures_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    assert!(run(&["run", "--quiet", "--out", out]).status.success());
    for file in ["figures.parquet", "figures.jsonl"] {
        let path = dir.path().join(file);
        let o = run(&[
            "yoy",
            "--figures",
            path.to_str().unwrap(),
            "--metric",
            "members",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let s = stdout(&o);
        let line = s
            .lines()
            .find(|l| l.contains("Công đoàn Viên chức thành phố Hà Nội") && l.contains("2019"))
            .unwrap_or_else(|| panic!("{s}"));
        for want in ["9697", "2017", "10141", "-444", "-4.4%"] {
            assert!(line.contains(want), "{want} missing in {line}");
        }
        assert!(
            !s.contains("target"),
            "a target among the actual members: {s}"
        );
    }
}

#[test]
fn extract_reads_jsonl_txt_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("dump.jsonl");
    std::fs::write(
        &dump,
        "{\"id\": \"a1\", \"title\": \"Tin\", \"published\": \"2019-01-02\", \"text\": \"Năm 2018, công đoàn có 120 đoàn viên.\"}\n\
         {\"id\": \"a2\", \"text\": \"Quyên góp được trên 5 triệu đồng.\"}\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = run(&[
        "extract",
        dump.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "jsonl",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let figures = jsonl(&out.join("figures.jsonl"));
    assert_eq!(figures.len(), 2, "{figures:?}");
    assert_eq!(figures[0]["article_id"], "a1");
    assert_eq!(figures[0]["source"], "dump.jsonl");
    assert_eq!(figures[0]["year"], 2018);
    assert_eq!(figures[1]["value"], 5e6);

    let mut child = bin()
        .args([
            "extract",
            "-",
            "--out",
            dir.path().join("stdin").to_str().unwrap(),
            "--format",
            "jsonl",
            "--quiet",
        ])
        .current_dir(root())
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(std::fs::read(&dump).unwrap().as_slice())
        .unwrap();
    assert!(child.wait().unwrap().success());
    let again = jsonl(&dir.path().join("stdin/figures.jsonl"));
    assert_eq!(again.len(), 2);
    assert_eq!(again[0]["source"], "-");

    let one = root().join("corpus/003_bae495f69d9fefb3.txt");
    let o = run(&[
        "extract",
        one.to_str().unwrap(),
        "--out",
        dir.path().join("txt").to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = std::fs::read_to_string(dir.path().join("txt/figures.csv")).unwrap();
    assert!(csv.contains("003_bae495f69d9fefb3.txt"), "{csv}");
}

#[test]
fn bad_records_are_reported_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(
        input.join("a_good.txt"),
        "Tiêu đề\nCông đoàn có 12 đoàn viên.\n",
    )
    .unwrap();
    std::fs::write(input.join("b_empty.txt"), "  \n").unwrap();
    std::fs::write(input.join("c_binary.txt"), [0u8, 1, 2, 3, 0, 255, 0]).unwrap();
    std::fs::write(
        input.join("d_dump.jsonl"),
        "{\"id\": \"ok\", \"text\": \"Có 3 bằng khen.\"}\n{broken\n{\"id\": \"n\", \"text\": 42}\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = run(&[
        "extract",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "jsonl",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("4 not ok"), "{}", stdout(&o));
    let articles = jsonl(&out.join("articles.jsonl"));
    let status: Vec<(String, String)> = articles
        .iter()
        .map(|a| {
            (
                a["article_id"].as_str().unwrap().to_string(),
                a["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        status,
        vec![
            ("a_good".to_string(), "ok".to_string()),
            ("b_empty".into(), "empty".into()),
            ("c_binary".into(), "binary".into()),
            ("ok".into(), "ok".into()),
            ("d_dump.jsonl:2".into(), "bad_json".into()),
            ("n".into(), "bad_json".into()),
        ]
    );
    assert!(articles[4]["detail"]
        .as_str()
        .unwrap()
        .starts_with("line 2:"));
    // --strict turns not-ok records into a failure.
    let o = run(&[
        "extract",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--strict",
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn missing_input_is_one_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run(&["extract", "/no/such/input", "--out", out.to_str().unwrap()]);
    assert!(!o.status.success());
    let e = stderr(&o);
    assert_eq!(e.trim().lines().count(), 1, "{e}");
    assert!(e.contains("/no/such/input"), "{e}");
    assert!(!out.exists());
}

#[test]
fn bad_rule_pack_fails_before_output() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    for entry in std::fs::read_dir(root().join("rules")).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, rules.join(p.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        rules.join("zz_bad.toml"),
        "[[rule]]\nid = \"broken.one\"\nmetric = \"members\"\nafter = '(đoàn'\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = run(&[
        "run",
        "--rules",
        rules.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("zz_bad.toml") && e.contains("broken.one"), "{e}");
    assert!(!out.exists(), "output written despite a bad pack");

    // An example that fails is a pack error too.
    std::fs::write(
        rules.join("zz_bad.toml"),
        "[[rule]]\nid = \"wrong.example\"\nmetric = \"members\"\npriority = 99\nafter = 'hội\\s+viên'\nexamples = [{ text = \"Có 5 hội viên.\", expect = [{ value = 6.0 }] }]\n",
    )
    .unwrap();
    let o = run(&["rules", "test", "--rules", rules.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).contains("wrong.example"), "{}", stdout(&o));
    let o = run(&[
        "run",
        "--rules",
        rules.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists());
}

#[test]
fn rules_check_reports_ok_for_the_default_pack() {
    let o = run(&["rules", "check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("ok: 9 metric(s)"), "{}", stdout(&o));
}

#[test]
fn tone_placement_is_configurable() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("t.jsonl");
    std::fs::write(
        &dump,
        "{\"id\":\"a\",\"text\":\"Tin\\nCông đoàn hoà giải, có 5 đoàn viên.\"}\n",
    )
    .unwrap();
    for (style, want) in [
        ("classic", "hòa giải"),
        ("modern", "hoà giải"),
        ("keep", "hoà giải"),
    ] {
        let out = dir.path().join(style);
        let o = run(&[
            "extract",
            dump.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--format",
            "jsonl",
            "--quiet",
            "--tones",
            style,
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let f = jsonl(&out.join("figures.jsonl"));
        assert!(
            f[0]["sentence"].as_str().unwrap().contains(want),
            "{style}: {}",
            f[0]["sentence"]
        );
    }
    let o = run(&[
        "extract",
        dump.to_str().unwrap(),
        "--out",
        dir.path().join("x").to_str().unwrap(),
        "--tones",
        "new",
    ]);
    assert_eq!(o.status.code(), Some(2), "a usage error");
    assert!(stderr(&o).contains("--tones new"));
}

/// `explain` marks every number of an article and says what became of it:
/// the figure with its attribution, or the rule that skipped it and why.
#[test]
fn explain_says_why_a_number_was_or_was_not_taken() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("tin.txt");
    std::fs::write(
        &article,
        "Công đoàn tổng kết năm 2019\nNăm 2019, Công đoàn Viên chức tỉnh X có 2.350 đoàn viên, \
         tăng 120 người so với 3 năm trước.\nXem thêm: 7 mẹo tiết kiệm điện\n",
    )
    .unwrap();
    let o = run(&["explain", article.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(s.contains("⟦2.350⟧"), "{s}");
    assert!(s.contains("2.350 → members 2350 (exact)"), "{s}");
    assert!(s.contains("year 2019"), "{s}");
    assert!(s.contains("3 → skipped by skip.time: a duration"), "{s}");
    assert!(s.contains("7 → not read"), "{s}");

    let o = run(&[
        "explain",
        "--json",
        "--text",
        "Có 5 tình nguyện viên và 2 giờ trực.",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let kinds: Vec<&str> = v["quantities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["outcome"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["figure", "skipped"]);

    // A dump record by id; an id that is not there is an error naming it.
    let dump = dir.path().join("d.jsonl");
    std::fs::write(
        &dump,
        "{\"id\":\"x1\",\"text\":\"Tin\\nCó 4 hộ nghèo.\"}\n{\"id\":\"x2\",\"text\":\"Tin\\nCó 9 hộ nghèo.\"}\n",
    )
    .unwrap();
    let o = run(&["explain", dump.to_str().unwrap(), "--id", "x2"]);
    assert!(stdout(&o).contains("9 → count 9"), "{}", stdout(&o));
    let o = run(&["explain", dump.to_str().unwrap(), "--id", "x9"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no record with id x9"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn charts_and_the_report_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run(&["run", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("report.html in a browser"),
        "{}",
        stdout(&o)
    );
    let page = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(page.contains("data-value=\"10141\"") && page.contains("<svg"));

    // `solieu report` on the figures just written finds the articles beside them.
    let figures = out.join("figures.parquet");
    let html = dir.path().join("r.html");
    let o = run(&[
        "report",
        "--figures",
        figures.to_str().unwrap(),
        "--out",
        html.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.contains("id=\"n-articles\">5<"),
        "the articles beside the figures"
    );

    // Charts as SVG and PNG.
    for name in ["yoy.svg", "yoy.png"] {
        let plot = dir.path().join(name);
        let o = run(&[
            "yoy",
            "--figures",
            figures.to_str().unwrap(),
            "--plot",
            plot.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let bytes = std::fs::read(&plot).unwrap();
        if name.ends_with("svg") {
            let svg = String::from_utf8(bytes).unwrap();
            assert!(
                svg.starts_with("<svg") && svg.contains("Công đoàn Viên chức thành phố Hà Nội")
            );
        } else {
            assert!(bytes.starts_with(b"\x89PNG"));
        }
    }

    // Usage errors exit 2 before anything is written; a missing input exits 1.
    let o = run(&[
        "yoy",
        "--figures",
        figures.to_str().unwrap(),
        "--plot",
        "x.gif",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("a chart is .svg or .png"),
        "{}",
        stderr(&o)
    );
    let o = run(&[
        "report",
        "--figures",
        figures.to_str().unwrap(),
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = run(&[
        "report",
        "--figures",
        "nothere.parquet",
        "--out",
        html.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not found"), "{}", stderr(&o));
}

/// Annotated texts that are not in the input (a page that could not be
/// rebuilt) are named and left out of the score, not counted as missed.
#[test]
fn score_leaves_out_annotated_texts_absent_from_the_input() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["000_f19b445ee888bcbf.txt", "002_429a2ac7f91ade5e.txt"] {
        std::fs::copy(root().join("corpus").join(name), dir.path().join(name)).unwrap();
    }
    let o = run(&[
        "score",
        "--gold",
        "tests/data/seeds.gold.jsonl",
        dir.path().to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(
        s.contains(
            "3 annotated texts are not in the input and are left out of the score: \
             001_e82909285ce8441c.txt, 003_bae495f69d9fefb3.txt, 004_39a298de7702a69f.txt"
        ),
        "{s}"
    );
    assert!(s.contains("R=1.000"), "{s}");
}
