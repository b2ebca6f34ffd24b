"""Add the cases cartograph's built-in rules look for to a moto server seeded by seed.py,
each next to a compliant twin, then print what each rule should find.

Usage: seed_rules.py ENDPOINT

Run after `seed.py ENDPOINT seed`. It adds, mostly in the production account: a second
active access key for bob, a user with a directly attached full-admin policy, security
groups opening SMB to 0.0.0.0/0 and RDP to ::/0 (and one admitting RDP from private ranges
only), an instance in the group open to SSH and an IMDSv2-only one in a closed group, an encrypted volume, a public and a
private snapshot, a public image, and a default security group emptied of its rules (moto
does not report MFA delete: the demo estate covers that rule). It then prints, as JSON, fact id -> the asset ids the fact must
fail, computed from what the AWS APIs report across the three accounts (independently of
the rules' Cypher), and the facts moto can give negative cases only.
"""

import json
import sys

import boto3

ENDPOINT = sys.argv[1]
MANAGEMENT, PRODUCTION, STAGING = "123456789012", "222222222222", "333333333333"
ACCOUNTS = [MANAGEMENT, PRODUCTION, STAGING]
REGIONS = ["us-east-1", "eu-west-1"]
ADMIN_PORTS = [22, 3389]
EXPOSED_PORTS = [22, 3389, 3306, 5432, 6379, 9200, 27017]


