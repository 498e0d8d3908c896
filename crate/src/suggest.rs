//! "Did you mean …": the closest known name to a misspelt one.

/// Levenshtein distance over chars; inputs are short key names.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a plausible typo
/// (also catches case and `_`/camelCase slips such as `group_wait` for `groupWait`).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let norm = |s: &str| s.to_ascii_lowercase().replace(['_', '-'], "");
    let w = norm(word);
    candidates
        .into_iter()
        .map(|c| {
            let n = norm(c);
            // A truncated name (`pagerduty` for `pagerduty-critical`) is a likely slip too.
            let prefix = w.len() >= 3 && (n.starts_with(&w) || w.starts_with(&n));
            (if prefix { 1 } else { distance(&w, &n) }, c)
        })
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_case_slips() {
        let keys = ["receiver", "groupBy", "groupWait", "groupInterval"];
        assert_eq!(closest("reciever", keys), Some("receiver"));
        assert_eq!(closest("group_wait", keys), Some("groupWait"));
        assert_eq!(closest("groupWiat", keys), Some("groupWait"));
        assert_eq!(closest("completely", keys), None);
        assert_eq!(
            closest("pagerduty", ["pagerduty-critical", "slack"]),
            Some("pagerduty-critical")
        );
    }
}
