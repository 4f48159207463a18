// The README's Java example: the engine's jar, JNA and kotlin-stdlib on the
// class path, nothing else (the jar carries the native library).
//   javac -cp licence-engine-0.1.0.jar:jna.jar:kotlin-stdlib.jar Example.java
//   java -cp .:licence-engine-0.1.0.jar:jna.jar:kotlin-stdlib.jar Example
import java.util.List;
import java.util.Map;

import licence.*;

public final class Example {
    public static void main(String[] args) throws LicenceException {
        try (Tracker tracker = Tracker.Companion.open(":memory:")) {
            Context hr = new Context("hr", 1767225600L, Party.Staff.INSTANCE); // who acts, when, for whom
            Person ana = new Person(true, null, null, "ana@example.org", Map.of(), "ana", null, null, null,
                    "Ana López", List.of(), LicenceKt.parseDate("2024-01-10"), List.of(Role.DELEGATE));
            tracker.registerPerson(new RegisterPersonInput(hr, ana));
            // Java cannot build records with unsigned fields (a type's grace
            // days): those go through the JSON door.
            tracker.execute("create_licence_type", "{\"ctx\": {\"actor\": \"hr\", \"at\": 1767225600},"
                    + " \"licence_type\": {\"id\": \"forklift\", \"name\": \"Forklift\", \"kind\": \"licence\"}}");
            Licence forklift = new Licence(null, LicenceKt.parseDate("2026-04-15"), Map.of(), "ana", "fl-1",
                    null, "", Owner.Candidate.INSTANCE, null, null, null, "forklift");
            tracker.recordLicence(new RecordLicenceInput(hr, forklift, null));
            LicencesOfInput query = new LicencesOfInput("ana", LicenceKt.parseDate("2026-03-01"));
            for (HeldLicence held : tracker.licencesOf(query).getLicences()) {
                System.out.println(held.getTypeName() + ": " + held.getStatus() + ", "
                        + held.getDaysLeft() + " days left");
            }
            try {
                tracker.person(new PersonInput("bob"));
            } catch (LicenceException.NotFound e) {
                System.out.println(e.message() + " (" + e.kindName() + ")");
            }
        }
    }
}
