//! The HTML report of the test estate, rendered by headless Chromium: it loads without
//! console errors or network requests and shows the expected totals.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use cartograph_rules::report::{gather, render};
use cartograph_rules::ruleset::RuleSet;

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

#[test]
fn the_report_renders_in_headless_chromium_with_the_expected_totals() {
    let db = common::estate();
    let set = RuleSet::built_in().unwrap_or_else(|e| panic!("{e}"));
    let data = gather(&db, &set.filtered(None), common::now()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(data.assets_by(|a| &a.1).len(), 3);
    assert_eq!(data.rules.errors(), 0);
    let html = render(&data);
    assert!(!html.contains("<script") && !html.contains("src=") && !html.contains("<link"));

    let Some(browser) = chromium() else {
        eprintln!("skipped: no chromium on this machine (apt-get install -y chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let page = dir.path().join("report.html");
    std::fs::write(&page, &html).unwrap_or_else(|e| panic!("{e}"));
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{browser}: {e}"));
    let started = Instant::now();
    while child.try_wait().ok().flatten().is_none() {
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("{browser} did not finish in 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let output = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    let dom = String::from_utf8_lossy(&output.stdout);
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{browser} failed:\n{log}");
    for bad in ["Uncaught", "CONSOLE", "net::ERR_"] {
        assert!(
            !log.contains(bad),
            "console or network error ({bad}):\n{log}"
        );
    }
    for (id, value) in [
        ("total-assets", data.total_assets().to_string()),
        ("total-accounts", "3".to_string()),
        ("total-rules", data.rules.rules.len().to_string()),
        ("total-findings", data.rules.findings().to_string()),
        ("exposed-endpoints", data.exposed.len().to_string()),
    ] {
        let needle = format!("id=\"{id}\">{value}</div>");
        assert!(dom.contains(&needle), "{needle} not in the rendered page");
    }
    for section in [
        "Assets by account",
        "Rules passing by framework",
        "Top failing assets",
        "Exposed endpoints",
    ] {
        assert!(dom.contains(section), "{section}");
    }
    assert!(dom.contains("acme-production") && dom.contains("CIS:aws:6.0.0"));
}
