//! Alertmanager label matchers (`severity =~ "warning|critical"`), parsed and applied as
//! `pkg/labels/parse.go` and `matcher.go` do in the Alertmanager version we validate against.

use std::collections::BTreeMap;
use std::fmt;

use regex_lite::Regex;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Equal,
    NotEqual,
    Regex,
    NotRegex,
}

impl Op {
    fn as_str(self) -> &'static str {
        match self {
            Op::Equal => "=",
            Op::NotEqual => "!=",
            Op::Regex => "=~",
            Op::NotRegex => "!~",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Matcher {
    pub name: String,
    pub op: Op,
    pub value: String,
    re: Option<Regex>,
}

impl PartialEq for Matcher {
    fn eq(&self, o: &Self) -> bool {
        self.name == o.name && self.op == o.op && self.value == o.value
    }
}

pub fn is_label_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Go's `regexp.Compile("^(?:" + v + ")$")`.
pub fn anchored(value: &str) -> Result<Regex, String> {
    Regex::new(&format!("^(?:{value})$")).map_err(|e| {
        let first = e.to_string();
        let last = first.lines().last().unwrap_or_default().trim();
        let last = last.strip_prefix("error: ").unwrap_or(last);
        // Go's regexp/syntax wording for the mistakes people make, so messages match amtool's.
        let detail = match last {
            "found open group without closing ')'" => "missing closing )",
            "found closing ')' without matching '('" => "unexpected )",
            "found unclosed character class"
            | "non-empty character class has no closing bracket"
            | "non-empty character class has no closing bracket after dash"
            | "negated character class has no closing bracket"
            | "character class begins with literal ']' but has no closing bracket" => {
                "missing closing ]"
            }
            "uncounted repetition operator must be applied to a sub-expression"
            | "counted repetition operator must be applied to a sub-expression" => {
                "missing argument to repetition operator"
            }
            "invalid range in character class" => "invalid character class range",
            other => other,
        };
        format!("error parsing regexp: {detail}: `{value}`")
    })
}

impl Matcher {
    pub fn new(name: &str, op: Op, value: &str) -> Result<Matcher, String> {
        let re = match op {
            Op::Regex | Op::NotRegex => Some(anchored(value)?),
            _ => None,
        };
        Ok(Matcher {
            name: name.into(),
            op,
            value: value.into(),
            re,
        })
    }

    /// A missing label matches as the empty string.
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        let v = labels.get(&self.name).map(String::as_str).unwrap_or("");
        match (self.op, &self.re) {
            (Op::Equal, _) => v == self.value,
            (Op::NotEqual, _) => v != self.value,
            (Op::Regex, Some(re)) => re.is_match(v),
            (Op::NotRegex, Some(re)) => !re.is_match(v),
            _ => false,
        }
    }

    /// One matcher, as `labels.ParseMatcher`.
    pub fn parse_one(s: &str) -> Result<Matcher, String> {
        let bad = || format!("bad matcher format: {s}");
        let t = s.trim_start();
        let name_len = t
            .char_indices()
            .take_while(|(i, c)| {
                c.is_ascii_alphabetic() || *c == '_' || *c == ':' || (*i > 0 && c.is_ascii_digit())
            })
            .count();
        if name_len == 0 {
            return Err(bad());
        }
        let name = &t[..name_len];
        let rest = t[name_len..].trim_start();
        let op = [
            ("=~", Op::Regex),
            ("!=", Op::NotEqual),
            ("!~", Op::NotRegex),
            ("=", Op::Equal),
        ]
        .into_iter()
        .find(|(p, _)| rest.starts_with(p));
        let Some((sym, op)) = op else {
            return Err(bad());
        };
        let raw = rest[sym.len()..].trim();
        let value = unquote(raw)?;
        Matcher::new(name, op, &value)
    }

    /// A matcher string, possibly `{a="b", c=~"d"}` with several matchers, as `ParseMatchers`.
    pub fn parse_list(s: &str) -> Result<Vec<Matcher>, String> {
        let s = s.strip_prefix('{').unwrap_or(s);
        let s = s.strip_suffix('}').unwrap_or(s);
        let (mut tokens, mut token) = (Vec::new(), String::new());
        let (mut quoted, mut escaped) = (false, false);
        for c in s.chars() {
            match c {
                ',' if !quoted => {
                    tokens.push(std::mem::take(&mut token));
                    continue;
                }
                '"' if !escaped => quoted = !quoted,
                '"' => escaped = false,
                '\\' => escaped = !escaped,
                _ => escaped = false,
            }
            token.push(c);
        }
        if !token.trim().is_empty() {
            tokens.push(token);
        }
        tokens.iter().map(|t| Matcher::parse_one(t)).collect()
    }
}

/// The value part: optional surrounding quotes, `\"`, `\\` and `\n` escapes.
fn unquote(raw: &str) -> Result<String, String> {
    let (body, mut expect_quote) = match raw.strip_prefix('"') {
        Some(b) => (b, true),
        None => (raw, false),
    };
    let unescaped_quote = || format!("matcher value contains unescaped double quote: {raw}");
    let mut out = String::new();
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if chars.peek().is_some() => {
                let (_, n) = chars.next().unwrap_or((i, '\\'));
                match n {
                    'n' => out.push('\n'),
                    '"' | '\\' => out.push(n),
                    other => {
                        out.push('\\');
                        out.push(other);
                    }
                }
            }
            '"' => {
                if !expect_quote || i + 1 < body.len() {
                    return Err(unescaped_quote());
                }
                expect_quote = false;
            }
            _ => out.push(c),
        }
    }
    if expect_quote {
        return Err(unescaped_quote());
    }
    Ok(out)
}

