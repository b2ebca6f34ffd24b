//! Policy documents parsed into typed statements. The grammar is IAM's: `Statement` is one
//! object or a list; `Action`/`NotAction`, `Resource`/`NotResource` and principal values
//! are a string or a list of strings; `Principal` is `"*"` or a map of principal types.
//! Anything else is an error naming the offending element, never a panic.

use std::collections::BTreeSet;

use serde_json::{Map, Value as Json};

/// Why a policy document could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid policy document at {path}: {message}")]
pub struct PolicyError {
    /// Where in the document, e.g. `Statement[1].Action`.
    pub path: String,
    pub message: String,
}

fn err(path: &str, message: impl Into<String>) -> PolicyError {
    PolicyError {
        path: path.to_string(),
        message: message.into(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

/// `Action` (or `Resource`, principals) when `negated` is false, `NotAction` when true.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub negated: bool,
    pub patterns: Vec<String>,
}

/// Who a resource-based statement applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principals {
    /// `"*"` or `{"AWS": "*"}`: everyone, including anonymous callers.
    Anyone,
    /// Principal type (`AWS`, `Service`, `Federated`, `CanonicalUser`) and value.
    Listed(Vec<(String, String)>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalClause {
    /// `NotPrincipal`.
    pub negated: bool,
    pub principals: Principals,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub sid: Option<String>,
    pub effect: Effect,
    pub principal: Option<PrincipalClause>,
    pub action: Clause,
    /// Absent in trust policies; a statement without it applies to no resource.
    pub resource: Option<Clause>,
    /// The condition block, `None` when the statement has none (or an empty one).
    pub condition: Option<Json>,
}

impl Statement {
    /// The condition context keys (`aws:SourceIp`, ...), sorted and de-duplicated.
    pub fn condition_keys(&self) -> Vec<String> {
        let mut keys = BTreeSet::new();
        if let Some(Json::Object(operators)) = &self.condition {
            for entries in operators.values() {
                if let Json::Object(entries) = entries {
                    keys.extend(entries.keys().cloned());
                }
            }
        }
        keys.into_iter().collect()
    }

    /// Parse one statement object; `path` names it in errors.
    pub fn from_json(value: &Json, path: &str) -> Result<Statement, PolicyError> {
        let Json::Object(obj) = value else {
            return Err(err(path, "a statement must be a JSON object"));
        };
        let at = |key: &str| format!("{path}.{key}");
        let effect = match obj.get("Effect") {
            Some(Json::String(e)) if e == "Allow" => Effect::Allow,
            Some(Json::String(e)) if e == "Deny" => Effect::Deny,
            Some(other) => {
                return Err(err(
                    &at("Effect"),
                    format!("must be \"Allow\" or \"Deny\", found {other}"),
                ));
            }
            None => return Err(err(&at("Effect"), "is missing")),
        };
        let action = pair(obj, "Action", "NotAction", path)?
            .ok_or_else(|| err(&at("Action"), "one of Action or NotAction is required"))?;
        let resource = pair(obj, "Resource", "NotResource", path)?;
        let principal = principal_clause(obj, path)?;
        let condition = match obj.get("Condition") {
            None | Some(Json::Null) => None,
            Some(Json::Object(m)) if m.is_empty() => None,
            Some(Json::Object(m)) => {
                for (op, entries) in m {
                    if !entries.is_object() {
                        return Err(err(
                            &format!("{path}.Condition.{op}"),
                            "must map condition keys to values",
                        ));
                    }
                }
                Some(Json::Object(m.clone()))
            }
            Some(_) => return Err(err(&at("Condition"), "must be a JSON object")),
        };
        let sid = match obj.get("Sid") {
            None | Some(Json::Null) => None,
            Some(Json::String(s)) => Some(s.clone()),
            Some(_) => return Err(err(&at("Sid"), "must be a string")),
        };
        Ok(Statement {
            sid,
            effect,
            principal,
            action,
            resource,
            condition,
        })
    }
}

/// A whole document.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyDocument {
    pub version: Option<String>,
    pub id: Option<String>,
    pub statements: Vec<Statement>,
}

impl PolicyDocument {
    /// Parse document text. Text that is itself a JSON string holding a document (as some
    /// APIs return it) is unwrapped once.
    pub fn parse(text: &str) -> Result<PolicyDocument, PolicyError> {
        let json: Json = serde_json::from_str(text)
            .map_err(|e| err("(document)", format!("not valid JSON: {e}")))?;
        match json {
            Json::String(inner) => {
                let json: Json = serde_json::from_str(&inner)
                    .map_err(|e| err("(document)", format!("not valid JSON: {e}")))?;
                PolicyDocument::from_json(&json)
            }
            other => PolicyDocument::from_json(&other),
        }
    }

    pub fn from_json(json: &Json) -> Result<PolicyDocument, PolicyError> {
        let Json::Object(obj) = json else {
            return Err(err("(document)", "a policy document must be a JSON object"));
        };
        let text = |key: &str| match obj.get(key) {
            None | Some(Json::Null) => Ok(None),
            Some(Json::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(err(key, "must be a string")),
        };
        let statements = match obj.get("Statement") {
            Some(Json::Array(list)) => list
                .iter()
                .enumerate()
                .map(|(i, s)| Statement::from_json(s, &format!("Statement[{i}]")))
                .collect::<Result<Vec<_>, _>>()?,
            Some(single @ Json::Object(_)) => vec![Statement::from_json(single, "Statement")?],
            Some(_) => return Err(err("Statement", "must be an object or a list")),
            None => return Err(err("Statement", "is missing")),
        };
        Ok(PolicyDocument {
            version: text("Version")?,
            id: text("Id")?,
            statements,
        })
    }
}

/// A string or a list of strings.
fn strings(value: &Json, path: &str) -> Result<Vec<String>, PolicyError> {
    match value {
        Json::String(s) => Ok(vec![s.clone()]),
        Json::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                Json::String(s) => Ok(s.clone()),
                _ => Err(err(&format!("{path}[{i}]"), "must be a string")),
            })
            .collect(),
        _ => Err(err(path, "must be a string or a list of strings")),
    }
}

/// `Action`/`NotAction`-style exclusive pair; `None` when neither is present.
fn pair(
    obj: &Map<String, Json>,
    positive: &str,
    negative: &str,
    path: &str,
) -> Result<Option<Clause>, PolicyError> {
    let get = |k: &str| obj.get(k).filter(|v| !v.is_null());
    match (get(positive), get(negative)) {
        (Some(_), Some(_)) => Err(err(
            &format!("{path}.{positive}"),
            format!("{positive} and {negative} cannot both be present"),
        )),
        (Some(v), None) => Ok(Some(Clause {
            negated: false,
            patterns: strings(v, &format!("{path}.{positive}"))?,
        })),
        (None, Some(v)) => Ok(Some(Clause {
            negated: true,
            patterns: strings(v, &format!("{path}.{negative}"))?,
        })),
        (None, None) => Ok(None),
    }
}

fn principal_clause(
    obj: &Map<String, Json>,
    path: &str,
) -> Result<Option<PrincipalClause>, PolicyError> {
    let get = |k: &str| obj.get(k).filter(|v| !v.is_null());
    let (negated, value, key) = match (get("Principal"), get("NotPrincipal")) {
        (Some(_), Some(_)) => {
            return Err(err(
                &format!("{path}.Principal"),
                "Principal and NotPrincipal cannot both be present",
            ));
        }
        (Some(v), None) => (false, v, "Principal"),
        (None, Some(v)) => (true, v, "NotPrincipal"),
        (None, None) => return Ok(None),
    };
    let at = format!("{path}.{key}");
    let principals = match value {
        Json::String(s) if s == "*" => Principals::Anyone,
        Json::Object(types) => {
            let mut listed = Vec::new();
            for (kind, values) in types {
                for v in strings(values, &format!("{at}.{kind}"))? {
                    if kind == "AWS" && v == "*" {
                        return Ok(Some(PrincipalClause {
                            negated,
                            principals: Principals::Anyone,
                        }));
                    }
                    listed.push((kind.clone(), v));
                }
            }
            Principals::Listed(listed)
        }
        _ => return Err(err(&at, "must be \"*\" or a map of principal types")),
    };
    Ok(Some(PrincipalClause {
        negated,
        principals,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn single_statement_and_string_forms() {
        let d = PolicyDocument::parse(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}"#,
        );
        let d = d.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(d.version.as_deref(), Some("2012-10-17"));
        assert_eq!(d.statements.len(), 1);
        assert_eq!(d.statements[0].action.patterns, vec!["s3:GetObject"]);
        assert!(!d.statements[0].action.negated);
    }

    #[test]
    fn document_given_as_a_json_string_is_unwrapped() {
        let inner =
            r#"{"Statement":[{"Effect":"Deny","NotAction":["iam:*"],"NotResource":"arn:x"}]}"#;
        let outer = serde_json::to_string(inner).unwrap_or_default();
        let d = PolicyDocument::parse(&outer).unwrap_or_else(|e| panic!("{e}"));
        let s = &d.statements[0];
        assert_eq!(s.effect, Effect::Deny);
        assert!(s.action.negated && s.resource.as_ref().is_some_and(|r| r.negated));
    }

    #[test]
    fn principals_and_conditions() {
        let s = Statement::from_json(
            &json!({"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::1:root","2"],"Service":"ec2.amazonaws.com"},
                    "Action":"sts:AssumeRole",
                    "Condition":{"StringEquals":{"sts:ExternalId":"x","aws:PrincipalOrgID":"o"},"Bool":{"aws:SecureTransport":true}}}),
            "Statement",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            s.principal.clone().map(|p| p.principals),
            Some(Principals::Listed(vec![
                ("AWS".into(), "arn:aws:iam::1:root".into()),
                ("AWS".into(), "2".into()),
                ("Service".into(), "ec2.amazonaws.com".into()),
            ]))
        );
        assert!(s.resource.is_none());
        assert_eq!(
            s.condition_keys(),
            vec![
                "aws:PrincipalOrgID",
                "aws:SecureTransport",
                "sts:ExternalId"
            ]
        );
        let anyone = Statement::from_json(
            &json!({"Effect":"Allow","NotPrincipal":{"AWS":"*"},"Action":"*"}),
            "S",
        );
        assert!(anyone.is_ok_and(|s| {
            s.principal
                .is_some_and(|p| p.negated && p.principals == Principals::Anyone)
        }));
    }

    #[test]
    fn errors_name_the_element() {
        let cases = [
            (r#"[]"#, "(document)"),
            (r#"{"Statement":3}"#, "Statement"),
            (r#"{}"#, "Statement"),
            (
                r#"{"Statement":[{"Effect":"allow","Action":"*"}]}"#,
                "Statement[0].Effect",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow"}]}"#,
                "Statement[0].Action",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Action":"*","NotAction":"*"}]}"#,
                "Statement[0].Action",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Action":[1]}]}"#,
                "Statement[0].Action[0]",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Action":"*","Principal":"x"}]}"#,
                "Statement[0].Principal",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Action":"*","Condition":{"Bool":1}}]}"#,
                "Statement[0].Condition.Bool",
            ),
            (r#"{"Statement":[],"Version":2}"#, "Version"),
            ("not json", "(document)"),
        ];
        for (text, path) in cases {
            match PolicyDocument::parse(text) {
                Err(e) => assert_eq!(e.path, path, "{text}: {e}"),
                Ok(d) => panic!("{text} parsed: {d:?}"),
            }
        }
    }
}
