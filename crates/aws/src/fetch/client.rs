//! SDK configuration per profile and per-client retry counting.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_smithy_http_client::tls::{Provider, rustls_provider::CryptoMode};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

/// Where calls go when neither the environment nor the profile names a region (STS and
/// `DescribeRegions` need one).
const FALLBACK_REGION: &str = "us-east-1";

/// Longest wait for one HTTP attempt: a stuck endpoint fails (and is retried) instead of
/// hanging the run.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(60);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The `aws-config` configuration of one profile (`None`: the default chain): credentials,
/// region, endpoints and the standard retry mode with `max_attempts`.
pub async fn load(profile: Option<&str>, max_attempts: u32) -> SdkConfig {
    let loader = |region: Option<&'static str>| {
        let http = aws_smithy_http_client::Builder::new()
            .tls_provider(Provider::Rustls(CryptoMode::Ring))
            .build_https();
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .http_client(http)
            .retry_config(RetryConfig::standard().with_max_attempts(max_attempts.max(1)))
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(CONNECT_TIMEOUT)
                    .operation_attempt_timeout(ATTEMPT_TIMEOUT)
                    .build(),
            );
        if let Some(p) = profile {
            loader = loader.profile_name(p);
        }
        if let Some(r) = region {
            loader = loader.region(Region::from_static(r));
        }
        loader
    };
    let config = loader(None).load().await;
    if config.region().is_some() {
        return config;
    }
    loader(Some(FALLBACK_REGION)).load().await
}

/// Counts operations and HTTP attempts of the clients it is attached to; the difference is
/// the number of retries.
#[derive(Debug, Clone, Default)]
pub struct Attempts {
    operations: Arc<AtomicU64>,
    attempts: Arc<AtomicU64>,
}

impl Attempts {
    pub fn retries(&self) -> u64 {
        let attempts = self.attempts.load(Ordering::Relaxed);
        attempts.saturating_sub(self.operations.load(Ordering::Relaxed))
    }
}

impl Intercept for Attempts {
    fn name(&self) -> &'static str {
        "cartograph-attempts"
    }

    fn read_before_execution(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.operations.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.attempts.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}
