//! The Helm post-renderer. Every AlertingBundle marker in the stream is replaced by the
//! Secret and PrometheusRules its values produce; every Alertmanager config Secret and
//! PrometheusRule of any chart is checked like `alertchart check`; every other document
//! passes through byte for byte, in order. Generated documents are framed like their
//! marker: a `# Source:` comment for Helm 3, the filename annotation for Helm 4.

use std::borrow::Cow;

use base64::Engine;
use memchr::memmem;
use serde_yaml::Value;

use crate::diagnostic::Diagnostic;
use crate::emit::to_yaml;
use crate::layers::Layers;
use crate::source::Source;
use crate::stream::{split, Doc};

pub const MARKER_API_VERSION: &str = "alertchart.seldon.io/v1alpha1";
pub const MARKER_KIND: &str = "AlertingBundle";
pub const FILENAME_ANNOTATION: &str = "postrenderer.helm.sh/postrender-filename";
const CONFIG_KEY: &str = "alertmanager.yaml";

/// Looks up a `${NAME}` placeholder.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Names a document in messages: its index, kind/name and template path.
fn describe(index: usize, doc: &Doc, v: Option<&Value>) -> String {
    let field = |k: &str| {
        v.and_then(|v| v.get(k))
            .and_then(Value::as_str)
            .unwrap_or("?")
    };
    let name = v
        .and_then(|v| v.get("metadata"))
        .and_then(|m| m.get("name"))
        .and_then(Value::as_str)
        .unwrap_or("?");
    let mut s = format!("document {index} ({}/{name}", field("kind"));
    if let Some(src) = doc.source_comment().or_else(|| filename_annotation(v)) {
        s.push_str(&format!(", {src}"));
    }
    s.push(')');
    s
}

fn filename_annotation(v: Option<&Value>) -> Option<&str> {
    v?.get("metadata")?
        .get("annotations")?
        .get(FILENAME_ANNOTATION)?
        .as_str()
}

/// The output as pieces: borrowed ones are input documents, owned ones are generated.
/// Nothing is produced unless the whole stream is valid.
pub fn post_render<'a>(
    input: &'a str,
    extra: &[Source],
    env: Env,
) -> Result<Vec<Cow<'a, str>>, Vec<Diagnostic>> {
    // Only these documents need parsing; the rest of the stream is never read as YAML.
    let needles =
        [MARKER_KIND, "PrometheusRule", CONFIG_KEY].map(|n| memmem::Finder::new(n.as_bytes()));
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (index, doc) in split(input).into_iter().enumerate() {
        let candidate = needles.iter().any(|f| f.find(doc.raw.as_bytes()).is_some());
        if !candidate || doc.is_empty() {
            out.push(Cow::Borrowed(doc.raw));
            continue;
        }
        let line = doc.body_line(input);
        let parsed: Value = match serde_yaml::from_str(doc.body()) {
            Ok(v) => v,
            Err(e) => {
                let mut d = Diagnostic::error(
                    &crate::path::YamlPath::root(),
                    crate::source::yaml_message(&e),
                );
                d.location.file = Some(format!("stdin: {}", describe(index, &doc, None)));
                d.location.line = e.location().map(|l| l.line() + line - 1);
                errors.push(d);
                continue;
            }
        };
        let kind = parsed.get("kind").and_then(Value::as_str);
        let name = format!("stdin: {}", describe(index, &doc, Some(&parsed)));
        if kind == Some(MARKER_KIND)
            && parsed.get("apiVersion").and_then(Value::as_str) == Some(MARKER_API_VERSION)
        {
            match expand(&name, &doc, line, &parsed, extra, env) {
                Ok(text) => out.push(Cow::Owned(text)),
                Err(d) => errors.extend(d),
            }
            continue;
        }
        let found = match kind {
            Some("Secret") => check_secret(&name, &parsed),
            Some("PrometheusRule") => check_rule(&name, &doc, line),
            _ => Vec::new(),
        };
        errors.extend(found.into_iter().filter(Diagnostic::is_error));
        out.push(Cow::Borrowed(doc.raw));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if out.iter().all(|p| split(p).iter().all(Doc::is_empty)) {
        return Err(Diagnostic::general(
            "the stream holds no manifests; Helm rejects empty post-renderer output",
        ));
    }
    Ok(out)
}

/// The same, joined into one string.
pub fn post_render_string(
    input: &str,
    extra: &[Source],
    env: Env,
) -> Result<String, Vec<Diagnostic>> {
    Ok(post_render(input, extra, env)?.concat())
}

