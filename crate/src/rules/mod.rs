//! PrometheusRules: the three built-in packs rendered from Handlebars templates with the
//! user's overrides applied, and the user's custom rules passed through as written.

pub mod packs;
pub mod rulefmt;

use handlebars::{handlebars_helper, no_escape, Handlebars};
use serde_json::json;
use serde_yaml::Value;

use crate::diagnostic::Diagnostic;
use crate::path::YamlPath;
use crate::suggest::closest;
use crate::values::{PackValues, Values};
use packs::{Pack, PACKS, SELDON_PODS_PARTIAL};
use rulefmt::RuleGroup;

/// A PrometheusRule's `spec` (as a layer, so messages point into its document) checked as
/// promtool and the operator's admission webhook would.
pub fn check_spec(spec: crate::source::Source) -> Vec<Diagnostic> {
    let layers = crate::layers::Layers::new(vec![spec]);
    match layers.typed::<rulefmt::Spec>() {
        Err(d) => d,
        Ok(spec) => rulefmt::check(&spec.groups, &YamlPath::root().key("groups"))
            .into_iter()
            .map(|d| layers.locate(d))
            .collect(),
    }
}

/// One PrometheusRule's name and `spec.groups`.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleSet {
    pub name: String,
    pub groups: Value,
}

handlebars_helper!(num: |x: f64| {
    // Rust prints 0.05 as "0.05" and 3.0 as "3": both valid PromQL numbers.
    format!("{x}")
});

handlebars_helper!(promql_str: |s: str| {
    // Go's escapes, which YAML's double quotes and PromQL string literals share.
    crate::emit::double_quoted(s)
});

fn registry() -> Result<Handlebars<'static>, String> {
    let mut h = Handlebars::new();
    h.set_strict_mode(true);
    // Handlebars escapes HTML by default; PromQL and YAML need the text as written.
    h.register_escape_fn(no_escape);
    h.register_helper("num", Box::new(num));
    h.register_helper("str", Box::new(promql_str));
    h.register_partial("seldon_pods", SELDON_PODS_PARTIAL)
        .map_err(|e| e.to_string())?;
    Ok(h)
}

pub fn build(v: &Values, diags: &mut Vec<Diagnostic>) -> Vec<RuleSet> {
    let mut out = Vec::new();
    let base = YamlPath::root().key("rules");
    let hbs = match registry() {
        Ok(h) => h,
        Err(e) => {
            diags.push(Diagnostic::error(&base, format!("internal error: {e}")));
            return out;
        }
    };
    for pack in &PACKS {
        let pv = match pack.key {
            "infra" => &v.rules.infra,
            "user" => &v.rules.user,
            _ => &v.rules.drift,
        };
        if !pv.enabled {
            continue;
        }
        let path = base.key(pack.key);
        if let Some(groups) = render_pack(&hbs, pack, pv, v, &path, diags) {
            if !groups.is_empty() {
                out.push(RuleSet {
                    name: pv.name.clone().unwrap_or_else(|| pack.default_name.into()),
                    groups: serde_yaml::to_value(&groups).unwrap_or_default(),
                });
            }
        }
    }
    for (name, custom) in &v.rules.custom {
        let path = base.key("custom").key(name).key("groups");
        let mut typed = Vec::new();
        for (i, g) in custom.groups.iter().enumerate() {
            match crate::layers::typed::<RuleGroup>(g.clone()) {
                Ok(rg) => typed.push(rg),
                Err(d) => {
                    let mut d = *d;
                    let inner = YamlPath::parse(&d.path);
                    d.path = YamlPath([path.index(i).0, inner.0].concat()).to_string();
                    diags.push(d);
                }
            }
        }
        diags.extend(rulefmt::check(&typed, &path));
        out.push(RuleSet {
            name: name.clone(),
            groups: Value::Sequence(custom.groups.clone()),
        });
    }
    out
}

