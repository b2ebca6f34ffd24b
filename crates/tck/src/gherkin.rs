//! A reader for the subset of Gherkin the openCypher TCK uses: features, backgrounds,
//! scenarios, scenario outlines with examples tables, tags, steps with docstrings and tables.
//!
//! Outlines are expanded here, so everything downstream sees plain scenarios.

use std::collections::HashMap;

/// One step as written: `keyword` is `Given`, `When`, `Then`, `And`, `But` or `*`.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub keyword: String,
    pub text: String,
    pub docstring: Option<String>,
    /// Rows of cells, unescaped and trimmed; the first row is the header where one applies.
    pub table: Option<Vec<Vec<String>>>,
    pub line: usize,
}

/// A runnable scenario: background steps first, placeholders already substituted.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Position among the feature's expanded scenarios: how a worker process finds it.
    pub index: usize,
    pub name: String,
    pub line: usize,
    /// Tags of the feature, the scenario and (for an outline) its examples block.
    pub tags: Vec<String>,
    pub steps: Vec<Step>,
}

/// A parsed feature file with its outlines expanded.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    pub name: String,
    pub scenarios: Vec<Scenario>,
}

struct Examples {
    tags: Vec<String>,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

struct RawScenario {
    name: String,
    line: usize,
    tags: Vec<String>,
    outline: bool,
    steps: Vec<Step>,
    examples: Vec<Examples>,
}

/// Which block the lines being read belong to.
enum Block {
    Preamble,
    Background,
    Scenario,
    Examples,
}

const STEP_KEYWORDS: [&str; 6] = ["Given", "When", "Then", "And", "But", "*"];

/// Parse a feature file's text. Errors name the 1-based line.
pub fn parse(text: &str) -> Result<Feature, String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut feature_name = None;
    let mut feature_tags = Vec::new();
    let mut pending_tags: Vec<String> = Vec::new();
    let mut background: Vec<Step> = Vec::new();
    let mut raw: Vec<RawScenario> = Vec::new();
    let mut block = Block::Preamble;
    let mut i = 0;
    while i < lines.len() {
        let line_no = i + 1;
        let line = lines[i];
        let t = line.trim();
        i += 1;
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if t.starts_with('@') {
            pending_tags.extend(
                t.split_whitespace()
                    .take_while(|w| !w.starts_with('#'))
                    .map(String::from),
            );
            continue;
        }
        if let Some(name) = t.strip_prefix("Feature:") {
            feature_name = Some(name.trim().to_string());
            feature_tags = std::mem::take(&mut pending_tags);
            continue;
        }
        if t.starts_with("Background:") {
            block = Block::Background;
            continue;
        }
        if let Some((name, outline)) = scenario_header(t) {
            raw.push(RawScenario {
                name: name.to_string(),
                line: line_no,
                tags: std::mem::take(&mut pending_tags),
                outline,
                steps: Vec::new(),
                examples: Vec::new(),
            });
            block = Block::Scenario;
            continue;
        }
        if t.starts_with("Examples:") || t.starts_with("Scenarios:") {
            let Some(current) = raw.last_mut() else {
                return Err(format!(
                    "line {line_no}: Examples outside a scenario outline"
                ));
            };
            current.examples.push(Examples {
                tags: std::mem::take(&mut pending_tags),
                header: Vec::new(),
                rows: Vec::new(),
            });
            block = Block::Examples;
            continue;
        }
        if t.starts_with('|') {
            let cells = table_row(t).map_err(|e| format!("line {line_no}: {e}"))?;
            match block {
                Block::Examples => {
                    let Some(ex) = raw.last_mut().and_then(|s| s.examples.last_mut()) else {
                        return Err(format!("line {line_no}: table row outside a block"));
                    };
                    if ex.header.is_empty() {
                        ex.header = cells;
                    } else if cells.len() != ex.header.len() {
                        return Err(format!(
                            "line {line_no}: examples row has {} cells, header has {}",
                            cells.len(),
                            ex.header.len()
                        ));
                    } else {
                        ex.rows.push(cells);
                    }
                }
                _ => {
                    let step = last_step(&block, &mut background, &mut raw)
                        .ok_or_else(|| format!("line {line_no}: table row without a step"))?;
                    step.table.get_or_insert_with(Vec::new).push(cells);
                }
            }
            continue;
        }
        if let Some(delim) = ["\"\"\"", "```"].into_iter().find(|d| t.starts_with(d)) {
            let indent = line.len() - line.trim_start().len();
            let mut content = Vec::new();
            loop {
                let Some(l) = lines.get(i) else {
                    return Err(format!("line {line_no}: docstring is not closed"));
                };
                i += 1;
                if l.trim() == delim {
                    break;
                }
                content.push(strip_indent(l, indent));
            }
            let step = last_step(&block, &mut background, &mut raw)
                .ok_or_else(|| format!("line {line_no}: docstring without a step"))?;
            step.docstring = Some(content.join("\n"));
            continue;
        }
        if let Some((keyword, text)) = step_line(t) {
            let step = Step {
                keyword: keyword.to_string(),
                text: text.to_string(),
                docstring: None,
                table: None,
                line: line_no,
            };
            match block {
                Block::Background => background.push(step),
                Block::Scenario => match raw.last_mut() {
                    Some(s) => s.steps.push(step),
                    None => return Err(format!("line {line_no}: step outside a scenario")),
                },
                Block::Preamble | Block::Examples => {
                    return Err(format!("line {line_no}: step outside a scenario"));
                }
            }
            continue;
        }
        // Free-text descriptions may follow a header, before any step.
        let described = match block {
            Block::Preamble => true,
            Block::Background => background.is_empty(),
            Block::Scenario => raw.last().is_some_and(|s| s.steps.is_empty()),
            Block::Examples => false,
        };
        if !described {
            return Err(format!("line {line_no}: unexpected line `{t}`"));
        }
    }
    let name = feature_name.ok_or("no `Feature:` line")?;
    let mut scenarios = Vec::new();
    for s in raw {
        expand(s, &feature_tags, &background, &mut scenarios)?;
    }
    Ok(Feature { name, scenarios })
}

