package licence.tests

import java.nio.file.Files
import licence.AcknowledgeInput
import licence.AddAttachmentInput
import licence.AttachmentInput
import licence.AttachmentsInput
import licence.Context
import licence.CreateLicenceTypeInput
import licence.Date
import licence.DeleteLicenceInput
import licence.LicenceException
import licence.Licence
import licence.LicenceInput
import licence.LicenceKind
import licence.LicenceType
import licence.LicencesOfInput
import licence.Owner
import licence.Period
import licence.PeriodUnit
import licence.Person
import licence.PersonInput
import licence.RecordKind
import licence.RecordLicenceInput
import licence.RegisterPersonInput
import licence.ReminderDigestsInput
import licence.RemindersDueInput
import licence.RenewalBasis
import licence.Status
import licence.Tracker
import licence.dateOf
import licence.dayNumber
import licence.execute
import licence.expiryStatuses
import licence.expiryStatusesPacked

private val TODAY = date("2026-02-01")
private val CTX = Context(actor = "ana", at = 1769904000L)
private val PHOTO = byteArrayOf(0xff.toByte(), 0xd8.toByte()) + " card photo".toByteArray()

private fun date(text: String): Date {
    val (y, m, d) = text.split("-").map { it.toInt() }
    return Date(year = y, month = m.toUByte(), day = d.toUByte())
}

private fun years(amount: Int) = Period(amount = amount.toUShort(), unit = PeriodUnit.YEARS)

private fun licenceType(id: String, name: String, kind: LicenceKind, validity: Period? = null) = LicenceType(
    id = id, name = name, kind = kind, validity = validity, renewalBasis = RenewalBasis.FROM_COMPLETION,
    graceDays = 0u, policy = null, requiresApproval = false,
)

private fun licence(id: String, typeId: String, acquired: String? = null, expiry: String? = null, renews: String? = null) = Licence(
    id = id, holderId = "ana", typeId = typeId, acquired = acquired?.let(::date), expiry = expiry?.let(::date),
    notes = "", owner = Owner.Candidate, renews = renews,
)

private fun Tracker.record(licence: Licence, newType: LicenceType? = null) =
    recordLicence(RecordLicenceInput(ctx = CTX, licence = licence, newType = newType))

private fun Tracker.mine() = licencesOf(LicencesOfInput(holderId = "ana", today = TODAY)).licences

private fun Tracker.due() = dueReminders(RemindersDueInput(today = TODAY)).reminders

/** "My licences" as (id, status, days left), the way the app lists them. */
private fun myLicences(tracker: Tracker) = tracker.mine().map { Triple(it.record.licence.id, it.status, it.daysLeft) }

private val EXPECTED_LIST = listOf(
    Triple("l3", Status.EXPIRED, -22),
    Triple("l1", Status.EXPIRING, 42),
    Triple("l2", Status.ACTIVE, 880),
)

