// The engine's one error, as JavaScript sees it. Every fallible call of the
// components returns `result<T, error>`; jco throws the `err` as a
// `ComponentError` whose `payload` is the WIT `error` variant. The package
// rethrows it as a `LicenceError`: the same `payload`, plus the engine's
// stable kind name and code and its message.

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

/** The engine's message for an `error` variant, word for word as in Rust. */
export function errorMessage(error) {
  const v = error.val;
  const kind = (k) => k.replace(/-/g, ' ');
  switch (error.tag) {
    case 'not-found':
      return `${kind(v.kind)} \`${v.id}\` not found`;
    case 'already-exists':
      return `${kind(v.kind)} \`${v.id}\` already exists`;
    case 'invalid-input':
      return `invalid ${v.field}: ${v.reason}`;
    case 'permission-denied':
      return `${v.party} may not ${v.action}`;
    case 'invalid-transition':
      return `cannot ${v.action} from state ${v.from}`;
    case 'limit-exceeded':
      return `${v.what} exceeds the limit of ${v.limit}`;
    case 'storage':
      return `storage failure: ${v}`;
    case 'internal':
      return `internal failure: ${v}`;
    default:
      return `unknown error ${JSON.stringify(error.tag)}`;
  }
}

/** A failure of an engine call: the WIT `error` variant, with its message. */
export class LicenceError extends Error {
  constructor(payload) {
    super(errorMessage(payload));
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

/** `e` as a LicenceError when it carries the engine's error, else `e`. */
export function licenceError(e) {
  const payload = e?.payload;
  if (payload && typeof payload === 'object' && payload.tag in KINDS && !(e instanceof LicenceError)) {
    return new LicenceError(payload);
  }
  return e;
}
