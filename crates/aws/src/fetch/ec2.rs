//! EC2 and Auto Scaling of one region: every requested `Describe*` call runs concurrently
//! (within the task's bound), paginated, and converts into [`RegionRecords`].

use aws_sdk_autoscaling as asg;
use aws_sdk_ec2 as ec2;
use aws_sdk_ec2::types as t;

use super::convert::{date, e, int, req, s};
use super::error::ApiError;
use super::limit::Limit;
use super::select::Selection;
use crate::records::{self as r, RegionRecords};

/// Read the selected EC2 parts of `region`.
pub async fn fetch(
    client: &ec2::Client,
    autoscaling: &asg::Client,
    region: &str,
    sel: &Selection,
    limit: &Limit,
) -> Result<RegionRecords, ApiError> {
    let want = |part: &str| sel.wants(part);
    let (reservations, security_groups, vpcs, subnets, network_interfaces, key_pairs) = tokio::try_join!(
        on(want("ec2:instance"), limit, reservations(client)),
        on(want("ec2:security_group"), limit, security_groups(client)),
        on(want("ec2:vpc"), limit, vpcs(client)),
        on(want("ec2:subnet"), limit, subnets(client)),
        on(
            want("ec2:network_interface"),
            limit,
            network_interfaces(client)
        ),
        on(want("ec2:keypair"), limit, key_pairs(client)),
    )?;
    let (volumes, snapshots, images, internet_gateways, route_tables) = tokio::try_join!(
        on(want("ec2:volumes"), limit, volumes(client)),
        async {
            // Not under `on`: the per-snapshot attribute calls take the bound one by one.
            if want("ec2:snapshots") {
                snapshots(client, limit).await
            } else {
                Ok(Vec::new())
            }
        },
        on(want("ec2:images"), limit, images(client)),
        on(
            want("ec2:internet_gateway"),
            limit,
            internet_gateways(client)
        ),
        on(want("ec2:route_table"), limit, route_tables(client)),
    )?;
    let (network_acls, vpc_endpoints) = tokio::try_join!(
        on(want("ec2:network_acls"), limit, network_acls(client)),
        on(want("ec2:vpc_endpoint"), limit, vpc_endpoints(client)),
    )?;
    let (vpc_peering_connections, addresses, launch_templates, auto_scaling_groups) = tokio::try_join!(
        on(want("ec2:vpc_peering"), limit, peerings(client)),
        on(want("ec2:elastic_ip_addresses"), limit, addresses(client)),
        on(
            want("ec2:launch_templates"),
            limit,
            launch_templates(client)
        ),
        on(
            want("ec2:autoscalinggroup"),
            limit,
            auto_scaling_groups(autoscaling)
        ),
    )?;
    Ok(RegionRecords {
        region: region.to_string(),
        reservations,
        security_groups,
        vpcs,
        subnets,
        network_interfaces,
        key_pairs,
        volumes,
        snapshots,
        images,
        internet_gateways,
        route_tables,
        network_acls,
        vpc_endpoints,
        vpc_peering_connections,
        addresses,
        launch_templates,
        auto_scaling_groups,
    })
}

/// Run `call` under the bound if the part was requested; nothing otherwise.
async fn on<T>(
    wanted: bool,
    limit: &Limit,
    call: impl Future<Output = Result<Vec<T>, ApiError>>,
) -> Result<Vec<T>, ApiError> {
    if wanted {
        limit.run(call).await
    } else {
        Ok(Vec::new())
    }
}

fn tags(tags: &[t::Tag]) -> Vec<r::Tag> {
    tags.iter()
        .map(|x| r::Tag {
            key: req(x.key()),
            value: req(x.value()),
        })
        .collect()
}

fn group(g: &t::GroupIdentifier) -> r::GroupIdentifier {
    r::GroupIdentifier {
        group_id: req(g.group_id()),
        group_name: s(g.group_name()),
    }
}

