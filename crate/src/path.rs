//! YAML paths (`alertmanager.receivers[2].email_configs[0].to`): how every diagnostic
//! names the place it speaks about, independent of which file set it.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Seg {
    Key(String),
    Index(usize),
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct YamlPath(pub Vec<Seg>);

impl YamlPath {
    pub fn root() -> Self {
        YamlPath(Vec::new())
    }

    pub fn key(&self, k: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Key(k.to_string()));
        p
    }

    pub fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Index(i));
        p
    }

    /// Parses the dotted form that `--set` and serde_path_to_error use.
    pub fn parse(s: &str) -> Self {
        let mut segs = Vec::new();
        for part in s.split('.').filter(|p| !p.is_empty() && *p != "?") {
            let (name, rest) = match part.find('[') {
                Some(i) => (&part[..i], &part[i..]),
                None => (part, ""),
            };
            if !name.is_empty() {
                segs.push(Seg::Key(name.to_string()));
            }
            for idx in rest.split('[').filter(|x| !x.is_empty()) {
                match idx.trim_end_matches(']').parse() {
                    Ok(n) => segs.push(Seg::Index(n)),
                    Err(_) => segs.push(Seg::Key(idx.trim_end_matches(']').to_string())),
                }
            }
        }
        YamlPath(segs)
    }

    pub fn parent(&self) -> Option<Self> {
        let mut p = self.clone();
        p.0.pop().map(|_| p)
    }

    pub fn last_key(&self) -> Option<&str> {
        match self.0.last() {
            Some(Seg::Key(k)) => Some(k),
            _ => None,
        }
    }
}

impl fmt::Display for YamlPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(root)");
        }
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if k.contains(['.', '[', ']', ' ']) || k.is_empty() => {
                    write!(f, "[{k:?}]")?
                }
                Seg::Key(k) if i == 0 => f.write_str(k)?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_parse_round_trip() {
        let p = YamlPath::root()
            .key("alertmanager")
            .key("receivers")
            .index(2)
            .key("to");
        assert_eq!(p.to_string(), "alertmanager.receivers[2].to");
        assert_eq!(YamlPath::parse("alertmanager.receivers[2].to"), p);
    }

    #[test]
    fn odd_keys_are_bracketed() {
        let p = YamlPath::root().key("templates").key("slack.tmpl");
        assert_eq!(p.to_string(), "templates[\"slack.tmpl\"]");
    }
}
