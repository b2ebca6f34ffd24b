//! `codebuild`, `ses`, `bedrock` and `sagemaker` against moto: every kind per account and
//! region, the properties and relationships Cartography defines, and removal after a resync.
//! moto lacks much of Bedrock and SageMaker's user profiles, sends some timestamps in
//! forms the Rust SDK rejects, and routes the Rust SDK's SESv2 `ListEmailIdentities` path
//! elsewhere: `ses.py`, `bedrock.py` and `sagemaker.py` run a `stand-in` that fixes those
//! calls (see there) and forwards everything else to moto.

mod common;

use common::*;

#[test]
fn codebuild_projects_sync_and_clean_up() {
    let (_moto, home) = check_service(
        "codebuild.py",
        "codebuild",
        &[(
            "projects",
            "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->\
             (p:AWSCodeBuildProject:CodeBuildProject:CICDPipeline {region: $r}) RETURN p.arn",
        )],
    );
    let g = Graph::open(&home.db());
    assert_eq!(
        g.rows(
            "MATCH (p:AWSCodeBuildProject {name: 'web'}) \
             RETURN p.source_type, p.source_location, size(p.environment_variables), \
             'STAGE=production' IN p.environment_variables, \
             'NPM_TOKEN=<REDACTED>' IN p.environment_variables, p.created IS NOT NULL",
            &[]
        ),
        vec![vec![
            "GITHUB",
            "https://github.com/example/web.git",
            "2",
            "true",
            "true",
            "true"
        ]]
    );
}

#[test]
fn ses_email_identities_sync_and_clean_up() {
    let (_moto, home) = check_service_via_stand_in(
        "ses.py",
        "ses",
        &[(
            "identities",
            "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->\
             (i:AWSSESEmailIdentity:SESEmailIdentity {region: $r}) RETURN i.arn",
        )],
    );
    let g = Graph::open(&home.db());
    assert_eq!(
        g.rows(
            "MATCH (i:AWSSESEmailIdentity) RETURN i.identity, i.identity_type, \
             i.sending_enabled, i.verification_status, i.dkim_signing_enabled, i.dkim_status \
             ORDER BY i.identity",
            &[]
        ),
        vec![
            vec![
                "shop.example.test",
                "DOMAIN",
                "true",
                "SUCCESS",
                "false",
                "NOT_STARTED"
            ],
            vec![
                "staging.example.test",
                "DOMAIN",
                "true",
                "SUCCESS",
                "false",
                "NOT_STARTED"
            ],
        ]
    );
}

const BEDROCK_KINDS: &[(&str, &str)] = &[
    (
        "foundation_models",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->\
         (m:AWSBedrockFoundationModel:AIModel {region: $r}) RETURN m.arn",
    ),
    (
        "custom_models",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(m:AWSBedrockCustomModel:AIModel {region: $r}) \
         RETURN m.arn",
    ),
    (
        "guardrails",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(g:AWSBedrockGuardrail {region: $r}) \
         RETURN g.arn",
    ),
    (
        "knowledge_bases",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(k:AWSBedrockKnowledgeBase {region: $r}) \
         RETURN k.arn",
    ),
    (
        "agents",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(x:AWSBedrockAgent {region: $r}) \
         RETURN x.arn",
    ),
];

#[test]
fn bedrock_resources_sync_link_and_clean_up() {
    let (_moto, home) = check_service_via_stand_in("bedrock.py", "iam,s3,bedrock", BEDROCK_KINDS);
    let g = Graph::open(&home.db());
    assert_eq!(
        g.rows(
            "MATCH (g:AWSBedrockGuardrail) RETURN g.name, g.status, g.version",
            &[]
        ),
        vec![vec!["support-safety", "READY", "DRAFT"]]
    );
    let rows = |q: &str| g.rows(q, &[]);
    assert_eq!(
        rows(
            "MATCH (c:AWSBedrockCustomModel)-[:BASED_ON]->(f:AWSBedrockFoundationModel), \
             (c)-[:TRAINED_FROM]->(b:AWSS3Bucket) \
             RETURN c.model_name, f.model_id, b.name, c.training_data_s3_uri"
        ),
        vec![vec![
            "support-tuned",
            "amazon.titan-text-express-v1",
            "ml-training-data",
            "s3://ml-training-data/tickets.jsonl"
        ]]
    );
    assert_eq!(
        rows(
            "MATCH (k:AWSBedrockKnowledgeBase {name: 'support-docs'})-[:SOURCES_DATA_FROM]->\
             (b:AWSS3Bucket), (k)-[:USES_EMBEDDING_MODEL]->(f:AWSBedrockFoundationModel) \
             RETURN b.name, f.model_id, k.knowledge_base_configuration_type, \
             k.storage_configuration_type"
        ),
        vec![vec![
            "ml-docs",
            "amazon.titan-embed-text-v2:0",
            "VECTOR",
            "OPENSEARCH_SERVERLESS"
        ]]
    );
    assert_eq!(
        rows(
            "MATCH (a:AWSBedrockAgent {agent_name: 'support'})-[:USES_MODEL]->\
             (f:AWSBedrockFoundationModel), (a)-[:HAS_ROLE]->(r:AWSRole), \
             (a)-[:USES_KNOWLEDGE_BASE]->(k:AWSBedrockKnowledgeBase), \
             (g:AWSBedrockGuardrail)-[:APPLIED_TO]->(a) \
             RETURN f.model_id, r.name, k.name, g.name"
        ),
        vec![vec![
            "anthropic.claude-3-haiku-20240307-v1:0",
            "bedrock-agent",
            "support-docs",
            "support-safety"
        ]]
    );
    assert_eq!(
        rows(
            "MATCH (f:AWSBedrockFoundationModel {region: 'us-east-1'}) \
             WHERE f.model_id STARTS WITH 'amazon.titan-text' \
             RETURN f.provider_name, f.model_lifecycle_status, f.response_streaming_supported, \
             'FINE_TUNING' IN f.customizations_supported"
        ),
        vec![vec!["Amazon", "ACTIVE", "true", "true"]]
    );
}