async fn reservations(c: &ec2::Client) -> Result<Vec<r::Reservation>, ApiError> {
    let pages = c
        .describe_instances()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|err| ApiError::new("ec2:DescribeInstances", err))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.reservations())
        .map(|x| r::Reservation {
            reservation_id: req(x.reservation_id()),
            owner_id: s(x.owner_id()),
            requester_id: s(x.requester_id()),
            instances: x.instances().iter().map(instance).collect(),
        })
        .collect())
}

fn instance(i: &t::Instance) -> r::Instance {
    r::Instance {
        instance_id: req(i.instance_id()),
        image_id: s(i.image_id()),
        instance_type: e(i.instance_type()),
        key_name: s(i.key_name()),
        launch_time: date(i.launch_time()),
        placement: r::Placement {
            availability_zone: s(i.placement().and_then(|p| p.availability_zone())),
            tenancy: e(i.placement().and_then(|p| p.tenancy())),
        },
        private_ip_address: s(i.private_ip_address()),
        public_ip_address: s(i.public_ip_address()),
        public_dns_name: s(i.public_dns_name()).filter(|n| !n.is_empty()),
        state: r::NamedState {
            name: e(i.state().and_then(|x| x.name())),
        },
        subnet_id: s(i.subnet_id()),
        vpc_id: s(i.vpc_id()),
        architecture: e(i.architecture()),
        platform: e(i.platform()),
        ebs_optimized: i.ebs_optimized(),
        boot_mode: e(i.boot_mode()),
        instance_lifecycle: e(i.instance_lifecycle()),
        iam_instance_profile: i.iam_instance_profile().map(|p| r::IamInstanceProfileRef {
            arn: req(p.arn()),
            id: s(p.id()),
        }),
        monitoring: i.monitoring().map(|m| r::NamedStateLike {
            state: e(m.state()),
        }),
        metadata_options: i.metadata_options().map(|m| r::MetadataOptions {
            http_tokens: e(m.http_tokens()),
            http_put_response_hop_limit: int(m.http_put_response_hop_limit()),
            http_endpoint: e(m.http_endpoint()),
            http_protocol_ipv6: e(m.http_protocol_ipv6()),
            instance_metadata_tags: e(m.instance_metadata_tags()),
        }),
        security_groups: i.security_groups().iter().map(group).collect(),
        network_interfaces: i
            .network_interfaces()
            .iter()
            .map(|n| r::InstanceNetworkInterface {
                network_interface_id: req(n.network_interface_id()),
            })
            .collect(),
        block_device_mappings: i
            .block_device_mappings()
            .iter()
            .map(|b| r::BlockDeviceMapping {
                device_name: s(b.device_name()),
                ebs: b.ebs().map(|x| r::EbsInstanceBlockDevice {
                    volume_id: req(x.volume_id()),
                    delete_on_termination: x.delete_on_termination(),
                }),
            })
            .collect(),
        tags: tags(i.tags()),
    }
}

async fn security_groups(c: &ec2::Client) -> Result<Vec<r::SecurityGroup>, ApiError> {
    let pages = c
        .describe_security_groups()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|err| ApiError::new("ec2:DescribeSecurityGroups", err))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.security_groups())
        .map(|g| r::SecurityGroup {
            group_id: req(g.group_id()),
            group_name: s(g.group_name()),
            description: s(g.description()),
            vpc_id: s(g.vpc_id()),
            owner_id: s(g.owner_id()),
            ip_permissions: g.ip_permissions().iter().map(permission).collect(),
            ip_permissions_egress: g.ip_permissions_egress().iter().map(permission).collect(),
        })
        .collect())
}

