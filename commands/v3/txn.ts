// etcdctl txn [options]: reads compares, success ops and failure ops from stdin, each section
// ended by an empty line, and commits them as one transaction (no timeout).
//
// Input is parsed as etcdctl 3.4.23 does, over raw bytes, quirks included:
// * lines are read with bufio's ReadString: end of input before the third empty line, or a last
//   line without a newline, is `Error: EOF` (exit 3); lines are TrimSpace'd;
// * a compare is `<target>(<%q key>) <op> <%q value>`, split at the first `(` and scanned with
//   fmt.Sscanf("%q) %s %q"); text after the value is ignored;
// * an op line is split by argify (see argify.ts, single-quote truncation bug included) and run
//   through a bare cobra root holding put/get/del (prefixes such as `p` work): an unknown verb is
//   `invalid txn request` (exit 3), a flag error prints cobra's default usage of the verb on stderr
//   first; put/get/del's own argument checks keep their messages and exit codes;
// * the clientv3.Compare panics are kept (exit 2): an op other than = != < >, and every lease()
//   compare (clientv3 wants a LeaseID and gets a string).
// Deliberate differences, where etcdctl cannot finish at all:
// * `put <key>` without a value reads the value from the rest of stdin in etcdctl, which the line
//   reader has normally consumed already; here it is always the missing-value error (exit 128),
//   which is what etcdctl prints for inputs under 4 KiB;
// * `-h`/`--help`/`help` on an op line prints cobra's help for the verb, then etcdctl waits
//   forever for an op that never comes; here it then fails with `invalid txn request` (exit 3).
import { defineCommand, type EtcdctlCommand, type RunContext } from '../../src/cli/v3/command.js';
import { findCommand, parseFlags } from '../../src/cli/v3/cobra.js';
import { CliError, badArgs, orExitError } from '../../src/cli/core/errors.js';
import { ExitCode } from '../../src/cli/core/exit-codes.js';
import { Flag, defValueString, flag } from '../../src/cli/v3/flags.js';
import type { V3Factory } from '../../src/cli/v3/factory.js';
import { GoParseError, parseGoInt } from '../../src/format/go-parse.js';
import type { IO } from '../../src/cli/core/io.js';
import { LineReader } from '../../src/cli/core/line-reader.js';
import { goQuote } from '../../src/format/go-quote.js';
import { goSscanf, goTrimSpace } from '../../src/format/go-scan.js';
import { CompareResult, CompareTarget, opDelete, opGet, opPut } from '../../src/client/v3/ops.js';
import { getRequest } from './get.js';
import { delRequest } from './del.js';
import type { Compare, RequestOp, TxnRequest } from '../../src/proto/gen/etcdserverpb/rpc.js';
import { argify, goPanic } from './argify.js';
import { newDelCommand } from './del.js';
import { newGetCommand } from './get.js';
import { newPutCommand } from './put.js';

const EMPTY: Buffer = Buffer.alloc(0);

/** A Go string (bytes) in an error message. */
function text(b: Buffer): string {
  return b.toString('utf8');
}

function invalidInput(message: string): CliError {
  return new CliError(message, ExitCode.InvalidInput);
}

// ---------------------------------------------------------------------------------------------
// compares

const RESULTS: Record<string, number> = {
  '=': CompareResult.EQUAL,
  '!=': CompareResult.NOT_EQUAL,
  '>': CompareResult.GREATER,
  '<': CompareResult.LESS,
};

function comparePanic(message: string, frames: string[]): CliError {
  return goPanic(message, [...frames, 'go.etcd.io/etcd/etcdctl/ctlv3/command.parseCompare']);
}

