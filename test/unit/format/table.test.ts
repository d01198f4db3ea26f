// etcdctl's tables (tablewriter 0.0.5 layout drawn by cli-table3). Every expected table was printed
// by Debian's etcdctl 3.4.23; the rows are the values it printed (endpoint health rows are built by
// etcdctl from the endpoint names, so odd names exercise the wrapping).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellLayout, displayWidth, renderTable, title, wrapString } from '../../../src/format/table.js';

const HEALTH = ['endpoint', 'health', 'took', 'error'];
const STATUS = ['endpoint', 'ID', 'version', 'db size', 'is leader', 'is learner', 'raft term', 'raft index', 'raft applied index', 'errors'];
const DEADLINE = 'context deadline exceeded';

test('cells over 30 columns wrap at spaces; a longer word widens its column; runs of spaces are kept', () => {
  // etcdctl endpoint health --command-timeout=300ms -w table --endpoints='127.0.0.1:21379,127.0.0.1:21999 with
  //   a very long endpoint name that wraps around,supercalifragilisticexpialidocious-endpoint-name-longer-than-thirty:1,a b,x  y   z'
  const want = [
    '+-----------------------------------------------------------------------+--------+--------------+---------------------------+',
    '|                               ENDPOINT                                | HEALTH |     TOOK     |           ERROR           |',
    '+-----------------------------------------------------------------------+--------+--------------+---------------------------+',
    '|                                                       127.0.0.1:21379 |   true |  19.664428ms |                           |',
    '| supercalifragilisticexpialidocious-endpoint-name-longer-than-thirty:1 |  false | 301.314514ms | context deadline exceeded |',
    '|                                           127.0.0.1:21999 with a very |  false | 300.499204ms | context deadline exceeded |',
    '|                                         long endpoint name that wraps |        |              |                           |',
    '|                                                                around |        |              |                           |',
    '|                                                                   a b |  false | 300.942216ms | context deadline exceeded |',
    '|                                                              x  y   z |  false | 301.042783ms | context deadline exceeded |',
    '+-----------------------------------------------------------------------+--------+--------------+---------------------------+',
    '',
  ].join('\n');
  const rows = [
    ['127.0.0.1:21379', 'true', '19.664428ms', ''],
    ['supercalifragilisticexpialidocious-endpoint-name-longer-than-thirty:1', 'false', '301.314514ms', DEADLINE],
    ['127.0.0.1:21999 with a very long endpoint name that wraps around', 'false', '300.499204ms', DEADLINE],
    ['a b', 'false', '300.942216ms', DEADLINE],
    ['x  y   z', 'false', '301.042783ms', DEADLINE],
  ];
  assert.equal(renderTable(HEALTH, rows), want);
});

test('wide runes count two columns, combining runes and tabs none; mixed text wraps by width', () => {
  // etcdctl endpoint health --command-timeout=300ms -w table
  //   --endpoints=$'127.0.0.1:21379,é́ combining x,tab\there,ASCII words then 日本語 mixed text here ok'
  const want = [
    '+--------------------------------+--------+--------------+---------------------------+',
    '|            ENDPOINT            | HEALTH |     TOOK     |           ERROR           |',
    '+--------------------------------+--------+--------------+---------------------------+',
    '|                127.0.0.1:21379 |   true |   6.024742ms |                           |',
    '|                  \u00e9\u0301 combining x |  false | 300.556321ms | context deadline exceeded |',
    '|                        tab\there |  false |   300.3425ms | context deadline exceeded |',
    '|  ASCII words then \u65e5\u672c\u8a9e mixed |  false | 300.940041ms | context deadline exceeded |',
    '|                   text here ok |        |              |                           |',
    '+--------------------------------+--------+--------------+---------------------------+',
    '',
  ].join('\n');
  const rows = [
    ['127.0.0.1:21379', 'true', '6.024742ms', ''],
    ['\u00e9\u0301 combining x', 'false', '300.556321ms', DEADLINE],
    ['tab\there', 'false', '300.3425ms', DEADLINE],
    ['ASCII words then \u65e5\u672c\u8a9e mixed text here ok', 'false', '300.940041ms', DEADLINE],
  ];
  assert.equal(renderTable(HEALTH, rows), want);

  // etcdctl endpoint health --command-timeout=300ms -w table --endpoints='127.0.0.1:21379,日本語のエンドポイント名前です長い長い長い'
  const wide = '\u65e5\u672c\u8a9e\u306e\u30a8\u30f3\u30c9\u30dd\u30a4\u30f3\u30c8\u540d\u524d\u3067\u3059\u9577\u3044\u9577\u3044\u9577\u3044';
  const wantWide = [
    '+--------------------------------------------+--------+--------------+---------------------------+',
    '|                  ENDPOINT                  | HEALTH |     TOOK     |           ERROR           |',
    '+--------------------------------------------+--------+--------------+---------------------------+',
    '|                            127.0.0.1:21379 |   true |   3.306353ms |                           |',
    `| ${wide} |  false | 300.356336ms | context deadline exceeded |`,
    '+--------------------------------------------+--------+--------------+---------------------------+',
    '',
  ].join('\n');
  assert.equal(renderTable(HEALTH, [['127.0.0.1:21379', 'true', '3.306353ms', ''], [wide, 'false', '300.356336ms', DEADLINE]]), wantWide);
});

test('no rows: top border, header, separator, bottom border', () => {
  // etcdctl endpoint status --endpoints=127.0.0.1:1 --command-timeout=300ms -w table   (exit 1)
  assert.equal(
    renderTable(STATUS, []),
    [
      '+----------+----+---------+---------+-----------+------------+-----------+------------+--------------------+--------+',
      '| ENDPOINT | ID | VERSION | DB SIZE | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX | ERRORS |',
      '+----------+----+---------+---------+-----------+------------+-----------+------------+--------------------+--------+',
      '+----------+----+---------+---------+-----------+------------+-----------+------------+--------------------+--------+',
      '',
    ].join('\n'),
  );
  // etcdctl endpoint hashkv --endpoints=127.0.0.1:1 --command-timeout=300ms -w table   (exit 1)
  assert.equal(renderTable(['endpoint', 'hash'], []), '+----------+------+\n| ENDPOINT | HASH |\n+----------+------+\n+----------+------+\n');
});

test('a wrapped cell makes its column 30 wide; a trailing space survives as its own word', () => {
  // alarm text in `etcdctl endpoint status -w table` while NOSPACE is raised
  // (test/unit/printer/golden/table/endpoint_status_alarm.out)
  const layout = cellLayout('memberID:8342645143401578783 alarm:NOSPACE ');
  assert.deepEqual(layout, { lines: ['memberID:8342645143401578783', 'alarm:NOSPACE '], width: 30 });
});

test('helpers: Title, WrapString, display width', () => {
  // headers as printed above and in printer golden tables
  assert.equal(title('raft applied index'), 'RAFT APPLIED INDEX');
  assert.equal(title('Is Learner'), 'IS LEARNER');
  assert.equal(title('db size'), 'DB SIZE');
  assert.deepEqual(wrapString('127.0.0.1:21999 with a very long endpoint name that wraps around', 30), [
    ['127.0.0.1:21999 with a very', 'long endpoint name that wraps', 'around'],
    30,
  ]);
  assert.equal(displayWidth('\u65e5\u672c\u8a9e'), 6);
  assert.equal(displayWidth('\u00e9\u0301'), 1);
  assert.equal(displayWidth('tab\there'), 7);
});
