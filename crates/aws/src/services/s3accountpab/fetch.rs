//! The account's S3 public access block through S3 Control. S3 Control sends the account id
//! as a host prefix (`<account>.s3-control.<region>.amazonaws.com`).

use aws_sdk_s3control as s3control;

use super::{AccountPabRecords, PublicAccessBlockConfiguration};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<AccountPabRecords, ApiError> {
    let c = s3control::Client::from_conf(
        s3control::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let answer = ctx
        .limit
        .run(
            c.get_public_access_block()
                .account_id(&ctx.account_id)
                .send(),
        )
        .await;
    let configuration = match answer {
        Ok(out) => {
            out.public_access_block_configuration()
                .map(|p| PublicAccessBlockConfiguration {
                    block_public_acls: p.block_public_acls(),
                    ignore_public_acls: p.ignore_public_acls(),
                    block_public_policy: p.block_public_policy(),
                    restrict_public_buckets: p.restrict_public_buckets(),
                })
        }
        // The account never set one: nothing is blocked at account level.
        Err(err)
            if err
                .as_service_error()
                .is_some_and(|e| e.is_no_such_public_access_block_configuration()) =>
        {
            None
        }
        Err(err) => return Err(ApiError::new("s3:GetAccountPublicAccessBlock", err)),
    };
    Ok(AccountPabRecords {
        region: ctx.region.clone(),
        public_access_block_configuration: configuration,
    })
}