fn permission(p: &t::IpPermission) -> r::IpPermission {
    r::IpPermission {
        ip_protocol: s(p.ip_protocol()),
        from_port: int(p.from_port()),
        to_port: int(p.to_port()),
        ip_ranges: p
            .ip_ranges()
            .iter()
            .map(|x| r::IpRange {
                cidr_ip: req(x.cidr_ip()),
                description: s(x.description()),
            })
            .collect(),
        ipv6_ranges: p
            .ipv6_ranges()
            .iter()
            .map(|x| r::Ipv6Range {
                cidr_ipv6: req(x.cidr_ipv6()),
                description: s(x.description()),
            })
            .collect(),
        user_id_group_pairs: p
            .user_id_group_pairs()
            .iter()
            .map(|x| r::UserIdGroupPair {
                group_id: s(x.group_id()),
                user_id: s(x.user_id()),
            })
            .collect(),
    }
}

async fn vpcs(c: &ec2::Client) -> Result<Vec<r::Vpc>, ApiError> {
    let pages = c
        .describe_vpcs()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|err| ApiError::new("ec2:DescribeVpcs", err))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.vpcs())
        .map(|v| r::Vpc {
            vpc_id: req(v.vpc_id()),
            cidr_block: s(v.cidr_block()),
            instance_tenancy: e(v.instance_tenancy()),
            state: e(v.state()),
            is_default: v.is_default(),
            dhcp_options_id: s(v.dhcp_options_id()),
            cidr_block_association_set: v
                .cidr_block_association_set()
                .iter()
                .map(|a| r::CidrBlockAssociation {
                    association_id: req(a.association_id()),
                    cidr_block: req(a.cidr_block()),
                    cidr_block_state: a.cidr_block_state().map(|st| r::CidrBlockState {
                        state: e(st.state()),
                        status_message: s(st.status_message()),
                    }),
                })
                .collect(),
            ipv6_cidr_block_association_set: v
                .ipv6_cidr_block_association_set()
                .iter()
                .map(|a| r::Ipv6CidrBlockAssociation {
                    association_id: req(a.association_id()),
                    ipv6_cidr_block: req(a.ipv6_cidr_block()),
                    ipv6_cidr_block_state: a.ipv6_cidr_block_state().map(|st| r::CidrBlockState {
                        state: e(st.state()),
                        status_message: s(st.status_message()),
                    }),
                })
                .collect(),
        })
        .collect())
}

async fn subnets(c: &ec2::Client) -> Result<Vec<r::Subnet>, ApiError> {
    let pages = c
        .describe_subnets()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|err| ApiError::new("ec2:DescribeSubnets", err))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.subnets())
        .map(|x| r::Subnet {
            subnet_id: req(x.subnet_id()),
            subnet_arn: s(x.subnet_arn()),
            vpc_id: s(x.vpc_id()),
            cidr_block: s(x.cidr_block()),
            available_ip_address_count: int(x.available_ip_address_count()),
            default_for_az: x.default_for_az(),
            map_customer_owned_ip_on_launch: x.map_customer_owned_ip_on_launch(),
            map_public_ip_on_launch: x.map_public_ip_on_launch(),
            assign_ipv6_address_on_creation: x.assign_ipv6_address_on_creation(),
            state: e(x.state()),
            availability_zone: s(x.availability_zone()),
            availability_zone_id: s(x.availability_zone_id()),
        })
        .collect())
}

fn association(
    public_ip: Option<&str>,
    ip_owner_id: Option<&str>,
) -> Option<r::NetworkInterfaceAssociation> {
    public_ip.map(|ip| r::NetworkInterfaceAssociation {
        public_ip: Some(ip.to_string()),
        ip_owner_id: s(ip_owner_id),
    })
}

