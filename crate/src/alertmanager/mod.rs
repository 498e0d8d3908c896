//! Alertmanager: its config schema, how values become a config, and its loader's checks.

pub mod build;
pub mod check;
pub mod config;
