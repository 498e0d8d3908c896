//! Values files as read: their text, their parsed tree, and where each path sits in them.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser};
use serde_yaml::Value;

use crate::diagnostic::{Diagnostic, Location};
use crate::path::{Seg, YamlPath};

/// One layer of values: a file (`-f`), a `--set`, or a string handed to the library.
#[derive(Clone, Debug)]
pub struct Source {
    pub name: String,
    pub value: Value,
    positions: HashMap<YamlPath, (usize, usize)>,
}

impl Source {
    /// Parses one YAML document. An empty document is an empty map, as in Helm.
    pub fn parse(name: &str, text: &str) -> Result<Source, Vec<Diagnostic>> {
        let value: Value = match serde_yaml::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                let mut d = Diagnostic::error(&YamlPath::root(), yaml_message(&e));
                d.location = Location {
                    file: Some(name.to_string()),
                    file_index: None,
                    line: e.location().map(|l| l.line()),
                    column: e.location().map(|l| l.column()),
                };
                return Err(vec![d]);
            }
        };
        let value = match value {
            Value::Null => Value::Mapping(Default::default()),
            v @ Value::Mapping(_) => v,
            _ => {
                let mut d = Diagnostic::error(
                    &YamlPath::root(),
                    "values must be a YAML mapping at the top level",
                );
                d.location.file = Some(name.to_string());
                return Err(vec![d]);
            }
        };
        Ok(Source {
            name: name.to_string(),
            value,
            positions: index_positions(text),
        })
    }

    /// The mapping under `key` in a document that starts at `first_line` of a larger
    /// text (a marker's `spec` in a Helm stream); positions are lines of the whole text.
    pub fn parse_nested(
        name: &str,
        text: &str,
        key: &str,
        first_line: usize,
    ) -> Result<Source, Vec<Diagnostic>> {
        let mut whole = Source::parse(name, text).map_err(|mut d| {
            for x in &mut d {
                x.location.line = x.location.line.map(|l| l + first_line - 1);
            }
            d
        })?;
        let value = whole.value.get(key).cloned().unwrap_or(Value::Null);
        let value = match value {
            Value::Null => Value::Mapping(Default::default()),
            v => v,
        };
        whole.positions = whole
            .positions
            .into_iter()
            .filter_map(|(p, (line, col))| match p.0.split_first() {
                Some((Seg::Key(k), rest)) if k == key => {
                    Some((YamlPath(rest.to_vec()), (line + first_line - 1, col)))
                }
                _ => None,
            })
            .collect();
        whole.value = value;
        Ok(whole)
    }

    /// A layer with no text behind it (`--set`, or a value built in code).
    pub fn from_value(name: &str, value: Value) -> Source {
        Source {
            name: name.to_string(),
            value,
            positions: HashMap::new(),
        }
    }

    /// Line and column (1-based) of the deepest part of `path` that this file sets.
    pub fn locate(&self, path: &YamlPath) -> Option<(usize, usize, usize)> {
        let mut p = path.clone();
        loop {
            if let Some(&(line, col)) = self.positions.get(&p) {
                return Some((p.0.len(), line, col));
            }
            p = p.parent()?;
        }
    }

    /// Whether this layer's tree holds `path` (or a prefix of it that is a scalar or list,
    /// which replaces the whole subtree).
    pub fn sets(&self, path: &YamlPath) -> usize {
        let mut v = &self.value;
        for (depth, seg) in path.0.iter().enumerate() {
            let next = match (seg, v) {
                (Seg::Key(k), Value::Mapping(m)) => m.get(k.as_str()),
                (Seg::Index(i), Value::Sequence(s)) => s.get(*i),
                _ => return depth,
            };
            match next {
                Some(n) => v = n,
                None => return depth,
            }
        }
        path.0.len()
    }
}

/// serde_yaml's message without its trailing " at line X column Y" (we print the position).
pub fn yaml_message(e: &serde_yaml::Error) -> String {
    let s = e.to_string();
    match s.find(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

enum Frame {
    Map { path: YamlPath, key: Option<String> },
    Seq { path: YamlPath, next: usize },
}

/// Walks the parser's events and records where each key and list item starts.
fn index_positions(text: &str) -> HashMap<YamlPath, (usize, usize)> {
    let mut out = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut docs = 0;
    for item in Parser::new_from_str(text) {
        let Ok((event, span)) = item else { break };
        let pos = (span.start.line(), span.start.col() + 1);
        // The path of the node this event starts, if it is a value (not a map key).
        let node_path =
            |stack: &mut Vec<Frame>, out: &mut HashMap<YamlPath, (usize, usize)>| match stack
                .last_mut()
            {
                None => Some(YamlPath::root()),
                Some(Frame::Seq { path, next }) => {
                    let p = path.index(*next);
                    *next += 1;
                    out.entry(p.clone()).or_insert(pos);
                    Some(p)
                }
                Some(Frame::Map { path, key }) => key.take().map(|k| path.key(&k)),
            };
        match event {
            Event::DocumentStart(_) => {
                docs += 1;
                if docs > 1 {
                    break;
                }
            }
            Event::Scalar(s, ..) => {
                if let Some(Frame::Map {
                    path,
                    key: key @ None,
                }) = stack.last_mut()
                {
                    out.entry(path.key(&s)).or_insert(pos);
                    *key = Some(s.into_owned());
                } else {
                    node_path(&mut stack, &mut out);
                }
            }
            Event::Alias(_) => {
                node_path(&mut stack, &mut out);
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_map = matches!(event, Event::MappingStart(..));
                // A complex (non-scalar) map key gets a placeholder path nobody asks for.
                let path = match stack.last_mut() {
                    Some(Frame::Map {
                        key: k @ None,
                        path,
                    }) => {
                        *k = Some("?".into());
                        path.key("?")
                    }
                    _ => node_path(&mut stack, &mut out).unwrap_or_default(),
                };
                stack.push(if is_map {
                    Frame::Map { path, key: None }
                } else {
                    Frame::Seq { path, next: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_keys_and_items() {
        let text = "a:\n  b: 1\n  list:\n    - name: x\n    - name: y\n      to: z\nc: [1, 2]\n";
        let s = Source::parse("v.yaml", text).unwrap();
        let p = YamlPath::parse("a.list[1].to");
        assert_eq!(s.locate(&p), Some((4, 6, 7)));
        assert_eq!(s.locate(&YamlPath::parse("a.b")), Some((2, 2, 3)));
        assert_eq!(s.locate(&YamlPath::parse("a.list[0]")), Some((3, 4, 7)));
        // A path the file does not reach resolves to its deepest existing prefix.
        assert_eq!(s.locate(&YamlPath::parse("c[5]")).map(|l| l.1), Some(7));
        assert_eq!(s.sets(&YamlPath::parse("a.list[1].to")), 4);
        assert_eq!(s.sets(&YamlPath::parse("a.nope")), 1);
    }

    #[test]
    fn syntax_errors_carry_position() {
        let e = &Source::parse("bad.yaml", "a:\n  b: [1,\n").unwrap_err()[0];
        assert_eq!(e.location.file.as_deref(), Some("bad.yaml"));
        assert!(e.location.line.is_some());
    }
}
