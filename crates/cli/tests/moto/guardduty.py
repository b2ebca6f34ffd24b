"""GuardDuty for cartograph's sync tests. moto 5.2.5 has detectors but neither
`ListFindings` nor `GetFindings`: `stand-in PORT` serves those two on 127.0.0.1:PORT in
GuardDuty's REST-JSON wire format and forwards everything else to moto. Its findings follow
the moto estate, so that seeding and deleting work through moto: a finding for every
running instance, S3 bucket and IAM user (its first access key) tagged `guardduty-finding`
(the finding type), archived when also tagged `guardduty-archived`.

The estate: production's first region has a detector, findings on two instances (and an
archived one on a third), on a bucket, and on a user's access key used from the staging
account; staging's second region has a detector and one instance finding.

Modes: `seed` creates it and prints `report`; `report` prints detector ids and the ids of
unarchived findings by account and region; `mutate` terminates one production instance with
a finding and deletes staging's detector.
"""

import hashlib
import json

from estate import ACCOUNTS, PRODUCTION, REGIONS, STAGING, StandIn, caller, client, main, serve

PROD_REGION = "us-east-1"
STAGING_REGION = "eu-west-1"
TAG = "guardduty-finding"
ARCHIVED = "guardduty-archived"


def tagged_instance(account, region, finding_type, archived=False, name="app"):
    tags = [{"Key": "Name", "Value": name}]
    if finding_type:
        tags.append({"Key": TAG, "Value": finding_type})
    if archived:
        tags.append({"Key": ARCHIVED, "Value": "true"})
    return client(account, "ec2", region).run_instances(
        ImageId="ami-12c6146b", MinCount=1, MaxCount=1,
        TagSpecifications=[{"ResourceType": "instance", "Tags": tags}],
    )["Instances"][0]["InstanceId"]


def seed():
    client(PRODUCTION, "guardduty", PROD_REGION).create_detector(
        Enable=True, FindingPublishingFrequency="FIFTEEN_MINUTES"
    )
    tagged_instance(PRODUCTION, PROD_REGION, "UnauthorizedAccess:EC2/SSHBruteForce", name="bastion")
    tagged_instance(PRODUCTION, PROD_REGION, "CryptoCurrency:EC2/BitcoinTool.B!DNS", name="worker")
    tagged_instance(PRODUCTION, PROD_REGION, "Recon:EC2/PortProbeUnprotectedPort", archived=True)
    tagged_instance(PRODUCTION, PROD_REGION, None, name="clean")
    s3 = client(PRODUCTION, "s3", PROD_REGION)
    s3.create_bucket(Bucket="prod-data-lake")
    s3.put_bucket_tagging(Bucket="prod-data-lake", Tagging={"TagSet": [
        {"Key": TAG, "Value": "Exfiltration:S3/AnomalousBehavior"}]})
    s3.create_bucket(Bucket="prod-untouched")
    iam = client(PRODUCTION, "iam")
    iam.create_user(UserName="ci-bot", Tags=[
        {"Key": TAG, "Value": "UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom"}])
    iam.create_access_key(UserName="ci-bot")
    client(STAGING, "guardduty", STAGING_REGION).create_detector(Enable=False)
    tagged_instance(STAGING, STAGING_REGION, "Backdoor:EC2/C&CActivity.B", name="staging-app")
    return report()


def finding_id(detector, resource):
    return hashlib.md5(f"{detector}/{resource}".encode()).hexdigest()


def finding(account, region, detector, resource_key, finding_type, resource, archived, action=None):
    fid = finding_id(detector, resource_key)
    service = {
        "serviceName": "guardduty", "detectorId": detector, "archived": archived, "count": 4,
        "eventFirstSeen": "2026-11-20T03:12:00.000Z", "eventLastSeen": "2026-11-21T22:40:00.000Z",
        "resourceRole": "TARGET",
    }
    if action:
        service["action"] = action
    return {
        "id": fid, "arn": f"arn:aws:guardduty:{region}:{account}:detector/{detector}/finding/{fid}",
        "accountId": account, "region": region, "partition": "aws", "schemaVersion": "2.0",
        "type": finding_type, "title": f"{finding_type} on {resource_key}",
        "description": f"GuardDuty saw {finding_type} on {resource_key}.",
        "severity": 8.0 if "Exfiltration" in finding_type else 5.0, "confidence": 7.5,
        "createdAt": "2026-11-20T03:15:00.000Z", "updatedAt": "2026-11-21T22:45:00.000Z",
        "resource": resource, "service": service,
    }


