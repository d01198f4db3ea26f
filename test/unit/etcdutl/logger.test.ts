// etcdutl's console log lines (src/disk/log.ts formatZapConsole, src/etcdutl/logger.ts): the
// expected line was printed by etcdutl 3.5.16 (`snapshot restore`), its time pinned here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatZapConsole, rfc3339 } from '../../../src/disk/log.js';
import { fatalText } from '../../../src/etcdutl/logger.js';

const AT = new Date(Date.UTC(2026, 11, 7, 17, 59, 18, 456));

test('a line with fields: RFC 3339 time, level, caller, message, spaced JSON (arrays too)', () => {
  process.env.TZ = 'UTC';
  assert.equal(
    formatZapConsole(
      {
        level: 'info', msg: 'added member', caller: 'membership/cluster.go:421',
        fields: [['cluster-id', 'cdf818194e3a8c32'], ['local-member-id', '0'], ['added-peer-id', '8e9e05c52164694d'], ['added-peer-peer-urls', ['http://localhost:2380']]],
      },
      AT,
    ),
    '2026-12-07T17:59:18Z\tinfo\tmembership/cluster.go:421\tadded member\t{"cluster-id": "cdf818194e3a8c32", "local-member-id": "0", "added-peer-id": "8e9e05c52164694d", "added-peer-peer-urls": ["http://localhost:2380"]}',
  );
});

test('no fields: no trailing tab; numbers, durations as Go strings, several array items', () => {
  process.env.TZ = 'UTC';
  assert.equal(
    formatZapConsole({ level: 'info', msg: 'Trimming membership information from the backend...', caller: 'membership/store.go:141', fields: [] }, AT),
    '2026-12-07T17:59:18Z\tinfo\tmembership/store.go:141\tTrimming membership information from the backend...',
  );
  assert.equal(
    formatZapConsole({ level: 'info', msg: 'm', fields: [['n', 10737418240n], ['d', -4096n], ['took', { seconds: 0.004205416 }], ['l', ['a', 'b']]] }, AT),
    '2026-12-07T17:59:18Z\tinfo\tm\t{"n": 10737418240, "d": -4096, "took": "4.205416ms", "l": ["a", "b"]}',
  );
  assert.equal(
    fatalText({ level: 'fatal', msg: 'timed out waiting to acquire lock on', caller: 'etcdutl/backup_command.go:284', fields: [['srcDB', 'd/member/snap/db']] }, AT),
    '2026-12-07T17:59:18Z\tfatal\tetcdutl/backup_command.go:284\ttimed out waiting to acquire lock on\t{"srcDB": "d/member/snap/db"}\n',
  );
});

test('local time with its offset, as Go prints time.RFC3339', () => {
  const saved = process.env.TZ;
  try {
    process.env.TZ = 'Asia/Kolkata';
    assert.equal(rfc3339(AT), '2026-12-07T23:29:18+05:30');
    process.env.TZ = 'America/New_York';
    assert.equal(rfc3339(AT), '2026-12-07T12:59:18-05:00');
  } finally {
    process.env.TZ = saved ?? 'UTC';
  }
});
