"""Load balancers and DNS for cartograph's sync tests, with the exposure cases of the
analysis. In the production account's first region, one VPC holds:

- `open-alb` (internet-facing, group open to 0.0.0.0/0 on its listener's port) -> `web-1`
- `v6-alb` (internet-facing, group open to ::/0 on its listener's port) -> `web-2`
- `closed-alb` (internet-facing, group open only inside the VPC) -> `app-1`
- `public-nlb` (internet-facing network load balancer, no groups) -> the auto scaling
  group's instance, and an IP target
- `internal-nlb` (internal) -> `app-2`
- `classic-open` (internet-facing classic, the VPC's default group opened on port 80) -> `app-3`
- `classic-internal` (internal classic, same open group) -> `app-4`

A second VPC holds `classic-closed` (internet-facing, its VPC's default group is closed)
-> `app-5`. Staging's second region has one internal ALB. Route53 (global): production's
`example.test` with an alias to `open-alb`, a CNAME to `classic-open`, A records (one on an
Elastic IP) and a delegation to `dev.example.test`; staging's `staging.test`.

Modes: `seed` creates them and prints `report`; `report` prints ids by kind, account and
region (`global` for Route53); `mutate` deletes `internal-nlb`, `classic-closed` and the
record `old.example.test`, and prints what it deleted.
"""

from estate import ACCOUNTS, PRODUCTION, REGIONS, STAGING, client, main

HERE = "us-east-1"
AMI = "ami-12c6146b"


def instance(ec2, subnet, group, name):
    return ec2.run_instances(
        ImageId=AMI,
        MinCount=1,
        MaxCount=1,
        SubnetId=subnet,
        SecurityGroupIds=[group],
        TagSpecifications=[
            {"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": name}]}
        ],
    )["Instances"][0]["InstanceId"]


def group(ec2, vpc, name, port, cidr=None, cidr6=None):
    gid = ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc)["GroupId"]
    rule = {"IpProtocol": "tcp", "FromPort": port, "ToPort": port}
    if cidr:
        rule["IpRanges"] = [{"CidrIp": cidr}]
    if cidr6:
        rule["Ipv6Ranges"] = [{"CidrIpv6": cidr6}]
    ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=[rule])
    return gid


def default_group(ec2, vpc):
    groups = ec2.describe_security_groups(
        Filters=[
            {"Name": "vpc-id", "Values": [vpc]},
            {"Name": "group-name", "Values": ["default"]},
        ]
    )["SecurityGroups"]
    return groups[0]["GroupId"]


def vpc_with_subnets(ec2, cidr):
    vpc = ec2.create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]
    prefix = cidr.rsplit(".", 2)[0]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"{prefix}.{i}.0/24", AvailabilityZone=f"{HERE}{az}")[
            "Subnet"
        ]["SubnetId"]
        for i, az in ((1, "a"), (2, "b"))
    ]
    return vpc, subnets


def v2_balancer(elbv2, name, subnets, groups, scheme, kind, port, protocol, vpc, targets, target_type="instance"):
    lb = elbv2.create_load_balancer(
        Name=name, Subnets=subnets, SecurityGroups=groups, Scheme=scheme, Type=kind
    )["LoadBalancers"][0]
    tg = elbv2.create_target_group(
        Name=f"{name}-tg", Protocol=protocol, Port=port, VpcId=vpc, TargetType=target_type
    )["TargetGroups"][0]["TargetGroupArn"]
    elbv2.register_targets(TargetGroupArn=tg, Targets=[{"Id": t} for t in targets])
    elbv2.create_listener(
        LoadBalancerArn=lb["LoadBalancerArn"],
        Protocol=protocol,
        Port=port,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}],
    )
    return lb


def classic(elb, name, subnets, groups, scheme, instances):
    elb.create_load_balancer(
        LoadBalancerName=name,
        Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 8080}],
        Subnets=subnets,
        SecurityGroups=groups,
        Scheme=scheme,
    )
    elb.register_instances_with_load_balancer(
        LoadBalancerName=name, Instances=[{"InstanceId": i} for i in instances]
    )


