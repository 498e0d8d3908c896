//! Alertmanager: its config schema, how values become a config, and its loader's checks.

pub mod build;
pub mod check;
pub mod config;
pub mod version;

use crate::diagnostic::Diagnostic;
use crate::layers::Layers;
use crate::source::Source;
use config::Config;

/// The Alertmanager version a plain config file is checked against when none is given: the
/// one Debian's amtool validates with.
pub const DEFAULT_VERSION: &str = "0.25.0";

/// Every check of a config: the loader's, fields newer than `version`, inline secrets.
pub fn checks(config: &Config, version: &str) -> Vec<Diagnostic> {
    let mut d = check::check(config);
    match version::parse(version) {
        Some(v) => d.extend(version::check(
            &serde_yaml::to_value(config).unwrap_or_default(),
            v,
            version,
        )),
        None => d.push(Diagnostic::error(
            &crate::path::YamlPath::root(),
            format!("{version:?} is not an Alertmanager version (expected e.g. 0.25.0)"),
        )),
    }
    d.extend(crate::secrets::inline_secrets(config));
    d
}

/// A config file as Alertmanager loads it: a strict parse, then every check, every
/// diagnostic located in `text`. `Err` when it does not even parse.
pub fn load(name: &str, text: &str) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
    let layers = Layers::new(vec![Source::parse(name, text)?]);
    let config: Config = layers.typed()?;
    let diags = checks(&config, DEFAULT_VERSION)
        .into_iter()
        .map(|d| layers.locate(d))
        .collect();
    Ok((config, diags))
}
