import type { Tracker as TrackerResource } from './generated/tracker/interfaces/licence-engine-tracking.js';
import type { Store } from './memory-store.js';

/**
 * One organisation's tracker: a typed method per tracker operation
 * (`registerPerson`, `recordLicence`, `licencesOf`, `statusCounts`,
 * `dueReminders`, `acknowledge`, ...; one without input takes no
 * argument), and `execute(op, json)` by name. A refused call throws a
 * `LicenceError`.
 */
export type Tracker = TrackerResource;

/**
 * A tracker over `store` (a new `MemoryStore` by default): a fresh
 * instance of the tracker component whose `store` import calls it.
 */
export declare function openTracker(store?: Store): Tracker;

/** The names of the operations that a tracker's `execute` runs. */
export declare function trackerOperations(): Array<string>;

/** The names of the store's nine functions. */
export declare const STORE_FUNCTIONS: readonly [
  'begin', 'commit', 'rollback', 'get', 'put', 'remove', 'find', 'count', 'nextSequence',
];

/** The records the operations take and give (`Person`, `Licence`, `Date`, ...). */
export type * as records from './generated/tracker/interfaces/licence-engine-records.js';
/** The shared types: `Period`, `RecordKind`, the engine's `Error` variant. */
export type * as types from './generated/tracker/interfaces/licence-engine-types.js';
export type { Store } from './memory-store.js';
export type * as store from './generated/tracker/interfaces/licence-engine-store.js';
export { MemoryStore, StoreError } from './memory-store.js';
export { LicenceError } from './errors.js';
