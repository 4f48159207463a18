// A Node back end's use of the package, with the typed API only: the pure
// rules on a few expiries, then a tracker over a MemoryStore (a person,
// licences, one of a type created with it, statuses, counts, reminders due
// and acknowledged), the engine's errors, and a failing store.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { date, dayNumber, LicenceError, NEVER } from 'licence-engine';
import { pureRules, ruleOperations } from 'licence-engine/rules';
import { MemoryStore, openTracker, StoreError } from 'licence-engine/tracker';

const TODAY = date('2026-02-01');
const CTX = { actor: 'ana', at: 1769904000n };

const years = (amount) => ({ amount, unit: 'years' });

function licenceType(id, name, kind, validity) {
  return { id, name, kind, validity, renewalBasis: 'from-completion', graceDays: 0, policy: undefined };
}

function held(id, typeId, { acquired, expiry, reference } = {}) {
  return {
    id,
    holderId: 'ana',
    typeId,
    reference,
    issuer: undefined,
    acquired: acquired && date(acquired),
    expiry: expiry && date(expiry),
    notes: '',
    owner: { tag: 'candidate' },
    renews: undefined,
    supersededBy: undefined,
    fields: [],
  };
}

const ANA = {
  id: 'ana',
  name: 'Ana López',
  registeredOn: date('2025-01-06'),
  email: 'ana@example.org',
  location: undefined,
  department: undefined,
  roles: [],
  active: true,
  fields: [],
  positions: [],
};

const ALL = {
  department: undefined,
  expiringWithinDays: undefined,
  field: undefined,
  holderId: undefined,
  location: undefined,
  statuses: [],
  typeIds: [],
};

/** Ana, two licence types, and three licences (one of a type created with it). */
function organisation(store = new MemoryStore()) {
  const tracker = openTracker(store);
  assert.deepEqual(tracker.registerPerson({ ctx: CTX, person: ANA }), { seats: [] });
  tracker.createLicenceType({ ctx: CTX, licenceType: licenceType('forklift', 'Forklift licence', 'licence', years(3)) });
  tracker.createLicenceType({ ctx: CTX, licenceType: licenceType('induction', 'Site induction', 'induction') });
  tracker.recordLicence({
    ctx: CTX,
    licence: held('l1', 'forklift', { acquired: '2023-03-15', expiry: '2026-03-15', reference: 'FL-1' }),
  });
  const firstAid = tracker.recordLicence({
    ctx: CTX,
    licence: held('l2', 'first-aid', { acquired: '2025-06-30' }),
    newType: licenceType('first-aid', 'First aid', 'certification', years(3)),
  });
  assert.deepEqual(firstAid.licence.expiry, date('2028-06-30'));
  assert.equal(firstAid.createdAt, 1769904000n);
  tracker.recordLicence({ ctx: CTX, licence: held('l3', 'induction', { expiry: '2026-01-10' }) });
  return tracker;
}

function mine(tracker) {
  return tracker
    .licencesOf({ holderId: 'ana', today: TODAY })
    .licences.map((h) => [h.record.licence.id, h.typeName, h.status, h.daysLeft]);
}

const MINE = [
  ['l3', 'Site induction', 'expired', -22],
  ['l1', 'Forklift licence', 'expiring', 42],
  ['l2', 'First aid', 'active', 880],
];

describe('rules', () => {
  test('status of a few expiries, typed', () => {
    const answer = ruleOperations.status({
      expiries: [date('2026-02-01'), date('2026-05-02'), date('2026-05-03'), date('2026-01-31'), undefined],
      today: TODAY,
      windowDays: 90,
    });
    assert.deepEqual(answer.results, [
      { status: 'expiring', daysLeft: 0 },
      { status: 'expiring', daysLeft: 90 },
      { status: 'active', daysLeft: 91 },
      { status: 'expired', daysLeft: -1 },
      { status: 'active', daysLeft: undefined },
    ]);
  });

  test('the batch call on day numbers', () => {
    const today = dayNumber(TODAY);
    assert.equal(today, 20485);
    const expiries = Int32Array.of(today, today + 90, today + 91, today - 1, NEVER);
    const { daysLeft, statuses } = pureRules.evaluateStatus(expiries, today, 90);
    assert.deepEqual([...statuses], [1, 1, 0, 2, 0]);
    assert.deepEqual([...daysLeft], [0, 90, 91, -1, NEVER]);
  });

  test('after a failure that is not the engine\'s, the next call works', () => {
    const short = { length: 1000, buffer: new ArrayBuffer(8), byteOffset: 0 };
    assert.throws(() => pureRules.evaluateStatus(short, 20485, 90), RangeError);
    assert.deepEqual([...pureRules.evaluateStatus(Int32Array.of(20484), 20485, 90).statuses], [2]);
  });

  test('a trigger date and a refused date', () => {
    const answer = ruleOperations.triggerDate({ expiry: date('2026-03-31'), lead: { amount: 1, unit: 'months' } });
    assert.deepEqual(answer, { trigger: date('2026-02-28') });
    assert.throws(
      () => ruleOperations.triggerDate({ expiry: date('2026-02-30'), lead: { amount: 1, unit: 'months' } }),
      (e) =>
        e instanceof LicenceError &&
        e.kind === 'invalid_input' &&
        e.payload.tag === 'invalid-input' &&
        e.message.includes('`2026-02-30` is not a calendar date'),
    );
  });
});