fn render_pack(
    hbs: &Handlebars,
    pack: &Pack,
    pv: &PackValues,
    v: &Values,
    path: &YamlPath,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<RuleGroup>> {
    let names = pack.alerts.iter().map(|a| a.name);
    for (name, o) in &pv.alerts {
        let op = path.key("alerts").key(name);
        match pack.alerts.iter().find(|a| a.name == name) {
            None => {
                let mut m = format!("no alert {name:?} in the {} pack", pack.key);
                if let Some(s) = closest(name, names.clone()) {
                    m.push_str(&format!(", did you mean {s:?}?"));
                }
                m.push_str(&format!(
                    " (alerts: {})",
                    names.clone().collect::<Vec<_>>().join(", ")
                ));
                diags.push(Diagnostic::error(&op, m));
            }
            Some(def) if def.threshold.is_none() && o.threshold.is_some() => {
                diags.push(Diagnostic::error(
                    &op.key("threshold"),
                    format!("alert {name:?} has no threshold to set"),
                ));
            }
            Some(_) if o.threshold.is_some_and(|t| !t.is_finite()) => {
                diags.push(Diagnostic::error(
                    &op.key("threshold"),
                    "threshold must be a finite number",
                ));
            }
            Some(_) => {}
        }
    }
    let threshold: serde_json::Map<String, serde_json::Value> = pack
        .alerts
        .iter()
        .filter_map(|a| {
            let t = pv
                .alerts
                .get(a.name)
                .and_then(|o| o.threshold)
                .filter(|t| t.is_finite())
                .or(a.threshold.map(|t| t.0))?;
            Some((a.name.to_string(), json!(t)))
        })
        .collect();
    let ctx = json!({
        "threshold": threshold,
        "controlPlaneNamespace": v.rules.control_plane_namespace,
    });
    let text = match hbs.render_template(pack.template, &ctx) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::error(
                path,
                format!("internal error rendering the pack: {e}"),
            ));
            return None;
        }
    };
    let parsed = serde_yaml::from_str(&text).map_err(|e| e.to_string());
    let mut groups: Vec<RuleGroup> =
        match parsed.and_then(|v| crate::layers::typed(v).map_err(|d| d.message)) {
            Ok(g) => g,
            Err(e) => {
                diags.push(Diagnostic::error(
                    path,
                    format!("internal error: the pack does not parse: {e}"),
                ));
                return None;
            }
        };
    for g in &mut groups {
        g.rules.retain_mut(|r| {
            let Some(def) = pack
                .alerts
                .iter()
                .find(|a| Some(a.name) == r.alert.as_deref())
            else {
                return true;
            };
            let o = pv.alerts.get(def.name).cloned().unwrap_or_default();
            r.for_ = Some(o.for_.unwrap_or_else(|| {
                crate::duration::Duration::parse(def.for_).expect("pack default duration")
            }));
            let severity = o.severity.unwrap_or(def.severity);
            r.labels.insert("severity".into(), severity.as_str().into());
            r.labels.insert("type".into(), pack.type_label.into());
            !o.disabled
        });
    }
    groups.retain(|g| !g.rules.is_empty());
    diags.extend(rulefmt::check(&groups, path));
    Some(groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack_groups(key: &str, v: &Values) -> Vec<RuleGroup> {
        let mut d = Vec::new();
        let sets = build(v, &mut d);
        assert!(d.is_empty(), "{d:?}");
        let pack = PACKS.iter().find(|p| p.key == key).unwrap();
        let set = sets.iter().find(|s| s.name == pack.default_name).unwrap();
        serde_yaml::from_value(set.groups.clone()).unwrap()
    }

    #[test]
    fn every_alert_is_routable_and_documented() {
        for pack in &PACKS {
            let groups = pack_groups(pack.key, &Values::default());
            let alerts: Vec<_> = groups.iter().flat_map(|g| &g.rules).collect();
            assert_eq!(
                alerts.len(),
                pack.alerts.len(),
                "pack {} table and template disagree",
                pack.key
            );
            for r in alerts {
                let name = r.alert.as_deref().unwrap();
                assert!(
                    pack.alerts.iter().any(|a| a.name == name),
                    "{name} has no table entry"
                );
                assert!(["warning", "critical"].contains(&r.labels["severity"].as_str()));
                assert!(["user", "infra"].contains(&r.labels["type"].as_str()));
                for key in ["summary", "description"] {
                    let text = &r.annotations[key];
                    assert!(
                        text.contains("{{ $labels.namespace }}"),
                        "{name}.{key}: {text}"
                    );
                }
                // No Handlebars residue, and the thresholds were substituted.
                assert!(
                    !r.expr.contains("{{") && !r.expr.contains("threshold"),
                    "{}",
                    r.expr
                );
            }
        }
    }

    #[test]
    fn overrides_apply() {
        let mut v = Values::default();
        let o = v
            .rules
            .user
            .alerts
            .entry("SeldonDeploymentHighErrorRate".into())
            .or_default();
        o.threshold = Some(0.2);
        o.severity = Some(crate::values::AlertSeverity::Critical);
        o.for_ = Some(crate::duration::Duration::parse("1m").unwrap());
        v.rules
            .user
            .alerts
            .entry("SeldonDeploymentNoTraffic".into())
            .or_default()
            .disabled = true;
        let groups = pack_groups("user", &v);
        let rules: Vec<_> = groups.iter().flat_map(|g| &g.rules).collect();
        let r = rules
            .iter()
            .find(|r| r.alert.as_deref() == Some("SeldonDeploymentHighErrorRate"))
            .unwrap();
        assert!(r.expr.trim_end().ends_with("> 0.2"), "{}", r.expr);
        assert_eq!(r.labels["severity"], "critical");
        assert_eq!(r.for_.as_ref().unwrap().as_str(), "1m");
        assert!(!rules
            .iter()
            .any(|r| r.alert.as_deref() == Some("SeldonDeploymentNoTraffic")));
    }

    #[test]
    fn unknown_alert_override_suggests() {
        let mut v = Values::default();
        v.rules
            .drift
            .alerts
            .entry("SeldonDriftDetect".into())
            .or_default();
        let mut d = Vec::new();
        build(&v, &mut d);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path, "rules.drift.alerts.SeldonDriftDetect");
        assert!(
            d[0].message
                .contains("did you mean \"SeldonDriftDetected\""),
            "{}",
            d[0].message
        );
    }
}
