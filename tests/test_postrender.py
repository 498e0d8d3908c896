"""The post-renderer on a Helm 3-framed stream (issue 3 in progress; Helm's own engine
comes next): foreign documents are untouched, the marker becomes the Secret and the
PrometheusRules, and amtool accepts the result."""

import subprocess

import yaml

from conftest import BIN, ROOT, tool

FOREIGN = (
    "---\n# Source: other/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\n"
    "metadata:\n  name: keep-me\ndata:\n  answer: \"yes\"    # spacing and comments survive\n"
)


def marker(values_text):
    body = "\n".join("  " + l for l in values_text.splitlines())
    return (
        "---\n# Source: seldon-alerting/templates/alertingbundle.yaml\n"
        "apiVersion: alertchart.seldon.io/v1alpha1\nkind: AlertingBundle\n"
        f"metadata:\n  name: seldon-alerting\nspec:\n{body}\n"
    )


def run(stream, *args):
    return subprocess.run([str(BIN), *args], input=stream, capture_output=True, text=True)


def test_stream_through_the_binary(tmp_path):
    values = (ROOT / "chart" / "examples" / "fanout.yaml").read_text()
    stream = FOREIGN + marker(values) + FOREIGN
    r = run(stream)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(FOREIGN) and r.stdout.endswith(FOREIGN)
    docs = [d for d in yaml.safe_load_all(r.stdout) if d]
    kinds = [d["kind"] for d in docs]
    assert kinds == ["ConfigMap", "Secret", "PrometheusRule", "PrometheusRule", "PrometheusRule", "ConfigMap"]
    cfg = tmp_path / "alertmanager.yaml"
    cfg.write_text(docs[1]["stringData"]["alertmanager.yaml"])
    assert tool("amtool", "check-config", cfg).returncode == 0
    assert run(stream, "post-render").stdout == r.stdout


def test_bad_marker_fails_with_nothing_on_stdout():
    r = run(FOREIGN + marker("alertmanager:\n  route:\n    groupWiat: 1m"))
    assert r.returncode == 1 and r.stdout == ""
    assert "document 1 (AlertingBundle/seldon-alerting, seldon-alerting/templates/alertingbundle.yaml)" in r.stderr
    assert ":18:7:" in r.stderr and "spec.alertmanager.route.groupWiat" in r.stderr
