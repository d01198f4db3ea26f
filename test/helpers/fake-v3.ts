// A v3 command line run without etcd, for the unit tests of commands/v3: runV3's public entry with
// an in-memory BufferIO and a factory whose clients are fakes. The factory is the real one
// (newV3Factory: ETCDCTL_* variables, -w validation, --user, the order etcdctl does these in) with
// its network half replaced: client() and clientFor() return fake EtcdClients that answer from
// handlers the test gives and record every request they receive. printer() stays the real printer
// for -w/--hex, so tests see the exact bytes etcdctl would print.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { runV3 } from '../../commands/v3/index.js';
import { ParsedFlags, type EtcdctlCommand, type RunContext } from '../../src/cli/v3/command.js';
import { CliError, toCliError } from '../../src/cli/core/errors.js';
import { v3GlobalFlags } from '../../src/cli/v3/global-flags.js';
import { newPrinter } from '../../src/printer/v3/printer.js';
import { newV3Factory, type V3Factory } from '../../src/cli/v3/factory.js';
import { BufferIO } from '../../src/cli/core/io.js';
import type { Env } from '../../src/cli/core/env.js';
import { resolveV3Globals } from '../../src/cli/v3/global-options.js';
import type { EtcdClient } from '../../src/client/v3/client.js';
import { EtcdError } from '../../src/client/v3/errors.js';
import { golden, goldenInput, responseFromJson, type Codec, type Format } from '../unit/printer/golden.js';

type Methods = {
  [K in keyof EtcdClient as EtcdClient[K] extends (...a: never[]) => unknown ? K : never]: EtcdClient[K];
};
export type MethodName = keyof Methods;

/** What a fake method answers: the response (or a promise of it); throwing is a failed call. */
export type Handlers = {
  [K in MethodName]?: (...args: Parameters<Methods[K]>) => Awaited<ReturnType<Methods[K]>> | ReturnType<Methods[K]>;
};

/** One request a fake client received: the method, its arguments, and which client got it. */
export interface Call {
  method: MethodName;
  args: unknown[];
  /** the endpoints the client was made for ('' for the factory's client()) */
  endpoint: string;
}

/**
 * A fake EtcdClient: only the handlers' methods exist (any other call fails the command with
 * `fake client: <method> is not implemented`), each call is appended to `calls`.
 */
export function fakeClient(handlers: Handlers, calls: Call[] = [], endpoint = '', extra: Record<string, unknown> = {}): EtcdClient {
  return new Proxy({} as EtcdClient, {
    get(_t, prop) {
      if (prop === 'close') return () => {};
      if (prop === 'endpoints') return endpoint === '' ? [] : [endpoint];
      if (prop === 'then') return undefined; // not a thenable
      if (typeof prop === 'string' && prop in extra) return extra[prop];
      // a connection that is ready at once (endpoint health waits for it before its clock starts)
      if (prop === 'conn') return { waitReady: async () => {} };
      // rangeEncoded is range with its key-values decoded as they are read: the range handler's
      // arrays serve it (an array is a KeyValueList), and it is recorded as range
      const method = prop === 'rangeEncoded' ? 'range' : prop;
      const handler = (handlers as Record<string | symbol, ((...a: unknown[]) => unknown) | undefined>)[method];
      return async (...args: unknown[]) => {
        calls.push({ method: method as MethodName, args, endpoint });
        if (!handler) throw new Error(`fake client: ${String(method)} is not implemented`);
        return handler(...args);
      };
    },
  });
}

/** A failed gRPC call as src/client/v3 reports it (etcd's own description as the message). */
export function grpcError(message: string, code = 2): EtcdError {
  return new EtcdError(message, code);
}

export interface FakeRunOptions {
  /** the client of f.client() */
  handlers?: Handlers;
  /** clients of f.clientFor([endpoint]) by endpoint (all endpoints joined by ',' when several) */
  endpointHandlers?: Record<string, Handlers>;
  /** extra properties of the fake clients (e.g. conn for stream-based commands) */
  clientExtra?: Record<string, unknown>;
  stdin?: string | Buffer;
  env?: Env;
  cwd?: string;
  /** replaces methods of the factory (after the fakes are in place) */
  factory?: Partial<V3Factory>;
}

export interface FakeRunResult {
  stdout: string;
  stdoutBytes: Buffer;
  /** what etcdctl writes on stderr: the command's own lines, then the error's bytes */
  stderr: string;
  code: number;
  /** the typed error runV3 threw, if any */
  error: CliError | undefined;
  /** every request the fake clients received, in order */
  calls: Call[];
  /** the options of each f.clientFor call */
  clientForCalls: Array<{ endpoints: string[]; opts: unknown }>;
  io: BufferIO;
}

