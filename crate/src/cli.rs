//! The `alertchart` command line: argument parsing and printing only.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::alertmanager::config::Config;
use crate::diagnostic::{has_errors, Diagnostic};
use crate::inhibit::inhibitors;
use crate::layers::{parse_set, Layers};
use crate::routing::{parse_labels, receivers_line, route, Labels};
use crate::source::Source;
use crate::timeinterval::Instant;

#[derive(Parser)]
#[command(
    name = "alertchart",
    version,
    about = "Seldon alerting from one Helm values file: the Alertmanager config Secret and PrometheusRules, checked as Alertmanager and Prometheus check them"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// With no command, alertchart is a Helm post-renderer: it reads the stream on stdin.
    /// These values are layered over each marker's (from --post-renderer-args).
    #[command(flatten)]
    pub values: ValuesArgs,
}

#[derive(Subcommand)]
pub enum Command {
    /// Print the manifests (the Secret, then the PrometheusRules) as one YAML stream, or
    /// write them to a directory.
    Render {
        #[command(flatten)]
        values: ValuesArgs,
        /// Write alertmanager.yaml and one file per manifest here instead of printing.
        #[arg(long, value_name = "DIR")]
        output_dir: Option<PathBuf>,
    },
    /// Print every diagnostic; exit 1 if any is an error.
    Check {
        #[command(flatten)]
        values: ValuesArgs,
        /// Check a plain Alertmanager config file instead of values.
        #[arg(long, value_name = "ALERTMANAGER.yaml", conflicts_with_all = ["files", "set", "set_string"])]
        config: Option<PathBuf>,
        /// Check Prometheus rule files (as promtool check rules) instead of values.
        #[arg(long, value_name = "RULES.yaml", num_args = 1.., conflicts_with_all = ["files", "set", "set_string"])]
        rules: Vec<PathBuf>,
    },
    /// Helm post-renderer: read manifests on stdin, replace each AlertingBundle marker with
    /// the Secret and PrometheusRules, pass every other document through byte for byte.
    PostRender {
        #[command(flatten)]
        values: ValuesArgs,
    },
    /// Print the JSON Schema of the values (the chart's values.schema.json).
    Schema,
    /// Where alerts go.
    Routes {
        #[command(subcommand)]
        command: RoutesCommand,
    },
}

#[derive(Subcommand)]
pub enum RoutesCommand {
    /// Print the receivers an alert with these labels reaches, comma-separated, as
    /// `amtool config routes test` prints them.
    Test {
        #[command(flatten)]
        source: ConfigArgs,
        /// Label sets to test, one JSON object per line; prints one line of receivers each.
        #[arg(long, value_name = "FILE", conflicts_with = "labels")]
        batch: Option<PathBuf>,
        /// Exit 1 unless the receivers are exactly these (comma-separated), like amtool's
        /// --verify.receivers.
        #[arg(long, value_name = "A,B")]
        verify_receivers: Option<String>,
        /// Print each matching route with what it inherited: its path, grouping and timers.
        #[arg(long)]
        explain: bool,
        /// Mark receivers whose route's mute or active time intervals hold notifications
        /// back at this RFC 3339 time: `receiver (muted)`.
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
        /// Labels of the alert.
        #[arg(value_name = "LABEL=VALUE")]
        labels: Vec<String>,
    },
    /// Which alerts the inhibit rules mute while all the given alerts fire: one line per alert,
    /// `-` or the 1-based numbers of the alerts that inhibit it.
    Inhibited {
        #[command(flatten)]
        source: ConfigArgs,
        /// Firing alerts' labels, one JSON object per line.
        #[arg(long, value_name = "FILE")]
        alerts: PathBuf,
    },
    /// Draw the routing tree, as `amtool config routes show` does.
    Show {
        #[command(flatten)]
        source: ConfigArgs,
    },
    /// For every alert of every PrometheusRule, the receivers it reaches; warns about alerts
    /// that reach no integration, unreachable receivers and rules Prometheus would not select.
    Audit {
        #[command(flatten)]
        values: ValuesArgs,
        /// Labels Prometheus's ruleSelector requires (kube-prometheus-stack: release=<name>).
        #[arg(long = "rule-selector", value_name = "LABEL=VALUE")]
        rule_selector: Vec<String>,
    },
}

/// Values, or a plain Alertmanager config file.
#[derive(Args)]
pub struct ConfigArgs {
    #[command(flatten)]
    pub values: ValuesArgs,
    /// Use a plain Alertmanager config file instead of values.
    #[arg(long, value_name = "ALERTMANAGER.yaml", conflicts_with_all = ["files", "set", "set_string"])]
    pub config: Option<PathBuf>,
}

