//! "Did you mean …": the closest known name to a misspelt one.

/// Edit distance over chars where swapping two neighbours counts as one edit (optimal
/// string alignment): `usre` is one slip from `user`. Inputs are short key names.
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
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
        assert_eq!(closest("usre", ["user", "infra", "drift"]), Some("user"));
        assert_eq!(
            closest("pagerduty", ["pagerduty-critical", "slack"]),
            Some("pagerduty-critical")
        );
    }
}
