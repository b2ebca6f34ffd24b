//! The stricter internet exposure cartograph adds beside Cartography's: for every instance
//! with `'direct'` or `'elbv2'` exposure, `exposed_internet_reachable` says whether traffic
//! from anywhere can actually arrive, and `exposed_internet_reachable_ports` through what:
//! the security groups' open rules for direct exposure (`tcp/22`, `udp/500-4500`, `all`,
//! ...), the listeners of the internet-facing v2 load balancers that expose the instance
//! (`elbv2:tcp/443`). Each path needs, in the subnets it enters by (the instance's, or the
//! load balancer's `SUBNET`s):
//!
//! - a route to an internet gateway: the default route (`0.0.0.0/0`, or `::/0` for IPv6
//!   rules) of the subnet's route table (its explicit association, else the VPC's main
//!   table) targets an `AWSInternetGateway`. When routes did not sync (Cartography's
//!   `AWSEC2Route` nodes), an internet gateway attached to the VPC stands in for the route;
//!   when even the subnet is unknown, the route is assumed (the instance has a public IP,
//!   the load balancer is internet-facing).
//! - the subnet's network ACL letting the port in: inbound `AWSEC2NetworkAclRule`s in rule
//!   number order, the first rule from anywhere matching the protocol and port decides. A
//!   subnet without synced ACL rules counts as open, as AWS's default ACL is.
//!
//! A load balancer's listener is a path when its security groups let anywhere in on the
//! listener's port (IPv4 from `0.0.0.0/0`, IPv6 from `::/0`); a network load balancer
//! without security groups admits IPv4 on every listener. The hop from the load balancer
//! to the instance stays inside the VPC and is not checked.
//!
//! Classic load balancers (`'elb'`) are not evaluated: the graph does not link them to
//! their subnets (Cartography's schema has no such relationship), so neither the route nor
//! the ACL in front of them is known, and assuming either would overstate reachability. An
//! instance exposed only through one keeps no `exposed_internet_reachable` value.
//!
//! ACLs are stateless: return traffic also needs an egress rule; that is not checked.

mod rules;

use std::collections::{BTreeMap, BTreeSet};

use cartograph_graph::{Counters, CypherError, GraphBackend, Params, Statement, Value};

use super::exposure::ANYWHERE;
use crate::graph::{int, params, run, string_list, text};
use rules::{AclRule, OpenRule, acl_allows, protocol};

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

/// Listeners of the exposed v2 load balancers in front of each instance, with the open
/// ranges of the security group rules covering the listener's port.
const LB_LISTENERS: &str = "MATCH (a:AWSAccount)-[:RESOURCE]->(i:AWSEC2Instance)
WHERE a.id IN $ACCOUNTS AND 'elbv2' IN coalesce(i.exposed_internet_type, [])
MATCH (lb:AWSLoadBalancerV2 {exposed_internet: true})-[:EXPOSE]->(i)
MATCH (lb)-[:ELBV2_LISTENER]->(l:AWSELBV2Listener)
OPTIONAL MATCH (r:AWSIpRange)-[:MEMBER_OF_IP_RULE]->(perm:AWSIpPermissionInbound)-[:MEMBER_OF_EC2_SECURITY_GROUP]->(:AWSEC2SecurityGroup)<-[:MEMBER_OF_EC2_SECURITY_GROUP]-(lb)
WHERE r.id IN $ANYWHERE AND (perm.protocol IN ['-1', 'all'] OR (l.port >= perm.fromport AND l.port <= perm.toport))
RETURN i.id, lb.id, lb.type, l.port, l.protocol, collect(DISTINCT r.id), EXISTS { (lb)-[:MEMBER_OF_EC2_SECURITY_GROUP]->(:AWSEC2SecurityGroup) }";

const LB_SUBNETS: &str = "MATCH (lb:AWSLoadBalancerV2)-[:SUBNET]->(s:AWSEC2Subnet)
WHERE lb.id IN $LBS
OPTIONAL MATCH (s)-[:MEMBER_OF_AWS_VPC]->(v:AWSVpc)
RETURN DISTINCT lb.id, s.id, coalesce(v.id, s.vpc_id)";

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

/// Where a path from the internet enters: (subnet, its VPC) pairs; empty when unknown.
type Subnets = Vec<(String, Option<String>)>;

/// One way in to an instance: its label in `exposed_internet_reachable_ports`, the traffic
/// it admits, and the subnets it enters by.
struct Path<'a> {
    label: String,
    rule: OpenRule,
    subnets: &'a [(String, Option<String>)],
}

/// The subnets of each row's first column (row: key, subnet, VPC).
fn subnets_by_key(rows: Vec<Vec<Value>>) -> BTreeMap<String, Subnets> {
    let mut out: BTreeMap<String, Subnets> = BTreeMap::new();
    for r in rows {
        let Some(key) = text(r.first()) else { continue };
        let entry = out.entry(key).or_default();
        if let Some(subnet) = text(r.get(1)) {
            entry.push((subnet, text(r.get(2))));
        }
    }
    out
}

