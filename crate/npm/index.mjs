// ESM entry for Node: the CommonJS build loads the WebAssembly module synchronously.
import alertchart from "./node/alertchart.js";

export const { render, check, preview, routesTest, routeTree, audit, postRender } = alertchart;
export default alertchart;
