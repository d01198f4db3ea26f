// gRPC failures as etcdctl words them: the server's description for etcd errors
// ("etcdserver: key not found"), Go's context errors for deadlines and cancellation.
import { status, type ServiceError } from '@grpc/grpc-js';

export class EtcdError extends Error {
  constructor(
    message: string,
    /** gRPC status code */
    readonly code: number,
    /** true when the request provably never reached a server */
    readonly notSent = false,
  ) {
    super(message);
    this.name = 'EtcdError';
  }
}

export const DEADLINE_EXCEEDED = 'context deadline exceeded';
export const CANCELED = 'context canceled';

export function fromServiceError(err: ServiceError | Error, notSent = false): EtcdError {
  if (err instanceof EtcdError) return err;
  const code = (err as ServiceError).code;
  if (code === status.DEADLINE_EXCEEDED) return new EtcdError(DEADLINE_EXCEEDED, code, notSent);
  if (code === status.CANCELLED) return new EtcdError(CANCELED, code, notSent);
  const details = (err as ServiceError).details;
  // an RPC the server lacks (etcd 3.4 and etcdctl 3.5's AuthStatus) is no etcd error: clientv3
  // passes the gRPC status on as it is, and etcdctl prints Go's form of it
  if (code === status.UNIMPLEMENTED) return new EtcdError(`rpc error: code = Unimplemented desc = ${details}`, code, notSent);
  // clientv3's rpctypes.Error turns etcd's own errors into their description; any other error
  // the server returns unwrapped (etcd's "auth: permission denied" of Snapshot and Defragment)
  // stays grpc-go's status text
  if (code === status.UNKNOWN && details && !details.startsWith('etcdserver: ')) {
    return new EtcdError(`rpc error: code = Unknown desc = ${details}`, code, notSent);
  }
  return new EtcdError(details || err.message, code ?? status.UNKNOWN, notSent);
}

export const AUTH_NOT_ENABLED = 'etcdserver: authentication is not enabled';
export const INVALID_AUTH_TOKEN = 'etcdserver: invalid auth token';
export const AUTH_OLD_REVISION = 'etcdserver: revision of auth store is old';
export const USER_EMPTY = 'etcdserver: user name is empty';

/**
 * Errors that a fresh token cures, as clientv3's shouldRefreshToken: an invalid token, an auth
 * store revision newer than the token's, or no user at all (the token was dropped). etcd rejects
 * these before applying anything, so the call may be sent again even when it writes.
 */
export function shouldRefreshToken(err: EtcdError): boolean {
  return err.message === INVALID_AUTH_TOKEN || err.message === AUTH_OLD_REVISION || err.message === USER_EMPTY;
}

/**
 * A watch the server canceled because the stream's token is no longer valid (etcd checks the
 * token of the stream again for every new watcher; after --auth-token-ttl of disuse, or after the
 * member restarted, it answers `canceled` with this reason). The cure: `conn.renewToken()`, then a
 * new watch stream (bidiStream attaches the fresh token) with the watchers created again.
 */
export function isInvalidTokenCancel(cancelReason: string): boolean {
  return cancelReason.includes(INVALID_AUTH_TOKEN);
}
