//! Dates in front matter: a TOML date or datetime, or a string (`2024-05-01`, RFC 3339
//! `2024-05-01T08:00:00+08:00`, Hugo's `2024-05-01 08:00:00 +0800`), checked to be a
//! real calendar day. The day is the one written: a time zone never moves it, since
//! the author's own calendar day is what readers of the article expect.

use duet_core::format::Date;

/// Reads a front matter date value (TOML dates arrive as their text); `Ok(None)` for
/// an empty value. The error says what is wrong with it.
pub fn parse_date(value: &serde_json::Value) -> Result<Option<Date>, String> {
    match value {
        serde_json::Value::String(text) if text.trim().is_empty() => Ok(None),
        serde_json::Value::String(text) => parse_date_text(text.trim()).map(Some),
        serde_json::Value::Null => Ok(None),
        other => Err(format!(
            "expected a date, found {}",
            crate::front_value::describe(other)
        )),
    }
}

fn parse_date_text(text: &str) -> Result<Date, String> {
    let well_formed =
        text.len() == 10 || (text.len() > 10 && matches!(text.as_bytes()[10], b'T' | b't' | b' '));
    let shaped = |text: &str| {
        text.bytes()
            .take(10)
            .enumerate()
            .all(|(index, byte)| match index {
                4 | 7 => byte == b'-',
                _ => byte.is_ascii_digit(),
            })
    };
    if !well_formed || !shaped(text) {
        return Err(format!("\"{text}\" is not a date in the form YYYY-MM-DD"));
    }
    Date::parse(text).ok_or_else(|| format!("\"{text}\" is not a real calendar date"))
}

/// A real date starting `name` and followed by `-` or `_` (Zola's dated file and
/// folder names: `2025-10-20-live-a-little`), with the rest of the name.
pub fn date_prefix(name: &str) -> Option<(Date, &str)> {
    let (date, rest) = (name.get(..10)?, name.get(10..)?);
    let rest = rest.strip_prefix(['-', '_'])?;
    let shaped = date.bytes().enumerate().all(|(index, byte)| match index {
        4 | 7 => byte == b'-',
        _ => byte.is_ascii_digit(),
    });
    Some((Date::parse(date).filter(|_| shaped)?, rest))
}

/// `YYYY-MM-DD`, the form dates take in the bundle.
pub fn format_date(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year, date.month, date.day)
}

/// The date `days` days after 1970-01-01 (the inverse of `Date::days_since_epoch`).
pub fn from_days(days: i64) -> Date {
    // Howard Hinnant's civil_from_days algorithm.
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    Date {
        year: i32::try_from(year).expect("year in range"),
        month: u32::try_from(month).expect("month in range"),
        day: u32::try_from(day).expect("day in range"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value as the front matter reader sees it (TOML dates as their text).
    fn value(toml_text: &str) -> serde_json::Value {
        let file = crate::source::SourceFile::new(std::path::Path::new("x.md"), toml_text.into());
        let mut diagnostics = crate::diagnostics::Diagnostics::default();
        let table = crate::front_value::from_toml(&file, toml_text, 0, &mut diagnostics).unwrap();
        table["d"].clone()
    }

    fn day(toml_text: &str) -> String {
        format_date(parse_date(&value(toml_text)).unwrap().unwrap())
    }

    #[test]
    fn accepts_toml_dates_and_strings() {
        assert_eq!(day("d = 2026-11-24"), "2026-11-24");
        assert_eq!(day("d = \"2026-01-05\""), "2026-01-05");
        assert_eq!(day("d = 2026-11-24T08:00:00Z"), "2026-11-24");
        assert_eq!(day("d = 2026-11-24T23:30:00-05:00"), "2026-11-24");
        assert_eq!(day("d = \"2026-11-24T23:30:00+08:00\""), "2026-11-24");
        assert_eq!(day("d = \"2026-11-24 08:00:00 +0800\""), "2026-11-24");
        assert_eq!(parse_date(&value("d = \"\"")), Ok(None));
    }

    #[test]
    fn dates_that_start_names() {
        let (date, rest) = date_prefix("2025-10-20-live-a-little").unwrap();
        assert_eq!(
            (format_date(date).as_str(), rest),
            ("2025-10-20", "live-a-little")
        );
        assert!(date_prefix("2025-13-20-x").is_none());
        assert!(date_prefix("2025-10-20").is_none());
        assert!(date_prefix("ch01-01-installation").is_none());
    }

    #[test]
    fn days_round_trip() {
        for days in [-1, 0, 11_017, 19_000, 20_000, 20_513] {
            assert_eq!(from_days(days).days_since_epoch(), days);
        }
        assert_eq!(format_date(from_days(0)), "1970-01-01");
        assert_eq!(format_date(from_days(11_016)), "2000-02-29");
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        assert!(parse_date(&value("d = \"2026-02-30\""))
            .unwrap_err()
            .contains("not a real calendar date"));
        assert!(parse_date(&value("d = \"2026/02/03\""))
            .unwrap_err()
            .contains("YYYY-MM-DD"));
        assert!(parse_date(&value("d = \"2026-02-03x\"")).is_err());
        assert!(parse_date(&value("d = 08:00:00")).is_err());
        assert!(parse_date(&value("d = 3")).unwrap_err().contains("number"));
    }
}