impl ConfigArgs {
    fn load(&self) -> Result<Config, Vec<Diagnostic>> {
        match &self.config {
            Some(path) => load_config(path),
            None => Ok(crate::render(&self.values.layers()?)?.config),
        }
    }
}

#[derive(Args)]
pub struct ValuesArgs {
    /// A values file; repeat to layer several, later ones win (like helm -f).
    #[arg(short = 'f', long = "values", value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Set a value on top of the files: path=value[,path=value] (like helm --set).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Like --set, but the value is always a string.
    #[arg(long = "set-string", value_name = "PATH=VALUE")]
    pub set_string: Vec<String>,
}

impl ValuesArgs {
    pub fn layers(&self) -> Result<Layers, Vec<Diagnostic>> {
        let mut sources = Vec::new();
        for f in &self.files {
            let name = f.display().to_string();
            let text = std::fs::read_to_string(f)
                .map_err(|e| Diagnostic::general(format!("cannot read {name}: {e}")))?;
            sources.push(Source::parse(&name, &text)?);
        }
        for (args, as_string, flag) in [
            (&self.set, false, "--set"),
            (&self.set_string, true, "--set-string"),
        ] {
            for a in args {
                let v = parse_set(a, as_string).map_err(Diagnostic::general)?;
                sources.push(Source::from_value(&format!("{flag} {a}"), v));
            }
        }
        Ok(Layers::new(sources))
    }
}

fn report(diags: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in diags {
        let _ = writeln!(err, "{d}");
    }
}

/// Runs a command; returns the exit code. Nothing reaches stdout unless it succeeded.
pub fn run(cli: Cli) -> i32 {
    let post_render = matches!(cli.command, None | Some(Command::PostRender { .. }));
    let mut input = String::new();
    if post_render {
        if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut input) {
            report(&Diagnostic::general(format!("cannot read stdin: {e}")));
            return 1;
        }
    }
    match execute(cli, &input) {
        Ok(pieces) => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            let written = pieces
                .iter()
                .try_for_each(|p| stdout.write_all(p.as_bytes()))
                .and_then(|_| stdout.flush());
            i32::from(written.is_err())
        }
        Err(diags) => {
            report(&diags);
            1
        }
    }
}

/// The stream on stdin, already read into `input`; the output borrows from it.
fn post_render<'a>(
    input: &'a str,
    values: &ValuesArgs,
) -> Result<Vec<Cow<'a, str>>, Vec<Diagnostic>> {
    let env = |name: &str| std::env::var(name).ok();
    crate::postrender::post_render(input, &values.layers()?.sources, &env)
}

/// A plain Alertmanager config file, as Alertmanager loads it.
fn load_config(path: &Path) -> Result<Config, Vec<Diagnostic>> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::general(format!("cannot read {name}: {e}")))?;
    let (config, diags) = crate::alertmanager::load(&name, &text)?;
    if has_errors(&diags) {
        return Err(diags);
    }
    report(&diags);
    Ok(config)
}

fn execute<'a>(cli: Cli, input: &'a str) -> Result<Vec<Cow<'a, str>>, Vec<Diagnostic>> {
    let owned = |s: String| vec![Cow::Owned(s)];
    let Some(command) = cli.command else {
        return post_render(input, &cli.values);
    };
    match command {
        Command::PostRender { values } => post_render(input, &values),
        Command::Render { values, output_dir } => {
            let r = crate::render(&values.layers()?)?;
            report(&r.diagnostics);
            match output_dir {
                None => Ok(owned(crate::manifest::stream(&r.manifests))),
                Some(dir) => {
                    let io = |e: std::io::Error| {
                        Diagnostic::general(format!("cannot write to {}: {e}", dir.display()))
                    };
                    std::fs::create_dir_all(&dir).map_err(io)?;
                    let mut files = BTreeMap::new();
                    files.insert("alertmanager.yaml".to_string(), r.alertmanager_yaml.clone());
                    for m in &r.manifests {
                        files.insert(m.file_name.clone(), m.yaml.clone());
                    }
                    for (name, text) in files {
                        std::fs::write(dir.join(name), text).map_err(io)?;
                    }
                    Ok(Vec::new())
                }
            }
        }
        Command::Schema => Ok(owned(crate::schema::values_schema())),
        Command::Check {
            values,
            config,
            rules,
        } => {
            if let Some(path) = &config {
                load_config(path)?;
            }
            let mut diags = Vec::new();
            for path in &rules {
                let name = path.display().to_string();
                let text = std::fs::read_to_string(path)
                    .map_err(|e| Diagnostic::general(format!("cannot read {name}: {e}")))?;
                match Source::parse(&name, &text) {
                    Ok(source) => diags.extend(crate::rules::check_spec(source)),
                    Err(d) => diags.extend(d),
                }
            }
            if has_errors(&diags) {
                return Err(diags);
            }
            report(&diags);
            if config.is_none() && rules.is_empty() {
                report(&crate::render(&values.layers()?)?.diagnostics);
            }
            Ok(Vec::new())
        }
        Command::Routes { command } => routes(command),
    }
}

