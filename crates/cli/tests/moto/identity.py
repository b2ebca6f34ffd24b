"""Identity and integration services for cartograph's sync tests: Cognito pools, EventBridge
rules and targets, Glue connections and jobs in the production account's first region and
staging's second, and IAM Identity Center principals in the management account's instance
(moto gives every account and region an instance of its own).

Modes: `seed` creates them and prints `report`; `report` prints the ids by kind, account and
region; `mutate` deletes one of each kind and prints what it deleted; `stand-in PORT` serves
on 127.0.0.1:PORT what moto lacks (see `IdentityStandIn`) and forwards the rest to moto.
"""

import json

from estate import (
    ACCOUNTS, MANAGEMENT, PRODUCTION, REGIONS, STAGING, StandIn, client, main, serve, service_role,
)

PROD_REGION = "us-east-1"
STAGING_REGION = "eu-west-1"


def seed_cognito():
    signed_in = service_role(PRODUCTION, "shop-signed-in", "cognito-identity.amazonaws.com")
    guest = service_role(PRODUCTION, "shop-guest", "cognito-identity.amazonaws.com")
    ci = client(PRODUCTION, "cognito-identity", PROD_REGION)
    # The roles ride on tags, which the stand-in turns into `GetIdentityPoolRoles` answers.
    ci.create_identity_pool(
        IdentityPoolName="shop", AllowUnauthenticatedIdentities=True,
        IdentityPoolTags={"authenticated": signed_in, "unauthenticated": guest},
    )
    ci.create_identity_pool(IdentityPoolName="legacy", AllowUnauthenticatedIdentities=False)
    idp = client(PRODUCTION, "cognito-idp", PROD_REGION)
    idp.create_user_pool(PoolName="customers")
    idp.create_user_pool(PoolName="staff")
    client(STAGING, "cognito-idp", STAGING_REGION).create_user_pool(PoolName="testers")
    client(STAGING, "cognito-identity", STAGING_REGION).create_identity_pool(
        IdentityPoolName="staging", AllowUnauthenticatedIdentities=False
    )


def seed_eventbridge():
    invoker = service_role(PRODUCTION, "events-invoke", "events.amazonaws.com")
    ev = client(PRODUCTION, "events", PROD_REGION)
    ev.put_rule(Name="nightly", ScheduleExpression="cron(0 3 * * ? *)", RoleArn=invoker,
                Description="nightly report")
    ev.put_targets(Rule="nightly", Targets=[
        {"Id": "report", "Arn": f"arn:aws:lambda:{PROD_REGION}:{PRODUCTION}:function:report"},
        {"Id": "audit", "Arn": f"arn:aws:sqs:{PROD_REGION}:{PRODUCTION}:audit", "RoleArn": invoker},
    ])
    ev.put_rule(Name="orders", EventPattern=json.dumps({"source": ["shop.orders"]}),
                State="DISABLED")
    ev.put_targets(Rule="orders", Targets=[
        {"Id": "notify", "Arn": f"arn:aws:sns:{PROD_REGION}:{PRODUCTION}:orders"},
    ])
    staging = client(STAGING, "events", STAGING_REGION)
    staging.put_rule(Name="staging-cron", ScheduleExpression="rate(15 minutes)")
    staging.put_targets(Rule="staging-cron", Targets=[
        {"Id": "jobs", "Arn": f"arn:aws:sqs:{STAGING_REGION}:{STAGING}:jobs"},
    ])


def seed_glue():
    gl = client(PRODUCTION, "glue", PROD_REGION)
    for name, kind in [("prod-orders-db", "JDBC"), ("prod-warehouse", "NETWORK")]:
        gl.create_connection(ConnectionInput={
            "Name": name, "ConnectionType": kind, "Description": f"{name} connection",
            "ConnectionProperties": {"JDBC_CONNECTION_URL": "jdbc:postgresql://db:5432/x"},
        })
    command = {"Name": "glueetl", "ScriptLocation": "s3://scripts/etl.py"}
    runner = f"arn:aws:iam::{PRODUCTION}:role/glue"
    gl.create_job(Name="orders-etl", Role=runner, Command=command, Description="orders",
                  Connections={"Connections": ["prod-orders-db", "prod-warehouse"]})
    gl.create_job(Name="compact", Role=runner, Command=command)
    staging = client(STAGING, "glue", STAGING_REGION)
    staging.create_connection(ConnectionInput={
        "Name": "staging-db", "ConnectionType": "JDBC",
        "ConnectionProperties": {"JDBC_CONNECTION_URL": "jdbc:postgresql://db:5432/x"},
    })
    staging.create_job(Name="staging-etl", Role=runner, Command=command,
                       Connections={"Connections": ["staging-db"]})


