"""A holder's phone: licences kept in a database file, shown offline with
their status, reminders due, and everything still there after reopening.
Every call is a typed method with its generated records. The same scenario
runs on a PostgreSQL organisation opened by URL when LICENCE_TEST_POSTGRES
names a server (`make test-postgres`); without it those runs are skipped."""

import array
import itertools
import os

import pytest

import licence
import typed
from licence import Date, LicenceKind, Owner, Period, PeriodUnit, RenewalBasis, Status

TODAY = Date(year=2026, month=2, day=1)
CTX = licence.Context(actor="ana", at=1769904000)
PHOTO = b"\xff\xd8 card photo"
PHOTO_SHA256 = "c18273c633e16b98b365c130baff35b72e20096df078c450c5688027893b63b6"
MY_LICENCES = [("l3", Status.EXPIRED, -22), ("l1", Status.EXPIRING, 42), ("l2", Status.ACTIVE, 880)]


def date(text):
    year, month, day = (int(p) for p in text.split("-"))
    return Date(year=year, month=month, day=day)


def years(amount):
    return Period(amount=amount, unit=PeriodUnit.YEARS)


def licence_type(id, name, kind, validity=None):
    return licence.LicenceType(
        id=id, name=name, kind=kind, validity=validity, renewal_basis=RenewalBasis.FROM_COMPLETION,
        grace_days=0, policy=None, requires_approval=False,
    )


def held(id, type_id, acquired=None, expiry=None, reference=None, renews=None):
    return licence.Licence(
        id=id, holder_id="ana", type_id=type_id, reference=reference, issuer=None,
        acquired=acquired and date(acquired), expiry=expiry and date(expiry), notes="",
        owner=Owner.CANDIDATE(), renews=renews, superseded_by=None,
    )


def record(tracker, licence_record, new_type=None):
    return tracker.record_licence(licence.RecordLicenceInput(ctx=CTX, licence=licence_record, new_type=new_type))


def mine(tracker):
    return tracker.licences_of(licence.LicencesOfInput(holder_id="ana", today=TODAY)).licences


def my_licences(tracker):
    return [(h.record.licence.id, h.status, h.days_left) for h in mine(tracker)]


def due(tracker):
    return tracker.due_reminders(licence.RemindersDueInput(today=TODAY)).reminders


SERVER = os.environ.get("LICENCE_TEST_POSTGRES")
SCHEMAS = itertools.count(1)


@pytest.fixture(params=["sqlite", "postgresql"])
def path(request, tmp_path):
    """A database with Ana's three licences and a photo of her card: a
    SQLite file, or a fresh organisation (schema) in PostgreSQL."""
    if request.param == "sqlite":
        db = str(tmp_path / "licences.db")
    elif SERVER:
        db = f"{SERVER}?schema=phone_{os.getpid()}_{next(SCHEMAS)}"
    else:
        pytest.skip("needs PostgreSQL: `make test-postgres` sets LICENCE_TEST_POSTGRES")
    tracker = licence.Tracker.open(db)
    person = licence.Person(id="ana", name="Ana López", registered_on=date("2025-01-06"),
                            email="ana@example.org", location=None, department=None, roles=[], positions=[], active=True)
    assert tracker.register_person(licence.RegisterPersonInput(ctx=CTX, person=person)).seats == []
    for licence_type_ in (
        licence_type("forklift", "Forklift licence", LicenceKind.LICENCE, years(3)),
        licence_type("induction", "Site induction", LicenceKind.INDUCTION),
    ):
        tracker.create_licence_type(licence.CreateLicenceTypeInput(ctx=CTX, licence_type=licence_type_))
    record(tracker, held("l1", "forklift", "2023-03-15", "2026-03-15", reference="FL-1"))
    first_aid = record(
        tracker, held("l2", "first-aid", acquired="2025-06-30"),
        licence_type("first-aid", "First aid", LicenceKind.CERTIFICATION, years(3)),
    )
    assert first_aid.licence.expiry == date("2028-06-30")
    assert first_aid.created_at == CTX.at
    record(tracker, held("l3", "induction", expiry="2026-01-10"))
    attachment = tracker.add_attachment(licence.AddAttachmentInput(
        ctx=CTX, id="a1", licence_id="l1", file_name="card.jpg", media_type="image/jpeg", content=PHOTO,
    ))
    assert (attachment.size, attachment.sha256) == (13, PHOTO_SHA256)
    return db


def test_my_licences_with_status_and_days_left(path):
    tracker = licence.Tracker.open(path)
    assert my_licences(tracker) == MY_LICENCES
    assert [h.type_name for h in mine(tracker)] == ["Site induction", "Forklift licence", "First aid"]


def test_reminders_due_and_acknowledged_once(path):
    tracker = licence.Tracker.open(path)
    reminders = due(tracker)
    three_months = Period(amount=3, unit=PeriodUnit.MONTHS)
    assert [(r.licence_id, r.trigger, r.lead, r.occurrence, r.skipped) for r in reminders] == [
        ("l3", date("2026-01-31"), None, 3, 2),
        ("l1", date("2025-12-15"), three_months, 0, 0),
    ]
    assert reminders[1].recipients == ["ana@example.org"]
    sent = licence.AcknowledgeInput(ctx=CTX, licence_id="l1", expiry=reminders[1].expiry,
                                    trigger=reminders[1].trigger)
    tracker.acknowledge(sent)
    tracker.acknowledge(sent)
    assert [r.licence_id for r in due(tracker)] == ["l3"]
    digests = tracker.digests(licence.ReminderDigestsInput(today=TODAY)).digests
    assert [d.recipient for d in digests] == ["ana@example.org"]
    reopened = licence.Tracker.open(path)
    assert [r.licence_id for r in due(reopened)] == ["l3"]


