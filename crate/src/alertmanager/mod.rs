//! Alertmanager: its config schema, how values become a config, and its loader's checks.

pub mod build;
pub mod check;
pub mod config;

use crate::diagnostic::Diagnostic;
use crate::layers::Layers;
use crate::source::Source;
use config::Config;

/// A config file as Alertmanager loads it: a strict parse, then the loader's checks, every
/// diagnostic located in `text`. `Err` when it does not even parse.
pub fn load(name: &str, text: &str) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
    let layers = Layers::new(vec![Source::parse(name, text)?]);
    let config: Config = layers.typed()?;
    let diags = check::check(&config)
        .into_iter()
        .chain(check::inline_secrets(&config))
        .map(|d| layers.locate(d))
        .collect();
    Ok((config, diags))
}