describe('tracker', () => {
  test("a holder's licences with their status and days left", () => {
    assert.deepEqual(mine(organisation()), MINE);
  });

  test('status counts', () => {
    const counts = organisation().statusCounts({ filter: ALL, today: TODAY });
    assert.deepEqual(counts, { active: 1n, expiring: 1n, expired: 1n });
  });

  test('reminders due, acknowledged once', () => {
    const tracker = organisation();
    const due = tracker.dueReminders({ today: TODAY }).reminders;
    assert.deepEqual(
      due.map((r) => [r.licenceId, r.trigger, r.lead, r.occurrence, r.skipped, r.daysLeft]),
      [
        ['l3', date('2026-01-31'), undefined, 3, 2, -22],
        ['l1', date('2025-12-15'), { amount: 3, unit: 'months' }, 0, 0, 42],
      ],
    );
    assert.deepEqual(due[1].recipients, ['ana@example.org']);
    const sent = { ctx: CTX, licenceId: 'l1', expiry: due[1].expiry, trigger: due[1].trigger };
    assert.equal(tracker.acknowledge(sent), undefined);
    tracker.acknowledge(sent);
    assert.deepEqual(
      tracker.dueReminders({ today: TODAY }).reminders.map((r) => r.licenceId),
      ['l3'],
    );
    const acknowledged = tracker.acknowledgements({ licenceId: 'l1' }).acknowledgements;
    assert.deepEqual(
      acknowledged.map((a) => [a.at, a.trigger]),
      [[1769904000n, date('2025-12-15')]],
    );
  });

  test('by name with JSON documents', () => {
    const tracker = organisation();
    assert.equal(tracker.execute('status_counts', '{"today": "2026-02-01"}'), '{"active":1,"expired":1,"expiring":1}');
  });
});

describe('errors', () => {
  test('an unknown person is not found, with the engine message', () => {
    const tracker = organisation();
    assert.throws(
      () => tracker.person({ id: 'bob' }),
      (e) => {
        assert.ok(e instanceof LicenceError);
        assert.ok(e instanceof Error);
        assert.deepEqual(e.payload, { tag: 'not-found', val: { kind: 'person', id: 'bob' } });
        assert.equal(e.kind, 'not_found');
        assert.equal(e.code, 1);
        assert.equal(e.message, 'person `bob` not found');
        return true;
      },
    );
  });

  test('a licence recorded twice already exists; an unknown type is not found', () => {
    const tracker = organisation();
    assert.throws(
      () => tracker.recordLicence({ ctx: CTX, licence: held('l1', 'forklift', { expiry: '2027-01-01' }) }),
      { name: 'LicenceError', kind: 'already_exists', code: 2, message: 'licence `l1` already exists' },
    );
    assert.throws(
      () => tracker.recordLicence({ ctx: CTX, licence: held('l9', 'crane', { expiry: '2027-01-01' }) }),
      { kind: 'not_found', message: 'licence type `crane` not found' },
    );
    assert.deepEqual(mine(tracker), MINE);
  });

  test('a failing store is a storage error and changes nothing', () => {
    class FailingStore extends MemoryStore {
      failing = false;

      put(collection, entries) {
        if (this.failing) throw new StoreError('disk full');
        return super.put(collection, entries);
      }
    }
    const store = new FailingStore();
    const tracker = organisation(store);
    store.failing = true;
    assert.throws(
      () => tracker.recordLicence({ ctx: CTX, licence: held('l4', 'forklift', { expiry: '2027-01-01' }) }),
      (e) => {
        assert.ok(e instanceof LicenceError);
        assert.deepEqual(e.payload, { tag: 'storage', val: 'disk full' });
        assert.equal(e.kind, 'storage');
        assert.equal(e.code, 7);
        assert.equal(e.message, 'storage failure: disk full');
        return true;
      },
    );
    store.failing = false;
    assert.deepEqual(mine(tracker), MINE);
    assert.throws(() => tracker.licence({ id: 'l4' }), { kind: 'not_found' });
    // The store is usable again: the failed operation's transaction was rolled back.
    tracker.recordLicence({ ctx: CTX, licence: held('l4', 'forklift', { expiry: '2027-01-01' }) });
    assert.equal(mine(tracker).length, 4);
  });

  test('a store throwing a plain Error is a storage error too', () => {
    const store = new MemoryStore();
    const tracker = organisation(store);
    store.find = () => {
      throw new Error('connection lost');
    };
    assert.throws(() => tracker.licencesOf({ holderId: 'ana', today: TODAY }), (e) => {
      assert.equal(e.kind, 'storage');
      assert.equal(e.message, 'storage failure: connection lost');
      return true;
    });
  });

  test('after a trap the same tracker goes on, on a fresh instance', () => {
    const store = new MemoryStore();
    const tracker = organisation(store);
    const get = store.get;
    // A store answer the WIT cannot hold (an id that is not text) traps the call.
    store.get = (collection, ids) => get.call(store, collection, ids).map((s) => ({ ...s, id: 5 }));
    assert.throws(() => tracker.person({ id: 'ana' }), (e) => e instanceof TypeError);
    store.get = get;
    // Its transaction was rolled back, and the next call runs on a fresh instance.
    assert.equal(tracker.person({ id: 'ana' }).name, 'Ana López');
    assert.deepEqual(mine(tracker), MINE);
    assert.deepEqual(mine(openTracker(store)), MINE);
  });
});

