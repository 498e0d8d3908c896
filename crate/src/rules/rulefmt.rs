//! Prometheus rule files (`model/rulefmt`), as typed structs, and promtool's structural
//! checks on them, in promtool's words.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::duration::Duration;
use crate::gotemplate::{self, Dialect};
use crate::matcher::is_label_name;
use crate::path::YamlPath;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleGroup {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<Duration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    /// Accepted by the Prometheus Operator's CRD (newer Prometheus, and Thanos Ruler).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_offset: Option<Duration>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partial_response_strategy: Option<String>,
    pub rules: Vec<Rule>,
}

/// A PrometheusRule's `spec`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    #[serde(default)]
    pub groups: Vec<RuleGroup>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert: Option<String>,
    #[serde(default)]
    pub expr: String,
    #[serde(default, rename = "for", skip_serializing_if = "Option::is_none")]
    pub for_: Option<Duration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_firing_for: Option<Duration>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
}

fn is_metric_name(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(f) if f.is_ascii_alphabetic() || f == '_' || f == ':')
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_' || x == ':')
}

#[cfg(feature = "promql")]
fn parse_expr(expr: &str) -> Result<(), String> {
    promql_parser::parser::parse(expr).map(|_| ())
}

/// Built without the `promql` feature (the WebAssembly module), expressions are not parsed.
#[cfg(not(feature = "promql"))]
fn parse_expr(_: &str) -> Result<(), String> {
    Ok(())
}

/// promtool's `rulefmt` validation for the groups of one rule file.
pub fn check(groups: &[RuleGroup], base: &YamlPath) -> Vec<Diagnostic> {
    let mut d = Vec::new();
    let mut names = HashSet::new();
    let mut alerts = HashSet::new();
    for (gi, g) in groups.iter().enumerate() {
        let gp = base.index(gi);
        if g.name.is_empty() {
            d.push(Diagnostic::error(
                &gp.key("name"),
                "Groupname must not be empty",
            ));
        } else if !names.insert(g.name.as_str()) {
            d.push(Diagnostic::error(
                &gp.key("name"),
                format!("groupname: {:?} is repeated in the same file", g.name),
            ));
        }
        for (ri, r) in g.rules.iter().enumerate() {
            let rp = gp.key("rules").index(ri);
            let err = |d: &mut Vec<Diagnostic>, key: &str, m: String| {
                d.push(Diagnostic::error(
                    &if key.is_empty() {
                        rp.clone()
                    } else {
                        rp.key(key)
                    },
                    m,
                ))
            };
            match (&r.record, &r.alert) {
                (Some(_), Some(_)) => err(
                    &mut d,
                    "",
                    "only one of 'record' and 'alert' must be set".into(),
                ),
                (None, None) => err(&mut d, "", "one of 'record' or 'alert' must be set".into()),
                (Some(rec), None) => {
                    if !r.annotations.is_empty() {
                        err(
                            &mut d,
                            "annotations",
                            "invalid field 'annotations' in recording rule".into(),
                        );
                    }
                    if r.for_.is_some() {
                        err(
                            &mut d,
                            "for",
                            "invalid field 'for' in recording rule".into(),
                        );
                    }
                    if r.keep_firing_for.is_some() {
                        err(
                            &mut d,
                            "keep_firing_for",
                            "invalid field 'keep_firing_for' in recording rule".into(),
                        );
                    }
                    if !is_metric_name(rec) {
                        err(
                            &mut d,
                            "record",
                            format!("invalid recording rule name: {rec}"),
                        );
                    }
                }
                (None, Some(_)) => {}
            }
            if r.expr.trim().is_empty() {
                err(&mut d, "expr", "field 'expr' must be set in rule".into());
            } else if let Err(e) = parse_expr(&r.expr) {
                err(&mut d, "expr", format!("could not parse expression: {e}"));
            }
            if let Some(name) = &r.alert {
                // promtool's duplicate-rules lint: same name and labels in one file.
                let key = (name.clone(), r.labels.clone());
                if !alerts.insert(key) {
                    d.push(Diagnostic::warning(&rp, format!("duplicate rule: alert {name:?} with the same labels is already defined")));
                }
            }
            for (k, v) in &r.labels {
                if !is_label_name(k) || k == "__name__" {
                    err(&mut d, "labels", format!("invalid label name: {k}"));
                }
                if let Err(e) = gotemplate::check(v, Dialect::Prometheus) {
                    d.push(Diagnostic::error(
                        &rp.key("labels").key(k),
                        format!("label {k:?} is not a valid template: {e}"),
                    ));
                }
            }
            for (k, v) in &r.annotations {
                if !is_label_name(k) {
                    err(
                        &mut d,
                        "annotations",
                        format!("invalid annotation name: {k}"),
                    );
                }
                if let Err(e) = gotemplate::check(v, Dialect::Prometheus) {
                    d.push(Diagnostic::error(
                        &rp.key("annotations").key(k),
                        format!("annotation {k:?} is not a valid template: {e}"),
                    ));
                }
            }
        }
    }
    d
}

#[cfg(all(test, feature = "promql"))]
mod tests {
    use super::*;

    fn groups(y: &str) -> Vec<RuleGroup> {
        serde_yaml::from_str(y).unwrap()
    }

    #[test]
    fn structural_errors() {
        let g = groups(
            "- name: a\n  rules:\n    - record: 'bad name'\n      expr: up\n      for: 1m\n    - alert: X\n      record: y\n      expr: up\n- name: a\n  rules:\n    - alert: Y\n      expr: ''\n      annotations: {s: '{{ $labels.x'}\n    - alert: Z\n      expr: rate(x[5m]\n",
        );
        let msgs: Vec<String> = check(&g, &YamlPath::root().key("groups"))
            .into_iter()
            .map(|d| format!("{}: {}", d.path, d.message))
            .collect();
        assert_eq!(
            msgs,
            [
                "groups[0].rules[0].for: invalid field 'for' in recording rule",
                "groups[0].rules[0].record: invalid recording rule name: bad name",
                "groups[0].rules[1]: only one of 'record' and 'alert' must be set",
                "groups[1].name: groupname: \"a\" is repeated in the same file",
                "groups[1].rules[0].expr: field 'expr' must be set in rule",
                "groups[1].rules[0].annotations.s: annotation \"s\" is not a valid template: unclosed action",
                "groups[1].rules[1].expr: could not parse expression: unclosed left parenthesis",
            ]
        );
    }
}
