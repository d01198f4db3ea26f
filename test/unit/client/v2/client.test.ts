// The v2 client's request loop (client/client.go) against small local HTTP servers: failover,
// 5xx answers as endpoint failures, one-shot requests, header timeouts, deadlines, Basic auth,
// and the --debug cURL lines.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { freePort } from '../../../helpers/etcd.js';
import { Ctx, V2Client } from '../../../../src/client/v2/client.js';
import { ClusterError } from '../../../../src/client/v2/errors.js';
import { getKey, setKey } from '../../../../src/client/v2/keys.js';
import { Transport } from '../../../../src/client/v2/transport.js';

const servers: Server[] = [];
after(() => {
  for (const s of servers) s.close();
});

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

async function serve(handler: Handler): Promise<string> {
  const port = await freePort();
  const srv = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => handler(req, body, res));
  });
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(port, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${port}`;
}

const ok: Handler = (_req, _body, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json', 'X-Etcd-Index': '7' });
  res.end('{"action":"get","node":{"key":"/k","value":"v","modifiedIndex":7,"createdIndex":7}}');
};
const status = (code: number): Handler => (_req, _body, res) => {
  res.writeHead(code);
  res.end();
};

function client(endpoints: string[], extra: { headerTimeoutMs?: number; username?: string; password?: string } = {}): V2Client {
  return new V2Client({ endpoints, transport: new Transport({ dialTimeoutMs: 2000 }), headerTimeoutMs: extra.headerTimeoutMs ?? 2000, ...extra });
}

test('a 5xx answer is an endpoint failure: the next endpoint answers', async () => {
  const bad = await serve(status(502));
  const good = await serve(ok);
  for (let i = 0; i < 4; i++) {
    const r = await getKey(client([bad, good]), Ctx.background(), '/k');
    assert.equal(r.node?.value, 'v');
  }
});

test('every endpoint failing: a ClusterError with one line per endpoint', async () => {
  const e500 = await serve(status(500));
  const e502 = await serve(status(502));
  await assert.rejects(getKey(client([e500, e502]), Ctx.background(), '/k'), (e: unknown) => {
    assert.ok(e instanceof ClusterError);
    assert.deepEqual(
      e.errors.map((x) => x.message).sort(),
      [`client: etcd member ${e500} has no leader`, `client: etcd member ${e502} returns server error [Bad Gateway]`].sort(),
    );
    return true;
  });
});

test('a one-shot request (prevExist=false) is not retried; its error is the plain first error', async () => {
  const e503 = await serve(status(503));
  await assert.rejects(setKey(client([e503]), Ctx.background(), '/k', 'v', { prevExist: 'false' }), {
    message: `client: etcd member ${e503} has no leader`,
  });
});

test('no headers within --timeout: "exceeded header timeout"; past the deadline: "context deadline exceeded"', async () => {
  const hang = await serve(() => {});
  await assert.rejects(getKey(client([hang], { headerTimeoutMs: 200 }), Ctx.background(), '/k'), {
    message: `client: etcd cluster is unavailable or misconfigured; error #0: client: endpoint ${hang} exceeded header timeout\n`,
  });
  const ctx = Ctx.background().withTimeout(200);
  await assert.rejects(getKey(client([hang], { headerTimeoutMs: 5000 }), ctx, '/k'), { message: 'context deadline exceeded' });
});

test('credentials go as HTTP Basic auth; form bodies and sorted queries; the cURL lines', async () => {
  const seen: Array<{ method: string; url: string; auth: string; type: string; body: string }> = [];
  const ep = await serve((req, body, res) => {
    seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization ?? '', type: req.headers['content-type'] ?? '', body });
    ok(req, body, res);
  });
  const c = client([ep], { username: 'root', password: 'p:w' });
  const lines: string[] = [];
  c.curl = (l) => void lines.push(l);
  await setKey(c, Ctx.background(), 'a b/c', 'x&y', { ttl: 5n, prevValue: 'old', prevIndex: 3n });
  await getKey(c, Ctx.background(), '/', { sort: true });
  assert.deepEqual(seen, [
    {
      method: 'PUT',
      url: '/v2/keys/a%20b/c?prevIndex=3&prevValue=old',
      auth: `Basic ${Buffer.from('root:p:w').toString('base64')}`,
      type: 'application/x-www-form-urlencoded',
      body: 'ttl=5&value=x%26y',
    },
    { method: 'GET', url: '/v2/keys/?quorum=false&recursive=false&sorted=true', auth: `Basic ${Buffer.from('root:p:w').toString('base64')}`, type: '', body: '' },
  ]);
  assert.deepEqual(lines, [
    `cURL Command: curl -X PUT ${ep}/v2/keys/a%20b/c?prevIndex=3&prevValue=old -d "ttl=5&value=x%26y"\n`,
    `cURL Command: curl -X GET ${ep}/v2/keys/?quorum=false&recursive=false&sorted=true\n`,
  ]);
});
