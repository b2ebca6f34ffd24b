"""Compute and messaging services for cartograph's sync tests: Lambda, ECR, ECS, SQS and SNS
in the production account's first region, a smaller set in staging's second region. (EKS is
tested against recorded responses: moto lacks access entries and authentication modes.)

Cases for the rules and analysis: a function behind a public function URL and one whose
grant is limited to an S3 source; a container-image function whose image is in ECR (moto
stubs the image digest as the SHA-256 of the image URI, so the pushed image gets that
digest); a queue with a dead-letter queue; a privileged and an unprivileged container.

Modes: `seed` creates them and prints `report`; `report` prints the ids by kind, account and
region; `mutate` deletes one of most kinds and prints what it deleted; `eks_admin` creates the
management account's role that the recorded EKS access entries name.
"""

import hashlib
import io
import json
import zipfile

from estate import ACCOUNTS, MANAGEMENT, PRODUCTION, REGIONS, STAGING, client, main

EAST, WEST = REGIONS
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "lambda.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
)


def code():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("index.py", "def handler(event, context):\n    return 1\n")
    return buf.getvalue()


def role(account):
    iam = client(account, "iam")
    return iam.create_role(RoleName="lambda-exec", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]


def push(account, region, repo, tag, digest=None):
    """An image manifest pushed under `tag`, with `digest` or one unique to the push (moto
    would give every image the same)."""
    manifest = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "config": {
                "mediaType": "application/vnd.docker.container.image.v1+json",
                "size": 1024,
                "digest": "sha256:" + hashlib.sha256(tag.encode()).hexdigest(),
            },
            "layers": [],
        }
    )
    unique = "sha256:" + hashlib.sha256(f"{account}/{region}/{repo}:{tag}".encode()).hexdigest()
    client(account, "ecr", region).put_image(
        repositoryName=repo, imageManifest=manifest, imageTag=tag, imageDigest=digest or unique
    )


INDEX = "application/vnd.oci.image.index.v1+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"


def push_multi_platform(account, region, repo, tag):
    """An OCI index under `tag` listing an arm64 image (pushed untagged, as buildx does) and
    its build attestation (not pushed: only referenced)."""
    def digest(part):
        return "sha256:" + hashlib.sha256(f"{account}/{repo}:{tag}/{part}".encode()).hexdigest()

    image = json.dumps({"schemaVersion": 2, "mediaType": OCI_MANIFEST,
                        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                                   "size": 1, "digest": digest("config")}, "layers": []})
    ecr = client(account, "ecr", region)
    ecr.put_image(repositoryName=repo, imageManifest=image, imageDigest=digest("arm64"),
                  imageManifestMediaType=OCI_MANIFEST)
    index = json.dumps({"schemaVersion": 2, "mediaType": INDEX, "manifests": [
        {"mediaType": OCI_MANIFEST, "digest": digest("arm64"), "size": 400,
         "platform": {"architecture": "arm64", "os": "linux", "variant": "v8"}},
        {"mediaType": OCI_MANIFEST, "digest": digest("attestation"), "size": 300,
         "platform": {"architecture": "unknown", "os": "unknown"},
         "annotations": {"vnd.docker.reference.type": "attestation-manifest",
                         "vnd.docker.reference.digest": digest("arm64")}},
    ]})
    ecr.put_image(repositoryName=repo, imageManifest=index, imageTag=tag,
                  imageDigest=digest("index"), imageManifestMediaType=INDEX)


def queue(account, region, name, **attributes):
    sqs = client(account, "sqs", region)
    url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]


def seed_lambda_and_ecr(exec_role):
    lam = client(PRODUCTION, "lambda")
    ecr = client(PRODUCTION, "ecr")
    repo = ecr.create_repository(repositoryName="thumbnailer")["repository"]["repositoryUri"]
    image_uri = f"{repo}:1.4.0"
    push(PRODUCTION, EAST, "thumbnailer", "1.4.0",
         "sha256:" + hashlib.sha256(image_uri.encode()).hexdigest())
    push(PRODUCTION, EAST, "thumbnailer", "1.3.9")
    push_multi_platform(PRODUCTION, EAST, "thumbnailer", "2.0.0")
    layer = lam.publish_layer_version(LayerName="shared-deps", Content={"ZipFile": code()})
    common = dict(Role=exec_role, Runtime="python3.12", Handler="index.handler")
    lam.create_function(FunctionName="orders-api", Code={"ZipFile": code()},
                        Layers=[layer["LayerVersionArn"]], Architectures=["arm64"], **common)
    lam.create_alias(FunctionName="orders-api", Name="live", FunctionVersion="$LATEST")
    lam.create_function_url_config(FunctionName="orders-api", AuthType="NONE")
    lam.add_permission(FunctionName="orders-api", StatementId="FunctionURLAllowPublicAccess",
                       Action="lambda:InvokeFunctionUrl", Principal="*",
                       FunctionUrlAuthType="NONE")
    lam.create_function(FunctionName="thumbnailer", Role=exec_role, PackageType="Image",
                        Code={"ImageUri": image_uri})
    lam.add_permission(FunctionName="thumbnailer", StatementId="s3-invoke",
                       Action="lambda:InvokeFunction", Principal="s3.amazonaws.com",
                       SourceArn="arn:aws:s3:::uploads")
    lam.create_function(FunctionName="nightly-report", Code={"ZipFile": code()}, **common)
    orders = "arn:aws:sqs:us-east-1:%s:orders" % PRODUCTION
    lam.create_event_source_mapping(EventSourceArn=orders, FunctionName="orders-api",
                                    BatchSize=10)


