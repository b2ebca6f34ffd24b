"""Inspector v2 for cartograph's sync tests. moto 5.2.5 answers `ListFindings` only from a
queue of canned results it never changes: `stand-in PORT` serves `ListFindings` on
127.0.0.1:PORT in Inspector's REST-JSON wire format and forwards everything else (such as
`ListMembers`) to moto. Its findings follow the moto estate, so that seeding and deleting
work through moto: a package vulnerability for every running instance or ECR repository
tagged `inspector-cve` (`CVE/package/version/release/arch`), a network reachability finding
for every instance tagged `inspector-port`, closed when also tagged `inspector-closed`. It
honours the request's account and status filters, and answers for the caller's account and
the member accounts it administers.

The estate: production (first region) administers staging; production has findings on two
instances (a closed one on a third) and on an ECR repository; staging one in each region.

Modes: `seed` creates it and prints `report`; `report` prints, by account and region, the
ARNs of the findings that are not closed (the account's and its members') and the ids of
their packages (the same in every region: packages have none); `mutate` terminates
production's `api` instance and closes staging's finding in the first region.
"""

import hashlib

from estate import ACCOUNTS, PRODUCTION, REGIONS, STAGING, StandIn, caller, client, main, serve

CVE = "inspector-cve"
PORT = "inspector-port"
CLOSED = "inspector-closed"
EPOCH = 1795000000.0


def instance(account, region, name, **tags):
    tags = [{"Key": "Name", "Value": name}] + [
        {"Key": f"inspector-{k}", "Value": v} for k, v in tags.items()]
    client(account, "ec2", region).run_instances(
        ImageId="ami-12c6146b", MinCount=1, MaxCount=1,
        TagSpecifications=[{"ResourceType": "instance", "Tags": tags}],
    )


def seed():
    client(PRODUCTION, "inspector2", "us-east-1").associate_member(accountId=STAGING)
    curl = "CVE-2023-38545/curl/8.3.0/1.amzn2023.0.1/x86_64"
    openssl = "CVE-2023-5363/openssl-libs/3.0.8/1.amzn2023.0.3/x86_64"
    instance(PRODUCTION, "us-east-1", "web", cve=curl, port="22")
    instance(PRODUCTION, "us-east-1", "api", cve=openssl)
    instance(PRODUCTION, "us-east-1", "old", cve=openssl, closed="true")
    client(PRODUCTION, "ecr", "us-east-1").create_repository(
        repositoryName="shop-web",
        tags=[{"Key": CVE, "Value": "CVE-2024-24790/stdlib/1.21.5//"}],
    )
    instance(STAGING, "us-east-1", "staging-api", cve=openssl)
    instance(STAGING, "eu-west-1", "staging-edge", port="443")
    return report()


def package_id(name, version, release, arch, epoch=0):
    """Cartography's package id (`name|epoch:version-release.arch`)."""
    return f"{name}|{epoch}:{version}" + (f"-{release}" if release else "") + (f".{arch}" if arch else "")


def finding(account, region, key, kind, resource, closed, detail):
    arn = f"arn:aws:inspector2:{region}:{account}:finding/{hashlib.md5(f'{account}/{key}'.encode()).hexdigest()}"
    out = {
        "findingArn": arn, "awsAccountId": account, "type": kind, "severity": "HIGH",
        "status": "CLOSED" if closed else "ACTIVE", "title": f"{kind} on {resource['id']}",
        "description": f"Inspector found {kind} on {resource['id']}.",
        "firstObservedAt": EPOCH, "lastObservedAt": EPOCH + 3600, "updatedAt": EPOCH + 3600,
        "remediation": {"recommendation": {"text": "Update the package."}},
        "resources": [resource], "fixAvailable": "YES", "exploitAvailable": "NO",
        "inspectorScore": 7.5,
        "inspectorScoreDetails": {"adjustedCvss": {"score": 7.5, "scoreSource": "NVD", "version": "3.1",
                                                   "scoringVector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"}},
        "epss": {"score": 0.0123},
    }
    out.update(detail)
    return out


def vulnerability(spec):
    cve, name, version, release, arch = spec.split("/")
    package = {"name": name, "version": version, "epoch": 0, "packageManager": "OS",
               "fixedInVersion": "latest", "remediation": f"yum update {name}"}
    if release:
        package["release"] = release
    if arch:
        package["arch"] = arch
    return {"packageVulnerabilityDetails": {
        "vulnerabilityId": cve, "source": "NVD", "sourceUrl": f"https://nvd.nist.gov/vuln/detail/{cve}",
        "vendorSeverity": "HIGH", "vendorCreatedAt": EPOCH - 86400, "vulnerablePackages": [package],
        "referenceUrls": [f"https://www.cve.org/CVERecord?id={cve}"], "relatedVulnerabilities": [],
    }}


