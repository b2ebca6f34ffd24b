"""Security Hub for cartograph's sync tests: the production and staging accounts subscribe
(in the region cartograph reads global services in), the management account does not.

Modes: `seed` subscribes them and prints `report`; `report` prints the hub ARNs by account
(under the `global` region); `mutate` unsubscribes staging.
"""

from botocore.exceptions import ClientError

from estate import ACCOUNTS, PRODUCTION, STAGING, client, main


def seed():
    for account in (PRODUCTION, STAGING):
        client(account, "securityhub").enable_security_hub(EnableDefaultStandards=False)
    return report()


def report():
    hubs = {}
    for account in ACCOUNTS:
        try:
            arns = [client(account, "securityhub").describe_hub()["HubArn"]]
        except ClientError as err:
            if err.response["Error"]["Code"] != "InvalidAccessException":
                raise
            arns = []
        hubs[account] = {"global": arns}
    return {"hubs": hubs}


def mutate():
    client(STAGING, "securityhub").disable_security_hub()
    return {"disabled": STAGING}


main({"seed": seed, "report": report, "mutate": mutate})
