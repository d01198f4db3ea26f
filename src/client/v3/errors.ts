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
  return new EtcdError(details || err.message, code ?? status.UNKNOWN, notSent);
}

/** etcd's auth errors that a fresh token cures (etcd#11954, #12385: clientv3 3.4 does not retry). */
export function isInvalidToken(err: EtcdError): boolean {
  return err.message === 'etcdserver: invalid auth token' || err.message === 'etcdserver: auth token is expired';
}
