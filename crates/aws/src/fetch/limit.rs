//! A bound on concurrent work, shared by clones. Never nest [`Limit::run`] calls on the same
//! limit: with every permit held by outer calls, the inner ones would wait forever.

use std::future::Future;
use std::sync::Arc;

use tokio::sync::Semaphore;

#[derive(Debug, Clone)]
pub struct Limit(Arc<Semaphore>);

impl Limit {
    pub fn new(permits: usize) -> Limit {
        Limit(Arc::new(Semaphore::new(permits.max(1))))
    }

    /// Run `work` once a permit is free. The semaphore is never closed, so acquiring
    /// cannot fail; if it ever did, running unbounded is the safe fallback.
    pub async fn run<T>(&self, work: impl Future<Output = T>) -> T {
        let _permit = self.0.acquire().await.ok();
        work.await
    }
}