fn routes(command: RoutesCommand) -> Result<Vec<Cow<'static, str>>, Vec<Diagnostic>> {
    let owned = |s: String| vec![Cow::Owned(s)];
    match command {
        RoutesCommand::Test {
            source,
            batch,
            verify_receivers,
            explain,
            at,
            labels,
        } => {
            let config = source.load()?;
            let root = config.route.clone().unwrap_or_default();
            let at = at
                .map(|t| Instant::parse(&t))
                .transpose()
                .map_err(Diagnostic::general)?;
            let line = |labels: &Labels| -> Result<String, Vec<Diagnostic>> {
                let Some(t) = &at else {
                    return Ok(receivers_line(&root, labels));
                };
                let mut parts = Vec::new();
                for m in route(&root, labels) {
                    let muted = m
                        .muted(&config.time_intervals, t)
                        .map_err(Diagnostic::general)?;
                    parts.push(if muted {
                        format!("{} (muted)", m.receiver)
                    } else {
                        m.receiver
                    });
                }
                Ok(parts.join(","))
            };
            let Some(batch) = batch else {
                let labels =
                    parse_labels(labels.iter().map(String::as_str)).map_err(Diagnostic::general)?;
                if explain {
                    return Ok(owned(route(&root, &labels).iter().map(explained).collect()));
                }
                let line = line(&labels)?;
                if let Some(want) = verify_receivers.filter(|w| *w != line) {
                    return Err(Diagnostic::general(format!(
                        "receivers did not match: expected {want}, got {line}"
                    )));
                }
                return Ok(owned(format!("{line}\n")));
            };
            let mut out = String::new();
            for labels in read_label_sets(&batch)? {
                out.push_str(&line(&labels)?);
                out.push('\n');
            }
            Ok(owned(out))
        }
        RoutesCommand::Inhibited { source, alerts } => {
            let config = source.load()?;
            let firing = read_label_sets(&alerts)?;
            let mut out = String::new();
            for target in &firing {
                let mut by: Vec<usize> = inhibitors(&config.inhibit_rules, target, &firing)
                    .into_iter()
                    .map(|(_, s)| s + 1)
                    .collect();
                by.sort();
                by.dedup();
                let text: Vec<String> = by.iter().map(usize::to_string).collect();
                out.push_str(if text.is_empty() { "-" } else { "" });
                out.push_str(&text.join(","));
                out.push('\n');
            }
            Ok(owned(out))
        }
        RoutesCommand::Show { source } => Ok(owned(crate::routing::tree(
            &source.load()?.route.unwrap_or_default(),
        ))),
        RoutesCommand::Audit {
            values,
            rule_selector,
        } => {
            let selector = parse_labels(rule_selector.iter().map(String::as_str))
                .map_err(Diagnostic::general)?;
            let r = crate::render(&values.layers()?)?;
            report(&r.diagnostics);
            let audit =
                crate::audit::audit(&r.config, &r.rule_sets, &r.values.rules.labels, &selector);
            report(&audit.warnings);
            Ok(owned(crate::audit::table(&audit.rows)))
        }
    }
}

/// Label sets, one JSON object per line.
fn read_label_sets(path: &Path) -> Result<Vec<Labels>, Vec<Diagnostic>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::general(format!("cannot read {}: {e}", path.display())))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| {
                Diagnostic::general(format!(
                    "{}:{}: expected a JSON object of labels: {e}",
                    path.display(),
                    i + 1
                ))
            })
        })
        .collect()
}

/// One matching route with what it inherited, for `routes test --explain`.
fn explained(m: &crate::routing::Match) -> String {
    let o = &m.opts;
    format!(
        "{}  receiver: {}  group_by: [{}]  group_wait: {}  group_interval: {}  repeat_interval: {}\n",
        m.route_path(),
        o.receiver,
        o.group_by.join(", "),
        o.group_wait,
        o.group_interval,
        o.repeat_interval
    )
}
