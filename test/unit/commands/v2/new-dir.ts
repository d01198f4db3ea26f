// mkdir and setdir answer alike when the directory is new: the response in json and extended,
// nothing in simple (Debian's etcdctl 3.4.23's bytes for the same server answers).
import assert from 'node:assert/strict';
import { FakeV2, dirNode, keysReply } from '../../../helpers/fake-v2.js';

/**
 * Runs `cmd` on four keys, each answered with a new directory at index first, first+1, ...: json,
 * extended, simple, then simple with `--ttl <ttl>`. Returns the fake, for the requests it got.
 */
export async function newDirOutputs(cmd: 'mkdir' | 'setdir', action: string, keys: [string, string, string, string], first: bigint, ttl: string): Promise<FakeV2> {
  const f = new FakeV2(...keys.map((k, i) => keysReply(action, dirNode(k, first + BigInt(i)), first + BigInt(i))));
  const [json, extended, simple, withTtl] = keys;
  const node = `{"key":"${json}","dir":true,"value":"","nodes":null,"createdIndex":${first},"modifiedIndex":${first}}`;
  assert.deepEqual(await f.run(['-o', 'json', cmd, json]), { stdout: `{"action":"${action}","node":${node},"prevNode":null}\n`, stderr: '', code: 0 });
  const i = first + 1n;
  assert.deepEqual(await f.run(['-o', 'extended', cmd, extended]), {
    stdout: `Key: ${extended}\nCreated-Index: ${i}\nModified-Index: ${i}\nTTL: 0\nIndex: ${i}\n\n\n`,
    stderr: '',
    code: 0,
  });
  assert.deepEqual(await f.run([cmd, simple]), { stdout: '', stderr: '', code: 0 });
  assert.deepEqual(await f.run([cmd, '--ttl', ttl, withTtl]), { stdout: '', stderr: '', code: 0 });
  return f;
}
