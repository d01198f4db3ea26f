// Build: type-check with tsc (strict, no emit), then bundle with esbuild into dist/ as ES modules
// with code splitting, so that the start-up path loads one small file and gRPC, the v2 HTTP
// client and the disk-format code are separate chunks loaded only by the commands that need them.
// `node scripts/build.mjs --fast` skips the type check.
import { spawnSync } from 'node:child_process';
import { renameSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

if (!process.argv.includes('--fast')) {
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], {
    stdio: 'inherit',
  });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}

// Build next to dist/ and swap it in, so a test run in progress never sees a half-written dist/.
const out = `dist.new-${process.pid}`;
rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  // smaller sources parse faster at start-up; names stay for readable stack traces
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  chunkNames: 'chunks/[name]-[hash]',
  // grpc-js and a few other dependencies are CommonJS and call require() for Node built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  metafile: false,
  // grpc-js requires proto-loader (and with it protobufjs) only for channelz and ORCA
  alias: { '@grpc/proto-loader': './scripts/stubs/proto-loader.cjs' },
});

const old = `dist.old-${process.pid}`;
try {
  renameSync('dist', old);
} catch {
  // first build
}
renameSync(out, 'dist');
rmSync(old, { recursive: true, force: true });
