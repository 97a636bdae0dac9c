//! Pure formatting of dates, relative times, view counts and reading times in
//! either interface language. Kept here, not in the app, so it is tested natively.

use crate::lang::Lang;

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD`, also the date part of an RFC 3339 timestamp; `None` when
    /// the text is not a real calendar date.
    pub fn parse(text: &str) -> Option<Date> {
        let date_part = text.get(..10)?;
        let mut parts = date_part.split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u32 = parts.next()?.parse().ok()?;
        let day: u32 = parts.next()?.parse().ok()?;
        if date_part.len() != 10 || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil algorithm.
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month = i64::from(self.month);
        let day_of_year =
            (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The month's full English name, `November`.
    pub fn month_name(month: u32) -> &'static str {
        const NAMES: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        NAMES[(month.clamp(1, 12) - 1) as usize]
    }

    /// The date in the reader's language: `Nov 24, 2026` or `2026年11月24日`.
    pub fn display(self, lang: Lang) -> String {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        match lang {
            Lang::Zh => format!("{}年{}月{}日", self.year, self.month, self.day),
            Lang::En => format!(
                "{} {}, {}",
                MONTHS[self.month as usize - 1],
                self.day,
                self.year
            ),
        }
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// How long ago `then` was, seen on `today`: "3 days ago" / "3天前". Dates in the
/// future (a clock set wrong) read as "today" rather than a negative age.
pub fn relative_date(then: Date, today: Date, lang: Lang) -> String {
    let days = (today.days_since_epoch() - then.days_since_epoch()).max(0);
    let (count, unit_en, unit_zh) = match days {
        0 => return pick(lang, "today", "今天").to_string(),
        1 => return pick(lang, "yesterday", "昨天").to_string(),
        2..=6 => (days, "day", "天"),
        7..=29 => (days / 7, "week", "周"),
        30..=364 => (days / 30, "month", "个月"),
        _ => (days / 365, "year", "年"),
    };
    match lang {
        Lang::Zh => format!("{count}{unit_zh}前"),
        Lang::En if count == 1 => format!("1 {unit_en} ago"),
        Lang::En => format!("{count} {unit_en}s ago"),
    }
}

/// A view count the way news sites print it: "3.4k views" / "3.4千次阅读".
pub fn views(count: u64, lang: Lang) -> String {
    match lang {
        Lang::En => match count {
            1 => "1 view".to_string(),
            0..=999 => format!("{count} views"),
            1_000..=999_999 => format!("{}k views", one_decimal(count, 1_000)),
            1_000_000..=999_999_999 => format!("{}M views", one_decimal(count, 1_000_000)),
            _ => format!("{}B views", one_decimal(count, 1_000_000_000)),
        },
        Lang::Zh => match count {
            0..=999 => format!("{count}次阅读"),
            1_000..=9_999 => format!("{}千次阅读", one_decimal(count, 1_000)),
            10_000..=99_999_999 => format!("{}万次阅读", one_decimal(count, 10_000)),
            _ => format!("{}亿次阅读", one_decimal(count, 100_000_000)),
        },
    }
}

/// `count / unit` rounded down to one decimal, without a trailing `.0`. Rounding down
/// keeps 999,999 from printing as "1000.0k".
fn one_decimal(count: u64, unit: u64) -> String {
    // `count * 10` would overflow near u64::MAX; the remainder times ten cannot.
    let tenths = count / unit * 10 + count % unit * 10 / unit;
    if tenths.is_multiple_of(10) {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// "5 min read" / "约5分钟读完".
pub fn reading_time(minutes: u32, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{minutes} min read"),
        Lang::Zh => format!("约{minutes}分钟读完"),
    }
}

fn pick(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards issue 16 finding 9: `views = 9223372036854775807` printed
    /// "1844674407370.9M views" (the tenths overflowed and wrapped).
    #[test]
    fn huge_view_counts_do_not_wrap() {
        assert_eq!(
            views(9_223_372_036_854_775_807, Lang::En),
            "9223372036.8B views"
        );
        assert_eq!(views(u64::MAX, Lang::Zh), "184467440737亿次阅读");
        assert_eq!(views(1_500_000_000, Lang::En), "1.5B views");
        assert_eq!(views(999_999_999, Lang::En), "999.9M views");
    }

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn parses_only_real_dates() {
        assert_eq!(date("2026-02-28").day, 28);
        assert!(Date::parse("2026-02-29").is_none());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2026-13-01").is_none());
        assert!(Date::parse("2026-1-01").is_none());
        assert!(Date::parse("yesterday").is_none());
        assert_eq!(date("2026-11-24T08:00:00Z"), date("2026-11-24"));
    }

    #[test]
    fn epoch_days_match_known_values() {
        assert_eq!(date("1970-01-01").days_since_epoch(), 0);
        assert_eq!(date("2000-03-01").days_since_epoch(), 11_017);
        assert_eq!(date("1969-12-31").days_since_epoch(), -1);
    }

    #[test]
    fn relative_dates_in_both_languages() {
        let today = date("2026-11-24");
        assert_eq!(
            relative_date(date("2026-11-21"), today, Lang::En),
            "3 days ago"
        );
        assert_eq!(relative_date(date("2026-11-21"), today, Lang::Zh), "3天前");
        assert_eq!(
            relative_date(date("2026-11-23"), today, Lang::En),
            "yesterday"
        );
        assert_eq!(
            relative_date(date("2026-11-10"), today, Lang::En),
            "2 weeks ago"
        );
        assert_eq!(
            relative_date(date("2026-10-20"), today, Lang::En),
            "1 month ago"
        );
        assert_eq!(relative_date(date("2024-11-01"), today, Lang::Zh), "2年前");
        assert_eq!(relative_date(date("2027-01-01"), today, Lang::En), "today");
    }

    #[test]
    fn view_counts_are_abbreviated() {
        assert_eq!(views(3_412, Lang::En), "3.4k views");
        assert_eq!(views(3_412, Lang::Zh), "3.4千次阅读");
        assert_eq!(views(1, Lang::En), "1 view");
        assert_eq!(views(999_999, Lang::En), "999.9k views");
        assert_eq!(views(25_000, Lang::Zh), "2.5万次阅读");
        assert_eq!(views(2_000_000, Lang::En), "2M views");
    }

    #[test]
    fn dates_display_per_language() {
        assert_eq!(date("2026-11-04").display(Lang::En), "Nov 4, 2026");
        assert_eq!(date("2026-11-04").display(Lang::Zh), "2026年11月4日");
    }
}
