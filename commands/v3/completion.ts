// etcdctl completion bash|fish|powershell|zsh (added by the cobra of Debian's etcdctl build).
import { defineCommand } from '../../src/cli/command.js';
import { flag } from '../../src/cli/flags.js';
import type { V3Factory } from '../../src/cli/factory-v3.js';
import { notImplemented } from './not-implemented.js';

export function newCompletionCommand() {
  return defineCommand<V3Factory>({
    use: 'completion',
    short: 'Generate the autocompletion script for the specified shell',
    long: `Generate the autocompletion script for etcdctl for the specified shell.
See each sub-command's help for details on how to use the generated script.`,
    subcommands: [
      defineCommand<V3Factory>({
        use: 'bash',
        short: 'Generate the autocompletion script for bash',
        long: `Generate the autocompletion script for the bash shell.

This script depends on the 'bash-completion' package.
If it is not installed already, you can install it via your OS's package manager.

To load completions in your current shell session:

	source <(etcdctl completion bash)

To load completions for every new session, execute once:

#### Linux:

	etcdctl completion bash > /etc/bash_completion.d/etcdctl

#### macOS:

	etcdctl completion bash > $(brew --prefix)/etc/bash_completion.d/etcdctl

You will need to start a new shell for this setup to take effect.`,
        flags: [flag.bool('no-descriptions', false, 'disable completion descriptions')],
        disableFlagsInUseLine: true,
        run: notImplemented('completion bash'),
      }),
      defineCommand<V3Factory>({
        use: 'fish',
        short: 'Generate the autocompletion script for fish',
        long: `Generate the autocompletion script for the fish shell.

To load completions in your current shell session:

	etcdctl completion fish | source

To load completions for every new session, execute once:

	etcdctl completion fish > ~/.config/fish/completions/etcdctl.fish

You will need to start a new shell for this setup to take effect.`,
        flags: [flag.bool('no-descriptions', false, 'disable completion descriptions')],
        run: notImplemented('completion fish'),
      }),
      defineCommand<V3Factory>({
        use: 'powershell',
        short: 'Generate the autocompletion script for powershell',
        long: `Generate the autocompletion script for powershell.

To load completions in your current shell session:

	etcdctl completion powershell | Out-String | Invoke-Expression

To load completions for every new session, add the output of the above command
to your powershell profile.`,
        flags: [flag.bool('no-descriptions', false, 'disable completion descriptions')],
        run: notImplemented('completion powershell'),
      }),
      defineCommand<V3Factory>({
        use: 'zsh',
        short: 'Generate the autocompletion script for zsh',
        long: `Generate the autocompletion script for the zsh shell.

If shell completion is not already enabled in your environment you will need
to enable it.  You can execute the following once:

	echo "autoload -U compinit; compinit" >> ~/.zshrc

To load completions in your current shell session:

	source <(etcdctl completion zsh); compdef _etcdctl etcdctl

To load completions for every new session, execute once:

#### Linux:

	etcdctl completion zsh > "\${fpath[1]}/_etcdctl"

#### macOS:

	etcdctl completion zsh > $(brew --prefix)/share/zsh/site-functions/_etcdctl

You will need to start a new shell for this setup to take effect.`,
        flags: [flag.bool('no-descriptions', false, 'disable completion descriptions')],
        run: notImplemented('completion zsh'),
      }),
    ],
  });
}
