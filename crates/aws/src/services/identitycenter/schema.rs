//! Cartography's Identity Center node types: the instance, its permission sets (which are
//! `PermissionRole`s) and the identity store's users (`UserAccount`) and groups
//! (`UserGroup`), with both the legacy and the ontology relationships between them.

use cartograph_sync::{
    CleanupMode, Direction, ExtraLabel, LinkSchema, Matcher, NodeSchema, Property, RelSchema,
    Source,
};

use crate::schemas::ACCOUNT_RESOURCE;

pub const INSTANCE: NodeSchema = NodeSchema {
    label: "AWSIdentityCenter",
    id: Source::Field("arn"),
    extra_labels: &[],
    properties: &[
        Property::field("arn", "arn"),
        Property::field("identity_store_id", "identity_store_id"),
        Property::field("created_date", "created_date"),
        Property::field("status", "status"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[],
    cleanup: CleanupMode::Scoped,
};

pub const PERMISSION_SET: NodeSchema = NodeSchema {
    label: "AWSPermissionSet",
    id: Source::Field("arn"),
    extra_labels: &[ExtraLabel::always("PermissionRole")],
    properties: &[
        Property::field("arn", "arn"),
        Property::field("name", "name"),
        Property::field("description", "description"),
        Property::field("session_duration", "session_duration"),
        Property::field("instance_arn", "instance_arn"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[
        RelSchema::new(
            "HAS_PERMISSION_SET",
            Direction::Inward,
            "AWSIdentityCenter",
            &[Matcher::field("arn", "instance_arn")],
        ),
        // The roles Identity Center made for the set in every account it is assigned to
        // (`.../AWSReservedSSO_<name>_<suffix>`), found by that part of their ARN.
        RelSchema::new(
            "ASSIGNED_TO_ROLE",
            Direction::Outward,
            "AWSRole",
            &[Matcher::contains("arn", "role_hint")],
        ),
    ],
    cleanup: CleanupMode::Scoped,
};

/// The role of an account assignment's permission set in its account.
const ASSIGNED_ROLE: &[Matcher] = &[
    Matcher::contains("arn", "account_prefix"),
    Matcher::contains("arn", "role_hint"),
];

const PRINCIPAL: &[Matcher] = &[
    Matcher::field("id", "principal_id"),
    Matcher::field("identity_store_id", "identity_store_id"),
];

const PERMISSION_SET_ARN: &[Property] =
    &[Property::field("permission_set_arn", "permission_set_arn")];

/// `(:AWSRole)-[:ALLOWED_BY {permission_set_arn}]->(principal)`: who may use the role.
const fn allowed_by(principal: &'static str) -> LinkSchema {
    LinkSchema {
        source_label: "AWSRole",
        source_matchers: ASSIGNED_ROLE,
        target_label: principal,
        target_matchers: PRINCIPAL,
        direction: Direction::Outward,
        rel_type: "ALLOWED_BY",
        properties: PERMISSION_SET_ARN,
    }
}

pub const USER_ROLES: LinkSchema = allowed_by("AWSSSOUser");
pub const GROUP_ROLES: LinkSchema = allowed_by("AWSSSOGroup");

/// A principal's assigned permission sets, as the legacy and the ontology relationship.
const ASSIGNED: [RelSchema; 2] = [
    RelSchema::new(
        "HAS_PERMISSION_SET",
        Direction::Outward,
        "AWSPermissionSet",
        &[Matcher::list("arn", "assigned_permission_sets")],
    ),
    RelSchema::new(
        "HAS_ROLE",
        Direction::Outward,
        "AWSPermissionSet",
        &[Matcher::list("arn", "assigned_permission_sets")],
    ),
];

pub const GROUP: NodeSchema = NodeSchema {
    label: "AWSSSOGroup",
    id: Source::Field("id"),
    extra_labels: &[ExtraLabel::always("UserGroup")],
    properties: &[
        Property::field("display_name", "display_name"),
        Property::field("description", "description"),
        Property::field("identity_store_id", "identity_store_id"),
        Property::indexed("external_id", "external_id"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &ASSIGNED,
    cleanup: CleanupMode::Scoped,
};

pub const USER: NodeSchema = NodeSchema {
    label: "AWSSSOUser",
    id: Source::Field("id"),
    extra_labels: &[ExtraLabel::always("UserAccount")],
    properties: &[
        Property::field("user_name", "user_name"),
        Property::field("identity_store_id", "identity_store_id"),
        Property::indexed("external_id", "external_id"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[
        // The identity provider's user (Okta, Entra) this one is provisioned from.
        RelSchema::new(
            "CAN_ASSUME_IDENTITY",
            Direction::Inward,
            "UserAccount",
            &[Matcher::field("id", "external_id")],
        ),
        RelSchema::new(
            "MEMBER_OF_SSO_GROUP",
            Direction::Outward,
            "AWSSSOGroup",
            &[Matcher::list("id", "member_of_groups")],
        ),
        RelSchema::new(
            "MEMBER_OF",
            Direction::Outward,
            "AWSSSOGroup",
            &[Matcher::list("id", "member_of_groups")],
        ),
        ASSIGNED[0],
        ASSIGNED[1],
    ],
    cleanup: CleanupMode::Scoped,
};

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    #[test]
    fn statements_are_cartographys_shape() {
        let q = ingest_query(&PERMISSION_SET);
        assert!(
            q.contains("MERGE (i:AWSPermissionSet {id: item.arn})"),
            "{q}"
        );
        assert!(q.contains("i:PermissionRole"), "{q}");
        assert!(q.contains("MERGE (i)<-[r0:HAS_PERMISSION_SET]-(n0)"), "{q}");
        let q = ingest_query(&USER);
        assert!(q.contains("i:UserAccount"), "{q}");
        assert!(
            q.contains("MERGE (i)<-[r0:CAN_ASSUME_IDENTITY]-(n0)"),
            "{q}"
        );
        assert!(q.contains("MERGE (i)-[r2:MEMBER_OF]->(n2)"), "{q}");
        assert!(q.contains("MERGE (i)-[r4:HAS_ROLE]->(n4)"), "{q}");
        let q = ingest_query(&GROUP);
        assert!(q.contains("i:UserGroup"), "{q}");
        assert!(q.contains("MERGE (i)-[r1:HAS_ROLE]->(n1)"), "{q}");
    }
}
