// check datascale's measurement: process_resident_memory_bytes from a /metrics page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { BufferIO } from '../../../src/cli/core/io.js';
import { endpointMemoryMetrics } from '../../../src/check/memory.js';
import { freePort } from '../../helpers/etcd.js';

test('endpointMemoryMetrics reads the metric, and reports what is wrong on stdout', async () => {
  const port = await freePort();
  let body = '';
  const srv = createServer((_req, res) => res.end(body));
  await new Promise<void>((r) => srv.listen(port, '127.0.0.1', r));
  try {
    const io = new BufferIO();
    const tls = { cert: '', key: '', insecureSkipVerify: false };
    body = '# HELP process_resident_memory_bytes ...\nprocess_resident_memory_bytes 4.7763456e+07\n';
    assert.equal(await endpointMemoryMetrics(`127.0.0.1:${port}`, tls, io), 47763456);
    assert.equal(await endpointMemoryMetrics(`http://127.0.0.1:${port}`, tls, io), 47763456);
    body = 'nothing here\n';
    assert.equal(await endpointMemoryMetrics(`127.0.0.1:${port}`, tls, io), 0);
    assert.equal(io.stdoutText, 'could not find: process_resident_memory_bytes\n');
    // the first line that starts with the name is taken, as in etcdctl (here a longer name)
    body = 'process_resident_memory_bytes_total 5\nprocess_resident_memory_bytes 1\n';
    assert.equal(await endpointMemoryMetrics(`127.0.0.1:${port}`, tls, io), 0);
    assert.equal(io.stdoutText.split('\n')[1], 'parse error: strconv.ParseFloat: parsing "_total 5": invalid syntax');
  } finally {
    srv.close();
  }
  const io = new BufferIO();
  const dead = await freePort();
  assert.equal(await endpointMemoryMetrics(`127.0.0.1:${dead}`, { cert: '', key: '', insecureSkipVerify: false }, io), 0);
  assert.equal(io.stdoutText, `fetch error: Get "http://127.0.0.1:${dead}/metrics": dial tcp 127.0.0.1:${dead}: connect: connection refused\n`);
});
