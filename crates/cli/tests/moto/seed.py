"""Seed a moto server with a small multi-account AWS estate for cartograph's sync tests.

Usage: seed.py ENDPOINT seed|report|mutate|mutate2|bench N

`seed` creates, in three accounts (the caller's account 123456789012 and two more reached by
role assumption, which moto scopes to the role's account) and two regions: IAM users, groups,
roles with cross-account trusts, policies, access keys, MFA devices, a SAML provider and an
instance profile; VPCs, subnets, an internet gateway, route tables, a VPC peering, security
groups (one open to the internet), key pairs, public instances, volumes, snapshots, an image,
an Elastic IP, a launch template with two versions and an auto scaling group; S3 buckets (public by policy, by
ACL, and private with every setting); and an organization in the first account. It then
prints, as JSON, what the AWS APIs report, which the test compares with the graph.

`report` prints that JSON again; `mutate` deletes one resource of several kinds in the
production account and prints what it deleted; `mutate2` deletes another key pair and a bucket. `bench N` seeds N small accounts (111111111111 + i) for the benchmark.
"""

import json
import sys

import boto3

ENDPOINT = sys.argv[1]
MODE = sys.argv[2]
MANAGEMENT = "123456789012"
PRODUCTION = "222222222222"
STAGING = "333333333333"
REGIONS = ["us-east-1", "eu-west-1"]
KW = dict(
    endpoint_url=ENDPOINT,
    aws_access_key_id="testing",
    aws_secret_access_key="testing",
    region_name="us-east-1",
)


def session(account):
    """A boto3 session in `account`: the default credentials for the management account,
    an assumed role elsewhere."""
    if account == MANAGEMENT:
        return boto3.Session(
            aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
        )
    sts = boto3.client("sts", **KW)
    creds = sts.assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/cartograph-audit", RoleSessionName="seed"
    )["Credentials"]
    return boto3.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
        region_name="us-east-1",
    )


def client(sess, service, region="us-east-1"):
    return sess.client(service, endpoint_url=ENDPOINT, region_name=region)


def trust(principal):
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
            ],
        }
    )


def seed_iam(sess, account, others, small=False):
    iam = client(sess, "iam")
    iam.create_role(
        RoleName="cartograph-audit",
        AssumeRolePolicyDocument=trust({"AWS": f"arn:aws:iam::{MANAGEMENT}:root"}),
    )
    users = ["alice", "bob"] if not small else ["alice"]
    for u in users:
        iam.create_user(UserName=u)
        iam.create_access_key(UserName=u)
    if small:
        return
    iam.create_group(GroupName="admins")
    iam.add_user_to_group(GroupName="admins", UserName="alice")
    policy = iam.create_policy(
        PolicyName="read-all",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": ["s3:Get*", "ec2:Describe*"], "Resource": "*"}],
            }
        ),
    )["Policy"]
    iam.attach_group_policy(GroupName="admins", PolicyArn=policy["Arn"])
    iam.put_user_policy(
        UserName="bob",
        PolicyName="bob-inline",
        PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}
        ),
    )
    mfa = iam.create_virtual_mfa_device(VirtualMFADeviceName="alice-mfa")["VirtualMFADevice"]
    iam.enable_mfa_device(
        UserName="alice", SerialNumber=mfa["SerialNumber"], AuthenticationCode1="123456", AuthenticationCode2="654321"
    )
    # Cross-account trusts: one to each other synced account, one to an outside vendor.
    iam.create_role(
        RoleName="cross-account",
        AssumeRolePolicyDocument=trust({"AWS": [f"arn:aws:iam::{o}:root" for o in others] + ["arn:aws:iam::999988887777:root"]}),
    )
    iam.create_role(
        RoleName="ec2-app",
        AssumeRolePolicyDocument=trust({"Service": "ec2.amazonaws.com"}),
        PermissionsBoundary=policy["Arn"],
    )
    iam.put_role_policy(
        RoleName="ec2-app",
        PolicyName="app",
        PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": f"arn:aws:iam::{others[0]}:role/cross-account"}]}
        ),
    )
    iam.create_instance_profile(InstanceProfileName="ec2-app")
    iam.add_role_to_instance_profile(InstanceProfileName="ec2-app", RoleName="ec2-app")
    iam.create_saml_provider(Name="corp-idp", SAMLMetadataDocument="<EntityDescriptor>" + "x" * 1000 + "</EntityDescriptor>")


