// The v2 client's JSON reader: exact integers, and Go's encoding/json error texts (which etcdctl
// prints, e.g. cluster-health's `failed to check the health of member ...: <error>`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJSON } from '../../../../src/client/v2/json.js';

test('integers stay exact; literals and nesting', () => {
  assert.deepEqual(parseJSON('{"a":18446744073709551615,"b":[true,false,null],"c":1.5}'), { a: 18446744073709551615n, b: [true, false, null], c: 1.5 });
});

test("Go's syntax error texts", () => {
  const cases: Array<[string, string]> = [
    ['not json', "invalid character 'o' in literal null (expecting 'u')"],
    ['{"health":tru}', "invalid character '}' in literal true (expecting 'e')"],
    ['fals', 'unexpected end of JSON input'],
    ['x', "invalid character 'x' looking for beginning of value"],
    ['{"a":1} x', "invalid character 'x' after top-level value"],
  ];
  for (const [text, msg] of cases) assert.throws(() => parseJSON(text), { message: msg }, text);
});
