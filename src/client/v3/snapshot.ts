// The Maintenance/Snapshot server stream (clientv3/maintenance.go Snapshot) as an async iterable of
// blobs. The server sends the bolt database in 32 KiB blobs, then one blob holding its sha256;
// this module only moves bytes, the disk layer checks and writes them.
//
// Flow control: blobs are handed over one at a time. While the consumer is busy with a blob (a
// pending file write), at most QUEUE_MAX more are queued, then the call is paused; grpc-js stops
// reading from the HTTP/2 stream and the server is held back by the stream's flow-control window.
// Memory stays bounded whatever the snapshot size.
import { status as grpcStatus, type ClientReadableStream, type ServiceError } from '@grpc/grpc-js';
import { MaintenanceService, SnapshotRequest } from '../../proto/gen/etcdserverpb/rpc.js';
import { readUvarint, VARINT_OVERFLOW, VARINT_TRUNCATED } from '../../format/varint.js';
import type { EtcdClient } from './client.js';
import { CANCELED, EtcdError, fromServiceError } from './errors.js';
import { streamErrorText } from './bidi.js';

export interface SnapshotStreamOptions {
  /** absolute deadline for the whole transfer; none means no timeout (etcdctl's default) */
  deadline?: Date;
  /** cancels the call (Ctrl-C); the iterator then throws `context canceled` */
  signal?: AbortSignal;
  /** called with each blob's size once the consumer is done with it */
  onBlob?: (bytes: number) => void;
  /**
   * called once when the server ends the stream (error undefined) or the stream fails (error as
   * grpc-go's status text), where clientv3's receive loop logs; not when this side cancels it
   */
  onEnd?: (error: string | undefined) => void;
}

export interface SnapshotStream extends AsyncIterable<Buffer> {
  /** blob bytes handed to the consumer so far */
  readonly received: number;
  /** cancels the call (idempotent) */
  cancel(): void;
}

/** blobs buffered ahead of the consumer before the call is paused */
const QUEUE_MAX = 8;

const EMPTY: Buffer = Buffer.alloc(0);

/** The varint at `pos` as a number (exact up to 2^53): [value, next position]. */
function varint(b: Buffer, pos: number): [number, number] {
  const [v, next] = readUvarint(b, pos);
  if (next === VARINT_TRUNCATED) throw new Error('snapshot response: truncated varint');
  if (next === VARINT_OVERFLOW) throw new Error('snapshot response: bad varint');
  return [Number(v), next];
}

/**
 * The blob of a SnapshotResponse {1 header, 2 remaining_bytes uint64, 3 blob bytes}, as a view of
 * the message grpc-js just assembled (the generated decoder copies every blob once more: 32 KiB
 * of garbage per message on a stream of hundreds of MB). Unknown fields are skipped.
 */
export function snapshotBlob(msg: Buffer): Buffer {
  let blob: Buffer = EMPTY;
  let pos = 0;
  while (pos < msg.length) {
    const [tag, p] = varint(msg, pos);
    pos = p;
    switch (tag & 7) {
      case 0:
        pos = varint(msg, pos)[1];
        break;
      case 1:
        pos += 8;
        break;
      case 2: {
        const [len, start] = varint(msg, pos);
        pos = start + len;
        if (pos > msg.length) throw new Error('snapshot response: truncated field');
        if (tag >>> 3 === 3) blob = msg.subarray(start, pos);
        break;
      }
      case 5:
        pos += 4;
        break;
      default:
        throw new Error(`snapshot response: bad wire type ${tag & 7}`);
    }
  }
  if (pos > msg.length) throw new Error('snapshot response: truncated field');
  return blob;
}

const SNAPSHOT_BLOBS = { ...MaintenanceService.snapshot, responseDeserialize: snapshotBlob };

/**
 * A failed stream as grpc-go reports it: a broken connection is `transport is closing` (Node says
 * `read ECONNRESET`, `Connection dropped`, ...), a deadline is the context's.
 */
function streamStatusText(err: ServiceError): string {
  const details = err.details ?? err.message;
  if (err.code === grpcStatus.DEADLINE_EXCEEDED) return streamErrorText({ code: err.code, details: 'context deadline exceeded' });
  if (err.code === grpcStatus.UNAVAILABLE && !details.startsWith('etcdserver: ')) return streamErrorText({ code: err.code, details: 'transport is closing' });
  return streamErrorText({ code: err.code, details });
}