def seed_region(sess, region, full):
    ec2 = client(sess, "ec2", region)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    az = region + "a"
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24", AvailabilityZone=az)["Subnet"]["SubnetId"]
    ec2.modify_subnet_attribute(SubnetId=subnet, MapPublicIpOnLaunch={"Value": True})
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    rt = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=rt, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    ec2.associate_route_table(RouteTableId=rt, SubnetId=subnet)
    sg = ec2.create_security_group(GroupName="web-open", Description="open to the world", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=sg,
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
        ],
    )
    ec2.create_key_pair(KeyName="ops")
    # Not used by any instance (instances keep their key pair's node alive), so that deleting
    # it must delete its node.
    ec2.create_key_pair(KeyName="spare")
    # moto runs without its default AMIs (MOTO_EC2_LOAD_DEFAULT_AMIS=false), which would
    # otherwise add ~1300 snapshots per region; it accepts any image id.
    ami = "ami-0abcdef1234567890"
    run = ec2.run_instances(
        ImageId=ami,
        MinCount=1,
        MaxCount=1,
        InstanceType="t3.micro",
        KeyName="ops",
        NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": subnet, "Groups": [sg], "AssociatePublicIpAddress": True}],
    )
    instance = run["Instances"][0]["InstanceId"]
    if not full:
        return
    vol = ec2.create_volume(AvailabilityZone=az, Size=8)["VolumeId"]
    ec2.attach_volume(VolumeId=vol, InstanceId=instance, Device="/dev/sdf")
    snap = ec2.create_snapshot(VolumeId=vol, Description="nightly")["SnapshotId"]
    ec2.modify_snapshot_attribute(
        SnapshotId=snap, Attribute="createVolumePermission", OperationType="add", GroupNames=["all"]
    )
    ec2.create_snapshot(VolumeId=vol, Description="private")
    # A network ACL that denies SSH from anywhere in front of the public subnet: the open
    # security group rule is then not reachable (the analysis' exposed_internet_reachable).
    acl = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
    ec2.create_network_acl_entry(
        NetworkAclId=acl, RuleNumber=100, Protocol="6", RuleAction="deny", Egress=False,
        CidrBlock="0.0.0.0/0", PortRange={"From": 22, "To": 22},
    )
    ec2.create_network_acl_entry(
        NetworkAclId=acl, RuleNumber=200, Protocol="-1", RuleAction="allow", Egress=False, CidrBlock="0.0.0.0/0"
    )
    ec2.create_network_acl_entry(
        NetworkAclId=acl, RuleNumber=100, Protocol="-1", RuleAction="allow", Egress=True, CidrBlock="0.0.0.0/0"
    )
    ec2.replace_network_acl_association(AssociationId=acl_association(ec2, subnet), NetworkAclId=acl)
    ec2.create_vpc_endpoint(
        VpcId=vpc, ServiceName=f"com.amazonaws.{region}.s3", VpcEndpointType="Gateway", RouteTableIds=[rt]
    )
    ec2.create_vpc_endpoint(
        VpcId=vpc, ServiceName=f"com.amazonaws.{region}.ec2", VpcEndpointType="Interface",
        SubnetIds=[subnet], SecurityGroupIds=[sg],
    )
    ec2.create_image(InstanceId=instance, Name="app-golden")
    eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
    ec2.associate_address(AllocationId=eip, InstanceId=instance)
    lt = ec2.create_launch_template(LaunchTemplateName="app", LaunchTemplateData={"ImageId": ami, "InstanceType": "t3.micro"})
    ec2.create_launch_template_version(
        LaunchTemplateId=lt["LaunchTemplate"]["LaunchTemplateId"],
        VersionDescription="with key",
        LaunchTemplateData={"ImageId": ami, "InstanceType": "t3.small", "KeyName": "ops", "SecurityGroupIds": [sg]},
    )
    other = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    ec2.create_vpc_peering_connection(VpcId=vpc, PeerVpcId=other)
    asg = client(sess, "autoscaling", region)
    asg.create_auto_scaling_group(
        AutoScalingGroupName="app-asg",
        LaunchTemplate={"LaunchTemplateName": "app", "Version": "$Latest"},
        MinSize=1,
        MaxSize=2,
        DesiredCapacity=1,
        VPCZoneIdentifier=subnet,
        CapacityRebalance=True,
    )


def acl_association(ec2, subnet):
    """The id of the association between `subnet` and its network ACL."""
    acls = ec2.describe_network_acls(Filters=[{"Name": "association.subnet-id", "Values": [subnet]}])["NetworkAcls"]
    return next(a["NetworkAclAssociationId"] for acl in acls for a in acl["Associations"] if a["SubnetId"] == subnet)


