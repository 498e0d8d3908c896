//! The Kubernetes objects alertchart writes: the Alertmanager config Secret and one
//! PrometheusRule per rule set, as YAML documents with a fixed key order.

use serde_yaml::{Mapping, Value};

use crate::emit::to_yaml;
use crate::rules::RuleSet;

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Manifest {
    pub kind: String,
    pub name: String,
    pub namespace: String,
    /// File name under `render --output-dir`, and the name Helm 4 will show for it.
    pub file_name: String,
    pub yaml: String,
}

fn map<const N: usize>(entries: [(&str, Value); N]) -> Value {
    let mut m = Mapping::new();
    for (k, v) in entries {
        m.insert(Value::String(k.into()), v);
    }
    Value::Mapping(m)
}

fn metadata(name: &str, namespace: &str, labels: &[(String, String)]) -> Value {
    let mut md = map([("name", name.into()), ("namespace", namespace.into())]);
    if !labels.is_empty() {
        let l: Mapping = labels
            .iter()
            .map(|(k, v)| (Value::String(k.clone()), Value::String(v.clone())))
            .collect();
        if let Value::Mapping(m) = &mut md {
            m.insert("labels".into(), Value::Mapping(l));
        }
    }
    md
}

/// The Secret the Prometheus Operator reads: `alertmanager.yaml` plus one key per template.
pub fn secret(
    name: &str,
    namespace: &str,
    alertmanager_yaml: &str,
    templates: &[(String, String)],
) -> Manifest {
    let mut data = Mapping::new();
    data.insert("alertmanager.yaml".into(), alertmanager_yaml.into());
    for (k, v) in templates {
        data.insert(Value::String(k.clone()), Value::String(v.clone()));
    }
    let doc = map([
        ("apiVersion", "v1".into()),
        ("kind", "Secret".into()),
        ("metadata", metadata(name, namespace, &[])),
        ("type", "Opaque".into()),
        ("stringData", Value::Mapping(data)),
    ]);
    Manifest {
        kind: "Secret".into(),
        name: name.into(),
        namespace: namespace.into(),
        file_name: format!("secret-{name}.yaml"),
        yaml: to_yaml(&doc),
    }
}

pub fn prometheus_rule(set: &RuleSet, namespace: &str, labels: &[(String, String)]) -> Manifest {
    let doc = map([
        ("apiVersion", "monitoring.coreos.com/v1".into()),
        ("kind", "PrometheusRule".into()),
        ("metadata", metadata(&set.name, namespace, labels)),
        ("spec", map([("groups", set.groups.clone())])),
    ]);
    Manifest {
        kind: "PrometheusRule".into(),
        name: set.name.clone(),
        namespace: namespace.into(),
        file_name: format!("prometheusrule-{}.yaml", set.name),
        yaml: to_yaml(&doc),
    }
}

/// Documents joined into one stream, each opened by `---`.
pub fn stream(manifests: &[Manifest]) -> String {
    manifests
        .iter()
        .map(|m| format!("---\n{}", m.yaml))
        .collect()
}
