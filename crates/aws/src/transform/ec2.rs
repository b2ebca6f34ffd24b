//! EC2 and Auto Scaling of one region: instances and what they reference, security groups
//! and their rules, the network (VPCs, CIDR blocks, subnets, interfaces, gateways, route
//! tables, peerings, addresses), storage (volumes, snapshots, images), templates and groups.

use std::collections::BTreeSet;

use cartograph_graph::Value;
use cartograph_sync::Row;

use super::{epoch_seconds, opt, row, strings};
use crate::records::{
    IpPermission, LaunchTemplate, MetadataOptions, PeeringOptions, PeeringVpcInfo, RegionRecords,
    Route,
};

/// The rows of one region, in the order they load (targets before the rows linking to them).
#[derive(Debug, Default)]
pub struct Ec2Rows {
    pub vpcs: Vec<Row>,
    pub ipv4_cidr_blocks: Vec<Row>,
    pub ipv6_cidr_blocks: Vec<Row>,
    pub subnets: Vec<Row>,
    pub security_groups: Vec<Row>,
    pub inbound_rules: Vec<Row>,
    pub egress_rules: Vec<Row>,
    pub ip_ranges: Vec<Row>,
    pub reservations: Vec<Row>,
    pub instances: Vec<Row>,
    pub instance_subnets: Vec<Row>,
    pub instance_security_groups: Vec<Row>,
    pub instance_key_pairs: Vec<Row>,
    pub instance_volumes: Vec<Row>,
    pub key_pairs: Vec<Row>,
    pub network_interfaces: Vec<Row>,
    pub private_ips: Vec<Row>,
    pub snapshots: Vec<Row>,
    pub volumes: Vec<Row>,
    pub images: Vec<Row>,
    pub internet_gateways: Vec<Row>,
    pub vpc_endpoints: Vec<Row>,
    pub vpc_endpoint_subnets: Vec<Row>,
    pub vpc_endpoint_security_groups: Vec<Row>,
    pub vpc_endpoint_route_tables: Vec<Row>,
    pub routes: Vec<Row>,
    pub route_table_associations: Vec<Row>,
    pub route_tables: Vec<Row>,
    pub network_acls: Vec<Row>,
    pub nacl_inbound_rules: Vec<Row>,
    pub nacl_egress_rules: Vec<Row>,
    pub peer_accounts: Vec<Row>,
    pub peered_vpcs: Vec<Row>,
    pub peered_cidr_blocks: Vec<Row>,
    pub peerings: Vec<Row>,
    pub elastic_ips: Vec<Row>,
    pub launch_templates: Vec<Row>,
    pub launch_template_versions: Vec<Row>,
    pub auto_scaling_groups: Vec<Row>,
    pub asg_instances: Vec<Row>,
    pub asg_subnets: Vec<Row>,
}

fn key_pair_arn(region: &str, account: &str, name: &str) -> String {
    format!("arn:aws:ec2:{region}:{account}:key-pair/{name}")
}

fn volume_arn(region: &str, account: &str, id: &str) -> String {
    format!("arn:aws:ec2:{region}:{account}:volume/{id}")
}

pub fn transform(r: &RegionRecords, account: &str) -> Ec2Rows {
    let region = r.region.as_str();
    let mut out = Ec2Rows::default();
    network(r, &mut out);
    routing(r, account, &mut out);
    security_groups(r, &mut out);
    instances(r, account, &mut out);
    for k in &r.key_pairs {
        out.key_pairs.push(row([
            (
                "KeyPairArn",
                Value::from(key_pair_arn(region, account, &k.key_name)),
            ),
            ("KeyName", Value::from(k.key_name.as_str())),
            ("KeyFingerprint", opt(&k.key_fingerprint)),
        ]));
    }
    for s in &r.snapshots {
        out.snapshots.push(row([
            ("SnapshotId", Value::from(s.snapshot_id.as_str())),
            ("Description", opt(&s.description)),
            ("OwnerId", opt(&s.owner_id)),
            ("Public", s.public.into()),
            ("Encrypted", s.encrypted.into()),
            ("Progress", opt(&s.progress)),
            ("StartTime", opt(&s.start_time)),
            ("State", opt(&s.state)),
            ("VolumeId", opt(&s.volume_id)),
            ("VolumeSize", s.volume_size.into()),
            ("KmsKeyId", opt(&s.kms_key_id)),
        ]));
    }
    for v in &r.volumes {
        let base = |instance: Value| {
            row([
                ("VolumeId", Value::from(v.volume_id.as_str())),
                (
                    "Arn",
                    Value::from(volume_arn(region, account, &v.volume_id)),
                ),
                ("AvailabilityZone", opt(&v.availability_zone)),
                ("CreateTime", opt(&v.create_time)),
                ("Encrypted", v.encrypted.into()),
                ("Size", v.size.into()),
                ("State", opt(&v.state)),
                ("SnapshotId", opt(&v.snapshot_id)),
                ("Iops", v.iops.into()),
                ("VolumeType", opt(&v.volume_type)),
                ("KmsKeyId", opt(&v.kms_key_id)),
                ("MultiAttachEnabled", v.multi_attach_enabled.into()),
                ("InstanceId", instance),
            ])
        };
        if v.attachments.is_empty() {
            out.volumes.push(base(Value::Null));
        }
        for a in &v.attachments {
            out.volumes.push(base(Value::from(a.instance_id.as_str())));
        }
    }
    for i in &r.images {
        out.images.push(row([
            ("ID", Value::from(format!("{}|{region}", i.image_id))),
            ("ImageId", Value::from(i.image_id.as_str())),
            ("Name", opt(&i.name)),
            ("CreationDate", opt(&i.creation_date)),
            ("Architecture", opt(&i.architecture)),
            ("ImageLocation", opt(&i.image_location)),
            ("ImageType", opt(&i.image_type)),
            ("Public", i.public.into()),
            ("Platform", opt(&i.platform)),
            ("PlatformDetails", opt(&i.platform_details)),
            ("State", opt(&i.state)),
            ("Description", opt(&i.description)),
            ("OwnerId", opt(&i.owner_id)),
            ("ImageOwnerAlias", opt(&i.image_owner_alias)),
            ("RootDeviceType", opt(&i.root_device_type)),
            ("RootDeviceName", opt(&i.root_device_name)),
            ("BootMode", opt(&i.boot_mode)),
            ("VirtualizationType", opt(&i.virtualization_type)),
        ]));
    }
    for a in &r.addresses {
        out.elastic_ips.push(row([
            ("PublicIp", Value::from(a.public_ip.as_str())),
            ("AllocationId", opt(&a.allocation_id)),
            ("AssociationId", opt(&a.association_id)),
            ("Domain", opt(&a.domain)),
            ("InstanceId", opt(&a.instance_id)),
            ("NetworkInterfaceId", opt(&a.network_interface_id)),
            (
                "NetworkInterfaceOwnerId",
                opt(&a.network_interface_owner_id),
            ),
            ("PrivateIpAddress", opt(&a.private_ip_address)),
            ("PublicIpv4Pool", opt(&a.public_ipv4_pool)),
            ("NetworkBorderGroup", opt(&a.network_border_group)),
        ]));
    }
    launch_templates(&r.launch_templates, &mut out);
    auto_scaling(r, &mut out);
    out
}

