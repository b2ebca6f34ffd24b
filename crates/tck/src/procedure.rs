//! The TCK's `there exists a procedure NAME(in :: TYPE, ...) :: (out :: TYPE, ...):` step:
//! a procedure signature plus a table of rows (input values, then output values) that the
//! scenario's database answers calls from.

use cartograph_graph::{ProcedureSignature, Value};

use crate::value;

/// A procedure to register before the scenario's queries run.
#[derive(Debug, Clone)]
pub struct ProcedureDef {
    pub name: String,
    pub signature: ProcedureSignature,
    pub rows: Vec<Vec<Value>>,
}

/// Build the procedure from the step text after `there exists a procedure ` and its table,
/// whose header must name the inputs then the outputs, in signature order.
pub fn define(text: &str, table: &[Vec<String>]) -> Result<ProcedureDef, String> {
    let (name, signature) = parse_signature(text)?;
    let expected: Vec<&str> = signature
        .inputs
        .iter()
        .chain(&signature.outputs)
        .map(|(n, _)| n.as_str())
        .collect();
    let (header, body) = match table.split_first() {
        Some((header, body)) => (header.as_slice(), body),
        None => (&[][..], &[][..]),
    };
    if header
        .iter()
        .map(String::as_str)
        .ne(expected.iter().copied())
    {
        return Err(format!(
            "table header [{}] does not match the signature's columns [{}]",
            header.join(", "),
            expected.join(", ")
        ));
    }
    let rows = body
        .iter()
        .map(|row| {
            if row.len() != header.len() {
                return Err(format!(
                    "table row has {} cells, header has {}",
                    row.len(),
                    header.len()
                ));
            }
            row.iter()
                .map(|cell| value::parse(cell).and_then(|v| v.to_param()))
                .collect()
        })
        .collect::<Result<_, String>>()?;
    Ok(ProcedureDef {
        name,
        signature,
        rows,
    })
}

/// Parse `name(arg :: TYPE, ...) :: (out :: TYPE, ...)`, with `:: VOID` accepted for no
/// outputs and a trailing `:` (which ends the Gherkin step) ignored.
pub fn parse_signature(text: &str) -> Result<(String, ProcedureSignature), String> {
    let bad = |why: &str| format!("procedure signature `{text}`: {why}");
    let t = text.trim();
    let t = t.strip_suffix(':').unwrap_or(t).trim_end();
    let (name, rest) = t.split_once('(').ok_or_else(|| bad("missing `(`"))?;
    let name = name.trim();
    let name_ok = !name.is_empty()
        && name
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_alphanumeric() || c == '_'));
    if !name_ok {
        return Err(bad("the name must be dotted identifiers"));
    }
    let (inputs, rest) = rest
        .split_once(')')
        .ok_or_else(|| bad("missing `)` after the inputs"))?;
    let outputs = rest
        .trim_start()
        .strip_prefix("::")
        .ok_or_else(|| bad("missing `::` before the outputs"))?
        .trim();
    let outputs = if outputs.eq_ignore_ascii_case("VOID") {
        ""
    } else {
        outputs
            .strip_prefix('(')
            .and_then(|o| o.strip_suffix(')'))
            .ok_or_else(|| bad("the outputs must be `(...)` or `VOID`"))?
    };
    Ok((
        name.to_string(),
        ProcedureSignature {
            inputs: fields(inputs).map_err(|e| bad(&e))?,
            outputs: fields(outputs).map_err(|e| bad(&e))?,
        },
    ))
}

/// `a :: INTEGER?, b :: STRING?` -> `[("a", "INTEGER?"), ("b", "STRING?")]`.
fn fields(list: &str) -> Result<Vec<(String, String)>, String> {
    if list.trim().is_empty() {
        return Ok(Vec::new());
    }
    list.split(',')
        .map(|field| {
            let (name, ty) = field
                .split_once("::")
                .ok_or_else(|| format!("field `{}` lacks `:: TYPE`", field.trim()))?;
            let (name, ty) = (name.trim(), ty.trim());
            if name.is_empty() || ty.is_empty() {
                return Err(format!("field `{}` needs a name and a type", field.trim()));
            }
            Ok((name.to_string(), ty.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
        v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
    }

    #[test]
    fn parses_signatures() {
        let (name, sig) = parse_signature(
            "test.my.proc(name :: STRING?, id :: INTEGER?) :: (city :: STRING?, country_code :: INTEGER?):",
        )
        .expect("valid");
        assert_eq!(name, "test.my.proc");
        assert_eq!(
            pairs(&sig.inputs),
            [("name", "STRING?"), ("id", "INTEGER?")]
        );
        assert_eq!(
            pairs(&sig.outputs),
            [("city", "STRING?"), ("country_code", "INTEGER?")]
        );

        let (_, sig) =
            parse_signature("test.my.proc(in :: INTEGER?) :: (a :: INTEGER?, b :: INTEGER?) :")
                .expect("space before the colon");
        assert_eq!(pairs(&sig.outputs), [("a", "INTEGER?"), ("b", "INTEGER?")]);

        for empty in ["test.doNothing() :: ():", "test.doNothing() :: VOID"] {
            let (name, sig) = parse_signature(empty).expect(empty);
            assert_eq!(name, "test.doNothing");
            assert!(sig.inputs.is_empty() && sig.outputs.is_empty());
        }

        let (_, sig) = parse_signature("test.labels() :: (label :: STRING?):").expect("no inputs");
        assert!(sig.inputs.is_empty());
        assert_eq!(pairs(&sig.outputs), [("label", "STRING?")]);
    }

    #[test]
    fn rejects_bad_signatures() {
        for bad in [
            "test.proc",
            "(in :: INTEGER?) :: ()",
            "test..proc() :: ()",
            "test.proc(in :: INTEGER? :: ()",
            "test.proc(in) :: ()",
            "test.proc(in :: ) :: ()",
            "test.proc() (out :: STRING?)",
            "test.proc() :: out :: STRING?",
        ] {
            assert!(parse_signature(bad).is_err(), "{bad}");
        }
    }

    fn table(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn converts_tables() {
        let def = define(
            "test.my.proc(in :: INTEGER?) :: (out :: STRING?):",
            &table(&[&["in", "out"], &["1", "'one'"], &["null", "'none'"]]),
        )
        .expect("valid");
        assert_eq!(def.name, "test.my.proc");
        let want = [
            vec![Value::Int(1), Value::from("one")],
            vec![Value::Null, Value::from("none")],
        ];
        assert_eq!(def.rows.len(), want.len());
        for (got, want) in def.rows.iter().zip(&want) {
            assert_eq!(got.len(), want.len());
            assert!(
                got.iter().zip(want).all(|(a, b)| a.equivalent(b)),
                "{got:?}"
            );
        }
        let empty = define("test.doNothing() :: ():", &table(&[&[]])).expect("lone `|`");
        assert!(empty.rows.is_empty());
        let header_only = define(
            "test.my.proc(in :: INTEGER?) :: (out :: INTEGER?):",
            &table(&[&["in", "out"]]),
        )
        .expect("no rows");
        assert!(header_only.rows.is_empty());
    }

    #[test]
    fn rejects_bad_tables() {
        let sig = "test.my.proc(in :: INTEGER?) :: (out :: STRING?):";
        assert!(define(sig, &table(&[&["out", "in"]])).is_err());
        assert!(define(sig, &table(&[&["in", "out"], &["1"]])).is_err());
        assert!(define(sig, &table(&[&["in", "out"], &["1", "(("]])).is_err());
    }
}
