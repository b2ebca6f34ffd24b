//! The rules cartograph knows: the built-in rule files embedded in the binary, then any
//! `*.toml`, `*.yaml` or `*.yml` in the user's rule directories (a user rule replaces a
//! built-in one of the same id, with a warning). Both syntaxes describe the same model: a
//! top-level `rules` list.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Deserialize;
use thiserror::Error;

use crate::model::{Fact, FrameworkFilter, Rule};

/// Built-in rule files: (name, text).
const BUILT_IN: &[(&str, &str)] = &[
    (
        "cis_aws_iam.toml",
        include_str!("../rules/cis_aws_iam.toml"),
    ),
    (
        "cis_aws_storage.toml",
        include_str!("../rules/cis_aws_storage.toml"),
    ),
    (
        "cis_aws_logging.toml",
        include_str!("../rules/cis_aws_logging.toml"),
    ),
    (
        "cis_aws_networking.toml",
        include_str!("../rules/cis_aws_networking.toml"),
    ),
    ("exposure.yaml", include_str!("../rules/exposure.yaml")),
];

/// The syntax of a rule file, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Toml,
    Yaml,
}

impl Syntax {
    /// `toml`, `yaml` or `yml`; anything else is not a rule file.
    pub fn of(file: &Path) -> Option<Syntax> {
        match file.extension()?.to_str()? {
            "toml" => Some(Syntax::Toml),
            "yaml" | "yml" => Some(Syntax::Yaml),
            _ => None,
        }
    }
}

/// A rule file that could not be used.
#[derive(Debug, Error)]
pub enum RuleError {
    #[error("cannot read rules from {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("rule file {file} is not valid: {message}")]
    Syntax { file: String, message: String },
    #[error("rule file {file}, rule `{rule}`: {message}")]
    Invalid {
        file: String,
        rule: String,
        message: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    rules: Vec<Rule>,
}

/// Every known rule, in load order.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    pub warnings: Vec<String>,
}

impl RuleSet {
    /// The built-in rules.
    pub fn built_in() -> Result<RuleSet, RuleError> {
        let mut set = RuleSet::default();
        for (file, text) in BUILT_IN {
            set.add_file(file, text)?;
        }
        Ok(set)
    }

    /// The built-in rules, then every rule file of each directory (sorted by name).
    pub fn load(dirs: &[impl AsRef<Path>]) -> Result<RuleSet, RuleError> {
        let mut set = RuleSet::built_in()?;
        for dir in dirs {
            let dir = dir.as_ref();
            let io = |source| RuleError::Io {
                path: dir.display().to_string(),
                source,
            };
            let mut files = Vec::new();
            for entry in std::fs::read_dir(dir).map_err(io)? {
                let path = entry.map_err(io)?.path();
                if Syntax::of(&path).is_some() && path.is_file() {
                    files.push(path);
                }
            }
            files.sort();
            for path in files {
                let text = std::fs::read_to_string(&path).map_err(|source| RuleError::Io {
                    path: path.display().to_string(),
                    source,
                })?;
                set.add_file(&path.display().to_string(), &text)?;
            }
        }
        Ok(set)
    }

