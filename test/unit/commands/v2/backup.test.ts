// `etcdctl backup` (v2, offline) through runV2: flags into the disk library's options, a real run
// on a small data dir (the WAL etcdctl's snapshot restore writes, test/helpers/disk-vectors.ts),
// --wal-dir/--backup-wal-dir, its fatal errors as capnslog lines with exit 1, flag errors. No
// client is ever asked for. Expected lines are Debian's etcdctl 3.4.23's on the same directories;
// only the capnslog timestamp (`2026-12-07 18:14:09.403064`) varies.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RESTORE_WAL_272 } from '../../../helpers/disk-vectors.js';
import { tmp } from '../../../helpers/disk-helpers.js';
import { FakeV2, goldenHelp, incorrectUsage, type RunResult } from '../../../helpers/fake-v2.js';

const root = tmp('v2-backup-cmd-');
after(() => fs.rmSync(root, { recursive: true, force: true }));
const WAL0 = '0000000000000000-0000000000000000.wal';

/** A data dir with an empty snap dir and one WAL segment (no .snap, no db). */
function dataDir(name: string, walDir?: string): string {
  const d = path.join(root, name);
  fs.mkdirSync(path.join(d, 'member', 'snap'), { recursive: true });
  const wal = walDir ?? path.join(d, 'member', 'wal');
  fs.mkdirSync(wal, { recursive: true });
  fs.writeFileSync(path.join(wal, WAL0), RESTORE_WAL_272);
  return d;
}

/** capnslog lines with their timestamps replaced by <ts> */
function capnslog(r: RunResult): RunResult {
  return { ...r, stderr: r.stderr.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} /gm, '<ts> ') };
}

async function backup(args: string[]): Promise<RunResult> {
  const f = new FakeV2();
  const r = await f.run(['backup', ...args]);
  assert.deepEqual(f.calls, [], 'backup asks for no client');
  return capnslog(r);
}

test('backup --data-dir --backup-dir: the WAL and a fresh db written, conf changes logged, exit 0', async () => {
  const src = dataDir('src');
  const out = path.join(root, 'out');
  assert.deepEqual(await backup(['--data-dir', src, '--backup-dir', out]), { stdout: '', stderr: '<ts> I | ignoring EntryConfChange raft entry\n', code: 0 });
  assert.deepEqual(fs.readdirSync(path.join(out, 'member', 'snap')), ['db']);
  assert.deepEqual(fs.readdirSync(path.join(out, 'member', 'wal')), [WAL0]);
  assert.equal(fs.statSync(path.join(out, 'member', 'wal', WAL0)).size, 64_000_000);
  // a second backup into the same place
  assert.deepEqual(await backup(['--data-dir', src, '--backup-dir', out]), {
    stdout: '',
    stderr: `<ts> I | failed creating backup snapshot dir ${out}/member/snap: expected "${out}/member/snap" to be empty, got ["db"]\n`,
    code: 1,
  });
});

test('backup --wal-dir and --backup-wal-dir: the WAL read from and written to the given directories', async () => {
  const walDir = path.join(root, 'waldir');
  const src = dataDir('src2', walDir);
  const out = path.join(root, 'out2');
  const outWal = path.join(root, 'out2wal');
  assert.deepEqual(await backup(['--data-dir', src, '--wal-dir', walDir, '--backup-dir', out, '--backup-wal-dir', outWal]), {
    stdout: '',
    stderr: '<ts> I | ignoring EntryConfChange raft entry\n',
    code: 0,
  });
  assert.deepEqual(fs.readdirSync(outWal), [WAL0]);
  assert.deepEqual(fs.readdirSync(path.join(out, 'member')), ['snap']);
  assert.deepEqual(fs.readdirSync(path.join(out, 'member', 'snap')), ['db']);
});

test('backup fatal errors: one capnslog line, exit 1', async () => {
  const out = path.join(root, 'out3');
  assert.deepEqual(await backup(['--data-dir', '/nonexistent/dd', '--backup-dir', out]), {
    stdout: '',
    stderr: '<ts> I | open /nonexistent/dd/member/snap: no such file or directory\n',
    code: 1,
  });
  const noWal = path.join(root, 'nowal');
  fs.mkdirSync(path.join(noWal, 'member', 'snap'), { recursive: true });
  assert.deepEqual(await backup(['--data-dir', noWal, '--backup-dir', path.join(root, 'out4')]), {
    stdout: '',
    stderr: `<ts> I | open ${noWal}/member/wal: no such file or directory\n`,
    code: 1,
  });
});

// (etcdctl creates that empty, read-only db itself when the source has none, then fails the same
// way; we leave the source untouched and say `open <db>: no such file or directory` instead)
test('backup --with-v3 copies the source db: an empty one fails after the WAL, as in etcdctl', async () => {
  const src = dataDir('src5');
  fs.writeFileSync(path.join(src, 'member', 'snap', 'db'), '', { mode: 0o444 });
  assert.deepEqual(await backup(['--data-dir', src, '--backup-dir', path.join(root, 'out5'), '--with-v3']), {
    stdout: '',
    stderr: `<ts> I | ignoring EntryConfChange raft entry\n<ts> I | write ${src}/member/snap/db: bad file descriptor\n`,
    code: 1,
  });
});

test('backup flag errors: Incorrect Usage and the help', async () => {
  assert.deepEqual(await backup(['--data-dir=x', '--bogus']), incorrectUsage('flag provided but not defined: -bogus', goldenHelp('backup')));
  assert.deepEqual(await backup(['--with-v3=maybe']), incorrectUsage('invalid boolean value "maybe" for -with-v3: parse error', goldenHelp('backup')));
});
