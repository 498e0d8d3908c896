//! Where an alert goes: Alertmanager's `dispatch/route.go` `Route.Match`, depth first,
//! stopping at the first matching child unless it has `continue`, with receivers inherited.

use std::collections::BTreeMap;

use crate::alertmanager::config::{Route, TimeInterval};
use crate::matcher::{Matcher, Op};
use crate::timeinterval::{self, Instant};

pub type Labels = BTreeMap<String, String>;

/// The matchers of one route node: `match`, `match_re` and `matchers` together, sorted as
/// Alertmanager sorts them (name, value, type). Like Alertmanager, a `match_re` value is
/// kept in its anchored form `^(?:…)$`, which is how amtool prints it.
fn node_matchers(r: &Route) -> Vec<Matcher> {
    let mut out: Vec<Matcher> = Vec::new();
    for (k, v) in &r.match_ {
        out.extend(Matcher::new(k, Op::Equal, v));
    }
    for (k, v) in &r.match_re {
        out.extend(Matcher::new(k, Op::Regex, &format!("^(?:{v})$")));
    }
    for m in &r.matchers {
        out.extend(m.parsed.iter().cloned());
    }
    out.sort_by(|a, b| (&a.name, &a.value, a.op as u8).cmp(&(&b.name, &b.value, b.op as u8)));
    out
}

/// One route node as the web page draws it: what it matches and what it passes down.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Node {
    /// `name=~"value"` strings, sorted as Alertmanager sorts them; empty for a catch-all.
    pub matchers: Vec<String>,
    #[serde(rename = "continue")]
    pub continue_: bool,
    pub receiver: String,
    pub group_by: Vec<String>,
    pub group_wait: String,
    pub group_interval: String,
    pub repeat_interval: String,
    pub mute_time_intervals: Vec<String>,
    pub active_time_intervals: Vec<String>,
    pub children: Vec<Node>,
}

/// The tree with inherited options resolved at every node.
pub fn nodes(root: &Route) -> Node {
    node(root, &Opts::default())
}

fn node(r: &Route, parent: &Opts) -> Node {
    let opts = parent.under(r);
    Node {
        matchers: node_matchers(r).iter().map(Matcher::to_string).collect(),
        continue_: r.continue_,
        mute_time_intervals: r.mute_time_intervals.clone(),
        active_time_intervals: r.active_time_intervals.clone(),
        children: r.routes.iter().map(|c| node(c, &opts)).collect(),
        receiver: opts.receiver,
        group_by: opts.group_by,
        group_wait: opts.group_wait,
        group_interval: opts.group_interval,
        repeat_interval: opts.repeat_interval,
    }
}

/// The tree as `amtool config routes show` draws it.
pub fn tree(root: &Route) -> String {
    let mut out = String::from("Routing tree:\n.\n");
    draw(
        root,
        "",
        true,
        root.receiver.as_deref().unwrap_or(""),
        &mut out,
    );
    out.push('\n');
    out
}

fn draw(r: &Route, prefix: &str, last: bool, parent_receiver: &str, out: &mut String) {
    let receiver = r.receiver.as_deref().unwrap_or(parent_receiver);
    let matchers = node_matchers(r);
    out.push_str(prefix);
    out.push_str(if last { "└── " } else { "├── " });
    if matchers.is_empty() {
        out.push_str("default-route");
    } else {
        let parts: Vec<String> = matchers.iter().map(Matcher::to_string).collect();
        out.push_str(&format!("{{{}}}", parts.join(",")));
    }
    if r.continue_ {
        out.push_str("  continue: true");
    }
    out.push_str(&format!("  receiver: {receiver}\n"));
    // treeprint, which amtool uses, pads the bar with two no-break spaces.
    let child_prefix = format!("{prefix}{}", if last { "    " } else { "│\u{a0}\u{a0} " });
    for (i, c) in r.routes.iter().enumerate() {
        draw(c, &child_prefix, i + 1 == r.routes.len(), receiver, out);
    }
}

