//! Licence expiry and reminder dates as an iCalendar document (RFC 5545,
//! SPEC §12): one all-day event per licence expiry and one per reminder
//! date, with UIDs that stay the same from one export to the next, so that
//! a calendar that imports (or subscribes to) the document again updates
//! its events rather than adding them twice.
//!
//! Pure: the entries and the time written as DTSTAMP come from the caller;
//! nothing reads a clock or makes up an identifier. The text is written by
//! the `ics` crate, which folds lines longer than 75 octets (at a UTF-8
//! character boundary, CRLF and a space; a continuation line may reach 76
//! octets with its space, and a fold may fall inside an escape such as
//! `\,`, which RFC 5545 allows since unfolding comes first); every TEXT
//! value (summaries and UIDs) is escaped here with its `escape_text` (`\`,
//! `;`, `,` and line breaks). Unlike the `icalendar` crate, `ics` never
//! falls back to the clock or a random UUID, so the WebAssembly component
//! imports neither.
//!
//! UIDs, unique within one tracker's records:
//! - the expiry of licence `L` on `E`: `L/E@licence-engine`, as in
//!   `l1/2026-05-31@licence-engine`;
//! - the reminder `P` before it: `L/E/P@licence-engine`, `P` the lead as an
//!   ISO 8601 duration (`P3M`, `P1W`, `P30D`, `P1Y`), as in
//!   `l1/2026-05-31/P3M@licence-engine`.
//!
//! An id may contain `/` or `@`; read from the right, a UID is still one
//! licence's (the last part is the lead or the date). A licence whose expiry
//! changes gets new UIDs: the old events are for an expiry that no longer
//! holds.

use std::borrow::Cow;

use chrono::DateTime;
use ics::parameters::Value;
use ics::properties::{DtEnd, DtStart, Summary, Transp};
use ics::{Event, ICalendar, escape_text};
use serde::{Deserialize, Serialize};

use crate::calendar::{Day, Period, PeriodUnit};
use crate::error::{Error, Result};
use crate::model::Timestamp;

/// The PRODID of every document.
pub const PRODID: &str = "-//licence-engine//calendar export//EN";

/// What follows `@` in every UID.
pub const UID_DOMAIN: &str = "licence-engine";

/// One licence's dates to put in a calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEntry {
    /// The licence.
    pub licence_id: String,
    /// Its holder's name.
    pub holder_name: String,
    /// Its type's name.
    pub type_name: String,
    /// Its expiry date.
    pub expiry: Day,
    /// Its reminders: each lead with its trigger date, soonest first.
    pub reminders: Vec<(Period, Day)>,
}

/// One event of a calendar document, for hosts and tests that look at the
/// events without parsing the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CalendarEvent {
    /// Its UID (before escaping).
    pub uid: String,
    /// Its day: the expiry date, or the reminder's trigger date.
    pub date: Day,
    /// The licence.
    pub licence_id: String,
    /// The licence's expiry date.
    pub expiry: Day,
    /// The reminder's lead; absent for the expiry itself.
    #[serde(default)]
    pub lead: Option<Period>,
}

/// A calendar document and its events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// The iCalendar text (CRLF line ends).
    pub text: String,
    /// Its events, in the document's order.
    pub events: Vec<CalendarEvent>,
}

/// A lead as an ISO 8601 duration: `P3M`, `P1W`, `P30D`, `P1Y`.
pub fn lead_token(lead: Period) -> String {
    let unit = match lead.unit {
        PeriodUnit::Days => 'D',
        PeriodUnit::Weeks => 'W',
        PeriodUnit::Months => 'M',
        PeriodUnit::Years => 'Y',
    };
    format!("P{}{unit}", lead.amount)
}

/// The UID of the expiry of `licence_id` on `expiry`, or of its reminder
/// `lead` before it.
pub fn uid(licence_id: &str, expiry: Day, lead: Option<Period>) -> String {
    match lead {
        None => format!("{licence_id}/{expiry}@{UID_DOMAIN}"),
        Some(lead) => format!("{licence_id}/{expiry}/{}@{UID_DOMAIN}", lead_token(lead)),
    }
}

/// A date as an iCalendar DATE: `20260531`.
fn date_value(day: Day) -> String {
    let (y, m, d) = day.ymd();
    format!("{y:04}{m:02}{d:02}")
}

