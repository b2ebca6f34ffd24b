//! Route53 (`route53`, global): hosted zones with their record sets and name servers.
//! Records point (`DNS_POINTS_TO`) at what they resolve to: load balancers (alias records),
//! instances (by public DNS name), Elastic IPs and IP nodes (A/AAAA), other records and the
//! zone's name servers (NS). A zone delegating a name to another zone of the account is its
//! `SUBZONE`.

#[cfg(feature = "route53")]
pub mod fetch;
mod transform;

use cartograph_sync::{
    CleanupMode, Direction, ExtraLabel, Matcher, NodeSchema, Property, RelSchema, Row, Source,
};
use serde::{Deserialize, Serialize};

use super::{Records, Service, decode};
use crate::schemas::ACCOUNT_RESOURCE;

pub const SERVICE: Service = Service {
    key: "route53",
    feature: "route53",
    regional: false,
    after: &["ec2", "ec2:load_balancer", "ec2:load_balancer_v2"],
    schemas: &[&ZONE, &NAME_SERVER, &RECORD, &SUBZONES],
    links: &[],
    decode: decode::<Route53Records>,
    demo: include_str!("../../../data/demo/services/route53.json"),
    #[cfg(feature = "route53")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "route53")))]
    fetch: None,
};

/// `ListHostedZones` of the account, each zone with its `ListResourceRecordSets`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Route53Records {
    pub hosted_zones: Vec<HostedZone>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct HostedZone {
    pub id: String,
    pub name: String,
    pub config: ZoneConfig,
    pub resource_record_sets: Vec<RecordSet>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ZoneConfig {
    pub comment: Option<String>,
    pub private_zone: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RecordSet {
    pub name: String,
    pub r#type: String,
    pub resource_records: Vec<ResourceRecord>,
    pub alias_target: Option<AliasTarget>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ResourceRecord {
    pub value: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AliasTarget {
    #[serde(rename = "DNSName")]
    pub dns_name: String,
}

const ZONE_ID: &[Matcher] = &[Matcher::field("zoneid", "zoneid")];

pub const ZONE: NodeSchema = NodeSchema {
    label: "AWSDNSZone",
    id: Source::Field("zoneid"),
    extra_labels: &[ExtraLabel::always("DNSZone")],
    properties: &[
        Property::field("zoneid", "zoneid"),
        Property::indexed("name", "name"),
        Property::field("comment", "comment"),
        Property::field("privatezone", "privatezone"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[],
    cleanup: CleanupMode::Scoped,
};

pub const NAME_SERVER: NodeSchema = NodeSchema {
    label: "AWSNameServer",
    id: Source::Field("id"),
    extra_labels: &[ExtraLabel::always("NameServer")],
    properties: &[
        Property::indexed("name", "id"),
        Property::field("zoneid", "zoneid"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[RelSchema::new(
        "NAMESERVER",
        Direction::Inward,
        "AWSDNSZone",
        ZONE_ID,
    )],
    cleanup: CleanupMode::Scoped,
};

const fn points_to(target_label: &'static str, matchers: &'static [Matcher]) -> RelSchema {
    RelSchema::new("DNS_POINTS_TO", Direction::Outward, target_label, matchers)
}

/// Keyed `zone id/name/type` as Cartography does (`ALIAS`, `ALIAS_AAAA` and
/// `WEIGHTED_CNAME` for alias records). `value` is the normalised target: addresses joined
/// by commas, or the target host name lowercased without the root dot (and without the
/// `dualstack.` Route53 puts before load balancer names).
pub const RECORD: NodeSchema = NodeSchema {
    label: "AWSDNSRecord",
    id: Source::Field("id"),
    extra_labels: &[ExtraLabel::always("DNSRecord")],
    properties: &[
        Property::field("name", "name"),
        Property::field("type", "type"),
        Property::field("value", "value"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[
        points_to("AWSNameServer", &[Matcher::list("id", "servers")]),
        points_to(
            "AWSEC2Instance",
            &[Matcher::field("publicdnsname", "value")],
        ),
        points_to("AWSLoadBalancer", &[Matcher::field("dnsname", "value")]),
        points_to("AWSLoadBalancerV2", &[Matcher::field("dnsname", "value")]),
        points_to("AWSESDomain", &[Matcher::field("endpoint", "value")]),
        points_to("AWSDNSRecord", &[Matcher::field("name", "value")]),
        RelSchema::new(
            "MEMBER_OF_DNS_ZONE",
            Direction::Outward,
            "AWSDNSZone",
            ZONE_ID,
        ),
        points_to("Ip", &[Matcher::list("id", "ip_addresses")]),
        points_to(
            "AWSElasticIPAddress",
            &[Matcher::field("public_ip", "value")],
        ),
    ],
    cleanup: CleanupMode::Scoped,
};

/// `SUBZONE`s, written once every zone of the account exists: a zone links to the zones
/// it delegates a name to (an NS record named after the other zone, whose servers are
/// that zone's).
pub const SUBZONES: NodeSchema = NodeSchema {
    label: "AWSDNSZone",
    id: Source::Field("zoneid"),
    extra_labels: &[],
    properties: &[],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[RelSchema::new(
        "SUBZONE",
        Direction::Outward,
        "AWSDNSZone",
        &[Matcher::list("zoneid", "subzone_ids")],
    )],
    cleanup: CleanupMode::Scoped,
};

impl Records for Route53Records {
    fn count(&self) -> u64 {
        self.hosted_zones.len() as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        transform::rows(&self.hosted_zones)
    }
}
