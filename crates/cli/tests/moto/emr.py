"""EMR clusters for cartograph's sync tests: two in production (us-east-1), one in staging
(eu-west-1). EMR (and moto) keep listing terminated clusters, so `mutate` cannot make one
disappear: it terminates production's `adhoc` cluster and starts `backfill` in staging.

moto's EMR reads the region from the host name only (`elasticmapreduce.<region>.amazonaws.com`)
and files every call to 127.0.0.1 under us-east-1. `stand-in PORT` forwards everything to
moto and names the region the request was signed for in the `Host` of EMR calls; the seed
script and the sync both go through it.

Modes: `seed` creates them and prints `report`; `report` prints the cluster ids by account
and region; `mutate` prints what it changed; `stand-in PORT` serves until killed.
"""

from estate import ACCOUNTS, PRODUCTION, REGIONS, STAGING, StandIn, caller, client, main, serve


def cluster(account, region, name, **extra):
    return client(account, "emr", region).run_job_flow(
        Name=name,
        ReleaseLabel="emr-6.15.0",
        Instances={
            "MasterInstanceType": "m5.xlarge",
            "SlaveInstanceType": "m5.xlarge",
            "InstanceCount": 3,
            "KeepJobFlowAliveWhenNoSteps": True,
        },
        JobFlowRole="EMR_EC2_DefaultRole",
        ServiceRole="EMR_DefaultRole",
        **extra,
    )["JobFlowId"]


def seed():
    cluster(PRODUCTION, "us-east-1", "nightly-etl", LogUri="s3://logs/emr/")
    cluster(PRODUCTION, "us-east-1", "adhoc", VisibleToAllUsers=True)
    cluster(STAGING, "eu-west-1", "staging-etl")
    return report()


def report():
    out = {}
    for account in ACCOUNTS:
        for region in REGIONS:
            listed = client(account, "emr", region).list_clusters()["Clusters"]
            out.setdefault(account, {})[region] = sorted(c["Id"] for c in listed)
    return {"clusters": out}


def mutate():
    emr = client(PRODUCTION, "emr")
    adhoc = next(c["Id"] for c in emr.list_clusters()["Clusters"] if c["Name"] == "adhoc")
    emr.terminate_job_flows(JobFlowIds=[adhoc])
    return {"terminated": adhoc, "started": cluster(STAGING, "eu-west-1", "backfill")}


class EmrStandIn(StandIn):
    def to_moto(self, headers):
        if self.headers.get("X-Amz-Target", "").startswith("ElasticMapReduce."):
            region = caller(self.headers)[2]
            headers["Host"] = f"elasticmapreduce.{region}.amazonaws.com"
        return headers


main({"seed": seed, "report": report, "mutate": mutate, "stand-in": lambda: serve(EmrStandIn)})
