//! The AWS services beyond the core (IAM, EC2, S3, Organizations). Each is one module that
//! holds everything about it: its records (the API's shapes), the transform to rows, its
//! schemas and, behind its cargo feature, its fetch. A [`Service`] declaration registers it
//! under its Cartography sync key; the live run, the demo, the loader and the cleanup drive
//! every service the same way, from [`ALL`].

pub mod acm;
pub mod apigateway;
pub mod apigatewayv2;
pub mod bedrock;
pub mod cloudfront;
pub mod cloudtrail;
pub mod cloudwatch;
pub mod codebuild;
pub mod cognito;
pub mod config;
pub mod dynamodb;
pub mod ecr;
pub mod ecs;
pub mod efs;
pub mod eks;
pub mod elasticache;
pub mod elasticsearch;
pub mod elb;
pub mod elbv2;
pub mod emr;
pub mod eventbridge;
pub mod glue;
pub mod guardduty;
pub mod identitycenter;
pub mod inspector;
pub mod kms;
pub mod lambda;
pub mod rds;
pub mod redshift;
pub mod route53;
pub mod s3accountpab;
pub mod sagemaker;
pub mod secretsmanager;
pub mod securityhub;
pub mod ses;
pub mod sns;
pub mod sqs;
pub mod ssm;
pub mod tagging;

use std::collections::BTreeMap;

use cartograph_graph::{Params, Value};
use cartograph_sync::{LinkSchema, Loader, NodeSchema, Row, ServiceSummary, SyncError};
use serde::de::DeserializeOwned;
use serde_json::Value as Json;

use crate::load::account_params;

/// Every registered service, in no particular order (dependencies are declared with
/// [`Service::after`]).
pub const ALL: &[&Service] = &[
    &acm::SERVICE,
    &cloudtrail::SERVICE,
    &cloudwatch::SERVICE,
    &dynamodb::SERVICE,
    &ecr::SERVICE,
    &ecr::pull_through::SERVICE,
    &ecs::SERVICE,
    &efs::SERVICE,
    &eks::SERVICE,
    &elb::SERVICE,
    &elbv2::SERVICE,
    &kms::SERVICE,
    &lambda::SERVICE,
    &rds::SERVICE,
    &route53::SERVICE,
    &secretsmanager::SERVICE,
    &sns::SERVICE,
    &sqs::SERVICE,
    &ssm::SERVICE,
    &elasticache::SERVICE,
    &redshift::SERVICE,
    &s3accountpab::SERVICE,
    &tagging::SERVICE,
    &codebuild::SERVICE,
    &ses::SERVICE,
    &bedrock::SERVICE,
    &sagemaker::SERVICE,
    &apigateway::SERVICE,
    &apigatewayv2::SERVICE,
    &cloudfront::SERVICE,
    &elasticsearch::SERVICE,
    &emr::SERVICE,
    &cognito::SERVICE,
    &eventbridge::SERVICE,
    &glue::SERVICE,
    &identitycenter::SERVICE,
    &guardduty::SERVICE,
    &config::SERVICE,
    &securityhub::SERVICE,
    &inspector::SERVICE,
];

/// One AWS service, as the runner, the demo and the cleanup see it.
pub struct Service {
    /// Cartography's `--aws-requested-syncs` key (`rds`, `acm:certificate`, ...), also the
    /// service name in the run summary, which the analysis jobs read.
    pub key: &'static str,
    /// The cargo feature of `cartograph-aws` that builds its fetch.
    pub feature: &'static str,
    /// Read once per region (`true`) or once per account (global services).
    pub regional: bool,
    /// Syncs (core or registered) whose nodes this one links to: its rows are written only
    /// after theirs, in the same account, so the relationships find their targets.
    pub after: &'static [&'static str],
    /// Every schema it writes, in load order; cleanup runs them in reverse.
    pub schemas: &'static [&'static NodeSchema],
    /// Relationships it writes between nodes that exist already (written after the nodes,
    /// stamped with the account so that cleanup stays within it, cleaned up first).
    pub links: &'static [&'static LinkSchema],
    /// Records from their JSON form (the recorded demo estate).
    pub decode: fn(Json) -> Result<Box<dyn Records>, serde_json::Error>,
    /// The recorded demo estate: `{account id: {region (or "global"): records}}`.
    pub demo: &'static str,
    /// The live fetch, when this build has the service's feature.
    #[cfg(feature = "fetch")]
    pub fetch: Option<crate::fetch::FetchFn>,
}