async fn network_interfaces(c: &ec2::Client) -> Result<Vec<r::NetworkInterface>, ApiError> {
    let pages = c
        .describe_network_interfaces()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|err| ApiError::new("ec2:DescribeNetworkInterfaces", err))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.network_interfaces())
        .map(|n| r::NetworkInterface {
            network_interface_id: req(n.network_interface_id()),
            description: s(n.description()),
            interface_type: e(n.interface_type()),
            mac_address: s(n.mac_address()),
            private_dns_name: s(n.private_dns_name()),
            private_ip_address: s(n.private_ip_address()),
            requester_id: s(n.requester_id()),
            requester_managed: n.requester_managed(),
            source_dest_check: n.source_dest_check(),
            status: e(n.status()),
            subnet_id: s(n.subnet_id()),
            vpc_id: s(n.vpc_id()),
            owner_id: s(n.owner_id()),
            association: n
                .association()
                .and_then(|a| association(a.public_ip(), a.ip_owner_id())),
            attachment: n.attachment().map(|a| r::NetworkInterfaceAttachment {
                instance_id: s(a.instance_id()),
                attach_time: date(a.attach_time()),
                device_index: int(a.device_index()),
            }),
            groups: n.groups().iter().map(group).collect(),
            private_ip_addresses: n
                .private_ip_addresses()
                .iter()
                .map(|p| r::PrivateIpAddress {
                    private_ip_address: req(p.private_ip_address()),
                    primary: p.primary(),
                    association: p
                        .association()
                        .and_then(|a| association(a.public_ip(), a.ip_owner_id())),
                })
                .collect(),
        })
        .collect())
}

async fn key_pairs(c: &ec2::Client) -> Result<Vec<r::KeyPair>, ApiError> {
    // DescribeKeyPairs has no pagination: one call returns every key pair.
    let out = c
        .describe_key_pairs()
        .send()
        .await
        .map_err(|err| ApiError::new("ec2:DescribeKeyPairs", err))?;
    Ok(out
        .key_pairs()
        .iter()
        .map(|k| r::KeyPair {
            key_name: req(k.key_name()),
            key_pair_id: s(k.key_pair_id()),
            key_fingerprint: s(k.key_fingerprint()),
        })
        .collect())
}

async fn volumes(c: &ec2::Client) -> Result<Vec<r::Volume>, ApiError> {
    let pages = c
        .describe_volumes()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|err| ApiError::new("ec2:DescribeVolumes", err))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.volumes())
        .map(|v| r::Volume {
            volume_id: req(v.volume_id()),
            availability_zone: s(v.availability_zone()),
            create_time: date(v.create_time()),
            encrypted: v.encrypted(),
            size: int(v.size()),
            state: e(v.state()),
            snapshot_id: s(v.snapshot_id()).filter(|x| !x.is_empty()),
            iops: int(v.iops()),
            volume_type: e(v.volume_type()),
            kms_key_id: s(v.kms_key_id()),
            multi_attach_enabled: v.multi_attach_enabled(),
            attachments: v
                .attachments()
                .iter()
                .map(|a| r::VolumeAttachment {
                    instance_id: req(a.instance_id()),
                    delete_on_termination: a.delete_on_termination(),
                })
                .collect(),
        })
        .collect())
}

/// The account's own snapshots, each with whether its `createVolumePermission` includes the
/// group `all` (anyone may create a volume from it).
async fn snapshots(c: &ec2::Client, limit: &Limit) -> Result<Vec<r::Snapshot>, ApiError> {
    let list = c
        .describe_snapshots()
        .owner_ids("self")
        .into_paginator()
        .send()
        .try_collect();
    let pages = limit
        .run(list)
        .await
        .map_err(|err| ApiError::new("ec2:DescribeSnapshots", err))?;
    let snapshots = own_snapshots(&pages);
    let public = snapshots.into_iter().map(|mut snap| async move {
        let id = snap.snapshot_id.clone();
        let asked = c
            .describe_snapshot_attribute()
            .snapshot_id(&id)
            .attribute(t::SnapshotAttributeName::CreateVolumePermission)
            .send();
        snap.public = match limit.run(asked).await {
            Ok(out) => Some(
                out.create_volume_permissions()
                    .iter()
                    .any(|p| p.group() == Some(&t::PermissionGroup::All)),
            ),
            Err(err) => {
                let err = ApiError::new("ec2:DescribeSnapshotAttribute", err);
                if !(err.is_access_denied() || err.is_not_configured()) {
                    return Err(err);
                }
                // As Cartography does: unknown, not a failure of the whole region.
                tracing::warn!(snapshot = id, error = %err, "cannot read who may use the snapshot");
                None
            }
        };
        Ok(snap)
    });
    futures_util::future::try_join_all(public).await
}

