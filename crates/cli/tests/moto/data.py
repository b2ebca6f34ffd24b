"""Data stores and their guards for cartograph's sync tests: KMS, RDS, DynamoDB, Secrets
Manager and CloudTrail, with a positive and a negative case of what the rules look at.

Production (us-east-1) has a VPC with two subnets and a database security group; a KMS key
with rotation (alias, grant) and one without; an encrypted private Postgres instance and an
unencrypted public MySQL one in a DB subnet group, an Aurora cluster, a manual snapshot
shared with everyone and an event subscription; two DynamoDB tables (one with a GSI); a
KMS-encrypted secret with two versions and a plain one; a multi-region trail with log
validation and KMS, and a single-region trail without either, stopped. Staging (eu-west-1)
has a key, a table, a secret, an instance and a trail.

Modes: `seed` creates them and prints `report`; `report` prints the ids by kind, account and
region; `mutate` deletes the public instance, the `sessions` table, the plain secret, the
legacy key's alias and grant, and the single-region trail, and prints what it deleted.
"""

from estate import ACCOUNTS, PRODUCTION, REGIONS, STAGING, client, main

PASSWORD = "not-a-real-password-1"


def network(account, region):
    """A VPC with two subnets and a database security group; returns (subnets, group)."""
    ec2 = client(account, "ec2", region)
    vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=region + az)["Subnet"][
            "SubnetId"
        ]
        for cidr, az in (("10.40.1.0/24", "a"), ("10.40.2.0/24", "b"))
    ]
    group = ec2.create_security_group(GroupName="db", Description="databases", VpcId=vpc)
    return subnets, group["GroupId"]


def key(account, region, name, rotation):
    kms = client(account, "kms", region)
    k = kms.create_key(Description=name)["KeyMetadata"]
    if rotation:
        kms.enable_key_rotation(KeyId=k["KeyId"])
    kms.create_alias(AliasName=f"alias/{name}", TargetKeyId=k["KeyId"])
    return k