def estate_findings(account, region, make):
    """Every finding of the account's detectors in `region`, as GetFindings sends them;
    `make(service)` is a client of the account in the region."""
    detectors = make("guardduty").list_detectors()["DetectorIds"]
    if not detectors:
        return {}
    out = []
    detector = sorted(detectors)[0]
    filters = [{"Name": "tag-key", "Values": [TAG]},
               {"Name": "instance-state-name", "Values": ["pending", "running"]}]
    for r in make("ec2").describe_instances(Filters=filters)["Reservations"]:
        for i in r["Instances"]:
            tags = {t["Key"]: t["Value"] for t in i.get("Tags", [])}
            out.append(finding(account, region, detector, i["InstanceId"], tags[TAG], {
                "resourceType": "Instance",
                "instanceDetails": {"instanceId": i["InstanceId"], "instanceType": i["InstanceType"]},
            }, ARCHIVED in tags))
    if region == "us-east-1":
        s3 = make("s3")
        for b in s3.list_buckets()["Buckets"]:
            try:
                tags = {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=b["Name"])["TagSet"]}
            except s3.exceptions.ClientError:
                continue
            if TAG in tags:
                out.append(finding(account, region, detector, b["Name"], tags[TAG], {
                    "resourceType": "S3Bucket",
                    "s3BucketDetails": [{"name": b["Name"], "arn": f"arn:aws:s3:::{b['Name']}", "type": "Destination"}],
                }, False))
        iam = make("iam")
        for u in iam.list_users()["Users"]:
            tags = {t["Key"]: t["Value"] for t in iam.list_user_tags(UserName=u["UserName"])["Tags"]}
            keys = iam.list_access_keys(UserName=u["UserName"])["AccessKeyMetadata"]
            if TAG in tags and keys:
                out.append(finding(account, region, detector, u["UserName"], tags[TAG], {
                    "resourceType": "AccessKey",
                    "accessKeyDetails": {"accessKeyId": keys[0]["AccessKeyId"], "principalId": u["UserId"],
                                         "userName": u["UserName"], "userType": "IAMUser"},
                }, False, action={"actionType": "AWS_API_CALL", "awsApiCallAction": {
                    "api": "ListBuckets", "serviceName": "s3.amazonaws.com", "callerType": "Remote account",
                    "remoteAccountDetails": {"accountId": STAGING, "affiliated": True},
                    "remoteIpDetails": {"ipAddressV4": "198.51.100.7", "country": {"countryName": "Iceland"}},
                }}))
    return {detector: out}


def report():
    kinds = {}

    def put(kind, account, region, ids):
        kinds.setdefault(kind, {}).setdefault(account, {})[region] = sorted(ids)

    for account in ACCOUNTS:
        for region in REGIONS:
            put("detectors", account, region,
                client(account, "guardduty", region).list_detectors()["DetectorIds"])
            found = estate_findings(account, region, lambda s: client(account, s, region))
            put("findings", account, region,
                [f["id"] for fs in found.values() for f in fs if not f["service"]["archived"]])
    return kinds


def mutate():
    ec2 = client(PRODUCTION, "ec2", PROD_REGION)
    filters = [{"Name": "tag:Name", "Values": ["worker"]}]
    gone = [i["InstanceId"] for r in ec2.describe_instances(Filters=filters)["Reservations"]
            for i in r["Instances"]]
    ec2.terminate_instances(InstanceIds=gone)
    gd = client(STAGING, "guardduty", STAGING_REGION)
    for d in gd.list_detectors()["DetectorIds"]:
        gd.delete_detector(DetectorId=d)
    return {"terminated": gone, "detectors deleted": STAGING}


def matches(finding, criteria):
    """Whether `finding` passes a FindingCriteria (only `service.archived` is modelled; an
    unknown criterion fails loudly rather than being ignored)."""
    for key, condition in (criteria or {}).get("criterion", {}).items():
        if key != "service.archived":
            raise ValueError(f"criterion {key} is not modelled")
        if str(finding["service"]["archived"]).lower() not in condition.get("equals", []):
            return False
    return True


class GuardDutyStandIn(StandIn):
    """ListFindings and GetFindings over the caller's moto estate (see the module doc)."""

    def route(self):
        parts = self.path.split("?")[0].strip("/").split("/")
        if self.command == "POST" and len(parts) >= 3 and parts[0] == "detector" and parts[2] == "findings":
            return "findings"
        return None

    def findings(self):
        parts = self.path.split("?")[0].strip("/").split("/")
        detector, rest, request = parts[1], parts[3:], self.json_body()
        found = estate_findings(self.account(), caller(self.headers)[2], self.as_caller)
        if detector not in found:
            payload = json.dumps({"message": "The request is rejected because the input detectorId is not owned by the current account.", "__type": "BadRequestException"})
            return self.reply(400, [("Content-Type", "application/json"), ("x-amzn-ErrorType", "BadRequestException")], payload.encode())
        if rest == ["get"]:
            wanted = set(request.get("findingIds", []))
            answer = {"findings": [f for f in found[detector] if f["id"] in wanted]}
        else:
            criteria = request.get("findingCriteria")
            answer = {"findingIds": [f["id"] for f in found[detector] if matches(f, criteria)]}
        self.json_reply(answer, "application/json")


main({"seed": seed, "report": report, "mutate": mutate, "stand-in": lambda: serve(GuardDutyStandIn)})
