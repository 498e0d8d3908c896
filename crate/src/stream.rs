//! Helm's manifest stream, as a post-renderer receives it: documents separated by `---`
//! lines. Documents are kept as the exact bytes they arrived with, so anything we do not
//! own passes through untouched and in order.

/// One document: its raw text (including its `---` line, if any) and where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Doc<'a> {
    pub raw: &'a str,
    /// 1-based line of the document's first line in the stream.
    pub line: usize,
}

impl<'a> Doc<'a> {
    /// Helm 3 names a document's template in a `# Source: chart/templates/file` comment.
    pub fn source_comment(&self) -> Option<&'a str> {
        self.raw
            .lines()
            .take_while(|l| l.starts_with('#') || is_separator(l) || l.trim().is_empty())
            .find_map(|l| l.strip_prefix("# Source: "))
            .map(str::trim_end)
    }

    /// The document without its `---` line: what a YAML parser should read.
    pub fn body(&self) -> &'a str {
        match self.raw.split_once('\n') {
            Some((first, rest)) if is_separator(first) => rest,
            None if is_separator(self.raw) => "",
            _ => self.raw,
        }
    }

    /// Only comments and blank lines (Helm's hidden Secrets, empty templates).
    pub fn is_empty(&self) -> bool {
        self.body()
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    }
}

fn is_separator(line: &str) -> bool {
    let l = line.trim_end_matches('\r');
    l == "---" || l.starts_with("--- ") || l.starts_with("---\t")
}

/// Splits a stream at every `---` line; concatenating the documents gives the input back.
pub fn split(input: &str) -> Vec<Doc<'_>> {
    let mut docs = Vec::new();
    let (mut start, mut start_line, mut offset) = (0, 1, 0);
    for (i, line) in input.split_inclusive('\n').enumerate() {
        if is_separator(line.trim_end_matches('\n')) && offset > start {
            docs.push(Doc {
                raw: &input[start..offset],
                line: start_line,
            });
            start = offset;
            start_line = i + 1;
        }
        offset += line.len();
    }
    if offset > start {
        docs.push(Doc {
            raw: &input[start..],
            line: start_line,
        });
    }
    docs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_is_lossless_and_keeps_sources() {
        let s = "---\n# Source: c/templates/a.yaml\na: 1\n---\n# Source: c/templates/b.yaml\nb: |\n  ---x\n--- # c\nc: 3";
        let docs = split(s);
        assert_eq!(docs.len(), 3);
        assert_eq!(docs.iter().map(|d| d.raw).collect::<String>(), s);
        assert_eq!(docs[1].source_comment(), Some("c/templates/b.yaml"));
        assert_eq!(docs[1].line, 4);
        assert_eq!(docs[2].body(), "c: 3");
        assert!(split("---\n# Source: c/t.yaml\n# HIDDEN\n")[0].is_empty());
    }

    #[test]
    fn no_leading_separator() {
        let docs = split("a: 1\n---\nb: 2\n");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].body(), "a: 1\n");
        assert_eq!(docs[1].line, 2);
    }
}
