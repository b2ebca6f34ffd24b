//! Security Hub through the SDK: `DescribeHub` in the profile's region. Not subscribed
//! (`InvalidAccessException`) or no hub (`ResourceNotFoundException`) means no hub.

use aws_sdk_securityhub as securityhub;

use super::{Hub, SecurityHubRecords};
use crate::fetch::convert::{req, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<SecurityHubRecords, ApiError> {
    let c = securityhub::Client::from_conf(
        securityhub::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let hub = match ctx.limit.run(c.describe_hub().send()).await {
        Ok(out) => Some(Hub {
            hub_arn: req(out.hub_arn()),
            subscribed_at: s(out.subscribed_at()),
            auto_enable_controls: out.auto_enable_controls(),
        }),
        Err(err)
            if err.as_service_error().is_some_and(|e| {
                e.is_invalid_access_exception() || e.is_resource_not_found_exception()
            }) =>
        {
            None
        }
        Err(err) => return Err(ApiError::new("securityhub:DescribeHub", err)),
    };
    Ok(SecurityHubRecords { hub })
}
