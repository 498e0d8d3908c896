// Compiled with `tsc --noEmit` against the installed package: the types must describe the API.
import { render, check, routesTest, audit, postRender } from "alertchart";
import type { RenderResult, Diagnostic, RoutesTestResult, AuditResult, CheckResult } from "alertchart";

const r: RenderResult = render(["namespace: x\n"]);
const manifests: string = r.manifests;
const alertmanagerYaml: string | undefined = r.files["alertmanager.yaml"];
const warnings: Diagnostic[] = r.diagnostics;
const c: CheckResult = check("");
const ok: boolean = c.ok;
const t: RoutesTestResult = routesTest("", { severity: "critical" });
const receivers: string[] = t.receivers;
const a: AuditResult = audit("", { release: "monitoring" });
const dropped: boolean = a.rows[0].dropped;
const out: string = postRender("---\n", { env: { A: "b" }, values: ["namespace: y\n"] });
export { manifests, alertmanagerYaml, warnings, ok, receivers, dropped, out };
