//! The Helm post-renderer: every AlertingBundle marker in the stream is replaced by the
//! Secret and PrometheusRules its values produce; every other document passes through
//! byte for byte, in order. Generated documents are framed like their marker: a
//! `# Source:` comment for Helm 3, the filename annotation for Helm 4.

use serde_yaml::Value;

use crate::diagnostic::Diagnostic;
use crate::emit::to_yaml;
use crate::layers::Layers;
use crate::path::YamlPath;
use crate::source::Source;
use crate::stream::{split, Doc};

pub const MARKER_API_VERSION: &str = "alertchart.seldon.io/v1alpha1";
pub const MARKER_KIND: &str = "AlertingBundle";
pub const FILENAME_ANNOTATION: &str = "postrenderer.helm.sh/postrender-filename";

/// Names a document in messages: its index, kind/name and template path.
fn describe(index: usize, doc: &Doc, v: Option<&Value>) -> String {
    let field = |k: &str| {
        v.and_then(|v| v.get(k))
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_string()
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

/// `extra` layers (`-f`/`--set` given to the post-renderer) go on top of each marker's values.
pub fn post_render(input: &str, extra: &[Source]) -> Result<String, Vec<Diagnostic>> {
    let mut out = String::with_capacity(input.len());
    let mut errors = Vec::new();
    for (index, doc) in split(input).into_iter().enumerate() {
        if doc.is_empty() {
            out.push_str(doc.raw);
            continue;
        }
        let parsed: Value = match serde_yaml::from_str(doc.body()) {
            Ok(v) => v,
            Err(e) => {
                let mut d = Diagnostic::error(&YamlPath::root(), crate::source::yaml_message(&e));
                d.location.file = Some(format!("stdin: {}", describe(index, &doc, None)));
                // The body starts one line after the `---`, if there is one.
                let header = usize::from(doc.body().len() != doc.raw.len());
                d.location.line = e.location().map(|l| l.line() + doc.line + header - 1);
                errors.push(d);
                continue;
            }
        };
        let is_marker = parsed.get("kind").and_then(Value::as_str) == Some(MARKER_KIND)
            && parsed.get("apiVersion").and_then(Value::as_str) == Some(MARKER_API_VERSION);
        if !is_marker {
            out.push_str(doc.raw);
            continue;
        }
        match expand(index, &doc, &parsed, extra) {
            Ok(text) => out.push_str(&text),
            Err(d) => errors.extend(d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if split(&out).iter().all(Doc::is_empty) {
        return Err(Diagnostic::general(
            "the stream holds no manifests; Helm rejects empty post-renderer output",
        ));
    }
    Ok(out)
}

fn expand(
    index: usize,
    doc: &Doc,
    marker: &Value,
    extra: &[Source],
) -> Result<String, Vec<Diagnostic>> {
    let name = format!("stdin: {}", describe(index, doc, Some(marker)));
    let header = doc.raw.len() - doc.body().len();
    let first_line = doc.line + usize::from(header > 0);
    let spec = Source::parse_nested(&name, doc.body(), "spec", first_line)?;
    let mut sources = vec![spec];
    sources.extend(extra.iter().cloned());
    let layers = Layers::new(sources);
    // Paths in messages are inside the marker's `spec`.
    let rendered = crate::render(&layers).map_err(|ds| {
        ds.into_iter()
            .map(|mut d| {
                d.path = format!("spec.{}", d.path);
                d
            })
            .collect::<Vec<_>>()
    })?;
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

    fn marker(spec: &str) -> String {
        format!("---\n# Source: seldon-alerting/templates/alertingbundle.yaml\napiVersion: {MARKER_API_VERSION}\nkind: {MARKER_KIND}\nmetadata:\n  name: seldon-alerting\nspec:\n{spec}")
    }

    #[test]
    fn marker_is_replaced_and_the_rest_kept() {
        let input = format!(
            "{OTHER}{}{OTHER}",
            marker("  namespace: seldon-monitoring\n")
        );
        let out = post_render(&input, &[]).unwrap();
        assert!(out.starts_with(OTHER) && out.ends_with(OTHER));
        assert!(!out.contains(MARKER_KIND));
        assert!(out.contains("# Source: seldon-alerting/templates/secret-alertmanager-seldon-monitoring-alertmanager.yaml\napiVersion: v1\nkind: Secret\n"));
        assert_eq!(out.matches("kind: PrometheusRule").count(), 3);
        assert_eq!(post_render(&input, &[]).unwrap(), out, "deterministic");
    }

    #[test]
    fn bad_values_name_the_document_and_line() {
        let input = format!(
            "{OTHER}{}",
            marker("  alertmanager:\n    route:\n      groupWiat: 1m\n")
        );
        let e = &post_render(&input, &[]).unwrap_err()[0];
        let file = e.location.file.as_deref().unwrap();
        assert!(file.contains("document 1 (AlertingBundle/seldon-alerting, seldon-alerting/templates/alertingbundle.yaml)"), "{file}");
        assert_eq!(e.path, "spec.alertmanager.route.groupWiat");
        assert_eq!(e.location.line, Some(18));
    }

    #[test]
    fn helm4_filename_annotation() {
        let input = format!("apiVersion: {MARKER_API_VERSION}\nkind: {MARKER_KIND}\nmetadata:\n  name: s\n  annotations:\n    {FILENAME_ANNOTATION}: seldon-alerting/templates/alertingbundle.yaml\nspec: {{}}\n");
        let out = post_render(&input, &[]).unwrap();
        assert!(out.contains(&format!("{FILENAME_ANNOTATION}: seldon-alerting/templates/prometheusrule-deploy-user-alerts.yaml")));
        assert!(!out.contains("# Source:"));
    }

    #[test]
    fn malformed_and_empty_streams_fail() {
        let e = &post_render("---\nok: 1\n---\na: [\n", &[]).unwrap_err()[0];
        assert_eq!(e.location.line, Some(5));
        assert!(post_render("---\n# Source: x/templates/empty.yaml\n", &[]).is_err());
    }
}
