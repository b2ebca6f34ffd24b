//! Cartography's AWS graph schema, one declaration per node type: labels (the current
//! `AWS`-prefixed label plus the older label and the ontology labels Cartography adds),
//! property names, relationship types and directions. Row field names are those the
//! transforms produce (mostly the AWS API field names, as Cartography's transforms use).

use cartograph_sync::{
    CleanupMode, Direction, ExtraLabel, LinkSchema, Matcher, NodeSchema, Property, RelSchema,
    Source,
};

use Direction::{Inward, Outward};

const fn field(name: &'static str, f: &'static str) -> Property {
    Property::field(name, f)
}
const fn indexed(name: &'static str, f: &'static str) -> Property {
    Property::indexed(name, f)
}
const fn label(l: &'static str) -> ExtraLabel {
    ExtraLabel::always(l)
}
const fn rel(
    rel_type: &'static str,
    direction: Direction,
    target: &'static str,
    matchers: &'static [Matcher],
) -> RelSchema {
    RelSchema::new(rel_type, direction, target, matchers)
}

/// The region a regional service's node was read in.
pub const REGION: Property = Property::param("region", "Region");

/// `(:AWSAccount {id: $AWS_ID})-[:RESOURCE]->(n)`: the owner of every account-scoped node.
pub const ACCOUNT_RESOURCE: RelSchema = rel(
    "RESOURCE",
    Inward,
    "AWSAccount",
    &[Matcher::param("id", "AWS_ID")],
);

/// A node type owned by the account (`RESOURCE`), cleaned up per account.
pub const fn owned(
    label: &'static str,
    id: &'static str,
    extra_labels: &'static [ExtraLabel],
    properties: &'static [Property],
    relationships: &'static [RelSchema],
) -> NodeSchema {
    NodeSchema {
        label,
        id: Source::Field(id),
        extra_labels,
        properties,
        sub_resource: Some(ACCOUNT_RESOURCE),
        relationships,
        cleanup: CleanupMode::Scoped,
    }
}

// ---------- Accounts and Organizations ----------

/// An account in the sync scope (or discovered foreign, with `inscope` false).
pub const AWS_ACCOUNT: NodeSchema = NodeSchema {
    label: "AWSAccount",
    id: Source::Field("id"),
    extra_labels: &[label("Tenant")],
    properties: &[
        field("name", "name"),
        field("inscope", "inscope"),
        field("foreign", "foreign"),
    ],
    sub_resource: None,
    relationships: &[],
    cleanup: CleanupMode::Never,
};

/// An account as AWS Organizations describes it.
pub const ORG_ACCOUNT: NodeSchema = NodeSchema {
    label: "AWSAccount",
    id: Source::Field("id"),
    extra_labels: &[label("Tenant")],
    properties: &[
        field("name", "name"),
        indexed("arn", "arn"),
        field("email", "email"),
        field("state", "state"),
        field("status", "status"),
        field("joined_method", "joined_method"),
        field("joined_timestamp", "joined_timestamp"),
        indexed("org_id", "org_id"),
    ],
    sub_resource: None,
    relationships: &[],
    cleanup: CleanupMode::Never,
};

/// An account only known from a trust policy: id and the `foreign` flag, nothing else.
pub const FOREIGN_ACCOUNT: NodeSchema = NodeSchema {
    label: "AWSAccount",
    id: Source::Field("id"),
    extra_labels: &[],
    properties: &[field("foreign", "foreign")],
    sub_resource: None,
    relationships: &[],
    cleanup: CleanupMode::Never,
};

pub const AWS_ORGANIZATION: NodeSchema = NodeSchema {
    label: "AWSOrganization",
    id: Source::Field("id"),
    extra_labels: &[label("Tenant")],
    properties: &[
        indexed("arn", "arn"),
        field("feature_set", "feature_set"),
        field("management_account_arn", "management_account_arn"),
        indexed("management_account_id", "management_account_id"),
        field("management_account_email", "management_account_email"),
    ],
    sub_resource: None,
    relationships: &[],
    cleanup: CleanupMode::Never,
};

pub const ORG_ROOT: NodeSchema = NodeSchema {
    label: "AWSOrganizationRoot",
    id: Source::Field("id"),
    extra_labels: &[],
    properties: &[
        indexed("root_id", "root_id"),
        indexed("arn", "arn"),
        field("name", "name"),
        indexed("org_id", "org_id"),
    ],
    sub_resource: Some(rel(
        "RESOURCE",
        Inward,
        "AWSOrganization",
        &[Matcher::param("id", "ORG_ID")],
    )),
    relationships: &[
        rel(
            "PARENT",
            Outward,
            "AWSOrganization",
            &[Matcher::param("id", "ORG_ID")],
        ),
        rel(
            "RESOURCE",
            Outward,
            "AWSOrganizationalUnit",
            &[Matcher::list("id", "child_ou_ids")],
        ),
        rel(
            "RESOURCE",
            Outward,
            "AWSAccount",
            &[Matcher::list("id", "account_ids")],
        ),
        rel(
            "PARENT",
            Inward,
            "AWSAccount",
            &[Matcher::list("id", "account_ids")],
        ),
    ],
    cleanup: CleanupMode::Scoped,
};

pub const ORG_UNIT: NodeSchema = NodeSchema {
    label: "AWSOrganizationalUnit",
    id: Source::Field("id"),
    extra_labels: &[],
    properties: &[
        indexed("ou_id", "ou_id"),
        indexed("arn", "arn"),
        field("name", "name"),
        indexed("org_id", "org_id"),
        indexed("root_id", "root_id"),
        field("parent_root_id", "parent_root_id"),
        field("parent_ou_id", "parent_ou_id"),
    ],
    sub_resource: Some(rel(
        "RESOURCE",
        Inward,
        "AWSOrganizationRoot",
        &[Matcher::param("id", "ROOT_ID")],
    )),
    relationships: &[
        rel(
            "PARENT",
            Outward,
            "AWSOrganizationRoot",
            &[Matcher::field("id", "parent_root_id")],
        ),
        rel(
            "PARENT",
            Outward,
            "AWSOrganizationalUnit",
            &[Matcher::field("id", "parent_ou_id")],
        ),
        rel(
            "RESOURCE",
            Outward,
            "AWSOrganizationalUnit",
            &[Matcher::list("id", "child_ou_ids")],
        ),
        rel(
            "RESOURCE",
            Outward,
            "AWSAccount",
            &[Matcher::list("id", "account_ids")],
        ),
        rel(
            "PARENT",
            Inward,
            "AWSAccount",
            &[Matcher::list("id", "account_ids")],
        ),
    ],
    cleanup: CleanupMode::Scoped,
};

// ---------- IAM ----------

pub const ROOT_PRINCIPAL: NodeSchema = owned(
    "AWSRootPrincipal",
    "arn",
    &[label("AWSPrincipal")],
    &[indexed("arn", "arn")],
    &[],
);

pub const AWS_USER: NodeSchema = owned(
    "AWSUser",
    "arn",
    &[label("AWSPrincipal"), label("UserAccount")],
    &[
        indexed("arn", "arn"),
        indexed("userid", "userid"),
        field("name", "name"),
        field("path", "path"),
        field("createdate", "createdate"),
        field("createdate_dt", "createdate_dt"),
        field("passwordlastused", "passwordlastused"),
        field("passwordlastused_dt", "passwordlastused_dt"),
        field("permissions_boundary_arn", "permissions_boundary_arn"),
        field("permissions_boundary_type", "permissions_boundary_type"),
    ],
    &[],
);

