// Shell completion: our `__complete` answers exactly as Debian's etcdctl (cobra 1.6) does, and our
// bash script, sourced into a real bash with COMP_LINE/COMP_WORDS set as readline would set them,
// completes `etcdctl mem<TAB>` to `member` with our binary and with Debian's. No server needed.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ETCDCTL35, REAL_ETCDCTL, requireEtcd35 } from '../helpers/etcd.js';
import { OUR_ETCDCTL, ours, real, run } from '../helpers/run.js';

// flags etcdctl 3.5 added to commands 3.4.23 has: their completion lines are etcdctl 3.5.16's
const ADDED_35 = /^--(count-only|range|progress-notify|dest-user|dest-password|bump-revision|mark-compacted|initial-memory-map-size)(\t|$)/;

// word lists as the scripts send them: the last word is the one being completed
const REQUESTS: string[][] = [
  [''],
  ['mem'],
  ['mem', ''],
  ['member', ''],
  ['member', 'l'],
  ['member', 'l', ''],
  ['get', '--'],
  ['get', '-'],
  ['get', '--pre'],
  ['get', '--pre', ''],
  ['--end'],
  ['--endpoints', 'x', 'mem'],
  ['--endpoints=x', 'mem'],
  ['get', '-w'],
  ['get', '-w', ''],
  ['get', '-w='],
  ['get', '--write-out=j'],
  ['get', '--prefix', '--pre'],
  ['get', '--endpoints', 'a', '--end'],
  ['help', ''],
  ['help', 'mem'],
  ['help', 'member', ''],
  ['completion', ''],
  ['completion', 'bash', ''],
  ['completion', 'bash', '--'],
  ['foo', ''],
  ['get', '--help', ''],
  ['endpoint', '--cluster', ''],
  ['endpoint', 'h'],
  ['get', 'x', ''],
  ['get', '--', '--pre'],
  ['snapshot', 'save'],
  ['m'],
  ['lease', 'grant', '10', ''],
  ['defrag', '--data-dir', ''],
  ['defrag', '--data-dir', 'x', ''],
  ['-w', 'json', ''],
  ['--hex', 'mem'],
  ['user', 'add', '--interactive=false', '--'],
];

