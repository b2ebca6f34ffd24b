//! Route53 records to rows, with Cartography's ids and value normalisation.

use std::collections::BTreeSet;

use cartograph_graph::Value;
use cartograph_sync::{NodeSchema, Row};

use super::{HostedZone, NAME_SERVER, RECORD, RecordSet, SUBZONES, ZONE};
use crate::transform::{opt, row, strings};

/// Where load balancers live: Route53 puts `dualstack.` before these names in alias
/// targets, the ELB APIs do not.
const ELB_SUFFIXES: [&str; 2] = [".elb.amazonaws.com", ".elb.amazonaws.com.cn"];

/// Rows in load order: zones, name servers, then records (A, AAAA, alias, CNAME, NS, so
/// that a CNAME finds the record it names), then the `SUBZONE` links.
pub(super) fn rows(zones: &[HostedZone]) -> Vec<(&'static NodeSchema, Vec<Row>)> {
    let mut records: [Vec<Row>; 5] = Default::default();
    for z in zones {
        for rs in &z.resource_record_sets {
            if let Some((kind, r)) = record(&z.id, rs) {
                records[kind as usize].push(r);
            }
        }
    }
    let mut out = vec![
        (&ZONE, zones.iter().map(zone).collect()),
        (&NAME_SERVER, zones.iter().flat_map(name_servers).collect()),
    ];
    out.extend(records.into_iter().map(|rows| (&RECORD, rows)));
    out.push((&SUBZONES, subzones(zones)));
    out
}

/// The load order of a record.
#[derive(Clone, Copy)]
enum Kind {
    A,
    Aaaa,
    Alias,
    Cname,
    Ns,
}

fn zone(z: &HostedZone) -> Row {
    row([
        ("zoneid", Value::from(z.id.as_str())),
        ("name", Value::from(strip_dot(&z.name))),
        ("comment", opt(&z.config.comment)),
        ("privatezone", Value::Bool(z.config.private_zone)),
    ])
}

fn strip_dot(name: &str) -> &str {
    name.strip_suffix('.').unwrap_or(name)
}

/// A host name as Route53 and the ELB and EC2 APIs compare it: lowercase, no root dot.
fn host(value: &str) -> String {
    strip_dot(value).to_lowercase()
}

/// An alias target; `dualstack.` is dropped only before a load balancer's name, where it is
/// Route53's addition (elsewhere it is part of a different host name).
fn alias_host(value: &str) -> String {
    let h = host(value);
    match h.strip_prefix("dualstack.") {
        Some(rest) if ELB_SUFFIXES.iter().any(|s| rest.ends_with(s)) => rest.to_string(),
        _ => h,
    }
}

/// The servers of an NS record set, without their root dots.
fn servers(rs: &RecordSet) -> impl Iterator<Item = &str> {
    rs.resource_records
        .iter()
        .map(|r| r.value.trim_end_matches('.'))
}

