package licence.tests

import java.nio.file.Files
import licence.Context
import licence.LicenceException
import licence.Licence
import licence.LicenceKind
import licence.LicenceType
import licence.Owner
import licence.Person
import licence.RecordKind
import licence.RenewalBasis
import licence.Status
import licence.Tracker
import licence.dateOf
import licence.dayNumber
import licence.execute
import licence.expiryStatuses
import licence.expiryStatusesPacked

private const val TODAY = "2026-02-01"
private val CTX = Context(actor = "ana", at = 1769904000L)
private val PHOTO = byteArrayOf(0xff.toByte(), 0xd8.toByte()) + " card photo".toByteArray()

private fun licenceType(id: String, name: String, kind: LicenceKind, validity: String? = null) =
    LicenceType(id = id, name = name, kind = kind, validity = validity, renewalBasis = RenewalBasis.FROM_COMPLETION)

private fun licence(id: String, typeId: String, acquired: String? = null, expiry: String? = null) =
    Licence(id = id, holderId = "ana", typeId = typeId, acquired = acquired, expiry = expiry, owner = Owner.Candidate)

/** "My licences" as (id, status, days left), the way the app lists them. */
private fun myLicences(tracker: Tracker) =
    tracker.licencesOf("ana", TODAY).map { Triple(it.licence.id, it.status, it.daysLeft) }

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
                assertEquals(emptyList(), tracker.registerPerson(CTX, Person(id = "ana", name = "Ana López", registeredOn = "2025-01-06", email = "ana@example.org")), "seats")
                tracker.createLicenceType(CTX, licenceType("forklift", "Forklift licence", LicenceKind.LICENCE, "3 years"))
                tracker.createLicenceType(CTX, licenceType("induction", "Site induction", LicenceKind.INDUCTION))
                val forklift = tracker.recordLicence(CTX, licence("l1", "forklift", "2023-03-15", "2026-03-15").copy(reference = "FL-1"), null)
                assertEquals(CTX.at, forklift.createdAt, "created at")
                val firstAid = tracker.recordLicence(CTX, licence("l2", "first-aid", acquired = "2025-06-30"), licenceType("first-aid", "First aid", LicenceKind.CERTIFICATION, "3 years"))
                assertEquals("2028-06-30", firstAid.licence.expiry, "expiry derived from the new type's validity")
                tracker.recordLicence(CTX, licence("l3", "induction", expiry = "2026-01-10"), null)
                val attachment = tracker.addAttachment(CTX, "a1", "l1", "card.jpg", "image/jpeg", PHOTO)
                assertEquals(13UL, attachment.size, "attachment size")
                assertEquals("c18273c633e16b98b365c130baff35b72e20096df078c450c5688027893b63b6", attachment.sha256, "sha256")
            }
            harness.check("scenario: my licences with status and days left") {
                assertEquals(EXPECTED_LIST, myLicences(tracker), "my licences")
                assertEquals("Forklift licence", tracker.licencesOf("ana", TODAY)[1].typeName, "type name")
            }
            harness.check("scenario: reminders due, acknowledged once") {
                val due = tracker.dueReminders(TODAY)
                assertEquals(listOf("l3", "l1"), due.map { it.licenceId }, "due licences")
                assertEquals(listOf("2026-01-31", "2025-12-15"), due.map { it.trigger }, "triggers")
                assertEquals(listOf(null, "3 months"), due.map { it.lead }, "leads")
                assertEquals(3.toUShort(), due[0].occurrence, "after-expiry occurrence")
                assertEquals(2.toUShort(), due[0].skipped, "skipped")
                assertEquals(listOf("ana@example.org"), due[1].recipients, "recipients")
                tracker.acknowledge(CTX, due[1])
                tracker.acknowledge(CTX, due[1])
                assertEquals(listOf("l3"), tracker.dueReminders(TODAY).map { it.licenceId }, "due after acknowledging")
                val digests = tracker.digests(TODAY)
                assertEquals(listOf("ana@example.org"), digests.map { it.recipient }, "digest recipients")
            }
            harness.check("scenario: errors carry the engine's kind and message") {
                val missing = assertThrows<LicenceException.NotFound> { tracker.person("bob") }
                assertEquals(RecordKind.PERSON, missing.kind, "record kind")
                assertEquals("bob", missing.id, "id")
                assertEquals("person `bob` not found", missing.message(), "message")
                assertEquals("not_found", missing.kindName(), "kind name")
                assertEquals(1u, missing.code(), "code")
                val bad = assertThrows<LicenceException.InvalidInput> {
                    tracker.recordLicence(CTX, licence("l9", "forklift", expiry = "2026-02-30"), null)
                }
                assertEquals("licence.expiry", bad.field, "field")
                assertEquals("invalid licence.expiry: `2026-02-30` is not a calendar date", bad.message(), "message")
                val twice = assertThrows<LicenceException.AlreadyExists> {
                    tracker.recordLicence(CTX, licence("l1", "forklift", expiry = "2027-01-01"), null)
                }
                assertEquals(2u, twice.code(), "code")
                val big = assertThrows<LicenceException.LimitExceeded> {
                    tracker.addAttachment(CTX, "a2", "l1", "scan.pdf", "application/pdf", ByteArray(10 * 1024 * 1024 + 1))
                }
                assertEquals(10UL * 1024UL * 1024UL, big.limit, "limit")
                assertEquals(EXPECTED_LIST, myLicences(tracker), "nothing changed")
            }
        }
        Tracker.open(path).use { tracker ->
            harness.check("scenario: reopened file keeps licences, attachment and acknowledgements") {
                assertEquals(EXPECTED_LIST, myLicences(tracker), "my licences after reopening")
                val stored = tracker.attachment("a1")
                assertEquals("card.jpg", stored.attachment.fileName, "file name")
                assertEquals(PHOTO.toList(), stored.content.toList(), "content")
                assertEquals(listOf("a1"), tracker.attachments("l1").map { it.id }, "attachments")
                assertEquals(listOf("l3"), tracker.dueReminders(TODAY).map { it.licenceId }, "due after reopening")
            }
            harness.check("scenario: renew and delete") {
                val renewed = tracker.renewLicence(CTX, "l3", licence("l4", "induction", "2026-02-01", "2027-01-10"))
                assertEquals("l3", renewed.licence.renews, "renews")
                assertEquals("l4", tracker.licence("l3").licence.supersededBy, "superseded by")
                assertEquals(
                    listOf(Triple("l1", Status.EXPIRING, 42), Triple("l4", Status.ACTIVE, 343), Triple("l2", Status.ACTIVE, 880)),
                    myLicences(tracker),
                    "renewal listed instead of the superseded licence",
                )
                tracker.deleteLicence(CTX, "l2", TODAY)
                assertEquals(listOf("l1", "l4"), myLicences(tracker).map { it.first }, "after deleting")
                assertEquals(TODAY, tracker.licence("l2").deletedOn, "deleted on")
                val json = tracker.execute("status_counts", """{"today": "$TODAY"}""")
                assertEquals("""{"active":1,"expired":0,"expiring":1}""", json, "status counts by operation")
            }
        }
    } finally {
        dir.toFile().deleteRecursively()
    }
    harness.check("rules: batch statuses and day numbers") {
        val today = dayNumber(TODAY)
        assertEquals(20485, today, "day number")
        assertEquals(TODAY, dateOf(today), "date")
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
