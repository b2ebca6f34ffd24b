//! Cognito (`cognito`): identity pools with the IAM roles they hand out
//! (`ListIdentityPools`, then `GetIdentityPoolRoles` for each) and user pools
//! (`ListUserPools`), per region. Neither list returns ARNs: Cartography stores the id as
//! `arn`, and so does this. Unlike Cartography, user pools are read even in a region without
//! identity pools.

#[cfg(feature = "cognito")]
pub mod fetch;

use std::collections::BTreeMap;

use cartograph_graph::Value;
use cartograph_sync::{
    CleanupMode, Direction, ExtraLabel, Matcher, NodeSchema, Property, RelSchema, Row, Source,
};
use serde::{Deserialize, Serialize};

use super::{Records, Service, decode};
use crate::schemas::ACCOUNT_RESOURCE;
use crate::transform::{opt, row, strings};

pub const SERVICE: Service = Service {
    key: "cognito",
    feature: "cognito",
    regional: true,
    after: &["iam"],
    schemas: &[&IDENTITY_POOL, &USER_POOL],
    links: &[],
    decode: decode::<CognitoRecords>,
    demo: include_str!("../../../data/demo/services/cognito.json"),
    #[cfg(feature = "cognito")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "cognito")))]
    fetch: None,
};

/// One region's pools.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CognitoRecords {
    /// `GetIdentityPoolRoles` answers.
    pub identity_pools: Vec<IdentityPool>,
    /// `ListUserPools` entries.
    pub user_pools: Vec<UserPool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IdentityPool {
    pub identity_pool_id: String,
    /// Role ARN by kind (`authenticated`, `unauthenticated`).
    pub roles: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UserPool {
    pub id: String,
    pub name: Option<String>,
    pub status: Option<String>,
}

pub const IDENTITY_POOL: NodeSchema = NodeSchema {
    label: "AWSCognitoIdentityPool",
    id: Source::Field("id"),
    extra_labels: &[ExtraLabel::always("CognitoIdentityPool")],
    properties: &[
        Property::indexed("arn", "id"),
        Property::param("region", "Region"),
        Property::field("roles", "roles"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[RelSchema::new(
        "ASSOCIATED_WITH",
        Direction::Outward,
        "AWSRole",
        &[Matcher::list("arn", "roles")],
    )],
    cleanup: CleanupMode::Scoped,
};

pub const USER_POOL: NodeSchema = NodeSchema {
    label: "AWSCognitoUserPool",
    id: Source::Field("id"),
    extra_labels: &[ExtraLabel::always("CognitoUserPool")],
    properties: &[
        Property::indexed("arn", "id"),
        Property::param("region", "Region"),
        Property::field("name", "name"),
        Property::field("status", "status"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[],
    cleanup: CleanupMode::Scoped,
};

impl Records for CognitoRecords {
    fn count(&self) -> u64 {
        (self.identity_pools.len() + self.user_pools.len()) as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        let identity_pools = self
            .identity_pools
            .iter()
            .map(|p| {
                row([
                    ("id", Value::from(p.identity_pool_id.as_str())),
                    ("roles", strings(p.roles.values())),
                ])
            })
            .collect();
        let user_pools = self
            .user_pools
            .iter()
            .map(|p| {
                row([
                    ("id", Value::from(p.id.as_str())),
                    ("name", opt(&p.name)),
                    ("status", opt(&p.status)),
                ])
            })
            .collect();
        vec![(&IDENTITY_POOL, identity_pools), (&USER_POOL, user_pools)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    fn show(v: Option<&Value>) -> String {
        format!("{v:?}")
    }

    #[test]
    fn identity_pool_roles_become_a_list() {
        let records: CognitoRecords = serde_json::from_value(serde_json::json!({
            "IdentityPools": [{
                "IdentityPoolId": "us-east-1:1",
                "Roles": {
                    "unauthenticated": "arn:aws:iam::1:role/guest",
                    "authenticated": "arn:aws:iam::1:role/signed-in"
                }
            }]
        }))
        .unwrap();
        let rows = records.rows("1");
        assert_eq!(
            show(rows[0].1[0].get("roles")),
            show(Some(&strings([
                "arn:aws:iam::1:role/signed-in",
                "arn:aws:iam::1:role/guest"
            ])))
        );
        assert!(rows[1].1.is_empty());
    }

    #[test]
    fn statements_are_cartographys_shape() {
        let q = ingest_query(&IDENTITY_POOL);
        assert!(
            q.contains("MERGE (i:AWSCognitoIdentityPool {id: item.id})"),
            "{q}"
        );
        assert!(q.contains("i:CognitoIdentityPool"), "{q}");
        assert!(q.contains("MERGE (i)-[r0:ASSOCIATED_WITH]->(n0)"), "{q}");
        let q = ingest_query(&USER_POOL);
        assert!(q.contains("i:CognitoUserPool"), "{q}");
    }
}
