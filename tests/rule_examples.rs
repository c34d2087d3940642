//! Every example of every rule in rules/ is a test.

#[test]
fn every_rule_example_passes() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let pack = solieu::rules::load(&dir).unwrap_or_else(|e| panic!("{e}"));
    let engine = solieu::pipeline::Engine::new(pack).expect("engine");
    let n: usize = engine.pack.rules.iter().map(|r| r.def.examples.len()).sum();
    let failures = solieu::rules::run_examples(&engine);
    println!("{} rule examples, {} failed", n, failures.len());
    for f in &failures {
        println!("{f}");
    }
    assert!(n >= 30, "only {n} examples");
    assert!(failures.is_empty(), "{} example(s) failed", failures.len());
    // Every rule carries examples.
    for r in &engine.pack.rules {
        assert!(
            !r.def.examples.is_empty(),
            "rule {} has no example",
            r.def.id
        );
    }
}
