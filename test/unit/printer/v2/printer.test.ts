// etcdctl v2's key printer (format.go) and ls listing, on typed responses: simple, extended,
// json (encoding/json of client.Response) and the unsupported-format message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BufferIO } from '../../../../src/cli/core/io.js';
import { printLs, printResponseKey, responseJSON } from '../../../../src/printer/v2/printer.js';
import type { V2Node, V2Response } from '../../../../src/client/v2/keys.js';

function node(p: Partial<V2Node>): V2Node {
  return { key: '/k', dir: false, value: '', nodes: null, createdIndex: 0n, modifiedIndex: 0n, expiration: null, ttl: 0n, ...p };
}

const set: V2Response = {
  action: 'set',
  node: node({ key: '/a', value: 'v2', createdIndex: 7n, modifiedIndex: 7n, expiration: '2026-11-27T14:08:52.57424229Z', ttl: 100n }),
  prevNode: node({ key: '/a', value: 'v1', createdIndex: 5n, modifiedIndex: 5n }),
  index: 7n,
};
const del: V2Response = {
  action: 'delete',
  node: node({ key: '/a', createdIndex: 7n, modifiedIndex: 8n }),
  prevNode: node({ key: '/a', value: 'v2', createdIndex: 7n, modifiedIndex: 7n }),
  index: 8n,
};

function print(resp: V2Response, format: string): [string, string] {
  const io = new BufferIO();
  printResponseKey(resp, format, io);
  return [io.stdoutText, io.stderrText];
}

test('simple: the value; PrevNode.Value for a delete; an empty line for compareAndDelete', () => {
  assert.deepEqual(print(set, 'simple'), ['v2\n', '']);
  assert.deepEqual(print(del, 'simple'), ['PrevNode.Value: v2\n', '']);
  assert.deepEqual(print({ ...del, action: 'compareAndDelete' }, 'simple'), ['\n', '']);
});

test('extended: the rfc2822-like block; no value for a delete', () => {
  assert.deepEqual(print(set, 'extended'), [
    'Key: /a\nCreated-Index: 7\nModified-Index: 7\nPrevNode.Value: v1\nTTL: 100\nIndex: 7\n\nv2\n',
    '',
  ]);
  assert.deepEqual(print(del, 'extended'), ['Key: /a\nCreated-Index: 7\nModified-Index: 8\nPrevNode.Value: v2\nTTL: 0\nIndex: 8\n', '']);
  assert.deepEqual(print({ ...set, prevNode: null }, 'extended')[0].split('\n').slice(3, 5), ['TTL: 100', 'Index: 7']);
});

test('json: Go field order, omitempty only for dir, expiration and ttl; HTML escaped', () => {
  assert.equal(
    responseJSON(set),
    '{"action":"set","node":{"key":"/a","value":"v2","nodes":null,"createdIndex":7,"modifiedIndex":7,"expiration":"2026-11-27T14:08:52.57424229Z","ttl":100},' +
      '"prevNode":{"key":"/a","value":"v1","nodes":null,"createdIndex":5,"modifiedIndex":5}}',
  );
  const dir: V2Response = {
    action: 'get',
    node: node({ key: '', dir: true, nodes: [node({ key: '/x', value: '<&>\u2028', createdIndex: 18446744073709551615n, modifiedIndex: 2n }), node({ key: '/d', dir: true, nodes: [] })] }),
    prevNode: null,
    index: 3n,
  };
  assert.equal(
    responseJSON(dir),
    '{"action":"get","node":{"key":"","dir":true,"value":"","nodes":[{"key":"/x","value":"\\u003c\\u0026\\u003e\\u2028","nodes":null,"createdIndex":18446744073709551615,"modifiedIndex":2},' +
      '{"key":"/d","dir":true,"value":"","nodes":[],"createdIndex":0,"modifiedIndex":0}],"createdIndex":0,"modifiedIndex":0},"prevNode":null}',
  );
  assert.deepEqual(print(set, 'json'), [`${responseJSON(set)}\n`, '']);
});

test('any other format: "Unsupported output format: x" on stderr, nothing on stdout', () => {
  assert.deepEqual(print(set, 'yaml'), ['', 'Unsupported output format: yaml\n']);
  assert.deepEqual(print(set, ''), ['', 'Unsupported output format: \n']);
});

test('ls: a key itself, then children depth-first, `/` after directories with -p', () => {
  const tree: V2Response = {
    action: 'get',
    node: node({
      key: '/t',
      dir: true,
      nodes: [node({ key: '/t/b', dir: true, nodes: [node({ key: '/t/b/1' })] }), node({ key: '/t/a' }), node({ key: '/t/e', dir: true })],
    }),
    prevNode: null,
    index: 1n,
  };
  const ls = (r: V2Response, format: string, p: boolean) => {
    const io = new BufferIO();
    printLs(r, format, p, io);
    return io.stdoutText;
  };
  assert.equal(ls(tree, 'simple', false), '/t/b\n/t/b/1\n/t/a\n/t/e\n');
  assert.equal(ls(tree, 'simple', true), '/t/b/\n/t/b/1\n/t/a\n/t/e/\n');
  assert.equal(ls({ ...tree, node: node({ key: '/t/a', value: 'x' }) }, 'simple', true), '/t/a\n');
  assert.equal(ls({ ...tree, node: node({ key: '/empty', dir: true }) }, 'simple', false), '');
  assert.equal(ls(tree, 'json', false), `${responseJSON(tree)}\n`);
});
