//! Table-driven evaluation tests modelled on AWS's documented policy-evaluation rules and
//! examples (IAM User Guide, "Policy evaluation logic", "Cross-account policy evaluation
//! logic", "Permissions boundaries", and the NotAction/NotResource element pages).

use super::*;

const ALICE: &str = "arn:aws:iam::111111111111:user/alice";
const APP: &str = "arn:aws:iam::111111111111:role/app";
const BOB: &str = "arn:aws:iam::222222222222:user/bob";
const BUCKET: &str = "arn:aws:s3:::reports";

#[derive(Debug, PartialEq)]
enum Want {
    /// Allowed; conditional or not; granted by these policy ids.
    Allow(bool, &'static [&'static str]),
    Deny,
    Implicit,
}

struct Case {
    name: &'static str,
    principal: (&'static str, &'static str, PrincipalKind),
    identity: &'static [(&'static str, &'static str)],
    boundary: Option<&'static str>,
    resource_policy: Option<&'static str>,
    resource_account: Option<&'static str>,
    action: &'static str,
    resource: &'static str,
    want: Want,
}

fn policy(id: &str, text: &str) -> Policy {
    match PolicyDocument::parse(text) {
        Ok(d) => Policy {
            id: id.to_string(),
            statements: d.statements,
        },
        Err(e) => panic!("{id}: {e}"),
    }
}

const USER: (&str, &str, PrincipalKind) = (ALICE, "111111111111", PrincipalKind::User);
const ROLE: (&str, &str, PrincipalKind) = (APP, "111111111111", PrincipalKind::Role);
const FOREIGN_USER: (&str, &str, PrincipalKind) = (BOB, "222222222222", PrincipalKind::User);

const ALLOW_S3_ALL: &str = r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#;
const ALLOW_GET: &str = r#"{"Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::reports/*"}]}"#;

