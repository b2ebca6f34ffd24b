"""ECR pull-through cache rules for cartograph's sync tests. moto 5.2.5 cannot create them
(`CreatePullThroughCacheRule` fails), so the rules of each account and region are kept, in
the API's own shape, in an SSM parameter of that account and region in moto, and the
`stand-in` answers `DescribePullThroughCacheRules` (awsJson1_1) from it. The production
account's Docker Hub rule names a real secret and role in moto.

Modes: `seed` stores them and prints `report`; `report` prints the rule ids by account and
region; `mutate` deletes production's ECR Public rule; `stand-in PORT` serves the stand-in.
"""

import json

from estate import ACCOUNTS, PRODUCTION, REGIONS, STAGING, StandIn, client, main, serve

PARAMETER = "/stand-in/ecr/pull-through-cache-rules"
CREATED = 1709370000


def rule(account, prefix, url, upstream, **extra):
    return {
        "registryId": account,
        "ecrRepositoryPrefix": prefix,
        "upstreamRegistryUrl": url,
        "upstreamRegistry": upstream,
        "upstreamRepositoryPrefix": "ROOT",
        "createdAt": CREATED,
        "updatedAt": CREATED,
        **extra,
    }


def store(account, region, rules):
    client(account, "ssm", region).put_parameter(
        Name=PARAMETER, Value=json.dumps(rules), Type="String", Overwrite=True
    )


def stored(ssm):
    try:
        return json.loads(ssm.get_parameter(Name=PARAMETER)["Parameter"]["Value"])
    except ssm.exceptions.ParameterNotFound:
        return []


def seed():
    secret = client(PRODUCTION, "secretsmanager").create_secret(
        Name="ecr-pullthroughcache/docker-hub", SecretString='{"username":"u","accessToken":"t"}'
    )["ARN"]
    role = client(PRODUCTION, "iam").create_role(
        RoleName="ecr-pull-through",
        AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"Service": "pullthroughcache.ecr.amazonaws.com"},
                           "Action": "sts:AssumeRole"}],
        }),
    )["Role"]["Arn"]
    store(PRODUCTION, "us-east-1", [
        rule(PRODUCTION, "ecr-public", "public.ecr.aws", "ecr-public"),
        rule(PRODUCTION, "docker-hub", "registry-1.docker.io", "docker-hub",
             credentialArn=secret, customRoleArn=role),
    ])
    store(STAGING, "eu-west-1", [rule(STAGING, "quay", "quay.io", "quay")])
    return report()


def report():
    ids = {}
    for account in ACCOUNTS:
        for region in REGIONS:
            rules = stored(client(account, "ssm", region))
            ids.setdefault(account, {})[region] = [
                f"{r['registryId']}:{region}:{r['ecrRepositoryPrefix']}" for r in rules
            ]
    return {"pull_through_cache_rules": ids}


def mutate():
    rules = stored(client(PRODUCTION, "ssm", "us-east-1"))
    store(PRODUCTION, "us-east-1", [r for r in rules if r["ecrRepositoryPrefix"] != "ecr-public"])
    return {"deleted": [f"{PRODUCTION}:us-east-1:ecr-public"]}


class EcrStandIn(StandIn):
    targets = {
        "AmazonEC2ContainerRegistry_V20150921.DescribePullThroughCacheRules": "describe_rules",
    }

    def describe_rules(self):
        self.json_reply({"pullThroughCacheRules": stored(self.as_caller("ssm"))})


main({"seed": seed, "report": report, "mutate": mutate, "stand-in": lambda: serve(EcrStandIn)})
