//! Bedrock (`bedrock`), per region: foundation models (`ListFoundationModels`), custom models
//! (`ListCustomModels`, `GetCustomModel`), guardrails (`ListGuardrails`), knowledge bases
//! (`ListKnowledgeBases`, `GetKnowledgeBase`, their data sources) and agents (`ListAgents`,
//! `GetAgent`, their knowledge bases and action groups of the draft version). Records keep
//! the APIs' camelCase shapes.
//!
//! Provisioned model throughput is not read (nor the agents' `USES_MODEL` to it).

#[cfg(feature = "bedrock")]
pub mod fetch;
pub mod schema;

use cartograph_graph::Value;
use cartograph_sync::{NodeSchema, Row};
use serde::{Deserialize, Serialize};

use super::{Records, Service, decode};
use crate::transform::{opt, row, strings};
use schema::{AGENT, CUSTOM_MODEL, FOUNDATION_MODEL, GUARDRAIL, KNOWLEDGE_BASE};

pub const SERVICE: Service = Service {
    key: "bedrock",
    feature: "bedrock",
    regional: true,
    after: &["iam", "s3", "lambda_function"],
    schemas: &[
        &FOUNDATION_MODEL,
        &CUSTOM_MODEL,
        &GUARDRAIL,
        &KNOWLEDGE_BASE,
        &AGENT,
    ],
    links: &[],
    decode: decode::<BedrockRecords>,
    demo: include_str!("../../../data/demo/services/bedrock.json"),
    #[cfg(feature = "bedrock")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "bedrock")))]
    fetch: None,
};

/// The Bedrock resources of one region.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BedrockRecords {
    pub foundation_models: Vec<FoundationModel>,
    pub custom_models: Vec<CustomModel>,
    pub guardrails: Vec<Guardrail>,
    pub knowledge_bases: Vec<KnowledgeBase>,
    pub agents: Vec<Agent>,
}

/// A `ListFoundationModels` summary.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FoundationModel {
    pub model_arn: String,
    pub model_id: Option<String>,
    pub model_name: Option<String>,
    pub provider_name: Option<String>,
    pub input_modalities: Vec<String>,
    pub output_modalities: Vec<String>,
    pub response_streaming_supported: Option<bool>,
    pub customizations_supported: Vec<String>,
    pub inference_types_supported: Vec<String>,
    pub model_lifecycle: Option<Lifecycle>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Lifecycle {
    pub status: Option<String>,
}

/// A `GetCustomModel` answer (with the base model's name from the listing).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CustomModel {
    pub model_arn: String,
    pub model_name: Option<String>,
    pub job_arn: Option<String>,
    pub job_name: Option<String>,
    pub base_model_arn: Option<String>,
    pub base_model_name: Option<String>,
    pub customization_type: Option<String>,
    pub model_status: Option<String>,
    pub creation_time: Option<String>,
    pub training_data_config: Option<S3Uri>,
    pub output_data_config: Option<S3Uri>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct S3Uri {
    pub s3_uri: Option<String>,
}

/// A `ListGuardrails` summary.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Guardrail {
    pub id: String,
    pub arn: String,
    pub name: Option<String>,
    pub description: Option<String>,
    pub version: Option<String>,
    pub status: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

