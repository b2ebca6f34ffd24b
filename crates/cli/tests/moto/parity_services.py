"""What the parity test with real Cartography adds to the estates of the other seed scripts,
and the gaps of moto 5.2.5 it has to close so that Cartography's sync completes.

Modes: `seed` creates an EKS cluster in the production account (the other scripts test EKS
against recorded responses only) and prints its ARN; `proxy PORT STAND_IN` serves on
127.0.0.1:PORT: it answers or completes what moto lacks as AWS would (see `Proxy`), sends
what `ops.py stand-in` answers to STAND_IN, and everything else to moto unchanged.
"""

import http.server
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

from estate import Handler, ENDPOINT, PRODUCTION, client, main

TRUST_EKS = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "eks.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
)


def seed():
    role = client(PRODUCTION, "iam").create_role(
        RoleName="eks-cluster", AssumeRolePolicyDocument=TRUST_EKS
    )["Role"]["Arn"]
    cluster = client(PRODUCTION, "eks").create_cluster(
        name="shop", roleArn=role, resourcesVpcConfig={"subnetIds": []}
    )["cluster"]
    return {"eks_clusters": [cluster["arn"]]}


def caller_key(headers):
    """The access key a signed request was made with."""
    auth = headers.get("Authorization", "")
    return auth.split("Credential=", 1)[-1].split("/", 1)[0]


def region_of(headers):
    """The region of a signed request's credential scope."""
    scope = headers.get("Authorization", "").split("Credential=", 1)[-1].split(",", 1)[0]
    parts = scope.split("/")
    return parts[2] if len(parts) > 2 else "us-east-1"


IAM_DENIED = (
    "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
    "<Message>moto does not implement GenerateServiceLastAccessedDetails</Message>"
    "</Error><RequestId>cartograph-parity</RequestId></ErrorResponse>"
)

NO_TARGET_GROUPS = (
    '<DescribeTargetGroupsResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">'
    "<DescribeTargetGroupsResult><TargetGroups/></DescribeTargetGroupsResult>"
    "<ResponseMetadata><RequestId>cartograph-parity</RequestId></ResponseMetadata>"
    "</DescribeTargetGroupsResponse>"
)

EKS_ENTRIES = re.compile(r"^/clusters/([^/]+)/access-entries(?:/([^/?]+))?")


