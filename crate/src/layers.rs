//! Layered values, as Helm layers them: files in order, then `--set`; maps merge, lists
//! and scalars replace, `null` removes a key. Keeps every layer so a diagnostic about a
//! path can name the file and line that set it.

use serde_yaml::{Mapping, Value};

use crate::diagnostic::{Diagnostic, Location};
use crate::path::{Seg, YamlPath};
use crate::source::Source;
use crate::suggest::closest;
use crate::values::Values;

#[derive(Clone, Debug, Default)]
pub struct Layers {
    pub sources: Vec<Source>,
}

impl Layers {
    pub fn new(sources: Vec<Source>) -> Self {
        Layers { sources }
    }

    pub fn merged(&self) -> Value {
        let mut out = Value::Mapping(Mapping::new());
        for s in &self.sources {
            merge(&mut out, &s.value);
        }
        out
    }

    /// The typed values; an unknown key, wrong type or malformed duration or matcher is an
    /// error at its path, with "did you mean" for misspelt keys.
    pub fn values(&self) -> Result<Values, Vec<Diagnostic>> {
        self.typed()
    }

    /// The merged layers as any strict serde type, with errors located like `values`.
    pub fn typed<T: serde::de::DeserializeOwned>(&self) -> Result<T, Vec<Diagnostic>> {
        typed(self.merged()).map_err(|d| vec![self.locate(*d)])
    }

    /// Fills in the file, line and column of the layer that last set the diagnostic's path.
    pub fn locate(&self, mut d: Diagnostic) -> Diagnostic {
        let path = YamlPath::parse(&d.path);
        // The layer that set the deepest part of the path; a path no layer sets (a missing
        // key) belongs to the last one, without a line.
        let best = self
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.sets(&path), i))
            .max()
            .filter(|(depth, _)| *depth > 0 || self.sources.len() == 1);
        if let Some((depth, i)) = best {
            let src = &self.sources[i];
            let pos = if depth > 0 { src.locate(&path) } else { None };
            d.location = Location {
                file: Some(src.name.clone()),
                file_index: Some(i),
                line: pos.map(|p| p.1),
                column: pos.map(|p| p.2),
            };
        }
        d
    }
}

/// A YAML tree as a strict serde type; the error names the path. Every typed read in the
/// crate goes through here, so serde's code exists for one deserializer only (it is most
/// of the WebAssembly module's size).
pub fn typed<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, Box<Diagnostic>> {
    serde_path_to_error::deserialize::<_, T>(v).map_err(|e| {
        let path = YamlPath::parse(&e.path().to_string());
        let (path, message) = explain(path, &e.inner().to_string());
        Box::new(Diagnostic::error(&path, message))
    })
}

/// Helm's coalescing of one layer over another.
pub fn merge(base: &mut Value, over: &Value) {
    match (base, over) {
        (Value::Mapping(b), Value::Mapping(o)) => {
            for (k, v) in o {
                if v.is_null() {
                    b.remove(k);
                } else if let Some(existing) = b.get_mut(k) {
                    merge(existing, v);
                } else {
                    b.insert(k.clone(), v.clone());
                }
            }
        }
        (b, o) => *b = o.clone(),
    }
}

/// Turns serde's messages into ours: unknown keys get the key in the path and a suggestion.
fn explain(path: YamlPath, msg: &str) -> (YamlPath, String) {
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let (field, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let expected: Vec<&str> = tail.split('`').skip(1).step_by(2).collect::<Vec<_>>();
        let mut m = format!("unknown field {field:?}");
        if let Some(s) = closest(field, expected.iter().copied()) {
            m.push_str(&format!(", did you mean {s:?}?"));
        }
        if !expected.is_empty() {
            m.push_str(&format!(" (expected one of: {})", expected.join(", ")));
        }
        let path = if path.last_key() == Some(field) {
            path
        } else {
            path.key(field)
        };
        return (path, m);
    }
    if let Some(rest) = msg.strip_prefix("unknown variant `") {
        let (v, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let expected: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
        return (
            path,
            format!(
                "unknown value {v:?}, expected one of: {}",
                expected.join(", ")
            ),
        );
    }
    if is_secret_key(path.last_key().unwrap_or("")) {
        // serde quotes the offending value; for a secret, say only what kind it was.
        if let Some((head, rest)) = msg.split_once(" `") {
            let tail = rest.split_once('`').map_or("", |(_, t)| t);
            return (path, format!("{head} (value hidden){tail}"));
        }
    }
    (path, msg.to_string())
}

/// Keys whose values are credentials: they are never echoed in a message.
pub fn is_secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    [
        "secret",
        "password",
        "token",
        "api_key",
        "apikey",
        "routing_key",
        "service_key",
        "credentials",
    ]
    .iter()
    .any(|s| k.contains(s))
        && !k.ends_with("file")
}

/// Helm's own limit on list indices in `--set`.
const MAX_SET_INDEX: usize = 65536;

