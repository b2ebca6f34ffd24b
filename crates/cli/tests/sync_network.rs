//! `ec2:load_balancer`, `ec2:load_balancer_v2` and `route53` against moto, with EC2: load
//! balancers, listeners, target groups, zones and records per account and region, their
//! removal, what they link to, and the load balancer exposure analysis on top (NLB vs ALB,
//! open vs closed groups, internet-facing vs internal).

mod common;

use common::*;

const SYNCS: &str = "ec2,ec2:load_balancer,ec2:load_balancer_v2,route53";

#[test]
fn load_balancers_and_dns_sync_link_and_expose() {
    let (_moto, home) = check_service(
        "network.py",
        SYNCS,
        &[
            (
                "classic",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(lb:AWSLoadBalancer:LoadBalancer {region: $r}) \
                 RETURN lb.id",
            ),
            (
                "v2",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(lb:AWSLoadBalancerV2:LoadBalancerV2:LoadBalancer {region: $r}) \
                 RETURN lb.id",
            ),
            (
                "listeners",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(:AWSLoadBalancerV2 {region: $r})\
                 -[:ELBV2_LISTENER]->(l:AWSELBV2Listener:ELBV2Listener:Endpoint) RETURN l.id",
            ),
            (
                "target_groups",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(g:AWSELBV2TargetGroup:ELBV2TargetGroup {region: $r}) \
                 RETURN g.id",
            ),
            (
                "zones",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(z:AWSDNSZone:DNSZone) RETURN z.id",
            ),
            (
                "records",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(r:AWSDNSRecord:DNSRecord)\
                 -[:MEMBER_OF_DNS_ZONE]->(:AWSDNSZone) RETURN r.id",
            ),
        ],
    );
    let g = Graph::open(&home.db());
    let set = |q: &str| g.set(q, &[]);
    let names = |items: &[&str]| items.iter().map(|s| s.to_string()).collect();

    // Classic: listeners keyed by DNS name, port and protocol; the source group is the load
    // balancer's own `default`, not every `default` group of the account.
    assert_eq!(
        set(
            "MATCH (lb:AWSLoadBalancer)-[:ELB_LISTENER]->(l:AWSELBListener:ELBListener:Endpoint) \
             RETURN lb.name + ' ' + l.id + ' ' + toString(l.instance_port)"
        ),
        names(&[
            "classic-internal classic-internal.us-east-1.elb.amazonaws.com80HTTP 8080",
            "classic-open classic-open.us-east-1.elb.amazonaws.com80HTTP 8080",
        ])
    );
    assert_eq!(
        g.count(
            "MATCH (lb:AWSLoadBalancer {name: 'classic-open'})-[:SOURCE_SECURITY_GROUP]->(sg:AWSEC2SecurityGroup {name: 'default'}) \
             MATCH (lb)-[:MEMBER_OF_EC2_SECURITY_GROUP]->(sg) RETURN count(*)"
        ),
        1
    );

    // ELBv2: groups, subnets, target groups, and EXPOSE with the target group's port.
    assert_eq!(
        set(
            "MATCH (lb:AWSLoadBalancerV2 {name: 'open-alb'})-[:MEMBER_OF_EC2_SECURITY_GROUP]->(sg) \
             MATCH (lb)-[:ELBV2_TARGET_GROUP]->(tg) MATCH (lb)-[e:EXPOSE]->(:AWSEC2Instance) \
             WITH sg, tg, e, COUNT { (lb)-[:SUBNET]->(:AWSEC2Subnet) } AS subnets \
             RETURN sg.name + ' ' + toString(subnets) + ' ' + tg.name + ' ' + toString(e.port) + ' ' + e.target_group_arn"
        ),
        set(
            "MATCH (tg:AWSELBV2TargetGroup {name: 'open-alb-tg'}) RETURN 'lb-open 2 open-alb-tg 443 ' + tg.arn"
        ),
    );
    assert_eq!(
        set(
            "MATCH (l:AWSELBV2Listener)<-[:ELBV2_LISTENER]-(:AWSLoadBalancerV2 {name: 'public-nlb'}) \
             RETURN toString(l.port) + ' ' + l.protocol"
        ),
        names(&["9000 TCP", "9001 TCP"])
    );

    // Exposure: NLB with a listener, ALBs open on a listener's port (IPv4 or IPv6), the
    // internet-facing classic one open on its port; not the closed ALB, not internal ones.
    assert_eq!(
        set(
            "MATCH (lb {exposed_internet: true}) WHERE lb:AWSLoadBalancer OR lb:AWSLoadBalancerV2 \
             RETURN lb.name"
        ),
        names(&["classic-open", "open-alb", "public-nlb", "v6-alb"])
    );
    assert_eq!(
        set(
            "MATCH (lb)-[:EXPOSE]->(i:AWSEC2Instance) WHERE lb:AWSLoadBalancer OR lb:AWSLoadBalancerV2 \
             RETURN lb.name + ' ' + coalesce(reduce(s = '', t IN i.exposed_internet_type | s + t + ';'), '-')"
        ),
        names(&[
            "classic-internal -",
            "classic-open elb;",
            "closed-alb -",
            "open-alb elbv2;",
            "public-nlb elbv2;",
            "v6-alb elbv2;",
        ])
    );
    assert_eq!(
        set("MATCH (g:AWSAutoScalingGroup {name: 'workers'}) \
             RETURN reduce(s = '', t IN g.exposed_internet_type | s + t + ';')"),
        names(&["elbv2;"])
    );

    // Route53: alias and CNAME to the load balancers, A to the Elastic IP, NS to name
    // servers, the delegated zone as a subzone; the deleted record is gone.
    assert_eq!(
        set("MATCH (r:AWSDNSRecord)-[:DNS_POINTS_TO]->(t) \
             WHERE t:AWSLoadBalancer OR t:AWSLoadBalancerV2 OR t:AWSElasticIPAddress \
             RETURN r.name + ' ' + r.type + ' ' + coalesce(t.name, t.public_ip)"),
        set("MATCH (e:AWSElasticIPAddress) RETURN 'web.example.test A ' + e.public_ip")
            .into_iter()
            .chain(names(&[
                "legacy.example.test CNAME classic-open",
                "shop.example.test ALIAS open-alb",
            ]))
            .collect()
    );
    assert_eq!(
        set("MATCH (z:AWSDNSZone)-[:SUBZONE]->(sub:AWSDNSZone) RETURN z.name + ' > ' + sub.name"),
        names(&["example.test > dev.example.test"])
    );
    assert_eq!(
        g.count(
            "MATCH (z:AWSDNSZone {name: 'example.test'})-[:NAMESERVER]->(ns:AWSNameServer:NameServer)\
             <-[:DNS_POINTS_TO]-(:AWSDNSRecord {type: 'NS', name: 'example.test'}) RETURN count(ns)"
        ),
        4
    );
    assert_eq!(
        g.count("MATCH (r:AWSDNSRecord) WHERE r.name = 'old.example.test' RETURN count(r)"),
        0
    );
}