fn network(r: &RegionRecords, out: &mut Ec2Rows) {
    let region = r.region.as_str();
    for v in &r.vpcs {
        out.vpcs.push(row([
            ("VpcId", Value::from(v.vpc_id.as_str())),
            ("PrimaryCIDRBlock", opt(&v.cidr_block)),
            ("InstanceTenancy", opt(&v.instance_tenancy)),
            ("State", opt(&v.state)),
            ("IsDefault", v.is_default.into()),
            ("DhcpOptionsId", opt(&v.dhcp_options_id)),
        ]));
        for c in &v.cidr_block_association_set {
            let state = c.cidr_block_state.as_ref();
            out.ipv4_cidr_blocks.push(row([
                ("Id", Value::from(format!("{}|{}", v.vpc_id, c.cidr_block))),
                ("VpcId", Value::from(v.vpc_id.as_str())),
                ("AssociationId", Value::from(c.association_id.as_str())),
                ("CidrBlock", Value::from(c.cidr_block.as_str())),
                ("BlockState", state.map_or(Value::Null, |s| opt(&s.state))),
                (
                    "BlockStateMessage",
                    state.map_or(Value::Null, |s| opt(&s.status_message)),
                ),
            ]));
        }
        for c in &v.ipv6_cidr_block_association_set {
            let state = c.ipv6_cidr_block_state.as_ref();
            out.ipv6_cidr_blocks.push(row([
                (
                    "Id",
                    Value::from(format!("{}|{}", v.vpc_id, c.ipv6_cidr_block)),
                ),
                ("VpcId", Value::from(v.vpc_id.as_str())),
                ("AssociationId", Value::from(c.association_id.as_str())),
                ("CidrBlock", Value::from(c.ipv6_cidr_block.as_str())),
                ("BlockState", state.map_or(Value::Null, |s| opt(&s.state))),
                (
                    "BlockStateMessage",
                    state.map_or(Value::Null, |s| opt(&s.status_message)),
                ),
            ]));
        }
    }
    for s in &r.subnets {
        out.subnets.push(row([
            ("SubnetId", Value::from(s.subnet_id.as_str())),
            ("SubnetArn", opt(&s.subnet_arn)),
            ("CidrBlock", opt(&s.cidr_block)),
            (
                "AvailableIpAddressCount",
                s.available_ip_address_count.into(),
            ),
            ("DefaultForAz", s.default_for_az.into()),
            (
                "MapCustomerOwnedIpOnLaunch",
                s.map_customer_owned_ip_on_launch.into(),
            ),
            ("State", opt(&s.state)),
            (
                "AssignIpv6AddressOnCreation",
                s.assign_ipv6_address_on_creation.into(),
            ),
            ("MapPublicIpOnLaunch", s.map_public_ip_on_launch.into()),
            ("AvailabilityZone", opt(&s.availability_zone)),
            ("AvailabilityZoneId", opt(&s.availability_zone_id)),
            ("VpcId", opt(&s.vpc_id)),
        ]));
    }
    for n in &r.network_interfaces {
        let attachment = n.attachment.as_ref();
        out.network_interfaces.push(row([
            (
                "NetworkInterfaceId",
                Value::from(n.network_interface_id.as_str()),
            ),
            ("Description", opt(&n.description)),
            ("MacAddress", opt(&n.mac_address)),
            ("PrivateDnsName", opt(&n.private_dns_name)),
            ("PrivateIpAddress", opt(&n.private_ip_address)),
            ("Status", opt(&n.status)),
            ("InterfaceType", opt(&n.interface_type)),
            (
                "PublicIp",
                n.association
                    .as_ref()
                    .map_or(Value::Null, |a| opt(&a.public_ip)),
            ),
            ("RequesterId", opt(&n.requester_id)),
            ("RequesterManaged", n.requester_managed.into()),
            ("SourceDestCheck", n.source_dest_check.into()),
            ("SubnetId", opt(&n.subnet_id)),
            (
                "AttachTime",
                attachment.map_or(Value::Null, |a| opt(&a.attach_time)),
            ),
            (
                "DeviceIndex",
                attachment.map_or(Value::Null, |a| a.device_index.into()),
            ),
            (
                "InstanceId",
                attachment.map_or(Value::Null, |a| opt(&a.instance_id)),
            ),
            (
                "GroupIds",
                strings(n.groups.iter().map(|g| g.group_id.as_str())),
            ),
        ]));
        for ip in &n.private_ip_addresses {
            let assoc = ip.association.as_ref();
            out.private_ips.push(row([
                (
                    "Id",
                    Value::from(format!(
                        "{}:{}",
                        n.network_interface_id, ip.private_ip_address
                    )),
                ),
                (
                    "NetworkInterfaceId",
                    Value::from(n.network_interface_id.as_str()),
                ),
                ("Primary", ip.primary.into()),
                (
                    "PrivateIpAddress",
                    Value::from(ip.private_ip_address.as_str()),
                ),
                ("PublicIp", assoc.map_or(Value::Null, |a| opt(&a.public_ip))),
                (
                    "IpOwnerId",
                    assoc.map_or(Value::Null, |a| opt(&a.ip_owner_id)),
                ),
            ]));
        }
    }
    for g in &r.internet_gateways {
        let owner = g.owner_id.clone().unwrap_or_default();
        let arn = format!(
            "arn:aws:ec2:{region}:{owner}:internet-gateway/{}",
            g.internet_gateway_id
        );
        let base = |vpc: Value| {
            row([
                (
                    "InternetGatewayId",
                    Value::from(g.internet_gateway_id.as_str()),
                ),
                ("OwnerId", opt(&g.owner_id)),
                ("Arn", Value::from(arn.as_str())),
                ("VpcId", vpc),
            ])
        };
        if g.attachments.is_empty() {
            out.internet_gateways.push(base(Value::Null));
        }
        for a in &g.attachments {
            out.internet_gateways
                .push(base(Value::from(a.vpc_id.as_str())));
        }
    }
    for p in &r.vpc_peering_connections {
        let (a, q) = (&p.accepter_vpc_info, &p.requester_vpc_info);
        // Cartography records the requester side's options.
        let option = |f: fn(&PeeringOptions) -> Option<bool>| -> Value {
            q.peering_options.as_ref().and_then(f).into()
        };
        let block_id = |info: &PeeringVpcInfo| {
            info.cidr_block
                .as_ref()
                .map(|c| format!("{}|{c}", info.vpc_id))
        };
        let block = |info: &PeeringVpcInfo| strings(block_id(info));
        for side in [a, q].into_iter().filter(|s| !s.vpc_id.is_empty()) {
            if let Some(owner) = &side.owner_id {
                out.peer_accounts
                    .push(row([("OwnerId", Value::from(owner.as_str()))]));
            }
            out.peered_vpcs.push(row([
                ("VpcId", Value::from(side.vpc_id.as_str())),
                (
                    "Region",
                    Value::from(side.region.as_deref().unwrap_or(region)),
                ),
                ("OwnerId", opt(&side.owner_id)),
            ]));
            if let Some(id) = block_id(side) {
                out.peered_cidr_blocks.push(row([
                    ("Id", Value::from(id)),
                    ("VpcId", Value::from(side.vpc_id.as_str())),
                    ("CidrBlock", opt(&side.cidr_block)),
                ]));
            }
        }
        out.peerings.push(row([
            (
                "VpcPeeringConnectionId",
                Value::from(p.vpc_peering_connection_id.as_str()),
            ),
            ("AccepterVpcId", Value::from(a.vpc_id.as_str())),
            ("RequesterVpcId", Value::from(q.vpc_id.as_str())),
            ("AccepterRegion", opt(&a.region)),
            ("RequesterRegion", opt(&q.region)),
            (
                "StatusCode",
                p.status.as_ref().map_or(Value::Null, |s| opt(&s.code)),
            ),
            (
                "StatusMessage",
                p.status.as_ref().map_or(Value::Null, |s| opt(&s.message)),
            ),
            (
                "AllowDnsResolutionFromRemoteVpc",
                option(|o| o.allow_dns_resolution_from_remote_vpc),
            ),
            (
                "AllowEgressFromLocalClassicLinkToRemoteVpc",
                option(|o| o.allow_egress_from_local_classic_link_to_remote_vpc),
            ),
            (
                "AllowEgressFromLocalVpcToRemoteClassicLink",
                option(|o| o.allow_egress_from_local_vpc_to_remote_classic_link),
            ),
            ("ACCEPTER_CIDR_BLOCK_IDS", block(a)),
            ("REQUESTER_CIDR_BLOCK_IDS", block(q)),
        ]));
    }
}