pub const AWS_GROUP: NodeSchema = owned(
    "AWSGroup",
    "arn",
    &[label("AWSPrincipal"), label("UserGroup")],
    &[
        indexed("arn", "arn"),
        field("groupid", "groupid"),
        field("name", "name"),
        field("path", "path"),
        field("createdate", "createdate"),
        field("createdate_dt", "createdate_dt"),
    ],
    &[
        rel(
            "MEMBER_AWS_GROUP",
            Inward,
            "AWSUser",
            &[Matcher::list("arn", "user_arns")],
        ),
        rel(
            "MEMBER_OF",
            Inward,
            "AWSUser",
            &[Matcher::list("arn", "user_arns")],
        ),
    ],
);

pub const AWS_ROLE: NodeSchema = owned(
    "AWSRole",
    "arn",
    &[label("AWSPrincipal"), label("PermissionRole")],
    &[
        indexed("arn", "arn"),
        indexed("roleid", "roleid"),
        field("name", "name"),
        field("path", "path"),
        field("createdate", "createdate"),
        field("createdate_dt", "createdate_dt"),
        field("permissions_boundary_arn", "permissions_boundary_arn"),
        field("permissions_boundary_type", "permissions_boundary_type"),
    ],
    &[rel(
        "TRUSTS_AWS_PRINCIPAL",
        Outward,
        "AWSPrincipal",
        &[Matcher::list("arn", "trusted_aws_principals")],
    )],
);

/// Global (`ec2.amazonaws.com`): no owner, never cleaned up.
pub const SERVICE_PRINCIPAL: NodeSchema = NodeSchema {
    label: "AWSServicePrincipal",
    id: Source::Field("arn"),
    extra_labels: &[label("AWSPrincipal"), label("ServiceAccount")],
    properties: &[indexed("arn", "arn"), field("type", "type")],
    sub_resource: None,
    relationships: &[],
    cleanup: CleanupMode::Never,
};

pub const FEDERATED_PRINCIPAL: NodeSchema = owned(
    "AWSFederatedPrincipal",
    "arn",
    &[label("AWSPrincipal")],
    &[indexed("arn", "arn"), field("type", "type")],
    &[],
);

const POLICY_PROPERTIES: &[Property] = &[
    field("name", "name"),
    field("type", "type"),
    indexed("arn", "arn"),
];
const POLICY_TO_PRINCIPAL: RelSchema = rel(
    "POLICY",
    Inward,
    "AWSPrincipal",
    &[Matcher::list("arn", "principal_arns")],
);

/// Managed policies can be shared between accounts: only their relationships are cleaned up.
pub const MANAGED_POLICY: NodeSchema = NodeSchema {
    label: "AWSManagedPolicy",
    id: Source::Field("id"),
    extra_labels: &[label("AWSPolicy")],
    properties: POLICY_PROPERTIES,
    sub_resource: None,
    relationships: &[POLICY_TO_PRINCIPAL],
    cleanup: CleanupMode::RelationshipsOnly,
};

pub const INLINE_POLICY: NodeSchema = owned(
    "AWSInlinePolicy",
    "id",
    &[label("AWSPolicy")],
    POLICY_PROPERTIES,
    &[POLICY_TO_PRINCIPAL],
);

const STATEMENT_PROPERTIES: &[Property] = &[
    field("effect", "Effect"),
    field("action", "Action"),
    field("notaction", "NotAction"),
    field("resource", "Resource"),
    field("notresource", "NotResource"),
    field("condition", "Condition"),
    field("sid", "Sid"),
];

/// Statements of many policies in one batch: each row names its policy (`policy_id`).
pub const POLICY_STATEMENT: NodeSchema = NodeSchema {
    label: "AWSPolicyStatement",
    id: Source::Field("id"),
    extra_labels: &[],
    properties: STATEMENT_PROPERTIES,
    sub_resource: Some(rel(
        "STATEMENT",
        Inward,
        "AWSPolicy",
        &[Matcher::field("id", "policy_id")],
    )),
    relationships: &[],
    cleanup: CleanupMode::Never,
};

/// The same nodes scoped to one policy (`$POLICY_ID`), for cleanup policy by policy as
/// Cartography does.
pub const POLICY_STATEMENT_CLEANUP: NodeSchema = NodeSchema {
    sub_resource: Some(rel(
        "STATEMENT",
        Inward,
        "AWSPolicy",
        &[Matcher::param("id", "POLICY_ID")],
    )),
    cleanup: CleanupMode::Scoped,
    ..POLICY_STATEMENT
};

pub const ACCESS_KEY: NodeSchema = owned(
    "AWSAccountAccessKey",
    "accesskeyid",
    &[label("AccountAccessKey"), label("APIKey")],
    &[
        indexed("accesskeyid", "accesskeyid"),
        field("createdate", "createdate"),
        field("createdate_dt", "createdate_dt"),
        field("status", "status"),
        field("lastuseddate", "lastuseddate"),
        field("lastuseddate_dt", "lastuseddate_dt"),
        field("lastusedservice", "lastusedservice"),
        field("lastusedregion", "lastusedregion"),
    ],
    &[
        rel(
            "AWS_ACCESS_KEY",
            Inward,
            "AWSUser",
            &[Matcher::field("arn", "user_arn")],
        ),
        rel(
            "OWNED_BY",
            Outward,
            "AWSUser",
            &[Matcher::field("arn", "user_arn")],
        ),
    ],
);

pub const MFA_DEVICE: NodeSchema = owned(
    "AWSMfaDevice",
    "serialnumber",
    &[label("MfaDevice")],
    &[
        indexed("serialnumber", "serialnumber"),
        field("username", "username"),
        field("user_arn", "user_arn"),
        field("enabledate", "enabledate"),
        field("enabledate_dt", "enabledate_dt"),
    ],
    &[rel(
        "MFA_DEVICE",
        Inward,
        "AWSUser",
        &[Matcher::field("arn", "user_arn")],
    )],
);

pub const INSTANCE_PROFILE: NodeSchema = owned(
    "AWSInstanceProfile",
    "Arn",
    &[],
    &[
        field("arn", "Arn"),
        field("createdate", "CreateDate"),
        field("instance_profile_id", "InstanceProfileId"),
        field("instance_profile_name", "InstanceProfileName"),
        field("path", "Path"),
    ],
    &[rel(
        "ASSOCIATED_WITH",
        Outward,
        "AWSRole",
        &[Matcher::list("arn", "Roles")],
    )],
);

pub const SAML_PROVIDER: NodeSchema = owned(
    "AWSSAMLProvider",
    "Arn",
    &[label("IdentityProvider")],
    &[
        indexed("arn", "Arn"),
        indexed("name", "Name"),
        field("create_date", "CreateDate"),
        field("valid_until", "ValidUntil"),
    ],
    &[],
);

/// `GetAccountSummary` merged onto the account node (no owner, nothing to clean up: the
/// properties are rewritten every sync).
pub const ACCOUNT_SUMMARY: NodeSchema = NodeSchema {
    label: "AWSAccount",
    id: Source::Field("id"),
    extra_labels: &[],
    properties: &[
        field("account_mfa_enabled", "AccountMFAEnabled"),
        field("mfa_devices", "MFADevices"),
        field("mfa_devices_in_use", "MFADevicesInUse"),
        field("account_access_keys_present", "AccountAccessKeysPresent"),
        field(
            "account_signing_certificates_present",
            "AccountSigningCertificatesPresent",
        ),
        field("users", "Users"),
        field("groups", "Groups"),
        field("roles", "Roles"),
        field("policies", "Policies"),
        field("instance_profiles", "InstanceProfiles"),
        field("providers", "Providers"),
        field("server_certificates", "ServerCertificates"),
        field("policy_versions_in_use", "PolicyVersionsInUse"),
    ],
    sub_resource: None,
    relationships: &[],
    cleanup: CleanupMode::Never,
};

