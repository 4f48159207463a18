// licence-engine: the engine's two WebAssembly components for Node.
//   ./rules    the pure rules, ready to call (imports nothing)
//   ./tracker  openTracker(store): the tracker over a store the host gives
export { ruleOperations, pureRules, errorMessage } from './rules.js';
export { openTracker, trackerOperations, STORE_FUNCTIONS } from './tracker.js';
export { MemoryStore, StoreError, compareText, compareKeyValue } from './memory-store.js';
export { LicenceError } from './errors.js';
export { date, dateText, dayNumber, dateOf, NEVER } from './dates.js';
