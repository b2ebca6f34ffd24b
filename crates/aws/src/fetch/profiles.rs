//! The profiles of the shared config and credentials files, for `--aws-sync-all-profiles`.

use std::collections::BTreeSet;
use std::path::PathBuf;

/// Every profile named in `AWS_CONFIG_FILE` (default `~/.aws/config`) and
/// `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/credentials`), except `default`, which
/// names one of the others or the caller's own account (as Cartography does). Missing files
/// contribute nothing.
pub fn profile_names() -> Vec<String> {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let file = |var: &str, default: &str| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join(".aws").join(default)))
    };
    let mut names = BTreeSet::new();
    if let Some(text) = file("AWS_CONFIG_FILE", "config").and_then(|p| read(&p)) {
        names.extend(sections(&text, true));
    }
    if let Some(text) = file("AWS_SHARED_CREDENTIALS_FILE", "credentials").and_then(|p| read(&p)) {
        names.extend(sections(&text, false));
    }
    names.remove("default");
    names.into_iter().collect()
}

fn read(path: &std::path::Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

/// Profile names of one file. In the config file profiles are `[profile NAME]` (or
/// `[default]`); other sections (`sso-session`, `services`) are not profiles.
fn sections(text: &str, config_file: bool) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let inner = line.trim().strip_prefix('[')?.strip_suffix(']')?.trim();
            if !config_file {
                return Some(inner.to_string());
            }
            match inner.split_once(char::is_whitespace) {
                Some(("profile", name)) => Some(name.trim().to_string()),
                None if inner == "default" => Some(inner.to_string()),
                _ => None,
            }
        })
        .filter(|n| !n.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_come_from_section_headers() {
        let config = "[default]\nregion = x\n[profile prod]\nrole_arn = a\n[sso-session s]\n\
                      [services local]\n [ profile  dev ] \n";
        assert_eq!(sections(config, true), vec!["default", "prod", "dev"]);
        assert_eq!(sections("[a]\nk=v\n[b]\n", false), vec!["a", "b"]);
    }
}
