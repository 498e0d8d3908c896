"""Values are data: strings that YAML, Go templates or Helm could misread come out exactly
as given. Alertmanager's own parser (yaml.v2, YAML 1.1) is the judge: each string is a
receiver name, and `amtool config routes test` prints it back as Alertmanager read it."""

import json

import yaml

from conftest import alertchart, render_dir, tool

CORPUS = [
    "yes", "no", "on", "off", "y", "n", "NO", "True", "~", "null", "Null",
    "a: b", "a #b", "#start", "it's", "'single'", '"double"', 'mixed \'"',
    "line1\nline2", "trailing newline\n", "two\n\nblank lines",
    "*star", "&anchor", "!tag", "%percent", "@at", "`tick", "| pipe", "> gt", "- dash", "? q",
    "[x]", "{a}", "{{ .CommonLabels.alertname }}", "{{ $labels.namespace }}", "{{",
    "ünïcödé 警报 🚨", "0x1f", "1e3", "010", "1_000", "12:30", ".inf", "<<", "=",
    " leading space", "trailing space ", "tab\tinside", "back\\slash", "nel\u0085x", "ls\u2028x",
]


def rule_strings(strings):
    # Prometheus parses rule labels as Go templates; "{{" alone is rightly rejected.
    return [s for s in strings if s != "{{"]


def values_with(strings):
    return {
        "alertmanager": {
            "receivers": [
                {
                    "name": s,
                    "matchers": [f'case="{i}"'],
                    "webhook_configs": [{"url": "http://127.0.0.1:9/hook"}],
                    "email_configs": [{"to": "a@example.com", "from": "b@example.com", "smarthost": "smtp.example.com:25", "headers": {"X-Case": s}}],
                }
                for i, s in enumerate(strings)
            ]
        },
        "rules": {
            "custom": {
                "nasty": {
                    "groups": [
                        {
                            "name": "nasty",
                            "rules": [
                                {"alert": f"Case{i}", "expr": "vector(1)", "labels": {"note": s}}
                                for i, s in enumerate(rule_strings(strings))
                            ],
                        }
                    ]
                }
            }
        },
    }


def test_corpus_round_trips(tmp_path):
    # JSON is YAML whose quoted strings every parser reads alike. YAML has no surrogate
    # escapes, so keep UTF-8 as is, but escape the characters YAML 1.1 breaks lines on.
    text = json.dumps(values_with(CORPUS), ensure_ascii=False)
    for c in "\u0085\u2028\u2029":
        text = text.replace(c, f"\\u{ord(c):04x}")
    values = tmp_path / "nasty.yaml"
    values.write_text(text)
    out = render_dir(tmp_path, "-f", values)
    cfg = out / "alertmanager.yaml"

    r = tool("amtool", "check-config", cfg)
    assert r.returncode == 0, r.stdout + r.stderr
    for i, s in enumerate(CORPUS):
        r = tool("amtool", "config", "routes", "test", f"--config.file={cfg}", f"case={i}")
        assert r.returncode == 0, r.stderr
        # amtool joins receivers with "," and ends the line; the name is the whole line.
        assert r.stdout == f"deploy-webhook,{s}\n" or r.stdout == f"{s}\n", (s, r.stdout)

    # PyYAML is a YAML 1.1 parser, like yaml.v2.
    parsed = yaml.safe_load(cfg.read_text())
    names = [x["name"] for x in parsed["receivers"]][2:]
    assert names == CORPUS
    assert [x["email_configs"][0]["headers"]["X-Case"] for x in parsed["receivers"][2:]] == CORPUS

    stream = alertchart("render", "-f", values)
    assert stream.returncode == 0, stream.stderr
    docs = list(yaml.safe_load_all(stream.stdout))
    assert docs[0]["stringData"]["alertmanager.yaml"] == cfg.read_text()
    rules = next(d for d in docs if d["metadata"]["name"] == "nasty")
    assert [r["labels"]["note"] for r in rules["spec"]["groups"][0]["rules"]] == rule_strings(CORPUS)

    r = tool("promtool", "check", "rules", out / "nasty.rules.yaml")
    assert r.returncode == 0, r.stdout + r.stderr
