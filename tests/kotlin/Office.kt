package licence.tests

import com.google.gson.JsonParser
import licence.AddAttachmentInput
import licence.AllocateSeatsInput
import licence.AttachmentInput
import licence.AttachmentsInput
import licence.Context
import licence.Course
import licence.CreateCourseInput
import licence.CreateLicenceTypeInput
import licence.CreateSiteInput
import licence.Date
import licence.DeleteAttachmentInput
import licence.EditLicenceInput
import licence.LicenceException
import licence.LicenceInput
import licence.LicenceRightsInput
import licence.LicenceType
import licence.LicenceTypeInput
import licence.LicencesOfInput
import licence.Outcome
import licence.Party
import licence.Period
import licence.PeriodUnit
import licence.Person
import licence.PersonInput
import licence.RecordKind
import licence.RegisterPersonInput
import licence.RemindersDueInput
import licence.Right
import licence.Role
import licence.SeatSource
import licence.SeatState
import licence.Site
import licence.Status
import licence.Tracker
import licence.UpdateLicenceTypeInput

private val TODAY = Date(year = 2026, month = 2u, day = 1u)
private val CTX = Context(actor = "adm", at = 1769904000L)
private const val POLICY = """{"leads": ["1 month"], "administrators": "always", "managers": "never",
    "extra_recipients": ["office@example.org"]}"""
private val ANA = Person(
    id = "ana", name = "Ana López", registeredOn = Date(year = 2025, month = 1u, day = 6u),
    email = "ana@example.org", location = "Leeds", department = "Warehouse",
    roles = listOf(Role.DELEGATE), positions = emptyList(), active = true,
)

/** The record [name] for its JSON document (fields left out take their defaults). */
@Suppress("UNCHECKED_CAST")
private fun <T> make(name: String, json: String): T = Typed.record(name, JsonParser.parseString(json)) as T

private fun forklift(name: String = "Forklift"): LicenceType = make(
    "LicenceType",
    """{"id": "forklift", "name": "$name", "kind": "licence", "validity": "3 years",
        "renewal_basis": "from_completion", "policy": $POLICY}""",
)

/** An office with two licences of a type with its own reminder policy. */
private fun office(): Tracker {
    val tracker = Tracker.inMemory()
    val admin: Person = make("Person", """{"id": "adm", "name": "Adi Admin", "registered_on": "2020-01-01",
        "email": "adm@example.org", "roles": ["administrator"]}""")
    val bo: Person = make("Person", """{"id": "bo", "name": "Bo Berg", "registered_on": "2024-05-01", "location": "London"}""")
    for (person in listOf(admin, ANA, bo)) {
        tracker.registerPerson(RegisterPersonInput(ctx = CTX, person = person))
    }
    tracker.createLicenceType(CreateLicenceTypeInput(ctx = CTX, licenceType = forklift()))
    for ((id, holder, expiry) in listOf(Triple("l1", "ana", "2026-03-15"), Triple("l2", "bo", "2025-12-01"))) {
        tracker.recordLicence(make("RecordLicenceInput", """{"ctx": {"actor": "adm", "at": 1769904000},
            "licence": {"id": "$id", "holder_id": "$holder", "type_id": "forklift", "expiry": "$expiry"}}"""))
    }
    return tracker
}

/** Runs [body] on a fresh office as the check [name]. */
private fun Harness.office(name: String, body: (Tracker) -> Unit) = check("office: $name") { office().use(body) }

