//! Lambda (`lambda_function`): `ListFunctions` per region, and for each function its
//! resource policy (`GetPolicy`), aliases, event source mappings and, for container-image
//! functions, the image it runs (`GetFunction`). Functions link to their execution role.

#[cfg(feature = "lambda")]
pub mod fetch;
pub mod schema;

use cartograph_graph::Value;
use cartograph_sync::{NodeSchema, Row};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::ecr::normalize_architecture;
use super::{Records, Service, decode};
use crate::transform::s3::anonymous_access;
use crate::transform::{opt, row, strings};
use schema::{ALIAS, EVENT_SOURCE_MAPPING, FUNCTION, LAYER};

pub const SERVICE: Service = Service {
    key: "lambda_function",
    feature: "lambda",
    regional: true,
    after: &["iam", "ecr"],
    schemas: &[&FUNCTION, &ALIAS, &EVENT_SOURCE_MAPPING, &LAYER],
    links: &[],
    decode: decode::<LambdaRecords>,
    demo: include_str!("../../../data/demo/services/lambda.json"),
    #[cfg(feature = "lambda")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "lambda")))]
    fetch: None,
};

/// The functions of one region, each with what the per-function calls returned.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LambdaRecords {
    pub functions: Vec<Function>,
}

/// A `FunctionConfiguration`, plus `Policy`, `Code`, `Aliases` and `EventSourceMappings`
/// from the calls made for it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Function {
    pub function_name: String,
    pub function_arn: String,
    pub runtime: Option<String>,
    pub role: Option<String>,
    pub handler: Option<String>,
    pub code_size: Option<i64>,
    pub description: Option<String>,
    pub timeout: Option<i64>,
    pub memory_size: Option<i64>,
    pub last_modified: Option<String>,
    pub code_sha256: Option<String>,
    pub version: Option<String>,
    pub tracing_config: Option<TracingConfig>,
    pub revision_id: Option<String>,
    pub state: Option<String>,
    pub state_reason: Option<String>,
    pub state_reason_code: Option<String>,
    pub last_update_status: Option<String>,
    pub last_update_status_reason: Option<String>,
    pub last_update_status_reason_code: Option<String>,
    pub package_type: Option<String>,
    pub signing_profile_version_arn: Option<String>,
    pub signing_job_arn: Option<String>,
    pub architectures: Vec<String>,
    pub master_arn: Option<String>,
    #[serde(rename = "KMSKeyArn")]
    pub kms_key_arn: Option<String>,
    pub layers: Vec<Layer>,
    /// The resource policy (JSON text); absent when the function has none.
    pub policy: Option<String>,
    /// `GetFunction`'s code location, read for container-image functions only.
    pub code: Option<Code>,
    pub aliases: Vec<Alias>,
    pub event_source_mappings: Vec<EventSourceMapping>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TracingConfig {
    pub mode: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Layer {
    pub arn: String,
    pub code_size: Option<i64>,
    pub signing_profile_version_arn: Option<String>,
    pub signing_job_arn: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Code {
    pub image_uri: Option<String>,
    pub resolved_image_uri: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Alias {
    pub alias_arn: String,
    pub name: Option<String>,
    pub function_version: Option<String>,
    pub description: Option<String>,
    pub revision_id: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EventSourceMapping {
    #[serde(rename = "UUID")]
    pub uuid: String,
    pub batch_size: Option<i64>,
    pub starting_position: Option<String>,
    pub starting_position_timestamp: Option<String>,
    pub parallelization_factor: Option<i64>,
    pub maximum_batching_window_in_seconds: Option<i64>,
    pub event_source_arn: Option<String>,
    pub function_arn: Option<String>,
    pub last_modified: Option<String>,
    pub last_processing_result: Option<String>,
    pub state: Option<String>,
    pub maximum_record_age_in_seconds: Option<i64>,
    pub bisect_batch_on_function_error: Option<bool>,
    pub maximum_retry_attempts: Option<i64>,
    pub tumbling_window_in_seconds: Option<i64>,
}

impl Records for LambdaRecords {
    fn count(&self) -> u64 {
        self.functions
            .iter()
            .map(|f| 1 + f.aliases.len() + f.event_source_mappings.len())
            .sum::<usize>() as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        let fns = &self.functions;
        let aliases = fns
            .iter()
            .flat_map(|f| f.aliases.iter().map(move |a| alias(a, f)))
            .collect();
        let mappings = fns
            .iter()
            .flat_map(|f| f.event_source_mappings.iter().map(move |m| mapping(m, f)))
            .collect();
        let layers = fns
            .iter()
            .flat_map(|f| f.layers.iter().map(move |l| layer(l, f)))
            .collect();
        vec![
            (&FUNCTION, fns.iter().map(function).collect()),
            (&ALIAS, aliases),
            (&EVENT_SOURCE_MAPPING, mappings),
            (&LAYER, layers),
        ]
    }
}

fn function(f: &Function) -> Row {
    let (anonymous, actions) = match &f.policy {
        Some(policy) => {
            let (access, actions) = anonymous_access(&url_auth_unconditional(policy));
            (Value::Bool(access), strings(actions))
        }
        None => (Value::Null, Value::Null),
    };
    let (image_uri, image_digest) = image(f.code.as_ref());
    let architecture = f.architectures.first().map(|a| normalize_architecture(a));
    row([
        ("arn", Value::from(f.function_arn.as_str())),
        ("name", Value::from(f.function_name.as_str())),
        ("modifieddate", opt(&f.last_modified)),
        ("runtime", opt(&f.runtime)),
        ("description", opt(&f.description)),
        ("timeout", Value::from(f.timeout)),
        ("memory", Value::from(f.memory_size)),
        ("codesize", Value::from(f.code_size)),
        ("handler", opt(&f.handler)),
        ("version", opt(&f.version)),
        (
            "tracingconfigmode",
            opt(&f.tracing_config.as_ref().and_then(|t| t.mode.clone())),
        ),
        ("revisionid", opt(&f.revision_id)),
        ("state", opt(&f.state)),
        ("statereason", opt(&f.state_reason)),
        ("statereasoncode", opt(&f.state_reason_code)),
        ("lastupdatestatus", opt(&f.last_update_status)),
        ("lastupdatestatusreason", opt(&f.last_update_status_reason)),
        (
            "lastupdatestatusreasoncode",
            opt(&f.last_update_status_reason_code),
        ),
        ("packagetype", opt(&f.package_type)),
        ("image_uri", opt(&image_uri)),
        ("image_digest", opt(&image_digest)),
        (
            "signingprofileversionarn",
            opt(&f.signing_profile_version_arn),
        ),
        ("signingjobarn", opt(&f.signing_job_arn)),
        ("codesha256", opt(&f.code_sha256)),
        ("architectures", strings(&f.architectures)),
        (
            "architecture_normalized",
            architecture.map_or(Value::Null, Value::from),
        ),
        ("masterarn", opt(&f.master_arn)),
        ("kmskeyarn", opt(&f.kms_key_arn)),
        ("anonymous_access", anonymous),
        ("anonymous_actions", actions),
        ("policy", opt(&f.policy)),
        ("role", opt(&f.role)),
    ])
}

/// The policy with the `lambda:FunctionUrlAuthType` condition dropped: it says which kind of
/// function URL the grant is for, not who may call it, so a `"*"` grant for an `NONE` URL
/// stays anonymous (as policyuniverse, which Cartography uses, sees it).
fn url_auth_unconditional(policy: &str) -> Json {
    let mut doc = crate::transform::policy::document(&Json::String(policy.to_string()));
    if let Some(Json::Array(statements)) = doc.get_mut("Statement") {
        for s in statements.iter_mut().filter_map(Json::as_object_mut) {
            if let Some(Json::Object(condition)) = s.get_mut("Condition") {
                for keys in condition.values_mut().filter_map(Json::as_object_mut) {
                    keys.retain(|k, _| !k.eq_ignore_ascii_case("lambda:FunctionUrlAuthType"));
                }
                condition.retain(|_, keys| keys.as_object().is_none_or(|k| !k.is_empty()));
                if condition.is_empty() {
                    s.remove("Condition");
                }
            }
        }
    }
    doc
}

/// Cartography's `(image_uri, image_digest)`: the resolved image reference when there is
/// one, and the digest after its last `@`.
fn image(code: Option<&Code>) -> (Option<String>, Option<String>) {
    let uri = code
        .and_then(|c| c.resolved_image_uri.as_deref().or(c.image_uri.as_deref()))
        .map(str::trim)
        .filter(|u| !u.is_empty());
    let digest = uri
        .and_then(|u| u.rsplit_once('@'))
        .map(|(_, d)| d)
        .filter(|d| !d.is_empty());
    (uri.map(str::to_string), digest.map(str::to_string))
}

fn alias(a: &Alias, f: &Function) -> Row {
    row([
        ("arn", Value::from(a.alias_arn.as_str())),
        ("aliasname", opt(&a.name)),
        ("functionversion", opt(&a.function_version)),
        ("description", opt(&a.description)),
        ("revisionid", opt(&a.revision_id)),
        ("functionarn", Value::from(f.function_arn.as_str())),
    ])
}

fn mapping(m: &EventSourceMapping, f: &Function) -> Row {
    let function = m.function_arn.as_deref().unwrap_or(&f.function_arn);
    row([
        ("id", Value::from(m.uuid.as_str())),
        ("batchsize", Value::from(m.batch_size)),
        ("startingposition", opt(&m.starting_position)),
        (
            "startingpositiontimestamp",
            opt(&m.starting_position_timestamp),
        ),
        (
            "parallelizationfactor",
            Value::from(m.parallelization_factor),
        ),
        (
            "maximumbatchingwindowinseconds",
            Value::from(m.maximum_batching_window_in_seconds),
        ),
        ("eventsourcearn", opt(&m.event_source_arn)),
        ("lastmodified", opt(&m.last_modified)),
        ("lastprocessingresult", opt(&m.last_processing_result)),
        ("state", opt(&m.state)),
        (
            "maximumrecordage",
            Value::from(m.maximum_record_age_in_seconds),
        ),
        (
            "bisectbatchonfunctionerror",
            m.bisect_batch_on_function_error
                .map_or(Value::Null, Value::from),
        ),
        (
            "maximumretryattempts",
            Value::from(m.maximum_retry_attempts),
        ),
        (
            "tumblingwindowinseconds",
            Value::from(m.tumbling_window_in_seconds),
        ),
        ("functionarn", Value::from(function)),
    ])
}

fn layer(l: &Layer, f: &Function) -> Row {
    row([
        ("arn", Value::from(l.arn.as_str())),
        ("codesize", Value::from(l.code_size)),
        (
            "signingprofileversionarn",
            opt(&l.signing_profile_version_arn),
        ),
        ("signingjobarn", opt(&l.signing_job_arn)),
        ("functionarn", Value::from(f.function_arn.as_str())),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    fn show(v: Option<&Value>) -> String {
        format!("{v:?}")
    }

    fn policy(principal: &str, condition: Json) -> String {
        serde_json::json!({"Statement": [{
            "Effect": "Allow", "Principal": principal,
            "Action": "lambda:InvokeFunctionUrl", "Resource": "arn:aws:lambda:::function:f",
            "Condition": condition,
        }]})
        .to_string()
    }

    /// The function's `anonymous_access`, shown.
    fn anonymous(policy: Option<String>) -> String {
        let f = Function {
            function_arn: "arn:aws:lambda:us-east-1:1:function:f".into(),
            policy,
            ..Default::default()
        };
        show(function(&f).get("anonymous_access"))
    }

    #[test]
    fn public_function_urls_are_anonymous_and_restricted_grants_are_not() {
        let url = serde_json::json!({"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}});
        assert_eq!(
            anonymous(Some(policy("*", url))),
            show(Some(&Value::Bool(true)))
        );
        let source = serde_json::json!({"ArnLike": {"AWS:SourceArn": "arn:aws:s3:::b"}});
        assert_eq!(
            anonymous(Some(policy("*", source))),
            show(Some(&Value::Bool(false)))
        );
        assert_eq!(anonymous(None), show(Some(&Value::Null)));
    }

    #[test]
    fn image_digest_is_what_follows_the_last_at() {
        let code = Code {
            image_uri: Some("1.dkr.ecr.us-east-1.amazonaws.com/app:v1".into()),
            resolved_image_uri: Some("1.dkr.ecr.us-east-1.amazonaws.com/app@sha256:ab".into()),
        };
        let (uri, digest) = image(Some(&code));
        assert_eq!(
            uri.as_deref(),
            Some("1.dkr.ecr.us-east-1.amazonaws.com/app@sha256:ab")
        );
        assert_eq!(digest.as_deref(), Some("sha256:ab"));
        let tag_only = Code {
            image_uri: Some("repo:v1".into()),
            resolved_image_uri: None,
        };
        assert_eq!(image(Some(&tag_only)).1, None);
    }

    #[test]
    fn statements_are_cartographys_shape() {
        let q = ingest_query(&FUNCTION);
        assert!(q.contains("MERGE (i:AWSLambda {id: item.arn})"), "{q}");
        assert!(q.contains("i:Function"), "{q}");
        assert!(
            q.contains("MERGE (i)-[r0:STS_ASSUMEROLE_ALLOW]->(n0)"),
            "{q}"
        );
        assert!(q.contains("MERGE (i)-[r1:ASSUMES]->(n1)"), "{q}");
        let q = ingest_query(&ALIAS);
        assert!(q.contains("MERGE (i)<-[r0:KNOWN_AS]-(n0)"), "{q}");
        let q = ingest_query(&EVENT_SOURCE_MAPPING);
        assert!(q.contains("MERGE (i)<-[r0:RESOURCE]-(n0)"), "{q}");
        let q = ingest_query(&LAYER);
        assert!(q.contains("MERGE (i)<-[r0:HAS]-(n0)"), "{q}");
    }
}
