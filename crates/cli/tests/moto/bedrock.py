"""Bedrock for cartograph's sync tests, through `stand-in` (below) in front of moto.

Production (us-east-1): a training-data bucket and a documents bucket, an agent role, a
custom model trained from the first bucket, two guardrails, a knowledge base sourcing the
second bucket, an agent using a foundation model, the guardrail, the knowledge base and a
Lambda action group, and a scratch agent. Staging (eu-west-1): one knowledge base.

Modes: `seed` creates them and prints `report`; `report` prints ARNs by kind, account and
region; `mutate` deletes the scratch agent, the unused guardrail and staging's knowledge
base; `stand-in PORT` serves the stand-in. ENDPOINT is the stand-in's for the first three
modes and moto's for `stand-in`.
"""

import json
import uuid

from estate import ACCOUNTS, PRODUCTION, REGIONS, STAGING, client, main, serve, service_role
from ml import Relay, iso_timestamps

REGION = "us-east-1"
CUSTOM_MODEL_REGIONS = ["us-east-1", "us-west-2"]


def seed():
    s3 = client(PRODUCTION, "s3")
    s3.create_bucket(Bucket="ml-training-data")
    s3.create_bucket(Bucket="ml-docs")
    role = service_role(PRODUCTION, "bedrock-agent", "bedrock.amazonaws.com")
    bedrock = client(PRODUCTION, "bedrock")
    bedrock.create_model_customization_job(
        jobName="support-tuning", customModelName="support-tuned", roleArn=role,
        baseModelIdentifier="amazon.titan-text-express-v1",
        trainingDataConfig={"s3Uri": "s3://ml-training-data/tickets.jsonl"},
        outputDataConfig={"s3Uri": "s3://ml-training-data/output/"}, hyperParameters={},
    )
    guardrail = bedrock.create_guardrail(
        name="support-safety", blockedInputMessaging="no", blockedOutputsMessaging="no",
    )["guardrailId"]
    bedrock.create_guardrail(name="unused", blockedInputMessaging="no",
                             blockedOutputsMessaging="no")
    agents = client(PRODUCTION, "bedrock-agent")
    kb = knowledge_base(agents, "support-docs", role)
    agents.create_data_source(
        knowledgeBaseId=kb, name="docs",
        dataSourceConfiguration={"type": "S3",
                                 "s3Configuration": {"bucketArn": "arn:aws:s3:::ml-docs"}},
    )
    model = "anthropic.claude-3-haiku-20240307-v1:0"
    agent = agents.create_agent(agentName="support", agentResourceRoleArn=role,
                                foundationModel=model)["agent"]["agentId"]
    agents.update_agent(agentId=agent, agentName="support", agentResourceRoleArn=role,
                        foundationModel=model,
                        guardrailConfiguration={"guardrailIdentifier": guardrail,
                                                "guardrailVersion": "DRAFT"})
    agents.associate_agent_knowledge_base(agentId=agent, agentVersion="DRAFT",
                                          knowledgeBaseId=kb, description="manuals")
    agents.create_agent_action_group(
        agentId=agent, agentVersion="DRAFT", actionGroupName="orders",
        actionGroupExecutor={"lambda": f"arn:aws:lambda:{REGION}:{PRODUCTION}:function:orders"},
    )
    agents.create_agent(agentName="scratch", agentResourceRoleArn=role, foundationModel=model)
    knowledge_base(client(STAGING, "bedrock-agent", "eu-west-1"), "staging-docs",
                   f"arn:aws:iam::{STAGING}:role/bedrock-agent")
    return report()


def knowledge_base(agents, name, role):
    return agents.create_knowledge_base(
        name=name, roleArn=role,
        knowledgeBaseConfiguration={"type": "VECTOR", "vectorKnowledgeBaseConfiguration": {
            "embeddingModelArn":
                f"arn:aws:bedrock:{agents.meta.region_name}::foundation-model/amazon.titan-embed-text-v2:0",
        }},
        storageConfiguration={"type": "OPENSEARCH_SERVERLESS", "opensearchServerlessConfiguration": {
            "collectionArn": "arn:aws:aoss:us-east-1:000000000000:collection/docs",
            "vectorIndexName": "docs",
            "fieldMapping": {"vectorField": "v", "textField": "t", "metadataField": "m"},
        }},
    )["knowledgeBase"]["knowledgeBaseId"]