/// `(principal)-[:STS_ASSUMEROLE_ALLOW]->(role)`: the principal's policies allow
/// `sts:AssumeRole` on a role that trusts it.
pub const STS_ASSUMEROLE_ALLOW: LinkSchema = LinkSchema {
    source_label: "AWSPrincipal",
    source_matchers: &[Matcher::field("arn", "source_arn")],
    target_label: "AWSRole",
    target_matchers: &[Matcher::field("arn", "target_arn")],
    direction: Outward,
    rel_type: "STS_ASSUMEROLE_ALLOW",
    properties: &[],
};

// ---------- EC2 ----------

pub const EC2_INSTANCE: NodeSchema = owned(
    "AWSEC2Instance",
    "InstanceId",
    &[label("EC2Instance"), label("ComputeInstance")],
    &[
        indexed("arn", "Arn"),
        indexed("instanceid", "InstanceId"),
        indexed("publicdnsname", "PublicDnsName"),
        field("privateipaddress", "PrivateIpAddress"),
        field("publicipaddress", "PublicIpAddress"),
        field("imageid", "ImageId"),
        field("instancetype", "InstanceType"),
        field("monitoringstate", "MonitoringState"),
        field("state", "State"),
        field("launchtime", "LaunchTime"),
        field("launchtimeunix", "LaunchTimeUnix"),
        REGION,
        field("iaminstanceprofile", "IamInstanceProfile"),
        field("availabilityzone", "AvailabilityZone"),
        field("tenancy", "Tenancy"),
        field("platform", "Platform"),
        field("architecture", "Architecture"),
        field("ebsoptimized", "EbsOptimized"),
        field("bootmode", "BootMode"),
        field("instancelifecycle", "InstanceLifecycle"),
        indexed("metadatahttptokens", "MetadataHttpTokens"),
        field(
            "metadatahttpputresponsehoplimit",
            "MetadataHttpPutResponseHopLimit",
        ),
        field("metadatahttpendpoint", "MetadataHttpEndpoint"),
        field("metadatahttpprotocolipv6", "MetadataHttpProtocolIpv6"),
        field("metadatainstancetags", "MetadataInstanceTags"),
        field("imdsaccessmode", "ImdsAccessMode"),
        field("imdsv1enabled", "ImdsV1Enabled"),
        field("imdsv2required", "ImdsV2Required"),
        field("eks_cluster_name", "EksClusterName"),
    ],
    &[
        rel(
            "MEMBER_OF_EC2_RESERVATION",
            Outward,
            "AWSEC2Reservation",
            &[Matcher::field("reservationid", "ReservationId")],
        ),
        rel(
            "INSTANCE_PROFILE",
            Outward,
            "AWSInstanceProfile",
            &[Matcher::field("arn", "IamInstanceProfile")],
        ),
    ],
);

pub const EC2_RESERVATION: NodeSchema = owned(
    "AWSEC2Reservation",
    "ReservationId",
    &[label("EC2Reservation")],
    &[
        field("reservationid", "ReservationId"),
        field("ownerid", "OwnerId"),
        field("requesterid", "RequesterId"),
        REGION,
    ],
    &[],
);

const SUBNET_LABELS: &[ExtraLabel] = &[label("EC2Subnet"), label("Subnet")];

/// Subnets as instances reference them (`SubnetId`, `InstanceId`).
pub const SUBNET_INSTANCE: NodeSchema = owned(
    "AWSEC2Subnet",
    "SubnetId",
    SUBNET_LABELS,
    &[
        indexed("subnetid", "SubnetId"),
        indexed("subnet_id", "SubnetId"),
        REGION,
    ],
    &[rel(
        "PART_OF_SUBNET",
        Inward,
        "AWSEC2Instance",
        &[Matcher::field("id", "InstanceId")],
    )],
);

const SG_LABELS: &[ExtraLabel] = &[label("EC2SecurityGroup")];

/// Security groups as instances reference them (`GroupId`, `InstanceId`).
pub const SECURITY_GROUP_INSTANCE: NodeSchema = owned(
    "AWSEC2SecurityGroup",
    "GroupId",
    SG_LABELS,
    &[indexed("groupid", "GroupId"), REGION],
    &[rel(
        "MEMBER_OF_EC2_SECURITY_GROUP",
        Inward,
        "AWSEC2Instance",
        &[Matcher::field("id", "InstanceId")],
    )],
);

const KEYPAIR_LABELS: &[ExtraLabel] = &[label("EC2KeyPair"), label("KeyPair")];

/// Key pairs as instances reference them (`KeyPairArn`, `KeyName`, `InstanceId`).
pub const KEYPAIR_INSTANCE: NodeSchema = owned(
    "AWSEC2KeyPair",
    "KeyPairArn",
    KEYPAIR_LABELS,
    &[
        indexed("arn", "KeyPairArn"),
        field("keyname", "KeyName"),
        REGION,
    ],
    &[rel(
        "SSH_LOGIN_TO",
        Outward,
        "AWSEC2Instance",
        &[Matcher::field("id", "InstanceId")],
    )],
);

pub const KEYPAIR: NodeSchema = owned(
    "AWSEC2KeyPair",
    "KeyPairArn",
    KEYPAIR_LABELS,
    &[
        indexed("arn", "KeyPairArn"),
        field("keyname", "KeyName"),
        indexed("keyfingerprint", "KeyFingerprint"),
        REGION,
    ],
    &[],
);

pub const SECURITY_GROUP: NodeSchema = owned(
    "AWSEC2SecurityGroup",
    "GroupId",
    &[label("EC2SecurityGroup"), label("NetworkAccessControl")],
    &[
        indexed("groupid", "GroupId"),
        field("name", "GroupName"),
        field("description", "Description"),
        REGION,
    ],
    &[
        rel(
            "MEMBER_OF_EC2_SECURITY_GROUP",
            Inward,
            "AWSVpc",
            &[Matcher::field("vpcid", "VpcId")],
        ),
        rel(
            "ALLOWS_TRAFFIC_FROM",
            Outward,
            "AWSEC2SecurityGroup",
            &[Matcher::list("groupid", "SOURCE_GROUP_IDS")],
        ),
    ],
);

const IP_RULE_PROPERTIES: &[Property] = &[
    indexed("ruleid", "RuleId"),
    indexed("groupid", "GroupId"),
    field("protocol", "Protocol"),
    field("fromport", "FromPort"),
    field("toport", "ToPort"),
];
const IP_RULE_TO_GROUP: RelSchema = rel(
    "MEMBER_OF_EC2_SECURITY_GROUP",
    Outward,
    "AWSEC2SecurityGroup",
    &[Matcher::field("groupid", "GroupId")],
);

/// Inbound rules.
pub const IP_PERMISSION_INBOUND: NodeSchema = owned(
    "AWSIpPermissionInbound",
    "RuleId",
    &[
        label("IpPermissionInbound"),
        label("IpRule"),
        label("AWSIpRule"),
    ],
    IP_RULE_PROPERTIES,
    &[IP_RULE_TO_GROUP],
);

/// Egress rules (Cartography loads them with the generic rule schema).
pub const IP_RULE: NodeSchema = owned(
    "AWSIpRule",
    "RuleId",
    &[label("IpRule")],
    IP_RULE_PROPERTIES,
    &[IP_RULE_TO_GROUP],
);

pub const IP_RANGE: NodeSchema = owned(
    "AWSIpRange",
    "RangeId",
    &[label("IpRange")],
    &[field("range", "RangeId")],
    &[rel(
        "MEMBER_OF_IP_RULE",
        Outward,
        "AWSIpRule",
        &[Matcher::field("ruleid", "RuleId")],
    )],
);

