package licence.tests

import licence.Audience
import licence.Context
import licence.Course
import licence.LicenceException
import licence.Licence
import licence.LicenceKind
import licence.LicenceType
import licence.Outcome
import licence.OverviewFilter
import licence.OverviewQuery
import licence.Owner
import licence.Party
import licence.Person
import licence.RecordKind
import licence.ReminderPolicy
import licence.RenewalBasis
import licence.Rights
import licence.Role
import licence.SeatSource
import licence.SeatState
import licence.SortKey
import licence.Status
import licence.Tracker

private const val TODAY = "2026-02-01"
private val CTX = Context(actor = "adm", at = 1769904000L)
private val POLICY = ReminderPolicy(
    leads = listOf("1 month"),
    administrators = Audience.ALWAYS,
    managers = Audience.NEVER,
    extraRecipients = listOf("office@example.org"),
)
private val ANA = Person(
    id = "ana", name = "Ana López", registeredOn = "2025-01-06", email = "ana@example.org",
    location = "Leeds", department = "Warehouse", roles = listOf(Role.DELEGATE),
)

private fun forklift(name: String = "Forklift") = LicenceType(
    id = "forklift", name = name, kind = LicenceKind.LICENCE, validity = "3 years",
    renewalBasis = RenewalBasis.FROM_COMPLETION, policy = POLICY,
)

/** An office with two licences of a type with its own reminder policy. */
private fun office(): Tracker {
    val tracker = Tracker.inMemory()
    val admin = Person(id = "adm", name = "Adi Admin", registeredOn = "2020-01-01", email = "adm@example.org", roles = listOf(Role.ADMINISTRATOR))
    for (person in listOf(admin, ANA, Person(id = "bo", name = "Bo Berg", registeredOn = "2024-05-01", location = "London"))) {
        tracker.registerPerson(CTX, person)
    }
    tracker.createLicenceType(CTX, forklift())
    for ((id, holder, expiry) in listOf(Triple("l1", "ana", "2026-03-15"), Triple("l2", "bo", "2025-12-01"))) {
        tracker.recordLicence(CTX, Licence(id = id, holderId = holder, typeId = "forklift", expiry = expiry, owner = Owner.Candidate), null)
    }
    return tracker
}

/** Runs [body] on a fresh office as the check [name]. */
private fun Harness.office(name: String, body: (Tracker) -> Unit) = check("office: $name") { office().use(body) }

