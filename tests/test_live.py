"""Live delivery: the rendered alertmanager.yaml loaded into Debian's
prometheus-alertmanager on loopback. Alerts posted to its API reach a stand-in for Seldon
Deploy's webhook (no package provides one), which records what it receives; with OIDC on,
Alertmanager first fetches a token from a stand-in token endpoint."""

import base64
import json
import socket
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import yaml

from conftest import ROOT, alertchart

ROUTING = ROOT / "tests" / "routing"

WEBHOOK_PATH = "/seldon-deploy/api/v1alpha1/webhooks/firing-alert"
TOKEN = "stand-in-access-token"


class Recorder(BaseHTTPRequestHandler):
    """Seldon Deploy's webhook and an OIDC token endpoint, recording every request."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.seen.append({"path": self.path, "headers": dict(self.headers), "body": body})
        if self.path == "/token":
            reply = json.dumps({"access_token": TOKEN, "token_type": "Bearer", "expires_in": 3600}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
        else:
            reply = b"{}"
            self.send_response(200)
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def stand_in():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.seen = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


def run_alertmanager(tmp_path, values):
    vf = tmp_path / "values.yaml"
    vf.write_text(yaml.safe_dump(values))
    r = alertchart("render", "-f", vf)
    assert r.returncode == 0, r.stderr
    secret = next(yaml.safe_load_all(r.stdout))
    cfg = tmp_path / "alertmanager.yaml"
    cfg.write_text(secret["stringData"]["alertmanager.yaml"])
    return start_alertmanager(tmp_path, cfg)


def start_alertmanager(tmp_path, cfg):
    port = free_port()
    proc = subprocess.Popen(
        ["prometheus-alertmanager", f"--config.file={cfg}", f"--storage.path={tmp_path / 'data'}",
         f"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address="],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{url}/-/ready", timeout=1)
            return proc, url
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"alertmanager exited: {proc.stderr.read()}")
            time.sleep(0.1)
    proc.kill()
    pytest.fail("alertmanager did not become ready")


def post_alerts(url, *label_sets):
    body = json.dumps([{"labels": ls, "annotations": {"summary": "live test"}} for ls in label_sets]).encode()
    req = urllib.request.Request(f"{url}/api/v2/alerts", data=body, headers={"Content-Type": "application/json"})
    assert urllib.request.urlopen(req, timeout=5).status == 200


def wait_for_webhook(server, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        hooks = [s for s in server.seen if s["path"] == WEBHOOK_PATH]
        if hooks:
            return hooks
        time.sleep(0.2)
    pytest.fail(f"the webhook received nothing; requests seen: {server.seen}")


def live_values(server, oidc=None):
    host = f"http://127.0.0.1:{server.server_address[1]}"
    sd = {"url": host + WEBHOOK_PATH}
    if oidc:
        sd["oidc"] = {"enabled": True, "tokenUrl": host + "/token", **oidc}
    return {"alertmanager": {"seldonDeploy": sd, "route": {"groupWait": "1s", "groupInterval": "1s"}}}


def alertnames(hooks):
    return {a["labels"]["alertname"] for h in hooks for a in json.loads(h["body"])["alerts"]}


@pytest.mark.parametrize("with_oidc", [False, True], ids=["plain", "oidc"])
def test_delivery(stand_in, tmp_path, with_oidc):
    oidc = {"clientId": "seldon-alertmanager", "clientSecret": "client-s3cret"} if with_oidc else None
    proc, url = run_alertmanager(tmp_path, live_values(stand_in, oidc))
    try:
        post_alerts(
            url,
            {"alertname": "LiveCritical", "severity": "critical", "type": "user", "namespace": "models"},
            {"alertname": "LiveDrift", "severity": "warning", "type": "drift", "namespace": "models"},
        )
        hooks = wait_for_webhook(stand_in)
        # Give the drift alert's group the same chance to (wrongly) arrive.
        time.sleep(3)
        hooks = [s for s in stand_in.seen if s["path"] == WEBHOOK_PATH]
        assert alertnames(hooks) == {"LiveCritical"}
        payload = json.loads(hooks[0]["body"])
        assert payload["receiver"] == "deploy-webhook" and payload["status"] == "firing"
        assert payload["alerts"][0]["labels"]["severity"] == "critical"

        tokens = [s for s in stand_in.seen if s["path"] == "/token"]
        if not with_oidc:
            assert tokens == [] and "Authorization" not in hooks[0]["headers"]
            return
        assert hooks[0]["headers"]["Authorization"] == f"Bearer {TOKEN}"
        form = urllib.parse.parse_qs(tokens[0]["body"].decode())
        assert form["grant_type"] == ["client_credentials"]
        assert form["scope"] == ["openid"]
        # Go's oauth2 sends the client credentials as HTTP basic auth, or in the form.
        auth = tokens[0]["headers"].get("Authorization", "")
        if auth.startswith("Basic "):
            assert base64.b64decode(auth[6:]).decode() == "seldon-alertmanager:client-s3cret"
        else:
            assert form["client_id"] == ["seldon-alertmanager"] and form["client_secret"] == ["client-s3cret"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_inhibition_matches_alertmanager(tmp_path):
    """`alertchart routes inhibited` names the same inhibiting alerts as Alertmanager's API."""
    cfg = ROUTING / "kube-prometheus-stack.yaml"
    alerts = [
        {"alertname": "HighLatency", "namespace": "ml-a", "severity": "critical"},
        {"alertname": "HighLatency", "namespace": "ml-a", "severity": "warning"},
        {"alertname": "HighLatency", "namespace": "ml-b", "severity": "warning"},
        {"alertname": "HighLatency", "namespace": "ml-a", "severity": "info"},
        {"alertname": "DiskFull", "namespace": "ml-a", "severity": "warning"},
        {"alertname": "InfoInhibitor", "namespace": "ml-b", "severity": "none"},
        {"alertname": "Chatty", "namespace": "ml-b", "severity": "info"},
    ]
    batch = tmp_path / "alerts.jsonl"
    batch.write_text("".join(json.dumps(a) + "\n" for a in alerts))
    ours = alertchart("routes", "inhibited", "--config", cfg, "--alerts", batch)
    assert ours.returncode == 0, ours.stderr
    predicted = [set() if l == "-" else {int(x) - 1 for x in l.split(",")} for l in ours.stdout.splitlines()]
    assert predicted[1] == {0} and predicted[6] == {5}, "the case must exercise inhibition"

    proc, url = start_alertmanager(tmp_path, cfg)
    try:
        post_alerts(url, *alerts)
        deadline = time.time() + 10
        while True:
            live = json.load(urllib.request.urlopen(f"{url}/api/v2/alerts", timeout=5))
            by_fp = {a["fingerprint"]: a["labels"] for a in live}
            index = {json.dumps(a, sort_keys=True): i for i, a in enumerate(alerts)}
            actual = [set() for _ in alerts]
            for a in live:
                me = index[json.dumps(a["labels"], sort_keys=True)]
                actual[me] = {index[json.dumps(by_fp[fp], sort_keys=True)] for fp in a["status"]["inhibitedBy"]}
            if actual == predicted or time.time() > deadline:
                break
            time.sleep(0.3)
        assert actual == predicted
    finally:
        proc.terminate()
        proc.wait(timeout=10)
