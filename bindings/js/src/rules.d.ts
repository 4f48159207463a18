import type { Error as EngineError } from './generated/rules/interfaces/licence-engine-types.js';

/** A typed function per rule operation: `status`, `dueReminders`, `custody`, ... */
export * as ruleOperations from './generated/rules/interfaces/licence-engine-rule-operations.js';
/** The hot paths as batch calls on day numbers (`evaluateStatus`, ...), and `execute`. */
export * as pureRules from './generated/rules/interfaces/licence-engine-pure-rules.js';
/** The records the operations take and give (`StatusInput`, `Licence`, `Date`, ...). */
export type * as records from './generated/rules/interfaces/licence-engine-records.js';
/** The shared types: `Period`, `RecordKind`, the engine's `Error` variant. */
export type * as types from './generated/rules/interfaces/licence-engine-types.js';
export { LicenceError } from './errors.js';
/** The engine's message for its `error` variant: ``person `bob` not found``. */
export declare function errorMessage(error: EngineError): string;
