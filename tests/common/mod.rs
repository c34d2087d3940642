//! Helpers shared by the integration tests.
// Each test file uses its own subset of these.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};

/// The crate's folder: `corpus/`, `rules/` and the tests' data live here.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every line of a JSON Lines file, parsed.
pub fn jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect()
}

/// Settings of the property tests: `cases` per property, or `SOLIEU_FUZZ_CASES=N`
/// for deeper local runs. The seed is fixed, so the suite gives one verdict on
/// every run, unless `SOLIEU_FUZZ_SEED` says `random` or gives a number.
pub fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    use proptest::test_runner::{Config, RngSeed};
    let cases = std::env::var("SOLIEU_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    let rng_seed = match std::env::var("SOLIEU_FUZZ_SEED").as_deref() {
        Ok("random") => RngSeed::Random,
        Ok(n) => RngSeed::Fixed(n.parse().expect("SOLIEU_FUZZ_SEED: a number or `random`")),
        Err(_) => RngSeed::Fixed(20_261_127),
    };
    Config {
        cases,
        rng_seed,
        failure_persistence: None,
        ..Config::default()
    }
}