fn scenario_header(t: &str) -> Option<(&str, bool)> {
    for (prefix, outline) in [
        ("Scenario Outline:", true),
        ("Scenario Template:", true),
        ("Scenario:", false),
        ("Example:", false),
    ] {
        if let Some(name) = t.strip_prefix(prefix) {
            return Some((name.trim(), outline));
        }
    }
    None
}

fn step_line(t: &str) -> Option<(&str, &str)> {
    STEP_KEYWORDS.into_iter().find_map(|k| {
        let rest = t.strip_prefix(k)?;
        rest.starts_with(' ').then(|| (k, rest.trim()))
    })
}

fn last_step<'a>(
    block: &Block,
    background: &'a mut [Step],
    raw: &'a mut [RawScenario],
) -> Option<&'a mut Step> {
    match block {
        Block::Background => background.last_mut(),
        Block::Scenario => raw.last_mut().and_then(|s| s.steps.last_mut()),
        Block::Preamble | Block::Examples => None,
    }
}

/// Remove up to `indent` leading whitespace characters (the docstring's own indentation).
fn strip_indent(line: &str, indent: usize) -> String {
    let mut rest = line;
    for _ in 0..indent {
        match rest.chars().next() {
            Some(c) if c.is_whitespace() => rest = &rest[c.len_utf8()..],
            _ => break,
        }
    }
    rest.trim_end().to_string()
}

/// Split `| a | b\|c |` into trimmed cells, undoing Gherkin's escapes (`\|`, `\\`, `\n`).
fn table_row(t: &str) -> Result<Vec<String>, String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = t.chars();
    if chars.next() != Some('|') {
        return Err("a table row must start with `|`".into());
    }
    // A lone `|` is a row without cells (the TCK writes empty procedure tables so).
    let mut closed = true;
    while let Some(c) = chars.next() {
        closed = false;
        match c {
            '\\' => match chars.next() {
                Some('|') => cell.push('|'),
                Some('\\') => cell.push('\\'),
                Some('n') => cell.push('\n'),
                Some(other) => {
                    cell.push('\\');
                    cell.push(other);
                }
                None => cell.push('\\'),
            },
            '|' => {
                cells.push(cell.trim().to_string());
                cell.clear();
                closed = true;
            }
            c => cell.push(c),
        }
    }
    if !closed {
        return Err("a table row must end with `|`".into());
    }
    Ok(cells)
}

/// Turn one raw scenario into runnable scenarios (one per examples row for an outline).
fn expand(
    s: RawScenario,
    feature_tags: &[String],
    background: &[Step],
    out: &mut Vec<Scenario>,
) -> Result<(), String> {
    let base_tags = || feature_tags.iter().chain(&s.tags).cloned();
    if !s.outline {
        if !s.examples.is_empty() {
            return Err(format!("line {}: Examples under a plain Scenario", s.line));
        }
        out.push(Scenario {
            index: out.len(),
            name: s.name.clone(),
            line: s.line,
            tags: base_tags().collect(),
            steps: background.iter().chain(&s.steps).cloned().collect(),
        });
        return Ok(());
    }
    let mut n = 0;
    for ex in &s.examples {
        for row in &ex.rows {
            n += 1;
            let vars: HashMap<&str, &str> = ex
                .header
                .iter()
                .map(String::as_str)
                .zip(row.iter().map(String::as_str))
                .collect();
            let steps = background
                .iter()
                .cloned()
                .chain(s.steps.iter().map(|st| substitute_step(st, &vars)))
                .collect();
            out.push(Scenario {
                index: out.len(),
                name: format!("{} #{n}", substitute(&s.name, &vars)),
                line: s.line,
                tags: base_tags().chain(ex.tags.iter().cloned()).collect(),
                steps,
            });
        }
    }
    Ok(())
}

