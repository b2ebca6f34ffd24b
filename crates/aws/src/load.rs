//! The load sequence of the AWS provider: which schemas, in which order, with which
//! sync-wide parameters, for one account (IAM and S3), one region (EC2) and the
//! organization; and the scoped cleanup of an account. The live fetch and the demo both
//! drive these functions, so the demo exercises the real path.

use std::collections::BTreeSet;

use cartograph_graph::{Params, Value};
use cartograph_sync::{Loader, NodeSchema, Row, ServiceSummary, SyncError};

use crate::records::{AccountRecords, IamRecords, Organization, RegionRecords, S3Records};
use crate::schemas as s;
use crate::transform::{ec2, iam, org, row, s3};

/// Why loading AWS data failed.
#[derive(Debug, thiserror::Error)]
pub enum AwsError {
    #[error(transparent)]
    Sync(#[from] SyncError),
    #[error("the recorded estate {file} is not valid: {source}")]
    Records {
        file: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("reading the graph: {0}")]
    Graph(#[from] cartograph_cypher::CypherError),
}

/// The parameters every statement of an account's sync reads.
pub fn account_params(account_id: &str, update_tag: i64) -> Params {
    Params::from([
        ("lastupdated".to_string(), Value::Int(update_tag)),
        ("UPDATE_TAG".to_string(), Value::Int(update_tag)),
        ("AWS_ID".to_string(), Value::from(account_id)),
    ])
}

fn with(params: &Params, key: &str, value: Value) -> Params {
    let mut p = params.clone();
    p.insert(key.to_string(), value);
    p
}

/// Loads schemas into one summary.
struct Step<'l, 'b> {
    loader: &'l Loader<'b>,
    summary: ServiceSummary,
}

impl Step<'_, '_> {
    fn nodes(
        &mut self,
        schema: &NodeSchema,
        rows: &[Row],
        params: &Params,
    ) -> Result<(), SyncError> {
        let stats = self.loader.load(schema, rows, params)?;
        self.summary.add_load(&stats, true);
        Ok(())
    }
}

/// The account node of an account in the sync scope.
pub fn load_account(
    loader: &Loader,
    account: &AccountRecords,
    update_tag: i64,
) -> Result<(), SyncError> {
    let rows = [row([
        ("id", Value::from(account.account_id.as_str())),
        (
            "name",
            account
                .name
                .as_deref()
                .map_or(Value::from(account.account_id.as_str()), Value::from),
        ),
        ("inscope", Value::Bool(true)),
        ("foreign", Value::Bool(false)),
    ])];
    loader.load(
        &s::AWS_ACCOUNT,
        &rows,
        &account_params(&account.account_id, update_tag),
    )?;
    Ok(())
}

/// IAM of one account. `in_scope` lists the accounts being synced: trusted accounts outside
/// it are created as foreign accounts with their root principal.
pub fn load_iam(
    loader: &Loader,
    account_id: &str,
    records: &IamRecords,
    in_scope: &BTreeSet<String>,
    update_tag: i64,
) -> Result<ServiceSummary, SyncError> {
    let params = account_params(account_id, update_tag);
    let rows = iam::transform(records, account_id);
    let mut step = Step {
        loader,
        summary: ServiceSummary::new("aws", account_id, None, "iam"),
    };
    step.summary.records = (records.user_detail_list.len()
        + records.group_detail_list.len()
        + records.role_detail_list.len()
        + records.policies.len()
        + records.access_keys.len()
        + records.mfa_devices.len()) as u64;
    step.nodes(&s::ROOT_PRINCIPAL, &rows.root_principal, &params)?;
    step.nodes(&s::AWS_USER, &rows.users, &params)?;
    step.nodes(&s::AWS_GROUP, &rows.groups, &params)?;
    for other in rows
        .trusted_account_ids
        .iter()
        .filter(|a| !in_scope.contains(*a))
    {
        let foreign = [row([
            ("id", Value::from(other.as_str())),
            ("foreign", Value::Bool(true)),
        ])];
        let other_params = account_params(other, update_tag);
        step.nodes(&s::FOREIGN_ACCOUNT, &foreign, &other_params)?;
        step.nodes(
            &s::ROOT_PRINCIPAL,
            &[iam::root_principal(other)],
            &other_params,
        )?;
    }
    step.nodes(&s::SERVICE_PRINCIPAL, &rows.service_principals, &params)?;
    step.nodes(&s::FEDERATED_PRINCIPAL, &rows.federated_principals, &params)?;
    step.nodes(&s::AWS_ROLE, &rows.roles, &params)?;
    step.nodes(&s::MANAGED_POLICY, &rows.managed_policies, &params)?;
    step.nodes(&s::INLINE_POLICY, &rows.inline_policies, &params)?;
    step.nodes(&s::POLICY_STATEMENT, &rows.statements, &params)?;
    step.nodes(&s::ACCESS_KEY, &rows.access_keys, &params)?;
    step.nodes(&s::MFA_DEVICE, &rows.mfa_devices, &params)?;
    step.nodes(&s::INSTANCE_PROFILE, &rows.instance_profiles, &params)?;
    step.nodes(&s::SAML_PROVIDER, &rows.saml_providers, &params)?;
    step.nodes(
        &s::ACCOUNT_SUMMARY,
        &iam::account_summary(records, account_id),
        &params,
    )?;
    Ok(step.summary)
}

/// Cross-account edges of one account's roles, once every account's principals exist:
/// `TRUSTS_AWS_PRINCIPAL` to principals of other accounts and `STS_ASSUMEROLE_ALLOW`.
pub fn load_trusts(
    loader: &Loader,
    account_id: &str,
    records: &IamRecords,
    all: &[&IamRecords],
    update_tag: i64,
) -> Result<ServiceSummary, SyncError> {
    let params = account_params(account_id, update_tag);
    let mut step = Step {
        loader,
        summary: ServiceSummary::new("aws", account_id, None, "iam-trusts"),
    };
    let rows = iam::transform(records, account_id);
    let stats = loader.load(&s::AWS_ROLE, &rows.roles, &params)?;
    step.summary.relationships += stats.relationships_created;
    let links = iam::assume_role_allow(records, all);
    step.summary.records = links.len() as u64;
    let link_params = with(
        &with(&params, "_sub_resource_label", Value::from("AWSAccount")),
        "_sub_resource_id",
        Value::from(account_id),
    );
    let stats = loader.load_links(&s::STS_ASSUMEROLE_ALLOW, &links, &link_params)?;
    step.summary.add_load(&stats, false);
    Ok(step.summary)
}

/// EC2 and Auto Scaling of one region of one account.
pub fn load_ec2(
    loader: &Loader,
    account_id: &str,
    region: &RegionRecords,
    update_tag: i64,
) -> Result<ServiceSummary, SyncError> {
    let params = with(
        &account_params(account_id, update_tag),
        "Region",
        Value::from(region.region.as_str()),
    );
    let r = ec2::transform(region, account_id);
    let mut step = Step {
        loader,
        summary: ServiceSummary::new("aws", account_id, Some(&region.region), "ec2"),
    };
    step.summary.records = (region
        .reservations
        .iter()
        .map(|x| x.instances.len())
        .sum::<usize>()
        + region.security_groups.len()
        + region.vpcs.len()
        + region.subnets.len()
        + region.network_interfaces.len()
        + region.volumes.len()
        + region.snapshots.len()
        + region.images.len()
        + region.route_tables.len()
        + region.network_acls.len()
        + region.vpc_endpoints.len()
        + region
            .launch_templates
            .iter()
            .map(|t| 1 + t.versions.len())
            .sum::<usize>()) as u64;
    let order: [(&NodeSchema, &Vec<Row>); 41] = [
        (&s::VPC, &r.vpcs),
        (&s::IPV4_CIDR_BLOCK, &r.ipv4_cidr_blocks),
        (&s::IPV6_CIDR_BLOCK, &r.ipv6_cidr_blocks),
        (&s::SUBNET, &r.subnets),
        (&s::SECURITY_GROUP, &r.security_groups),
        (&s::IP_PERMISSION_INBOUND, &r.inbound_rules),
        (&s::IP_RULE, &r.egress_rules),
        (&s::IP_RANGE, &r.ip_ranges),
        (&s::EC2_RESERVATION, &r.reservations),
        (&s::EC2_INSTANCE, &r.instances),
        (&s::SUBNET_INSTANCE, &r.instance_subnets),
        (&s::SECURITY_GROUP_INSTANCE, &r.instance_security_groups),
        (&s::KEYPAIR, &r.key_pairs),
        (&s::KEYPAIR_INSTANCE, &r.instance_key_pairs),
        (&s::NETWORK_INTERFACE, &r.network_interfaces),
        (&s::PRIVATE_IP, &r.private_ips),
        (&s::EBS_SNAPSHOT, &r.snapshots),
        (&s::EBS_VOLUME, &r.volumes),
        (&s::EBS_VOLUME_INSTANCE, &r.instance_volumes),
        (&s::EC2_IMAGE, &r.images),
        (&s::INTERNET_GATEWAY, &r.internet_gateways),
        (&s::NETWORK_ACL, &r.network_acls),
        (&s::NETWORK_ACL_INBOUND_RULE, &r.nacl_inbound_rules),
        (&s::NETWORK_ACL_EGRESS_RULE, &r.nacl_egress_rules),
        (&s::VPC_ENDPOINT, &r.vpc_endpoints),
        (&s::SUBNET_VPC_ENDPOINT, &r.vpc_endpoint_subnets),
        (
            &s::SECURITY_GROUP_VPC_ENDPOINT,
            &r.vpc_endpoint_security_groups,
        ),
        (&s::ROUTE_TABLE_VPC_ENDPOINT, &r.vpc_endpoint_route_tables),
        (&s::ROUTE, &r.routes),
        (&s::ROUTE_TABLE_ASSOCIATION, &r.route_table_associations),
        (&s::ROUTE_TABLE, &r.route_tables),
        (&s::PEER_ACCOUNT, &r.peer_accounts),
        (&s::PEERED_VPC, &r.peered_vpcs),
        (&s::PEERED_CIDR_BLOCK, &r.peered_cidr_blocks),
        (&s::VPC_PEERING, &r.peerings),
        (&s::ELASTIC_IP, &r.elastic_ips),
        (&s::LAUNCH_TEMPLATE, &r.launch_templates),
        (&s::LAUNCH_TEMPLATE_VERSION, &r.launch_template_versions),
        (&s::AUTO_SCALING_GROUP, &r.auto_scaling_groups),
        (&s::INSTANCE_AUTO_SCALING_GROUP, &r.asg_instances),
        (&s::SUBNET_AUTO_SCALING_GROUP, &r.asg_subnets),
    ];
    for (schema, rows) in order {
        step.nodes(schema, rows, &params)?;
    }
    Ok(step.summary)
}

/// S3 buckets of one account.
pub fn load_s3(
    loader: &Loader,
    account_id: &str,
    records: &S3Records,
    update_tag: i64,
) -> Result<ServiceSummary, SyncError> {
    let params = account_params(account_id, update_tag);
    let r = s3::transform(records, account_id);
    let mut step = Step {
        loader,
        summary: ServiceSummary::new("aws", account_id, None, "s3"),
    };
    step.summary.records = records.buckets.len() as u64;
    step.nodes(&s::S3_BUCKET, &r.buckets, &params)?;
    step.nodes(&s::S3_ACL, &r.acls, &params)?;
    step.nodes(&s::S3_POLICY_STATEMENT, &r.policy_statements, &params)?;
    Ok(step.summary)
}

/// The organization, its member accounts, root and OUs (member accounts first, so that the
/// tree can link to them).
pub fn load_organization(
    loader: &Loader,
    organization: &Organization,
    update_tag: i64,
) -> Result<ServiceSummary, SyncError> {
    let rows = org::transform(organization);
    let scope = organization.master_account_id.clone().unwrap_or_default();
    let mut params = account_params(&scope, update_tag);
    params.insert("ORG_ID".into(), Value::from(organization.id.as_str()));
    let mut step = Step {
        loader,
        summary: ServiceSummary::new("aws", &scope, None, "organizations"),
    };
    step.summary.records =
        (organization.accounts.len() + organization.organizational_units.len() + 1) as u64;
    step.nodes(&s::AWS_ORGANIZATION, &rows.organization, &params)?;
    step.nodes(&s::ORG_ACCOUNT, &rows.accounts, &params)?;
    step.nodes(&s::ORG_ROOT, &rows.roots, &params)?;
    for root in &organization.roots {
        let p = with(
            &params,
            "ROOT_ID",
            Value::from(org::scoped(organization, &root.id)),
        );
        // Twice: the first pass creates every OU, the second links OUs to their child OUs.
        step.nodes(&s::ORG_UNIT, &rows.units, &p)?;
        step.nodes(&s::ORG_UNIT, &rows.units, &p)?;
    }
    step.nodes(&s::ORG_ROOT, &rows.roots, &params)?;
    cleanup_organization(loader, organization, &params, &mut step.summary)?;
    Ok(step.summary)
}

/// After a complete read of the organization: OUs and roots it no longer has; organizations
/// the management account earlier had (it left or recreated one), with their trees; and
/// accounts that left, stripped of their organization properties as Cartography does.
fn cleanup_organization(
    loader: &Loader,
    organization: &Organization,
    params: &Params,
    summary: &mut ServiceSummary,
) -> Result<(), SyncError> {
    let graph = |query: &str, p: &Params| {
        loader
            .backend()
            .run(query, p)
            .map_err(|source| SyncError::Graph {
                label: "AWSOrganization".into(),
                source,
            })
    };
    let earlier = graph(
        "MATCH (o:AWSOrganization) WHERE o.management_account_id = $AWS_ID AND o.id <> $ORG_ID \
         RETURN o.id",
        params,
    )?;
    let orgs = std::iter::once(Value::from(organization.id.as_str()))
        .chain(earlier.rows.iter().filter_map(|r| r.first().cloned()));
    for org_id in orgs {
        let p = with(params, "ORG_ID", org_id);
        let roots = graph(
            "MATCH (:AWSOrganization {id: $ORG_ID})-[:RESOURCE]->(r:AWSOrganizationRoot) RETURN r.id",
            &p,
        )?;
        for root in roots.rows.iter().filter_map(|r| r.first()) {
            let q = with(&p, "ROOT_ID", root.clone());
            summary.add_cleanup(&loader.cleanup(&s::ORG_UNIT, &q)?);
        }
        summary.add_cleanup(&loader.cleanup(&s::ORG_ROOT, &p)?);
    }
    graph(
        "MATCH (o:AWSOrganization) WHERE o.management_account_id = $AWS_ID AND o.id <> $ORG_ID \
         AND o.lastupdated <> $UPDATE_TAG DETACH DELETE o",
        params,
    )?;
    let members = Value::List(
        organization
            .accounts
            .iter()
            .map(|a| Value::from(a.id.as_str()))
            .collect(),
    );
    graph(
        "MATCH (a:AWSAccount {org_id: $ORG_ID}) WHERE NOT a.id IN $MEMBERS \
         SET a.arn = null, a.email = null, a.state = null, a.status = null, \
         a.joined_method = null, a.joined_timestamp = null, a.org_id = null, \
         a.lastupdated = $UPDATE_TAG",
        &with(params, "MEMBERS", members),
    )?;
    Ok(())
}

/// Delete what the account owned but this run (`update_tag`) did not write. Run only when
/// every service of the account synced.
pub fn cleanup_account(
    loader: &Loader,
    account_id: &str,
    update_tag: i64,
) -> Result<ServiceSummary, AwsError> {
    let params = account_params(account_id, update_tag);
    let mut summary = ServiceSummary::new("aws", account_id, None, "cleanup");
    // Statements hang off policies, not the account: clean them policy by policy first.
    let policies = loader.backend().run(
        "MATCH (:AWSAccount {id: $AWS_ID})-[:RESOURCE]->(p:AWSPolicy) RETURN p.id",
        &params,
    )?;
    for policy in policies.rows.iter().filter_map(|r| r.first()) {
        let p = with(&params, "POLICY_ID", policy.clone());
        summary.add_cleanup(&loader.cleanup(&s::POLICY_STATEMENT_CLEANUP, &p)?);
    }
    let link_params = with(
        &with(&params, "_sub_resource_label", Value::from("AWSAccount")),
        "_sub_resource_id",
        Value::from(account_id),
    );
    summary.add_cleanup(&loader.cleanup_links(&s::STS_ASSUMEROLE_ALLOW, &link_params)?);
    for schema in s::ACCOUNT_SCOPED {
        summary.add_cleanup(&loader.cleanup(schema, &params)?);
    }
    Ok(summary)
}