fn own_snapshots(
    pages: &[ec2::operation::describe_snapshots::DescribeSnapshotsOutput],
) -> Vec<r::Snapshot> {
    pages
        .iter()
        .flat_map(|p| p.snapshots())
        .map(|x| r::Snapshot {
            snapshot_id: req(x.snapshot_id()),
            description: s(x.description()),
            owner_id: s(x.owner_id()),
            encrypted: x.encrypted(),
            progress: s(x.progress()),
            start_time: date(x.start_time()),
            state: e(x.state()),
            volume_id: s(x.volume_id()),
            volume_size: int(x.volume_size()),
            kms_key_id: s(x.kms_key_id()),
            public: None,
        })
        .collect()
}

async fn images(c: &ec2::Client) -> Result<Vec<r::Image>, ApiError> {
    let pages = c
        .describe_images()
        .owners("self")
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|err| ApiError::new("ec2:DescribeImages", err))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.images())
        .map(|i| r::Image {
            image_id: req(i.image_id()),
            name: s(i.name()),
            creation_date: s(i.creation_date()),
            architecture: e(i.architecture()),
            image_location: s(i.image_location()),
            image_type: e(i.image_type()),
            public: i.public(),
            platform: e(i.platform()),
            platform_details: s(i.platform_details()),
            state: e(i.state()),
            description: s(i.description()),
            owner_id: s(i.owner_id()),
            image_owner_alias: s(i.image_owner_alias()),
            root_device_type: e(i.root_device_type()),
            root_device_name: s(i.root_device_name()),
            boot_mode: e(i.boot_mode()),
            virtualization_type: e(i.virtualization_type()),
        })
        .collect())
}

async fn internet_gateways(c: &ec2::Client) -> Result<Vec<r::InternetGateway>, ApiError> {
    let pages = c
        .describe_internet_gateways()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|err| ApiError::new("ec2:DescribeInternetGateways", err))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.internet_gateways())
        .map(|g| r::InternetGateway {
            internet_gateway_id: req(g.internet_gateway_id()),
            owner_id: s(g.owner_id()),
            attachments: g
                .attachments()
                .iter()
                .map(|a| r::GatewayAttachment {
                    vpc_id: req(a.vpc_id()),
                    state: e(a.state()),
                })
                .collect(),
        })
        .collect())
}

async fn route_tables(c: &ec2::Client) -> Result<Vec<r::RouteTable>, ApiError> {
    let pages = c
        .describe_route_tables()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|err| ApiError::new("ec2:DescribeRouteTables", err))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.route_tables())
        .map(|rt| r::RouteTable {
            route_table_id: req(rt.route_table_id()),
            vpc_id: s(rt.vpc_id()),
            owner_id: s(rt.owner_id()),
            associations: rt
                .associations()
                .iter()
                .map(|a| r::RouteTableAssociation {
                    route_table_association_id: req(a.route_table_association_id()),
                    main: a.main(),
                    subnet_id: s(a.subnet_id()),
                    gateway_id: s(a.gateway_id()),
                    association_state: a.association_state().map(|st| r::AssociationState {
                        state: e(st.state()),
                        message: s(st.status_message()),
                    }),
                })
                .collect(),
            routes: rt.routes().iter().map(route).collect(),
        })
        .collect())
}