fn substitute_step(step: &Step, vars: &HashMap<&str, &str>) -> Step {
    Step {
        keyword: step.keyword.clone(),
        text: substitute(&step.text, vars),
        docstring: step.docstring.as_deref().map(|d| substitute(d, vars)),
        table: step.table.as_ref().map(|t| {
            t.iter()
                .map(|r| r.iter().map(|c| substitute(c, vars)).collect())
                .collect()
        }),
        line: step.line,
    }
}

/// Replace `<name>` by its example value. Substituted text is not scanned again, and a `<`
/// that does not start a known placeholder (`a < b`) is left alone.
pub fn substitute(text: &str, vars: &HashMap<&str, &str>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after
            .find('>')
            .and_then(|close| vars.get(&after[..close]).map(|v| (close, v)))
        {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const FEATURE: &str = r#"
# comment
@featuretag
Feature: Demo - things

  Some description.

  Background:
    Given an empty graph

  @skip
  Scenario: [1] Plain
    When executing query:
      """
      MATCH (n)
        RETURN n
      """
    Then the result should be, in any order:
      | n          |
      | 'a\|b'     |
      | '\\x'      |

  Scenario Outline: [2] Outline <v>
    When executing query:
      """
      RETURN <v> AS x, 1 < 2 AS y
      """
    Then the result should be, in any order:
      | x   |
      | <v> |

    Examples:
      | v |
      | 1 |
      | 2 |

    @extra
    Examples:
      | v     |
      | 'a'   |
"#;

    #[test]
    fn parses_and_expands() {
        let f = parse(FEATURE).expect("parses");
        assert_eq!(f.name, "Demo - things");
        assert_eq!(f.scenarios.len(), 4);
        let plain = &f.scenarios[0];
        assert_eq!(plain.name, "[1] Plain");
        assert_eq!(plain.tags, vec!["@featuretag", "@skip"]);
        assert_eq!(plain.steps.len(), 3);
        assert_eq!(plain.steps[0].text, "an empty graph");
        assert_eq!(
            plain.steps[1].docstring.as_deref(),
            Some("MATCH (n)\n  RETURN n")
        );
        let table = plain.steps[2].table.as_ref().expect("table");
        assert_eq!(table[1], vec!["'a|b'"]);
        assert_eq!(table[2], vec!["'\\x'"]);

        let o = &f.scenarios[1];
        assert_eq!(o.name, "[2] Outline 1 #1");
        assert_eq!(
            o.steps[1].docstring.as_deref(),
            Some("RETURN 1 AS x, 1 < 2 AS y")
        );
        assert_eq!(o.steps[2].table.as_ref().expect("table")[1], vec!["1"]);
        let last = &f.scenarios[3];
        assert_eq!(last.name, "[2] Outline 'a' #3");
        assert_eq!(last.index, 3);
        assert_eq!(last.tags, vec!["@featuretag", "@extra"]);
        assert_eq!(
            last.steps[1].docstring.as_deref(),
            Some("RETURN 'a' AS x, 1 < 2 AS y")
        );
    }

    #[test]
    fn table_escapes() {
        assert_eq!(
            table_row(r"| a | b\|c | \\ | x\ny |").expect("row"),
            vec!["a", "b|c", "\\", "x\ny"]
        );
        assert_eq!(table_row(r"| \'q\' |").expect("row"), vec![r"\'q\'"]);
        assert!(table_row("| a ").is_err());
        assert_eq!(table_row("|").expect("row"), Vec::<String>::new());
    }

    #[test]
    fn substitution_leaves_unknown_placeholders() {
        let vars: HashMap<&str, &str> = [("a", "<b>"), ("b", "x")].into_iter().collect();
        assert_eq!(substitute("<a> <b> <c> a<b", &vars), "<b> x <c> a<b");
    }

    #[test]
    fn errors_name_lines() {
        let err =
            parse("Feature: x\n  Scenario: s\n    Given a\n  stray text\n").expect_err("fails");
        assert!(err.starts_with("line 4"), "{err}");
        assert!(parse("Feature: x\n  Scenario: s\n    Given a\n      \"\"\"\n      open").is_err());
        assert!(parse("Scenario: s\n").is_err());
    }
}