/**
 * `ETCDCTL_API=3 etcdctl <argv>` against fake clients: stdout, stderr and the exit code as
 * src/cli/core/main.ts would turn them out (a thrown CliError's stdoutText and stderrText after the
 * command's own output).
 */
export async function runFake(argv: string[], opts: FakeRunOptions = {}): Promise<FakeRunResult> {
  const io = new BufferIO({ stdin: opts.stdin, env: opts.env ?? {}, cwd: opts.cwd, argv });
  const calls: Call[] = [];
  const clientForCalls: FakeRunResult['clientForCalls'] = [];
  const main = fakeClient(opts.handlers ?? {}, calls, '', opts.clientExtra);
  let error: CliError | undefined;
  let code = 0;
  let stdoutTail = '';
  let stderrTail = '';
  try {
    await runV3(argv, io, opts.env ?? {}, {
      makeFactory: (ctx, env, globals) => {
        const real = newV3Factory(ctx, env, globals);
        const f: V3Factory = {
          ...real,
          client: async () => {
            await real.clientConfig();
            return main;
          },
          clientFor: async (endpoints, o) => {
            await real.clientConfig();
            clientForCalls.push({ endpoints, opts: o ?? {} });
            const key = endpoints.join(',');
            const h = opts.endpointHandlers?.[key];
            if (!h) throw new CliError(`fake: no client for ${key}`, 2);
            return fakeClient(h, calls, key, opts.clientExtra);
          },
          close: () => {},
          ...opts.factory,
        };
        return f;
      },
    });
  } catch (e) {
    const err = toCliError(e);
    if (e instanceof CliError) error = e;
    else throw e; // a command must end with a typed error; anything else is a bug the test shows
    stdoutTail = err.stdoutText;
    stderrTail = err.stderrText;
    code = err.exitCode;
  }
  return {
    stdout: io.stdoutText + stdoutTail,
    stdoutBytes: Buffer.concat([io.stdoutBytes, Buffer.from(stdoutTail)]),
    stderr: io.stderrText + stderrTail,
    code,
    error,
    calls,
    clientForCalls,
    io,
  };
}

/** The requests of one method, in order (their first argument). */
export function requests(r: { calls: Call[] }, method: MethodName): unknown[] {
  return r.calls.filter((c) => c.method === method).map((c) => c.args[0]);
}

/** etcdctl 3.4.23's help for a command path (`member add` → test/golden/v3/help/member_add.txt). */
export function helpGolden(path: string): string {
  return readFileSync(new URL(`../golden/v3/help/${path.replace(/ /g, '_')}.txt`, import.meta.url), 'utf8');
}

/**
 * A response etcdctl printed in the golden capture (test/unit/printer/golden): its `-w protobuf`
 * bytes, or, for a test comparing with the protobuf output (`format` protobuf), its `-w json` output,
 * so that a test never rebuilds its input from the bytes it expects.
 */
export function goldenResponse<T>(codec: Codec<T>, name: string, format?: Format): T {
  if (format === 'protobuf') return responseFromJson(codec, golden('json', name).out.toString());
  return codec.decode(golden('protobuf', name).out);
}

/** The read-only response captured again next to a golden output (<format>/<name>.in.pb, or .in.json for protobuf). */
export { goldenInput };

/**
 * The run printed what etcdctl 3.4.23 printed in the golden capture `<format>/<name>`: the same
 * stdout bytes, exit code and stderr (etcdctl's zap log lines left out, which we do not write; of a
 * Go panic, its first line).
 */
export function assertGolden(r: FakeRunResult, format: Format, name: string): void {
  const g = golden(format, name);
  assert.equal(r.stdout, g.out.toString(), `${format}/${name} stdout`);
  assert.deepEqual(r.stdoutBytes, g.out, `${format}/${name} stdout bytes`);
  assert.equal(r.code, g.code, `${format}/${name} exit code`);
  if (g.err.startsWith('panic: ')) assert.equal(r.stderr.split('\n')[0], g.err.split('\n')[0], `${format}/${name} stderr`);
  else assert.equal(r.stderr, g.err.split('\n').filter((l) => !l.startsWith('{"level"')).join('\n'), `${format}/${name} stderr`);
}

/**
 * The RunContext a command's parseXOptions receives, for direct calls: positional args, and flags
 * (the command's own and the global ones) set from their text forms as on a command line.
 */
