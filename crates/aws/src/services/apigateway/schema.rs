//! API Gateway (v1) node types as Cartography models them: REST APIs with their stages,
//! client certificates, deployments, resources, methods and integrations.

use cartograph_sync::{
    CleanupMode, Direction, ExtraLabel, Matcher, NodeSchema, Property, RelSchema, Source,
};

use crate::schemas::ACCOUNT_RESOURCE;

const API_ID: &[Matcher] = &[Matcher::field("id", "api_id")];
const RESOURCE_ID: &[Matcher] = &[Matcher::field("id", "resource_id")];

/// A child of a REST API, matched by the API's id in `api_id`.
const fn of_api(rel_type: &'static str) -> RelSchema {
    RelSchema::new(rel_type, Direction::Inward, "AWSAPIGatewayRestAPI", API_ID)
}

/// A child of a resource, matched by the resource's id in `resource_id`.
const fn of_resource(rel_type: &'static str) -> RelSchema {
    RelSchema::new(
        rel_type,
        Direction::Inward,
        "AWSAPIGatewayResource",
        RESOURCE_ID,
    )
}

pub const REST_API: NodeSchema = NodeSchema {
    label: "AWSAPIGatewayRestAPI",
    id: Source::Field("id"),
    extra_labels: &[ExtraLabel::always("APIGatewayRestAPI")],
    properties: &[
        Property::field("createddate", "createddate"),
        Property::field("version", "version"),
        Property::field("minimumcompressionsize", "minimumcompressionsize"),
        Property::field("disableexecuteapiendpoint", "disableexecuteapiendpoint"),
        Property::param("region", "Region"),
        Property::field("anonymous_access", "anonymous_access"),
        Property::field("anonymous_actions", "anonymous_actions"),
        Property::indexed("endpoint_type", "endpoint_type"),
        Property::indexed("exposed_internet", "exposed_internet"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[],
    cleanup: CleanupMode::Scoped,
};

/// Stages, identified by `arn:aws:apigateway:::<api id>/<stage name>` (Cartography's form).
pub const STAGE: NodeSchema = NodeSchema {
    label: "AWSAPIGatewayStage",
    id: Source::Field("arn"),
    extra_labels: &[ExtraLabel::always("APIGatewayStage")],
    properties: &[
        Property::field("stagename", "stagename"),
        Property::field("createddate", "createddate"),
        Property::field("deploymentid", "deploymentid"),
        Property::field("clientcertificateid", "clientcertificateid"),
        Property::field("cacheclusterenabled", "cacheclusterenabled"),
        Property::field("cacheclusterstatus", "cacheclusterstatus"),
        Property::field("tracingenabled", "tracingenabled"),
        Property::field("webaclarn", "webaclarn"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[of_api("ASSOCIATED_WITH")],
    cleanup: CleanupMode::Scoped,
};

pub const CLIENT_CERTIFICATE: NodeSchema = NodeSchema {
    label: "AWSAPIGatewayClientCertificate",
    id: Source::Field("id"),
    extra_labels: &[ExtraLabel::always("APIGatewayClientCertificate")],
    properties: &[
        Property::field("createddate", "createddate"),
        Property::field("expirationdate", "expirationdate"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[RelSchema::new(
        "HAS_CERTIFICATE",
        Direction::Inward,
        "AWSAPIGatewayStage",
        &[Matcher::field("id", "stage_arn")],
    )],
    cleanup: CleanupMode::Scoped,
};

/// Deployments, identified by `<api id>/<deployment id>`.
pub const DEPLOYMENT: NodeSchema = NodeSchema {
    label: "AWSAPIGatewayDeployment",
    id: Source::Field("id"),
    extra_labels: &[ExtraLabel::always("APIGatewayDeployment")],
    properties: &[
        Property::indexed("arn", "id"),
        Property::field("description", "description"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[of_api("HAS_DEPLOYMENT")],
    cleanup: CleanupMode::Scoped,
};

pub const RESOURCE: NodeSchema = NodeSchema {
    label: "AWSAPIGatewayResource",
    id: Source::Field("id"),
    extra_labels: &[ExtraLabel::always("APIGatewayResource")],
    properties: &[
        Property::field("path", "path"),
        Property::field("pathpart", "pathpart"),
        Property::field("parentid", "parentid"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[of_api("RESOURCE")],
    cleanup: CleanupMode::Scoped,
};

/// Methods, identified by `<api id>/<resource id>/<HTTP verb>`.
pub const METHOD: NodeSchema = NodeSchema {
    label: "AWSAPIGatewayMethod",
    id: Source::Field("id"),
    extra_labels: &[ExtraLabel::always("APIGatewayMethod")],
    properties: &[
        Property::field("httpmethod", "httpmethod"),
        Property::field("resource_id", "resource_id"),
        Property::field("api_id", "api_id"),
        Property::field("authorization_type", "authorization_type"),
        Property::field("authorizer_id", "authorizer_id"),
        Property::field("request_validator_id", "request_validator_id"),
        Property::field("operation_name", "operation_name"),
        Property::field("api_key_required", "api_key_required"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[of_resource("HAS_METHOD")],
    cleanup: CleanupMode::Scoped,
};

/// Integrations, identified like their method.
pub const INTEGRATION: NodeSchema = NodeSchema {
    label: "AWSAPIGatewayIntegration",
    id: Source::Field("id"),
    extra_labels: &[ExtraLabel::always("APIGatewayIntegration")],
    properties: &[
        Property::field("httpmethod", "httpmethod"),
        Property::field("integration_http_method", "integration_http_method"),
        Property::field("resource_id", "resource_id"),
        Property::field("api_id", "api_id"),
        Property::field("type", "type"),
        Property::field("uri", "uri"),
        Property::field("connection_type", "connection_type"),
        Property::field("connection_id", "connection_id"),
        Property::field("credentials", "credentials"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[of_resource("HAS_INTEGRATION")],
    cleanup: CleanupMode::Scoped,
};
