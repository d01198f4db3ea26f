// `-w table` (printer_table.go): only member list, endpoint health/status/hashkv and snapshot
// status have tables; every other response is `table not supported as output format`, exit 4
// (after the RPC, as in etcdctl), and member promote panics like the other non-simple printers.
import type { IO } from '../../cli/core/io.js';
import { renderTable } from '../../format/table.js';
import type { MemberListResponse } from '../../proto/gen/etcdserverpb/rpc.js';
import type { EndpointHashKV, EndpointHealth, EndpointStatus, Printer, SnapshotStatus } from './printer.js';
import {
  DB_STATUS_HEADER,
  ENDPOINT_HASHKV_HEADER,
  ENDPOINT_HEALTH_HEADER,
  ENDPOINT_STATUS_HEADER,
  MEMBER_LIST_HEADER,
  dbStatusRows,
  endpointHashKVRows,
  endpointHealthRows,
  endpointStatusRows,
  memberListRows,
  memberPromotePanic,
  unsupported,
} from './common.js';

function notTable(): never {
  throw unsupported('table');
}

export class TablePrinter implements Printer {
  readonly format = 'table' as const;

  constructor(private readonly io: IO) {}

  private table(header: readonly string[], rows: string[][]): void {
    this.io.stdout.write(renderTable(header, rows));
  }

  memberList(resp: MemberListResponse): void {
    this.table(MEMBER_LIST_HEADER, memberListRows(resp));
  }

  endpointHealth(list: readonly EndpointHealth[]): void {
    this.table(ENDPOINT_HEALTH_HEADER, endpointHealthRows(list));
  }

  endpointStatus(list: readonly EndpointStatus[]): void {
    this.table(ENDPOINT_STATUS_HEADER, endpointStatusRows(list));
  }

  endpointHashKV(list: readonly EndpointHashKV[]): void {
    this.table(ENDPOINT_HASHKV_HEADER, endpointHashKVRows(list));
  }

  dbStatus(status: SnapshotStatus): void {
    this.table(DB_STATUS_HEADER, dbStatusRows(status));
  }

  memberPromote(): void {
    throw memberPromotePanic();
  }

  get = notTable;
  put = notTable;
  del = notTable;
  txn = notTable;
  watch = notTable;
  grant = notTable;
  revoke = notTable;
  keepAlive = notTable;
  timeToLive = notTable;
  leases = notTable;
  memberAdd = notTable;
  memberRemove = notTable;
  memberUpdate = notTable;
  moveLeader = notTable;
  alarm = notTable;
  roleAdd = notTable;
  roleGet = notTable;
  roleDelete = notTable;
  roleList = notTable;
  roleGrantPermission = notTable;
  roleRevokePermission = notTable;
  userAdd = notTable;
  userGet = notTable;
  userList = notTable;
  userChangePassword = notTable;
  userGrantRole = notTable;
  userRevokeRole = notTable;
  userDelete = notTable;
  authStatus = notTable;
}
