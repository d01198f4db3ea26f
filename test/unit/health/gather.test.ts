// Gathering with fake clients: members asked at once, a member that never answers ends as a
// deadline error at the deadline (not later), hashes at the lowest revision of the voters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SetupError } from '../../../src/health/facts.js';
import { gatherFacts, type HealthClient } from '../../../src/health/gather.js';

interface Fake {
  id: bigint;
  revision: bigint;
  learner?: boolean;
  /** never answers anything */
  frozen?: boolean;
  hashError?: string;
}

const never = new Promise<never>(() => {});

function fakeClient(f: Fake, log: string[]): HealthClient {
  const hold = <T>(v: T): Promise<T> => (f.frozen ? never : Promise.resolve(v));
  return {
    status: () =>
      hold({
        header: { clusterId: 7n, memberId: f.id, revision: f.revision },
        version: '3.4.23',
        dbSize: 100n,
        dbSizeInUse: 50n,
        leader: 1n,
        raftIndex: 10n,
        raftTerm: 2n,
        raftAppliedIndex: 10n,
        errors: [],
        isLearner: f.learner ?? false,
      }),
    range: () => (f.learner ? Promise.reject(new Error('etcdserver: rpc not supported for learner')) : hold({})),
    memberList: () =>
      f.learner ? Promise.reject(new Error('etcdserver: rpc not supported for learner')) : hold({ members: [{ ID: f.id, name: `m${f.id}`, clientURLs: [], isLearner: false }] }),
    alarm: () => hold({ alarms: [{ memberID: 1n, alarm: 1 }] }),
    hashKV: (req) => {
      log.push(`hash ${f.id} at ${req.revision}`);
      return f.hashError ? Promise.reject(new Error(f.hashError)) : hold({ hash: 42, compactRevision: -1n });
    },
    close: () => void log.push(`close ${f.id}`),
  };
}

test('gather: members asked at once; a frozen one is a deadline error at the deadline', async () => {
  const fakes: Record<string, Fake> = {
    a: { id: 1n, revision: 12n },
    b: { id: 2n, revision: 10n },
    c: { id: 3n, revision: 11n, frozen: true },
    d: { id: 4n, revision: 3n, learner: true },
  };
  const log: string[] = [];
  const t0 = Date.now();
  const facts = await gatherFacts(
    { endpoints: Object.keys(fakes), clientFor: async (ep) => fakeClient(fakes[ep]!, log) },
    { ask: new Date(t0 + 150), hash: new Date(t0 + 300) },
  );
  const took = Date.now() - t0;
  assert.ok(took >= 140 && took < 1000, `took ${took} ms`);
  assert.deepEqual(
    facts.endpoints.map((e) => [e.endpoint, e.status.ok, e.health.ok ? 'ok' : e.health.error, e.hash?.ok]),
    [
      ['a', true, 'ok', true],
      ['b', true, 'ok', true],
      ['c', false, 'context deadline exceeded', undefined],
      ['d', true, 'etcdserver: rpc not supported for learner', undefined],
    ],
  );
  // the lowest revision among the voters that answered; the learner is not asked
  assert.equal(facts.hashRevision, 10n);
  assert.deepEqual(log.filter((l) => l.startsWith('hash')).sort(), ['hash 1 at 10', 'hash 2 at 10']);
  assert.deepEqual(facts.members, { ok: true, value: [{ id: 1n, name: 'm1', clientURLs: [], isLearner: false }] });
  assert.deepEqual(facts.alarms, { ok: true, value: [{ memberId: 1n, alarm: 'NOSPACE' }] });
  assert.deepEqual(log.filter((l) => l.startsWith('close')).sort(), ['close 1', 'close 2', 'close 3', 'close 4']);
});

test('gather: a frozen hash call ends at the hash deadline', async () => {
  const log: string[] = [];
  const t0 = Date.now();
  const frozenHash: HealthClient = { ...fakeClient({ id: 2n, revision: 5n }, log), hashKV: () => never };
  const facts = await gatherFacts(
    { endpoints: ['a', 'b'], clientFor: async (ep) => (ep === 'a' ? fakeClient({ id: 1n, revision: 5n }, log) : frozenHash) },
    { ask: new Date(t0 + 1000), hash: new Date(t0 + 100) },
  );
  assert.ok(Date.now() - t0 < 900);
  assert.deepEqual(facts.endpoints[1]!.hash, { ok: false, error: 'context deadline exceeded' });
});

test('gather: a client that cannot be made is that endpoint\'s error; a setup error ends the gathering', async () => {
  const deadlines = { ask: new Date(Date.now() + 1000), hash: new Date(Date.now() + 1000) };
  const one = await gatherFacts({ endpoints: ['x'], clientFor: () => Promise.reject(new Error('dial failed')) }, deadlines);
  assert.deepEqual(one.endpoints, [{ endpoint: 'x', status: { ok: false, error: 'dial failed' }, health: { ok: false, error: 'dial failed' } }]);
  assert.equal(one.hashRevision, undefined);
  const setup = await gatherFacts({ endpoints: ['x'], clientFor: () => Promise.reject(new SetupError('open ca.crt: no such file or directory')) }, deadlines);
  assert.equal(setup.setupError, 'open ca.crt: no such file or directory');
});
