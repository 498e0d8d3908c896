"""The default values reproduce Seldon's hand-written setup."""

import yaml

from conftest import ROOT, alertchart, amtool_routes, render_dir, tool

# Seldon's alerting page, verbatim.
SEED = """
receivers:
  - name: default-receiver
  - name: deploy-webhook
    webhook_configs:
      - url: "http://seldon-deploy.seldon-system:80/seldon-deploy/api/v1alpha1/webhooks/firing-alert"
route:
  group_wait: 10s
  group_by: ['alertname']
  group_interval: 5m
  receiver: default-receiver
  repeat_interval: 3h
  routes:
    - receiver: deploy-webhook
      matchers:
        - severity =~ "warning|critical"
        - type =~ "user|infra"
"""


def stream_docs(text):
    return list(yaml.safe_load_all(text))


def test_secret_holds_the_seed_config():
    r = alertchart("render")
    assert r.returncode == 0, r.stderr
    docs = stream_docs(r.stdout)
    assert [(d["kind"], d["metadata"]["name"]) for d in docs] == [
        ("Secret", "alertmanager-seldon-monitoring-alertmanager"),
        ("PrometheusRule", "deploy-infra-alerts"),
        ("PrometheusRule", "deploy-user-alerts"),
        ("PrometheusRule", "seldon-drift-alerts"),
    ]
    assert {d["metadata"]["namespace"] for d in docs} == {"seldon-monitoring"}
    secret = docs[0]
    assert list(secret["stringData"]) == ["alertmanager.yaml"]
    assert yaml.safe_load(secret["stringData"]["alertmanager.yaml"]) == yaml.safe_load(SEED)


def test_chart_values_file_documents_the_defaults_exactly():
    plain = alertchart("render")
    with_file = alertchart("render", "-f", ROOT / "chart" / "values.yaml")
    assert with_file.returncode == 0, with_file.stderr
    assert with_file.stdout == plain.stdout


def test_output_is_deterministic():
    assert alertchart("render").stdout == alertchart("render").stdout


def test_amtool_accepts_and_routes_like_seldon(tmp_path):
    out = render_dir(tmp_path)
    cfg = out / "alertmanager.yaml"
    r = tool("amtool", "check-config", cfg)
    assert r.returncode == 0, r.stdout + r.stderr
    cases = {
        ("severity=warning", "type=user"): "deploy-webhook",
        ("severity=critical", "type=infra"): "deploy-webhook",
        ("severity=info", "type=user"): "default-receiver",
        ("severity=warning", "type=drift"): "default-receiver",
        ("severity=warning",): "default-receiver",
    }
    for labels, want in cases.items():
        assert amtool_routes(cfg, labels) == want, labels
        ours = alertchart("routes", "test", *labels)
        assert ours.returncode == 0, ours.stderr
        assert ours.stdout == want + "\n", labels


def test_every_builtin_alert_reaches_seldon_deploy(tmp_path):
    out = render_dir(tmp_path)
    alerts = []
    for name in ("deploy-infra-alerts", "deploy-user-alerts", "seldon-drift-alerts"):
        spec = yaml.safe_load((out / f"{name}.rules.yaml").read_text())
        alerts += [r for g in spec["groups"] for r in g["rules"] if "alert" in r]
    assert len(alerts) == 15
    for a in alerts:
        labels = [f"alertname={a['alert']}"] + [f"{k}={v}" for k, v in a["labels"].items()]
        assert amtool_routes(out / "alertmanager.yaml", labels) == "deploy-webhook", a["alert"]


def test_oidc_from_host_and_realm():
    r = alertchart(
        "render",
        "--set", "alertmanager.seldonDeploy.oidc.enabled=true",
        "--set", "alertmanager.seldonDeploy.oidc.clientId=deploy-alerts",
        "--set", "alertmanager.seldonDeploy.oidc.clientSecret=${OIDC_CLIENT_SECRET}",
        "--set", "alertmanager.seldonDeploy.oidc.host=https://keycloak.example.com/",
        "--set", "alertmanager.seldonDeploy.oidc.realm=deploy-realm",
        "--set", "alertmanager.seldonDeploy.oidc.insecureSkipVerify=true",
    )
    assert r.returncode == 0, r.stderr
    cfg = yaml.safe_load(stream_docs(r.stdout)[0]["stringData"]["alertmanager.yaml"])
    hook = next(x for x in cfg["receivers"] if x["name"] == "deploy-webhook")["webhook_configs"][0]
    assert hook["http_config"] == {
        "oauth2": {
            "client_id": "deploy-alerts",
            "client_secret": "${OIDC_CLIENT_SECRET}",
            "scopes": ["openid"],
            "token_url": "https://keycloak.example.com/auth/realms/deploy-realm/protocol/openid-connect/token",
            "tls_config": {"insecure_skip_verify": True},
        }
    }
