import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatZapProduction, zapIsoTime } from '../../../src/disk/log.js';

test("clientv3's log lines: ts as zap's ISO 8601 text in local time (the snapshot package's stays epoch seconds)", () => {
  const at = Date.UTC(2026, 11, 7, 17, 59, 47, 226);
  const d = new Date(at);
  const off = -d.getTimezoneOffset();
  const zone = off === 0 ? 'Z' : `${off < 0 ? '-' : '+'}${String(Math.trunc(Math.abs(off) / 60)).padStart(2, '0')}${String(Math.abs(off) % 60).padStart(2, '0')}`;
  const local = new Date(at + off * 60000);
  const want = `${local.toISOString().slice(0, 23)}${zone}`;
  assert.equal(zapIsoTime(d), want);
  assert.equal(
    formatZapProduction({ level: 'info', msg: 'opened snapshot stream; downloading', caller: 'clientv3/maintenance.go:200', fields: [], isoTime: true }, at),
    `{"level":"info","ts":"${want}","caller":"clientv3/maintenance.go:200","msg":"opened snapshot stream; downloading"}`,
  );
  assert.equal(
    formatZapProduction({ level: 'info', msg: 'saved', caller: 'snapshot/v3_snapshot.go:152', fields: [['path', 'x.db']] }, at),
    `{"level":"info","ts":${at / 1000},"caller":"snapshot/v3_snapshot.go:152","msg":"saved","path":"x.db"}`,
  );
});
