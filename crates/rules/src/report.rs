//! `cartograph report`: one self-contained HTML page (inline CSS and SVG, no script, no
//! network) with the inventory, the rule results by framework, the most-failing assets and
//! the network exposure of the graph.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use cartograph_graph::{GraphBackend, Params, QueryResult, Value};
use chrono::{DateTime, Utc};

use crate::model::Rule;
use crate::run::{RunReport, evaluate};

/// Rows shown in "top" lists and charts.
const TOP: usize = 15;

const ASSETS: &str = "MATCH (a:AWSAccount {inscope: true})-[:RESOURCE]->(n) \
     RETURN coalesce(a.name, a.id) AS account, coalesce(n.region, 'global') AS region, \
     labels(n)[0] AS type, count(n) AS assets";
const VPCS: &str = "MATCH (a:AWSAccount)-[:RESOURCE]->(v:AWSVpc) \
     OPTIONAL MATCH (s:AWSEC2Subnet)-[:MEMBER_OF_AWS_VPC]->(v) \
     WITH a, v, count(DISTINCT s) AS subnets \
     RETURN coalesce(a.name, a.id) AS account, v.id AS vpc, v.region AS region, \
     v.primary_cidr_block AS cidr, subnets ORDER BY account, region, vpc";
const PEERINGS: &str = "MATCH (a:AWSAccount)-[:RESOURCE]->(p:AWSPeeringConnection) \
     OPTIONAL MATCH (p)-[:REQUESTER_VPC]->(r:AWSVpc) OPTIONAL MATCH (p)-[:ACCEPTER_VPC]->(c:AWSVpc) \
     RETURN coalesce(a.name, a.id) AS account, p.id AS peering, r.id AS requester, c.id AS accepter, \
     p.status_code AS status ORDER BY account, peering";
const EXPOSED: &str = "MATCH (a:AWSAccount)-[:RESOURCE]->(i:AWSEC2Instance)-[:MEMBER_OF_EC2_SECURITY_GROUP]->\
     (:AWSEC2SecurityGroup)<-[:MEMBER_OF_EC2_SECURITY_GROUP]-(r:AWSIpPermissionInbound)\
     <-[:MEMBER_OF_IP_RULE]-(:AWSIpRange {range: '0.0.0.0/0'}) \
     WHERE i.publicipaddress IS NOT NULL \
     WITH a, i, collect(DISTINCT coalesce(toString(r.fromport), 'all')) AS ports \
     RETURN coalesce(a.name, a.id) AS account, i.instanceid AS instance, i.publicipaddress AS ip, \
     i.state AS state, ports ORDER BY account, instance";

/// Everything the page shows, gathered before rendering so tests can check the numbers.
#[derive(Debug, Clone)]
pub struct ReportData {
    pub generated: DateTime<Utc>,
    pub backend: String,
    /// (provider, account, region, type, count) of every account-owned asset group.
    pub assets: Vec<(String, String, String, String, u64)>,
    pub vpcs: Vec<Vec<String>>,
    pub peerings: Vec<Vec<String>>,
    pub exposed: Vec<Vec<String>>,
    pub rules: RunReport,
}

impl ReportData {
    pub fn total_assets(&self) -> u64 {
        self.assets.iter().map(|a| a.4).sum()
    }

    /// Asset counts grouped by the key `pick` extracts, largest first.
    pub fn assets_by(
        &self,
        pick: impl Fn(&(String, String, String, String, u64)) -> &str,
    ) -> Vec<(String, u64)> {
        let mut totals: BTreeMap<String, u64> = BTreeMap::new();
        for a in &self.assets {
            *totals.entry(pick(a).to_string()).or_default() += a.4;
        }
        let mut out: Vec<(String, u64)> = totals.into_iter().collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }
}

