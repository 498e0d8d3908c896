//! The WebAssembly exports, tested in the WebAssembly build itself, under Node and in
//! headless Chromium (`make test-wasm`).
#![cfg(target_family = "wasm")]

use alertchart::wasm;
use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &k.into()).unwrap()
}

fn string(v: &JsValue, k: &str) -> String {
    get(v, k).as_string().unwrap_or_default()
}

#[wasm_bindgen_test]
fn render_defaults() {
    let r = wasm::render(JsValue::from_str(""), None).unwrap();
    let manifests = string(&r, "manifests");
    assert!(manifests.starts_with("---\napiVersion: v1\nkind: Secret\n"));
    assert_eq!(manifests.matches("kind: PrometheusRule").count(), 3);
    let files = get(&r, "files");
    assert!(string(&files, "alertmanager.yaml").contains("receiver: deploy-webhook"));
    assert_eq!(Array::from(&get(&r, "diagnostics")).length(), 0);
}

#[wasm_bindgen_test]
fn layered_values_as_an_array() {
    let layers = Array::of2(&"namespace: a\n".into(), &"namespace: b\n".into());
    let r = wasm::render(layers.into(), None).unwrap();
    assert!(string(&r, "manifests").contains("namespace: b\n"));
}

#[wasm_bindgen_test]
fn bad_values_throw_a_located_error() {
    let layers = Array::of2(
        &"{}".into(),
        &"alertmanager:\n  route:\n    groupWiat: 1m\n".into(),
    );
    let err = wasm::render(layers.into(), None).unwrap_err();
    let err: js_sys::Error = err.dyn_into().expect("a real Error");
    let message = String::from(err.message());
    assert!(message.contains("did you mean \"groupWait\""), "{message}");
    assert_eq!(string(&err, "path"), "alertmanager.route.groupWiat");
    assert_eq!(get(&err, "fileIndex").as_f64(), Some(1.0));
    assert_eq!(get(&err, "line").as_f64(), Some(3.0));
    assert_eq!(get(&err, "column").as_f64(), Some(5.0));
    assert_eq!(string(&err, "severity"), "error");
    assert_eq!(Array::from(&get(&err, "diagnostics")).length(), 1);
}

#[wasm_bindgen_test]
fn check_reports_without_throwing() {
    let r = wasm::check("alertmanager:\n  route:\n    receiver: nobody\n".into()).unwrap();
    assert_eq!(get(&r, "ok").as_bool(), Some(false));
    let first = Array::from(&get(&r, "diagnostics")).get(0);
    assert!(string(&first, "message").contains("undefined receiver \"nobody\""));
}

#[wasm_bindgen_test]
fn routes_test_like_amtool() {
    let labels = JSON::parse(r#"{"severity":"critical","type":"user"}"#).unwrap();
    let r = wasm::routes_test("".into(), labels).unwrap();
    assert_eq!(string(&r, "line"), "deploy-webhook");
    let m = Array::from(&get(&r, "matches")).get(0);
    assert_eq!(string(&m, "route"), "route.routes[0]");
    assert_eq!(string(&m, "groupWait"), "10s");
    let labels = JSON::parse(r#"{"severity":"info"}"#).unwrap();
    assert_eq!(
        string(&wasm::routes_test("".into(), labels).unwrap(), "line"),
        "default-receiver"
    );
}

#[wasm_bindgen_test]
fn audit_lists_every_alert() {
    let r = wasm::audit("".into(), None).unwrap();
    assert_eq!(Array::from(&get(&r, "rows")).length(), 15);
    assert!(string(&r, "table").starts_with("PROMETHEUSRULE"));
}

#[wasm_bindgen_test]
fn post_render_replaces_the_marker() {
    let stream = "---\n# Source: c/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\n# Source: seldon-alerting/templates/alertingbundle.yaml\napiVersion: alertchart.seldon.io/v1alpha1\nkind: AlertingBundle\nmetadata:\n  name: s\nspec:\n  alertmanager:\n    seldonDeploy:\n      oidc: {enabled: true, clientId: c, clientSecret: '${SECRET}', tokenUrl: 'https://idp/t'}\n";
    let options = JSON::parse(r#"{"env":{"SECRET":"s3"}}"#).unwrap();
    let out = wasm::post_render(stream, Some(options.into())).unwrap();
    assert!(
        out.starts_with("---\n# Source: c/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\n")
    );
    assert!(out.contains("client_secret: s3"));
    assert!(wasm::post_render(stream, None).is_err());
}

#[wasm_bindgen_test]
fn masks_secrets_on_request() {
    let values = "alertmanager:\n  seldonDeploy:\n    oidc: {enabled: true, clientId: c, clientSecret: hunter2, tokenUrl: 'https://idp/t'}\n";
    let plain = wasm::render(values.into(), None).unwrap();
    assert!(string(&plain, "manifests").contains("hunter2"));
    let masked = wasm::render(
        values.into(),
        Some(JSON::parse(r#"{"maskSecrets":true}"#).unwrap().into()),
    )
    .unwrap();
    assert!(!string(&masked, "manifests").contains("hunter2"));
    assert!(!string(&get(&masked, "files"), "alertmanager.yaml").contains("hunter2"));
}

#[wasm_bindgen_test]
fn route_tree_resolves_inheritance() {
    let tree = wasm::route_tree("".into()).unwrap();
    assert_eq!(string(&tree, "receiver"), "default-receiver");
    let child = Array::from(&get(&tree, "children")).get(0);
    assert_eq!(string(&child, "receiver"), "deploy-webhook");
    assert_eq!(string(&child, "groupWait"), "10s");
    assert_eq!(Array::from(&get(&child, "matchers")).length(), 2);
}

#[wasm_bindgen_test]
fn preview_in_one_render() {
    let p = wasm::preview("".into(), None).unwrap();
    assert_eq!(get(&p, "ok").as_bool(), Some(true));
    assert!(string(&get(&p, "output"), "manifests").contains("kind: Secret"));
    assert_eq!(Array::from(&get(&p, "audit")).length(), 15);
    assert_eq!(string(&get(&p, "tree"), "receiver"), "default-receiver");
    let bad = wasm::preview("rules: {usre: {}}".into(), None).unwrap();
    assert_eq!(get(&bad, "ok").as_bool(), Some(false));
    assert!(get(&bad, "output").is_undefined());
    let labels = wasm::routes_test("".into(), "severity=critical, type=infra".into()).unwrap();
    assert_eq!(string(&labels, "line"), "deploy-webhook");
}
