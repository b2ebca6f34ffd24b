//! Query packs: the community JSON format (a list of annotated queries), the pack bundled
//! with cartograph, and the catalogue that merges packs.
//!
//! An entry is `{name, tags, description, query, return, result_headers, params}` where
//! `query` runs up to `RETURN ` and `return` holds the projection (and any ORDER BY).

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value as Json;
use thiserror::Error;

/// The pack shipped inside the binary, written for cartograph's (Cartography's) schema.
const BUNDLED: &str = include_str!("../packs/cartograph.json");
/// Name the bundled pack is reported under.
pub const BUNDLED_NAME: &str = "bundled";

/// A pack that could not be read.
#[derive(Debug, Error)]
pub enum PackError {
    #[error("cannot read query pack {file}: {source}")]
    Io {
        file: String,
        source: std::io::Error,
    },
    #[error("query pack {file} is not valid JSON: {source}")]
    Json {
        file: String,
        source: serde_json::Error,
    },
    #[error("query pack {file}: {message}")]
    Shape { file: String, message: String },
    #[error("query pack {file}, entry {index} ({name}): {message}")]
    Entry {
        file: String,
        index: usize,
        name: String,
        message: String,
    },
}

/// A named parameter of a pack query. `kind` says how its value is derived: the kind
/// `n_recent_days` means "the instant `value` days before now"; any other kind passes
/// `value` through unchanged.
#[derive(Debug, Clone, PartialEq)]
pub struct PackParam {
    pub kind: String,
    pub name: String,
    pub value: Json,
}

/// One annotated query.
#[derive(Debug, Clone, PartialEq)]
pub struct PackQuery {
    pub name: String,
    pub tags: Vec<String>,
    pub description: String,
    pub query: String,
    pub ret: String,
    pub result_headers: Vec<String>,
    pub params: Vec<PackParam>,
    /// The pack it came from (`bundled` or a file path).
    pub pack: String,
}

impl PackQuery {
    /// `query` and `return` joined into one statement.
    pub fn text(&self) -> String {
        let head = self.query.trim_end();
        let ret = self.ret.trim();
        if ret.is_empty() {
            head.to_string()
        } else if ends_with_return(head) {
            format!("{head} {ret}")
        } else {
            format!("{head} RETURN {ret}")
        }
    }

    /// True when every tag in `wanted` is one of this query's tags (case-insensitive).
    pub fn has_tags(&self, wanted: &[String]) -> bool {
        wanted
            .iter()
            .all(|w| self.tags.iter().any(|t| t.eq_ignore_ascii_case(w.trim())))
    }
}

/// True when `text` ends with the keyword `RETURN` (any case).
pub(crate) fn ends_with_return(text: &str) -> bool {
    let t = text.trim_end();
    t.len() >= 6
        && t.is_char_boundary(t.len() - 6)
        && t[t.len() - 6..].eq_ignore_ascii_case("return")
        && !t[..t.len() - 6]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// A parsed pack and the warnings its tolerated omissions raised.
#[derive(Debug, Clone)]
pub struct Pack {
    pub name: String,
    pub queries: Vec<PackQuery>,
    pub warnings: Vec<String>,
}

/// The bundled pack.
pub fn bundled() -> Result<Pack, PackError> {
    parse(BUNDLED_NAME, BUNDLED)
}

/// Read a pack file.
pub fn load(path: &Path) -> Result<Pack, PackError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| PackError::Io {
        file: file.clone(),
        source,
    })?;
    parse(&file, &text)
}

/// Parse a pack's text; `file` names it in errors and warnings.
pub fn parse(file: &str, text: &str) -> Result<Pack, PackError> {
    let json: Json = serde_json::from_str(text).map_err(|source| PackError::Json {
        file: file.to_string(),
        source,
    })?;
    let Json::Array(entries) = json else {
        return Err(PackError::Shape {
            file: file.to_string(),
            message: "expected a JSON list of query objects".into(),
        });
    };
    let mut pack = Pack {
        name: file.to_string(),
        queries: Vec::with_capacity(entries.len()),
        warnings: Vec::new(),
    };
    let mut seen = BTreeMap::new();
    for (index, entry) in entries.iter().enumerate() {
        let query = parse_entry(file, index, entry, &mut pack.warnings)?;
        if let Some(first) = seen.insert(query.name.clone(), index) {
            return Err(PackError::Entry {
                file: file.to_string(),
                index,
                name: query.name,
                message: format!("duplicate name (also entry {first})"),
            });
        }
        pack.queries.push(query);
    }
    Ok(pack)
}

