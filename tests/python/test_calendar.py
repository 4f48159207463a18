"""The calendar export through the typed method, its text read back by an
independent parser (the `icalendar` package from PyPI): one all-day event
per expiry and per reminder to come, the UIDs the engine lists, DTSTAMP
from the host's time, and summaries whose commas, semicolons, quotes and
non-ASCII text survive escaping and line folding."""

import datetime

import icalendar
import pytest

import licence
import typed

AT = 1767225600  # 2026-01-01T00:00:00Z
CTX = licence.Context(actor="adm", at=AT)
HOLDER = 'López, Ana; "QA"'
CRANE = "Crane; tower, level 2"
RESCUE = "Höhenrettung und Absturzsicherung für Arbeiten in großer Höhe – Stufe 2"


def make(record_name, **document):
    """The record `record_name` for its document (fields left out take
    their defaults)."""
    return typed.defined(record_name, typed.DEFS[record_name], document)


def day(text):
    return datetime.date.fromisoformat(text)


@pytest.fixture
def tracker():
    tracker = licence.Tracker.in_memory()
    ana = make("Person", id="ana", name=HOLDER, registered_on="2024-01-10")
    tracker.register_person(licence.RegisterPersonInput(ctx=CTX, person=ana))
    for id, name, policy in (
        ("crane", CRANE, {"leads": ["2 weeks", "1 month", "0 days"]}),
        ("rescue", RESCUE, None),
    ):
        licence_type = make("LicenceType", id=id, name=name, kind="licence", validity="3 years",
                            renewal_basis="from_completion", policy=policy)
        tracker.create_licence_type(licence.CreateLicenceTypeInput(ctx=CTX, licence_type=licence_type))
    for id, type_id, expiry in (("c1", "crane", "2026-06-30"), ("r1", "rescue", "2026-09-15")):
        tracker.record_licence(make(
            "RecordLicenceInput", ctx={"actor": "adm", "at": AT},
            licence={"id": id, "holder_id": "ana", "type_id": type_id, "expiry": expiry},
        ))
    return tracker


def calendar(tracker, **document):
    return tracker.calendar(make("CalendarInput", at=AT, today="2026-01-01", **document))


def test_the_document_parses_as_the_events_listed(tracker):
    export = calendar(tracker, person_id="ana")
    parsed = icalendar.Calendar.from_ical(export.ics)
    assert str(parsed["VERSION"]) == "2.0"
    events = parsed.walk("VEVENT")
    want = [
        ("c1/2026-06-30@licence-engine", "2026-06-30"),
        ("c1/2026-06-30/P1M@licence-engine", "2026-05-30"),
        ("c1/2026-06-30/P2W@licence-engine", "2026-06-16"),
        ("r1/2026-09-15@licence-engine", "2026-09-15"),
        ("r1/2026-09-15/P3M@licence-engine", "2026-06-15"),
        ("r1/2026-09-15/P1M@licence-engine", "2026-08-15"),
        ("r1/2026-09-15/P1W@licence-engine", "2026-09-08"),
    ]
    assert [(str(e["UID"]), e.decoded("DTSTART")) for e in events] == [(u, day(d)) for u, d in want]
    assert [e.uid for e in export.events] == [u for u, _ in want]
    assert [(e.date.year, e.date.month, e.date.day) for e in export.events] == [
        tuple(int(p) for p in d.split("-")) for _, d in want
    ]
    for event in events:
        start = event.decoded("DTSTART")
        # All-day: a DATE, not a DATE-TIME, ending the next day.
        assert type(start) is datetime.date
        assert event.decoded("DTEND") == start + datetime.timedelta(days=1)
        assert event.decoded("DTSTAMP") == datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)


def test_summaries_round_trip_through_escaping_and_folding(tracker):
    export = calendar(tracker, person_id="ana")
    summaries = [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(export.ics).walk("VEVENT")]
    assert summaries[0] == f"{CRANE} expires — {HOLDER}"
    assert summaries[1] == f"{CRANE} expires in 1 month (2026-06-30) — {HOLDER}"
    assert summaries[3] == f"{RESCUE} expires — {HOLDER}"
    assert "\\;" in export.ics and "\\," in export.ics
    # The long German summary is folded: no line is much past 75 octets.
    lines = export.ics.split("\r\n")
    assert any(line.startswith(" ") for line in lines)
    assert max(len(line.encode()) for line in lines) <= 76


def test_the_same_records_give_the_same_document(tracker):
    assert calendar(tracker, person_id="ana").ics == calendar(tracker, person_id="ana").ics


def test_a_filter_matching_nothing_is_an_empty_calendar_and_an_unknown_person_is_refused(tracker):
    empty = calendar(tracker, filter={"type_ids": ["forklift"]})
    assert empty.events == []
    assert icalendar.Calendar.from_ical(empty.ics).walk("VEVENT") == []
    with pytest.raises(licence.LicenceError.NotFound):
        calendar(tracker, person_id="nobody")
