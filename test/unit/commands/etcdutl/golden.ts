// The etcdutl unit tests' oracle: help texts and argument-error answers captured from etcdutl
// 3.5.16 by test/golden/capture-etcdutl.mjs, and a runner of our etcdutl in this process (as
// commands/etcdutl/main.ts runs it, with buffers for the streams).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BufferIO } from '../../../../src/cli/core/io.js';
import { captureRun } from '../../../helpers/capture.js';
import { runEtcdutl } from '../../../../commands/etcdutl/index.js';

const dir = fileURLToPath(new URL('../../../golden/etcdutl/', import.meta.url));

export interface Answer {
  stdout: string;
  stderr: string;
  code: number;
}

export async function ours(args: string[]): Promise<Answer> {
  const io = new BufferIO({ argv: args });
  return captureRun(io, () => runEtcdutl(args, io));
}

/** etcdutl 3.5.16's `<path> --help`. */
export function helpText(path: string[]): string {
  return readFileSync(`${dir}help/${path.length === 0 ? 'etcdutl' : path.join('_')}.txt`, 'utf8');
}

/** One test per path: `--help`, `-h` and `help <path>` print etcdutl 3.5.16's text. */
export function helpTests(paths: string[][]): void {
  for (const path of paths) {
    test(`etcdutl ${path.join(' ')} --help is etcdutl 3.5.16's`, async () => {
      const want = helpText(path);
      for (const args of [[...path, '--help'], [...path, '-h'], ['help', ...path]]) {
        const got = await ours(args);
        assert.deepEqual(got, { stdout: want, stderr: '', code: 0 }, args.join(' '));
      }
    });
  }
}

/** One test per captured case of `name` in cases.json: the same stdout, stderr and exit code. */
export function caseTests(name: string): void {
  const cases = (JSON.parse(readFileSync(`${dir}cases.json`, 'utf8')) as Record<string, Array<Answer & { args: string[] }>>)[name];
  assert.ok(cases && cases.length > 0, `no captured cases for ${name}`);
  for (const { args, ...want } of cases) {
    test(`etcdutl ${args.join(' ')} answers as etcdutl 3.5.16`, async () => {
      assert.deepEqual(await ours(args), want);
    });
  }
}
