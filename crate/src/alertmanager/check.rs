//! The checks Alertmanager's loader (`config/config.go`, the notifier configs and
//! prometheus/common's HTTP client config) makes, in its own words. Paths are relative to
//! the config file; callers that built the config from values map them back.

use std::collections::HashSet;

use crate::alertmanager::config::{Config, Global, HttpConfig, Receiver, Route};
use crate::diagnostic::Diagnostic;
use crate::matcher::{anchored, is_label_name};
use crate::path::YamlPath;
use crate::suggest::closest;

pub fn check(cfg: &Config) -> Vec<Diagnostic> {
    let mut d = Vec::new();
    let root = YamlPath::root();
    let receivers: Vec<&str> = cfg.receivers.iter().map(|r| r.name.as_str()).collect();
    let intervals: Vec<&str> = cfg
        .time_intervals
        .iter()
        .chain(&cfg.mute_time_intervals)
        .map(|t| t.name.as_str())
        .collect();

    let mut seen = HashSet::new();
    for (i, r) in cfg.receivers.iter().enumerate() {
        let p = root.key("receivers").index(i);
        if r.name.is_empty() {
            d.push(Diagnostic::error(
                &p.key("name"),
                "missing name in receiver",
            ));
        } else if !seen.insert(r.name.as_str()) {
            d.push(Diagnostic::error(
                &p.key("name"),
                format!("notification config name {:?} is not unique", r.name),
            ));
        }
        receiver(r, cfg.global.as_ref(), &p, &mut d);
    }
    if let Some(g) = &cfg.global {
        if let Some(h) = &g.http_config {
            http_config(h, &root.key("global").key("http_config"), &mut d);
        }
    }

    match &cfg.route {
        None => d.push(Diagnostic::error(
            &root.key("route"),
            "no route provided in config",
        )),
        Some(r) => {
            let p = root.key("route");
            if r.receiver.as_deref().unwrap_or("").is_empty() {
                d.push(Diagnostic::error(
                    &p,
                    "root route must specify a default receiver",
                ));
            }
            if !r.matchers.is_empty() || !r.match_.is_empty() || !r.match_re.is_empty() {
                d.push(Diagnostic::error(
                    &p,
                    "root route must not have any matchers",
                ));
            }
            if r.continue_ {
                d.push(Diagnostic::error(
                    &p.key("continue"),
                    "cannot have continue in root route",
                ));
            }
            if !r.mute_time_intervals.is_empty() {
                d.push(Diagnostic::error(
                    &p,
                    "root route must not have any mute time intervals",
                ));
            }
            if !r.active_time_intervals.is_empty() {
                d.push(Diagnostic::error(
                    &p,
                    "root route must not have any active time intervals",
                ));
            }
            route(r, &p, &receivers, &intervals, &mut d);
        }
    }

    for (i, rule) in cfg.inhibit_rules.iter().enumerate() {
        let p = root.key("inhibit_rules").index(i);
        for k in rule.source_match.keys().chain(rule.target_match.keys()) {
            label_name(k, &p, "", &mut d);
        }
        for (k, v) in rule.source_match_re.iter().chain(&rule.target_match_re) {
            label_name(k, &p, "", &mut d);
            if let Err(e) = anchored(v) {
                d.push(Diagnostic::error(&p, e));
            }
        }
        for (j, l) in rule.equal.iter().enumerate() {
            label_name(l, &p.key("equal").index(j), "in equal list", &mut d);
        }
    }

    let mut names = HashSet::new();
    for (key, list) in [
        ("time_intervals", &cfg.time_intervals),
        ("mute_time_intervals", &cfg.mute_time_intervals),
    ] {
        for (i, ti) in list.iter().enumerate() {
            let p = root.key(key).index(i);
            if ti.name.is_empty() {
                d.push(Diagnostic::error(&p, "missing name in time interval"));
            } else if !names.insert(ti.name.as_str()) {
                d.push(Diagnostic::error(
                    &p.key("name"),
                    format!("time interval {:?} is not unique", ti.name),
                ));
            }
            crate::timeinterval::check(ti, &p, &mut d);
        }
    }
    d
}

