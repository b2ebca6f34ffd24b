//! The rule model: a rule (an issue worth knowing about, mapped to compliance frameworks) is
//! made of facts, each a Cypher query returning the failing assets plus a count query for
//! the population the rule judges.

use std::fmt;
use std::str::FromStr;

use clap::ValueEnum;
use serde::{Deserialize, Serialize};

/// How bad a finding is; `--fail-on` compares against it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a fact is proven (`stable`) or new and possibly noisy (`experimental`, skipped
/// unless asked for).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Maturity {
    Experimental,
    Stable,
}

impl Maturity {
    pub fn as_str(self) -> &'static str {
        match self {
            Maturity::Experimental => "experimental",
            Maturity::Stable => "stable",
        }
    }
}

/// A link for readers of a finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub text: String,
    pub url: String,
}

/// A requirement of a compliance framework the rule evaluates, e.g. CIS AWS Foundations
/// 6.0.0 control 2.13.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// Full name: `CIS AWS Foundations Benchmark`.
    pub name: String,
    /// Family: `CIS`, `ISO27001`, `SOC2`.
    pub short_name: String,
    pub requirement: String,
    /// What the framework covers: `aws`, `gcp`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
    /// The control's own title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

impl Framework {
    /// `CIS:aws:6.0.0`, the key `rules frameworks` lists and `--framework` accepts.
    pub fn key(&self) -> String {
        let mut key = self.short_name.clone();
        for part in [&self.scope, &self.revision].into_iter().flatten() {
            key.push(':');
            key.push_str(part);
        }
        key
    }
}

/// One query that finds failing assets of one provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub id: String,
    pub name: String,
    pub description: String,
    /// The provider it applies to: `aws`, `gcp`, `azure`, `kubernetes`, ...
    pub provider: String,
    pub maturity: Maturity,
    /// Label of the failing asset (`AWSEC2Instance`).
    pub asset_label: String,
    /// The returned column holding the asset's id.
    pub asset_id_field: String,
    /// Returned columns that together identify one finding across runs.
    pub identity_fields: Vec<String>,
    /// Returns one row per finding.
    pub query: String,
    /// Returns one row with one integer: how many assets the fact judges.
    pub count_query: String,
}

/// A rule: data, never code, loaded from TOML or YAML.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub name: String,
    pub description: String,
    pub severity: Severity,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub remediation: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default = "first_version")]
    pub version: String,
    #[serde(default)]
    pub references: Vec<Reference>,
    #[serde(default)]
    pub frameworks: Vec<Framework>,
    pub facts: Vec<Fact>,
}

fn first_version() -> String {
    "0.1.0".into()
}

impl Rule {
    /// True when one of the rule's framework mappings matches `filter`.
    pub fn maps_to(&self, filter: &FrameworkFilter) -> bool {
        self.frameworks.iter().any(|f| filter.matches(f))
    }
}

/// `SHORT[:SCOPE[:REVISION[:REQUIREMENT]]]`, e.g. `CIS`, `CIS:aws`, `cis:aws:6.0.0:2.13`;
/// compared without regard to case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameworkFilter {
    parts: Vec<String>,
}

impl FromStr for FrameworkFilter {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let parts: Vec<String> = s
            .split(':')
            .map(|p| p.trim().to_ascii_lowercase())
            .collect();
        if parts.len() > 4 || parts.iter().any(String::is_empty) {
            return Err(format!(
                "`{s}` is not a framework: use SHORT[:SCOPE[:REVISION[:REQUIREMENT]]], e.g. CIS:aws:6.0.0"
            ));
        }
        Ok(FrameworkFilter { parts })
    }
}

impl FrameworkFilter {
    pub fn matches(&self, f: &Framework) -> bool {
        let fields = [
            Some(f.short_name.as_str()),
            f.scope.as_deref(),
            f.revision.as_deref(),
            Some(f.requirement.as_str()),
        ];
        self.parts
            .iter()
            .zip(fields)
            .all(|(want, have)| have.is_some_and(|h| h.eq_ignore_ascii_case(want)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cis(requirement: &str) -> Framework {
        Framework {
            name: "CIS AWS Foundations Benchmark".into(),
            short_name: "CIS".into(),
            requirement: requirement.into(),
            scope: Some("aws".into()),
            revision: Some("6.0.0".into()),
            title: None,
        }
    }

    #[test]
    fn framework_filters_match_by_prefix_without_case() {
        let f = cis("2.13");
        assert_eq!(f.key(), "CIS:aws:6.0.0");
        for ok in ["CIS", "cis:AWS", "CIS:aws:6.0.0", "CIS:aws:6.0.0:2.13"] {
            let filter: FrameworkFilter = ok.parse().unwrap_or_else(|e: String| panic!("{e}"));
            assert!(filter.matches(&f), "{ok}");
        }
        for no in ["ISO27001", "CIS:gcp", "CIS:aws:5.0.0", "CIS:aws:6.0.0:2.14"] {
            let filter: FrameworkFilter = no.parse().unwrap_or_else(|e: String| panic!("{e}"));
            assert!(!filter.matches(&f), "{no}");
        }
        assert!("CIS::x".parse::<FrameworkFilter>().is_err());
        assert!("a:b:c:d:e".parse::<FrameworkFilter>().is_err());
    }

    #[test]
    fn severities_are_ordered() {
        assert!(Severity::Critical > Severity::High && Severity::Low > Severity::Info);
    }
}
