"""Tagged resources for cartograph's Tagging API test: two instances and a VPC in the production
account, a bucket in staging, sharing some tags.

Modes: `seed` creates them and prints `report`; `report` prints, by account and region, each
`resource id|key:value` pair the Tagging API lists for instances, VPCs and buckets; `mutate`
deletes production's `team` tag from the first instance.
"""

from estate import ACCOUNTS, PRODUCTION, REGIONS, STAGING, client, main

KINDS = {"instance": "ec2:instance", "vpc": "ec2:vpc", "s3": "s3"}


def seed():
    ec2 = client(PRODUCTION, "ec2")
    vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    ec2.create_tags(Resources=[vpc], Tags=[{"Key": "env", "Value": "production"}])
    for team in ["payments", "search"]:
        ec2.run_instances(
            ImageId="ami-12c6146b",
            MinCount=1,
            MaxCount=1,
            TagSpecifications=[
                {
                    "ResourceType": "instance",
                    "Tags": [{"Key": "env", "Value": "production"}, {"Key": "team", "Value": team}],
                }
            ],
        )
    s3 = client(STAGING, "s3")
    s3.create_bucket(Bucket="tagged-staging-logs")
    s3.put_bucket_tagging(
        Bucket="tagged-staging-logs", Tagging={"TagSet": [{"Key": "env", "Value": "staging"}]}
    )
    return report()


def resource_id(arn):
    return arn.split("/")[-1] if ":ec2:" in arn else arn.split(":")[-1]


def report():
    out = {}
    for account in ACCOUNTS:
        for region in REGIONS:
            api = client(account, "resourcegroupstaggingapi", region)
            pairs = []
            for m in api.get_resources()["ResourceTagMappingList"]:
                if not any(f":{k.split(':')[0]}:" in m["ResourceARN"] for k in KINDS.values()):
                    continue
                if ":ec2:" in m["ResourceARN"] and not (
                    ":instance/" in m["ResourceARN"] or ":vpc/" in m["ResourceARN"]
                ):
                    continue
                # moto lists buckets in every region; they live in their location's.
                if m["ResourceARN"].startswith("arn:aws:s3:::") and region != "us-east-1":
                    continue
                pairs += [f"{resource_id(m['ResourceARN'])}|{t['Key']}:{t['Value']}" for t in m["Tags"]]
            out.setdefault(account, {})[region] = sorted(pairs)
    return {"tagged": out}


def mutate():
    ec2 = client(PRODUCTION, "ec2")
    instances = [
        i["InstanceId"]
        for r in ec2.describe_instances()["Reservations"]
        for i in r["Instances"]
        if {"Key": "team", "Value": "payments"} in i.get("Tags", [])
    ]
    ec2.delete_tags(Resources=instances, Tags=[{"Key": "team"}])
    return {"untagged": instances}


main({"seed": seed, "report": report, "mutate": mutate})
