"""A holder's phone: licences kept in a database file, shown offline with
their status, reminders due, and everything still there after reopening."""

import array

import pytest

import licence
from licence import Licence, LicenceKind, LicenceType, Owner, RenewalBasis, Status

TODAY = "2026-02-01"
CTX = licence.Context(actor="ana", at=1769904000)
PHOTO = b"\xff\xd8 card photo"
PHOTO_SHA256 = "c18273c633e16b98b365c130baff35b72e20096df078c450c5688027893b63b6"
MY_LICENCES = [("l3", Status.EXPIRED, -22), ("l1", Status.EXPIRING, 42), ("l2", Status.ACTIVE, 880)]


def licence_type(id, name, kind, validity=None):
    return LicenceType(
        id=id, name=name, kind=kind, validity=validity, renewal_basis=RenewalBasis.FROM_COMPLETION
    )


def held(id, type_id, acquired=None, expiry=None, **fields):
    return Licence(
        id=id, holder_id="ana", type_id=type_id, acquired=acquired, expiry=expiry,
        owner=Owner.CANDIDATE(), **fields,
    )


def my_licences(tracker):
    return [(h.licence.id, h.status, h.days_left) for h in tracker.licences_of("ana", TODAY)]


@pytest.fixture
def path(tmp_path):
    """A database file with Ana's three licences and a photo of her card."""
    db = str(tmp_path / "licences.db")
    tracker = licence.Tracker.open(db)
    person = licence.Person(id="ana", name="Ana López", registered_on="2025-01-06", email="ana@example.org")
    assert tracker.register_person(CTX, person) == []
    tracker.create_licence_type(CTX, licence_type("forklift", "Forklift licence", LicenceKind.LICENCE, "3 years"))
    tracker.create_licence_type(CTX, licence_type("induction", "Site induction", LicenceKind.INDUCTION))
    tracker.record_licence(CTX, held("l1", "forklift", "2023-03-15", "2026-03-15", reference="FL-1"), None)
    first_aid = tracker.record_licence(
        CTX, held("l2", "first-aid", acquired="2025-06-30"),
        licence_type("first-aid", "First aid", LicenceKind.CERTIFICATION, "3 years"),
    )
    assert first_aid.licence.expiry == "2028-06-30"
    assert first_aid.created_at == CTX.at
    tracker.record_licence(CTX, held("l3", "induction", expiry="2026-01-10"), None)
    attachment = tracker.add_attachment(CTX, "a1", "l1", "card.jpg", "image/jpeg", PHOTO)
    assert (attachment.size, attachment.sha256) == (13, PHOTO_SHA256)
    return db


def test_my_licences_with_status_and_days_left(path):
    tracker = licence.Tracker.open(path)
    assert my_licences(tracker) == MY_LICENCES
    assert [h.type_name for h in tracker.licences_of("ana", TODAY)] == [
        "Site induction", "Forklift licence", "First aid",
    ]


def test_reminders_due_and_acknowledged_once(path):
    tracker = licence.Tracker.open(path)
    due = tracker.due_reminders(TODAY)
    assert [(r.licence_id, r.trigger, r.lead, r.occurrence, r.skipped) for r in due] == [
        ("l3", "2026-01-31", None, 3, 2),
        ("l1", "2025-12-15", "3 months", 0, 0),
    ]
    assert due[1].recipients == ["ana@example.org"]
    tracker.acknowledge(CTX, due[1])
    tracker.acknowledge(CTX, due[1])
    assert [r.licence_id for r in tracker.due_reminders(TODAY)] == ["l3"]
    assert [d.recipient for d in tracker.digests(TODAY)] == ["ana@example.org"]
    reopened = licence.Tracker.open(path)
    assert [r.licence_id for r in reopened.due_reminders(TODAY)] == ["l3"]


def test_reopened_file_keeps_everything(path):
    tracker = licence.Tracker.open(path)
    assert my_licences(tracker) == MY_LICENCES
    stored = tracker.attachment("a1")
    assert (stored.attachment.file_name, stored.content) == ("card.jpg", PHOTO)
    assert [a.id for a in tracker.attachments("l1")] == ["a1"]


def test_renew_and_delete(path):
    tracker = licence.Tracker.open(path)
    renewed = tracker.renew_licence(CTX, "l3", held("l4", "induction", "2026-02-01", "2027-01-10"))
    assert renewed.licence.renews == "l3"
    assert tracker.licence("l3").licence.superseded_by == "l4"
    assert my_licences(tracker) == [
        ("l1", Status.EXPIRING, 42), ("l4", Status.ACTIVE, 343), ("l2", Status.ACTIVE, 880),
    ]
    tracker.delete_licence(CTX, "l2", TODAY)
    assert [row[0] for row in my_licences(tracker)] == ["l1", "l4"]
    assert tracker.licence("l2").deleted_on == TODAY
    counts = tracker.status_counts(licence.OverviewFilter(), TODAY)
    assert (counts.active, counts.expiring, counts.expired) == (1, 1, 0)
    assert tracker.execute("status_counts", '{"today": "%s"}' % TODAY) == (
        '{"active":1,"expired":0,"expiring":1}'
    )


def test_errors_carry_the_engines_kind_fields_and_message(path):
    tracker = licence.Tracker.open(path)
    with pytest.raises(licence.LicenceError.NotFound) as missing:
        tracker.person("bob")
    assert (missing.value.kind, missing.value.id) == (licence.RecordKind.PERSON, "bob")
    assert missing.value.message() == "person `bob` not found"
    assert (missing.value.kind_name(), missing.value.code()) == ("not_found", 1)
    with pytest.raises(licence.LicenceError.InvalidInput) as bad:
        tracker.record_licence(CTX, held("l9", "forklift", expiry="2026-02-30"), None)
    assert bad.value.field == "licence.expiry"
    assert bad.value.message() == "invalid licence.expiry: `2026-02-30` is not a calendar date"
    with pytest.raises(licence.LicenceError.AlreadyExists) as twice:
        tracker.record_licence(CTX, held("l1", "forklift", expiry="2027-01-01"), None)
    assert twice.value.code() == 2
    with pytest.raises(licence.LicenceError.LimitExceeded) as big:
        tracker.add_attachment(CTX, "a2", "l1", "scan.pdf", "application/pdf", bytes(10 * 1024 * 1024 + 1))
    assert big.value.limit == 10 * 1024 * 1024
    assert my_licences(tracker) == MY_LICENCES


def test_batch_statuses_and_day_numbers():
    today = licence.day_number(TODAY)
    assert today == 20485
    assert licence.date_of(today) == TODAY
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