def target_group():
    """An internet-facing ALB forwarding to a target group, in a new VPC: its ARN."""
    ec2 = client(PRODUCTION, "ec2")
    vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.40.{i}.0/24",
                                 AvailabilityZone=f"us-east-1{z}")["Subnet"]["SubnetId"]
               for i, z in ((1, "a"), (2, "b"))]
    elb = client(PRODUCTION, "elbv2")
    lb = elb.create_load_balancer(Name="shop-web", Subnets=subnets)["LoadBalancers"][0]
    group = elb.create_target_group(Name="shop-web", Protocol="HTTP", Port=8080, VpcId=vpc,
                                    TargetType="instance")["TargetGroups"][0]["TargetGroupArn"]
    elb.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80,
                        DefaultActions=[{"Type": "forward", "TargetGroupArn": group}])
    return group


def seed_ecs(task_role):
    """A cluster with a container instance on an EC2 instance, a service behind a load
    balancer with one task, an idle service, and a standalone privileged task (EC2 launch
    type: moto cannot run awsvpc tasks)."""
    ec2 = client(PRODUCTION, "ec2")
    instance = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1)
    document = {"instanceId": instance["Instances"][0]["InstanceId"], "region": EAST}
    ecs = client(PRODUCTION, "ecs")
    ecs.create_cluster(clusterName="shop")
    ecs.register_container_instance(cluster="shop",
                                    instanceIdentityDocument=json.dumps(document))
    for family, privileged in (("web", False), ("batch", True)):
        ecs.register_task_definition(
            family=family, taskRoleArn=task_role, networkMode="bridge",
            requiresCompatibilities=["EC2"],
            runtimePlatform={"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"},
            containerDefinitions=[{"name": family, "image": f"{family}:1", "memory": 128,
                                   "cpu": 128, "essential": True, "privileged": privileged}])
    ecs.create_service(cluster="shop", serviceName="web", taskDefinition="web",
                       desiredCount=1, launchType="EC2",
                       loadBalancers=[{"targetGroupArn": target_group(), "containerName": "web",
                                       "containerPort": 8080}])
    ecs.create_service(cluster="shop", serviceName="worker", taskDefinition="batch",
                       desiredCount=0, launchType="EC2")
    ecs.run_task(cluster="shop", taskDefinition="web", launchType="EC2", group="service:web")
    ecs.run_task(cluster="shop", taskDefinition="batch", launchType="EC2")
    client(STAGING, "ecs", WEST).create_cluster(clusterName="staging")


def seed():
    exec_role = role(PRODUCTION)
    staging_role = role(STAGING)
    dlq = queue(PRODUCTION, EAST, "orders-dlq")
    redrive = json.dumps({"deadLetterTargetArn": dlq, "maxReceiveCount": "5"})
    queue(PRODUCTION, EAST, "orders", RedrivePolicy=redrive, VisibilityTimeout="90")
    public = json.dumps({"Statement": [{"Effect": "Allow", "Principal": "*",
                                        "Action": "sqs:SendMessage", "Resource": "*"}]})
    queue(PRODUCTION, EAST, "partner-intake", Policy=public)
    queue(STAGING, WEST, "staging-jobs")
    seed_lambda_and_ecr(exec_role)
    client(STAGING, "lambda", WEST).create_function(
        FunctionName="staging-webhook", Role=staging_role, Runtime="python3.12",
        Handler="index.handler", Code={"ZipFile": code()})
    client(STAGING, "ecr", WEST).create_repository(repositoryName="staging-app")
    push(STAGING, WEST, "staging-app", "latest")
    sns = client(PRODUCTION, "sns")
    topic = sns.create_topic(Name="order-events")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs",
                  Endpoint="arn:aws:sqs:us-east-1:%s:orders" % PRODUCTION)
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=dlq)
    client(STAGING, "sns", WEST).create_topic(Name="staging-alerts")
    seed_ecs(exec_role)
    return report()


def functions(lam):
    pages = lam.get_paginator("list_functions").paginate()
    return [f for page in pages for f in page["Functions"]]


