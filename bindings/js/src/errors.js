// The engine's one error, as JavaScript sees it. Every fallible call of the
// components returns `result<T, error>`; jco throws the `err` as a
// `ComponentError` whose `payload` is the WIT `error` variant. The package
// rethrows it as a `LicenceError`: the same `payload`, plus the engine's
// stable kind name and code and its message (which the rules component
// writes: `pureRules.errorMessage`).

/** The stable kind names (as in the vectors) and codes (as in the C binding). */
const KINDS = {
  'not-found': ['not_found', 1],
  'already-exists': ['already_exists', 2],
  'invalid-input': ['invalid_input', 3],
  'permission-denied': ['permission_denied', 4],
  'invalid-transition': ['invalid_transition', 5],
  'limit-exceeded': ['limit_exceeded', 6],
  storage: ['storage', 7],
  internal: ['internal', 100],
};

/** A failure of an engine call: the WIT `error` variant, with its message. */
export class LicenceError extends Error {
  constructor(payload, message) {
    super(message);
    this.name = 'LicenceError';
    const [kind, code] = KINDS[payload.tag] ?? [String(payload.tag), 100];
    /** The WIT `error` variant: `{ tag: 'not-found', val: { kind: 'person', id: 'bob' } }`. */
    this.payload = payload;
    /** The stable kind name: `not_found`, `invalid_input`, ... */
    this.kind = kind;
    /** The stable code: 1 to 7, 100 for `internal`. */
    this.code = code;
  }
}

/**
 * `e` as a LicenceError when it carries the engine's error, else `e`;
 * `messageOf` gives the engine's message for the error.
 */
export function licenceError(e, messageOf) {
  const payload = e?.payload;
  if (payload && typeof payload === 'object' && payload.tag in KINDS && !(e instanceof LicenceError)) {
    return new LicenceError(payload, messageOf(payload));
  }
  return e;
}
