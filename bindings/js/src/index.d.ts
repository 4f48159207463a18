export { ruleOperations, pureRules, errorMessage } from './rules.js';
export type { records, types } from './rules.js';
export { openTracker, trackerOperations, STORE_FUNCTIONS } from './tracker.js';
export type { Tracker } from './tracker.js';
export { MemoryStore, StoreError, compareText, compareKeyValue } from './memory-store.js';
export type { Store } from './memory-store.js';
export { LicenceError } from './errors.js';
export type { ErrorKind, EngineError } from './errors.js';
export { date, dateText, dayNumber, dateOf, NEVER } from './dates.js';