fn parse_entry(
    file: &str,
    index: usize,
    entry: &Json,
    warnings: &mut Vec<String>,
) -> Result<PackQuery, PackError> {
    let label = entry
        .get("name")
        .and_then(Json::as_str)
        .unwrap_or("unnamed")
        .to_string();
    let fail = |message: String| PackError::Entry {
        file: file.to_string(),
        index,
        name: label.clone(),
        message,
    };
    let Json::Object(object) = entry else {
        return Err(fail("expected an object".into()));
    };
    let required = |key: &str| -> Result<String, PackError> {
        match object.get(key) {
            Some(Json::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
            Some(Json::String(_)) => Err(fail(format!("`{key}` is empty"))),
            Some(other) => Err(fail(format!(
                "`{key}` must be a string, not {}",
                kind(other)
            ))),
            None => Err(fail(format!("missing `{key}`"))),
        }
    };
    let name = required("name")?;
    let query = required("query")?;
    let mut warn = |what: &str| warnings.push(format!("{file}, entry {index} ({name}): {what}"));
    let ret = match object.get("return") {
        Some(Json::String(s)) => s.clone(),
        Some(other) => {
            return Err(fail(format!(
                "`return` must be a string, not {}",
                kind(other)
            )));
        }
        None if ends_with_return(&query) => {
            return Err(fail(
                "missing `return` after a query ending in RETURN".into(),
            ));
        }
        None => String::new(),
    };
    let tags = match object.get("tags") {
        Some(value) => {
            strings(value).ok_or_else(|| fail("`tags` must be a list of strings".into()))?
        }
        None => {
            warn("no `tags`");
            Vec::new()
        }
    };
    let description = match object.get("description") {
        Some(Json::String(s)) => s.clone(),
        Some(other) => {
            return Err(fail(format!(
                "`description` must be a string, not {}",
                kind(other)
            )));
        }
        None => {
            warn("no `description`");
            String::new()
        }
    };
    let result_headers = match object.get("result_headers") {
        Some(value) => strings(value)
            .ok_or_else(|| fail("`result_headers` must be a list of strings".into()))?,
        None => {
            warn("no `result_headers`; column names come from the query");
            Vec::new()
        }
    };
    let params = match object.get("params") {
        None | Some(Json::Null) => Vec::new(),
        Some(Json::Object(params)) => params
            .iter()
            .map(|(kind, spec)| {
                let name = spec
                    .get("param_name")
                    .and_then(Json::as_str)
                    .ok_or_else(|| {
                        fail(format!("parameter `{kind}` needs a string `param_name`"))
                    })?;
                let value = spec
                    .get("param_value")
                    .cloned()
                    .ok_or_else(|| fail(format!("parameter `{kind}` needs a `param_value`")))?;
                Ok(PackParam {
                    kind: kind.clone(),
                    name: name.to_string(),
                    value,
                })
            })
            .collect::<Result<Vec<_>, PackError>>()?,
        Some(other) => {
            return Err(fail(format!(
                "`params` must be an object, not {}",
                kind(other)
            )));
        }
    };
    Ok(PackQuery {
        name,
        tags,
        description,
        query,
        ret,
        result_headers,
        params,
        pack: file.to_string(),
    })
}

fn strings(value: &Json) -> Option<Vec<String>> {
    value
        .as_array()?
        .iter()
        .map(|v| v.as_str().map(str::to_string))
        .collect()
}

fn kind(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "a list",
        Json::Object(_) => "an object",
    }
}

/// Every query of several packs by name; a later pack's query replaces an earlier one's of
/// the same name (with a warning), so users can override bundled queries.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    pub queries: Vec<PackQuery>,
    pub warnings: Vec<String>,
}

impl Catalogue {
    /// The bundled pack followed by `files`, in order.
    pub fn load(files: &[impl AsRef<Path>]) -> Result<Catalogue, PackError> {
        let mut catalogue = Catalogue::default();
        catalogue.add(bundled()?);
        for file in files {
            catalogue.add(load(file.as_ref())?);
        }
        Ok(catalogue)
    }