/// Cartography's route id, `<route table id>|<first destination or target present>`, and
/// that value as the route's `target`.
fn route_id(table: &str, r: &Route) -> (String, Option<String>) {
    let target = [
        &r.destination_cidr_block,
        &r.destination_ipv6_cidr_block,
        &r.gateway_id,
        &r.instance_id,
        &r.nat_gateway_id,
        &r.transit_gateway_id,
        &r.local_gateway_id,
        &r.carrier_gateway_id,
        &r.network_interface_id,
        &r.vpc_peering_connection_id,
        &r.egress_only_internet_gateway_id,
        &r.core_network_arn,
    ]
    .into_iter()
    .find_map(Clone::clone);
    match target {
        Some(t) => (format!("{table}|{t}"), Some(t)),
        None => (table.to_string(), None),
    }
}

/// Route tables with their routes and associations, network ACLs with their entries, and
/// VPC endpoints with the subnets, security groups and route tables they use.
fn routing(r: &RegionRecords, account: &str, out: &mut Ec2Rows) {
    let region = r.region.as_str();
    for t in &r.route_tables {
        let table = t.route_table_id.as_str();
        let mut route_ids = Vec::new();
        for x in &t.routes {
            let (id, target) = route_id(table, x);
            let endpoint = x.gateway_id.clone().filter(|g| g.starts_with("vpce-"));
            route_ids.push(id.clone());
            out.routes.push(row([
                ("id", Value::from(id)),
                ("route_table_id", Value::from(table)),
                ("destination_cidr_block", opt(&x.destination_cidr_block)),
                (
                    "destination_ipv6_cidr_block",
                    opt(&x.destination_ipv6_cidr_block),
                ),
                (
                    "destination_prefix_list_id",
                    opt(&x.destination_prefix_list_id),
                ),
                ("gateway_id", opt(&x.gateway_id)),
                ("vpc_endpoint_id", opt(&endpoint)),
                ("instance_id", opt(&x.instance_id)),
                ("instance_owner_id", opt(&x.instance_owner_id)),
                ("nat_gateway_id", opt(&x.nat_gateway_id)),
                ("transit_gateway_id", opt(&x.transit_gateway_id)),
                ("local_gateway_id", opt(&x.local_gateway_id)),
                ("carrier_gateway_id", opt(&x.carrier_gateway_id)),
                ("network_interface_id", opt(&x.network_interface_id)),
                (
                    "vpc_peering_connection_id",
                    opt(&x.vpc_peering_connection_id),
                ),
                (
                    "egress_only_internet_gateway_id",
                    opt(&x.egress_only_internet_gateway_id),
                ),
                ("core_network_arn", opt(&x.core_network_arn)),
                ("origin", opt(&x.origin)),
                ("state", opt(&x.state)),
                ("_target", opt(&target)),
            ]));
        }
        let mut main = false;
        for a in &t.associations {
            let target = match (&a.subnet_id, &a.gateway_id) {
                (Some(s), _) => s.clone(),
                (None, Some(g)) => g.clone(),
                (None, None) => {
                    main = true;
                    "main".to_string()
                }
            };
            let state = a.association_state.as_ref();
            out.route_table_associations.push(row([
                ("id", Value::from(a.route_table_association_id.as_str())),
                ("route_table_id", Value::from(table)),
                ("subnet_id", opt(&a.subnet_id)),
                ("gateway_id", opt(&a.gateway_id)),
                ("main", Value::Bool(a.main.unwrap_or(false))),
                (
                    "association_state",
                    state.map_or(Value::Null, |s| opt(&s.state)),
                ),
                (
                    "association_state_message",
                    state.map_or(Value::Null, |s| opt(&s.message)),
                ),
                ("_target", Value::from(target)),
            ]));
        }
        out.route_tables.push(row([
            ("id", Value::from(table)),
            ("route_table_id", Value::from(table)),
            ("owner_id", opt(&t.owner_id)),
            ("VpcId", opt(&t.vpc_id)),
            ("main", Value::Bool(main)),
            ("RouteIds", strings(&route_ids)),
            (
                "RouteTableAssociationIds",
                strings(
                    t.associations
                        .iter()
                        .map(|a| a.route_table_association_id.as_str()),
                ),
            ),
        ]));
    }
    for acl in &r.network_acls {
        let id = acl.network_acl_id.as_str();
        let base = |subnet: Value| {
            row([
                ("Id", Value::from(id)),
                (
                    "Arn",
                    Value::from(format!("arn:aws:ec2:{region}:{account}:network-acl/{id}")),
                ),
                ("IsDefault", acl.is_default.into()),
                ("VpcId", opt(&acl.vpc_id)),
                ("OwnerId", opt(&acl.owner_id)),
                ("SubnetId", subnet),
            ])
        };
        if acl.associations.is_empty() {
            out.network_acls.push(base(Value::Null));
        }
        for a in &acl.associations {
            out.network_acls
                .push(base(Value::from(a.subnet_id.as_str())));
        }
        for e in &acl.entries {
            let (direction, target) = if e.egress {
                ("egress", &mut out.nacl_egress_rules)
            } else {
                ("inbound", &mut out.nacl_inbound_rules)
            };
            let ports = e.port_range.as_ref();
            target.push(row([
                (
                    "Id",
                    Value::from(format!("{id}/{direction}/{}", e.rule_number)),
                ),
                ("NetworkAclId", Value::from(id)),
                ("CidrBlock", opt(&e.cidr_block)),
                ("Ipv6CidrBlock", opt(&e.ipv6_cidr_block)),
                ("Egress", Value::Bool(e.egress)),
                ("Protocol", opt(&e.protocol)),
                ("RuleAction", opt(&e.rule_action)),
                ("RuleNumber", Value::Int(e.rule_number)),
                ("FromPort", ports.map_or(Value::Null, |p| p.from.into())),
                ("ToPort", ports.map_or(Value::Null, |p| p.to.into())),
            ]));
        }
    }
    for e in &r.vpc_endpoints {
        let id = e.vpc_endpoint_id.as_str();
        // As Cartography stores them: a JSON list of {DnsName, HostedZoneId}, or null.
        let dns = (!e.dns_entries.is_empty()).then(|| {
            serde_json::Value::Array(
                e.dns_entries
                    .iter()
                    .map(|d| serde_json::json!({"DnsName": d.dns_name, "HostedZoneId": d.hosted_zone_id}))
                    .collect(),
            )
            .to_string()
        });
        out.vpc_endpoints.push(row([
            ("VpcEndpointId", Value::from(id)),
            ("VpcId", opt(&e.vpc_id)),
            ("ServiceName", opt(&e.service_name)),
            ("ServiceRegion", opt(&e.service_region)),
            ("VpcEndpointType", opt(&e.vpc_endpoint_type)),
            ("State", opt(&e.state)),
            (
                "PolicyDocument",
                opt(&e.policy_document.clone().filter(|p| !p.is_empty())),
            ),
            ("RouteTableIds", strings(&e.route_table_ids)),
            ("SubnetIds", strings(&e.subnet_ids)),
            ("NetworkInterfaceIds", strings(&e.network_interface_ids)),
            ("DnsEntries", opt(&dns)),
            ("PrivateDnsEnabled", e.private_dns_enabled.into()),
            ("RequesterManaged", e.requester_managed.into()),
            ("IpAddressType", opt(&e.ip_address_type)),
            ("OwnerId", opt(&e.owner_id)),
            ("CreationTimestamp", opt(&e.creation_timestamp)),
        ]));
        let link = |key: &str, value: &str| {
            let mut r = Row::new();
            r.insert(key.to_string(), Value::from(value));
            r.insert("VpcEndpointId".to_string(), Value::from(id));
            r
        };
        out.vpc_endpoint_subnets
            .extend(e.subnet_ids.iter().map(|s| link("SubnetId", s)));
        out.vpc_endpoint_security_groups
            .extend(e.groups.iter().map(|g| link("GroupId", &g.group_id)));
        out.vpc_endpoint_route_tables
            .extend(e.route_table_ids.iter().map(|t| link("RouteTableId", t)));
    }
}