/// Query the graph and evaluate `rules` (stable facts only).
pub fn gather(
    backend: &dyn GraphBackend,
    rules: &[&Rule],
    now: DateTime<Utc>,
) -> anyhow::Result<ReportData> {
    let run = |query: &str| -> anyhow::Result<QueryResult> {
        backend
            .run(query, &Params::new())
            .map_err(|e| anyhow::anyhow!("report query failed: {e}\n{query}"))
    };
    let assets = run(ASSETS)?
        .rows
        .iter()
        .map(|row| {
            let count = match row.get(3) {
                Some(Value::Int(n)) => (*n).max(0) as u64,
                _ => 0,
            };
            (
                "aws".to_string(),
                text(row.first()),
                text(row.get(1)),
                text(row.get(2)),
                count,
            )
        })
        .collect();
    Ok(ReportData {
        generated: now,
        backend: backend.describe(),
        assets,
        vpcs: table(&run(VPCS)?),
        peerings: table(&run(PEERINGS)?),
        exposed: table(&run(EXPOSED)?),
        rules: evaluate(backend, rules, false, None, now),
    })
}

fn text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.to_string(),
        Some(Value::List(items)) => items
            .iter()
            .map(|v| text(Some(v)))
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => other.to_string(),
    }
}

fn table(result: &QueryResult) -> Vec<Vec<String>> {
    result
        .rows
        .iter()
        .map(|row| row.iter().map(|v| text(Some(v))).collect())
        .collect()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A horizontal bar chart as inline SVG.
fn bars(title: &str, items: &[(String, u64)], color: &str) -> String {
    let items = &items[..items.len().min(TOP)];
    let max = items.iter().map(|i| i.1).max().unwrap_or(0).max(1);
    let row = 22;
    let height = row * items.len().max(1) + 8;
    let mut svg = format!(
        "<figure><figcaption>{}</figcaption><svg role=\"img\" aria-label=\"{}\" viewBox=\"0 0 640 {height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\">",
        esc(title),
        esc(title)
    );
    for (i, (label, value)) in items.iter().enumerate() {
        let y = i * row + 4;
        let width = (*value as f64 / max as f64 * 360.0).max(1.0);
        let _ = write!(
            svg,
            "<text x=\"210\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"218\" y=\"{y}\" width=\"{width:.1}\" height=\"16\" fill=\"{color}\"/><text x=\"{:.1}\" y=\"{}\">{value}</text>",
            y + 13,
            esc(&truncate(label, 32)),
            218.0 + width + 6.0,
            y + 13
        );
    }
    svg.push_str("</svg></figure>");
    svg
}

/// Stacked pass/fail bars, one per framework.
fn stacked(title: &str, items: &[(String, u64, u64)]) -> String {
    let row = 24;
    let height = row * items.len().max(1) + 8;
    let mut svg = format!(
        "<figure><figcaption>{}</figcaption><svg role=\"img\" aria-label=\"{}\" viewBox=\"0 0 640 {height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\">",
        esc(title),
        esc(title)
    );
    for (i, (label, pass, fail)) in items.iter().enumerate() {
        let y = i * row + 4;
        let total = (pass + fail).max(1) as f64;
        let pw = *pass as f64 / total * 360.0;
        let fw = *fail as f64 / total * 360.0;
        let _ = write!(
            svg,
            "<text x=\"210\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"218\" y=\"{y}\" width=\"{pw:.1}\" height=\"18\" fill=\"#2e7d32\"/><rect x=\"{:.1}\" y=\"{y}\" width=\"{fw:.1}\" height=\"18\" fill=\"#c62828\"/><text x=\"586\" y=\"{}\">{pass}/{}</text>",
            y + 14,
            esc(label),
            218.0 + pw,
            y + 14,
            pass + fail
        );
    }
    svg.push_str("</svg></figure>");
    svg
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

fn html_table(headers: &[&str], rows: &[Vec<String>]) -> String {
    if rows.is_empty() {
        return "<p class=\"none\">None.</p>".into();
    }
    let mut out = String::from("<table><thead><tr>");
    for h in headers {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            let _ = write!(out, "<td>{}</td>", esc(cell));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

fn card(id: &str, label: &str, value: impl std::fmt::Display) -> String {
    format!(
        "<div class=\"card\"><div class=\"value\" id=\"{id}\">{value}</div><div class=\"label\">{}</div></div>",
        esc(label)
    )
}

const STYLE: &str = "body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f5f6f8}\
header{background:#1d2330;color:#fff;padding:18px 32px}header h1{margin:0;font-size:22px}\
header p{margin:4px 0 0;color:#b8c0cc}main{padding:16px 32px;max-width:1200px}\
section{background:#fff;border-radius:8px;padding:16px 24px;margin:16px 0;box-shadow:0 1px 2px #0002}\
h2{margin-top:0}.cards{display:flex;flex-wrap:wrap;gap:12px}.card{background:#eef1f6;border-radius:8px;padding:12px 18px;min-width:130px}\
.card .value{font-size:26px;font-weight:600}.card .label{color:#5a6475}\
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px}\
figure{margin:0}figure svg{max-width:640px}figcaption{font-weight:600;margin:8px 0}svg text{font-size:12px;fill:#1d2330}\
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e3e6eb}\
th{background:#f0f2f5}.fail{color:#c62828;font-weight:600}.pass{color:#2e7d32;font-weight:600}\
.error{color:#ef6c00;font-weight:600}.none{color:#5a6475}";

/// The page.
pub fn render(data: &ReportData) -> String {
    let report = &data.rules;
    let accounts = data.assets_by(|a| &a.1);
    let failing_rules = report.rules.iter().filter(|r| r.status() == "fail").count();
    let passing_rules = report.rules.iter().filter(|r| r.status() == "pass").count();
    let mut page = String::with_capacity(64 * 1024);
    let _ = write!(
        page,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>cartograph report</title><style>{STYLE}</style></head><body><header><h1>cartograph report</h1><p>Generated {} from {}</p></header><main>",
        data.generated.format("%Y-%m-%d %H:%M UTC"),
        esc(&data.backend)
    );
    page.push_str("<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">");
    page.push_str(&card("total-assets", "assets", data.total_assets()));
    page.push_str(&card("total-accounts", "accounts", accounts.len()));
    page.push_str(&card("total-rules", "rules evaluated", report.rules.len()));
    page.push_str(&card("failing-rules", "rules failing", failing_rules));
    page.push_str(&card("passing-rules", "rules passing", passing_rules));
    page.push_str(&card("total-findings", "findings", report.findings()));
    page.push_str(&card(
        "exposed-endpoints",
        "exposed endpoints",
        data.exposed.len(),
    ));
    page.push_str("</div></section>");

    page.push_str("<section id=\"inventory\"><h2>Inventory</h2><div class=\"grid\">");
    page.push_str(&bars(
        "Assets by provider",
        &data.assets_by(|a| &a.0),
        "#3f51b5",
    ));
    page.push_str(&bars("Assets by account", &accounts, "#3f51b5"));
    page.push_str(&bars(
        "Assets by region",
        &data.assets_by(|a| &a.2),
        "#00838f",
    ));
    page.push_str(&bars(
        "Assets by type",
        &data.assets_by(|a| &a.3),
        "#6a1b9a",
    ));
    page.push_str("</div></section>");

    page.push_str("<section id=\"security\"><h2>Security</h2>");
    page.push_str(&stacked("Rules passing by framework", &frameworks(report)));
    let rows: Vec<Vec<String>> = report
        .rules
        .iter()
        .map(|r| {
            let failing: u64 = r.facts.iter().map(|f| f.failing()).sum();
            let population: u64 = r.facts.iter().map(|f| f.population).sum();
            vec![
                r.status().to_string(),
                r.rule.severity.to_string(),
                r.rule.id.clone(),
                r.rule.name.clone(),
                format!("{failing} / {population}"),
            ]
        })
        .collect();
    page.push_str("<h3>Rule results</h3>");
    page.push_str(&status_table(&rows));
    page.push_str("<h3>Top failing assets</h3>");
    page.push_str(&html_table(
        &["asset", "type", "account", "rules failed"],
        &top_assets(report),
    ));
    page.push_str("</section>");

    page.push_str("<section id=\"networking\"><h2>Networking</h2>");
    let mut per_account: BTreeMap<String, u64> = BTreeMap::new();
    for v in &data.vpcs {
        if let Some(account) = v.first() {
            *per_account.entry(account.clone()).or_default() += 1;
        }
    }
    page.push_str(&bars(
        "VPCs by account",
        &per_account.into_iter().collect::<Vec<_>>(),
        "#00838f",
    ));
    page.push_str("<h3>VPCs</h3>");
    page.push_str(&html_table(
        &["account", "vpc", "region", "cidr", "subnets"],
        &data.vpcs,
    ));
    page.push_str("<h3>Peering connections</h3>");
    page.push_str(&html_table(
        &[
            "account",
            "peering",
            "requester vpc",
            "accepter vpc",
            "status",
        ],
        &data.peerings,
    ));
    page.push_str("<h3>Exposed endpoints</h3><p>Instances with a public IP in a security group open to 0.0.0.0/0.</p>");
    page.push_str(&html_table(
        &["account", "instance", "public ip", "state", "open ports"],
        &data.exposed,
    ));
    page.push_str("</section></main></body></html>\n");
    page
}

fn status_table(rows: &[Vec<String>]) -> String {
    let mut out = String::from(
        "<table><thead><tr><th>status</th><th>severity</th><th>rule</th><th>name</th><th>failing / assets</th></tr></thead><tbody>",
    );
    for row in rows {
        let status = row.first().map_or("", String::as_str);
        let _ = write!(
            out,
            "<tr><td class=\"{}\">{}</td>",
            esc(status),
            esc(status)
        );
        for cell in &row[1..] {
            let _ = write!(out, "<td>{}</td>", esc(cell));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

/// (framework key, rules passing, rules failing) for every framework.
fn frameworks(report: &RunReport) -> Vec<(String, u64, u64)> {
    let mut by: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for r in &report.rules {
        let keys: std::collections::BTreeSet<String> =
            r.rule.frameworks.iter().map(|f| f.key()).collect();
        for key in keys {
            let entry = by.entry(key).or_default();
            match r.status() {
                "pass" => entry.0 += 1,
                "fail" => entry.1 += 1,
                _ => {}
            }
        }
    }
    by.into_iter().map(|(k, (p, f))| (k, p, f)).collect()
}

/// Assets failing the most rules.
fn top_assets(report: &RunReport) -> Vec<Vec<String>> {
    let mut by: BTreeMap<(String, String), (String, std::collections::BTreeSet<String>)> =
        BTreeMap::new();
    for r in &report.rules {
        for fact in &r.facts {
            for f in &fact.findings {
                let entry = by
                    .entry((f.asset_id.clone(), fact.fact.asset_label.clone()))
                    .or_insert_with(|| {
                        (
                            f.account
                                .clone()
                                .or(f.account_id.clone())
                                .unwrap_or_default(),
                            Default::default(),
                        )
                    });
                entry.1.insert(r.rule.id.clone());
            }
        }
    }
    let mut rows: Vec<(usize, Vec<String>)> = by
        .into_iter()
        .map(|((asset, label), (account, rules))| {
            (
                rules.len(),
                vec![
                    asset,
                    label,
                    account,
                    rules.into_iter().collect::<Vec<_>>().join(", "),
                ],
            )
        })
        .collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    rows.into_iter().take(TOP).map(|r| r.1).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::fixture::report;

    #[test]
    fn the_page_is_self_contained_and_shows_totals() {
        let data = ReportData {
            generated: Utc::now(),
            backend: "embedded:<memory>".into(),
            assets: vec![
                (
                    "aws".into(),
                    "prod".into(),
                    "us-east-1".into(),
                    "AWSEC2Instance".into(),
                    5,
                ),
                (
                    "aws".into(),
                    "dev".into(),
                    "global".into(),
                    "AWSUser".into(),
                    2,
                ),
            ],
            vpcs: vec![vec![
                "prod".into(),
                "vpc-1".into(),
                "us-east-1".into(),
                "10.0.0.0/16".into(),
                "2".into(),
            ]],
            peerings: vec![],
            exposed: vec![],
            rules: report(),
        };
        let html = render(&data);
        assert!(html.contains("<div class=\"value\" id=\"total-assets\">7</div>"));
        assert!(html.contains("id=\"total-findings\">2</div>"));
        assert!(html.contains("embedded:&lt;memory&gt;"));
        assert!(html.contains("<svg"));
        assert!(
            !html.contains("<script") && !html.contains("http://") && !html.contains("https://")
        );
        assert_eq!(data.assets_by(|a| &a.1)[0], ("prod".to_string(), 5));
    }
}
