//! Alertmanager's time intervals (`timeinterval/timeinterval.go`): whether an instant falls
//! in one, so `routes test --at` can say which notifications a mute or active interval holds
//! back. Instants are RFC 3339. An interval's `location` is looked up in the system's
//! tzdata (natively; the WebAssembly build has none and evaluates UTC only).

use crate::alertmanager::config::{TimeInterval, TimeSpec};
use crate::diagnostic::Diagnostic;
use crate::path::YamlPath;

/// A moment: seconds since the epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Instant {
    pub epoch_seconds: i64,
}

/// A moment broken down in one time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    /// 0 = Sunday.
    pub weekday: u32,
    pub minute: u32,
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    days_from_civil(
        if m == 12 { y + 1 } else { y },
        if m == 12 { 1 } else { m + 1 },
        1,
    ) as u32
        - days_from_civil(y, m, 1) as u32
}

impl Instant {
    /// `2026-11-25T10:00:00Z`, `2026-11-25T11:00:00+01:00` (seconds optional).
    pub fn parse(s: &str) -> Result<Instant, String> {
        Ok(Instant {
            epoch_seconds: parse_epoch_minutes(s)? * 60,
        })
    }

    pub fn utc(&self) -> Civil {
        let days = self.epoch_seconds.div_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            weekday: (days + 4).rem_euclid(7) as u32,
            minute: (self.epoch_seconds.rem_euclid(86_400) / 60) as u32,
        }
    }

    /// The moment in an IANA zone (`Europe/London`); UTC needs no database.
    pub fn in_location(&self, location: Option<&str>) -> Result<Civil, String> {
        match location {
            None | Some("UTC" | "Etc/UTC" | "") => Ok(self.utc()),
            Some(loc) => zoned(self.epoch_seconds, loc),
        }
    }
}

#[cfg(not(target_family = "wasm"))]
fn zoned(epoch_seconds: i64, loc: &str) -> Result<Civil, String> {
    let tz = jiff::tz::TimeZone::get(loc).map_err(|e| format!("unknown location {loc:?}: {e}"))?;
    let z = jiff::Timestamp::from_second(epoch_seconds).map_err(|e| e.to_string())?;
    let z = tz.to_datetime(z);
    Ok(Civil {
        year: i64::from(z.year()),
        month: z.month() as u32,
        day: z.day() as u32,
        weekday: z.weekday().to_sunday_zero_offset() as u32,
        minute: z.hour() as u32 * 60 + z.minute() as u32,
    })
}

#[cfg(target_family = "wasm")]
fn zoned(_: i64, loc: &str) -> Result<Civil, String> {
    Err(format!(
        "location {loc:?} cannot be evaluated here: no time-zone database"
    ))
}

fn parse_epoch_minutes(s: &str) -> Result<i64, String> {
    let bad = || format!("{s:?} is not an RFC 3339 time (e.g. 2026-11-25T10:00:00Z)");
    let num = |a: usize, b: usize| {
        s.get(a..b)
            .and_then(|x| x.parse::<i64>().ok())
            .ok_or_else(bad)
    };
    if s.len() < 17 || &s[4..5] != "-" || &s[7..8] != "-" || !matches!(&s[10..11], "T" | "t" | " ")
    {
        return Err(bad());
    }
    let (y, mo, d, h, mi) = (
        num(0, 4)?,
        num(5, 7)?,
        num(8, 10)?,
        num(11, 13)?,
        num(14, 16)?,
    );
    let mut rest = &s[16..];
    if let Some(r) = rest.strip_prefix(':') {
        let end = r
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(r.len());
        rest = &r[end..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        r if r.len() == 6 && (r.starts_with('+') || r.starts_with('-')) => {
            let (oh, om) = (num(s.len() - 5, s.len() - 3)?, num(s.len() - 2, s.len())?);
            (oh * 60 + om) * if r.starts_with('-') { -1 } else { 1 }
        }
        _ => return Err(bad()),
    };
    if !(1..=12).contains(&mo)
        || d < 1
        || d > i64::from(days_in_month(y, mo as u32))
        || h > 23
        || mi > 59
    {
        return Err(bad());
    }
    Ok(days_from_civil(y, mo as u32, d as u32) * 1440 + h * 60 + mi - offset)
}

const WEEKDAYS: [&str; 7] = [
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
];
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// `a:b` or `a`, each end a number or a name from `names` (1-based for months).
fn range(item: &str, names: &[&str], one_based: bool) -> Option<(i64, i64)> {
    let value = |x: &str| -> Option<i64> {
        let x = x.trim().to_ascii_lowercase();
        match names.iter().position(|n| *n == x) {
            Some(i) => Some(i as i64 + i64::from(one_based)),
            None => x.parse().ok(),
        }
    };
    match item.split_once(':') {
        Some((a, b)) => Some((value(a)?, value(b)?)),
        None => value(item).map(|v| (v, v)),
    }
}

/// `HH:MM` as minutes of the day; `24:00` ends a day.
fn minutes(t: &str) -> Option<u32> {
    let (h, m) = t.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 || h == 24 && m == 0).then_some(h * 60 + m)
}

