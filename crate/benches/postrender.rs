//! Post-rendering a 100 MB stream of ordinary manifests with one AlertingBundle marker,
//! against a plain copy of the same bytes measured in the same run, plus rendering the
//! default values. The stream is also written to target/bench-stream.yaml so that
//! `make bench` can measure the binary's peak memory on it.

use std::hint::black_box;

use alertchart::layers::Layers;
use alertchart::postrender::post_render;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const TARGET_BYTES: usize = 100 * 1024 * 1024;

fn manifest(i: usize) -> String {
    match i % 3 {
        0 => format!(
            "---\n# Source: shop/templates/configmap-{i}.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-{i}\n  labels:\n    app.kubernetes.io/name: shop\ndata:\n  settings.json: |\n    {{\"feature\": {i}, \"enabled\": true, \"endpoints\": [\"http://a.svc:8080\", \"http://b.svc:8080\"]}}\n  motd: \"{}\"\n",
            "welcome ".repeat(40)
        ),
        1 => format!(
            "---\n# Source: shop/templates/deployment-{i}.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-{i}\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {{app: web-{i}}}\n  template:\n    metadata:\n      labels: {{app: web-{i}}}\n    spec:\n      containers:\n        - name: web\n          image: registry.example.com/shop/web:1.{i}\n          ports: [{{containerPort: 8080}}]\n          resources:\n            requests: {{cpu: 100m, memory: 128Mi}}\n            limits: {{cpu: 500m, memory: 256Mi}}\n"
        ),
        _ => format!(
            "---\n# Source: shop/templates/service-{i}.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: web-{i}\nspec:\n  selector: {{app: web-{i}}}\n  ports:\n    - port: 80\n      targetPort: 8080\n"
        ),
    }
}

const MARKER: &str = "---\n# Source: seldon-alerting/templates/alertingbundle.yaml\napiVersion: alertchart.seldon.io/v1alpha1\nkind: AlertingBundle\nmetadata:\n  name: seldon-alerting\nspec:\n  namespace: seldon-monitoring\n";

fn stream() -> String {
    let mut s = String::with_capacity(TARGET_BYTES + 4096);
    let mut i = 0;
    while s.len() < TARGET_BYTES {
        if i == 20_000 {
            s.push_str(MARKER);
        }
        s.push_str(&manifest(i));
        i += 1;
    }
    s
}

fn no_env(_: &str) -> Option<String> {
    None
}

fn benches(c: &mut Criterion) {
    let input = stream();
    let out = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/bench-stream.yaml");
    std::fs::write(out, &input).expect("write the bench stream");

    let mut g = c.benchmark_group("stream_100MB");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(input.len() as u64));
    // The baseline: the bytes copied into an output buffer, as any filter must at least do.
    g.bench_function("copy", |b| {
        b.iter(|| {
            let mut sink = Vec::with_capacity(input.len());
            sink.extend_from_slice(black_box(&input).as_bytes());
            black_box(sink)
        })
    });
    g.bench_function("post_render", |b| {
        b.iter(|| {
            let pieces = post_render(black_box(&input), &[], &no_env).expect("valid stream");
            let mut sink = Vec::with_capacity(input.len() + 64 * 1024);
            for p in &pieces {
                sink.extend_from_slice(p.as_bytes());
            }
            black_box(sink)
        })
    });
    g.finish();

    c.bench_function("render_defaults", |b| {
        b.iter(|| alertchart::render(black_box(&Layers::default())).expect("defaults render"))
    });
}

criterion_group!(postrender, benches);
criterion_main!(postrender);