const SAGEMAKER_KINDS: &[(&str, &str)] = &[
    (
        "domains",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(d:AWSSageMakerDomain {region: $r}) \
         RETURN d.arn",
    ),
    (
        "user_profiles",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(u:AWSSageMakerUserProfile {region: $r}) \
         RETURN u.arn",
    ),
    (
        "training_jobs",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(j:AWSSageMakerTrainingJob {region: $r}) \
         RETURN j.arn",
    ),
    (
        "notebook_instances",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(n:AWSSageMakerNotebookInstance {region: $r}) \
         RETURN n.arn",
    ),
    (
        "models",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(m:AWSSageMakerModel:AIModel {region: $r}) \
         RETURN m.arn",
    ),
    (
        "endpoint_configs",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(c:AWSSageMakerEndpointConfig {region: $r}) \
         RETURN c.arn",
    ),
    (
        "endpoints",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(e:AWSSageMakerEndpoint {region: $r}) \
         RETURN e.arn",
    ),
    (
        "transform_jobs",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(j:AWSSageMakerTransformJob {region: $r}) \
         RETURN j.arn",
    ),
    (
        "model_package_groups",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(g:AWSSageMakerModelPackageGroup {region: $r}) \
         RETURN g.arn",
    ),
    (
        "model_packages",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(p:AWSSageMakerModelPackage {region: $r}) \
         RETURN p.arn",
    ),
];

#[test]
fn sagemaker_resources_sync_link_and_clean_up() {
    let (_moto, home) =
        check_service_via_stand_in("sagemaker.py", "iam,s3,sagemaker", SAGEMAKER_KINDS);
    let g = Graph::open(&home.db());
    let rows = |q: &str| g.rows(q, &[]);
    assert_eq!(
        rows(
            "MATCH (d:AWSSageMakerDomain)-[:CONTAINS]->(u:AWSSageMakerUserProfile)\
             -[:HAS_EXECUTION_ROLE]->(r:AWSRole) RETURN d.domain_name, u.user_profile_name, r.name"
        ),
        vec![vec!["studio", "alice", "sagemaker-exec"]]
    );
    assert_eq!(
        rows(
            "MATCH (n:AWSSageMakerNotebookInstance)-[:CAN_INVOKE]->(j:AWSSageMakerTrainingJob), \
             (n)-[:HAS_EXECUTION_ROLE]->(r:AWSRole)<-[:HAS_EXECUTION_ROLE]-(j), \
             (j)-[:READS_FROM]->(i:AWSS3Bucket), (j)-[:PRODUCES_MODEL_ARTIFACT]->(o:AWSS3Bucket) \
             RETURN n.notebook_instance_name, n.direct_internet_access, j.training_job_name, \
             j.algorithm_specification_training_input_mode, i.name, o.name"
        ),
        vec![vec![
            "analyst",
            "Enabled",
            "churn",
            "File",
            "sm-training",
            "sm-artifacts"
        ]]
    );
    assert_eq!(
        rows(
            "MATCH (c:AWSSageMakerEndpointConfig)-[:USES]->(m:AWSSageMakerModel)\
             -[:REFERENCES_ARTIFACTS_IN]->(b:AWSS3Bucket), (m)-[:HAS_EXECUTION_ROLE]->(r:AWSRole), \
             (t:AWSSageMakerTransformJob)-[:USES]->(m), (t)-[:WRITES_TO]->(o:AWSS3Bucket) \
             RETURN c.endpoint_config_name, m.model_name, b.name, r.name, t.transform_job_name, \
             o.name, m.creation_time IS NOT NULL"
        ),
        vec![vec![
            "churn-config",
            "churn",
            "sm-artifacts",
            "sagemaker-exec",
            "scoring",
            "sm-artifacts",
            "true"
        ]]
    );
    assert_eq!(
        rows(
            "MATCH (m:AWSSageMakerModel)-[:DERIVES_FROM]->(p:AWSSageMakerModelPackage)\
             -[:MEMBER_OF]->(g:AWSSageMakerModelPackageGroup), \
             (p)-[:REFERENCES_ARTIFACTS_IN]->(b:AWSS3Bucket) \
             RETURN m.model_name, p.model_package_version, g.model_package_group_name, b.name"
        ),
        vec![vec!["churn-registered", "1", "churn", "sm-artifacts"]]
    );
}
