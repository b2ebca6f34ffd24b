"""ACM certificates for cartograph's sync tests: two imported certificates in the production
account (moto refuses expired ones: the demo estate holds those), one in staging's second
region.

Modes: `seed` creates them and prints `report`; `report` prints the certificate ARNs by
account and region; `mutate` deletes production's `legacy` certificate and prints its ARN.
"""

import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from estate import ACCOUNTS, PRODUCTION, REGIONS, STAGING, client, main


def certificate(domain, days_from_now):
    """A self-signed certificate for `domain` that ends `days_from_now` days from now."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, domain)])
    end = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=days_from_now)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(end - datetime.timedelta(days=365))
        .not_valid_after(end)
        .sign(key, hashes.SHA256())
    )
    return dict(
        Certificate=cert.public_bytes(serialization.Encoding.PEM),
        PrivateKey=key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        ),
    )


def seed():
    acm = client(PRODUCTION, "acm")
    acm.import_certificate(**certificate("legacy.example.test", 10))
    acm.import_certificate(**certificate("shop.example.test", 300))
    client(STAGING, "acm", "eu-west-1").import_certificate(
        **certificate("staging.example.test", 200)
    )
    return report()


def report():
    out = {}
    for account in ACCOUNTS:
        for region in REGIONS:
            acm = client(account, "acm", region)
            arns = [c["CertificateArn"] for c in acm.list_certificates()["CertificateSummaryList"]]
            out.setdefault(account, {})[region] = sorted(arns)
    return {"certificates": out}


def mutate():
    acm = client(PRODUCTION, "acm")
    for summary in acm.list_certificates()["CertificateSummaryList"]:
        if summary["DomainName"] == "legacy.example.test":
            acm.delete_certificate(CertificateArn=summary["CertificateArn"])
            return {"deleted": summary["CertificateArn"]}
    return {}


main({"seed": seed, "report": report, "mutate": mutate})
