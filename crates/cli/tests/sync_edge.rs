//! The edge services against moto: `apigateway`, `apigatewayv2`, `cloudfront`,
//! `elasticsearch` and `emr`, each with exact ids per account and region before and after a
//! change, plus the relationships and properties Cartography's analysis reads. EMR goes
//! through `emr.py stand-in` (moto files EMR calls to 127.0.0.1 under us-east-1).

mod common;

use common::*;

#[test]
fn apigateway_rest_apis_and_their_parts() {
    let (_moto, home) = check_service(
        "apigateway.py",
        "apigateway",
        &[
            (
                "rest_apis",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(x:AWSAPIGatewayRestAPI:APIGatewayRestAPI {region: $r}) \
                 RETURN x.id",
            ),
            (
                "stages",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(:AWSAPIGatewayRestAPI {region: $r}) \
                 -[:ASSOCIATED_WITH]->(s:AWSAPIGatewayStage:APIGatewayStage) RETURN s.id",
            ),
            (
                "deployments",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(d:AWSAPIGatewayDeployment {region: $r}) \
                 <-[:HAS_DEPLOYMENT]-(:AWSAPIGatewayRestAPI) RETURN d.id",
            ),
            (
                "resources",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(:AWSAPIGatewayRestAPI {region: $r}) \
                 -[:RESOURCE]->(x:AWSAPIGatewayResource:APIGatewayResource) RETURN x.id",
            ),
            (
                "methods",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(:AWSAPIGatewayRestAPI {region: $r}) \
                 -[:RESOURCE]->(:AWSAPIGatewayResource)-[:HAS_METHOD]->(m:AWSAPIGatewayMethod) \
                 RETURN m.id",
            ),
        ],
    );
    let g = Graph::open(&home.db());
    let rows = g.rows(
        "MATCH (a:AWSAPIGatewayRestAPI) RETURN a.endpoint_type, a.exposed_internet, \
         a.anonymous_access, size(a.anonymous_actions), coalesce(a.anonymous_actions[0], '-') \
         ORDER BY a.endpoint_type",
        &[],
    );
    let rows: Vec<String> = rows.into_iter().map(|r| r.join(" ")).collect();
    assert_eq!(
        rows,
        [
            "EDGE true false 0 -",
            "REGIONAL true true 1 execute-api:Invoke"
        ],
        "{rows:?}"
    );
    let integrations = g.rows(
        "MATCH (:AWSAPIGatewayResource)-[:HAS_INTEGRATION]->(i:AWSAPIGatewayIntegration) \
         RETURN i.httpmethod, i.integration_http_method, i.type, i.uri ORDER BY i.uri",
        &[],
    );
    let integrations: Vec<String> = integrations.into_iter().map(|r| r.join(" ")).collect();
    assert_eq!(
        integrations,
        [
            "GET POST HTTP http://orders.example.test/",
            "GET POST HTTP http://webhooks.example.test/"
        ]
    );
}

#[test]
fn apigatewayv2_apis() {
    let (_moto, home) = check_service(
        "apigatewayv2.py",
        "apigatewayv2",
        &[(
            "apis",
            "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(x:AWSAPIGatewayV2API:APIGatewayV2API {region: $r}) \
             RETURN x.id",
        )],
    );
    let g = Graph::open(&home.db());
    let rows = g.rows(
        "MATCH (x:AWSAPIGatewayV2API) RETURN x.name, x.protocoltype, x.apiendpoint IS NOT NULL \
         ORDER BY x.name",
        &[],
    );
    let rows: Vec<String> = rows.into_iter().map(|r| r.join(" ")).collect();
    assert_eq!(rows, ["checkout HTTP true", "staging HTTP true"]);
}

#[test]
fn cloudfront_distributions_and_their_origins() {
    let (_moto, home) = check_service(
        "cloudfront.py",
        "s3,acm:certificate,cloudfront",
        &[(
            "distributions",
            "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(d:AWSCloudFrontDistribution:CloudFrontDistribution) \
             WHERE $r = 'global' RETURN d.arn",
        )],
    );
    let g = Graph::open(&home.db());
    let served = g.rows(
        "MATCH (d:AWSCloudFrontDistribution)-[:SERVES_FROM]->(b:AWSS3Bucket) \
         MATCH (d)-[:USES_CERTIFICATE]->(c:AWSACMCertificate) \
         RETURN d.comment, b.name, c.domainname, d.ssl_support_method",
        &[],
    );
    let served: Vec<String> = served.into_iter().map(|r| r.join(" ")).collect();
    assert_eq!(served, ["site edge-site www.edge.example.test sni-only"]);
    assert_eq!(
        g.count("MATCH (d:AWSCloudFrontDistribution) WHERE d.distribution_id IS NOT NULL RETURN count(d)"),
        2
    );
}

#[test]
fn elasticsearch_domains_in_their_network() {
    let (_moto, home) = check_service(
        "elasticsearch.py",
        "ec2:subnet,ec2:security_group,elasticsearch",
        &[(
            "domains",
            "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(d:AWSESDomain:ESDomain:Database) \
             WHERE d.arn CONTAINS (':' + $r + ':') RETURN d.id",
        )],
    );
    let g = Graph::open(&home.db());
    let placed = g.rows(
        "MATCH (d:AWSESDomain {name: 'app-logs'})-[:PART_OF_SUBNET]->(s:AWSEC2Subnet) \
         MATCH (d)-[:MEMBER_OF_EC2_SECURITY_GROUP]->(g:AWSEC2SecurityGroup {name: 'search'}) \
         RETURN count(DISTINCT s), d.engine, d.exposed_internet, d.encryption_at_rest_options_enabled",
        &[],
    );
    assert_eq!(placed, [["2", "elasticsearch", "false", "true"]]);
}

#[test]
fn emr_clusters() {
    let (_moto, home) = check_service_via_stand_in(
        "emr.py",
        "emr",
        &[(
            "clusters",
            "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(c:AWSEMRCluster:EMRCluster:ComputeCluster {region: $r}) \
             RETURN c.id",
        )],
    );
    let g = Graph::open(&home.db());
    let etl = g.rows(
        "MATCH (c:AWSEMRCluster {name: 'nightly-etl'}) \
         RETURN c.arn STARTS WITH 'arn:aws:elasticmapreduce:us-east-1:', c.servicerole, \
         c.release_label, c.log_uri",
        &[],
    );
    assert_eq!(
        etl,
        [["true", "EMR_DefaultRole", "emr-6.15.0", "s3://logs/emr/"]]
    );
}
