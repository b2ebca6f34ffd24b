//! API failures, reduced to what the summary and the skip rules need: the operation, the AWS
//! error code and a readable message.

use std::error::Error;
use std::fmt;

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

/// One failed API call.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub operation: &'static str,
    /// The AWS error code (`AccessDenied`, `Throttling`, ...) when the service sent one.
    pub code: Option<String>,
    pub message: String,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.operation, self.message)
    }
}

impl Error for ApiError {}

impl ApiError {
    pub fn new<E, R>(operation: &'static str, err: SdkError<E, R>) -> ApiError
    where
        E: ProvideErrorMetadata + Error + Send + Sync + 'static,
        R: fmt::Debug,
    {
        let code = err.code().map(str::to_string);
        let message = match (&code, err.message()) {
            (Some(code), Some(m)) => format!("{code}: {m}"),
            (Some(code), None) => code.clone(),
            _ => DisplayErrorContext(&err).to_string(),
        };
        ApiError {
            operation,
            code,
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

/// `Ok(None)` when the error only says "not configured", so optional per-resource settings
/// read as absent.
pub fn optional<T>(result: Result<T, ApiError>) -> Result<Option<T>, ApiError> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.is_not_configured() => Ok(None),
        Err(e) => Err(e),
    }
}