pub const VPC: NodeSchema = owned(
    "AWSVpc",
    "VpcId",
    &[label("VirtualNetwork")],
    &[
        indexed("vpcid", "VpcId"),
        field("primary_cidr_block", "PrimaryCIDRBlock"),
        field("instance_tenancy", "InstanceTenancy"),
        field("state", "State"),
        field("is_default", "IsDefault"),
        field("dhcp_options_id", "DhcpOptionsId"),
        REGION,
    ],
    &[],
);

const CIDR_PROPERTIES: &[Property] = &[
    field("vpcid", "VpcId"),
    field("association_id", "AssociationId"),
    field("cidr_block", "CidrBlock"),
    field("block_state", "BlockState"),
    field("block_state_message", "BlockStateMessage"),
];
const CIDR_TO_VPC: RelSchema = rel(
    "BLOCK_ASSOCIATION",
    Inward,
    "AWSVpc",
    &[Matcher::field("id", "VpcId")],
);

/// CIDR blocks hang off their VPC, not the account: only relationships are cleaned up.
pub const IPV4_CIDR_BLOCK: NodeSchema = NodeSchema {
    label: "AWSCidrBlock",
    id: Source::Field("Id"),
    extra_labels: &[label("AWSIpv4CidrBlock")],
    properties: CIDR_PROPERTIES,
    sub_resource: None,
    relationships: &[CIDR_TO_VPC],
    cleanup: CleanupMode::RelationshipsOnly,
};

pub const IPV6_CIDR_BLOCK: NodeSchema = NodeSchema {
    extra_labels: &[label("AWSIpv6CidrBlock")],
    ..IPV4_CIDR_BLOCK
};

pub const SUBNET: NodeSchema = owned(
    "AWSEC2Subnet",
    "SubnetId",
    SUBNET_LABELS,
    &[
        indexed("subnetid", "SubnetId"),
        indexed("subnet_id", "SubnetId"),
        field("subnet_arn", "SubnetArn"),
        field("name", "CidrBlock"),
        field("cidr_block", "CidrBlock"),
        field("available_ip_address_count", "AvailableIpAddressCount"),
        field("default_for_az", "DefaultForAz"),
        field(
            "map_customer_owned_ip_on_launch",
            "MapCustomerOwnedIpOnLaunch",
        ),
        field("state", "State"),
        field("assignipv6addressoncreation", "AssignIpv6AddressOnCreation"),
        field("map_public_ip_on_launch", "MapPublicIpOnLaunch"),
        field("availability_zone", "AvailabilityZone"),
        field("availability_zone_id", "AvailabilityZoneId"),
        field("vpc_id", "VpcId"),
        REGION,
    ],
    &[rel(
        "MEMBER_OF_AWS_VPC",
        Outward,
        "AWSVpc",
        &[Matcher::field("id", "VpcId")],
    )],
);

pub const NETWORK_INTERFACE: NodeSchema = owned(
    "AWSNetworkInterface",
    "NetworkInterfaceId",
    &[label("NetworkInterface")],
    &[
        field("description", "Description"),
        indexed("mac_address", "MacAddress"),
        field("private_dns_name", "PrivateDnsName"),
        indexed("private_ip_address", "PrivateIpAddress"),
        REGION,
        field("status", "Status"),
        field("interface_type", "InterfaceType"),
        indexed("public_ip", "PublicIp"),
        indexed("requester_id", "RequesterId"),
        field("requester_managed", "RequesterManaged"),
        field("source_dest_check", "SourceDestCheck"),
        indexed("subnetid", "SubnetId"),
        indexed("subnet_id", "SubnetId"),
        field("attach_time", "AttachTime"),
        field("device_index", "DeviceIndex"),
    ],
    &[
        rel(
            "PART_OF_SUBNET",
            Outward,
            "AWSEC2Subnet",
            &[Matcher::field("id", "SubnetId")],
        ),
        rel(
            "MEMBER_OF_EC2_SECURITY_GROUP",
            Outward,
            "AWSEC2SecurityGroup",
            &[Matcher::list("id", "GroupIds")],
        ),
        rel(
            "NETWORK_INTERFACE",
            Inward,
            "AWSEC2Instance",
            &[Matcher::field("id", "InstanceId")],
        ),
    ],
);

pub const PRIVATE_IP: NodeSchema = owned(
    "AWSEC2PrivateIp",
    "Id",
    &[label("EC2PrivateIp")],
    &[
        field("network_interface_id", "NetworkInterfaceId"),
        field("primary", "Primary"),
        field("private_ip_address", "PrivateIpAddress"),
        field("public_ip", "PublicIp"),
        field("ip_owner_id", "IpOwnerId"),
    ],
    &[rel(
        "PRIVATE_IP_ADDRESS",
        Inward,
        "AWSNetworkInterface",
        &[Matcher::field("id", "NetworkInterfaceId")],
    )],
);

const VOLUME_RELS: &[RelSchema] = &[
    rel(
        "ATTACHED_TO",
        Outward,
        "AWSEC2Instance",
        &[Matcher::field("id", "InstanceId")],
    ),
    rel(
        "CREATED_FROM",
        Inward,
        "AWSEBSSnapshot",
        &[Matcher::field("id", "SnapshotId")],
    ),
];

pub const EBS_VOLUME: NodeSchema = owned(
    "AWSEBSVolume",
    "VolumeId",
    &[label("EBSVolume"), label("BlockStorage")],
    &[
        indexed("arn", "Arn"),
        indexed("volumeid", "VolumeId"),
        REGION,
        field("availabilityzone", "AvailabilityZone"),
        field("createtime", "CreateTime"),
        field("encrypted", "Encrypted"),
        field("size", "Size"),
        field("state", "State"),
        field("snapshotid", "SnapshotId"),
        field("iops", "Iops"),
        field("multiattachenabled", "MultiAttachEnabled"),
        field("type", "VolumeType"),
        field("kmskeyid", "KmsKeyId"),
    ],
    VOLUME_RELS,
);

/// Volumes as instances' block device mappings reference them.
pub const EBS_VOLUME_INSTANCE: NodeSchema = owned(
    "AWSEBSVolume",
    "VolumeId",
    &[label("EBSVolume"), label("BlockStorage")],
    &[
        indexed("arn", "Arn"),
        indexed("volumeid", "VolumeId"),
        field("deleteontermination", "DeleteOnTermination"),
    ],
    VOLUME_RELS,
);

pub const EBS_SNAPSHOT: NodeSchema = owned(
    "AWSEBSSnapshot",
    "SnapshotId",
    &[label("EBSSnapshot"), label("Snapshot")],
    &[
        indexed("snapshotid", "SnapshotId"),
        field("description", "Description"),
        field("ownerid", "OwnerId"),
        field("ispublic", "Public"),
        field("encrypted", "Encrypted"),
        field("progress", "Progress"),
        field("starttime", "StartTime"),
        field("state", "State"),
        field("volumeid", "VolumeId"),
        field("volumesize", "VolumeSize"),
        field("kmskeyid", "KmsKeyId"),
        REGION,
    ],
    &[],
);

pub const EC2_IMAGE: NodeSchema = owned(
    "AWSEC2Image",
    "ID",
    &[label("EC2Image")],
    &[
        indexed("imageid", "ImageId"),
        indexed("name", "Name"),
        field("creationdate", "CreationDate"),
        field("architecture", "Architecture"),
        field("location", "ImageLocation"),
        field("type", "ImageType"),
        field("ispublic", "Public"),
        field("platform", "Platform"),
        field("platform_details", "PlatformDetails"),
        field("state", "State"),
        field("description", "Description"),
        field("rootdevicetype", "RootDeviceType"),
        field("rootdevicename", "RootDeviceName"),
        field("bootmode", "BootMode"),
        field("virtualizationtype", "VirtualizationType"),
        field("owner", "OwnerId"),
        field("image_owner_alias", "ImageOwnerAlias"),
        REGION,
    ],
    &[],
);

