"""Differential test of the routing engine: for thousands of generated label sets over
several configs, `alertchart routes test` must print exactly what `amtool config routes
test` prints, and `routes show` must draw amtool's tree byte for byte."""

import json
import random
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, alertchart, render_dir, tool

HAND_WRITTEN = sorted((ROOT / "tests" / "routing").glob("*.yaml"))
SETS_PER_CONFIG = 300
BASE_NAMES = ["alertname", "severity", "type", "namespace", "team", "env", "service"]
BASE_VALUES = ["", "critical", "warning", "info", "user", "infra", "drift", "prod", "dev", "x"]


def configs(tmp_path_factory):
    out = {}
    for ex in EXAMPLES:
        d = render_dir(tmp_path_factory.mktemp(ex.stem), "-f", ex)
        out[ex.stem] = d / "alertmanager.yaml"
    for f in HAND_WRITTEN:
        out[f"hand-written/{f.stem}"] = f
    return out


def clean(part):
    return re.sub(r"[^A-Za-z0-9_.-]", "", part.replace(".*", "").replace(".+", "x"))


def vocabulary(text):
    """Per label name, the values the config's matchers mention; and near misses of them
    (to catch unanchored regexes) plus values that match nothing."""
    mentioned = {}
    pairs = re.findall(r"""([A-Za-z_][A-Za-z0-9_]*)\s*(?:=~|!~|!=|=)\s*"?([^"',\]}\n]*)""", text)
    pairs += re.findall(r"^\s+([A-Za-z_][A-Za-z0-9_]*):\s+'?([A-Za-z0-9_.|*+-]+)'?\s*$", text, re.M)
    near = set(BASE_VALUES)
    for name, literal in pairs:
        for part in literal.split("|"):
            v = clean(part)
            mentioned.setdefault(name, set()).add(v)
            near |= {v + "x", v[:-1], "pre" + v}
    names = sorted(set(BASE_NAMES) | set(mentioned))
    return names, {n: sorted(vs) for n, vs in mentioned.items()}, sorted(near)


def label_sets(text, seed):
    rng = random.Random(seed)
    names, mentioned, near = vocabulary(text)

    def pick(name):
        exact = mentioned.get(name)
        return rng.choice(exact if exact and rng.random() < 0.7 else near)

    return [{n: pick(n) for n in names if rng.random() < 0.5} for _ in range(SETS_PER_CONFIG)]


def amtool_line(cfg, labels):
    args = [f"{k}={v}" for k, v in labels.items()]
    r = tool("amtool", "config", "routes", "test", f"--config.file={cfg}", *args)
    assert r.returncode == 0, r.stderr
    return r.stdout.rstrip("\n")


def test_routes_match_amtool(tmp_path_factory, tmp_path):
    total = 0
    for name, cfg in configs(tmp_path_factory).items():
        sets = label_sets(Path(cfg).read_text(), seed=name)
        batch = tmp_path / "batch.jsonl"
        batch.write_text("".join(json.dumps(s) + "\n" for s in sets))
        ours = alertchart("routes", "test", "--config", cfg, "--batch", batch)
        assert ours.returncode == 0, ours.stderr
        with ThreadPoolExecutor(max_workers=4) as pool:
            theirs = list(pool.map(lambda s: amtool_line(cfg, s), sets))
        mismatches = [(s, o, t) for s, o, t in zip(sets, ours.stdout.splitlines(), theirs) if o != t]
        assert not mismatches, f"{name}: {len(mismatches)} differ, e.g. {mismatches[:3]}"
        # The generator must exercise the tree, not just its default route.
        assert len(set(theirs)) >= 2 and theirs.count(theirs[0]) < len(theirs), (name, set(theirs))
        total += len(sets)
    assert total >= 2000


def test_tree_matches_amtool(tmp_path_factory):
    for name, cfg in configs(tmp_path_factory).items():
        ours = alertchart("routes", "show", "--config", cfg)
        theirs = tool("amtool", "config", "routes", f"--config.file={cfg}")
        assert ours.returncode == 0, ours.stderr
        assert ours.stdout == theirs.stdout, name


@pytest.mark.parametrize("labels,receivers", [
    (["severity=critical", "type=user"], "deploy-webhook"),
    (["severity=info"], "default-receiver"),
])
def test_verify_receivers(labels, receivers):
    assert alertchart("routes", "test", "--verify-receivers", receivers, *labels).returncode == 0
    r = alertchart("routes", "test", "--verify-receivers", "someone-else", *labels)
    assert r.returncode == 1 and r.stdout == ""
