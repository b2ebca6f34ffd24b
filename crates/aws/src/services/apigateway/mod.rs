//! API Gateway v1 (`apigateway`): `GetRestApis` per region, and for each REST API its
//! stages, deployments, resources with their methods and integrations (`GetResources` with
//! the methods embedded), and the client certificates its stages use. A resource policy
//! that lets anyone invoke the API sets `anonymous_access`; the endpoint type sets
//! `exposed_internet` (EDGE and REGIONAL are reachable from the internet, PRIVATE is not).

#[cfg(feature = "apigateway")]
pub mod fetch;
pub mod schema;

use std::collections::BTreeMap;

use cartograph_graph::Value;
use cartograph_sync::{NodeSchema, Row};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::{Records, Service, decode};
use crate::transform::s3::anonymous_access;
use crate::transform::{opt, row, strings};
use schema::{CLIENT_CERTIFICATE, DEPLOYMENT, INTEGRATION, METHOD, RESOURCE, REST_API, STAGE};

pub const SERVICE: Service = Service {
    key: "apigateway",
    feature: "apigateway",
    regional: true,
    after: &[],
    schemas: &[
        &REST_API,
        &STAGE,
        &CLIENT_CERTIFICATE,
        &DEPLOYMENT,
        &RESOURCE,
        &METHOD,
        &INTEGRATION,
    ],
    links: &[],
    decode: decode::<ApiGatewayRecords>,
    demo: include_str!("../../../data/demo/services/apigateway.json"),
    #[cfg(feature = "apigateway")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "apigateway")))]
    fetch: None,
};

/// The REST APIs of one region (API Gateway's camelCase shapes), each with what the
/// per-API calls returned.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ApiGatewayRecords {
    pub rest_apis: Vec<RestApi>,
}

