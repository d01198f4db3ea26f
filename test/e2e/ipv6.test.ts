// IPv6 endpoints ([::1]:port, http://[::1]:port) for both command sets, side by side with
// etcdctl: the v3 client dials them through grpc-js, which asks net.isIPv6 of every address
// (src/client/v3/connection.ts answers it without Node's regular expression when there is no
// colon). etcd listens on 127.0.0.1; a pass-through TCP relay on [::1] forwards to it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createConnection, createServer, type Server } from 'node:net';
import { freePort, startEtcd, type EtcdCluster } from '../helpers/etcd.js';
import { anyDuration, same } from '../helpers/compare.js';

let etcd: EtcdCluster;
let relay: Server;
let v6: string; // [::1]:port

before(async () => {
  etcd = await startEtcd();
  const target = etcd.members[0]!.clientPort;
  relay = createServer((down) => {
    const up = createConnection(target, '127.0.0.1');
    down.pipe(up).pipe(down);
    const end = () => {
      down.destroy();
      up.destroy();
    };
    down.on('error', end).on('close', end);
    up.on('error', end).on('close', end);
  });
  const port = await freePort();
  await new Promise<void>((resolve, reject) => relay.once('error', reject).listen(port, '::1', resolve));
  v6 = `[::1]:${port}`;
});
after(async () => {
  relay?.close();
  await etcd?.stop();
});

test('v3 put, get and endpoint commands through [::1]', async () => {
  const put = await same([`--endpoints=${v6}`, 'put', 'six', 'v'], { api: '3' });
  assert.equal(put.ours.stdout, 'OK\n');
  await same([`--endpoints=${v6}`, 'get', 'six', '-w', 'fields'], { api: '3' });
  await same([`--endpoints=http://${v6}`, 'get', 'six', '--print-value-only'], { api: '3' });
  await same([`--endpoints=${v6}`, 'endpoint', 'health'], { api: '3' }, anyDuration);
  await same([`--endpoints=${v6}`, 'endpoint', 'status', '-w', 'table'], { api: '3' });
});

test('v2 set and get through http://[::1]', async () => {
  await same(['--no-sync', '--endpoints', `http://${v6}`, 'set', '/six', 'v']);
  await same(['--no-sync', '--endpoints', `http://${v6}`, 'get', '/six']);
});
