// How the v2 client tells a server without the v2 API (Go's plain `404 page not found` on a /v2/
// path) from a v2 answer that happens to be a 404 (a missing key: etcd's JSON error), which the
// CLI uses to add its ETCDCTL_API=3 hint after etcdctl's own error.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type ServerResponse, type Server } from 'node:http';
import { freePort } from '../../../helpers/etcd.js';
import { Ctx, V2Client } from '../../../../src/client/v2/client.js';
import { ErrInvalidJSON, EtcdError } from '../../../../src/client/v2/errors.js';
import { getKey } from '../../../../src/client/v2/keys.js';
import { Transport } from '../../../../src/client/v2/transport.js';

const servers: Server[] = [];
after(() => {
  for (const s of servers) s.close();
});

async function serve(answer: (res: ServerResponse) => void): Promise<string> {
  const port = await freePort();
  const srv = createServer((req, res) => {
    req.resume();
    req.on('end', () => answer(res));
  });
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(port, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${port}`;
}

function client(endpoint: string): V2Client {
  return new V2Client({ endpoints: [endpoint], transport: new Transport({ dialTimeoutMs: 2000 }), headerTimeoutMs: 2000 });
}

test("Go's 404 page on a /v2/ path marks the server as one without the v2 API; the error stays etcdctl's", async () => {
  const ep = await serve((res) => {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('404 page not found\n');
  });
  const c = client(ep);
  assert.equal(c.sawNoV2Api, false);
  await assert.rejects(getKey(c, Ctx.background(), '/k'), (e) => e === ErrInvalidJSON);
  assert.equal(c.sawNoV2Api, true);
});

test("a missing key's 404 (etcd's JSON error) is a v2 answer: no mark", async () => {
  const ep = await serve((res) => {
    res.writeHead(404, { 'Content-Type': 'application/json', 'X-Etcd-Index': '3' });
    res.end('{"errorCode":100,"message":"Key not found","cause":"/k","index":3}\n');
  });
  const c = client(ep);
  await assert.rejects(getKey(c, Ctx.background(), '/k'), (e) => e instanceof EtcdError && e.errorCode === 100);
  assert.equal(c.sawNoV2Api, false);
});

test('another 404 body (a proxy, a different server) is not taken for a missing v2 API', async () => {
  const ep = await serve((res) => {
    res.writeHead(404, { 'Content-Type': 'text/html' });
    res.end('<html>not here</html>');
  });
  const c = client(ep);
  await assert.rejects(getKey(c, Ctx.background(), '/k'));
  assert.equal(c.sawNoV2Api, false);
});
