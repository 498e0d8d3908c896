//! The WebAssembly exports behind the npm package and the web page. They only translate:
//! JS values in, the core's results out as plain objects, diagnostics as real `Error`s.
#![cfg(target_family = "wasm")]

use std::collections::BTreeMap;

use js_sys::{Array, Error, Reflect, JSON};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::diagnostic::{has_errors, Diagnostic};
use crate::layers::Layers;
use crate::routing::{route, Labels};
use crate::source::Source;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** One problem, located in the values it came from. */
export interface Diagnostic {
  severity: "error" | "warning";
  /** YAML path, e.g. "alertmanager.route.groupWait". */
  path: string;
  message: string;
  /** Name of the values document ("values", or "values[1]" for the second of several). */
  file?: string;
  /** Index of the values document among those passed. */
  fileIndex?: number;
  line?: number;
  column?: number;
}

/** Thrown for invalid input: a real Error whose message lists every diagnostic. */
export interface AlertchartError extends Error {
  diagnostics: Diagnostic[];
  fileIndex?: number;
  line?: number;
  column?: number;
  path: string;
  severity: "error";
}

/** A YAML values document, or several layered like repeated `-f`. */
export type Values = string | string[];

export interface RenderResult {
  /** The Secret and the PrometheusRules as one YAML stream: `alertchart render`'s output. */
  manifests: string;
  /** alertmanager.yaml and one file per manifest, as `render --output-dir` writes them. */
  files: Record<string, string>;
  /** Warnings (errors are thrown). */
  diagnostics: Diagnostic[];
}

export interface CheckResult {
  ok: boolean;
  diagnostics: Diagnostic[];
}

export interface RouteMatch {
  receiver: string;
  /** Child indices from the root route. */
  path: number[];
  /** e.g. "route.routes[1]". */
  route: string;
  groupBy: string[];
  groupWait: string;
  groupInterval: string;
  repeatInterval: string;
}

export interface RoutesTestResult {
  /** Comma-separated, exactly as `amtool config routes test` prints it. */
  line: string;
  receivers: string[];
  matches: RouteMatch[];
}

export interface AuditRow {
  rule: string;
  group: string;
  alert: string;
  severity: string;
  type: string;
  receivers: string[];
  dropped: boolean;
}

export interface AuditResult {
  rows: AuditRow[];
  warnings: Diagnostic[];
  /** The table `alertchart routes audit` prints. */
  table: string;
}

export interface RenderOptions {
  /** Replace inline credentials (client secrets, API keys, passwords, …) with "••••••••". */
  maskSecrets?: boolean;
}

/** A route of the tree, with what it inherits resolved. */
export interface RouteNode {
  matchers: string[];
  continue: boolean;
  receiver: string;
  groupBy: string[];
  groupWait: string;
  groupInterval: string;
  repeatInterval: string;
  muteTimeIntervals: string[];
  activeTimeIntervals: string[];
  children: RouteNode[];
}

export interface PreviewResult {
  ok: boolean;
  /** Errors when not ok; otherwise warnings, the audit's included. */
  diagnostics: Diagnostic[];
  output?: RenderResult;
  tree?: RouteNode;
  audit?: AuditRow[];
}

export interface PostRenderOptions {
  /** Extra values layered over each marker's, like --post-renderer-args -f. */
  values?: Values;
  /** Fills ${NAME} placeholders. */
  env?: Record<string, string>;
}
"#;

fn sources(values: &JsValue) -> Result<Vec<Source>, JsValue> {
    let texts: Vec<String> = if let Some(s) = values.as_string() {
        vec![s]
    } else if Array::is_array(values) {
        Array::from(values)
            .iter()
            .map(|v| {
                v.as_string()
                    .ok_or_else(|| Error::new("values must be YAML strings"))
            })
            .collect::<Result<_, _>>()?
    } else if values.is_undefined() || values.is_null() {
        Vec::new()
    } else {
        return Err(Error::new("values must be a YAML string or an array of them").into());
    };
    let single = texts.len() == 1;
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let name = if single {
                "values".to_string()
            } else {
                format!("values[{i}]")
            };
            Source::parse(&name, t).map_err(|mut d| {
                for x in &mut d {
                    x.location.file_index = Some(i);
                }
                error(d)
            })
        })
        .collect()
}

fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(v).map_err(|e| Error::new(&e.to_string()))?;
    JSON::parse(&text)
}

