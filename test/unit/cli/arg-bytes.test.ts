import { test } from 'node:test';
import assert from 'node:assert/strict';
import { argBytes } from '../../../src/cli/core/arg-bytes.js';
import { CliError } from '../../../src/cli/core/errors.js';

const decoded = (b: Buffer) => b.toString('utf8');

test('valid UTF-8 arguments are their own bytes; others come from argvBytes', () => {
  assert.deepEqual(argBytes({}, 'plain ключ'), Buffer.from('plain ключ'));
  const raw = [Buffer.from('put'), Buffer.from([0x6b, 0xff]), Buffer.from([0x76, 0xfe, 0x00 + 0x41]), Buffer.from('--lease=1')];
  assert.deepEqual(argBytes({ argvBytes: raw }, decoded(raw[1]!)), raw[1]);
  assert.deepEqual(argBytes({ argvBytes: raw }, decoded(raw[2]!)), raw[2]);
  // the value part of --flag=value
  const flagged = [Buffer.concat([Buffer.from('--from-key='), Buffer.from([0xc3])])];
  assert.deepEqual(argBytes({ argvBytes: flagged }, decoded(Buffer.from([0xc3]))), Buffer.from([0xc3]));
  // a real U+FFFD typed as UTF-8 stays EF BF BD
  const real = [Buffer.from('\uFFFD')];
  assert.deepEqual(argBytes({ argvBytes: real }, '\uFFFD'), Buffer.from([0xef, 0xbf, 0xbd]));
});

test('refused where the bytes cannot be had or are ambiguous (never other bytes stored)', () => {
  const refused = (io: { argvBytes?: Buffer[] }, arg: string, why: RegExp) =>
    assert.throws(() => argBytes(io, arg), (e: unknown) => e instanceof CliError && e.exitCode === 128 && why.test(e.message));
  refused({}, 'k\uFFFD', /^argument "k\uFFFD" is not valid UTF-8 and its bytes cannot be read on this system$/);
  refused({ argvBytes: [Buffer.from([0x6b, 0xff]), Buffer.from([0x6b, 0xfe])] }, 'k\uFFFD', /several arguments decode to it$/);
  refused({ argvBytes: [Buffer.from('other')] }, 'k\uFFFD', /its bytes were not found$/);
});
