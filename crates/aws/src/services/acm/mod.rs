//! ACM certificates (`acm:certificate`): `ListCertificates`, then `DescribeCertificate` for
//! each, per region; linked to the ELBv2 listeners that use them.

#[cfg(feature = "acm")]
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
    key: "acm:certificate",
    feature: "acm",
    regional: true,
    after: &["ec2:load_balancer_v2"],
    schemas: &[&CERTIFICATE],
    links: &[],
    decode: decode::<AcmRecords>,
    demo: include_str!("../../../data/demo/services/acm.json"),
    #[cfg(feature = "acm")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "acm")))]
    fetch: None,
};

/// `DescribeCertificate` answers of one region.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AcmRecords {
    pub certificates: Vec<Certificate>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Certificate {
    pub certificate_arn: String,
    pub domain_name: Option<String>,
    pub r#type: Option<String>,
    pub status: Option<String>,
    pub key_algorithm: Option<String>,
    pub signature_algorithm: Option<String>,
    pub not_before: Option<String>,
    pub not_after: Option<String>,
    pub in_use_by: Vec<String>,
}

pub const CERTIFICATE: NodeSchema = NodeSchema {
    label: "AWSACMCertificate",
    id: Source::Field("arn"),
    extra_labels: &[
        ExtraLabel::always("ACMCertificate"),
        ExtraLabel::always("Certificate"),
    ],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::field("domainname", "domainname"),
        Property::field("type", "type"),
        Property::field("status", "status"),
        Property::field("key_algorithm", "key_algorithm"),
        Property::field("signature_algorithm", "signature_algorithm"),
        Property::field("not_before", "not_before"),
        Property::field("not_after", "not_after"),
        Property::field("in_use_by", "in_use_by"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[RelSchema::new(
        "USED_BY",
        Direction::Outward,
        "AWSELBV2Listener",
        &[Matcher::list("id", "listener_arns")],
    )],
    cleanup: CleanupMode::Scoped,
};

impl Records for AcmRecords {
    fn count(&self) -> u64 {
        self.certificates.len() as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        let rows = self.certificates.iter().map(certificate).collect();
        vec![(&CERTIFICATE, rows)]
    }
}

fn certificate(c: &Certificate) -> Row {
    row([
        ("arn", Value::from(c.certificate_arn.as_str())),
        ("domainname", opt(&c.domain_name)),
        ("type", opt(&c.r#type)),
        ("status", opt(&c.status)),
        ("key_algorithm", opt(&c.key_algorithm)),
        ("signature_algorithm", opt(&c.signature_algorithm)),
        ("not_before", opt(&c.not_before)),
        ("not_after", opt(&c.not_after)),
        ("in_use_by", strings(&c.in_use_by)),
        (
            "listener_arns",
            strings(c.in_use_by.iter().filter(|arn| arn.contains(":listener/"))),
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    #[test]
    fn listeners_in_use_become_relationships() {
        let records = AcmRecords {
            certificates: vec![Certificate {
                certificate_arn: "arn:aws:acm:us-east-1:1:certificate/a".into(),
                in_use_by: vec![
                    "arn:aws:elasticloadbalancing:us-east-1:1:listener/app/web/1/2".into(),
                    "arn:aws:cloudfront::1:distribution/E1".into(),
                ],
                ..Default::default()
            }],
        };
        let rows = records.rows("1");
        assert_eq!(rows.len(), 1);
        let listeners = format!("{:?}", rows[0].1[0].get("listener_arns"));
        assert!(listeners.contains("listener/app/web/1/2"), "{listeners}");
        assert!(!listeners.contains("cloudfront"), "{listeners}");
    }

    #[test]
    fn statement_is_cartographys_shape() {
        let q = ingest_query(&CERTIFICATE);
        assert!(
            q.contains("MERGE (i:AWSACMCertificate {id: item.arn})"),
            "{q}"
        );
        assert!(q.contains("i:ACMCertificate:Certificate"), "{q}");
        assert!(q.contains("MERGE (i)-[r0:USED_BY]->(n0)"), "{q}");
    }
}
