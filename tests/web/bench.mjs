// `make bench-web`: the previewer's first render after load and its re-render per edit,
// measured in Chromium with the page's own performance marks (not a timed test: it reports).
import { openPage, rendered } from "./browser.mjs";

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const max = (xs) => Math.max(...xs);

const firsts = [];
let edits = [];
for (let run = 0; run < 5; run++) {
  const ctx = await openPage();
  firsts.push(await ctx.page.evaluate(() => window.alertchartTimings.firstRender));
  if (run === 0) {
    const editor = ctx.page.locator("#values");
    const text = await editor.inputValue();
    for (let i = 0; i < 30; i++) {
      await rendered(ctx.page, () => editor.fill(text.replace("repeatInterval: 3h", `repeatInterval: ${i + 1}h`)));
    }
    edits = await ctx.page.evaluate(() => window.alertchartTimings.renders);
  }
  await ctx.close();
}
console.log(`first render after load (navigation start → outputs drawn), 5 loads: median ${median(firsts).toFixed(0)} ms, max ${max(firsts).toFixed(0)} ms (goal <= 1000 ms)`);
console.log(`re-render per edit (preview + drawing), ${edits.length} edits: median ${median(edits).toFixed(1)} ms, max ${max(edits).toFixed(1)} ms (goal <= 50 ms)`);
