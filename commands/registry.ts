// The command registry of both API sets: every command's name in etcdctl's own order, the one
// list from which the rest is derived. v3: ctlv3.go's AddCommand order (cobra's suggestions keep
// it; help lists commands sorted; `help` is cobra's own, added at execution). v2: ctlv2.go's
// app.Commands order (urfave's help keeps it). Each set's index binds these names to their
// constructors with a Record over the names, so a name without a command or a command without a
// name does not compile; test/unit/commands/registry.test.ts checks that every command file is
// bound. Names only here: a set can name the other set's commands (for the "is an API v2/v3
// command" hint) without loading them.
export const V3_COMMAND_NAMES = [
  'get', 'put', 'del', 'txn', 'compaction', 'alarm', 'defrag', 'endpoint', 'move-leader', 'watch',
  'version', 'lease', 'member', 'snapshot', 'make-mirror', 'migrate', 'lock', 'elect', 'auth', 'user',
  'role', 'check', 'help', 'completion',
] as const;

export const V2_COMMAND_NAMES = [
  'backup', 'cluster-health', 'mk', 'mkdir', 'rm', 'rmdir', 'get', 'ls', 'set', 'setdir', 'update',
  'updatedir', 'watch', 'exec-watch', 'member', 'user', 'role', 'auth',
] as const;

export type V3CommandName = Exclude<(typeof V3_COMMAND_NAMES)[number], 'help'>;
export type V2CommandName = (typeof V2_COMMAND_NAMES)[number];

/** Commands of the v2 set only: a v3 command line naming one gets a one-line hint. */
export const V2_ONLY_COMMANDS: readonly string[] = V2_COMMAND_NAMES.filter((n) => !(V3_COMMAND_NAMES as readonly string[]).includes(n));

/** Commands of the v3 set only: a v2 command line naming one gets a one-line hint. */
export const V3_ONLY_COMMANDS: readonly string[] = V3_COMMAND_NAMES.filter((n) => n !== 'help' && !(V2_COMMAND_NAMES as readonly string[]).includes(n));
