//! What the fetch layer produces: AWS API responses as typed records, with the field names the
//! AWS APIs use (PascalCase, as in boto3 and the JSON protocol), so that recorded responses and
//! SDK output map onto them one to one. Every field the graph does not need is left out;
//! unknown fields are ignored, missing optional ones default.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

/// A whole estate: the organization (when the management account could see it) and every
/// account synced.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Estate {
    pub organization: Option<Organization>,
    pub accounts: Vec<AccountRecords>,
}

/// Everything fetched for one account.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AccountRecords {
    pub account_id: String,
    /// The account alias or Organizations name.
    pub name: Option<String>,
    pub iam: Option<IamRecords>,
    pub regions: Vec<RegionRecords>,
    /// S3 is global: buckets of every region, each with its `Region`.
    pub s3: Option<S3Records>,
}

// ---------- Organizations ----------

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Organization {
    pub id: String,
    pub arn: String,
    pub feature_set: Option<String>,
    pub master_account_arn: Option<String>,
    pub master_account_id: Option<String>,
    pub master_account_email: Option<String>,
    pub roots: Vec<OrgRoot>,
    pub organizational_units: Vec<OrgUnit>,
    pub accounts: Vec<OrgAccount>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct OrgRoot {
    pub id: String,
    pub arn: String,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct OrgUnit {
    pub id: String,
    pub arn: String,
    pub name: Option<String>,
    /// The root or OU directly above (`r-...` or `ou-...`).
    pub parent_id: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct OrgAccount {
    pub id: String,
    pub arn: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub state: Option<String>,
    pub status: Option<String>,
    pub joined_method: Option<String>,
    pub joined_timestamp: Option<String>,
    /// The root or OU directly above (`r-...` or `ou-...`).
    pub parent_id: String,
}

// ---------- IAM (GetAccountAuthorizationDetails shape, plus keys and MFA devices) ----------

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IamRecords {
    pub user_detail_list: Vec<IamUser>,
    pub group_detail_list: Vec<IamGroup>,
    pub role_detail_list: Vec<IamRole>,
    /// Customer and AWS managed policies with their versions.
    pub policies: Vec<ManagedPolicy>,
    pub access_keys: Vec<AccessKey>,
    #[serde(rename = "MFADevices")]
    pub mfa_devices: Vec<MfaDevice>,
    #[serde(rename = "SAMLProviderList")]
    pub saml_provider_list: Vec<SamlProvider>,
    /// `GetAccountSummary`'s `SummaryMap` (`AccountMFAEnabled`, `Users`, ...).
    pub summary_map: Option<BTreeMap<String, i64>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IamUser {
    pub user_name: String,
    pub user_id: String,
    pub arn: String,
    pub path: String,
    pub create_date: Option<String>,
    pub password_last_used: Option<String>,
    pub permissions_boundary: Option<PermissionsBoundary>,
    pub user_policy_list: Vec<InlinePolicy>,
    pub attached_managed_policies: Vec<AttachedPolicy>,
    /// Names of the groups the user is in.
    pub group_list: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IamGroup {
    pub group_name: String,
    pub group_id: String,
    pub arn: String,
    pub path: String,
    pub create_date: Option<String>,
    pub group_policy_list: Vec<InlinePolicy>,
    pub attached_managed_policies: Vec<AttachedPolicy>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IamRole {
    pub role_name: String,
    pub role_id: String,
    pub arn: String,
    pub path: String,
    pub create_date: Option<String>,
    /// The trust policy, as a JSON document or its (URL-decoded) string form.
    pub assume_role_policy_document: Json,
    pub permissions_boundary: Option<PermissionsBoundary>,
    pub role_policy_list: Vec<InlinePolicy>,
    pub attached_managed_policies: Vec<AttachedPolicy>,
    pub instance_profile_list: Vec<InstanceProfile>,
}

/// The managed policy that caps a user's or role's permissions.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PermissionsBoundary {
    pub permissions_boundary_arn: String,
    pub permissions_boundary_type: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct InlinePolicy {
    pub policy_name: String,
    pub policy_document: Json,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AttachedPolicy {
    pub policy_name: String,
    pub policy_arn: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ManagedPolicy {
    pub policy_name: String,
    pub policy_id: String,
    pub arn: String,
    pub default_version_id: Option<String>,
    pub policy_version_list: Vec<PolicyVersion>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PolicyVersion {
    pub document: Json,
    pub version_id: String,
    pub is_default_version: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct InstanceProfile {
    pub instance_profile_name: String,
    pub instance_profile_id: String,
    pub arn: String,
    pub path: String,
    pub create_date: Option<String>,
}

/// `ListAccessKeys` merged with `GetAccessKeyLastUsed`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AccessKey {
    pub user_name: String,
    pub access_key_id: String,
    pub status: Option<String>,
    pub create_date: Option<String>,
    pub last_used_date: Option<String>,
    pub last_used_service: Option<String>,
    pub last_used_region: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct MfaDevice {
    pub user_name: String,
    pub serial_number: String,
    pub enable_date: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SamlProvider {
    pub arn: String,
    pub create_date: Option<String>,
    pub valid_until: Option<String>,
}

// ---------- EC2 and Auto Scaling, per region ----------

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RegionRecords {
    pub region: String,
    pub reservations: Vec<Reservation>,
    pub security_groups: Vec<SecurityGroup>,
    pub vpcs: Vec<Vpc>,
    pub subnets: Vec<Subnet>,
    pub network_interfaces: Vec<NetworkInterface>,
    pub key_pairs: Vec<KeyPair>,
    pub volumes: Vec<Volume>,
    pub snapshots: Vec<Snapshot>,
    pub images: Vec<Image>,
    pub internet_gateways: Vec<InternetGateway>,
    pub route_tables: Vec<RouteTable>,
    pub network_acls: Vec<NetworkAcl>,
    pub vpc_endpoints: Vec<VpcEndpoint>,
    pub vpc_peering_connections: Vec<VpcPeeringConnection>,
    pub addresses: Vec<Address>,
    pub launch_templates: Vec<LaunchTemplate>,
    pub auto_scaling_groups: Vec<AutoScalingGroup>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Reservation {
    pub reservation_id: String,
    pub owner_id: Option<String>,
    pub requester_id: Option<String>,
    pub instances: Vec<Instance>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Instance {
    pub instance_id: String,
    pub image_id: Option<String>,
    pub instance_type: Option<String>,
    pub key_name: Option<String>,
    pub launch_time: Option<String>,
    pub placement: Placement,
    pub private_ip_address: Option<String>,
    pub public_ip_address: Option<String>,
    pub public_dns_name: Option<String>,
    pub state: NamedState,
    pub subnet_id: Option<String>,
    pub vpc_id: Option<String>,
    pub architecture: Option<String>,
    pub platform: Option<String>,
    pub ebs_optimized: Option<bool>,
    pub boot_mode: Option<String>,
    pub instance_lifecycle: Option<String>,
    pub iam_instance_profile: Option<IamInstanceProfileRef>,
    pub monitoring: Option<NamedStateLike>,
    pub metadata_options: Option<MetadataOptions>,
    pub security_groups: Vec<GroupIdentifier>,
    pub network_interfaces: Vec<InstanceNetworkInterface>,
    pub block_device_mappings: Vec<BlockDeviceMapping>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Placement {
    pub availability_zone: Option<String>,
    pub tenancy: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NamedState {
    pub name: Option<String>,
}

/// `Monitoring: {State: ...}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NamedStateLike {
    pub state: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IamInstanceProfileRef {
    pub arn: String,
    pub id: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct MetadataOptions {
    pub http_tokens: Option<String>,
    pub http_put_response_hop_limit: Option<i64>,
    pub http_endpoint: Option<String>,
    pub http_protocol_ipv6: Option<String>,
    pub instance_metadata_tags: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GroupIdentifier {
    pub group_id: String,
    pub group_name: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct InstanceNetworkInterface {
    pub network_interface_id: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BlockDeviceMapping {
    pub device_name: Option<String>,
    pub ebs: Option<EbsInstanceBlockDevice>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EbsInstanceBlockDevice {
    pub volume_id: String,
    pub delete_on_termination: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SecurityGroup {
    pub group_id: String,
    pub group_name: Option<String>,
    pub description: Option<String>,
    pub vpc_id: Option<String>,
    pub owner_id: Option<String>,
    pub ip_permissions: Vec<IpPermission>,
    pub ip_permissions_egress: Vec<IpPermission>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IpPermission {
    pub ip_protocol: Option<String>,
    pub from_port: Option<i64>,
    pub to_port: Option<i64>,
    pub ip_ranges: Vec<IpRange>,
    pub ipv6_ranges: Vec<Ipv6Range>,
    pub user_id_group_pairs: Vec<UserIdGroupPair>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IpRange {
    pub cidr_ip: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Ipv6Range {
    pub cidr_ipv6: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UserIdGroupPair {
    pub group_id: Option<String>,
    pub user_id: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Vpc {
    pub vpc_id: String,
    pub cidr_block: Option<String>,
    pub instance_tenancy: Option<String>,
    pub state: Option<String>,
    pub is_default: Option<bool>,
    pub dhcp_options_id: Option<String>,
    pub cidr_block_association_set: Vec<CidrBlockAssociation>,
    pub ipv6_cidr_block_association_set: Vec<Ipv6CidrBlockAssociation>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CidrBlockAssociation {
    pub association_id: String,
    pub cidr_block: String,
    pub cidr_block_state: Option<CidrBlockState>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Ipv6CidrBlockAssociation {
    pub association_id: String,
    pub ipv6_cidr_block: String,
    pub ipv6_cidr_block_state: Option<CidrBlockState>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CidrBlockState {
    pub state: Option<String>,
    pub status_message: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Subnet {
    pub subnet_id: String,
    pub subnet_arn: Option<String>,
    pub vpc_id: Option<String>,
    pub cidr_block: Option<String>,
    pub available_ip_address_count: Option<i64>,
    pub default_for_az: Option<bool>,
    pub map_customer_owned_ip_on_launch: Option<bool>,
    pub map_public_ip_on_launch: Option<bool>,
    pub assign_ipv6_address_on_creation: Option<bool>,
    pub state: Option<String>,
    pub availability_zone: Option<String>,
    pub availability_zone_id: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NetworkInterface {
    pub network_interface_id: String,
    pub description: Option<String>,
    pub interface_type: Option<String>,
    pub mac_address: Option<String>,
    pub private_dns_name: Option<String>,
    pub private_ip_address: Option<String>,
    pub requester_id: Option<String>,
    pub requester_managed: Option<bool>,
    pub source_dest_check: Option<bool>,
    pub status: Option<String>,
    pub subnet_id: Option<String>,
    pub vpc_id: Option<String>,
    pub owner_id: Option<String>,
    pub association: Option<NetworkInterfaceAssociation>,
    pub attachment: Option<NetworkInterfaceAttachment>,
    pub groups: Vec<GroupIdentifier>,
    pub private_ip_addresses: Vec<PrivateIpAddress>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NetworkInterfaceAssociation {
    pub public_ip: Option<String>,
    pub ip_owner_id: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NetworkInterfaceAttachment {
    pub instance_id: Option<String>,
    pub attach_time: Option<String>,
    pub device_index: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PrivateIpAddress {
    pub private_ip_address: String,
    pub primary: Option<bool>,
    pub association: Option<NetworkInterfaceAssociation>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct KeyPair {
    pub key_name: String,
    pub key_pair_id: Option<String>,
    pub key_fingerprint: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Volume {
    pub volume_id: String,
    pub availability_zone: Option<String>,
    pub create_time: Option<String>,
    pub encrypted: Option<bool>,
    pub size: Option<i64>,
    pub state: Option<String>,
    pub snapshot_id: Option<String>,
    pub iops: Option<i64>,
    pub volume_type: Option<String>,
    pub kms_key_id: Option<String>,
    pub multi_attach_enabled: Option<bool>,
    pub attachments: Vec<VolumeAttachment>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VolumeAttachment {
    pub instance_id: String,
    pub delete_on_termination: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Snapshot {
    pub snapshot_id: String,
    pub description: Option<String>,
    pub owner_id: Option<String>,
    pub encrypted: Option<bool>,
    pub progress: Option<String>,
    pub start_time: Option<String>,
    pub state: Option<String>,
    pub volume_id: Option<String>,
    pub volume_size: Option<i64>,
    pub kms_key_id: Option<String>,
    /// Whether `createVolumePermission` includes `all` (not part of DescribeSnapshots itself).
    pub public: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Image {
    pub image_id: String,
    pub name: Option<String>,
    pub creation_date: Option<String>,
    pub architecture: Option<String>,
    pub image_location: Option<String>,
    pub image_type: Option<String>,
    pub public: Option<bool>,
    pub platform: Option<String>,
    pub platform_details: Option<String>,
    pub state: Option<String>,
    pub description: Option<String>,
    pub owner_id: Option<String>,
    pub image_owner_alias: Option<String>,
    pub root_device_type: Option<String>,
    pub root_device_name: Option<String>,
    pub boot_mode: Option<String>,
    pub virtualization_type: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct InternetGateway {
    pub internet_gateway_id: String,
    pub owner_id: Option<String>,
    pub attachments: Vec<GatewayAttachment>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GatewayAttachment {
    pub vpc_id: String,
    pub state: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RouteTable {
    pub route_table_id: String,
    pub vpc_id: Option<String>,
    pub owner_id: Option<String>,
    pub associations: Vec<RouteTableAssociation>,
    pub routes: Vec<Route>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RouteTableAssociation {
    pub route_table_association_id: String,
    pub main: Option<bool>,
    pub subnet_id: Option<String>,
    pub gateway_id: Option<String>,
    pub association_state: Option<AssociationState>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AssociationState {
    pub state: Option<String>,
    pub message: Option<String>,
}

/// A route: one destination (IPv4, IPv6 or prefix list) and one target.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Route {
    pub destination_cidr_block: Option<String>,
    pub destination_ipv6_cidr_block: Option<String>,
    pub destination_prefix_list_id: Option<String>,
    pub gateway_id: Option<String>,
    pub instance_id: Option<String>,
    pub instance_owner_id: Option<String>,
    pub nat_gateway_id: Option<String>,
    pub transit_gateway_id: Option<String>,
    pub local_gateway_id: Option<String>,
    pub carrier_gateway_id: Option<String>,
    pub network_interface_id: Option<String>,
    pub vpc_peering_connection_id: Option<String>,
    pub egress_only_internet_gateway_id: Option<String>,
    pub core_network_arn: Option<String>,
    pub origin: Option<String>,
    pub state: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NetworkAcl {
    pub network_acl_id: String,
    pub vpc_id: Option<String>,
    pub owner_id: Option<String>,
    pub is_default: Option<bool>,
    pub associations: Vec<NetworkAclAssociation>,
    pub entries: Vec<NetworkAclEntry>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NetworkAclAssociation {
    pub network_acl_association_id: String,
    pub subnet_id: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NetworkAclEntry {
    pub rule_number: i64,
    /// Protocol number as text (`"6"`), `"-1"` for all.
    pub protocol: Option<String>,
    pub rule_action: Option<String>,
    pub egress: bool,
    pub cidr_block: Option<String>,
    pub ipv6_cidr_block: Option<String>,
    pub port_range: Option<PortRange>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PortRange {
    pub from: Option<i64>,
    pub to: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VpcEndpoint {
    pub vpc_endpoint_id: String,
    pub vpc_id: Option<String>,
    pub service_name: Option<String>,
    pub service_region: Option<String>,
    pub vpc_endpoint_type: Option<String>,
    pub state: Option<String>,
    /// The endpoint policy, as the API returns it (JSON text).
    pub policy_document: Option<String>,
    pub route_table_ids: Vec<String>,
    pub subnet_ids: Vec<String>,
    pub network_interface_ids: Vec<String>,
    pub groups: Vec<GroupIdentifier>,
    pub dns_entries: Vec<DnsEntry>,
    pub private_dns_enabled: Option<bool>,
    pub requester_managed: Option<bool>,
    pub ip_address_type: Option<String>,
    pub owner_id: Option<String>,
    pub creation_timestamp: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DnsEntry {
    pub dns_name: Option<String>,
    pub hosted_zone_id: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VpcPeeringConnection {
    pub vpc_peering_connection_id: String,
    pub accepter_vpc_info: PeeringVpcInfo,
    pub requester_vpc_info: PeeringVpcInfo,
    pub status: Option<PeeringStatus>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PeeringVpcInfo {
    pub vpc_id: String,
    pub owner_id: Option<String>,
    pub region: Option<String>,
    pub cidr_block: Option<String>,
    pub peering_options: Option<PeeringOptions>,
}

/// A side's peering options; Cartography records the requester's.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PeeringOptions {
    pub allow_dns_resolution_from_remote_vpc: Option<bool>,
    pub allow_egress_from_local_classic_link_to_remote_vpc: Option<bool>,
    pub allow_egress_from_local_vpc_to_remote_classic_link: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PeeringStatus {
    pub code: Option<String>,
    pub message: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Address {
    pub public_ip: String,
    pub allocation_id: Option<String>,
    pub association_id: Option<String>,
    pub domain: Option<String>,
    pub instance_id: Option<String>,
    pub network_interface_id: Option<String>,
    pub network_interface_owner_id: Option<String>,
    pub private_ip_address: Option<String>,
    pub public_ipv4_pool: Option<String>,
    pub network_border_group: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LaunchTemplate {
    pub launch_template_id: String,
    pub launch_template_name: Option<String>,
    pub create_time: Option<String>,
    pub created_by: Option<String>,
    pub default_version_number: Option<i64>,
    pub latest_version_number: Option<i64>,
    /// `DescribeLaunchTemplateVersions` of this template.
    pub versions: Vec<LaunchTemplateVersion>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LaunchTemplateVersion {
    pub launch_template_id: String,
    pub launch_template_name: Option<String>,
    pub version_number: i64,
    pub version_description: Option<String>,
    pub create_time: Option<String>,
    pub created_by: Option<String>,
    pub default_version: Option<bool>,
    pub launch_template_data: LaunchTemplateData,
}

/// The part of a version's `LaunchTemplateData` the graph records.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LaunchTemplateData {
    pub kernel_id: Option<String>,
    pub ebs_optimized: Option<bool>,
    pub iam_instance_profile: Option<LaunchTemplateProfile>,
    pub image_id: Option<String>,
    pub instance_type: Option<String>,
    pub key_name: Option<String>,
    pub monitoring: Option<LaunchTemplateMonitoring>,
    pub ram_disk_id: Option<String>,
    pub disable_api_termination: Option<bool>,
    pub instance_initiated_shutdown_behavior: Option<String>,
    pub security_group_ids: Vec<String>,
    pub security_groups: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LaunchTemplateProfile {
    pub arn: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LaunchTemplateMonitoring {
    pub enabled: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AutoScalingGroup {
    #[serde(rename = "AutoScalingGroupARN")]
    pub auto_scaling_group_arn: String,
    pub auto_scaling_group_name: Option<String>,
    pub created_time: Option<String>,
    pub default_cooldown: Option<i64>,
    pub desired_capacity: Option<i64>,
    pub health_check_type: Option<String>,
    pub health_check_grace_period: Option<i64>,
    pub min_size: Option<i64>,
    pub max_size: Option<i64>,
    pub launch_configuration_name: Option<String>,
    pub launch_template: Option<LaunchTemplateSpec>,
    /// Comma-separated subnet ids.
    #[serde(rename = "VPCZoneIdentifier")]
    pub vpc_zone_identifier: Option<String>,
    pub status: Option<String>,
    pub capacity_rebalance: Option<bool>,
    pub new_instances_protected_from_scale_in: Option<bool>,
    pub instances: Vec<AsgInstance>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LaunchTemplateSpec {
    pub launch_template_id: Option<String>,
    pub launch_template_name: Option<String>,
    pub version: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AsgInstance {
    pub instance_id: String,
}

// ---------- S3 ----------

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct S3Records {
    pub buckets: Vec<Bucket>,
}

/// `ListBuckets` entry merged with the per-bucket Get* responses (absent when not set or not
/// readable).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Bucket {
    pub name: String,
    pub creation_date: Option<String>,
    pub region: Option<String>,
    /// `GetBucketPolicy`'s `Policy`: the document, as JSON or as its string form.
    pub policy: Option<Json>,
    pub acl: Option<BucketAcl>,
    pub encryption: Option<Json>,
    pub versioning: Option<BucketVersioning>,
    pub public_access_block: Option<PublicAccessBlock>,
    pub ownership_controls: Option<Json>,
    /// `GetBucketLogging`'s response (`{}` when logging is off).
    pub logging: Option<Json>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BucketAcl {
    pub owner: AclOwner,
    pub grants: Vec<Grant>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AclOwner {
    pub display_name: Option<String>,
    #[serde(rename = "ID")]
    pub id: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Grant {
    pub grantee: Grantee,
    pub permission: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Grantee {
    #[serde(rename = "Type")]
    pub grantee_type: String,
    pub display_name: Option<String>,
    #[serde(rename = "ID")]
    pub id: Option<String>,
    #[serde(rename = "URI")]
    pub uri: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BucketVersioning {
    pub status: Option<String>,
    #[serde(rename = "MFADelete")]
    pub mfa_delete: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PublicAccessBlock {
    pub block_public_acls: Option<bool>,
    pub ignore_public_acls: Option<bool>,
    pub block_public_policy: Option<bool>,
    pub restrict_public_buckets: Option<bool>,
}
