//! API Gateway v2 (`apigatewayv2`): the HTTP and WebSocket APIs of each region (`GetApis`).

#[cfg(feature = "apigatewayv2")]
pub mod fetch;

use cartograph_graph::Value;
use cartograph_sync::{CleanupMode, ExtraLabel, NodeSchema, Property, Row, Source};
use serde::{Deserialize, Serialize};

use super::{Records, Service, decode};
use crate::schemas::ACCOUNT_RESOURCE;
use crate::transform::{opt, row};

pub const SERVICE: Service = Service {
    key: "apigatewayv2",
    feature: "apigatewayv2",
    regional: true,
    after: &[],
    schemas: &[&API],
    links: &[],
    decode: decode::<ApiGatewayV2Records>,
    demo: include_str!("../../../data/demo/services/apigatewayv2.json"),
    #[cfg(feature = "apigatewayv2")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "apigatewayv2")))]
    fetch: None,
};

/// `GetApis` answers of one region.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ApiGatewayV2Records {
    pub items: Vec<Api>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Api {
    pub api_id: String,
    pub name: Option<String>,
    pub protocol_type: Option<String>,
    pub route_selection_expression: Option<String>,
    pub api_key_selection_expression: Option<String>,
    pub api_endpoint: Option<String>,
    pub version: Option<String>,
    pub created_date: Option<String>,
    pub description: Option<String>,
}

pub const API: NodeSchema = NodeSchema {
    label: "AWSAPIGatewayV2API",
    id: Source::Field("id"),
    extra_labels: &[ExtraLabel::always("APIGatewayV2API")],
    properties: &[
        Property::field("name", "name"),
        Property::field("protocoltype", "protocoltype"),
        Property::field("routeselectionexpression", "routeselectionexpression"),
        Property::field("apikeyselectionexpression", "apikeyselectionexpression"),
        Property::field("apiendpoint", "apiendpoint"),
        Property::field("version", "version"),
        Property::field("createddate", "createddate"),
        Property::field("description", "description"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[],
    cleanup: CleanupMode::Scoped,
};

impl Records for ApiGatewayV2Records {
    fn count(&self) -> u64 {
        self.items.len() as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        vec![(&API, self.items.iter().map(api).collect())]
    }
}

fn api(a: &Api) -> Row {
    row([
        ("id", Value::from(a.api_id.as_str())),
        ("name", opt(&a.name)),
        ("protocoltype", opt(&a.protocol_type)),
        (
            "routeselectionexpression",
            opt(&a.route_selection_expression),
        ),
        (
            "apikeyselectionexpression",
            opt(&a.api_key_selection_expression),
        ),
        ("apiendpoint", opt(&a.api_endpoint)),
        ("version", opt(&a.version)),
        ("createddate", opt(&a.created_date)),
        ("description", opt(&a.description)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    #[test]
    fn statement_is_cartographys_shape() {
        let q = ingest_query(&API);
        assert!(
            q.contains("MERGE (i:AWSAPIGatewayV2API {id: item.id})"),
            "{q}"
        );
        assert!(q.contains("i:APIGatewayV2API"), "{q}");
        let rows = ApiGatewayV2Records {
            items: vec![Api {
                api_id: "abc".into(),
                protocol_type: Some("HTTP".into()),
                ..Default::default()
            }],
        }
        .rows("1");
        assert_eq!(
            format!("{:?}", rows[0].1[0].get("protocoltype")),
            r#"Some(String("HTTP"))"#
        );
    }
}
