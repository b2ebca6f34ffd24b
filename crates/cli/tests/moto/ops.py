"""Operations and data services for cartograph's sync tests: CloudWatch (log groups, metric
filters, alarms), SSM (parameters, managed instances), EFS (file systems, mount targets,
access points), ElastiCache (clusters) and Redshift (clusters, public and private) in the
production account's first region and staging's second.

Modes: `seed` creates them and prints `report`; `report` prints the ids by kind, account and
region; `mutate` deletes one of each kind in production and prints what it deleted;
`stand-in PORT` serves on 127.0.0.1:PORT what moto lacks (see `OpsStandIn`) and forwards every
other request to moto.
"""

import datetime
import json
import struct

from estate import ACCOUNTS, PRODUCTION, REGIONS, STAGING, StandIn, client, main, serve

PROD_REGION = "us-east-1"
STAGING_REGION = "eu-west-1"
KEEP_GROUP = "cloudtrail/prod"
DROP_GROUP = "/app/web"


def subnet(account, region):
    """A VPC with one subnet, for mount targets."""
    ec2 = client(account, "ec2", region)
    vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    return ec2.create_subnet(VpcId=vpc, CidrBlock="10.40.1.0/24")["Subnet"]["SubnetId"]


def seed_cloudwatch():
    logs = client(PRODUCTION, "logs", PROD_REGION)
    logs.create_log_group(logGroupName=KEEP_GROUP)
    logs.put_retention_policy(logGroupName=KEEP_GROUP, retentionInDays=365)
    logs.create_log_group(logGroupName=DROP_GROUP)
    logs.put_metric_filter(
        logGroupName=KEEP_GROUP,
        filterName="root-usage",
        filterPattern='{ $.userIdentity.type = "Root" }',
        metricTransformations=[
            {"metricName": "RootUsage", "metricNamespace": "CIS", "metricValue": "1"}
        ],
    )
    logs.put_metric_filter(
        logGroupName=DROP_GROUP,
        filterName="errors",
        filterPattern="ERROR",
        metricTransformations=[
            {"metricName": "Errors", "metricNamespace": "App", "metricValue": "1"}
        ],
    )
    cw = client(PRODUCTION, "cloudwatch", PROD_REGION)
    for name, enabled in [("root-usage", True), ("cpu-high", False)]:
        cw.put_metric_alarm(
            AlarmName=name,
            MetricName="RootUsage",
            Namespace="CIS",
            Statistic="Sum",
            Period=300,
            EvaluationPeriods=1,
            Threshold=1,
            ComparisonOperator="GreaterThanOrEqualToThreshold",
            ActionsEnabled=enabled,
        )
    client(STAGING, "logs", STAGING_REGION).create_log_group(logGroupName="/staging/app")


def seed_ssm():
    ssm = client(PRODUCTION, "ssm", PROD_REGION)
    ssm.put_parameter(Name="/shop/db-password", Value="s3cret", Type="SecureString")
    ssm.put_parameter(Name="/shop/flags", Value="a,b", Type="StringList")
    client(STAGING, "ssm", STAGING_REGION).put_parameter(
        Name="staging-url", Value="https://staging.example.test", Type="String"
    )
    # Two instances, one of them managed by SSM (see `StandIn`).
    ec2 = client(PRODUCTION, "ec2", PROD_REGION)
    for managed in ["true", "false"]:
        ec2.run_instances(
            ImageId="ami-12c6146b",
            MinCount=1,
            MaxCount=1,
            TagSpecifications=[
                {
                    "ResourceType": "instance",
                    "Tags": [{"Key": "ssm-managed", "Value": managed}],
                }
            ],
        )


def seed_efs():
    efs = client(PRODUCTION, "efs", PROD_REGION)
    media = efs.create_file_system(
        CreationToken="media", Encrypted=True, Tags=[{"Key": "Name", "Value": "media"}]
    )["FileSystemId"]
    legacy = efs.create_file_system(
        CreationToken="legacy", Encrypted=False, Tags=[{"Key": "Name", "Value": "legacy"}]
    )["FileSystemId"]
    sub = subnet(PRODUCTION, PROD_REGION)
    efs.create_mount_target(FileSystemId=media, SubnetId=sub)
    efs.create_mount_target(FileSystemId=legacy, SubnetId=sub)
    efs.create_access_point(
        FileSystemId=media,
        PosixUser={"Uid": 1000, "Gid": 1000},
        RootDirectory={"Path": "/uploads"},
    )
    client(STAGING, "efs", STAGING_REGION).create_file_system(CreationToken="scratch")