/// A route that an alert ends at, with what it inherited on the way down.
#[derive(Clone, Debug, PartialEq)]
pub struct Match {
    pub receiver: String,
    /// Indices from the root to this node (empty for the root).
    pub path: Vec<usize>,
    /// The node's own intervals (Alertmanager does not inherit them).
    pub mute_time_intervals: Vec<String>,
    pub active_time_intervals: Vec<String>,
    /// Receiver, grouping and timers as inherited down to this node.
    pub opts: Opts,
}

impl Match {
    /// The node's config path, e.g. `route.routes[1].routes[0]`.
    pub fn route_path(&self) -> String {
        self.path
            .iter()
            .fold("route".to_string(), |p, i| format!("{p}.routes[{i}]"))
    }
}

impl Match {
    /// Whether notifications through this route are held back at `t`: inside one of its
    /// mute intervals, or outside all of its active intervals.
    pub fn muted(&self, intervals: &[TimeInterval], t: &Instant) -> Result<bool, String> {
        let inside = |names: &[String]| -> Result<bool, String> {
            for n in names {
                if let Some(ti) = intervals.iter().find(|ti| &ti.name == n) {
                    if timeinterval::contains(ti, t)? {
                        return Ok(true);
                    }
                }
            }
            Ok(false)
        };
        Ok(inside(&self.mute_time_intervals)?
            || (!self.active_time_intervals.is_empty() && !inside(&self.active_time_intervals)?))
    }
}

/// The routes an alert with `labels` ends at, in tree order.
pub fn route(root: &Route, labels: &Labels) -> Vec<Match> {
    walk(root, labels, &Opts::default(), &mut Vec::new()).unwrap_or_default()
}

/// What a route passes down to its children (`RouteOpts`), with Alertmanager's defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct Opts {
    pub receiver: String,
    /// `["..."]` groups by every label; empty groups everything together.
    pub group_by: Vec<String>,
    pub group_wait: String,
    pub group_interval: String,
    pub repeat_interval: String,
}

impl Default for Opts {
    fn default() -> Self {
        Opts {
            receiver: String::new(),
            group_by: Vec::new(),
            group_wait: "30s".into(),
            group_interval: "5m".into(),
            repeat_interval: "4h".into(),
        }
    }
}

impl Opts {
    fn under(&self, r: &Route) -> Opts {
        let or = |own: &Option<crate::duration::Duration>, inherited: &str| {
            own.as_ref()
                .map_or(inherited.to_string(), |d| d.to_string())
        };
        Opts {
            receiver: r.receiver.clone().unwrap_or_else(|| self.receiver.clone()),
            group_by: r.group_by.clone().unwrap_or_else(|| self.group_by.clone()),
            group_wait: or(&r.group_wait, &self.group_wait),
            group_interval: or(&r.group_interval, &self.group_interval),
            repeat_interval: or(&r.repeat_interval, &self.repeat_interval),
        }
    }
}

fn walk(r: &Route, labels: &Labels, parent: &Opts, path: &mut Vec<usize>) -> Option<Vec<Match>> {
    if !node_matchers(r).iter().all(|m| m.matches(labels)) {
        return None;
    }
    let opts = parent.under(r);
    let mut all = Vec::new();
    for (i, child) in r.routes.iter().enumerate() {
        path.push(i);
        let found = walk(child, labels, &opts, path);
        path.pop();
        if let Some(found) = found {
            all.extend(found);
            if !child.continue_ {
                break;
            }
        }
    }
    if all.is_empty() {
        all.push(Match {
            receiver: opts.receiver.clone(),
            path: path.clone(),
            mute_time_intervals: r.mute_time_intervals.clone(),
            active_time_intervals: r.active_time_intervals.clone(),
            opts,
        });
    }
    Some(all)
}

/// The receivers, comma-separated, as `amtool config routes test` prints them.
pub fn receivers_line(root: &Route, labels: &Labels) -> String {
    route(root, labels)
        .into_iter()
        .map(|m| m.receiver)
        .collect::<Vec<_>>()
        .join(",")
}

/// A label set typed by a person: `severity=critical, type=user` (commas or spaces).
pub fn parse_label_list(text: &str) -> Result<Labels, String> {
    parse_labels(
        text.split([',', ' ', '\n', '\t'])
            .filter(|s| !s.trim().is_empty()),
    )
}

