//! `cartograph demo`: the real transform, load and cleanup code run over a recorded AWS
//! estate shipped in the binary, so a newcomer sees a working graph in seconds.

use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Result, anyhow};
use cartograph_analysis::{Options, Synced};
use clap::Args;

use crate::graph::{self, Access, DbArgs};

#[derive(Args, Debug)]
pub struct DemoArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Also write the run summary as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    summary: Option<std::path::PathBuf>,
}

const NEXT_STEPS: &str = "\
Try next (add --db PATH if you used one):
  cartograph query 'MATCH (a:AWSAccount) RETURN a.name, a.id, a.inscope ORDER BY a.name'
  cartograph query 'MATCH (a:AWSAccount)-[:RESOURCE]->(i:EC2Instance) RETURN a.name, i.instanceid, i.publicipaddress ORDER BY a.name'
  cartograph query 'MATCH (r:AWSRole)-[:TRUSTS_AWS_PRINCIPAL]->(p:AWSPrincipal)<-[:RESOURCE]-(x:AWSAccount) WHERE x.inscope IS NULL RETURN r.arn, p.arn'
  cartograph query 'MATCH (b:S3Bucket) WHERE b.anonymous_access = true RETURN b.name, b.anonymous_actions'
  cartograph query 'MATCH (i:EC2Instance {exposed_internet: true}) RETURN i.instanceid, i.exposed_internet_type, i.exposed_internet_reachable_ports'
  cartograph query 'MATCH (p:AWSPrincipal)-[r:CAN_READ]->(b:S3Bucket) WHERE b.anonymous_access = true OR r.identity_evaluated = false RETURN p.arn, b.name'
  cartograph rules run all
  cartograph report --output report.html
  cartograph shell";

pub fn run(args: DemoArgs) -> Result<ExitCode> {
    let g = graph::open(&args.db, Access::ReadWrite)?;
    let db = g.backend();
    let tag = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    eprintln!("Loading the demo estate into {} ...", db.describe());
    let summary =
        cartograph_aws::demo::load_demo(db, tag).map_err(|e| anyhow!("demo load failed: {e}"))?;
    println!("{summary}");
    let options = Options {
        synced: Synced::from_summary(&summary),
        ..Options::default()
    };
    let analysis = cartograph_analysis::run_aws_analysis(db, tag, &options)
        .map_err(|e| anyhow!("analysis failed: {e}"))?;
    println!("{analysis}");
    if let Some(path) = &args.summary {
        let doc = serde_json::json!({
            "sync": serde_json::from_str::<serde_json::Value>(&summary.to_json())?,
            "analysis": analysis,
        });
        std::fs::write(path, serde_json::to_string_pretty(&doc)?)
            .map_err(|e| anyhow!("cannot write {}: {e}", path.display()))?;
    }
    println!("{NEXT_STEPS}");
    Ok(ExitCode::SUCCESS)
}