fn label_name(name: &str, p: &YamlPath, ctx: &str, d: &mut Vec<Diagnostic>) {
    if !is_label_name(name) {
        let ctx = if ctx.is_empty() {
            String::new()
        } else {
            format!(" {ctx}")
        };
        d.push(Diagnostic::error(
            p,
            format!("invalid label name {name:?}{ctx}"),
        ));
    }
}

fn route(r: &Route, p: &YamlPath, receivers: &[&str], intervals: &[&str], d: &mut Vec<Diagnostic>) {
    if let Some(name) = &r.receiver {
        if !receivers.contains(&name.as_str()) {
            let mut m = format!("undefined receiver {name:?} used in route");
            if let Some(s) = closest(name, receivers.iter().copied()) {
                m.push_str(&format!(" (did you mean {s:?}?)"));
            }
            d.push(Diagnostic::error(&p.key("receiver"), m));
        }
    }
    for (key, list) in [
        ("mute_time_intervals", &r.mute_time_intervals),
        ("active_time_intervals", &r.active_time_intervals),
    ] {
        for (i, name) in list.iter().enumerate() {
            if !intervals.contains(&name.as_str()) {
                let mut m = format!("undefined time interval {name:?} used in route");
                if let Some(s) = closest(name, intervals.iter().copied()) {
                    m.push_str(&format!(" (did you mean {s:?}?)"));
                }
                d.push(Diagnostic::error(&p.key(key).index(i), m));
            }
        }
    }
    if let Some(group_by) = &r.group_by {
        let gp = p.key("group_by");
        let mut seen = HashSet::new();
        for (i, l) in group_by.iter().enumerate() {
            if l == "..." {
                if group_by.len() > 1 {
                    d.push(Diagnostic::error(
                        &gp,
                        "cannot have wildcard group_by (`...`) and other other labels at the same time",
                    ));
                }
            } else {
                label_name(l, &gp.index(i), "in group_by list", d);
            }
            if !seen.insert(l) {
                d.push(Diagnostic::error(
                    &gp.index(i),
                    format!("duplicated label {l:?} in group_by"),
                ));
            }
        }
    }
    for (key, v) in [
        ("group_interval", &r.group_interval),
        ("repeat_interval", &r.repeat_interval),
    ] {
        if v.as_ref().is_some_and(|v| v.millis() == 0) {
            d.push(Diagnostic::error(
                &p.key(key),
                format!("{key} cannot be zero"),
            ));
        }
    }
    for k in r.match_.keys() {
        label_name(k, &p.key("match"), "", d);
    }
    for (k, v) in &r.match_re {
        label_name(k, &p.key("match_re"), "", d);
        if let Err(e) = anchored(v) {
            d.push(Diagnostic::error(&p.key("match_re").key(k), e));
        }
    }
    for (i, c) in r.routes.iter().enumerate() {
        route(c, &p.key("routes").index(i), receivers, intervals, d);
    }
}

/// http or https with a host, as `config/common/url.go`; templated URLs are left alone.
fn url(u: &str, p: &YamlPath, d: &mut Vec<Diagnostic>) {
    if u.contains("{{") || u.starts_with("${") {
        return;
    }
    let Some((scheme, rest)) = u.split_once("://") else {
        d.push(Diagnostic::error(
            p,
            format!("unsupported scheme \"\" for URL {u:?}"),
        ));
        return;
    };
    if scheme != "http" && scheme != "https" {
        d.push(Diagnostic::error(
            p,
            format!("unsupported scheme {scheme:?} for URL"),
        ));
    } else if rest.split(['/', '?', '#']).next().unwrap_or("").is_empty() {
        d.push(Diagnostic::error(p, "missing host for URL"));
    }
}

