#!/usr/bin/env python3
"""Generates the demo estate in crates/aws/data/demo/ (deterministic: same output every run).

Three accounts in one organization (management, production, staging), two regions, IAM
with a cross-account role trust and a vendor (foreign) account trust, public instances
behind open security groups, a public S3 bucket, network ACLs and VPC endpoints. Each
misconfiguration the built-in rules look for appears once with a compliant twin (see
`misconfigurations`). The JSON uses the AWS API field names of cartograph-aws's records. Run: python3 crates/aws/data/generate_demo.py
"""
import json
import os
import random

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "demo")
ORG_ID = "o-a1b2c3d4e5"
VENDOR = "999988887777"
ACCOUNTS = [
    ("210987654321", "acme-management", "r-ab12", "management"),
    ("345678901234", "acme-production", "ou-ab12-prod0001", "production"),
    ("456789012345", "acme-staging", "ou-ab12-stag0001", "staging"),
]
REGIONS = ["us-east-1", "eu-west-1"]
rnd = random.Random(20240501)


def hexid(n, r=rnd):
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def date(year=2023, r=rnd):
    return f"{year}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:00Z"


def doc(statements):
    return {"Version": "2012-10-17", "Statement": statements}


def organization():
    accounts = [
        {"Id": a, "Arn": f"arn:aws:organizations::{ACCOUNTS[0][0]}:account/{ORG_ID}/{a}", "Name": name,
         "Email": f"aws+{env}@acme.example", "State": "ACTIVE", "Status": "ACTIVE",
         "JoinedMethod": "INVITED" if env == "management" else "CREATED", "JoinedTimestamp": date(2021),
         "ParentId": parent}
        for a, name, parent, env in ACCOUNTS
    ]
    return {
        "Id": ORG_ID, "Arn": f"arn:aws:organizations::{ACCOUNTS[0][0]}:organization/{ORG_ID}",
        "FeatureSet": "ALL", "MasterAccountArn": f"arn:aws:organizations::{ACCOUNTS[0][0]}:account/{ORG_ID}/{ACCOUNTS[0][0]}",
        "MasterAccountId": ACCOUNTS[0][0], "MasterAccountEmail": "aws+management@acme.example",
        "Roots": [{"Id": "r-ab12", "Arn": f"arn:aws:organizations::{ACCOUNTS[0][0]}:root/{ORG_ID}/r-ab12", "Name": "Root"}],
        "OrganizationalUnits": [
            {"Id": "ou-ab12-work0001", "Arn": f"arn:aws:organizations::{ACCOUNTS[0][0]}:ou/{ORG_ID}/ou-ab12-work0001", "Name": "Workloads", "ParentId": "r-ab12"},
            {"Id": "ou-ab12-prod0001", "Arn": f"arn:aws:organizations::{ACCOUNTS[0][0]}:ou/{ORG_ID}/ou-ab12-prod0001", "Name": "Production", "ParentId": "ou-ab12-work0001"},
            {"Id": "ou-ab12-stag0001", "Arn": f"arn:aws:organizations::{ACCOUNTS[0][0]}:ou/{ORG_ID}/ou-ab12-stag0001", "Name": "Staging", "ParentId": "ou-ab12-work0001"},
        ],
        "Accounts": accounts,
    }