pub const INTERNET_GATEWAY: NodeSchema = owned(
    "AWSInternetGateway",
    "InternetGatewayId",
    &[],
    &[REGION, field("ownerid", "OwnerId"), indexed("arn", "Arn")],
    &[rel(
        "ATTACHED_TO",
        Outward,
        "AWSVpc",
        &[Matcher::field("id", "VpcId")],
    )],
);

pub const ROUTE_TABLE: NodeSchema = owned(
    "AWSEC2RouteTable",
    "id",
    &[label("EC2RouteTable")],
    &[
        indexed("route_table_id", "route_table_id"),
        field("owner_id", "owner_id"),
        field("vpc_id", "VpcId"),
        REGION,
        field("main", "main"),
    ],
    &[
        rel(
            "MEMBER_OF_AWS_VPC",
            Outward,
            "AWSVpc",
            &[Matcher::field("id", "VpcId")],
        ),
        rel(
            "ROUTE",
            Outward,
            "AWSEC2Route",
            &[Matcher::list("id", "RouteIds")],
        ),
        rel(
            "ASSOCIATION",
            Outward,
            "AWSEC2RouteTableAssociation",
            &[Matcher::list("id", "RouteTableAssociationIds")],
        ),
    ],
);

/// One route of a route table; the id is `<route table id>|<destination or target>`.
pub const ROUTE: NodeSchema = owned(
    "AWSEC2Route",
    "id",
    &[label("EC2Route")],
    &[
        field("carrier_gateway_id", "carrier_gateway_id"),
        field("core_network_arn", "core_network_arn"),
        field("destination_cidr_block", "destination_cidr_block"),
        field("destination_ipv6_cidr_block", "destination_ipv6_cidr_block"),
        field("destination_prefix_list_id", "destination_prefix_list_id"),
        field(
            "egress_only_internet_gateway_id",
            "egress_only_internet_gateway_id",
        ),
        field("gateway_id", "gateway_id"),
        field("instance_id", "instance_id"),
        field("instance_owner_id", "instance_owner_id"),
        field("local_gateway_id", "local_gateway_id"),
        field("nat_gateway_id", "nat_gateway_id"),
        field("network_interface_id", "network_interface_id"),
        field("origin", "origin"),
        field("state", "state"),
        field("transit_gateway_id", "transit_gateway_id"),
        field("vpc_peering_connection_id", "vpc_peering_connection_id"),
        field("vpc_endpoint_id", "vpc_endpoint_id"),
        REGION,
        field("target", "_target"),
    ],
    &[
        rel(
            "ROUTES_TO_GATEWAY",
            Outward,
            "AWSInternetGateway",
            &[Matcher::field("id", "gateway_id")],
        ),
        rel(
            "ROUTES_TO_VPC_ENDPOINT",
            Outward,
            "AWSVpcEndpoint",
            &[Matcher::field("id", "vpc_endpoint_id")],
        ),
    ],
);

/// A route table's association with a subnet, a gateway (ingress routing) or the VPC (main).
pub const ROUTE_TABLE_ASSOCIATION: NodeSchema = owned(
    "AWSEC2RouteTableAssociation",
    "id",
    &[label("EC2RouteTableAssociation")],
    &[
        indexed("route_table_association_id", "id"),
        field("target", "_target"),
        field("gateway_id", "gateway_id"),
        field("main", "main"),
        field("route_table_id", "route_table_id"),
        field("subnet_id", "subnet_id"),
        field("association_state", "association_state"),
        field("association_state_message", "association_state_message"),
        REGION,
    ],
    &[
        rel(
            "ASSOCIATED_SUBNET",
            Outward,
            "AWSEC2Subnet",
            &[Matcher::field("subnetid", "subnet_id")],
        ),
        rel(
            "ASSOCIATED_IGW_FOR_INGRESS",
            Outward,
            "AWSInternetGateway",
            &[Matcher::field("id", "gateway_id")],
        ),
    ],
);

/// A network ACL, one row per associated subnet (`SubnetId`); the id is its ARN.
pub const NETWORK_ACL: NodeSchema = owned(
    "AWSEC2NetworkAcl",
    "Arn",
    &[label("EC2NetworkAcl")],
    &[
        field("arn", "Arn"),
        indexed("network_acl_id", "Id"),
        field("is_default", "IsDefault"),
        REGION,
        field("vpc_id", "VpcId"),
    ],
    &[
        rel(
            "MEMBER_OF_AWS_VPC",
            Outward,
            "AWSVpc",
            &[Matcher::field("vpcid", "VpcId")],
        ),
        rel(
            "PART_OF_SUBNET",
            Outward,
            "AWSEC2Subnet",
            &[Matcher::field("subnetid", "SubnetId")],
        ),
    ],
);

const NACL_RULE_PROPERTIES: &[Property] = &[
    field("network_acl_id", "NetworkAclId"),
    field("protocol", "Protocol"),
    field("fromport", "FromPort"),
    field("toport", "ToPort"),
    field("cidrblock", "CidrBlock"),
    field("ipv6cidrblock", "Ipv6CidrBlock"),
    field("egress", "Egress"),
    field("rulenumber", "RuleNumber"),
    field("ruleaction", "RuleAction"),
    REGION,
];
const NACL_RULE_TO_ACL: &[RelSchema] = &[rel(
    "MEMBER_OF_NACL",
    Outward,
    "AWSEC2NetworkAcl",
    &[Matcher::field("network_acl_id", "NetworkAclId")],
)];

/// Inbound entries of network ACLs, ids `<acl id>/inbound/<rule number>`.
pub const NETWORK_ACL_INBOUND_RULE: NodeSchema = owned(
    "AWSEC2NetworkAclRule",
    "Id",
    &[label("EC2NetworkAclRule"), label("IpPermissionInbound")],
    NACL_RULE_PROPERTIES,
    NACL_RULE_TO_ACL,
);

/// Egress entries of network ACLs, ids `<acl id>/egress/<rule number>`.
pub const NETWORK_ACL_EGRESS_RULE: NodeSchema = owned(
    "AWSEC2NetworkAclRule",
    "Id",
    &[label("EC2NetworkAclRule"), label("IpPermissionEgress")],
    NACL_RULE_PROPERTIES,
    NACL_RULE_TO_ACL,
);

pub const VPC_ENDPOINT: NodeSchema = owned(
    "AWSVpcEndpoint",
    "VpcEndpointId",
    &[],
    &[
        indexed("vpc_endpoint_id", "VpcEndpointId"),
        field("vpc_id", "VpcId"),
        field("service_name", "ServiceName"),
        field("service_region", "ServiceRegion"),
        field("vpc_endpoint_type", "VpcEndpointType"),
        field("state", "State"),
        field("policy_document", "PolicyDocument"),
        field("route_table_ids", "RouteTableIds"),
        field("subnet_ids", "SubnetIds"),
        field("network_interface_ids", "NetworkInterfaceIds"),
        field("dns_entries", "DnsEntries"),
        field("private_dns_enabled", "PrivateDnsEnabled"),
        field("requester_managed", "RequesterManaged"),
        field("ip_address_type", "IpAddressType"),
        field("owner_id", "OwnerId"),
        field("creation_timestamp", "CreationTimestamp"),
        REGION,
    ],
    &[rel(
        "MEMBER_OF_AWS_VPC",
        Outward,
        "AWSVpc",
        &[Matcher::field("id", "VpcId")],
    )],
);

