//! Glue (`glue`): connections (`GetConnections`) and jobs (`GetJobs`) with the connections
//! they use, per region. As in Cartography, both are identified by their name.

#[cfg(feature = "glue")]
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
    key: "glue",
    feature: "glue",
    regional: true,
    after: &[],
    schemas: &[&CONNECTION, &JOB],
    links: &[],
    decode: decode::<GlueRecords>,
    demo: include_str!("../../../data/demo/services/glue.json"),
    #[cfg(feature = "glue")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "glue")))]
    fetch: None,
};

/// One region's `GetConnections` and `GetJobs` answers.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GlueRecords {
    pub connection_list: Vec<Connection>,
    pub jobs: Vec<Job>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Connection {
    pub name: String,
    pub description: Option<String>,
    pub connection_type: Option<String>,
    pub status: Option<String>,
    pub status_reason: Option<String>,
    pub authentication_configuration: Option<AuthenticationConfiguration>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AuthenticationConfiguration {
    pub authentication_type: Option<String>,
    pub secret_arn: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Job {
    pub name: String,
    pub description: Option<String>,
    pub profile_name: Option<String>,
    pub job_mode: Option<String>,
    pub connections: Option<ConnectionsList>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ConnectionsList {
    pub connections: Vec<String>,
}

pub const CONNECTION: NodeSchema = NodeSchema {
    label: "AWSGlueConnection",
    id: Source::Field("name"),
    extra_labels: &[ExtraLabel::always("GlueConnection")],
    properties: &[
        Property::indexed("arn", "name"),
        Property::param("region", "Region"),
        Property::field("description", "description"),
        Property::field("connection_type", "connection_type"),
        Property::field("status", "status"),
        Property::field("status_reason", "status_reason"),
        Property::field("authentication_type", "authentication_type"),
        Property::field("secret_arn", "secret_arn"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[],
    cleanup: CleanupMode::Scoped,
};

pub const JOB: NodeSchema = NodeSchema {
    label: "AWSGlueJob",
    id: Source::Field("name"),
    extra_labels: &[ExtraLabel::always("GlueJob")],
    properties: &[
        Property::indexed("arn", "name"),
        Property::field("profile_name", "profile_name"),
        Property::field("job_mode", "job_mode"),
        Property::field("connections", "connections"),
        Property::param("region", "Region"),
        Property::field("description", "description"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[RelSchema::new(
        "USES",
        Direction::Outward,
        "AWSGlueConnection",
        &[Matcher::list("id", "connections")],
    )],
    cleanup: CleanupMode::Scoped,
};

impl Records for GlueRecords {
    fn count(&self) -> u64 {
        (self.connection_list.len() + self.jobs.len()) as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        let connections = self.connection_list.iter().map(connection).collect();
        let jobs = self.jobs.iter().map(job).collect();
        vec![(&CONNECTION, connections), (&JOB, jobs)]
    }
}

fn connection(c: &Connection) -> Row {
    let auth = c.authentication_configuration.as_ref();
    row([
        ("name", Value::from(c.name.as_str())),
        ("description", opt(&c.description)),
        ("connection_type", opt(&c.connection_type)),
        ("status", opt(&c.status)),
        ("status_reason", opt(&c.status_reason)),
        (
            "authentication_type",
            auth.map_or(Value::Null, |a| opt(&a.authentication_type)),
        ),
        (
            "secret_arn",
            auth.map_or(Value::Null, |a| opt(&a.secret_arn)),
        ),
    ])
}

fn job(j: &Job) -> Row {
    row([
        ("name", Value::from(j.name.as_str())),
        ("description", opt(&j.description)),
        ("profile_name", opt(&j.profile_name)),
        ("job_mode", opt(&j.job_mode)),
        (
            "connections",
            j.connections
                .as_ref()
                .map_or(Value::Null, |c| strings(&c.connections)),
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    fn show(v: Option<&Value>) -> String {
        format!("{v:?}")
    }

    #[test]
    fn connections_and_jobs_become_rows() {
        let records: GlueRecords = serde_json::from_value(serde_json::json!({
            "ConnectionList": [{
                "Name": "orders-db",
                "ConnectionType": "JDBC",
                "AuthenticationConfiguration": {
                    "AuthenticationType": "BASIC",
                    "SecretArn": "arn:aws:secretsmanager:us-east-1:1:secret:db"
                }
            }],
            "Jobs": [
                {"Name": "etl", "Connections": {"Connections": ["orders-db"]}},
                {"Name": "plain"}
            ]
        }))
        .unwrap();
        let rows = records.rows("1");
        assert_eq!(
            show(rows[0].1[0].get("secret_arn")),
            show(Some(&Value::from(
                "arn:aws:secretsmanager:us-east-1:1:secret:db"
            )))
        );
        assert_eq!(
            show(rows[1].1[0].get("connections")),
            show(Some(&strings(["orders-db"])))
        );
        assert_eq!(
            show(rows[1].1[1].get("connections")),
            show(Some(&Value::Null))
        );
    }

    #[test]
    fn statements_are_cartographys_shape() {
        let q = ingest_query(&CONNECTION);
        assert!(
            q.contains("MERGE (i:AWSGlueConnection {id: item.name})"),
            "{q}"
        );
        assert!(q.contains("i:GlueConnection"), "{q}");
        let q = ingest_query(&JOB);
        assert!(q.contains("i:GlueJob"), "{q}");
        assert!(q.contains("MERGE (i)-[r0:USES]->(n0)"), "{q}");
    }
}