def seed_elasticache():
    ec = client(PRODUCTION, "elasticache", PROD_REGION)
    ec.create_cache_cluster(
        CacheClusterId="sessions", Engine="redis", CacheNodeType="cache.t3.micro", NumCacheNodes=1
    )
    ec.create_cache_cluster(
        CacheClusterId="catalog", Engine="memcached", CacheNodeType="cache.t3.micro", NumCacheNodes=2
    )
    client(STAGING, "elasticache", STAGING_REGION).create_cache_cluster(
        CacheClusterId="staging", Engine="redis", CacheNodeType="cache.t3.micro", NumCacheNodes=1
    )


def seed_redshift():
    role = client(PRODUCTION, "iam").create_role(
        RoleName="redshift-copy",
        AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                           "Principal": {"Service": "redshift.amazonaws.com"}}],
        }),
    )["Role"]["Arn"]
    ec2 = client(PRODUCTION, "ec2", PROD_REGION)
    vpc = ec2.create_vpc(CidrBlock="10.50.0.0/16")["Vpc"]["VpcId"]
    sg = ec2.create_security_group(GroupName="dwh", Description="dwh", VpcId=vpc)["GroupId"]
    rs = client(PRODUCTION, "redshift", PROD_REGION)
    for name, public, encrypted, roles in [
        ("analytics", True, False, [role]),
        ("finance", False, True, []),
    ]:
        rs.create_cluster(
            ClusterIdentifier=name, NodeType="dc2.large", MasterUsername="admin",
            MasterUserPassword="Passw0rd1", PubliclyAccessible=public, Encrypted=encrypted,
            VpcSecurityGroupIds=[sg], IamRoles=roles,
        )
    client(STAGING, "redshift", STAGING_REGION).create_cluster(
        ClusterIdentifier="staging", NodeType="dc2.large", MasterUsername="admin",
        MasterUserPassword="Passw0rd1", PubliclyAccessible=False,
    )


def seed():
    seed_cloudwatch()
    seed_ssm()
    seed_efs()
    seed_elasticache()
    seed_redshift()
    return report()


def parameter_arn(account, region, name):
    """What cartograph stores when the answer has no ARN (moto leaves it out)."""
    return f"arn:aws:ssm:{region}:{account}:parameter/{name.lstrip('/')}"


def managed_instances(ec2):
    """The instances tagged `ssm-managed=true`, as (id, private IP)."""
    out = []
    filters = [
        {"Name": "tag:ssm-managed", "Values": ["true"]},
        {"Name": "instance-state-name", "Values": ["pending", "running"]},
    ]
    for r in ec2.describe_instances(Filters=filters)["Reservations"]:
        out.extend((i["InstanceId"], i.get("PrivateIpAddress")) for i in r["Instances"])
    return out


def report():
    kinds = {}

    def put(kind, account, region, ids):
        kinds.setdefault(kind, {}).setdefault(account, {})[region] = sorted(ids)

    for account in ACCOUNTS:
        for region in REGIONS:
            logs = client(account, "logs", region)
            put("log_groups", account, region,
                [g["logGroupArn"] for g in logs.describe_log_groups()["logGroups"]])
            put("metric_filters", account, region,
                [f"{f['logGroupName']}:{f['filterName']}"
                 for f in logs.describe_metric_filters()["metricFilters"]])
            cw = client(account, "cloudwatch", region)
            put("alarms", account, region,
                [a["AlarmArn"] for a in cw.describe_alarms()["MetricAlarms"]])
            ssm = client(account, "ssm", region)
            put("parameters", account, region,
                [p.get("ARN") or parameter_arn(account, region, p["Name"])
                 for p in ssm.describe_parameters()["Parameters"]])
            put("managed_instances", account, region,
                [i for i, _ in managed_instances(client(account, "ec2", region))])
            efs = client(account, "efs", region)
            systems = efs.describe_file_systems()["FileSystems"]
            put("file_systems", account, region, [f["FileSystemId"] for f in systems])
            put("mount_targets", account, region,
                [m["MountTargetId"] for f in systems
                 for m in efs.describe_mount_targets(FileSystemId=f["FileSystemId"])["MountTargets"]])
            put("access_points", account, region,
                [a["AccessPointArn"] for a in efs.describe_access_points()["AccessPoints"]])
            ec = client(account, "elasticache", region)
            put("cache_clusters", account, region,
                [c["ARN"] for c in ec.describe_cache_clusters()["CacheClusters"]])
            rs = client(account, "redshift", region)
            put("redshift_clusters", account, region,
                [f"arn:aws:redshift:{region}:{account}:cluster:{c['ClusterIdentifier']}"
                 for c in rs.describe_clusters()["Clusters"]])
    return kinds