/** What the command reports for a failed stream (clientv3's toErr: context errors by their own words). */
function streamFailure(err: ServiceError): EtcdError {
  if (err.code === grpcStatus.DEADLINE_EXCEEDED || err.code === grpcStatus.CANCELLED || err.code === grpcStatus.UNKNOWN) return fromServiceError(err);
  return new EtcdError(streamStatusText(err), err.code);
}

function canceledError(): EtcdError {
  return new EtcdError(CANCELED, 1 /* grpc status CANCELLED */);
}

/**
 * Opens the stream on a ready member. Resolves once the call is started (clientv3's Snapshot()
 * returning), rejects with `context deadline exceeded` when no member becomes ready in time, or
 * `context canceled` when `signal` fires first.
 */
export async function openSnapshotStream(client: EtcdClient, opts: SnapshotStreamOptions = {}): Promise<SnapshotStream> {
  const { signal } = opts;
  if (signal?.aborted) throw canceledError();
  const opening = client.conn.serverStream(
    SNAPSHOT_BLOBS,
    SnapshotRequest.fromPartial({}),
    opts.deadline ? { deadline: opts.deadline } : {},
  );
  if (!signal) return new GrpcSnapshotStream(await opening, undefined, opts.onBlob, opts.onEnd);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(canceledError());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return new GrpcSnapshotStream(await Promise.race([opening, aborted]), signal, opts.onBlob, opts.onEnd);
  } catch (err) {
    // a call that starts after all must not outlive the abort
    opening.then(
      (call) => {
        call.on('error', () => {}); // grpc-js reports the cancellation as an error event
        call.cancel();
      },
      () => {},
    );
    throw err instanceof EtcdError ? err : fromServiceError(err as Error);
  } finally {
    signal.removeEventListener('abort', onAbort!);
  }
}

class GrpcSnapshotStream implements SnapshotStream {
  received = 0;
  private used = false;
  private done = false;

  constructor(
    private readonly call: ClientReadableStream<Buffer>,
    private readonly signal?: AbortSignal,
    private readonly onBlob?: (bytes: number) => void,
    private readonly onEnd?: (error: string | undefined) => void,
  ) {}

  cancel(): void {
    if (this.done) return;
    this.done = true;
    this.call.on('error', () => {}); // grpc-js reports the cancellation as an error event
    this.call.cancel();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    if (this.used) throw new Error('snapshot stream already consumed');
    this.used = true;
    const call = this.call;
    const queue: Buffer[] = [];
    let ended = false;
    let failure: Error | undefined;
    let wake: (() => void) | undefined;
    const notify = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    const onData = (blob: Buffer) => {
      if (blob.length === 0) return;
      queue.push(blob);
      if (queue.length >= QUEUE_MAX) call.pause();
      notify();
    };
    // grpc-js emits 'error' right after pushing the end of the stream, so an error is always
    // known by the time 'end' arrives
    const onError = (err: ServiceError) => {
      if (!failure) {
        failure = streamFailure(err);
        this.onEnd?.(streamStatusText(err));
      }
      notify();
    };
    const onEnd = () => {
      if (!failure) this.onEnd?.(undefined);
      ended = true;
      notify();
    };
    const onAbort = () => {
      failure ??= canceledError();
      call.cancel();
      notify();
    };
    call.on('data', onData);
    call.on('error', onError);
    call.on('end', onEnd);
    this.signal?.addEventListener('abort', onAbort, { once: true });
    if (this.signal?.aborted) onAbort();
    try {
      for (;;) {
        if (failure) throw failure;
        const blob = queue.shift();
        if (blob) {
          if (queue.length < QUEUE_MAX / 2 && call.isPaused()) call.resume();
          this.received += blob.length;
          yield blob;
          this.onBlob?.(blob.length);
          continue;
        }
        if (ended) break;
        if (call.isPaused()) call.resume();
        await new Promise<void>((resolve) => (wake = resolve));
      }
      this.done = true;
    } finally {
      this.signal?.removeEventListener('abort', onAbort);
      call.off('data', onData);
      call.off('end', onEnd);
      // a consumer that stops early (a failed write) ends the call; a late error has no listener to crash
      if (!this.done) {
        this.done = true;
        call.cancel();
      }
      call.off('error', onError);
      call.on('error', () => {});
    }
  }
}
