//! Go `text/template` syntax, as far as Prometheus and Alertmanager check it when they load
//! rules and templates: actions closed, control structures balanced, every function and
//! variable defined. Text is never executed.

/// Whose functions and predefined variables a template may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// Rule labels and annotations (Prometheus 2.42's template functions; `$labels`, …).
    Prometheus,
    /// Alertmanager notification templates (Alertmanager 0.25's functions).
    Alertmanager,
}

const GO_BUILTINS: [&str; 19] = [
    "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf",
    "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne",
];
const PROMETHEUS_FUNCS: [&str; 24] = [
    "query",
    "first",
    "label",
    "value",
    "strvalue",
    "args",
    "reReplaceAll",
    "safeHtml",
    "match",
    "title",
    "toUpper",
    "toLower",
    "graphLink",
    "tableLink",
    "sortByLabel",
    "humanize",
    "humanize1024",
    "humanizeDuration",
    "humanizePercentage",
    "humanizeTimestamp",
    "toTime",
    "pathPrefix",
    "externalURL",
    "parseDuration",
];
const ALERTMANAGER_FUNCS: [&str; 8] = [
    "toUpper",
    "toLower",
    "title",
    "join",
    "match",
    "safeHtml",
    "reReplaceAll",
    "stringSlice",
];
const PROMETHEUS_VARS: [&str; 4] = ["$labels", "$externalLabels", "$externalURL", "$value"];
const OPENERS: [&str; 5] = ["if", "range", "with", "define", "block"];

#[derive(Debug, PartialEq)]
enum Tok {
    Word(String),
    Var(String),
    Declare,
    Other,
    Open,
    Close,
}