const FROM_VPC_ENDPOINT: &[Matcher] = &[Matcher::field("id", "VpcEndpointId")];

/// Subnets as interface endpoints list them (`SubnetId`, `VpcEndpointId`).
pub const SUBNET_VPC_ENDPOINT: NodeSchema = owned(
    "AWSEC2Subnet",
    "SubnetId",
    SUBNET_LABELS,
    &[
        indexed("subnetid", "SubnetId"),
        indexed("subnet_id", "SubnetId"),
        REGION,
    ],
    &[rel(
        "USES_SUBNET",
        Inward,
        "AWSVpcEndpoint",
        FROM_VPC_ENDPOINT,
    )],
);

/// Security groups as interface endpoints list them (`GroupId`, `VpcEndpointId`).
pub const SECURITY_GROUP_VPC_ENDPOINT: NodeSchema = owned(
    "AWSEC2SecurityGroup",
    "GroupId",
    SG_LABELS,
    &[indexed("groupid", "GroupId"), REGION],
    &[rel(
        "MEMBER_OF_SECURITY_GROUP",
        Inward,
        "AWSVpcEndpoint",
        FROM_VPC_ENDPOINT,
    )],
);

/// Route tables as gateway endpoints list them (`RouteTableId`, `VpcEndpointId`). Cartography
/// labels these `AWSRouteTable`, apart from the `AWSEC2RouteTable` nodes of the route table
/// sync; the label is kept so that its queries match.
pub const ROUTE_TABLE_VPC_ENDPOINT: NodeSchema = owned(
    "AWSRouteTable",
    "RouteTableId",
    &[],
    &[indexed("route_table_id", "RouteTableId"), REGION],
    &[rel(
        "ROUTES_THROUGH",
        Inward,
        "AWSVpcEndpoint",
        FROM_VPC_ENDPOINT,
    )],
);

/// An account owning one side of a peering, possibly one this run does not sync: merged by
/// id only (Cartography does the same), so that the side's VPC has an owner.
pub const PEER_ACCOUNT: NodeSchema = NodeSchema {
    label: "AWSAccount",
    id: Source::Field("OwnerId"),
    extra_labels: &[],
    properties: &[],
    sub_resource: None,
    relationships: &[],
    cleanup: CleanupMode::Never,
};

/// Each side's VPC as the peering names it, owned by the side's account. It makes the
/// peering's links independent of the order accounts load in: the accepter's VPC exists
/// before its own account's EC2 sync writes the rest of it. Only the id, `vpcid` and the
/// side's region are written, so a full VPC node keeps its properties. The VPC schema of
/// the owning account cleans it up when that account syncs; a VPC of an account outside
/// the sync stays, as in Cartography.
pub const PEERED_VPC: NodeSchema = NodeSchema {
    label: "AWSVpc",
    id: Source::Field("VpcId"),
    extra_labels: &[label("VirtualNetwork")],
    properties: &[indexed("vpcid", "VpcId"), field("region", "Region")],
    sub_resource: None,
    relationships: &[rel(
        "RESOURCE",
        Inward,
        "AWSAccount",
        &[Matcher::field("id", "OwnerId")],
    )],
    cleanup: CleanupMode::Never,
};

/// Each side's CIDR block as the peering names it (`<vpc id>|<cidr>`), for the same reason.
pub const PEERED_CIDR_BLOCK: NodeSchema = NodeSchema {
    label: "AWSCidrBlock",
    id: Source::Field("Id"),
    extra_labels: &[label("AWSIpv4CidrBlock")],
    properties: &[field("vpcid", "VpcId"), field("cidr_block", "CidrBlock")],
    sub_resource: None,
    relationships: &[CIDR_TO_VPC],
    cleanup: CleanupMode::Never,
};

pub const VPC_PEERING: NodeSchema = owned(
    "AWSPeeringConnection",
    "VpcPeeringConnectionId",
    &[],
    &[
        field(
            "allow_dns_resolution_from_remote_vpc",
            "AllowDnsResolutionFromRemoteVpc",
        ),
        field(
            "allow_egress_from_local_classic_link_to_remote_vpc",
            "AllowEgressFromLocalClassicLinkToRemoteVpc",
        ),
        field(
            "allow_egress_from_local_vpc_to_remote_classic_link",
            "AllowEgressFromLocalVpcToRemoteClassicLink",
        ),
        field("requester_region", "RequesterRegion"),
        field("accepter_region", "AccepterRegion"),
        field("status_code", "StatusCode"),
        field("status_message", "StatusMessage"),
    ],
    &[
        rel(
            "ACCEPTER_VPC",
            Outward,
            "AWSVpc",
            &[Matcher::field("id", "AccepterVpcId")],
        ),
        rel(
            "REQUESTER_VPC",
            Outward,
            "AWSVpc",
            &[Matcher::field("id", "RequesterVpcId")],
        ),
        rel(
            "ACCEPTER_CIDR",
            Outward,
            "AWSCidrBlock",
            &[Matcher::list("id", "ACCEPTER_CIDR_BLOCK_IDS")],
        ),
        rel(
            "REQUESTER_CIDR",
            Outward,
            "AWSCidrBlock",
            &[Matcher::list("id", "REQUESTER_CIDR_BLOCK_IDS")],
        ),
    ],
);

pub const ELASTIC_IP: NodeSchema = owned(
    "AWSElasticIPAddress",
    "PublicIp",
    &[label("ElasticIPAddress")],
    &[
        REGION,
        indexed("public_ip", "PublicIp"),
        field("instance_id", "InstanceId"),
        field("allocation_id", "AllocationId"),
        field("association_id", "AssociationId"),
        field("domain", "Domain"),
        field("network_interface_id", "NetworkInterfaceId"),
        field("network_interface_owner_id", "NetworkInterfaceOwnerId"),
        field("private_ip_address", "PrivateIpAddress"),
        field("public_ipv4_pool", "PublicIpv4Pool"),
        field("network_border_group", "NetworkBorderGroup"),
    ],
    &[
        rel(
            "ELASTIC_IP_ADDRESS",
            Inward,
            "AWSEC2Instance",
            &[Matcher::field("id", "InstanceId")],
        ),
        rel(
            "ELASTIC_IP_ADDRESS",
            Inward,
            "AWSNetworkInterface",
            &[Matcher::field("id", "NetworkInterfaceId")],
        ),
    ],
);

pub const LAUNCH_TEMPLATE: NodeSchema = owned(
    "AWSLaunchTemplate",
    "LaunchTemplateId",
    &[label("LaunchTemplate")],
    &[
        field("launch_template_id", "LaunchTemplateId"),
        field("name", "LaunchTemplateName"),
        field("create_time", "CreateTime"),
        field("created_by", "CreatedBy"),
        field("default_version_number", "DefaultVersionNumber"),
        field("latest_version_number", "LatestVersionNumber"),
        REGION,
    ],
    &[],
);

