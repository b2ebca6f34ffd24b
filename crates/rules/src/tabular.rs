//! Query results as tables: aligned text, JSON, newline-delimited JSON, CSV and Markdown.

use std::io::{self, Write};

use clap::ValueEnum;
use serde_json::{Map, Value as Json};

use crate::value::json_text;

/// How `queries run` prints its results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    Table,
    Json,
    Csv,
    Ndjson,
    Markdown,
}

/// The result of one named query.
#[derive(Debug, Clone)]
pub struct Table {
    pub name: String,
    pub description: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Json>>,
}

impl Table {
    fn objects(&self) -> impl Iterator<Item = Map<String, Json>> + '_ {
        self.rows.iter().map(|row| {
            self.columns
                .iter()
                .cloned()
                .zip(row.iter().cloned())
                .collect::<Map<_, _>>()
        })
    }
}

/// Write `tables` in `format`. With several tables, JSON is an object keyed by query name,
/// NDJSON and CSV gain a leading `query` field, and text formats print a heading per table.
pub fn write(tables: &[Table], format: TableFormat, out: &mut dyn Write) -> io::Result<()> {
    let many = tables.len() > 1;
    match format {
        TableFormat::Json => {
            let json = if many {
                Json::Object(
                    tables
                        .iter()
                        .map(|t| {
                            (
                                t.name.clone(),
                                Json::Array(t.objects().map(Json::Object).collect()),
                            )
                        })
                        .collect(),
                )
            } else {
                Json::Array(
                    tables
                        .iter()
                        .flat_map(|t| t.objects().map(Json::Object))
                        .collect(),
                )
            };
            let text = serde_json::to_string_pretty(&json).map_err(io::Error::other)?;
            writeln!(out, "{text}")
        }
        TableFormat::Ndjson => {
            for table in tables {
                for mut object in table.objects() {
                    if many {
                        object.insert("query".into(), Json::String(table.name.clone()));
                    }
                    writeln!(out, "{}", Json::Object(object))?;
                }
            }
            Ok(())
        }
        TableFormat::Csv => {
            let mut header_written = false;
            for table in tables {
                if !header_written || !many {
                    let mut header = table.columns.clone();
                    if many {
                        header.insert(0, "query".into());
                    }
                    write_csv_row(out, header.iter().map(String::as_str))?;
                    header_written = true;
                }
                for row in &table.rows {
                    let mut cells: Vec<String> = row.iter().map(json_text).collect();
                    if many {
                        cells.insert(0, table.name.clone());
                    }
                    write_csv_row(out, cells.iter().map(String::as_str))?;
                }
            }
            Ok(())
        }
        TableFormat::Table => {
            for (i, table) in tables.iter().enumerate() {
                if many {
                    if i > 0 {
                        writeln!(out)?;
                    }
                    writeln!(out, "== {}: {}", table.name, table.description)?;
                }
                write_text_table(table, out)?;
            }
            Ok(())
        }
        TableFormat::Markdown => {
            for (i, table) in tables.iter().enumerate() {
                if many {
                    if i > 0 {
                        writeln!(out)?;
                    }
                    writeln!(out, "### {}\n\n{}\n", table.name, table.description)?;
                }
                write_markdown_table(table, out)?;
            }
            Ok(())
        }
    }
}

/// One CSV record, quoting as RFC 4180 asks.
pub fn write_csv_row<'a>(
    out: &mut dyn Write,
    cells: impl Iterator<Item = &'a str>,
) -> io::Result<()> {
    let line: Vec<String> = cells.map(csv_cell).collect();
    write!(out, "{}\r\n", line.join(","))
}

fn csv_cell(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

fn write_text_table(table: &Table, out: &mut dyn Write) -> io::Result<()> {
    let cells: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|r| r.iter().map(|v| json_text(v).replace('\n', " ")).collect())
        .collect();
    let mut widths: Vec<usize> = table.columns.iter().map(|c| c.chars().count()).collect();
    for row in &cells {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |items: &[String]| -> String {
        items
            .iter()
            .zip(&widths)
            .map(|(s, w)| format!("{s:<w$}"))
            .collect::<Vec<_>>()
            .join(" | ")
            .trim_end()
            .to_string()
    };
    writeln!(out, "{}", line(&table.columns))?;
    writeln!(
        out,
        "{}",
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join("-+-")
    )?;
    for row in &cells {
        writeln!(out, "{}", line(row))?;
    }
    let n = table.rows.len();
    writeln!(out, "({n} row{})", if n == 1 { "" } else { "s" })
}

fn write_markdown_table(table: &Table, out: &mut dyn Write) -> io::Result<()> {
    let escape = |s: String| s.replace('|', "\\|").replace('\n', " ");
    writeln!(
        out,
        "| {} |",
        table
            .columns
            .iter()
            .cloned()
            .map(escape)
            .collect::<Vec<_>>()
            .join(" | ")
    )?;
    writeln!(out, "|{}", " --- |".repeat(table.columns.len()))?;
    for row in &table.rows {
        writeln!(
            out,
            "| {} |",
            row.iter()
                .map(|v| escape(json_text(v)))
                .collect::<Vec<_>>()
                .join(" | ")
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn table(name: &str) -> Table {
        Table {
            name: name.into(),
            description: "d".into(),
            columns: vec!["id".into(), "note".into()],
            rows: vec![
                vec![json!("a"), json!("x, \"y\"")],
                vec![json!(2), Json::Null],
            ],
        }
    }

    fn render(tables: &[Table], format: TableFormat) -> String {
        let mut out = Vec::new();
        write(tables, format, &mut out).unwrap_or_else(|e| panic!("{e}"));
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn every_format_renders_one_table() {
        assert_eq!(
            render(&[table("q")], TableFormat::Csv),
            "id,note\r\na,\"x, \"\"y\"\"\"\r\n2,\r\n"
        );
        assert_eq!(
            render(&[table("q")], TableFormat::Ndjson),
            "{\"id\":\"a\",\"note\":\"x, \\\"y\\\"\"}\n{\"id\":2,\"note\":null}\n"
        );
        let text = render(&[table("q")], TableFormat::Table);
        assert!(
            text.starts_with("id | note\n---+-------\na  | x, \"y\"\n2  |\n(2 rows)"),
            "{text}"
        );
        let md = render(&[table("q")], TableFormat::Markdown);
        assert!(
            md.starts_with("| id | note |\n| --- | --- |\n| a | x, \"y\" |"),
            "{md}"
        );
        let json: Json =
            serde_json::from_str(&render(&[table("q")], TableFormat::Json)).unwrap_or_default();
        assert_eq!(json[1]["id"], json!(2));
    }

    #[test]
    fn several_tables_are_told_apart() {
        let both = [table("q1"), table("q2")];
        let json: Json =
            serde_json::from_str(&render(&both, TableFormat::Json)).unwrap_or_default();
        assert_eq!(json["q2"][0]["id"], json!("a"));
        assert!(render(&both, TableFormat::Csv).starts_with("query,id,note\r\nq1,a,"));
        assert!(render(&both, TableFormat::Table).contains("== q2: d\n"));
    }
}