def session(account):
    """The default credentials in the management account, an assumed role elsewhere."""
    base = dict(aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1")
    if account == MANAGEMENT:
        return boto3.Session(**base)
    sts = boto3.Session(**base).client("sts", endpoint_url=ENDPOINT)
    creds = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/cartograph-audit", RoleSessionName="seed-rules")["Credentials"]
    return boto3.Session(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                         aws_session_token=creds["SessionToken"], region_name="us-east-1")


def client(sess, service, region="us-east-1"):
    return sess.client(service, endpoint_url=ENDPOINT, region_name=region)


def seed(sess):
    iam = client(sess, "iam")
    iam.create_access_key(UserName="bob")
    admin = iam.create_policy(PolicyName="full-admin", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))["Policy"]["Arn"]
    iam.create_user(UserName="ops-admin")
    iam.attach_user_policy(UserName="ops-admin", PolicyArn=admin)

    ec2 = client(sess, "ec2")
    vpc = next(v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if v["CidrBlock"] == "10.0.0.0/16")
    subnet = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"][0]["SubnetId"]
    tcp = lambda port, v4=(), v6=(): {"IpProtocol": "tcp", "FromPort": port, "ToPort": port,
                                      "IpRanges": [{"CidrIp": c} for c in v4], "Ipv6Ranges": [{"CidrIpv6": c} for c in v6]}
    for name, rules in [("smb-open", [tcp(445, v4=["0.0.0.0/0"])]),
                        ("rdp-open-v6", [tcp(3389, v6=["::/0"])]),
                        ("rdp-private", [tcp(3389, v4=["10.0.0.0/8"], v6=["2001:db8::/32"]), tcp(445, v4=["10.0.0.0/8"])])]:
        group = ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc)["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=rules)
    closed = ec2.create_security_group(GroupName="closed", Description="no inbound rules", VpcId=vpc)["GroupId"]
    # seed.py's instances name their groups on their network interface, which moto does not
    # report as the instance's groups: this one names web-open (SSH from anywhere) itself.
    web_open = next(g["GroupId"] for g in ec2.describe_security_groups()["SecurityGroups"] if g["GroupName"] == "web-open")
    ec2.run_instances(ImageId="ami-0abcdef1234567890", MinCount=1, MaxCount=1, InstanceType="t3.micro", SubnetId=subnet,
                      SecurityGroupIds=[web_open])
    ec2.run_instances(ImageId="ami-0abcdef1234567890", MinCount=1, MaxCount=1, InstanceType="t3.micro", SubnetId=subnet,
                      SecurityGroupIds=[closed], MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"})
    az = "us-east-1a"
    encrypted = ec2.create_volume(AvailabilityZone=az, Size=8, Encrypted=True)["VolumeId"]
    public = ec2.create_snapshot(VolumeId=encrypted, Description="shared with everyone")["SnapshotId"]
    ec2.modify_snapshot_attribute(SnapshotId=public, Attribute="createVolumePermission", OperationType="add", GroupNames=["all"])
    ec2.create_snapshot(VolumeId=encrypted, Description="kept private")
    image = ec2.describe_images(Owners=["self"])["Images"][0]["ImageId"]
    ec2.modify_image_attribute(ImageId=image, LaunchPermission={"Add": [{"Group": "all"}]})
    default = next(g for g in ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["SecurityGroups"]
                   if g["GroupName"] == "default")
    if default["IpPermissions"]:
        ec2.revoke_security_group_ingress(GroupId=default["GroupId"], IpPermissions=default["IpPermissions"])
    if default["IpPermissionsEgress"]:
        ec2.revoke_security_group_egress(GroupId=default["GroupId"], IpPermissions=default["IpPermissionsEgress"])



def covers(perm, port):
    """Whether an inbound permission admits TCP on `port`."""
    if perm["IpProtocol"] not in ("tcp", "-1"):
        return False
    return "FromPort" not in perm or perm["FromPort"] <= port <= perm["ToPort"]


def open_to(perm, cidr):
    return cidr in [r["CidrIp"] for r in perm.get("IpRanges", [])] + [r["CidrIpv6"] for r in perm.get("Ipv6Ranges", [])]


def expected():
    out = {k: set() for k in [
        "aws_multiple_access_keys", "aws_user_direct_policies", "aws_admin_policy_attached", "missing-mfa-aws",
        "aws-role-external-account-trust", "aws_unused_credentials", "aws_access_key_not_rotated",
        "aws_ebs_encryption_disabled", "aws_ec2_imdsv2_required", "aws_ec2_instance_internet_exposed",
        "aws_cifs_internet_access", "aws_remote_admin_ipv4", "aws_remote_admin_ipv6", "aws_default_sg_allows_traffic",
        "aws_ebs_snapshot_public", "aws_ami_public", "aws_s3_public", "aws_s3_block_public_access_disabled",
        "aws_s3_mfa_delete_disabled", "aws_account_without_cloudtrail", "aws_root_mfa_disabled",
        "aws_root_access_key_present"]}
    for account in ACCOUNTS:
        sess = session(account)
        if not client(sess, "cloudtrail").describe_trails()["trailList"]:
            out["aws_account_without_cloudtrail"].add(account)
        iam = client(sess, "iam")
        summary = iam.get_account_summary()["SummaryMap"]
        if summary.get("AccountMFAEnabled") == 0:
            out["aws_root_mfa_disabled"].add(account)
        if summary.get("AccountAccessKeysPresent") == 1:
            out["aws_root_access_key_present"].add(account)
        for u in iam.list_users()["Users"]:
            name = u["UserName"]
            keys = iam.list_access_keys(UserName=name)["AccessKeyMetadata"]
            if sum(k["Status"] == "Active" for k in keys) > 1:
                out["aws_multiple_access_keys"].add(u["Arn"])
            if iam.list_user_policies(UserName=name)["PolicyNames"] or iam.list_attached_user_policies(UserName=name)["AttachedPolicies"]:
                out["aws_user_direct_policies"].add(u["Arn"])
            if not iam.list_mfa_devices(UserName=name)["MFADevices"]:
                out["missing-mfa-aws"].add(u["Arn"])
        for p in iam.list_policies(Scope="Local", OnlyAttached=True)["Policies"]:
            document = iam.get_policy_version(PolicyArn=p["Arn"], VersionId=p["DefaultVersionId"])["PolicyVersion"]["Document"]
            document = json.loads(document) if isinstance(document, str) else document
            statements = document["Statement"] if isinstance(document["Statement"], list) else [document["Statement"]]
            if any(s["Effect"] == "Allow" and s.get("Action") in ("*", ["*"]) and s.get("Resource") in ("*", ["*"]) for s in statements):
                out["aws_admin_policy_attached"].add(p["Arn"])
        for r in iam.list_roles()["Roles"]:
            doc = r["AssumeRolePolicyDocument"]
            doc = json.loads(doc) if isinstance(doc, str) else doc
            principals = [s.get("Principal", {}).get("AWS", []) for s in doc["Statement"]]
            arns = [a for p in principals for a in ([p] if isinstance(p, str) else p)]
            if any(a.split(":")[4] not in ACCOUNTS for a in arns):
                out["aws-role-external-account-trust"].add(r["Arn"])
        for region in REGIONS:
            ec2 = client(sess, "ec2", region)
            for v in ec2.describe_volumes()["Volumes"]:
                if not v.get("Encrypted"):
                    out["aws_ebs_encryption_disabled"].add(v["VolumeId"])
            groups = {g["GroupId"]: g for g in ec2.describe_security_groups()["SecurityGroups"]}
            for g in groups.values():
                inbound = g["IpPermissions"]
                for fact, cidrs, ports in [("aws_cifs_internet_access", ["0.0.0.0/0", "::/0"], [445]),
                                           ("aws_remote_admin_ipv4", ["0.0.0.0/0"], ADMIN_PORTS),
                                           ("aws_remote_admin_ipv6", ["::/0"], ADMIN_PORTS)]:
                    if any(covers(p, port) and open_to(p, c) for p in inbound for port in ports for c in cidrs):
                        out[fact].add(g["GroupId"])
                if g["GroupName"] == "default" and (inbound or g["IpPermissionsEgress"]):
                    out["aws_default_sg_allows_traffic"].add(g["GroupId"])
            for res in ec2.describe_instances()["Reservations"]:
                for i in res["Instances"]:
                    if i["State"]["Name"] in ("terminated", "shutting-down"):
                        continue
                    if i.get("MetadataOptions", {}).get("HttpTokens") == "optional":
                        out["aws_ec2_imdsv2_required"].add(i["InstanceId"])
                    inbound = [p for sg in i["SecurityGroups"] for p in groups[sg["GroupId"]]["IpPermissions"]]
                    if any(covers(p, port) and open_to(p, "0.0.0.0/0") for p in inbound for port in EXPOSED_PORTS):
                        out["aws_ec2_instance_internet_exposed"].add(i["InstanceId"])
            for s in ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]:
                perms = ec2.describe_snapshot_attribute(SnapshotId=s["SnapshotId"], Attribute="createVolumePermission")
                if any(p.get("Group") == "all" for p in perms["CreateVolumePermissions"]):
                    out["aws_ebs_snapshot_public"].add(s["SnapshotId"])
            for image in ec2.describe_images(Owners=["self"])["Images"]:
                if image.get("Public"):
                    out["aws_ami_public"].add(image["ImageId"])
        s3 = client(sess, "s3")
        for b in s3.list_buckets()["Buckets"]:
            name = b["Name"]
            region = s3.get_bucket_location(Bucket=name).get("LocationConstraint") or "us-east-1"
            regional = client(sess, "s3", region)
            try:
                policy = json.loads(regional.get_bucket_policy(Bucket=name)["Policy"])
            except regional.exceptions.ClientError:
                policy = {"Statement": []}
            grants = regional.get_bucket_acl(Bucket=name)["Grants"]
            if any(s["Effect"] == "Allow" and s.get("Principal") in ("*", {"AWS": "*"}) for s in policy["Statement"]) or any(
                    g["Grantee"].get("URI", "").endswith(("/global/AllUsers", "/global/AuthenticatedUsers")) for g in grants):
                out["aws_s3_public"].add(name)
            try:
                block = regional.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"]
            except regional.exceptions.ClientError:
                block = {}
            if not all(block.get(k) for k in ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"]):
                out["aws_s3_block_public_access_disabled"].add(name)
            versioning = regional.get_bucket_versioning(Bucket=name)
            if versioning.get("Status") != "Enabled" or versioning.get("MFADelete") != "Enabled":
                out["aws_s3_mfa_delete_disabled"].add(name)
    return out


seed(session(PRODUCTION))
facts = expected()
# moto's accounts cannot differ in their root user's settings or their trails: such a fact
# fails all of them or none.
ACCOUNT_FACTS = ["aws_account_without_cloudtrail", "aws_root_mfa_disabled", "aws_root_access_key_present"]
positive_only = ["aws_s3_mfa_delete_disabled"] + [f for f in ACCOUNT_FACTS if len(facts[f]) == len(ACCOUNTS)]
negative_only = ["aws_unused_credentials", "aws_access_key_not_rotated"] + [f for f in ACCOUNT_FACTS if not facts[f]]
print(json.dumps({"fail": {k: sorted(v) for k, v in facts.items()},
                  # Every key in moto is new: the age-based facts have negative cases only;
                  # no bucket reports MFA delete.
                  "negative_only": negative_only, "positive_only": positive_only}))