/// One version of a launch template (`<template id>-<version number>`).
pub const LAUNCH_TEMPLATE_VERSION: NodeSchema = owned(
    "AWSLaunchTemplateVersion",
    "Id",
    &[label("LaunchTemplateVersion")],
    &[
        field("name", "LaunchTemplateName"),
        field("create_time", "CreateTime"),
        field("created_by", "CreatedBy"),
        field("default_version", "DefaultVersion"),
        field("version_number", "VersionNumber"),
        field("version_description", "VersionDescription"),
        field("kernel_id", "KernelId"),
        field("ebs_optimized", "EbsOptimized"),
        field("iam_instance_profile_arn", "IamInstanceProfileArn"),
        field("iam_instance_profile_name", "IamInstanceProfileName"),
        field("image_id", "ImageId"),
        field("instance_type", "InstanceType"),
        field("key_name", "KeyName"),
        field("monitoring_enabled", "MonitoringEnabled"),
        field("ramdisk_id", "RamdiskId"),
        field("disable_api_termination", "DisableApiTermination"),
        field(
            "instance_initiated_shutdown_behavior",
            "InstanceInitiatedShutdownBehavior",
        ),
        field("security_group_ids", "SecurityGroupIds"),
        field("security_groups", "SecurityGroups"),
        REGION,
    ],
    &[rel(
        "VERSION",
        Inward,
        "AWSLaunchTemplate",
        &[Matcher::field("id", "LaunchTemplateId")],
    )],
);

pub const AUTO_SCALING_GROUP: NodeSchema = owned(
    "AWSAutoScalingGroup",
    "AutoScalingGroupARN",
    &[label("AutoScalingGroup")],
    &[
        field("arn", "AutoScalingGroupARN"),
        field("createdtime", "CreatedTime"),
        field("defaultcooldown", "DefaultCooldown"),
        field("desiredcapacity", "DesiredCapacity"),
        field("healthcheckgraceperiod", "HealthCheckGracePeriod"),
        field("healthchecktype", "HealthCheckType"),
        field("launchconfigurationname", "LaunchConfigurationName"),
        field("launchtemplatename", "LaunchTemplateName"),
        field("launchtemplateid", "LaunchTemplateId"),
        field("launchtemplateversion", "LaunchTemplateVersion"),
        field("maxsize", "MaxSize"),
        field("minsize", "MinSize"),
        field("name", "AutoScalingGroupName"),
        REGION,
        field("status", "Status"),
        field("capacityrebalance", "CapacityRebalance"),
        field(
            "newinstancesprotectedfromscalein",
            "NewInstancesProtectedFromScaleIn",
        ),
    ],
    &[rel(
        "HAS_LAUNCH_TEMPLATE",
        Outward,
        "AWSLaunchTemplate",
        &[Matcher::field("id", "LaunchTemplateId")],
    )],
);

/// Instances as auto scaling groups list them.
pub const INSTANCE_AUTO_SCALING_GROUP: NodeSchema = owned(
    "AWSEC2Instance",
    "InstanceId",
    &[label("EC2Instance")],
    &[indexed("instanceid", "InstanceId"), REGION],
    &[rel(
        "MEMBER_AUTO_SCALE_GROUP",
        Outward,
        "AWSAutoScalingGroup",
        &[Matcher::field("id", "AutoScalingGroupARN")],
    )],
);

/// Subnets as auto scaling groups list them (`VPCZoneIdentifier`).
pub const SUBNET_AUTO_SCALING_GROUP: NodeSchema = owned(
    "AWSEC2Subnet",
    "VPCZoneIdentifier",
    SUBNET_LABELS,
    &[indexed("subnetid", "VPCZoneIdentifier")],
    &[rel(
        "VPC_IDENTIFIER",
        Inward,
        "AWSAutoScalingGroup",
        &[Matcher::field("id", "AutoScalingGroupARN")],
    )],
);

// ---------- S3 ----------

/// A bucket with the properties Cartography derives from its policy, encryption, versioning,
/// public access block, ownership controls and logging (one row per bucket).
pub const S3_BUCKET: NodeSchema = owned(
    "AWSS3Bucket",
    "Name",
    &[label("S3Bucket"), label("ObjectStorage")],
    &[
        field("name", "Name"),
        field("region", "Region"),
        indexed("arn", "Arn"),
        field("creationdate", "CreationDate"),
        indexed("anonymous_access", "anonymous_access"),
        field("anonymous_actions", "anonymous_actions"),
        field("default_encryption", "default_encryption"),
        field("encryption_algorithm", "encryption_algorithm"),
        field("encryption_key_id", "encryption_key_id"),
        field("bucket_key_enabled", "bucket_key_enabled"),
        field("versioning_status", "versioning_status"),
        field("mfa_delete", "mfa_delete"),
        field("block_public_acls", "block_public_acls"),
        field("ignore_public_acls", "ignore_public_acls"),
        field("block_public_policy", "block_public_policy"),
        field("restrict_public_buckets", "restrict_public_buckets"),
        field("object_ownership", "object_ownership"),
        field("logging_enabled", "logging_enabled"),
        field("logging_target_bucket", "logging_target_bucket"),
    ],
    &[],
);

pub const S3_ACL: NodeSchema = owned(
    "AWSS3Acl",
    "id",
    &[label("S3Acl")],
    &[
        field("owner", "owner"),
        field("ownerid", "ownerid"),
        field("type", "type"),
        field("displayname", "displayname"),
        field("granteeid", "granteeid"),
        field("uri", "uri"),
        field("permission", "permission"),
    ],
    &[rel(
        "APPLIES_TO",
        Outward,
        "AWSS3Bucket",
        &[Matcher::field("id", "bucket")],
    )],
);

pub const S3_POLICY_STATEMENT: NodeSchema = owned(
    "AWSS3PolicyStatement",
    "statement_id",
    &[label("S3PolicyStatement")],
    &[
        field("policy_id", "policy_id"),
        field("policy_version", "policy_version"),
        field("bucket", "bucket"),
        field("sid", "Sid"),
        field("effect", "Effect"),
        field("action", "Action"),
        field("notaction", "NotAction"),
        field("resource", "Resource"),
        field("notresource", "NotResource"),
        field("principal", "Principal"),
        field("notprincipal", "NotPrincipal"),
        field("condition", "Condition"),
    ],
    &[rel(
        "POLICY_STATEMENT",
        Inward,
        "AWSS3Bucket",
        &[Matcher::field("id", "bucket")],
    )],
);

