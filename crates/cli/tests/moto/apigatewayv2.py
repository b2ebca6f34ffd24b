"""API Gateway v2 for cartograph's sync tests: an HTTP and a WebSocket API in production
(us-east-1), an HTTP API in staging (eu-west-1).

Modes: `seed` creates them and prints `report`; `report` prints the API ids by account and
region; `mutate` deletes production's WebSocket API and prints its id.
"""

from estate import ACCOUNTS, PRODUCTION, REGIONS, STAGING, client, main


def seed():
    v2 = client(PRODUCTION, "apigatewayv2")
    v2.create_api(Name="checkout", ProtocolType="HTTP", Description="checkout HTTP API")
    v2.create_api(
        Name="updates", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action"
    )
    client(STAGING, "apigatewayv2", "eu-west-1").create_api(Name="staging", ProtocolType="HTTP")
    return report()


def report():
    out = {}
    for account in ACCOUNTS:
        for region in REGIONS:
            items = client(account, "apigatewayv2", region).get_apis()["Items"]
            out.setdefault(account, {})[region] = sorted(a["ApiId"] for a in items)
    return {"apis": out}


def mutate():
    v2 = client(PRODUCTION, "apigatewayv2")
    for a in v2.get_apis()["Items"]:
        if a["ProtocolType"] == "WEBSOCKET":
            v2.delete_api(ApiId=a["ApiId"])
            return {"deleted": a["ApiId"]}
    return {}


main({"seed": seed, "report": report, "mutate": mutate})