fn spec_contains(spec: &TimeSpec, t: &Civil) -> bool {
    let times = spec.times.is_empty()
        || spec
            .times
            .iter()
            .any(|r| match (minutes(&r.start_time), minutes(&r.end_time)) {
                (Some(a), Some(b)) => a <= t.minute && t.minute < b,
                _ => false,
            });
    let within = |list: &[String], names: &[&str], one_based: bool, v: i64| {
        list.is_empty()
            || list
                .iter()
                .filter_map(|i| range(i, names, one_based))
                .any(|(a, b)| a <= v && v <= b)
    };
    let dim = i64::from(days_in_month(t.year, t.month));
    // Negative days count from the month's end: -1 is its last day.
    let day_ok = spec.days_of_month.is_empty()
        || spec
            .days_of_month
            .iter()
            .filter_map(|i| range(i, &[], false))
            .any(|(a, b)| {
                let fix = |x: i64| if x < 0 { dim + 1 + x } else { x };
                fix(a) <= i64::from(t.day) && i64::from(t.day) <= fix(b)
            });
    times
        && within(&spec.weekdays, &WEEKDAYS, false, i64::from(t.weekday))
        && day_ok
        && within(&spec.months, &MONTHS, true, i64::from(t.month))
        && within(&spec.years, &[], false, t.year)
}

/// Alertmanager's syntax checks: `HH:MM` times with start before end, named or numbered ranges.
pub fn check(ti: &TimeInterval, p: &YamlPath, d: &mut Vec<Diagnostic>) {
    for (i, spec) in ti.time_intervals.iter().enumerate() {
        let p = p.key("time_intervals").index(i);
        for (j, t) in spec.times.iter().enumerate() {
            let tp = p.key("times").index(j);
            match (minutes(&t.start_time), minutes(&t.end_time)) {
                (Some(s), Some(e)) if s >= e => d.push(Diagnostic::error(
                    &tp,
                    "start time cannot be equal or greater than end time",
                )),
                (Some(_), Some(_)) => {}
                _ => d.push(Diagnostic::error(
                    &tp,
                    format!(
                        "couldn't parse timestamp {:?}/{:?}, invalid format",
                        t.start_time, t.end_time
                    ),
                )),
            }
        }
        let named = |list: &[String], names: &[&str], key: &str, d: &mut Vec<Diagnostic>| {
            for (j, item) in list.iter().enumerate() {
                for part in item.split(':') {
                    let part = part.trim().to_ascii_lowercase();
                    if !names.contains(&part.as_str())
                        && part
                            .parse::<usize>()
                            .map_or(true, |n| n == 0 || n > names.len())
                    {
                        d.push(Diagnostic::error(
                            &p.key(key).index(j),
                            format!("{part:?} is not a valid {}", key.trim_end_matches('s')),
                        ));
                    }
                }
            }
        };
        named(&spec.weekdays, &WEEKDAYS, "weekdays", d);
        named(&spec.months, &MONTHS, "months", d);
        for (j, item) in spec.days_of_month.iter().enumerate() {
            for part in item.split(':') {
                match part.trim().parse::<i32>() {
                    Ok(n) if (-31..=31).contains(&n) && n != 0 => {}
                    _ => d.push(Diagnostic::error(
                        &p.key("days_of_month").index(j),
                        format!("{part:?} is not a valid day of month"),
                    )),
                }
            }
        }
        for (j, item) in spec.years.iter().enumerate() {
            if item.split(':').any(|y| y.trim().parse::<u32>().is_err()) {
                d.push(Diagnostic::error(
                    &p.key("years").index(j),
                    format!("{item:?} is not a valid year range"),
                ));
            }
        }
    }
}

/// Whether `t` falls in the interval, each of its specs read in its own `location`.
pub fn contains(ti: &TimeInterval, t: &Instant) -> Result<bool, String> {
    for spec in &ti.time_intervals {
        if spec_contains(spec, &t.in_location(spec.location.as_deref())?) {
            return Ok(true);
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ti(y: &str) -> TimeInterval {
        serde_yaml::from_str(y).unwrap()
    }

    #[test]
    fn parses_instants() {
        let t = Instant::parse("2026-11-25T10:30:00Z").unwrap().utc();
        assert_eq!(
            (t.year, t.month, t.day, t.weekday, t.minute),
            (2026, 11, 25, 3, 630)
        );
        // An offset moves it back across midnight and a month end.
        let t = Instant::parse("2026-12-01T00:30:00+01:00").unwrap().utc();
        assert_eq!((t.month, t.day, t.weekday, t.minute), (11, 30, 1, 1410));
        assert!(Instant::parse("2026-02-30T00:00:00Z").is_err());
        assert!(Instant::parse("yesterday").is_err());
    }

    #[test]
    fn office_hours_and_month_ends() {
        let office = ti("name: o\ntime_intervals:\n  - weekdays: ['monday:friday']\n    times: [{start_time: '08:00', end_time: '18:00'}]\n");
        let at = |s: &str| contains(&office, &Instant::parse(s).unwrap()).unwrap();
        assert!(at("2026-11-25T08:00:00Z"));
        assert!(!at("2026-11-25T18:00:00Z"), "end time is exclusive");
        assert!(!at("2026-11-28T10:00:00Z"), "a Saturday");
        let last =
            ti("name: l\ntime_intervals:\n  - days_of_month: ['-1']\n    months: ['february']\n");
        assert!(contains(&last, &Instant::parse("2028-02-29T12:00:00Z").unwrap()).unwrap());
        assert!(!contains(&last, &Instant::parse("2028-02-28T12:00:00Z").unwrap()).unwrap());
        // 07:30 UTC in July is 08:30 in London (BST), inside 08:00-18:00 there.
        let london = ti("name: x\ntime_intervals:\n  - times: [{start_time: '08:00', end_time: '18:00'}]\n    location: Europe/London\n");
        assert!(contains(&london, &Instant::parse("2026-07-15T07:30:00Z").unwrap()).unwrap());
        assert!(!contains(&london, &Instant::parse("2026-01-15T07:30:00Z").unwrap()).unwrap());
        let nowhere = ti("name: x\ntime_intervals:\n  - location: Mars/Olympus\n");
        assert!(contains(&nowhere, &Instant::parse("2026-01-15T07:30:00Z").unwrap()).is_err());
    }
}