def lambda_report(account, region):
    lam = client(account, "lambda", region)
    fns = functions(lam)
    aliases, mappings, layers = [], [], set()
    for f in fns:
        aliases += [a["AliasArn"] for a in lam.list_aliases(FunctionName=f["FunctionName"])["Aliases"]]
        mappings += [m["UUID"] for m in lam.list_event_source_mappings(
            FunctionName=f["FunctionName"])["EventSourceMappings"]]
        layers |= {layer["Arn"] for layer in f.get("Layers", [])}
    return {
        "functions": sorted(f["FunctionArn"] for f in fns),
        "aliases": sorted(aliases),
        "mappings": sorted(mappings),
        "layers": sorted(layers),
    }


def ecr_report(account, region):
    ecr = client(account, "ecr", region)
    repos = ecr.describe_repositories()["repositories"]
    tags, digests = [], set()
    for r in repos:
        for d in ecr.describe_images(repositoryName=r["repositoryName"])["imageDetails"]:
            digests.add(d["imageDigest"])
            tags += [f"{r['repositoryUri']}:{t}" for t in d.get("imageTags", [])]
            if d.get("imageManifestMediaType") == INDEX:
                listed = ecr.batch_get_image(repositoryName=r["repositoryName"],
                                             imageIds=[{"imageDigest": d["imageDigest"]}],
                                             acceptedMediaTypes=[INDEX])["images"][0]
                digests |= {m["digest"] for m in json.loads(listed["imageManifest"])["manifests"]}
    return {
        "repositories": sorted(r["repositoryArn"] for r in repos),
        "repository_images": sorted(tags),
        "images": sorted(digests),
    }


def messaging_report(account, region):
    sqs = client(account, "sqs", region)
    sns = client(account, "sns", region)
    urls = sqs.list_queues().get("QueueUrls", [])
    arns = [sqs.get_queue_attributes(QueueUrl=u, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
            for u in urls]
    return {
        "queues": sorted(arns),
        "topics": sorted(t["TopicArn"] for t in sns.list_topics()["Topics"]),
        "subscriptions": sorted(s["SubscriptionArn"] for s in sns.list_subscriptions()["Subscriptions"]
                                if s["SubscriptionArn"].startswith("arn:")),
    }


def ecs_report(account, region):
    ecs = client(account, "ecs", region)
    clusters = ecs.list_clusters()["clusterArns"]
    out = {k: [] for k in ("ecs_clusters", "container_instances", "ecs_services", "ecs_tasks",
                           "containers", "task_definitions")}
    definitions = set()
    for cluster in clusters:
        out["ecs_clusters"].append(cluster)
        out["container_instances"] += ecs.list_container_instances(cluster=cluster)[
            "containerInstanceArns"]
        services = ecs.list_services(cluster=cluster)["serviceArns"]
        out["ecs_services"] += services
        if services:
            described = ecs.describe_services(cluster=cluster, services=services)["services"]
            definitions |= {s["taskDefinition"] for s in described}
        tasks = ecs.list_tasks(cluster=cluster)["taskArns"]
        out["ecs_tasks"] += tasks
        if tasks:
            for task in ecs.describe_tasks(cluster=cluster, tasks=tasks)["tasks"]:
                definitions.add(task["taskDefinitionArn"])
                out["containers"] += [c["containerArn"] for c in task["containers"]]
    out["task_definitions"] = list(definitions)
    return {k: sorted(v) for k, v in out.items()}


def report():
    out = {}
    for account in ACCOUNTS:
        for region in REGIONS:
            for part in (lambda_report, ecr_report, messaging_report, ecs_report):
                for kind, ids in part(account, region).items():
                    out.setdefault(kind, {}).setdefault(account, {})[region] = ids
    return out


def mutate():
    client(PRODUCTION, "lambda").delete_function(FunctionName="nightly-report")
    client(PRODUCTION, "ecr").batch_delete_image(
        repositoryName="thumbnailer", imageIds=[{"imageTag": "1.3.9"}])
    sqs = client(PRODUCTION, "sqs")
    sqs.delete_queue(QueueUrl=sqs.get_queue_url(QueueName="partner-intake")["QueueUrl"])
    sns = client(PRODUCTION, "sns")
    dropped = [s["SubscriptionArn"] for s in sns.list_subscriptions()["Subscriptions"]
               if s["Endpoint"].endswith(":orders-dlq")]
    for arn in dropped:
        sns.unsubscribe(SubscriptionArn=arn)
    client(PRODUCTION, "ecs").delete_service(cluster="shop", service="worker", force=True)
    client(STAGING, "ecs", WEST).delete_cluster(cluster="staging")
    deleted = ["nightly-report", "thumbnailer:1.3.9", "partner-intake", "service worker",
               "cluster staging"]
    return {"deleted": deleted + dropped}


def eks_admin():
    iam = client(MANAGEMENT, "iam")
    return {"role": iam.create_role(RoleName="eks-admin", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]}


main({"seed": seed, "report": report, "mutate": mutate, "eks_admin": eks_admin})
