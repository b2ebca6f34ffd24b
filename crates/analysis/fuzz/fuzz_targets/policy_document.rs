//! Any input: parsing a policy document returns a document or an error, and evaluating a
//! parsed document returns a decision; neither panics.

#![no_main]

use cartograph_analysis::policy::{
    Context, Policy, PolicyDocument, Principal, PrincipalKind, evaluate,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(doc) = PolicyDocument::parse(text) else {
        return;
    };
    let policy = Policy {
        id: "fuzz".into(),
        statements: doc.statements,
    };
    let identity = [policy.clone()];
    let ctx = Context {
        principal: Principal {
            arn: "arn:aws:iam::111111111111:user/u",
            account: "111111111111",
            kind: PrincipalKind::User,
        },
        identity: &identity,
        boundary: Some(&policy),
        resource_policy: Some(&policy),
        resource_account: Some("222222222222"),
        identity_unknown: false,
    };
    let _ = evaluate(&ctx, "s3:GetObject", "arn:aws:s3:::bucket");
});
