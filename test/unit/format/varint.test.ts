// The shared varint codec: Go's binary.PutVarint into a reused buffer, and reads that stop at the
// 10-byte limit or at the end of input with a distinct position each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { putVarint, readUvarint, VARINT_OVERFLOW, VARINT_TRUNCATED, writeUvarint } from '../../../src/format/varint.js';

test('putVarint writes zig-zag varints and leaves the rest of the buffer as it was', () => {
  const b = Buffer.alloc(12, 0xaa);
  assert.equal(putVarint(b, 1n), 1);
  assert.deepEqual([...b.subarray(0, 2)], [2, 0xaa]);
  assert.equal(putVarint(b, 0x7ffffffffffffffen), 10);
  // 2^64 - 4 as a uvarint: nine 0xff-ish bytes and a final 1
  assert.deepEqual([...b.subarray(0, 11)], [0xfc, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0xaa]);
  putVarint(b, -1n);
  assert.equal(b[0], 1);
  putVarint(b, 64n);
  assert.deepEqual([...b.subarray(0, 2)], [0x80, 0x01]);
});

test('readUvarint reads back what writeUvarint wrote, from 0 to 2^64 - 1, at an offset', () => {
  for (const v of [0n, 1n, 127n, 128n, 300n, (1n << 28n) - 1n, 1n << 28n, (1n << 53n) + 1n, (1n << 64n) - 1n]) {
    const b = Buffer.alloc(12, 0xee);
    const end = writeUvarint(b, 1, v);
    assert.deepEqual(readUvarint(b, 1), [v, end], String(v));
  }
  // negative values are written as Go's uint64(x)
  const b = Buffer.alloc(10);
  writeUvarint(b, 0, -1n);
  assert.deepEqual(readUvarint(b, 0), [(1n << 64n) - 1n, 10]);
});

test('readUvarint: the end of input inside a varint, and an 11th byte, each have their own position', () => {
  assert.deepEqual(readUvarint(Buffer.from([0x80, 0x80]), 0), [0n, VARINT_TRUNCATED]);
  assert.deepEqual(readUvarint(Buffer.from([0x96, 0x01]), 0, 1), [0n, VARINT_TRUNCATED]);
  assert.deepEqual(readUvarint(Buffer.from([]), 0), [0n, VARINT_TRUNCATED]);
  assert.deepEqual(readUvarint(Buffer.alloc(11, 0xff), 0), [0n, VARINT_OVERFLOW]);
  assert.deepEqual(readUvarint(Buffer.from([0x96, 0x01]), 0), [150n, 2]);
});
