//! `cartograph demo`: the real transform, load and cleanup code run over a recorded AWS
//! estate shipped in the binary, so a newcomer sees a working graph in seconds.

use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Result, anyhow};
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
  cartograph query 'MATCH (i:EC2Instance)-[:MEMBER_OF_EC2_SECURITY_GROUP]->(g)<-[:MEMBER_OF_EC2_SECURITY_GROUP]-(:IpPermissionInbound)<-[:MEMBER_OF_IP_RULE]-(r:IpRange {id: \"0.0.0.0/0\"}) RETURN DISTINCT i.instanceid, g.name'
  cartograph shell";

pub fn run(args: DemoArgs) -> Result<ExitCode> {
    let g = graph::open(&args.db, Access::ReadWrite)?;
    let db = g.backend();
    let tag = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    eprintln!("Loading the demo estate into {} ...", db.describe());
    let summary = cartograph_aws::demo::load_demo(db, tag).map_err(|e| anyhow!("demo load failed: {e}"))?;
    println!("{summary}");
    if let Some(path) = &args.summary {
        std::fs::write(path, summary.to_json()).map_err(|e| anyhow!("cannot write {}: {e}", path.display()))?;
    }
    println!("{NEXT_STEPS}");
    Ok(ExitCode::SUCCESS)
}
