//! Small helpers for writing schema names into statement text. Only what schemas declare
//! (labels, property names, relationship types, row fields, parameter names, the constant of
//! a conditional label) is ever written into a statement; values read from data always
//! travel as parameters.

use crate::schema::{Direction, MatchOp, Matcher, Source};

/// A name as a Cypher identifier, backtick-quoted unless it is a plain identifier.
pub fn ident(name: &str) -> String {
    let mut chars = name.chars();
    let plain = match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {
            chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
        _ => false,
    };
    if plain {
        name.to_string()
    } else {
        format!("`{}`", name.replace('`', "``"))
    }
}

/// A schema constant as a single-quoted Cypher string literal.
pub fn string_literal(value: &str) -> String {
    format!("'{}'", value.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// The expression that reads a value: `item.<field>` for a row field, `$<name>` for a
/// parameter.
pub fn source_expr(source: Source) -> String {
    match source {
        Source::Field(field) => format!("item.{}", ident(field)),
        Source::Param(param) => format!("${}", ident(param)),
    }
}

/// `{key: <expr>, ...}` for matching a node by exact values (sub-resources and cleanups,
/// whose matchers are all `Equals`).
pub fn match_map(matchers: &[Matcher]) -> String {
    let entries: Vec<String> = matchers
        .iter()
        .map(|m| format!("{}: {}", ident(m.key), source_expr(m.source)))
        .collect();
    format!("{{{}}}", entries.join(", "))
}

/// `var.key = <expr> AND var.key IN <list expr> ...` for matching target nodes.
pub fn match_where(var: &str, matchers: &[Matcher]) -> String {
    let parts: Vec<String> = matchers
        .iter()
        .map(|m| {
            let (key, value) = (ident(m.key), source_expr(m.source));
            match m.op {
                MatchOp::Equals => format!("{var}.{key} = {value}"),
                MatchOp::In => format!("{var}.{key} IN {value}"),
                MatchOp::Contains => {
                    format!("toLower({var}.{key}) CONTAINS toLower({value})")
                }
            }
        })
        .collect();
    parts.join(" AND ")
}

/// The relationship pattern between `from` and `to` with variable `rel` (may be empty).
pub fn rel_pattern(
    from: &str,
    rel: &str,
    rel_type: &str,
    direction: Direction,
    to: &str,
) -> String {
    match direction {
        Direction::Inward => format!("({from})<-[{rel}:{}]-({to})", ident(rel_type)),
        Direction::Outward => format!("({from})-[{rel}:{}]->({to})", ident(rel_type)),
    }
}

/// The labels of a node pattern: `:A:B`.
pub fn labels(names: &[&str]) -> String {
    names.iter().map(|l| format!(":{}", ident(l))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_quoted_only_when_needed() {
        assert_eq!(ident("AWSEC2Instance"), "AWSEC2Instance");
        assert_eq!(ident("_sub_resource_id"), "_sub_resource_id");
        assert_eq!(ident("has space"), "`has space`");
        assert_eq!(ident("1abc"), "`1abc`");
        assert_eq!(ident("we`ird"), "`we``ird`");
        assert_eq!(ident(""), "``");
    }

    #[test]
    fn matchers_render_as_map_and_where() {
        const M: &[Matcher] = &[
            Matcher::field("id", "GroupId"),
            Matcher::list("arn", "user arns"),
            Matcher::contains("arn", "hint"),
        ];
        assert_eq!(match_map(&M[..1]), "{id: item.GroupId}");
        assert_eq!(
            match_where("n0", M),
            "n0.id = item.GroupId AND n0.arn IN item.`user arns` \
             AND toLower(n0.arn) CONTAINS toLower(item.hint)"
        );
        assert_eq!(
            match_map(&[Matcher::param("id", "AWS_ID")]),
            "{id: $AWS_ID}"
        );
    }
}
