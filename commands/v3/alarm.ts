// etcdctl alarm disarm | list
//
// `list` asks for every alarm of every member (GET, memberID 0, alarm NONE). `disarm` is clientv3's
// AlarmDisarm with an empty AlarmMember: it lists the alarms, deactivates each one, and prints the
// alarms the deactivations returned, in a response built on the client that has no header.
//
// Output formats (printer): simple prints AlarmMember's text form with its trailing space, json
// omits the absent header (`{}` when nothing is raised), protobuf marshals the response, table
// exits 4. fields dereferences the missing header: etcdctl 3.4.23 panics there (exit 2, after a
// disarm already took effect), and so do we, with the first lines of Go's panic on stderr
// (decided: byte-compatible exit code and message rather than inventing a fields layout that no
// etcdctl prints; scripts that test for exit 0 see the same failure).
import { defineCommand, type RunContext } from '../../src/cli/v3/command.js';
import { badArgs, orExitError } from '../../src/cli/core/errors.js';
import type { V3Factory } from '../../src/cli/v3/factory.js';
import type { AlarmMember, AlarmResponse } from '../../src/proto/gen/etcdserverpb/rpc.js';

// etcdserverpb.AlarmRequest.AlarmAction
const GET = 0;
const DEACTIVATE = 2;

function noArgs(ctx: RunContext, name: string): void {
  if (ctx.args.length !== 0) throw badArgs(`alarm ${name} command accepts no arguments`);
}

export async function runAlarmList(f: V3Factory): Promise<void> {
  const client = await f.client();
  const resp: AlarmResponse = await orExitError(client.alarm({ action: GET, memberID: 0n, alarm: 0 }, { deadline: f.commandDeadline() }));
  (await f.printer()).alarm(resp);
}

export async function runAlarmDisarm(f: V3Factory): Promise<void> {
  const client = await f.client();
  const deadline = f.commandDeadline();
  const disarmed: AlarmMember[] = [];
  await orExitError(async () => {
    const list = await client.alarm({ action: GET, memberID: 0n, alarm: 0 }, { deadline });
    for (const a of list.alarms) {
      const resp = await client.alarm({ action: DEACTIVATE, memberID: a.memberID, alarm: a.alarm }, { deadline });
      disarmed.push(...resp.alarms);
    }
  });
  (await f.printer()).alarm({ header: undefined, alarms: disarmed });
}

export function newAlarmCommand() {
  return defineCommand<V3Factory>({
    use: 'alarm <subcommand>',
    short: 'Alarm related commands',
    subcommands: [
      defineCommand<V3Factory>({
        use: 'disarm',
        short: 'Disarms all alarms',
        run: (ctx) => {
          noArgs(ctx, 'disarm');
          return runAlarmDisarm(ctx.f);
        },
      }),
      defineCommand<V3Factory>({
        use: 'list',
        short: 'Lists all alarms',
        run: (ctx) => {
          noArgs(ctx, 'list');
          return runAlarmList(ctx.f);
        },
      }),
    ],
  });
}
