"""Bad values fail before anything is written: non-zero exit, nothing on stdout, and a
message on stderr naming the file, line, YAML path and what was expected."""

import pytest

from conftest import alertchart

CASES = {
    "misspelt key": (
        "alertmanager:\n  route:\n    groupWiat: 30s\n",
        ["bad.yaml:3:5:", "alertmanager.route.groupWiat", 'unknown field "groupWiat"', 'did you mean "groupWait"'],
    ),
    "wrong type": (
        "alertmanager:\n  seldonDeploy:\n    enabled: maybe\n",
        ["bad.yaml:3:5:", "alertmanager.seldonDeploy.enabled", "expected a boolean"],
    ),
    "list expected": (
        "alertmanager:\n  route:\n    groupBy: alertname\n",
        ["bad.yaml:3:5:", "alertmanager.route.groupBy", "expected a sequence"],
    ),
    "undefined receiver": (
        "alertmanager:\n  route:\n    receiver: pagerduty\n  receivers:\n    - name: pagerduty-critical\n      pagerduty_configs:\n        - routing_key: x\n",
        ["bad.yaml:3:5:", "alertmanager.route.receiver", 'undefined receiver "pagerduty" used in route', 'did you mean "pagerduty-critical"'],
    ),
    "invalid matcher": (
        "alertmanager:\n  seldonDeploy:\n    matchers:\n      - severity ~= warning\n",
        ["bad.yaml:4:9:", "alertmanager.seldonDeploy.matchers[0]", "bad matcher format: severity ~= warning"],
    ),
    "invalid regex matcher": (
        'alertmanager:\n  receivers:\n    - name: x\n      matchers: [\'team=~"(db"\']\n',
        ["bad.yaml:4:18:", "alertmanager.receivers[0].matchers[0]", "error parsing regexp"],
    ),
    "invalid duration": (
        "alertmanager:\n  route:\n    groupWait: 10 seconds\n",
        ["bad.yaml:3:5:", "alertmanager.route.groupWait", 'not a valid duration string: "10 seconds"'],
    ),
    "zero interval": (
        "alertmanager:\n  route:\n    repeatInterval: 0s\n",
        ["bad.yaml:3:5:", "alertmanager.route.repeatInterval", "repeat_interval cannot be zero"],
    ),
    "misspelt receiver integration field": (
        "alertmanager:\n  receivers:\n    - name: s\n      slack_configs:\n        - api_url: https://hooks.example.com/x\n          chanel: '#a'\n",
        ["bad.yaml:6:11:", "alertmanager.receivers[0].slack_configs[0].chanel", 'did you mean "channel"'],
    ),
    "missing PagerDuty key": (
        "alertmanager:\n  receivers:\n    - name: p\n      matchers: ['severity=\"critical\"']\n      pagerduty_configs:\n        - severity: critical\n",
        ["bad.yaml:6:11:", "alertmanager.receivers[0].pagerduty_configs[0]", "missing service or routing key in PagerDuty config"],
    ),
    "unknown pack alert": (
        "rules:\n  user:\n    alerts:\n      SeldonDeploymentHighErrorRat:\n        threshold: 0.1\n",
        ["bad.yaml:4:7:", "rules.user.alerts.SeldonDeploymentHighErrorRat", 'did you mean "SeldonDeploymentHighErrorRate"'],
    ),
    "bad severity": (
        "rules:\n  drift:\n    alerts:\n      SeldonDriftDetected:\n        severity: page\n",
        ["bad.yaml:5:9:", "rules.drift.alerts.SeldonDriftDetected.severity", "expected one of: warning, critical"],
    ),
    "custom rule with both record and alert": (
        "rules:\n  custom:\n    extra:\n      groups:\n        - name: g\n          rules:\n            - alert: A\n              record: b\n              expr: up\n",
        ["bad.yaml:7:15:", "rules.custom.extra.groups[0].rules[0]", "only one of 'record' and 'alert' must be set"],
    ),
    "oidc without client id": (
        "alertmanager:\n  seldonDeploy:\n    oidc:\n      enabled: true\n      tokenUrl: https://idp.example.com/token\n",
        ["bad.yaml:3:5:", "alertmanager.seldonDeploy.oidc.clientId", "oauth2 client_id must be configured"],
    ),
    "yaml syntax": (
        "alertmanager:\n  route: [1,\n",
        ["bad.yaml:", "error:"],
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_bad_values(name, tmp_path):
    text, expected = CASES[name]
    f = tmp_path / "bad.yaml"
    f.write_text(text)
    for cmd in (["render"], ["check"], ["routes", "test", "severity=critical"]):
        r = alertchart(*cmd, "-f", f)
        assert r.returncode == 1, (cmd, r.stderr)
        assert r.stdout == "", cmd
        stderr = r.stderr.replace(str(tmp_path) + "/", "")
        for part in expected:
            assert part in stderr, f"{part!r} not in {stderr!r}"
        assert "panicked" not in stderr


def test_later_file_and_set_are_blamed(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("alertmanager:\n  route:\n    groupWait: 30s\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text("\nalertmanager:\n  route:\n    groupWait: soon\n")
    r = alertchart("render", "-f", good, "-f", bad)
    assert r.returncode == 1 and r.stdout == ""
    assert f"{bad}:4:5: error: alertmanager.route.groupWait" in r.stderr
    r = alertchart("render", "-f", good, "--set", "alertmanager.route.groupWait=soon")
    assert r.returncode == 1 and r.stdout == ""
    assert "--set alertmanager.route.groupWait=soon: error: alertmanager.route.groupWait" in r.stderr


def test_secret_values_stay_out_of_messages(tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text(
        "alertmanager:\n  seldonDeploy:\n    oidc:\n      enabled: true\n      clientSecret: s3cr3t-value\n      clientSecretFile: /x\n      clientId: c\n      tokenUrl: https://idp.example.com/t\n"
    )
    r = alertchart("check", "-f", f)
    assert r.returncode == 1
    assert "client_secret & client_secret_file" in r.stderr
    assert "s3cr3t-value" not in r.stderr