    pub fn add(&mut self, pack: Pack) {
        self.warnings.extend(pack.warnings);
        for query in pack.queries {
            if let Some(old) = self.queries.iter_mut().find(|q| q.name == query.name) {
                self.warnings.push(format!(
                    "query `{}` from {} replaces the one from {}",
                    query.name, query.pack, old.pack
                ));
                *old = query;
            } else {
                self.queries.push(query);
            }
        }
    }

    pub fn get(&self, name: &str) -> Option<&PackQuery> {
        self.queries.iter().find(|q| q.name == name)
    }

    /// Queries carrying every tag in `tags`, in catalogue order.
    pub fn with_tags(&self, tags: &[String]) -> Vec<&PackQuery> {
        self.queries.iter().filter(|q| q.has_tags(tags)).collect()
    }

    /// Every tag with the number of queries carrying it.
    pub fn tags(&self) -> BTreeMap<String, usize> {
        let mut tags = BTreeMap::new();
        for query in &self.queries {
            for tag in &query.tags {
                *tags.entry(tag.clone()).or_insert(0) += 1;
            }
        }
        tags
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_pack_is_large_and_well_formed() {
        let pack = bundled().unwrap_or_else(|e| panic!("{e}"));
        assert!(pack.queries.len() >= 60, "{}", pack.queries.len());
        assert!(pack.warnings.is_empty(), "{:?}", pack.warnings);
        for q in &pack.queries {
            assert!(
                !q.tags.is_empty() && !q.description.is_empty(),
                "{}",
                q.name
            );
            assert!(!q.result_headers.is_empty(), "{}", q.name);
        }
    }

    #[test]
    fn missing_optional_fields_warn_and_bad_entries_fail_with_file_and_entry() {
        let pack = parse(
            "p.json",
            r#"[{"name": "a", "query": "MATCH (n) RETURN ", "return": "n.id"}]"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(pack.warnings.len(), 3, "{:?}", pack.warnings);
        assert_eq!(pack.queries[0].text(), "MATCH (n) RETURN n.id");

        let err = parse("p.json", r#"[{"name": "a", "query": "MATCH (n) RETURN ", "return": "n"}, {"name": "b", "tags": "x", "query": "q"}]"#)
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("query pack p.json, entry 1 (b): `tags` must be a list of strings")
        );
        let err = parse("p.json", r#"[{"query": "MATCH (n) RETURN n"}]"#)
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("query pack p.json, entry 0 (unnamed): missing `name`")
        );
        assert!(parse("p.json", "{}").is_err());
        assert!(parse("p.json", "[").is_err());
    }

    #[test]
    fn return_keyword_detection_respects_word_boundaries() {
        assert!(ends_with_return("MATCH (n) RETURN "));
        assert!(ends_with_return("MATCH (n) return"));
        assert!(!ends_with_return("MATCH (n) WITH n AS noreturn"));
        assert!(!ends_with_return("ret"));
    }

    #[test]
    fn later_packs_override_by_name_and_tags_filter_with_and() {
        let mut catalogue = Catalogue::default();
        let first = r#"[{"name": "a", "tags": ["aws", "security"], "description": "d", "query": "MATCH (n) RETURN ", "return": "n", "result_headers": ["n"]},
                        {"name": "b", "tags": ["aws"], "description": "d", "query": "MATCH (n) RETURN ", "return": "n", "result_headers": ["n"]}]"#;
        let second = r#"[{"name": "a", "tags": ["gcp"], "description": "d", "query": "MATCH (n) RETURN ", "return": "n", "result_headers": ["n"]}]"#;
        catalogue.add(parse("one", first).unwrap_or_else(|e| panic!("{e}")));
        assert_eq!(
            catalogue
                .with_tags(&["aws".into(), "SECURITY".into()])
                .len(),
            1
        );
        catalogue.add(parse("two", second).unwrap_or_else(|e| panic!("{e}")));
        assert_eq!(catalogue.warnings.len(), 1);
        assert_eq!(catalogue.get("a").map(|q| q.pack.as_str()), Some("two"));
        assert_eq!(catalogue.tags().get("aws"), Some(&1));
    }
}
