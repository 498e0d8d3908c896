//! A YAML emitter whose output means the same to YAML 1.1 (Go's yaml.v2, which Alertmanager
//! uses) and YAML 1.2 parsers. serde_yaml writes `yes`, `on` and `NO` bare, which yaml.v2
//! reads as booleans; here a string is bare only when it cannot be read as anything else.

use serde_yaml::Value;

/// One YAML document for `v`, ending in a newline.
pub fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Mapping(m) if !m.is_empty() => map(&mut out, m, 0),
        Value::Sequence(s) if !s.is_empty() => seq(&mut out, s, 0),
        other => {
            out.push_str(&inline(other).unwrap_or_default());
            out.push('\n');
        }
    }
    out
}

fn pad(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn map(out: &mut String, m: &serde_yaml::Mapping, indent: usize) {
    for (i, (k, v)) in m.iter().enumerate() {
        if i > 0 {
            pad(out, indent);
        }
        out.push_str(&key(k));
        out.push(':');
        value_after_key(out, v, indent);
    }
}

/// The part after `key:`.
fn value_after_key(out: &mut String, v: &Value, indent: usize) {
    match v {
        Value::Mapping(m) if !m.is_empty() => {
            out.push('\n');
            pad(out, indent + 2);
            map(out, m, indent + 2);
        }
        Value::Sequence(s) if !s.is_empty() => {
            if let Some(flow) = flow_seq(s) {
                out.push(' ');
                out.push_str(&flow);
                out.push('\n');
            } else {
                out.push('\n');
                pad(out, indent + 2);
                seq(out, s, indent + 2);
            }
        }
        Value::String(s) if literal_ok(s) => {
            out.push(' ');
            literal(out, s, indent + 2);
        }
        other => {
            out.push(' ');
            out.push_str(&inline(other).unwrap_or_default());
            out.push('\n');
        }
    }
}

fn seq(out: &mut String, s: &[Value], indent: usize) {
    for (i, item) in s.iter().enumerate() {
        if i > 0 {
            pad(out, indent);
        }
        out.push_str("- ");
        match item {
            Value::Mapping(m) if !m.is_empty() => map(out, m, indent + 2),
            Value::Sequence(inner) if !inner.is_empty() => {
                if let Some(flow) = flow_seq(inner) {
                    out.push_str(&flow);
                    out.push('\n');
                } else {
                    seq(out, inner, indent + 2);
                }
            }
            Value::String(st) if literal_ok(st) => literal(out, st, indent + 2),
            other => {
                out.push_str(&inline(other).unwrap_or_default());
                out.push('\n');
            }
        }
    }
}

/// A short list of bare scalars on one line: `[alertname, namespace]`.
fn flow_seq(s: &[Value]) -> Option<String> {
    let items: Option<Vec<String>> = s
        .iter()
        .map(|v| match v {
            Value::String(st) if plain_ok(st) => Some(st.clone()),
            Value::Bool(_) | Value::Number(_) => inline(v),
            _ => None,
        })
        .collect();
    let line = format!("[{}]", items?.join(", "));
    (line.len() <= 60).then_some(line)
}

fn key(k: &Value) -> String {
    inline(k).unwrap_or_else(|| "null".into())
}

/// A scalar on one line, or an empty collection; `None` for anything else.
fn inline(v: &Value) -> Option<String> {
    Some(match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => scalar(s),
        Value::Mapping(m) if m.is_empty() => "{}".into(),
        Value::Sequence(s) if s.is_empty() => "[]".into(),
        _ => return None,
    })
}

/// The safest readable form of a one-line string: bare, 'single' or "double" quoted.
pub fn scalar(s: &str) -> String {
    if plain_ok(s) {
        s.to_string()
    } else if s.chars().all(printable) && !s.contains('\n') {
        format!("'{}'", s.replace('\'', "''"))
    } else {
        double_quoted(s)
    }
}

/// Words that YAML 1.1 or 1.2 resolve to booleans or null when bare.
const RESERVED: [&str; 11] = [
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "",
];

