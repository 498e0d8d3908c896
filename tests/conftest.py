"""Shared helpers: the alertchart binary (built by `make test`), and Debian's amtool and
promtool, which are the judges of what alertchart writes."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(os.environ.get("ALERTCHART_BIN", ROOT / "target" / "debug" / "alertchart"))
EXAMPLES = sorted((ROOT / "chart" / "examples").glob("*.yaml"))
PACK_TESTS = sorted((ROOT / "crate" / "src" / "rules" / "packs").glob("*.test.yaml"))


def alertchart(*args, input=None):
    return subprocess.run([str(BIN), *map(str, args)], capture_output=True, text=True, input=input)


def tool(*args, cwd=None):
    return subprocess.run([*map(str, args)], capture_output=True, text=True, cwd=cwd)


def render_dir(tmp: Path, *args) -> Path:
    """`render --output-dir`, plus each PrometheusRule's spec as `<name>.rules.yaml`,
    the form promtool reads."""
    out = tmp / "out"
    r = alertchart("render", *args, "--output-dir", out)
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    for f in out.glob("prometheusrule-*.yaml"):
        doc = yaml.safe_load(f.read_text())
        (out / f"{doc['metadata']['name']}.rules.yaml").write_text(yaml.safe_dump(doc["spec"]))
    return out


def amtool_routes(config: Path, labels):
    r = tool("amtool", "config", "routes", "test", f"--config.file={config}", *labels)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


@pytest.fixture(scope="session", autouse=True)
def _tools():
    assert BIN.exists(), f"{BIN} is missing: run `make test`"
    for t in ("amtool", "promtool"):
        assert shutil.which(t), f"{t} is missing: run `make setup`"
