//! `routes audit`: for every alert of every PrometheusRule, the receivers its static labels
//! reach, and what would go unnoticed: alerts that only reach receivers with no integration,
//! receivers no route leads to, PrometheusRules that Prometheus would not select.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::alertmanager::config::{Config, Route};
use crate::diagnostic::Diagnostic;
use crate::path::YamlPath;
use crate::routing::{route, Labels};
use crate::rules::rulefmt::RuleGroup;
use crate::rules::RuleSet;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub rule: String,
    pub group: String,
    pub alert: String,
    pub severity: String,
    #[serde(rename = "type")]
    pub type_: String,
    pub receivers: Vec<String>,
    /// Every receiver it reaches has no integration: nobody is told.
    pub dropped: bool,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Audit {
    pub rows: Vec<Row>,
    pub warnings: Vec<Diagnostic>,
}

fn referenced(r: &Route, out: &mut Vec<String>) {
    out.extend(r.receiver.clone());
    for c in &r.routes {
        referenced(c, out);
    }
}

/// `selector`: labels every PrometheusRule must carry to be selected (kube-prometheus-stack
/// selects `release: <name>`); empty means every rule is selected, as with Seldon's chart.
pub fn audit(
    config: &Config,
    rule_sets: &[RuleSet],
    rule_labels: &BTreeMap<String, String>,
    selector: &BTreeMap<String, String>,
) -> Audit {
    let mut a = Audit::default();
    let root = config.route.clone().unwrap_or_default();
    let integrations: BTreeMap<&str, usize> = config
        .receivers
        .iter()
        .map(|r| (r.name.as_str(), r.integrations()))
        .collect();

    for set in rule_sets {
        let unselected: Vec<String> = selector
            .iter()
            .filter(|(k, v)| rule_labels.get(*k) != Some(*v))
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        if !unselected.is_empty() {
            a.warnings.push(Diagnostic::warning(
                &YamlPath::root().key("rules").key("labels"),
                format!(
                    "PrometheusRule {:?} lacks {}: Prometheus's ruleSelector will not select it, and none of its alerts will fire",
                    set.name,
                    unselected.join(", ")
                ),
            ));
        }
        let groups: Vec<RuleGroup> = crate::layers::typed(set.groups.clone()).unwrap_or_default();
        for g in &groups {
            for r in &g.rules {
                let Some(alert) = &r.alert else { continue };
                let mut labels: Labels = r.labels.clone();
                labels.insert("alertname".into(), alert.clone());
                let receivers: Vec<String> = route(&root, &labels)
                    .into_iter()
                    .map(|m| m.receiver)
                    .collect();
                let dropped = receivers
                    .iter()
                    .all(|n| integrations.get(n.as_str()).copied().unwrap_or(0) == 0);
                if dropped {
                    a.warnings.push(Diagnostic::warning(
                        &YamlPath::root().key("rules"),
                        format!(
                            "alert {alert:?} ({}/{}) reaches only {}, with no integration: it is silently dropped",
                            set.name,
                            g.name,
                            receivers.join(", ")
                        ),
                    ));
                }
                a.rows.push(Row {
                    rule: set.name.clone(),
                    group: g.name.clone(),
                    alert: alert.clone(),
                    severity: r.labels.get("severity").cloned().unwrap_or_default(),
                    type_: r.labels.get("type").cloned().unwrap_or_default(),
                    receivers,
                    dropped,
                });
            }
        }
    }

    let mut used = Vec::new();
    referenced(&root, &mut used);
    for (i, r) in config.receivers.iter().enumerate() {
        if !used.contains(&r.name) {
            a.warnings.push(Diagnostic::warning(
                &YamlPath::root().key("receivers").index(i),
                format!(
                    "receiver {:?} is unreachable: no route leads to it (give it matchers)",
                    r.name
                ),
            ));
        }
    }
    a
}

/// The rows as an aligned text table.
pub fn table(rows: &[Row]) -> String {
    let head = ["PROMETHEUSRULE", "ALERT", "SEVERITY", "TYPE", "RECEIVERS"];
    let cells: Vec<[String; 5]> = rows
        .iter()
        .map(|r| {
            let mut recv = r.receivers.join(",");
            if r.dropped {
                recv.push_str(" (dropped)");
            }
            [
                r.rule.clone(),
                r.alert.clone(),
                r.severity.clone(),
                r.type_.clone(),
                recv,
            ]
        })
        .collect();
    let width = |i: usize| {
        cells
            .iter()
            .map(|c| c[i].len())
            .chain([head[i].len()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..5).map(width).collect();
    let line = |c: [&str; 5]| {
        let mut s: String = (0..4)
            .map(|i| format!("{:<w$}  ", c[i], w = widths[i]))
            .collect();
        s.push_str(c[4]);
        s.push('\n');
        s
    };
    let mut out = line(head);
    for c in &cells {
        out.push_str(&line([&c[0], &c[1], &c[2], &c[3], &c[4]]));
    }
    out
}
