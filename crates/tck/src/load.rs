//! Finding the TCK's feature files and named graphs on disk.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::exec::Graphs;
use crate::gherkin;
use crate::run::FeatureJob;

/// Every `.feature` file under `dir/features`, sorted by path, parsed, and narrowed to the
/// scenarios matching `filters` (a filter matches a feature's path or a scenario's name).
pub fn features(dir: &Path, filters: &[String]) -> Result<Vec<FeatureJob>> {
    let root = dir.join("features");
    if !root.is_dir() {
        bail!(
            "{} is not a directory; point --tck-dir (or CARTOGRAPH_TCK_DIR) at the TCK",
            root.display()
        );
    }
    let mut files = Vec::new();
    walk(&root, &mut files)?;
    files.sort();
    let mut jobs = Vec::new();
    for file in files {
        let path = file
            .strip_prefix(&root)
            .unwrap_or(&file)
            .to_string_lossy()
            .replace('\\', "/");
        let path_matches = filters.is_empty() || filters.iter().any(|f| path.contains(f.as_str()));
        let parsed = std::fs::read_to_string(&file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))
            .and_then(|text| gherkin::parse(&text));
        let scenarios = match parsed {
            Ok(feature) if path_matches => Ok(feature.scenarios),
            Ok(feature) => Ok(feature
                .scenarios
                .into_iter()
                .filter(|s| filters.iter().any(|f| s.name.contains(f.as_str())))
                .collect()),
            Err(e) if path_matches => Err(e),
            Err(_) => continue,
        };
        if scenarios.as_ref().is_ok_and(Vec::is_empty) && !path_matches {
            continue;
        }
        jobs.push(FeatureJob { path, scenarios });
    }
    Ok(jobs)
}

/// The scenarios of the feature file at `path` (relative to `dir/features`).
pub fn feature_file(dir: &Path, path: &str) -> Result<Vec<gherkin::Scenario>, String> {
    read_feature(&dir.join("features").join(path))
}

fn read_feature(file: &Path) -> Result<Vec<gherkin::Scenario>, String> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    gherkin::parse(&text).map(|f| f.scenarios)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry
            .with_context(|| format!("cannot list {}", dir.display()))?
            .path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "feature") {
            out.push(path);
        }
    }
    Ok(())
}

/// The named graphs in `dir/graphs/NAME/*.cypher`, as statements to run in order.
/// A TCK without a graphs directory simply has none.
pub fn graphs(dir: &Path) -> Result<Graphs> {
    let root = dir.join("graphs");
    let mut graphs = Graphs::new();
    if !root.is_dir() {
        return Ok(graphs);
    }
    for entry in
        std::fs::read_dir(&root).with_context(|| format!("cannot list {}", root.display()))?
    {
        let gdir = entry
            .with_context(|| format!("cannot list {}", root.display()))?
            .path();
        let Some(name) = gdir.file_name().and_then(|n| n.to_str()).map(String::from) else {
            continue;
        };
        if !gdir.is_dir() {
            continue;
        }
        let mut scripts: Vec<PathBuf> = std::fs::read_dir(&gdir)
            .with_context(|| format!("cannot list {}", gdir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "cypher"))
            .collect();
        scripts.sort();
        let mut statements = Vec::new();
        for s in scripts {
            let text = std::fs::read_to_string(&s)
                .with_context(|| format!("cannot read {}", s.display()))?;
            statements.extend(split_statements(&text));
        }
        graphs.insert(name, statements);
    }
    Ok(graphs)
}

/// Split a script on `;` outside quotes, dropping empty statements.
fn split_statements(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in text.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None if matches!(c, '\'' | '"' | '`') => quote = Some(c),
            None if c == ';' => {
                out.push(std::mem::take(&mut current));
                continue;
            }
            None => {}
        }
        current.push(c);
    }
    out.push(current);
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_scripts() {
        assert_eq!(
            split_statements("CREATE (a {n: 'x;y'});\nCREATE ();\n\n"),
            vec!["CREATE (a {n: 'x;y'})", "CREATE ()"]
        );
        assert_eq!(split_statements("CREATE ()"), vec!["CREATE ()"]);
    }

    #[test]
    fn loads_and_filters() {
        let dir = std::env::temp_dir().join(format!("tck-load-{}", std::process::id()));
        let feats = dir.join("features/clauses");
        std::fs::create_dir_all(&feats).expect("dirs");
        std::fs::create_dir_all(dir.join("graphs/g1")).expect("dirs");
        std::fs::write(dir.join("graphs/g1/g1.cypher"), "CREATE ();").expect("write");
        std::fs::write(
            feats.join("A.feature"),
            "Feature: A\n  Scenario: alpha\n    Given any graph\n  Scenario: beta\n    Given any graph\n",
        )
        .expect("write");
        std::fs::write(feats.join("B.feature"), "not gherkin\n").expect("write");
        let all = features(&dir, &[]).expect("loads");
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].path, "clauses/A.feature");
        assert!(all[1].scenarios.is_err());
        let beta = features(&dir, &["beta".into()]).expect("loads");
        assert_eq!(beta.len(), 1);
        assert_eq!(beta[0].scenarios.as_ref().map(Vec::len), Ok(1));
        let by_path = features(&dir, &["A.feature".into()]).expect("loads");
        assert_eq!(by_path[0].scenarios.as_ref().map(Vec::len), Ok(2));
        assert_eq!(graphs(&dir).expect("graphs")["g1"], vec!["CREATE ()"]);
        assert_eq!(
            feature_file(&dir, "clauses/A.feature").map(|s| s.len()),
            Ok(2)
        );
        assert!(feature_file(&dir, "clauses/B.feature").is_err());
        assert!(features(&dir.join("missing"), &[]).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
