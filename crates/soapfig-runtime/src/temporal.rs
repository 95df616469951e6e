//! The order of date, time and duration values, for the range facets (`minInclusive` and kin)
//! of types derived from them. XSD orders these values only partially: a value with a time
//! zone against one without is determinate only more than 14 hours apart, and `P1M` against
//! `P30D` not at all. [`Temporal`]'s `partial_cmp` is `None` there, so a range facet does not
//! refuse such a value (it cannot say it is out of range).

use std::cmp::Ordering;

const NANOS_PER_SECOND: i128 = 1_000_000_000;
const NANOS_PER_DAY: i128 = 86_400 * NANOS_PER_SECOND;
/// How far a value without a time zone may lie from UTC (XSD: -14:00 to +14:00).
const FOURTEEN_HOURS: i128 = 14 * 3_600 * NANOS_PER_SECOND;

/// A value of one of the date and time types, or a duration, placed so that XSD's order can be
/// read off it. Fractions of a second beyond nanoseconds are not told apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Temporal {
    /// Nanoseconds from 1970-01-01T00:00:00 (proleptic Gregorian); in UTC when `zoned`, in
    /// its own unknown zone when not.
    Instant { at: i128, zoned: bool },
    /// A duration: its months (years included) and the rest, in nanoseconds.
    Duration { months: i128, nanos: i128 },
}

impl Temporal {
    /// Reads `text` as a value of the built-in `xsd` (`date`, `dateTime`, `time`, `gYear`,
    /// `gYearMonth`, `gMonth`, `gMonthDay`, `gDay` or `duration`); `None` when it is not one.
    /// The partial types are placed in a reference year, as XSD 1.1 does (1972, day 1 or the
    /// 31st of December where the type has no month or day).
    pub fn parse(xsd: &str, text: &str) -> Option<Temporal> {
        let text = text.trim();
        if xsd == "duration" {
            return duration(text);
        }
        let (body, offset) = split_zone(text)?;
        let (year, month, day, time) = match xsd {
            "dateTime" => {
                let (date, time) = body.split_once('T')?;
                let (y, m, d) = ymd(date)?;
                (y, m, d, Some(time))
            }
            "date" => {
                let (y, m, d) = ymd(body)?;
                (y, m, d, None)
            }
            "time" => (1972, 12, 31, Some(body)),
            "gYearMonth" => {
                let (y, m) = body.rsplit_once('-')?;
                (year(y)?, number(m)?, 1, None)
            }
            "gYear" => (year(body)?, 1, 1, None),
            "gMonthDay" => {
                let (m, d) = body.strip_prefix("--")?.split_once('-')?;
                (1972, number(m)?, number(d)?, None)
            }
            // XML Schema's first edition wrote gMonth `--MM--`.
            "gMonth" => {
                let m = body.strip_prefix("--")?;
                (1972, number(m.strip_suffix("--").unwrap_or(m))?, 1, None)
            }
            "gDay" => (1972, 12, number(body.strip_prefix("---")?)?, None),
            _ => return None,
        };
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        let mut at = days_from_civil(year, month, day) * NANOS_PER_DAY;
        if let Some(t) = time {
            at += time_of_day(t)?;
        }
        if let Some(minutes) = offset {
            at -= minutes * 60 * NANOS_PER_SECOND;
        }
        Some(Temporal::Instant {
            at,
            zoned: offset.is_some(),
        })
    }
}

