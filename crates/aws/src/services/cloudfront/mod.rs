//! CloudFront (`cloudfront`): the account's distributions (`ListDistributions`, a global
//! service read once per account), linked to the S3 buckets they serve from, the ACM
//! certificate they present and their Lambda@Edge functions.

#[cfg(feature = "cloudfront")]
pub mod fetch;

use cartograph_graph::Value;
use cartograph_sync::{
    CleanupMode, Direction, ExtraLabel, Matcher, NodeSchema, Property, RelSchema, Row, Source,
};
use serde::{Deserialize, Serialize};

use super::{Records, Service, decode};
use crate::schemas::ACCOUNT_RESOURCE;
use crate::transform::{opt, row, strings};

pub const SERVICE: Service = Service {
    key: "cloudfront",
    feature: "cloudfront",
    regional: false,
    after: &["s3", "acm:certificate", "lambda_function"],
    schemas: &[&DISTRIBUTION],
    links: &[],
    decode: decode::<CloudFrontRecords>,
    demo: include_str!("../../../data/demo/services/cloudfront.json"),
    #[cfg(feature = "cloudfront")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "cloudfront")))]
    fetch: None,
};

/// The account's `DistributionSummary` list.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CloudFrontRecords {
    pub distributions: Vec<Distribution>,
}

/// A `DistributionSummary`, with the parts Cartography reads.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Distribution {
    pub id: String,
    #[serde(rename = "ARN")]
    pub arn: String,
    pub e_tag: Option<String>,
    pub domain_name: Option<String>,
    pub comment: Option<String>,
    pub status: Option<String>,
    pub enabled: Option<bool>,
    pub price_class: Option<String>,
    pub http_version: Option<String>,
    #[serde(rename = "IsIPV6Enabled")]
    pub is_ipv6_enabled: Option<bool>,
    pub staging: Option<bool>,
    pub last_modified_time: Option<String>,
    #[serde(rename = "WebACLId")]
    pub web_acl_id: Option<String>,
    pub aliases: Items<String>,
    pub origins: Items<Origin>,
    pub default_cache_behavior: CacheBehavior,
    pub cache_behaviors: Items<CacheBehavior>,
    pub viewer_certificate: ViewerCertificate,
    pub restrictions: Restrictions,
}

/// CloudFront's `{Quantity, Items}` lists.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Items<T> {
    pub items: Vec<T>,
}

