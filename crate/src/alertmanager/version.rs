//! Which Alertmanager version introduced which config field: a config that targets an older
//! Alertmanager must not use newer fields, since its strict loader rejects them (and the
//! Prometheus Operator drops them). Checked against Debian's amtool 0.25 where it applies.

use serde_yaml::Value;

use crate::diagnostic::Diagnostic;
use crate::path::{Seg, YamlPath};

/// Field shape (path without list indices or nested `routes`) → first version with it.
/// A leading `*` matches the field under any parent.
const INTRODUCED: [(&str, (u32, u32, u32)); 16] = [
    ("route.matchers", (0, 22, 0)),
    ("inhibit_rules.source_matchers", (0, 22, 0)),
    ("inhibit_rules.target_matchers", (0, 22, 0)),
    ("mute_time_intervals", (0, 22, 0)),
    ("route.mute_time_intervals", (0, 22, 0)),
    ("*http_config.oauth2", (0, 22, 0)),
    ("receivers.sns_configs", (0, 23, 0)),
    ("time_intervals", (0, 24, 0)),
    ("route.active_time_intervals", (0, 24, 0)),
    ("receivers.telegram_configs", (0, 24, 0)),
    ("receivers.discord_configs", (0, 25, 0)),
    ("receivers.webex_configs", (0, 25, 0)),
    ("time_intervals.time_intervals.location", (0, 25, 0)),
    ("receivers.msteams_configs", (0, 26, 0)),
    ("receivers.webhook_configs.url_file", (0, 26, 0)),
    ("receivers.msteams_configs.webhook_url_file", (0, 27, 0)),
];

pub fn parse(v: &str) -> Option<(u32, u32, u32)> {
    let mut parts = v.trim_start_matches('v').splitn(3, '.');
    let mut next = || parts.next()?.parse().ok();
    Some((next()?, next()?, next().unwrap_or(0)))
}

fn shape(path: &YamlPath) -> String {
    let keys: Vec<&str> = path
        .0
        .iter()
        .filter_map(|s| match s {
            Seg::Key(k) if k != "routes" => Some(k.as_str()),
            _ => None,
        })
        .collect();
    keys.join(".")
}

/// Errors for every field newer than `target`.
pub fn check(config: &Value, target: (u32, u32, u32), target_text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    walk(config, &YamlPath::root(), target, target_text, &mut out);
    out
}

fn walk(
    v: &Value,
    path: &YamlPath,
    target: (u32, u32, u32),
    text: &str,
    out: &mut Vec<Diagnostic>,
) {
    match v {
        Value::Mapping(m) => {
            for (k, item) in m {
                let p = path.key(k.as_str().unwrap_or_default());
                let s = shape(&p);
                let rule = INTRODUCED
                    .iter()
                    .find(|(pat, _)| match pat.strip_prefix('*') {
                        Some(suffix) => s.ends_with(suffix),
                        None => s == *pat,
                    });
                match rule {
                    Some((_, (a, b, c))) if (*a, *b, *c) > target => out.push(Diagnostic::error(
                        &p,
                        format!(
                            "{} needs Alertmanager {a}.{b}.{c} or later; the config targets {text} (alertmanager.version)",
                            p.last_key().unwrap_or_default()
                        ),
                    )),
                    _ => walk(item, &p, target, text, out),
                }
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &path.index(i), target, text, out);
            }
        }
        _ => {}
    }
}
