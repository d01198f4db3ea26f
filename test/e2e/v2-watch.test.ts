// v2 watch and exec-watch side by side with Debian's etcdctl 3.4.23. Each side watches its own
// twin etcd (test/helpers/v2.ts); changes are made from a second process on both twins in the
// same order, once both watchers are registered (the store's watcher count says so), so events
// and their indexes match. Every wait is bounded; SIGINT must end a watch with exit 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../helpers/etcd.js';
import { real } from '../helpers/run.js';
import { assertSame, same, startWatching, twinsForFile } from '../helpers/v2.js';

const t = twinsForFile();

/** The same change on both twins, with the real etcdctl (a second process). */
async function change(...args: string[]): Promise<void> {
  const rs = await Promise.all([t.a, t.b].map((c) => real(['--endpoints', c.clientURLs, ...args], { api: '2' })));
  for (const r of rs) assert.ok(r.code === 0, `change ${args.join(' ')} failed: ${r.stderr}`);
}

test('watch prints the first change and exits 0, in every output format', async () => {
  for (const o of ['simple', 'extended', 'json', 'bogus']) {
    const key = `/w1/${o}`;
    await change('set', key, 'before');
    const w = await startWatching(t, ['-o', o, 'watch', key]);
    await change('set', key, 'after');
    assertSame(await w.pair());
  }
});

test('watch -r prints "[action] key" before each event and skips directory events', async () => {
  const w = await startWatching(t, ['watch', '--recursive', '/w2']);
  await change('mkdir', '/w2/dir'); // skipped: a directory
  await change('set', '/w2/dir/k', 'v');
  assertSame(await w.pair());
});

test('watch --forever prints every change until SIGINT, then exits 0', async () => {
  for (const o of ['simple', 'json']) {
    const w = await startWatching(t, ['-o', o, 'watch', '-f', '-r', `/w3${o}`]);
    await change('set', `/w3${o}/a`, '1');
    await change('update', `/w3${o}/a`, '2');
    await change('rm', `/w3${o}/a`);
    await change('set', '--ttl', '1', `/w3${o}/b`, 'short-lived');
    await w.printed(/expire/); // the expire event, about a second later
    w.real.kill('SIGINT');
    w.ours.kill('SIGINT');
    const p = await w.pair();
    assert.equal(p.real.code, 0);
    assertSame(p, (s) => s.replace(/"expiration":"[^"]*"/g, '"expiration":"<time>"'));
    assert.match(p.ours.stdout, /\[expire\] \/w3/);
  }
});

test('watch --after-index returns past events at once', async () => {
  await change('set', '/w4/k', 'one');
  await change('set', '/w4/k', 'two');
  const got = await same(t, ['-o', 'extended', 'get', '/w4/k']);
  const index = Number(/^Modified-Index: (\d+)$/m.exec(got.real.stdout)![1]);
  await same(t, ['-o', 'json', 'watch', '--after-index', String(index - 1), '/w4/k']);
  await same(t, ['watch', '/w4/k', '--after-index', String(index - 1)]); // the flag after the key
  await same(t, ['-o', 'extended', 'watch', '-r', '--after-index', '1', '/w4']);
});

test('watch errors: key required, a dead endpoint with and without the sync', async () => {
  const dead = `http://127.0.0.1:${await freePort()}`;
  await same(t, ['watch']);
  await same(t, ['--endpoints', dead, 'watch', '/k'], { noEndpoints: true });
  await same(t, ['--no-sync', '--endpoints', dead, 'watch', '/k'], { noEndpoints: true });
  await same(t, ['watch', '--after-index', 'x', '/k']);
});

const ENV_ECHO = 'echo "$ETCD_WATCH_ACTION $ETCD_WATCH_KEY [$ETCD_WATCH_VALUE] $ETCD_WATCH_MODIFIED_INDEX ${ETCDCTL_API:-no-api}"';

test('exec-watch runs the command for each change with ETCD_WATCH_* set; directory changes are ignored', async () => {
  const w = await startWatching(t, ['exec-watch', '--recursive', '/e1', '--', 'sh', '-c', ENV_ECHO]);
  await change('set', '/e1/a', 'value with spaces');
  await w.printed(/^set \/e1\/a /m);
  await change('mkdir', '/e1/dir');
  await w.printed(/Ignored dir \/e1\/dir change/);
  await change('rm', '/e1/a');
  await w.printed(/^delete \/e1\/a /m);
  w.real.kill('SIGINT');
  w.ours.kill('SIGINT');
  const p = await w.pair();
  assert.equal(p.real.code, 0);
  assertSame(p);
  assert.match(p.ours.stdout, /^set \/e1\/a \[value with spaces\] \d+ no-api$/m);
  assert.equal(p.ours.stderr, 'Ignored dir /e1/dir change\n');
});

test('exec-watch without `--`: the key is the last argument', async () => {
  const w = await startWatching(t, ['exec-watch', 'sh', '-c', ENV_ECHO, '/e2/k']);
  await change('set', '/e2/k', 'v');
  await w.printed(/^set \/e2\/k /m);
  w.real.kill('SIGINT');
  w.ours.kill('SIGINT');
  const p = await w.pair();
  assertSame(p);
  assert.match(p.ours.stdout, /^set \/e2\/k \[v\] \d+ no-api$/m);
});

test('exec-watch: a command that cannot start ends it with exit 1; too few arguments', async () => {
  for (const cmd of ['/no/such/program', 'no-such-program-xyz']) {
    const w = await startWatching(t, ['exec-watch', '-r', '/e3', '--', cmd]);
    await change('set', '/e3/k', cmd);
    const p = await w.pair();
    assert.equal(p.real.code, 1);
    assertSame(p);
  }
  await same(t, ['exec-watch', '/e3/k']);
  await same(t, ['exec-watch', '--after-index', '1']);
});

test('exec-watch <key> -- <cmd>: ours runs <cmd> on changes of <key> (Debian\'s urfave/cli loses the `--`)', async () => {
  const w = await startWatching(t, ['exec-watch', '/e4/k', '--', 'sh', '-c', ENV_ECHO]);
  await change('set', '/e4/k', 'v');
  await w.ours.printed(/^set \/e4\/k /m); // the real one watches another key and prints nothing
  w.real.kill('SIGINT');
  w.ours.kill('SIGINT');
  const p = await w.pair();
  // Debian's etcdctl watches the key "sh -c ..."'s last word instead and prints nothing
  assert.deepEqual({ stdout: p.real.stdout, code: p.real.code }, { stdout: '', code: 0 });
  assert.match(p.ours.stdout, /^set \/e4\/k \[v\] \d+ no-api\n$/);
  assert.equal(p.ours.code, 0);
});