describe('completion', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-completion-'));
    for (const [name, target] of [['ours', OUR_ETCDCTL], ['real', REAL_ETCDCTL]] as const) {
      spawnSync('mkdir', ['-p', join(dir, name)]);
      symlinkSync(target, join(dir, name, 'etcdctl'));
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('__complete and __completeNoDesc answer as etcdctl 3.4.23 does (plus the flags 3.5 added, as 3.5.16 answers)', async () => {
    requireEtcd35();
    for (const req of ['__complete', '__completeNoDesc']) {
      for (const words of REQUESTS) {
        const [o, r] = await Promise.all([ours([req, ...words], { api: '3' }), real([req, ...words], { api: '3' })]);
        const what = `${req} ${JSON.stringify(words)}`;
        const added = o.stdout.split('\n').filter((l) => ADDED_35.test(l));
        if (added.length > 0) {
          const r35 = await run(ETCDCTL35, [req, ...words], { api: '3' });
          assert.equal(o.stdout, r35.stdout, `${what}: stdout (etcdctl 3.5.16)`);
        }
        assert.equal(o.stdout.split('\n').filter((l) => !ADDED_35.test(l)).join('\n'), r.stdout, `${what}: stdout`);
        assert.equal(o.stderr, r.stderr, `${what}: stderr`);
        assert.equal(o.code, r.code, `${what}: exit code`);
      }
    }
    const member = await ours(['__complete', 'mem'], { api: '3' });
    assert.equal(member.stdout, 'member\tMembership related commands\n:4\n');
    assert.equal(member.stderr, 'Completion ended with directive: ShellCompDirectiveNoFileComp\n');
  });

  test('__complete without words fails like cobra', async () => {
    const [o, r] = await Promise.all([ours(['__complete'], { api: '3' }), real(['__complete'], { api: '3' })]);
    assert.equal(o.stdout, r.stdout);
    assert.equal(o.stderr, r.stderr);
    assert.equal(o.code, r.code);
  });

  test('every shell gets a script; --no-descriptions asks __completeNoDesc', async () => {
    for (const shell of ['bash', 'zsh', 'fish', 'powershell']) {
      const o = await ours(['completion', shell], { api: '3' });
      assert.equal(o.code, 0, o.stderr);
      assert.equal(o.stderr, '');
      assert.match(o.stdout, /etcdctl __complete /, shell);
      assert.doesNotMatch(o.stdout, /__completeNoDesc/, shell);
      const n = await ours(['completion', shell, '--no-descriptions'], { api: '3' });
      assert.match(n.stdout, /etcdctl __completeNoDesc /, shell);
      assert.doesNotMatch(n.stdout, /__complete /, shell);
    }
    const extra = await Promise.all([ours(['completion', 'bash', 'x'], { api: '3' }), real(['completion', 'bash', 'x'], { api: '3' })]);
    assert.equal(extra[0].code, extra[1].code);
    assert.equal(extra[0].stderr, extra[1].stderr);
    assert.equal(extra[0].stdout, extra[1].stdout);
  });

  /** Sources our bash script and completes each line as readline would, with `bin`'s etcdctl first on PATH. */
  function bashComplete(script: string, bin: string, lines: string[], env: Record<string, string> = {}): string[] {
    const file = join(dir, 'etcdctl.bash');
    writeFileSync(file, script);
    const driver = `
source ${JSON.stringify(file)}
compopt() { :; }   # only valid inside a real completion; the options are not what is tested
try() {
  COMP_LINE="$1"; COMP_POINT=\${#COMP_LINE}
  read -ra COMP_WORDS <<< "$COMP_LINE"; [[ $COMP_LINE == *' ' ]] && COMP_WORDS+=("")
  COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
  COMPREPLY=()
  __etcdctl_complete
  printf '%s\\n' "$(IFS='|'; printf '%s' "\${COMPREPLY[*]}")"
}
${lines.map((l) => `try ${JSON.stringify(l)}`).join('\n')}
`;
    const r = spawnSync('bash', ['--norc', '--noprofile', '-c', driver], {
      env: { PATH: `${join(dir, bin)}:${process.env.PATH}`, HOME: dir, COLUMNS: '100', ...env },
      encoding: 'utf8',
      timeout: 60000,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    return r.stdout.split('\n').slice(0, -1);
  }

  test('bash: `etcdctl mem<TAB>` completes to member, with our etcdctl and with Debian\'s', async () => {
    const script = (await ours(['completion', 'bash'], { api: '3' })).stdout;
    const lines = ['etcdctl mem', 'etcdctl member l', 'etcdctl get --pre', 'etcdctl --endpoints=127.0.0.1:1 al', 'etcdctl get foo ', 'etcdctl member '];
    for (const bin of ['ours', 'real']) {
      const got = bashComplete(script, bin, lines, { ETCDCTL_API: '3' });
      assert.deepEqual(got.slice(0, 5), ['member', 'list', '--prefix', 'alarm', ''], bin);
      // several candidates: aligned "word  (description)" entries
      assert.equal(got[5]!.split('|').length, 5);
      assert.ok(got[5]!.startsWith('add      (Adds a member into the cluster)|list     (Lists all members in the cluster)|'), got[5]);
    }
    const noDesc = (await ours(['completion', 'bash', '--no-descriptions'], { api: '3' })).stdout;
    assert.deepEqual(bashComplete(noDesc, 'ours', ['etcdctl member '], { ETCDCTL_API: '3' }), ['add|list|promote|remove|update']);
    // unset ETCDCTL_API: the request goes to the v2 command set, which is what would run (issue 10)
    assert.deepEqual(bashComplete(noDesc, 'ours', ['etcdctl member ', 'etcdctl mk', 'etcdctl get --q', 'etcdctl al']), [
      'list|add|remove|update',
      'mk|mkdir',
      '--quorum',
      '',
    ]);
  });
});
