//! alertchart: Seldon's alerting setup — the Alertmanager config, its Secret and the
//! PrometheusRules — rendered and checked from one Helm values file. One core; the CLI and
//! the WebAssembly exports only translate arguments and errors.

pub mod alertmanager;
pub mod audit;
pub mod diagnostic;
pub mod duration;
pub mod emit;
pub mod env;
pub mod gotemplate;
pub mod inhibit;
pub mod layers;
pub mod manifest;
pub mod matcher;
pub mod path;
pub mod postrender;
pub mod routing;
pub mod rules;
pub mod schema;
pub mod secrets;
pub mod source;
pub mod stream;
pub mod suggest;
pub mod timeinterval;
pub mod values;
pub mod wasm;

#[cfg(not(target_family = "wasm"))]
pub mod cli;

use alertmanager::config::Config;
use diagnostic::{has_errors, Diagnostic};
use layers::Layers;
use manifest::Manifest;
use path::YamlPath;
use values::Values;

/// Everything one set of values produces.
#[derive(Clone, Debug)]
pub struct Rendered {
    pub values: Values,
    pub config: Config,
    /// The Secret's `alertmanager.yaml`, byte for byte.
    pub alertmanager_yaml: String,
    /// The Secret, then the PrometheusRules in pack order, then custom rules by name.
    pub manifests: Vec<Manifest>,
    /// The PrometheusRules' names and groups, in manifest order.
    pub rule_sets: Vec<rules::RuleSet>,
    /// Warnings (an `Err` carries the errors too).
    pub diagnostics: Vec<Diagnostic>,
}

/// Kubernetes names: a DNS-1123 label (namespaces) or subdomain (object names).
fn dns_name(s: &str, max: usize, dots: bool) -> bool {
    let ok_char =
        |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || (dots && c == '.');
    !s.is_empty()
        && s.len() <= max
        && s.chars().all(ok_char)
        && s.starts_with(|c: char| c.is_ascii_alphanumeric())
        && s.ends_with(|c: char| c.is_ascii_alphanumeric())
}

fn name_checks(v: &Values, d: &mut Vec<Diagnostic>) {
    let root = YamlPath::root();
    for (path, value) in [
        (root.key("namespace"), &v.namespace),
        (
            root.key("rules").key("controlPlaneNamespace"),
            &v.rules.control_plane_namespace,
        ),
    ] {
        if !dns_name(value, 63, false) {
            d.push(Diagnostic::error(&path, format!("{value:?} is not a valid namespace name (RFC 1123 label: lower-case letters, digits and '-')")));
        }
    }
    let mut names = vec![(
        root.key("alertmanager").key("secretName"),
        v.alertmanager.secret_name.clone(),
    )];
    for (key, pack) in [
        ("infra", &v.rules.infra),
        ("user", &v.rules.user),
        ("drift", &v.rules.drift),
    ] {
        if let Some(n) = &pack.name {
            names.push((root.key("rules").key(key).key("name"), n.clone()));
        }
    }
    for n in v.rules.custom.keys() {
        names.push((root.key("rules").key("custom").key(n), n.clone()));
    }
    for (path, name) in names {
        if !dns_name(&name, 253, true) {
            d.push(Diagnostic::error(&path, format!("{name:?} is not a valid object name (RFC 1123 subdomain: lower-case letters, digits, '-' and '.')")));
        }
    }
    if alertmanager::version::parse(&v.alertmanager.version).is_none() {
        d.push(Diagnostic::error(
            &root.key("alertmanager").key("version"),
            format!(
                "{:?} is not an Alertmanager version (expected e.g. 0.25.0)",
                v.alertmanager.version
            ),
        ));
    }
    for (k, text) in &v.alertmanager.templates {
        if let Err(e) = gotemplate::check(text, gotemplate::Dialect::Alertmanager) {
            d.push(Diagnostic::error(
                &root.key("alertmanager").key("templates").key(k),
                format!("template: {k}: {e}"),
            ));
        }
        let ok = !k.is_empty()
            && k.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._".contains(c));
        if !ok || k == "alertmanager.yaml" {
            d.push(Diagnostic::error(
                &root.key("alertmanager").key("templates").key(k),
                format!("{k:?} cannot be a Secret key: use letters, digits, '-', '_' or '.', and not alertmanager.yaml"),
            ));
        }
    }
}

/// The config Secret for these values around an `alertmanager.yaml`.
fn secret(values: &Values, alertmanager_yaml: &str) -> Manifest {
    let templates: Vec<(String, String)> =
        values.alertmanager.templates.clone().into_iter().collect();
    manifest::secret(
        &values.alertmanager.secret_name,
        &values.namespace,
        alertmanager_yaml,
        &templates,
    )
}

impl Rendered {
    /// `alertmanager.yaml` and the manifests with inline credentials masked, for showing.
    pub fn masked(&self) -> (String, Vec<Manifest>) {
        let yaml = emit::to_yaml(&secrets::masked(&self.config));
        let mut manifests = self.manifests.clone();
        manifests[0] = secret(&self.values, &yaml);
        (yaml, manifests)
    }
}

/// Values → outputs. `Err` holds every diagnostic, errors first, when any is an error.
pub fn render(layers: &Layers) -> Result<Rendered, Vec<Diagnostic>> {
    let values = layers.values()?;
    let mut diags = Vec::new();
    name_checks(&values, &mut diags);

    let built = alertmanager::build::build(&values, &mut diags);
    for mut d in alertmanager::checks(&built.config, &values.alertmanager.version) {
        d.path = built.values_path(&YamlPath::parse(&d.path)).to_string();
        diags.push(d);
    }
    let rule_sets = rules::build(&values, &mut diags);

    let config_value = serde_yaml::to_value(&built.config).unwrap_or_default();
    let alertmanager_yaml = emit::to_yaml(&config_value);
    // Every document we write is read back as Alertmanager would read it.
    let read_back = serde_yaml::from_str(&alertmanager_yaml)
        .ok()
        .map(layers::typed::<Config>);
    match read_back {
        Some(Ok(back)) if back == built.config => {}
        _ => diags.push(Diagnostic::error(
            &YamlPath::root().key("alertmanager"),
            "internal error: the rendered alertmanager.yaml does not read back as written",
        )),
    }

    let labels: Vec<(String, String)> = values.rules.labels.clone().into_iter().collect();
    let mut manifests = vec![secret(&values, &alertmanager_yaml)];
    manifests.extend(
        rule_sets
            .iter()
            .map(|s| manifest::prometheus_rule(s, &values.namespace, &labels)),
    );

    let mut diags: Vec<Diagnostic> = diags.into_iter().map(|d| layers.locate(d)).collect();
    diags.dedup();
    diags.sort_by_key(|d| d.severity);
    if has_errors(&diags) {
        return Err(diags);
    }
    Ok(Rendered {
        values,
        config: built.config,
        alertmanager_yaml,
        manifests,
        rule_sets,
        diagnostics: diags,
    })
}
