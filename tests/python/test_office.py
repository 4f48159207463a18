"""An office's typed calls: catalogue with its own reminder policy, the
overview and dashboard counts, edits, attachments, courses and seats, and
custody rights. Inputs are the generated records (built here from their
documents where a record has many defaulted fields); outputs are read as
records."""

import pytest

import licence
import typed
from licence import Date, Party, Status

TODAY = Date(year=2026, month=2, day=1)
CTX = licence.Context(actor="adm", at=1769904000)
POLICY = {
    "leads": ["1 month"], "administrators": "always", "managers": "never",
    "extra_recipients": ["office@example.org"],
}


def make(record_name, **document):
    """The record `record_name` for its document (fields left out take
    their defaults)."""
    return typed.defined(record_name, typed.DEFS[record_name], document)


def forklift(name="Forklift"):
    return make("LicenceType", id="forklift", name=name, kind="licence", validity="3 years",
                renewal_basis="from_completion", policy=POLICY)


ANA = licence.Person(
    id="ana", name="Ana López", registered_on=Date(year=2025, month=1, day=6),
    email="ana@example.org", location="Leeds", department="Warehouse",
    roles=[licence.Role.DELEGATE], positions=[], active=True,
)


def record(tracker, id, holder, expiry):
    tracker.record_licence(make(
        "RecordLicenceInput", ctx={"actor": "adm", "at": 1769904000},
        licence={"id": id, "holder_id": holder, "type_id": "forklift", "expiry": expiry},
    ))


@pytest.fixture
def tracker():
    tracker = licence.Tracker.in_memory()
    admin = make("Person", id="adm", name="Adi Admin", registered_on="2020-01-01",
                 email="adm@example.org", roles=["administrator"])
    bo = make("Person", id="bo", name="Bo Berg", registered_on="2024-05-01", location="London")
    for person in (admin, ANA, bo):
        tracker.register_person(licence.RegisterPersonInput(ctx=CTX, person=person))
    tracker.create_licence_type(licence.CreateLicenceTypeInput(ctx=CTX, licence_type=forklift()))
    record(tracker, "l1", "ana", "2026-03-15")
    record(tracker, "l2", "bo", "2025-12-01")
    return tracker


def test_people_and_catalogue_round_trip(tracker):
    assert tracker.person(licence.PersonInput(id="ana")) == ANA
    assert tracker.licence_type(licence.LicenceTypeInput(id="forklift")) == forklift()
    renamed = forklift("Forklift licence")
    tracker.update_licence_type(licence.UpdateLicenceTypeInput(ctx=CTX, licence_type=renamed))
    assert [t.name for t in tracker.licence_types().licence_types] == ["Forklift licence"]


def test_overview_and_counts(tracker):
    page = tracker.overview(make("OverviewInput", today="2026-02-01", query={"sort": "expiry"}))
    assert page.total == 2
    assert [(r.licence_id, r.status, r.days_left, r.holder_name, r.location) for r in page.rows] == [
        ("l2", Status.EXPIRED, -62, "Bo Berg", "London"),
        ("l1", Status.EXPIRING, 42, "Ana López", "Leeds"),
    ]
    expired = make("OverviewInput", today="2026-02-01", query={"filter": {"statuses": ["expired"]}})
    assert [r.licence_id for r in tracker.overview(expired).rows] == ["l2"]
    leeds = make("OverviewInput", today="2026-02-01",
                 query={"filter": {"location": "Leeds"}, "sort": "holder", "limit": 1})
    assert [r.licence_id for r in tracker.overview(leeds).rows] == ["l1"]
    counts = tracker.status_counts(make("StatusCountsInput", today="2026-02-01"))
    assert (counts.active, counts.expiring, counts.expired) == (0, 1, 1)


def test_type_policy_decides_reminders(tracker):
    assert tracker.due_reminders(licence.RemindersDueInput(today=TODAY)).reminders == []
    due = tracker.due_reminders(make("RemindersDueInput", today="2026-02-15")).reminders
    one_month = licence.Period(amount=1, unit=licence.PeriodUnit.MONTHS)
    assert [(r.licence_id, r.lead, r.trigger, r.days_left) for r in due] == [
        ("l1", one_month, Date(year=2026, month=2, day=15), 28),
    ]
    assert due[0].recipients == ["ana@example.org", "adm@example.org", "office@example.org"]