/// A JS `Error` listing every diagnostic, with the first error's location on it.
fn error(diags: Vec<Diagnostic>) -> JsValue {
    let message: Vec<String> = diags.iter().map(ToString::to_string).collect();
    let err = Error::new(&message.join("\n"));
    err.set_name("AlertchartError");
    let first = diags
        .iter()
        .find(|d| d.is_error())
        .or(diags.first())
        .cloned();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&err, &k.into(), &v);
    };
    if let Some(d) = first {
        set("path", d.path.into());
        set("severity", "error".into());
        for (k, v) in [
            ("fileIndex", d.location.file_index),
            ("line", d.location.line),
            ("column", d.location.column),
        ] {
            if let Some(v) = v {
                set(k, (v as f64).into());
            }
        }
    }
    set("diagnostics", to_js(&diags).unwrap_or(JsValue::UNDEFINED));
    err.into()
}

fn rendered(values: &JsValue) -> Result<crate::Rendered, JsValue> {
    crate::render(&Layers::new(sources(values)?)).map_err(error)
}

#[derive(Serialize)]
struct RenderResult {
    manifests: String,
    files: BTreeMap<String, String>,
    diagnostics: Vec<Diagnostic>,
}

/// The Secret and PrometheusRules for these values, byte for byte as `alertchart render`
/// (unless `maskSecrets` is set).
#[wasm_bindgen(unchecked_return_type = "RenderResult")]
pub fn render(
    #[wasm_bindgen(unchecked_param_type = "Values")] values: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RenderOptions")] options: Option<
        js_sys::Object,
    >,
) -> Result<JsValue, JsValue> {
    let r = rendered(&values)?;
    to_js(&outputs(&r, options.as_ref()))
}

fn outputs(r: &crate::Rendered, options: Option<&js_sys::Object>) -> RenderResult {
    let mask = options
        .is_some_and(|o| Reflect::get(o, &"maskSecrets".into()).is_ok_and(|v| v.is_truthy()));
    let (yaml, manifests) = if mask {
        r.masked()
    } else {
        (r.alertmanager_yaml.clone(), r.manifests.clone())
    };
    let mut files = BTreeMap::new();
    files.insert("alertmanager.yaml".to_string(), yaml);
    for m in &manifests {
        files.insert(m.file_name.clone(), m.yaml.clone());
    }
    RenderResult {
        manifests: crate::manifest::stream(&manifests),
        files,
        diagnostics: r.diagnostics.clone(),
    }
}

/// Everything the web page shows, from one render: diagnostics, and when the values are
/// valid, the outputs, the routing tree and the audit.
#[wasm_bindgen(unchecked_return_type = "PreviewResult")]
pub fn preview(
    #[wasm_bindgen(unchecked_param_type = "Values")] values: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RenderOptions")] options: Option<
        js_sys::Object,
    >,
) -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    struct PreviewResult {
        ok: bool,
        diagnostics: Vec<Diagnostic>,
        #[serde(skip_serializing_if = "Option::is_none")]
        output: Option<RenderResult>,
        #[serde(skip_serializing_if = "Option::is_none")]
        tree: Option<crate::routing::Node>,
        #[serde(skip_serializing_if = "Option::is_none")]
        audit: Option<Vec<crate::audit::Row>>,
    }
    let r = match crate::render(&Layers::new(sources(&values)?)) {
        Ok(r) => r,
        Err(diagnostics) => {
            return to_js(&PreviewResult {
                ok: false,
                diagnostics,
                output: None,
                tree: None,
                audit: None,
            })
        }
    };
    let root = r.config.route.clone().unwrap_or_default();
    let a = crate::audit::audit(
        &r.config,
        &r.rule_sets,
        &r.values.rules.labels,
        &Labels::new(),
    );
    let mut diagnostics = r.diagnostics.clone();
    diagnostics.extend(a.warnings);
    to_js(&PreviewResult {
        ok: true,
        output: Some(outputs(&r, options.as_ref())),
        tree: Some(crate::routing::nodes(&root)),
        audit: Some(a.rows),
        diagnostics,
    })
}

/// The routing tree, with inherited receivers, grouping and timers.
#[wasm_bindgen(js_name = routeTree, unchecked_return_type = "RouteNode")]
pub fn route_tree(
    #[wasm_bindgen(unchecked_param_type = "Values")] values: JsValue,
) -> Result<JsValue, JsValue> {
    let root = rendered(&values)?.config.route.unwrap_or_default();
    to_js(&crate::routing::nodes(&root))
}

