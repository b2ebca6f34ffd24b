"""SageMaker for cartograph's sync tests, through `stand-in` (below) in front of moto.

Production (us-east-1): a training-data and an artifacts bucket, an execution role, a Studio
domain with two user profiles, a training job reading the first bucket and writing the
second, a notebook instance with the same role, a model package group with one package, a
model with artifacts in the second bucket, its endpoint configuration and endpoint, a model
deploying the package, and a batch transform job. Staging
(eu-west-1): a notebook instance.

Modes: `seed` creates them and prints `report`; `report` prints ARNs by kind, account and
region; `mutate` deletes the user profile `bob`, the endpoint and staging's notebook;
`stand-in PORT` serves the stand-in. ENDPOINT is the stand-in's for the first three modes
and moto's for `stand-in`.
"""

import json

from estate import ACCOUNTS, PRODUCTION, REGIONS, STAGING, client, main, serve, service_role
from ml import Relay, epoch_timestamps

IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"


def seed():
    s3 = client(PRODUCTION, "s3")
    s3.create_bucket(Bucket="sm-training")
    s3.create_bucket(Bucket="sm-artifacts")
    role = service_role(PRODUCTION, "sagemaker-exec", "sagemaker.amazonaws.com")
    sm = client(PRODUCTION, "sagemaker")
    domain = sm.create_domain(DomainName="studio", AuthMode="IAM",
                              DefaultUserSettings={"ExecutionRole": role},
                              SubnetIds=["subnet-0123456789abcdef0"], VpcId="vpc-0123456789abcdef0")
    domain_id = domain["DomainArn"].rsplit("/", 1)[1]
    sm.create_user_profile(DomainId=domain_id, UserProfileName="alice",
                           UserSettings={"ExecutionRole": role})
    sm.create_user_profile(DomainId=domain_id, UserProfileName="bob")
    sm.create_training_job(
        TrainingJobName="churn", AlgorithmSpecification={"TrainingImage": IMAGE,
                                                         "TrainingInputMode": "File"},
        RoleArn=role,
        InputDataConfig=[{"ChannelName": "train", "DataSource": {"S3DataSource": {
            "S3DataType": "S3Prefix", "S3Uri": "s3://sm-training/churn/"}}}],
        OutputDataConfig={"S3OutputPath": "s3://sm-artifacts/models/"},
        ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10},
        StoppingCondition={"MaxRuntimeInSeconds": 3600},
    )
    sm.create_notebook_instance(NotebookInstanceName="analyst", InstanceType="ml.t3.medium",
                                RoleArn=role, DirectInternetAccess="Enabled")
    sm.create_model_package_group(ModelPackageGroupName="churn")
    package = sm.create_model_package(ModelPackageGroupName="churn", InferenceSpecification={
        "Containers": [{"Image": IMAGE, "ModelDataUrl": "s3://sm-artifacts/registry/churn.tar.gz"}],
        "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"],
    })["ModelPackageArn"]
    sm.create_model(ModelName="churn", ExecutionRoleArn=role, PrimaryContainer={
        "Image": IMAGE, "ModelDataUrl": "s3://sm-artifacts/models/churn/output/model.tar.gz"})
    sm.create_model(ModelName="churn-registered", ExecutionRoleArn=role,
                    PrimaryContainer={"ModelPackageName": package})
    sm.create_endpoint_config(EndpointConfigName="churn-config", ProductionVariants=[{
        "VariantName": "main", "ModelName": "churn", "InitialInstanceCount": 1,
        "InstanceType": "ml.m5.large"}])
    sm.create_endpoint(EndpointName="churn", EndpointConfigName="churn-config")
    sm.create_transform_job(
        TransformJobName="scoring", ModelName="churn",
        TransformInput={"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix",
                                                        "S3Uri": "s3://sm-training/batch/"}}},
        TransformOutput={"S3OutputPath": "s3://sm-artifacts/scores/"},
        TransformResources={"InstanceType": "ml.m5.large", "InstanceCount": 1},
    )
    client(STAGING, "sagemaker", "eu-west-1").create_notebook_instance(
        NotebookInstanceName="staging", InstanceType="ml.t3.medium",
        RoleArn=f"arn:aws:iam::{STAGING}:role/sagemaker-exec")
    return report()


