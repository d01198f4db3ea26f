// Txn building blocks (clientv3's OpGet/OpPut/OpDelete and Compare) as plain request objects with
// every field set to its proto3 default. Pure: only types come from the generated module, so
// command files can build requests without loading gRPC.
import type {
  Compare,
  DeleteRangeRequest,
  PutRequest,
  RangeRequest,
  RequestOp,
  TxnRequest,
} from '../../proto/gen/etcdserverpb/rpc.js';

const EMPTY: Buffer = Buffer.alloc(0);

/** etcdserverpb.Compare.CompareResult */
export const CompareResult = { EQUAL: 0, GREATER: 1, LESS: 2, NOT_EQUAL: 3 } as const;
/** etcdserverpb.Compare.CompareTarget */
export const CompareTarget = { VERSION: 0, CREATE: 1, MOD: 2, VALUE: 3, LEASE: 4 } as const;
/** etcdserverpb.RangeRequest.SortOrder / SortTarget */
export const SortOrder = { NONE: 0, ASCEND: 1, DESCEND: 2 } as const;
export const SortTarget = { KEY: 0, VERSION: 1, CREATE: 2, MOD: 3, VALUE: 4 } as const;

export function rangeRequest(p: Partial<RangeRequest>): RangeRequest {
  return {
    key: EMPTY,
    rangeEnd: EMPTY,
    limit: 0n,
    revision: 0n,
    sortOrder: 0,
    sortTarget: 0,
    serializable: false,
    keysOnly: false,
    countOnly: false,
    minModRevision: 0n,
    maxModRevision: 0n,
    minCreateRevision: 0n,
    maxCreateRevision: 0n,
    ...p,
  };
}

export function putRequest(p: Partial<PutRequest>): PutRequest {
  return { key: EMPTY, value: EMPTY, lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false, ...p };
}

export function deleteRangeRequest(p: Partial<DeleteRangeRequest>): DeleteRangeRequest {
  return { key: EMPTY, rangeEnd: EMPTY, prevKv: false, ...p };
}

export function opGet(p: Partial<RangeRequest>): RequestOp {
  return { request: { $case: 'requestRange', requestRange: rangeRequest(p) } };
}

export function opPut(p: Partial<PutRequest>): RequestOp {
  return { request: { $case: 'requestPut', requestPut: putRequest(p) } };
}

export function opDelete(p: Partial<DeleteRangeRequest>): RequestOp {
  return { request: { $case: 'requestDeleteRange', requestDeleteRange: deleteRangeRequest(p) } };
}

export function txnRequest(compare: Compare[], success: RequestOp[], failure: RequestOp[] = []): TxnRequest {
  return { compare, success, failure };
}

/** Compare(CreateRevision(key), result, rev) */
export function cmpCreateRevision(key: Buffer, result: number, rev: bigint): Compare {
  return { result, target: CompareTarget.CREATE, key, targetUnion: { $case: 'createRevision', createRevision: rev }, rangeEnd: EMPTY };
}

/** clientv3's WithFirstCreate / WithLastCreate on a prefix: the oldest or newest key, limit 1. */
export function firstOrLastCreate(prefix: Buffer, prefixEnd: Buffer, last: boolean): Partial<RangeRequest> {
  return {
    key: prefix,
    rangeEnd: prefixEnd,
    sortTarget: SortTarget.CREATE,
    sortOrder: last ? SortOrder.DESCEND : SortOrder.ASCEND,
    limit: 1n,
  };
}
