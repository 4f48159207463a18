// The rules component: the engine's pure rules, importing nothing. Its
// core module is compiled when this module is imported (a top-level await),
// so the functions are ready to call:
//   ruleOperations  a typed function per rule operation (status, custody, ...)
//   pureRules       the batch calls on numbers (evaluateStatus, ...) and execute
// Each rethrows the engine's errors as LicenceError. Anything else thrown
// (a trap: an engine bug, or a value the WIT cannot hold) discards the
// instance, and the next call runs on a fresh one, as the reference host
// does: the rules keep no state.

import { instantiate } from './generated/rules/licence-rules.js';
import { LicenceError, licenceError } from './errors.js';
import { compileFolder, instantiateWith } from './instance.js';

export { LicenceError } from './errors.js';

const modules = await compileFolder(new URL('./generated/rules/', import.meta.url));
let root = null;

function live() {
  root ??= instantiateWith(instantiate, modules, {});
  return root;
}

/** The functions of the exported interface `name`, each calling the live instance. */
function exported(name) {
  const functions = {};
  for (const fn of Object.keys(live()[name])) {
    functions[fn] = function call(...args) {
      const instance = live();
      try {
        return instance[name][fn](...args);
      } catch (e) {
        const error = licenceError(e, errorMessage);
        if (!(error instanceof LicenceError) && root === instance) root = null;
        throw error;
      }
    };
  }
  return Object.freeze(functions);
}

/** The engine's message for its `error` variant: ``person `bob` not found``. */
export function errorMessage(error) {
  return live().pureRules.errorMessage(error);
}

/** A typed function per rule operation: `status`, `dueReminders`, `custody`, ... */
export const ruleOperations = exported('ruleOperations');

/** The hot paths as batch calls on day numbers, and `execute(op, json)`. */
export const pureRules = exported('pureRules');
