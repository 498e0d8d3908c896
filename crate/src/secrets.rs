//! Credentials in an Alertmanager config: warned about when written inline, and masked
//! wherever a person looks at rendered output (the web page masks until revealed).

use serde_yaml::Value;

use crate::alertmanager::config::Config;
use crate::diagnostic::Diagnostic;
use crate::path::YamlPath;

/// Fields that hold a credential, and the `*_file` field Alertmanager reads it from instead.
const SECRET_FIELDS: [(&str, &str); 12] = [
    ("client_secret", "client_secret_file"),
    ("password", "password_file"),
    ("bearer_token", "bearer_token_file"),
    ("credentials", "credentials_file"),
    ("auth_password", "auth_password_file"),
    ("smtp_auth_password", "smtp_auth_password_file"),
    ("api_url", "api_url_file"),
    ("slack_api_url", "slack_api_url_file"),
    ("routing_key", "routing_key_file"),
    ("service_key", "service_key_file"),
    ("api_key", "api_key_file"),
    ("opsgenie_api_key", "opsgenie_api_key_file"),
];

/// What a masked credential reads as.
pub const MASK: &str = "••••••••";

/// `${NAME}`: filled at install time, so not a credential written down.
fn placeholder(s: &str) -> bool {
    s.starts_with("${") && s.ends_with('}') && !s[2..].contains('$')
}

/// Calls `f` with the path, key, `*_file` alternative and value of every inline credential.
fn visit(v: &mut Value, p: &YamlPath, f: &mut dyn FnMut(&YamlPath, &str, &str, &mut String)) {
    match v {
        Value::Mapping(m) => {
            for (k, item) in m.iter_mut() {
                let key = k.as_str().unwrap_or_default();
                let path = p.key(key);
                match (SECRET_FIELDS.iter().find(|(f, _)| *f == key), item) {
                    (Some((_, file)), Value::String(s)) if !s.is_empty() && !placeholder(s) => {
                        f(&path, key, file, s)
                    }
                    (_, item) => visit(item, &path, f),
                }
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                visit(item, &p.index(i), f);
            }
        }
        _ => {}
    }
}

/// A warning for every credential written inline: it ends up in values files and Helm's
/// release history.
pub fn inline_secrets(cfg: &Config) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut v = serde_yaml::to_value(cfg).unwrap_or_default();
    visit(&mut v, &YamlPath::root(), &mut |path, key, file, _| {
        out.push(Diagnostic::warning(
            path,
            format!("{key} is written inline; use {file} with a Secret mounted into Alertmanager (alertmanagerSpec.secrets), or a ${{NAME}} placeholder filled at install time"),
        ))
    });
    out
}

/// The config with every inline credential replaced by [`MASK`].
pub fn masked(cfg: &Config) -> Value {
    let mut v = serde_yaml::to_value(cfg).unwrap_or_default();
    visit(&mut v, &YamlPath::root(), &mut |_, _, _, s| {
        *s = MASK.to_string()
    });
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_inline_credentials_but_not_placeholders_or_files() {
        let cfg: Config = serde_yaml::from_str(
            "route: {receiver: r}\nreceivers:\n  - name: r\n    slack_configs: [{api_url: 'https://hooks/secret'}]\n    pagerduty_configs: [{routing_key: '${PD}'}, {routing_key_file: /f}]\n",
        )
        .unwrap();
        let text = crate::emit::to_yaml(&masked(&cfg));
        assert!(
            !text.contains("hooks/secret") && text.contains(MASK),
            "{text}"
        );
        assert!(text.contains("${PD}") && text.contains("routing_key_file: /f"));
        assert_eq!(inline_secrets(&cfg).len(), 1);
    }
}