def report():
    out = {}

    def put(kind, account, region, ids):
        out.setdefault(kind, {}).setdefault(account, {})[region] = sorted(ids)

    for account in ACCOUNTS:
        for region in REGIONS:
            bedrock = client(account, "bedrock", region)
            agents = client(account, "bedrock-agent", region)
            put("foundation_models", account, region,
                [m["modelArn"] for m in bedrock.list_foundation_models()["modelSummaries"]])
            custom = bedrock.list_custom_models()["modelSummaries"] if region in CUSTOM_MODEL_REGIONS else []
            put("custom_models", account, region, [m["modelArn"] for m in custom])
            put("guardrails", account, region,
                [g["arn"] for g in bedrock.list_guardrails()["guardrails"]])
            kbs = agents.list_knowledge_bases()["knowledgeBaseSummaries"]
            put("knowledge_bases", account, region,
                [agents.get_knowledge_base(knowledgeBaseId=k["knowledgeBaseId"])["knowledgeBase"]
                 ["knowledgeBaseArn"] for k in kbs])
            put("agents", account, region,
                [agents.get_agent(agentId=a["agentId"])["agent"]["agentArn"]
                 for a in agents.list_agents()["agentSummaries"]])
    return out


def mutate():
    agents = client(PRODUCTION, "bedrock-agent")
    for a in agents.list_agents()["agentSummaries"]:
        if a["agentName"] == "scratch":
            agents.delete_agent(agentId=a["agentId"])
    bedrock = client(PRODUCTION, "bedrock")
    for g in bedrock.list_guardrails()["guardrails"]:
        if g["name"] == "unused":
            bedrock.delete_guardrail(guardrailIdentifier=g["id"])
    staging = client(STAGING, "bedrock-agent", "eu-west-1")
    for k in staging.list_knowledge_bases()["knowledgeBaseSummaries"]:
        staging.delete_knowledge_base(knowledgeBaseId=k["knowledgeBaseId"])
    return {"deleted": ["scratch", "unused", "staging-docs"]}


# ---------- the stand-in ----------

NOW = "2026-03-24T00:00:00Z"

# The foundation models every region offers here (recorded `ListFoundationModels` entries).
CATALOGUE = [
    ("anthropic.claude-3-haiku-20240307-v1:0", "Claude 3 Haiku", "Anthropic", ["TEXT", "IMAGE"],
     ["TEXT"], True, [], ["ON_DEMAND"]),
    ("amazon.titan-text-express-v1", "Titan Text G1 - Express", "Amazon", ["TEXT"], ["TEXT"], True,
     ["FINE_TUNING", "CONTINUED_PRE_TRAINING"], ["ON_DEMAND", "PROVISIONED"]),
    ("amazon.titan-embed-text-v2:0", "Titan Text Embeddings V2", "Amazon", ["TEXT"],
     ["EMBEDDING"], False, [], ["ON_DEMAND"]),
]


def foundation_models(region):
    return [{
        "modelArn": f"arn:aws:bedrock:{region}::foundation-model/{model_id}",
        "modelId": model_id, "modelName": name, "providerName": provider,
        "inputModalities": inputs, "outputModalities": outputs,
        "responseStreamingSupported": streaming, "customizationsSupported": customizations,
        "inferenceTypesSupported": inference, "modelLifecycle": {"status": "ACTIVE"},
    } for model_id, name, provider, inputs, outputs, streaming, customizations, inference in CATALOGUE]


