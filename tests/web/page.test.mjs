// The previewer in a real browser: what it shows must be what the CLI prints.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";

import { ROOT, openPage, rendered } from "./browser.mjs";

const cli = (...args) => execFileSync(`${ROOT}/target/debug/alertchart`, args, { encoding: "utf8" });
const shots = `${ROOT}/target/screenshots`;
mkdirSync(shots, { recursive: true });

let ctx;
before(async () => {
  ctx = await openPage();
});
after(async () => ctx.close());

test("loads with the chart's defaults and shows the CLI's stream", async () => {
  const { page } = ctx;
  assert.equal(await page.locator("#output").textContent(), cli("render", "-f", `${ROOT}/chart/values.yaml`));
  assert.match(await page.locator("#diagnostics").textContent(), /No problems/);
  await page.screenshot({ path: `${shots}/defaults.png` });
});

test("an edit re-renders the output", async () => {
  const { page } = ctx;
  const editor = page.locator("#values");
  const text = await editor.inputValue();
  await rendered(page, () => editor.fill(text.replace("namespace: seldon-monitoring", "namespace: monitoring")));
  const out = await page.locator("#output").textContent();
  assert.match(out, /namespace: monitoring\n/);
  assert.doesNotMatch(out, /namespace: seldon-monitoring/);
  await rendered(page, () => editor.fill(text));
});

test("a misspelt key shows its diagnostic, and clicking it lands on the line", async () => {
  const { page } = ctx;
  const editor = page.locator("#values");
  const text = await editor.inputValue();
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.includes("groupWait:"));
  lines[at] = lines[at].replace("groupWait:", "groupWiat:");
  await rendered(page, () => editor.fill(lines.join("\n")));
  const diag = page.locator("#diagnostics button.error").first();
  assert.match(await diag.textContent(), new RegExp(`^${at + 1}:5 error: alertmanager.route.groupWiat: .*did you mean "groupWait"`));
  assert.match(await page.locator(".stale").textContent(), /last valid output/);
  await page.screenshot({ path: `${shots}/diagnostic.png` });
  await diag.click();
  assert.equal(await page.locator("#caret").textContent(), `Ln ${at + 1}, Col 5`);
  assert.ok(await page.evaluate(() => document.activeElement.id === "values"));
  await rendered(page, () => editor.fill(text));
});

test("the label tester lists the receivers and lights the path", async () => {
  const { page } = ctx;
  await page.locator("button", { hasText: "fanout" }).click();
  await page.locator("#tab-routes").click();
  const input = page.locator("#labels");
  await input.fill("severity=critical, type=infra");
  await page.locator("#tester button[type=submit]").click();
  const line = await page.locator("#receivers").getAttribute("data-receivers");
  const fanout = `${ROOT}/chart/examples/fanout.yaml`;
  assert.equal(line + "\n", cli("routes", "test", "-f", fanout, "severity=critical", "type=infra"));
  const hits = await page.locator("g.node.hit").evaluateAll((gs) => gs.map((g) => g.dataset.path));
  assert.deepEqual(hits, ["root", "0", "1", "2"]);
  await page.screenshot({ path: `${shots}/routes.png`, fullPage: true });
});

test("the audit tab lists every alert", async () => {
  const { page } = ctx;
  await page.locator("#tab-audit").click();
  assert.equal(await page.locator("#audit tbody tr").count(), 15);
  await page.screenshot({ path: `${shots}/audit.png` });
});

test("secrets are masked until revealed", async () => {
  const { page } = ctx;
  await page.locator("button", { hasText: "oidc-keycloak" }).click();
  const editor = page.locator("#values");
  const text = (await editor.inputValue()).replace("clientSecretFile: /etc/alertmanager/secrets/seldon-oidc/client-secret", "clientSecret: hunter2");
  await rendered(page, () => editor.fill(text));
  await page.locator("#tab-alertmanager\\.yaml").click();
  assert.doesNotMatch(await page.locator("#output").textContent(), /hunter2/);
  assert.match(await page.locator("#output").textContent(), /client_secret: '••••••••'/);
  await rendered(page, () => page.locator("#reveal").click());
  assert.match(await page.locator("#output").textContent(), /client_secret: hunter2/);
  await rendered(page, () => page.locator("#reveal").click());
});

test("no request leaves the page's own origin, and nothing failed", async () => {
  const { requests, errors, url } = ctx;
  assert.ok(requests.length > 0);
  for (const r of requests) assert.ok(r.startsWith(url) || r.startsWith("blob:") || r.startsWith("data:"), r);
  assert.deepEqual(errors, []);
});

test("the CSP forbids other origins", async () => {
  const { page } = ctx;
  const blocked = await page.evaluate(async () => {
    try {
      await fetch("http://127.0.0.2:9/");
      return false;
    } catch {
      return true;
    }
  });
  assert.ok(blocked);
});

test("works with the keyboard alone, and in a narrow window", async () => {
  const narrow = await openPage({ width: 420, height: 800 });
  try {
    const { page } = narrow;
    await page.locator("#tab-stream").focus();
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.evaluate(() => document.activeElement.id), "tab-alertmanager.yaml");
    assert.match(await page.locator("#output").textContent(), /^route:/);
    await page.keyboard.press("End");
    assert.equal(await page.evaluate(() => document.activeElement.id), "tab-audit");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    assert.equal(overflow, false, "no horizontal scrolling of the page");
    await page.screenshot({ path: `${shots}/narrow.png`, fullPage: true });
  } finally {
    await narrow.close();
  }
});
