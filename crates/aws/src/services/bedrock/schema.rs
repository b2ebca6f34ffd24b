//! Cartography's Bedrock nodes: foundation and custom models (ontology label `AIModel`),
//! guardrails, knowledge bases and agents, each owned by the account.

use cartograph_sync::{Direction, ExtraLabel, Matcher, NodeSchema, Property, RelSchema};

use crate::schemas::{REGION, owned};

use Direction::{Inward, Outward};

const fn f(name: &'static str, field: &'static str) -> Property {
    Property::field(name, field)
}
const fn ix(name: &'static str, field: &'static str) -> Property {
    Property::indexed(name, field)
}

/// A model offered in the region (its ARN has no account: every account that reads it owns
/// the same node, as in Cartography).
pub const FOUNDATION_MODEL: NodeSchema = owned(
    "AWSBedrockFoundationModel",
    "modelArn",
    &[ExtraLabel::always("AIModel")],
    &[
        ix("arn", "modelArn"),
        ix("model_id", "modelId"),
        f("model_name", "modelName"),
        f("provider_name", "providerName"),
        f("input_modalities", "inputModalities"),
        f("output_modalities", "outputModalities"),
        f("response_streaming_supported", "responseStreamingSupported"),
        f("customizations_supported", "customizationsSupported"),
        f("inference_types_supported", "inferenceTypesSupported"),
        f("model_lifecycle_status", "modelLifecycleStatus"),
        REGION,
    ],
    &[],
);

/// A fine-tuned or further pre-trained model: `BASED_ON` its foundation model,
/// `TRAINED_FROM` the bucket of its training data.
pub const CUSTOM_MODEL: NodeSchema = owned(
    "AWSBedrockCustomModel",
    "modelArn",
    &[ExtraLabel::always("AIModel")],
    &[
        ix("arn", "modelArn"),
        f("model_name", "modelName"),
        f("job_arn", "jobArn"),
        f("job_name", "jobName"),
        f("base_model_arn", "baseModelArn"),
        f("base_model_name", "baseModelName"),
        f("customization_type", "customizationType"),
        f("status", "modelStatus"),
        f("creation_time", "creationTime"),
        f("training_data_s3_uri", "trainingDataS3Uri"),
        f("output_data_s3_uri", "outputDataS3Uri"),
        REGION,
    ],
    &[
        RelSchema::new(
            "BASED_ON",
            Outward,
            "AWSBedrockFoundationModel",
            &[Matcher::field("arn", "baseModelArn")],
        ),
        RelSchema::new(
            "TRAINED_FROM",
            Outward,
            "AWSS3Bucket",
            &[Matcher::field("name", "training_data_bucket_name")],
        ),
    ],
);

/// A guardrail, as `ListGuardrails` summarises it.
pub const GUARDRAIL: NodeSchema = owned(
    "AWSBedrockGuardrail",
    "arn",
    &[],
    &[
        ix("arn", "arn"),
        ix("guardrail_id", "id"),
        f("name", "name"),
        f("description", "description"),
        f("version", "version"),
        f("status", "status"),
        f("created_at", "createdAt"),
        f("updated_at", "updatedAt"),
        REGION,
    ],
    &[],
);

/// A knowledge base: `SOURCES_DATA_FROM` the buckets of its S3 data sources,
/// `USES_EMBEDDING_MODEL` its foundation model.
pub const KNOWLEDGE_BASE: NodeSchema = owned(
    "AWSBedrockKnowledgeBase",
    "knowledgeBaseArn",
    &[],
    &[
        ix("arn", "knowledgeBaseArn"),
        ix("knowledge_base_id", "knowledgeBaseId"),
        f("name", "name"),
        f("description", "description"),
        f("role_arn", "roleArn"),
        f(
            "knowledge_base_configuration_type",
            "knowledgeBaseConfigurationType",
        ),
        f("storage_configuration_type", "storageConfigurationType"),
        f("status", "status"),
        f("created_at", "createdAt"),
        f("updated_at", "updatedAt"),
        REGION,
    ],
    &[
        RelSchema::new(
            "SOURCES_DATA_FROM",
            Outward,
            "AWSS3Bucket",
            &[Matcher::list("name", "data_source_bucket_names")],
        ),
        RelSchema::new(
            "USES_EMBEDDING_MODEL",
            Outward,
            "AWSBedrockFoundationModel",
            &[Matcher::field("arn", "embeddingModelArn")],
        ),
    ],
);

/// An agent: the model it runs on (`USES_MODEL`), its knowledge bases, the Lambda functions
/// of its action groups (`INVOKES`), its service role (`HAS_ROLE`) and the guardrail
/// `APPLIED_TO` it.
pub const AGENT: NodeSchema = owned(
    "AWSBedrockAgent",
    "agentArn",
    &[],
    &[
        ix("arn", "agentArn"),
        ix("agent_id", "agentId"),
        f("agent_name", "agentName"),
        f("agent_status", "agentStatus"),
        f("description", "description"),
        f("instruction", "instruction"),
        f("foundation_model", "foundationModel"),
        f("agent_resource_role_arn", "agentResourceRoleArn"),
        f("idle_session_ttl_in_seconds", "idleSessionTTLInSeconds"),
        f("created_at", "createdAt"),
        f("updated_at", "updatedAt"),
        f("prepared_at", "preparedAt"),
        REGION,
    ],
    &[
        RelSchema::new(
            "USES_MODEL",
            Outward,
            "AWSBedrockFoundationModel",
            &[Matcher::field("arn", "foundation_model_arn")],
        ),
        RelSchema::new(
            "USES_MODEL",
            Outward,
            "AWSBedrockCustomModel",
            &[Matcher::field("arn", "custom_model_arn")],
        ),
        RelSchema::new(
            "USES_KNOWLEDGE_BASE",
            Outward,
            "AWSBedrockKnowledgeBase",
            &[Matcher::list("arn", "knowledge_base_arns")],
        ),
        RelSchema::new(
            "INVOKES",
            Outward,
            "AWSLambda",
            &[Matcher::list("arn", "lambda_function_arns")],
        ),
        RelSchema::new(
            "HAS_ROLE",
            Outward,
            "AWSRole",
            &[Matcher::field("arn", "agentResourceRoleArn")],
        ),
        RelSchema::new(
            "APPLIED_TO",
            Inward,
            "AWSBedrockGuardrail",
            &[Matcher::field("arn", "guardrail_arn")],
        ),
    ],
);
