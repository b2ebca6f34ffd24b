//! The live fetch: reads an AWS estate through the official SDK's read-only APIs and turns
//! the responses into [`crate::records`], which the same transforms and loader as the demo
//! write into the graph. [`run::sync`] orchestrates accounts × regions × services.
//!
//! Each service is behind its cargo feature (`iam`, `ec2`, `s3`, `organizations`, and one
//! per registered service in [`crate::services`]); a binary built without one rejects
//! requests for it.
//!
//! Every client is built from the `SdkConfig` that `aws-config` loads, so the standard
//! credential chain, the standard retry mode and `AWS_ENDPOINT_URL[_<SERVICE>]` apply to every
//! call, including STS for role assumption.

mod cleanup;
mod client;
// Which conversions a build uses depends on the service features it enables.
#[allow(dead_code)]
pub(crate) mod convert;
#[cfg(feature = "ec2")]
mod ec2;
mod error;
#[cfg(feature = "iam")]
mod iam;
mod limit;
#[cfg(feature = "organizations")]
mod org;
mod profiles;
mod progress;
pub mod run;
#[cfg(feature = "s3")]
mod s3;
mod select;

pub use client::Attempts;
pub use error::ApiError;
pub use limit::Limit;
pub use profiles::profile_names;
pub use progress::{Progress, Silent, Task};
pub use run::{SyncRequest, sync};
pub use select::{Selection, SelectionError};

/// What a registered service's fetch gets: the account's SDK configuration with the task's
/// region, the retry counter to attach to its clients, and the task's bound on calls in
/// flight.
pub struct Ctx {
    pub config: aws_config::SdkConfig,
    pub attempts: Attempts,
    pub limit: Limit,
    pub account_id: String,
    pub region: String,
}

/// A fetch's records, type-erased for the registry.
pub type FetchResult<'a> = std::pin::Pin<
    Box<
        dyn std::future::Future<Output = Result<Box<dyn crate::services::Records>, ApiError>>
            + Send
            + 'a,
    >,
>;

/// [`crate::services::Service::fetch`]: read one account's (and region's) records.
pub type FetchFn = for<'a> fn(&'a Ctx) -> FetchResult<'a>;

/// A part of a service the caller may not read (AccessDenied) is empty, not a failure:
/// the rest of the service still syncs.
pub async fn unless_denied<T: Default>(
    part: &str,
    read: impl std::future::Future<Output = Result<T, ApiError>>,
) -> Result<T, ApiError> {
    match read.await {
        Err(err) if err.is_access_denied() => {
            tracing::debug!(part, error = %err, "left out: access denied");
            Ok(T::default())
        }
        other => other,
    }
}

/// Erase a fetch future's records type.
pub fn boxed<'a, R: crate::services::Records>(
    fetch: impl std::future::Future<Output = Result<R, ApiError>> + Send + 'a,
) -> FetchResult<'a> {
    Box::pin(async move { Ok(Box::new(fetch.await?) as Box<dyn crate::services::Records>) })
}