fn cases() -> Vec<Case> {
    let base = |name, identity, action, want| Case {
        name,
        principal: USER,
        identity,
        boundary: None,
        resource_policy: None,
        resource_account: None,
        action,
        resource: BUCKET,
        want,
    };
    vec![
        base(
            "no policy: implicit deny",
            &[],
            "s3:GetObject",
            Want::Implicit,
        ),
        base(
            "identity allow",
            &[("p1", ALLOW_S3_ALL)],
            "s3:GetObject",
            Want::Allow(false, &["p1"]),
        ),
        base(
            "explicit deny in another policy overrides the allow",
            &[
                ("p1", ALLOW_S3_ALL),
                (
                    "p2",
                    r#"{"Statement":{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports"}}"#,
                ),
            ],
            "s3:GetObject",
            Want::Deny,
        ),
        base(
            "deny of another action leaves the allow",
            &[
                ("p1", ALLOW_S3_ALL),
                (
                    "p2",
                    r#"{"Statement":{"Effect":"Deny","Action":"s3:PutObject","Resource":"*"}}"#,
                ),
            ],
            "s3:GetObject",
            Want::Allow(false, &["p1"]),
        ),
        base(
            "actions match case-insensitively with wildcards",
            &[(
                "p1",
                r#"{"Statement":{"Effect":"Allow","Action":"S3:get*","Resource":"*"}}"#,
            )],
            "s3:GetObject",
            Want::Allow(false, &["p1"]),
        ),
        base(
            "? matches exactly one character",
            &[(
                "p1",
                r#"{"Statement":{"Effect":"Allow","Action":"s3:?etObject","Resource":"*"}}"#,
            )],
            "s3:GetObject",
            Want::Allow(false, &["p1"]),
        ),
        base(
            "resource ARNs match case-sensitively",
            &[(
                "p1",
                r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::Reports"}}"#,
            )],
            "s3:GetObject",
            Want::Implicit,
        ),
        base(
            "an object ARN grants on the bucket",
            &[("p1", ALLOW_GET)],
            "s3:GetObject",
            Want::Allow(false, &["p1"]),
        ),
        base(
            "NotAction allows everything else (the 'all but IAM' example)",
            &[(
                "p1",
                r#"{"Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}"#,
            )],
            "s3:GetObject",
            Want::Allow(false, &["p1"]),
        ),
        Case {
            resource: "arn:aws:iam::111111111111:user/x",
            ..base(
                "NotAction does not allow what it lists",
                &[(
                    "p1",
                    r#"{"Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}"#,
                )],
                "iam:CreateUser",
                Want::Implicit,
            )
        },
        base(
            "Deny with NotResource denies every other resource",
            &[
                ("p1", ALLOW_S3_ALL),
                (
                    "p2",
                    r#"{"Statement":{"Effect":"Deny","Action":"s3:*","NotResource":["arn:aws:s3:::public","arn:aws:s3:::public/*"]}}"#,
                ),
            ],
            "s3:GetObject",
            Want::Deny,
        ),
        base(
            "NotResource on objects does not exclude the bucket",
            &[(
                "p1",
                r#"{"Statement":{"Effect":"Allow","Action":"s3:*","NotResource":"arn:aws:s3:::reports/*"}}"#,
            )],
            "s3:ListBucket",
            Want::Allow(false, &["p1"]),
        ),
        base(
            "a conditional allow is conditional",
            &[(
                "p1",
                r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}}"#,
            )],
            "s3:GetObject",
            Want::Allow(true, &["p1"]),
        ),
        base(
            "an unconditional allow beside a conditional one is unconditional",
            &[
                (
                    "p1",
                    r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}}"#,
                ),
                ("p2", ALLOW_GET),
            ],
            "s3:GetObject",
            Want::Allow(false, &["p2"]),
        ),
        base(
            "a conditional deny makes the grant conditional",
            &[
                ("p1", ALLOW_S3_ALL),
                (
                    "p2",
                    r#"{"Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}}"#,
                ),
            ],
            "s3:GetObject",
            Want::Allow(true, &["p1"]),
        ),
        Case {
            boundary: Some(
                r#"{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}"#,
            ),
            ..base(
                "boundary: allowed by both",
                &[("p1", ALLOW_S3_ALL)],
                "s3:GetObject",
                Want::Allow(false, &["p1"]),
            )
        },
        Case {
            boundary: Some(
                r#"{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}"#,
            ),
            ..base(
                "boundary: identity allows but the boundary does not",
                &[("p1", ALLOW_S3_ALL)],
                "s3:PutObject",
                Want::Implicit,
            )
        },
        Case {
            boundary: Some(r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#),
            ..base(
                "boundary: the boundary alone grants nothing",
                &[],
                "s3:GetObject",
                Want::Implicit,
            )
        },
        Case {
            boundary: Some(
                r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"s3:GetObject","Resource":"*"}]}"#,
            ),
            ..base(
                "boundary: a deny in the boundary is explicit",
                &[("p1", ALLOW_S3_ALL)],
                "s3:GetObject",
                Want::Deny,
            )
        },
        Case {
            resource_policy: Some(
                r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/alice"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}}"#,
            ),
            ..base(
                "same account: a resource policy naming the user suffices",
                &[],
                "s3:GetObject",
                Want::Allow(false, &["bucket"]),
            )
        },
        Case {
            resource_policy: Some(
                r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}}"#,
            ),
            ..base(
                "same account: naming the account delegates to identity policies",
                &[],
                "s3:GetObject",
                Want::Implicit,
            )
        },
        Case {
            resource_policy: Some(
                r#"{"Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::reports/*"}}"#,
            ),
            ..base(
                "a resource policy deny overrides an identity allow",
                &[("p1", ALLOW_S3_ALL)],
                "s3:GetObject",
                Want::Deny,
            )
        },
        Case {
            boundary: Some(r#"{"Statement":{"Effect":"Allow","Action":"ec2:*","Resource":"*"}}"#),
            resource_policy: Some(
                r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/alice"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}}"#,
            ),
            ..base(
                "a resource policy naming the user is not limited by its boundary",
                &[],
                "s3:GetObject",
                Want::Allow(false, &["bucket"]),
            )
        },
        Case {
            principal: ROLE,
            boundary: Some(r#"{"Statement":{"Effect":"Allow","Action":"ec2:*","Resource":"*"}}"#),
            resource_policy: Some(
                r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/app"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}}"#,
            ),
            ..base(
                "a resource policy naming a role is limited by the role's boundary",
                &[],
                "s3:GetObject",
                Want::Implicit,
            )
        },
        Case {
            principal: FOREIGN_USER,
            resource_account: Some("111111111111"),
            resource_policy: Some(
                r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}}"#,
            ),
            ..base(
                "cross account: resource policy and identity policy both allow",
                &[("p1", ALLOW_S3_ALL)],
                "s3:GetObject",
                Want::Allow(false, &["bucket", "p1"]),
            )
        },
        Case {
            principal: FOREIGN_USER,
            resource_account: Some("111111111111"),
            resource_policy: Some(
                r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}}"#,
            ),
            ..base(
                "cross account: the resource policy alone is not enough",
                &[],
                "s3:GetObject",
                Want::Implicit,
            )
        },
        Case {
            principal: FOREIGN_USER,
            resource_account: Some("111111111111"),
            ..base(
                "cross account: the identity policy alone is not enough",
                &[("p1", ALLOW_S3_ALL)],
                "s3:GetObject",
                Want::Implicit,
            )
        },
        Case {
            principal: FOREIGN_USER,
            resource_account: Some("111111111111"),
            resource_policy: Some(
                r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::333333333333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}}"#,
            ),
            ..base(
                "cross account: a policy naming another account does not apply",
                &[("p1", ALLOW_S3_ALL)],
                "s3:GetObject",
                Want::Implicit,
            )
        },
        Case {
            principal: FOREIGN_USER,
            resource_account: Some("111111111111"),
            resource_policy: Some(
                r#"{"Statement":{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::222222222222:user/bob"},"Action":"s3:GetObject","Resource":"*"}}"#,
            ),
            ..base(
                "NotPrincipal excludes the named principal",
                &[("p1", ALLOW_S3_ALL)],
                "s3:GetObject",
                Want::Implicit,
            )
        },
        Case {
            principal: FOREIGN_USER,
            resource_account: Some("111111111111"),
            resource_policy: Some(
                r#"{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}}}"#,
            ),
            ..base(
                "cross account: a conditional public grant is conditional",
                &[("p1", ALLOW_S3_ALL)],
                "s3:GetObject",
                Want::Allow(true, &["bucket", "p1"]),
            )
        },
    ]
}