fn one_of(
    a: &Option<String>,
    b: &Option<String>,
    names: (&str, &str),
    p: &YamlPath,
    d: &mut Vec<Diagnostic>,
) {
    if a.is_some() && b.is_some() {
        d.push(Diagnostic::error(
            &p.key(names.1),
            format!(
                "at most one of {} & {} must be configured",
                names.0, names.1
            ),
        ));
    }
}

fn receiver(r: &Receiver, g: Option<&Global>, p: &YamlPath, d: &mut Vec<Diagnostic>) {
    let g = g.cloned().unwrap_or_default();
    for (i, c) in r.email_configs.iter().enumerate() {
        let p = p.key("email_configs").index(i);
        if c.to.is_empty() {
            d.push(Diagnostic::error(
                &p.key("to"),
                "missing to address in email config",
            ));
        }
        match c.smarthost.as_ref().or(g.smtp_smarthost.as_ref()) {
            None => d.push(Diagnostic::error(&p, "no global SMTP smarthost set")),
            Some(h) if !h.contains("{{") => match h.rsplit_once(':') {
                Some((_, port)) if !port.is_empty() => {}
                _ => d.push(Diagnostic::error(
                    &p.key("smarthost"),
                    format!("address {h:?}: missing port in address"),
                )),
            },
            _ => {}
        }
        if c.from.is_none() && g.smtp_from.is_none() {
            d.push(Diagnostic::error(&p, "no global SMTP from set"));
        }
        one_of(
            &c.auth_password,
            &c.auth_password_file,
            ("auth_password", "auth_password_file"),
            &p,
            d,
        );
    }
    for (i, c) in r.slack_configs.iter().enumerate() {
        let p = p.key("slack_configs").index(i);
        one_of(
            &c.api_url,
            &c.api_url_file,
            ("api_url", "api_url_file"),
            &p,
            d,
        );
        if c.api_url.is_none()
            && c.api_url_file.is_none()
            && g.slack_api_url.is_none()
            && g.slack_api_url_file.is_none()
        {
            d.push(Diagnostic::error(
                &p,
                "no global Slack API URL set either inline or in a file",
            ));
        }
        if let Some(u) = &c.api_url {
            url(u, &p.key("api_url"), d);
        }
        if let Some(h) = &c.http_config {
            http_config(h, &p.key("http_config"), d);
        }
        for (j, f) in c.fields.iter().enumerate() {
            if f.title.is_empty() || f.value.is_empty() {
                d.push(Diagnostic::error(
                    &p.key("fields").index(j),
                    "missing title or value in Slack field configuration",
                ));
            }
        }
    }
    for (i, c) in r.pagerduty_configs.iter().enumerate() {
        let p = p.key("pagerduty_configs").index(i);
        if c.routing_key.is_none()
            && c.routing_key_file.is_none()
            && c.service_key.is_none()
            && c.service_key_file.is_none()
        {
            d.push(Diagnostic::error(
                &p,
                "missing service or routing key in PagerDuty config",
            ));
        }
        one_of(
            &c.routing_key,
            &c.routing_key_file,
            ("routing_key", "routing_key_file"),
            &p,
            d,
        );
        one_of(
            &c.service_key,
            &c.service_key_file,
            ("service_key", "service_key_file"),
            &p,
            d,
        );
        if let Some(u) = &c.url {
            url(u, &p.key("url"), d);
        }
        if let Some(h) = &c.http_config {
            http_config(h, &p.key("http_config"), d);
        }
    }
    for (i, c) in r.opsgenie_configs.iter().enumerate() {
        let p = p.key("opsgenie_configs").index(i);
        one_of(
            &c.api_key,
            &c.api_key_file,
            ("api_key", "api_key_file"),
            &p,
            d,
        );
        if c.api_key.is_none()
            && c.api_key_file.is_none()
            && g.opsgenie_api_key.is_none()
            && g.opsgenie_api_key_file.is_none()
        {
            d.push(Diagnostic::error(
                &p,
                "no global OpsGenie API Key set either inline or in a file",
            ));
        }
        if let Some(u) = &c.api_url {
            url(u, &p.key("api_url"), d);
        }
        for (j, r) in c.responders.iter().enumerate() {
            if r.id.is_none() && r.name.is_none() && r.username.is_none() {
                d.push(Diagnostic::error(
                    &p.key("responders").index(j),
                    "opsGenieConfig responder must have at least an id, a name or an username defined",
                ));
            }
        }
        if let Some(h) = &c.http_config {
            http_config(h, &p.key("http_config"), d);
        }
    }
    for (i, c) in r.webhook_configs.iter().enumerate() {
        let p = p.key("webhook_configs").index(i);
        match (&c.url, &c.url_file) {
            (None, None) => d.push(Diagnostic::error(
                &p,
                "one of url or url_file must be configured",
            )),
            (Some(_), Some(_)) => d.push(Diagnostic::error(
                &p,
                "at most one of url & url_file must be configured",
            )),
            (Some(u), None) => url(u, &p.key("url"), d),
            _ => {}
        }
        if let Some(h) = &c.http_config {
            http_config(h, &p.key("http_config"), d);
        }
    }
    for (i, c) in r.msteams_configs.iter().enumerate() {
        let p = p.key("msteams_configs").index(i);
        match (&c.webhook_url, &c.webhook_url_file) {
            (None, None) => d.push(Diagnostic::error(
                &p,
                "one of webhook_url or webhook_url_file must be configured",
            )),
            (Some(_), Some(_)) => d.push(Diagnostic::error(
                &p,
                "at most one of webhook_url & webhook_url_file must be configured",
            )),
            (Some(u), None) => url(u, &p.key("webhook_url"), d),
            _ => {}
        }
        if let Some(h) = &c.http_config {
            http_config(h, &p.key("http_config"), d);
        }
    }
}

