// npm's `prepare`: builds dist/. `npm install -g .` in a fresh clone runs this before anything is
// installed in the clone, so the build's own tools are installed here first (locally, into the
// clone's node_modules, whatever global settings the outer npm passes down).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

if (!existsSync('node_modules/esbuild') || !existsSync('node_modules/@grpc/grpc-js')) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_(global|prefix|location)$/i.test(k)));
  const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
  const r = spawnSync(npm[0], [...npm[1], 'install', '--no-audit', '--no-fund', '--ignore-scripts', '--global=false', '--include=dev'], {
    stdio: 'inherit',
    env,
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const b = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
process.exit(b.status ?? 1);