MANAGED = {
    "AdministratorAccess": doc([{"Effect": "Allow", "Action": "*", "Resource": "*"}]),
    "ReadOnlyAccess": doc([{"Effect": "Allow", "Action": ["ec2:Describe*", "s3:Get*", "s3:List*", "iam:Get*", "iam:List*"], "Resource": "*"}]),
    "AmazonS3ReadOnlyAccess": doc([{"Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "*"}]),
    "AmazonSSMManagedInstanceCore": doc([{"Effect": "Allow", "Action": ["ssm:UpdateInstanceInformation", "ssmmessages:*", "ec2messages:*"], "Resource": "*"}]),
}


def iam(account, env):
    users, groups, roles, keys, mfas = [], [], [], [], []
    people = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"]
    people = people[: 6 if env != "management" else 10]
    grp = lambda n: f"arn:aws:iam::{account}:group/{n}"
    for name, policy in [("admins", "AdministratorAccess"), ("developers", "ReadOnlyAccess"), ("auditors", "ReadOnlyAccess")]:
        groups.append({"GroupName": name, "GroupId": "AGPA" + hexid(16).upper(), "Arn": grp(name), "Path": "/",
                       "CreateDate": date(2021), "GroupPolicyList": [],
                       "AttachedManagedPolicies": [{"PolicyName": policy, "PolicyArn": f"arn:aws:iam::aws:policy/{policy}"}]})
    for i, p in enumerate(people):
        arn = f"arn:aws:iam::{account}:user/{p}"
        inline = []
        if env == "management" and p in ("alice", "bob"):
            inline = [{"PolicyName": "assume-workload-admin", "PolicyDocument": json.dumps(doc([
                {"Sid": "AssumeWorkloadAdmin", "Effect": "Allow", "Action": "sts:AssumeRole",
                 "Resource": "arn:aws:iam::*:role/OrganizationAccountAccessRole"}]))}]
        users.append({"UserName": p, "UserId": "AIDA" + hexid(16).upper(), "Arn": arn, "Path": "/", "CreateDate": date(2022),
                      "PasswordLastUsed": date(2024) if i % 3 else None, "UserPolicyList": inline,
                      "AttachedManagedPolicies": [],
                      "GroupList": ["admins"] if i < 2 else (["developers"] if i < len(people) - 1 else ["auditors"])})
        for k in range(1 if i % 2 else 2):
            both_active = env == "production" and p == "carol"
            keys.append({"UserName": p, "AccessKeyId": "AKIA" + hexid(16).upper(), "Status": "Active" if k == 0 or both_active else "Inactive",
                         "CreateDate": date(2022), "LastUsedDate": date(2024), "LastUsedService": rnd.choice(["s3", "ec2", "sts"]),
                         "LastUsedRegion": rnd.choice(REGIONS)})
        if i % 2 == 0:
            mfas.append({"UserName": p, "SerialNumber": f"arn:aws:iam::{account}:mfa/{p}", "EnableDate": date(2022)})
    # A CI user that may only assume the deploy role.
    ci = f"arn:aws:iam::{account}:user/ci-deployer"
    users.append({"UserName": "ci-deployer", "UserId": "AIDA" + hexid(16).upper(), "Arn": ci, "Path": "/service/",
                  "CreateDate": date(2022), "UserPolicyList": [{"PolicyName": "assume-deploy", "PolicyDocument": doc([
                      {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": f"arn:aws:iam::{account}:role/deploy"}])}],
                  "AttachedManagedPolicies": [], "GroupList": []})
    keys.append({"UserName": "ci-deployer", "AccessKeyId": "AKIA" + hexid(16).upper(), "Status": "Active", "CreateDate": date(2021)})
    mgmt = ACCOUNTS[0][0]
    trust = lambda principal: json.dumps(doc([{"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}]))
    role_specs = [
        ("deploy", {"AWS": ci}, "AdministratorAccess", None),
        ("app-server", {"Service": "ec2.amazonaws.com"}, "AmazonS3ReadOnlyAccess", "app-server"),
        ("ssm-managed", {"Service": "ec2.amazonaws.com"}, "AmazonSSMManagedInstanceCore", "ssm-managed"),
        ("lambda-exec", {"Service": "lambda.amazonaws.com"}, None, None),
        ("vendor-monitoring", {"AWS": f"arn:aws:iam::{VENDOR}:root"}, "ReadOnlyAccess", None),
        ("okta-sso-admin", {"Federated": f"arn:aws:iam::{account}:saml-provider/okta"}, "AdministratorAccess", None),
    ]
    if env != "management":
        role_specs.append(("OrganizationAccountAccessRole", {"AWS": f"arn:aws:iam::{mgmt}:root"}, "AdministratorAccess", None))
        role_specs.append(("break-glass", {"AWS": [f"arn:aws:iam::{mgmt}:user/alice", f"arn:aws:iam::{mgmt}:user/bob"]}, "AdministratorAccess", None))
    for name, principal, policy, profile in role_specs:
        arn = f"arn:aws:iam::{account}:role/{name}"
        inline = []
        if name == "lambda-exec":
            inline = [{"PolicyName": "logs", "PolicyDocument": doc([{"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}])}]
        if name == "okta-sso-admin" and env == "production":
            inline = [{"PolicyName": "power-user", "PolicyDocument": doc([{"Sid": "AllButIam", "Effect": "Allow",
                                                                            "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}])}]
        if name == "break-glass":
            inline = [{"PolicyName": "deny-iam-without-mfa", "PolicyDocument": doc([{"Sid": "DenyWithoutMFA", "Effect": "Deny", "Action": "iam:*", "Resource": "*",
                                                                                      "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}])}]
        roles.append({"RoleName": name, "RoleId": "AROA" + hexid(16).upper(), "Arn": arn, "Path": "/", "CreateDate": date(2022),
                      "AssumeRolePolicyDocument": trust(principal), "RolePolicyList": inline,
                      "AttachedManagedPolicies": [{"PolicyName": policy, "PolicyArn": f"arn:aws:iam::aws:policy/{policy}"}] if policy else [],
                      "InstanceProfileList": [{"InstanceProfileName": profile, "InstanceProfileId": "AIPA" + hexid(16).upper(),
                                               "Arn": f"arn:aws:iam::{account}:instance-profile/{profile}", "Path": "/", "CreateDate": date(2022)}] if profile else []})
    policies = [{"PolicyName": n, "PolicyId": "ANPA" + hexid(16).upper(), "Arn": f"arn:aws:iam::aws:policy/{n}", "DefaultVersionId": "v1",
                 "PolicyVersionList": [{"Document": json.dumps(d), "VersionId": "v1", "IsDefaultVersion": True}]} for n, d in MANAGED.items()]
    return {"UserDetailList": users, "GroupDetailList": groups, "RoleDetailList": roles, "Policies": policies,
            "AccessKeys": keys, "MFADevices": mfas,
            "SAMLProviderList": [{"Arn": f"arn:aws:iam::{account}:saml-provider/okta", "CreateDate": date(2021), "ValidUntil": "2031-01-01T00:00:00Z"}],
            # The root user has an access key and no MFA in production only.
            "SummaryMap": {"AccountMFAEnabled": 0 if env == "production" else 1, "AccountAccessKeysPresent": 1 if env == "production" else 0,
                           "AccountSigningCertificatesPresent": 0, "MFADevices": len(mfas), "MFADevicesInUse": len(mfas),
                           "Users": len(users), "Groups": len(groups), "Roles": len(roles), "Policies": 0,
                           "InstanceProfiles": sum(len(r["InstanceProfileList"]) for r in roles), "Providers": 1}}


def region_records(account, env, region, index):
    second = 10 + index * 16 + (0 if env == "production" else 64 if env == "staging" else 128)
    vpc_id = "vpc-" + hexid(17)
    vpcs = [{"VpcId": vpc_id, "CidrBlock": f"10.{second}.0.0/16", "InstanceTenancy": "default", "State": "available", "IsDefault": False,
             "DhcpOptionsId": "dopt-" + hexid(8),
             "CidrBlockAssociationSet": [{"AssociationId": "vpc-cidr-assoc-" + hexid(17), "CidrBlock": f"10.{second}.0.0/16", "CidrBlockState": {"State": "associated"}}],
             "Ipv6CidrBlockAssociationSet": []}]
    azs = [f"{region}a", f"{region}b", f"{region}c"]
    subnets = []
    for k, az in enumerate(azs):
        for public in (True, False):
            sid = "subnet-" + hexid(17)
            subnets.append({"SubnetId": sid, "SubnetArn": f"arn:aws:ec2:{region}:{account}:subnet/{sid}", "VpcId": vpc_id,
                            "CidrBlock": f"10.{second}.{k * 2 + (0 if public else 1)}.0/24", "AvailableIpAddressCount": rnd.randint(200, 250),
                            "DefaultForAz": False, "MapPublicIpOnLaunch": public, "MapCustomerOwnedIpOnLaunch": False,
                            "AssignIpv6AddressOnCreation": False, "State": "available", "AvailabilityZone": az,
                            "AvailabilityZoneId": f"use1-az{k + 1}" if region == "us-east-1" else f"euw1-az{k + 1}"})
    public_subnets = [s for s in subnets if s["MapPublicIpOnLaunch"]]
    private_subnets = [s for s in subnets if not s["MapPublicIpOnLaunch"]]

    def sg(name, desc, inbound):
        return {"GroupId": "sg-" + hexid(17), "GroupName": name, "Description": desc, "VpcId": vpc_id, "OwnerId": account,
                "IpPermissions": inbound,
                "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "UserIdGroupPairs": []}]}
    web = sg("web-public", "HTTP/HTTPS from the internet", [
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "UserIdGroupPairs": []},
        {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "UserIdGroupPairs": []}])
    ssh = sg("legacy-ssh-open", "SSH from anywhere (legacy)", [
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "temporary"}], "UserIdGroupPairs": []}])
    app = sg("app-internal", "App tier", [
        {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "IpRanges": [], "UserIdGroupPairs": [{"GroupId": web["GroupId"], "UserId": account}]}])
    db = sg("db-internal", "Database tier", [
        {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [{"CidrIp": f"10.{second}.0.0/16"}], "UserIdGroupPairs": [{"GroupId": app["GroupId"], "UserId": account}]}])
    bastion = sg("bastion", "Bastion from office", [
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "203.0.113.0/24", "Description": "office"}], "UserIdGroupPairs": []}])
    groups = [web, ssh, app, db, bastion]
    key_names = [f"{env}-ops", f"{env}-legacy"]
    images = []
    for n in range(3):
        images.append({"ImageId": "ami-" + hexid(17), "Name": f"acme-{['web', 'app', 'base'][n]}-2024.{n + 1}", "CreationDate": date(2024),
                       "Architecture": "x86_64", "ImageLocation": f"{account}/acme-{n}", "ImageType": "machine", "Public": env == "staging" and index == 0 and n == 0,
                       "PlatformDetails": "Linux/UNIX", "State": "available", "OwnerId": account, "RootDeviceType": "ebs",
                       "VirtualizationType": "hvm", "Description": "Golden image"})
    reservations, nics, volumes, snapshots, addresses = [], [], [], [], []
    asg_members = []
    count = 14 if env != "management" else 6
    for n in range(count):
        role = ["web", "web", "app", "app", "app", "db", "worker", "bastion"][n % 8]
        public = role in ("web", "bastion") or (role == "worker" and n % 3 == 0)
        subnet = (public_subnets if public else private_subnets)[n % 3]
        iid = "i-" + hexid(17)
        groups_for = {"web": [web] + ([ssh] if n % 4 == 0 else []), "app": [app], "db": [db], "worker": [app] + ([ssh] if public else []), "bastion": [bastion]}[role]
        private_ip = f"10.{second}.{subnets.index(subnet)}.{10 + n}"
        public_ip = f"{rnd.choice([3, 18, 34, 52, 54])}.{rnd.randint(1, 254)}.{rnd.randint(1, 254)}.{rnd.randint(1, 254)}" if public else None
        nic_id = "eni-" + hexid(17)
        vol_id = "vol-" + hexid(17)
        profile = "app-server" if role in ("web", "app") else ("ssm-managed" if role == "worker" else None)
        instance = {
            "InstanceId": iid, "ImageId": images[n % 3]["ImageId"], "InstanceType": rnd.choice(["t3.micro", "t3.medium", "m5.large", "c5.xlarge"]),
            "KeyName": key_names[1] if n % 5 == 0 else key_names[0], "LaunchTime": date(2024),
            "Placement": {"AvailabilityZone": subnet["AvailabilityZone"], "Tenancy": "default"},
            "PrivateIpAddress": private_ip, "PrivateDnsName": f"ip-{private_ip.replace('.', '-')}.ec2.internal",
            "PublicIpAddress": public_ip, "PublicDnsName": f"ec2-{public_ip.replace('.', '-')}.compute-1.amazonaws.com" if public_ip else "",
            "State": {"Name": "running" if n % 9 else "stopped"}, "SubnetId": subnet["SubnetId"], "VpcId": vpc_id,
            "Architecture": "x86_64", "EbsOptimized": True, "BootMode": "uefi",
            "IamInstanceProfile": {"Arn": f"arn:aws:iam::{account}:instance-profile/{profile}", "Id": "AIPA" + hexid(16).upper()} if profile else None,
            "Monitoring": {"State": "disabled"},
            "MetadataOptions": {"HttpTokens": "optional" if n % 3 == 0 else "required", "HttpPutResponseHopLimit": 2, "HttpEndpoint": "enabled"},
            "SecurityGroups": [{"GroupId": g["GroupId"], "GroupName": g["GroupName"]} for g in groups_for],
            "NetworkInterfaces": [{"NetworkInterfaceId": nic_id}],
            "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeId": vol_id, "DeleteOnTermination": True}}],
            "Tags": [{"Key": "Name", "Value": f"{env}-{role}-{n}"}, {"Key": "env", "Value": env}],
        }
        reservations.append({"ReservationId": "r-" + hexid(17), "OwnerId": account, "Instances": [instance]})
        nics.append({"NetworkInterfaceId": nic_id, "Description": "", "InterfaceType": "interface", "MacAddress": ":".join(hexid(2) for _ in range(6)),
                     "PrivateDnsName": instance["PrivateDnsName"], "PrivateIpAddress": private_ip, "RequesterManaged": False, "SourceDestCheck": True,
                     "Status": "in-use", "SubnetId": subnet["SubnetId"], "VpcId": vpc_id, "OwnerId": account,
                     "Association": {"PublicIp": public_ip, "IpOwnerId": "amazon"} if public_ip else None,
                     "Attachment": {"InstanceId": iid, "AttachTime": instance["LaunchTime"], "DeviceIndex": 0},
                     "Groups": [{"GroupId": g["GroupId"], "GroupName": g["GroupName"]} for g in groups_for],
                     "PrivateIpAddresses": [{"PrivateIpAddress": private_ip, "Primary": True,
                                             "Association": {"PublicIp": public_ip, "IpOwnerId": "amazon"} if public_ip else None}]})
        snap_id = "snap-" + hexid(17)
        volumes.append({"VolumeId": vol_id, "AvailabilityZone": subnet["AvailabilityZone"], "CreateTime": instance["LaunchTime"],
                        "Encrypted": n % 4 != 0, "Size": rnd.choice([8, 20, 50, 100]), "State": "in-use", "SnapshotId": snap_id if n % 2 == 0 else "",
                        "Iops": 3000, "VolumeType": "gp3", "MultiAttachEnabled": False,
                        "Attachments": [{"InstanceId": iid, "DeleteOnTermination": True}]})
        if n % 2 == 0:
            snapshots.append({"SnapshotId": snap_id, "Description": f"baseline for {role}", "OwnerId": account, "Encrypted": n % 4 != 0,
                              "Progress": "100%", "StartTime": date(2024), "State": "completed", "VolumeId": vol_id, "VolumeSize": 8,
                              "Public": n == 4 and env == "staging"})
        if role == "bastion":
            addresses.append({"PublicIp": public_ip, "AllocationId": "eipalloc-" + hexid(17), "AssociationId": "eipassoc-" + hexid(17),
                              "Domain": "vpc", "InstanceId": iid, "NetworkInterfaceId": nic_id, "NetworkInterfaceOwnerId": account,
                              "PrivateIpAddress": private_ip, "PublicIpv4Pool": "amazon", "NetworkBorderGroup": region})
        if role == "worker":
            asg_members.append(iid)
    # An unattached volume and an unassociated address.
    volumes.append({"VolumeId": "vol-" + hexid(17), "AvailabilityZone": azs[0], "CreateTime": date(2023), "Encrypted": False, "Size": 500,
                    "State": "available", "Iops": 3000, "VolumeType": "gp2", "MultiAttachEnabled": False, "Attachments": []})
    addresses.append({"PublicIp": f"44.{rnd.randint(1, 254)}.{rnd.randint(1, 254)}.{rnd.randint(1, 254)}", "AllocationId": "eipalloc-" + hexid(17),
                      "Domain": "vpc", "PublicIpv4Pool": "amazon", "NetworkBorderGroup": region})
    igw = "igw-" + hexid(17)
    lt_id = "lt-" + hexid(17)
    asg_name = f"{env}-workers-{region}"
    return {
        "Region": region,
        "Reservations": reservations,
        "SecurityGroups": groups,
        "Vpcs": vpcs,
        "Subnets": subnets,
        "NetworkInterfaces": nics,
        "KeyPairs": [{"KeyName": k, "KeyPairId": "key-" + hexid(17), "KeyFingerprint": ":".join(hexid(2) for _ in range(20))} for k in key_names],
        "Volumes": volumes,
        "Snapshots": snapshots,
        "Images": images,
        "InternetGateways": [{"InternetGatewayId": igw, "OwnerId": account, "Attachments": [{"VpcId": vpc_id, "State": "available"}]}],
        "RouteTables": [
            {"RouteTableId": "rtb-" + hexid(17), "VpcId": vpc_id, "OwnerId": account,
             "Associations": [{"RouteTableAssociationId": "rtbassoc-" + hexid(17), "Main": True}],
             "Routes": [{"DestinationCidrBlock": f"10.{second}.0.0/16", "GatewayId": "local", "State": "active"}]},
            {"RouteTableId": "rtb-" + hexid(17), "VpcId": vpc_id, "OwnerId": account,
             "Associations": [{"RouteTableAssociationId": "rtbassoc-" + hexid(17), "Main": False, "SubnetId": s["SubnetId"]} for s in public_subnets],
             "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": igw, "State": "active"}]},
        ],
        "Addresses": addresses,
        "LaunchTemplates": [{"LaunchTemplateId": lt_id, "LaunchTemplateName": f"{env}-worker", "CreateTime": date(2024),
                             "CreatedBy": f"arn:aws:iam::{account}:user/alice", "DefaultVersionNumber": 1, "LatestVersionNumber": 3}],
        "AutoScalingGroups": [{"AutoScalingGroupARN": f"arn:aws:autoscaling:{region}:{account}:autoScalingGroup:{hexid(8)}-{hexid(4)}-{hexid(4)}-{hexid(4)}-{hexid(12)}:autoScalingGroupName/{asg_name}",
                               "AutoScalingGroupName": asg_name, "CreatedTime": date(2024), "DefaultCooldown": 300, "DesiredCapacity": len(asg_members),
                               "HealthCheckType": "EC2", "HealthCheckGracePeriod": 300, "MinSize": 1, "MaxSize": 10,
                               "LaunchTemplate": {"LaunchTemplateId": lt_id, "LaunchTemplateName": f"{env}-worker", "Version": "$Latest"},
                               "VPCZoneIdentifier": ",".join(s["SubnetId"] for s in private_subnets),
                               "Instances": [{"InstanceId": i} for i in asg_members]}],
        "VpcPeeringConnections": [],
    }


def s3(account, env):
    buckets = []
    owner = {"DisplayName": f"aws-{env}", "ID": hexid(64)}
    names = [f"acme-{env}-logs", f"acme-{env}-backups", f"acme-{env}-data-lake", f"acme-{env}-terraform-state"]
    if env == "production":
        names += ["acme-public-assets", "acme-website-static"]
    for n, name in enumerate(names):
        public = name in ("acme-public-assets", "acme-website-static")
        policy = None
        grants = [{"Grantee": {"Type": "CanonicalUser", "DisplayName": owner["DisplayName"], "ID": owner["ID"]}, "Permission": "FULL_CONTROL"}]
        if public:
            policy = json.dumps({"Version": "2012-10-17", "Id": f"{name}-policy", "Statement": [
                {"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{name}/*"}]})
            if name == "acme-public-assets":
                grants.append({"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"})
        elif n == 1:
            policy = json.dumps({"Version": "2012-10-17", "Statement": [
                {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"],
                 "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
                {"Sid": "VendorRead", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{VENDOR}:root"}, "Action": ["s3:GetObject", "s3:ListBucket"],
                 "Resource": [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"]}]})
        buckets.append({
            "Name": name, "CreationDate": date(2022), "Region": REGIONS[n % 2], "Policy": policy,
            "Acl": {"Owner": owner, "Grants": grants},
            "Encryption": None if public else {"ServerSideEncryptionConfiguration": {"Rules": [
                {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": f"arn:aws:kms:{REGIONS[n % 2]}:{account}:key/{hexid(8)}-{hexid(4)}-{hexid(4)}-{hexid(4)}-{hexid(12)}"} if n % 2 else {"SSEAlgorithm": "AES256"},
                 "BucketKeyEnabled": n % 2 == 1}]}},
            "Versioning": {"Status": "Enabled" if n % 2 == 1 else "Suspended",
                           "MFADelete": "Enabled" if name == "acme-production-terraform-state" else "Disabled"},
            "PublicAccessBlock": None if public else {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True},
            "OwnershipControls": {"OwnershipControls": {"Rules": [{"ObjectOwnership": "ObjectWriter" if public else "BucketOwnerEnforced"}]}},
            "Logging": {} if n == 0 else {"LoggingEnabled": {"TargetBucket": f"acme-{env}-logs", "TargetPrefix": f"{name}/"}},
        })
    return {"Buckets": buckets}


def misconfigurations(accounts):
    """What the built-in rules look for that the generated estate lacks, each next to a
    compliant twin, drawn from a random stream of their own so that every other id stays put.

    - a default security group per VPC: management's keep AWS's default rules (fail), the
      others have none (pass);
    - SMB (445) open to 0.0.0.0/0 in staging, and to the VPC only in production;
    - RDP (3389) open to 0.0.0.0/0 and ::/0 in production, and to the office ranges in staging;
    - a VPC peering from staging to production in us-east-1 (requested by the account loaded
      last, so that both VPCs exist when it loads).
    """
    extra = random.Random(20260522)
    xid = lambda n: hexid(n, extra)
    rule = lambda port, cidr, cidr6=None: {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [{"CidrIp": cidr}],
                                           "Ipv6Ranges": [{"CidrIpv6": cidr6}] if cidr6 else [], "UserIdGroupPairs": []}
    for records in accounts.values():
        account, env = records["AccountId"], records["Env"]
        for region in records["Regions"]:
            vpc = region["Vpcs"][0]
            group = {"GroupId": "sg-" + xid(17), "GroupName": "default", "Description": "default VPC security group",
                     "VpcId": vpc["VpcId"], "OwnerId": account, "IpPermissions": [], "IpPermissionsEgress": []}
            if env == "management":
                group["IpPermissions"] = [{"IpProtocol": "-1", "IpRanges": [], "UserIdGroupPairs": [{"GroupId": group["GroupId"], "UserId": account}]}]
                group["IpPermissionsEgress"] = [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "UserIdGroupPairs": []}]
            region["SecurityGroups"].append(group)
            if region["Region"] != "us-east-1" or env == "management":
                continue
            cidr = vpc["CidrBlock"]
            if env == "staging":
                smb, rdp = rule(445, "0.0.0.0/0"), rule(3389, "203.0.113.0/24", "2001:db8::/32")
            else:
                smb, rdp = rule(445, cidr), rule(3389, "0.0.0.0/0", "::/0")
            for name, perm in [("file-share", smb), ("windows-admin", rdp)]:
                region["SecurityGroups"].append({"GroupId": "sg-" + xid(17), "GroupName": name, "Description": f"{name} access",
                                                 "VpcId": vpc["VpcId"], "OwnerId": account, "IpPermissions": [perm],
                                                 "IpPermissionsEgress": [rule(443, "0.0.0.0/0")]})
    prod, stag = (next(r for r in accounts[env]["Regions"] if r["Region"] == "us-east-1") for env in ("production", "staging"))
    info = lambda records, region: {"VpcId": region["Vpcs"][0]["VpcId"], "OwnerId": records["AccountId"], "Region": "us-east-1",
                                    "CidrBlock": region["Vpcs"][0]["CidrBlock"]}
    stag["VpcPeeringConnections"].append({"VpcPeeringConnectionId": "pcx-" + xid(17),
                                          "RequesterVpcInfo": info(accounts["staging"], stag),
                                          "AccepterVpcInfo": info(accounts["production"], prod),
                                          "Status": {"Code": "active", "Message": "Active"}})


def acl_entry(number, action, egress=False, protocol="-1", ports=None):
    entry = {"RuleNumber": number, "Protocol": protocol, "RuleAction": action, "Egress": egress, "CidrBlock": "0.0.0.0/0"}
    if ports:
        entry["PortRange"] = {"From": ports[0], "To": ports[1]}
    return entry


def network_acl(xid, vpc, account, subnets, is_default, denied=()):
    """An ACL on `subnets` that lets everything in and out but the `denied` (protocol, port)
    pairs in from anywhere; 32767 is AWS's closing deny-all rule."""
    inbound = [acl_entry(100 + 10 * k, "deny", protocol=p, ports=(port, port)) for k, (p, port) in enumerate(denied)]
    inbound += [acl_entry(200, "allow"), acl_entry(32767, "deny")]
    return {"NetworkAclId": "acl-" + xid(17), "VpcId": vpc["VpcId"], "OwnerId": account, "IsDefault": is_default,
            "Associations": [{"NetworkAclAssociationId": "aclassoc-" + xid(17), "SubnetId": s["SubnetId"]} for s in subnets],
            "Entries": inbound + [acl_entry(100, "allow", egress=True), acl_entry(32767, "deny", egress=True)]}


def network_additions(accounts):
    """What the EC2 sync gained after the estate was first generated, from a random stream of
    its own so that every earlier id stays put.

    - network ACLs: per VPC a default one letting everything in, on every subnet without an
      ACL of its own; in production, one denying SSH from anywhere on eu-west-1's first public
      subnet (its worker, open on SSH only, is exposed but unreachable; the web instance beside
      it keeps HTTP and HTTPS), and one denying HTTPS (TCP and QUIC) on us-east-1's second
      public subnet, one of the two of the shop-web load balancer (which still gets in through
      the other; the web instance in it keeps HTTP only);
    - VPC endpoints in production us-east-1: a gateway one for S3 on both route tables (with
      their prefix-list routes), limited to production's buckets, and an interface one for
      SSM in the private subnets, with a network interface in each and a group of its own;
    - the versions of each launch template (the first is the default).
    """
    extra = random.Random(20260601)
    xid = lambda n: hexid(n, extra)
    for records in accounts.values():
        account, env = records["AccountId"], records["Env"]
        for region in records["Regions"]:
            vpc, name = region["Vpcs"][0], region["Region"]
            public = [s for s in region["Subnets"] if s["MapPublicIpOnLaunch"]]
            private = [s for s in region["Subnets"] if not s["MapPublicIpOnLaunch"]]
            own = []
            if env == "production" and name == "eu-west-1":
                own = [network_acl(xid, vpc, account, [public[0]], False, [("6", 22)])]
            elif env == "production":
                own = [network_acl(xid, vpc, account, [public[1]], False, [("6", 443), ("17", 443)])]
            taken = {a["SubnetId"] for acl in own for a in acl["Associations"]}
            default = network_acl(xid, vpc, account, [s for s in region["Subnets"] if s["SubnetId"] not in taken], True)
            region["NetworkAcls"] = [default] + own
            for template in region["LaunchTemplates"]:
                template["Versions"] = launch_template_versions(template, account, env, region, extra)
            if env != "production" or name != "us-east-1":
                continue
            s3 = "vpce-" + xid(17)
            tables = region["RouteTables"]
            for table in tables:
                table["Routes"].append({"DestinationPrefixListId": "pl-63a5400a", "GatewayId": s3, "State": "active"})
            buckets = [f"arn:aws:s3:::acme-{env}-*", f"arn:aws:s3:::acme-{env}-*/*"]
            endpoint = lambda vid, kind, service, policy: {
                "VpcEndpointId": vid, "VpcEndpointType": kind, "VpcId": vpc["VpcId"], "ServiceName": f"com.amazonaws.{name}.{service}",
                "ServiceRegion": name, "State": "available", "PolicyDocument": json.dumps(doc([policy])), "RouteTableIds": [],
                "SubnetIds": [], "Groups": [], "NetworkInterfaceIds": [], "DnsEntries": [], "PrivateDnsEnabled": False,
                "RequesterManaged": False, "IpAddressType": "ipv4", "OwnerId": account, "CreationTimestamp": date(2024, extra)}
            gateway = endpoint(s3, "Gateway", "s3", {"Sid": "OwnBucketsOnly", "Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": buckets})
            gateway["RouteTableIds"] = [t["RouteTableId"] for t in tables]
            group = {"GroupId": "sg-" + xid(17), "GroupName": "vpc-endpoints", "Description": "HTTPS to interface endpoints from the VPC",
                     "VpcId": vpc["VpcId"], "OwnerId": account,
                     "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": vpc["CidrBlock"]}], "UserIdGroupPairs": []}],
                     "IpPermissionsEgress": []}
            region["SecurityGroups"].append(group)
            ssm = "vpce-" + xid(17)
            interface = endpoint(ssm, "Interface", "ssm", {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"})
            for subnet in private:
                nic_id, ip = "eni-" + xid(17), subnet["CidrBlock"].rsplit(".", 1)[0] + ".200"
                region["NetworkInterfaces"].append({
                    "NetworkInterfaceId": nic_id, "Description": f"VPC Endpoint Interface {ssm}", "InterfaceType": "vpc_endpoint",
                    "MacAddress": ":".join(xid(2) for _ in range(6)), "PrivateDnsName": f"ip-{ip.replace('.', '-')}.ec2.internal",
                    "PrivateIpAddress": ip, "RequesterManaged": True, "SourceDestCheck": True, "Status": "in-use",
                    "SubnetId": subnet["SubnetId"], "VpcId": vpc["VpcId"], "OwnerId": account,
                    "Groups": [{"GroupId": group["GroupId"], "GroupName": group["GroupName"]}],
                    "PrivateIpAddresses": [{"PrivateIpAddress": ip, "Primary": True}]})
                interface["SubnetIds"].append(subnet["SubnetId"])
                interface["NetworkInterfaceIds"].append(nic_id)
            interface["Groups"] = [{"GroupId": group["GroupId"], "GroupName": group["GroupName"]}]
            interface["DnsEntries"] = [{"DnsName": f"{ssm}-{xid(8)}.ssm.{name}.vpce.amazonaws.com", "HostedZoneId": "Z7HUB22UULQXV"},
                                       {"DnsName": f"ssm.{name}.amazonaws.com", "HostedZoneId": "Z" + xid(20).upper()}]
            interface["PrivateDnsEnabled"] = True
            region["VpcEndpoints"] = [gateway, interface]


def launch_template_versions(template, account, env, region, stream):
    """Versions 1 to the template's latest: the base image, then larger instances, then the
    app image with detailed monitoring."""
    images = region["Images"]
    app = next(g for g in region["SecurityGroups"] if g["GroupName"] == "app-internal")
    later = sorted(date(2025, stream) for _ in range(2))
    changes = [("initial", images[2]["ImageId"], "t3.medium", False),
               ("larger instances", images[2]["ImageId"], "m5.large", False),
               ("app image, detailed monitoring", images[1]["ImageId"], "m5.large", True)]
    return [{"LaunchTemplateId": template["LaunchTemplateId"], "LaunchTemplateName": template["LaunchTemplateName"],
             "VersionNumber": n, "VersionDescription": description,
             "CreateTime": ([template["CreateTime"]] + later)[n - 1],
             "CreatedBy": template["CreatedBy"], "DefaultVersion": n == template["DefaultVersionNumber"],
             "LaunchTemplateData": {"ImageId": image, "InstanceType": size, "KeyName": f"{env}-ops", "EbsOptimized": True,
                                    "IamInstanceProfile": {"Arn": f"arn:aws:iam::{account}:instance-profile/ssm-managed", "Name": "ssm-managed"},
                                    "Monitoring": {"Enabled": monitoring}, "DisableApiTermination": False,
                                    "InstanceInitiatedShutdownBehavior": "terminate", "SecurityGroupIds": [app["GroupId"]]}}
            for n, (description, image, size, monitoring) in enumerate(changes[: template["LatestVersionNumber"]], start=1)]


def main():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "organization.json"), "w") as f:
        json.dump(organization(), f, indent=1, sort_keys=False)
        f.write("\n")
    accounts = {}
    for account, name, _, env in ACCOUNTS:
        accounts[env] = {"AccountId": account, "Name": name, "Env": env, "Iam": iam(account, env),
                         "Regions": [region_records(account, env, r, i) for i, r in enumerate(REGIONS)], "S3": s3(account, env)}
    misconfigurations(accounts)
    network_additions(accounts)
    for env, records in accounts.items():
        del records["Env"]
        with open(os.path.join(OUT, f"{env}.json"), "w") as f:
            json.dump(records, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
