//! Compiles the default rule pack (`rules/*.toml`) and the sample corpus
//! (`corpus/*.txt`) into the binary, so that an installed `solieu` needs no
//! source tree: `$OUT_DIR/builtin.rs` lists each file with its contents.

use std::path::Path;
use std::{env, fs};

fn main() {
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin.rs");
    let mut src = String::new();
    for (name, dir, ext) in [("RULES", "rules", "toml"), ("CORPUS", "corpus", "txt")] {
        println!("cargo:rerun-if-changed={dir}");
        let mut files: Vec<_> = fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == ext))
            .collect();
        files.sort();
        src.push_str(&format!(
            "/// `{dir}/*.{ext}`: file names and contents.\npub static {name}: &[(&str, &str)] = &[\n"
        ));
        for p in files {
            println!("cargo:rerun-if-changed={}", p.display());
            let file = p
                .file_name()
                .and_then(|n| n.to_str())
                .expect("UTF-8 file name");
            // The path is resolved when solieu compiles, from wherever the
            // checkout is then: a build reused from another copy of the
            // repository (as .ci/run makes) never points at a folder that
            // is gone.
            src.push_str(&format!(
                "    ({file:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/{dir}/{file}\"))),\n"
            ));
        }
        src.push_str("];\n");
    }
    fs::write(&out, src).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