/// Every server the zone's NS record sets name (Cartography's name servers of the zone).
fn zone_servers(z: &HostedZone) -> BTreeSet<&str> {
    z.resource_record_sets
        .iter()
        .filter(|rs| rs.r#type == "NS")
        .flat_map(servers)
        .collect()
}

fn name_servers(z: &HostedZone) -> Vec<Row> {
    zone_servers(z)
        .into_iter()
        .map(|s| {
            row([
                ("id", Value::from(s)),
                ("zoneid", Value::from(z.id.as_str())),
            ])
        })
        .collect()
}

fn record(zone_id: &str, rs: &RecordSet) -> Option<(Kind, Row)> {
    let name = strip_dot(&rs.name);
    let id = |suffix: &str| Value::from(format!("{zone_id}/{name}/{suffix}"));
    let base = |kind: &str, id: Value, value: Value, ips: Value| {
        row([
            ("id", id),
            ("name", Value::from(name)),
            ("type", Value::from(kind)),
            ("zoneid", Value::from(zone_id)),
            ("value", value),
            ("ip_addresses", ips),
            ("servers", Value::Null),
        ])
    };
    let alias = rs.alias_target.as_ref().map(|a| alias_host(&a.dns_name));
    let ips: Vec<&str> = rs
        .resource_records
        .iter()
        .map(|r| r.value.as_str())
        .collect();
    let addresses = || (Value::from(ips.join(",")), strings(ips.iter().copied()));
    let out = match (rs.r#type.as_str(), alias) {
        ("CNAME", Some(target)) => (
            Kind::Cname,
            base(
                "CNAME",
                id("WEIGHTED_CNAME"),
                Value::from(target),
                Value::Null,
            ),
        ),
        ("CNAME", None) => {
            let target = host(ips.first()?);
            (
                Kind::Cname,
                base("CNAME", id("CNAME"), Value::from(target), Value::Null),
            )
        }
        ("A", Some(target)) => (
            Kind::Alias,
            base("ALIAS", id("ALIAS"), Value::from(target), Value::Null),
        ),
        ("AAAA", Some(target)) => (
            Kind::Alias,
            base("ALIAS", id("ALIAS_AAAA"), Value::from(target), Value::Null),
        ),
        ("A", None) => {
            let (value, list) = addresses();
            (Kind::A, base("A", id("A"), value, list))
        }
        ("AAAA", None) => {
            let (value, list) = addresses();
            (Kind::Aaaa, base("AAAA", id("AAAA"), value, list))
        }
        ("NS", _) if !rs.resource_records.is_empty() => {
            let mut r = base("NS", id("NS"), Value::Null, Value::Null);
            r.insert("name".into(), Value::from(rs.name.trim_end_matches('.')));
            r.insert("servers".into(), strings(servers(rs)));
            (Kind::Ns, r)
        }
        _ => return None,
    };
    Some(out)
}

/// Zone `z` delegates to zone `sub` of the same account when `z` has an NS record named
/// after `sub` (a name under `z`'s) that lists one of `sub`'s name servers.
fn subzones(zones: &[HostedZone]) -> Vec<Row> {
    zones
        .iter()
        .filter_map(|z| {
            let parent = strip_dot(&z.name);
            let subs: Vec<&str> = zones
                .iter()
                .filter(|sub| sub.id != z.id)
                .filter(|sub| {
                    let child = strip_dot(&sub.name);
                    let theirs = zone_servers(sub);
                    child.ends_with(&format!(".{parent}"))
                        && z.resource_record_sets.iter().any(|rs| {
                            rs.r#type == "NS"
                                && strip_dot(&rs.name) == child
                                && servers(rs).any(|s| theirs.contains(s))
                        })
                })
                .map(|sub| sub.id.as_str())
                .collect();
            (!subs.is_empty()).then(|| {
                row([
                    ("zoneid", Value::from(z.id.as_str())),
                    ("subzone_ids", strings(subs)),
                ])
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::route53::Route53Records;

    fn zones() -> Vec<HostedZone> {
        let records: Route53Records = serde_json::from_value(serde_json::json!({
            "HostedZones": [
                {
                    "Id": "/hostedzone/Z1",
                    "Name": "example.com.",
                    "Config": {"PrivateZone": false},
                    "ResourceRecordSets": [
                        {"Name": "example.com.", "Type": "NS", "ResourceRecords": [{"Value": "ns-1.awsdns-1.com."}]},
                        {"Name": "example.com.", "Type": "SOA", "ResourceRecords": [{"Value": "x"}]},
                        {"Name": "shop.example.com.", "Type": "A", "AliasTarget": {"HostedZoneId": "Z35", "DNSName": "dualstack.Shop-1.us-east-1.elb.amazonaws.com."}},
                        {"Name": "v6.example.com.", "Type": "AAAA", "AliasTarget": {"DNSName": "dualstack.example.org."}},
                        {"Name": "ip.example.com.", "Type": "A", "ResourceRecords": [{"Value": "1.2.3.4"}, {"Value": "5.6.7.8"}]},
                        {"Name": "www.example.com.", "Type": "CNAME", "ResourceRecords": [{"Value": "EC2-1-2-3-4.compute-1.amazonaws.com."}]},
                        {"Name": "dev.example.com.", "Type": "NS", "ResourceRecords": [{"Value": "ns-9.awsdns-9.net"}]},
                        {"Name": "other.example.com.", "Type": "NS", "ResourceRecords": [{"Value": "ns-7.awsdns-7.net"}]}
                    ]
                },
                {
                    "Id": "/hostedzone/Z2",
                    "Name": "dev.example.com.",
                    "Config": {"PrivateZone": false},
                    "ResourceRecordSets": [
                        {"Name": "dev.example.com.", "Type": "NS", "ResourceRecords": [{"Value": "ns-9.awsdns-9.net."}]}
                    ]
                },
                {
                    "Id": "/hostedzone/Z3",
                    "Name": "other.example.com.",
                    "Config": {"PrivateZone": true},
                    "ResourceRecordSets": [
                        {"Name": "other.example.com.", "Type": "NS", "ResourceRecords": [{"Value": "ns-8.awsdns-8.net."}]}
                    ]
                }
            ]
        }))
        .unwrap();
        records.hosted_zones
    }

    fn by_id(rows: &[(&'static NodeSchema, Vec<Row>)], id: &str) -> Row {
        rows.iter()
            .filter(|(s, _)| s.label == "AWSDNSRecord")
            .flat_map(|(_, r)| r)
            .find(|r| r.get("id").and_then(Value::as_str) == Some(id))
            .cloned()
            .unwrap_or_else(|| panic!("no record {id}"))
    }

    #[test]
    fn records_have_cartographys_ids_and_values() {
        let rows = rows(&zones());
        let alias = by_id(&rows, "/hostedzone/Z1/shop.example.com/ALIAS");
        assert_eq!(
            alias.get("value").and_then(Value::as_str),
            Some("shop-1.us-east-1.elb.amazonaws.com")
        );
        let v6 = by_id(&rows, "/hostedzone/Z1/v6.example.com/ALIAS_AAAA");
        assert_eq!(
            v6.get("value").and_then(Value::as_str),
            Some("dualstack.example.org")
        );
        let a = by_id(&rows, "/hostedzone/Z1/ip.example.com/A");
        assert_eq!(
            a.get("value").and_then(Value::as_str),
            Some("1.2.3.4,5.6.7.8")
        );
        assert_eq!(
            format!("{:?}", a.get("ip_addresses")),
            format!("{:?}", Some(&strings(["1.2.3.4", "5.6.7.8"])))
        );
        let cname = by_id(&rows, "/hostedzone/Z1/www.example.com/CNAME");
        assert_eq!(
            cname.get("value").and_then(Value::as_str),
            Some("ec2-1-2-3-4.compute-1.amazonaws.com")
        );
        let ns = by_id(&rows, "/hostedzone/Z1/example.com/NS");
        assert_eq!(
            format!("{:?}", ns.get("servers")),
            format!("{:?}", Some(&strings(["ns-1.awsdns-1.com"])))
        );
        assert_eq!(
            rows.iter().map(|(_, r)| r.len()).sum::<usize>(),
            3 + 5 + 9 + 1
        );
    }

    #[test]
    fn a_zone_delegating_to_another_is_its_parent() {
        let rows = rows(&zones());
        let (schema, links) = rows.last().unwrap();
        assert_eq!(schema.label, "AWSDNSZone");
        assert_eq!(links.len(), 1);
        assert_eq!(
            links[0].get("zoneid").and_then(Value::as_str),
            Some("/hostedzone/Z1")
        );
        // `other` is delegated to servers that are not its own.
        assert_eq!(
            format!("{:?}", links[0].get("subzone_ids")),
            format!("{:?}", Some(&strings(["/hostedzone/Z2"])))
        );
    }
}
