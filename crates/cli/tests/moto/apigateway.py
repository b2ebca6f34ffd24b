"""API Gateway v1 for cartograph's sync tests. Production (us-east-1): `orders`, a REGIONAL
API whose resource policy lets anyone invoke it, with a `/orders` GET method and its HTTP
integration, deployed to stage `prod`; `inventory`, a PRIVATE API without a policy, deployed
to `live`. Staging (eu-west-1): `webhooks`, an EDGE API. moto has no client certificates:
those are covered by the demo estate and unit tests.

Modes: `seed` creates them and prints `report`; `report` prints the ids by kind, account and
region; `mutate` deletes `inventory` and prints its id.
"""

import json

from estate import ACCOUNTS, PRODUCTION, REGIONS, STAGING, client, main

PUBLIC = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "*"}
        ],
    }
)


def api(account, region, name, endpoint, **extra):
    """A REST API with `/<name>` GET (HTTP integration), deployed to stage `stage`."""
    ag = client(account, "apigateway", region)
    a = ag.create_rest_api(name=name, endpointConfiguration={"types": [endpoint]}, **extra)
    root = ag.get_resources(restApiId=a["id"])["items"][0]["id"]
    r = ag.create_resource(restApiId=a["id"], parentId=root, pathPart=name)
    ag.put_method(restApiId=a["id"], resourceId=r["id"], httpMethod="GET", authorizationType="NONE")
    ag.put_integration(
        restApiId=a["id"],
        resourceId=r["id"],
        httpMethod="GET",
        type="HTTP",
        integrationHttpMethod="POST",
        uri=f"http://{name}.example.test/",
    )
    return a["id"]


def seed():
    api(PRODUCTION, "us-east-1", "orders", "REGIONAL", policy=PUBLIC)
    api(PRODUCTION, "us-east-1", "inventory", "PRIVATE")
    api(STAGING, "eu-west-1", "webhooks", "EDGE")
    for account, region, name, stage in (
        (PRODUCTION, "us-east-1", "orders", "prod"),
        (PRODUCTION, "us-east-1", "inventory", "live"),
        (STAGING, "eu-west-1", "webhooks", "staging"),
    ):
        ag = client(account, "apigateway", region)
        a = next(x for x in ag.get_rest_apis()["items"] if x["name"] == name)
        ag.create_deployment(restApiId=a["id"], stageName=stage)
    return report()


def report():
    kinds = ("rest_apis", "stages", "deployments", "resources", "methods")
    out = {k: {} for k in kinds}
    for account in ACCOUNTS:
        for region in REGIONS:
            ag = client(account, "apigateway", region)
            ids = {k: [] for k in kinds}
            for a in ag.get_rest_apis()["items"]:
                ids["rest_apis"].append(a["id"])
                for s in ag.get_stages(restApiId=a["id"])["item"]:
                    ids["stages"].append(f"arn:aws:apigateway:::{a['id']}/{s['stageName']}")
                for d in ag.get_deployments(restApiId=a["id"])["items"]:
                    ids["deployments"].append(f"{a['id']}/{d['id']}")
                for r in ag.get_resources(restApiId=a["id"])["items"]:
                    ids["resources"].append(r["id"])
                    for verb in r.get("resourceMethods", {}):
                        ids["methods"].append(f"{a['id']}/{r['id']}/{verb}")
            for k in kinds:
                out[k].setdefault(account, {})[region] = sorted(ids[k])
    return out


def mutate():
    ag = client(PRODUCTION, "apigateway")
    for a in ag.get_rest_apis()["items"]:
        if a["name"] == "inventory":
            ag.delete_rest_api(restApiId=a["id"])
            return {"deleted": a["id"]}
    return {}


main({"seed": seed, "report": report, "mutate": mutate})
