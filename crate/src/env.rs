//! `${NAME}` placeholders in values, filled from the post-renderer's environment. This is
//! how Seldon's page writes OIDC settings (`client_secret: "${OIDC_CLIENT_SECRET}"`), and it
//! keeps credentials out of values files and Helm's release history of values.

use serde_yaml::Value;

use crate::diagnostic::Diagnostic;
use crate::path::YamlPath;

fn is_name(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(f) if f.is_ascii_alphabetic() || f == '_')
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_')
}

/// Replaces every `${NAME}` in the strings of `value`. An unset variable is an error at
/// the path that uses it; values are never put into a message.
pub fn expand(value: &mut Value, lookup: &dyn Fn(&str) -> Option<String>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    walk(value, &YamlPath::root(), lookup, &mut diags);
    diags
}

fn walk(
    v: &mut Value,
    path: &YamlPath,
    lookup: &dyn Fn(&str) -> Option<String>,
    d: &mut Vec<Diagnostic>,
) {
    match v {
        Value::String(s) if s.contains("${") => {
            if let Some(new) = substitute(s, path, lookup, d) {
                *s = new;
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                walk(item, &path.index(i), lookup, d);
            }
        }
        Value::Mapping(m) => {
            for (k, item) in m.iter_mut() {
                let key = k.as_str().map(str::to_string).unwrap_or_default();
                walk(item, &path.key(&key), lookup, d);
            }
        }
        _ => {}
    }
}

fn substitute(
    s: &str,
    path: &YamlPath,
    lookup: &dyn Fn(&str) -> Option<String>,
    d: &mut Vec<Diagnostic>,
) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    let mut ok = true;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after
            .find('}')
            .map(|end| &after[..end])
            .filter(|n| is_name(n))
        {
            Some(name) => {
                match lookup(name) {
                    Some(val) => out.push_str(&val),
                    None => {
                        ok = false;
                        d.push(Diagnostic::error(
                            path,
                            format!(
                                "environment variable {name} is not set (placeholder ${{{name}}})"
                            ),
                        ));
                    }
                }
                rest = &after[name.len() + 1..];
            }
            // Not a placeholder (`${` in other text): keep it as written.
            None => {
                out.push_str("${");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    ok.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_and_reports() {
        let mut v: Value = serde_yaml::from_str(
            "a: '${HOST}/auth/${REALM}'\nb: ['${MISSING}']\nc: '${not a name} ${'\n",
        )
        .unwrap();
        let env = |n: &str| match n {
            "HOST" => Some("https://idp".to_string()),
            "REALM" => Some("r".to_string()),
            _ => None,
        };
        let d = expand(&mut v, &env);
        assert_eq!(v["a"], Value::from("https://idp/auth/r"));
        assert_eq!(v["c"], Value::from("${not a name} ${"));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path, "b[0]");
        assert!(d[0].message.contains("MISSING is not set"));
    }
}