fn route(x: &t::Route) -> r::Route {
    r::Route {
        destination_cidr_block: s(x.destination_cidr_block()),
        destination_ipv6_cidr_block: s(x.destination_ipv6_cidr_block()),
        destination_prefix_list_id: s(x.destination_prefix_list_id()),
        gateway_id: s(x.gateway_id()),
        instance_id: s(x.instance_id()),
        instance_owner_id: s(x.instance_owner_id()),
        nat_gateway_id: s(x.nat_gateway_id()),
        transit_gateway_id: s(x.transit_gateway_id()),
        local_gateway_id: s(x.local_gateway_id()),
        carrier_gateway_id: s(x.carrier_gateway_id()),
        network_interface_id: s(x.network_interface_id()),
        vpc_peering_connection_id: s(x.vpc_peering_connection_id()),
        egress_only_internet_gateway_id: s(x.egress_only_internet_gateway_id()),
        core_network_arn: s(x.core_network_arn()),
        origin: e(x.origin()),
        state: e(x.state()),
    }
}

async fn network_acls(c: &ec2::Client) -> Result<Vec<r::NetworkAcl>, ApiError> {
    let pages = c
        .describe_network_acls()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|err| ApiError::new("ec2:DescribeNetworkAcls", err))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.network_acls())
        .map(|acl| r::NetworkAcl {
            network_acl_id: req(acl.network_acl_id()),
            vpc_id: s(acl.vpc_id()),
            owner_id: s(acl.owner_id()),
            is_default: acl.is_default(),
            associations: acl
                .associations()
                .iter()
                .map(|a| r::NetworkAclAssociation {
                    network_acl_association_id: req(a.network_acl_association_id()),
                    subnet_id: req(a.subnet_id()),
                })
                .collect(),
            entries: acl
                .entries()
                .iter()
                .map(|x| r::NetworkAclEntry {
                    rule_number: int(x.rule_number()).unwrap_or_default(),
                    protocol: s(x.protocol()),
                    rule_action: e(x.rule_action()),
                    egress: x.egress().unwrap_or(false),
                    cidr_block: s(x.cidr_block()),
                    ipv6_cidr_block: s(x.ipv6_cidr_block()),
                    port_range: x.port_range().map(|p| r::PortRange {
                        from: int(p.from()),
                        to: int(p.to()),
                    }),
                })
                .collect(),
        })
        .collect())
}

async fn vpc_endpoints(c: &ec2::Client) -> Result<Vec<r::VpcEndpoint>, ApiError> {
    let pages = c
        .describe_vpc_endpoints()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|err| ApiError::new("ec2:DescribeVpcEndpoints", err))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.vpc_endpoints())
        .map(|x| r::VpcEndpoint {
            vpc_endpoint_id: req(x.vpc_endpoint_id()),
            vpc_id: s(x.vpc_id()),
            service_name: s(x.service_name()),
            service_region: s(x.service_region()),
            vpc_endpoint_type: e(x.vpc_endpoint_type()),
            state: e(x.state()),
            policy_document: s(x.policy_document()),
            route_table_ids: x.route_table_ids().to_vec(),
            subnet_ids: x.subnet_ids().to_vec(),
            network_interface_ids: x.network_interface_ids().to_vec(),
            groups: x
                .groups()
                .iter()
                .map(|g| r::GroupIdentifier {
                    group_id: req(g.group_id()),
                    group_name: s(g.group_name()),
                })
                .collect(),
            dns_entries: x
                .dns_entries()
                .iter()
                .map(|d| r::DnsEntry {
                    dns_name: s(d.dns_name()),
                    hosted_zone_id: s(d.hosted_zone_id()),
                })
                .collect(),
            private_dns_enabled: x.private_dns_enabled(),
            requester_managed: x.requester_managed(),
            ip_address_type: e(x.ip_address_type()),
            owner_id: s(x.owner_id()),
            creation_timestamp: date(x.creation_timestamp()),
        })
        .collect())
}

