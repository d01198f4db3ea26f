// The printer factory, and behaviour the golden scenarios do not reach. Expected output is what
// Debian's etcdctl 3.4.23 printed in the experiments named in each test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BufferIO } from '../../../src/cli/core/io.js';
import { CliError } from '../../../src/cli/core/errors.js';
import { newPrinter } from '../../../src/printer/v3/printer.js';
import { print, FORMATS } from './golden.js';

test('each -w value gets its printer; anything else is exit 4 `unsupported output format`', async () => {
  for (const format of FORMATS) assert.equal((await newPrinter(format, { hex: false }, new BufferIO())).format, format);
  // `etcdctl get foo -w yaml` and `-w Simple`: `Error: unsupported output format`, exit 4 (case-sensitive)
  for (const bad of ['yaml', 'Simple', '']) {
    await assert.rejects(newPrinter(bad, { hex: false }, new BufferIO()), (e: unknown) => {
      assert.ok(e instanceof CliError);
      assert.equal(e.exitCode, 4);
      assert.equal(e.stderrText, 'Error: unsupported output format\n');
      return true;
    });
  }
});

// A watch response clientv3 makes up when the stream closes: no header, nil events. Observed with a
// two-member cluster: `etcdctl --endpoints=<member 1> watch foo -w <fmt>`, then member 2 killed;
// every format printed this, then `watch was canceled (etcdserver: no leader)` on stderr (the command's).
const closed = { header: undefined, events: null, compactRevision: 0n, canceled: true, created: false };

test('watch close response, json: empty Header, "Events":null', async () => {
  const got = await print('json', (p) => p.watch(closed));
  assert.equal(got.stdout.toString(), '{"Header":{},"Events":null,"CompactRevision":0,"Canceled":true,"Created":false}\n');
});

test('watch close response, fields: a zero header', async () => {
  const got = await print('fields', (p) => p.watch(closed));
  assert.equal(got.stdout.toString(), '"ClusterID" : 0\n"MemberID" : 0\n"Revision" : 0\n"RaftTerm" : 0\n');
});

test('watch close response, protobuf: an empty header is still written', async () => {
  const got = await print('protobuf', (p) => p.watch(closed));
  assert.deepEqual([...got.stdout], [0x0a, 0x00, 0x20, 0x01]);
});

test('watch close response, simple: nothing', async () => {
  const got = await print('simple', (p) => p.watch(closed));
  assert.equal(got.stdout.length, 0);
});
