// A 3-member cluster with all three endpoints given: the foundation commands (put/get/del/
// endpoint/member list) print what etcdctl prints with every member up and with one stopped;
// requests are balanced round robin; reads fail over, writes are never applied twice; dead
// endpoints end as etcdctl ends (deadline after --command-timeout, exit 1; with --user after
// --dial-timeout, exit 2).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type EtcdCluster, freePort } from '../helpers/etcd.js';
import { anyAnsweringMember, anyRevision, assertSame, both, healthOutput, same, sameAfterReset, timed } from '../helpers/compare.js';
import { ours } from '../helpers/run.js';
import { EtcdClient } from '../../src/client/v3/client.js';

let cluster: EtcdCluster;
let eps: string; // all three, host:port
const cfg = (endpoints: string[]) => ({ endpoints, dialTimeoutMs: 2000, keepAliveTimeMs: 2000, keepAliveTimeoutMs: 6000 });


before(async () => {
  cluster = await startCluster(3);
  eps = cluster.endpoints;
});
after(async () => {
  await cluster?.stop();
});

describe('all members up, all endpoints given', () => {
  it('put, get and del print what etcdctl prints', async () => {
    for (const w of ['simple', 'json', 'fields']) {
      // real writes first, then ours: same key, so the printed values are the same
      const put = await both(['--endpoints', eps, 'put', `k-${w}`, 'v', '-w', w]);
      assert.equal(put.ours.code, 0, put.ours.stderr);
      assert.equal(put.real.code, 0, put.real.stderr);
      await same(['--endpoints', eps, 'get', `k-${w}`, '-w', w], {}, anyAnsweringMember);
    }
    // protobuf carries the answering member's id in binary: one endpoint
    await same(['--endpoints', cluster.members[1]!.endpoint, 'get', 'k-', '--prefix', '-w', 'protobuf']);
    await same(['--endpoints', eps, 'get', 'k-', '--prefix', '--keys-only']);
    await same(['--endpoints', eps, 'get', 'nokey']);
  });

  it('member list, endpoint status/hashkv/health (also --cluster) print what etcdctl prints', async () => {
    for (const w of ['simple', 'json', 'fields', 'table']) {
      await same(['--endpoints', eps, 'member', 'list', '-w', w], {}, anyAnsweringMember);
      await same(['--endpoints', eps, 'endpoint', 'status', '-w', w]);
      await same(['--endpoints', eps, 'endpoint', 'status', '--cluster', '-w', w]);
      await same(['--endpoints', eps, 'endpoint', 'hashkv', '--cluster', '-w', w]);
      await same(['--endpoints', eps, 'endpoint', 'health', '--cluster', '-w', w], {}, healthOutput);
    }
  });

  it('spreads requests over all members, round robin', async () => {
    const c = await EtcdClient.connect(cfg(eps.split(',')));
    try {
      const seen: bigint[] = [];
      for (let i = 0; i < 9; i++) {
        const r = await c.range({ key: Buffer.from('k') }, { deadline: new Date(Date.now() + 5000) });
        seen.push(r.header!.memberId);
      }
      assert.equal(new Set(seen).size, 3, `members that answered: ${seen.join(' ')}`);
      // a strict rotation once every channel is ready
      assert.equal(seen[3], seen[6]);
      assert.equal(seen[4], seen[7]);
    } finally {
      c.close();
    }
  });
});