/// One `--set` (or `--set-string`) argument: `a.b[0].c=v[,x.y=w…]`, typed as Helm types it.
pub fn parse_set(arg: &str, as_string: bool) -> Result<Value, String> {
    let mut root = Value::Mapping(Mapping::new());
    for assignment in split_unescaped(arg, ',', true) {
        let (path, raw) = assignment
            .split_once('=')
            .ok_or_else(|| format!("--set {arg:?}: expected path=value"))?;
        let path = YamlPath::parse(path.trim());
        if path.0.is_empty() {
            return Err(format!("--set {arg:?}: empty path"));
        }
        if path
            .0
            .iter()
            .any(|s| matches!(s, Seg::Index(i) if *i >= MAX_SET_INDEX))
        {
            return Err(format!(
                "--set {arg:?}: list index too large (limit {MAX_SET_INDEX})"
            ));
        }
        let value = if as_string {
            Value::String(unescape(raw))
        } else if let Some(list) = raw.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
            Value::Sequence(
                split_unescaped(list, ',', false)
                    .iter()
                    .filter(|s| !s.is_empty())
                    .map(|s| helm_typed(s))
                    .collect(),
            )
        } else {
            helm_typed(raw)
        };
        merge(&mut root, &nest(&path.0, value));
    }
    Ok(root)
}

fn nest(segs: &[Seg], leaf: Value) -> Value {
    match segs.split_first() {
        None => leaf,
        Some((Seg::Key(k), rest)) => {
            let mut m = Mapping::new();
            m.insert(Value::String(k.clone()), nest(rest, leaf));
            Value::Mapping(m)
        }
        Some((Seg::Index(i), rest)) => {
            let mut v = vec![Value::Mapping(Mapping::new()); (*i).min(MAX_SET_INDEX)];
            v.push(nest(rest, leaf));
            Value::Sequence(v)
        }
    }
}

/// Helm's strvals typing: booleans, null and plain integers; everything else is a string.
fn helm_typed(raw: &str) -> Value {
    match raw {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        "null" => Value::Null,
        _ => match raw.parse::<i64>() {
            Ok(n) if !(raw.len() > 1 && raw.starts_with('0')) => Value::Number(n.into()),
            _ => Value::String(unescape(raw)),
        },
    }
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            _ => out.push(c),
        }
    }
    out
}

/// Splits on `sep` unless escaped with `\` or (when `braces`) inside `{…}`; keeps escapes.
fn split_unescaped(s: &str, sep: char, braces: bool) -> Vec<String> {
    let (mut parts, mut cur, mut depth, mut esc) = (Vec::new(), String::new(), 0, false);
    for c in s.chars() {
        if esc {
            cur.push(c);
            esc = false;
            continue;
        }
        match c {
            '\\' => {
                esc = true;
                cur.push(c);
                continue;
            }
            '{' if braces => depth += 1,
            '}' if braces && depth > 0 => depth -= 1,
            c if c == sep && depth == 0 => {
                parts.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    parts.push(cur);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn y(s: &str) -> Value {
        serde_yaml::from_str(s).unwrap()
    }

    #[test]
    fn maps_merge_lists_replace_null_removes() {
        let mut base = y("a: {b: 1, c: [1, 2]}\nd: 1");
        merge(&mut base, &y("a: {c: [3]}\nd: null"));
        assert_eq!(base, y("a: {b: 1, c: [3]}"));
    }

    #[test]
    fn set_types_like_helm() {
        assert_eq!(
            parse_set("a.b=true,a.c=10,a.d=010,e={x,y}", false).unwrap(),
            y("a: {b: true, c: 10, d: '010'}\ne: [x, y]")
        );
        assert_eq!(parse_set("a=true", true).unwrap(), y("a: 'true'"));
        assert_eq!(parse_set(r"a=x\,y", false).unwrap(), y("a: 'x,y'"));
        assert_eq!(parse_set("l[1].n=x", false).unwrap(), y("l: [{}, {n: x}]"));
        assert!(parse_set("novalue", false).is_err());
    }

    #[test]
    fn unknown_key_is_located_with_suggestion() {
        let text = "alertmanager:\n  route:\n    groupWiat: 30s\n";
        let layers = Layers::new(vec![Source::parse("v.yaml", text).unwrap()]);
        let d = &layers.values().unwrap_err()[0];
        assert_eq!(d.path, "alertmanager.route.groupWiat");
        assert_eq!(d.location.line, Some(3));
        assert!(
            d.message.contains("did you mean \"groupWait\""),
            "{}",
            d.message
        );
    }

    #[test]
    fn secret_values_are_not_echoed() {
        let text = "alertmanager:\n  seldonDeploy:\n    oidc:\n      clientSecret: 8675309\n";
        let d = &Layers::new(vec![Source::parse("v.yaml", text).unwrap()])
            .values()
            .unwrap_err()[0];
        assert_eq!(d.path, "alertmanager.seldonDeploy.oidc.clientSecret");
        assert!(!d.message.contains("8675309"), "{}", d.message);
        assert!(
            d.message.ends_with("(value hidden), expected a string"),
            "{}",
            d.message
        );
        assert!(parse_set("a[70000]=x", false).is_err());
    }

    #[test]
    fn later_layer_wins_location() {
        let a = Source::parse("a.yaml", "namespace: x\n").unwrap();
        let b = Source::parse("b.yaml", "\n\nnamespace: [1]\n").unwrap();
        let d = &Layers::new(vec![a, b]).values().unwrap_err()[0];
        assert_eq!(d.location.file.as_deref(), Some("b.yaml"));
        assert_eq!(d.location.line, Some(3));
        assert!(d.message.contains("expected a string"), "{}", d.message);
    }
}
