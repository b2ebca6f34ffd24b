//! The live fetch: reads an AWS estate through the official SDK's read-only APIs and turns
//! the responses into [`crate::records`], which the same transforms and loader as the demo
//! write into the graph. [`run::sync`] orchestrates accounts × regions × services.
//!
//! Each service is behind its cargo feature (`iam`, `ec2`, `s3`, `organizations`); a
//! binary built without one rejects requests for it.
//!
//! Every client is built from the `SdkConfig` that `aws-config` loads, so the standard
//! credential chain, the standard retry mode and `AWS_ENDPOINT_URL[_<SERVICE>]` apply to every
//! call, including STS for role assumption.

#[cfg(not(any(
    feature = "iam",
    feature = "ec2",
    feature = "s3",
    feature = "organizations"
)))]
compile_error!("cartograph-aws: enable at least one service feature (iam, ec2, s3, organizations)");

mod cleanup;
mod client;
#[cfg(any(
    feature = "iam",
    feature = "ec2",
    feature = "s3",
    feature = "organizations"
))]
mod convert;
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

pub use error::ApiError;
pub use profiles::profile_names;
pub use progress::{Progress, Silent, Task};
pub use run::{SyncRequest, sync};
pub use select::{Selection, SelectionError};
