//! The HTML report as a person sees it: headless Chromium, driven through
//! chromedriver's WebDriver protocol, opens the report `solieu run` writes
//! for the sample corpus, finds the Hà Nội civil-servants union's members
//! (10141 in 2017, 9697 in 2019) in a chart and in the figures table,
//! clicks them and reads the sentence shown, saves a screenshot, and fails
//! on any console error or network request.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs
//! them). Without them the test says so and passes, unless
//! `SOLIEU_REQUIRE_BROWSER` is set, as `.ci/run` sets it.

use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ORG: &str = "Công đoàn Viên chức thành phố Hà Nội";

fn find(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// chromedriver, stopped when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 exchange with chromedriver; the JSON body of the answer.
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(120)))
        .map_err(|e| e.to_string())?;
    let payload = body.map(|b| b.to_string()).unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{payload}",
        payload.len()
    );
    s.write_all(req.as_bytes()).map_err(|e| e.to_string())?;
    // chromedriver keeps the connection open: read the header, then the
    // body by its length (or its chunks).
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    let split = loop {
        if let Some(k) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break k;
        }
        let n = s.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("connection closed before the header ended".into());
        }
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let mut body = raw[split + 4..].to_vec();
    let length = head.lines().find_map(|l| {
        l.strip_prefix("content-length:")
            .and_then(|n| n.trim().parse::<usize>().ok())
    });
    let chunked =
        head.contains("transfer-encoding: chunked") || head.contains("transfer-encoding:chunked");
    loop {
        let done = match length {
            Some(n) => body.len() >= n,
            None if chunked => body.windows(5).any(|w| w == b"0\r\n\r\n"),
            None => false,
        };
        if done {
            break;
        }
        let n = s.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&buf[..n]);
    }
    if chunked {
        body = unchunk(&body)?;
    }
    serde_json::from_slice(&body).map_err(|e| format!("{e}: {}", String::from_utf8_lossy(&body)))
}

fn unchunk(mut b: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let eol = b.windows(2).position(|w| w == b"\r\n").ok_or("bad chunk")?;
        let size = std::str::from_utf8(&b[..eol]).map_err(|e| e.to_string())?;
        let size = usize::from_str_radix(size.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|e| e.to_string())?;
        if size == 0 {
            return Ok(out);
        }
        let from = eol + 2;
        out.extend_from_slice(b.get(from..from + size).ok_or("short chunk")?);
        b = b.get(from + size + 2..).ok_or("short chunk")?;
    }
}

impl Driver {
    fn start(exe: &Path) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(exe)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let d = Driver { child, port };
        let until = Instant::now() + Duration::from_secs(30);
        while http(port, "GET", "/status", None)
            .ok()
            .and_then(|v| v["value"]["ready"].as_bool())
            != Some(true)
        {
            assert!(Instant::now() < until, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        d
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let v = http(self.port, method, path, body.as_ref())
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        if v["value"]["error"].is_string() {
            panic!("{method} {path}: {}", v["value"]);
        }
        v["value"].clone()
    }
}

/// A browser session.
struct Session<'a> {
    d: &'a Driver,
    id: String,
}

impl Session<'_> {
    fn at(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.id)
    }
    fn post(&self, rest: &str, body: Value) -> Value {
        self.d.call("POST", &self.at(rest), Some(body))
    }
    fn js(&self, script: &str) -> Value {
        self.post("/execute/sync", json!({ "script": script, "args": [] }))
    }
    fn element(&self, css: &str) -> String {
        let v = self.post("/element", json!({ "using": "css selector", "value": css }));
        v.as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element {css}"))
            .to_string()
    }
    fn click(&self, css: &str) {
        let e = self.element(css);
        self.post(&format!("/element/{e}/click"), json!({}));
    }
    fn type_into(&self, css: &str, text: &str) {
        let e = self.element(css);
        self.post(&format!("/element/{e}/value"), json!({ "text": text }));
    }
    fn text(&self, css: &str) -> String {
        let e = self.element(css);
        self.d
            .call("GET", &self.at(&format!("/element/{e}/text")), None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        let _ = http(self.d.port, "DELETE", &self.at(""), None);
    }
}

