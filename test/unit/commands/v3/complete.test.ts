// `etcdctl __complete <words...> <current word>` (and __completeNoDesc) through runV3: the
// candidates, directive and stderr line as Debian's etcdctl 3.4.23 (cobra 1.6) answers them
// (captured from it); no client is ever made.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Directive, complete, directiveNames } from '../../../../commands/v3/complete.js';
import { newV3Root } from '../../../../commands/v3/index.js';
import { runFake } from '../../../helpers/fake-v3.js';

const END = (d: string) => `Completion ended with directive: ${d}\n`;
const MEMBER_SUBS = [
  'add\tAdds a member into the cluster',
  'list\tLists all members in the cluster',
  'promote\tPromotes a non-voting member in the cluster',
  'remove\tRemoves a member from the cluster',
  'update\tUpdates a member in the cluster',
];

test('__complete answers as etcdctl 3.4.23 does', async () => {
  const cases: Array<[string[], string, string]> = [
    [['__complete', 'mem'], 'member\tMembership related commands\n:4\n', END('ShellCompDirectiveNoFileComp')],
    [['__complete', 'member', ''], `${MEMBER_SUBS.join('\n')}\n:4\n`, END('ShellCompDirectiveNoFileComp')],
    [['__completeNoDesc', 'member', ''], `${MEMBER_SUBS.map((l) => l.split('\t')[0]).join('\n')}\n:4\n`, END('ShellCompDirectiveNoFileComp')],
    [['__complete', 'get', '--pre'], '--prefix\tGet keys with matching prefix\n:4\n', END('ShellCompDirectiveNoFileComp')],
    [['__complete', 'get', '-w', ''], ':0\n', END('ShellCompDirectiveDefault')],
    [['__complete', 'get', 'x', ''], ':0\n', END('ShellCompDirectiveDefault')],
    [['__complete', 'foo', ''], ':0\n', `[Debug] [Error] Unable to find a command for arguments: [foo]\n${END('ShellCompDirectiveDefault')}`],
    [['__complete', '--endpoints=x', 'mem'], 'member\tMembership related commands\n:4\n', END('ShellCompDirectiveNoFileComp')],
    [['__complete', 'help', 'mem'], 'member\tMembership related commands\n:4\n', END('ShellCompDirectiveNoFileComp')],
  ];
  for (const [argv, stdout, stderr] of cases) {
    const r = await runFake(argv, { handlers: {} });
    assert.deepEqual([r.stdout, r.stderr, r.code, r.calls.length], [stdout, stderr, 0, 0], argv.join(' '));
  }
});

test('complete() and directiveNames() called directly', () => {
  assert.deepEqual(complete(newV3Root(), ['mem']), { completions: ['member\tMembership related commands'], directive: Directive.NoFileComp });
  assert.equal(directiveNames(Directive.NoSpace | Directive.NoFileComp), 'ShellCompDirectiveNoSpace, ShellCompDirectiveNoFileComp');
  assert.equal(directiveNames(0), 'ShellCompDirectiveDefault');
  assert.equal(directiveNames(32), 'ERROR: unexpected ShellCompDirective value: 32');
});
