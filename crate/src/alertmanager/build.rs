//! Values → Alertmanager config, as Seldon's page builds it by hand: a null default
//! receiver, the Seldon Deploy webhook (optionally behind OIDC), and one first-level route
//! per receiver that wants alerts.

use crate::alertmanager::config::{
    Config, HttpConfig, OAuth2, Receiver, Route, TlsConfig, WebhookConfig,
};
use crate::diagnostic::Diagnostic;
use crate::path::YamlPath;
use crate::values::{OidcValues, ReceiverValues, Values};

/// Directory where the Prometheus Operator mounts the config Secret's keys.
pub const CONFIG_DIR: &str = "/etc/alertmanager/config";

/// The receiver with no integration that Seldon's setup routes unwanted alerts to.
pub const NULL_RECEIVER: &str = "default-receiver";

/// Which part of the values produced a part of the config, so that the config checks can
/// point into the values file. With `append`, the rest of the config path carries over
/// (the schemas agree below that point).
#[derive(Clone, Debug)]
pub struct Origin {
    pub config: YamlPath,
    pub values: YamlPath,
    pub append: bool,
}

pub struct Built {
    pub config: Config,
    pub origins: Vec<Origin>,
}

impl Built {
    /// The values path for a config path: the longest origin prefix wins.
    pub fn values_path(&self, config_path: &YamlPath) -> YamlPath {
        let best = self
            .origins
            .iter()
            .filter(|o| config_path.0.starts_with(&o.config.0))
            .max_by_key(|o| o.config.0.len());
        match best {
            Some(o) if o.append => YamlPath(
                [
                    o.values.0.clone(),
                    config_path.0[o.config.0.len()..].to_vec(),
                ]
                .concat(),
            ),
            Some(o) => o.values.clone(),
            None => YamlPath::root().key("alertmanager"),
        }
    }
}

fn origin(config: &str, values: YamlPath, append: bool) -> Origin {
    Origin {
        config: YamlPath::parse(config),
        values,
        append,
    }
}

pub fn build(v: &Values, diags: &mut Vec<Diagnostic>) -> Built {
    let am = &v.alertmanager;
    let base = YamlPath::root().key("alertmanager");
    let mut receivers: Vec<Receiver> = Vec::new();
    let mut routes: Vec<(Route, Option<bool>)> = Vec::new();
    let mut origins = vec![
        origin("global", base.key("global"), true),
        origin("route", base.key("route"), false),
        origin("route.receiver", base.key("route").key("receiver"), false),
        origin("route.group_by", base.key("route").key("groupBy"), true),
        origin(
            "route.group_wait",
            base.key("route").key("groupWait"),
            false,
        ),
        origin(
            "route.group_interval",
            base.key("route").key("groupInterval"),
            false,
        ),
        origin(
            "route.repeat_interval",
            base.key("route").key("repeatInterval"),
            false,
        ),
        origin("inhibit_rules", base.key("inhibitRules"), true),
        origin("time_intervals", base.key("timeIntervals"), true),
    ];

    let sd = &am.seldon_deploy;
    // Seldon's setup declares the null receiver first; keep that order.
    let null_defined = am.receivers.iter().any(|r| r.name == NULL_RECEIVER)
        || (sd.enabled && sd.receiver_name == NULL_RECEIVER);
    let null_used = am.route.receiver == NULL_RECEIVER
        || am.route.routes.iter().any(|r| references(r, NULL_RECEIVER));
    if !null_defined && null_used {
        origins.push(origin(
            "receivers[0]",
            base.key("route").key("receiver"),
            false,
        ));
        receivers.push(Receiver {
            name: NULL_RECEIVER.into(),
            ..Default::default()
        });
    }
    if sd.enabled {
        let sdp = base.key("seldonDeploy");
        let r = format!("receivers[{}]", receivers.len());
        let oauth2 = format!("{r}.webhook_configs[0].http_config.oauth2");
        origins.extend([
            origin(&r, sdp.clone(), false),
            origin(&format!("{r}.name"), sdp.key("receiverName"), false),
            origin(
                &format!("{r}.webhook_configs[0].url"),
                sdp.key("url"),
                false,
            ),
            origin(&oauth2, sdp.key("oidc"), false),
            origin(
                &format!("{oauth2}.client_id"),
                sdp.key("oidc").key("clientId"),
                false,
            ),
            origin(
                &format!("{oauth2}.client_secret"),
                sdp.key("oidc").key("clientSecret"),
                false,
            ),
            origin(
                &format!("{oauth2}.token_url"),
                sdp.key("oidc").key("tokenUrl"),
                false,
            ),
            origin(
                &format!("route.routes[{}]", routes.len()),
                sdp.clone(),
                true,
            ),
        ]);
        let http_config = oidc(&sd.oidc, &base.key("seldonDeploy").key("oidc"), diags);
        receivers.push(Receiver {
            name: sd.receiver_name.clone(),
            webhook_configs: vec![WebhookConfig {
                send_resolved: sd.send_resolved,
                http_config,
                url: Some(sd.url.clone()),
                ..Default::default()
            }],
            ..Default::default()
        });
        routes.push((
            Route {
                receiver: Some(sd.receiver_name.clone()),
                matchers: sd.matchers.clone(),
                ..Default::default()
            },
            None,
        ));
    }

    for (i, rv) in am.receivers.iter().enumerate() {
        let (receiver, route) = split_receiver(rv);
        let vp = base.key("receivers").index(i);
        origins.push(origin(
            &format!("receivers[{}]", receivers.len()),
            vp.clone(),
            true,
        ));
        receivers.push(receiver);
        if let Some(route) = route {
            origins.push(origin(&format!("route.routes[{}]", routes.len()), vp, true));
            routes.push(route);
        }
    }
    for k in 0..am.route.routes.len() {
        let cp = format!("route.routes[{}]", routes.len() + k);
        origins.push(origin(&cp, base.key("route").key("routes").index(k), true));
    }

    let total = routes.len() + am.route.routes.len();
    let mut children: Vec<Route> = routes
        .into_iter()
        .enumerate()
        .map(|(i, (mut r, cont))| {
            // Continuing past the last first-level route changes nothing; leaving it off
            // keeps the defaults identical to Seldon's hand-written config.
            r.continue_ = cont.unwrap_or(i + 1 < total);
            r
        })
        .collect();
    children.extend(am.route.routes.iter().cloned());

    let root = Route {
        receiver: Some(am.route.receiver.clone()),
        group_by: Some(am.route.group_by.clone()),
        group_wait: Some(am.route.group_wait.clone()),
        group_interval: Some(am.route.group_interval.clone()),
        repeat_interval: Some(am.route.repeat_interval.clone()),
        routes: children,
        ..Default::default()
    };

    let config = Config {
        global: am.global.clone(),
        templates: am
            .templates
            .keys()
            .map(|k| format!("{CONFIG_DIR}/{k}"))
            .collect(),
        route: Some(root),
        inhibit_rules: am.inhibit_rules.clone(),
        receivers,
        time_intervals: am.time_intervals.clone(),
        mute_time_intervals: Vec::new(),
    };
    Built { config, origins }
}