def report():
    out = {}

    def put(kind, account, region, ids):
        out.setdefault(kind, {}).setdefault(account, {})[region] = sorted(ids)

    for account in ACCOUNTS:
        for region in REGIONS:
            sm = client(account, "sagemaker", region)
            put("domains", account, region, [d["DomainArn"] for d in sm.list_domains()["Domains"]])
            put("user_profiles", account, region, [
                sm.describe_user_profile(DomainId=u["DomainId"],
                                         UserProfileName=u["UserProfileName"])["UserProfileArn"]
                for u in sm.list_user_profiles()["UserProfiles"]])
            put("training_jobs", account, region, [
                j["TrainingJobArn"] for j in sm.list_training_jobs()["TrainingJobSummaries"]])
            put("notebook_instances", account, region, [
                n["NotebookInstanceArn"] for n in sm.list_notebook_instances()["NotebookInstances"]])
            put("models", account, region, [m["ModelArn"] for m in sm.list_models()["Models"]])
            put("endpoint_configs", account, region, [
                c["EndpointConfigArn"] for c in sm.list_endpoint_configs()["EndpointConfigs"]])
            put("endpoints", account, region,
                [e["EndpointArn"] for e in sm.list_endpoints()["Endpoints"]])
            put("transform_jobs", account, region, [
                j["TransformJobArn"] for j in sm.list_transform_jobs()["TransformJobSummaries"]])
            put("model_package_groups", account, region, [
                g["ModelPackageGroupArn"]
                for g in sm.list_model_package_groups()["ModelPackageGroupSummaryList"]])
            put("model_packages", account, region, [
                p["ModelPackageArn"]
                for p in sm.list_model_packages(ModelPackageType="Both")["ModelPackageSummaryList"]])
    return out


def mutate():
    sm = client(PRODUCTION, "sagemaker")
    domain_id = sm.list_domains()["Domains"][0]["DomainId"]
    sm.delete_user_profile(DomainId=domain_id, UserProfileName="bob")
    sm.delete_endpoint(EndpointName="churn")
    staging = client(STAGING, "sagemaker", "eu-west-1")
    staging.stop_notebook_instance(NotebookInstanceName="staging")
    staging.delete_notebook_instance(NotebookInstanceName="staging")
    return {"deleted": ["bob", "churn endpoint", "staging notebook"]}


class StandIn(Relay):
    """Studio user profiles, which moto 5.2.5 lacks (`CreateUserProfile`,
    `ListUserProfiles`, `DescribeUserProfile`, `DeleteUserProfile` in the awsJson1_1 wire
    format, recorded shapes), for the caller's account and region. moto's own SageMaker
    answers get epoch-second timestamps (it sends ISO-8601 text, which the protocol does
    not use)."""

    TARGETS = {
        "SageMaker.CreateUserProfile": "create_user_profile",
        "SageMaker.ListUserProfiles": "list_user_profiles",
        "SageMaker.DescribeUserProfile": "describe_user_profile",
        "SageMaker.DeleteUserProfile": "delete_user_profile",
    }
    NOW = 1774310400.0
    # User profiles by (account, region), then (domain id, name).
    profiles = {}

    def adjust(self, payload):
        try:
            return json.dumps(epoch_timestamps(json.loads(payload))).encode()
        except ValueError:
            return payload

    def answer(self, value, status=200):
        self.json(value, status, "application/x-amz-json-1.1")

    def create_user_profile(self):
        account, region = scope = self.scope()
        req = self.json_body()
        key = (req["DomainId"], req["UserProfileName"])
        arn = f"arn:aws:sagemaker:{region}:{account}:user-profile/{key[0]}/{key[1]}"
        self.profiles.setdefault(scope, {})[key] = {
            "DomainId": key[0], "UserProfileArn": arn, "UserProfileName": key[1],
            "Status": "InService", "CreationTime": self.NOW, "LastModifiedTime": self.NOW,
            "UserSettings": req.get("UserSettings", {}),
        }
        self.answer({"UserProfileArn": arn})

    def list_user_profiles(self):
        listed = self.profiles.get(self.scope(), {}).values()
        self.answer({"UserProfiles": [
            {k: p[k] for k in ("DomainId", "UserProfileName", "Status", "CreationTime",
                               "LastModifiedTime")} for p in listed]})

    def describe_user_profile(self):
        req = self.json_body()
        profile = self.profiles.get(self.scope(), {}).get((req["DomainId"], req["UserProfileName"]))
        if profile is None:
            return self.answer({"__type": "ResourceNotFound", "Message": "no such profile"}, 400)
        self.answer(profile)

    def delete_user_profile(self):
        req = self.json_body()
        self.profiles.get(self.scope(), {}).pop((req["DomainId"], req["UserProfileName"]), None)
        self.answer({})


main({"seed": seed, "report": report, "mutate": mutate, "stand-in": lambda: serve(StandIn)})
