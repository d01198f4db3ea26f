// Go's net/url and path as the v2 client uses them: endpoint parsing and its errors, URL.String,
// path escaping, sorted query encoding, path.Clean/Join and etcd's CanonicalURLPath.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalURLPath, encodeValues, escapePath, parseURL, pathClean, pathJoin, urlString } from '../../../../src/client/v2/url.js';

test('url.Parse + String round trips and scheme-less forms', () => {
  const cases: Array<[string, string]> = [
    ['http://127.0.0.1:2379', 'http://127.0.0.1:2379'],
    ['HTTPS://Host:1/a b', 'https://Host:1/a%20b'],
    ['//127.0.0.1:2379', '//127.0.0.1:2379'],
    ['localhost:2379', 'localhost:2379'],
    ['http://[::1]:2379', 'http://[::1]:2379'],
    ['http://u:p@h:1?x=1#f', 'http://u:p@h:1?x=1#f'],
    ['unix://sock', 'unix://sock'],
    ['', ''],
  ];
  for (const [raw, want] of cases) assert.equal(urlString(parseURL(raw)), want, raw);
  assert.equal(parseURL('localhost:2379').scheme, 'localhost');
  assert.equal(parseURL('localhost:2379').opaque, '2379');
});

test('url.Parse errors, as etcdctl prints them', () => {
  const cases: Array<[string, string]> = [
    ['127.0.0.1:2379', 'parse "127.0.0.1:2379": first path segment in URL cannot contain colon'],
    [' http://h:1', 'parse " http://h:1": first path segment in URL cannot contain colon'],
    ['http://h:x', 'parse "http://h:x": invalid port ":x" after host'],
    ['http://h:1/%zz', 'parse "http://h:1/%zz": invalid URL escape "%zz"'],
    [':2379', 'parse ":2379": missing protocol scheme'],
    ['http://h\n', 'parse "http://h\\n": net/url: invalid control character in URL'],
  ];
  for (const [raw, msg] of cases) assert.throws(() => parseURL(raw), { message: msg }, raw);
});

test('path escaping keeps reserved characters except `?`; queries are sorted and escaped', () => {
  assert.equal(escapePath('/v2/keys/a b?c#d%e/é$&+,:;=@'), '/v2/keys/a%20b%3Fc%23d%25e/%C3%A9$&+,:;=@');
  assert.equal(encodeValues({ value: 'a&b=c d', ttl: '5', prevExist: 'false' }), 'prevExist=false&ttl=5&value=a%26b%3Dc+d');
  assert.equal(encodeValues({ quorum: 'false', recursive: 'true', sorted: 'false' }), 'quorum=false&recursive=true&sorted=false');
});

test('path.Clean, path.Join and CanonicalURLPath', () => {
  assert.equal(pathClean('/a//b/./c/..'), '/a/b');
  assert.equal(pathClean('../x'), '../x');
  assert.equal(pathJoin('', '/v2/members', '/leader'), '/v2/members/leader');
  assert.equal(pathJoin('/base/', '/v2/auth', 'users', 'a/../b'), '/base/v2/auth/users/b');
  assert.equal(canonicalURLPath('/v2/keys/'), '/v2/keys/');
  assert.equal(canonicalURLPath('/v2/keys/a/../b//c/'), '/v2/keys/b/c/');
  assert.equal(canonicalURLPath(''), '/');
  assert.equal(canonicalURLPath('foo'), '/foo');
});