#[test]
fn documented_evaluation_rules() {
    let mut failures = Vec::new();
    for case in cases() {
        let identity: Vec<Policy> = case
            .identity
            .iter()
            .map(|(id, text)| policy(id, text))
            .collect();
        let boundary = case.boundary.map(|t| policy("boundary", t));
        let resource_policy = case.resource_policy.map(|t| policy("bucket", t));
        let (arn, account, kind) = case.principal;
        let ctx = Context {
            principal: Principal { arn, account, kind },
            identity: &identity,
            boundary: boundary.as_ref(),
            resource_policy: resource_policy.as_ref(),
            resource_account: case.resource_account,
            identity_unknown: false,
        };
        let got = match evaluate(&ctx, case.action, case.resource) {
            Decision::Allow(g) => {
                let by: Vec<&str> = g.granted_by.iter().map(String::as_str).collect();
                if let Want::Allow(conditional, want_by) = &case.want
                    && *conditional == g.has_condition
                    && *want_by == by.as_slice()
                {
                    continue;
                }
                format!("Allow(conditional={}, by={by:?})", g.has_condition)
            }
            Decision::ExplicitDeny(_) if case.want == Want::Deny => continue,
            Decision::ImplicitDeny if case.want == Want::Implicit => continue,
            other => format!("{other:?}"),
        };
        failures.push(format!("{}: want {:?}, got {got}", case.name, case.want));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn grant_reports_statements_and_condition_keys() {
    let p = policy(
        "p1",
        r#"{"Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"},"StringLike":{"s3:prefix":"a/*"}}},
                         {"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}"#,
    );
    let ctx = Context {
        principal: Principal {
            arn: ALICE,
            account: "111111111111",
            kind: PrincipalKind::User,
        },
        identity: std::slice::from_ref(&p),
        boundary: None,
        resource_policy: None,
        resource_account: None,
        identity_unknown: false,
    };
    match evaluate(&ctx, "s3:GetObject", BUCKET) {
        Decision::Allow(g) => {
            assert!(g.has_condition);
            assert_eq!(g.statements, vec!["p1#2", "p1#Read"]);
            assert_eq!(
                g.condition_keys,
                vec!["aws:SecureTransport", "aws:SourceIp", "s3:prefix"]
            );
            assert_eq!(g.conditions.len(), 2);
        }
        other => panic!("{other:?}"),
    }
    let deny = policy(
        "d",
        r#"{"Statement":{"Sid":"NoGet","Effect":"Deny","Action":"s3:Get*","Resource":"*"}}"#,
    );
    let both = [p.clone(), deny];
    let ctx = Context {
        identity: &both,
        ..ctx
    };
    assert_eq!(
        evaluate(&ctx, "s3:GetObject", BUCKET),
        Decision::ExplicitDeny("d#NoGet".into())
    );
}
