// v2 member and cluster-health commands on a 3-member cluster, side by side with Debian's
// etcdctl 3.4.23 on the same cluster: member list/add/remove/update (added members get random
// IDs, which are normalised), failover to live members, and cluster-health while members are
// healthy, one is stopped (`cluster is degraded`, exit 5), two are stopped and all are stopped.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { REAL_ETCDCTL, requireEtcd, startCluster, freePort, type EtcdCluster, type EtcdMember } from '../helpers/etcd.js';
import { waitFor } from '../helpers/wait.js';
import { OUR_ETCDCTL, ours, real, type RunResult } from '../helpers/run.js';
import { normaliseErrorOrder, normalisePorts, start } from '../helpers/v2.js';

let c: EtcdCluster;

before(async () => {
  requireEtcd();
  c = await startCluster(3);
});

after(async () => {
  await c?.stop();
});

type Norm = (s: string) => string;
const id: Norm = (s) => s;
const shuffled: Norm = normaliseErrorOrder;
const shuffledPorts: Norm = (s) => normaliseErrorOrder(normalisePorts(s));

/**
 * etcd refuses membership changes (HTTP 503, which the v2 client reports as "has no leader")
 * until the member that gets the request has been connected to every other member for five
 * seconds (its strict reconfiguration check), and each member judges that by its own
 * connections. A command may send its request to any member, so this waits, at most timeoutMs,
 * until every member refuses adding an existing peer URL as a conflict (409): the check passed
 * and the proposal went through raft.
 */
async function waitReconfigurable(timeoutMs = 20000): Promise<void> {
  const post = (m: EtcdMember) =>
    new Promise<number>((resolve) => {
      const req = request(`${m.clientURL}/v2/members`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, timeout: 2000 }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', () => resolve(0));
      req.on('timeout', () => req.destroy());
      req.end(JSON.stringify({ peerURLs: [c.members[0]!.peerURL] }));
    });
  // one member at a time: raft takes one configuration change at a time and drops a second one
  // proposed while the first is pending (its proposer then waits until its request times out)
  await waitFor(
    'every member to accept membership changes',
    async () => {
      for (const m of c.running) if ((await post(m)) !== 409) return false;
      return true;
    },
    timeoutMs,
  );
}

/** Waits until the member's /health says it has lost its quorum (no 200 any more). */
async function lostQuorum(m: EtcdMember, timeoutMs = 20000): Promise<void> {
  await waitFor(`${m.name} to report its lost quorum`, async () => (await m.answers('/health')) === undefined, timeoutMs);
}

function view(r: RunResult, n: Norm) {
  return { stdout: n(r.stdout), stderr: n(r.stderr), code: r.code };
}

/** Runs args with both etcdctls against the same cluster, one after the other, and compares. */
async function same(args: string[], n: Norm = id): Promise<{ real: RunResult; ours: RunResult }> {
  const r = await real(args, { api: '2' });
  const o = await ours(args, { api: '2' });
  assert.deepEqual(view(o, n), view(r, n), `etcdctl ${args.join(' ')}`);
  return { real: r, ours: o };
}

const all = () => ['--endpoints', c.clientURLs];

/** member list's lines, as {id, name}. */
async function members(): Promise<Array<{ id: string; name: string }>> {
  const r = await real([...all(), 'member', 'list'], { api: '2' });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => ({ id: l.split(/[:[]/)[0]!, name: /name=(\S+)/.exec(l)?.[1] ?? '' }));
}

/** `member add` output with the new ID, its peer URL and the order of ETCD_INITIAL_CLUSTER normalised. */
function addNorm(newId: string, peerURL: string): Norm {
  return (s) =>
    s
      .split(newId)
      .join('<new-id>')
      .split(peerURL)
      .join('<peer>')
      .replace(/^ETCD_INITIAL_CLUSTER="([^"]*)"$/m, (_, list: string) => `ETCD_INITIAL_CLUSTER="${list.split(',').sort().join(',')}"`);
}