def instance(account=MANAGEMENT, region=PROD_REGION):
    sso = client(account, "sso-admin", region)
    return sso, sso.list_instances()["Instances"][0]


def seed_identitycenter():
    sso, inst = instance()
    arn, store_id = inst["InstanceArn"], inst["IdentityStoreId"]
    sets = {
        name: sso.create_permission_set(
            InstanceArn=arn, Name=name, Description=f"{name} access", SessionDuration="PT4H"
        )["PermissionSet"]["PermissionSetArn"]
        for name in ["Admin", "ReadOnly"]
    }
    ids = client(MANAGEMENT, "identitystore", PROD_REGION)
    users = {
        name: ids.create_user(
            IdentityStoreId=store_id, UserName=name, DisplayName=name.title(),
            Name={"GivenName": name.title(), "FamilyName": "Example"},
        )["UserId"]
        for name in ["alice", "bob"]
    }
    admins = ids.create_group(IdentityStoreId=store_id, DisplayName="admins",
                              Description="platform team")["GroupId"]
    ids.create_group(IdentityStoreId=store_id, DisplayName="auditors")
    ids.create_group_membership(IdentityStoreId=store_id, GroupId=admins,
                                MemberId={"UserId": users["alice"]})
    for account, ps, kind, principal in [
        (PRODUCTION, "Admin", "GROUP", admins),
        (STAGING, "ReadOnly", "USER", users["bob"]),
    ]:
        sso.create_account_assignment(
            InstanceArn=arn, TargetId=account, TargetType="AWS_ACCOUNT",
            PermissionSetArn=sets[ps], PrincipalType=kind, PrincipalId=principal,
        )
    # The roles Identity Center provisions for assigned sets (moto does not), and one of a
    # set whose name only starts like `Admin`.
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": f"arn:aws:iam::{PRODUCTION}:saml-provider/AWSSSO"},
        "Action": "sts:AssumeRoleWithSAML"}]})
    for account, name in [
        (PRODUCTION, "AWSReservedSSO_Admin_0a1b2c3d4e5f6a7b"),
        (PRODUCTION, "AWSReservedSSO_AdminFull_1b2c3d4e5f6a7b8c"),
        (STAGING, "AWSReservedSSO_ReadOnly_2c3d4e5f6a7b8c9d"),
    ]:
        client(account, "iam").create_role(
            RoleName=name, Path="/aws-reserved/sso.amazonaws.com/", AssumeRolePolicyDocument=trust
        )


def seed():
    seed_cognito()
    seed_eventbridge()
    seed_glue()
    seed_identitycenter()
    return report()