/// An Alertmanager config Secret from any chart (kube-prometheus-stack's, say), in
/// `stringData` or base64 `data`, checked as Alertmanager loads it.
fn check_secret(name: &str, secret: &Value) -> Vec<Diagnostic> {
    let text = if let Some(s) = secret
        .get("stringData")
        .and_then(|d| d.get(CONFIG_KEY))
        .and_then(Value::as_str)
    {
        s.to_string()
    } else if let Some(b64) = secret
        .get("data")
        .and_then(|d| d.get(CONFIG_KEY))
        .and_then(Value::as_str)
    {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(b64.split_whitespace().collect::<String>())
            .ok()
            .and_then(|b| String::from_utf8(b).ok());
        match decoded {
            Some(t) => t,
            None => {
                return Diagnostic::general(format!(
                    "{name}: data.{CONFIG_KEY} is not base64-encoded UTF-8 text"
                ))
            }
        }
    } else {
        return Vec::new();
    };
    match crate::alertmanager::load(&format!("{name} {CONFIG_KEY}"), &text) {
        Ok((_, diags)) | Err(diags) => diags,
    }
}

fn check_rule(name: &str, doc: &Doc, line: usize) -> Vec<Diagnostic> {
    match Source::parse_nested(name, doc.body(), "spec", line) {
        Ok(spec) => crate::rules::check_spec(spec)
            .into_iter()
            .map(|mut d| {
                d.path = format!("spec.{}", d.path);
                d
            })
            .collect(),
        Err(d) => d,
    }
}

