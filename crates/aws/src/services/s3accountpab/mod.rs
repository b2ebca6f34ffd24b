//! S3 account public access block (`s3accountpublicaccessblock`): the account-wide switch
//! that overrides every bucket's public ACLs and policies. One setting per account, read
//! once; CIS 2.1.4 wants all four flags on. An account without the setting has no node.

#[cfg(feature = "s3accountpublicaccessblock")]
pub mod fetch;

use cartograph_graph::Value;
use cartograph_sync::{CleanupMode, ExtraLabel, NodeSchema, Property, Row, Source};
use serde::{Deserialize, Serialize};

use super::{Records, Service, decode};
use crate::schemas::ACCOUNT_RESOURCE;
use crate::transform::row;

pub const SERVICE: Service = Service {
    key: "s3accountpublicaccessblock",
    feature: "s3accountpublicaccessblock",
    regional: false,
    after: &[],
    schemas: &[&ACCOUNT_PUBLIC_ACCESS_BLOCK],
    links: &[],
    decode: decode::<AccountPabRecords>,
    demo: include_str!("../../../data/demo/services/s3accountpublicaccessblock.json"),
    #[cfg(feature = "s3accountpublicaccessblock")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "s3accountpublicaccessblock")))]
    fetch: None,
};

/// `GetPublicAccessBlock` of the account (none when it has no setting), with the region it
/// was read in: Cartography identifies the setting as `<account>:<region>`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AccountPabRecords {
    pub region: String,
    pub public_access_block_configuration: Option<PublicAccessBlockConfiguration>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PublicAccessBlockConfiguration {
    pub block_public_acls: Option<bool>,
    pub ignore_public_acls: Option<bool>,
    pub block_public_policy: Option<bool>,
    pub restrict_public_buckets: Option<bool>,
}

pub const ACCOUNT_PUBLIC_ACCESS_BLOCK: NodeSchema = NodeSchema {
    label: "AWSS3AccountPublicAccessBlock",
    id: Source::Field("id"),
    extra_labels: &[ExtraLabel::always("S3AccountPublicAccessBlock")],
    properties: &[
        Property::field("account_id", "account_id"),
        Property::field("region", "region"),
        Property::field("block_public_acls", "block_public_acls"),
        Property::field("ignore_public_acls", "ignore_public_acls"),
        Property::field("block_public_policy", "block_public_policy"),
        Property::field("restrict_public_buckets", "restrict_public_buckets"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[],
    cleanup: CleanupMode::Scoped,
};

impl Records for AccountPabRecords {
    fn count(&self) -> u64 {
        u64::from(self.public_access_block_configuration.is_some())
    }

    fn rows(&self, account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        let rows = self
            .public_access_block_configuration
            .iter()
            .map(|c| {
                row([
                    ("id", Value::from(format!("{account_id}:{}", self.region))),
                    ("account_id", Value::from(account_id)),
                    ("region", Value::from(self.region.as_str())),
                    ("block_public_acls", Value::from(c.block_public_acls)),
                    ("ignore_public_acls", Value::from(c.ignore_public_acls)),
                    ("block_public_policy", Value::from(c.block_public_policy)),
                    (
                        "restrict_public_buckets",
                        Value::from(c.restrict_public_buckets),
                    ),
                ])
            })
            .collect();
        vec![(&ACCOUNT_PUBLIC_ACCESS_BLOCK, rows)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    #[test]
    fn one_node_per_configured_account_and_none_without() {
        let mut records = AccountPabRecords {
            region: "us-east-1".into(),
            public_access_block_configuration: Some(PublicAccessBlockConfiguration {
                block_public_acls: Some(true),
                ..Default::default()
            }),
        };
        let rows = records.rows("123");
        let id = rows[0].1[0].get("id");
        assert!(
            id.is_some_and(|v| v.equivalent(&Value::from("123:us-east-1"))),
            "{id:?}"
        );
        records.public_access_block_configuration = None;
        assert!(records.rows("123")[0].1.is_empty());
        assert_eq!(records.count(), 0);
    }

    #[test]
    fn statement_is_cartographys_shape() {
        let q = ingest_query(&ACCOUNT_PUBLIC_ACCESS_BLOCK);
        assert!(
            q.contains("MERGE (i:AWSS3AccountPublicAccessBlock {id: item.id})"),
            "{q}"
        );
        assert!(q.contains("i:S3AccountPublicAccessBlock"), "{q}");
    }
}