def report():
    kinds = {}

    def put(kind, account, region, ids):
        kinds.setdefault(kind, {}).setdefault(account, {})[region] = sorted(set(ids))

    for account in ACCOUNTS:
        for region in REGIONS:
            ci = client(account, "cognito-identity", region)
            put("identity_pools", account, region,
                [p["IdentityPoolId"] for p in ci.list_identity_pools(MaxResults=60)["IdentityPools"]])
            idp = client(account, "cognito-idp", region)
            put("user_pools", account, region,
                [p["Id"] for p in idp.list_user_pools(MaxResults=60)["UserPools"]])
            ev = client(account, "events", region)
            rules = ev.list_rules()["Rules"]
            put("rules", account, region, [r["Arn"] for r in rules])
            put("targets", account, region,
                [t["Arn"] for r in rules for t in ev.list_targets_by_rule(Rule=r["Name"])["Targets"]])
            gl = client(account, "glue", region)
            put("glue_connections", account, region,
                [c["Name"] for c in gl.get_connections()["ConnectionList"]])
            put("glue_jobs", account, region, [j["Name"] for j in gl.get_jobs()["Jobs"]])
            sso, inst = instance(account, region)
            arn, store_id = inst["InstanceArn"], inst["IdentityStoreId"]
            put("instances", account, region, [arn])
            put("permission_sets", account, region,
                sso.list_permission_sets(InstanceArn=arn)["PermissionSets"])
            ids = client(account, "identitystore", region)
            put("sso_users", account, region,
                [u["UserId"] for u in ids.list_users(IdentityStoreId=store_id)["Users"]])
            put("sso_groups", account, region,
                [g["GroupId"] for g in ids.list_groups(IdentityStoreId=store_id)["Groups"]])
    return kinds


def mutate():
    ci = client(PRODUCTION, "cognito-identity", PROD_REGION)
    for p in ci.list_identity_pools(MaxResults=60)["IdentityPools"]:
        if p["IdentityPoolName"] == "legacy":
            ci.delete_identity_pool(IdentityPoolId=p["IdentityPoolId"])
    idp = client(PRODUCTION, "cognito-idp", PROD_REGION)
    for p in idp.list_user_pools(MaxResults=60)["UserPools"]:
        if p["Name"] == "staff":
            idp.delete_user_pool(UserPoolId=p["Id"])
    ev = client(PRODUCTION, "events", PROD_REGION)
    ev.remove_targets(Rule="orders", Ids=["notify"])
    ev.delete_rule(Name="orders")
    ev.remove_targets(Rule="nightly", Ids=["audit"])
    # moto lacks `DeleteConnection`: only a job goes.
    client(PRODUCTION, "glue", PROD_REGION).delete_job(JobName="compact")
    sso, inst = instance()
    arn, store_id = inst["InstanceArn"], inst["IdentityStoreId"]
    ids = client(MANAGEMENT, "identitystore", PROD_REGION)
    bob = [u["UserId"] for u in ids.list_users(IdentityStoreId=store_id)["Users"]
           if u["UserName"] == "bob"]
    for ps in sso.list_permission_sets(InstanceArn=arn)["PermissionSets"]:
        described = sso.describe_permission_set(InstanceArn=arn, PermissionSetArn=ps)
        if described["PermissionSet"]["Name"] == "ReadOnly":
            sso.delete_account_assignment(
                InstanceArn=arn, TargetId=STAGING, TargetType="AWS_ACCOUNT",
                PermissionSetArn=ps, PrincipalType="USER", PrincipalId=bob[0],
            )
            sso.delete_permission_set(InstanceArn=arn, PermissionSetArn=ps)
    ids.delete_user(IdentityStoreId=store_id, UserId=bob[0])
    for g in ids.list_groups(IdentityStoreId=store_id)["Groups"]:
        if g["DisplayName"] == "auditors":
            ids.delete_group(IdentityStoreId=store_id, GroupId=g["GroupId"])
    return {
        "cognito": ["legacy", "staff"], "eventbridge": ["orders", "audit"],
        "glue": ["compact"], "identitycenter": ["ReadOnly", "bob", "auditors"],
    }


class IdentityStandIn(StandIn):
    """Cognito `GetIdentityPoolRoles` (awsJson1_1), which moto 5.2.5 lacks (and
    `SetIdentityPoolRoles` with it): the caller's pool with its tags as its roles."""

    targets = {"AWSCognitoIdentityService.GetIdentityPoolRoles": "get_identity_pool_roles"}

    def get_identity_pool_roles(self):
        pool = self.as_caller("cognito-identity").describe_identity_pool(
            IdentityPoolId=self.json_body().get("IdentityPoolId", "")
        )
        self.json_reply({
            "IdentityPoolId": pool["IdentityPoolId"],
            "Roles": pool.get("IdentityPoolTags", {}),
        })


main({"seed": seed, "report": report, "mutate": mutate,
      "stand-in": lambda: serve(IdentityStandIn)})