/// A `RestApi`, plus `stages`, `deployments`, `resources` and `clientCertificates`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RestApi {
    pub id: String,
    pub name: Option<String>,
    pub created_date: Option<String>,
    pub version: Option<String>,
    pub minimum_compression_size: Option<i64>,
    pub disable_execute_api_endpoint: Option<bool>,
    pub endpoint_configuration: Option<EndpointConfiguration>,
    /// The resource policy as JSON text (AWS escapes its quotes with backslashes).
    pub policy: Option<String>,
    pub stages: Vec<Stage>,
    pub deployments: Vec<Deployment>,
    pub resources: Vec<Resource>,
    pub client_certificates: Vec<ClientCertificate>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EndpointConfiguration {
    pub types: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Stage {
    pub stage_name: String,
    pub created_date: Option<String>,
    pub deployment_id: Option<String>,
    pub client_certificate_id: Option<String>,
    pub cache_cluster_enabled: Option<bool>,
    pub cache_cluster_status: Option<String>,
    pub tracing_enabled: Option<bool>,
    pub web_acl_arn: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Deployment {
    pub id: String,
    pub description: Option<String>,
    pub created_date: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Resource {
    pub id: String,
    pub parent_id: Option<String>,
    pub path_part: Option<String>,
    pub path: Option<String>,
    /// Methods by HTTP verb, with their integration when they have one.
    pub resource_methods: BTreeMap<String, Method>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Method {
    pub authorization_type: Option<String>,
    pub authorizer_id: Option<String>,
    pub request_validator_id: Option<String>,
    pub operation_name: Option<String>,
    pub api_key_required: Option<bool>,
    pub method_integration: Option<Integration>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Integration {
    pub r#type: Option<String>,
    pub http_method: Option<String>,
    pub uri: Option<String>,
    pub connection_type: Option<String>,
    pub connection_id: Option<String>,
    pub credentials: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ClientCertificate {
    pub client_certificate_id: String,
    pub created_date: Option<String>,
    pub expiration_date: Option<String>,
    /// The stage that uses it.
    pub stage_name: String,
}

impl Records for ApiGatewayRecords {
    fn count(&self) -> u64 {
        self.rest_apis.len() as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        let apis = &self.rest_apis;
        let each = |f: fn(&RestApi) -> Vec<Row>| apis.iter().flat_map(f).collect::<Vec<_>>();
        let (methods, integrations): (Vec<_>, Vec<_>) = apis.iter().map(methods).unzip();
        vec![
            (&REST_API, apis.iter().map(rest_api).collect()),
            (&STAGE, each(stages)),
            (&CLIENT_CERTIFICATE, each(certificates)),
            (&DEPLOYMENT, each(deployments)),
            (&RESOURCE, each(resources)),
            (&METHOD, methods.into_iter().flatten().collect()),
            (&INTEGRATION, integrations.into_iter().flatten().collect()),
        ]
    }
}

fn rest_api(a: &RestApi) -> Row {
    let endpoint_type = a
        .endpoint_configuration
        .as_ref()
        .and_then(|c| c.types.first());
    let exposed = endpoint_type.map(|t| t == "EDGE" || t == "REGIONAL");
    let (access, actions) = a
        .policy
        .as_deref()
        .map_or((false, Vec::new()), policy_access);
    row([
        ("id", Value::from(a.id.as_str())),
        ("createddate", opt(&a.created_date)),
        ("version", opt(&a.version)),
        (
            "minimumcompressionsize",
            Value::from(a.minimum_compression_size),
        ),
        (
            "disableexecuteapiendpoint",
            Value::from(a.disable_execute_api_endpoint),
        ),
        ("anonymous_access", Value::Bool(access)),
        ("anonymous_actions", strings(actions)),
        (
            "endpoint_type",
            Value::from(endpoint_type.map(String::as_str)),
        ),
        ("exposed_internet", Value::from(exposed)),
    ])
}

/// Whether the resource policy lets anyone invoke the API, and what. AWS sends the policy
/// with its quotes escaped; like Cartography, backslashes are dropped when the text is not
/// JSON as it stands.
fn policy_access(policy: &str) -> (bool, Vec<String>) {
    let doc = serde_json::from_str::<Json>(policy)
        .or_else(|_| serde_json::from_str::<Json>(&policy.replace('\\', "")));
    doc.map_or((false, Vec::new()), |d| anonymous_access(&d))
}

/// Cartography's stage id.
fn stage_arn(api_id: &str, stage: &str) -> String {
    format!("arn:aws:apigateway:::{api_id}/{stage}")
}

fn stages(a: &RestApi) -> Vec<Row> {
    a.stages
        .iter()
        .map(|s| {
            row([
                ("arn", Value::from(stage_arn(&a.id, &s.stage_name))),
                ("api_id", Value::from(a.id.as_str())),
                ("stagename", Value::from(s.stage_name.as_str())),
                ("createddate", opt(&s.created_date)),
                ("deploymentid", opt(&s.deployment_id)),
                ("clientcertificateid", opt(&s.client_certificate_id)),
                ("cacheclusterenabled", Value::from(s.cache_cluster_enabled)),
                ("cacheclusterstatus", opt(&s.cache_cluster_status)),
                ("tracingenabled", Value::from(s.tracing_enabled)),
                ("webaclarn", opt(&s.web_acl_arn)),
            ])
        })
        .collect()
}

fn certificates(a: &RestApi) -> Vec<Row> {
    a.client_certificates
        .iter()
        .map(|c| {
            row([
                ("id", Value::from(c.client_certificate_id.as_str())),
                ("createddate", opt(&c.created_date)),
                ("expirationdate", opt(&c.expiration_date)),
                ("stage_arn", Value::from(stage_arn(&a.id, &c.stage_name))),
            ])
        })
        .collect()
}

fn deployments(a: &RestApi) -> Vec<Row> {
    a.deployments
        .iter()
        .map(|d| {
            row([
                ("id", Value::from(format!("{}/{}", a.id, d.id))),
                ("api_id", Value::from(a.id.as_str())),
                ("description", opt(&d.description)),
            ])
        })
        .collect()
}

fn resources(a: &RestApi) -> Vec<Row> {
    a.resources
        .iter()
        .map(|r| {
            row([
                ("id", Value::from(r.id.as_str())),
                ("api_id", Value::from(a.id.as_str())),
                ("path", opt(&r.path)),
                ("pathpart", opt(&r.path_part)),
                ("parentid", opt(&r.parent_id)),
            ])
        })
        .collect()
}

/// Method rows and integration rows, both identified by `<api>/<resource>/<verb>`.
fn methods(a: &RestApi) -> (Vec<Row>, Vec<Row>) {
    let mut methods = Vec::new();
    let mut integrations = Vec::new();
    for r in &a.resources {
        for (verb, m) in &r.resource_methods {
            let id = format!("{}/{}/{verb}", a.id, r.id);
            let common = [
                ("id", Value::from(id.as_str())),
                ("httpmethod", Value::from(verb.as_str())),
                ("resource_id", Value::from(r.id.as_str())),
                ("api_id", Value::from(a.id.as_str())),
            ];
            let mut method = row(common.clone());
            method.extend(row([
                ("authorization_type", opt(&m.authorization_type)),
                ("authorizer_id", opt(&m.authorizer_id)),
                ("request_validator_id", opt(&m.request_validator_id)),
                ("operation_name", opt(&m.operation_name)),
                (
                    "api_key_required",
                    Value::Bool(m.api_key_required.unwrap_or(false)),
                ),
            ]));
            methods.push(method);
            if let Some(i) = &m.method_integration {
                let mut integration = row(common);
                integration.extend(row([
                    ("integration_http_method", opt(&i.http_method)),
                    ("type", opt(&i.r#type)),
                    ("uri", opt(&i.uri)),
                    ("connection_type", opt(&i.connection_type)),
                    ("connection_id", opt(&i.connection_id)),
                    ("credentials", opt(&i.credentials)),
                ]));
                integrations.push(integration);
            }
        }
    }
    (methods, integrations)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    fn api(policy: Option<&str>, endpoint: &str) -> RestApi {
        RestApi {
            id: "a1".into(),
            policy: policy.map(String::from),
            endpoint_configuration: Some(EndpointConfiguration {
                types: vec![endpoint.into()],
            }),
            ..Default::default()
        }
    }

    fn show(v: Option<&Value>) -> String {
        format!("{v:?}")
    }

    #[test]
    fn escaped_public_policy_is_anonymous_access() {
        let public = r#"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"*\"}]}"#;
        let r = rest_api(&api(Some(public), "REGIONAL"));
        assert_eq!(show(r.get("anonymous_access")), "Some(Bool(true))");
        assert!(show(r.get("anonymous_actions")).contains("execute-api:Invoke"));
        assert_eq!(show(r.get("exposed_internet")), "Some(Bool(true))");
        let private = rest_api(&api(None, "PRIVATE"));
        assert_eq!(show(private.get("anonymous_access")), "Some(Bool(false))");
        assert_eq!(show(private.get("exposed_internet")), "Some(Bool(false))");
    }

    #[test]
    fn methods_and_integrations_share_ids_and_certificates_find_their_stage() {
        let mut a = api(None, "EDGE");
        a.resources = vec![Resource {
            id: "r1".into(),
            resource_methods: BTreeMap::from([(
                "GET".to_string(),
                Method {
                    method_integration: Some(Integration {
                        http_method: Some("POST".into()),
                        ..Default::default()
                    }),
                    ..Default::default()
                },
            )]),
            ..Default::default()
        }];
        a.client_certificates = vec![ClientCertificate {
            client_certificate_id: "c1".into(),
            stage_name: "prod".into(),
            ..Default::default()
        }];
        let (m, i) = methods(&a);
        assert_eq!(show(m[0].get("id")), show(i[0].get("id")));
        assert!(show(m[0].get("id")).contains("a1/r1/GET"));
        assert!(show(i[0].get("integration_http_method")).contains("POST"));
        let c = certificates(&a);
        assert!(show(c[0].get("stage_arn")).contains("arn:aws:apigateway:::a1/prod"));
    }

    #[test]
    fn statements_are_cartographys_shape() {
        let q = ingest_query(&STAGE);
        assert!(
            q.contains("MERGE (i:AWSAPIGatewayStage {id: item.arn})"),
            "{q}"
        );
        assert!(q.contains("(i)<-[r0:ASSOCIATED_WITH]-(n0)"), "{q}");
        let q = ingest_query(&CLIENT_CERTIFICATE);
        assert!(q.contains("(i)<-[r0:HAS_CERTIFICATE]-(n0)"), "{q}");
        let q = ingest_query(&METHOD);
        assert!(q.contains("i:APIGatewayMethod"), "{q}");
        assert!(q.contains("(i)<-[r0:HAS_METHOD]-(n0)"), "{q}");
    }
}