/// `at` as an iCalendar UTC DATE-TIME (`20260101T000000Z`), or an
/// invalid-input error naming `field` when it falls outside years 1–9999.
pub fn stamp_value(field: &str, at: Timestamp) -> Result<String> {
    DateTime::from_timestamp(at, 0)
        .filter(|t| (Day::first().number()..=Day::last().number()).contains(&day_number(*t)))
        .map(|t| t.format("%Y%m%dT%H%M%SZ").to_string())
        .ok_or_else(|| {
            Error::invalid(
                field,
                format!("`{at}` is not a time in the years 0001–9999"),
            )
        })
}

fn day_number(t: DateTime<chrono::Utc>) -> i32 {
    i32::try_from(t.timestamp().div_euclid(86_400)).unwrap_or(i32::MAX)
}

/// The summary of an entry's expiry: `First aid expires — Ana López`.
fn expiry_summary(entry: &CalendarEntry) -> String {
    format!("{} expires — {}", entry.type_name, entry.holder_name)
}

/// The summary of a reminder: `First aid expires in 3 months (2026-05-31)
/// — Ana López`.
fn reminder_summary(entry: &CalendarEntry, lead: Period) -> String {
    format!(
        "{} expires in {lead} ({}) — {}",
        entry.type_name, entry.expiry, entry.holder_name
    )
}

/// One all-day event on `day`: DTSTART;VALUE=DATE and DTEND the next day
/// (left out for 9999-12-31, whose next day no date holds: an event with a
/// DATE start and no end lasts that one day, RFC 5545 §3.6.1).
fn all_day<'a>(uid: &str, stamp: &str, day: Day, summary: &str) -> Event<'a> {
    let mut event = Event::new(escaped(uid), stamp.to_owned());
    let mut start = DtStart::new(date_value(day));
    start.add(Value::DATE);
    event.push(start);
    if let Some(next) = day.plus_days(1).supported() {
        let mut end = DtEnd::new(date_value(next));
        end.add(Value::DATE);
        event.push(end);
    }
    event.push(Summary::new(escaped(summary)));
    // Shown as free time: a reminder blocks nobody's diary.
    event.push(Transp::transparent());
    event
}

fn escaped(text: &str) -> String {
    match escape_text(text) {
        Cow::Borrowed(text) => text.to_owned(),
        Cow::Owned(text) => text,
    }
}