impl<T> Default for Items<T> {
    fn default() -> Self {
        Items { items: Vec::new() }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Origin {
    pub id: Option<String>,
    pub domain_name: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CacheBehavior {
    pub viewer_protocol_policy: Option<String>,
    pub lambda_function_associations: Items<LambdaAssociation>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LambdaAssociation {
    #[serde(rename = "LambdaFunctionARN")]
    pub lambda_function_arn: String,
    #[serde(rename = "EventType")]
    pub event_type: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewerCertificate {
    #[serde(rename = "ACMCertificateArn")]
    pub acm_certificate_arn: Option<String>,
    #[serde(rename = "CloudFrontDefaultCertificate")]
    pub cloudfront_default_certificate: Option<bool>,
    #[serde(rename = "MinimumProtocolVersion")]
    pub minimum_protocol_version: Option<String>,
    #[serde(rename = "SSLSupportMethod")]
    pub ssl_support_method: Option<String>,
    #[serde(rename = "IAMCertificateId")]
    pub iam_certificate_id: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Restrictions {
    pub geo_restriction: GeoRestriction,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GeoRestriction {
    pub restriction_type: Option<String>,
    pub items: Vec<String>,
}

pub const DISTRIBUTION: NodeSchema = NodeSchema {
    label: "AWSCloudFrontDistribution",
    id: Source::Field("arn"),
    extra_labels: &[ExtraLabel::always("CloudFrontDistribution")],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::indexed("distribution_id", "distribution_id"),
        Property::field("etag", "etag"),
        Property::field("domain_name", "domain_name"),
        Property::field("aliases", "aliases"),
        Property::field("comment", "comment"),
        Property::field("status", "status"),
        Property::field("enabled", "enabled"),
        Property::field("price_class", "price_class"),
        Property::field("http_version", "http_version"),
        Property::field("is_ipv6_enabled", "is_ipv6_enabled"),
        Property::field("staging", "staging"),
        Property::field("last_modified_time", "last_modified_time"),
        Property::field("viewer_protocol_policy", "viewer_protocol_policy"),
        Property::field("acm_certificate_arn", "acm_certificate_arn"),
        Property::field(
            "cloudfront_default_certificate",
            "cloudfront_default_certificate",
        ),
        Property::field("minimum_protocol_version", "minimum_protocol_version"),
        Property::field("ssl_support_method", "ssl_support_method"),
        Property::field("iam_certificate_id", "iam_certificate_id"),
        Property::field("geo_restriction_type", "geo_restriction_type"),
        Property::field("geo_restriction_locations", "geo_restriction_locations"),
        Property::field("web_acl_id", "web_acl_id"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[
        RelSchema::new(
            "SERVES_FROM",
            Direction::Outward,
            "AWSS3Bucket",
            &[Matcher::list("name", "s3_origin_bucket_names")],
        ),
        RelSchema::new(
            "USES_CERTIFICATE",
            Direction::Outward,
            "AWSACMCertificate",
            &[Matcher::field("arn", "acm_certificate_arn")],
        ),
        RelSchema::new(
            "USES_LAMBDA_EDGE",
            Direction::Outward,
            "AWSLambda",
            &[Matcher::list("arn", "lambda_function_arns")],
        ),
    ],
    cleanup: CleanupMode::Scoped,
};

impl Records for CloudFrontRecords {
    fn count(&self) -> u64 {
        self.distributions.len() as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        vec![(
            &DISTRIBUTION,
            self.distributions.iter().map(distribution).collect(),
        )]
    }
}

/// A list property, null when empty (Cartography stores no empty lists here).
fn list_or_null(items: &[String]) -> Value {
    if items.is_empty() {
        Value::Null
    } else {
        strings(items)
    }
}

fn distribution(d: &Distribution) -> Row {
    let mut buckets: Vec<String> = Vec::new();
    for bucket in d
        .origins
        .items
        .iter()
        .filter_map(|o| s3_bucket(&o.domain_name))
    {
        if !buckets.contains(&bucket) {
            buckets.push(bucket);
        }
    }
    let mut lambdas: Vec<&str> = std::iter::once(&d.default_cache_behavior)
        .chain(&d.cache_behaviors.items)
        .flat_map(|b| &b.lambda_function_associations.items)
        .map(|a| a.lambda_function_arn.as_str())
        .filter(|arn| !arn.is_empty())
        .collect();
    lambdas.sort_unstable();
    lambdas.dedup();
    let cert = &d.viewer_certificate;
    let geo = &d.restrictions.geo_restriction;
    row([
        ("arn", Value::from(d.arn.as_str())),
        ("distribution_id", Value::from(d.id.as_str())),
        ("etag", opt(&d.e_tag)),
        ("domain_name", opt(&d.domain_name)),
        ("aliases", list_or_null(&d.aliases.items)),
        ("comment", opt(&d.comment)),
        ("status", opt(&d.status)),
        ("enabled", Value::from(d.enabled)),
        ("price_class", opt(&d.price_class)),
        ("http_version", opt(&d.http_version)),
        ("is_ipv6_enabled", Value::from(d.is_ipv6_enabled)),
        ("staging", Value::from(d.staging)),
        ("last_modified_time", opt(&d.last_modified_time)),
        ("web_acl_id", opt(&d.web_acl_id)),
        (
            "viewer_protocol_policy",
            opt(&d.default_cache_behavior.viewer_protocol_policy),
        ),
        ("acm_certificate_arn", opt(&cert.acm_certificate_arn)),
        (
            "cloudfront_default_certificate",
            Value::from(cert.cloudfront_default_certificate),
        ),
        (
            "minimum_protocol_version",
            opt(&cert.minimum_protocol_version),
        ),
        ("ssl_support_method", opt(&cert.ssl_support_method)),
        ("iam_certificate_id", opt(&cert.iam_certificate_id)),
        ("geo_restriction_type", opt(&geo.restriction_type)),
        ("geo_restriction_locations", list_or_null(&geo.items)),
        ("s3_origin_bucket_names", strings(buckets)),
        ("lambda_function_arns", strings(lambdas)),
    ])
}

/// The bucket of an S3 origin's domain name (`<bucket>.s3[-website][.-<region>].amazonaws.com`,
/// compared in lower case), as Cartography recognises them; `None` for other origins.
fn s3_bucket(domain: &str) -> Option<String> {
    let domain = domain.to_ascii_lowercase();
    let host = domain.strip_suffix(".amazonaws.com")?;
    let name_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    let bucket_name = |b: &str| {
        b.len() >= 2
            && b.starts_with(name_char)
            && b.ends_with(name_char)
            && b.chars().all(|c| name_char(c) || c == '.' || c == '-')
    };
    // Like the pattern's greedy bucket: the longest prefix that leaves a valid S3 suffix.
    host.rmatch_indices(".s3")
        .map(|(i, _)| (&host[..i], &host[i + 3..]))
        .find(|(bucket, rest)| bucket_name(bucket) && s3_suffix(rest))
        .map(|(bucket, _)| bucket.to_string())
}

/// What may follow `.s3` in an S3 host: an optional `-website`, then at most one `.region`
/// or `-region` part.
fn s3_suffix(rest: &str) -> bool {
    let part = |r: &str| {
        r.is_empty()
            || (r.len() > 1
                && r.starts_with(['.', '-'])
                && r[1..]
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
    };
    part(rest) || rest.strip_prefix("-website").is_some_and(part)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    #[test]
    fn s3_origins_name_their_bucket() {
        let bucket = |d: &str| s3_bucket(d);
        assert_eq!(bucket("assets.s3.amazonaws.com").as_deref(), Some("assets"));
        assert_eq!(
            bucket("My.Site.s3.us-east-1.amazonaws.com").as_deref(),
            Some("my.site")
        );
        assert_eq!(
            bucket("web-1.s3-website-eu-west-1.amazonaws.com").as_deref(),
            Some("web-1")
        );
        assert_eq!(bucket("shop.example.test"), None);
        assert_eq!(bucket("x.elb.amazonaws.com"), None);
        assert_eq!(bucket("a.s3.eu_west.amazonaws.com"), None);
    }

    #[test]
    fn lambda_edge_functions_are_collected_once() {
        let assoc = |arn: &str| LambdaAssociation {
            lambda_function_arn: arn.into(),
            event_type: None,
        };
        let behavior = |arns: &[&str]| CacheBehavior {
            lambda_function_associations: Items {
                items: arns.iter().map(|a| assoc(a)).collect(),
            },
            ..Default::default()
        };
        let d = Distribution {
            arn: "arn:aws:cloudfront::1:distribution/E1".into(),
            default_cache_behavior: behavior(&["arn:l:1"]),
            cache_behaviors: Items {
                items: vec![behavior(&["arn:l:1", "arn:l:2"])],
            },
            ..Default::default()
        };
        let r = distribution(&d);
        assert_eq!(
            format!("{:?}", r.get("lambda_function_arns")),
            r#"Some(List([String("arn:l:1"), String("arn:l:2")]))"#
        );
        assert_eq!(format!("{:?}", r.get("aliases")), "Some(Null)");
    }

    #[test]
    fn statement_is_cartographys_shape() {
        let q = ingest_query(&DISTRIBUTION);
        assert!(
            q.contains("MERGE (i:AWSCloudFrontDistribution {id: item.arn})"),
            "{q}"
        );
        assert!(q.contains("i:CloudFrontDistribution"), "{q}");
        assert!(q.contains("[r0:SERVES_FROM]->(n0)"), "{q}");
        assert!(q.contains("[r2:USES_LAMBDA_EDGE]->(n2)"), "{q}");
    }
}
