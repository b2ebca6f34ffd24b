//! SES email identities (`ses`): SESv2 `ListEmailIdentities`, then `GetEmailIdentity` for each
//! (verification and DKIM state), per region. The API gives no ARN: the fetch builds it from
//! the region and account, as Cartography does.

#[cfg(feature = "ses")]
pub mod fetch;

use cartograph_graph::Value;
use cartograph_sync::{CleanupMode, ExtraLabel, NodeSchema, Property, Row, Source};
use serde::{Deserialize, Serialize};

use super::{Records, Service, decode};
use crate::schemas::ACCOUNT_RESOURCE;
use crate::transform::{opt, row};

pub const SERVICE: Service = Service {
    key: "ses",
    feature: "ses",
    regional: true,
    after: &[],
    schemas: &[&EMAIL_IDENTITY],
    links: &[],
    decode: decode::<SesRecords>,
    demo: include_str!("../../../data/demo/services/ses.json"),
    #[cfg(feature = "ses")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "ses")))]
    fetch: None,
};

/// The email identities of one region.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SesRecords {
    pub email_identities: Vec<EmailIdentity>,
}

/// A `ListEmailIdentities` entry with its `GetEmailIdentity` details and its ARN.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EmailIdentity {
    pub arn: String,
    pub identity_name: String,
    pub identity_type: Option<String>,
    pub sending_enabled: bool,
    pub verification_status: Option<String>,
    pub dkim_attributes: DkimAttributes,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DkimAttributes {
    pub signing_enabled: bool,
    pub status: Option<String>,
}

/// The identity's ARN (`arn:aws:ses:<region>:<account>:identity/<name>`).
pub fn identity_arn(region: &str, account_id: &str, name: &str) -> String {
    format!("arn:aws:ses:{region}:{account_id}:identity/{name}")
}

/// `AWSSESEmailIdentity` (legacy `SESEmailIdentity`).
pub const EMAIL_IDENTITY: NodeSchema = NodeSchema {
    label: "AWSSESEmailIdentity",
    id: Source::Field("Arn"),
    extra_labels: &[ExtraLabel::always("SESEmailIdentity")],
    properties: &[
        Property::indexed("arn", "Arn"),
        Property::field("identity", "IdentityName"),
        Property::field("identity_type", "IdentityType"),
        Property::field("sending_enabled", "SendingEnabled"),
        Property::field("verification_status", "VerificationStatus"),
        Property::field("dkim_signing_enabled", "DkimSigningEnabled"),
        Property::field("dkim_status", "DkimStatus"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[],
    cleanup: CleanupMode::Scoped,
};

impl Records for SesRecords {
    fn count(&self) -> u64 {
        self.email_identities.len() as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        vec![(
            &EMAIL_IDENTITY,
            self.email_identities.iter().map(identity).collect(),
        )]
    }
}

fn identity(i: &EmailIdentity) -> Row {
    row([
        ("Arn", Value::from(i.arn.as_str())),
        ("IdentityName", Value::from(i.identity_name.as_str())),
        ("IdentityType", opt(&i.identity_type)),
        ("SendingEnabled", Value::Bool(i.sending_enabled)),
        ("VerificationStatus", opt(&i.verification_status)),
        (
            "DkimSigningEnabled",
            Value::Bool(i.dkim_attributes.signing_enabled),
        ),
        ("DkimStatus", opt(&i.dkim_attributes.status)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    #[test]
    fn arns_name_region_account_and_identity() {
        assert_eq!(
            identity_arn("eu-west-1", "1", "example.com"),
            "arn:aws:ses:eu-west-1:1:identity/example.com"
        );
    }

    #[test]
    fn statement_is_cartographys_shape() {
        let q = ingest_query(&EMAIL_IDENTITY);
        assert!(
            q.contains("MERGE (i:AWSSESEmailIdentity {id: item.Arn})"),
            "{q}"
        );
        assert!(q.contains("i:SESEmailIdentity"), "{q}");
        assert!(q.contains("i.dkim_status = item.DkimStatus"), "{q}");
    }
}
