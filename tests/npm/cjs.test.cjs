// The package through `require`: the same module, the same bytes.
const { test } = require("node:test");
const assert = require("node:assert/strict");
const { execFileSync } = require("node:child_process");
const path = require("node:path");

const alertchart = require("alertchart");
const BIN = path.join(process.env.ALERTCHART_ROOT, "target", "debug", "alertchart");

test("exports the API through require", () => {
  for (const name of ["render", "check", "routesTest", "audit", "postRender"]) {
    assert.equal(typeof alertchart[name], "function", name);
  }
});

test("render equals `alertchart render` on the defaults", () => {
  assert.equal(alertchart.render("").manifests, execFileSync(BIN, ["render"], { encoding: "utf8" }));
});

test("bad values throw an Error naming the key", () => {
  assert.throws(() => alertchart.render("rules:\n  usre: {}\n"), (e) => {
    assert.ok(e instanceof Error);
    assert.match(e.message, /unknown field "usre", did you mean "user"/);
    assert.equal(e.path, "rules.usre");
    return true;
  });
});