test('member list: server order, leader flag; -o is ignored; argument errors', async () => {
  await same([...all(), 'member', 'list']);
  await same(['--endpoints', c.members[1]!.clientURL, '-o', 'json', 'member', 'list']);
  await same(['--no-sync', '--endpoints', c.members[2]!.clientURL, 'member', 'list']);
  await same([...all(), 'member', 'list', 'extra']);
  await same([...all(), 'member', 'add']);
  await same([...all(), 'member', 'add', 'only-name']);
  await same([...all(), 'member', 'add', 's4', 'bad-url']);
  await same([...all(), 'member', 'add', 's4', 'http://127.0.0.1']);
  await same([...all(), 'member', 'add', 's4', 'http://127.0.0.1:1/path']);
  await waitReconfigurable();
  await same([...all(), 'member', 'add', 's4', c.members[0]!.peerURL]); // membership: peerURL exists
  await same([...all(), 'member', 'remove']);
  await same([...all(), 'member', 'remove', 'nope']);
  await same([...all(), 'member', 'remove', 'm1']); // a name: the hint, then not found
  await same([...all(), 'member', 'update']);
  await same([...all(), 'member', 'update', 'abc', 'http://127.0.0.1:1']); // No such member
  await same([...all(), 'member', 'update', 'abc', 'bad']);
  // with the sync, --debug shows the members' URLs in a shuffled order, then uses the first
  await same(['--debug', '--no-sync', '--endpoints', c.members[0]!.clientURL, 'member', 'list']);
  const synced = await same(['--debug', '--endpoints', c.members[0]!.clientURL, 'member', 'list'], (s) => normalisePorts(s));
  assert.match(synced.ours.stderr, /^got endpoints\((http:\/\/127\.0\.0\.1:\d+,?){3}\) after sync$/m);
});

test('member add, list (unstarted), remove, update', async () => {
  // Two peer URLs: etcd derives a new member's ID from its peer URLs and the second of the
  // request, and refuses an ID it has removed ("membership: ID removed", a 500 the v2 client
  // reports as "has no leader"), so ours re-adding the same URL within that second would fail.
  const peer = `http://127.0.0.1:${await freePort()}`;
  const ourPeer = `http://127.0.0.1:${await freePort()}`;
  await waitReconfigurable();
  // the real etcdctl adds a member, both list it, the real one removes it
  const ra = await real([...all(), 'member', 'add', 's4', peer], { api: '2' });
  assert.equal(ra.code, 0, ra.stderr);
  const realId = (await members()).find((m) => m.name === '')!.id;
  assert.match(ra.stdout, new RegExp(`^Added member named s4 with ID ${realId} to cluster\\n`));
  await same([...all(), 'member', 'list']);
  const rr = await real([...all(), 'member', 'remove', realId], { api: '2' });
  assert.deepEqual(view(rr, id), { stdout: `Removed member ${realId} from cluster\n`, stderr: '', code: 0 });

  // ours does the same, once every member accepts reconfigurations again
  await waitReconfigurable();
  const oa = await ours([...all(), 'member', 'add', 's4', ourPeer], { api: '2' });
  assert.equal(oa.code, 0, oa.stderr);
  const ourId = (await members()).find((m) => m.name === '')!.id;
  assert.deepEqual(view(oa, addNorm(ourId, ourPeer)), view(ra, addNorm(realId, peer)));
  const listed = await ours([...all(), 'member', 'list'], { api: '2' });
  assert.match(listed.stdout, new RegExp(`^${ourId}\\[unstarted\\]: peerURLs=${ourPeer}$`, 'm'));
  const or = await ours([...all(), 'member', 'remove', ourId], { api: '2' });
  assert.deepEqual(view(or, (s) => s.split(ourId).join('<id>')), view(rr, (s) => s.split(realId).join('<id>')));
  await same([...all(), 'member', 'list']);

  // update a member to its own peer URL (no change), then remove an ID that is gone
  const m2 = (await members()).find((m) => m.name === 'm2')!;
  await same([...all(), 'member', 'update', m2.id, c.members[1]!.peerURL]);
  await same([...all(), 'member', 'remove', ourId]);
});