fn security_groups(r: &RegionRecords, out: &mut Ec2Rows) {
    for g in &r.security_groups {
        let mut sources = BTreeSet::new();
        for (kind, rules, target) in [
            ("IpPermissions", &g.ip_permissions, &mut out.inbound_rules),
            (
                "IpPermissionsEgress",
                &g.ip_permissions_egress,
                &mut out.egress_rules,
            ),
        ] {
            for rule in rules {
                let IpPermission {
                    ip_protocol,
                    from_port,
                    to_port,
                    ip_ranges,
                    ipv6_ranges,
                    user_id_group_pairs,
                } = rule;
                let protocol = ip_protocol.clone().unwrap_or_else(|| "all".to_string());
                // Cartography's id: absent ports print as Python's `None`.
                let port = |p: &Option<i64>| p.map_or("None".to_string(), |p| p.to_string());
                let rule_id = format!(
                    "{}/{kind}/{}{}{protocol}",
                    g.group_id,
                    port(from_port),
                    port(to_port)
                );
                target.push(row([
                    ("RuleId", Value::from(rule_id.as_str())),
                    ("GroupId", Value::from(g.group_id.as_str())),
                    ("Protocol", Value::from(protocol.as_str())),
                    ("FromPort", (*from_port).into()),
                    ("ToPort", (*to_port).into()),
                ]));
                // IPv6 ranges become `AWSIpRange` nodes too (`::/0`), as Cartography's
                // rules query them.
                let cidrs = ip_ranges
                    .iter()
                    .map(|x| x.cidr_ip.as_str())
                    .chain(ipv6_ranges.iter().map(|x| x.cidr_ipv6.as_str()));
                for cidr in cidrs {
                    out.ip_ranges.push(row([
                        ("RangeId", Value::from(cidr)),
                        ("RuleId", Value::from(rule_id.as_str())),
                    ]));
                }
                sources.extend(
                    user_id_group_pairs
                        .iter()
                        .filter_map(|p| p.group_id.clone()),
                );
            }
        }
        out.security_groups.push(row([
            ("GroupId", Value::from(g.group_id.as_str())),
            ("GroupName", opt(&g.group_name)),
            ("Description", opt(&g.description)),
            ("VpcId", opt(&g.vpc_id)),
            ("SOURCE_GROUP_IDS", strings(&sources)),
        ]));
    }
}

