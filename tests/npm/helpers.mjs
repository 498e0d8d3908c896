// The native binary is the reference: the package must print exactly what it prints.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const ROOT = process.env.ALERTCHART_ROOT;
export const BIN = join(ROOT, "target", "debug", "alertchart");
export const EXAMPLES = readdirSync(join(ROOT, "chart", "examples"))
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => join(ROOT, "chart", "examples", f));

export function cli(args, input) {
  return execFileSync(BIN, args, { encoding: "utf8", input });
}

export const read = (path) => readFileSync(path, "utf8");
