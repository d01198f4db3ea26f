// CRC-32C, FNV-1a-64 and go-humanize vectors (docs/disk-formats.md sections 0, 4.2, 7.3, 8).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { crc32c, crc32cUpdate, crc32cUpdateRangeJs, Crc32c } from '../../../src/disk/crc32c.js';
import { CHUNK_SIZE } from '../../../src/disk/crc32c-wasm.js';
import { fnv1a64 } from '../../../src/disk/fnv.js';
import { humanizeBytes } from '../../../src/format/humanize.js';

/** bit-at-a-time reference implementation */
function crc32cSlow(data: Uint8Array, prev = 0): number {
  let c = ~prev >>> 0;
  for (const b of data) {
    c ^= b;
    for (let i = 0; i < 8; i++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return ~c >>> 0;
}

test('crc32c: reference vectors', () => {
  assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
  assert.equal(crc32c(Buffer.from('bkv')), 0x777c7778);
  assert.equal(crc32c(Buffer.from([0x08, 0x00, 0x10, 0x00])), 0x81e6d9a0);
  assert.equal(crc32c(new Uint8Array(0)), 0);
});

test('crc32c: WAL chain vector (metadata record then snapshot{0,0})', () => {
  const md = Buffer.from('08cdd2918bd2b881cf8e0110b298eaf1948386fccd01', 'hex');
  const c1 = crc32cUpdate(0, md);
  assert.equal(c1, 0x5f91c0bb);
  assert.equal(crc32cUpdate(c1, Buffer.from([0x08, 0x00, 0x10, 0x00])), 0xedb1dd94);
});

test('crc32c: slicing-by-8 equals the bitwise reference at every length and alignment', () => {
  const data = randomBytes(300);
  for (let start = 0; start < 9; start++) {
    for (let len = 0; len < 70; len++) {
      const part = data.subarray(start, start + len);
      assert.equal(crc32c(part), crc32cSlow(part), `start ${start} len ${len}`);
    }
  }
});

test('crc32c: the word loop (64 bytes and more) equals the reference at every alignment and tail', () => {
  const data = randomBytes(5000);
  for (let start = 0; start < 8; start++) {
    for (const len of [64, 65, 79, 80, 81, 127, 128, 1000, 4095, 4096 - start]) {
      const part = data.subarray(start, start + len);
      assert.equal(crc32c(part), crc32cSlow(part), `start ${start} len ${len}`);
      // the same bytes at another offset of another buffer
      const copy = Buffer.alloc(len + 3);
      part.copy(copy, 3);
      assert.equal(crc32c(copy.subarray(3)), crc32cSlow(part));
    }
  }
});

test('crc32c: the WebAssembly kernel (1 KiB and more) equals the JS loop and the reference, across its chunks', () => {
  const data = randomBytes(3 * CHUNK_SIZE + 100);
  for (const [start, len] of [[0, 1024], [1, 1023 + 16], [3, 4097], [0, CHUNK_SIZE], [5, CHUNK_SIZE + 1], [7, 2 * CHUNK_SIZE + 17], [0, 3 * CHUNK_SIZE + 100]] as const) {
    const part = data.subarray(start, start + len);
    const js = crc32cUpdateRangeJs(0, part, 0, part.length);
    assert.equal(crc32c(part), js, `start ${start} len ${len}`);
    assert.equal(crc32cUpdate(0x12345678, part), crc32cUpdateRangeJs(0x12345678, part, 0, part.length));
  }
  const slow = data.subarray(0, 5000);
  assert.equal(crc32c(slow), crc32cSlow(slow));
});

test('crc32c: chaining equals one pass; streaming hasher', () => {
  const a = randomBytes(1000);
  const b = randomBytes(777);
  const whole = crc32c(Buffer.concat([a, b]));
  assert.equal(crc32cUpdate(crc32cUpdate(0, a), b), whole);
  assert.equal(new Crc32c().update(a).update(b).digest(), whole);
  assert.equal(crc32cSlow(b, crc32cSlow(a)), whole);
});

test('crc32c: fast enough for large snapshots (64 MiB in well under 2 s of CPU)', () => {
  const buf = Buffer.alloc(64 << 20, 0xa5);
  const t0 = process.cpuUsage();
  crc32c(buf);
  const ms = process.cpuUsage(t0).user / 1000;
  assert.ok(ms < 2000, `took ${ms} ms of CPU`);
});

test('fnv1a64: vectors, including the bbolt meta checksum of 8.3', () => {
  assert.equal(fnv1a64(Buffer.alloc(0)), 0xcbf29ce484222325n);
  assert.equal(fnv1a64(Buffer.from('a')), 0xaf63dc4c8601ec8cn);
  assert.equal(fnv1a64(Buffer.from('foobar')), 0x85944171f73967e8n);
  // meta body of page 0 of the tiny db (8.3): magic..txid
  const body = Buffer.from(
    'edda0ced020000000010000000000000' + '03000000000000000000000000000000' + '02000000000000000400000000000000' + '0000000000000000',
    'hex',
  );
  assert.equal(fnv1a64(body), 0x07516e114689fdeen);
});

test('humanizeBytes: go-humanize SI output with Go rounding', () => {
  const cases: Array<[number, string]> = [
    [0, '0 B'], [9, '9 B'], [10, '10 B'], [999, '999 B'], [1000, '1.0 kB'], [16384, '16 kB'], [20480, '20 kB'],
    [28672, '29 kB'], [28500, '28 kB'], [29500, '30 kB'], [532500, '532 kB'], [1500, '1.5 kB'], [9999, '10 kB'],
    [1e6, '1.0 MB'], [64e6, '64 MB'], [1234567890, '1.2 GB'],
  ];
  for (const [n, s] of cases) assert.equal(humanizeBytes(n), s, String(n));
  assert.equal(humanizeBytes(20480n), '20 kB');
});
