//! The orchestration of a live sync: accounts × regions × services run concurrently on a
//! tokio runtime under a global bound; each task's records are written as soon as they
//! arrive (on the blocking pool: the embedded database serialises writes anyway); a failed
//! task is reported and the rest go on (or, with `fail_fast`, nothing new starts); an
//! (account, service) is cleaned up only if it synced in every region; Ctrl-C stops at once,
//! keeps what was committed and cleans nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use aws_config::SdkConfig;
use cartograph_graph::GraphBackend;
use cartograph_sync::{Loader, RunSummary, ServiceSummary, SyncError};
use futures_util::future::join_all;

use super::Ctx;
use super::cleanup::{self, Owned};
use super::client::{self, Attempts};
#[cfg(feature = "ec2")]
use super::ec2;
use super::error::ApiError;
#[cfg(feature = "iam")]
use super::iam;
use super::limit::Limit;
#[cfg(feature = "organizations")]
use super::org::{self, Discovery};
use super::progress::{Progress, Task};
#[cfg(feature = "s3")]
use super::s3;
use super::select::Selection;
use crate::load;
use crate::records::IamRecords;
use crate::services::{self, Service};

/// Tasks fetching at once by default. Each task keeps at most [`FANOUT`] calls in flight
/// against one service of one account (and region), which is what AWS throttles on; the
/// global bound only caps the total (32 × 8 = 256 connections at most).
pub const DEFAULT_CONCURRENCY: usize = 32;
/// Calls one task makes at once (buckets, users, `Describe*` calls), at most the global
/// bound so that `--concurrency 1` is fully serial.
const FANOUT: usize = 8;
/// Where global services (Route53, CloudFront, ...) are called.
const GLOBAL_REGION: &str = "us-east-1";
/// Attempts per API call in the standard retry mode (exponential backoff with jitter).
pub const DEFAULT_MAX_ATTEMPTS: u32 = 5;

/// What to sync.
#[derive(Debug, Clone)]
pub struct SyncRequest {
    /// Profiles to sync, one account each; empty: the default credential chain.
    pub profiles: Vec<String>,
    /// Regions for EC2; `None`: every region `ec2:DescribeRegions` lists for the account.
    pub regions: Option<Vec<String>>,
    pub selection: Selection,
    pub update_tag: i64,
    pub concurrency: usize,
    pub fail_fast: bool,
    pub max_attempts: u32,
}

impl Default for SyncRequest {
    fn default() -> Self {
        SyncRequest {
            profiles: Vec::new(),
            regions: None,
            selection: Selection::default(),
            update_tag: 0,
            concurrency: DEFAULT_CONCURRENCY,
            fail_fast: false,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
        }
    }
}

/// How a run ended.
#[derive(Debug)]
pub struct Finished {
    pub summary: RunSummary,
    /// Ctrl-C stopped the run: what was written stays, nothing was cleaned up.
    pub interrupted: bool,
}

/// A graph write, run on the loader thread.
type Write = Box<dyn FnOnce(&Loader) + Send>;