impl PartialOrd for Temporal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        match (*self, *other) {
            (Temporal::Instant { at: a, zoned: za }, Temporal::Instant { at: b, zoned: zb }) => {
                if za == zb {
                    return Some(a.cmp(&b));
                }
                // The unzoned one may be anywhere within 14 hours of its local reading.
                let (zoned, local, flip) = if za { (a, b, false) } else { (b, a, true) };
                let order = if zoned < local - FOURTEEN_HOURS {
                    Ordering::Less
                } else if zoned > local + FOURTEEN_HOURS {
                    Ordering::Greater
                } else {
                    return None;
                };
                Some(if flip { order.reverse() } else { order })
            }
            (
                Temporal::Duration {
                    months: ma,
                    nanos: na,
                },
                Temporal::Duration {
                    months: mb,
                    nanos: nb,
                },
            ) => {
                if ma == mb {
                    return Some(na.cmp(&nb));
                }
                if na == nb {
                    return Some(ma.cmp(&mb));
                }
                // XSD compares durations by adding them to four instants whose months have
                // every length; the order holds only if it is the same from all four.
                let mut orders = [(1696, 9), (1697, 2), (1903, 3), (1903, 7)]
                    .into_iter()
                    .map(|(y, m)| after(y, m, ma, na).cmp(&after(y, m, mb, nb)));
                let first = orders.next()?;
                orders.all(|o| o == first).then_some(first)
            }
            _ => None,
        }
    }
}

/// Nanoseconds from the epoch to the first of month `month` of `year` plus `months` months
/// and `nanos`.
fn after(year: i128, month: i128, months: i128, nanos: i128) -> i128 {
    let index = year * 12 + (month - 1) + months;
    days_from_civil(index.div_euclid(12), index.rem_euclid(12) + 1, 1) * NANOS_PER_DAY + nanos
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i128, month: i128, day: i128) -> i128 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The text without its time zone, and the zone's offset in minutes.
fn split_zone(text: &str) -> Option<(&str, Option<i128>)> {
    if let Some(body) = text.strip_suffix('Z') {
        return Some((body, Some(0)));
    }
    let zone = text.len().checked_sub(6).and_then(|i| text.get(i..));
    if let Some(z) = zone
        && (z.starts_with('+') || z.starts_with('-'))
        && z.as_bytes()[3] == b':'
    {
        let minutes = number(&z[1..3])? * 60 + number(&z[4..6])?;
        let sign = if z.starts_with('-') { -1 } else { 1 };
        return Some((&text[..text.len() - 6], Some(sign * minutes)));
    }
    Some((text, None))
}

fn ymd(date: &str) -> Option<(i128, i128, i128)> {
    let (rest, d) = date.rsplit_once('-')?;
    let (y, m) = rest.rsplit_once('-')?;
    Some((year(y)?, number(m)?, number(d)?))
}

fn year(text: &str) -> Option<i128> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let y = number(digits)?;
    Some(if text.starts_with('-') { -y } else { y })
}

/// Unsigned digits only.
fn number(text: &str) -> Option<i128> {
    if text.is_empty() || text.len() > 30 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `hh:mm:ss(.s+)` in nanoseconds (24:00:00 is the next day's midnight).
fn time_of_day(t: &str) -> Option<i128> {
    let mut parts = t.splitn(3, ':');
    let (h, m, s) = (parts.next()?, parts.next()?, parts.next()?);
    Some((number(h)? * 3_600 + number(m)? * 60) * NANOS_PER_SECOND + seconds(s)?)
}

/// `ss(.s+)` in nanoseconds.
fn seconds(s: &str) -> Option<i128> {
    let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut nanos = 0;
    for (i, b) in fraction.bytes().take(9).enumerate() {
        nanos += i128::from(b - b'0') * 10i128.pow(8 - i as u32);
    }
    Some(number(whole)? * NANOS_PER_SECOND + nanos)
}

fn duration(text: &str) -> Option<Temporal> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text),
    };
    let rest = rest.strip_prefix('P')?;
    let (date, time) = rest.split_once('T').unwrap_or((rest, ""));
    let (date, time) = (components(date)?, components(time)?);
    // `P` and `PT` alone name no component, which XSD requires.
    if (date.is_empty() && time.is_empty()) || (rest.contains('T') && time.is_empty()) {
        return None;
    }
    let (mut months, mut nanos) = (0i128, 0i128);
    for (value, unit) in date {
        match unit {
            'Y' => months += number(value)? * 12,
            'M' => months += number(value)?,
            'D' => nanos += number(value)? * NANOS_PER_DAY,
            _ => return None,
        }
    }
    for (value, unit) in time {
        match unit {
            'H' => nanos += number(value)? * 3_600 * NANOS_PER_SECOND,
            'M' => nanos += number(value)? * 60 * NANOS_PER_SECOND,
            'S' => nanos += seconds(value)?,
            _ => return None,
        }
    }
    let sign = if negative { -1 } else { 1 };
    Some(Temporal::Duration {
        months: sign * months,
        nanos: sign * nanos,
    })
}

