// etcdutl defrag (commands/etcdutl/defrag.ts): --data-dir is required; help and flag errors.
// The defrag itself is tested against etcdutl 3.5.16 in test/e2e/etcdutl.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BufferIO } from '../../../../src/cli/core/io.js';
import { CliError } from '../../../../src/cli/core/errors.js';
import { runDefrag } from '../../../../commands/etcdutl/defrag.js';
import { caseTests, helpTests } from './golden.js';

helpTests([['defrag']]);
caseTests('defrag');

test('a data dir without a db is the panic line of etcd, exit 2, and no file is made', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'etcdutl-defrag-'));
  try {
    const io = new BufferIO();
    const err = await runDefrag({ dataDir: join(dir, 'data') }, io).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof CliError);
    assert.equal(err.exitCode, 2);
    const db = join(dir, 'data', 'member', 'snap', 'db');
    assert.match(
      err.stderrText,
      new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)\\tpanic\\tbackend/backend.go:201\\tfailed to open database\\t\\{"path": "${db}", "error": "open ${db}: no such file or directory"\\}\\n$`),
    );
    assert.equal(io.stdoutText + io.stderrText, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
