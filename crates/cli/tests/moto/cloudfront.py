"""CloudFront for cartograph's sync tests. Production: `site`, serving from the S3 bucket
`edge-site` with an ACM certificate (requested in us-east-1), and `legacy`, a disabled
distribution in front of a custom origin with CloudFront's default certificate. Staging: one
distribution. moto drops Lambda@Edge associations: those are covered by the demo estate
and unit tests.

Modes: `seed` creates them and prints `report`; `report` prints the distribution ARNs by
account (region `global`); `mutate` deletes `legacy` and prints its ARN.
"""

from estate import ACCOUNTS, PRODUCTION, STAGING, client, main


def distribution(account, comment, origin, enabled=True, certificate=None):
    viewer = (
        {"ACMCertificateArn": certificate, "SSLSupportMethod": "sni-only",
         "MinimumProtocolVersion": "TLSv1.2_2021"}
        if certificate
        else {"CloudFrontDefaultCertificate": True}
    )
    kind = (
        {"S3OriginConfig": {"OriginAccessIdentity": ""}}
        if ".s3." in origin
        else {"CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443,
                                     "OriginProtocolPolicy": "https-only"}}
    )
    config = {
        "CallerReference": comment,
        "Comment": comment,
        "Enabled": enabled,
        "Origins": {"Quantity": 1, "Items": [dict(Id="origin", DomainName=origin, **kind)]},
        "DefaultCacheBehavior": {
            "TargetOriginId": "origin",
            "ViewerProtocolPolicy": "redirect-to-https",
            "MinTTL": 0,
            "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}},
        },
        "ViewerCertificate": viewer,
        "Restrictions": {"GeoRestriction": {"RestrictionType": "none", "Quantity": 0}},
    }
    return client(account, "cloudfront").create_distribution(DistributionConfig=config)


def seed():
    client(PRODUCTION, "s3").create_bucket(Bucket="edge-site")
    cert = client(PRODUCTION, "acm").request_certificate(DomainName="www.edge.example.test")
    distribution(PRODUCTION, "site", "edge-site.s3.us-east-1.amazonaws.com",
                 certificate=cert["CertificateArn"])
    distribution(PRODUCTION, "legacy", "origin.legacy.example.test", enabled=False)
    distribution(STAGING, "staging", "origin.staging.example.test")
    return report()


def items(account):
    return client(account, "cloudfront").list_distributions()["DistributionList"].get("Items", [])


def report():
    return {"distributions": {a: {"global": sorted(d["ARN"] for d in items(a))} for a in ACCOUNTS}}


def mutate():
    cf = client(PRODUCTION, "cloudfront")
    for d in items(PRODUCTION):
        if d["Comment"] == "legacy":
            etag = cf.get_distribution(Id=d["Id"])["ETag"]
            cf.delete_distribution(Id=d["Id"], IfMatch=etag)
            return {"deleted": d["ARN"]}
    return {}


main({"seed": seed, "report": report, "mutate": mutate})
