// `etcdctl cluster-health` (v2) through runV2 with a fake etcd: the member list without a sync,
// one GET <clientURL>/health per member, the per-member lines and the summary with exit 0 or 5,
// --forever until Ctrl-C, and the errors before any check. Expected bytes are Debian's etcdctl
// 3.4.23's, captured against a server answering the same member list.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { NetError } from '../../../../src/client/v2/errors.js';
import { ALL_REFUSED_STDERR, FakeV2, SignalIO, allRefused, goldenHelp, incorrectUsage, member, membersReply } from '../../../helpers/fake-v2.js';

const refused = (port: number) => new NetError(`dial tcp 127.0.0.1:${port}: connect: connection refused`, true);
const one = () => membersReply([member('55209a07e772ae46', 'u2', ['http://127.0.0.1:15380'], ['http://127.0.0.1:15379'])]);
const HEALTHY = 'member 55209a07e772ae46 is healthy: got healthy result from http://127.0.0.1:15379\ncluster is healthy\n';

test('cluster-health: members listed without a sync, each /health checked, exit 0 when all are healthy', async () => {
  const f = new FakeV2(one());
  f.getReplies.set('http://127.0.0.1:15379/health', '{"health":"true"}');
  assert.deepEqual(await f.run(['cluster-health']), { stdout: HEALTHY, stderr: '', code: 0 });
  assert.deepEqual(f.lines(), ['GET /v2/members']);
  assert.deepEqual(f.calls, ['transport', 'clientNoSync']);
  assert.deepEqual(f.gets, ['http://127.0.0.1:15379/health']);
  // arguments are ignored
  const g = new FakeV2(one());
  g.getReplies.set('http://127.0.0.1:15379/health', '{"health":"true"}');
  assert.deepEqual(await g.run(['cluster-health', 'extra']), { stdout: HEALTHY, stderr: '', code: 0 });
});

test('cluster-health: unreachable, unhealthy and URL-less members; degraded or unavailable, exit 5', async () => {
  const f = new FakeV2(
    membersReply([
      member('aaa1', 'one', ['http://127.0.0.1:15380'], ['http://127.0.0.1:15379']),
      member('bbb2', 'two', ['http://127.0.0.1:15381'], ['http://127.0.0.1:15998', 'http://127.0.0.1:15400']),
      member('ccc3', '', ['http://127.0.0.1:15382'], []),
      member('ddd4', 'four', ['http://127.0.0.1:15383'], ['http://127.0.0.1:15997']),
    ]),
  );
  f.getReplies.set('http://127.0.0.1:15379/health', '{"health":"true"}');
  f.getReplies.set('http://127.0.0.1:15998/health', refused(15998));
  f.getReplies.set('http://127.0.0.1:15400/health', '{"health":"false"}');
  f.getReplies.set('http://127.0.0.1:15997/health', refused(15997));
  assert.deepEqual(await f.run(['cluster-health']), {
    stdout:
      'member aaa1 is healthy: got healthy result from http://127.0.0.1:15379\n' +
      'failed to check the health of member bbb2 on http://127.0.0.1:15998: Get "http://127.0.0.1:15998/health": dial tcp 127.0.0.1:15998: connect: connection refused\n' +
      'member bbb2 is unhealthy: got unhealthy result from http://127.0.0.1:15400\n' +
      'member ccc3 is unreachable: no available published client urls\n' +
      'failed to check the health of member ddd4 on http://127.0.0.1:15997: Get "http://127.0.0.1:15997/health": dial tcp 127.0.0.1:15997: connect: connection refused\n' +
      'member ddd4 is unreachable: [http://127.0.0.1:15997] are all unreachable\n' +
      'cluster is degraded\n',
    stderr: '',
    code: 5,
  });

  const down = new FakeV2(membersReply([member('ddd4', 'four', ['http://127.0.0.1:15383'], ['http://127.0.0.1:15997'])]));
  down.getReplies.set('http://127.0.0.1:15997/health', refused(15997));
  assert.deepEqual(await down.run(['cluster-health']), {
    stdout:
      'failed to check the health of member ddd4 on http://127.0.0.1:15997: Get "http://127.0.0.1:15997/health": dial tcp 127.0.0.1:15997: connect: connection refused\n' +
      'member ddd4 is unreachable: [http://127.0.0.1:15997] are all unreachable\n' +
      'cluster is unavailable\n',
    stderr: '',
    code: 5,
  });
});

test('cluster-health: a /health body that is not JSON', async () => {
  const f = new FakeV2(membersReply([member('eee5', 'five', ['http://127.0.0.1:15383'], ['http://127.0.0.1:15402'])]));
  f.getReplies.set('http://127.0.0.1:15402/health', 'not json');
  assert.deepEqual(await f.run(['cluster-health']), {
    stdout:
      "failed to check the health of member eee5 on http://127.0.0.1:15402: invalid character 'o' in literal null (expecting 'u')\n" +
      'member eee5 is unreachable: [http://127.0.0.1:15402] are all unreachable\n' +
      'cluster is unavailable\n',
    stderr: '',
    code: 5,
  });
});

test('cluster-health: the member list fails: a line on stdout, handleError, exit 4', async () => {
  const f = new FakeV2(allRefused());
  assert.deepEqual(await f.run(['cluster-health']), {
    stdout: 'cluster may be unhealthy: failed to list members\n',
    stderr: ALL_REFUSED_STDERR,
    code: 4,
  });
});

test('cluster-health: bad TLS settings fail before the member list, exit 4', async () => {
  const cases: Array<[string[], string]> = [
    [['--cert-file', '/nonexistent/cert'], 'Error:  KeyFile and CertFile must both be present[key: , cert: /nonexistent/cert]\n'],
    [['--cert-file', '/nonexistent/cert', '--key-file', '/nonexistent/key'], 'Error:  open /nonexistent/cert: no such file or directory\n'],
  ];
  for (const [flags, stderr] of cases) {
    const f = new FakeV2();
    f.realTransport = true;
    assert.deepEqual(await f.run([...flags, 'cluster-health']), { stdout: '', stderr, code: 4 });
    assert.deepEqual(f.calls, ['transport']);
  }
});

test('cluster-health flag errors', async () => {
  const f = new FakeV2();
  assert.deepEqual(await f.run(['cluster-health', '--forever=x']), incorrectUsage('invalid boolean value "x" for -forever: parse error', goldenHelp('cluster-health')));
  assert.deepEqual(await f.run(['cluster-health', '-f', '--forever']), incorrectUsage('Cannot use two forms of the same flag: f forever', goldenHelp('cluster-health')));
  assert.deepEqual(f.calls, []);
});

test('cluster-health --forever: checks again every 10 seconds until Ctrl-C, then exit 0', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const f = new FakeV2(one());
    f.getReplies.set('http://127.0.0.1:15379/health', '{"health":"true"}');
    const io = new SignalIO({ argv: ['cluster-health', '--forever'] });
    const done = f.run(['cluster-health', '--forever'], { io });
    const again = `${HEALTHY}\nnext check after 10 second...\n\n`;
    await io.stdoutIncludes(again);
    mock.timers.tick(10_000);
    await io.stdoutIncludes(again + again);
    io.emit('SIGINT');
    assert.deepEqual(await done, { stdout: again + again, stderr: '', code: 0 });
    // the member list is read once
    assert.deepEqual(f.lines(), ['GET /v2/members']);
  } finally {
    mock.timers.reset();
  }
});
