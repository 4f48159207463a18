// Status of 100,000 licences from Node through the rules component's batch
// call (`pureRules.evaluateStatus`, transpiled by jco), against the Rust
// figure given as the first argument: the median nanoseconds of the
// engine's own call on the same batch (`cargo bench -p licence-uniffi
// --bench status` prints it as `rust_ns`). The second argument is the
// built package's folder (target/js/package by default).
//
//   node bindings/js/bench/status.mjs <rust_ns> [package folder]

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const LICENCES = 100_000;
const RUNS = 300;
const NEVER = -2147483648;

const [rustArg, folder = 'target/js/package'] = process.argv.slice(2);
const rustNs = Number(rustArg);
if (!(rustNs > 0)) {
  console.error('usage: node status.mjs <rust_ns> [package folder]');
  process.exit(2);
}
const { pureRules } = await import(pathToFileURL(resolve(folder, 'rules.js')).href);
const { dayNumber } = await import(pathToFileURL(resolve(folder, 'dates.js')).href);

const today = dayNumber('2026-02-01');
const expiries = Int32Array.from({ length: LICENCES }, (_, i) =>
  i % 10 === 0 ? NEVER : today - 400 + ((i * 7919) % 1500),
);
const asArray = Array.from(expiries);

/** Median nanoseconds of RUNS calls of `call`, after as many to warm up. */
function median(call) {
  let expired = 0;
  for (let i = 0; i < RUNS; i++) {
    const { statuses } = call();
    if (statuses.length !== LICENCES) throw new Error(`${statuses.length} statuses`);
    expired += statuses.filter((s) => s === 2).length;
  }
  if (expired === 0) throw new Error('no licence expired: the batch is wrong');
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    call();
    times.push(Number(process.hrtime.bigint() - start));
  }
  times.sort((a, b) => a - b);
  return times[RUNS >> 1];
}

const typed = median(() => pureRules.evaluateStatus(expiries, today, 90));
const plain = median(() => pureRules.evaluateStatus(asArray, today, 90));
const line = (label, ns) =>
  console.log(`  ${label.padEnd(38)}${(ns / 1000).toFixed(0).padStart(6)} us  ${(ns / rustNs).toFixed(1).padStart(4)}x rust`);
console.log(`status of ${LICENCES} licences, median of ${RUNS} calls each`);
console.log(`  ${'rust engine call:'.padEnd(38)}${(rustNs / 1000).toFixed(0).padStart(6)} us`);
line('node evaluateStatus(Int32Array):', typed);
line('node evaluateStatus(Array):', plain);
console.log('    (through the rules component transpiled by jco: copies in and out of its memory included)');
