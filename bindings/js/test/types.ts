// The package's TypeScript declarations as a consumer's strict code uses
// them: `make test-js` type-checks this file (it is not run) against the
// installed package.

import {
  date,
  dayNumber,
  LicenceError,
  MemoryStore,
  NEVER,
  openTracker,
  pureRules,
  ruleOperations,
  StoreError,
  type ErrorKind,
  type records,
  type Store,
  type Tracker,
} from 'licence-engine';
import { ruleOperations as rules } from 'licence-engine/rules';
import { openTracker as open, type store } from 'licence-engine/tracker';

const today: records.Date = date('2026-02-01');
const person: records.Person = {
  id: 'ana',
  name: 'Ana',
  registeredOn: { year: 2025, month: 1, day: 6 },
  active: true,
  roles: ['trainer'],
  fields: [['employee_number', { tag: 'text', val: 'E-1' }]],
  positions: ['forklift-driver'],
};
const tracker: Tracker = openTracker();
const seats: records.SeatList = tracker.registerPerson({ ctx: { actor: 'admin', at: 1769904000n }, person });
const { licences }: records.HeldLicenceList = tracker.licencesOf({ holderId: 'ana', today });
const status: records.Status | undefined = licences[0]?.status;
const counts: bigint = tracker.statusCounts({ filter: { statuses: ['expired'], typeIds: [] }, today }).expired;
const courses: records.CourseList = tracker.courses();

const answer: records.StatusOutput = ruleOperations.status({ expiries: [today, undefined], today });
const trigger: records.Date = rules.triggerDate({ expiry: today, lead: { amount: 1, unit: 'months' } }).trigger;
const batch = pureRules.evaluateStatus(Int32Array.of(dayNumber(today), NEVER), dayNumber('2026-02-01'), 90);
const codes: Uint8Array = batch.statuses;

try {
  tracker.person({ id: 'bob' });
} catch (e) {
  if (e instanceof LicenceError) {
    const kind: ErrorKind = e.kind;
    const code: number = e.code;
    if (e.payload.tag === 'not-found') {
      const ref: { kind: string; id: string } = e.payload.val;
    }
  }
}

class Failing extends MemoryStore {
  override put(collection: string, entries: Array<store.Entry>): void {
    if (entries.length > 100) throw new StoreError('too many at once');
    super.put(collection, entries);
  }
}
open(new Failing());

const own: Store = {
  begin() {},
  commit() {},
  rollback() {},
  get: (collection: string, ids: string[]): store.Stored[] => [],
  put(collection: string, entries: store.Entry[]) {},
  remove(collection: string, ids: string[]) {},
  find: (query: store.Query): store.Stored[] => [],
  count: (collection: string, conditions: store.Condition[]) => 0,
  nextSequence: (name: string, count: bigint) => 1n,
};
open(own);

// @ts-expect-error: a status is one of the engine's
const wrong: records.Status = 'lapsed';
// @ts-expect-error: `at` is an s64, a bigint
tracker.acknowledge({ ctx: { actor: 'admin', at: 1 }, licenceId: 'l1', expiry: today, trigger: today });

export { seats, status, counts, courses, answer, trigger, codes, wrong };
