// member add|remove|update|list|promote and move-leader against a 3-member cluster, ours next to
// etcdctl 3.4.23: every output format, the ETCD_* block after `member add`, argument and URL
// errors, a learner added, started, promoted and removed by each side in turn (ids normalised),
// and the Go panic of `member promote -w json` (mirrored: same first line, exit 2, after success).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, sleep, type EtcdCluster, type EtcdMember } from '../helpers/etcd.js';
import { anyAnsweringMember, assertSame, both, same, sameAfterReset, type Normaliser } from '../helpers/compare.js';
import { ours, real, type RunResult } from '../helpers/run.js';
import { EtcdClient } from '../../src/client/v3/client.js';

let cluster: EtcdCluster;
let ep1: string;
let all: string;
const ids = new Map<string, bigint>(); // name → member id

const clientFor = (eps: string[]) =>
  EtcdClient.connect({ endpoints: eps, dialTimeoutMs: 2000, keepAliveTimeMs: 2000, keepAliveTimeoutMs: 6000 });
const hex = (id: bigint) => id.toString(16);

before(async () => {
  // etcd's strict reconfiguration check refuses `member add` (learners too) with `unhealthy
  // cluster` until the member has been connected to every voting peer for 5 s, and a busy machine
  // makes peer streams drop and start over at any time: with it, the compared reconfigurations
  // failed on either side at random (etcdctl too). What is compared here is etcdctl's output, not
  // etcd's quorum guard, so the guard is off; the learner's catch-up check stays (untilAccepted).
  cluster = await startCluster(3, { extraArgs: ['--strict-reconfig-check=false'] });
  ep1 = cluster.members[0]!.endpoint;
  all = cluster.endpoints;
  const c = await clientFor([ep1]);
  try {
    for (const m of (await c.memberList({ deadline: new Date(Date.now() + 5000) })).members) ids.set(m.name, m.ID);
  } finally {
    c.close();
  }
});
after(async () => {
  await cluster?.stop();
});

describe('member list', () => {
  it('prints every format as etcdctl does', async () => {
    for (const w of ['simple', 'json', 'fields', 'table', 'protobuf']) await same(['--endpoints', ep1, 'member', 'list', '-w', w]);
    await same(['--endpoints', all, 'member', 'list', '-w', 'json'], {}, anyAnsweringMember);
    await same(['--endpoints', ep1, 'member', 'list', 'extra', 'args']);
    await same(['--endpoints', ep1, 'member', 'list', '-w', 'yaml']);
  });
});

describe('argument and URL errors', () => {
  it('match etcdctl (exit 128 before connecting, URL errors exit 1)', async () => {
    const cases: string[][] = [
      ['member', 'add'],
      ['member', 'add', 'a', 'b'],
      ['member', 'add', 'a', 'http://x', 'HTTPS://y', 'z'],
      ['member', 'add', 'a'],
      ['member', 'add', 'a', '--peer-urls', 'bad-url'],
      ['member', 'add', 'a', '--peer-urls', '127.0.0.1:2380'],
      ['member', 'add', 'a', '--peer-urls', 'http://h:abc'],
      ['member', 'add', 'a', '--peer-urls', 'http://h/p'],
      ['member', 'add', 'a', '--peer-urls', 'http://h'],
      ['member', 'add', 'a', '--peer-urls', 'http://127.0.0.1:1,ftp://x:1'],
      ['member', 'add', 'a', '--peer-urls', 'http://[::1:2380'],
      ['member', 'remove'],
      ['member', 'remove', 'zz'],
      ['member', 'remove', '1', '2'],
      ['member', 'remove', '10000000000000000'],
      ['member', 'remove', '1'],
      ['member', 'update'],
      ['member', 'update', 'xyz', '--peer-urls', 'http://a:1'],
      ['member', 'update', '1'],
      ['member', 'update', '1', '--peer-urls', 'http://127.0.0.1:1'],
      ['member', 'update', '1', '--peer-urls', 'nope'],
      ['member', 'promote'],
      ['member', 'promote', 'g'],
      ['move-leader'],
      ['move-leader', 'zz'],
      ['move-leader', '1', '2'],
    ];
    for (const c of cases) await same(['--endpoints', ep1, ...c]);
  });

  it('promoting a voter or an unknown member fails as in etcdctl', async () => {
    await same(['--endpoints', ep1, 'member', 'promote', hex(ids.get('m2')!)]);
  });
});

describe('member update', () => {
  it('prints every format as etcdctl does (same peer URLs: nothing changes)', async () => {
    const m2 = cluster.members[1]!;
    for (const w of ['simple', 'json', 'fields', 'table', 'protobuf']) {
      await same(['--endpoints', ep1, 'member', 'update', hex(ids.get('m2')!), `--peer-urls=${m2.peerURL}`, '-w', w]);
    }
  });
});

