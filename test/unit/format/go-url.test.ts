// Go's net/url and path as the v2 client uses them: endpoint parsing and its errors, URL.String,
// path escaping, sorted query encoding, path.Clean/Join, and etcd's CanonicalURLPath and NewURLs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalURLPath, encodeValues, escapePath, newURLs, parseURL, pathClean, pathJoin, urlString } from '../../../src/format/go-url.js';

test('url.Parse + String round trips and scheme-less forms', () => {
  const cases: Array<[string, string]> = [
    ['http://127.0.0.1:2379', 'http://127.0.0.1:2379'],
    ['HTTPS://Host:1/a b', 'https://Host:1/a%20b'],
    ['//127.0.0.1:2379', '//127.0.0.1:2379'],
    ['localhost:2379', 'localhost:2379'],
    ['http://[::1]:2379', 'http://[::1]:2379'],
    ['http://u:p@h:1?x=1#f', 'http://u:p@h:1?x=1#f'],
    ['unix://sock', 'unix://sock'],
    // hosts: non-ASCII bytes escaped (Debian's etcdctl: `--debug --endpoints http://é:1`)
    ['http://é:1', 'http://%C3%A9:1'],
    ['http://%c3%a9:1', 'http://%C3%A9:1'],
    ['http://[::1%25en0]:1', 'http://[::1%25en0]:1'],
    ['http://a<b:1', 'http://a<b:1'],
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
    // the escape is cut at 3 bytes, mid-rune (Debian's etcdctl: `--endpoints $'http://127.0.0.1:1/%zé'`)
    ['http://h:1/%zé', 'parse "http://h:1/%zé": invalid URL escape "%z\\xc3"'],
    ['http://a\u00a0b:x', 'parse "http://a\\u00a0b:x": invalid port ":x" after host'],
    [':2379', 'parse ":2379": missing protocol scheme'],
    ['http://h\n', 'parse "http://h\\n": net/url: invalid control character in URL'],
    // hosts hold letters, digits, -_.~!$&'()*+,;=:[]<>" and %-escape only non-ASCII bytes (and %25)
    ['http://a b:1', 'parse "http://a b:1": invalid character " " in host name'],
    ['http://[a b]:1', 'parse "http://[a b]:1": invalid character " " in host name'],
    ['http://[::1%25e n0]:1', 'parse "http://[::1%25e n0]:1": invalid character " " in host name'],
    ['http://%41:1', 'parse "http://%41:1": invalid URL escape "%41"'],
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

test("types.NewURLs: checked, then each URL.String(), sorted", () => {
  // Debian's etcdctl v2 `--debug member update 1234 <url>` shows the body it sends
  assert.deepEqual(newURLs([' http://h:1#frag ']), ['http://h:1#frag']);
  assert.deepEqual(newURLs(['http://é:1']), ['http://%C3%A9:1']);
  assert.deepEqual(newURLs(['http://u@h:1?q']), ['http://u@h:1?q']);
  assert.deepEqual(newURLs(['https://b:2', 'http://c:1', 'http://a:3']), ['http://a:3', 'http://c:1', 'https://b:2']);
  assert.deepEqual(newURLs(['http://[::1%25e%20n0]:1']), ['http://[::1%25e%20n0]:1']);
});
