import { date, openTracker, ruleOperations } from 'licence-engine';

const today = date('2026-02-01');
const [forklift] = ruleOperations.status({ expiries: [date('2026-03-15')], today }).results;
console.log(`rules: ${forklift.status}, ${forklift.daysLeft} days left`);

const tracker = openTracker(); // in memory; openTracker(myStore) keeps the records in your database
const ctx = { actor: 'admin', at: 1769904000n }; // who acts, and when (seconds, a bigint)
tracker.registerPerson({ ctx, person: { id: 'ana', name: 'Ana', registeredOn: today, active: true, roles: [], fields: [], positions: [] } });
tracker.recordLicence({
  ctx,
  licence: { id: 'l1', holderId: 'ana', typeId: 'forklift', expiry: date('2026-03-15'), notes: '', owner: { tag: 'candidate' }, fields: [] },
  newType: { id: 'forklift', name: 'Forklift licence', kind: 'licence', renewalBasis: 'from-completion', graceDays: 0 },
});
for (const { record, typeName, status, daysLeft } of tracker.licencesOf({ holderId: 'ana', today }).licences) {
  console.log(`${record.licence.id}: ${typeName}, ${status}, ${daysLeft} days left`);
}
