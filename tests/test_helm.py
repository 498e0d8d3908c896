"""The chart through Helm's own engine (helm-python-sdk bundles Helm v4 as a library),
framed as Helm 3 and Helm 4 hand it to a post-renderer, with another chart's documents
around it, piped through the alertchart binary."""

import base64
import os
import subprocess

import pytest
import yaml

import helm_python as helm
from conftest import BIN, EXAMPLES, ROOT, tool
from helm_frames import FILENAME, helm3, helm4, templates

CHART = ROOT / "chart"
VALUE_SETS = {"defaults": {}} | {p.stem: yaml.safe_load(p.read_text()) for p in EXAMPLES}

# Another chart's output: a ConfigMap, a hook, and kube-prometheus-stack's own (valid)
# Alertmanager Secret, which must pass through untouched.
KPS_CONFIG = "route:\n  receiver: 'null'\nreceivers:\n  - name: 'null'\n"
FOREIGN = {
    "other/templates/configmap.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keep-me\ndata:\n  answer: \"yes\"   # spacing kept\n",
    "other/templates/hook.yaml": "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pre-install\n  annotations:\n    helm.sh/hook: pre-install\nspec: {}\n",
    "other/templates/alertmanager-secret.yaml": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: alertmanager-kps\ndata:\n  alertmanager.yaml: " + base64.b64encode(KPS_CONFIG.encode()).decode() + "\n",
}


def render_chart(values):
    return helm.Chart.load(CHART).render(values, name="seldon-alerting", namespace="seldon-monitoring")


def post_render(stream, env=None, *args):
    return subprocess.run([str(BIN), *args], input=stream, capture_output=True, text=True, env=env)


def test_helm_lint_is_clean():
    report = helm.lint(CHART, strict=True)
    assert report["messages"] == [] and report["errors"] == [], report


def test_helm_schema_rejects_a_misspelt_key():
    chart = helm.Chart.load(CHART)
    for values in VALUE_SETS.values():
        chart.validate_schema(values)
    with pytest.raises(Exception, match="groupWiat"):
        chart.validate_schema({"alertmanager": {"route": {"groupWiat": "1m"}}})


@pytest.mark.parametrize("framing", ["helm3", "helm4"])
@pytest.mark.parametrize("name", list(VALUE_SETS))
def test_post_render(name, framing, tmp_path):
    files = templates(render_chart(VALUE_SETS[name])) + sorted(FOREIGN.items())
    stream = (helm3 if framing == "helm3" else helm4)(files)
    r = post_render(stream)
    assert r.returncode == 0, r.stderr
    out = r.stdout

    # Every foreign document comes back byte for byte, in order.
    marker_start = stream.index("kind: AlertingBundle")
    marker_doc = stream.rfind("---\n", 0, marker_start)
    before, rest = stream[:marker_doc], stream[marker_doc:]
    after = rest[rest.find("---\n", 4):] if rest.find("---\n", 4) > 0 else ""
    assert out.startswith(before) and out.endswith(after)
    assert "AlertingBundle" not in out

    docs = [d for d in yaml.safe_load_all(out) if d]
    ours = [d for d in docs if d["metadata"]["name"] != "alertmanager-kps" and d["kind"] in ("Secret", "PrometheusRule")]
    assert [d["kind"] for d in ours][:4] == ["Secret", "PrometheusRule", "PrometheusRule", "PrometheusRule"]
    for d in ours:
        if framing == "helm4":
            assert d["metadata"]["annotations"][FILENAME].startswith("seldon-alerting/templates/")
        else:
            assert "annotations" not in d["metadata"]
    if framing == "helm3":
        assert "# Source: seldon-alerting/templates/secret-" in out
        assert "pre-install" not in out  # Helm 3 never sends hooks
    else:
        assert "pre-install" in out

    cfg = tmp_path / "alertmanager.yaml"
    cfg.write_text(ours[0]["stringData"]["alertmanager.yaml"])
    r = tool("amtool", "check-config", cfg)
    assert r.returncode == 0, r.stdout + r.stderr
    rule_files = []
    for d in ours[1:]:
        f = tmp_path / f"{d['metadata']['name']}.rules.yaml"
        f.write_text(yaml.safe_dump(d["spec"]))
        rule_files.append(f)
    r = tool("promtool", "check", "rules", *rule_files)
    assert r.returncode == 0, r.stdout + r.stderr

    assert post_render(stream).stdout == out, "deterministic"