/** The typed calls of an office: catalogue, reports, edits, attachments, courses, custody. */
fun runOffice(harness: Harness) {
    harness.office("people and catalogue round trip") { tracker ->
        assertEquals(ANA, tracker.person("ana"), "person")
        assertEquals(forklift(), tracker.licenceType("forklift"), "licence type with its policy")
        tracker.updateLicenceType(CTX, forklift("Forklift licence"))
        assertEquals(listOf("Forklift licence"), tracker.licenceTypes().map { it.name }, "names")
    }
    harness.office("overview and counts") { tracker ->
        val page = tracker.overview(OverviewQuery(filter = OverviewFilter(), sort = SortKey.EXPIRY), TODAY)
        assertEquals(2UL, page.total, "total")
        assertEquals(
            listOf(listOf("l2", Status.EXPIRED, -62, "Bo Berg", "London"), listOf("l1", Status.EXPIRING, 42, "Ana López", "Leeds")),
            page.rows.map { listOf(it.licenceId, it.status, it.daysLeft, it.holderName, it.location) },
            "rows",
        )
        val expired = OverviewQuery(filter = OverviewFilter(statuses = listOf(Status.EXPIRED)), sort = SortKey.EXPIRY)
        assertEquals(listOf("l2"), tracker.overview(expired, TODAY).rows.map { it.licenceId }, "expired")
        val leeds = OverviewQuery(filter = OverviewFilter(location = "Leeds"), sort = SortKey.HOLDER, limit = 1u)
        assertEquals(listOf("l1"), tracker.overview(leeds, TODAY).rows.map { it.licenceId }, "Leeds")
        val counts = tracker.statusCounts(OverviewFilter(), TODAY)
        assertEquals(listOf(0UL, 1UL, 1UL), listOf(counts.active, counts.expiring, counts.expired), "counts")
    }
    harness.office("the type's policy decides reminders") { tracker ->
        assertEquals(emptyList(), tracker.dueReminders(TODAY), "nothing due yet")
        val due = tracker.dueReminders("2026-02-15")
        assertEquals(listOf(listOf("l1", "1 month", "2026-02-15", 28)), due.map { listOf(it.licenceId, it.lead, it.trigger, it.daysLeft) }, "due")
        assertEquals(listOf("ana@example.org", "adm@example.org", "office@example.org"), due[0].recipients, "recipients")
    }
    harness.office("an edit keeps the holder") { tracker ->
        val edited = tracker.licence("l1").licence.copy(reference = "FL-2")
        assertEquals("FL-2", tracker.editLicence(CTX, edited).licence.reference, "edited")
        assertEquals("FL-2", tracker.licence("l1").licence.reference, "stored")
        val moved = assertThrows<LicenceException.InvalidInput> { tracker.editLicence(CTX, edited.copy(holderId = "bo")) }
        assertEquals(listOf("licence.holder_id", "cannot be changed by an edit"), listOf(moved.field, moved.reason), "refused")
    }
    harness.office("a deleted attachment is gone") { tracker ->
        tracker.addAttachment(CTX, "a1", "l1", "card.jpg", "image/jpeg", byteArrayOf(1))
        tracker.deleteAttachment(CTX, "a1")
        assertEquals(emptyList(), tracker.attachments("l1"), "attachments")
        val gone = assertThrows<LicenceException.NotFound> { tracker.attachment("a1") }
        assertEquals(RecordKind.ATTACHMENT, gone.kind, "kind")
        assertEquals("attachment `a1` not found", gone.message(), "message")
    }
    harness.office("courses and seats") { tracker ->
        tracker.createCourse(CTX, Course(id = "c1", title = "Forklift refresher", issuesTypeId = "forklift"))
        assertEquals(listOf(listOf("c1", "forklift", null)), tracker.courses().map { listOf(it.id, it.issuesTypeId, it.validity) }, "courses")
        val report = tracker.allocate(CTX, "c1", listOf("ana", "nobody", "ana"), TODAY)
        assertEquals(
            listOf("ana" to Outcome.ALLOCATED, "nobody" to Outcome.UNKNOWN_PERSON, "ana" to Outcome.ALREADY_ALLOCATED),
            report.results.map { it.personId to it.outcome },
            "outcomes",
        )
        val seats = tracker.seatsOf("ana")
        assertEquals(listOf(listOf("c1", SeatSource.Manual, SeatState.ALLOCATED, TODAY)), seats.map { listOf(it.courseId, it.source, it.state, it.givenOn) }, "seats")
        assertEquals(report.seats, seats, "the seats given")
    }
    harness.office("custody rights") { tracker ->
        val ctx = """{"actor": "adm", "at": 1769904000}"""
        tracker.execute("create_site", """{"site": {"id": "s1", "name": "Acme"}, "ctx": $ctx}""")
        tracker.execute(
            "custody_event",
            """{"candidate_id": "ana", "on": "2026-01-10", "ctx": $ctx,
                "event": {"party": {"site": "s1"}, "action": "upload", "licence_id": "ind1", "type_id": "forklift"},
                "licence": {"id": "ind1", "holder_id": "ana", "type_id": "forklift", "acquired": "2026-01-10"}}""",
        )
        assertEquals(Rights(view = true, edit = true, delete = true, transfer = true, share = false, remove = false), tracker.rights("ana", "ind1", Party.Site("s1")), "site")
        assertEquals(Rights(view = false, edit = false, delete = false, transfer = false, share = false, remove = false), tracker.rights("ana", "ind1", Party.Candidate), "candidate")
        assertEquals(listOf("l1"), tracker.licencesOf("ana", TODAY).map { it.licence.id }, "hidden from the holder")
    }
}
