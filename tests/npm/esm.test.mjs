// The package through `import`, compared with the native CLI.
import { test } from "node:test";
import assert from "node:assert/strict";

import * as alertchart from "alertchart";
import { render, check, routesTest, audit, postRender } from "alertchart";
import { EXAMPLES, cli, read } from "./helpers.mjs";

test("exports the API through import", () => {
  for (const f of [render, check, routesTest, audit, postRender]) assert.equal(typeof f, "function");
  assert.equal(alertchart.default.render, render);
});

test("render equals `alertchart render` byte for byte on the defaults", () => {
  assert.equal(render("").manifests, cli(["render"]));
  assert.equal(render([]).manifests, cli(["render"]));
});

for (const example of EXAMPLES) {
  test(`render equals the CLI on ${example.split("/").pop()}`, () => {
    const r = render(read(example));
    assert.equal(r.manifests, cli(["render", "-f", example]));
    assert.ok(r.files["alertmanager.yaml"].includes("route:"));
  });
}

test("layered values equal repeated -f", () => {
  const [a, b] = EXAMPLES.filter((e) => /fanout|kube-prometheus-stack/.test(e));
  assert.equal(render([read(a), read(b)]).manifests, cli(["render", "-f", a, "-f", b]));
});

test("bad values throw an Error that names the key and where it is", () => {
  const bad = "alertmanager:\n  route:\n    groupWiat: 1m\n";
  assert.throws(() => render(["namespace: x\n", bad]), (e) => {
    assert.ok(e instanceof Error);
    assert.match(e.message, /groupWiat/);
    assert.match(e.message, /did you mean "groupWait"/);
    assert.equal(e.path, "alertmanager.route.groupWiat");
    assert.equal(e.fileIndex, 1);
    assert.equal(e.line, 3);
    assert.equal(e.column, 5);
    assert.equal(e.severity, "error");
    assert.equal(e.diagnostics.length, 1);
    return true;
  });
  assert.throws(() => render(42), /values must be a YAML string/);
});

test("check, routesTest and audit agree with the CLI", () => {
  const fanout = EXAMPLES.find((e) => e.includes("fanout"));
  assert.deepEqual(check(read(fanout)), { ok: true, diagnostics: [] });
  const c = check("alertmanager:\n  route:\n    receiver: nobody\n");
  assert.equal(c.ok, false);
  assert.match(c.diagnostics[0].message, /undefined receiver "nobody" used in route/);
  const labels = { severity: "critical", type: "infra" };
  assert.equal(
    routesTest(read(fanout), labels).line + "\n",
    cli(["routes", "test", "-f", fanout, "severity=critical", "type=infra"]),
  );
  assert.equal(audit(read(fanout)).table, cli(["routes", "audit", "-f", fanout]));
});

test("postRender equals the binary as a post-renderer", () => {
  const stream =
    "---\n# Source: other/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keep\n" +
    "---\n# Source: seldon-alerting/templates/alertingbundle.yaml\napiVersion: alertchart.seldon.io/v1alpha1\n" +
    "kind: AlertingBundle\nmetadata:\n  name: seldon-alerting\nspec:\n  namespace: seldon-monitoring\n";
  assert.equal(postRender(stream), cli(["post-render"], stream));
  assert.throws(() => postRender("---\n# Source: x/templates/a.yaml\n"), /no manifests/);
});