/** the new member's id and ETCD_INITIAL_CLUSTER from `member add` simple output */
function parseAdd(out: string): { id: string; initialCluster: string } {
  const id = /^Member +([0-9a-f]+) added to cluster/.exec(out)?.[1];
  const ic = /^ETCD_INITIAL_CLUSTER="([^"]*)"$/m.exec(out)?.[1];
  assert.ok(id && ic, `unexpected member add output:\n${out}`);
  return { id, initialCluster: ic };
}

/** The new member's id (any width) and the order of ETCD_INITIAL_CLUSTER entries depend on the id. */
function addNormaliser(newId: () => string | undefined): Normaliser {
  return (s) => {
    const id = newId();
    let t = id ? s.split(id).join('<NEW>').replace(/Member +<NEW>/, 'Member <NEW>') : s;
    t = t.replace(/^ETCD_INITIAL_CLUSTER="([^"]*)"$/m, (_all, list: string) => `ETCD_INITIAL_CLUSTER="${list.split(',').sort().join(',')}"`);
    return t;
  };
}

/** json of member add/promote/remove: ids of members not in the starting cluster and member order */
const memberJson: Normaliser = (s) => {
  if (!s.startsWith('{')) return s;
  const known = new Set([...ids.values()].map(String));
  const j = JSON.parse(s.replace(/"(ID|member_id)":(\d+)/g, (_a, k: string, v: string) => `"${k}":"${known.has(v) ? v : '<NEW>'}"`)) as {
    members?: Array<{ peerURLs: string[] }>;
  };
  j.members?.sort((a, b) => (a.peerURLs[0]! < b.peerURLs[0]! ? -1 : 1));
  return JSON.stringify(j);
};

describe('a learner: added, started, promoted and removed by each side in turn', () => {
  let learner: EtcdMember | undefined;
  let reservation: Awaited<ReturnType<EtcdCluster['reserveMember']>>;
  before(async () => {
    reservation = await cluster.reserveMember('m4');
  });
  after(async () => {
    if (learner) await cluster.dropMember(learner);
  });

  /**
   * Removes every member that is not one of the first three (through the library). etcd derives
   * a new member's id from its peer URLs and the current second, and refuses an id it removed
   * ("member not found"): the next add of the same URL must come in a later second.
   */
  async function removeExtra(): Promise<void> {
    await sleep(1000 - (Date.now() % 1000) + 50);
    if (learner) {
      await cluster.dropMember(learner);
      learner = undefined;
    }
    const c = await clientFor([ep1]);
    try {
      for (const m of (await c.memberList({ deadline: new Date(Date.now() + 5000) })).members) {
        if (![...ids.values()].includes(m.ID)) await c.memberRemove({ ID: m.ID }, { deadline: new Date(Date.now() + 5000) });
      }
    } finally {
      c.close();
    }
  }

  /**
   * Runs `member promote` with `bin` once etcd accepts it: the leader refuses it, changing nothing,
   * until the learner has caught up (`in sync with leader`), a condition etcd does not announce.
   * The compared run is the accepted one, on either side.
   */
  async function untilAccepted(bin: typeof ours, args: string[]): Promise<RunResult> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const r = await bin(args, { api: '3' });
      if (r.code === 0 || !/in sync with leader/.test(r.stderr) || Date.now() > deadline) return r;
      await sleep(250);
    }
  }

  /** Adds the learner with `bin`, starts it, promotes it with `bin` once etcd accepts it. */
  async function cycle(bin: typeof ours, promoteFormat: string): Promise<{ add: RunResult; promote: RunResult; id: string }> {
    const add = await bin(['--endpoints', ep1, 'member', 'add', 'm4', `--peer-urls=${reservation.peerURL}`, '--learner'], { api: '3' });
    assert.equal(add.code, 0, add.stderr);
    const { id, initialCluster } = parseAdd(add.stdout);
    learner = await cluster.startJoining(reservation, initialCluster);
    const promote = await untilAccepted(bin, ['--endpoints', ep1, 'member', 'promote', id, '-w', promoteFormat]);
    return { add, promote, id };
  }

  it('member add --learner, promote (simple) and remove print what etcdctl prints', async () => {
    await removeExtra();
    const r = await cycle(real, 'simple');
    await removeExtra();
    const o = await cycle(ours, 'simple');
    const norm = (id: string) => addNormaliser(() => id);
    assert.equal(norm(o.id)(o.add.stdout), norm(r.id)(r.add.stdout));
    assert.equal(o.add.stderr, '');
    assert.equal(o.promote.code, 0, o.promote.stderr);
    assert.equal(norm(o.id)(o.promote.stdout), norm(r.id)(r.promote.stdout));
    assert.match(o.promote.stdout, /^Member +[0-9a-f]+ promoted in cluster +[0-9a-f]+\n$/);
    // remove: each side removes the member it added
    const rr = await real(['--endpoints', ep1, 'member', 'remove', o.id], { api: '3' });
    assert.equal(rr.code, 0, rr.stderr);
    await cluster.dropMember(learner!);
    learner = undefined;
    const again = await both(['--endpoints', ep1, 'member', 'remove', o.id]);
    assertSame(again, 'remove of a removed member');
    assert.equal(again.ours.stderr, 'Error: etcdserver: member not found\n');
  });

  it('member promote -w json: the promotion happens, then a Go panic (exit 2) on both sides', async () => {
    await removeExtra();
    const r = await cycle(real, 'json');
    await removeExtra();
    const o = await cycle(ours, 'json');
    assert.equal(r.promote.code, 2);
    assert.equal(o.promote.code, r.promote.code);
    const first = (t: string) => t.split('\n').slice(0, 2).join('\n');
    assert.equal(first(o.promote.stderr), first(r.promote.stderr));
    assert.equal(o.promote.stdout, r.promote.stdout);
    const c = await clientFor([ep1]);
    try {
      const m = (await c.memberList({ deadline: new Date(Date.now() + 5000) })).members.find((x) => hex(x.ID) === o.id);
      assert.equal(m?.isLearner, false, 'the learner was promoted before the panic');
    } finally {
      c.close();
    }
  });

  it('member add in json, fields, table and protobuf, and member remove in every format', async () => {
    for (const w of ['json', 'fields', 'table']) {
      const p = await sameAfterReset(
        ['--endpoints', ep1, 'member', 'add', 'm4', `--peer-urls=${reservation.peerURL}`, '-w', w],
        removeExtra,
        {},
        memberJson,
      );
      if (w !== 'json') assert.equal(p.ours.code, 4, `${w}: the member is added, then the format is refused`);
    }
    for (const w of ['simple', 'json', 'fields', 'table', 'protobuf']) {
      // add (through the library) a member to remove, with the same peer URL each time
      let target = '';
      const prepare = async () => {
        await removeExtra(); // also waits for the next second
        const c = await clientFor([ep1]);
        try {
          const resp = await c.memberAdd({ peerURLs: [reservation.peerURL] }, { deadline: new Date(Date.now() + 5000) });
          target = hex(resp.member!.ID);
        } finally {
          c.close();
        }
      };
      await prepare();
      const r = await real(['--endpoints', ep1, 'member', 'remove', target, '-w', w], { api: '3' });
      const rTarget = target;
      await prepare();
      const o = await ours(['--endpoints', ep1, 'member', 'remove', target, '-w', w], { api: '3' });
      const n = (t: string, id: string) => (w === 'protobuf' ? t.length.toString() : memberJson(t.split(id.padStart(16, ' ')).join('<NEW>')));
      assert.equal(o.code, r.code, `${w}: ${o.stderr} vs ${r.stderr}`);
      assert.equal(n(o.stdout, target), n(r.stdout, rTarget), w);
      assert.equal(o.stderr, r.stderr.split('\n').filter((l) => !l.startsWith('{"level"')).join('\n'));
    }
    await removeExtra();
  });
});

