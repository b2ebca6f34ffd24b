//! The live fetch: reads an AWS estate through the official SDK's read-only APIs and turns
//! the responses into [`crate::records`], which the same transforms and loader as the demo
//! write into the graph. [`run::sync`] orchestrates accounts × regions × services.
//!
//! Every client is built from the `SdkConfig` that `aws-config` loads, so the standard
//! credential chain, the standard retry mode and `AWS_ENDPOINT_URL[_<SERVICE>]` apply to every
//! call, including STS for role assumption.

mod cleanup;
mod client;
mod convert;
mod ec2;
mod error;
mod iam;
mod limit;
mod org;
mod profiles;
mod progress;
pub mod run;
mod s3;
mod select;

pub use error::ApiError;
pub use profiles::profile_names;
pub use progress::{Progress, Silent, Task};
pub use run::{SyncRequest, sync};
pub use select::{Selection, SelectionError};
