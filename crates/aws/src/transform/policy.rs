//! IAM policy documents: parsing (documents arrive as JSON or as JSON text), statement rows
//! with Cartography's ids, and the evaluation needed for `STS_ASSUMEROLE_ALLOW`.

use cartograph_graph::Value;
use cartograph_sync::Row;
use serde_json::Value as Json;

use super::{json_value, row};

/// The document as JSON, parsing it when it came as text. Unparseable text yields `Null`.
pub fn document(doc: &Json) -> Json {
    match doc {
        Json::String(text) => serde_json::from_str(text).unwrap_or(Json::Null),
        other => other.clone(),
    }
}

/// The statements of a document (a single statement object counts as a list of one).
pub fn statements(doc: &Json) -> Vec<Json> {
    match document(doc).get("Statement") {
        Some(Json::Array(list)) => list.clone(),
        Some(single @ Json::Object(_)) => vec![single.clone()],
        _ => Vec::new(),
    }
}

fn as_list(v: &Json) -> Vec<Json> {
    match v {
        Json::Array(a) => a.clone(),
        other => vec![other.clone()],
    }
}

/// `AWSPolicyStatement` rows of one policy. The id is `<policy id>/statement/<Sid>`, or a
/// 1-based counter over the statements without a Sid, as Cartography forms it.
pub fn statement_rows(policy_id: &str, doc: &Json) -> Vec<Row> {
    let mut counter = 1;
    statements(doc)
        .iter()
        .map(|s| {
            let sid = s
                .get("Sid")
                .and_then(Json::as_str)
                .filter(|x| !x.is_empty());
            let local = match sid {
                Some(sid) => sid.to_string(),
                None => {
                    counter += 1;
                    (counter - 1).to_string()
                }
            };
            let list = |k: &str| {
                s.get(k)
                    .map_or(Value::Null, |v| json_value(&Json::Array(as_list(v))))
            };
            row([
                ("id", Value::from(format!("{policy_id}/statement/{local}"))),
                ("policy_id", Value::from(policy_id)),
                ("Effect", s.get("Effect").map_or(Value::Null, json_value)),
                ("Sid", sid.map_or(Value::Null, Value::from)),
                ("Action", list("Action")),
                ("NotAction", list("NotAction")),
                ("Resource", list("Resource")),
                ("NotResource", list("NotResource")),
                (
                    "Condition",
                    s.get("Condition").map_or(Value::Null, |c| {
                        Value::from(Json::Array(as_list(c)).to_string())
                    }),
                ),
            ])
        })
        .collect()
}

/// `*`/`?` wildcard match, as IAM matches actions (case-insensitively) and resources.
pub fn glob(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = if ignore_case {
        (
            pattern.to_lowercase().chars().collect(),
            text.to_lowercase().chars().collect(),
        )
    } else {
        (pattern.chars().collect(), text.chars().collect())
    };
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

fn strings_of(s: &Json, key: &str) -> Option<Vec<String>> {
    s.get(key).map(|v| {
        as_list(v)
            .iter()
            .filter_map(|x| x.as_str().map(String::from))
            .collect()
    })
}

fn statement_applies(s: &Json, action: &str, resource: &str) -> bool {
    let action_ok = match (strings_of(s, "Action"), strings_of(s, "NotAction")) {
        (Some(a), _) => a.iter().any(|p| glob(p, action, true)),
        (None, Some(na)) => !na.iter().any(|p| glob(p, action, true)),
        (None, None) => false,
    };
    let resource_ok = match (strings_of(s, "Resource"), strings_of(s, "NotResource")) {
        (Some(r), _) => r.iter().any(|p| glob(p, resource, false)),
        (None, Some(nr)) => !nr.iter().any(|p| glob(p, resource, false)),
        (None, None) => false,
    };
    action_ok && resource_ok
}

/// Whether identity policy documents allow `action` on `resource`: some Allow statement
/// matches and no Deny statement does. Conditions are not evaluated (an Allow with a
/// condition counts, a Deny with one too), as Cartography does.
pub fn allows(documents: &[&Json], action: &str, resource: &str) -> bool {
    let all: Vec<Json> = documents.iter().flat_map(|d| statements(d)).collect();
    let effect = |s: &Json, e: &str| s.get("Effect").and_then(Json::as_str) == Some(e);
    let denied = all
        .iter()
        .any(|s| effect(s, "Deny") && statement_applies(s, action, resource));
    !denied
        && all
            .iter()
            .any(|s| effect(s, "Allow") && statement_applies(s, action, resource))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn statement_ids_follow_cartography() {
        let doc = Json::String(
            r#"{"Statement":[{"Sid":"ReadAll","Effect":"Allow","Action":"s3:Get*","Resource":"*"},
                {"Effect":"Deny","Action":["iam:*"],"Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}},
                {"Effect":"Allow","NotAction":"ec2:*","Resource":"*"}]}"#
                .into(),
        );
        let rows = statement_rows("arn:aws:iam::1:policy/p", &doc);
        let ids: Vec<String> = rows
            .iter()
            .filter_map(|r| r.get("id").and_then(|v| v.as_str()).map(String::from))
            .collect();
        assert_eq!(
            ids,
            vec![
                "arn:aws:iam::1:policy/p/statement/ReadAll",
                "arn:aws:iam::1:policy/p/statement/1",
                "arn:aws:iam::1:policy/p/statement/2"
            ]
        );
        assert!(matches!(rows[0].get("Action"), Some(Value::List(l)) if l.len() == 1));
        assert!(matches!(rows[1].get("Condition"), Some(Value::String(s)) if s.starts_with("[{")));
        assert!(matches!(rows[0].get("NotAction"), Some(Value::Null)));
    }

    #[test]
    fn globbing() {
        assert!(glob("sts:*", "sts:AssumeRole", true));
        assert!(glob("STS:assume*", "sts:AssumeRole", true));
        assert!(glob(
            "arn:aws:iam::*:role/deploy-?",
            "arn:aws:iam::123:role/deploy-1",
            false
        ));
        assert!(!glob(
            "arn:aws:iam::*:role/deploy",
            "arn:aws:iam::123:role/deploy-1",
            false
        ));
        assert!(glob("*", "", false));
    }

    #[test]
    fn allow_and_deny() {
        let allow = json!({"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::*:role/*"}]});
        let deny = json!({"Statement": {"Effect": "Deny", "Action": "sts:*", "Resource": "arn:aws:iam::222:role/*"}});
        let role = "arn:aws:iam::222:role/admin";
        assert!(allows(&[&allow], "sts:AssumeRole", role));
        assert!(!allows(&[&allow, &deny], "sts:AssumeRole", role));
        assert!(!allows(&[&deny], "sts:AssumeRole", role));
        assert!(!allows(&[], "sts:AssumeRole", role));
    }
}