/// A `GetKnowledgeBase` answer with its data sources (`GetDataSource`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct KnowledgeBase {
    pub knowledge_base_id: String,
    pub knowledge_base_arn: String,
    pub name: Option<String>,
    pub description: Option<String>,
    pub role_arn: Option<String>,
    pub knowledge_base_configuration: Option<KnowledgeBaseConfiguration>,
    pub storage_configuration: Option<Typed>,
    pub status: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub data_sources: Vec<DataSource>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct KnowledgeBaseConfiguration {
    pub r#type: Option<String>,
    pub vector_knowledge_base_configuration: Option<VectorConfiguration>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VectorConfiguration {
    pub embedding_model_arn: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Typed {
    pub r#type: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DataSource {
    pub data_source_id: String,
    pub data_source_configuration: Option<DataSourceConfiguration>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DataSourceConfiguration {
    pub r#type: Option<String>,
    pub s3_configuration: Option<S3Configuration>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct S3Configuration {
    pub bucket_arn: Option<String>,
}

/// A `GetAgent` answer with the draft version's knowledge bases and action groups.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Agent {
    pub agent_id: String,
    pub agent_arn: String,
    pub agent_name: Option<String>,
    pub agent_status: Option<String>,
    pub description: Option<String>,
    pub instruction: Option<String>,
    pub foundation_model: Option<String>,
    pub agent_resource_role_arn: Option<String>,
    #[serde(rename = "idleSessionTTLInSeconds")]
    pub idle_session_ttl_in_seconds: Option<i64>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub prepared_at: Option<String>,
    pub guardrail_configuration: Option<GuardrailConfiguration>,
    pub knowledge_base_ids: Vec<String>,
    pub action_group_lambdas: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GuardrailConfiguration {
    pub guardrail_identifier: Option<String>,
}

impl Records for BedrockRecords {
    fn count(&self) -> u64 {
        (self.foundation_models.len()
            + self.custom_models.len()
            + self.guardrails.len()
            + self.knowledge_bases.len()
            + self.agents.len()) as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        vec![
            (
                &FOUNDATION_MODEL,
                self.foundation_models
                    .iter()
                    .map(foundation_model)
                    .collect(),
            ),
            (
                &CUSTOM_MODEL,
                self.custom_models.iter().map(custom_model).collect(),
            ),
            (&GUARDRAIL, self.guardrails.iter().map(guardrail).collect()),
            (
                &KNOWLEDGE_BASE,
                self.knowledge_bases.iter().map(knowledge_base).collect(),
            ),
            (&AGENT, self.agents.iter().map(agent).collect()),
        ]
    }
}

fn flag(b: Option<bool>) -> Value {
    b.map_or(Value::Null, Value::Bool)
}

fn foundation_model(m: &FoundationModel) -> Row {
    row([
        ("modelArn", Value::from(m.model_arn.as_str())),
        ("modelId", opt(&m.model_id)),
        ("modelName", opt(&m.model_name)),
        ("providerName", opt(&m.provider_name)),
        ("inputModalities", strings(&m.input_modalities)),
        ("outputModalities", strings(&m.output_modalities)),
        (
            "responseStreamingSupported",
            flag(m.response_streaming_supported),
        ),
        (
            "customizationsSupported",
            strings(&m.customizations_supported),
        ),
        (
            "inferenceTypesSupported",
            strings(&m.inference_types_supported),
        ),
        (
            "modelLifecycleStatus",
            opt(&m.model_lifecycle.as_ref().and_then(|l| l.status.clone())),
        ),
    ])
}

/// The bucket of an `s3://bucket/key` URI.
fn s3_bucket(uri: &str) -> Option<&str> {
    let name = uri.strip_prefix("s3://")?.split('/').next()?;
    (!name.is_empty()).then_some(name)
}

fn uri(config: &Option<S3Uri>) -> Option<String> {
    config.as_ref().and_then(|c| c.s3_uri.clone())
}

fn custom_model(m: &CustomModel) -> Row {
    let training = uri(&m.training_data_config);
    row([
        ("modelArn", Value::from(m.model_arn.as_str())),
        ("modelName", opt(&m.model_name)),
        ("jobArn", opt(&m.job_arn)),
        ("jobName", opt(&m.job_name)),
        ("baseModelArn", opt(&m.base_model_arn)),
        ("baseModelName", opt(&m.base_model_name)),
        ("customizationType", opt(&m.customization_type)),
        ("modelStatus", opt(&m.model_status)),
        ("creationTime", opt(&m.creation_time)),
        ("trainingDataS3Uri", opt(&training)),
        ("outputDataS3Uri", opt(&uri(&m.output_data_config))),
        (
            "training_data_bucket_name",
            training
                .as_deref()
                .and_then(s3_bucket)
                .map_or(Value::Null, Value::from),
        ),
    ])
}

fn guardrail(g: &Guardrail) -> Row {
    row([
        ("arn", Value::from(g.arn.as_str())),
        ("id", Value::from(g.id.as_str())),
        ("name", opt(&g.name)),
        ("description", opt(&g.description)),
        ("version", opt(&g.version)),
        ("status", opt(&g.status)),
        ("createdAt", opt(&g.created_at)),
        ("updatedAt", opt(&g.updated_at)),
    ])
}

fn knowledge_base(k: &KnowledgeBase) -> Row {
    let config = k.knowledge_base_configuration.as_ref();
    let embedding = config
        .and_then(|c| c.vector_knowledge_base_configuration.as_ref())
        .and_then(|v| v.embedding_model_arn.clone());
    // Bucket ARNs are `arn:aws:s3:::name`.
    let buckets = k.data_sources.iter().filter_map(|d| {
        let arn = d
            .data_source_configuration
            .as_ref()?
            .s3_configuration
            .as_ref()?
            .bucket_arn
            .as_deref()?;
        arn.rsplit(":::").next()
    });
    row([
        (
            "knowledgeBaseArn",
            Value::from(k.knowledge_base_arn.as_str()),
        ),
        ("knowledgeBaseId", Value::from(k.knowledge_base_id.as_str())),
        ("name", opt(&k.name)),
        ("description", opt(&k.description)),
        ("roleArn", opt(&k.role_arn)),
        (
            "knowledgeBaseConfigurationType",
            opt(&config.and_then(|c| c.r#type.clone())),
        ),
        (
            "storageConfigurationType",
            opt(&k
                .storage_configuration
                .as_ref()
                .and_then(|s| s.r#type.clone())),
        ),
        ("status", opt(&k.status)),
        ("createdAt", opt(&k.created_at)),
        ("updatedAt", opt(&k.updated_at)),
        ("embeddingModelArn", opt(&embedding)),
        ("data_source_bucket_names", strings(buckets)),
    ])
}

/// The model an agent runs on, by kind: a bare model id names a foundation model of the
/// agent's region; ARNs say what they are.
#[derive(Debug, PartialEq, Eq)]
enum ModelRef {
    Foundation(String),
    Custom(String),
    Other,
}

fn model_ref(identifier: &str, region: &str) -> ModelRef {
    if !identifier.starts_with("arn:") {
        return ModelRef::Foundation(format!(
            "arn:aws:bedrock:{region}::foundation-model/{identifier}"
        ));
    }
    if identifier.contains("::foundation-model/") {
        ModelRef::Foundation(identifier.to_string())
    } else if identifier.contains(":custom-model/") {
        ModelRef::Custom(identifier.to_string())
    } else {
        ModelRef::Other
    }
}

fn agent(a: &Agent) -> Row {
    // `arn:aws:bedrock:<region>:<account>:agent/<id>`: the scope of the ARNs built below.
    let mut parts = a.agent_arn.split(':');
    let region = parts.nth(3).unwrap_or_default();
    let account = parts.next().unwrap_or_default();
    let model = a
        .foundation_model
        .as_deref()
        .map_or(ModelRef::Other, |m| model_ref(m, region));
    let (foundation, custom) = match model {
        ModelRef::Foundation(arn) => (Value::from(arn), Value::Null),
        ModelRef::Custom(arn) => (Value::Null, Value::from(arn)),
        ModelRef::Other => (Value::Null, Value::Null),
    };
    let guardrail = a
        .guardrail_configuration
        .as_ref()
        .and_then(|g| g.guardrail_identifier.as_deref())
        .map_or(Value::Null, |id| {
            if id.starts_with("arn:") {
                Value::from(id)
            } else {
                Value::from(format!("arn:aws:bedrock:{region}:{account}:guardrail/{id}"))
            }
        });
    row([
        ("agentArn", Value::from(a.agent_arn.as_str())),
        ("agentId", Value::from(a.agent_id.as_str())),
        ("agentName", opt(&a.agent_name)),
        ("agentStatus", opt(&a.agent_status)),
        ("description", opt(&a.description)),
        ("instruction", opt(&a.instruction)),
        ("foundationModel", opt(&a.foundation_model)),
        ("agentResourceRoleArn", opt(&a.agent_resource_role_arn)),
        (
            "idleSessionTTLInSeconds",
            a.idle_session_ttl_in_seconds
                .map_or(Value::Null, Value::Int),
        ),
        ("createdAt", opt(&a.created_at)),
        ("updatedAt", opt(&a.updated_at)),
        ("preparedAt", opt(&a.prepared_at)),
        ("foundation_model_arn", foundation),
        ("custom_model_arn", custom),
        (
            "knowledge_base_arns",
            strings(
                a.knowledge_base_ids
                    .iter()
                    .map(|id| format!("arn:aws:bedrock:{region}:{account}:knowledge-base/{id}")),
            ),
        ),
        ("lambda_function_arns", strings(&a.action_group_lambdas)),
        ("guardrail_arn", guardrail),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    fn text(row: &Row, field: &str) -> String {
        format!("{:?}", row.get(field))
    }

    #[test]
    fn agents_link_by_arns_built_in_their_region_and_account() {
        let a = Agent {
            agent_id: "A1".into(),
            agent_arn: "arn:aws:bedrock:eu-west-1:111:agent/A1".into(),
            foundation_model: Some("anthropic.claude-v2".into()),
            guardrail_configuration: Some(GuardrailConfiguration {
                guardrail_identifier: Some("g1".into()),
            }),
            knowledge_base_ids: vec!["KB1".into()],
            ..Default::default()
        };
        let r = agent(&a);
        assert!(
            text(&r, "foundation_model_arn")
                .contains("arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-v2")
        );
        assert!(text(&r, "guardrail_arn").contains("arn:aws:bedrock:eu-west-1:111:guardrail/g1"));
        assert!(
            text(&r, "knowledge_base_arns")
                .contains("arn:aws:bedrock:eu-west-1:111:knowledge-base/KB1")
        );
        assert!(matches!(r.get("custom_model_arn"), Some(Value::Null)));
    }

    #[test]
    fn model_identifiers_are_classified() {
        let custom = "arn:aws:bedrock:us-east-1:1:custom-model/x";
        assert_eq!(model_ref(custom, "r"), ModelRef::Custom(custom.into()));
        let prov = "arn:aws:bedrock:us-east-1:1:provisioned-model/x";
        assert_eq!(model_ref(prov, "r"), ModelRef::Other);
    }

    #[test]
    fn buckets_come_from_uris_and_data_sources() {
        assert_eq!(s3_bucket("s3://train/data/x.jsonl"), Some("train"));
        assert_eq!(s3_bucket("https://x"), None);
        let kb = KnowledgeBase {
            knowledge_base_arn: "arn:kb".into(),
            data_sources: vec![DataSource {
                data_source_id: "d".into(),
                data_source_configuration: Some(DataSourceConfiguration {
                    r#type: Some("S3".into()),
                    s3_configuration: Some(S3Configuration {
                        bucket_arn: Some("arn:aws:s3:::docs".into()),
                    }),
                }),
            }],
            ..Default::default()
        };
        assert!(text(&knowledge_base(&kb), "data_source_bucket_names").contains("docs"));
    }

    #[test]
    fn statements_are_cartographys_shape() {
        let q = ingest_query(&AGENT);
        assert!(
            q.contains("MERGE (i:AWSBedrockAgent {id: item.agentArn})"),
            "{q}"
        );
        assert!(q.contains("MERGE (i)<-[r5:APPLIED_TO]-(n5)"), "{q}");
        let q = ingest_query(&CUSTOM_MODEL);
        assert!(q.contains("i:AIModel"), "{q}");
        assert!(q.contains("MERGE (i)-[r1:TRAINED_FROM]->(n1)"), "{q}");
    }
}