fn http_config(h: &HttpConfig, p: &YamlPath, d: &mut Vec<Diagnostic>) {
    let auths = [
        h.basic_auth.is_some(),
        h.oauth2.is_some(),
        h.authorization.is_some(),
    ];
    if auths.iter().filter(|x| **x).count() > 1 {
        d.push(Diagnostic::error(
            p,
            "at most one of basic_auth, oauth2 & authorization must be configured",
        ));
    }
    if h.bearer_token.is_some() && h.bearer_token_file.is_some() {
        d.push(Diagnostic::error(
            p,
            "at most one of bearer_token & bearer_token_file must be configured",
        ));
    }
    if h.authorization.is_some() && (h.bearer_token.is_some() || h.bearer_token_file.is_some()) {
        d.push(Diagnostic::error(
            p,
            "authorization is not compatible with bearer_token & bearer_token_file",
        ));
    }
    if let Some(a) = &h.authorization {
        if a.type_
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case("basic"))
        {
            d.push(Diagnostic::error(
                &p.key("authorization").key("type"),
                "authorization type cannot be set to \"basic\", use \"basic_auth\" instead",
            ));
        }
    }
    if let Some(b) = &h.basic_auth {
        one_of(
            &b.password,
            &b.password_file,
            ("password", "password_file"),
            &p.key("basic_auth"),
            d,
        );
    }
    if let Some(o) = &h.oauth2 {
        let op = p.key("oauth2");
        if o.client_id.is_empty() {
            d.push(Diagnostic::error(
                &op.key("client_id"),
                "oauth2 client_id must be configured",
            ));
        }
        if o.token_url.is_empty() {
            d.push(Diagnostic::error(
                &op.key("token_url"),
                "oauth2 token_url must be configured",
            ));
        } else {
            url(&o.token_url, &op.key("token_url"), d);
        }
        if o.client_secret.is_some() && o.client_secret_file.is_some() {
            d.push(Diagnostic::error(
                &op,
                "at most one of oauth2 client_secret & client_secret_file must be configured",
            ));
        }
    }
}
