// etcdctl v2's endpoint selection (getEndpoints): SRV discovery with insecure endpoints dropped
// unless --insecure-discovery, then the flag/variable precedence, then URL parsing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { v2Endpoints, type EndpointSources } from '../../../src/cli/v2/factory.js';

function sources(p: Partial<EndpointSources> & { flags?: Record<string, string> }): EndpointSources & { err: string[] } {
  const err: string[] = [];
  return {
    domain: '',
    insecure: false,
    serviceName: '',
    env: {},
    flag: (n) => p.flags?.[n] ?? '',
    discover: async () => [],
    stderr: (s) => void err.push(s),
    ...p,
    err,
  };
}

test('discovered endpoints win; http ones are dropped with a message unless insecure', async () => {
  const found = ['https://a.example.com.:2379', 'http://b.example.com.:2379'];
  const calls: string[][] = [];
  const discover = async (d: string, n: string) => {
    calls.push([d, n]);
    return found;
  };
  const secure = sources({ domain: 'example.com', serviceName: 'blue', discover, flags: { endpoints: 'http://x:1' } });
  assert.deepEqual(await v2Endpoints(secure), ['https://a.example.com.:2379']);
  assert.deepEqual(secure.err, ['ignoring discovered insecure endpoint "http://b.example.com.:2379"\n']);
  assert.deepEqual(calls, [['example.com', 'blue']]);
  const insecure = sources({ domain: 'example.com', insecure: true, discover });
  assert.deepEqual(await v2Endpoints(insecure), found);
  assert.deepEqual(insecure.err, []);
  // nothing secure discovered: the usual endpoints
  const none = sources({ domain: 'example.com', discover: async () => ['http://b:1'], flags: { endpoints: 'http://x:1' } });
  assert.deepEqual(await v2Endpoints(none), ['http://x:1']);
});

test('precedence: --endpoints, ETCDCTL_ENDPOINTS, --endpoint, ETCDCTL_ENDPOINT, --peers, ETCDCTL_PEERS, default', async () => {
  const all = { endpoints: 'http://f1:1', endpoint: 'http://f2:1', peers: 'http://f3:1' };
  const env = { ETCDCTL_ENDPOINTS: 'http://e1:1', ETCDCTL_ENDPOINT: 'http://e2:1', ETCDCTL_PEERS: 'http://e3:1' };
  assert.deepEqual(await v2Endpoints(sources({ flags: all, env })), ['http://f1:1']);
  assert.deepEqual(await v2Endpoints(sources({ flags: { endpoint: 'http://f2:1' }, env })), ['http://e1:1']);
  assert.deepEqual(await v2Endpoints(sources({ flags: { endpoint: 'http://f2:1', peers: 'http://f3:1' }, env: { ETCDCTL_PEERS: 'http://e3:1' } })), ['http://f2:1']);
  assert.deepEqual(await v2Endpoints(sources({ flags: { peers: 'http://f3:1' }, env: { ETCDCTL_ENDPOINT: 'http://e2:1' } })), ['http://e2:1']);
  assert.deepEqual(await v2Endpoints(sources({ env: { ETCDCTL_PEERS: 'http://e3:1' } })), ['http://e3:1']);
  assert.deepEqual(await v2Endpoints(sources({})), ['http://127.0.0.1:2379', 'http://127.0.0.1:4001']);
});

test('each endpoint is a URL; no scheme means http; a bad one is an error', async () => {
  assert.deepEqual(await v2Endpoints(sources({ flags: { endpoints: '//h:1,https://h:2,' } })), ['http://h:1', 'https://h:2', 'http:']);
  await assert.rejects(v2Endpoints(sources({ flags: { endpoints: '127.0.0.1:2379' } })), {
    message: 'parse "127.0.0.1:2379": first path segment in URL cannot contain colon',
  });
});