    /// Parse and validate one rule file (TOML or YAML, by the extension of `file`) and add
    /// its rules.
    pub fn add_file(&mut self, file: &str, text: &str) -> Result<(), RuleError> {
        let syntax_error = |message: String| RuleError::Syntax {
            file: file.to_string(),
            message,
        };
        let parsed: RuleFile = match Syntax::of(Path::new(file)) {
            Some(Syntax::Toml) => toml::from_str(text).map_err(|e| syntax_error(e.to_string()))?,
            Some(Syntax::Yaml) => {
                serde_saphyr::from_str(text).map_err(|e| syntax_error(e.to_string()))?
            }
            None => {
                return Err(syntax_error(
                    "rule files end in .toml, .yaml or .yml".into(),
                ));
            }
        };
        for rule in parsed.rules {
            validate(&rule).map_err(|message| RuleError::Invalid {
                file: file.to_string(),
                rule: rule.id.clone(),
                message,
            })?;
            if let Some(old) = self.rules.iter_mut().find(|r| r.id == rule.id) {
                self.warnings.push(format!(
                    "rule `{}` from {file} replaces an earlier one",
                    rule.id
                ));
                *old = rule;
            } else {
                self.rules.push(rule);
            }
        }
        Ok(())
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Rules mapped to `filter` (all rules without one).
    pub fn filtered(&self, filter: Option<&FrameworkFilter>) -> Vec<&Rule> {
        self.rules
            .iter()
            .filter(|r| filter.is_none_or(|f| r.maps_to(f)))
            .collect()
    }
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
}

fn validate(rule: &Rule) -> Result<(), String> {
    if !is_identifier(&rule.id) {
        return Err("the id must be letters, digits, `_`, `-` or `.`".into());
    }
    if rule.facts.is_empty() {
        return Err("a rule needs at least one fact".into());
    }
    let mut ids = BTreeSet::new();
    for fact in &rule.facts {
        validate_fact(fact).map_err(|m| format!("fact `{}`: {m}", fact.id))?;
        if !ids.insert(&fact.id) {
            return Err(format!("fact `{}` appears twice", fact.id));
        }
    }
    Ok(())
}

fn validate_fact(fact: &Fact) -> Result<(), String> {
    if !is_identifier(&fact.id) {
        return Err("the id must be letters, digits, `_`, `-` or `.`".into());
    }
    if fact.identity_fields.is_empty() {
        return Err("`identity_fields` must name at least one returned column".into());
    }
    for (what, text) in [("query", &fact.query), ("count_query", &fact.count_query)] {
        if text.trim().is_empty() {
            return Err(format!("`{what}` is empty"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const USER_RULE: &str = r#"
[[rules]]
id = "aws_ec2_instances_use_imdsv2"
name = "Replaced"
description = "d"
severity = "low"

[[rules.facts]]
id = "f"
name = "f"
description = "d"
provider = "aws"
maturity = "stable"
asset_label = "AWSEC2Instance"
asset_id_field = "id"
identity_fields = ["id"]
query = "MATCH (i:AWSEC2Instance) RETURN i.id AS id"
count_query = "MATCH (i:AWSEC2Instance) RETURN count(i)"
"#;

    /// `USER_RULE` in YAML, under another id.
    const USER_RULE_YAML: &str = r#"
rules:
  - id: yaml_rule
    name: From YAML
    description: d
    severity: medium
    frameworks:
      - name: CIS AWS Foundations Benchmark
        short_name: CIS
        scope: aws
        revision: "6.0.0"
        requirement: "2.3"
    facts:
      - id: f
        name: f
        description: d
        provider: aws
        maturity: experimental
        asset_label: AWSEC2Instance
        asset_id_field: id
        identity_fields: [id]
        query: |
          MATCH (i:AWSEC2Instance)
          RETURN i.id AS id
        count_query: MATCH (i:AWSEC2Instance) RETURN count(i)
"#;

    #[test]
    fn built_in_rules_load_and_carry_frameworks() {
        let set = RuleSet::built_in().unwrap_or_else(|e| panic!("{e}"));
        assert!(set.rules.len() >= 25, "{}", set.rules.len());
        assert!(set.warnings.is_empty(), "{:?}", set.warnings);
        let cis: FrameworkFilter = "CIS:aws".parse().unwrap_or_else(|e: String| panic!("{e}"));
        assert!(set.filtered(Some(&cis)).len() >= 18);
        for rule in &set.rules {
            assert!(
                !rule.frameworks.is_empty() || rule.tags.iter().any(|t| t == "exposure"),
                "{}",
                rule.id
            );
        }
    }

    #[test]
    fn user_directories_override_and_bad_files_are_named() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join("mine.toml"), USER_RULE).unwrap_or_else(|e| panic!("{e}"));
        let set = RuleSet::load(&[dir.path()]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            set.get("aws_ec2_instances_use_imdsv2")
                .map(|r| r.name.as_str()),
            Some("Replaced")
        );
        assert_eq!(set.warnings.len(), 1);

        std::fs::write(
            dir.path().join("z.toml"),
            USER_RULE.replace("identity_fields = [\"id\"]", "identity_fields = []"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let err = RuleSet::load(&[dir.path()])
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains(
                "z.toml, rule `aws_ec2_instances_use_imdsv2`: fact `f`: `identity_fields`"
            ),
            "{err}"
        );

        std::fs::write(dir.path().join("z.toml"), "[[rules]]\nid = 3")
            .unwrap_or_else(|e| panic!("{e}"));
        let err = RuleSet::load(&[dir.path()])
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.starts_with("rule file ") && err.contains("z.toml is not valid"),
            "{err}"
        );
        assert!(RuleSet::load(&[dir.path().join("missing")]).is_err());
    }

    #[test]
    fn yaml_rule_files_mean_the_same_as_toml_ones() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join("mine.yaml"), USER_RULE_YAML)
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join("ignored.txt"), "not a rule file")
            .unwrap_or_else(|e| panic!("{e}"));
        let set = RuleSet::load(&[dir.path()]).unwrap_or_else(|e| panic!("{e}"));
        let built_in = RuleSet::built_in().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(set.rules.len(), built_in.rules.len() + 1);
        let Some(rule) = set.get("yaml_rule") else {
            panic!("yaml_rule missing");
        };
        assert_eq!(rule.frameworks[0].key(), "CIS:aws:6.0.0");
        assert_eq!(rule.facts[0].maturity, crate::model::Maturity::Experimental);
        assert_eq!(
            rule.facts[0].query,
            "MATCH (i:AWSEC2Instance)\nRETURN i.id AS id\n"
        );

        // The same rule as TOML parses to the same model.
        let mut toml = RuleSet::default();
        toml.add_file(
            "same.toml",
            &USER_RULE
                .replace("aws_ec2_instances_use_imdsv2", "yaml_rule")
                .replace("\"stable\"", "\"experimental\"")
                .replace(" RETURN i.id AS id\"", "\\nRETURN i.id AS id\\n\""),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(toml.rules[0].facts, rule.facts);

        // Errors name the file, and the rule when the file parses.
        std::fs::write(
            dir.path().join("mine.yml"),
            USER_RULE_YAML.replace("identity_fields: [id]", "identity_fields: []"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let err = RuleSet::load(&[dir.path()])
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("mine.yml, rule `yaml_rule`: fact `f`: `identity_fields`"),
            "{err}"
        );
        std::fs::write(dir.path().join("mine.yml"), "rules:\n  - id: [unclosed\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let err = RuleSet::load(&[dir.path()])
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("mine.yml is not valid"), "{err}");
        std::fs::write(
            dir.path().join("mine.yml"),
            "rules:\n  - id: x\n    colour: red\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let err = RuleSet::load(&[dir.path()])
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("mine.yml is not valid") && err.contains("colour"),
            "{err}"
        );
    }
}