fn instances(r: &RegionRecords, account: &str, out: &mut Ec2Rows) {
    let region = r.region.as_str();
    for res in &r.reservations {
        out.reservations.push(row([
            ("ReservationId", Value::from(res.reservation_id.as_str())),
            ("OwnerId", opt(&res.owner_id)),
            ("RequesterId", opt(&res.requester_id)),
        ]));
        for i in &res.instances {
            let id = i.instance_id.as_str();
            let tokens = i
                .metadata_options
                .as_ref()
                .and_then(|m| m.http_tokens.clone());
            let mode = match tokens.as_deref() {
                Some("required") => Value::from("v2_only"),
                Some("optional") => Value::from("v1_or_v2"),
                _ => Value::Null,
            };
            let metadata = |f: fn(&MetadataOptions) -> &Option<String>| {
                i.metadata_options
                    .as_ref()
                    .map_or(Value::Null, |m| opt(f(m)))
            };
            let eks = i.tags.iter().find_map(|t| match t.key.as_str() {
                "eks:cluster-name" | "alpha.eksctl.io/cluster-name" => Some(t.value.clone()),
                k => k.strip_prefix("kubernetes.io/cluster/").map(String::from),
            });
            out.instances.push(row([
                ("InstanceId", Value::from(id)),
                (
                    "Arn",
                    Value::from(format!("arn:aws:ec2:{region}:{account}:instance/{id}")),
                ),
                ("ReservationId", Value::from(res.reservation_id.as_str())),
                ("PublicDnsName", opt(&i.public_dns_name)),
                ("PublicIpAddress", opt(&i.public_ip_address)),
                ("PrivateIpAddress", opt(&i.private_ip_address)),
                ("ImageId", opt(&i.image_id)),
                ("InstanceType", opt(&i.instance_type)),
                (
                    "IamInstanceProfile",
                    i.iam_instance_profile
                        .as_ref()
                        .map_or(Value::Null, |p| Value::from(p.arn.as_str())),
                ),
                (
                    "MonitoringState",
                    i.monitoring.as_ref().map_or(Value::Null, |m| opt(&m.state)),
                ),
                ("LaunchTime", opt(&i.launch_time)),
                // As Cartography writes it: the epoch seconds as Python prints a float.
                (
                    "LaunchTimeUnix",
                    epoch_seconds(&i.launch_time)
                        .map_or(Value::Null, |s| Value::from(format!("{s}.0"))),
                ),
                ("State", opt(&i.state.name)),
                ("AvailabilityZone", opt(&i.placement.availability_zone)),
                ("Tenancy", opt(&i.placement.tenancy)),
                ("Platform", opt(&i.platform)),
                ("Architecture", opt(&i.architecture)),
                ("EbsOptimized", i.ebs_optimized.into()),
                ("BootMode", opt(&i.boot_mode)),
                ("InstanceLifecycle", opt(&i.instance_lifecycle)),
                ("MetadataHttpTokens", opt(&tokens)),
                (
                    "MetadataHttpPutResponseHopLimit",
                    i.metadata_options
                        .as_ref()
                        .map_or(Value::Null, |m| m.http_put_response_hop_limit.into()),
                ),
                ("MetadataHttpEndpoint", metadata(|m| &m.http_endpoint)),
                (
                    "MetadataHttpProtocolIpv6",
                    metadata(|m| &m.http_protocol_ipv6),
                ),
                (
                    "MetadataInstanceTags",
                    metadata(|m| &m.instance_metadata_tags),
                ),
                ("ImdsAccessMode", mode),
                (
                    "ImdsV1Enabled",
                    tokens
                        .as_ref()
                        .map_or(Value::Null, |t| Value::Bool(t == "optional")),
                ),
                (
                    "ImdsV2Required",
                    tokens
                        .as_ref()
                        .map_or(Value::Null, |t| Value::Bool(t == "required")),
                ),
                ("EksClusterName", opt(&eks)),
            ]));
            if let Some(subnet) = &i.subnet_id {
                out.instance_subnets.push(row([
                    ("SubnetId", Value::from(subnet.as_str())),
                    ("InstanceId", Value::from(id)),
                ]));
            }
            if let Some(key) = &i.key_name {
                out.instance_key_pairs.push(row([
                    (
                        "KeyPairArn",
                        Value::from(key_pair_arn(region, account, key)),
                    ),
                    ("KeyName", Value::from(key.as_str())),
                    ("InstanceId", Value::from(id)),
                ]));
            }
            for g in &i.security_groups {
                out.instance_security_groups.push(row([
                    ("GroupId", Value::from(g.group_id.as_str())),
                    ("InstanceId", Value::from(id)),
                ]));
            }
            for ebs in i
                .block_device_mappings
                .iter()
                .filter_map(|b| b.ebs.as_ref())
            {
                out.instance_volumes.push(row([
                    ("VolumeId", Value::from(ebs.volume_id.as_str())),
                    (
                        "Arn",
                        Value::from(volume_arn(region, account, &ebs.volume_id)),
                    ),
                    ("DeleteOnTermination", ebs.delete_on_termination.into()),
                    ("InstanceId", Value::from(id)),
                    ("SnapshotId", Value::Null),
                ]));
            }
        }
    }
}

