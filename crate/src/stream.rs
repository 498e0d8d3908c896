//! Helm's manifest stream, as a post-renderer receives it: documents separated by `---`
//! lines. Documents are kept as the exact bytes they arrived with, so anything we do not
//! own passes through untouched and in order. Splitting only searches for separators, so
//! a stream of any size costs little more than a copy.

use memchr::memmem;

/// One document: its raw text (including its `---` line, if any) and its byte offset.
#[derive(Clone, Debug, PartialEq)]
pub struct Doc<'a> {
    pub raw: &'a str,
    pub start: usize,
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

    /// 1-based line in the stream where the body starts.
    pub fn body_line(&self, input: &str) -> usize {
        let header = usize::from(self.body().len() != self.raw.len());
        1 + memchr::memchr_iter(b'\n', &input.as_bytes()[..self.start]).count() + header
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

/// `---` ends a line or is followed by a blank: anything else (`----`, `---x`) is content.
fn separator_at(bytes: &[u8], i: usize) -> bool {
    bytes[i..].starts_with(b"---")
        && matches!(bytes.get(i + 3), None | Some(b'\n' | b'\r' | b' ' | b'\t'))
}

/// Splits a stream at every `---` line; concatenating the documents gives the input back.
pub fn split(input: &str) -> Vec<Doc<'_>> {
    let bytes = input.as_bytes();
    // Every match of "\n---" starts past offset 0, so the starts are strictly increasing.
    let mut starts = vec![0];
    starts.extend(
        memmem::find_iter(bytes, b"\n---")
            .map(|i| i + 1)
            .filter(|&i| separator_at(bytes, i)),
    );
    starts.push(input.len());
    let docs: Vec<Doc> = starts
        .windows(2)
        .filter(|w| w[1] > w[0])
        .map(|w| Doc {
            raw: &input[w[0]..w[1]],
            start: w[0],
        })
        .collect();
    docs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_is_lossless_and_keeps_sources() {
        let s = "---\n# Source: c/templates/a.yaml\na: 1\n---\n# Source: c/templates/b.yaml\nb: |\n  ---x\n----\n--- # c\nc: 3";
        let docs = split(s);
        assert_eq!(docs.len(), 3);
        assert_eq!(docs.iter().map(|d| d.raw).collect::<String>(), s);
        assert_eq!(docs[1].source_comment(), Some("c/templates/b.yaml"));
        assert_eq!(docs[1].body_line(s), 5);
        assert_eq!(docs[2].body(), "c: 3");
        assert!(split("---\n# Source: c/t.yaml\n# HIDDEN\n")[0].is_empty());
    }

    #[test]
    fn no_leading_separator() {
        let s = "a: 1\n---\nb: 2\n";
        let docs = split(s);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].body(), "a: 1\n");
        assert_eq!(docs[0].body_line(s), 1);
        assert_eq!(docs[1].body_line(s), 3);
    }
}
