//! Permission-relationships files in Cartography's YAML format: which permissions on which
//! resource label draw which relationship from principals. The bundled defaults are
//! Cartography's; a file given by the user replaces them.

use std::path::Path;

use serde::Deserialize;

/// The bundled defaults (`data/permission_relationships.yaml`).
pub const DEFAULT_YAML: &str = include_str!("../data/permission_relationships.yaml");

/// One entry of the file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PermissionRelationship {
    pub target_label: String,
    /// Any of these grants the relationship (`service:Action`, wildcards allowed).
    pub permissions: Vec<String>,
    pub relationship_name: String,
    #[serde(default)]
    pub target_precondition: Option<Precondition>,
}

/// The target must also be linked to a `related_label` node through `relationship`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Precondition {
    pub related_label: String,
    pub relationship: String,
    #[serde(default)]
    pub direction: PreconditionDirection,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PreconditionDirection {
    #[default]
    Outgoing,
    Incoming,
}

/// Why a permission-relationships file was rejected.
#[derive(Debug, thiserror::Error)]
pub enum RelationshipsError {
    #[error("cannot read the permission-relationships file {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the permission-relationships file {origin} is not valid: {message}")]
    Invalid { origin: String, message: String },
}

/// Parse a file's text; `origin` names it in errors.
pub fn parse(text: &str, origin: &str) -> Result<Vec<PermissionRelationship>, RelationshipsError> {
    let invalid = |message: String| RelationshipsError::Invalid {
        origin: origin.to_string(),
        message,
    };
    let entries: Option<Vec<PermissionRelationship>> =
        serde_saphyr::from_str(text).map_err(|e| invalid(e.to_string()))?;
    let entries = entries.unwrap_or_default();
    for (i, e) in entries.iter().enumerate() {
        let names = [
            ("target_label", Some(&e.target_label)),
            ("relationship_name", Some(&e.relationship_name)),
            (
                "target_precondition.related_label",
                e.target_precondition.as_ref().map(|p| &p.related_label),
            ),
            (
                "target_precondition.relationship",
                e.target_precondition.as_ref().map(|p| &p.relationship),
            ),
        ];
        for (field, value) in names {
            if let Some(v) = value
                && !is_identifier(v)
            {
                return Err(invalid(format!(
                    "entry {}: {field} {v:?} must be a plain name (letters, digits, _)",
                    i + 1
                )));
            }
        }
        if e.permissions.is_empty() {
            return Err(invalid(format!("entry {}: permissions is empty", i + 1)));
        }
    }
    Ok(entries)
}

/// The bundled defaults.
pub fn defaults() -> Result<Vec<PermissionRelationship>, RelationshipsError> {
    parse(DEFAULT_YAML, "(bundled defaults)")
}

/// The file at `path`, or the bundled defaults when `path` is `None`.
pub fn load(path: Option<&Path>) -> Result<Vec<PermissionRelationship>, RelationshipsError> {
    match path {
        None => defaults(),
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|source| RelationshipsError::Read {
                path: p.display().to_string(),
                source,
            })?;
            parse(&text, &p.display().to_string())
        }
    }
}

/// Labels and relationship types are written into Cypher text (they cannot be
/// parameters), so only plain identifiers are accepted.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_defaults_are_cartographys() {
        let d = defaults().unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<(&str, &str)> = d
            .iter()
            .map(|e| (e.target_label.as_str(), e.relationship_name.as_str()))
            .collect();
        assert_eq!(
            names,
            vec![
                ("AWSS3Bucket", "CAN_READ"),
                ("AWSS3Bucket", "CAN_WRITE"),
                ("AWSDynamoDBTable", "CAN_QUERY"),
                ("AWSDynamoDBTable", "CAN_WRITE"),
                ("AWSSecretsManagerSecret", "GET_SECRET"),
                ("AWSRedshiftCluster", "CAN_ADMINISTER"),
                ("AWSRDSInstance", "CAN_QUERY"),
                ("AWSRDSInstance", "CAN_ADMINISTER"),
                ("AWSECSTask", "CAN_EXECUTE_COMMAND"),
                ("AWSRole", "CAN_PASS_ROLE"),
                ("AWSCloudFormationStack", "CAN_EXEC"),
                ("AWSEC2Instance", "CAN_START_SESSION"),
            ]
        );
        assert_eq!(d[0].permissions, vec!["S3:GetObject"]);
        let ssm = d[11].target_precondition.as_ref();
        assert!(
            ssm.is_some_and(|p| p.related_label == "AWSSSMInstanceInformation"
                && p.relationship == "HAS_INFORMATION"
                && p.direction == PreconditionDirection::Outgoing)
        );
    }

    #[test]
    fn bad_files_are_rejected_with_a_reason() {
        let cases = [
            ("- target_label: A\n  relationship_name: R\n", "permissions"),
            (
                "- target_label: 'A) DETACH DELETE (x'\n  permissions: [a:b]\n  relationship_name: R\n",
                "plain name",
            ),
            (
                "- target_label: A\n  permissions: []\n  relationship_name: R\n",
                "empty",
            ),
            (
                "- target_label: A\n  permissions: [a:b]\n  relationship_name: R\n  extra: 1\n",
                "extra",
            ),
            ("key: [unclosed", ""),
        ];
        for (text, needle) in cases {
            match parse(text, "test.yaml") {
                Err(e) => assert!(e.to_string().contains(needle), "{text}: {e}"),
                Ok(v) => panic!("{text} accepted: {v:?}"),
            }
        }
        assert!(parse("", "empty.yaml").is_ok_and(|v| v.is_empty()));
        assert!(matches!(
            load(Some(Path::new("/nonexistent/rpr.yaml"))),
            Err(RelationshipsError::Read { .. })
        ));
    }
}