/// Go's `strconv.Quote`, which Alertmanager uses to print matcher values.
pub fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if c < ' ' || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if !go_printable(c) && (c as u32) < 0x10000 => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c if !go_printable(c) => out.push_str(&format!("\\U{:08x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `unicode.IsPrint`, near enough: no controls, no space but ASCII's, no format marks.
fn go_printable(c: char) -> bool {
    !(c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}'))
}

/// `name=~"value"`, as Alertmanager's `Matcher.String()` prints it.
impl fmt::Display for Matcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}{}",
            self.name,
            self.op.as_str(),
            go_quote(&self.value)
        )
    }
}

/// One entry of a `matchers:` list: keeps the text as written so output is exactly the input.
#[derive(Clone, Debug, PartialEq)]
pub struct MatcherEntry {
    pub raw: String,
    pub parsed: Vec<Matcher>,
}

impl MatcherEntry {
    pub fn parse(raw: &str) -> Result<MatcherEntry, String> {
        Ok(MatcherEntry {
            raw: raw.into(),
            parsed: Matcher::parse_list(raw)?,
        })
    }
}

impl schemars::JsonSchema for MatcherEntry {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Matcher".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "An Alertmanager matcher, e.g. severity =~ \"warning|critical\""
        })
    }
}

impl Serialize for MatcherEntry {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for MatcherEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        MatcherEntry::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parses_seed_matchers() {
        let m = Matcher::parse_one(r#"severity =~ "warning|critical""#).unwrap();
        assert_eq!(
            (m.name.as_str(), m.op, m.value.as_str()),
            ("severity", Op::Regex, "warning|critical")
        );
        assert!(m.matches(&labels(&[("severity", "critical")])));
        // Anchored: a substring does not match.
        assert!(!m.matches(&labels(&[("severity", "criticality")])));
        assert!(!m.matches(&labels(&[])));
    }

    #[test]
    fn missing_label_is_empty_string() {
        let m = Matcher::parse_one(r#"team="""#).unwrap();
        assert!(m.matches(&labels(&[])));
        let n = Matcher::parse_one("team!~.+").unwrap();
        assert!(n.matches(&labels(&[])));
        assert!(!n.matches(&labels(&[("team", "a")])));
    }

    #[test]
    fn lists_and_escapes() {
        let ms = Matcher::parse_list(r#"{a="x,y", b!="q\"r"}"#).unwrap();
        assert_eq!(ms.len(), 2);
        assert_eq!(ms[0].value, "x,y");
        assert_eq!(ms[1].value, "q\"r");
    }

    #[test]
    fn rejects_bad_matchers_with_alertmanager_wording() {
        assert_eq!(
            Matcher::parse_one("severity").unwrap_err(),
            "bad matcher format: severity"
        );
        assert_eq!(
            Matcher::parse_one("1abc=x").unwrap_err(),
            "bad matcher format: 1abc=x"
        );
        assert!(Matcher::parse_one(r#"a="b"c""#)
            .unwrap_err()
            .starts_with("matcher value contains unescaped double quote"));
        assert!(Matcher::parse_one(r#"a=~"(""#)
            .unwrap_err()
            .starts_with("error parsing regexp"));
    }
}
