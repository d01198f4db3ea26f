// crc32cCombine, and CRC-32C over file ranges on this thread and a worker thread
// (src/disk/crc32c-ranges.ts), against the one-pass CRC of the same bytes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { crc32c, crc32cCombine } from '../../../src/disk/crc32c.js';
import { CHUNK_SIZE } from '../../../src/disk/crc32c-wasm.js';
import { FileRangeHasher, OrderedCrc32c } from '../../../src/disk/crc32c-ranges.js';
import { DiskError } from '../../../src/disk/errors.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'etcdctl-ts-crc-ranges-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

test('crc32cCombine: crc(a ‖ b) from crc(a), crc(b) and len(b), for empty and long parts', () => {
  const data = randomBytes(3 * CHUNK_SIZE + 77);
  for (const cut of [0, 1, 15, 16, 1000, CHUNK_SIZE, CHUNK_SIZE + 5, data.length - 1, data.length]) {
    const a = data.subarray(0, cut);
    const b = data.subarray(cut);
    assert.equal(crc32cCombine(crc32c(a), crc32c(b), b.length), crc32c(data), `cut ${cut}`);
  }
  assert.equal(crc32cCombine(0, 0, 0), 0);
  assert.equal(crc32cCombine(crc32c(Buffer.from('123456789')), 0, 0), 0xe3069283);
});

/** The file and a plan of parts: [position, length] ranges of the file and in-memory buffers. */
function plan(): { file: string; data: Buffer; parts: Array<[number, number] | Buffer> } {
  const data = randomBytes(4 * CHUNK_SIZE + 4321);
  const file = path.join(root, `data-${process.hrtime.bigint()}`);
  fs.writeFileSync(file, data);
  const parts: Array<[number, number] | Buffer> = [
    [0, 10],
    randomBytes(3),
    [10, CHUNK_SIZE + 1],
    [0, 0],
    [CHUNK_SIZE, 2 * CHUNK_SIZE],
    randomBytes(2000),
    randomBytes(1),
    [5, 1],
    [data.length - 100, 100],
    [7, 3 * CHUNK_SIZE],
  ];
  return { file, data, parts };
}

async function digestOf(hasher: FileRangeHasher, parts: Array<[number, number] | Buffer>): Promise<number> {
  const h = new OrderedCrc32c(hasher);
  for (const p of parts) {
    if (Buffer.isBuffer(p)) h.update(p);
    else h.fileRange(p[0], p[1]);
  }
  return h.digest();
}

function expected(data: Buffer, parts: Array<[number, number] | Buffer>): number {
  return crc32c(Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : data.subarray(p[0], p[0] + p[1])))));
}

for (const [name, opts] of [
  ['this thread only', undefined],
  ['with a worker thread', { worker: true, capacity: 64 }],
  // more ranges than the queue holds: the rest are hashed at once on this thread
  ['with a worker thread and a queue of two', { worker: true, capacity: 2 }],
] as const) {
  test(`file ranges and buffers in order give the one-pass CRC: ${name}`, async () => {
    const { file, data, parts } = plan();
    const fd = fs.openSync(file, 'r');
    try {
      const hasher = opts ? await FileRangeHasher.open(fd, file, opts) : FileRangeHasher.local(fd, file);
      assert.equal(await digestOf(hasher, parts), expected(data, parts));
      hasher.close();
    } finally {
      fs.closeSync(fd);
    }
  });

  test(`a range past the end of the file is a DiskError, not a wrong CRC: ${name}`, async () => {
    const { file, data } = plan();
    const fd = fs.openSync(file, 'r');
    try {
      const hasher = opts ? await FileRangeHasher.open(fd, file, opts) : FileRangeHasher.local(fd, file);
      const ranges: Array<[number, number]> = [[0, 100], [data.length - 10, 20], [200, 300]];
      await assert.rejects(
        digestOf(hasher, ranges),
        (e: unknown) => e instanceof DiskError && e.message === `read ${file}: unexpected end of file at offset ${data.length}`,
      );
      hasher.close();
    } finally {
      fs.closeSync(fd);
    }
  });
}

test('the worker takes part: with this thread busy, it hashes queued ranges', async () => {
  const { file, data } = plan();
  const fd = fs.openSync(file, 'r');
  try {
    const hasher = await FileRangeHasher.open(fd, file, { worker: true, capacity: 8 });
    // one range queued, then this thread waits (the queue keeps the newest range for the worker)
    const h = new OrderedCrc32c(hasher);
    h.fileRange(0, data.length);
    const deadline = Date.now() + 10_000;
    const state = (hasher as unknown as { shared: { ctl: Int32Array } }).shared.ctl;
    while (Atomics.load(state, 2) < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    assert.equal(Atomics.load(state, 2), 1, 'the worker finished the range');
    assert.equal(await h.digest(), crc32c(data));
    hasher.close();
  } finally {
    fs.closeSync(fd);
  }
});

test('digest waits for the range the worker is hashing, in a process with nothing else to do', async () => {
  // (a pending Atomics.waitAsync does not keep Node's event loop alive: such a wait would end
  // the process there, silently, with nothing printed)
  const data = randomBytes(48 << 20);
  const file = path.join(root, 'busy-worker');
  fs.writeFileSync(file, data);
  const moduleUrl = new URL('../../../src/disk/crc32c-ranges.ts', import.meta.url).href;
  const script = `
    import * as fs from 'node:fs';
    import { FileRangeHasher, OrderedCrc32c } from ${JSON.stringify(moduleUrl)};
    const fd = fs.openSync(${JSON.stringify(file)}, 'r');
    const hasher = await FileRangeHasher.open(fd, 'f', { worker: true, capacity: 4 });
    const h = new OrderedCrc32c(hasher);
    h.fileRange(0, ${data.length});
    // until the worker has taken the range: digest() then has to wait for it
    const until = Date.now() + 20000;
    while (Atomics.load(hasher.shared.ctl, 1) < 1 && Date.now() < until) {}
    if (Atomics.load(hasher.shared.ctl, 1) < 1) throw new Error('the worker never took the range');
    console.log('crc', await h.digest());
  `;
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60000 });
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, `crc ${crc32c(data)}\n`);
  assert.equal(r.status, 0);
});
