// The tracker component with its store given by the host. The component
// (transpiled by jco with `--instantiation sync`) imports one interface,
// `licence:engine/store`; `openTracker(store)` instantiates it with the
// host's store and constructs the `tracker` resource, whose typed methods
// (one per tracker operation, camelCase) throw the engine's errors as
// LicenceError; after a trap the next call gets a fresh instance.

import { instantiate } from './generated/tracker/licence-tracker.js';
import { LicenceError, licenceError } from './errors.js';
import { errorMessage } from './rules.js';
import { compileFolder, instantiateWith } from './instance.js';
import { MemoryStore, StoreError } from './memory-store.js';

export { MemoryStore, StoreError } from './memory-store.js';
export { LicenceError } from './errors.js';

/** The nine functions of the WIT interface `store`, as jco names them. */
export const STORE_FUNCTIONS = Object.freeze([
  'begin', 'commit', 'rollback', 'get', 'put', 'remove', 'find', 'count', 'nextSequence',
]);

// The component's core modules, compiled once when the module loads; each
// tracker is a new instance of them.
const modules = await compileFolder(new URL('./generated/tracker/', import.meta.url));

/** A store function's failure as jco's `err(string)`: a value with a string `payload`. */
function storeFailure(e) {
  if (e !== null && typeof e === 'object' && typeof e.payload === 'string' && Object.hasOwn(e, 'payload')) {
    return e;
  }
  return new StoreError(e instanceof Error ? e.message : String(e));
}

/**
 * The store's functions as the component's import: called on the store;
 * anything they throw is the store's failure (the tracker's `storage`
 * error, after which it rolls back), and u64 answers are bigints. `state`
 * notes whether a transaction is open.
 */
function storeImport(store, state) {
  const imports = {};
  for (const name of STORE_FUNCTIONS) {
    if (typeof store[name] !== 'function') throw new TypeError(`the store has no \`${name}\` function`);
    const u64 = name === 'count' || name === 'nextSequence';
    imports[name] = (...args) => {
      let answer;
      try {
        answer = store[name](...args);
        if (answer !== null && typeof answer === 'object' && typeof answer.then === 'function') {
          throw new StoreError(`\`${name}\` answered a promise: store functions are synchronous`);
        }
        if (u64) answer = BigInt(answer);
      } catch (e) {
        throw storeFailure(e);
      } finally {
        if (name === 'commit' || name === 'rollback') state.open = false;
      }
      if (name === 'begin') state.open = true;
      return answer;
    };
  }
  return imports;
}

/**
 * A tracker over `store` (a new MemoryStore by default): a fresh instance
 * of the tracker component whose `store` import calls the store's nine
 * functions, and the `tracker` resource constructed in it. Each method
 * rethrows the engine's errors as LicenceError. Anything else thrown is a
 * trap (an engine bug, or a store answer the WIT cannot hold): the
 * transaction it left open is rolled back, the instance discarded, and the
 * next call runs on a fresh one over the same store, as the reference host
 * does.
 */
export function openTracker(store = new MemoryStore()) {
  const state = { open: false };
  const imports = storeImport(store, state);
  let resource = null;

  function live() {
    if (resource === null) {
      // jco 1.35 reads the import without its version; its .d.ts names it with.
      const root = instantiateWith(instantiate, modules, {
        'licence:engine/store': imports,
        'licence:engine/store@0.1.0': imports,
      });
      resource = new root.tracking.Tracker();
    }
    return resource;
  }

  function discard(instance) {
    if (resource !== instance) return;
    resource = null;
    if (state.open) {
      state.open = false;
      try {
        store.rollback();
      } catch {
        // The trap is what the caller needs to see.
      }
    }
  }

  function guarded(property) {
    return function method(...args) {
      const instance = live();
      try {
        return instance[property](...args);
      } catch (e) {
        const error = licenceError(e, errorMessage);
        if (!(error instanceof LicenceError)) discard(instance);
        throw error;
      }
    };
  }

  live();
  const methods = new Map();
  return new Proxy(
    {},
    {
      get(_, property) {
        const value = live()[property];
        if (typeof value !== 'function' || property === 'constructor') return value;
        let method = methods.get(property);
        if (!method) {
          method = guarded(property);
          methods.set(property, method);
        }
        return method;
      },
      has(_, property) {
        return property in live();
      },
    },
  );
}

/** The names of the operations that a tracker's `execute` runs. */
export function trackerOperations() {
  return openTracker(new MemoryStore()).constructor.operations();
}
