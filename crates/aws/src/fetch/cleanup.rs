//! Stale-data cleanup per (account, service): the schemas each service owns, deleted in the
//! same order as [`crate::schemas::ACCOUNT_SCOPED`] (dependents first). The runner calls a
//! service's cleanup only when that service synced in every region of the account.

use cartograph_graph::{Params, Value};
use cartograph_sync::{Loader, NodeSchema, ServiceSummary, SyncError};

use crate::load::account_params;
use crate::schemas as s;

const IAM: &[&NodeSchema] = &[
    &s::INSTANCE_PROFILE,
    &s::SAML_PROVIDER,
    &s::MFA_DEVICE,
    &s::ACCESS_KEY,
    &s::MANAGED_POLICY,
    &s::INLINE_POLICY,
    &s::AWS_ROLE,
    &s::FEDERATED_PRINCIPAL,
    &s::AWS_GROUP,
    &s::AWS_USER,
    &s::ROOT_PRINCIPAL,
];

const S3: &[&NodeSchema] = &[&s::S3_POLICY_STATEMENT, &s::S3_ACL, &s::S3_BUCKET];

const EC2: &[&NodeSchema] = &[
    &s::SUBNET_AUTO_SCALING_GROUP,
    &s::INSTANCE_AUTO_SCALING_GROUP,
    &s::AUTO_SCALING_GROUP,
    &s::LAUNCH_TEMPLATE_VERSION,
    &s::LAUNCH_TEMPLATE,
    &s::ELASTIC_IP,
    &s::VPC_PEERING,
    &s::ROUTE_TABLE_VPC_ENDPOINT,
    &s::SECURITY_GROUP_VPC_ENDPOINT,
    &s::SUBNET_VPC_ENDPOINT,
    &s::ROUTE_TABLE,
    &s::ROUTE_TABLE_ASSOCIATION,
    &s::ROUTE,
    &s::VPC_ENDPOINT,
    &s::NETWORK_ACL_EGRESS_RULE,
    &s::NETWORK_ACL_INBOUND_RULE,
    &s::NETWORK_ACL,
    &s::INTERNET_GATEWAY,
    &s::EC2_IMAGE,
    &s::EBS_VOLUME_INSTANCE,
    &s::EBS_VOLUME,
    &s::EBS_SNAPSHOT,
    &s::PRIVATE_IP,
    &s::NETWORK_INTERFACE,
    &s::KEYPAIR_INSTANCE,
    &s::KEYPAIR,
    &s::SECURITY_GROUP_INSTANCE,
    &s::IP_RANGE,
    &s::IP_PERMISSION_INBOUND,
    &s::IP_RULE,
    &s::SECURITY_GROUP,
    &s::SUBNET_INSTANCE,
    &s::SUBNET,
    &s::IPV4_CIDR_BLOCK,
    &s::IPV6_CIDR_BLOCK,
    &s::VPC,
    &s::EC2_RESERVATION,
    &s::EC2_INSTANCE,
];

/// A service whose stale data can be cleaned up on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Owned {
    /// IAM, including policy statements and `STS_ASSUMEROLE_ALLOW` links.
    Iam,
    S3,
    Ec2,
}

impl Owned {
    pub fn name(self) -> &'static str {
        match self {
            Owned::Iam => "iam",
            Owned::S3 => "s3",
            Owned::Ec2 => "ec2",
        }
    }
}

fn with(params: &Params, key: &str, value: Value) -> Params {
    let mut p = params.clone();
    p.insert(key.to_string(), value);
    p
}

/// Delete what `service` of `account_id` owned but this run did not write.
pub fn cleanup(
    loader: &Loader,
    account_id: &str,
    service: Owned,
    update_tag: i64,
) -> Result<ServiceSummary, SyncError> {
    let params = account_params(account_id, update_tag);
    let mut summary = ServiceSummary::new("aws", account_id, None, "cleanup");
    summary.service = format!("cleanup:{}", service.name());
    let schemas = match service {
        Owned::Iam => {
            iam_extras(loader, account_id, &params, &mut summary)?;
            IAM
        }
        Owned::S3 => S3,
        Owned::Ec2 => EC2,
    };
    for schema in schemas {
        summary.add_cleanup(&loader.cleanup(schema, &params)?);
    }
    Ok(summary)
}

/// Policy statements hang off policies, not the account, and trust links are link rows:
/// both are cleaned before the IAM nodes.
fn iam_extras(
    loader: &Loader,
    account_id: &str,
    params: &Params,
    summary: &mut ServiceSummary,
) -> Result<(), SyncError> {
    let policies = loader
        .backend()
        .run(
            "MATCH (:AWSAccount {id: $AWS_ID})-[:RESOURCE]->(p:AWSPolicy) RETURN p.id",
            params,
        )
        .map_err(|source| SyncError::Graph {
            label: "AWSPolicy".into(),
            source,
        })?;
    for policy in policies.rows.iter().filter_map(|r| r.first()) {
        let p = with(params, "POLICY_ID", policy.clone());
        summary.add_cleanup(&loader.cleanup(&s::POLICY_STATEMENT_CLEANUP, &p)?);
    }
    let link_params = with(
        &with(params, "_sub_resource_label", Value::from("AWSAccount")),
        "_sub_resource_id",
        Value::from(account_id),
    );
    summary.add_cleanup(&loader.cleanup_links(&s::STS_ASSUMEROLE_ALLOW, &link_params)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::cleanup::cleanup_queries;

    /// The three services together clean exactly what a whole-account cleanup does, in the
    /// same order.
    #[test]
    fn services_partition_the_account_scoped_schemas() {
        let queries = |list: &[&NodeSchema]| -> Vec<Vec<String>> {
            list.iter().map(|schema| cleanup_queries(schema)).collect()
        };
        let parts: Vec<&NodeSchema> = [S3, EC2, IAM].concat();
        assert_eq!(queries(&parts), queries(s::ACCOUNT_SCOPED));
    }
}
