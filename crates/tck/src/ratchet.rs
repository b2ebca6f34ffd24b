//! The conformance ratchet: a committed minimum number of passing scenarios that a run may
//! not fall below, so that engine changes cannot silently lose TCK coverage.

use std::path::Path;

use anyhow::{Context, Result, bail};

/// Read `passed = N` from a ratchet file.
pub fn read(path: &Path) -> Result<u64> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read ratchet file {}", path.display()))?;
    parse(&text).with_context(|| format!("bad ratchet file {}", path.display()))
}

fn parse(text: &str) -> Result<u64> {
    let table: toml::Table = toml::from_str(text)?;
    match table.get("passed") {
        Some(toml::Value::Integer(n)) if *n >= 0 => Ok(u64::try_from(*n)?),
        Some(other) => bail!("`passed` must be a non-negative integer, found {other}"),
        None => bail!("no `passed = N` entry"),
    }
}

/// Record `passed` as the new minimum.
pub fn write(path: &Path, passed: u64) -> Result<()> {
    let text = format!(
        "# Minimum number of openCypher TCK scenarios that must pass; checked by `tck --ratchet`,\n\
         # rewritten by `tck --update-ratchet`.\npassed = {passed}\n"
    );
    std::fs::write(path, text)
        .with_context(|| format!("cannot write ratchet file {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let dir = std::env::temp_dir().join(format!("tck-ratchet-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join("ratchet.toml");
        write(&file, 1234).expect("writes");
        assert_eq!(read(&file).expect("reads"), 1234);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn rejects_bad_files() {
        assert!(parse("passed = -1").is_err());
        assert!(parse("passed = 'x'").is_err());
        assert!(parse("failed = 3").is_err());
        assert!(parse("passed = ").is_err());
        assert_eq!(parse("# c\npassed = 7\n").expect("parses"), 7);
    }
}