/// Every account-scoped schema, in the order cleanup should run (dependents before owners,
/// so relationship cleanup sees the nodes it needs).
pub const ACCOUNT_SCOPED: &[&NodeSchema] = &[
    &S3_POLICY_STATEMENT,
    &S3_ACL,
    &S3_BUCKET,
    &SUBNET_AUTO_SCALING_GROUP,
    &INSTANCE_AUTO_SCALING_GROUP,
    &AUTO_SCALING_GROUP,
    &LAUNCH_TEMPLATE_VERSION,
    &LAUNCH_TEMPLATE,
    &ELASTIC_IP,
    &VPC_PEERING,
    &ROUTE_TABLE_VPC_ENDPOINT,
    &SECURITY_GROUP_VPC_ENDPOINT,
    &SUBNET_VPC_ENDPOINT,
    &ROUTE_TABLE,
    &ROUTE_TABLE_ASSOCIATION,
    &ROUTE,
    &VPC_ENDPOINT,
    &NETWORK_ACL_EGRESS_RULE,
    &NETWORK_ACL_INBOUND_RULE,
    &NETWORK_ACL,
    &INTERNET_GATEWAY,
    &EC2_IMAGE,
    &EBS_VOLUME_INSTANCE,
    &EBS_VOLUME,
    &EBS_SNAPSHOT,
    &PRIVATE_IP,
    &NETWORK_INTERFACE,
    &KEYPAIR_INSTANCE,
    &KEYPAIR,
    &SECURITY_GROUP_INSTANCE,
    &IP_RANGE,
    &IP_PERMISSION_INBOUND,
    &IP_RULE,
    &SECURITY_GROUP,
    &SUBNET_INSTANCE,
    &SUBNET,
    &IPV4_CIDR_BLOCK,
    &IPV6_CIDR_BLOCK,
    &VPC,
    &EC2_RESERVATION,
    &EC2_INSTANCE,
    &INSTANCE_PROFILE,
    &SAML_PROVIDER,
    &MFA_DEVICE,
    &ACCESS_KEY,
    &MANAGED_POLICY,
    &INLINE_POLICY,
    &AWS_ROLE,
    &FEDERATED_PRINCIPAL,
    &AWS_GROUP,
    &AWS_USER,
    &ROOT_PRINCIPAL,
];

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::cleanup::cleanup_queries;
    use cartograph_sync::querybuild::ingest_query;

    #[test]
    fn instance_upsert_is_pinned() {
        let q = ingest_query(&EC2_INSTANCE);
        assert!(q.starts_with(
            "UNWIND $DictList AS item\nMERGE (i:AWSEC2Instance {id: item.InstanceId})\n\
             ON CREATE SET i.firstseen = timestamp()\nSET i.lastupdated = $lastupdated, i.arn = item.Arn, "
        ));
        assert!(q.contains(", i.region = $Region, "));
        assert!(q.contains(", i:EC2Instance:ComputeInstance\n"));
        assert!(q.contains("  OPTIONAL MATCH (j:AWSAccount {id: $AWS_ID})\n"));
        assert!(q.contains("  MERGE (i)-[r0:MEMBER_OF_EC2_RESERVATION]->(n0)\n"));
        assert!(q.contains("  WHERE n1.arn = item.IamInstanceProfile\n"));
    }

    #[test]
    fn every_account_scoped_schema_cleans_up_inside_the_account() {
        for schema in ACCOUNT_SCOPED {
            for q in cleanup_queries(schema) {
                let scoped = q.contains("(:AWSAccount {id: $AWS_ID})");
                let rels_only = schema.cleanup == CleanupMode::RelationshipsOnly
                    && !q.contains("DETACH DELETE");
                assert!(scoped || rels_only, "{}: {q}", schema.label);
            }
        }
    }

    #[test]
    fn network_statements_are_pinned() {
        let q = ingest_query(&NETWORK_ACL_INBOUND_RULE);
        assert!(q.starts_with(
            "UNWIND $DictList AS item\nMERGE (i:AWSEC2NetworkAclRule {id: item.Id})\n\
             ON CREATE SET i.firstseen = timestamp()\nSET i.lastupdated = $lastupdated, \
             i.network_acl_id = item.NetworkAclId, i.protocol = item.Protocol, "
        ));
        assert!(q.contains(", i.region = $Region, i:EC2NetworkAclRule:IpPermissionInbound\n"));
        assert!(q.contains("  WHERE n0.network_acl_id = item.NetworkAclId\n"));
        assert!(q.contains("  MERGE (i)-[r0:MEMBER_OF_NACL]->(n0)\n"));
        let q = ingest_query(&NETWORK_ACL);
        assert!(q.contains("MERGE (i:AWSEC2NetworkAcl {id: item.Arn})\n"));
        assert!(q.contains("  WHERE n1.subnetid = item.SubnetId\n"));
        assert!(q.contains("  MERGE (i)-[r1:PART_OF_SUBNET]->(n1)\n"));
        let q = ingest_query(&ROUTE_TABLE);
        assert!(q.contains("  WHERE n1.id IN item.RouteIds\n"));
        assert!(q.contains("  MERGE (i)-[r2:ASSOCIATION]->(n2)\n"));
        let q = ingest_query(&ROUTE);
        assert!(q.contains(", i.target = item._target, i:EC2Route\n"));
        assert!(q.contains("  MERGE (i)-[r1:ROUTES_TO_VPC_ENDPOINT]->(n1)\n"));
        let q = ingest_query(&ROUTE_TABLE_VPC_ENDPOINT);
        assert!(q.contains("MERGE (i:AWSRouteTable {id: item.RouteTableId})\n"));
        assert!(q.contains("  MERGE (i)<-[r0:ROUTES_THROUGH]-(n0)\n"));
        let q = ingest_query(&VPC_ENDPOINT);
        assert!(q.contains(", i.dns_entries = item.DnsEntries, "));
        assert!(q.contains("  MERGE (i)-[r0:MEMBER_OF_AWS_VPC]->(n0)\n"));
        let q = cleanup_queries(&NETWORK_ACL);
        assert_eq!(
            q[0],
            "MATCH (n:AWSEC2NetworkAcl)<-[s:RESOURCE]-(:AWSAccount {id: $AWS_ID})\n\
             WHERE n.lastupdated <> $UPDATE_TAG\nWITH n LIMIT $LIMIT_SIZE\nDETACH DELETE n"
        );
    }

    #[test]
    fn account_summary_merges_onto_the_account() {
        assert_eq!(
            ingest_query(&ACCOUNT_SUMMARY),
            "UNWIND $DictList AS item\nMERGE (i:AWSAccount {id: item.id})\n\
             ON CREATE SET i.firstseen = timestamp()\n\
             SET i.lastupdated = $lastupdated, i.account_mfa_enabled = item.AccountMFAEnabled, \
             i.mfa_devices = item.MFADevices, i.mfa_devices_in_use = item.MFADevicesInUse, \
             i.account_access_keys_present = item.AccountAccessKeysPresent, \
             i.account_signing_certificates_present = item.AccountSigningCertificatesPresent, \
             i.users = item.Users, i.groups = item.Groups, i.roles = item.Roles, \
             i.policies = item.Policies, i.instance_profiles = item.InstanceProfiles, \
             i.providers = item.Providers, i.server_certificates = item.ServerCertificates, \
             i.policy_versions_in_use = item.PolicyVersionsInUse"
        );
        assert!(cleanup_queries(&ACCOUNT_SUMMARY).is_empty());
    }

    #[test]
    fn policy_statement_cleanup_is_per_policy() {
        let q = cleanup_queries(&POLICY_STATEMENT_CLEANUP);
        assert_eq!(
            q[0],
            "MATCH (n:AWSPolicyStatement)<-[s:STATEMENT]-(:AWSPolicy {id: $POLICY_ID})\n\
             WHERE n.lastupdated <> $UPDATE_TAG\nWITH n LIMIT $LIMIT_SIZE\nDETACH DELETE n"
        );
    }
}

#[cfg(test)]
mod parse_tests {
    use super::*;
    use cartograph_sync::cleanup::{cleanup_queries, link_cleanup_query};
    use cartograph_sync::querybuild::{index_queries, ingest_query, link_query};

    /// Every statement the AWS schemas generate is valid Cypher for cartograph's parser.
    #[test]
    fn generated_statements_parse() {
        let extra = [
            &AWS_ACCOUNT,
            &ORG_ACCOUNT,
            &FOREIGN_ACCOUNT,
            &AWS_ORGANIZATION,
            &ORG_ROOT,
            &ORG_UNIT,
            &ACCOUNT_SUMMARY,
            &PEER_ACCOUNT,
            &PEERED_VPC,
            &PEERED_CIDR_BLOCK,
        ];
        let mut statements = vec![
            link_query(&STS_ASSUMEROLE_ALLOW),
            link_cleanup_query(&STS_ASSUMEROLE_ALLOW),
        ];
        for schema in ACCOUNT_SCOPED
            .iter()
            .copied()
            .chain(extra)
            .chain([&POLICY_STATEMENT, &POLICY_STATEMENT_CLEANUP])
        {
            statements.push(ingest_query(schema));
            statements.extend(index_queries(schema));
            statements.extend(cleanup_queries(schema));
        }
        for q in statements {
            if let Err(e) = cartograph_cypher::parse(&q) {
                panic!("{e}\n{q}");
            }
        }
    }
}