/// A creation time as Cartography stores launch templates' and their versions': the epoch
/// seconds, as text.
fn epoch_text(time: &Option<String>) -> Value {
    epoch_seconds(time).map_or(Value::Null, |s| Value::from(s.to_string()))
}

/// Launch templates and their versions (ids `<template id>-<version number>`).
fn launch_templates(templates: &[LaunchTemplate], out: &mut Ec2Rows) {
    for t in templates {
        out.launch_templates.push(row([
            (
                "LaunchTemplateId",
                Value::from(t.launch_template_id.as_str()),
            ),
            ("LaunchTemplateName", opt(&t.launch_template_name)),
            ("CreateTime", epoch_text(&t.create_time)),
            ("CreatedBy", opt(&t.created_by)),
            ("DefaultVersionNumber", t.default_version_number.into()),
            ("LatestVersionNumber", t.latest_version_number.into()),
        ]));
        for v in &t.versions {
            let d = &v.launch_template_data;
            let profile = d.iam_instance_profile.as_ref();
            let list = |l: &Vec<String>| {
                if l.is_empty() {
                    Value::Null
                } else {
                    strings(l)
                }
            };
            out.launch_template_versions.push(row([
                (
                    "Id",
                    Value::from(format!("{}-{}", t.launch_template_id, v.version_number)),
                ),
                (
                    "LaunchTemplateId",
                    Value::from(t.launch_template_id.as_str()),
                ),
                ("LaunchTemplateName", opt(&v.launch_template_name)),
                ("CreateTime", epoch_text(&v.create_time)),
                ("CreatedBy", opt(&v.created_by)),
                ("DefaultVersion", v.default_version.into()),
                ("VersionNumber", Value::Int(v.version_number)),
                ("VersionDescription", opt(&v.version_description)),
                ("KernelId", opt(&d.kernel_id)),
                ("EbsOptimized", d.ebs_optimized.into()),
                (
                    "IamInstanceProfileArn",
                    profile.map_or(Value::Null, |p| opt(&p.arn)),
                ),
                (
                    "IamInstanceProfileName",
                    profile.map_or(Value::Null, |p| opt(&p.name)),
                ),
                ("ImageId", opt(&d.image_id)),
                ("InstanceType", opt(&d.instance_type)),
                ("KeyName", opt(&d.key_name)),
                (
                    "MonitoringEnabled",
                    d.monitoring.as_ref().and_then(|m| m.enabled).into(),
                ),
                ("RamdiskId", opt(&d.ram_disk_id)),
                ("DisableApiTermination", d.disable_api_termination.into()),
                (
                    "InstanceInitiatedShutdownBehavior",
                    opt(&d.instance_initiated_shutdown_behavior),
                ),
                ("SecurityGroupIds", list(&d.security_group_ids)),
                ("SecurityGroups", list(&d.security_groups)),
            ]));
        }
    }
}

