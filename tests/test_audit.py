"""`routes audit`, secret hygiene, version-aware checks and time intervals."""

import yaml

from conftest import EXAMPLES, alertchart, amtool_routes, render_dir

FANOUT = next(p for p in EXAMPLES if p.stem == "fanout")
KPS = next(p for p in EXAMPLES if p.stem == "kube-prometheus-stack")


def rows(stdout):
    lines = stdout.splitlines()
    assert lines[0].split() == ["PROMETHEUSRULE", "ALERT", "SEVERITY", "TYPE", "RECEIVERS"]
    return [l.split(None, 4) for l in lines[1:]]


def test_default_audit_agrees_with_amtool(tmp_path):
    r = alertchart("routes", "audit")
    assert r.returncode == 0 and r.stderr == "", r.stderr
    table = rows(r.stdout)
    assert len(table) == 15
    cfg = render_dir(tmp_path) / "alertmanager.yaml"
    for rule, alert, severity, type_, receivers in table:
        assert receivers == "deploy-webhook"
        assert amtool_routes(cfg, [f"alertname={alert}", f"severity={severity}", f"type={type_}"]) == receivers


def test_audit_fanout_against_amtool(tmp_path):
    r = alertchart("routes", "audit", "-f", FANOUT)
    assert r.returncode == 0, r.stderr
    cfg = render_dir(tmp_path, "-f", FANOUT) / "alertmanager.yaml"
    for rule, alert, severity, type_, receivers in rows(r.stdout):
        assert amtool_routes(cfg, [f"alertname={alert}", f"severity={severity}", f"type={type_}"]) == receivers


def test_rule_selector():
    r = alertchart("routes", "audit", "-f", FANOUT, "--rule-selector", "release=monitoring")
    assert r.returncode == 0
    assert r.stderr.count("lacks release=monitoring") == 3
    r = alertchart("routes", "audit", "-f", KPS, "--rule-selector", "release=monitoring")
    assert "lacks" not in r.stderr


def test_dropped_alerts_and_unreachable_receivers(tmp_path):
    values = tmp_path / "v.yaml"
    values.write_text(yaml.safe_dump({
        "alertmanager": {"receivers": [{"name": "forgotten", "webhook_configs": [{"url": "http://hooks.example.com/"}]}]},
        "rules": {"custom": {"extra": {"groups": [{"name": "g", "rules": [
            {"alert": "InfoOnly", "expr": "vector(1)", "labels": {"severity": "info", "type": "user"}},
        ]}]}}},
    }))
    r = alertchart("routes", "audit", "-f", values)
    assert r.returncode == 0, r.stderr
    assert 'alert "InfoOnly" (extra/g) reaches only default-receiver, with no integration: it is silently dropped' in r.stderr
    assert 'receiver "forgotten" is unreachable' in r.stderr
    assert ["extra", "InfoOnly", "info", "user", "default-receiver (dropped)"] in rows(r.stdout)


def test_inline_secrets_warn_and_placeholders_do_not(tmp_path):
    values = tmp_path / "v.yaml"
    values.write_text(yaml.safe_dump({"alertmanager": {"receivers": [
        {"name": "s", "matchers": ['team="a"'], "slack_configs": [{"api_url": "https://hooks.slack.com/services/T0/B0/s3cr3t"}]},
        {"name": "p", "matchers": ['team="b"'], "pagerduty_configs": [{"routing_key": "${PD_KEY}"}]},
    ]}}))
    r = alertchart("check", "-f", values)
    assert r.returncode == 0, r.stderr
    assert f"{values}:" in r.stderr
    assert "warning: alertmanager.receivers[0].slack_configs[0].api_url: api_url is written inline; use api_url_file" in r.stderr
    assert "routing_key" not in r.stderr
    assert "s3cr3t" not in r.stderr


def test_fields_newer_than_the_target_version(tmp_path):
    values = tmp_path / "v.yaml"
    values.write_text(yaml.safe_dump({"alertmanager": {"version": "0.24.0", "receivers": [
        {"name": "d", "matchers": ['team="a"'], "discord_configs": [{"webhook_url": "https://discord.example.com/x"}]},
    ]}}))
    r = alertchart("check", "-f", values)
    assert r.returncode == 1
    assert "error: alertmanager.receivers[0].discord_configs: discord_configs needs Alertmanager 0.25.0 or later; the config targets 0.24.0" in r.stderr
    r = alertchart("check", "--set", "alertmanager.version=latest")
    assert r.returncode == 1 and 'alertmanager.version: "latest" is not an Alertmanager version' in r.stderr


def test_active_time_intervals_in_their_location():
    # fanout.yaml: email only in office hours, Monday to Friday 08:00-18:00 Europe/London.
    labels = ["severity=critical", "type=user"]
    wednesday = alertchart("routes", "test", "-f", FANOUT, "--at", "2026-11-25T10:00:00Z", *labels)
    saturday = alertchart("routes", "test", "-f", FANOUT, "--at", "2026-11-28T10:00:00Z", *labels)
    summer_early = alertchart("routes", "test", "-f", FANOUT, "--at", "2026-07-15T07:30:00Z", *labels)
    assert wednesday.stdout == "deploy-webhook,pagerduty-critical,email-model-owners\n"
    assert saturday.stdout == "deploy-webhook,pagerduty-critical,email-model-owners (muted)\n"
    # 07:30 UTC is 08:30 in London in July (BST).
    assert summer_early.stdout == "deploy-webhook,pagerduty-critical,email-model-owners\n"


def test_readme_shows_the_current_default_audit():
    from conftest import ROOT
    assert alertchart("routes", "audit").stdout in (ROOT / "README.md").read_text()


def test_explain_shows_inherited_grouping_and_timers():
    r = alertchart("routes", "test", "-f", FANOUT, "--explain", "severity=critical", "type=infra")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "route.routes[0]  receiver: deploy-webhook  group_by: [alertname]  group_wait: 10s  group_interval: 5m  repeat_interval: 3h",
        # fanout.yaml gives PagerDuty its own group_wait; the rest is inherited from the root.
        "route.routes[1]  receiver: pagerduty-critical  group_by: [alertname]  group_wait: 0s  group_interval: 5m  repeat_interval: 3h",
        "route.routes[2]  receiver: slack-platform  group_by: [alertname]  group_wait: 10s  group_interval: 5m  repeat_interval: 3h",
    ]