/// Every diagnostic, errors and warnings; never throws for invalid values.
#[wasm_bindgen(unchecked_return_type = "CheckResult")]
pub fn check(
    #[wasm_bindgen(unchecked_param_type = "Values")] values: JsValue,
) -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    struct CheckResult {
        ok: bool,
        diagnostics: Vec<Diagnostic>,
    }
    let diagnostics = match sources(&values) {
        Err(e) => return Err(e),
        Ok(s) => match crate::render(&Layers::new(s)) {
            Ok(r) => r.diagnostics,
            Err(d) => d,
        },
    };
    to_js(&CheckResult {
        ok: !has_errors(&diagnostics),
        diagnostics,
    })
}

/// Where an alert with these labels goes.
#[wasm_bindgen(js_name = routesTest, unchecked_return_type = "RoutesTestResult")]
pub fn routes_test(
    #[wasm_bindgen(unchecked_param_type = "Values")] values: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Record<string, string> | string")] labels: JsValue,
) -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct RouteMatch {
        receiver: String,
        path: Vec<usize>,
        route: String,
        group_by: Vec<String>,
        group_wait: String,
        group_interval: String,
        repeat_interval: String,
    }
    #[derive(Serialize)]
    struct RoutesTestResult {
        line: String,
        receivers: Vec<String>,
        matches: Vec<RouteMatch>,
    }
    let labels: Labels = match labels.as_string() {
        Some(text) => crate::routing::parse_label_list(&text).map_err(|e| Error::new(&e))?,
        None => serde_json::from_str(&String::from(JSON::stringify(&labels)?))
            .map_err(|e| Error::new(&format!("labels must be an object of strings: {e}")))?,
    };
    let root = rendered(&values)?.config.route.unwrap_or_default();
    let matches: Vec<RouteMatch> = route(&root, &labels)
        .into_iter()
        .map(|m| RouteMatch {
            route: m.route_path(),
            receiver: m.receiver,
            path: m.path,
            group_by: m.opts.group_by,
            group_wait: m.opts.group_wait,
            group_interval: m.opts.group_interval,
            repeat_interval: m.opts.repeat_interval,
        })
        .collect();
    let receivers: Vec<String> = matches.iter().map(|m| m.receiver.clone()).collect();
    to_js(&RoutesTestResult {
        line: receivers.join(","),
        receivers,
        matches,
    })
}

/// Every alert of every PrometheusRule and the receivers it reaches.
#[wasm_bindgen(unchecked_return_type = "AuditResult")]
pub fn audit(
    #[wasm_bindgen(unchecked_param_type = "Values")] values: JsValue,
    #[wasm_bindgen(js_name = ruleSelector, unchecked_optional_param_type = "Record<string, string>")]
    rule_selector: Option<js_sys::Object>,
) -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    struct AuditResult {
        rows: Vec<crate::audit::Row>,
        warnings: Vec<Diagnostic>,
        table: String,
    }
    let selector: Labels = match rule_selector {
        None => Labels::new(),
        Some(rule_selector) => {
            serde_json::from_str(&String::from(JSON::stringify(&rule_selector)?)).map_err(|e| {
                Error::new(&format!("ruleSelector must be an object of strings: {e}"))
            })?
        }
    };
    let r = rendered(&values)?;
    let a = crate::audit::audit(&r.config, &r.rule_sets, &r.values.rules.labels, &selector);
    to_js(&AuditResult {
        table: crate::audit::table(&a.rows),
        rows: a.rows,
        warnings: a.warnings,
    })
}

/// The Helm post-renderer on a manifest stream.
#[wasm_bindgen(js_name = postRender)]
pub fn post_render(
    stream: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "PostRenderOptions")] options: Option<
        js_sys::Object,
    >,
) -> Result<String, JsValue> {
    let get = |k: &str| {
        if let Some(options) = &options {
            Reflect::get(options, &k.into()).unwrap_or(JsValue::UNDEFINED)
        } else {
            JsValue::UNDEFINED
        }
    };
    let extra = sources(&get("values"))?;
    let env_value = get("env");
    let env: BTreeMap<String, String> = if env_value.is_object() {
        serde_json::from_str(&String::from(JSON::stringify(&env_value)?))
            .map_err(|e| Error::new(&format!("env must be an object of strings: {e}")))?
    } else {
        BTreeMap::new()
    };
    let lookup = |name: &str| env.get(name).cloned();
    crate::postrender::post_render_string(stream, &extra, &lookup).map_err(error)
}