class Proxy(Handler):
    """moto 5.2.5's gaps that stall or break Cartography, closed the way AWS answers:

    - IAM `GenerateServiceLastAccessedDetails`: moto answers a bare HTTP 500, which
      Cartography retries for ten minutes per principal; answered AccessDenied (skipped, as
      for an account without the permission).
    - ELBv2 `DescribeTargetGroups` of a load balancer without groups: moto answers
      TargetGroupNotFound, which Cartography retries with backoff; AWS answers an empty list.
    - DynamoDB `DescribeTable`: moto leaves out the indexes' `IndexArn`, which Cartography
      requires; added as AWS names it, `<table ARN>/index/<name>`.
    - SQS `GetQueueAttributes`: moto sends the timestamps with a fraction, which Cartography
      cannot parse; AWS sends whole epoch seconds.
    - SSM `DescribeParameters`: moto leaves out `ARN`, Cartography's id; added as AWS names it.
    - SSM `DescribeInstancePatches` (not in moto, which answers HTTP 500): no patches.
    - ECS `DescribeTasks`: moto gives each container the task definition's ARN as `taskArn`;
      AWS gives the task's.
    - KMS `ListGrants`: moto sends the key's id as `KeyId`; AWS sends its ARN.
    - EKS access entries (not in moto): each cluster's role holds one STANDARD entry.

    What `ops.py stand-in` answers (SSM `DescribeInstanceInformation`, CloudWatch over RPC v2
    CBOR) goes there."""

    protocol_version = "HTTP/1.1"

    def handle_one(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        target = self.headers.get("X-Amz-Target", "")
        if body.startswith(b"Action=GenerateServiceLastAccessedDetails&"):
            return self.reply(403, [("Content-Type", "text/xml")], IAM_DENIED.encode())
        if target == "AmazonSSM.DescribeInstanceInformation" or self.path.endswith(
            "/operation/DescribeAlarms"
        ):
            return self.relay(STAND_IN, body)
        if target == "AmazonSSM.DescribeInstancePatches":
            return self.reply(200, [("Content-Type", "application/x-amz-json-1.1")], b'{"Patches": []}')
        entries = EKS_ENTRIES.match(self.path)
        if entries:
            return self.eks_access_entries(*entries.groups())
        status, headers, payload = self.forward(ENDPOINT, body)
        if status == 400 and b"<Code>TargetGroupNotFound</Code>" in payload and b"LoadBalancerArn=" in body:
            status, payload = 200, NO_TARGET_GROUPS.encode()
        elif status == 200 and target == "DynamoDB_20120810.DescribeTable":
            payload = self.with_index_arns(payload)
        elif status == 200 and target == "AmazonSQS.GetQueueAttributes":
            payload = re.sub(rb'("(?:Created|LastModified)Timestamp":\s*"\d+)\.\d+"', rb'\1"', payload)
        elif status == 200 and target == "AmazonSSM.DescribeParameters":
            payload = self.with_parameter_arns(payload)
        elif status == 200 and target == "AmazonEC2ContainerServiceV20141113.DescribeTasks":
            payload = self.with_container_tasks(payload)
        elif status == 200 and target == "TrentService.ListGrants":
            payload = self.with_grant_key_arns(payload)
        self.reply(status, headers, payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = handle_one

    def forward(self, endpoint, body, method=None, path=None):
        """The answer to this request (or to `method path` with its headers) from `endpoint`."""
        headers = {
            k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")
        }
        req = urllib.request.Request(
            endpoint + (path or self.path),
            data=body or None,
            headers=headers,
            method=method or self.command,
        )
        try:
            with urllib.request.urlopen(req) as resp:
                return resp.status, resp.headers.items(), resp.read()
        except urllib.error.HTTPError as err:
            return err.code, err.headers.items(), err.read()

    def relay(self, endpoint, body):
        self.reply(*self.forward(endpoint, body))

    @staticmethod
    def with_index_arns(payload):
        doc = json.loads(payload)
        table = doc.get("Table", {})
        for kind in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
            for index in table.get(kind, []):
                index.setdefault("IndexArn", f"{table['TableArn']}/index/{index['IndexName']}")
        return json.dumps(doc).encode()

    def with_parameter_arns(self, payload):
        doc = json.loads(payload)
        account = self.account()
        for p in doc.get("Parameters", []):
            name = p["Name"].lstrip("/")
            p.setdefault("ARN", f"arn:aws:ssm:{region_of(self.headers)}:{account}:parameter/{name}")
        return json.dumps(doc).encode()

    @staticmethod
    def with_container_tasks(payload):
        doc = json.loads(payload)
        for task in doc.get("tasks", []):
            for container in task.get("containers", []):
                container["taskArn"] = task["taskArn"]
        return json.dumps(doc).encode()

    def with_grant_key_arns(self, payload):
        doc = json.loads(payload)
        prefix = f"arn:aws:kms:{region_of(self.headers)}:{self.account()}:key/"
        for grant in doc.get("Grants", []):
            if not grant.get("KeyId", "arn:").startswith("arn:"):
                grant["KeyId"] = prefix + grant["KeyId"]
        return json.dumps(doc).encode()

    def account(self):
        """The caller's account: moto keys accounts by access key."""
        key = caller_key(self.headers)
        if key not in ACCOUNTS:
            body = b"Action=GetCallerIdentity&Version=2011-06-15"
            req = urllib.request.Request(
                ENDPOINT + "/",
                data=body,
                headers={
                    # moto picks the service from the credential scope.
                    "Authorization": re.sub(
                        r"/[a-z0-9-]+/aws4_request", "/sts/aws4_request",
                        self.headers.get("Authorization", ""),
                    ),
                    "X-Amz-Security-Token": self.headers.get("X-Amz-Security-Token", ""),
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
            with urllib.request.urlopen(req) as resp:
                text = resp.read().decode()
            ACCOUNTS[key] = re.search(r"<Account>(\d+)</Account>", text).group(1)
        return ACCOUNTS[key]

    def eks_access_entries(self, cluster, principal):
        """One STANDARD access entry per cluster, for its role (recorded shape)."""
        status, headers, payload = self.forward(ENDPOINT, b"", "GET", f"/clusters/{cluster}")
        if status != 200:
            return self.reply(status, headers, payload)
        described = json.loads(payload)["cluster"]
        role = described["roleArn"]
        if principal is None:
            doc = {"accessEntries": [role]}
        elif urllib.parse.unquote(principal) == role:
            account = role.split(":")[4]
            doc = {
                "accessEntry": {
                    "clusterName": cluster,
                    "principalArn": role,
                    "kubernetesGroups": [],
                    "accessEntryArn": described["arn"].replace(":cluster/", ":access-entry/", 1)
                    + f"/role/{account}/{role.rsplit('/', 1)[-1]}/parity",
                    "createdAt": 1774310400.0,
                    "modifiedAt": 1774310400.0,
                    "tags": {},
                    "username": role,
                    "type": "STANDARD",
                }
            }
        else:
            body = json.dumps({"message": "No access entry"}).encode()
            headers = [("Content-Type", "application/json"), ("x-amzn-errortype", "ResourceNotFoundException")]
            return self.reply(404, headers, body)
        self.reply(200, [("Content-Type", "application/json")], json.dumps(doc).encode())


ACCOUNTS = {}  # access key -> account, as moto's GetCallerIdentity answers
STAND_IN = sys.argv[4] if len(sys.argv) > 4 else ENDPOINT


def proxy():
    port = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    http.server.ThreadingHTTPServer(("127.0.0.1", port), Proxy).serve_forever()


main({"seed": seed, "proxy": proxy})