/// The action's tokens; strings, fields and numbers are `Other`.
fn lex(action: &str) -> Result<Vec<Tok>, String> {
    let mut toks = Vec::new();
    let mut chars = action.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() || c == '|' || c == ',' => {}
            '(' => toks.push(Tok::Open),
            ')' => toks.push(Tok::Close),
            ':' if chars.peek() == Some(&'=') => {
                chars.next();
                toks.push(Tok::Declare);
            }
            '=' => toks.push(Tok::Declare),
            '"' | '`' | '\'' => {
                let mut closed = false;
                while let Some(d) = chars.next() {
                    if d == '\\' && c != '`' {
                        chars.next();
                    } else if d == c {
                        closed = true;
                        break;
                    }
                }
                if !closed {
                    return Err(match c {
                        '`' => "unterminated raw quoted string".into(),
                        '\'' => "unterminated character constant".into(),
                        _ => "unterminated quoted string".into(),
                    });
                }
                toks.push(Tok::Other);
            }
            '$' => {
                let mut name = String::from("$");
                while let Some(&d) = chars.peek() {
                    if d.is_ascii_alphanumeric() || d == '_' {
                        name.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
                toks.push(Tok::Var(name));
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut word = String::from(c);
                while let Some(&d) = chars.peek() {
                    if d.is_ascii_alphanumeric() || d == '_' {
                        word.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
                toks.push(Tok::Word(word));
            }
            _ => {
                // Fields (.Foo.bar), numbers, and the rest of a field chain after a name.
                while let Some(&d) = chars.peek() {
                    if d.is_ascii_alphanumeric() || d == '_' || d == '.' {
                        chars.next();
                    } else {
                        break;
                    }
                }
                toks.push(Tok::Other);
            }
        }
    }
    Ok(toks)
}

/// The first syntax error Go's parser would report, in its words.
pub fn check(text: &str, dialect: Dialect) -> Result<(), String> {
    let funcs: Vec<&str> = match dialect {
        Dialect::Prometheus => GO_BUILTINS
            .iter()
            .chain(&PROMETHEUS_FUNCS)
            .copied()
            .collect(),
        Dialect::Alertmanager => GO_BUILTINS
            .iter()
            .chain(&ALERTMANAGER_FUNCS)
            .copied()
            .collect(),
    };
    let mut vars: Vec<String> = vec!["$".into()];
    if dialect == Dialect::Prometheus {
        vars.extend(PROMETHEUS_VARS.iter().map(|v| v.to_string()));
    }
    let mut stack: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let close = find_close(after)?;
        let mut action = &after[..close];
        rest = &after[close + 2..];
        action = action.strip_prefix("- ").unwrap_or(action);
        action = action.strip_suffix(" -").unwrap_or(action);
        let trimmed = action.trim();
        if trimmed.starts_with("/*") {
            if !trimmed.ends_with("*/") {
                return Err("unclosed comment".into());
            }
            continue;
        }
        let toks = lex(action)?;
        // `$a, $b := …` declares every variable before the `:=`.
        if let Some(decl) = toks.iter().position(|t| *t == Tok::Declare) {
            vars.extend(toks[..decl].iter().filter_map(|t| match t {
                Tok::Var(v) => Some(v.clone()),
                _ => None,
            }));
        }
        let mut depth: i32 = 0;
        for (i, t) in toks.iter().enumerate() {
            match t {
                Tok::Open => depth += 1,
                Tok::Close => {
                    depth -= 1;
                    if depth < 0 {
                        return Err("unexpected right paren".into());
                    }
                }
                Tok::Var(v) if !vars.contains(v) => {
                    return Err(format!("undefined variable {v:?}"))
                }
                Tok::Word(w) if i == 0 && is_keyword(w) => {}
                Tok::Word(w) if matches!(w.as_str(), "true" | "false" | "nil") => {}
                Tok::Word(w)
                    if i == 1 && w == "if" && toks.first() == Some(&Tok::Word("else".into())) => {}
                Tok::Word(w) if !funcs.contains(&w.as_str()) => {
                    return Err(format!("function {w:?} not defined"))
                }
                _ => {}
            }
        }
        if depth > 0 {
            return Err("unclosed left paren".into());
        }
        match toks.first() {
            Some(Tok::Word(w)) if OPENERS.contains(&w.as_str()) => stack.push(w.clone()),
            Some(Tok::Word(w)) if w == "end" && stack.pop().is_none() => {
                return Err("unexpected {{end}}".into())
            }
            Some(Tok::Word(w))
                if w == "else"
                    && !matches!(
                        stack.last().map(String::as_str),
                        Some("if" | "range" | "with")
                    ) =>
            {
                return Err("unexpected {{else}}".into())
            }
            None => return Err("missing value for command".into()),
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err("unexpected EOF".into());
    }
    Ok(())
}

fn is_keyword(w: &str) -> bool {
    OPENERS.contains(&w) || matches!(w, "end" | "else" | "template" | "break" | "continue")
}

/// The `}}` that closes an action, skipping quoted strings.
fn find_close(s: &str) -> Result<usize, String> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut quote: Option<u8> = None;
    while i < b.len() {
        match (quote, b[i]) {
            (Some(q), c) if c == q => quote = None,
            (Some(q), b'\\') if q != b'`' => i += 1,
            (Some(_), _) => {}
            (None, c @ (b'"' | b'`')) => quote = Some(c),
            (None, b'}') if b.get(i + 1) == Some(&b'}') => return Ok(i),
            _ => {}
        }
        i += 1;
    }
    Err(match quote {
        Some(b'`') => "unterminated raw quoted string".into(),
        Some(_) => "unterminated quoted string".into(),
        None => "unclosed action".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Dialect::*;

    #[test]
    fn accepts_real_templates() {
        for t in [
            "{{ $labels.namespace }}/{{ $labels.pod }}",
            "{{ $value | humanizePercentage }}",
            "{{ with $labels.x }}(SeldonDeployment {{ . }}) {{ end }}",
            r#"{{ printf "%.2f" $value }}"#,
            "{{- if gt $value 1.0 -}}big{{ else if eq $value 0.0 }}zero{{ else }}small{{ end }}",
            "{{/* a comment */}}{{ range $i, $e := .Alerts }}{{ $i }}{{ $e.Labels.a }}{{ end }}",
            r#"{{ "}}" }}"#,
        ] {
            assert_eq!(check(t, Prometheus), Ok(()), "{t}");
        }
        assert_eq!(
            check(
                r#"{{ define "t" }}{{ .Status | toUpper }} {{ join ", " .GroupLabels.Values }}{{ end }}"#,
                Alertmanager
            ),
            Ok(())
        );
    }

    #[test]
    fn rejects_like_go() {
        let cases = [
            ("{{ $labels.x", "unclosed action"),
            (
                "{{ $value | humanise }}",
                "function \"humanise\" not defined",
            ),
            ("{{ $lables.x }}", "undefined variable \"$lables\""),
            ("{{ if $value }}x", "unexpected EOF"),
            ("x{{ end }}", "unexpected {{end}}"),
            ("{{ else }}", "unexpected {{else}}"),
            ("{{ printf \"%s }}", "unterminated quoted string"),
            ("{{ (len $labels }}", "unclosed left paren"),
            ("{{ }}", "missing value for command"),
        ];
        for (t, want) in cases {
            assert_eq!(check(t, Prometheus), Err(want.to_string()), "{t}");
        }
        assert_eq!(
            check("{{ $labels.x }}", Alertmanager),
            Err("undefined variable \"$labels\"".into())
        );
    }
}
