//! The `alertchart` command line: argument parsing and printing only.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::diagnostic::Diagnostic;
use crate::layers::{parse_set, Layers};
use crate::routing::{parse_labels, receivers_line};
use crate::source::Source;

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
    },
    /// Helm post-renderer: read manifests on stdin, replace each AlertingBundle marker with
    /// the Secret and PrometheusRules, pass every other document through byte for byte.
    PostRender {
        #[command(flatten)]
        values: ValuesArgs,
    },
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
        values: ValuesArgs,
        /// Labels of the alert.
        #[arg(value_name = "LABEL=VALUE")]
        labels: Vec<String>,
    },
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
    match execute(cli) {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            if stdout
                .write_all(out.as_bytes())
                .and_then(|_| stdout.flush())
                .is_err()
            {
                return 1;
            }
            0
        }
        Err(diags) => {
            report(&diags);
            1
        }
    }
}

fn post_render(values: &ValuesArgs) -> Result<String, Vec<Diagnostic>> {
    let mut input = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut input)
        .map_err(|e| Diagnostic::general(format!("cannot read stdin: {e}")))?;
    crate::postrender::post_render(&input, &values.layers()?.sources)
}

fn execute(cli: Cli) -> Result<String, Vec<Diagnostic>> {
    let Some(command) = cli.command else {
        return post_render(&cli.values);
    };
    match command {
        Command::PostRender { values } => post_render(&values),
        Command::Render { values, output_dir } => {
            let r = crate::render(&values.layers()?)?;
            report(&r.diagnostics);
            match output_dir {
                None => Ok(crate::manifest::stream(&r.manifests)),
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
                    Ok(String::new())
                }
            }
        }
        Command::Check { values } => {
            let r = crate::render(&values.layers()?)?;
            report(&r.diagnostics);
            Ok(String::new())
        }
        Command::Routes {
            command: RoutesCommand::Test { values, labels },
        } => {
            let labels =
                parse_labels(labels.iter().map(String::as_str)).map_err(Diagnostic::general)?;
            let r = crate::render(&values.layers()?)?;
            let root = r.config.route.unwrap_or_default();
            Ok(format!("{}\n", receivers_line(&root, &labels)))
        }
    }
}
