"""AWS Config for cartograph's sync tests: in the production account's first region a
recorder of every resource type, a delivery channel and two managed rules; in staging's
second region a recorder of two types only, with its channel and one rule.

Modes: `seed` creates them and prints `report`; `report` prints the ids cartograph gives
them (`name:account:region` for recorders and channels, the ARN for rules) by kind, account
and region; `mutate` deletes production's `restricted-ssh` rule and staging's channel.
"""

from estate import ACCOUNTS, PRODUCTION, REGIONS, STAGING, client, main

PROD_REGION = "us-east-1"
STAGING_REGION = "eu-west-1"


def rule(name, identifier, types):
    return {
        "ConfigRuleName": name,
        "Description": f"{name} (managed rule {identifier})",
        "Source": {"Owner": "AWS", "SourceIdentifier": identifier},
        "Scope": {"ComplianceResourceTypes": types},
    }


def seed_region(account, region, group, bucket, rules):
    client(account, "s3", region).create_bucket(
        Bucket=bucket,
        **({} if region == "us-east-1" else
           {"CreateBucketConfiguration": {"LocationConstraint": region}}),
    )
    config = client(account, "config", region)
    config.put_configuration_recorder(ConfigurationRecorder={
        "name": "default",
        "roleARN": f"arn:aws:iam::{account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
        "recordingGroup": group,
    })
    config.put_delivery_channel(DeliveryChannel={
        "name": "default",
        "s3BucketName": bucket,
        "s3KeyPrefix": "config",
        "configSnapshotDeliveryProperties": {"deliveryFrequency": "Six_Hours"},
    })
    for r in rules:
        config.put_config_rule(ConfigRule=r)


def seed():
    seed_region(
        PRODUCTION, PROD_REGION,
        {"allSupported": True, "includeGlobalResourceTypes": True},
        "prod-config-history",
        [rule("s3-bucket-public-read-prohibited", "S3_BUCKET_PUBLIC_READ_PROHIBITED", ["AWS::S3::Bucket"]),
         rule("restricted-ssh", "INCOMING_SSH_DISABLED", ["AWS::EC2::SecurityGroup"])],
    )
    seed_region(
        STAGING, STAGING_REGION,
        {"allSupported": False, "includeGlobalResourceTypes": False,
         "resourceTypes": ["AWS::EC2::Instance", "AWS::EC2::SecurityGroup"]},
        "staging-config-history",
        [rule("encrypted-volumes", "ENCRYPTED_VOLUMES", ["AWS::EC2::Volume"])],
    )
    return report()


def report():
    kinds = {}

    def put(kind, account, region, ids):
        kinds.setdefault(kind, {}).setdefault(account, {})[region] = sorted(ids)

    for account in ACCOUNTS:
        for region in REGIONS:
            config = client(account, "config", region)
            recorders = config.describe_configuration_recorders()["ConfigurationRecorders"]
            put("recorders", account, region, [f"{r['name']}:{account}:{region}" for r in recorders])
            channels = config.describe_delivery_channels()["DeliveryChannels"]
            put("channels", account, region, [f"{c['name']}:{account}:{region}" for c in channels])
            rules = config.describe_config_rules()["ConfigRules"]
            put("rules", account, region, [r["ConfigRuleArn"] for r in rules])
    return kinds


def mutate():
    client(PRODUCTION, "config", PROD_REGION).delete_config_rule(ConfigRuleName="restricted-ssh")
    client(STAGING, "config", STAGING_REGION).delete_delivery_channel(DeliveryChannelName="default")
    return {"deleted": ["restricted-ssh", "staging channel"]}


main({"seed": seed, "report": report, "mutate": mutate})
