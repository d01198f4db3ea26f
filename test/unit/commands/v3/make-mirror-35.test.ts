// make-mirror's --dest-user and --dest-password (etcdctl 3.5) reach the options; the destination
// client gets them (e2e: test/e2e/etcdctl35-additions.test.ts against etcdctl 3.5.16).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFlags } from '../../../../src/cli/v3/cobra.js';
import { BufferIO } from '../../../../src/cli/core/io.js';
import { newMakeMirrorCommand, parseMakeMirrorOptions } from '../../../../commands/v3/make-mirror.js';

function parse(args: string[]) {
  const command = newMakeMirrorCommand();
  const p = parseFlags(command, args);
  return parseMakeMirrorOptions({ command, args: p.positionals, argsLenAtDash: p.argsLenAtDash, flags: p.flags, io: new BufferIO(), f: undefined });
}

test('--dest-user and --dest-password, empty by default', () => {
  const o = parse(['--dest-user', 'root', '--dest-password', 'pw', 'http://d:2379']);
  assert.equal(o.destUser, 'root');
  assert.equal(o.destPassword, 'pw');
  assert.equal(o.destination, 'http://d:2379');
  const d = parse(['http://d:2379']);
  assert.equal(d.destUser, '');
  assert.equal(d.destPassword, '');
});
