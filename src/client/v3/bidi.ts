// One bidirectional gRPC call (Watch, LeaseKeepAlive) with the two events the stream clients
// need: every message, in order, then exactly one close with the call's final status. grpc-js
// reports the status as soon as it arrives, possibly before the messages still buffered in the
// readable side were delivered; close waits for the readable side to end so none is lost.
import { status as grpcStatus, type ClientDuplexStream, type StatusObject } from '@grpc/grpc-js';
import type { CallOptions, Connection, MethodDefinition } from './connection.js';

export interface StreamStatus {
  /** gRPC status code (0 when the server ended the call normally) */
  code: number;
  details: string;
}

export interface BidiHandlers<Res> {
  onMessage(msg: Res): void;
  /** the call ended (not called after cancel()) */
  onClose(status: StreamStatus): void;
}

export class BidiCall<Req, Res> {
  private finished = false;
  private paused = false;
  /** arms the wait for the readable side's end once the status is in (not while paused) */
  private armFallback: () => void = () => {};

  private constructor(private readonly call: ClientDuplexStream<Req, Res>) {}

  /** Opens the call on a ready member (waits as long as it takes, like clientv3's WaitForReady). */
  static async open<Req, Res>(
    conn: Connection,
    method: MethodDefinition<Req, Res>,
    opts: CallOptions & { requireLeader?: boolean },
    handlers: BidiHandlers<Res>,
  ): Promise<BidiCall<Req, Res>> {
    const call = await conn.bidiStream(method, opts);
    const bidi = new BidiCall<Req, Res>(call);
    let status: StreamStatus | undefined;
    let ended = false;
    let fallback: NodeJS.Timeout | undefined;
    const finish = () => {
      if (bidi.finished || status === undefined) return;
      bidi.finished = true;
      if (fallback) clearTimeout(fallback);
      handlers.onClose(status);
    };
    call.on('data', (msg: Res) => {
      if (!bidi.finished) handlers.onMessage(msg);
    });
    call.on('end', () => {
      ended = true;
      finish();
    });
    // 'error' carries the same status as 'status'; a listener keeps it from being thrown.
    call.on('error', () => {});
    // the readable side normally ends right after the status; do not wait forever if it never
    // does, unless the reader paused it (the messages still unread would be lost)
    bidi.armFallback = () => {
      if (status !== undefined && !ended && !bidi.paused && fallback === undefined) fallback = setTimeout(finish, 200);
    };
    call.on('status', (s: StatusObject) => {
      status = { code: s.code, details: s.details };
      if (ended) finish();
      else bidi.armFallback();
    });
    return bidi;
  }

  get closed(): boolean {
    return this.finished;
  }

  write(req: Req): void {
    if (this.finished) return;
    this.call.write(req);
  }

  /**
   * Stops taking messages: grpc-js stops reading the HTTP/2 stream once a few wait, and the
   * server stops sending once the stream's flow-control window is full.
   */
  pause(): void {
    this.paused = true;
    this.call.pause();
  }

  resume(): void {
    this.paused = false;
    this.call.resume();
    this.armFallback();
  }

  /** Cancels the call; no close event follows. */
  cancel(): void {
    if (this.finished) return;
    this.finished = true;
    this.call.cancel();
  }
}

// plain numbers, as StreamStatus and EtcdError carry gRPC codes
const OK: number = grpcStatus.OK;
const UNAVAILABLE: number = grpcStatus.UNAVAILABLE;
const INTERNAL: number = grpcStatus.INTERNAL;

/** clientv3's isHaltErr: anything but Unavailable and Internal ends a stream for good. */
export function isHaltCode(code: number): boolean {
  return code !== UNAVAILABLE && code !== INTERNAL;
}

const CODE_NAMES: Record<number, string> = {
  0: 'OK',
  1: 'Canceled',
  2: 'Unknown',
  3: 'InvalidArgument',
  4: 'DeadlineExceeded',
  5: 'NotFound',
  6: 'AlreadyExists',
  7: 'PermissionDenied',
  8: 'ResourceExhausted',
  9: 'FailedPrecondition',
  10: 'Aborted',
  11: 'OutOfRange',
  12: 'Unimplemented',
  13: 'Internal',
  14: 'Unavailable',
  15: 'DataLoss',
  16: 'Unauthenticated',
};

/**
 * An error as clientv3 words it (rpctypes.Error): etcd's own errors by their description, any
 * other gRPC status as grpc-go's `rpc error: code = X desc = Y`; a call that ended normally
 * while clientv3 still expected messages is io.EOF.
 */
export function streamErrorText(s: StreamStatus): string {
  if (s.code === OK) return 'EOF';
  if (s.details.startsWith('etcdserver: ')) return s.details;
  return `rpc error: code = ${CODE_NAMES[s.code] ?? `Code(${s.code})`} desc = ${s.details}`;
}