/** A holder's phone: licences kept in a database file, shown offline, reopened. */
fun runScenario(harness: Harness) {
    val dir = Files.createTempDirectory("licence-app")
    val path = dir.resolve("licences.db").toString()
    try {
        Tracker.open(path).use { tracker ->
            harness.check("scenario: register and record licences with an attachment") {
                val ana = Person(id = "ana", name = "Ana López", registeredOn = date("2025-01-06"), email = "ana@example.org", roles = emptyList(), positions = emptyList(), active = true)
                assertEquals(emptyList(), tracker.registerPerson(RegisterPersonInput(ctx = CTX, person = ana)).seats, "seats")
                tracker.createLicenceType(CreateLicenceTypeInput(ctx = CTX, licenceType = licenceType("forklift", "Forklift licence", LicenceKind.LICENCE, years(3))))
                tracker.createLicenceType(CreateLicenceTypeInput(ctx = CTX, licenceType = licenceType("induction", "Site induction", LicenceKind.INDUCTION)))
                val forklift = tracker.record(licence("l1", "forklift", "2023-03-15", "2026-03-15").copy(reference = "FL-1"))
                assertEquals(CTX.at, forklift.createdAt, "created at")
                val firstAid = tracker.record(licence("l2", "first-aid", acquired = "2025-06-30"), licenceType("first-aid", "First aid", LicenceKind.CERTIFICATION, years(3)))
                assertEquals(date("2028-06-30"), firstAid.licence.expiry, "expiry derived from the new type's validity")
                tracker.record(licence("l3", "induction", expiry = "2026-01-10"))
                val attachment = tracker.addAttachment(AddAttachmentInput(
                    ctx = CTX, id = "a1", licenceId = "l1", fileName = "card.jpg", mediaType = "image/jpeg", content = PHOTO,
                ))
                assertEquals(13UL, attachment.size, "attachment size")
                assertEquals("c18273c633e16b98b365c130baff35b72e20096df078c450c5688027893b63b6", attachment.sha256, "sha256")
            }
            harness.check("scenario: my licences with status and days left") {
                assertEquals(EXPECTED_LIST, myLicences(tracker), "my licences")
                assertEquals("Forklift licence", tracker.mine()[1].typeName, "type name")
            }
            harness.check("scenario: reminders due, acknowledged once") {
                val due = tracker.due()
                assertEquals(listOf("l3", "l1"), due.map { it.licenceId }, "due licences")
                assertEquals(listOf(date("2026-01-31"), date("2025-12-15")), due.map { it.trigger }, "triggers")
                assertEquals(listOf(null, Period(amount = 3u, unit = PeriodUnit.MONTHS)), due.map { it.lead }, "leads")
                assertEquals(3.toUShort(), due[0].occurrence, "after-expiry occurrence")
                assertEquals(2.toUShort(), due[0].skipped, "skipped")
                assertEquals(listOf("ana@example.org"), due[1].recipients, "recipients")
                val sent = AcknowledgeInput(ctx = CTX, licenceId = "l1", expiry = due[1].expiry, trigger = due[1].trigger)
                tracker.acknowledge(sent)
                tracker.acknowledge(sent)
                assertEquals(listOf("l3"), tracker.due().map { it.licenceId }, "due after acknowledging")
                val digests = tracker.digests(ReminderDigestsInput(today = TODAY)).digests
                assertEquals(listOf("ana@example.org"), digests.map { it.recipient }, "digest recipients")
            }
            harness.check("scenario: errors carry the engine's kind and message") {
                val missing = assertThrows<LicenceException.NotFound> { tracker.person(PersonInput(id = "bob")) }
                assertEquals(RecordKind.PERSON, missing.kind, "record kind")
                assertEquals("bob", missing.id, "id")
                assertEquals("person `bob` not found", missing.message(), "message")
                assertEquals("not_found", missing.kindName(), "kind name")
                assertEquals(1u, missing.code(), "code")
                val bad = assertThrows<LicenceException.InvalidInput> { tracker.record(licence("l9", "forklift", expiry = "2026-02-30")) }
                // The same refusal as through the JSON door and the component.
                assertEquals("input", bad.field, "field")
                assertEquals(true, bad.message().contains("`2026-02-30` is not a calendar date"), "message")
                val twice = assertThrows<LicenceException.AlreadyExists> { tracker.record(licence("l1", "forklift", expiry = "2027-01-01")) }
                assertEquals(2u, twice.code(), "code")
                val big = assertThrows<LicenceException.LimitExceeded> {
                    tracker.addAttachment(AddAttachmentInput(
                        ctx = CTX, id = "a2", licenceId = "l1", fileName = "scan.pdf", mediaType = "application/pdf",
                        content = ByteArray(10 * 1024 * 1024 + 1),
                    ))
                }
                assertEquals(10UL * 1024UL * 1024UL, big.limit, "limit")
                assertEquals(EXPECTED_LIST, myLicences(tracker), "nothing changed")
            }
        }
        Tracker.open(path).use { tracker ->
            harness.check("scenario: reopened file keeps licences, attachment and acknowledgements") {
                assertEquals(EXPECTED_LIST, myLicences(tracker), "my licences after reopening")
                val stored = tracker.attachment(AttachmentInput(id = "a1"))
                assertEquals("card.jpg", stored.attachment.fileName, "file name")
                assertEquals(PHOTO.toList(), stored.content.toList(), "content")
                assertEquals(listOf("a1"), tracker.attachments(AttachmentsInput(licenceId = "l1")).attachments.map { it.id }, "attachments")
                assertEquals(listOf("l3"), tracker.due().map { it.licenceId }, "due after reopening")
            }
            harness.check("scenario: renew and delete") {
                val renewed = tracker.record(licence("l4", "induction", "2026-02-01", "2027-01-10", renews = "l3"))
                assertEquals("l3", renewed.licence.renews, "renews")
                assertEquals("l4", tracker.licence(LicenceInput(id = "l3")).licence.supersededBy, "superseded by")
                assertEquals(
                    listOf(Triple("l1", Status.EXPIRING, 42), Triple("l4", Status.ACTIVE, 343), Triple("l2", Status.ACTIVE, 880)),
                    myLicences(tracker),
                    "renewal listed instead of the superseded licence",
                )
                tracker.deleteLicence(DeleteLicenceInput(ctx = CTX, id = "l2", on = TODAY))
                assertEquals(listOf("l1", "l4"), myLicences(tracker).map { it.first }, "after deleting")
                assertEquals(TODAY, tracker.licence(LicenceInput(id = "l2")).deletedOn, "deleted on")
                val json = tracker.execute("status_counts", """{"today": "2026-02-01"}""")
                assertEquals("""{"active":1,"expired":0,"expiring":1}""", json, "status counts by operation")
            }
        }
    } finally {
        dir.toFile().deleteRecursively()
    }
    harness.check("rules: batch statuses and day numbers") {
        val today = dayNumber("2026-02-01")
        assertEquals(20485, today, "day number")
        assertEquals("2026-02-01", dateOf(today), "date")
        assertEquals(
            listOf(Status.EXPIRING, Status.EXPIRING, Status.ACTIVE, Status.EXPIRED, Status.ACTIVE),
            expiryStatuses(intArrayOf(today, today + 90, today + 91, today - 1, Int.MIN_VALUE), today, 90u),
            "statuses",
        )
        val packed = java.nio.ByteBuffer.allocateDirect(12).order(java.nio.ByteOrder.LITTLE_ENDIAN)
        packed.asIntBuffer().put(intArrayOf(today - 1, today + 91, Int.MIN_VALUE))
        assertEquals(listOf(Status.EXPIRED, Status.ACTIVE, Status.ACTIVE), expiryStatusesPacked(packed, today, 90u), "packed")
        val odd = assertThrows<LicenceException.InvalidInput> { expiryStatusesPacked(java.nio.ByteBuffer.allocateDirect(6), today, 90u) }
        assertEquals("expiries", odd.field, "field")
        val wide = assertThrows<LicenceException.InvalidInput> { expiryStatuses(intArrayOf(today), today, 5000u) }
        assertEquals("window_days", wide.field, "field")
        val outside = assertThrows<LicenceException.InvalidInput> { expiryStatuses(intArrayOf(today, 3_000_000), today, 90u) }
        assertEquals("expiries[1]", outside.field, "field")
        assertThrows<LicenceException.InvalidInput> { execute("no_such_op", "{}") }
    }
}
