//! The `alertchart` command; the WebAssembly build has no command line.

#[cfg(not(target_family = "wasm"))]
fn main() {
    use clap::{CommandFactory, Parser};
    use std::io::IsTerminal;

    let cli = alertchart::cli::Cli::parse();
    // Bare `alertchart` at a terminal is a person asking what it does, not Helm.
    if cli.command.is_none() && std::io::stdin().is_terminal() {
        let _ = alertchart::cli::Cli::command().print_help();
        std::process::exit(2);
    }
    std::process::exit(alertchart::cli::run(cli));
}

#[cfg(target_family = "wasm")]
fn main() {}