fn auto_scaling(r: &RegionRecords, out: &mut Ec2Rows) {
    for g in &r.auto_scaling_groups {
        let lt = g.launch_template.as_ref();
        let arn = g.auto_scaling_group_arn.as_str();
        out.auto_scaling_groups.push(row([
            ("AutoScalingGroupARN", Value::from(arn)),
            ("AutoScalingGroupName", opt(&g.auto_scaling_group_name)),
            ("CreatedTime", opt(&g.created_time)),
            ("DefaultCooldown", g.default_cooldown.into()),
            ("DesiredCapacity", g.desired_capacity.into()),
            ("HealthCheckGracePeriod", g.health_check_grace_period.into()),
            ("HealthCheckType", opt(&g.health_check_type)),
            ("LaunchConfigurationName", opt(&g.launch_configuration_name)),
            (
                "LaunchTemplateName",
                lt.map_or(Value::Null, |t| opt(&t.launch_template_name)),
            ),
            (
                "LaunchTemplateId",
                lt.map_or(Value::Null, |t| opt(&t.launch_template_id)),
            ),
            (
                "LaunchTemplateVersion",
                lt.map_or(Value::Null, |t| opt(&t.version)),
            ),
            ("MaxSize", g.max_size.into()),
            ("MinSize", g.min_size.into()),
            ("Status", opt(&g.status)),
            ("CapacityRebalance", g.capacity_rebalance.into()),
            (
                "NewInstancesProtectedFromScaleIn",
                g.new_instances_protected_from_scale_in.into(),
            ),
        ]));
        for i in &g.instances {
            out.asg_instances.push(row([
                ("InstanceId", Value::from(i.instance_id.as_str())),
                ("AutoScalingGroupARN", Value::from(arn)),
            ]));
        }
        for subnet in g
            .vpc_zone_identifier
            .iter()
            .flat_map(|z| z.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            out.asg_subnets.push(row([
                ("VPCZoneIdentifier", Value::from(subnet)),
                ("AutoScalingGroupARN", Value::from(arn)),
            ]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{GroupIdentifier, Instance, IpRange, Reservation, SecurityGroup};

    fn text(row: &Row, key: &str) -> String {
        row.get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    }

    #[test]
    fn instance_rows_and_references() {
        let r = RegionRecords {
            region: "eu-west-1".into(),
            reservations: vec![Reservation {
                reservation_id: "r-1".into(),
                instances: vec![Instance {
                    instance_id: "i-1".into(),
                    key_name: Some("ops".into()),
                    subnet_id: Some("subnet-1".into()),
                    security_groups: vec![GroupIdentifier {
                        group_id: "sg-1".into(),
                        group_name: None,
                    }],
                    metadata_options: Some(crate::records::MetadataOptions {
                        http_tokens: Some("optional".into()),
                        ..Default::default()
                    }),
                    ..Instance::default()
                }],
                ..Reservation::default()
            }],
            ..RegionRecords::default()
        };
        let rows = transform(&r, "111111111111");
        let i = &rows.instances[0];
        assert_eq!(
            text(i, "Arn"),
            "arn:aws:ec2:eu-west-1:111111111111:instance/i-1"
        );
        assert_eq!(text(i, "ImdsAccessMode"), "v1_or_v2");
        assert!(matches!(i.get("ImdsV1Enabled"), Some(Value::Bool(true))));
        assert_eq!(
            text(&rows.instance_key_pairs[0], "KeyPairArn"),
            "arn:aws:ec2:eu-west-1:111111111111:key-pair/ops"
        );
        assert_eq!(rows.instance_subnets.len(), 1);
        assert_eq!(rows.instance_security_groups.len(), 1);
    }

    #[test]
    fn launch_template_versions_and_instance_times() {
        use crate::records::{LaunchTemplateData, LaunchTemplateVersion};
        let r = RegionRecords {
            region: "us-east-1".into(),
            launch_templates: vec![LaunchTemplate {
                launch_template_id: "lt-1".into(),
                create_time: Some("2024-01-02T03:04:05Z".into()),
                versions: vec![LaunchTemplateVersion {
                    launch_template_id: "lt-1".into(),
                    version_number: 2,
                    default_version: Some(false),
                    create_time: Some("2024-01-02T03:04:05Z".into()),
                    launch_template_data: LaunchTemplateData {
                        image_id: Some("ami-1".into()),
                        security_group_ids: vec!["sg-1".into()],
                        ..LaunchTemplateData::default()
                    },
                    ..LaunchTemplateVersion::default()
                }],
                ..LaunchTemplate::default()
            }],
            reservations: vec![Reservation {
                reservation_id: "r-1".into(),
                instances: vec![Instance {
                    instance_id: "i-1".into(),
                    launch_time: Some("2024-01-02T03:04:05Z".into()),
                    metadata_options: Some(MetadataOptions {
                        http_protocol_ipv6: Some("disabled".into()),
                        instance_metadata_tags: Some("enabled".into()),
                        ..MetadataOptions::default()
                    }),
                    ..Instance::default()
                }],
                ..Reservation::default()
            }],
            ..RegionRecords::default()
        };
        let rows = transform(&r, "1");
        assert_eq!(text(&rows.launch_templates[0], "CreateTime"), "1704164645");
        let v = &rows.launch_template_versions[0];
        assert_eq!(text(v, "Id"), "lt-1-2");
        assert_eq!(text(v, "LaunchTemplateId"), "lt-1");
        assert_eq!(text(v, "CreateTime"), "1704164645");
        assert_eq!(text(v, "ImageId"), "ami-1");
        assert!(matches!(v.get("DefaultVersion"), Some(Value::Bool(false))));
        assert!(matches!(v.get("SecurityGroupIds"), Some(Value::List(l)) if l.len() == 1));
        assert!(matches!(v.get("SecurityGroups"), Some(Value::Null)));
        let i = &rows.instances[0];
        assert_eq!(text(i, "LaunchTimeUnix"), "1704164645.0");
        assert_eq!(text(i, "MetadataHttpProtocolIpv6"), "disabled");
        assert_eq!(text(i, "MetadataInstanceTags"), "enabled");
    }

    #[test]
    fn peerings_name_both_sides_with_their_owners() {
        use crate::records::{PeeringOptions, VpcPeeringConnection};
        let side = |vpc: &str, owner: &str, cidr: &str| PeeringVpcInfo {
            vpc_id: vpc.into(),
            owner_id: Some(owner.into()),
            region: Some("us-east-1".into()),
            cidr_block: Some(cidr.into()),
            peering_options: Some(PeeringOptions {
                allow_dns_resolution_from_remote_vpc: Some(owner == "2"),
                ..PeeringOptions::default()
            }),
        };
        let r = RegionRecords {
            region: "us-east-1".into(),
            vpc_peering_connections: vec![VpcPeeringConnection {
                vpc_peering_connection_id: "pcx-1".into(),
                accepter_vpc_info: side("vpc-a", "1", "10.1.0.0/16"),
                requester_vpc_info: side("vpc-r", "2", "10.2.0.0/16"),
                status: None,
            }],
            ..RegionRecords::default()
        };
        let rows = transform(&r, "2");
        let owners: Vec<String> = rows
            .peered_vpcs
            .iter()
            .map(|v| format!("{}@{}", text(v, "VpcId"), text(v, "OwnerId")))
            .collect();
        assert_eq!(owners, ["vpc-a@1", "vpc-r@2"]);
        assert_eq!(rows.peer_accounts.len(), 2);
        assert_eq!(text(&rows.peered_cidr_blocks[0], "Id"), "vpc-a|10.1.0.0/16");
        let p = &rows.peerings[0];
        assert!(matches!(
            p.get("AllowDnsResolutionFromRemoteVpc"),
            Some(Value::Bool(true))
        ));
        assert!(matches!(
            p.get("AllowEgressFromLocalVpcToRemoteClassicLink"),
            Some(Value::Null)
        ));
    }

    #[test]
    fn routes_associations_acls_and_endpoints() {
        use crate::records::{
            GroupIdentifier as G, NetworkAcl, NetworkAclAssociation, NetworkAclEntry, PortRange,
            RouteTable, RouteTableAssociation, VpcEndpoint,
        };
        let r = RegionRecords {
            region: "eu-west-1".into(),
            route_tables: vec![RouteTable {
                route_table_id: "rtb-1".into(),
                vpc_id: Some("vpc-1".into()),
                associations: vec![
                    RouteTableAssociation {
                        route_table_association_id: "rtbassoc-main".into(),
                        main: Some(true),
                        ..RouteTableAssociation::default()
                    },
                    RouteTableAssociation {
                        route_table_association_id: "rtbassoc-1".into(),
                        subnet_id: Some("subnet-1".into()),
                        ..RouteTableAssociation::default()
                    },
                ],
                routes: vec![
                    Route {
                        destination_cidr_block: Some("0.0.0.0/0".into()),
                        gateway_id: Some("igw-1".into()),
                        ..Route::default()
                    },
                    Route {
                        destination_prefix_list_id: Some("pl-1".into()),
                        gateway_id: Some("vpce-1".into()),
                        ..Route::default()
                    },
                ],
                ..RouteTable::default()
            }],
            network_acls: vec![NetworkAcl {
                network_acl_id: "acl-1".into(),
                vpc_id: Some("vpc-1".into()),
                associations: vec![
                    NetworkAclAssociation {
                        network_acl_association_id: "aclassoc-1".into(),
                        subnet_id: "subnet-1".into(),
                    },
                    NetworkAclAssociation {
                        network_acl_association_id: "aclassoc-2".into(),
                        subnet_id: "subnet-2".into(),
                    },
                ],
                entries: vec![
                    NetworkAclEntry {
                        rule_number: 100,
                        protocol: Some("6".into()),
                        rule_action: Some("deny".into()),
                        cidr_block: Some("0.0.0.0/0".into()),
                        port_range: Some(PortRange {
                            from: Some(22),
                            to: Some(22),
                        }),
                        ..NetworkAclEntry::default()
                    },
                    NetworkAclEntry {
                        rule_number: 100,
                        egress: true,
                        ..NetworkAclEntry::default()
                    },
                ],
                ..NetworkAcl::default()
            }],
            vpc_endpoints: vec![VpcEndpoint {
                vpc_endpoint_id: "vpce-2".into(),
                subnet_ids: vec!["subnet-1".into()],
                groups: vec![G {
                    group_id: "sg-1".into(),
                    group_name: None,
                }],
                dns_entries: vec![crate::records::DnsEntry {
                    dns_name: Some("x.example".into()),
                    hosted_zone_id: Some("Z1".into()),
                }],
                ..VpcEndpoint::default()
            }],
            ..RegionRecords::default()
        };
        let rows = transform(&r, "111111111111");
        let ids: Vec<String> = rows.routes.iter().map(|x| text(x, "id")).collect();
        assert_eq!(ids, ["rtb-1|0.0.0.0/0", "rtb-1|vpce-1"]);
        assert_eq!(text(&rows.routes[1], "vpc_endpoint_id"), "vpce-1");
        assert_eq!(text(&rows.routes[1], "_target"), "vpce-1");
        let table = &rows.route_tables[0];
        assert!(matches!(table.get("main"), Some(Value::Bool(true))));
        assert!(matches!(table.get("RouteIds"), Some(Value::List(l)) if l.len() == 2));
        let targets: Vec<String> = rows
            .route_table_associations
            .iter()
            .map(|x| text(x, "_target"))
            .collect();
        assert_eq!(targets, ["main", "subnet-1"]);
        assert_eq!(rows.network_acls.len(), 2, "one row per associated subnet");
        assert_eq!(
            text(&rows.network_acls[0], "Arn"),
            "arn:aws:ec2:eu-west-1:111111111111:network-acl/acl-1"
        );
        assert_eq!(text(&rows.nacl_inbound_rules[0], "Id"), "acl-1/inbound/100");
        assert!(matches!(
            rows.nacl_inbound_rules[0].get("FromPort"),
            Some(Value::Int(22))
        ));
        assert_eq!(text(&rows.nacl_egress_rules[0], "Id"), "acl-1/egress/100");
        assert_eq!(
            text(&rows.vpc_endpoints[0], "DnsEntries"),
            r#"[{"DnsName":"x.example","HostedZoneId":"Z1"}]"#
        );
        assert_eq!(text(&rows.vpc_endpoint_subnets[0], "SubnetId"), "subnet-1");
        assert_eq!(
            text(&rows.vpc_endpoint_security_groups[0], "GroupId"),
            "sg-1"
        );
        assert!(rows.vpc_endpoint_route_tables.is_empty());
    }

    #[test]
    fn security_group_rules_and_ranges() {
        let r = RegionRecords {
            region: "us-east-1".into(),
            security_groups: vec![SecurityGroup {
                group_id: "sg-1".into(),
                ip_permissions: vec![IpPermission {
                    ip_protocol: Some("tcp".into()),
                    from_port: Some(22),
                    to_port: Some(22),
                    ip_ranges: vec![IpRange {
                        cidr_ip: "0.0.0.0/0".into(),
                        description: None,
                    }],
                    ipv6_ranges: vec![crate::records::Ipv6Range {
                        cidr_ipv6: "::/0".into(),
                        description: None,
                    }],
                    user_id_group_pairs: vec![crate::records::UserIdGroupPair {
                        group_id: Some("sg-2".into()),
                        user_id: None,
                    }],
                }],
                ip_permissions_egress: vec![IpPermission {
                    ip_protocol: Some("-1".into()),
                    ..IpPermission::default()
                }],
                ..SecurityGroup::default()
            }],
            ..RegionRecords::default()
        };
        let rows = transform(&r, "1");
        assert_eq!(
            text(&rows.inbound_rules[0], "RuleId"),
            "sg-1/IpPermissions/2222tcp"
        );
        assert_eq!(
            text(&rows.egress_rules[0], "RuleId"),
            "sg-1/IpPermissionsEgress/NoneNone-1"
        );
        assert_eq!(text(&rows.ip_ranges[0], "RangeId"), "0.0.0.0/0");
        assert_eq!(text(&rows.ip_ranges[1], "RangeId"), "::/0");
        assert_eq!(
            text(&rows.ip_ranges[1], "RuleId"),
            "sg-1/IpPermissions/2222tcp"
        );
        assert!(
            matches!(rows.security_groups[0].get("SOURCE_GROUP_IDS"), Some(Value::List(l)) if l.len() == 1)
        );
    }
}
