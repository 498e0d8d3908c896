"""Parity with Alertmanager's and Prometheus's loaders. Every invalid config and rule file
is rejected by amtool or promtool, and by alertchart with a message at the right path; every
valid one passes all three with no error (a false alarm is a bug too)."""

from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, alertchart, render_dir, tool

CORPUS = ROOT / "tests" / "corpus"
INVALID_AM = sorted((CORPUS / "invalid" / "alertmanager").glob("*.yaml"))
INVALID_RULES = sorted((CORPUS / "invalid" / "rules").glob("*.yaml"))
VALID_AM = sorted((CORPUS / "valid" / "alertmanager").glob("*.yaml")) + sorted((ROOT / "tests" / "routing").glob("*.yaml"))
VALID_RULES = sorted((CORPUS / "valid" / "rules").glob("*.yaml"))


def expectation(f: Path):
    first = f.read_text().splitlines()[0]
    assert first.startswith("# expect: "), f
    path, message = first[len("# expect: "):].split(": ", 1)
    return path, message


def test_corpus_is_large_enough():
    assert len(INVALID_AM) + len(INVALID_RULES) >= 40


@pytest.mark.parametrize("f", INVALID_AM, ids=lambda p: p.stem)
def test_invalid_config(f):
    assert tool("amtool", "check-config", f).returncode != 0, "amtool accepts it: not an invalid case"
    path, message = expectation(f)
    r = alertchart("check", "--config", f)
    assert r.returncode == 1 and r.stdout == ""
    assert f"error: {path}: " in r.stderr and message in r.stderr, r.stderr
    assert f"{f}:" in r.stderr, "the message names the file and line"


@pytest.mark.parametrize("f", INVALID_RULES, ids=lambda p: p.stem)
def test_invalid_rules(f):
    assert tool("promtool", "check", "rules", f).returncode != 0, "promtool accepts it: not an invalid case"
    path, message = expectation(f)
    r = alertchart("check", "--rules", f)
    assert r.returncode == 1 and r.stdout == ""
    assert f"error: {path}: " in r.stderr and message in r.stderr, r.stderr


@pytest.mark.parametrize("f", VALID_AM, ids=lambda p: p.stem)
def test_valid_config(f):
    assert tool("amtool", "check-config", f).returncode == 0
    r = alertchart("check", "--config", f)
    assert r.returncode == 0 and "error" not in r.stderr, r.stderr


def test_valid_rules(tmp_path):
    files = list(VALID_RULES)
    for ex in EXAMPLES:
        files += sorted(render_dir(tmp_path / ex.stem, "-f", ex).glob("*.rules.yaml"))
    for f in files:
        assert tool("promtool", "check", "rules", f).returncode == 0, f
        r = alertchart("check", "--rules", f)
        assert r.returncode == 0 and "error" not in r.stderr, (f, r.stderr)