def seed():
    ec2 = client(PRODUCTION, "ec2")
    elbv2 = client(PRODUCTION, "elbv2")
    elb = client(PRODUCTION, "elb")
    vpc, subnets = vpc_with_subnets(ec2, "10.20.0.0/16")
    app = group(ec2, vpc, "app", 8080, cidr="10.20.0.0/16")
    names = ["web-1", "web-2", "app-1", "app-2", "app-3", "app-4"]
    ids = {n: instance(ec2, subnets[0], app, n) for n in names}

    ec2.create_launch_template(
        LaunchTemplateName="workers", LaunchTemplateData={"ImageId": AMI, "InstanceType": "t3.micro"}
    )
    autoscaling = client(PRODUCTION, "autoscaling")
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName="workers",
        LaunchTemplate={"LaunchTemplateName": "workers"},
        MinSize=1,
        MaxSize=1,
        DesiredCapacity=1,
        VPCZoneIdentifier=subnets[0],
    )
    worker = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=["workers"])[
        "AutoScalingGroups"
    ][0]["Instances"][0]["InstanceId"]

    open_sg = group(ec2, vpc, "lb-open", 443, cidr="0.0.0.0/0")
    v6_sg = group(ec2, vpc, "lb-open-v6", 80, cidr6="::/0")
    closed_sg = group(ec2, vpc, "lb-closed", 443, cidr="10.20.0.0/16")
    alb = v2_balancer(elbv2, "open-alb", subnets, [open_sg], "internet-facing", "application", 443, "HTTP", vpc, [ids["web-1"]])
    v2_balancer(elbv2, "v6-alb", subnets, [v6_sg], "internet-facing", "application", 80, "HTTP", vpc, [ids["web-2"]])
    v2_balancer(elbv2, "closed-alb", subnets, [closed_sg], "internet-facing", "application", 443, "HTTP", vpc, [ids["app-1"]])
    nlb = v2_balancer(elbv2, "public-nlb", subnets, [], "internet-facing", "network", 9000, "TCP", vpc, [worker])
    ip_tg = elbv2.create_target_group(
        Name="public-nlb-ips", Protocol="TCP", Port=9001, VpcId=vpc, TargetType="ip"
    )["TargetGroups"][0]["TargetGroupArn"]
    elbv2.register_targets(TargetGroupArn=ip_tg, Targets=[{"Id": "10.20.1.99"}])
    elbv2.create_listener(
        LoadBalancerArn=nlb["LoadBalancerArn"],
        Protocol="TCP",
        Port=9001,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": ip_tg}],
    )
    v2_balancer(elbv2, "internal-nlb", subnets, [], "internal", "network", 7000, "TCP", vpc, [ids["app-2"]])

    # Classic load balancers in moto always name `default` as their source group: use the
    # VPC's default group, opened on the listener's port.
    default = default_group(ec2, vpc)
    ec2.authorize_security_group_ingress(
        GroupId=default,
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
        ],
    )
    classic(elb, "classic-open", subnets, [default], "internet-facing", [ids["app-3"]])
    classic(elb, "classic-internal", subnets, [default], "internal", [ids["app-4"]])
    other_vpc, other_subnets = vpc_with_subnets(ec2, "10.30.0.0/16")
    other_app = group(ec2, other_vpc, "app", 8080, cidr="10.30.0.0/16")
    app5 = instance(ec2, other_subnets[0], other_app, "app-5")
    classic(elb, "classic-closed", other_subnets, [default_group(ec2, other_vpc)], "internet-facing", [app5])

    staging_ec2 = client(STAGING, "ec2", "eu-west-1")
    staging_vpc = staging_ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    staging_subnets = [
        staging_ec2.create_subnet(
            VpcId=staging_vpc, CidrBlock=f"10.40.{i}.0/24", AvailabilityZone=f"eu-west-1{az}"
        )["Subnet"]["SubnetId"]
        for i, az in ((1, "a"), (2, "b"))
    ]
    client(STAGING, "elbv2", "eu-west-1").create_load_balancer(
        Name="staging-internal", Subnets=staging_subnets, Scheme="internal", Type="application"
    )

    eip = ec2.allocate_address(Domain="vpc")
    ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=ids["web-1"])
    route53 = client(PRODUCTION, "route53")
    zone = route53.create_hosted_zone(Name="example.test", CallerReference="prod")["HostedZone"]["Id"]
    dev = route53.create_hosted_zone(Name="dev.example.test", CallerReference="dev")
    dev_servers = dev["DelegationSet"]["NameServers"]
    classic_dns = elb.describe_load_balancers(LoadBalancerNames=["classic-open"])[
        "LoadBalancerDescriptions"
    ][0]["DNSName"]
    records = [
        {
            "Name": "shop.example.test",
            "Type": "A",
            "AliasTarget": {
                "HostedZoneId": alb["CanonicalHostedZoneId"],
                "DNSName": "dualstack." + alb["DNSName"],
                "EvaluateTargetHealth": False,
            },
        },
        {"Name": "legacy.example.test", "Type": "CNAME", "TTL": 300, "ResourceRecords": [{"Value": classic_dns}]},
        {"Name": "web.example.test", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": eip["PublicIp"]}]},
        {"Name": "old.example.test", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.1"}]},
        {
            "Name": "dev.example.test",
            "Type": "NS",
            "TTL": 300,
            "ResourceRecords": [{"Value": s} for s in dev_servers],
        },
    ]
    route53.change_resource_record_sets(
        HostedZoneId=zone,
        ChangeBatch={"Changes": [{"Action": "CREATE", "ResourceRecordSet": r} for r in records]},
    )
    client(STAGING, "route53").create_hosted_zone(Name="staging.test", CallerReference="staging")
    return report()


def record_id(zone, rs):
    name = rs["Name"][:-1]
    kind = "ALIAS" if "AliasTarget" in rs and rs["Type"] == "A" else rs["Type"]
    return f"{zone}/{name}/{kind}"


def target_groups(elbv2, lb_arn):
    """moto answers TargetGroupNotFound for a load balancer without groups."""
    try:
        found = elbv2.describe_target_groups(LoadBalancerArn=lb_arn)["TargetGroups"]
    except elbv2.exceptions.TargetGroupNotFoundException:
        return []
    return [g["TargetGroupArn"] for g in found]


def report():
    out = {k: {} for k in ("classic", "v2", "listeners", "target_groups", "zones", "records")}
    for account in ACCOUNTS:
        for region in REGIONS:
            elb = client(account, "elb", region)
            out["classic"].setdefault(account, {})[region] = sorted(
                d["DNSName"] for d in elb.describe_load_balancers()["LoadBalancerDescriptions"]
            )
            elbv2 = client(account, "elbv2", region)
            lbs = elbv2.describe_load_balancers()["LoadBalancers"]
            out["v2"].setdefault(account, {})[region] = sorted(lb["DNSName"] for lb in lbs)
            listeners, groups = [], []
            for lb in lbs:
                arn = lb["LoadBalancerArn"]
                listeners += [l["ListenerArn"] for l in elbv2.describe_listeners(LoadBalancerArn=arn)["Listeners"]]
                groups += target_groups(elbv2, arn)
            out["listeners"].setdefault(account, {})[region] = sorted(listeners)
            out["target_groups"].setdefault(account, {})[region] = sorted(set(groups))
        route53 = client(account, "route53")
        zones = route53.list_hosted_zones()["HostedZones"]
        out["zones"][account] = {"global": sorted(z["Id"] for z in zones)}
        records = []
        for z in zones:
            for rs in route53.list_resource_record_sets(HostedZoneId=z["Id"])["ResourceRecordSets"]:
                if rs["Type"] in ("A", "AAAA", "CNAME", "NS"):
                    records.append(record_id(z["Id"], rs))
        out["records"][account] = {"global": sorted(records)}
    return out


def mutate():
    elbv2 = client(PRODUCTION, "elbv2")
    internal = elbv2.describe_load_balancers(Names=["internal-nlb"])["LoadBalancers"][0]
    for listener in elbv2.describe_listeners(LoadBalancerArn=internal["LoadBalancerArn"])["Listeners"]:
        elbv2.delete_listener(ListenerArn=listener["ListenerArn"])
    elbv2.delete_load_balancer(LoadBalancerArn=internal["LoadBalancerArn"])
    client(PRODUCTION, "elb").delete_load_balancer(LoadBalancerName="classic-closed")
    route53 = client(PRODUCTION, "route53")
    zone = next(z for z in route53.list_hosted_zones()["HostedZones"] if z["Name"] == "example.test.")
    old = next(
        rs
        for rs in route53.list_resource_record_sets(HostedZoneId=zone["Id"])["ResourceRecordSets"]
        if rs["Name"] == "old.example.test."
    )
    route53.change_resource_record_sets(
        HostedZoneId=zone["Id"],
        ChangeBatch={"Changes": [{"Action": "DELETE", "ResourceRecordSet": old}]},
    )
    return {"deleted": [internal["DNSName"], "classic-closed", "old.example.test"]}


main({"seed": seed, "report": report, "mutate": mutate})
