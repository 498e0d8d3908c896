//! Prometheus durations (`10s`, `1h30m`, `0`), parsed as `model.ParseDuration` does.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A duration that keeps the text it was written with, so output is byte-stable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duration {
    raw: String,
    millis: u64,
}

const UNITS: [(&str, u64); 7] = [
    ("y", 365 * 24 * 3600 * 1000),
    ("w", 7 * 24 * 3600 * 1000),
    ("d", 24 * 3600 * 1000),
    ("h", 3600 * 1000),
    ("m", 60 * 1000),
    ("s", 1000),
    ("ms", 1),
];

impl Duration {
    pub fn parse(s: &str) -> Result<Duration, String> {
        let bad = || format!("not a valid duration string: {s:?}");
        if s == "0" {
            return Ok(Duration {
                raw: s.into(),
                millis: 0,
            });
        }
        let mut rest = s;
        let mut millis: u64 = 0;
        let mut next_unit = 0;
        while !rest.is_empty() {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return Err(bad());
            }
            let n: u64 = rest[..digits].parse().map_err(|_| bad())?;
            rest = &rest[digits..];
            // "ms" must be tried before "m"; units must come in decreasing order.
            let (idx, (unit, scale)) = UNITS
                .iter()
                .enumerate()
                .skip(next_unit)
                .filter(|(_, (u, _))| rest.starts_with(u))
                .max_by_key(|(_, (u, _))| u.len())
                .ok_or_else(bad)?;
            rest = &rest[unit.len()..];
            next_unit = idx + 1;
            millis = n
                .checked_mul(*scale)
                .and_then(|v| v.checked_add(millis))
                .ok_or_else(bad)?;
        }
        if s.is_empty() {
            return Err(bad());
        }
        Ok(Duration {
            raw: s.into(),
            millis,
        })
    }

    pub fn millis(&self) -> u64 {
        self.millis
    }

    pub fn as_str(&self) -> &str {
        &self.raw
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl schemars::JsonSchema for Duration {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Duration".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A Prometheus duration: 10s, 5m, 1h30m, 0",
            "pattern": "^(0|([0-9]+y)?([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?)$"
        })
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Duration::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_prometheus_durations() {
        assert_eq!(Duration::parse("10s").unwrap().millis(), 10_000);
        assert_eq!(Duration::parse("1h30m").unwrap().millis(), 5_400_000);
        assert_eq!(Duration::parse("1m500ms").unwrap().millis(), 60_500);
        assert_eq!(Duration::parse("0").unwrap().millis(), 0);
        assert_eq!(Duration::parse("0s").unwrap().millis(), 0);
    }

    #[test]
    fn rejects_what_prometheus_rejects() {
        for bad in ["", "5", "5x", "1m1h", "10 s", "-1s", "1.5h", "s", "1s1s"] {
            assert_eq!(
                Duration::parse(bad).unwrap_err(),
                format!("not a valid duration string: {bad:?}"),
                "{bad}"
            );
        }
    }
}