describe('one member stopped, all three endpoints given', () => {
  before(async () => {
    await cluster.members[0]!.stop(); // the first endpoint
    await cluster.waitLeader();
  });
  after(async () => {
    await cluster.members[0]!.start();
    await cluster.members[0]!.waitHealthy();
  });

  it('put, get, del and member list still work and print what etcdctl prints', async () => {
    for (const w of ['simple', 'json', 'fields']) {
      const put = await both(['--endpoints', eps, 'put', `down-${w}`, 'v', '-w', w]);
      assert.equal(put.real.code, 0, put.real.stderr);
      assert.equal(put.ours.code, 0, put.ours.stderr);
      await same(['--endpoints', eps, 'get', `down-${w}`, '-w', w], {}, anyAnsweringMember);
      await same(['--endpoints', eps, 'member', 'list', '-w', w], {}, anyAnsweringMember);
    }
    const reput = () => Promise.all(['simple', 'json', 'fields'].map((w) => ours(['--endpoints', eps, 'put', `down-${w}`, 'v'], { api: '3' })));
    await sameAfterReset(['--endpoints', eps, 'del', 'down-', '--prefix', '--prev-kv'], reput);
    await sameAfterReset(['--endpoints', eps, 'del', 'down-', '--prefix', '-w', 'json'], reput, {}, anyAnsweringMember, anyRevision);
  });

  it('endpoint status|hashkv|health report the stopped member as etcdctl does (exit 1)', async () => {
    const t = ['--command-timeout', '500ms'];
    const st = await same([...t, '--endpoints', eps, 'endpoint', 'status']);
    assert.equal(st.ours.code, 1);
    assert.match(st.ours.stderr, /^Failed to get the status of endpoint 127\.0\.0\.1:\d+ \(context deadline exceeded\)\n$/);
    for (const w of ['simple', 'json', 'table']) await same([...t, '--endpoints', eps, 'endpoint', 'status', '--cluster', '-w', w]);
    for (const w of ['simple', 'json']) {
      const hk = await same([...t, '--endpoints', eps, 'endpoint', 'hashkv', '--cluster', '-w', w]);
      assert.equal(hk.ours.code, 1);
    }
    for (const w of ['simple', 'json', 'fields', 'table']) {
      const h = await same([...t, '--endpoints', eps, 'endpoint', 'health', '--cluster', '-w', w], {}, healthOutput);
      assert.equal(h.ours.code, 1);
      assert.match(h.ours.stderr, /Error: unhealthy cluster/);
    }
  });

  it('reads fail over and writes are applied once when a member goes away mid-run', async () => {
    // m1 is down; stop m2 too after the client is connected to all: m3 alone cannot commit,
    // so restart m1 first to keep a quorum of two (m1 + m3) while m2 is gone
    await cluster.members[0]!.start();
    await cluster.waitLeader();
    const c = await EtcdClient.connect(cfg(eps.split(',')));
    try {
      // every channel ready
      for (let i = 0; i < 3; i++) await c.range({ key: Buffer.from('x') }, { deadline: new Date(Date.now() + 5000) });
      await cluster.members[1]!.stop();
      for (let i = 0; i < 12; i++) {
        await c.range({ key: Buffer.from('x') }, { deadline: new Date(Date.now() + 5000) });
        await c.put({ key: Buffer.from(`once-${i}`), value: Buffer.from('v') }, { deadline: new Date(Date.now() + 5000) });
      }
      const r = await c.range({ key: Buffer.from('once-'), rangeEnd: Buffer.from('once.') }, { deadline: new Date(Date.now() + 5000) });
      assert.equal(r.kvs.length, 12);
      for (const kv of r.kvs) assert.equal(kv.version, 1n, `${kv.key.toString()} written more than once`);
    } finally {
      c.close();
      await cluster.members[1]!.start();
      await cluster.members[1]!.waitHealthy();
      await cluster.members[0]!.stop();
      await cluster.waitLeader();
    }
  });
});

describe('dead endpoints', () => {
  it('a dead single endpoint: context deadline exceeded after --command-timeout, exit 1', async () => {
    const dead = `127.0.0.1:${await freePort()}`;
    const p = await both(['--endpoints', dead, '--command-timeout', '1s', 'put', 'k', 'v']);
    assertSame(p, 'dead put');
    assert.equal(p.ours.stderr, 'Error: context deadline exceeded\n');
    assert.equal(p.ours.code, 1);
    const t = await timed(['--endpoints', dead, '--command-timeout', '1s', 'get', 'k']);
    assert.equal(t.code, 1);
    assert.ok(t.ms >= 1000 && t.ms < 4000, `took ${t.ms}ms`);
  });

  it('with --user: context deadline exceeded after --dial-timeout, exit 2', async () => {
    const dead = `127.0.0.1:${await freePort()}`;
    const args = ['--endpoints', dead, '--dial-timeout', '1s', '--command-timeout', '10s', '--user', 'root:pw', 'get', 'k'];
    const p = await both(args);
    assertSame(p, 'dead get --user');
    assert.equal(p.ours.code, 2);
    const t = await timed(args);
    assert.ok(t.ms >= 1000 && t.ms < 4000, `took ${t.ms}ms`);
  });

  it('every endpoint dead but one: the command works', async () => {
    const d1 = `127.0.0.1:${await freePort()}`;
    const d2 = `127.0.0.1:${await freePort()}`;
    const live = cluster.members[2]!.endpoint;
    await same(['--endpoints', `${d1},${d2},${live}`, 'put', 'alone', 'v']);
    await same(['--endpoints', `${d1},${d2},${live}`, 'get', 'alone', '-w', 'json']);
  });
});