def mutate():
    deleted = {}
    logs = client(PRODUCTION, "logs", PROD_REGION)
    logs.delete_metric_filter(logGroupName=DROP_GROUP, filterName="errors")
    logs.delete_log_group(logGroupName=DROP_GROUP)
    client(PRODUCTION, "cloudwatch", PROD_REGION).delete_alarms(AlarmNames=["cpu-high"])
    deleted["cloudwatch"] = [DROP_GROUP, "cpu-high"]
    client(PRODUCTION, "ssm", PROD_REGION).delete_parameter(Name="/shop/flags")
    ec2 = client(PRODUCTION, "ec2", PROD_REGION)
    gone = [i for i, _ in managed_instances(ec2)]
    ec2.terminate_instances(InstanceIds=gone)
    deleted["ssm"] = ["/shop/flags"] + gone
    efs = client(PRODUCTION, "efs", PROD_REGION)
    for f in efs.describe_file_systems()["FileSystems"]:
        if f["CreationToken"] == "legacy":
            for m in efs.describe_mount_targets(FileSystemId=f["FileSystemId"])["MountTargets"]:
                efs.delete_mount_target(MountTargetId=m["MountTargetId"])
            efs.delete_file_system(FileSystemId=f["FileSystemId"])
            deleted["efs"] = [f["FileSystemId"]]
    # moto keeps a deleted cache cluster listed, `deleting`, as ElastiCache does for a while.
    client(PRODUCTION, "elasticache", PROD_REGION).delete_cache_cluster(CacheClusterId="catalog")
    client(PRODUCTION, "redshift", PROD_REGION).delete_cluster(
        ClusterIdentifier="finance", SkipFinalClusterSnapshot=True
    )
    deleted["redshift"] = ["finance"]
    return deleted


def cbor(value):
    """`value` in CBOR (RFC 8949), as Smithy's RPC v2 CBOR protocol sends it: timestamps
    are tag 1 over epoch seconds."""
    def head(major, n):
        if n < 24:
            return bytes([major << 5 | n])
        for extra, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
            if n < 1 << (8 * struct.calcsize(fmt)):
                return bytes([major << 5 | extra]) + struct.pack(fmt, n)
        raise ValueError(n)

    if value is None:
        return b"\xf6"
    if isinstance(value, bool):
        return b"\xf5" if value else b"\xf4"
    if isinstance(value, int):
        return head(0, value) if value >= 0 else head(1, -1 - value)
    if isinstance(value, float):
        return b"\xfb" + struct.pack(">d", value)
    if isinstance(value, datetime.datetime):
        return b"\xc1" + cbor(value.timestamp())
    if isinstance(value, str):
        data = value.encode()
        return head(3, len(data)) + data
    if isinstance(value, list):
        return head(4, len(value)) + b"".join(cbor(v) for v in value)
    if isinstance(value, dict):
        return head(5, len(value)) + b"".join(cbor(k) + cbor(v) for k, v in value.items())
    raise TypeError(type(value))


def instance_information(instance_id, ip):
    """One `InstanceInformation` as the SSM JSON protocol sends it (recorded shape)."""
    return {
        "InstanceId": instance_id,
        "PingStatus": "Online",
        "LastPingDateTime": 1774310400.123,
        "AgentVersion": "3.3.1611.0",
        "IsLatestVersion": True,
        "PlatformType": "Linux",
        "PlatformName": "Amazon Linux",
        "PlatformVersion": "2023",
        "ResourceType": "EC2Instance",
        "IPAddress": ip,
        "ComputerName": f"ip-{(ip or '0.0.0.0').replace('.', '-')}.ec2.internal",
        "AssociationStatus": "Success",
        "LastAssociationExecutionDate": 1774306800.0,
        "LastSuccessfulAssociationExecutionDate": 1774306800.0,
        "SourceId": instance_id,
        "SourceType": "AWS::EC2::Instance",
    }


class OpsStandIn(StandIn):
    """SSM `DescribeInstanceInformation` (awsJson1_1) lists the instances tagged
    `ssm-managed=true` (the SSM agent's registration, which moto cannot model); CloudWatch
    `DescribeAlarms` over the RPC v2 CBOR protocol the Rust SDK speaks (moto only has the
    query protocol) relays moto's alarms."""

    targets = {"AmazonSSM.DescribeInstanceInformation": "describe_instance_information"}
    paths = {"/operation/DescribeAlarms": "describe_alarms"}

    def describe_instance_information(self):
        listing = [instance_information(i, ip) for i, ip in managed_instances(self.as_caller("ec2"))]
        self.json_reply({"InstanceInformationList": listing})

    def describe_alarms(self):
        alarms = self.as_caller("cloudwatch").describe_alarms()["MetricAlarms"]
        payload = cbor({"MetricAlarms": alarms})
        headers = [("Content-Type", "application/cbor"), ("smithy-protocol", "rpc-v2-cbor")]
        self.reply(200, headers, payload)


main({"seed": seed, "report": report, "mutate": mutate, "stand-in": lambda: serve(OpsStandIn)})