def test_reopened_file_keeps_everything(path):
    tracker = licence.Tracker.open(path)
    assert my_licences(tracker) == MY_LICENCES
    stored = tracker.attachment(licence.AttachmentInput(id="a1"))
    assert (stored.attachment.file_name, stored.content) == ("card.jpg", PHOTO)
    listed = tracker.attachments(licence.AttachmentsInput(licence_id="l1")).attachments
    assert [a.id for a in listed] == ["a1"]


def test_renew_and_delete(path):
    tracker = licence.Tracker.open(path)
    renewed = record(tracker, held("l4", "induction", "2026-02-01", "2027-01-10", renews="l3"))
    assert renewed.licence.renews == "l3"
    assert tracker.licence(licence.LicenceInput(id="l3")).licence.superseded_by == "l4"
    assert my_licences(tracker) == [
        ("l1", Status.EXPIRING, 42), ("l4", Status.ACTIVE, 343), ("l2", Status.ACTIVE, 880),
    ]
    tracker.delete_licence(licence.DeleteLicenceInput(ctx=CTX, id="l2", on=TODAY))
    assert [row[0] for row in my_licences(tracker)] == ["l1", "l4"]
    assert tracker.licence(licence.LicenceInput(id="l2")).deleted_on == TODAY
    counts = tracker.status_counts(typed.defined("StatusCountsInput", typed.DEFS["StatusCountsInput"],
                                                 {"today": "2026-02-01"}))
    assert (counts.active, counts.expiring, counts.expired) == (1, 1, 0)
    assert tracker.execute("status_counts", '{"today": "2026-02-01"}') == (
        '{"active":1,"expired":0,"expiring":1}'
    )


def test_errors_carry_the_engines_kind_fields_and_message(path):
    tracker = licence.Tracker.open(path)
    with pytest.raises(licence.LicenceError.NotFound) as missing:
        tracker.person(licence.PersonInput(id="bob"))
    assert (missing.value.kind, missing.value.id) == (licence.RecordKind.PERSON, "bob")
    assert missing.value.message() == "person `bob` not found"
    assert (missing.value.kind_name(), missing.value.code()) == ("not_found", 1)
    with pytest.raises(licence.LicenceError.InvalidInput) as bad:
        record(tracker, held("l9", "forklift", expiry="2026-02-30"))
    # The same refusal as through the JSON door and the component.
    assert bad.value.field == "input"
    assert "`2026-02-30` is not a calendar date" in bad.value.message()
    with pytest.raises(licence.LicenceError.AlreadyExists) as twice:
        record(tracker, held("l1", "forklift", expiry="2027-01-01"))
    assert twice.value.code() == 2
    with pytest.raises(licence.LicenceError.LimitExceeded) as big:
        tracker.add_attachment(licence.AddAttachmentInput(
            ctx=CTX, id="a2", licence_id="l1", file_name="scan.pdf", media_type="application/pdf",
            content=bytes(10 * 1024 * 1024 + 1),
        ))
    assert big.value.limit == 10 * 1024 * 1024
    assert my_licences(tracker) == MY_LICENCES


def test_pure_rules_are_typed_too():
    rules = licence.Rules()
    answer = rules.trigger_date(typed.defined("TriggerDateInput", typed.DEFS["TriggerDateInput"],
                                              {"expiry": "2026-03-15", "lead": "1 month"}))
    assert typed.document(answer) == {"trigger": "2026-02-15"}


def test_batch_statuses_and_day_numbers():
    today = licence.day_number("2026-02-01")
    assert today == 20485
    assert licence.date_of(today) == "2026-02-01"
    statuses = licence.expiry_statuses([today, today + 90, today + 91, today - 1, -(2**31)], today, 90)
    assert statuses == [Status.EXPIRING, Status.EXPIRING, Status.ACTIVE, Status.EXPIRED, Status.ACTIVE]
    packed = array.array("i", [today - 1, today + 91, -(2**31)]).tobytes()
    assert licence.expiry_statuses_packed(packed, today, 90) == [Status.EXPIRED, Status.ACTIVE, Status.ACTIVE]
    with pytest.raises(licence.LicenceError.InvalidInput) as odd:
        licence.expiry_statuses_packed(bytes(6), today, 90)
    assert odd.value.field == "expiries"
    with pytest.raises(licence.LicenceError.InvalidInput) as outside:
        licence.expiry_statuses([today, 3_000_000], today, 90)
    assert outside.value.field == "expiries[1]"
    with pytest.raises(licence.LicenceError.InvalidInput) as wide:
        licence.expiry_statuses([today], today, 5000)
    assert wide.value.field == "window_days"
    with pytest.raises(licence.LicenceError.InvalidInput):
        licence.execute("no_such_op", "{}")
    assert "status" in licence.rule_operations()
    assert "licences_of" in licence.tracker_operations()
