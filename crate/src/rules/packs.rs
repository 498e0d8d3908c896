//! The built-in rule packs: their templates and, per alert, the defaults a user may
//! override (`for`, severity, threshold).

use crate::values::AlertSeverity::{self, Critical, Warning};

pub struct AlertDef {
    pub name: &'static str,
    pub for_: &'static str,
    pub severity: AlertSeverity,
    /// The number the expression compares against, with its unit for the docs.
    pub threshold: Option<(f64, &'static str)>,
}

pub struct Pack {
    /// Key under `rules:` in the values.
    pub key: &'static str,
    /// PrometheusRule name in Seldon's documentation.
    pub default_name: &'static str,
    /// The `type` label Seldon Deploy's route matches on.
    pub type_label: &'static str,
    pub template: &'static str,
    pub alerts: &'static [AlertDef],
}

const fn alert(
    name: &'static str,
    for_: &'static str,
    severity: AlertSeverity,
    threshold: Option<(f64, &'static str)>,
) -> AlertDef {
    AlertDef {
        name,
        for_,
        severity,
        threshold,
    }
}

pub const SELDON_PODS_PARTIAL: &str = include_str!("packs/seldon_pods.hbs");

pub const PACKS: [Pack; 3] = [
    Pack {
        key: "infra",
        default_name: "deploy-infra-alerts",
        type_label: "infra",
        template: include_str!("packs/infra.hbs"),
        alerts: &[
            alert("SeldonPodCrashLooping", "10m", Critical, None),
            alert(
                "SeldonPodRestarting",
                "5m",
                Warning,
                Some((3.0, "restarts per hour")),
            ),
            alert("SeldonPodNotReady", "15m", Warning, None),
            alert("SeldonContainerOOMKilled", "0s", Warning, None),
            alert(
                "SeldonContainerCPUThrottled",
                "15m",
                Warning,
                Some((0.25, "fraction of CPU periods")),
            ),
            alert(
                "SeldonContainerMemoryNearLimit",
                "15m",
                Warning,
                Some((0.9, "fraction of the memory limit")),
            ),
            alert(
                "SeldonControlPlaneReplicasUnavailable",
                "15m",
                Warning,
                None,
            ),
            alert("SeldonControlPlaneDown", "5m", Critical, None),
        ],
    },
    Pack {
        key: "user",
        default_name: "deploy-user-alerts",
        type_label: "user",
        template: include_str!("packs/user.hbs"),
        alerts: &[
            alert(
                "SeldonDeploymentHighErrorRate",
                "5m",
                Warning,
                Some((0.05, "fraction of requests")),
            ),
            alert(
                "SeldonDeploymentHighLatencyP95",
                "10m",
                Warning,
                Some((1.0, "seconds")),
            ),
            alert(
                "SeldonDeploymentHighLatencyP99",
                "10m",
                Critical,
                Some((2.5, "seconds")),
            ),
            alert("SeldonDeploymentNoTraffic", "30m", Warning, None),
            alert(
                "SeldonDeploymentFeedbackRewardDrop",
                "30m",
                Warning,
                Some((0.8, "fraction of the previous day's mean reward")),
            ),
        ],
    },
    Pack {
        key: "drift",
        default_name: "seldon-drift-alerts",
        type_label: "user",
        template: include_str!("packs/drift.hbs"),
        alerts: &[
            alert("SeldonDriftDetected", "1m", Warning, None),
            alert(
                "SeldonOutlierRateHigh",
                "15m",
                Warning,
                Some((0.1, "fraction of requests")),
            ),
        ],
    },
];
