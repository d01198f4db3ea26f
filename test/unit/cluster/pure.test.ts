// The pure pieces behind the cluster commands: Go's peer URL checks, member ids, permission
// ranges, fmt.Scanf("%s"), secrets in --debug, SRV ordering and naming, dial targets, and which
// grpc-js failures count as "never sent".
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { newURLs } from '../../../src/format/go-url.js';
import { parseEndpoint, neverSent } from '../../../src/client/v3/connection.js';
import { shouldRefreshToken, EtcdError } from '../../../src/client/v3/errors.js';
import { permRange } from '../../../commands/v3/role.js';
import { prefixEnd } from '../../../src/client/v3/range.js';
import { scanfToken } from '../../../commands/v3/user.js';
import { parseMemberId } from '../../../commands/v3/member.js';
import { redactSecret } from '../../../src/cli/v3/factory.js';
import { orderSrv, serverAddress, srvService } from '../../../src/cli/core/discovery.js';
import { CliError } from '../../../src/cli/core/errors.js';

const urlError = (urls: string[]) => {
  try {
    newURLs(urls);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
};

describe('peer URLs (pkg/types.NewURLs on net/url)', () => {
  const table: Array<[string, string]> = [
    ['http://127.0.0.1:2380', ''],
    ['https://[::1]:2380', ''],
    ['unix://sock:1', ''],
    [' http://h:1 ', ''],
    ['bad-url', 'URL scheme must be http, https, unix, or unixs: bad-url'],
    ['localhost:2380', 'URL scheme must be http, https, unix, or unixs: localhost:2380'],
    ['127.0.0.1:2380', 'parse "127.0.0.1:2380": first path segment in URL cannot contain colon'],
    ['://x', 'parse "://x": missing protocol scheme'],
    ['http://h:abc', 'parse "http://h:abc": invalid port ":abc" after host'],
    ['http://[::1:2380', `parse "http://[::1:2380": missing ']' in host`],
    ['http://h', 'URL address does not have the form "host:port": http://h'],
    ['http://h:1/p', 'URL must not contain a path: http://h:1/p'],
    ['http://h:1\x7f', 'parse "http://h:1\\x7f": net/url: invalid control character in URL'],
    ['ftp://h:1', 'URL scheme must be http, https, unix, or unixs: ftp://h:1'],
    // Debian's etcdctl, `member update 1234 --peer-urls=<url>` (accepted ones reach the server)
    ['http://h:1/%zz', 'parse "http://h:1/%zz": invalid URL escape "%zz"'],
    ['http://%41:1', 'parse "http://%41:1": invalid URL escape "%41"'],
    ['http://a b:1', 'parse "http://a b:1": invalid character " " in host name'],
    ['http://a<b:1', ''],
    ['http://a[b:1', 'URL address does not have the form "host:port": http://a[b:1'],
    ['http://[::1%25en0]:1', ''],
    ['http://h:1#frag', ''],
  ];
  for (const [url, want] of table) it(JSON.stringify(url), () => assert.equal(urlError([url]), want));
  it('no URL at all', () => assert.equal(urlError([]), 'no valid URLs given'));
});

describe('member ids', () => {
  it('parses hex uint64 and words errors as etcdctl', () => {
    assert.equal(parseMemberId('ffffffffffffffff'), 2n ** 64n - 1n);
    assert.throws(() => parseMemberId('zz'), (e: CliError) => e.exitCode === 128 && e.message === 'bad member ID arg (strconv.ParseUint: parsing "zz": invalid syntax), expecting ID in Hex');
    assert.throws(() => parseMemberId('10000000000000000'), /value out of range/);
  });
});

describe('permission ranges (permRange)', () => {
  const r = (args: string[], prefix = false, fromKey = false) => {
    const { key, rangeEnd } = permRange(args, prefix, fromKey);
    return [key.toString('latin1'), rangeEnd.toString('latin1')];
  };
  it('follows etcdctl', () => {
    assert.deepEqual(r(['k']), ['k', '']);
    assert.deepEqual(r(['k'], true), ['k', 'l']);
    assert.deepEqual(r(['k'], false, true), ['k', '\x00']);
    assert.deepEqual(r(['a', 'b']), ['a', 'b']);
    assert.deepEqual(r(['']), ['\x00', '']);
    assert.deepEqual(r([''], true), ['\x00', '\x00']);
    assert.deepEqual(r(['', 'ignored']), ['\x00', '']);
    assert.throws(() => r(['k', 'e'], true), /unexpected endkey argument with --prefix flag/);
    assert.throws(() => r(['', 'e'], true, true), /--from-key and --prefix flags are mutually exclusive/);
    assert.deepEqual([...prefixEnd(Buffer.from([0x61, 0xff]))], [0x62]);
    assert.deepEqual([...prefixEnd(Buffer.from([0xff]))], [0]);
  });
});

describe('fmt.Scanf("%s")', () => {
  it('reads one token; a newline first gives nothing', () => {
    assert.equal(scanfToken('pw\n'), 'pw');
    assert.equal(scanfToken('  pw rest\n'), 'pw');
    assert.equal(scanfToken('\npw'), '');
    assert.equal(scanfToken(''), '');
    assert.equal(scanfToken('\t\tx'), 'x');
  });
});

describe('--debug never shows secrets', () => {
  it('masks --password and the password of --user', () => {
    assert.equal(redactSecret('password', 'p@ss'), '***');
    assert.equal(redactSecret('password', ''), '');
    assert.equal(redactSecret('user', 'root:p@ss:x'), 'root:***');
    assert.equal(redactSecret('user', 'root'), 'root');
    assert.equal(redactSecret('endpoints', '[a:1]'), '[a:1]');
  });
});

describe('SRV discovery', () => {
  it('names services as pkg/srv', () => {
    assert.equal(srvService('etcd-client', '', 'https'), 'etcd-client-ssl');
    assert.equal(srvService('etcd-client', 'x', 'http'), 'etcd-client-x');
    assert.equal(srvService('etcd-client', 'x', 'https'), 'etcd-client-ssl-x');
  });
  it('orders records by priority, weighted within a priority', () => {
    const recs = [
      { name: 'c', port: 3, priority: 20, weight: 1 },
      { name: 'a', port: 1, priority: 0, weight: 0 },
      { name: 'b', port: 2, priority: 10, weight: 5 },
    ];
    assert.deepEqual(orderSrv(recs).map((x) => x.name), ['a', 'b', 'c']);
    const same = [
      { name: 'x', port: 1, priority: 0, weight: 1 },
      { name: 'y', port: 2, priority: 0, weight: 99 },
    ];
    assert.deepEqual(orderSrv(same, () => 0.5).map((x) => x.name), ['y', 'x']);
    assert.deepEqual(orderSrv(same, () => 0).map((x) => x.name), ['x', 'y']);
  });
  it('names the server as Go does', () => {
    assert.equal(serverAddress('10.0.0.1'), '10.0.0.1:53');
    assert.equal(serverAddress('127.0.0.1:5353'), '127.0.0.1:5353');
    assert.equal(serverAddress('::1'), '[::1]:53');
  });
});

describe('connection', () => {
  it('dials SRV targets without the root dot, keeps the endpoint as given', () => {
    assert.deepEqual(parseEndpoint('http://etcd1.example.com.:2379'), { scheme: 'http', target: 'etcd1.example.com:2379', host: 'etcd1.example.com.:2379' });
    assert.equal(parseEndpoint('127.0.0.1:2379').target, '127.0.0.1:2379');
    assert.equal(parseEndpoint('unix://tmp/s.sock').target, 'unix:tmp/s.sock');
  });
  it('resends a write only when grpc-js says it never left', () => {
    const e = (code: number, details: string) => Object.assign(new Error(details), { code, details, metadata: undefined as never });
    assert.equal(neverSent(e(status.UNAVAILABLE, 'No connection established. Last error: x')), true);
    assert.equal(neverSent(e(status.UNAVAILABLE, 'Stream refused by server')), true);
    assert.equal(neverSent(e(status.UNAVAILABLE, 'Connection dropped')), false);
    assert.equal(neverSent(e(status.UNKNOWN, 'No connection established')), false);
  });
  it('renews the token for the errors clientv3 renews it for', () => {
    for (const m of ['etcdserver: invalid auth token', 'etcdserver: revision of auth store is old', 'etcdserver: user name is empty']) {
      assert.equal(shouldRefreshToken(new EtcdError(m, 3)), true, m);
    }
    assert.equal(shouldRefreshToken(new EtcdError('etcdserver: permission denied', 7)), false);
  });
});