/// Run the sync to completion (or Ctrl-C). All graph writes go through one loader thread
/// (the database serialises writes anyway), in the order the fetches finish. Fails only if
/// the async runtime cannot start.
pub fn sync(
    backend: &dyn GraphBackend,
    request: &SyncRequest,
    progress: Arc<dyn Progress>,
) -> std::io::Result<Finished> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let started = Instant::now();
    let (writes, queue) = std::sync::mpsc::channel::<Write>();
    let state = Arc::new(State {
        progress,
        request: request.clone(),
        global: Limit::new(request.concurrency),
        fanout: FANOUT.min(request.concurrency.max(1)),
        stop: AtomicBool::new(false),
        writes: Mutex::new(Some(writes)),
        done: Mutex::new(Vec::new()),
        running: Mutex::new(BTreeSet::new()),
        pending: tokio::sync::watch::Sender::new(BTreeMap::new()),
    });
    let cancelled = AtomicBool::new(false);
    let interrupted = std::thread::scope(|scope| {
        let cancelled = &cancelled;
        scope.spawn(move || {
            let loader = Loader::new(backend);
            for write in queue {
                // After Ctrl-C, queued writes are dropped (their callers are gone).
                if cancelled.load(Ordering::SeqCst) {
                    continue;
                }
                // A panicking write fails its task (its reply is dropped), not the run.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| write(&loader)));
            }
        });
        let interrupted = runtime.block_on(async {
            let interrupt = async {
                // Without a signal handler the run simply cannot be interrupted.
                if tokio::signal::ctrl_c().await.is_err() {
                    std::future::pending::<()>().await;
                }
            };
            tokio::select! {
                () = state.run() => false,
                () = interrupt => true,
            }
        });
        if interrupted {
            cancelled.store(true, Ordering::SeqCst);
            state.stop.store(true, Ordering::SeqCst);
        }
        // Closing the queue ends the loader thread once the write in progress committed.
        lock(&state.writes).take();
        interrupted
    });
    drop(runtime);
    if interrupted {
        state
            .progress
            .note("interrupted: committed data is kept, no cleanup runs");
        let running = std::mem::take(&mut *lock(&state.running));
        for task in running {
            let mut s = task.summary();
            s.errors.push("cancelled (interrupted)".into());
            state.record(&task, s);
        }
    }
    let mut summary = RunSummary::new(request.update_tag);
    summary.services = std::mem::take(&mut *lock(&state.done));
    summary.duration_ms = started.elapsed().as_millis() as u64;
    Ok(Finished {
        summary,
        interrupted,
    })
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding these locks leaves plain data behind: keep using it.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// An account in scope: its id, display name and SDK configuration.
struct Account {
    id: String,
    name: Option<String>,
    config: SdkConfig,
}

struct State {
    progress: Arc<dyn Progress>,
    request: SyncRequest,
    global: Limit,
    fanout: usize,
    /// Set by fail-fast after a failure, and by Ctrl-C: nothing new starts.
    stop: AtomicBool,
    /// The loader thread's queue; `None` once closed.
    writes: Mutex<Option<std::sync::mpsc::Sender<Write>>>,
    done: Mutex<Vec<ServiceSummary>>,
    running: Mutex<BTreeSet<Task>>,
    /// Tasks not yet finished, by (account, sync key): a service declared `after` others
    /// writes once their counts reach zero.
    pending: tokio::sync::watch::Sender<BTreeMap<(String, String), usize>>,
}

