"""What every service seed script shares: the moto endpoint from the command line, the three
accounts of the test estate (the caller's and two reached by role assumption, which moto
scopes to the role's account), the two regions, and a `main` that runs a mode and prints
its JSON. Usage of a script: SCRIPT ENDPOINT MODE.
"""

import http.server
import json
import sys

import boto3

MANAGEMENT = "123456789012"
PRODUCTION = "222222222222"
STAGING = "333333333333"
ACCOUNTS = [MANAGEMENT, PRODUCTION, STAGING]
REGIONS = ["us-east-1", "eu-west-1"]
ENDPOINT = sys.argv[1] if len(sys.argv) > 1 else ""


def session(account):
    """A boto3 session in `account`: static test credentials for the management account,
    an assumed role elsewhere."""
    creds = dict(aws_access_key_id="testing", aws_secret_access_key="testing")
    if account != MANAGEMENT:
        sts = boto3.client("sts", endpoint_url=ENDPOINT, region_name="us-east-1", **creds)
        c = sts.assume_role(
            RoleArn=f"arn:aws:iam::{account}:role/cartograph-audit", RoleSessionName="seed"
        )["Credentials"]
        creds = dict(
            aws_access_key_id=c["AccessKeyId"],
            aws_secret_access_key=c["SecretAccessKey"],
            aws_session_token=c["SessionToken"],
        )
    return boto3.Session(region_name="us-east-1", **creds)


def client(account, service, region="us-east-1"):
    return session(account).client(service, endpoint_url=ENDPOINT, region_name=region)


def main(modes):
    """Run the mode named on the command line and print what it returns as JSON."""
    mode = sys.argv[2] if len(sys.argv) > 2 else ""
    if mode not in modes:
        sys.exit(f"usage: {sys.argv[0]} ENDPOINT {'|'.join(modes)}")
    print(json.dumps(modes[mode]()))


class Handler(http.server.BaseHTTPRequestHandler):
    """A quiet HTTP handler for the local stand-ins and proxies the tests put before moto."""

    def log_message(self, *args):
        pass

    def reply(self, status, headers, payload):
        self.send_response(status)
        for k, v in headers:
            if k.lower() not in ("content-length", "transfer-encoding", "connection", "server", "date"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            try:
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a retry or a timeout): nothing to answer
