// Build: type-check with tsc (strict, no emit), then bundle with esbuild into dist/etcdctl.cjs and
// dist/etcdutl.cjs, with dist/boot.cjs (the loader bin/etcdctl and bin/etcdutl call) and
// dist/<name>.cjs.cache (V8's code caches).
// `node scripts/build.mjs --fast` skips the type check.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

// Runs in a clone after `npm ci` (npm run build, npm test, and npm pack's prepack). The bundle
// needs nothing from node_modules at run time, so the packed package has no dependencies and no
// install-time scripts: esbuild, TypeScript and the bundled libraries are devDependencies.
const haveTsc = existsSync('node_modules/typescript/bin/tsc');
if (!process.argv.includes('--fast') && haveTsc) {
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], {
    stdio: 'inherit',
  });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}

// Build next to dist/ and swap it in, so a test run in progress never sees a half-written dist/.
const out = `dist.new-${process.pid}`;
rmSync(out, { recursive: true, force: true });
/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
};
// `await import('node:https')` stays a real import() in CommonJS output, which a bundle run by
// vm.Script (with its code cache) cannot perform: such imports become a lazy require instead.
/** @type {import('esbuild').Plugin} */
const builtinImportsAsRequire = {
  name: 'builtin-imports-as-require',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, namespace: 'builtin-require' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'builtin-require' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

// commander's lib/command.js requires node:child_process at its top, for executable subcommands
// (`program.command('x', 'desc')` run as separate programs), which neither CLI defines: loading it
// is ~1-2 ms of every start. The require becomes a getter that loads it on first use.
/** @type {import('esbuild').Plugin} */
const lazyCommanderChildProcess = {
  name: 'lazy-commander-child-process',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const eager = "const childProcess = require('node:child_process');";
      const text = readFileSync(args.path, 'utf8');
      // a commander whose text differs is bundled as it is (the build says so)
      if (!text.includes(eager)) return { contents: text, loader: 'js', warnings: [{ text: 'commander: child_process require not found; left eager' }] };
      const lazy = "let childProcessModule; const childProcess = { get spawn() { return (childProcessModule ??= require('node:child_process')).spawn; } };";
      return { contents: text.replace(eager, lazy), loader: 'js' };
    });
  },
};

// The whole CLI in one CommonJS file: modules a command does not use are never evaluated (esbuild
// keeps dynamic imports lazy), and one file with a V8 code cache starts faster than an ES module
// graph, which Node 20 can neither cache nor load without resolving every chunk.
/** @param {string} entry @param {string} outfile */
const cliBundle = (entry, outfile) => build({
  ...common,
  entryPoints: [entry],
  outfile,
  sourcemap: 'linked',
  // less text to read and hash at start-up; names stay for readable stack traces
  minifyWhitespace: true,
  minifySyntax: true,
  // The file is one function expression, as Node's module wrapper would make it: boot.cjs
  // compiles the text as read, without building a second megabyte-long wrapped copy.
  banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
  footer: { js: '})' },
  // grpc-js requires proto-loader (and with it protobufjs) only for channelz and ORCA
  alias: { '@grpc/proto-loader': './scripts/stubs/proto-loader.cjs' },
  // `etcdctl --debug version` names this implementation and its version
  define: { ETCDCTL_TS_VERSION: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
  plugins: [builtinImportsAsRequire, lazyCommanderChildProcess],
});
await cliBundle('commands/main.ts', `${out}/etcdctl.cjs`);
// etcdutl: its own bundle (the disk library and printers, no network client), same treatment
await cliBundle('commands/etcdutl/main.ts', `${out}/etcdutl.cjs`);
await build({ ...common, entryPoints: ['src/cli/core/boot.ts'], outfile: `${out}/boot.cjs` });
// the code cache: made by running a few commands of both sets once
const warm = spawnSync(process.execPath, ['scripts/warm-cache.mjs', out], { stdio: 'inherit' });
if (warm.status !== 0) process.exit(warm.status ?? 1);

const old = `dist.old-${process.pid}`;
try {
  renameSync('dist', old);
} catch {
  // first build
}
renameSync(out, 'dist');
rmSync(old, { recursive: true, force: true });
