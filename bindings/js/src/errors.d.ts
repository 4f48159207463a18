import type { Error as EngineError } from './generated/rules/interfaces/licence-engine-types.js';

/** The WIT `error` variant: `{ tag: 'not-found', val: { kind: 'person', id: 'bob' } }`, ... */
export type { EngineError };

/** The stable kind names, as in the conformance vectors and the other bindings. */
export type ErrorKind =
  | 'not_found'
  | 'already_exists'
  | 'invalid_input'
  | 'permission_denied'
  | 'invalid_transition'
  | 'limit_exceeded'
  | 'storage'
  | 'internal';

/**
 * What every engine call throws when the engine refuses it: the WIT
 * `error` variant (`payload`), its stable kind and code, and the engine's
 * message (``person `bob` not found``).
 */
export declare class LicenceError extends Error {
  constructor(payload: EngineError, message: string);
  /** The WIT `error` variant, as jco's `ComponentError` carries it. */
  readonly payload: EngineError;
  /** `not_found`, `already_exists`, `invalid_input`, ... */
  readonly kind: ErrorKind;
  /** 1 to 7 in the order of `ErrorKind`, 100 for `internal`. */
  readonly code: number;
}