def seed_production():
    region = "us-east-1"
    subnets, group = network(PRODUCTION, region)
    data = key(PRODUCTION, region, "data", rotation=True)
    legacy = key(PRODUCTION, region, "legacy", rotation=False)
    client(PRODUCTION, "kms", region).create_grant(
        KeyId=legacy["KeyId"],
        GranteePrincipal=f"arn:aws:iam::{PRODUCTION}:role/reporting",
        Operations=["Decrypt"],
        Name="reporting-decrypt",
    )

    rds = client(PRODUCTION, "rds", region)
    rds.create_db_subnet_group(
        DBSubnetGroupName="private", DBSubnetGroupDescription="databases", SubnetIds=subnets
    )
    common = dict(
        DBInstanceClass="db.t3.micro",
        MasterUsername="dbadmin",
        MasterUserPassword=PASSWORD,
        AllocatedStorage=20,
        VpcSecurityGroupIds=[group],
        DBSubnetGroupName="private",
    )
    rds.create_db_instance(
        DBInstanceIdentifier="orders",
        Engine="postgres",
        StorageEncrypted=True,
        KmsKeyId=data["Arn"],
        PubliclyAccessible=False,
        **common,
    )
    rds.create_db_instance(
        DBInstanceIdentifier="reporting", Engine="mysql", PubliclyAccessible=True, **common
    )
    rds.create_db_cluster(
        DBClusterIdentifier="payments",
        Engine="aurora-postgresql",
        MasterUsername="dbadmin",
        MasterUserPassword=PASSWORD,
        StorageEncrypted=True,
    )
    rds.create_db_snapshot(DBSnapshotIdentifier="orders-shared", DBInstanceIdentifier="orders")
    rds.modify_db_snapshot_attribute(
        DBSnapshotIdentifier="orders-shared", AttributeName="restore", ValuesToAdd=["all"]
    )
    topic = client(PRODUCTION, "sns", region).create_topic(Name="db-alerts")["TopicArn"]
    rds.create_event_subscription(
        SubscriptionName="failures",
        SnsTopicArn=topic,
        SourceType="db-instance",
        SourceIds=["orders"],
        EventCategories=["failure"],
    )

    ddb = client(PRODUCTION, "dynamodb", region)
    ddb.create_table(
        TableName="orders",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[
            {"AttributeName": "id", "AttributeType": "S"},
            {"AttributeName": "customer", "AttributeType": "S"},
        ],
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by-customer",
                "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
                "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 1},
            }
        ],
    )
    ddb.create_table(
        TableName="sessions",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
        SSESpecification={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": data["Arn"]},
    )
    backup = ddb.create_backup(TableName="sessions", BackupName="sessions-nightly")
    ddb.restore_table_from_backup(
        TargetTableName="sessions-restored", BackupArn=backup["BackupDetails"]["BackupArn"]
    )

    sm = client(PRODUCTION, "secretsmanager", region)
    sm.create_secret(Name="prod/db", SecretString="one", KmsKeyId=data["Arn"])
    sm.put_secret_value(SecretId="prod/db", SecretString="two")
    sm.create_secret(Name="prod/api", SecretString="key")

    client(PRODUCTION, "s3", region).create_bucket(Bucket="prod-trail-logs")
    ct = client(PRODUCTION, "cloudtrail", region)
    ct.create_trail(
        Name="audit",
        S3BucketName="prod-trail-logs",
        IsMultiRegionTrail=True,
        EnableLogFileValidation=True,
        KmsKeyId=data["Arn"],
    )
    ct.start_logging(Name="audit")
    ct.create_trail(Name="debug", S3BucketName="prod-trail-logs")


def seed_staging():
    region = "eu-west-1"
    subnets, group = network(STAGING, region)
    key(STAGING, region, "staging", rotation=False)
    rds = client(STAGING, "rds", region)
    rds.create_db_subnet_group(
        DBSubnetGroupName="staging", DBSubnetGroupDescription="databases", SubnetIds=subnets
    )
    rds.create_db_instance(
        DBInstanceIdentifier="staging-db",
        Engine="postgres",
        DBInstanceClass="db.t3.micro",
        MasterUsername="dbadmin",
        MasterUserPassword=PASSWORD,
        AllocatedStorage=20,
        VpcSecurityGroupIds=[group],
        DBSubnetGroupName="staging",
    )
    client(STAGING, "dynamodb", region).create_table(
        TableName="staging-orders",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    client(STAGING, "secretsmanager", region).create_secret(
        Name="staging/db", SecretString="x"
    )
    client(STAGING, "s3", region).create_bucket(
        Bucket="staging-trail-logs",
        CreateBucketConfiguration={"LocationConstraint": region},
    )
    client(STAGING, "cloudtrail", region).create_trail(
        Name="staging", S3BucketName="staging-trail-logs"
    )


def seed():
    seed_production()
    seed_staging()
    return report()


def ids(account, region):
    """Every kind's ids in one account and region, as cartograph names its nodes."""
    kms = client(account, "kms", region)
    keys = [k["KeyId"] for k in kms.list_keys()["Keys"]]
    aliases, grants = [], []
    for k in keys:
        aliases += [a["AliasArn"] for a in kms.list_aliases(KeyId=k)["Aliases"]]
        grants += [g["GrantId"] for g in kms.list_grants(KeyId=k)["Grants"]]
    rds = client(account, "rds", region)
    tables, gsis, parts = [], [], []
    ddb = client(account, "dynamodb", region)
    for name in ddb.list_tables()["TableNames"]:
        t = ddb.describe_table(TableName=name)["Table"]
        tables.append(t["TableArn"])
        # moto leaves out IndexArn; AWS names an index `<table ARN>/index/<name>`.
        gsis += [
            i.get("IndexArn", f"{t['TableArn']}/index/{i['IndexName']}")
            for i in t.get("GlobalSecondaryIndexes", [])
        ]
        # The parts of the description that become nodes, as Cartography names them.
        parts += [
            f"{t['TableArn']}/{part}"
            for key, part in [
                ("BillingModeSummary", "billing"),
                ("SSEDescription", "sse"),
                ("RestoreSummary", "restore"),
            ]
            if t.get(key)
        ]
        if t.get("StreamSpecification") and t.get("LatestStreamArn"):
            parts.append(t["LatestStreamArn"])
    sm = client(account, "secretsmanager", region)
    secrets, versions = [], []
    for s in sm.list_secrets()["SecretList"]:
        secrets.append(s["ARN"])
        for v in sm.list_secret_version_ids(SecretId=s["ARN"])["Versions"]:
            versions.append(f"{s['ARN']}:version:{v['VersionId']}")
    trails = [
        t["TrailARN"]
        for t in client(account, "cloudtrail", region).describe_trails()["trailList"]
        if t.get("HomeRegion") == region
    ]
    return {
        "kms_keys": keys,
        "kms_aliases": aliases,
        "kms_grants": grants,
        "rds_instances": [i["DBInstanceArn"] for i in rds.describe_db_instances()["DBInstances"]],
        "rds_clusters": [c["DBClusterArn"] for c in rds.describe_db_clusters()["DBClusters"]],
        "rds_snapshots": [s["DBSnapshotArn"] for s in rds.describe_db_snapshots()["DBSnapshots"]],
        "rds_subnet_groups": [
            g["DBSubnetGroupArn"] for g in rds.describe_db_subnet_groups()["DBSubnetGroups"]
        ],
        "rds_event_subscriptions": [
            e["EventSubscriptionArn"]
            for e in rds.describe_event_subscriptions()["EventSubscriptionsList"]
        ],
        "dynamodb_tables": tables,
        "dynamodb_gsis": gsis,
        "dynamodb_parts": parts,
        "secrets": secrets,
        "secret_versions": versions,
        "trails": trails,
    }


def report():
    out = {}
    for account in ACCOUNTS:
        for region in REGIONS:
            for kind, found in ids(account, region).items():
                out.setdefault(kind, {}).setdefault(account, {})[region] = sorted(found)
    return out


def mutate():
    region = "us-east-1"
    rds = client(PRODUCTION, "rds", region)
    rds.delete_db_instance(DBInstanceIdentifier="reporting", SkipFinalSnapshot=True)
    client(PRODUCTION, "dynamodb", region).delete_table(TableName="sessions")
    client(PRODUCTION, "secretsmanager", region).delete_secret(
        SecretId="prod/api", ForceDeleteWithoutRecovery=True
    )
    kms = client(PRODUCTION, "kms", region)
    kms.delete_alias(AliasName="alias/legacy")
    for k in kms.list_keys()["Keys"]:
        for g in kms.list_grants(KeyId=k["KeyId"])["Grants"]:
            kms.revoke_grant(KeyId=k["KeyId"], GrantId=g["GrantId"])
    client(PRODUCTION, "cloudtrail", region).delete_trail(Name="debug")
    return {"deleted": ["reporting", "sessions", "prod/api", "alias/legacy", "grants", "debug"]}


main({"seed": seed, "report": report, "mutate": mutate})