def estate_findings(account, region):
    """Every finding of `account` in `region`, as ListFindings sends them."""
    out = []
    ec2 = client(account, "ec2", region)
    running = [{"Name": "instance-state-name", "Values": ["pending", "running"]}]
    for r in ec2.describe_instances(Filters=running)["Reservations"]:
        for i in r["Instances"]:
            tags = {t["Key"]: t["Value"] for t in i.get("Tags", [])}
            resource = {"type": "AWS_EC2_INSTANCE", "id": i["InstanceId"], "region": region, "partition": "aws"}
            if CVE in tags:
                out.append(finding(account, region, f"{i['InstanceId']}/cve", "PACKAGE_VULNERABILITY",
                                   resource, CLOSED in tags, vulnerability(tags[CVE])))
            if PORT in tags:
                port = int(tags[PORT])
                out.append(finding(account, region, f"{i['InstanceId']}/port", "NETWORK_REACHABILITY",
                                   resource, CLOSED in tags, {"networkReachabilityDetails": {
                                       "protocol": "TCP", "openPortRange": {"begin": port, "end": port}}}))
    ecr = client(account, "ecr", region)
    for repo in ecr.describe_repositories()["repositories"]:
        arn = repo["repositoryArn"]
        tags = {t["Key"]: t["Value"] for t in ecr.list_tags_for_resource(resourceArn=arn)["tags"]}
        if CVE in tags:
            resource = {"type": "AWS_ECR_REPOSITORY", "id": arn, "region": region, "partition": "aws"}
            out.append(finding(account, region, f"{arn}/cve", "PACKAGE_VULNERABILITY", resource,
                               False, vulnerability(tags[CVE])))
    return out


def visible(account, region):
    """The findings `account` reads in `region`: its own and its members' (Cartography asks
    per account, with an account filter)."""
    members = [m["accountId"] for m in client(account, "inspector2", region).list_members()["members"]]
    return [f for a in [account] + members for f in estate_findings(a, region)]


def report():
    kinds = {}

    def put(kind, account, region, ids):
        kinds.setdefault(kind, {}).setdefault(account, {})[region] = sorted(set(ids))

    for account in ACCOUNTS:
        packages = []
        for region in REGIONS:
            found = [f for f in visible(account, region) if f["status"] != "CLOSED"]
            put("findings", account, region, [f["findingArn"] for f in found])
            packages += [package_id(p["name"], p["version"], p.get("release"), p.get("arch"), p["epoch"])
                         for f in found
                         for p in f.get("packageVulnerabilityDetails", {}).get("vulnerablePackages", [])]
        for region in REGIONS:
            put("packages", account, region, packages)
    return kinds


def mutate():
    ec2 = client(PRODUCTION, "ec2", "us-east-1")
    gone = [i["InstanceId"] for r in ec2.describe_instances(
        Filters=[{"Name": "tag:Name", "Values": ["api"]}])["Reservations"] for i in r["Instances"]]
    ec2.terminate_instances(InstanceIds=gone)
    staging = client(STAGING, "ec2", "us-east-1")
    for r in staging.describe_instances(Filters=[{"Name": "tag:Name", "Values": ["staging-api"]}])["Reservations"]:
        for i in r["Instances"]:
            staging.create_tags(Resources=[i["InstanceId"]], Tags=[{"Key": CLOSED, "Value": "true"}])
    return {"terminated": gone, "closed": "staging-api"}


def passes(finding, criteria):
    """Whether `finding` passes the filter's string criteria (account id and status are
    modelled; any other criterion fails loudly rather than being ignored)."""
    fields = {"awsAccountId": finding["awsAccountId"], "findingStatus": finding["status"]}
    for name, filters in criteria.items():
        if name not in fields:
            raise ValueError(f"filter {name} is not modelled")
        for f in filters:
            equal = fields[name] == f["value"]
            if equal != (f["comparison"] == "EQUALS"):
                return False
    return True


class InspectorStandIn(StandIn):
    """ListFindings over the moto estate (see the module doc)."""

    paths = {"/findings/list": "list_findings"}

    def list_findings(self):
        criteria = self.json_body().get("filterCriteria") or {}
        region = caller(self.headers)[2]
        found = [f for f in visible(self.account(), region) if passes(f, criteria)]
        self.json_reply({"findings": found}, "application/json")


main({"seed": seed, "report": report, "mutate": mutate, "stand-in": lambda: serve(InspectorStandIn)})
