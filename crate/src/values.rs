//! The chart's values: typed, strict, with defaults that reproduce Seldon's documented
//! setup exactly. Keys are camelCase like every Helm chart, except where a block is
//! Alertmanager's own (`global`, receivers, inhibit rules, time intervals): those keep
//! Alertmanager's snake_case so they can be pasted from its documentation.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_yaml::Value;

use crate::alertmanager::config::{Global, InhibitRule, Route, TimeInterval};
use crate::duration::Duration;
use crate::matcher::MatcherEntry;
use crate::receiver_struct;

pub const SELDON_DEPLOY_URL: &str =
    "http://seldon-deploy.seldon-system:80/seldon-deploy/api/v1alpha1/webhooks/firing-alert";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct Values {
    /// Namespace of the Secret and the PrometheusRules (where Seldon's Alertmanager runs).
    pub namespace: String,
    pub alertmanager: AlertmanagerValues,
    pub rules: RulesValues,
}

impl Default for Values {
    fn default() -> Self {
        Values {
            namespace: "seldon-monitoring".into(),
            alertmanager: AlertmanagerValues::default(),
            rules: RulesValues::default(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct AlertmanagerValues {
    /// The Prometheus Operator reads `alertmanager-<Alertmanager CR name>`.
    pub secret_name: String,
    /// The Alertmanager version the config targets.
    pub version: String,
    pub global: Option<Global>,
    pub route: RouteValues,
    pub seldon_deploy: SeldonDeployValues,
    pub receivers: Vec<ReceiverValues>,
    pub inhibit_rules: Vec<InhibitRule>,
    pub time_intervals: Vec<TimeInterval>,
    /// File name → Go template text; each becomes a Secret key and a `templates:` entry.
    pub templates: BTreeMap<String, String>,
}

impl Default for AlertmanagerValues {
    fn default() -> Self {
        AlertmanagerValues {
            secret_name: "alertmanager-seldon-monitoring-alertmanager".into(),
            version: "0.25.0".into(),
            global: None,
            route: RouteValues::default(),
            seldon_deploy: SeldonDeployValues::default(),
            receivers: Vec::new(),
            inhibit_rules: Vec::new(),
            time_intervals: Vec::new(),
            templates: BTreeMap::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct RouteValues {
    pub receiver: String,
    pub group_by: Vec<String>,
    pub group_wait: Duration,
    pub group_interval: Duration,
    pub repeat_interval: Duration,
    /// Extra child routes in Alertmanager's own schema, placed after the generated ones.
    pub routes: Vec<Route>,
}

fn dur(s: &str) -> Duration {
    Duration::parse(s).expect("built-in default duration")
}

impl Default for RouteValues {
    fn default() -> Self {
        RouteValues {
            receiver: "default-receiver".into(),
            group_by: vec!["alertname".into()],
            group_wait: dur("10s"),
            group_interval: dur("5m"),
            repeat_interval: dur("3h"),
            routes: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct SeldonDeployValues {
    pub enabled: bool,
    pub receiver_name: String,
    pub url: String,
    pub matchers: Vec<MatcherEntry>,
    /// Unset keeps Alertmanager's default (true): Seldon Deploy also hears of resolutions.
    pub send_resolved: Option<bool>,
    pub oidc: OidcValues,
}

impl Default for SeldonDeployValues {
    fn default() -> Self {
        let m = |s: &str| MatcherEntry::parse(s).expect("built-in default matcher");
        SeldonDeployValues {
            enabled: true,
            receiver_name: "deploy-webhook".into(),
            url: SELDON_DEPLOY_URL.into(),
            matchers: vec![
                m(r#"severity =~ "warning|critical""#),
                m(r#"type =~ "user|infra""#),
            ],
            send_resolved: None,
            oidc: OidcValues::default(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct OidcValues {
    pub enabled: bool,
    pub client_id: String,
    pub client_secret: Option<String>,
    pub client_secret_file: Option<String>,
    pub scopes: Vec<String>,
    /// Full token endpoint; otherwise built from `host` and `realm` (Keycloak layout).
    pub token_url: Option<String>,
    pub host: Option<String>,
    pub realm: Option<String>,
    pub insecure_skip_verify: bool,
    pub ca_file: Option<String>,
}

impl Default for OidcValues {
    fn default() -> Self {
        OidcValues {
            enabled: false,
            client_id: String::new(),
            client_secret: None,
            client_secret_file: None,
            scopes: vec!["openid".into()],
            token_url: None,
            host: None,
            realm: None,
            insecure_skip_verify: false,
            ca_file: None,
        }
    }
}

receiver_struct!(
    /// An extra receiver in Alertmanager's own schema, plus the routing keys that say which
    /// alerts it wants. A receiver without `matchers` gets no route of its own (use it as
    /// `route.receiver` or from `route.routes`).
    ReceiverValues {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub matchers: Vec<MatcherEntry>,
        /// First-level routes continue by default, so an alert reaches every receiver that
        /// wants it; `false` stops at this receiver.
        #[serde(default, rename = "continue", skip_serializing_if = "Option::is_none")]
        pub continue_: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub group_by: Option<Vec<String>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub group_wait: Option<Duration>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub group_interval: Option<Duration>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub repeat_interval: Option<Duration>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub mute_time_intervals: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub active_time_intervals: Vec<String>,
    }
);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct RulesValues {
    /// Extra metadata labels on every PrometheusRule (e.g. `release` for kube-prometheus-stack).
    pub labels: BTreeMap<String, String>,
    /// Where Seldon Deploy and the Seldon Core operator run; the infra pack watches it.
    pub control_plane_namespace: String,
    pub infra: PackValues,
    pub user: PackValues,
    pub drift: PackValues,
    /// PrometheusRule name → its `spec`, passed through exactly as written.
    pub custom: BTreeMap<String, CustomRule>,
}

impl Default for RulesValues {
    fn default() -> Self {
        RulesValues {
            labels: BTreeMap::new(),
            control_plane_namespace: "seldon-system".into(),
            infra: PackValues::default(),
            user: PackValues::default(),
            drift: PackValues::default(),
            custom: BTreeMap::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct PackValues {
    pub enabled: bool,
    /// PrometheusRule name; unset keeps the name from Seldon's documentation.
    pub name: Option<String>,
    /// Alert name → overrides.
    pub alerts: BTreeMap<String, AlertOverride>,
}

impl Default for PackValues {
    fn default() -> Self {
        PackValues {
            enabled: true,
            name: None,
            alerts: BTreeMap::new(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct AlertOverride {
    #[serde(rename = "for")]
    pub for_: Option<Duration>,
    pub severity: Option<AlertSeverity>,
    pub threshold: Option<f64>,
    pub disabled: bool,
}

/// Seldon Deploy's route forwards exactly these two.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum AlertSeverity {
    Warning,
    Critical,
}

impl AlertSeverity {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertSeverity::Warning => "warning",
            AlertSeverity::Critical => "critical",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomRule {
    #[schemars(with = "Vec<crate::rules::rulefmt::RuleGroup>")]
    pub groups: Vec<Value>,
}
