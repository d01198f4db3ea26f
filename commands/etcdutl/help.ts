// cobra's `help [command]` as etcdutl has it: the command's usage on stdout; an unknown topic is
// named on stderr, followed by the root's usage (without the -h line cobra has not added yet).
import { EtcdctlCommand } from '../../src/cli/v3/command.js';
import { findCommand } from '../../src/cli/v3/cobra.js';
import { cobraUsage } from '../../src/etcdutl/usage.js';

export function newHelpCommand(root: () => EtcdctlCommand): EtcdctlCommand {
  const cmd = new EtcdctlCommand('help');
  cmd.use = 'help [command]';
  cmd.short = 'Help about any command';
  cmd.long = 'Help provides help for any command in the application.\nSimply type etcdutl help [path to command] for full details.';
  cmd.run = (ctx) => {
    const r = root();
    const found = findCommand(r, ctx.args);
    if (found.error) {
      ctx.io.stderr.write(`Unknown help topic [${ctx.args.map((a) => '`' + a + '`').join(' ')}]\n`);
      ctx.io.stderr.write(cobraUsage(r, false));
      return;
    }
    ctx.io.stdout.write(cobraUsage(found.command));
  };
  return cmd;
}