/// The calendar of `entries`, stamped with `at` (host time, seconds since
/// 1970-01-01 UTC; outside years 1–9999 an invalid-input error for `at`):
/// for each entry in order, its expiry's event, then one event per
/// reminder.
pub fn render(entries: &[CalendarEntry], at: Timestamp) -> Result<Calendar> {
    let stamp = stamp_value("at", at)?;
    let mut calendar = ICalendar::new("2.0", PRODID);
    calendar.push(ics::properties::CalScale::new("GREGORIAN"));
    calendar.push(ics::properties::Method::new("PUBLISH"));
    let mut events = Vec::new();
    for entry in entries {
        let mut add = |date: Day, lead: Option<Period>, summary: String| {
            let uid = uid(&entry.licence_id, entry.expiry, lead);
            calendar.add_event(all_day(&uid, &stamp, date, &summary));
            events.push(CalendarEvent {
                uid,
                date,
                licence_id: entry.licence_id.clone(),
                expiry: entry.expiry,
                lead,
            });
        };
        add(entry.expiry, None, expiry_summary(entry));
        for &(lead, trigger) in &entry.reminders {
            add(trigger, Some(lead), reminder_summary(entry, lead));
        }
    }
    Ok(Calendar {
        text: calendar.to_string(),
        events,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::day;

    fn months(n: u16) -> Period {
        Period {
            amount: n,
            unit: PeriodUnit::Months,
        }
    }

    fn entry(id: &str, holder: &str, type_name: &str, expiry: &str) -> CalendarEntry {
        CalendarEntry {
            licence_id: id.into(),
            holder_name: holder.into(),
            type_name: type_name.into(),
            expiry: day(expiry),
            reminders: Vec::new(),
        }
    }

    /// 2026-01-01T00:00:00Z.
    const AT: Timestamp = 1_767_225_600;

    #[test]
    fn one_licence_with_a_reminder_is_a_whole_document() {
        let ana = CalendarEntry {
            reminders: vec![(months(3), day("2026-02-28"))],
            ..entry("l1", "Ana López", "First aid", "2026-05-31")
        };
        let calendar = render(&[ana], AT).unwrap();
        let want = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//licence-engine//calendar export//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            "UID:l1/2026-05-31@licence-engine",
            "DTSTAMP:20260101T000000Z",
            "DTSTART;VALUE=DATE:20260531",
            "DTEND;VALUE=DATE:20260601",
            "SUMMARY:First aid expires — Ana López",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:l1/2026-05-31/P3M@licence-engine",
            "DTSTAMP:20260101T000000Z",
            "DTSTART;VALUE=DATE:20260228",
            "DTEND;VALUE=DATE:20260301",
            "SUMMARY:First aid expires in 3 months (2026-05-31) — Ana López",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
        .join("\r\n");
        assert_eq!(calendar.text, want);
        let uids: Vec<_> = calendar.events.iter().map(|e| e.uid.as_str()).collect();
        assert_eq!(
            uids,
            [
                "l1/2026-05-31@licence-engine",
                "l1/2026-05-31/P3M@licence-engine"
            ]
        );
        assert_eq!(calendar.events[1].date, day("2026-02-28"));
        assert_eq!(calendar.events[1].lead, Some(months(3)));
    }

    #[test]
    fn the_same_entries_give_the_same_document() {
        let entries = [entry("l1", "Ana", "Forklift", "2027-01-31")];
        assert_eq!(render(&entries, AT).unwrap(), render(&entries, AT).unwrap());
    }

    #[test]
    fn text_is_escaped() {
        let hostile = entry(
            "a,b;c",
            "Smith, John; \"Jr\"\nline\\two",
            "Type",
            "2026-05-31",
        );
        let text = render(&[hostile], AT).unwrap().text;
        assert!(text.contains("\r\nUID:a\\,b\\;c/2026-05-31@licence-engine\r\n"));
        assert!(
            text.contains("\r\nSUMMARY:Type expires — Smith\\, John\\; \"Jr\"\\nline\\\\two\r\n"),
            "{text}"
        );
        // No bare line break inside a property: every line ends in CRLF.
        assert!(!text.replace("\r\n", "").contains(['\r', '\n']));
    }

    #[test]
    fn long_lines_fold_at_character_boundaries() {
        let name = "Ñandú Ólafsdóttir-Łukasiewicz ".repeat(6);
        let long = entry("l1", name.trim(), "Höhenrettung Stufe 2", "2026-05-31");
        let text = render(&[long], AT).unwrap().text;
        let lines: Vec<&str> = text.split("\r\n").collect();
        let at = lines
            .iter()
            .position(|l| l.starts_with("SUMMARY:"))
            .unwrap();
        assert!(lines[at + 1].starts_with(' '), "the summary is folded");
        for line in &lines {
            // The crate folds after 75 octets of content; a continuation
            // line carries its leading space on top.
            assert!(line.len() <= 76, "{} octets: {line}", line.len());
        }
        // Unfolded (CRLF and one space removed), the summary is whole.
        let unfolded = text.replace("\r\n ", "");
        let want = format!(
            "\r\nSUMMARY:Höhenrettung Stufe 2 expires — {}\r\n",
            name.trim()
        );
        assert!(unfolded.contains(&want));
    }

    #[test]
    fn the_last_day_has_no_end() {
        let last = entry("l1", "Ana", "Forklift", "9999-12-31");
        let text = render(&[last], AT).unwrap().text;
        assert!(text.contains("\r\nDTSTART;VALUE=DATE:99991231\r\n"));
        assert!(!text.contains("DTEND"));
    }

    #[test]
    fn no_entries_is_an_empty_calendar() {
        let calendar = render(&[], AT).unwrap();
        assert!(calendar.events.is_empty());
        assert!(calendar.text.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(calendar.text.ends_with("END:VCALENDAR\r\n"));
        assert!(!calendar.text.contains("VEVENT"));
    }

    #[test]
    fn leads_are_iso_durations() {
        let period = |amount, unit| Period { amount, unit };
        assert_eq!(lead_token(period(3, PeriodUnit::Months)), "P3M");
        assert_eq!(lead_token(period(1, PeriodUnit::Weeks)), "P1W");
        assert_eq!(lead_token(period(30, PeriodUnit::Days)), "P30D");
        assert_eq!(lead_token(period(1, PeriodUnit::Years)), "P1Y");
    }

    #[test]
    fn stamps_outside_years_1_to_9999_are_refused() {
        assert_eq!(stamp_value("at", 0).unwrap(), "19700101T000000Z");
        assert_eq!(stamp_value("at", -1).unwrap(), "19691231T235959Z");
        assert_eq!(
            stamp_value("at", 253_402_300_799).unwrap(),
            "99991231T235959Z"
        );
        for at in [253_402_300_800, -62_135_596_801, i64::MAX, i64::MIN] {
            let error = stamp_value("at", at).unwrap_err();
            assert_eq!(error.kind(), crate::ErrorKind::InvalidInput, "{at}");
        }
    }
}
