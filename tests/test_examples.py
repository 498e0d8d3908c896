"""Every chart example is accepted by amtool and promtool, and the packs' unit tests pass
on what it renders."""

import shutil

import pytest
import yaml

from conftest import EXAMPLES, PACK_TESTS, render_dir, tool


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_example(example, tmp_path):
    out = render_dir(tmp_path, "-f", example)
    r = tool("amtool", "check-config", out / "alertmanager.yaml")
    assert r.returncode == 0, r.stdout + r.stderr

    rule_files = sorted(out.glob("*.rules.yaml"))
    assert rule_files
    r = tool("promtool", "check", "rules", *rule_files)
    assert r.returncode == 0, r.stdout + r.stderr

    for t in PACK_TESTS:
        wanted = yaml.safe_load(t.read_text())["rule_files"][0]
        assert (out / wanted).exists(), f"{example.name} does not render {wanted}"
        shutil.copy(t, out / t.name)
        r = tool("promtool", "test", "rules", t.name, cwd=out)
        assert r.returncode == 0, r.stdout + r.stderr


def test_examples_cover_the_documented_cases():
    names = {p.stem for p in EXAMPLES}
    assert {"defaults", "oidc-self-signed-ca", "fanout", "kube-prometheus-stack"} <= names


def test_kube_prometheus_stack_rules_carry_release_label(tmp_path):
    ex = next(p for p in EXAMPLES if p.stem == "kube-prometheus-stack")
    out = render_dir(tmp_path, "-f", ex)
    docs = [yaml.safe_load(f.read_text()) for f in out.glob("prometheusrule-*.yaml")]
    assert len(docs) == 4
    assert all(d["metadata"]["labels"] == {"release": "monitoring"} for d in docs)
    custom = next(d for d in docs if d["metadata"]["name"] == "seldon-business-alerts")
    source = yaml.safe_load(ex.read_text())["rules"]["custom"]["seldon-business-alerts"]
    assert custom["spec"] == source


def test_templates_become_secret_keys(tmp_path):
    ex = next(p for p in EXAMPLES if p.stem == "fanout")
    out = render_dir(tmp_path, "-f", ex)
    secret = yaml.safe_load(out.joinpath("secret-alertmanager-seldon-monitoring-alertmanager.yaml").read_text())
    source = yaml.safe_load(ex.read_text())["alertmanager"]["templates"]
    assert list(secret["stringData"]) == ["alertmanager.yaml", "seldon.tmpl"]
    assert secret["stringData"]["seldon.tmpl"] == source["seldon.tmpl"]
    cfg = yaml.safe_load(secret["stringData"]["alertmanager.yaml"])
    assert cfg["templates"] == ["/etc/alertmanager/config/seldon.tmpl"]
    # amtool loads the template from where the operator mounts it, here the output dir.
    cfg["templates"] = [str(out / "seldon.tmpl")]
    (out / "seldon.tmpl").write_text(source["seldon.tmpl"])
    (out / "local.yaml").write_text(yaml.safe_dump(cfg))
    r = tool("amtool", "check-config", out / "local.yaml")
    assert r.returncode == 0 and "1 templates" in r.stdout, r.stdout + r.stderr