def test_post_renderer_args_layer_over_the_chart_values():
    stream = helm3(templates(render_chart({})))
    r = post_render(stream, None, "--set", "namespace=monitoring")
    assert r.returncode == 0, r.stderr
    assert {d["metadata"]["namespace"] for d in yaml.safe_load_all(r.stdout) if d} == {"monitoring"}


def test_environment_placeholders(tmp_path):
    values = {"alertmanager": {"seldonDeploy": {"oidc": {
        "enabled": True, "clientId": "${OIDC_CLIENT_ID}", "clientSecret": "${OIDC_CLIENT_SECRET}",
        "host": "${OIDC_HOST}", "realm": "${OIDC_REALM}", "insecureSkipVerify": True}}}}
    stream = helm3(templates(render_chart(values)))
    env = {"PATH": os.environ["PATH"], "OIDC_CLIENT_ID": "deploy", "OIDC_CLIENT_SECRET": "t0p-s3cret",
           "OIDC_HOST": "https://keycloak.example.com", "OIDC_REALM": "seldon"}
    r = post_render(stream, env)
    assert r.returncode == 0, r.stderr
    secret = next(yaml.safe_load_all(r.stdout))
    oauth2 = yaml.safe_load(secret["stringData"]["alertmanager.yaml"])["receivers"][1]["webhook_configs"][0]["http_config"]["oauth2"]
    assert oauth2["client_secret"] == "t0p-s3cret"
    assert oauth2["token_url"] == "https://keycloak.example.com/auth/realms/seldon/protocol/openid-connect/token"

    del env["OIDC_CLIENT_SECRET"]
    r = post_render(stream, env)
    assert r.returncode == 1 and r.stdout == ""
    assert "spec.alertmanager.seldonDeploy.oidc.clientSecret" in r.stderr
    assert "environment variable OIDC_CLIENT_SECRET is not set" in r.stderr
    assert "t0p-s3cret" not in r.stderr and "deploy" not in r.stderr.replace("seldonDeploy", "")


def test_invalid_foreign_alertmanager_secret_fails_the_install():
    bad = "route:\n  receiver: 'null'\nreceivers:\n  - name: nul\n"
    files = templates(render_chart({})) + [("other/templates/alertmanager-secret.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: alertmanager-kps\nstringData:\n  alertmanager.yaml: |\n"
        + "".join("    " + l + "\n" for l in bad.splitlines()))]
    for stream in (helm3(files), helm4(files)):
        r = post_render(stream)
        assert r.returncode == 1 and r.stdout == ""
        assert "Secret/alertmanager-kps" in r.stderr and "other/templates/alertmanager-secret.yaml" in r.stderr
        assert 'undefined receiver "null" used in route (did you mean "nul"?)' in r.stderr


def test_marker_with_bad_values_names_the_document():
    stream = helm3(templates(render_chart({"rules": {"user": {"alerts": {"SeldonDeploymentHighErrorRat": {"threshold": 0.1}}}}})))
    r = post_render(stream)
    assert r.returncode == 1 and r.stdout == ""
    assert "document 0 (AlertingBundle/seldon-alerting, seldon-alerting/templates/alertingbundle.yaml)" in r.stderr
    assert "spec.rules.user.alerts.SeldonDeploymentHighErrorRat" in r.stderr


def test_helm4_plugin_runs_the_binary(tmp_path):
    plugin = yaml.safe_load((CHART / "helm-plugin" / "plugin.yaml").read_text())
    assert {k: plugin[k] for k in ("apiVersion", "type", "runtime", "name")} == {
        "apiVersion": "v1", "type": "postrenderer/v1", "runtime": "subprocess", "name": "alertchart"}
    # Run the command as Helm's subprocess runtime would: HELM_PLUGIN_DIR expanded, extra
    # arguments appended.
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "alertchart").symlink_to(BIN)
    cmd = plugin["runtimeConfig"]["platformCommand"][0]
    argv = [cmd["command"].replace("${HELM_PLUGIN_DIR}", str(tmp_path)), *cmd["args"], "--set", "namespace=x"]
    stream = helm4(templates(render_chart({})))
    r = subprocess.run(argv, input=stream, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "namespace: x" in r.stdout