fn expand(
    name: &str,
    doc: &Doc,
    line: usize,
    marker: &Value,
    extra: &[Source],
    env: Env,
) -> Result<String, Vec<Diagnostic>> {
    let mut sources = vec![Source::parse_nested(name, doc.body(), "spec", line)?];
    sources.extend(extra.iter().cloned());
    let mut layers = Layers::new(sources);
    let missing: Vec<Diagnostic> = layers
        .sources
        .iter_mut()
        .flat_map(|s| crate::env::expand(&mut s.value, env))
        .collect();
    let in_spec = |mut d: Diagnostic| {
        d.path = format!("spec.{}", d.path);
        d
    };
    if !missing.is_empty() {
        return Err(missing
            .into_iter()
            .map(|d| in_spec(layers.locate(d)))
            .collect());
    }
    let rendered =
        crate::render(&layers).map_err(|ds| ds.into_iter().map(in_spec).collect::<Vec<_>>())?;
    let source = doc.source_comment();
    let annotation = filename_annotation(Some(marker));
    // Generated files sit beside the marker's template, so `--show-only` finds them.
    let dir_of = |p: &str| p.rsplit_once('/').map(|(d, _)| d.to_string());
    let mut text = String::new();
    for m in &rendered.manifests {
        text.push_str("---\n");
        if let Some(dir) = source.and_then(dir_of) {
            text.push_str(&format!("# Source: {dir}/{}\n", m.file_name));
        }
        match annotation.and_then(dir_of) {
            Some(dir) => {
                let mut v: Value = serde_yaml::from_str(&m.yaml).unwrap_or(Value::Null);
                if let Some(md) = v.get_mut("metadata").and_then(Value::as_mapping_mut) {
                    let ann = md
                        .entry("annotations".into())
                        .or_insert_with(|| Value::Mapping(Default::default()));
                    if let Some(a) = ann.as_mapping_mut() {
                        a.insert(
                            FILENAME_ANNOTATION.into(),
                            format!("{dir}/{}", m.file_name).into(),
                        );
                    }
                }
                text.push_str(&to_yaml(&v));
            }
            None => text.push_str(&m.yaml),
        }
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OTHER: &str = "---\n# Source: other/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keep\ndata:\n  x: \"yes\"   # odd spacing is kept\n";

    fn no_env(_: &str) -> Option<String> {
        None
    }

    fn run(input: &str) -> Result<String, Vec<Diagnostic>> {
        post_render_string(input, &[], &no_env)
    }

    fn marker(spec: &str) -> String {
        format!("---\n# Source: seldon-alerting/templates/alertingbundle.yaml\napiVersion: {MARKER_API_VERSION}\nkind: {MARKER_KIND}\nmetadata:\n  name: seldon-alerting\nspec:\n{spec}")
    }

    #[test]
    fn marker_is_replaced_and_the_rest_kept() {
        let input = format!(
            "{OTHER}{}{OTHER}",
            marker("  namespace: seldon-monitoring\n")
        );
        let out = run(&input).unwrap();
        assert!(out.starts_with(OTHER) && out.ends_with(OTHER));
        assert!(!out.contains(MARKER_KIND));
        assert!(out.contains("# Source: seldon-alerting/templates/secret-alertmanager-seldon-monitoring-alertmanager.yaml\napiVersion: v1\nkind: Secret\n"));
        assert_eq!(out.matches("kind: PrometheusRule").count(), 3);
        assert_eq!(run(&input).unwrap(), out, "deterministic");
    }

    #[test]
    fn bad_values_name_the_document_and_line() {
        let input = format!(
            "{OTHER}{}",
            marker("  alertmanager:\n    route:\n      groupWiat: 1m\n")
        );
        let e = &run(&input).unwrap_err()[0];
        let file = e.location.file.as_deref().unwrap();
        assert!(file.contains("document 1 (AlertingBundle/seldon-alerting, seldon-alerting/templates/alertingbundle.yaml)"), "{file}");
        assert_eq!(e.path, "spec.alertmanager.route.groupWiat");
        assert_eq!(e.location.line, Some(18));
    }

    #[test]
    fn helm4_filename_annotation() {
        let input = format!("apiVersion: {MARKER_API_VERSION}\nkind: {MARKER_KIND}\nmetadata:\n  name: s\n  annotations:\n    {FILENAME_ANNOTATION}: seldon-alerting/templates/alertingbundle.yaml\nspec: {{}}\n");
        let out = run(&input).unwrap();
        assert!(out.contains(&format!("{FILENAME_ANNOTATION}: seldon-alerting/templates/prometheusrule-deploy-user-alerts.yaml")));
        assert!(!out.contains("# Source:"));
    }

    #[test]
    fn malformed_and_empty_streams_fail() {
        let e = &run(&format!("---\nok: 1\n{}  a: [\n", marker(""))).unwrap_err()[0];
        assert_eq!(e.location.line, Some(11));
        assert!(run("---\n# Source: x/templates/empty.yaml\n").is_err());
    }

    #[test]
    fn env_placeholders() {
        let input = marker("  alertmanager:\n    seldonDeploy:\n      oidc:\n        enabled: true\n        clientId: c\n        clientSecret: '${OIDC_SECRET}'\n        tokenUrl: https://idp.example.com/token\n");
        let e = run(&input).unwrap_err();
        assert_eq!(
            e[0].path,
            "spec.alertmanager.seldonDeploy.oidc.clientSecret"
        );
        assert!(e[0].message.contains("OIDC_SECRET is not set"));
        let env = |n: &str| (n == "OIDC_SECRET").then(|| "s3cr3t".to_string());
        let out = post_render_string(&input, &[], &env).unwrap();
        assert!(out.contains("client_secret: s3cr3t"));
    }

    #[test]
    fn foreign_alertmanager_secrets_and_rules_are_checked() {
        let cfg = "route:\n  receiver: 'null'\nreceivers:\n  - name: nul\n";
        let b64 = base64::engine::general_purpose::STANDARD.encode(cfg);
        let secret = format!("---\n# Source: kps/templates/alertmanager/secret.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: alertmanager-kps\ndata:\n  alertmanager.yaml: {b64}\n");
        let e = run(&secret).unwrap_err();
        assert!(
            e[0].to_string()
                .contains("undefined receiver \"null\" used in route"),
            "{}",
            e[0]
        );
        assert!(e[0].to_string().contains("document 0 (Secret/alertmanager-kps, kps/templates/alertmanager/secret.yaml) alertmanager.yaml:2:3"), "{}", e[0]);
        let good = secret.replace(
            &b64,
            &base64::engine::general_purpose::STANDARD.encode(cfg.replace("nul\n", "'null'\n")),
        );
        assert_eq!(run(&good).unwrap(), good);

        let rule = "---\napiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: r\nspec:\n  groups:\n    - name: g\n      rules:\n        - record: x\n          expr: up\n          for: 1m\n";
        let e = run(rule).unwrap_err();
        assert_eq!(e[0].path, "spec.groups[0].rules[0].for");
        assert_eq!(e[0].location.line, Some(12));
        assert_eq!(
            run(&rule.replace("          for: 1m\n", "")).unwrap(),
            rule.replace("          for: 1m\n", "")
        );
    }
}