def test_edit_keeps_the_holder(tracker):
    edited = tracker.licence(licence.LicenceInput(id="l1")).licence
    edited.reference = "FL-2"
    changed = tracker.edit_licence(licence.EditLicenceInput(ctx=CTX, licence=edited))
    assert changed.licence.reference == "FL-2"
    assert tracker.licence(licence.LicenceInput(id="l1")).licence.reference == "FL-2"
    edited.holder_id = "bo"
    with pytest.raises(licence.LicenceError.InvalidInput) as moved:
        tracker.edit_licence(licence.EditLicenceInput(ctx=CTX, licence=edited))
    assert (moved.value.field, moved.value.reason) == ("licence.holder_id", "cannot be changed by an edit")


def test_deleted_attachment_is_gone(tracker):
    tracker.add_attachment(licence.AddAttachmentInput(
        ctx=CTX, id="a1", licence_id="l1", file_name="card.jpg", media_type="image/jpeg", content=b"x",
    ))
    kept = tracker.attachment(licence.AttachmentInput(id="a1"))
    assert (kept.content, kept.attachment.size) == (b"x", 1)
    tracker.delete_attachment(licence.DeleteAttachmentInput(ctx=CTX, id="a1"))
    assert tracker.attachments(licence.AttachmentsInput(licence_id="l1")).attachments == []
    with pytest.raises(licence.LicenceError.NotFound) as gone:
        tracker.attachment(licence.AttachmentInput(id="a1"))
    assert gone.value.kind == licence.RecordKind.ATTACHMENT
    assert gone.value.message() == "attachment `a1` not found"


def test_courses_and_seats(tracker):
    course = licence.Course(id="c1", title="Forklift refresher", issues_type_id="forklift")
    tracker.create_course(licence.CreateCourseInput(ctx=CTX, course=course))
    assert tracker.courses().courses == [course]
    report = tracker.allocate(licence.AllocateSeatsInput(
        ctx=CTX, course_id="c1", person_ids=["ana", "nobody", "ana"], today=TODAY,
    ))
    assert [(r.person_id, r.outcome) for r in report.results] == [
        ("ana", licence.Outcome.ALLOCATED),
        ("nobody", licence.Outcome.UNKNOWN_PERSON),
        ("ana", licence.Outcome.ALREADY_ALLOCATED),
    ]
    seats = tracker.seats(make("SeatsInput", query={"person_id": "ana"})).seats
    assert [(s.course_id, s.source, s.state, s.given_on) for s in seats] == [
        ("c1", licence.SeatSource.MANUAL(), licence.SeatState.ALLOCATED, TODAY),
    ]
    assert seats == report.seats


def test_custody_rights(tracker):
    tracker.create_site(licence.CreateSiteInput(ctx=CTX, site=licence.Site(id="s1", name="Acme")))
    tracker.custody_event(make(
        "CustodyEventInput", candidate_id="ana", on="2026-01-10", ctx={"actor": "adm", "at": 1769904000},
        event={"party": {"site": "s1"}, "action": "upload", "licence_id": "ind1", "type_id": "forklift"},
        licence={"id": "ind1", "holder_id": "ana", "type_id": "forklift", "acquired": "2026-01-10"},
    ))
    site = tracker.rights(licence.LicenceRightsInput(candidate_id="ana", licence_id="ind1", party=Party.SITE("s1")))
    assert site.rights == [licence.Right.VIEW, licence.Right.EDIT, licence.Right.DELETE, licence.Right.TRANSFER]
    candidate = tracker.rights(licence.LicenceRightsInput(candidate_id="ana", licence_id="ind1", party=Party.CANDIDATE()))
    assert candidate.rights == []
    held = tracker.licences_of(licence.LicencesOfInput(holder_id="ana", today=TODAY)).licences
    assert [h.record.licence.id for h in held] == ["l1"]


def test_open_with_options(tmp_path):
    path = str(tmp_path / "office.db")
    writer = licence.Tracker.open_with(path, False, 1000, False)
    writer.create_site(make("CreateSiteInput", ctx={"actor": "adm", "at": 1}, site={"id": "s1", "name": "Acme"}))
    reader = licence.Tracker.open_with(path, True, 1000, True)
    assert [site.id for site in reader.sites().sites] == ["s1"]
    with pytest.raises(licence.LicenceError.Storage) as refused:
        reader.create_site(make("CreateSiteInput", ctx={"actor": "adm", "at": 1}, site={"id": "s2", "name": "Bridge"}))
    assert "read-only" in str(refused.value)