class StandIn(Relay):
    """Bedrock calls moto 5.2.5 lacks, in the REST-JSON wire format (recorded shapes), for
    the caller's account and region: `ListFoundationModels` (a recorded catalogue),
    guardrails, an agent's guardrail configuration (`UpdateAgent`, shown by `GetAgent`),
    knowledge bases and action groups, and knowledge bases' data sources. moto's own
    Bedrock answers get ISO-8601 timestamps (it sends epoch seconds or a space-separated
    form the API does not use)."""

    ROUTES = [
        ("GET", r"/foundation-models", "list_foundation_models"),
        ("GET", r"/guardrails", "list_guardrails"),
        ("POST", r"/guardrails", "create_guardrail"),
        ("DELETE", r"/guardrails/(?P<id>[^/]+)", "delete_guardrail"),
        ("PUT", r"/agents/(?P<agent>[^/]+)", "update_agent"),
        ("GET", r"/agents/(?P<agent>[^/]+)", "get_agent"),
        ("PUT", r"/agents/(?P<agent>[^/]+)/agentversions/[^/]+/knowledgebases", "associate_kb"),
        ("POST", r"/agents/(?P<agent>[^/]+)/agentversions/[^/]+/knowledgebases", "list_agent_kbs"),
        ("PUT", r"/agents/(?P<agent>[^/]+)/agentversions/[^/]+/actiongroups", "create_action_group"),
        ("POST", r"/agents/(?P<agent>[^/]+)/agentversions/[^/]+/actiongroups", "list_action_groups"),
        ("GET", r"/agents/(?P<agent>[^/]+)/agentversions/[^/]+/actiongroups/(?P<id>[^/]+)",
         "get_action_group"),
        ("PUT", r"/knowledgebases/(?P<kb>[^/]+)/datasources", "create_data_source"),
        ("POST", r"/knowledgebases/(?P<kb>[^/]+)/datasources", "list_data_sources"),
        ("GET", r"/knowledgebases/(?P<kb>[^/]+)/datasources/(?P<id>[^/]+)", "get_data_source"),
    ]

    # Guardrails by (account, region); by agent or knowledge base id: guardrail
    # configurations, knowledge bases and action groups of agents, data sources.
    guardrails = {}
    agent_guardrails = {}
    agent_kbs = {}
    action_groups = {}
    data_sources = {}

    def adjust(self, payload):
        try:
            return json.dumps(iso_timestamps(json.loads(payload))).encode()
        except ValueError:
            return payload

    def list_foundation_models(self):
        self.json({"modelSummaries": foundation_models(self.scope()[1])})

    def list_guardrails(self):
        self.json({"guardrails": list(self.guardrails.get(self.scope(), {}).values())})

    def create_guardrail(self):
        account, region = self.scope()
        req, gid = self.json_body(), uuid.uuid4().hex[:12]
        arn = f"arn:aws:bedrock:{region}:{account}:guardrail/{gid}"
        self.guardrails.setdefault((account, region), {})[gid] = {
            "id": gid, "arn": arn, "status": "READY", "name": req["name"],
            "description": req.get("description", ""), "version": "DRAFT",
            "createdAt": NOW, "updatedAt": NOW,
        }
        self.json({"guardrailId": gid, "guardrailArn": arn, "version": "DRAFT", "createdAt": NOW}, 202)

    def delete_guardrail(self, id):
        self.guardrails.get(self.scope(), {}).pop(id, None)
        self.json({}, 202)

    def update_agent(self, agent):
        self.agent_guardrails[agent] = self.json_body().get("guardrailConfiguration")
        self.get_agent(agent)

    def get_agent(self, agent):
        status, items, payload = self.forward(method="GET", path=f"/agents/{agent}/")
        if status == 200:
            payload = self.adjust(payload)
        if status == 200 and self.agent_guardrails.get(agent):
            doc = json.loads(payload)
            doc["agent"]["guardrailConfiguration"] = self.agent_guardrails[agent]
            payload = json.dumps(doc).encode()
        self.reply(status, items, payload)

    def associate_kb(self, agent):
        req = self.json_body()
        summary = {"knowledgeBaseId": req["knowledgeBaseId"], "description": req["description"],
                   "knowledgeBaseState": "ENABLED", "updatedAt": NOW}
        self.agent_kbs.setdefault(agent, []).append(summary)
        self.json({"agentKnowledgeBase": dict(summary, agentId=agent, agentVersion="DRAFT",
                                              createdAt=NOW)})

    def list_agent_kbs(self, agent):
        self.json({"agentKnowledgeBaseSummaries": self.agent_kbs.get(agent, [])})

    def create_action_group(self, agent):
        req, gid = self.json_body(), uuid.uuid4().hex[:10].upper()
        group = {"agentId": agent, "agentVersion": "DRAFT", "actionGroupId": gid,
                 "actionGroupName": req["actionGroupName"], "createdAt": NOW, "updatedAt": NOW,
                 "actionGroupState": "ENABLED", "actionGroupExecutor": req.get("actionGroupExecutor")}
        self.action_groups.setdefault(agent, {})[gid] = group
        self.json({"agentActionGroup": group})

    def list_action_groups(self, agent):
        groups = self.action_groups.get(agent, {}).values()
        self.json({"actionGroupSummaries": [
            {k: g[k] for k in ("actionGroupId", "actionGroupName", "actionGroupState", "updatedAt")}
            for g in groups]})

    def get_action_group(self, agent, id):
        group = self.action_groups.get(agent, {}).get(id)
        if group is None:
            return self.json({"message": f"action group {id} not found"}, 404)
        self.json({"agentActionGroup": group})

    def create_data_source(self, kb):
        req, did = self.json_body(), uuid.uuid4().hex[:10].upper()
        source = {"knowledgeBaseId": kb, "dataSourceId": did, "name": req["name"],
                  "status": "AVAILABLE", "dataSourceConfiguration": req["dataSourceConfiguration"],
                  "createdAt": NOW, "updatedAt": NOW}
        self.data_sources.setdefault(kb, {})[did] = source
        self.json({"dataSource": source})

    def list_data_sources(self, kb):
        self.json({"dataSourceSummaries": [
            {k: d[k] for k in ("knowledgeBaseId", "dataSourceId", "name", "status", "updatedAt")}
            for d in self.data_sources.get(kb, {}).values()]})

    def get_data_source(self, kb, id):
        source = self.data_sources.get(kb, {}).get(id)
        if source is None:
            return self.json({"message": f"data source {id} not found"}, 404)
        self.json({"dataSource": source})


main({"seed": seed, "report": report, "mutate": mutate, "stand-in": lambda: serve(StandIn)})