/** parseCompare: one compare line (already trimmed). */
export function parseCompare(line: Buffer): Compare {
  const paren = line.indexOf(0x28);
  if (paren < 0) throw invalidInput(`malformed comparison: ${text(line)}`);
  const target = text(line.subarray(0, paren));
  const scan = goSscanf(line.subarray(paren + 1), '%q) %s %q', 3);
  const [key, op, val] = scan.values as [Buffer, Buffer, Buffer];
  if (scan.n !== 3) {
    throw invalidInput(`malformed comparison: ${text(line)}; got ${target}(${goQuote(key)}) ${text(op)} ${goQuote(val)}`);
  }
  const result = RESULTS[text(op)];
  const intCompare = (t: number, $case: 'version' | 'createRevision' | 'modRevision'): Compare => {
    let v: bigint;
    try {
      v = parseGoInt(text(val), 10, 64);
    } catch (e) {
      if (!(e instanceof GoParseError)) throw e;
      throw invalidInput(`invalid txn compare request: ${text(line)}`);
    }
    if (result === undefined) throw comparePanic('Unknown result op', ['go.etcd.io/etcd/clientv3.Compare']);
    const targetUnion = { $case, [$case]: v } as Compare['targetUnion'];
    return { result, target: t, key, targetUnion, rangeEnd: EMPTY };
  };
  switch (target) {
    case 'ver':
    case 'version':
      return intCompare(CompareTarget.VERSION, 'version');
    case 'c':
    case 'create':
      return intCompare(CompareTarget.CREATE, 'createRevision');
    case 'm':
    case 'mod':
      return intCompare(CompareTarget.MOD, 'modRevision');
    case 'val':
    case 'value':
      if (result === undefined) throw comparePanic('Unknown result op', ['go.etcd.io/etcd/clientv3.Compare']);
      return { result, target: CompareTarget.VALUE, key, targetUnion: { $case: 'value', value: val }, rangeEnd: EMPTY };
    case 'lease':
      if (result === undefined) throw comparePanic('Unknown result op', ['go.etcd.io/etcd/clientv3.Compare']);
      // clientv3.Compare(Cmp{Target: LEASE}, op, string) → mustInt64orLeaseID panics
      throw comparePanic('bad value', ['go.etcd.io/etcd/clientv3.mustInt64', 'go.etcd.io/etcd/clientv3.mustInt64orLeaseID', 'go.etcd.io/etcd/clientv3.Compare']);
    default:
      throw invalidInput(`malformed comparison: ${text(line)} (unknown target ${target})`);
  }
}

// ---------------------------------------------------------------------------------------------
// ops: a bare cobra root with put, get and del


/** The op parser's root, as parseRequestUnion builds it (plus cobra's own help command). */
function opRoot(): EtcdctlCommand {
  return defineCommand({
    use: '',
    short: '',
    subcommands: [newPutCommand(), newGetCommand(), newDelCommand(), defineCommand({ use: 'help [command]', short: 'Help about any command' })],
  });
}

/** A string flag's value: flags were parsed from byte strings (latin1), messages want UTF-8. */
function strFlag(flags: RunContext['flags'], name: string): string {
  return Buffer.from(flags.string(name), 'latin1').toString('utf8');
}

function bytes(arg: string): Buffer {
  return Buffer.from(arg, 'latin1');
}

/** getPutOp */
function putOp(args: string[], flags: RunContext['flags']): RequestOp {
  const needs = 'put command needs 1 argument and input from stdin or 2 arguments';
  if (args.length === 0) throw badArgs(needs);
  const ignoreValue = flags.bool('ignore-value');
  if (ignoreValue && args.length > 1) throw badArgs("put command needs only 1 argument when 'ignore-value' is set");
  let value = EMPTY;
  if (!ignoreValue) {
    // the rest of stdin would be read here; the line reader holds it (see the header comment)
    if (args.length < 2) throw badArgs(needs);
    value = bytes(args[1]!);
  }
  let lease: bigint;
  try {
    lease = parseGoInt(strFlag(flags, 'lease'), 16, 64);
  } catch (e) {
    if (!(e instanceof GoParseError)) throw e;
    throw badArgs(`bad lease ID (${e.message}), expecting ID in Hex`);
  }
  return opPut({
    key: bytes(args[0]!),
    value,
    lease,
    prevKv: flags.bool('prev-kv'),
    ignoreValue,
    ignoreLease: flags.bool('ignore-lease'),
  });
}

/** getGetOp, as the get command builds it */
function getOp(args: string[], flags: RunContext['flags']): RequestOp {
  return opGet(getRequest(args.map(bytes), flags, (name) => strFlag(flags, name)));
}

/** getDelOp, as the del command builds it */
function delOp(args: string[], flags: RunContext['flags']): RequestOp {
  return opDelete(delRequest(args.map(bytes), flags));
}

/** pflag's FlagUsages: sorted, aligned, with type names and non-zero defaults. */
export function pflagUsages(flags: Flag[]): string {
  const typeNames: Record<string, string> = { bool: '', string: 'string', int: 'int', int64: 'int', uint64: 'uint', duration: 'duration', stringSlice: 'strings' };
  const zero: Record<string, string[]> = { bool: ['false'], string: [''], int: ['0'], int64: ['0'], uint64: ['0'], duration: ['0', '0s'], stringSlice: ['[]'] };
  const rows = [...flags]
    .sort((a, b) => (a.flagName < b.flagName ? -1 : a.flagName > b.flagName ? 1 : 0))
    .map((f) => {
      let usage = f.description;
      let varname = typeNames[f.kind]!;
      const m = /`([^`]*)`/.exec(usage);
      if (m) {
        varname = m[1]!;
        usage = usage.replace(`\`${m[1]}\``, m[1]!);
      }
      let left = f.shorthand ? `  -${f.shorthand}, --${f.flagName}` : `      --${f.flagName}`;
      if (varname !== '') left += ` ${varname}`;
      const def = defValueString(f.kind, f.defaultTyped);
      if (!zero[f.kind]!.includes(def)) usage += f.kind === 'string' ? ` (default ${goQuote(def)})` : ` (default ${def})`;
      return { left, usage };
    });
  const maxlen = Math.max(...rows.map((r) => r.left.length));
  return rows.map((r) => `${r.left} ${' '.repeat(maxlen - r.left.length)}  ${r.usage}\n`).join('');
}