test('cluster-health --forever checks every 10 seconds until SIGINT (exit 0)', async () => {
  const args = [...all(), 'cluster-health', '--forever'];
  const r = start(REAL_ETCDCTL, args, { api: '2' });
  const o = start(OUR_ETCDCTL, args, { api: '2' });
  // one round, then the 10 second pause: SIGINT once both have printed it
  const pause = /cluster is healthy\n\nnext check after 10 second\.\.\.\n\n$/;
  await Promise.all([r.printed(pause), o.printed(pause)]);
  r.kill('SIGINT');
  o.kill('SIGINT');
  const [rr, or] = await Promise.all([r.result, o.result]);
  assert.deepEqual(view(or, id), view(rr, id));
  assert.match(or.stdout, /cluster is healthy\n\nnext check after 10 second\.\.\.\n\n$/);
  assert.equal(or.code, 0);
});

test('failover: a stopped member in the endpoint list; cluster-health degraded (exit 5)', async () => {
  const healthy = await same([...all(), 'cluster-health']);
  assert.match(healthy.ours.stdout, /^(member \w+ is healthy: got healthy result from http:\/\/127\.0\.0\.1:\d+\n){3}cluster is healthy\n$/);
  await same(['--endpoints', c.members[1]!.clientURL, 'cluster-health', '--forever=false']);
  await same([...all(), 'set', '/fo/k', 'v']);
  await c.members[2]!.stop();
  await same([...all(), 'get', '/fo/k']);
  await same(['--no-sync', ...all(), 'ls', '/fo']);
  // a one-shot request (DELETE, mk) is not retried on another member: depending on the shuffle,
  // the stopped member's error or the live members' answer
  const dead = c.members[2]!.clientURL.replace('http://', '');
  const oneShot = ['--no-sync', '--endpoints', `${c.members[2]!.clientURL},${c.members[0]!.clientURL}`, 'rm', '/fo/nothing'];
  const outcomes = new Set<string>();
  for (let i = 0; i < 12 && outcomes.size < 2; i++) {
    const [r, o] = await Promise.all([real(oneShot, { api: '2' }), ours(oneShot, { api: '2' })]);
    for (const x of [r, o]) {
      assert.equal(x.code, 4);
      assert.match(x.stderr, new RegExp(`^Error:  (dial tcp ${dead}: connect: connection refused|100: Key not found \\(/fo/nothing\\) \\[\\d+\\])\n$`));
    }
    outcomes.add(o.stderr.slice(0, 12));
  }
  assert.equal(outcomes.size, 2, 'ours never failed on the stopped member, or never reached the live one');
  await same(['--endpoints', `${c.members[2]!.clientURL},${c.members[0]!.clientURL}`, 'get', '/fo/k']);
  await same(['--no-sync', '--endpoints', c.members[2]!.clientURL, 'get', '/fo/k']);
  await same([...all(), 'member', 'list']);
  const degraded = await same([...all(), 'cluster-health']);
  assert.equal(degraded.ours.code, 5);
  assert.match(degraded.ours.stdout, /failed to check the health of member \w+ on (http\S+): Get "\1\/health": dial tcp 127\.0\.0\.1:\d+: connect: connection refused\nmember \w+ is unreachable: \[\1\] are all unreachable\n/);
  assert.match(degraded.ours.stdout, /cluster is degraded\n$/);
  await same(['--endpoints', c.members[0]!.clientURL, '-o', 'extended', 'cluster-health']);
});

test('cluster-health with no quorum and with every member stopped', async () => {
  await c.members[1]!.stop();
  await lostQuorum(c.members[0]!);
  const unavailable = await same(['--endpoints', c.members[0]!.clientURL, 'cluster-health']);
  assert.equal(unavailable.ours.code, 5);
  assert.match(unavailable.ours.stdout, /is unhealthy: got unhealthy result from [\s\S]*cluster is unavailable\n$/);
  await same(['--endpoints', c.members[0]!.clientURL, 'member', 'list'], shuffled); // Failed to get leader
  await c.members[0]!.stop();
  const down = await same([...all(), 'cluster-health'], shuffledPorts);
  assert.deepEqual([down.ours.stdout, down.ours.code], ['cluster may be unhealthy: failed to list members\n', 4]);
  await same([...all(), 'member', 'list'], shuffledPorts);
  await same([...all(), 'get', '/fo/k'], shuffledPorts); // the sync fails: exit 2
});
