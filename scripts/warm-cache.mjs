// Makes dist/etcdctl.cjs.cache: runs a few commands of both sets inside one process, against
// stand-in servers on loopback (a gRPC server answering every call with an empty message, an HTTP
// server with canned v2 answers) and a closed port, then saves V8's code cache of every function
// they compiled. bin/etcdctl starts with that cache, so the code is not compiled on each start.
// The same for etcdutl's bundle (dist/etcdutl.cjs.cache), with a few offline commands.
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import { writeFileSync, renameSync } from 'node:fs';
import { Readable } from 'node:stream';
import { EventEmitter } from 'node:events';

const require = createRequire(import.meta.url);
const dist = process.argv[2] ?? 'dist';
const boot = require(`../${dist}/boot.cjs`);
const { bundle, script } = boot.load(false);

const DEAD = '127.0.0.1:1';

// gRPC: every unary call answers an empty message (a valid response of any type)
const grpc = require('@grpc/grpc-js');
const grpcServer = new grpc.Server();
/** @type {import('@grpc/grpc-js').handleUnaryCall<Buffer, Buffer>} */
const empty = (_call, cb) => cb(null, Buffer.alloc(0));
/** @param {Buffer} b */
const same = (b) => b;
const raw = { requestSerialize: same, requestDeserialize: same, responseSerialize: same, responseDeserialize: same };
const methods = {
  'etcdserverpb.KV': ['Range', 'Put', 'DeleteRange'],
  'etcdserverpb.Maintenance': ['Status', 'HashKV'],
  'etcdserverpb.Cluster': ['MemberList'],
};
for (const [service, names] of Object.entries(methods)) {
  const def = Object.fromEntries(names.map((n) => [n, { path: `/${service}/${n}`, requestStream: false, responseStream: false, ...raw }]));
  grpcServer.addService(def, Object.fromEntries(names.map((n) => [n, empty])));
}
/** @type {number} */
const grpcPort = await new Promise((resolve, reject) =>
  grpcServer.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))),
);
const G = `127.0.0.1:${grpcPort}`;

// v2 HTTP API: one member, and canned answers for keys
const http = createServer((req, res) => {
  let body;
  const url = req.url ?? '';
  if (url.startsWith('/v2/members')) body = { members: [{ id: '1', name: 'warm', peerURLs: [], clientURLs: [`http://${H}`] }] };
  else if (url === '/health') body = { health: 'true' };
  else body = { action: req.method === 'PUT' ? 'set' : 'get', node: { key: '/k', value: 'v', modifiedIndex: 2, createdIndex: 2 } };
  res.writeHead(200, { 'Content-Type': 'application/json', 'X-Etcd-Index': '2' });
  res.end(JSON.stringify(body));
});
await new Promise((r) => http.listen(0, '127.0.0.1', () => r(undefined)));
const H = `127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (http.address()).port}`;

const runs = [
  { api: '3', argv: ['version'] },
  { api: '3', argv: ['get', '--help'] },
  { api: '3', argv: [`--endpoints=${G}`, 'put', 'k', 'v'] },
  { api: '3', argv: [`--endpoints=${G}`, 'get', 'k'] },
  { api: '3', argv: [`--endpoints=${G}`, 'get', 'k', '--prefix', '-w', 'json'] },
  { api: '3', argv: [`--endpoints=${G}`, 'del', 'k'] },
  { api: '3', argv: [`--endpoints=${G}`, 'endpoint', 'health'] },
  { api: '3', argv: [`--endpoints=${G}`, 'endpoint', 'status', '-w', 'table'] },
  { api: '3', argv: [`--endpoints=${DEAD}`, '--command-timeout=50ms', 'get', 'k'] },
  { api: '3', argv: ['snapshot', 'status', '/nonexistent/etcdctl-warm-cache.db'] },
  { api: undefined, argv: ['--version'] },
  { api: undefined, argv: ['--endpoints', `http://${H}`, 'set', '/k', 'v'] },
  { api: undefined, argv: ['--endpoints', `http://${H}`, 'get', '/k'] },
  { api: undefined, argv: ['--endpoints', `http://${H}`, 'mk', '/k', 'v'] },
  { api: undefined, argv: ['--endpoints', `http://${H}`, 'cluster-health'] },
  { api: undefined, argv: ['--endpoints', `http://${DEAD}`, 'get', '/k'] },
];

/**
 * Just enough of `process` for main(): output is swallowed, exit() ends the run.
 * @param {string | undefined} api @param {string[]} argv @param {{ main(proc: unknown): Promise<unknown> }} target
 * @returns {Promise<number>}
 */
function fakeProcess(api, argv, target = bundle) {
  /** @param {unknown} _c @param {unknown} cb */
  const write = (_c, cb) => (typeof cb === 'function' && cb(), true);
  const sink = () => Object.assign(new EventEmitter(), { isTTY: false, write });
  return new Promise((resolve) => {
    const proc = Object.assign(new EventEmitter(), {
      argv: ['node', 'etcdctl', ...argv],
      env: { PATH: process.env.PATH, ...(api ? { ETCDCTL_API: api } : {}) },
      cwd: () => '/',
      stdin: Object.assign(Readable.from([]), { isTTY: false }),
      stdout: sink(),
      stderr: sink(),
      exitCode: undefined,
      /** @param {number} code */
      exit: (code) => resolve(code),
    });
    target.main(proc).catch(() => resolve(-1));
  });
}

for (const { api, argv } of runs) await fakeProcess(api, argv);
const tmp = `${boot.CACHE}.tmp`;
writeFileSync(tmp, script.createCachedData());
renameSync(tmp, boot.CACHE);

// etcdutl's bundle: help, version and its offline commands on files that do not exist
const utl = boot.load(false, 'etcdutl');
for (const argv of [
  ['version'],
  ['--help'],
  ['snapshot', 'restore', '--help'],
  ['snapshot', 'status', '/nonexistent/etcdutl-warm-cache.db', '-w', 'json'],
  ['snapshot', 'restore', '/nonexistent/etcdutl-warm-cache.db', '--data-dir', '/nonexistent/etcdutl-warm-cache'],
  ['defrag'],
]) {
  await fakeProcess(undefined, argv, utl.bundle);
}
const utlCache = `${boot.bundlePath('etcdutl')}.cache`;
writeFileSync(`${utlCache}.tmp`, utl.script.createCachedData());
renameSync(`${utlCache}.tmp`, utlCache);
process.exit(0);