/// `1Y2M` as `[("1", 'Y'), ("2", 'M')]`.
fn components(text: &str) -> Option<Vec<(&str, char)>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c.is_ascii_alphabetic() {
            out.push((text.get(start..i).filter(|v| !v.is_empty())?, c));
            start = i + 1;
        }
    }
    (start == text.len()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(xsd: &str, text: &str) -> Temporal {
        Temporal::parse(xsd, text).unwrap_or_else(|| panic!("{xsd} {text}"))
    }

    #[test]
    fn instants_in_the_same_kind_of_zone_are_ordered() {
        assert!(t("date", "2024-02-29") > t("date", "2024-02-28"));
        assert!(t("date", "2000-01-01") < t("date", "10000-01-01"));
        assert!(t("date", "-0044-03-15") < t("date", "0001-01-01"));
        assert_eq!(
            t("dateTime", "2024-05-17T12:00:00+02:00"),
            t("dateTime", "2024-05-17T10:00:00Z")
        );
        assert!(t("dateTime", "2024-05-17T10:00:00.5Z") > t("dateTime", "2024-05-17T10:00:00Z"));
        assert_eq!(
            t("dateTime", "2024-05-17T24:00:00"),
            t("dateTime", "2024-05-18T00:00:00")
        );
        assert!(t("time", "23:59:59") > t("time", "00:00:00"));
        assert!(t("gYear", "2024") > t("gYear", "1999"));
        assert!(t("gYearMonth", "2024-02") < t("gYearMonth", "2024-11"));
        assert!(t("gMonth", "--05") < t("gMonth", "--06--"));
        assert!(t("gMonthDay", "--12-31") > t("gMonthDay", "--01-01"));
        assert!(t("gDay", "---15") < t("gDay", "---16"));
    }

    #[test]
    fn a_zone_on_one_side_only_orders_beyond_fourteen_hours() {
        let zoned = t("dateTime", "2024-05-17T12:00:00Z");
        assert_eq!(
            zoned.partial_cmp(&t("dateTime", "2024-05-17T20:00:00")),
            None
        );
        assert!(zoned < t("dateTime", "2024-05-18T03:00:00"));
        assert!(t("dateTime", "2024-05-16T21:00:00") < zoned);
        assert!(t("date", "2024-05-17") < t("date", "2024-05-19Z"));
    }

    #[test]
    fn durations_order_where_every_month_length_agrees() {
        assert!(t("duration", "P1Y") > t("duration", "P364D"));
        assert!(t("duration", "P1Y") < t("duration", "P367D"));
        assert_eq!(
            t("duration", "P1M").partial_cmp(&t("duration", "P30D")),
            None
        );
        assert!(t("duration", "PT36H") > t("duration", "P1D"));
        assert!(t("duration", "-P1D") < t("duration", "PT0S"));
        assert_eq!(t("duration", "P1Y2M"), t("duration", "P14M"));
        assert!(t("duration", "PT1.5S") > t("duration", "PT1S"));
    }

    #[test]
    fn what_is_not_a_value_is_none() {
        for (xsd, text) in [
            ("date", "2024-13-01"),
            ("date", "yesterday"),
            ("dateTime", "2024-05-17"),
            ("duration", "P1X"),
            ("duration", "PT"),
            ("gDay", "--15"),
            ("decimal", "1"),
        ] {
            assert_eq!(Temporal::parse(xsd, text), None, "{xsd} {text}");
        }
    }
}
