//! Lambda's node types as Cartography models them: functions with their aliases, event
//! source mappings and layers.

use cartograph_sync::{
    CleanupMode, Direction, ExtraLabel, Matcher, NodeSchema, Property, RelSchema, Source,
};

use crate::schemas::ACCOUNT_RESOURCE;

/// `AWSLambda` (with the ontology label `Function`).
pub const FUNCTION: NodeSchema = NodeSchema {
    label: "AWSLambda",
    id: Source::Field("arn"),
    extra_labels: &[ExtraLabel::always("Function")],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::field("name", "name"),
        Property::field("modifieddate", "modifieddate"),
        Property::field("runtime", "runtime"),
        Property::field("description", "description"),
        Property::field("timeout", "timeout"),
        Property::field("memory", "memory"),
        Property::field("codesize", "codesize"),
        Property::field("handler", "handler"),
        Property::field("version", "version"),
        Property::field("tracingconfigmode", "tracingconfigmode"),
        Property::field("revisionid", "revisionid"),
        Property::field("state", "state"),
        Property::field("statereason", "statereason"),
        Property::field("statereasoncode", "statereasoncode"),
        Property::field("lastupdatestatus", "lastupdatestatus"),
        Property::field("lastupdatestatusreason", "lastupdatestatusreason"),
        Property::field("lastupdatestatusreasoncode", "lastupdatestatusreasoncode"),
        Property::field("packagetype", "packagetype"),
        Property::field("image_uri", "image_uri"),
        Property::field("image_digest", "image_digest"),
        Property::field("signingprofileversionarn", "signingprofileversionarn"),
        Property::field("signingjobarn", "signingjobarn"),
        Property::field("codesha256", "codesha256"),
        Property::field("architectures", "architectures"),
        Property::field("architecture_normalized", "architecture_normalized"),
        Property::field("masterarn", "masterarn"),
        Property::field("kmskeyarn", "kmskeyarn"),
        Property::field("anonymous_access", "anonymous_access"),
        Property::field("anonymous_actions", "anonymous_actions"),
        // Not in Cartography: the resource policy itself, for resource-policy analysis.
        Property::field("policy", "policy"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[
        RelSchema::new(
            "STS_ASSUMEROLE_ALLOW",
            Direction::Outward,
            "AWSPrincipal",
            &[Matcher::field("arn", "role")],
        ),
        RelSchema::new(
            "ASSUMES",
            Direction::Outward,
            "AWSRole",
            &[Matcher::field("arn", "role")],
        ),
        RelSchema::new(
            "HAS_IMAGE",
            Direction::Outward,
            "AWSECRImage",
            &[Matcher::field("digest", "image_digest")],
        ),
    ],
    cleanup: CleanupMode::Scoped,
};

const BY_FUNCTION_ARN: &[Matcher] = &[Matcher::field("id", "functionarn")];

/// The function a sub-resource belongs to, by its `functionarn` field.
const fn of_function(rel_type: &'static str) -> RelSchema {
    RelSchema::new(rel_type, Direction::Inward, "AWSLambda", BY_FUNCTION_ARN)
}

pub const ALIAS: NodeSchema = NodeSchema {
    label: "AWSLambdaFunctionAlias",
    id: Source::Field("arn"),
    extra_labels: &[],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::field("aliasname", "aliasname"),
        Property::field("functionversion", "functionversion"),
        Property::field("description", "description"),
        Property::field("revisionid", "revisionid"),
        Property::field("functionarn", "functionarn"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[of_function("KNOWN_AS")],
    cleanup: CleanupMode::Scoped,
};

pub const EVENT_SOURCE_MAPPING: NodeSchema = NodeSchema {
    label: "AWSLambdaEventSourceMapping",
    id: Source::Field("id"),
    extra_labels: &[],
    properties: &[
        Property::field("batchsize", "batchsize"),
        Property::field("startingposition", "startingposition"),
        Property::field("startingpositiontimestamp", "startingpositiontimestamp"),
        Property::field("parallelizationfactor", "parallelizationfactor"),
        Property::field(
            "maximumbatchingwindowinseconds",
            "maximumbatchingwindowinseconds",
        ),
        Property::field("eventsourcearn", "eventsourcearn"),
        Property::field("lastmodified", "lastmodified"),
        Property::field("lastprocessingresult", "lastprocessingresult"),
        Property::field("state", "state"),
        Property::field("maximumrecordage", "maximumrecordage"),
        Property::field("bisectbatchonfunctionerror", "bisectbatchonfunctionerror"),
        Property::field("maximumretryattempts", "maximumretryattempts"),
        Property::field("tumblingwindowinseconds", "tumblingwindowinseconds"),
        Property::field("functionarn", "functionarn"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[of_function("RESOURCE")],
    cleanup: CleanupMode::Scoped,
};

/// A layer version, shared by the functions that use it (`functionarn` is the last one seen,
/// as in Cartography).
pub const LAYER: NodeSchema = NodeSchema {
    label: "AWSLambdaLayer",
    id: Source::Field("arn"),
    extra_labels: &[],
    properties: &[
        Property::field("arn", "arn"),
        Property::field("codesize", "codesize"),
        Property::field("signingprofileversionarn", "signingprofileversionarn"),
        Property::field("signingjobarn", "signingjobarn"),
        Property::field("functionarn", "functionarn"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[of_function("HAS")],
    cleanup: CleanupMode::Scoped,
};
