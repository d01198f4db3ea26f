// Each format's golden directory is what golden/capture.sh recorded, nothing stale: every command in
// FORMAT/commands.txt left its NAME.out, and every NAME.out there is a command of commands.txt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { FORMATS, goldenFile, goldenPath } from './golden.js';

for (const format of FORMATS) {
  test(`golden/${format}: the outputs are exactly the commands capture.sh ran`, () => {
    const listed = goldenFile(format, 'commands.txt')
      .toString()
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => /^(\w+): etcdctl /.exec(l)![1]!);
    const outputs = readdirSync(goldenPath(format, ''))
      .filter((f) => f.endsWith('.out'))
      .map((f) => f.slice(0, -'.out'.length));
    assert.equal(new Set(listed).size, listed.length, 'a command name recorded twice');
    assert.deepEqual([...outputs].sort(), [...listed].sort());
    assert.ok(listed.length >= 50, `${listed.length} commands`);
  });
}