fn references(r: &Route, name: &str) -> bool {
    r.receiver.as_deref() == Some(name) || r.routes.iter().any(|c| references(c, name))
}

/// Separates a values receiver into Alertmanager's receiver and the route that feeds it.
fn split_receiver(rv: &ReceiverValues) -> (Receiver, Option<(Route, Option<bool>)>) {
    // No `..Default::default()`: an integration added to `receiver_struct!` must be added here.
    let receiver = Receiver {
        name: rv.name.clone(),
        email_configs: rv.email_configs.clone(),
        slack_configs: rv.slack_configs.clone(),
        pagerduty_configs: rv.pagerduty_configs.clone(),
        opsgenie_configs: rv.opsgenie_configs.clone(),
        webhook_configs: rv.webhook_configs.clone(),
        msteams_configs: rv.msteams_configs.clone(),
        discord_configs: rv.discord_configs.clone(),
        pushover_configs: rv.pushover_configs.clone(),
        sns_configs: rv.sns_configs.clone(),
        telegram_configs: rv.telegram_configs.clone(),
        victorops_configs: rv.victorops_configs.clone(),
        webex_configs: rv.webex_configs.clone(),
        wechat_configs: rv.wechat_configs.clone(),
    };
    let route = (!rv.matchers.is_empty()).then(|| {
        (
            Route {
                receiver: Some(rv.name.clone()),
                matchers: rv.matchers.clone(),
                group_by: rv.group_by.clone(),
                group_wait: rv.group_wait.clone(),
                group_interval: rv.group_interval.clone(),
                repeat_interval: rv.repeat_interval.clone(),
                mute_time_intervals: rv.mute_time_intervals.clone(),
                active_time_intervals: rv.active_time_intervals.clone(),
                ..Default::default()
            },
            rv.continue_,
        )
    });
    (receiver, route)
}

/// Seldon's "Authentication alerts" block: oauth2 client credentials against the OIDC
/// provider, with TLS relaxed or pinned to a CA for a self-signed provider.
fn oidc(o: &OidcValues, path: &YamlPath, diags: &mut Vec<Diagnostic>) -> Option<HttpConfig> {
    if !o.enabled {
        return None;
    }
    // A missing client_id or token_url, or both secrets, are reported by the config checks.
    let token_url = match (&o.token_url, &o.host, &o.realm) {
        (Some(url), None, None) => url.clone(),
        (None, Some(host), Some(realm)) => format!(
            "{}/auth/realms/{realm}/protocol/openid-connect/token",
            host.trim_end_matches('/')
        ),
        (Some(_), _, _) => {
            diags.push(Diagnostic::error(
                &path.key("tokenUrl"),
                "set tokenUrl, or host and realm, not both",
            ));
            String::new()
        }
        (None, Some(_), None) => {
            diags.push(Diagnostic::error(
                &path.key("realm"),
                "realm is required with host (the token URL is <host>/auth/realms/<realm>/protocol/openid-connect/token)",
            ));
            String::new()
        }
        (None, None, Some(_)) => {
            diags.push(Diagnostic::error(
                &path.key("host"),
                "host is required with realm",
            ));
            String::new()
        }
        (None, None, None) => String::new(),
    };
    let tls_config = (o.insecure_skip_verify || o.ca_file.is_some()).then(|| TlsConfig {
        insecure_skip_verify: o.insecure_skip_verify.then_some(true),
        ca_file: o.ca_file.clone(),
        ..Default::default()
    });
    Some(HttpConfig {
        oauth2: Some(OAuth2 {
            client_id: o.client_id.clone(),
            client_secret: o.client_secret.clone(),
            client_secret_file: o.client_secret_file.clone(),
            scopes: o.scopes.clone(),
            token_url,
            tls_config,
            ..Default::default()
        }),
        ..Default::default()
    })
}