/// `name=value` arguments, as amtool takes them (a value may be quoted).
pub fn parse_labels<'a>(args: impl IntoIterator<Item = &'a str>) -> Result<Labels, String> {
    let mut out = Labels::new();
    for a in args {
        let (k, v) = a
            .split_once('=')
            .ok_or_else(|| format!("bad label {a:?}: expected name=value"))?;
        let k = k.trim();
        if !crate::matcher::is_label_name(k) {
            return Err(format!("invalid label name {k:?}"));
        }
        let v = v.trim();
        let v = v
            .strip_prefix('"')
            .and_then(|x| x.strip_suffix('"'))
            .unwrap_or(v);
        out.insert(k.to_string(), v.to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(y: &str) -> Route {
        serde_yaml::from_str(y).unwrap()
    }

    fn labels(s: &[&str]) -> Labels {
        parse_labels(s.iter().copied()).unwrap()
    }

    #[test]
    fn first_match_wins_unless_continue() {
        let t = tree(
            "receiver: root\nroutes:\n  - receiver: a\n    matchers: [x=\"1\"]\n    continue: true\n  - receiver: b\n    matchers: [x=~\"1|2\"]\n  - receiver: c\n    matchers: [x=\"1\"]\n",
        );
        assert_eq!(receivers_line(&t, &labels(&["x=1"])), "a,b");
        assert_eq!(receivers_line(&t, &labels(&["x=2"])), "b");
        assert_eq!(receivers_line(&t, &labels(&["x=3"])), "root");
    }

    #[test]
    fn children_inherit_receiver_and_nest() {
        let t = tree(
            "receiver: root\nroutes:\n  - matchers: [team=\"db\"]\n    routes:\n      - receiver: pager\n        match: {severity: critical}\n",
        );
        assert_eq!(
            receivers_line(&t, &labels(&["team=db", "severity=critical"])),
            "pager"
        );
        assert_eq!(receivers_line(&t, &labels(&["team=db"])), "root");
        let m = &route(&t, &labels(&["team=db", "severity=critical"]))[0];
        assert_eq!(m.route_path(), "route.routes[0].routes[0]");
        let t = tree(
            "receiver: root\ngroup_by: [alertname]\nrepeat_interval: 1h\nroutes:\n  - matchers: [a=\"1\"]\n    group_wait: 1s\n    routes:\n      - receiver: x\n        group_by: ['...']\n",
        );
        let m = &route(&t, &labels(&["a=1"]))[0];
        assert_eq!(
            m.opts,
            Opts {
                receiver: "x".into(),
                group_by: vec!["...".into()],
                group_wait: "1s".into(),
                group_interval: "5m".into(),
                repeat_interval: "1h".into(),
            }
        );
    }

    #[test]
    fn draws_like_amtool() {
        let t = tree(
            "receiver: root\nroutes:\n  - receiver: a\n    matchers: ['x=\"1\"', 'b!~\"q\"']\n    continue: true\n    routes:\n      - match_re: {env: 'dev|test'}\n  - receiver: c\n",
        );
        assert_eq!(
            super::tree(&t),
            "Routing tree:\n.\n└── default-route  receiver: root\n    ├── {b!~\"q\",x=\"1\"}  continue: true  receiver: a\n    │\u{a0}\u{a0} └── {env=~\"^(?:dev|test)$\"}  receiver: a\n    └── default-route  receiver: c\n\n"
        );
    }

    #[test]
    fn label_lists_as_people_type_them() {
        assert_eq!(
            parse_label_list("severity=critical, type=user").unwrap(),
            labels(&["severity=critical", "type=user"])
        );
        assert_eq!(
            parse_label_list(" a=\"1\"  b=2,").unwrap(),
            labels(&["a=1", "b=2"])
        );
        assert!(parse_label_list("severity").is_err());
    }

    #[test]
    fn match_re_is_anchored() {
        let t = tree("receiver: root\nroutes:\n  - receiver: a\n    match_re: {svc: 'api'}\n");
        assert_eq!(receivers_line(&t, &labels(&["svc=api-gw"])), "root");
        assert_eq!(receivers_line(&t, &labels(&["svc=api"])), "a");
    }
}