/// Bare only when it reads as the same string in every YAML version: letters, digits and
/// `_./-`, single spaces between words, starting with a letter, `_` or `/`, or a duration.
fn plain_ok(s: &str) -> bool {
    if RESERVED.contains(&s.to_ascii_lowercase().as_str()) {
        return false;
    }
    let word_char = |c: char| c.is_ascii_alphanumeric() || "_./-".contains(c);
    let first_ok = s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '/');
    let words_ok = s
        .split(' ')
        .all(|w| !w.is_empty() && w.chars().all(word_char));
    (first_ok || is_duration_like(s)) && words_ok
}

/// `10s`, `1h30m`: starts with a digit but is no number in any YAML version.
fn is_duration_like(s: &str) -> bool {
    crate::duration::Duration::parse(s).is_ok() && s != "0"
}

/// Characters that may stand unescaped in a quoted scalar. YAML 1.1 also breaks lines on
/// NEL, LS and PS, so those are escaped too.
fn printable(c: char) -> bool {
    !(c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}'))
}

/// A double-quoted string with Go-style escapes; also a valid PromQL string literal.
pub fn double_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if !printable(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Multi-line text reads best as a literal block; only when it round-trips exactly.
fn literal_ok(s: &str) -> bool {
    let body = s.trim_end_matches('\n');
    s.contains('\n')
        && !body.is_empty()
        && !body.starts_with([' ', '\n'])
        && body.chars().all(|c| c == '\n' || printable(c))
        && body.lines().all(|l| !l.ends_with(' '))
}

fn literal(out: &mut String, s: &str, indent: usize) {
    let body = s.trim_end_matches('\n');
    let trailing = s.len() - body.len();
    out.push_str(match trailing {
        0 => "|-",
        1 => "|",
        _ => "|+",
    });
    out.push('\n');
    for line in body.split('\n') {
        if !line.is_empty() {
            pad(out, indent);
            out.push_str(line);
        }
        out.push('\n');
    }
    // Under `|+`, newlines past the first are kept as empty lines.
    for _ in 1..trailing.max(1) {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(s: &str) {
        let mut m = serde_yaml::Mapping::new();
        m.insert("k".into(), Value::String(s.into()));
        m.insert("after".into(), "x".into());
        let text = to_yaml(&Value::Mapping(m.clone()));
        let back: Value = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(back, Value::Mapping(m), "emitted:\n{text}");
    }

    #[test]
    fn strings_survive() {
        for s in [
            "yes",
            "No",
            "ON",
            "off",
            "~",
            "null",
            "",
            " lead",
            "trail ",
            "a: b",
            "a #b",
            "*star",
            "&amp",
            "!bang",
            "%pct",
            "@at",
            "{{ $labels.x }}",
            "'q'",
            "\"dq\"",
            "10",
            "1e3",
            "0x1f",
            "1:30",
            "10s",
            "line1\nline2",
            "trailing\n",
            "two\n\n",
            "tab\there",
            "nel\u{85}x",
            "ls\u{2028}x",
            "émoji 🚨",
            "-",
            "- x",
            "? x",
            "a\\b",
            "\n",
            "\nlead",
            "x\r\ny",
        ] {
            round_trip(s);
        }
    }

    #[test]
    fn readable_forms() {
        assert_eq!(scalar("default-receiver"), "default-receiver");
        assert_eq!(scalar("10s"), "10s");
        assert_eq!(scalar("yes"), "'yes'");
        assert_eq!(scalar("10"), "'10'");
        assert_eq!(scalar("it's"), "'it''s'");
        assert_eq!(scalar("a\u{2028}b"), "\"a\\u2028b\"");
    }

    #[test]
    fn layout() {
        let v: Value = serde_yaml::from_str(
            "a: {b: [x, w], c: [{d: 1, e: [{f: g}]}], t: \"l1\\nl2\\n\"}\nz: {}",
        )
        .unwrap();
        assert_eq!(
            to_yaml(&v),
            "a:\n  b: [x, w]\n  c:\n    - d: 1\n      e:\n        - f: g\n  t: |\n    l1\n    l2\nz: {}\n"
        );
    }
}
