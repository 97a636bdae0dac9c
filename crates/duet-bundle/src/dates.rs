//! Dates in front matter: a TOML date or a `"YYYY-MM-DD"` string, checked to be a
//! real calendar day.

use duet_core::format::Date;

/// Reads a front matter date value; the error says what is wrong with it.
pub fn parse_date(value: &toml::Value) -> Result<Date, String> {
    match value {
        toml::Value::Datetime(datetime) => match datetime.date {
            Some(date) => {
                let text = format!("{:04}-{:02}-{:02}", date.year, date.month, date.day);
                Date::parse(&text).ok_or_else(|| format!("{text} is not a real calendar date"))
            }
            None => Err(format!("{datetime} has no year-month-day part")),
        },
        toml::Value::String(text) => parse_date_text(text),
        other => Err(format!("expected a date, found a {}", other.type_str())),
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

    fn value(toml_text: &str) -> toml::Value {
        let table: toml::Table = toml::from_str(toml_text).unwrap();
        table["d"].clone()
    }

    #[test]
    fn accepts_toml_dates_and_strings() {
        let date = parse_date(&value("d = 2026-11-24")).unwrap();
        assert_eq!(format_date(date), "2026-11-24");
        let date = parse_date(&value("d = \"2026-01-05\"")).unwrap();
        assert_eq!(format_date(date), "2026-01-05");
        let date = parse_date(&value("d = 2026-11-24T08:00:00Z")).unwrap();
        assert_eq!(format_date(date), "2026-11-24");
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
        assert!(parse_date(&value("d = 3")).unwrap_err().contains("integer"));
    }
}
