//! API Gateway v2 through the SDK: `GetApis`, page by page (the SDK has no paginator for it).

use aws_sdk_apigatewayv2 as apigw;

use super::{Api, ApiGatewayV2Records};
use crate::fetch::convert::{date, e, req, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<ApiGatewayV2Records, ApiError> {
    let c = apigw::Client::from_conf(
        apigw::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut items = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = ctx
            .limit
            .run(c.get_apis().set_next_token(token.take()).send())
            .await
            .map_err(|err| ApiError::new("apigatewayv2:GetApis", err))?;
        items.extend(page.items().iter().map(|a| Api {
            api_id: req(a.api_id()),
            name: s(a.name()),
            protocol_type: e(a.protocol_type()),
            route_selection_expression: s(a.route_selection_expression()),
            api_key_selection_expression: s(a.api_key_selection_expression()),
            api_endpoint: s(a.api_endpoint()),
            version: s(a.version()),
            created_date: date(a.created_date()),
            description: s(a.description()),
        }));
        match page.next_token() {
            Some(next) if !next.is_empty() => token = Some(next.to_string()),
            _ => break,
        }
    }
    Ok(ApiGatewayV2Records { items })
}