fn peering_vpc(v: Option<&t::VpcPeeringConnectionVpcInfo>) -> r::PeeringVpcInfo {
    r::PeeringVpcInfo {
        vpc_id: req(v.and_then(|v| v.vpc_id())),
        owner_id: s(v.and_then(|v| v.owner_id())),
        region: s(v.and_then(|v| v.region())),
        cidr_block: s(v.and_then(|v| v.cidr_block())),
        peering_options: v
            .and_then(|v| v.peering_options())
            .map(|o| r::PeeringOptions {
                allow_dns_resolution_from_remote_vpc: o.allow_dns_resolution_from_remote_vpc(),
                allow_egress_from_local_classic_link_to_remote_vpc: o
                    .allow_egress_from_local_classic_link_to_remote_vpc(),
                allow_egress_from_local_vpc_to_remote_classic_link: o
                    .allow_egress_from_local_vpc_to_remote_classic_link(),
            }),
    }
}

async fn peerings(c: &ec2::Client) -> Result<Vec<r::VpcPeeringConnection>, ApiError> {
    let pages = c
        .describe_vpc_peering_connections()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|err| ApiError::new("ec2:DescribeVpcPeeringConnections", err))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.vpc_peering_connections())
        .map(|x| r::VpcPeeringConnection {
            vpc_peering_connection_id: req(x.vpc_peering_connection_id()),
            accepter_vpc_info: peering_vpc(x.accepter_vpc_info()),
            requester_vpc_info: peering_vpc(x.requester_vpc_info()),
            status: x.status().map(|st| r::PeeringStatus {
                code: e(st.code()),
                message: s(st.message()),
            }),
        })
        .collect())
}

async fn addresses(c: &ec2::Client) -> Result<Vec<r::Address>, ApiError> {
    // DescribeAddresses has no pagination.
    let out = c
        .describe_addresses()
        .send()
        .await
        .map_err(|err| ApiError::new("ec2:DescribeAddresses", err))?;
    Ok(out
        .addresses()
        .iter()
        .map(|a| r::Address {
            public_ip: req(a.public_ip()),
            allocation_id: s(a.allocation_id()),
            association_id: s(a.association_id()),
            domain: e(a.domain()),
            instance_id: s(a.instance_id()).filter(|x| !x.is_empty()),
            network_interface_id: s(a.network_interface_id()),
            network_interface_owner_id: s(a.network_interface_owner_id()),
            private_ip_address: s(a.private_ip_address()),
            public_ipv4_pool: s(a.public_ipv4_pool()),
            network_border_group: s(a.network_border_group()),
        })
        .collect())
}

/// Launch templates, each with its versions (read one template after the other).
async fn launch_templates(c: &ec2::Client) -> Result<Vec<r::LaunchTemplate>, ApiError> {
    let pages = c
        .describe_launch_templates()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|err| ApiError::new("ec2:DescribeLaunchTemplates", err))?;
    let mut templates = Vec::new();
    for x in pages.iter().flat_map(|p| p.launch_templates()) {
        let id = req(x.launch_template_id());
        let Some(versions) = launch_template_versions(c, &id).await? else {
            continue;
        };
        templates.push(r::LaunchTemplate {
            launch_template_id: id,
            launch_template_name: s(x.launch_template_name()),
            create_time: date(x.create_time()),
            created_by: s(x.created_by()),
            default_version_number: x.default_version_number(),
            latest_version_number: x.latest_version_number(),
            versions,
        });
    }
    Ok(templates)
}

/// The versions of one template; `None` when it was deleted since it was listed (as
/// Cartography does, the template is then left out).
async fn launch_template_versions(
    c: &ec2::Client,
    id: &str,
) -> Result<Option<Vec<r::LaunchTemplateVersion>>, ApiError> {
    let pages = c
        .describe_launch_template_versions()
        .launch_template_id(id)
        .into_paginator()
        .send()
        .try_collect()
        .await;
    let pages = match pages {
        Ok(pages) => pages,
        Err(err) => {
            let err = ApiError::new("ec2:DescribeLaunchTemplateVersions", err);
            if err.code.as_deref() == Some("InvalidLaunchTemplateId.NotFound") {
                tracing::warn!(launch_template = id, "the launch template no longer exists");
                return Ok(None);
            }
            return Err(err);
        }
    };
    Ok(Some(
        pages
            .iter()
            .flat_map(|p| p.launch_template_versions())
            .map(launch_template_version)
            .collect(),
    ))
}