def seed_s3(sess, account):
    s3 = client(sess, "s3")
    public = f"public-site-{account}"
    s3.create_bucket(Bucket=public)
    s3.put_bucket_policy(
        Bucket=public,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{public}/*"}],
            }
        ),
    )
    acl_public = f"acl-public-{account}"
    s3.create_bucket(Bucket=acl_public)
    s3.put_bucket_acl(Bucket=acl_public, ACL="public-read")
    private = f"private-logs-{account}"
    s3.create_bucket(Bucket=private, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    eu = client(sess, "s3", "eu-west-1")
    eu.put_bucket_encryption(
        Bucket=private,
        ServerSideEncryptionConfiguration={"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
    )
    eu.put_bucket_versioning(Bucket=private, VersioningConfiguration={"Status": "Enabled"})
    eu.put_bucket_policy(
        Bucket=private,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "OnlyTheAccount",
                        "Effect": "Deny",
                        "NotPrincipal": {"AWS": f"arn:aws:iam::{account}:root"},
                        "NotAction": ["s3:GetObject"],
                        "NotResource": f"arn:aws:s3:::{private}/public/*",
                    }
                ],
            }
        ),
    )
    eu.put_public_access_block(
        Bucket=private,
        PublicAccessBlockConfiguration={"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True},
    )
    eu.put_bucket_ownership_controls(Bucket=private, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
    target = f"log-target-{account}"
    s3.create_bucket(Bucket=target, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    delivery = "uri=http://acs.amazonaws.com/groups/s3/LogDelivery"
    eu.put_bucket_acl(Bucket=target, GrantWrite=delivery, GrantReadACP=delivery)
    eu.put_bucket_logging(Bucket=private, BucketLoggingStatus={"LoggingEnabled": {"TargetBucket": target, "TargetPrefix": "logs/"}})


def seed_org(sess):
    org = client(sess, "organizations")
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    ou = org.create_organizational_unit(ParentId=root, Name="workloads")["OrganizationalUnit"]["Id"]
    org.create_organizational_unit(ParentId=ou, Name="prod")
    org.create_account(Email="sandbox@example.com", AccountName="sandbox")


def report(sess, account):
    """What the APIs say exists: the test expects exactly this in the graph."""
    out = {"iam": {}, "regions": {}, "s3": []}
    iam = client(sess, "iam")
    out["iam"]["users"] = sorted(u["Arn"] for u in iam.list_users()["Users"])
    out["iam"]["groups"] = sorted(g["Arn"] for g in iam.list_groups()["Groups"])
    out["iam"]["roles"] = sorted(r["Arn"] for r in iam.list_roles()["Roles"])
    out["iam"]["access_keys"] = sorted(
        k["AccessKeyId"] for u in iam.list_users()["Users"] for k in iam.list_access_keys(UserName=u["UserName"])["AccessKeyMetadata"]
    )
    out["iam"]["mfa_devices"] = sorted(
        d["SerialNumber"] for u in iam.list_users()["Users"] for d in iam.list_mfa_devices(UserName=u["UserName"])["MFADevices"]
    )
    for region in REGIONS:
        ec2 = client(sess, "ec2", region)
        r = {}
        r["instances"] = sorted(
            i["InstanceId"] for res in ec2.describe_instances()["Reservations"] for i in res["Instances"]
        )
        r["public_instances"] = sorted(
            i["InstanceId"]
            for res in ec2.describe_instances()["Reservations"]
            for i in res["Instances"]
            if i.get("PublicIpAddress")
        )
        # Public instances in the security group open to 0.0.0.0/0 (moto lists the groups
        # of an instance launched with network interfaces on the interfaces only).
        r["open_instances"] = sorted(
            i["InstanceId"]
            for res in ec2.describe_instances()["Reservations"]
            for i in res["Instances"]
            if i.get("PublicIpAddress") and "web-open" in groups_of(i)
        )
        r["vpcs"] = sorted(v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"])
        r["subnets"] = sorted(s["SubnetId"] for s in ec2.describe_subnets()["Subnets"])
        r["security_groups"] = sorted(g["GroupId"] for g in ec2.describe_security_groups()["SecurityGroups"])
        r["key_pairs"] = sorted(k["KeyName"] for k in ec2.describe_key_pairs()["KeyPairs"])
        r["volumes"] = sorted(v["VolumeId"] for v in ec2.describe_volumes()["Volumes"])
        r["snapshots"] = sorted(s["SnapshotId"] for s in ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"])
        r["images"] = sorted(i["ImageId"] for i in ec2.describe_images(Owners=["self"])["Images"])
        r["internet_gateways"] = sorted(g["InternetGatewayId"] for g in ec2.describe_internet_gateways()["InternetGateways"])
        tables = ec2.describe_route_tables()["RouteTables"]
        r["route_tables"] = sorted(t["RouteTableId"] for t in tables)
        r["routes"] = sorted(route_id(t["RouteTableId"], x) for t in tables for x in t["Routes"])
        r["route_table_associations"] = sorted(
            a["RouteTableAssociationId"] for t in tables for a in t["Associations"]
        )
        acls = ec2.describe_network_acls()["NetworkAcls"]
        r["network_acls"] = sorted(a["NetworkAclId"] for a in acls)
        r["network_acl_rules"] = sorted(
            f"{a['NetworkAclId']}/{'egress' if e['Egress'] else 'inbound'}/{e['RuleNumber']}"
            for a in acls
            for e in a["Entries"]
        )
        r["vpc_endpoints"] = sorted(e["VpcEndpointId"] for e in ec2.describe_vpc_endpoints()["VpcEndpoints"])
        r["public_snapshots"] = sorted(
            s["SnapshotId"]
            for s in ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]
            if any(
                p.get("Group") == "all"
                for p in ec2.describe_snapshot_attribute(SnapshotId=s["SnapshotId"], Attribute="createVolumePermission")[
                    "CreateVolumePermissions"
                ]
            )
        )
        r["peerings"] = sorted(p["VpcPeeringConnectionId"] for p in ec2.describe_vpc_peering_connections()["VpcPeeringConnections"])
        r["network_interfaces"] = sorted(n["NetworkInterfaceId"] for n in ec2.describe_network_interfaces()["NetworkInterfaces"])
        r["elastic_ips"] = sorted(a["PublicIp"] for a in ec2.describe_addresses()["Addresses"])
        r["launch_templates"] = sorted(t["LaunchTemplateId"] for t in ec2.describe_launch_templates()["LaunchTemplates"])
        r["launch_template_versions"] = sorted(
            f"{v['LaunchTemplateId']}-{v['VersionNumber']}"
            for t in r["launch_templates"]
            for v in ec2.describe_launch_template_versions(LaunchTemplateId=t)["LaunchTemplateVersions"]
        )
        asg = client(sess, "autoscaling", region)
        r["auto_scaling_groups"] = sorted(
            g["AutoScalingGroupARN"] for g in asg.describe_auto_scaling_groups()["AutoScalingGroups"]
        )
        out["regions"][region] = r
    out["s3"] = sorted(b["Name"] for b in client(sess, "s3").list_buckets()["Buckets"])
    return out


def groups_of(instance):
    """The names of the security groups of an instance and of its network interfaces."""
    groups = instance.get("SecurityGroups", []) + [
        g for n in instance.get("NetworkInterfaces", []) for g in n.get("Groups", [])
    ]
    return {g["GroupName"] for g in groups}


def route_id(table, route):
    """Cartography's route id: the table and the first destination or target present."""
    keys = ["DestinationCidrBlock", "DestinationIpv6CidrBlock", "GatewayId", "InstanceId", "NatGatewayId",
            "TransitGatewayId", "LocalGatewayId", "CarrierGatewayId", "NetworkInterfaceId",
            "VpcPeeringConnectionId", "EgressOnlyInternetGatewayId", "CoreNetworkArn"]
    return "|".join([table] + [route[k] for k in keys if k in route][:1])


def seed():
    accounts = [MANAGEMENT, PRODUCTION, STAGING]
    sessions = {a: session(a) for a in accounts}
    for a in accounts:
        others = [o for o in accounts if o != a]
        seed_iam(sessions[a], a, others)
        seed_region(sessions[a], "us-east-1", full=True)
        seed_region(sessions[a], "eu-west-1", full=False)
        seed_s3(sessions[a], a)
    seed_org(sessions[MANAGEMENT])
    print(json.dumps(manifest(sessions)))


def manifest(sessions=None):
    accounts = [MANAGEMENT, PRODUCTION, STAGING]
    sessions = sessions or {a: session(a) for a in accounts}
    org = client(sessions[MANAGEMENT], "organizations")
    manifest = {a: report(sessions[a], a) for a in accounts}
    root = org.list_roots()["Roots"][0]["Id"]
    ous, parents = [], [root]
    while parents:
        for ou in org.list_organizational_units_for_parent(ParentId=parents.pop())["OrganizationalUnits"]:
            ous.append(ou["Name"])
            parents.append(ou["Id"])
    manifest["organization"] = {
        "id": org.describe_organization()["Organization"]["Id"],
        "accounts": sorted(x["Id"] for x in org.list_accounts()["Accounts"]),
        "units": sorted(ous),
    }
    return manifest


def mutate():
    sess = session(PRODUCTION)
    iam = client(sess, "iam")
    key = iam.list_access_keys(UserName="bob")["AccessKeyMetadata"][0]["AccessKeyId"]
    iam.delete_access_key(UserName="bob", AccessKeyId=key)
    iam.delete_user_policy(UserName="bob", PolicyName="bob-inline")
    iam.delete_user(UserName="bob")
    ec2 = client(sess, "ec2", "eu-west-1")
    ec2.delete_key_pair(KeyName="spare")
    ec2e = client(sess, "ec2", "us-east-1")
    lt = ec2e.describe_launch_templates()["LaunchTemplates"][0]["LaunchTemplateId"]
    client(sess, "autoscaling").delete_auto_scaling_group(AutoScalingGroupName="app-asg", ForceDelete=True)
    ec2e.delete_launch_template(LaunchTemplateId=lt)
    s3 = client(sess, "s3")
    s3.delete_bucket(Bucket=f"acl-public-{PRODUCTION}")
    # The SSH-denying ACL goes (its subnet back on the VPC's default ACL), and with it the
    # reason the production instance in us-east-1 was unreachable; one endpoint goes too.
    subnet = ec2e.describe_subnets(Filters=[{"Name": "cidr-block", "Values": ["10.0.1.0/24"]}])["Subnets"][0]["SubnetId"]
    vpc = ec2e.describe_subnets(SubnetIds=[subnet])["Subnets"][0]["VpcId"]
    default = ec2e.describe_network_acls(
        Filters=[{"Name": "vpc-id", "Values": [vpc]}, {"Name": "default", "Values": ["true"]}]
    )["NetworkAcls"][0]["NetworkAclId"]
    custom = next(
        a["NetworkAclId"]
        for a in ec2e.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["NetworkAcls"]
        if not a["IsDefault"]
    )
    ec2e.replace_network_acl_association(AssociationId=acl_association(ec2e, subnet), NetworkAclId=default)
    ec2e.delete_network_acl(NetworkAclId=custom)
    endpoint = next(
        e["VpcEndpointId"] for e in ec2e.describe_vpc_endpoints()["VpcEndpoints"] if e["VpcEndpointType"] == "Interface"
    )
    ec2e.delete_vpc_endpoints(VpcEndpointIds=[endpoint])
    # An OU leaves the organization.
    org = client(session(MANAGEMENT), "organizations")
    root = org.list_roots()["Roots"][0]["Id"]
    workloads = org.list_organizational_units_for_parent(ParentId=root)["OrganizationalUnits"][0]["Id"]
    prod = org.list_organizational_units_for_parent(ParentId=workloads)["OrganizationalUnits"][0]["Id"]
    org.delete_organizational_unit(OrganizationalUnitId=prod)
    print(json.dumps({"user": f"arn:aws:iam::{PRODUCTION}:user/bob", "access_key": key, "key_pair_region": "eu-west-1",
                      "launch_template": lt, "bucket": f"acl-public-{PRODUCTION}",
                      "auto_scaling_group": "app-asg", "network_acl": custom, "vpc_endpoint": endpoint,
                      "organizational_unit": "prod"}))


def mutate2():
    sess = session(PRODUCTION)
    client(sess, "ec2", "us-east-1").delete_key_pair(KeyName="spare")
    client(sess, "s3").delete_bucket(Bucket=f"public-site-{PRODUCTION}")
    print(json.dumps({"key_pair": "spare", "bucket": f"public-site-{PRODUCTION}"}))


def bench(n):
    accounts = [str(111111111111 + i) for i in range(n)]
    for a in accounts:
        sess = session(a) if a != MANAGEMENT else session(MANAGEMENT)
        seed_iam(sess, a, [o for o in accounts if o != a], small=True)
        seed_region(sess, "us-east-1", full=False)
        client(sess, "s3").create_bucket(Bucket=f"bench-{a}")
    print(json.dumps(accounts))


if MODE == "seed":
    seed()
elif MODE == "report":
    print(json.dumps(manifest()))
elif MODE == "mutate":
    mutate()
elif MODE == "mutate2":
    mutate2()
elif MODE == "bench":
    bench(int(sys.argv[3]))
else:
    sys.exit(f"unknown mode {MODE}")