describe('memory store', () => {
  const text = (val) => ({ tag: 'text', val });
  const number = (val) => ({ tag: 'number', val: BigInt(val) });
  const entry = (id, keys) => ({
    id,
    document: new TextEncoder().encode(id),
    keys: Object.entries(keys).map(([name, value]) => ({ name, value })),
  });
  const ids = (found) => found.map((s) => s.id);
  const query = (q) => ({ collection: 'licences', conditions: [], order: [], offset: 0, limit: undefined, ...q });

  function filled() {
    const store = new MemoryStore();
    store.begin();
    store.put('licences', [
      entry('c', { expiry: number(5), holder_id: text('ann') }),
      entry('a', { expiry: number(9), holder_id: text('bob') }),
      entry('b', { expiry: number(5), holder_id: text('ann') }),
      entry('d', { holder_id: text('\u{1F600}') }),
      entry('e', { expiry: number(-3), holder_id: text('\uFFFD') }),
    ]);
    store.commit();
    return store;
  }

  test('ranges are inclusive; a missing key matches no condition', () => {
    const store = filled();
    const between = { key: 'expiry', anyOf: [{ low: number(5), high: number(8) }] };
    assert.deepEqual(ids(store.find(query({ conditions: [between] }))), ['b', 'c']);
    const open = { key: 'expiry', anyOf: [{ low: undefined, high: undefined }] };
    assert.deepEqual(ids(store.find(query({ conditions: [open] }))), ['a', 'b', 'c', 'e']);
    const none = { key: 'expiry', anyOf: [] };
    assert.equal(store.count('licences', [none]), 0n);
    const either = { key: 'holder_id', anyOf: [{ low: text('bob'), high: text('bob') }, { low: text('cy'), high: text('cy') }] };
    assert.equal(store.count('licences', [either]), 1n);
  });

  test('orders: missing keys first, numbers numerically, text by code point, then id', () => {
    const store = filled();
    const byExpiry = query({ order: [{ key: 'expiry', descending: false }] });
    assert.deepEqual(ids(store.find(byExpiry)), ['d', 'e', 'b', 'c', 'a']);
    const descending = query({ order: [{ key: 'expiry', descending: true }] });
    assert.deepEqual(ids(store.find(descending)), ['a', 'b', 'c', 'e', 'd']);
    // U+1F600 is above U+FFFD by code point, below it in UTF-16 units.
    const byHolder = query({ order: [{ key: 'holder_id', descending: false }] });
    assert.deepEqual(ids(store.find(byHolder)), ['b', 'c', 'a', 'e', 'd']);
    const paged = query({ order: [{ key: 'expiry', descending: true }], offset: 1, limit: 2 });
    assert.deepEqual(ids(store.find(paged)), ['b', 'c']);
    assert.deepEqual(ids(store.get('licences', ['c', 'x', 'a', 'c'])), ['a', 'c']);
  });

  test('a rollback restores records and sequences', () => {
    const store = filled();
    store.begin();
    assert.equal(store.nextSequence('audit', 1n), 1n);
    store.commit();
    store.begin();
    store.put('licences', [entry('a', { expiry: number(1) }), entry('z', {})]);
    store.remove('licences', ['b']);
    assert.equal(store.nextSequence('audit', 3n), 2n);
    store.rollback();
    assert.deepEqual(ids(store.find(query({}))), ['a', 'b', 'c', 'd', 'e']);
    assert.equal(store.count('licences', [{ key: 'expiry', anyOf: [{ low: number(9), high: number(9) }] }]), 1n);
    store.begin();
    assert.equal(store.nextSequence('audit', 1n), 2n);
    store.rollback();
    assert.throws(() => store.put('licences', [entry('y', {})]), { name: 'StoreError', payload: 'write outside a transaction' });
  });
});
