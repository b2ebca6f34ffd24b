"""Elasticsearch / OpenSearch domains for cartograph's sync tests. Production (us-east-1):
`app-logs` inside a VPC (two subnets, a security group) with a policy for one role, and
`search`, an OpenSearch domain whose access policy lets anyone in. Staging (eu-west-1):
`staging-logs`.

Modes: `seed` creates them and prints `report`; `report` prints the domain ids by account and
region; `mutate` deletes `search` and prints its name.
"""

import json

from estate import ACCOUNTS, PRODUCTION, REGIONS, STAGING, client, main


def policy(principal):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": principal, "Action": "es:*", "Resource": "*"}
    ]})


def network():
    """A VPC with two subnets and a security group in production's us-east-1."""
    ec2 = client(PRODUCTION, "ec2")
    vpc = ec2.create_vpc(CidrBlock="10.60.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.60.{i}.0/24")["Subnet"]["SubnetId"]
        for i in (1, 2)
    ]
    group = ec2.create_security_group(GroupName="search", Description="search", VpcId=vpc)
    return subnets, group["GroupId"]


def seed():
    subnets, group = network()
    es = client(PRODUCTION, "es")
    es.create_elasticsearch_domain(
        DomainName="app-logs",
        ElasticsearchVersion="7.10",
        VPCOptions={"SubnetIds": subnets, "SecurityGroupIds": [group]},
        EncryptionAtRestOptions={"Enabled": True},
        AccessPolicies=policy({"AWS": f"arn:aws:iam::{PRODUCTION}:role/app"}),
    )
    es.create_elasticsearch_domain(
        DomainName="search", ElasticsearchVersion="OpenSearch_2.11", AccessPolicies=policy("*")
    )
    client(STAGING, "es", "eu-west-1").create_elasticsearch_domain(
        DomainName="staging-logs", ElasticsearchVersion="7.10"
    )
    return report()


def report():
    out = {}
    for account in ACCOUNTS:
        for region in REGIONS:
            es = client(account, "es", region)
            names = [d["DomainName"] for d in es.list_domain_names()["DomainNames"]]
            ids = []
            if names:
                status = es.describe_elasticsearch_domains(DomainNames=names)["DomainStatusList"]
                ids = [d["DomainId"] for d in status]
            out.setdefault(account, {})[region] = sorted(ids)
    return {"domains": out}


def mutate():
    client(PRODUCTION, "es").delete_elasticsearch_domain(DomainName="search")
    return {"deleted": "search"}


main({"seed": seed, "report": report, "mutate": mutate})
