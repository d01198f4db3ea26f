// The Go encoding/json writer, against output of Debian's etcdctl 3.4.23 (Go 1.19).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { field, goJsonString, goMarshal, goObject, omitEmpty } from '../../../src/format/go-json.js';

const golden = (name: string) => readFileSync(new URL(`./golden/${name}`, import.meta.url));

test('strings are escaped as Go 1.19 escapes them', () => {
  // capture.sh: `etcdctl endpoint health --endpoints=<endpoint.name> -w json`; the second entry.
  const name = golden('endpoint.name').toString('utf8');
  const out = golden('endpoint.json').toString();
  const want = out.slice(out.indexOf('{"endpoint":', 2), out.indexOf(',"health":false'));
  assert.equal(goMarshal(goObject(['endpoint', name])).slice(0, -1), want);
  // the pieces: <>& and U+2028/9 escaped, \b \f as \u00XX (Go < 1.22), DEL and NBSP raw
  assert.ok(want.includes('a\\u003cb\\u003e\\u0026c\\u0001\\u0008\\t\\u000c\\r\\u001f\x7f\\u2028\\u2029\u00a0'));
});

test('invalid UTF-8 (a lone surrogate in TypeScript) becomes \\ufffd', () => {
  // `etcdctl endpoint health --endpoints=$'127.0.0.1:21379,a\xff\xfe' -w json` printed "a\ufffd\ufffd";
  // Node decodes such bytes to U+FFFD before we see them, so invalid input reaches us as lone surrogates.
  assert.equal(goJsonString('a\ud800\udc00b\ud800'), '"a\ud800\udc00b\\ufffd"');
  assert.equal(goJsonString('\udfff'), '"\\ufffd"');
  assert.equal(goJsonString(''), '""');
});

test('bigints are bare numbers, bytes base64, nil null, field order kept', () => {
  // `etcdctl get "" --prefix -w json` (printer golden json/get_all.out) starts:
  // {"header":{"cluster_id":1141440212898738759,"member_id":742076774386435124,"revision":6,"raft_term":2},"kvs":[{"key":"LWRhc2g=",...
  const header = goObject(
    omitEmpty('cluster_id', 1141440212898738759n),
    omitEmpty('member_id', 742076774386435124n),
    omitEmpty('revision', 6n),
    omitEmpty('raft_term', 2n),
  );
  const kv = goObject(
    omitEmpty('key', Buffer.from('-dash')),
    omitEmpty('create_revision', 3n),
    omitEmpty('mod_revision', 3n),
    omitEmpty('version', 1n),
    omitEmpty('value', Buffer.from('-v')),
    omitEmpty('lease', 0n),
  );
  assert.equal(
    goMarshal(goObject(['header', header], ['kvs', [kv]])),
    '{"header":{"cluster_id":1141440212898738759,"member_id":742076774386435124,"revision":6,"raft_term":2},' +
      '"kvs":[{"key":"LWRhc2g=","create_revision":3,"mod_revision":3,"version":1,"value":"LXY="}]}',
  );
  // `etcdctl lease timetolive <id> -w json` without --keys ends `"keys":null` (json/lease_timetolive.out)
  assert.equal(goMarshal(goObject(field('keys', null))), '{"keys":null}');
  // `etcdctl alarm list -w json` with no alarms prints {} (json/alarm_list_none.out)
  assert.equal(goMarshal(goObject(omitEmpty('header', undefined), omitEmpty('alarms', []))), '{}');
});

test('omitEmpty drops Go zero values only', () => {
  for (const zero of [false, 0, 0n, '', Buffer.alloc(0), [], null, undefined]) assert.equal(omitEmpty('x', zero), undefined);
  assert.deepEqual(omitEmpty('x', goObject()), ['x', goObject()]);
  assert.equal(goMarshal(goObject(omitEmpty('x', goObject()))), '{"x":{}}');
});

test('numbers beyond 2^53 must be bigints', () => {
  assert.throws(() => goMarshal(2 ** 60));
  assert.equal(goMarshal(2n ** 64n - 1n), '18446744073709551615');
});
