"""SES (v2) email identities for cartograph's sync tests: a domain and an address in the
production account, a domain in staging's second region.

Modes: `seed` creates them and prints `report`; `report` prints the identity ARNs (which
Cartography builds from region, account and name) by account and region; `mutate` deletes
production's address and prints it; `stand-in PORT` serves the stand-in below (ENDPOINT is
then moto's).
"""

from estate import ACCOUNTS, PRODUCTION, REGIONS, STAGING, client, main
from estate import serve
from ml import Relay


def seed():
    ses = client(PRODUCTION, "sesv2")
    ses.create_email_identity(EmailIdentity="shop.example.test")
    ses.create_email_identity(EmailIdentity="noreply@shop.example.test")
    client(STAGING, "sesv2", "eu-west-1").create_email_identity(EmailIdentity="staging.example.test")
    return report()


def report():
    out = {}
    for account in ACCOUNTS:
        for region in REGIONS:
            listed = client(account, "sesv2", region).list_email_identities()["EmailIdentities"]
            arns = [f"arn:aws:ses:{region}:{account}:identity/{i['IdentityName']}" for i in listed]
            out.setdefault(account, {})[region] = sorted(arns)
    return {"identities": out}


def mutate():
    client(PRODUCTION, "sesv2").delete_email_identity(EmailIdentity="noreply@shop.example.test")
    return {"deleted": "noreply@shop.example.test"}


class StandIn(Relay):
    """`ListEmailIdentities` as `GET /v2/email/identities` (the path the Rust SDK uses),
    which moto 5.2.5 routes only as `POST /v2/email/list-identities` (the path of its
    botocore): relayed to that."""

    ROUTES = [("GET", r"/v2/email/identities", "list_identities")]

    def list_identities(self):
        self.relay(method="POST", path="/v2/email/list-identities" + self.path[len("/v2/email/identities"):])


main({"seed": seed, "report": report, "mutate": mutate, "stand-in": lambda: serve(StandIn)})
