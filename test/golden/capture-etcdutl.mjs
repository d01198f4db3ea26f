// Captures etcdutl 3.5.16's help and argument-error output (Debian trixie's, unpacked by
// scripts/oracle-3.5.sh) into test/golden/etcdutl/: the specification of the unit tests in
// test/unit/commands/etcdutl/. Run: node test/golden/capture-etcdutl.mjs (from anywhere).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const dir = process.env.ETCD35_DIR || spawnSync('bash', [join(repo, 'scripts/oracle-3.5.sh')], { encoding: 'utf8' }).stdout.trim();
const etcdutl = join(dir, 'etcdutl');
const out = join(repo, 'test/golden/etcdutl');
// an empty working directory: no argument below names an existing file
const cwd = mkdtempSync(join(tmpdir(), 'etcdutl-capture-'));
const run = (args) => {
  const r = spawnSync(etcdutl, args, { cwd, encoding: 'utf8', env: { PATH: process.env.PATH } });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
};

mkdirSync(join(out, 'help'), { recursive: true });
const helpPaths = [
  [], ['backup'], ['completion'], ['completion', 'bash'], ['completion', 'fish'], ['completion', 'powershell'], ['completion', 'zsh'],
  ['defrag'], ['help'], ['snapshot'], ['snapshot', 'restore'], ['snapshot', 'status'], ['version'],
];
for (const p of helpPaths) {
  const r = run([...p, '--help']);
  if (r.code !== 0 || r.stderr !== '') throw new Error(`etcdutl ${p.join(' ')} --help: ${r.stderr}`);
  writeFileSync(join(out, 'help', `${p.length === 0 ? 'etcdutl' : p.join('_')}.txt`), r.stdout);
}

// argument errors and other answers that need no files, by command (the file name of its test)
const cases = {
  index: [[], ['foo'], ['snapshto'], ['--bogus'], ['-w'], ['help', 'foo'], ['help', 'snapshot', 'restore']],
  version: [['version'], ['version', 'extra'], ['-w', 'json', 'version'], ['version', '--bogus']],
  snapshot: [
    ['snapshot'], ['snapshot', 'foo'], ['snapshot', 'status'], ['snapshot', 'status', 'a', 'b'], ['snapshot', 'status', '--bogus', 'x'],
    ['-w', 'foo', 'snapshot', 'status', 'missing.db'], ['snapshot', 'status', 'missing.db'], ['snapshot', 'status', 'missing.db', '-w', 'protobuf'],
    ['snapshot', 'restore'], ['snapshot', 'restore', 'a'], ['snapshot', 'restore', 'a', 'b', '--data-dir', 'd'],
    ['snapshot', 'restore', 'x', '--data-dir'], ['snapshot', 'restore', 'a', '--data-dir', 'd', '--bump-revision', '5'],
    ['snapshot', 'restore', 'a', '--data-dir', 'd', '--mark-compacted'], ['snapshot', 'restore', 'a', '--data-dir', 'd', '--bump-revision', 'x'],
    ['snapshot', 'restore', 'a', '--data-dir', 'd', '--initial-memory-map-size', '-1'], ['snapshot', 'restore', 'a', '--data-dir', 'd', '--skip-hash-check=x'],
    ['snapshot', 'save', 'x'], ['snapshot', 'save'], ['snapshot', 'save', '--help'],
  ],
  defrag: [['defrag'], ['defrag', '--data-dir'], ['defrag', 'extra'], ['defrag', '--bogus']],
  backup: [['backup'], ['backup', '--data-dir', 'x'], ['backup', '--backup-dir', 'x'], ['backup', '--with-v3=maybe'], ['backup', '--bogus']],
  completion: [
    ['completion'], ['completion', 'foo'], ['completion', 'bash', 'extra'], ['__complete'], ['__completeNoDesc'], ['__complete', ''],
    ['__complete', 'snapshot', ''], ['__complete', 'snapshot', 'r'], ['__complete', 'snapshot', 'restore', ''],
    ['__complete', 'snapshot', 'restore', '-'], ['__complete', 'snapshot', 'restore', '--data-dir', 'x', '--'], ['__complete', 'defrag', ''],
    ['__complete', 'backup', '--'], ['__complete', 'snapshot', 'status', '-'], ['__completeNoDesc', 'snapshot', 'status', '-'],
    ['__complete', 'help', 's'], ['__complete', 'completion', ''], ['__complete', 'foo', ''],
  ],
  help: [['help'], ['help', 'help'], ['help', 'version', 'extra'], ['help', 'snapshot', 'nope']],
  // -h/--help before a command name: cobra's Find does not know the help flag yet (it takes the next word)
  helpFlagFirst: [
    ['-h', 'snapshot'], ['--help', 'snapshot'], ['-h', 'snapshot', 'status'], ['-h', 'snapshot', 'restore'], ['-h', 'foo'], ['-h', 'help'],
    ['-w', 'json', '-h', 'snapshot'], ['-h', '-w', 'json', 'snapshot'], ['-x', 'snapshot'], ['-h=false', 'snapshot'], ['--help=true', 'snapshot'],
    ['snapshot', '-h', 'status'], ['snapshot', '--help', 'restore'], ['snapshot', '-h', 'restore', 'x'], ['--', '-h', 'snapshot'],
    ['--help', '--', 'snapshot'], ['snapshot', '-h'], ['help', 'snapshot'],
  ],
};
const captured = {};
for (const [name, list] of Object.entries(cases)) captured[name] = list.map((args) => ({ args, ...run(args) }));
writeFileSync(join(out, 'cases.json'), `${JSON.stringify(captured, null, 1)}\n`);
rmSync(cwd, { recursive: true, force: true });
