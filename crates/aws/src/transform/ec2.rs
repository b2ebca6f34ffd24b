//! EC2 and Auto Scaling of one region: instances and what they reference, security groups
//! and their rules, the network (VPCs, CIDR blocks, subnets, interfaces, gateways, route
//! tables, peerings, addresses), storage (volumes, snapshots, images), templates and groups.

use std::collections::BTreeSet;

use cartograph_graph::Value;
use cartograph_sync::Row;

use super::{opt, row, strings};
use crate::records::{IpPermission, RegionRecords};

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
    pub route_tables: Vec<Row>,
    pub peerings: Vec<Row>,
    pub elastic_ips: Vec<Row>,
    pub launch_templates: Vec<Row>,
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
    for t in &r.launch_templates {
        out.launch_templates.push(row([
            (
                "LaunchTemplateId",
                Value::from(t.launch_template_id.as_str()),
            ),
            ("LaunchTemplateName", opt(&t.launch_template_name)),
            ("CreateTime", opt(&t.create_time)),
            ("CreatedBy", opt(&t.created_by)),
            ("DefaultVersionNumber", t.default_version_number.into()),
            ("LatestVersionNumber", t.latest_version_number.into()),
        ]));
    }
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
    for t in &r.route_tables {
        let main = t.associations.iter().any(|a| a.main == Some(true));
        out.route_tables.push(row([
            ("id", Value::from(t.route_table_id.as_str())),
            ("route_table_id", Value::from(t.route_table_id.as_str())),
            ("owner_id", opt(&t.owner_id)),
            ("VpcId", opt(&t.vpc_id)),
            ("main", Value::Bool(main)),
        ]));
    }
    for p in &r.vpc_peering_connections {
        let (a, q) = (&p.accepter_vpc_info, &p.requester_vpc_info);
        let block = |info: &crate::records::PeeringVpcInfo| match &info.cidr_block {
            Some(c) => strings([format!("{}|{c}", info.vpc_id)]),
            None => Value::List(Vec::new()),
        };
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
            ("ACCEPTER_CIDR_BLOCK_IDS", block(a)),
            ("REQUESTER_CIDR_BLOCK_IDS", block(q)),
        ]));
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
                for range in ip_ranges {
                    out.ip_ranges.push(row([
                        ("RangeId", Value::from(range.cidr_ip.as_str())),
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
                ("LaunchTimeUnix", Value::Null),
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
                (
                    "MetadataHttpEndpoint",
                    i.metadata_options
                        .as_ref()
                        .map_or(Value::Null, |m| opt(&m.http_endpoint)),
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
        assert!(
            matches!(rows.security_groups[0].get("SOURCE_GROUP_IDS"), Some(Value::List(l)) if l.len() == 1)
        );
    }
}
