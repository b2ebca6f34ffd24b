"""What every service seed script shares: the moto endpoint from the command line, the three
accounts of the test estate (the caller's and two reached by role assumption, which moto
scopes to the role's account), the two regions, and a `main` that runs a mode and prints
its JSON. Usage of a script: SCRIPT ENDPOINT MODE.
"""

import http.client
import http.server
import json
import sys
import urllib.parse

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


def service_role(account, name, service):
    """A role in `account` that the AWS service `service` (`x.amazonaws.com`) may assume;
    its ARN."""
    trust = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                       "Principal": {"Service": service}}],
    }
    return client(account, "iam").create_role(
        RoleName=name, AssumeRolePolicyDocument=json.dumps(trust)
    )["Role"]["Arn"]


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


def caller(headers):
    """The access key, session token and region a signed request was made with."""
    auth = headers.get("Authorization", "")
    scope = auth.split("Credential=", 1)[-1].split(",", 1)[0].split("/")
    region = scope[2] if len(scope) > 2 else "us-east-1"
    return scope[0], headers.get("X-Amz-Security-Token"), region


class StandIn(Handler):
    """A stand-in in front of moto for what moto 5.2.5 lacks: a subclass answers the
    operations named in `targets` (awsJson `X-Amz-Target` to method name) and `paths` (a
    request path suffix to method name) in the API's wire format; everything else goes to
    moto unchanged. moto does not check signatures, so `as_caller` reaches the caller's
    account and region in moto."""

    protocol_version = "HTTP/1.1"
    targets = {}
    paths = {}

    def handle_one(self):
        self.body = self.read_body()
        name = self.route()
        if name:
            return getattr(self, name)()
        self.reply(*self.forward())

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = handle_one

    def forward(self, method=None, path=None):
        """Send the request to moto (or `method` on `path`, without the body unless it is a
        POST) and return its answer as (status, headers, payload)."""
        skip = ("host", "content-length", "transfer-encoding")
        headers = {k: v for k, v in self.headers.items() if k.lower() not in skip}
        body = self.body or None
        if method and method != "POST":
            body = None
        # http.client, not urllib: urllib would add a form Content-Type to bodies without one.
        moto = urllib.parse.urlsplit(ENDPOINT)
        conn = http.client.HTTPConnection(moto.hostname, moto.port, timeout=60)
        try:
            conn.request(method or self.command, path or self.path, body=body,
                         headers=self.to_moto(headers))
            resp = conn.getresponse()
            return resp.status, resp.getheaders(), resp.read()
        finally:
            conn.close()

    def read_body(self):
        """The request body, also when it comes in HTTP chunks (boto3 sends some S3 bodies
        that way)."""
        if self.headers.get("Transfer-Encoding", "").lower() != "chunked":
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = b""
        while size := int(self.rfile.readline().split(b";")[0], 16):
            body += self.rfile.read(size)
            self.rfile.readline()
        while self.rfile.readline().strip():
            pass  # trailers
        return body

    def route(self):
        """The name of the method that answers this request, or None to forward it."""
        path = self.path.split("?")[0]
        return self.targets.get(self.headers.get("X-Amz-Target")) or next(
            (m for suffix, m in self.paths.items() if path.endswith(suffix)), None)

    def json_body(self):
        """The request's JSON body."""
        return json.loads(self.body or b"{}")

    def account(self):
        """The caller's account in moto."""
        return self.as_caller("sts").get_caller_identity()["Account"]

    def to_moto(self, headers):
        """The headers a forwarded request carries to moto (a subclass may add some)."""
        return headers

    def as_caller(self, service):
        key, token, region = caller(self.headers)
        return boto3.client(service, endpoint_url=ENDPOINT, region_name=region,
                            aws_access_key_id=key, aws_secret_access_key="moto-does-not-check",
                            aws_session_token=token)

    def json_reply(self, value, content_type="application/x-amz-json-1.1"):
        self.reply(200, [("Content-Type", content_type)], json.dumps(value, default=str).encode())


def serve(handler):
    """The `stand-in` mode: serve `handler` on 127.0.0.1, on the port given after the mode."""
    port = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    http.server.ThreadingHTTPServer(("127.0.0.1", port), handler).serve_forever()