/** cobra's default UsageString of a verb under the bare root (its command path is empty). */
export function cobraUsage(cmd: EtcdctlCommand): string {
  const flags = [...cmd.localFlags(), new Flag('bool', 'help', 'h', false, `help for ${cmd.name()}`)];
  const useLine = ` ${cmd.use}${cmd.use.includes('[flags]') ? '' : ' [flags]'}`;
  return `Usage:\n  ${useLine}\n\nFlags:\n${pflagUsages(flags).replace(/\s+$/, '')}\n`;
}

/** cobra's default help: Long (or Short), then the usage. */
function cobraHelp(cmd: EtcdctlCommand): string {
  return `${(cmd.long || cmd.short).replace(/\s+$/, '')}\n\n${cobraUsage(cmd)}`;
}

/** parseRequestUnion: one op line (already trimmed). */
export function parseOp(line: Buffer, io: IO): RequestOp {
  const words = argify(line, ['go.etcd.io/etcd/etcdctl/ctlv3/command.parseRequestUnion']);
  if (words.length < 2) throw invalidInput(`invalid txn compare request: ${text(line)}`);
  const invalid = () => invalidInput(`invalid txn request: ${text(line)}`);
  const args = words.map((w) => w.toString('latin1'));
  const root = opRoot();
  const found = findCommand(root, args);
  if (found.error || found.command === root) throw invalid();
  const cmd = found.command;
  if (cmd.name() === 'help') {
    const target = findCommand(root, found.args.filter((a) => !a.startsWith('-')));
    if (!target.error && target.command !== root && target.command.name() !== 'help') io.stdout.write(cobraHelp(target.command));
    throw invalid();
  }
  let parsed;
  try {
    parsed = parseFlags(cmd, found.args);
  } catch (e) {
    if (!(e instanceof GoParseError)) throw e;
    io.stderr.write(cobraUsage(cmd) + '\n');
    throw invalid();
  }
  if (parsed.help) {
    io.stdout.write(cobraHelp(cmd));
    throw invalid();
  }
  const positionals = parsed.positionals;
  switch (cmd.name()) {
    case 'put':
      return putOp(positionals, parsed.flags);
    case 'get':
      return getOp(positionals, parsed.flags);
    default:
      return delOp(positionals, parsed.flags);
  }
}

// ---------------------------------------------------------------------------------------------
// the command

/** readCompares / readOps: lines until an empty one; end of input is `Error: EOF` (exit 3). */
async function readSection<T>(reader: LineReader, parse: (line: Buffer) => T): Promise<T[]> {
  const out: T[] = [];
  for (;;) {
    const raw = await reader.readLine();
    if (raw === undefined) throw invalidInput('EOF');
    const line = goTrimSpace(raw);
    if (line.length === 0) return out;
    out.push(parse(line));
  }
}

/** Reads the three sections (prompting for each with -i) into a TxnRequest. */
export async function readTxn(io: IO, interactive: boolean): Promise<TxnRequest> {
  const reader = new LineReader(io.stdin);
  const prompt = (s: string) => interactive && io.stdout.write(s + '\n');
  prompt('compares:');
  const compare = await readSection(reader, parseCompare);
  prompt('success requests (get, put, del):');
  const success = await readSection(reader, (l) => parseOp(l, io));
  prompt('failure requests (get, put, del):');
  const failure = await readSection(reader, (l) => parseOp(l, io));
  return { compare, success, failure };
}

export async function runTxn(ctx: RunContext<V3Factory>): Promise<void> {
  const { args, flags, io, f } = ctx;
  if (args.length !== 0) throw badArgs('txn command does not accept argument');
  // etcdctl makes the client (and checks -w) before it reads stdin
  const client = await f.client();
  const req = await readTxn(io, flags.bool('interactive'));
  const resp = await orExitError(client.txn(req));
  (await f.printer()).txn(resp);
}

export function newTxnCommand() {
  return defineCommand<V3Factory>({
    use: 'txn [options]',
    short: 'Txn processes all the requests in one transaction',
    flags: [
      flag.bool('interactive', false, 'Input transaction in interactive mode', 'i'),
    ],
    run: runTxn,
  });
}