describe('move-leader', () => {
  /** Puts leadership on m1 (through the library). */
  async function leaderToM1(): Promise<void> {
    const leader = await cluster.waitLeader();
    if (leader === cluster.members[0]) return;
    const c = await clientFor([leader.endpoint]);
    try {
      await c.moveLeader({ targetID: ids.get('m1')! }, { deadline: new Date(Date.now() + 10000) });
    } finally {
      c.close();
    }
    for (let i = 0; i < 100 && (await cluster.waitLeader()) !== cluster.members[0]; i++) await sleep(50);
  }

  it('transfers leadership and prints what etcdctl prints', async () => {
    for (const w of ['simple', 'json']) {
      await sameAfterReset(['--endpoints', all, 'move-leader', hex(ids.get('m2')!), '-w', w], leaderToM1);
    }
    // the target is the leader already
    await sameAfterReset(['--endpoints', all, 'move-leader', hex(ids.get('m1')!)], leaderToM1);
    for (const w of ['fields', 'table', 'protobuf']) await sameAfterReset(['--endpoints', all, 'move-leader', hex(ids.get('m2')!), '-w', w], leaderToM1);
  });

  it('errors as etcdctl: no leader among the endpoints (128), a bad transferee (1)', async () => {
    await leaderToM1();
    const followers = `${cluster.members[1]!.endpoint},${cluster.members[2]!.endpoint}`;
    await same(['--endpoints', followers, 'move-leader', hex(ids.get('m2')!)]);
    await same(['--endpoints', ep1, 'move-leader', '1234']);
  });

  it('a stopped member before the leader among the endpoints ends the command (exit 1), as in etcdctl', async () => {
    await leaderToM1();
    const m3 = cluster.members[2]!;
    await m3.stop();
    try {
      await same(['--command-timeout', '500ms', '--endpoints', `${m3.endpoint},${ep1}`, 'move-leader', hex(ids.get('m2')!)]);
    } finally {
      await m3.start();
      await m3.waitHealthy();
    }
  });
});
