//! The optional TOML configuration of `cartograph sync` (`--config FILE`): the same keys as
//! the command-line flags, without the leading dashes. Flags and `CARTOGRAPH_*` environment
//! variables override the file; unknown keys are an error, so typos do not go unnoticed.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Deserialize;

/// A list given either as a TOML array or as one comma-separated string.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum List {
    Many(Vec<String>),
    One(String),
}

impl List {
    pub fn items(&self) -> Vec<String> {
        let split = |s: &str| {
            s.split(',')
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(String::from)
                .collect::<Vec<_>>()
        };
        match self {
            List::Many(v) => v.iter().flat_map(|s| split(s)).collect(),
            List::One(s) => split(s),
        }
    }
}

#[derive(Debug, Default, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SyncConfig {
    pub selected_modules: Option<List>,
    pub aws: Option<bool>,
    pub aws_sync_all_profiles: Option<bool>,
    pub aws_regions: Option<List>,
    pub aws_requested_syncs: Option<List>,
    pub aws_max_attempts: Option<u32>,
    pub update_tag: Option<i64>,
    pub concurrency: Option<usize>,
    pub fail_fast: Option<bool>,
    pub best_effort: Option<bool>,
    pub db: Option<PathBuf>,
    pub summary: Option<PathBuf>,
    pub permission_relationships_file: Option<PathBuf>,
}

impl SyncConfig {
    pub fn load(path: &Path) -> Result<SyncConfig> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the config file {}", path.display()))?;
        SyncConfig::parse(&text).with_context(|| format!("in the config file {}", path.display()))
    }

    fn parse(text: &str) -> Result<SyncConfig> {
        let config: SyncConfig = toml::from_str(text)?;
        if config.fail_fast == Some(true) && config.best_effort == Some(true) {
            anyhow::bail!("`fail-fast` and `best-effort` cannot both be true");
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_mirror_the_flags() {
        let c = SyncConfig::parse(
            "aws = true\naws-regions = \"us-east-1, eu-west-1\"\n\
             aws-requested-syncs = [\"iam\", \"ec2:instance\"]\nconcurrency = 4\n",
        );
        let c = c.unwrap_or_default();
        assert_eq!(c.aws, Some(true));
        assert_eq!(
            c.aws_regions.map(|l| l.items()),
            Some(vec!["us-east-1".to_string(), "eu-west-1".to_string()])
        );
        assert_eq!(
            c.aws_requested_syncs.map(|l| l.items()),
            Some(vec!["iam".to_string(), "ec2:instance".to_string()])
        );
        assert_eq!(c.concurrency, Some(4));
    }

    #[test]
    fn unknown_and_conflicting_keys_are_errors() {
        let e = SyncConfig::parse("aws-region = \"x\"\n").err();
        assert!(e.is_some_and(|e| format!("{e:#}").contains("unknown field `aws-region`")));
        let e = SyncConfig::parse("fail-fast = true\nbest-effort = true\n").err();
        assert!(e.is_some_and(|e| e.to_string().contains("cannot both be true")));
    }
}
