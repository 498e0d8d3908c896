use clap::Parser;

fn main() {
    std::process::exit(alertchart::cli::run(alertchart::cli::Cli::parse()));
}
