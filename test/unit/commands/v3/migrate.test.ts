// migrate through runV3 (offline, no client): the options (--wal-dir defaulting under --data-dir),
// and the failures before any key is written, with etcdctl 3.4.23's output and exit codes. The
// migration itself is covered by test/e2e/migrate.test.ts (it needs a v2 member's data directory).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { newMigrateCommand, parseMigrateOptions } from '../../../../commands/v3/migrate.js';
import { helpGolden, parseContext, runFake } from '../../../helpers/fake-v3.js';
import { tmp } from '../../../helpers/disk-helpers.js';

const root = tmp('migrate-cmd-');
after(() => fs.rmSync(root, { recursive: true, force: true }));

test('migrate: a data directory without a member is an error after the transformer line (exit 1)', async () => {
  const r = await runFake(['migrate', '--data-dir', '/nonexistent'], { handlers: {} });
  assert.deepEqual([r.stdout, r.stderr, r.code, r.calls.length], ['using default transformer\n', 'Error: open /nonexistent/member/snap: no such file or directory\n', 1, 0]);
  const empty = path.join(root, 'empty');
  fs.mkdirSync(empty);
  const e = await runFake(['migrate', '--data-dir', empty]);
  assert.deepEqual([e.stdout, e.stderr, e.code], ['using default transformer\n', `Error: open ${empty}/member/snap: no such file or directory\n`, 1]);
  // no --data-dir: relative to the working directory
  const none = await runFake(['migrate'], { cwd: root });
  assert.equal(none.code, 1);
  assert.equal(none.stdout, 'using default transformer\n');
});

test('migrate --transformer: a program that cannot start is Go\'s fork/exec error (exit 1)', async () => {
  const r = await runFake(['migrate', '--data-dir', root, '--transformer', '/nonexistent/prog'], { env: { PATH: process.env.PATH } });
  assert.deepEqual([r.stdout, r.stderr, r.code], ['', 'Error: fork/exec /nonexistent/prog: no such file or directory\n', 1]);
});

test('migrate flags: --wal-dir defaults under --data-dir; a bad flag value prints the help', async () => {
  const cmd = newMigrateCommand();
  assert.deepEqual(parseMigrateOptions(parseContext(cmd, [], { 'data-dir': '/d' })), { dataDir: '/d', walDir: '/d/member/wal', noTTL: false, transformer: '' });
  assert.deepEqual(parseMigrateOptions(parseContext(cmd, [], { 'data-dir': '/d', 'wal-dir': '/w', 'no-ttl': 'true', transformer: 't' })), {
    dataDir: '/d', walDir: '/w', noTTL: true, transformer: 't',
  });
  const flag = await runFake(['migrate', '--no-ttl=x']);
  const msg = 'Error: invalid argument "x" for "--no-ttl" flag: strconv.ParseBool: parsing "x": invalid syntax\n';
  assert.deepEqual([flag.stdout, flag.stderr, flag.code], [helpGolden('migrate'), `${msg}\n${msg}`, 1]);
});