/// The traffic a listener takes: its port over TCP, UDP or both.
fn listener_rules(port: i64, listener_protocol: Option<&str>, ipv6: bool) -> Vec<OpenRule> {
    let protocols: &[u16] = match listener_protocol {
        Some("UDP") => &[17],
        Some("TCP_UDP") => &[6, 17],
        _ => &[6],
    };
    protocols
        .iter()
        .map(|p| OpenRule {
            ipv6,
            protocol: Some(*p),
            from: port,
            to: port,
        })
        .collect()
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
    let subnets_of = subnets_by_key(rows(backend, EXPOSED, &base, &mut counters)?);

    // (instance, load balancer) -> the listener traffic admitted from anywhere.
    let mut listeners: BTreeMap<(String, String), BTreeSet<OpenRule>> = BTreeMap::new();
    for r in rows(backend, LB_LISTENERS, &base, &mut counters)? {
        let (Some(instance), Some(lb), Some(port)) =
            (text(r.first()), text(r.get(1)), int(r.get(3)))
        else {
            continue;
        };
        let ranges: Vec<String> = match r.get(5) {
            Some(Value::List(l)) => l
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        };
        let ungrouped_nlb = text(r.get(2)).as_deref() == Some("network")
            && !matches!(r.get(6), Some(Value::Bool(true)));
        let listener_protocol = text(r.get(4)).map(|p| p.to_ascii_uppercase());
        let entry = listeners.entry((instance, lb)).or_default();
        for (ipv6, range) in [(false, "0.0.0.0/0"), (true, "::/0")] {
            if ranges.iter().any(|x| x == range) || (ungrouped_nlb && !ipv6) {
                entry.extend(listener_rules(port, listener_protocol.as_deref(), ipv6));
            }
        }
    }
    let lbs: BTreeSet<&String> = listeners.keys().map(|(_, lb)| lb).collect();
    let lb_subnets = subnets_by_key(rows(
        backend,
        LB_SUBNETS,
        &params([("LBS", string_list(lbs.iter().copied()))]),
        &mut counters,
    )?);

    let entered = subnets_of.values().chain(lb_subnets.values()).flatten();
    let subnets: BTreeSet<&String> = entered.clone().map(|(s, _)| s).collect();
    let vpcs: BTreeSet<&String> = entered.filter_map(|(_, v)| v.as_ref()).collect();
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

    let mut paths: BTreeMap<&String, Vec<Path>> = BTreeMap::new();
    for (instance, subnets) in &subnets_of {
        let entry = paths.entry(instance).or_default();
        for rule in open.get(instance).into_iter().flatten() {
            entry.push(Path {
                label: rule.label(),
                rule: rule.clone(),
                subnets,
            });
        }
    }
    for ((instance, lb), rules) in &listeners {
        let subnets = lb_subnets.get(lb).map_or(&[][..], Vec::as_slice);
        let entry = paths.entry(instance).or_default();
        for rule in rules {
            entry.push(Path {
                label: format!("elbv2:{}", rule.label()),
                rule: rule.clone(),
                subnets,
            });
        }
    }

    let mut out = Vec::new();
    let mut reachable_count = 0;
    for (instance, paths) in &paths {
        let ports: BTreeSet<&str> = paths
            .iter()
            .filter(|p| {
                p.subnets.is_empty()
                    || p.subnets.iter().any(|(subnet, vpc)| {
                        let route = route_for(subnet, vpc.as_ref());
                        let routed = if p.rule.ipv6 { route.ipv6 } else { route.ipv4 };
                        routed && acls.get(subnet).is_none_or(|acl| acl_allows(acl, &p.rule))
                    })
            })
            .map(|p| p.label.as_str())
            .collect();
        reachable_count += usize::from(!ports.is_empty());
        let mut row = BTreeMap::new();
        row.insert("id".to_string(), Value::from(instance.as_str()));
        row.insert("reachable".to_string(), Value::Bool(!ports.is_empty()));
        row.insert(
            "ports".to_string(),
            Value::List(ports.into_iter().map(Value::from).collect()),
        );
        out.push(Value::Map(row));
    }
    let write = params([("rows", Value::List(out))]);
    let batch = [Statement::new(RESET, base), Statement::new(WRITE, write)];
    for r in backend.run_batch(&batch)? {
        counters.add(&r.counters);
    }
    let message = format!(
        "{reachable_count} of {} directly or v2 load balancer exposed instances reachable; {} subnets with ACL rules, {} route tables with routes",
        paths.len(),
        acls.len(),
        routes.len()
    );
    Ok((counters, message))
}
