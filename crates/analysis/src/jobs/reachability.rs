//! The stricter internet exposure cartograph adds beside Cartography's: for every instance
//! with `'direct'` exposure, `exposed_internet_reachable` says whether traffic from anywhere
//! can actually arrive, and `exposed_internet_reachable_ports` on which of the security
//! groups' open rules (`tcp/22`, `udp/500-4500`, `all`, ...). Both need:
//!
//! - a route to an internet gateway: the default route (`0.0.0.0/0`, or `::/0` for IPv6
//!   rules) of the subnet's route table (its explicit association, else the VPC's main
//!   table) targets an `AWSInternetGateway`. When routes did not sync (Cartography's
//!   `AWSEC2Route` nodes), an internet gateway attached to the VPC stands in for the route;
//!   when even the subnet is unknown, the route is assumed (the instance has a public IP).
//! - the subnet's network ACL letting the port in: inbound `AWSEC2NetworkAclRule`s in rule
//!   number order, the first rule from anywhere matching the protocol and port decides. A
//!   subnet without synced ACL rules counts as open, as AWS's default ACL is.
//!
//! ACLs are stateless: return traffic also needs an egress rule; that is not checked.

use std::collections::{BTreeMap, BTreeSet};

use cartograph_graph::{Counters, CypherError, GraphBackend, Params, Statement, Value};

use super::exposure::ANYWHERE;
use crate::graph::{int, params, run, string_list, text};

pub(crate) const NAME: &str = "aws_ec2_internet_reachability";

const OPEN_RULES: &str = "MATCH (a:AWSAccount)-[:RESOURCE]->(i:AWSEC2Instance)
WHERE a.id IN $ACCOUNTS AND 'direct' IN coalesce(i.exposed_internet_type, [])
MATCH (r:AWSIpRange)-[:MEMBER_OF_IP_RULE]->(rule:AWSIpPermissionInbound)-[:MEMBER_OF_EC2_SECURITY_GROUP]->(:AWSEC2SecurityGroup)<-[:MEMBER_OF_EC2_SECURITY_GROUP|NETWORK_INTERFACE*..2]-(i)
WHERE r.id IN $ANYWHERE
RETURN DISTINCT i.id, r.id, rule.protocol, rule.fromport, rule.toport";

const EXPOSED: &str = "MATCH (a:AWSAccount)-[:RESOURCE]->(i:AWSEC2Instance)
WHERE a.id IN $ACCOUNTS AND 'direct' IN coalesce(i.exposed_internet_type, [])
OPTIONAL MATCH (i)-[:PART_OF_SUBNET|NETWORK_INTERFACE*1..2]->(s:AWSEC2Subnet)
OPTIONAL MATCH (s)-[:MEMBER_OF_AWS_VPC]->(v:AWSVpc)
RETURN DISTINCT i.id, s.id, coalesce(v.id, s.vpc_id)";

const ACL_RULES: &str = "MATCH (acl:AWSEC2NetworkAcl)-[:PART_OF_SUBNET]->(s:AWSEC2Subnet)
WHERE s.id IN $SUBNETS
MATCH (rule:AWSEC2NetworkAclRule)-[:MEMBER_OF_NACL]->(acl)
WHERE coalesce(rule.egress, false) = false
RETURN s.id, rule.rulenumber, rule.protocol, rule.fromport, rule.toport, rule.cidrblock, rule.ipv6cidrblock, rule.ruleaction";

const ASSOCIATED_TABLES: &str = "MATCH (rt:AWSEC2RouteTable)-[:ASSOCIATION]->(:AWSEC2RouteTableAssociation)-[:ASSOCIATED_SUBNET]->(s:AWSEC2Subnet)
WHERE s.id IN $SUBNETS
RETURN s.id, rt.id";

const MAIN_TABLES: &str = "MATCH (rt:AWSEC2RouteTable)-[:MEMBER_OF_AWS_VPC]->(v:AWSVpc)
WHERE v.id IN $VPCS AND rt.main = true
RETURN v.id, rt.id";

const ROUTES: &str = "MATCH (rt:AWSEC2RouteTable)-[:ROUTE]->(r:AWSEC2Route)
WHERE rt.id IN $TABLES
OPTIONAL MATCH (r)-[:ROUTES_TO_GATEWAY]->(g:AWSInternetGateway)
RETURN rt.id, r.destination_cidr_block, r.destination_ipv6_cidr_block, g.id";

