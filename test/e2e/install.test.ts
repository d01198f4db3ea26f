// The published package (issue 10 item 10): `npm pack` gives a tarball of the built bundle (no
// sources, no build step, no dependencies: the bundle holds them), under 5 MB, which
// `npm install -g --prefix <dir> --offline <tarball>` installs and whose etcdctl runs, talks gRPC
// to an etcd, and says which implementation it is under --debug.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startEtcd, type EtcdCluster } from '../helpers/etcd.js';
import { real, run } from '../helpers/run.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const root = fs.mkdtempSync(path.join(tmpdir(), 'etcdctl-ts-install-'));
let etcd: EtcdCluster;

before(async () => {
  etcd = await startEtcd();
});
after(async () => {
  await etcd?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

/** npm with nothing of the developer's global settings that could reach the network or PATH */
function npm(args: string[], cwd: string): { status: number | null; out: string } {
  const r = spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
    timeout: 120000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test('npm pack + npm install -g --prefix --offline: the installed etcdctl runs without node_modules', async () => {
  // the dist/ the test run built (npm pack's prepare would build it again)
  const pack = npm(['pack', '--ignore-scripts', '--pack-destination', root], repo);
  assert.equal(pack.status, 0, pack.out);
  const tarball = path.join(root, fs.readdirSync(root).find((f) => f.endsWith('.tgz'))!);
  assert.ok(fs.statSync(tarball).size < 5 * 1024 * 1024, `tarball of ${fs.statSync(tarball).size} bytes`);
  const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
  for (const f of ['package/bin/etcdctl', 'package/dist/boot.cjs', 'package/dist/etcdctl.cjs', 'package/dist/etcdctl.cjs.cache', 'package/package.json']) {
    assert.ok(files.includes(f), `${f} in ${files.join(' ')}`);
  }
  assert.ok(!files.some((f) => f.startsWith('package/src/') || f.startsWith('package/node_modules/')), files.join(' '));
  const manifest = JSON.parse(execFileSync('tar', ['xzfO', tarball, 'package/package.json'], { encoding: 'utf8' })) as {
    dependencies?: Record<string, string>;
    bin?: Record<string, string>;
  };
  assert.deepEqual(manifest.dependencies ?? {}, {}, 'no run-time dependencies: the bundle holds them');

  const prefix = path.join(root, 'prefix');
  const install = npm(['install', '-g', '--prefix', prefix, '--offline', tarball], root);
  assert.equal(install.status, 0, install.out);
  const pkgDir = path.join(prefix, 'lib', 'node_modules', 'etcdctl-ts');
  assert.ok(!fs.existsSync(path.join(pkgDir, 'node_modules')), 'nothing but the package installed');
  let unpacked = 0;
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else unpacked += fs.statSync(path.join(d, e.name)).size;
    }
  };
  walk(pkgDir);
  assert.ok(unpacked < 5 * 1024 * 1024, `installed size ${unpacked}`);

  const bin = path.join(prefix, 'bin', 'etcdctl');
  const env = { cwd: root, api: '3' } as const;
  const a = await run(bin, ['version'], env);
  const b = await real(['version'], env);
  assert.deepEqual([a.code, a.stdout, a.stderr], [b.code, b.stdout, b.stderr]);
  const debug = await run(bin, ['--debug', 'version'], env);
  assert.equal(debug.stdout, b.stdout);
  assert.match(debug.stderr, /^implementation: etcdctl-ts \d+\.\d+\.\d+\S* \(TypeScript on Node\.js\), not Go's etcdctl\n$/);
  // gRPC from the bundle alone
  const ep = `--endpoints=${etcd.first.endpoint}`;
  assert.deepEqual([(await run(bin, [ep, 'put', 'installed', 'yes'], env)).stdout], ['OK\n']);
  assert.equal((await real([ep, 'get', 'installed', '--print-value-only'], env)).stdout, 'yes\n');
  // v2 (ETCDCTL_API unset) runs too
  const v2 = await run(bin, ['--version'], { cwd: root });
  assert.equal(v2.code, 0, v2.stderr);
  // etcdutl, where the package has one
  if (manifest.bin?.etcdutl) {
    const u = await run(path.join(prefix, 'bin', 'etcdutl'), ['version'], { cwd: root });
    assert.equal(u.code, 0, u.stderr);
    assert.match(u.stdout, /^etcdutl version: /);
  }
});
