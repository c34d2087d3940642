//! What a new user meets first: the binary works away from the source tree
//! (built-in rule pack and sample corpus), inputs of the wrong kind are
//! refused rather than read as text, usage errors exit 2 with a clear
//! message, `rules check` gives the verdict `extract` gives, and the tables
//! carry types every reader understands.

use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::{jsonl, root};

/// The built binary, run in `dir`, with no `SOLIEU_RULES` from the caller.
fn solieu(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_solieu"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOLIEU_RULES")
        .output()
        .expect("run solieu")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A copy of the binary in an empty folder, far from the checkout: `run`,
/// `rules`, `gen-corpus` work from what is compiled in.
#[test]
fn an_installed_binary_needs_no_source_tree() {
    let home = tempfile::tempdir().unwrap();
    let bin = home.path().join("solieu");
    std::fs::copy(env!("CARGO_BIN_EXE_solieu"), &bin).unwrap();
    let work = home.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let run = |args: &[&str]| {
        Command::new(&bin)
            .args(args)
            .current_dir(&work)
            .env_remove("SOLIEU_RULES")
            .output()
            .unwrap()
    };

    let o = run(&["run", "--quiet"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let figures = jsonl(&work.join("output/figures.jsonl"));
    assert!(figures.len() > 30, "{} figures", figures.len());
    let members: Vec<f64> = figures
        .iter()
        .filter(|f| f["metric"] == "members")
        .filter_map(|f| f["value"].as_f64())
        .collect();
    assert_eq!(members, [10141.0, 9697.0]);

    let o = run(&["rules", "check"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("built-in rule pack"),
        "{}",
        text(&o.stdout)
    );
    let o = run(&["rules", "init", "myrules"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(work.join("myrules/metrics.toml").is_file());
    // A second init never overwrites what the user edited.
    assert_eq!(run(&["rules", "init", "myrules"]).status.code(), Some(1));
    let o = run(&["rules", "check", "--rules", "myrules"]);
    assert!(o.status.success(), "{}", text(&o.stderr));

    let o = run(&[
        "gen-corpus",
        "--size",
        "200KB",
        "--out",
        "g.jsonl",
        "--seed",
        "3",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(work.join("g.jsonl").metadata().unwrap().len() > 100_000);

    // No folder of the build machine is compiled in.
    let bytes = std::fs::read(&bin).unwrap();
    let checkout = root().to_string_lossy().into_owned();
    assert!(
        memchr::memmem::find(&bytes, checkout.as_bytes()).is_none(),
        "the binary names {checkout}"
    );
}

/// `SOLIEU_RULES` names the pack when no `--rules` is given.
#[test]
fn the_rule_pack_can_come_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_solieu"))
        .args(["rules", "check"])
        .current_dir(dir.path())
        .env("SOLIEU_RULES", dir.path().join("nothere"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("nothere"), "{}", text(&o.stderr));
}

#[test]
fn json_files_are_records_and_unknown_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let record = |id: &str, n: u32| {
        format!("{{\"id\":\"{id}\",\"text\":\"Tin\\nCông đoàn có {n} đoàn viên.\"}}")
    };
    std::fs::write(
        d.join("array.json"),
        format!("[{}, {}]", record("a1", 120), record("a2", 130)),
    )
    .unwrap();
    std::fs::write(
        d.join("lines.json"),
        format!("{}\n{}\n", record("l1", 140), record("l2", 150)),
    )
    .unwrap();
    let o = solieu(
        d,
        &[
            "extract",
            "array.json",
            "lines.json",
            "--out",
            "out",
            "--format",
            "jsonl",
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let articles = jsonl(&d.join("out/articles.jsonl"));
    let ids: Vec<&str> = articles
        .iter()
        .filter_map(|a| a["article_id"].as_str())
        .collect();
    assert_eq!(ids, ["a1", "a2", "l1", "l2"]);
    assert!(articles.iter().all(|a| a["status"] == "ok"));
    let values: Vec<f64> = jsonl(&d.join("out/figures.jsonl"))
        .iter()
        .filter_map(|f| f["value"].as_f64())
        .collect();
    assert_eq!(values, [120.0, 130.0, 140.0, 150.0]);

    std::fs::write(d.join("table.csv"), "id,text\n1,Có 5 hộ\n").unwrap();
    let o = solieu(d, &["extract", "table.csv", "--out", "out2"]);
    assert_eq!(o.status.code(), Some(1));
    let e = text(&o.stderr);
    assert!(e.contains("table.csv") && e.contains("not an input"), "{e}");
    assert!(
        !d.join("out2").exists(),
        "output written for a refused input"
    );
}

#[test]
fn usage_errors_exit_2_and_say_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (args, says) in [
        (&["run", "--partition-by", "org"][..], "--partition-by org"),
        (&["run", "--format", "xlsx"][..], "xlsx"),
        (&["run", "--shard", "3/2"][..], "--shard 3/2"),
        (&["run", "--out", "-"][..], "--out -"),
        (&["run", "--tones", "odd"][..], "--tones odd"),
        (&["run", "--no-such-flag"][..], "--no-such-flag"),
    ] {
        let o = solieu(d, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o.stderr));
        assert!(
            text(&o.stderr).contains(says),
            "{args:?}: {}",
            text(&o.stderr)
        );
    }
    assert!(!d.join("-").exists());

    let o = solieu(d, &["yoy", "--figures", "nothere"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("nothere: not found"),
        "{}",
        text(&o.stderr)
    );

    let o = solieu(d, &["run", "--quiet", "--out", "o"]);
    assert!(o.status.success());
    let o = solieu(
        d,
        &[
            "yoy",
            "--figures",
            "o/figures.parquet",
            "--metric",
            "nosuch",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let e = text(&o.stderr);
    assert!(e.contains("nosuch") && e.contains("members"), "{e}");
}

/// `rules check` runs the examples: a pack it calls ok is one `extract`
/// accepts.
#[test]
fn rules_check_gives_the_verdict_extract_gives() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(solieu(d, &["rules", "init", "r"]).status.success());
    std::fs::write(
        d.join("r/zz.toml"),
        "[[rule]]\nid = \"x.wrong\"\nmetric = \"count\"\npriority = 99\nafter = 'hội\\s+viên'\n\
         examples = [{ text = \"Có 5 hội viên.\", expect = [{ value = 6.0 }] }]\n",
    )
    .unwrap();
    let check = solieu(d, &["rules", "check", "--rules", "r"]);
    assert_eq!(check.status.code(), Some(2));
    assert!(
        text(&check.stderr).contains("x.wrong"),
        "{}",
        text(&check.stderr)
    );
    std::fs::write(d.join("a.txt"), "Tin\nCó 5 hội viên.\n").unwrap();
    let extract = solieu(d, &["extract", "a.txt", "--out", "o", "--rules", "r"]);
    assert_eq!(extract.status.code(), Some(2));
}

/// `run` prints the first rows of the year-over-year table and says where
/// the rest is; the progress bar and the summary count in MB.
#[test]
fn run_prints_a_bounded_table() {
    let dir = tempfile::tempdir().unwrap();
    let o = solieu(dir.path(), &["run", "--limit", "3", "--format", "jsonl"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let s = text(&o.stdout);
    assert!(s.contains("more row(s) in output/yoy.jsonl"), "{s}");
    assert!(s.contains(" MB "), "{s}");
    assert!(!s.contains("MiB"), "{s}");
}

/// Dates are dates, counts are 64-bit signed integers, strings are plain
/// UTF-8 (no Arrow string views), and CSV can open with a byte order mark.
#[test]
fn tables_carry_types_every_reader_understands() {
    use polars::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("dump.jsonl"),
        "{\"id\":\"a\",\"published\":\"2019-09-03T15:07\",\"text\":\"Tin\\nCó 5 hộ nghèo.\"}\n\
         {\"id\":\"b\",\"published\":\"03/09/2020\",\"text\":\"Tin\\nCó 7 hộ nghèo.\"}\n\
         {\"id\":\"c\",\"text\":\"Tin\\nCó 9 hộ nghèo.\"}\n",
    )
    .unwrap();
    let o = solieu(
        d,
        &[
            "extract",
            "dump.jsonl",
            "--out",
            "o",
            "--format",
            "parquet,jsonl,csv",
            "--csv-bom",
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let file = std::fs::File::open(d.join("o/articles.parquet")).unwrap();
    let df = ParquetReader::new(file).finish().unwrap();
    assert_eq!(df.column("published").unwrap().dtype(), &DataType::Date);
    assert_eq!(
        df.column("published_time").unwrap().dtype(),
        &DataType::Time
    );
    assert_eq!(df.column("chars").unwrap().dtype(), &DataType::Int64);
    assert_eq!(df.column("figures").unwrap().dtype(), &DataType::Int64);
    let file = std::fs::File::open(d.join("o/figures.parquet")).unwrap();
    let figures = ParquetReader::new(file).finish().unwrap();
    for c in ["start", "end", "part_of"] {
        assert_eq!(figures.column(c).unwrap().dtype(), &DataType::Int64, "{c}");
    }
    assert_eq!(figures.column("year").unwrap().dtype(), &DataType::Int32);
    let articles = jsonl(&d.join("o/articles.jsonl"));
    assert_eq!(articles[0]["published"], "2019-09-03");
    assert_eq!(articles[0]["published_time"], "15:07:00");
    assert_eq!(articles[1]["published"], "2020-09-03");
    assert!(articles[1]["published_time"].is_null());
    assert!(articles[2]["published"].is_null());
    // The Arrow schema in the parquet footer names plain strings: no
    // string views (Arrow's "vu" format), which older readers refuse.
    for table in ["figures", "articles"] {
        let mut file = std::fs::File::open(d.join(format!("o/{table}.parquet"))).unwrap();
        let meta = polars_parquet::parquet::read::read_metadata(&mut file).unwrap();
        let encoded = meta
            .key_value_metadata
            .as_ref()
            .and_then(|kv| kv.iter().find(|kv| kv.key == "ARROW:schema"))
            .and_then(|kv| kv.value.clone())
            .unwrap_or_else(|| panic!("{table}: no ARROW:schema key"));
        use base64::Engine as _;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .unwrap();
        // An IPC message: continuation marker and length, then the schema.
        let message = if bytes[..4] == [255; 4] {
            &bytes[8..]
        } else {
            &bytes[..]
        };
        let schema = polars_arrow::io::ipc::read::deserialize_schema(message)
            .unwrap()
            .0;
        let text = schema.get("article_id").unwrap();
        assert_eq!(
            text.dtype,
            polars::prelude::ArrowDataType::LargeUtf8,
            "{table}: article_id"
        );
        assert!(
            schema
                .iter_values()
                .all(|f| f.dtype != polars::prelude::ArrowDataType::Utf8View),
            "{table}: string views in the Arrow schema"
        );
    }
    let csv = std::fs::read(d.join("o/figures.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}article_id,".as_bytes()));
}

/// Output into a pipe whose reader has gone (`solieu run | head -1`) ends
/// the program quietly, as with other command-line tools, not in a panic.
#[test]
fn a_closed_pipe_is_no_crash() {
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_solieu"))
        .args(["run", "--out", "o"])
        .current_dir(dir.path())
        .env_remove("SOLIEU_RULES")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close the reading end before the first line is printed.
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    let err = text(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(o.status.code(), Some(101), "{err}");
}
