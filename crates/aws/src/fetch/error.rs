//! API failures, reduced to what the summary and the skip rules need: the operation, the AWS
//! error code and a readable message.

use std::error::Error;
use std::fmt;

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

/// One failed API call.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub operation: &'static str,
    /// The AWS error code (`AccessDenied`, `Throttling`, ...) when the service sent one.
    pub code: Option<String>,
    /// The HTTP status of the response, when there was one.
    pub status: Option<u16>,
    pub message: String,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.operation, self.message)
    }
}

impl Error for ApiError {}

impl ApiError {
    pub fn new<E>(operation: &'static str, err: SdkError<E, HttpResponse>) -> ApiError
    where
        E: ProvideErrorMetadata + Error + Send + Sync + 'static,
    {
        let code = err.code().map(str::to_string);
        let status = err.raw_response().map(|r| r.status().as_u16());
        let message = match (&code, err.message()) {
            (Some(code), Some(m)) => format!("{code}: {m}"),
            (Some(code), None) => code.clone(),
            _ => brief(&err, status),
        };
        ApiError {
            operation,
            code,
            status,
            message,
        }
    }

    /// The caller may not make this call (or the feature is off for the account): a reason
    /// to skip an optional part, not a failure.
    pub fn is_access_denied(&self) -> bool {
        self.code.as_deref().is_some_and(|c| {
            matches!(
                c,
                "AccessDenied"
                    | "AccessDeniedException"
                    | "UnauthorizedOperation"
                    | "AWSOrganizationsNotInUseException"
            )
        })
    }

    /// The resource simply has no such configuration (`NoSuchBucketPolicy`, ...).
    pub fn is_not_configured(&self) -> bool {
        self.code.as_deref().is_some_and(|c| {
            c.starts_with("NoSuch") || c.ends_with("NotFoundError") || c.ends_with("NotFound")
        })
    }
}

/// An error without an AWS code (timeouts, connection failures, unparseable responses): its
/// chain of causes, without the raw response the SDK's debug form carries, and bounded.
fn brief(err: &dyn Error, status: Option<u16>) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = err.source();
    while let Some(e) = source {
        let text = e.to_string();
        if !parts.contains(&text) {
            parts.push(text);
        }
        source = e.source();
    }
    let mut message = parts.join(": ");
    if let Some(s) = status {
        message = format!("HTTP {s}: {message}");
    }
    if message.len() > 300 {
        let mut end = 300;
        while !message.is_char_boundary(end) {
            end -= 1;
        }
        message.truncate(end);
        message.push_str("...");
    }
    message
}
