"""An office's typed calls: catalogue with its own reminder policy, the
overview and dashboard counts, edits, attachments, courses and seats, and
custody rights."""

import json

import pytest

import licence
from licence import Audience, LicenceKind, OverviewFilter, OverviewQuery, Party, SortKey, Status

TODAY = "2026-02-01"
CTX = licence.Context(actor="adm", at=1769904000)
POLICY = licence.ReminderPolicy(
    leads=["1 month"], administrators=Audience.ALWAYS, managers=Audience.NEVER,
    extra_recipients=["office@example.org"],
)


def forklift(name="Forklift"):
    return licence.LicenceType(
        id="forklift", name=name, kind=LicenceKind.LICENCE, validity="3 years",
        renewal_basis=licence.RenewalBasis.FROM_COMPLETION, policy=POLICY,
    )


ANA = licence.Person(
    id="ana", name="Ana López", registered_on="2025-01-06", email="ana@example.org",
    location="Leeds", department="Warehouse", roles=[licence.Role.DELEGATE],
)


def record(tracker, id, holder, expiry):
    tracker.record_licence(
        CTX, licence.Licence(id=id, holder_id=holder, type_id="forklift", expiry=expiry,
                             owner=licence.Owner.CANDIDATE()), None,
    )


@pytest.fixture
def tracker():
    tracker = licence.Tracker.in_memory()
    admin = licence.Person(id="adm", name="Adi Admin", registered_on="2020-01-01",
                           email="adm@example.org", roles=[licence.Role.ADMINISTRATOR])
    for person in (admin, ANA, licence.Person(id="bo", name="Bo Berg", registered_on="2024-05-01", location="London")):
        tracker.register_person(CTX, person)
    tracker.create_licence_type(CTX, forklift())
    record(tracker, "l1", "ana", "2026-03-15")
    record(tracker, "l2", "bo", "2025-12-01")
    return tracker


def test_people_and_catalogue_round_trip(tracker):
    assert tracker.person("ana") == ANA
    assert tracker.licence_type("forklift") == forklift()
    tracker.update_licence_type(CTX, forklift("Forklift licence"))
    assert [t.name for t in tracker.licence_types()] == ["Forklift licence"]


def test_overview_and_counts(tracker):
    page = tracker.overview(OverviewQuery(filter=OverviewFilter(), sort=SortKey.EXPIRY), TODAY)
    assert page.total == 2
    assert [(r.licence_id, r.status, r.days_left, r.holder_name, r.location) for r in page.rows] == [
        ("l2", Status.EXPIRED, -62, "Bo Berg", "London"),
        ("l1", Status.EXPIRING, 42, "Ana López", "Leeds"),
    ]
    expired = OverviewQuery(filter=OverviewFilter(statuses=[Status.EXPIRED]), sort=SortKey.EXPIRY)
    assert [r.licence_id for r in tracker.overview(expired, TODAY).rows] == ["l2"]
    leeds = OverviewQuery(filter=OverviewFilter(location="Leeds"), sort=SortKey.HOLDER, limit=1)
    assert [r.licence_id for r in tracker.overview(leeds, TODAY).rows] == ["l1"]
    counts = tracker.status_counts(OverviewFilter(), TODAY)
    assert (counts.active, counts.expiring, counts.expired) == (0, 1, 1)


def test_type_policy_decides_reminders(tracker):
    assert tracker.due_reminders(TODAY) == []
    due = tracker.due_reminders("2026-02-15")
    assert [(r.licence_id, r.lead, r.trigger, r.days_left) for r in due] == [("l1", "1 month", "2026-02-15", 28)]
    assert due[0].recipients == ["ana@example.org", "adm@example.org", "office@example.org"]


def test_edit_keeps_the_holder(tracker):
    edited = tracker.licence("l1").licence
    edited.reference = "FL-2"
    assert tracker.edit_licence(CTX, edited).licence.reference == "FL-2"
    assert tracker.licence("l1").licence.reference == "FL-2"
    edited.holder_id = "bo"
    with pytest.raises(licence.LicenceError.InvalidInput) as moved:
        tracker.edit_licence(CTX, edited)
    assert (moved.value.field, moved.value.reason) == ("licence.holder_id", "cannot be changed by an edit")


def test_deleted_attachment_is_gone(tracker):
    tracker.add_attachment(CTX, "a1", "l1", "card.jpg", "image/jpeg", b"x")
    tracker.delete_attachment(CTX, "a1")
    assert tracker.attachments("l1") == []
    with pytest.raises(licence.LicenceError.NotFound) as gone:
        tracker.attachment("a1")
    assert gone.value.kind == licence.RecordKind.ATTACHMENT
    assert gone.value.message() == "attachment `a1` not found"


def test_courses_and_seats(tracker):
    tracker.create_course(CTX, licence.Course(id="c1", title="Forklift refresher", issues_type_id="forklift"))
    assert [(c.id, c.issues_type_id, c.validity) for c in tracker.courses()] == [("c1", "forklift", None)]
    report = tracker.allocate(CTX, "c1", ["ana", "nobody", "ana"], TODAY)
    assert [(r.person_id, r.outcome) for r in report.results] == [
        ("ana", licence.Outcome.ALLOCATED),
        ("nobody", licence.Outcome.UNKNOWN_PERSON),
        ("ana", licence.Outcome.ALREADY_ALLOCATED),
    ]
    seats = tracker.seats_of("ana")
    assert [(s.course_id, s.source, s.state, s.given_on) for s in seats] == [
        ("c1", licence.SeatSource.MANUAL(), licence.SeatState.ALLOCATED, TODAY),
    ]
    assert seats == report.seats


def test_custody_rights(tracker):
    ctx = {"actor": "adm", "at": 1769904000}
    tracker.execute("create_site", json.dumps({"site": {"id": "s1", "name": "Acme"}, "ctx": ctx}))
    upload = {"party": {"site": "s1"}, "action": "upload", "licence_id": "ind1", "type_id": "forklift"}
    tracker.execute("custody_event", json.dumps({
        "candidate_id": "ana", "event": upload, "on": "2026-01-10", "ctx": ctx,
        "licence": {"id": "ind1", "holder_id": "ana", "type_id": "forklift", "acquired": "2026-01-10"},
    }))
    site = tracker.rights("ana", "ind1", Party.SITE("s1"))
    assert (site.view, site.edit, site.delete, site.transfer, site.share, site.remove) == (
        True, True, True, True, False, False,
    )
    assert tracker.rights("ana", "ind1", Party.CANDIDATE()) == licence.Rights(
        view=False, edit=False, delete=False, transfer=False, share=False, remove=False,
    )
    assert [h.licence.id for h in tracker.licences_of("ana", TODAY)] == ["l1"]
