// The v2 client's error texts and decoding: client.Error, ClusterError and its details,
// isConnectionError, exact 64-bit indexes, failed-response decoding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterError, ContextError, EtcdError, NetError, isConnectionError } from '../../../../src/client/v2/errors.js';
import { unmarshalKeysResponse } from '../../../../src/client/v2/keys.js';
import { parseJSON } from '../../../../src/client/v2/json.js';

test('client.Error and ClusterError texts', () => {
  assert.equal(new EtcdError(105, 'Key already exists', '/a', 6n).message, '105: Key already exists (/a) [6]');
  const ce = new ClusterError([new NetError('dial tcp 127.0.0.1:1: connect: connection refused', true), new Error('client: endpoint http://x exceeded header timeout')]);
  assert.equal(
    ce.message,
    'client: etcd cluster is unavailable or misconfigured; error #0: dial tcp 127.0.0.1:1: connect: connection refused\n' +
      '; error #1: client: endpoint http://x exceeded header timeout\n',
  );
  assert.equal(ce.detail(), 'error #0: dial tcp 127.0.0.1:1: connect: connection refused\nerror #1: client: endpoint http://x exceeded header timeout\n');
});

test('isConnectionError: dial/read errors and deadlines, every error of a ClusterError', () => {
  const conn = new NetError('dial tcp 127.0.0.1:1: connect: connection refused', true);
  assert.equal(isConnectionError(conn), true);
  assert.equal(isConnectionError(new ContextError(true)), true);
  assert.equal(isConnectionError(new ContextError(false)), false);
  assert.equal(isConnectionError(new NetError('EOF', false)), false);
  assert.equal(isConnectionError(new ClusterError([conn, conn])), true);
  assert.equal(isConnectionError(new ClusterError([conn, new Error('client: endpoint x exceeded header timeout')])), false);
});

test('keys responses: exact indexes, X-Etcd-Index, failed responses as client.Error', () => {
  const ok = unmarshalKeysResponse({
    status: 200,
    headers: { 'x-etcd-index': '18446744073709551615' },
    body: Buffer.from('{"action":"get","node":{"key":"/a","value":"x","modifiedIndex":9007199254740993,"createdIndex":1,"ttl":-1}}'),
  });
  assert.equal(ok.node?.modifiedIndex, 9007199254740993n);
  assert.equal(ok.node?.ttl, -1n);
  assert.equal(ok.index, 18446744073709551615n);
  assert.equal(ok.prevNode, null);
  assert.throws(
    () => unmarshalKeysResponse({ status: 404, headers: {}, body: Buffer.from('{"errorCode":100,"message":"Key not found","cause":"/nokey","index":23}') }),
    { message: '100: Key not found (/nokey) [23]' },
  );
  assert.throws(() => unmarshalKeysResponse({ status: 200, headers: {}, body: Buffer.from('') }), { message: 'client: response body is empty' });
  assert.throws(() => unmarshalKeysResponse({ status: 200, headers: {}, body: Buffer.from('<html>') }), {
    message: 'client: response is invalid json. The endpoint is probably not valid etcd cluster endpoint',
  });
});

test('JSON reader: bigints for integers, Go-like syntax errors', () => {
  assert.deepEqual(parseJSON('{"a":[1,2.5,-3e2,"\\u00e9",true,null]}'), { a: [1n, 2.5, -300, 'é', true, null] });
  assert.throws(() => parseJSON(''), { message: 'unexpected end of JSON input' });
  assert.throws(() => parseJSON('x'), { message: "invalid character 'x' looking for beginning of value" });
  assert.throws(() => parseJSON('{} x'), { message: "invalid character 'x' after top-level value" });
});
