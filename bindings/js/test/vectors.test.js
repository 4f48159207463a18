// The shared conformance vectors (tests/vectors/*.json, or the folder
// LICENCE_VECTORS names) through the package's typed exports, by
// operation name, as tests/python/test_vectors.py runs them through the
// Python binding: rule cases through `ruleOperations` (and through
// `pureRules.execute` by name), scenarios step by step through a fresh
// tracker over a fresh MemoryStore. One test per case.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, test } from 'node:test';

import { pureRules, ruleOperations } from 'licence-engine/rules';
import { MemoryStore, openTracker } from 'licence-engine/tracker';

import { Typed, Unfit, mismatch, snake } from './typed.js';

const VECTORS = process.env.LICENCE_VECTORS ?? 'tests/vectors';
const typed = Typed.load();

/** Runs one call and compares its outcome with the case's `expect` or `error`. */
function check(c, call) {
  let actual;
  try {
    actual = call();
  } catch (error) {
    if (error instanceof Unfit) {
      assert.equal(c.error, 'invalid_input', `input no record holds: ${error.message}`);
      return;
    }
    const tag = error?.payload?.tag;
    if (typeof tag !== 'string') throw error;
    assert.ok('error' in c, `unexpected error ${snake(tag)}: ${error.message}`);
    assert.equal(snake(tag), c.error, error.message);
    return;
  }
  assert.ok('expect' in c, `expected error ${c.error}, got ${JSON.stringify(actual)}`);
  const found = mismatch(c.expect, actual);
  assert.equal(found, null, `${found}\n  actual: ${JSON.stringify(actual)}`);
}

function runSteps(tracker, steps) {
  steps.forEach((step, i) => {
    try {
      check(step, () =>
        typed.call(tracker, step.op, typed.tracker, step.input, (op, input) => tracker.execute(op, input)),
      );
    } catch (error) {
      error.message = `step ${i} \`${step.op}\`: ${error.message}`;
      throw error;
    }
  });
}

const files = readdirSync(VECTORS)
  .filter((name) => name.endsWith('.json'))
  .sort();
const cases = files.flatMap((file) =>
  JSON.parse(readFileSync(join(VECTORS, file), 'utf8')).cases.map((c) => [basename(file, '.json'), c]),
);

test('every vector file has cases', () => {
  assert.ok(cases.length >= 10, `only ${cases.length} cases in ${VECTORS}`);
  assert.deepEqual(new Set(cases.map(([file]) => file)), new Set(files.map((f) => basename(f, '.json'))));
});

for (const file of files.map((f) => basename(f, '.json'))) {
  describe(file, () => {
    for (const [, c] of cases.filter(([f]) => f === file)) {
      test(c.name, () => {
        if (c.op !== 'tracker') {
          check(c, () =>
            typed.call(ruleOperations, c.op, typed.rules, c.input, (op, input) => pureRules.execute(op, input)),
          );
          check(c, () => JSON.parse(pureRules.execute(c.op, JSON.stringify(c.input))));
          return;
        }
        runSteps(openTracker(new MemoryStore()), c.input.steps);
      });
    }
  });
}
