//! CodeBuild projects (`codebuild`): `ListProjects`, then `BatchGetProjects` by hundreds, per
//! region. Environment variables keep their values only when they are plain text.

#[cfg(feature = "codebuild")]
pub mod fetch;

use cartograph_graph::Value;
use cartograph_sync::{CleanupMode, ExtraLabel, NodeSchema, Property, Row, Source};
use serde::{Deserialize, Serialize};

use super::{Records, Service, decode};
use crate::schemas::ACCOUNT_RESOURCE;
use crate::transform::{opt, row, strings};

pub const SERVICE: Service = Service {
    key: "codebuild",
    feature: "codebuild",
    regional: true,
    after: &[],
    schemas: &[&PROJECT],
    links: &[],
    decode: decode::<CodeBuildRecords>,
    demo: include_str!("../../../data/demo/services/codebuild.json"),
    #[cfg(feature = "codebuild")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "codebuild")))]
    fetch: None,
};

/// `BatchGetProjects` answers of one region (CodeBuild's API is camelCase).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CodeBuildRecords {
    pub projects: Vec<Project>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Project {
    pub arn: String,
    pub name: Option<String>,
    pub created: Option<String>,
    pub source: ProjectSource,
    pub environment: Environment,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProjectSource {
    pub r#type: Option<String>,
    pub location: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Environment {
    pub environment_variables: Vec<EnvironmentVariable>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EnvironmentVariable {
    pub name: String,
    pub value: Option<String>,
    pub r#type: Option<String>,
}

/// `AWSCodeBuildProject` (legacy `CodeBuildProject`, ontology `CICDPipeline`).
pub const PROJECT: NodeSchema = NodeSchema {
    label: "AWSCodeBuildProject",
    id: Source::Field("arn"),
    extra_labels: &[
        ExtraLabel::always("CodeBuildProject"),
        ExtraLabel::always("CICDPipeline"),
    ],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::indexed("name", "name"),
        Property::param("region", "Region"),
        Property::field("created", "created"),
        Property::field("environment_variables", "environmentVariables"),
        Property::field("source_type", "sourceType"),
        Property::field("source_location", "sourceLocation"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[],
    cleanup: CleanupMode::Scoped,
};

impl Records for CodeBuildRecords {
    fn count(&self) -> u64 {
        self.projects.len() as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        vec![(&PROJECT, self.projects.iter().map(project).collect())]
    }
}

/// `NAME=value` for plain-text variables, `NAME=<REDACTED>` for references to secrets and
/// parameters (whose "value" is only their name, but Cartography hides it all the same).
fn variable(v: &EnvironmentVariable) -> String {
    match (v.r#type.as_deref(), &v.value) {
        (Some("PLAINTEXT"), Some(value)) => format!("{}={value}", v.name),
        (Some("PLAINTEXT"), None) => format!("{}=None", v.name),
        _ => format!("{}=<REDACTED>", v.name),
    }
}

fn project(p: &Project) -> Row {
    row([
        ("arn", Value::from(p.arn.as_str())),
        ("name", opt(&p.name)),
        ("created", opt(&p.created)),
        (
            "environmentVariables",
            strings(p.environment.environment_variables.iter().map(variable)),
        ),
        ("sourceType", opt(&p.source.r#type)),
        ("sourceLocation", opt(&p.source.location)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    #[test]
    fn only_plain_text_values_are_kept() {
        let records: CodeBuildRecords = serde_json::from_value(serde_json::json!({
            "projects": [{
                "arn": "arn:aws:codebuild:us-east-1:1:project/p",
                "environment": {"environmentVariables": [
                    {"name": "STAGE", "value": "prod", "type": "PLAINTEXT"},
                    {"name": "TOKEN", "value": "/ci/token", "type": "PARAMETER_STORE"}
                ]}
            }]
        }))
        .unwrap();
        let rows = records.rows("1");
        let vars = format!("{:?}", rows[0].1[0].get("environmentVariables"));
        assert!(vars.contains("STAGE=prod"), "{vars}");
        assert!(vars.contains("TOKEN=<REDACTED>"), "{vars}");
        assert!(!vars.contains("/ci/token"), "{vars}");
    }

    #[test]
    fn statement_is_cartographys_shape() {
        let q = ingest_query(&PROJECT);
        assert!(
            q.contains("MERGE (i:AWSCodeBuildProject {id: item.arn})"),
            "{q}"
        );
        assert!(q.contains("i:CodeBuildProject:CICDPipeline"), "{q}");
    }
}
