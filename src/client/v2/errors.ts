// Errors of the v2 HTTP client, worded as etcd's Go client (client/*.go) and Go's net/http word
// them, because etcdctl prints them verbatim:
//   EtcdError     client.Error from a keys response: `105: Key already exists (/a) [6]`
//   ClusterError  every endpoint failed: `client: etcd cluster is unavailable or misconfigured;
//                 error #0: <e0>\n; error #1: <e1>\n`, with Detail() lines for handleError
//   NetError      a *net.OpError-like transport failure (`dial tcp 127.0.0.1:2379: connect:
//                 connection refused`); `connection` marks what etcdctl's isConnectionError accepts
//   ContextError  `context deadline exceeded` / `context canceled`

export class EtcdError extends Error {
  constructor(
    readonly errorCode: number,
    readonly etcdMessage: string,
    override readonly cause: string,
    readonly index: bigint,
  ) {
    super(`${errorCode}: ${etcdMessage} (${cause}) [${index}]`);
    this.name = 'EtcdError';
  }
}

export class ClusterError extends Error {
  constructor(readonly errors: Error[]) {
    let s = 'client: etcd cluster is unavailable or misconfigured';
    errors.forEach((e, i) => (s += `; error #${i}: ${e.message}\n`));
    super(s);
    this.name = 'ClusterError';
  }

  detail(): string {
    return this.errors.map((e, i) => `error #${i}: ${e.message}\n`).join('');
  }
}

export class NetError extends Error {
  constructor(
    message: string,
    /** a dial/read failure, ECONNREFUSED or a timeout: etcdctl's isConnectionError */
    readonly connection: boolean,
  ) {
    super(message);
    this.name = 'NetError';
  }
}

export class ContextError extends Error {
  constructor(readonly deadline: boolean) {
    super(deadline ? 'context deadline exceeded' : 'context canceled');
    this.name = 'ContextError';
  }
}

export const ErrNoEndpoints = new Error('client: no endpoints available');
export const ErrInvalidJSON = new Error('client: response is invalid json. The endpoint is probably not valid etcd cluster endpoint');
export const ErrEmptyBody = new Error('client: response body is empty');

/** etcdctl's isConnectionError (ctlv2/command/util.go). */
export function isConnectionError(err: unknown): boolean {
  if (err instanceof ClusterError) return err.errors.every(isConnectionError);
  if (err instanceof NetError) return err.connection;
  // context.DeadlineExceeded is a net.Error whose Timeout() is true
  if (err instanceof ContextError) return err.deadline;
  return false;
}
