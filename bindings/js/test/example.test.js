// The README's example, run as a user would (`node example.mjs`) next to
// the installed package, its output checked line for line, and both found
// word for word in the README the package ships.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const example = readFileSync('example.mjs', 'utf8');
const expected = readFileSync('example.out', 'utf8');

test('the README example prints what the README says', () => {
  const printed = execFileSync(process.execPath, ['example.mjs'], { encoding: 'utf8' });
  assert.equal(printed, expected);
});

test('the README shows the example and its output verbatim', () => {
  const readme = readFileSync('node_modules/licence-engine/README.md', 'utf8');
  assert.ok(readme.includes('```js\n' + example + '```\n'), 'the README has not the example as it is');
  assert.ok(readme.includes('```\n' + expected + '```\n'), 'the README has not its output as it is');
});
