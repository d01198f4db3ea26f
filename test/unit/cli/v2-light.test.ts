// The v2 command set must start light: nothing it can load (statically or dynamically) may
// pull in gRPC, protobuf, cli-table3 or any v3 module. Bundles commands/v2/index.ts with esbuild
// (as scripts/build.mjs does, minus code splitting) and checks every input file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';

test('the v2 command set loads no gRPC, protobuf, cli-table3 or v3 code', async () => {
  const result = await build({
    entryPoints: ['commands/v2/index.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(inputs.some((i) => i.endsWith('src/client/v2/client.ts')), 'the bundle was built from the v2 sources');
  const heavy = inputs.filter((i) => /@grpc|@bufbuild|protobuf|cli-table3|src\/proto\/|\/v3\//.test(i));
  assert.deepEqual(heavy, []);
});
