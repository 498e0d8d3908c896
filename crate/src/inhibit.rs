//! Inhibition, as Alertmanager's `inhibit/inhibit.go` decides it: a target alert is muted
//! while a firing source alert matches a rule's source matchers, the target matches its
//! target matchers, and both carry the same values for the rule's `equal` labels (a missing
//! label counts as empty). An alert never inhibits itself.

use crate::alertmanager::config::InhibitRule;
use crate::matcher::{Matcher, Op};
use crate::routing::Labels;

fn side(
    eq: &std::collections::BTreeMap<String, String>,
    re: &std::collections::BTreeMap<String, String>,
    ms: &[crate::matcher::MatcherEntry],
) -> Vec<Matcher> {
    let mut out: Vec<Matcher> = eq
        .iter()
        .filter_map(|(k, v)| Matcher::new(k, Op::Equal, v).ok())
        .collect();
    out.extend(
        re.iter()
            .filter_map(|(k, v)| Matcher::new(k, Op::Regex, v).ok()),
    );
    out.extend(ms.iter().flat_map(|m| m.parsed.iter().cloned()));
    out
}

/// The (rule, source) index pairs that inhibit `target` among the firing `sources`.
pub fn inhibitors(
    rules: &[InhibitRule],
    target: &Labels,
    sources: &[Labels],
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (ri, rule) in rules.iter().enumerate() {
        let targets = side(
            &rule.target_match,
            &rule.target_match_re,
            &rule.target_matchers,
        );
        if !targets.iter().all(|m| m.matches(target)) {
            continue;
        }
        let srcs = side(
            &rule.source_match,
            &rule.source_match_re,
            &rule.source_matchers,
        );
        for (si, source) in sources.iter().enumerate() {
            let equal = rule.equal.iter().all(|l| {
                source.get(l).map(String::as_str).unwrap_or("")
                    == target.get(l).map(String::as_str).unwrap_or("")
            });
            if source != target && equal && srcs.iter().all(|m| m.matches(source)) {
                out.push((ri, si));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(s: &[(&str, &str)]) -> Labels {
        s.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn critical_mutes_warning_of_the_same_alert_and_namespace() {
        let rules: Vec<InhibitRule> = serde_yaml::from_str(
            "- source_matchers: ['severity=\"critical\"']\n  target_matchers: ['severity=~\"warning|info\"']\n  equal: [alertname, namespace]\n",
        )
        .unwrap();
        let crit = labels(&[
            ("alertname", "A"),
            ("namespace", "n"),
            ("severity", "critical"),
        ]);
        let warn = labels(&[
            ("alertname", "A"),
            ("namespace", "n"),
            ("severity", "warning"),
        ]);
        let other_ns = labels(&[
            ("alertname", "A"),
            ("namespace", "m"),
            ("severity", "warning"),
        ]);
        let firing = [crit.clone(), warn.clone(), other_ns.clone()];
        assert_eq!(inhibitors(&rules, &warn, &firing), vec![(0, 0)]);
        assert!(inhibitors(&rules, &other_ns, &firing).is_empty());
        assert!(inhibitors(&rules, &crit, &firing).is_empty());
    }
}
