//! The policy-document parser (and the evaluator behind it) never panics, whatever the
//! document: random mutations of real documents and random JSON built from policy keys.
//! This is the stable-toolchain counterpart of the cargo-fuzz target in `fuzz/` (cargo fuzz
//! needs a nightly toolchain).

use cartograph_analysis::policy::{
    Context, Policy, PolicyDocument, Principal, PrincipalKind, evaluate,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const SEEDS: &[&str] = &[
    r#"{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]}]}"#,
    r#"{"Statement":{"Effect":"Deny","NotAction":"iam:*","NotResource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}}"#,
    r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::1:root","2"],"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
    r#"{"Statement":[{"Effect":"Allow","NotPrincipal":"*","Action":"*","Resource":"*"}]}"#,
    r#""{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}""#,
];

const KEYS: &[&str] = &[
    "Version",
    "Id",
    "Statement",
    "Sid",
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Principal",
    "NotPrincipal",
    "Condition",
    "AWS",
    "Service",
    "Bool",
    "StringLike",
    "aws:SourceIp",
];
const STRINGS: &[&str] = &[
    "Allow",
    "Deny",
    "*",
    "?",
    "s3:*",
    "s3:Get?bject",
    "arn:aws:s3:::b/*",
    "**?*",
    "",
    "é*ü",
    "arn:aws:iam::1:root",
];

fn random_json(rng: &mut StdRng, depth: u32) -> String {
    let pick = |rng: &mut StdRng, list: &[&str]| list[rng.random_range(0..list.len())].to_string();
    match if depth > 4 {
        rng.random_range(0..4)
    } else {
        rng.random_range(0..7)
    } {
        0 => "null".into(),
        1 => rng.random::<i64>().to_string(),
        2 => {
            if rng.random_bool(0.5) {
                "true".into()
            } else {
                "1.5e300".into()
            }
        }
        3 => serde_json::to_string(&pick(rng, STRINGS)).unwrap_or_default(),
        4 | 5 => {
            let n = rng.random_range(0..5);
            let fields: Vec<String> = (0..n)
                .map(|_| {
                    let key = serde_json::to_string(&pick(rng, KEYS)).unwrap_or_default();
                    format!("{key}:{}", random_json(rng, depth + 1))
                })
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        _ => {
            let n = rng.random_range(0..5);
            let items: Vec<String> = (0..n).map(|_| random_json(rng, depth + 1)).collect();
            format!("[{}]", items.join(","))
        }
    }
}

fn mutate(rng: &mut StdRng, seed: &str) -> String {
    let mut bytes = seed.as_bytes().to_vec();
    for _ in 0..rng.random_range(1..8) {
        if bytes.is_empty() {
            break;
        }
        let at = rng.random_range(0..bytes.len());
        match rng.random_range(0..4) {
            0 => bytes[at] = rng.random(),
            1 => {
                bytes.remove(at);
            }
            2 => bytes.insert(at, b"{}[]\":,*?\\"[rng.random_range(0..10)]),
            _ => {
                let end = rng.random_range(at..bytes.len());
                let chunk = bytes[at..end].to_vec();
                bytes.splice(at..at, chunk);
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Parse, and when that succeeds evaluate against a fixed request in every role.
fn exercise(text: &str) -> bool {
    let Ok(doc) = PolicyDocument::parse(text) else {
        return false;
    };
    let policy = Policy {
        id: "p".into(),
        statements: doc.statements,
    };
    let identity = [policy.clone()];
    for kind in [PrincipalKind::User, PrincipalKind::Role] {
        let ctx = Context {
            principal: Principal {
                arn: "arn:aws:iam::1:user/u",
                account: "1",
                kind,
            },
            identity: &identity,
            boundary: Some(&policy),
            resource_policy: Some(&policy),
            resource_account: Some("2"),
            identity_unknown: false,
        };
        let _ = evaluate(&ctx, "s3:GetObject", "arn:aws:s3:::b");
        let _ = evaluate(
            &Context {
                resource_account: None,
                ..ctx
            },
            "iam:PassRole",
            "*",
        );
    }
    true
}

#[test]
fn random_and_mutated_documents_never_panic() {
    let mut rng = StdRng::seed_from_u64(0x5eed);
    let mut parsed = 0;
    for i in 0..20_000 {
        let text = if i % 2 == 0 {
            mutate(&mut rng, SEEDS[i % SEEDS.len()])
        } else {
            format!("{{\"Statement\":{}}}", random_json(&mut rng, 0))
        };
        parsed += usize::from(exercise(&text));
    }
    for seed in SEEDS {
        assert!(exercise(seed), "{seed}");
    }
    // Enough documents got through the parser for the evaluator to be exercised too.
    assert!(parsed > 100, "{parsed}");
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(PolicyDocument::parse(&deep).is_err());
    let deep_statement = format!(
        "{{\"Statement\":{}{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert!(PolicyDocument::parse(&deep_statement).is_err());
}