export function parseContext(command: EtcdctlCommand, args: string[], flags: Record<string, string> = {}, io = new BufferIO()): RunContext<V3Factory> {
  const defs = new Map([...command.localFlags(), ...v3GlobalFlags()].map((d) => [d.flagName, d] as const));
  const values = new Map([...defs.values()].map((d) => [d.flagName, d.defaultTyped] as const));
  const changed = new Set<string>();
  for (const [name, raw] of Object.entries(flags)) {
    const d = defs.get(name);
    if (!d) throw new Error(`no such flag --${name}`);
    values.set(name, d.convert(raw, values.get(name)!, changed.has(name)));
    changed.add(name);
  }
  return { command, args, argsLenAtDash: -1, flags: new ParsedFlags(defs, values, changed), io, f: undefined as unknown as V3Factory };
}

/**
 * A V3Factory for direct runX calls: a fake client from handlers, the real printer of `format`
 * writing to io, a deadline --command-timeout (5s) from now.
 */
export function directFactory(io: BufferIO, handlers: Handlers, format = 'simple', calls: Call[] = []): V3Factory {
  const client = fakeClient(handlers, calls);
  const cfg = { endpoints: ['127.0.0.1:2379'], dialTimeoutMs: 2000, keepAliveTimeMs: 2000, keepAliveTimeoutMs: 6000 };
  const globals = resolveV3Globals(ParsedFlags.defaults(v3GlobalFlags()), v3GlobalFlags(), {});
  return {
    globals: () => globals,
    commandLinePrinter: () => newPrinter(format, { hex: false }, io),
    clientConfig: async () => cfg,
    healthConfig: async () => cfg,
    discoveredEndpoints: async () => cfg.endpoints,
    client: async () => client,
    clientFor: async () => client,
    printer: () => newPrinter(format, { hex: false }, io),
    commandDeadline: () => new Date(Date.now() + 5000),
    close: () => {},
  };
}

/** A deep copy of a request as it was when written (clients may reuse and change the object). */
function copy(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return Buffer.from(v);
  if (v instanceof Uint8Array) return new Uint8Array(v);
  if (Array.isArray(v)) return v.map(copy);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)]));
  return v;
}

/** One server side of a fake stream call: the requests it got, and what it answers. */
export interface FakeStream {
  /** requests written by the client, in order */
  requests: unknown[];
  /** called for each request as it is written */
  onRequest: (req: unknown) => void;
  /** the client canceled the call */
  canceled: boolean;
  /** the deadline and metadata options the call was opened with */
  opts: unknown;
  /** a response message (delivered asynchronously, in order) */
  send(res: unknown): void;
  /** ends the call with a gRPC status, after the messages sent before */
  end(code?: number, details?: string): void;
}

/**
 * A fake Connection (the `conn` of a fake client) for the stream-based commands: each call of a
 * method (by its gRPC path, e.g. '/etcdserverpb.Watch/Watch') is handed to `open` as a FakeStream.
 * Server-streaming calls get their one request first.
 */
export function fakeConn(open: Record<string, (s: FakeStream) => void>): unknown {
  const make = (path: string, opts: unknown, first?: unknown) => {
    const call = new EventEmitter() as EventEmitter & {
      write(r: unknown): void;
      cancel(): void;
      pause(): void;
      resume(): void;
      isPaused(): boolean;
    };
    call.pause = () => {};
    call.resume = () => {};
    call.isPaused = () => false;
    const s: FakeStream = {
      requests: [],
      onRequest: () => {},
      canceled: false,
      opts,
      send: (res) => void setImmediate(() => call.emit('data', res)),
      end: (code = 0, details = '') =>
        void setImmediate(() => {
          // grpc-js: a failed call reports an error (a ServiceError) as well as its status
          if (code !== 0) call.emit('error', Object.assign(new Error(`${code} ${details}`), { code, details }));
          call.emit('status', { code, details, metadata: {} });
          call.emit('end');
        }),
    };
    call.write = (r) => {
      s.requests.push(copy(r));
      s.onRequest(copy(r));
    };
    call.cancel = () => void (s.canceled = true);
    const handler = open[path];
    if (!handler) throw new Error(`fake conn: no stream ${path}`);
    if (first !== undefined) s.requests.push(first);
    handler(s);
    return call;
  };
  return {
    bidiStream: async (method: { path: string }, opts: unknown) => make(method.path, opts),
    serverStream: async (method: { path: string }, req: unknown, opts: unknown) => make(method.path, opts, req),
    endpoints: ['127.0.0.1:2379'],
    firstEndpoint: '127.0.0.1:2379',
    close: () => {},
  };
}