impl State {
    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    fn record(&self, task: &Task, summary: ServiceSummary) {
        lock(&self.running).remove(task);
        self.pending.send_if_modified(|pending| {
            let key = (task.account.clone(), task.service.clone());
            match pending.get_mut(&key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    true
                }
                _ => false,
            }
        });
        if !summary.succeeded() && self.request.fail_fast {
            self.stop.store(true, Ordering::SeqCst);
        }
        self.progress.finished(task, &summary);
        lock(&self.done).push(summary);
    }

    fn fail(&self, task: &Task, message: String, retries: u64, started: Instant) {
        let mut s = task.summary();
        s.errors.push(message);
        s.retries = retries;
        s.duration_ms = started.elapsed().as_millis() as u64;
        self.record(task, s);
    }

    async fn run(self: &Arc<Self>) {
        let accounts = self.identities().await;
        let in_scope: Arc<BTreeSet<String>> =
            Arc::new(accounts.iter().map(|a| a.id.clone()).collect());
        for a in &accounts {
            let (id, name, tag) = (a.id.clone(), a.name.clone(), self.request.update_tag);
            let task = Task::new(&a.id, None, "account");
            let started = Instant::now();
            let written = self
                .blocking(move |loader| {
                    let records = crate::records::AccountRecords {
                        account_id: id,
                        name,
                        ..Default::default()
                    };
                    load::load_account(loader, &records, tag)
                })
                .await;
            if let Err(message) = written {
                self.fail(&task, message, 0, started);
            }
        }
        let iam: Vec<Option<Arc<IamRecords>>> = join_all(
            accounts
                .iter()
                .map(|a| self.account(a, Arc::clone(&in_scope))),
        )
        .await;
        if self.stopped() {
            return;
        }
        let iam: Vec<(String, Arc<IamRecords>)> = accounts
            .iter()
            .zip(iam)
            .filter_map(|(a, r)| Some((a.id.clone(), r?)))
            .collect();
        self.trusts(&iam).await;
        for a in &accounts {
            self.cleanup(&a.id).await;
        }
    }

    /// Resolve each profile's account with STS `GetCallerIdentity` (one account per
    /// profile; a second profile of the same account is skipped).
    async fn identities(&self) -> Vec<Account> {
        let profiles: Vec<Option<String>> = if self.request.profiles.is_empty() {
            vec![None]
        } else {
            self.request.profiles.iter().cloned().map(Some).collect()
        };
        let resolved = join_all(profiles.into_iter().map(|profile| async move {
            let label = profile.clone().unwrap_or_else(|| "default".into());
            let task = Task::new(&label, None, "sts");
            let started = Instant::now();
            let attempts = Attempts::default();
            let config = client::load(profile.as_deref(), self.request.max_attempts).await;
            let sts = aws_sdk_sts::Client::from_conf(
                aws_sdk_sts::config::Builder::from(&config)
                    .interceptor(attempts.clone())
                    .build(),
            );
            let who = self
                .global
                .run(sts.get_caller_identity().send())
                .await
                .map_err(|err| ApiError::new("sts:GetCallerIdentity", err));
            match who {
                Ok(out) => match out.account() {
                    Some(id) => Some(Account {
                        id: id.to_string(),
                        name: profile,
                        config,
                    }),
                    None => {
                        let m = "sts:GetCallerIdentity returned no account".to_string();
                        self.fail(&task, m, attempts.retries(), started);
                        None
                    }
                },
                Err(err) => {
                    let m = format!("profile {label}: {err}");
                    self.fail(&task, m, attempts.retries(), started);
                    None
                }
            }
        }))
        .await;
        let mut seen = BTreeSet::new();
        let mut accounts = Vec::new();
        for a in resolved.into_iter().flatten() {
            if seen.insert(a.id.clone()) {
                accounts.push(a);
            } else {
                let profile = a.name.as_deref().unwrap_or("default");
                self.progress.note(&format!(
                    "profile {profile} is account {} again; syncing it once",
                    a.id
                ));
            }
        }
        accounts
    }

    /// Every selected service of one account; returns its IAM records for the trusts.
    async fn account(
        self: &Arc<Self>,
        a: &Account,
        in_scope: Arc<BTreeSet<String>>,
    ) -> Option<Arc<IamRecords>> {
        let sel = &self.request.selection;
        let wanted = services::ordered(sel.services.iter().filter_map(|k| services::find(k)));
        let regions = if !sel.ec2.is_empty() || wanted.iter().any(|s| s.regional) {
            match self.regions(a).await {
                Ok(r) => r,
                Err(message) => {
                    self.regions_failed(a, &wanted, message);
                    Vec::new()
                }
            }
        } else {
            Vec::new()
        };
        self.expect(a, &wanted, &regions);
        // A service left out of the build is never selected (see `Selection`).
        let organizations = async {
            #[cfg(feature = "organizations")]
            if sel.organizations {
                self.organizations(a).await;
            }
        };
        let iam_task = async {
            #[cfg(feature = "iam")]
            if sel.iam {
                return self.iam(a, in_scope).await;
            }
            #[cfg(not(feature = "iam"))]
            drop(in_scope);
            None
        };
        let s3_task = async {
            #[cfg(feature = "s3")]
            if sel.s3 {
                self.s3(a).await;
            }
        };
        let ec2_tasks = async {
            #[cfg(feature = "ec2")]
            if !sel.ec2.is_empty() {
                join_all(regions.iter().map(|region| self.ec2(a, region))).await;
            }
        };
        let registered = join_all(wanted.iter().flat_map(|service| {
            let regions: Vec<Option<&str>> = if service.regional {
                regions.iter().map(|r| Some(r.as_str())).collect()
            } else {
                vec![None]
            };
            regions
                .into_iter()
                .map(|region| self.service(a, service, region))
        }));
        let ((), iam_records, (), (), _) =
            tokio::join!(organizations, iam_task, s3_task, ec2_tasks, registered);
        iam_records
    }

    /// Count the account's tasks before any starts, so that services declared `after`
    /// others know what to wait for.
    fn expect(&self, a: &Account, wanted: &[&Service], regions: &[String]) {
        let sel = &self.request.selection;
        let mut counts: Vec<(&str, usize)> = vec![
            ("iam", usize::from(sel.iam)),
            ("s3", usize::from(sel.s3)),
            ("organizations", usize::from(sel.organizations)),
            ("ec2", if sel.ec2.is_empty() { 0 } else { regions.len() }),
        ];
        for s in wanted {
            counts.push((s.key, if s.regional { regions.len() } else { 1 }));
        }
        self.pending.send_modify(|pending| {
            for (key, n) in counts {
                pending.insert((a.id.clone(), key.to_string()), n);
            }
        });
    }

    /// Without the account's regions, EC2 and every regional service fail.
    fn regions_failed(&self, a: &Account, wanted: &[&Service], message: String) {
        let started = Instant::now();
        let regional = wanted.iter().filter(|s| s.regional).map(|s| s.key);
        let ec2 = (!self.request.selection.ec2.is_empty()).then_some("ec2");
        for key in ec2.into_iter().chain(regional) {
            let task = Task::new(&a.id, None, key);
            self.fail(&task, format!("regions unknown: {message}"), 0, started);
        }
    }

    /// Wait until every task of `after` in `account` has finished.
    async fn wait_for(&self, account: &str, after: &[&str]) {
        if after.is_empty() {
            return;
        }
        let mut pending = self.pending.subscribe();
        let _ = pending
            .wait_for(|p| {
                after.iter().all(|key| {
                    let key = (account.to_string(), key.to_string());
                    p.get(&key).copied().unwrap_or(0) == 0
                })
            })
            .await;
    }

    /// One registered service in one region (or once, for a global service).
    async fn service(&self, a: &Account, service: &'static Service, region: Option<&str>) {
        let Some(fetch) = service.fetch else {
            return;
        };
        let attempts = Attempts::default();
        let home = region.unwrap_or(GLOBAL_REGION).to_string();
        let ctx = Ctx {
            config: a
                .config
                .to_builder()
                .region(aws_config::Region::new(home.clone()))
                .build(),
            attempts: attempts.clone(),
            limit: Limit::new(self.fanout),
            account_id: a.id.clone(),
            region: home,
        };
        let (id, tag) = (a.id.clone(), self.request.update_tag);
        let region_name = region.map(str::to_string);
        self.unit(
            Task::new(&a.id, region, service.key),
            &attempts,
            service.after,
            async move { fetch(&ctx).await },
            move |loader, records| {
                let region = region_name.as_deref();
                services::load(loader, service, &id, region, records.as_ref(), tag)
            },
        )
        .await;
    }

    #[cfg(feature = "iam")]
    async fn iam(&self, a: &Account, in_scope: Arc<BTreeSet<String>>) -> Option<Arc<IamRecords>> {
        let attempts = Attempts::default();
        let c = aws_sdk_iam::Client::from_conf(
            aws_sdk_iam::config::Builder::from(&a.config)
                .interceptor(attempts.clone())
                .build(),
        );
        let limit = Limit::new(self.fanout);
        let (id, tag) = (a.id.clone(), self.request.update_tag);
        self.unit(
            Task::new(&a.id, None, "iam"),
            &attempts,
            &[],
            async move { iam::fetch(&c, &limit).await },
            move |loader, records| load::load_iam(loader, &id, records, &in_scope, tag),
        )
        .await
    }

    #[cfg(feature = "s3")]
    async fn s3(&self, a: &Account) {
        let attempts = Attempts::default();
        let limit = Limit::new(self.fanout);
        let (id, tag) = (a.id.clone(), self.request.update_tag);
        let fetch = s3::fetch(&a.config, &attempts, &limit);
        self.unit(
            Task::new(&a.id, None, "s3"),
            &attempts,
            &[],
            fetch,
            move |loader, records| load::load_s3(loader, &id, records, tag),
        )
        .await;
    }

    #[cfg(feature = "ec2")]
    async fn ec2(&self, a: &Account, region: &str) {
        let attempts = Attempts::default();
        let ec2_client = aws_sdk_ec2::Client::from_conf(
            aws_sdk_ec2::config::Builder::from(&a.config)
                .region(aws_config::Region::new(region.to_string()))
                .interceptor(attempts.clone())
                .build(),
        );
        let asg_client = aws_sdk_autoscaling::Client::from_conf(
            aws_sdk_autoscaling::config::Builder::from(&a.config)
                .region(aws_config::Region::new(region.to_string()))
                .interceptor(attempts.clone())
                .build(),
        );
        let limit = Limit::new(self.fanout);
        let sel = self.request.selection.clone();
        let (id, tag, r) = (a.id.clone(), self.request.update_tag, region.to_string());
        self.unit(
            Task::new(&a.id, Some(region), "ec2"),
            &attempts,
            &[],
            async move { ec2::fetch(&ec2_client, &asg_client, &r, &sel, &limit).await },
            move |loader, records| load::load_ec2(loader, &id, records, tag),
        )
        .await;
    }

    /// The regions to read: as requested, or as `DescribeRegions` lists them (without EC2
    /// in the build: the profile's region).
    async fn regions(&self, a: &Account) -> Result<Vec<String>, String> {
        if let Some(r) = &self.request.regions {
            return Ok(r.clone());
        }
        #[cfg(feature = "ec2")]
        {
            let c = aws_sdk_ec2::Client::from_conf(
                aws_sdk_ec2::config::Builder::from(&a.config).build(),
            );
            self.global
                .run(ec2::regions(&c))
                .await
                .map_err(|err| err.to_string())
        }
        #[cfg(not(feature = "ec2"))]
        Ok(a.config
            .region()
            .map(|r| r.to_string())
            .into_iter()
            .collect())
    }

    #[cfg(feature = "organizations")]
    async fn organizations(&self, a: &Account) {
        let attempts = Attempts::default();
        // Organizations is a global service answered in us-east-1.
        let c = aws_sdk_organizations::Client::from_conf(
            aws_sdk_organizations::config::Builder::from(&a.config)
                .region(aws_config::Region::from_static("us-east-1"))
                .interceptor(attempts.clone())
                .build(),
        );
        let limit = Limit::new(self.fanout);
        let tag = self.request.update_tag;
        let progress = Arc::clone(&self.progress);
        let account = a.id.clone();
        self.unit(
            Task::new(&a.id, None, "organizations"),
            &attempts,
            &[],
            async move { org::fetch(&c, &limit).await },
            move |loader, discovery| match discovery {
                Discovery::Found(o) => load::load_organization(loader, o, tag),
                Discovery::NotPermitted(why) => {
                    progress.note(&format!(
                        "account {account}: organization not read ({why}); skipped"
                    ));
                    Ok(ServiceSummary::new("aws", &account, None, "organizations"))
                }
            },
        )
        .await;
    }

    /// One task: wait for a global permit, fetch, wait for the syncs it comes `after`, then
    /// write on the loader thread. Returns the records when the task succeeded.
    async fn unit<R: Send + Sync + 'static>(
        &self,
        task: Task,
        attempts: &Attempts,
        after: &[&str],
        fetch: impl Future<Output = Result<R, ApiError>>,
        load: impl FnOnce(&Loader, &R) -> Result<ServiceSummary, SyncError> + Send + 'static,
    ) -> Option<Arc<R>> {
        let started = Instant::now();
        let fetched = self
            .global
            .run(async {
                if self.stopped() {
                    return None;
                }
                lock(&self.running).insert(task.clone());
                self.progress.started(&task);
                Some(fetch.await)
            })
            .await;
        let records = match fetched {
            None => {
                self.fail(&task, "not run: the run was stopped".into(), 0, started);
                return None;
            }
            Some(Err(err)) => {
                self.fail(&task, err.to_string(), attempts.retries(), started);
                return None;
            }
            Some(Ok(records)) => Arc::new(records),
        };
        self.wait_for(&task.account, after).await;
        self.progress.fetched(&task);
        let shared = Arc::clone(&records);
        match self.blocking(move |loader| load(loader, &shared)).await {
            Ok(mut summary) => {
                summary.retries = attempts.retries();
                summary.duration_ms = started.elapsed().as_millis() as u64;
                self.record(&task, summary);
                Some(records)
            }
            Err(message) => {
                self.fail(&task, message, attempts.retries(), started);
                None
            }
        }
    }

    /// Run a graph write on the loader thread and wait for it.
    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Loader) -> Result<T, SyncError> + Send + 'static,
    ) -> Result<T, String> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let write: Write = Box::new(move |loader| {
            let _ = reply.send(work(loader).map_err(|e| e.to_string()));
        });
        let sent = lock(&self.writes)
            .as_ref()
            .is_some_and(|w| w.send(write).is_ok());
        if !sent {
            return Err("not written: the run was stopped".into());
        }
        answer
            .await
            .unwrap_or_else(|_| Err("writing to the graph failed (the write panicked)".into()))
    }

    /// Cross-account trust edges, once every account's principals exist.
    async fn trusts(&self, iam: &[(String, Arc<IamRecords>)]) {
        let all: Arc<Vec<Arc<IamRecords>>> = Arc::new(iam.iter().map(|(_, r)| r.clone()).collect());
        for (account, records) in iam {
            let task = Task::new(account, None, "iam-trusts");
            let started = Instant::now();
            self.progress.started(&task);
            let (id, records, all, tag) = (
                account.clone(),
                Arc::clone(records),
                Arc::clone(&all),
                self.request.update_tag,
            );
            let written = self
                .blocking(move |loader| {
                    let refs: Vec<&IamRecords> = all.iter().map(AsRef::as_ref).collect();
                    load::load_trusts(loader, &id, &records, &refs, tag)
                })
                .await;
            match written {
                Ok(mut s) => {
                    s.duration_ms = started.elapsed().as_millis() as u64;
                    self.record(&task, s);
                }
                Err(message) => self.fail(&task, message, 0, started),
            }
        }
    }

    /// Clean up each selected service of `account` that synced everywhere.
    async fn cleanup(&self, account: &str) {
        let sel = &self.request.selection;
        let wanted = [
            (Owned::Iam, sel.iam, &["iam", "iam-trusts"][..]),
            (Owned::S3, sel.s3, &["s3"][..]),
            (Owned::Ec2, !sel.ec2.is_empty(), &["ec2"][..]),
        ];
        for (service, selected, parts) in wanted {
            if !selected {
                continue;
            }
            if service == Owned::Ec2 && !sel.ec2_complete() {
                self.progress.note(&format!(
                    "account {account}: EC2 cleanup skipped: only part of EC2 was requested"
                ));
                continue;
            }
            if !self.synced(account, parts) {
                self.progress.note(&format!(
                    "account {account}: {} cleanup skipped: the service did not sync completely",
                    service.name()
                ));
                continue;
            }
            let (id, tag) = (account.to_string(), self.request.update_tag);
            self.clean(account, service.name(), move |loader| {
                cleanup::cleanup(loader, &id, service, tag)
            })
            .await;
        }
        for service in sel.services.iter().filter_map(|k| services::find(k)) {
            if !self.synced(account, &[service.key]) {
                self.progress.note(&format!(
                    "account {account}: {} cleanup skipped: the service did not sync completely",
                    service.key
                ));
                continue;
            }
            let (id, tag) = (account.to_string(), self.request.update_tag);
            self.clean(account, service.key, move |loader| {
                services::cleanup(loader, service, &id, tag)
            })
            .await;
        }
    }

    /// Whether every task of these syncs in `account` ran and succeeded.
    fn synced(&self, account: &str, parts: &[&str]) -> bool {
        let done = lock(&self.done);
        let mine: Vec<&ServiceSummary> = done
            .iter()
            .filter(|s| s.scope == account && parts.contains(&s.service.as_str()))
            .collect();
        !mine.is_empty() && mine.iter().all(|s| s.succeeded())
    }

    /// Run one cleanup on the loader thread and record it as `cleanup:<name>`.
    async fn clean(
        &self,
        account: &str,
        name: &str,
        work: impl FnOnce(&Loader) -> Result<ServiceSummary, SyncError> + Send + 'static,
    ) {
        let task = Task::new(account, None, &format!("cleanup:{name}"));
        let started = Instant::now();
        self.progress.started(&task);
        match self.blocking(work).await {
            Ok(mut s) => {
                s.duration_ms = started.elapsed().as_millis() as u64;
                self.record(&task, s);
            }
            Err(message) => self.fail(&task, message, 0, started),
        }
    }
}
