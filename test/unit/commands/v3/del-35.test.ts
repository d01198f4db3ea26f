// del's --range (etcdctl 3.5): accepted, and the request is the one without it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFlags } from '../../../../src/cli/v3/cobra.js';
import { delRequest, newDelCommand } from '../../../../commands/v3/del.js';

const request = (args: string[]) => {
  const p = parseFlags(newDelCommand(), args);
  return delRequest(p.positionals.map((a) => Buffer.from(a)), p.flags);
};

test('--range changes nothing in the request', () => {
  assert.deepEqual(request(['a', 'c', '--range']), request(['a', 'c']));
  assert.deepEqual(request(['a', '--range']), request(['a']));
  assert.deepEqual(request(['a', 'c', '--range']).rangeEnd, Buffer.from('c'));
});