const ATTACHED_GATEWAYS: &str = "MATCH (:AWSInternetGateway)-[:ATTACHED_TO]->(v:AWSVpc)
WHERE v.id IN $VPCS
RETURN DISTINCT v.id";

const RESET: &str = "MATCH (a:AWSAccount)-[:RESOURCE]->(i:AWSEC2Instance)
WHERE a.id IN $ACCOUNTS AND (i.exposed_internet_reachable IS NOT NULL OR i.exposed_internet_reachable_ports IS NOT NULL)
REMOVE i.exposed_internet_reachable, i.exposed_internet_reachable_ports";

const WRITE: &str = "UNWIND $rows AS row
MATCH (i:AWSEC2Instance {id: row.id})
SET i.exposed_internet_reachable = row.reachable, i.exposed_internet_reachable_ports = row.ports";

/// Protocol numbers; `None` is "all traffic" (`-1`).
type Protocol = Option<u16>;

fn protocol(p: Option<&str>) -> Protocol {
    match p.map(str::to_ascii_lowercase).as_deref() {
        None | Some("-1" | "all") => None,
        Some("tcp") => Some(6),
        Some("udp") => Some(17),
        Some("icmp") => Some(1),
        Some("icmpv6") => Some(58),
        Some(other) => other.parse().ok().or(Some(u16::MAX)),
    }
}

fn has_ports(p: u16) -> bool {
    p == 6 || p == 17
}

/// A security group rule open to anywhere.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct OpenRule {
    ipv6: bool,
    protocol: Protocol,
    from: i64,
    to: i64,
}

impl OpenRule {
    fn label(&self) -> String {
        let name = match self.protocol {
            None => return "all".to_string(),
            Some(6) => "tcp".to_string(),
            Some(17) => "udp".to_string(),
            Some(1) => "icmp".to_string(),
            Some(58) => "icmpv6".to_string(),
            Some(n) => n.to_string(),
        };
        match self.protocol {
            Some(p) if has_ports(p) && self.from == self.to => format!("{name}/{}", self.from),
            Some(p) if has_ports(p) => format!("{name}/{}-{}", self.from, self.to),
            _ => name,
        }
    }
}

/// An inbound network ACL entry.
#[derive(Debug, Clone)]
struct AclRule {
    number: i64,
    protocol: Protocol,
    ports: Option<(i64, i64)>,
    ipv4_anywhere: bool,
    ipv6_anywhere: bool,
    allow: bool,
}

/// Whether the ACL lets traffic from anywhere in on some port of the rule.
fn acl_allows(acl: &[AclRule], open: &OpenRule) -> bool {
    let protocols: Vec<u16> = match open.protocol {
        None => vec![6, 17, 1, 58],
        Some(p) => vec![p],
    };
    let applicable: Vec<&AclRule> = acl
        .iter()
        .filter(|r| {
            if open.ipv6 {
                r.ipv6_anywhere
            } else {
                r.ipv4_anywhere
            }
        })
        .collect();
    protocols.into_iter().any(|proto| {
        let (from, to) = if open.protocol.is_none() || !has_ports(proto) {
            (0, 65535)
        } else {
            (open.from, open.to)
        };
        // The decision only changes at rule boundaries: test those inside the range.
        let mut ports: BTreeSet<i64> = [from, to].into();
        for r in &applicable {
            if let Some((a, b)) = r.ports {
                ports.extend(
                    [a - 1, a, b, b + 1]
                        .into_iter()
                        .filter(|p| (from..=to).contains(p)),
                );
            }
        }
        ports.into_iter().any(|port| {
            applicable
                .iter()
                .find(|r| {
                    r.protocol.is_none_or(|p| p == proto)
                        && (!has_ports(proto)
                            || r.protocol.is_none()
                            || r.ports.is_none_or(|(a, b)| (a..=b).contains(&port)))
                })
                .is_some_and(|r| r.allow)
        })
    })
}

/// Routing facts for one subnet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Route {
    ipv4: bool,
    ipv6: bool,
}

fn rows(
    backend: &dyn GraphBackend,
    query: &str,
    p: &Params,
    counters: &mut Counters,
) -> Result<Vec<Vec<Value>>, CypherError> {
    Ok(run(backend, query, p, counters)?.rows)
}

