"""The README's Python example (run by test_example.py against the installed wheel)."""
import licence
from licence import Date

t = licence.Tracker.open(":memory:")
ctx = licence.Context(actor="hr", at=1767225600)
ana = licence.Person(id="ana", name="Ana López", registered_on=Date(year=2024, month=1, day=10), roles=[], positions=[], active=True)
t.register_person(licence.RegisterPersonInput(ctx=ctx, person=ana))
forklift = licence.LicenceType(id="forklift", name="Forklift", kind=licence.LicenceKind.LICENCE,
                               grace_days=0, renewal_basis=licence.RenewalBasis.FROM_COMPLETION,
                               requires_approval=False)
fl = licence.Licence(id="fl-1", holder_id="ana", type_id="forklift", expiry=Date(year=2026, month=4, day=15),
                     notes="", owner=licence.Owner.CANDIDATE())
t.record_licence(licence.RecordLicenceInput(ctx=ctx, licence=fl, new_type=forklift))
for held in t.licences_of(licence.LicencesOfInput(holder_id="ana", today=Date(year=2026, month=3, day=1))).licences:
    print(f"{held.type_name}: {held.status.name}, {held.days_left} days left")
try:
    t.person(licence.PersonInput(id="bob"))
except licence.LicenceError.NotFound as e:
    print(e.message(), f"({e.kind_name()})")