/** The typed calls of an office: catalogue, reports, edits, attachments, courses, custody. */
fun runOffice(harness: Harness) {
    harness.office("people and catalogue round trip") { tracker ->
        assertEquals(ANA, tracker.person(PersonInput(id = "ana")), "person")
        assertEquals(forklift(), tracker.licenceType(LicenceTypeInput(id = "forklift")), "licence type with its policy")
        tracker.updateLicenceType(UpdateLicenceTypeInput(ctx = CTX, licenceType = forklift("Forklift licence")))
        assertEquals(listOf("Forklift licence"), tracker.licenceTypes().licenceTypes.map { it.name }, "names")
    }
    harness.office("overview and counts") { tracker ->
        val page = tracker.overview(make("OverviewInput", """{"today": "2026-02-01", "query": {"sort": "expiry"}}"""))
        assertEquals(2UL, page.total, "total")
        assertEquals(
            listOf(listOf("l2", Status.EXPIRED, -62, "Bo Berg", "London"), listOf("l1", Status.EXPIRING, 42, "Ana López", "Leeds")),
            page.rows.map { listOf(it.licenceId, it.status, it.daysLeft, it.holderName, it.location) },
            "rows",
        )
        val expired = tracker.overview(make("OverviewInput", """{"today": "2026-02-01", "query": {"filter": {"statuses": ["expired"]}}}"""))
        assertEquals(listOf("l2"), expired.rows.map { it.licenceId }, "expired")
        val leeds = tracker.overview(make("OverviewInput",
            """{"today": "2026-02-01", "query": {"filter": {"location": "Leeds"}, "sort": "holder", "limit": 1}}"""))
        assertEquals(listOf("l1"), leeds.rows.map { it.licenceId }, "Leeds")
        val counts = tracker.statusCounts(make("StatusCountsInput", """{"today": "2026-02-01"}"""))
        assertEquals(listOf(0UL, 1UL, 1UL), listOf(counts.active, counts.expiring, counts.expired), "counts")
    }
    harness.office("the type's policy decides reminders") { tracker ->
        assertEquals(emptyList(), tracker.dueReminders(RemindersDueInput(today = TODAY)).reminders, "nothing due yet")
        val due = tracker.dueReminders(RemindersDueInput(today = Date(year = 2026, month = 2u, day = 15u))).reminders
        val oneMonth = Period(amount = 1u, unit = PeriodUnit.MONTHS)
        assertEquals(
            listOf(listOf("l1", oneMonth, Date(year = 2026, month = 2u, day = 15u), 28)),
            due.map { listOf(it.licenceId, it.lead, it.trigger, it.daysLeft) },
            "due",
        )
        assertEquals(listOf("ana@example.org", "adm@example.org", "office@example.org"), due[0].recipients, "recipients")
    }
    harness.office("an edit keeps the holder") { tracker ->
        val edited = tracker.licence(LicenceInput(id = "l1")).licence.copy(reference = "FL-2")
        assertEquals("FL-2", tracker.editLicence(EditLicenceInput(ctx = CTX, licence = edited)).licence.reference, "edited")
        assertEquals("FL-2", tracker.licence(LicenceInput(id = "l1")).licence.reference, "stored")
        val moved = assertThrows<LicenceException.InvalidInput> {
            tracker.editLicence(EditLicenceInput(ctx = CTX, licence = edited.copy(holderId = "bo")))
        }
        assertEquals(listOf("licence.holder_id", "cannot be changed by an edit"), listOf(moved.field, moved.reason), "refused")
    }
    harness.office("a deleted attachment is gone") { tracker ->
        tracker.addAttachment(AddAttachmentInput(
            ctx = CTX, id = "a1", licenceId = "l1", fileName = "card.jpg", mediaType = "image/jpeg", content = byteArrayOf(1),
        ))
        assertEquals(listOf<Byte>(1), tracker.attachment(AttachmentInput(id = "a1")).content.toList(), "content")
        tracker.deleteAttachment(DeleteAttachmentInput(ctx = CTX, id = "a1"))
        assertEquals(emptyList(), tracker.attachments(AttachmentsInput(licenceId = "l1")).attachments, "attachments")
        val gone = assertThrows<LicenceException.NotFound> { tracker.attachment(AttachmentInput(id = "a1")) }
        assertEquals(RecordKind.ATTACHMENT, gone.kind, "kind")
        assertEquals("attachment `a1` not found", gone.message(), "message")
    }
    harness.office("courses and seats") { tracker ->
        val course = Course(id = "c1", title = "Forklift refresher", issuesTypeId = "forklift")
        tracker.createCourse(CreateCourseInput(ctx = CTX, course = course))
        assertEquals(listOf(course), tracker.courses().courses, "courses")
        val report = tracker.allocate(AllocateSeatsInput(ctx = CTX, courseId = "c1", personIds = listOf("ana", "nobody", "ana"), today = TODAY))
        assertEquals(
            listOf("ana" to Outcome.ALLOCATED, "nobody" to Outcome.UNKNOWN_PERSON, "ana" to Outcome.ALREADY_ALLOCATED),
            report.results.map { it.personId to it.outcome },
            "outcomes",
        )
        val seats = tracker.seats(make("SeatsInput", """{"query": {"person_id": "ana"}}""")).seats
        assertEquals(listOf(listOf("c1", SeatSource.Manual, SeatState.ALLOCATED, TODAY)), seats.map { listOf(it.courseId, it.source, it.state, it.givenOn) }, "seats")
        assertEquals(report.seats, seats, "the seats given")
    }
    harness.office("custody rights") { tracker ->
        tracker.createSite(CreateSiteInput(ctx = CTX, site = Site(id = "s1", name = "Acme")))
        tracker.custodyEvent(make("CustodyEventInput", """{"candidate_id": "ana", "on": "2026-01-10",
            "ctx": {"actor": "adm", "at": 1769904000},
            "event": {"party": {"site": "s1"}, "action": "upload", "licence_id": "ind1", "type_id": "forklift"},
            "licence": {"id": "ind1", "holder_id": "ana", "type_id": "forklift", "acquired": "2026-01-10"}}"""))
        val site = tracker.rights(LicenceRightsInput(candidateId = "ana", licenceId = "ind1", party = Party.Site("s1")))
        assertEquals(listOf(Right.VIEW, Right.EDIT, Right.DELETE, Right.TRANSFER), site.rights, "site")
        val candidate = tracker.rights(LicenceRightsInput(candidateId = "ana", licenceId = "ind1", party = Party.Candidate))
        assertEquals(emptyList(), candidate.rights, "candidate")
        val held = tracker.licencesOf(LicencesOfInput(holderId = "ana", today = TODAY)).licences
        assertEquals(listOf("l1"), held.map { it.record.licence.id }, "hidden from the holder")
    }
}