/// A service's records for one account (and region).
pub trait Records: Send + Sync + 'static {
    /// How many API objects were read (for the run summary).
    fn count(&self) -> u64;
    /// The rows to write, schema by schema, in load order.
    fn rows(&self, account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)>;
    /// The link rows to write after the nodes, link schema by link schema.
    fn links(&self, _account_id: &str) -> Vec<(&'static LinkSchema, Vec<Row>)> {
        Vec::new()
    }
}

/// [`Service::decode`] for a records type.
pub fn decode<R: Records + DeserializeOwned>(
    json: Json,
) -> Result<Box<dyn Records>, serde_json::Error> {
    Ok(Box::new(serde_json::from_value::<R>(json)?))
}

/// The registered service with this sync key.
pub fn find(key: &str) -> Option<&'static Service> {
    ALL.iter().copied().find(|s| s.key == key)
}

/// The region of a global service's records in the demo estate and the run summary.
pub const GLOBAL: &str = "global";

fn params(account_id: &str, region: Option<&str>, update_tag: i64) -> Params {
    let mut params = account_params(account_id, update_tag);
    if let Some(r) = region {
        params.insert("Region".into(), Value::from(r));
    }
    params.insert("_sub_resource_label".into(), Value::from("AWSAccount"));
    params.insert("_sub_resource_id".into(), Value::from(account_id));
    params
}

/// Write one account's (and region's) records of `service`.
pub fn load(
    loader: &Loader,
    service: &Service,
    account_id: &str,
    region: Option<&str>,
    records: &dyn Records,
    update_tag: i64,
) -> Result<ServiceSummary, SyncError> {
    let params = params(account_id, region, update_tag);
    let mut summary = ServiceSummary::new("aws", account_id, region, service.key);
    summary.records = records.count();
    for (schema, rows) in records.rows(account_id) {
        summary.add_load(&loader.load(schema, &rows, &params)?, true);
    }
    for (link, rows) in records.links(account_id) {
        summary.add_load(&loader.load_links(link, &rows, &params)?, false);
    }
    Ok(summary)
}

/// Delete what `service` owned in the account but this run did not write. Run only when it
/// synced in every region of the account.
pub fn cleanup(
    loader: &Loader,
    service: &Service,
    account_id: &str,
    update_tag: i64,
) -> Result<ServiceSummary, SyncError> {
    let params = params(account_id, None, update_tag);
    let name = format!("cleanup:{}", service.key);
    let mut summary = ServiceSummary::new("aws", account_id, None, &name);
    for link in service.links {
        summary.add_cleanup(&loader.cleanup_links(link, &params)?);
    }
    for schema in service.schemas.iter().rev() {
        summary.add_cleanup(&loader.cleanup(schema, &params)?);
    }
    Ok(summary)
}

/// One service's recorded records: by account, then region (or [`GLOBAL`]).
pub type Recorded = BTreeMap<String, BTreeMap<String, Box<dyn Records>>>;

/// The demo records of `service`.
pub fn recorded(service: &Service) -> Result<Recorded, serde_json::Error> {
    let raw: BTreeMap<String, BTreeMap<String, Json>> = serde_json::from_str(service.demo)?;
    raw.into_iter()
        .map(|(account, regions)| {
            let regions = regions
                .into_iter()
                .map(|(region, json)| Ok((region, (service.decode)(json)?)))
                .collect::<Result<_, serde_json::Error>>()?;
            Ok((account, regions))
        })
        .collect()
}

/// Services in dependency order: each after every service it names in `after`. A cycle
/// (a bug in the declarations) leaves the rest in declaration order.
pub fn ordered<'a>(services: impl IntoIterator<Item = &'a Service>) -> Vec<&'a Service> {
    let mut pending: Vec<&Service> = services.into_iter().collect();
    let mut out: Vec<&Service> = Vec::with_capacity(pending.len());
    while !pending.is_empty() {
        let ready = pending.iter().position(|s| {
            s.after
                .iter()
                .all(|dep| !pending.iter().any(|p| p.key == *dep))
        });
        out.push(pending.remove(ready.unwrap_or(0)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_demo_records_decode() {
        let mut keys: Vec<&str> = ALL.iter().map(|s| s.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), ALL.len());
        for service in ALL {
            let recorded = recorded(service);
            assert!(recorded.is_ok(), "{}: {:?}", service.key, recorded.err());
        }
    }

    #[test]
    fn dependencies_come_first() {
        let order = ordered(ALL.iter().copied());
        for (i, s) in order.iter().enumerate() {
            for dep in s.after {
                if let Some(j) = order.iter().position(|o| o.key == *dep) {
                    assert!(j < i, "{} must come after {dep}", s.key);
                }
            }
        }
    }
}