pub(crate) fn run_job(
    backend: &dyn GraphBackend,
    accounts: &[String],
) -> Result<(Counters, String), CypherError> {
    let mut counters = Counters::default();
    let anywhere = Value::List(ANYWHERE.iter().map(|s| Value::from(*s)).collect());
    let base = params([("ACCOUNTS", string_list(accounts)), ("ANYWHERE", anywhere)]);

    let mut open: BTreeMap<String, BTreeSet<OpenRule>> = BTreeMap::new();
    for r in rows(backend, OPEN_RULES, &base, &mut counters)? {
        let (Some(id), Some(range)) = (text(r.first()), text(r.get(1))) else {
            continue;
        };
        let proto = protocol(text(r.get(2)).as_deref());
        let (from, to) = match (int(r.get(3)), int(r.get(4))) {
            (Some(a), Some(b)) if a >= 0 && proto.is_some() => (a, b),
            _ => (0, 65535),
        };
        open.entry(id).or_default().insert(OpenRule {
            ipv6: range.contains(':'),
            protocol: proto,
            from,
            to,
        });
    }
    let mut subnets_of: BTreeMap<String, Vec<(String, Option<String>)>> = BTreeMap::new();
    for r in rows(backend, EXPOSED, &base, &mut counters)? {
        let Some(id) = text(r.first()) else { continue };
        let entry = subnets_of.entry(id).or_default();
        if let Some(subnet) = text(r.get(1)) {
            entry.push((subnet, text(r.get(2))));
        }
    }
    let subnets: BTreeSet<&String> = subnets_of.values().flatten().map(|(s, _)| s).collect();
    let vpcs: BTreeSet<&String> = subnets_of
        .values()
        .flatten()
        .filter_map(|(_, v)| v.as_ref())
        .collect();
    let scope = params([
        ("SUBNETS", string_list(subnets.iter().copied())),
        ("VPCS", string_list(vpcs.iter().copied())),
    ]);

    let mut acls: BTreeMap<String, Vec<AclRule>> = BTreeMap::new();
    for r in rows(backend, ACL_RULES, &scope, &mut counters)? {
        let Some(subnet) = text(r.first()) else {
            continue;
        };
        let ports = match (int(r.get(3)), int(r.get(4))) {
            (Some(a), Some(b)) => Some((a, b)),
            _ => None,
        };
        acls.entry(subnet).or_default().push(AclRule {
            number: int(r.get(1)).unwrap_or(i64::MAX),
            protocol: protocol(text(r.get(2)).as_deref()),
            ports,
            ipv4_anywhere: text(r.get(5)).as_deref() == Some("0.0.0.0/0"),
            ipv6_anywhere: text(r.get(6)).as_deref() == Some("::/0"),
            allow: text(r.get(7)).is_some_and(|a| a.eq_ignore_ascii_case("allow")),
        });
    }
    for rules in acls.values_mut() {
        rules.sort_by_key(|r| r.number);
    }

    let mut table_of_subnet: BTreeMap<String, String> = BTreeMap::new();
    for r in rows(backend, ASSOCIATED_TABLES, &scope, &mut counters)? {
        if let (Some(s), Some(t)) = (text(r.first()), text(r.get(1))) {
            table_of_subnet.insert(s, t);
        }
    }
    let mut main_table: BTreeMap<String, String> = BTreeMap::new();
    for r in rows(backend, MAIN_TABLES, &scope, &mut counters)? {
        if let (Some(v), Some(t)) = (text(r.first()), text(r.get(1))) {
            main_table.insert(v, t);
        }
    }
    let tables: BTreeSet<&String> = table_of_subnet
        .values()
        .chain(main_table.values())
        .collect();
    let table_params = params([("TABLES", string_list(tables.iter().copied()))]);
    let mut routes: BTreeMap<String, Route> = BTreeMap::new();
    for r in rows(backend, ROUTES, &table_params, &mut counters)? {
        let Some(table) = text(r.first()) else {
            continue;
        };
        let to_gateway = text(r.get(3)).is_some();
        let entry = routes.entry(table).or_insert(Route {
            ipv4: false,
            ipv6: false,
        });
        entry.ipv4 |= to_gateway && text(r.get(1)).as_deref() == Some("0.0.0.0/0");
        entry.ipv6 |= to_gateway && text(r.get(2)).as_deref() == Some("::/0");
    }
    let attached: BTreeSet<String> = rows(backend, ATTACHED_GATEWAYS, &scope, &mut counters)?
        .iter()
        .filter_map(|r| text(r.first()))
        .collect();

    let route_for = |subnet: &str, vpc: Option<&String>| -> Route {
        let table = table_of_subnet
            .get(subnet)
            .or_else(|| vpc.and_then(|v| main_table.get(v)));
        match table.and_then(|t| routes.get(t)) {
            Some(route) => *route,
            None => {
                let igw = vpc.is_some_and(|v| attached.contains(v));
                Route {
                    ipv4: igw,
                    ipv6: igw,
                }
            }
        }
    };

    let mut out = Vec::new();
    let mut reachable_count = 0;
    for (instance, subnets) in &subnets_of {
        let rules = open.get(instance).cloned().unwrap_or_default();
        let mut ports = BTreeSet::new();
        for rule in &rules {
            let ok = if subnets.is_empty() {
                true
            } else {
                subnets.iter().any(|(subnet, vpc)| {
                    let route = route_for(subnet, vpc.as_ref());
                    let routed = if rule.ipv6 { route.ipv6 } else { route.ipv4 };
                    routed && acls.get(subnet).is_none_or(|acl| acl_allows(acl, rule))
                })
            };
            if ok {
                ports.insert(rule.label());
            }
        }
        reachable_count += usize::from(!ports.is_empty());
        let mut row = BTreeMap::new();
        row.insert("id".to_string(), Value::from(instance.as_str()));
        row.insert("reachable".to_string(), Value::Bool(!ports.is_empty()));
        row.insert("ports".to_string(), string_list(&ports));
        out.push(Value::Map(row));
    }
    let write = params([("rows", Value::List(out))]);
    let batch = [Statement::new(RESET, base), Statement::new(WRITE, write)];
    for r in backend.run_batch(&batch)? {
        counters.add(&r.counters);
    }
    let message = format!(
        "{reachable_count} of {} directly exposed instances reachable; {} subnets with ACL rules, {} route tables with routes",
        subnets_of.len(),
        acls.len(),
        routes.len()
    );
    Ok((counters, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acl(number: i64, proto: &str, ports: Option<(i64, i64)>, allow: bool) -> AclRule {
        AclRule {
            number,
            protocol: protocol(Some(proto)),
            ports,
            ipv4_anywhere: true,
            ipv6_anywhere: false,
            allow,
        }
    }

    fn tcp(from: i64, to: i64) -> OpenRule {
        OpenRule {
            ipv6: false,
            protocol: Some(6),
            from,
            to,
        }
    }

    #[test]
    fn first_matching_acl_rule_decides() {
        let deny_ssh = [
            acl(100, "6", Some((22, 22)), false),
            acl(200, "-1", None, true),
        ];
        assert!(!acl_allows(&deny_ssh, &tcp(22, 22)));
        assert!(acl_allows(&deny_ssh, &tcp(22, 23)));
        assert!(acl_allows(&deny_ssh, &tcp(443, 443)));
        let only_https = [
            acl(100, "6", Some((443, 443)), true),
            acl(32767, "-1", None, false),
        ];
        assert!(!acl_allows(&only_https, &tcp(22, 22)));
        assert!(acl_allows(&only_https, &tcp(0, 65535)));
        assert!(!acl_allows(
            &only_https,
            &OpenRule {
                protocol: Some(17),
                ..tcp(0, 65535)
            }
        ));
        assert!(acl_allows(
            &only_https,
            &OpenRule {
                protocol: None,
                ..tcp(0, 65535)
            }
        ));
        assert!(!acl_allows(&[], &tcp(22, 22)), "no rule matches: denied");
        let v6 = OpenRule {
            ipv6: true,
            ..tcp(22, 22)
        };
        assert!(!acl_allows(&deny_ssh, &v6), "IPv4 rules do not admit IPv6");
    }

    #[test]
    fn labels() {
        assert_eq!(tcp(22, 22).label(), "tcp/22");
        assert_eq!(tcp(80, 90).label(), "tcp/80-90");
        assert_eq!(
            OpenRule {
                protocol: None,
                ..tcp(0, 65535)
            }
            .label(),
            "all"
        );
        assert_eq!(
            OpenRule {
                protocol: Some(1),
                ..tcp(-1, -1)
            }
            .label(),
            "icmp"
        );
        assert_eq!(protocol(Some("TCP")), Some(6));
        assert_eq!(protocol(Some("all")), None);
    }
}