fn launch_template_version(v: &t::LaunchTemplateVersion) -> r::LaunchTemplateVersion {
    let d = v.launch_template_data();
    r::LaunchTemplateVersion {
        launch_template_id: req(v.launch_template_id()),
        launch_template_name: s(v.launch_template_name()),
        version_number: v.version_number().unwrap_or_default(),
        version_description: s(v.version_description()),
        create_time: date(v.create_time()),
        created_by: s(v.created_by()),
        default_version: v.default_version(),
        launch_template_data: r::LaunchTemplateData {
            kernel_id: s(d.and_then(|d| d.kernel_id())),
            ebs_optimized: d.and_then(|d| d.ebs_optimized()),
            iam_instance_profile: d.and_then(|d| d.iam_instance_profile()).map(|p| {
                r::LaunchTemplateProfile {
                    arn: s(p.arn()),
                    name: s(p.name()),
                }
            }),
            image_id: s(d.and_then(|d| d.image_id())),
            instance_type: e(d.and_then(|d| d.instance_type())),
            key_name: s(d.and_then(|d| d.key_name())),
            monitoring: d
                .and_then(|d| d.monitoring())
                .map(|m| r::LaunchTemplateMonitoring {
                    enabled: m.enabled(),
                }),
            ram_disk_id: s(d.and_then(|d| d.ram_disk_id())),
            disable_api_termination: d.and_then(|d| d.disable_api_termination()),
            instance_initiated_shutdown_behavior: e(
                d.and_then(|d| d.instance_initiated_shutdown_behavior())
            ),
            security_group_ids: d
                .map(|d| d.security_group_ids().to_vec())
                .unwrap_or_default(),
            security_groups: d.map(|d| d.security_groups().to_vec()).unwrap_or_default(),
        },
    }
}

async fn auto_scaling_groups(c: &asg::Client) -> Result<Vec<r::AutoScalingGroup>, ApiError> {
    let pages = c
        .describe_auto_scaling_groups()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|err| ApiError::new("autoscaling:DescribeAutoScalingGroups", err))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.auto_scaling_groups())
        .map(|g| r::AutoScalingGroup {
            auto_scaling_group_arn: req(g.auto_scaling_group_arn()),
            auto_scaling_group_name: s(g.auto_scaling_group_name()),
            created_time: date(g.created_time()),
            default_cooldown: int(g.default_cooldown()),
            desired_capacity: int(g.desired_capacity()),
            health_check_type: s(g.health_check_type()),
            health_check_grace_period: int(g.health_check_grace_period()),
            min_size: int(g.min_size()),
            max_size: int(g.max_size()),
            launch_configuration_name: s(g.launch_configuration_name()),
            launch_template: g.launch_template().map(|lt| r::LaunchTemplateSpec {
                launch_template_id: s(lt.launch_template_id()),
                launch_template_name: s(lt.launch_template_name()),
                version: s(lt.version()),
            }),
            vpc_zone_identifier: s(g.vpc_zone_identifier()).filter(|x| !x.is_empty()),
            status: s(g.status()),
            capacity_rebalance: g.capacity_rebalance(),
            new_instances_protected_from_scale_in: g.new_instances_protected_from_scale_in(),
            instances: g
                .instances()
                .iter()
                .map(|i| r::AsgInstance {
                    instance_id: req(i.instance_id()),
                })
                .collect(),
        })
        .collect())
}

/// The regions enabled for the account (`ec2:DescribeRegions`).
pub async fn regions(client: &ec2::Client) -> Result<Vec<String>, ApiError> {
    let out = client
        .describe_regions()
        .send()
        .await
        .map_err(|err| ApiError::new("ec2:DescribeRegions", err))?;
    let mut names: Vec<String> = out
        .regions()
        .iter()
        .filter_map(|x| x.region_name().map(str::to_string))
        .collect();
    names.sort();
    Ok(names)
}