#[test]
fn the_report_shows_where_each_figure_came_from() {
    let (Some(browser), Some(driver)) = (
        find(&["chromium", "chromium-browser", "google-chrome"]),
        find(&["chromedriver"]),
    ) else {
        assert!(
            std::env::var_os("SOLIEU_REQUIRE_BROWSER").is_none(),
            "SOLIEU_REQUIRE_BROWSER is set but chromium or chromedriver is not on PATH"
        );
        eprintln!("skipped: chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
        return;
    };

    // The report of the sample corpus, as `solieu run` writes it.
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("output");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let status = Command::new(env!("CARGO_BIN_EXE_solieu"))
        .args(["run", "--quiet", "--corpus"])
        .arg(&corpus)
        .arg("--out")
        .arg(&out)
        .status()
        .expect("run solieu");
    assert!(status.success());
    let page = out.join("report.html");
    assert!(page.is_file(), "solieu run wrote no report.html");

    let d = Driver::start(&driver);
    let profile = tmp.path().join("profile");
    let caps = json!({ "capabilities": { "alwaysMatch": {
        "browserName": "chrome",
        "goog:loggingPrefs": { "browser": "ALL" },
        "goog:chromeOptions": {
            "binary": browser.to_string_lossy(),
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1800",
                format!("--user-data-dir={}", profile.display()),
            ],
        },
    }}});
    let v = d.call("POST", "/session", Some(caps));
    let s = Session {
        d: &d,
        id: v["sessionId"].as_str().expect("session id").to_string(),
    };
    s.post(
        "/url",
        json!({ "url": format!("file://{}", page.display()) }),
    );

    // The chart of members has the union's two points.
    let points = s.js(
        "return Array.from(document.querySelectorAll('#charts figure[data-metric=\"members\"] .pt'))\
         .map(p => [p.dataset.org, p.dataset.year, p.dataset.value]);",
    );
    for (year, value) in [("2017", "10141"), ("2019", "9697")] {
        assert!(
            points
                .as_array()
                .is_some_and(|ps| ps.contains(&json!([ORG, year, value]))),
            "no chart point {value} ({year}) of {ORG}: {points}"
        );
    }

    // A person picks "members" in the summary and types the union's name.
    s.click("a[data-filter-metric=\"members\"]");
    s.type_into("#f-org", "viên chức thành phố");
    let rows = s.js(
        "return Array.from(document.querySelectorAll('#ftable tbody tr'))\
         .map(r => [r.children[0].textContent, r.children[1].textContent, r.querySelector('.value').dataset.value]);",
    );
    for (year, value) in [("2017", "10141"), ("2019", "9697")] {
        assert!(
            rows.as_array()
                .is_some_and(|rs| rs.contains(&json!([year, ORG, value]))),
            "no table row {value} ({year}): {rows}"
        );
    }

    // Clicking the figure shows its sentence with the figure marked.
    s.click("#ftable td.value[data-value=\"10141\"]");
    let sentence = s.text("#d-sentence");
    let marked = s.text("#d-sentence mark");
    assert!(
        marked.replace('.', "").contains("10141"),
        "marked: {marked}"
    );
    assert!(
        sentence.contains(&marked) && sentence.len() > marked.len() + 20,
        "{sentence}"
    );
    let detail = s.text("#d-body");
    assert!(
        detail.contains("members") && detail.contains(ORG),
        "{detail}"
    );

    // So does clicking a point of the chart.
    s.click("#charts figure[data-metric=\"members\"] .pt[data-value=\"9697\"]");
    let marked = s.text("#d-sentence mark");
    assert!(
        marked.replace('.', "").contains("9697"),
        "after a chart click, marked: {marked}"
    );

    // A screenshot for a person to look at.
    let shot = s.d.call("GET", &s.at("/screenshot"), None);
    use base64::Engine as _;
    let png = base64::engine::general_purpose::STANDARD
        .decode(shot.as_str().unwrap_or_default())
        .expect("screenshot");
    assert!(png.starts_with(b"\x89PNG"));
    let keep = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report.png");
    std::fs::write(&keep, &png).expect("write screenshot");
    eprintln!("screenshot: {}", keep.display());

    // Nothing was fetched, nothing went wrong in the console.
    let fetched = s.js("return performance.getEntriesByType('resource').map(r => r.name);");
    assert_eq!(fetched, json!([]), "the report fetched resources");
    let log = s.post("/se/log", json!({ "type": "browser" }));
    let severe: Vec<&Value> = log
        .as_array()
        .map(|l| l.iter().filter(|e| e["level"] == "SEVERE").collect())
        .unwrap_or_default();
    assert!(severe.is_empty(), "console errors: {severe:?}");
}
