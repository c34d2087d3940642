//! Reading rule files: every `*.toml` of a folder, parsed into [`PackFile`]s.

use super::{PackErrors, PackFile, RuleError};
use std::path::{Path, PathBuf};

/// One parsed file of a pack.
#[derive(Clone, Debug)]
pub struct PackSource {
    pub path: PathBuf,
    pub file: PackFile,
}

/// Read every `*.toml` file of `dir` (sorted by name). All syntax errors are
/// collected before returning.
pub fn load_files(dir: &Path) -> Result<Vec<PackSource>, PackErrors> {
    let err = |message: String| {
        PackErrors(vec![RuleError {
            file: dir.to_path_buf(),
            rule: None,
            message,
        }])
    };
    if !dir.exists() {
        return Err(err("rule folder not found".into()));
    }
    if !dir.is_dir() {
        return Err(err("not a folder".into()));
    }
    let entries = std::fs::read_dir(dir).map_err(|e| err(format!("cannot read folder: {e}")))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(err("no *.toml rule files in folder".into()));
    }
    let mut texts = Vec::with_capacity(paths.len());
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::read_to_string(&path) {
            Ok(text) => texts.push((path, text)),
            Err(e) => errors.push(RuleError {
                file: path,
                rule: None,
                message: format!("cannot read: {e}"),
            }),
        }
    }
    match load_sources(texts) {
        Ok(sources) if errors.is_empty() => Ok(sources),
        Ok(_) => Err(PackErrors(errors)),
        Err(PackErrors(more)) => {
            errors.extend(more);
            Err(PackErrors(errors))
        }
    }
}

/// Parse rule files given as (path, text) pairs; the path is only used in
/// error messages. Useful for packs built in memory (tests, benchmarks).
pub fn load_sources(texts: Vec<(PathBuf, String)>) -> Result<Vec<PackSource>, PackErrors> {
    let mut out = Vec::with_capacity(texts.len());
    let mut errors = Vec::new();
    for (path, text) in texts {
        match toml::from_str::<PackFile>(&text) {
            Ok(file) => out.push(PackSource { path, file }),
            Err(e) => {
                let at = e
                    .span()
                    .map(|s| {
                        let (line, col) = line_col(&text, s.start);
                        format!("{line}:{col}: ")
                    })
                    .unwrap_or_default();
                let message = e.message().replace('\n', " ");
                errors.push(RuleError {
                    file: path,
                    rule: None,
                    message: format!("{at}TOML error: {message}"),
                });
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(PackErrors(errors))
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_errors_name_file_line_and_column() {
        let bad = "[[rule]]\nid = \"x\"\nmetric = \n".to_string();
        let err = load_sources(vec![(PathBuf::from("rules/bad.toml"), bad)]).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("rules/bad.toml: 3:"), "{msg}");
        assert!(msg.contains("TOML error"), "{msg}");
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let bad = "[[metric]]\nid = \"x\"\nunit = \"y\"\ncolour = 1\n".to_string();
        let err = load_sources(vec![(PathBuf::from("a.toml"), bad)]).unwrap_err();
        assert!(err.to_string().contains("colour"), "{err}");
    }

    #[test]
    fn missing_folder_is_one_line() {
        let err = load_files(Path::new("/no/such/rules")).unwrap_err();
        assert_eq!(err.to_string(), "/no/such/rules: rule folder not found");
    }
}
