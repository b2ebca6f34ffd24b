"""CodeBuild projects for cartograph's sync tests: two in the production account (one with a
plain-text and a parameter-store variable), one in staging's second region.

Modes: `seed` creates them and prints `report`; `report` prints the project ARNs by account
and region; `mutate` deletes production's `nightly` project and prints its name.
"""

from estate import ACCOUNTS, PRODUCTION, REGIONS, STAGING, client, main


def project(codebuild, account, name, variables):
    codebuild.create_project(
        name=name,
        source={"type": "GITHUB", "location": f"https://github.com/example/{name}.git"},
        artifacts={"type": "NO_ARTIFACTS"},
        environment={
            "type": "LINUX_CONTAINER",
            "image": "aws/codebuild/standard:7.0",
            "computeType": "BUILD_GENERAL1_SMALL",
            "environmentVariables": variables,
        },
        serviceRole=f"arn:aws:iam::{account}:role/codebuild",
    )


def seed():
    codebuild = client(PRODUCTION, "codebuild")
    project(codebuild, PRODUCTION, "web", [
        {"name": "STAGE", "value": "production", "type": "PLAINTEXT"},
        {"name": "NPM_TOKEN", "value": "/ci/npm-token", "type": "PARAMETER_STORE"},
    ])
    project(codebuild, PRODUCTION, "nightly", [])
    project(client(STAGING, "codebuild", "eu-west-1"), STAGING, "tests", [])
    return report()


def report():
    out = {}
    for account in ACCOUNTS:
        for region in REGIONS:
            codebuild = client(account, "codebuild", region)
            names = codebuild.list_projects()["projects"]
            projects = codebuild.batch_get_projects(names=names)["projects"] if names else []
            out.setdefault(account, {})[region] = sorted(p["arn"] for p in projects)
    return {"projects": out}


def mutate():
    client(PRODUCTION, "codebuild").delete_project(name="nightly")
    return {"deleted": "nightly"}


main({"seed": seed, "report": report, "mutate": mutate})
