use std::io::IsTerminal;

use clap::{CommandFactory, Parser};

fn main() {
    let cli = alertchart::cli::Cli::parse();
    // Bare `alertchart` at a terminal is a person asking what it does, not Helm.
    if cli.command.is_none() && std::io::stdin().is_terminal() {
        let _ = alertchart::cli::Cli::command().print_help();
        std::process::exit(2);
    }
    std::process::exit(alertchart::cli::run(cli));
}
