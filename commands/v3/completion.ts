// etcdctl completion bash|fish|powershell|zsh (added by the cobra of Debian's etcdctl build).
//
// Each script asks the program itself for candidates: `etcdctl __complete <words...> <current
// word>` (see complete.ts for the protocol; `__completeNoDesc` with --no-descriptions). The
// scripts are ours, built on the same protocol and directives as cobra's, so they also work with
// Debian's etcdctl and vice versa. Differences from cobra's: the bash script does not need the
// bash-completion package (it splits the line itself, keeping `--flag=value` words whole). The
// request runs with the user's ETCDCTL_API, so with it unset the v2 commands (what would run) are
// completed (commands/v2/complete.ts answers the same protocol).
import { defineCommand, type RunContext } from '../../src/cli/v3/command.js';
import { CliError } from '../../src/cli/core/errors.js';
import { ExitCode } from '../../src/cli/core/exit-codes.js';
import { usageText } from '../../src/cli/v3/usage.js';
import { flag } from '../../src/cli/v3/flags.js';
import type { V3Factory } from '../../src/cli/v3/factory.js';
import { goQuote } from '../../src/format/go-quote.js';

/** The request word: `__complete`, or `__completeNoDesc` with --no-descriptions. */
function request(ctx: RunContext): string {
  return ctx.flags.bool('no-descriptions') ? '__completeNoDesc' : '__complete';
}

/** Prints the script; like cobra's NoArgs, any argument is an unknown command (usage, exit 1). */
function printScript(ctx: RunContext, script: (prog: string, req: string) => string): void {
  if (ctx.args.length > 0) {
    const msg = `unknown command ${goQuote(ctx.args[0]!)} for ${goQuote(ctx.command.commandPath)}`;
    throw new CliError(msg, ExitCode.Error, `Error: ${msg}\n\nError: ${msg}\n`, usageText(ctx.command));
  }
  ctx.io.stdout.write(script('etcdctl', request(ctx)));
}

export function bashScript(prog: string, req: string): string {
  const fn = `__${prog.replace(/[^A-Za-z0-9_]/g, '_')}`;
  return `# bash completion for ${prog}                                 -*- shell-script -*-
#
# Load it with:  source <(${prog} completion bash)
# Candidates come from \`${prog} ${req} <words...> <current word>\`: one per line
# ("word<TAB>description"), then ":<directive>" (1 error, 2 no space, 4 no file completion,
# 8 file extensions, 16 directories).

${fn}_debug() {
    if [[ -n \${BASH_COMP_DEBUG_FILE:-} ]]; then
        printf '%s\\n' "$*" >> "\${BASH_COMP_DEBUG_FILE}"
    fi
}

# The words up to the cursor, split on blanks only, so that "--flag=value" stays one word.
${fn}_words() {
    local line=\${COMP_LINE:0:COMP_POINT}
    read -ra words <<< "$line"
    if [[ -z $line || $line == *[[:blank:]] ]]; then
        cur=""
    else
        cur=\${words[\${#words[@]}-1]}
        unset 'words[\${#words[@]}-1]'
    fi
}

# Asks the program; sets \`candidates\` (an array) and \`directive\`.
${fn}_request() {
    local out line
    ${fn}_debug "request: \${words[*]} [\${cur}]"
    out=$("\${words[0]}" ${req} "\${words[@]:1}" "$cur" 2>/dev/null)
    directive=0
    candidates=()
    while IFS='' read -r line; do
        if [[ $line == :* ]]; then
            directive=\${line#:}
        elif [[ -n $line ]]; then
            candidates+=("$line")
        fi
    done <<< "$out"
    [[ $directive =~ ^[0-9]+$ ]] || directive=0
    ${fn}_debug "directive \${directive}, \${#candidates[@]} candidates"
}

# "word  (description)" lines, aligned, fitted to the terminal width.
${fn}_describe() {
    local tab=$'\\t' i word desc width=0 room
    for i in "\${!COMPREPLY[@]}"; do
        word=\${COMPREPLY[i]%%"$tab"*}
        (( \${#word} > width )) && width=\${#word}
    done
    for i in "\${!COMPREPLY[@]}"; do
        word=\${COMPREPLY[i]%%"$tab"*}
        [[ \${COMPREPLY[i]} == *"$tab"* ]] || continue
        desc=\${COMPREPLY[i]#*"$tab"}
        room=$(( \${COLUMNS:-80} - width - 4 ))
        if (( room > 8 )); then
            printf -v word '%-*s' "$width" "$word"
        else
            room=$(( \${COLUMNS:-80} - \${#word} - 4 ))
        fi
        if (( room > 0 )); then
            (( \${#desc} > room )) && desc="\${desc:0:room-1}…"
            word+="  ($desc)"
        fi
        COMPREPLY[i]=$word
    done
}

${fn}_complete() {
    local cur directive
    local -a words candidates
    COMPREPLY=()
    ${fn}_words
    ${fn}_request

    (( directive & 1 )) && return
    if [[ $(type -t compopt) == builtin ]]; then
        (( directive & 2 )) && compopt -o nospace
        (( directive & 4 )) && compopt +o default
    fi

    # a value after "--flag=": bash completes the part after the last word break
    local value=$cur
    if [[ $cur == -*=* ]]; then
        value=\${cur#*=}
    fi

    local tab=$'\\t' c word
    if (( directive & 8 )); then
        local ext
        for ext in "\${candidates[@]}"; do
            while IFS='' read -r word; do COMPREPLY+=("$word"); done < <(compgen -f -X "!*.\${ext}" -- "$value"; compgen -d -- "$value")
        done
        return
    elif (( directive & 16 )); then
        if [[ -n \${candidates[0]:-} ]]; then
            while IFS='' read -r word; do COMPREPLY+=("\${word#"\${candidates[0]}"/}"); done < <(compgen -d -- "\${candidates[0]}/$value")
        else
            while IFS='' read -r word; do COMPREPLY+=("$word"); done < <(compgen -d -- "$value")
        fi
        return
    fi

    for c in "\${candidates[@]}"; do
        word=\${c%%"$tab"*}
        [[ $word == "$value"* ]] && COMPREPLY+=("$c")
    done
    if (( \${#COMPREPLY[@]} == 1 )); then
        COMPREPLY[0]=\${COMPREPLY[0]%%"$tab"*}
    elif (( \${#COMPREPLY[@]} > 1 )); then
        ${fn}_describe
    fi
}

if [[ $(type -t compopt) == builtin ]]; then
    complete -o default -F ${fn}_complete ${prog}
else
    complete -o default -o nospace -F ${fn}_complete ${prog}
fi
`;
}

export function zshScript(prog: string, req: string): string {
  const fn = `_${prog.replace(/[^A-Za-z0-9_]/g, '_')}`;
  return `#compdef ${prog}
# zsh completion for ${prog}                                  -*- shell-script -*-
#
# Candidates come from \`${prog} ${req} <words...> <current word>\` (see \`${prog} completion bash\`).

${fn}() {
    local out line directive=0 noSpace=()
    local -a candidates lines
    out=$(\${words[1]} ${req} "\${(@)words[2,CURRENT]}" 2>/dev/null)
    lines=("\${(@f)out}")
    for line in "\${lines[@]}"; do
        if [[ $line == :* ]]; then
            directive=\${line#:}
        elif [[ -n $line ]]; then
            # _describe wants "word:description", with ":" in the word escaped
            local word=\${line%%$'\\t'*} desc=""
            [[ $line == *$'\\t'* ]] && desc=\${line#*$'\\t'}
            candidates+=("\${word//:/\\\\:}\${desc:+:$desc}")
        fi
    done
    (( directive & 1 )) && return 1
    (( directive & 2 )) && noSpace=(-S '')
    if (( directive & 8 )); then
        local ext globs=""
        for ext in \${candidates[@]%%:*}; do globs+="*.\${ext} "; done
        _files -g "\${globs% }"
        return
    elif (( directive & 16 )); then
        if [[ -n \${candidates[1]:-} ]]; then
            _files -W "\${candidates[1]%%:*}" -/
        else
            _files -/
        fi
        return
    fi
    if (( \${#candidates} > 0 )); then
        local prefix=""
        # completing "--flag=value": offer values after the "="
        if [[ $PREFIX == -*=* ]]; then
            prefix=\${PREFIX%%=*}=
            compset -P '*='
        fi
        _describe -t completions 'completions' candidates \${noSpace[@]}
    elif (( ! (directive & 4) )); then
        _files
    fi
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    ${fn} "$@"
else
    compdef ${fn} ${prog}
fi
`;
}

export function fishScript(prog: string, req: string): string {
  const fn = `__${prog.replace(/[^A-Za-z0-9_]/g, '_')}`;
  return `# fish completion for ${prog}                                -*- shell-script -*-
#
# Candidates come from \`${prog} ${req} <words...> <current word>\` (see \`${prog} completion bash\`).

function ${fn}_request
    set -l words (commandline -opc)
    set -l current (commandline -ct)
    $words[1] ${req} $words[2..-1] $current 2>/dev/null
end

function ${fn}_candidates
    set -l out (${fn}_request)
    set -l directive 0
    if string match -q -r '^:[0-9]+$' -- $out[-1]
        set directive (string sub -s 2 -- $out[-1])
        set -e out[-1]
    end
    if test (math "bitand($directive, 1)") -ne 0
        return
    end
    if test (count $out) -gt 0
        printf '%s\\n' $out
    else if test (math "bitand($directive, 4)") -eq 0
        __fish_complete_path (commandline -ct)
    end
end

complete -c ${prog} -e
complete -c ${prog} -f -a '(${fn}_candidates)'
`;
}

export function powershellScript(prog: string, req: string): string {
  return `# powershell completion for ${prog}                          -*- shell-script -*-
#
# Candidates come from \`${prog} ${req} <words...> <current word>\` (see \`${prog} completion bash\`).

Register-ArgumentCompleter -CommandName '${prog}' -ScriptBlock {
    param($WordToComplete, $CommandAst, $CursorPosition)

    # the words before the cursor, without the one being completed
    $line = "$CommandAst"
    if ($line.Length -gt $CursorPosition) { $line = $line.Substring(0, $CursorPosition) }
    $words = @($line.Trim() -split '\\s+')
    $program = $words[0]
    $words = @($words | Select-Object -Skip 1)
    if ($WordToComplete -ne '' -and $words.Count -gt 0) { $words = @($words | Select-Object -SkipLast 1) }

    $out = @(& $program ${req} @words "$WordToComplete" 2>$null)

    $directive = 0
    if ($out.Count -gt 0 -and $out[-1] -match '^:(\\d+)$') {
        $directive = [int]$Matches[1]
        $out = @($out | Select-Object -SkipLast 1)
    }
    if (($directive -band 1) -ne 0) { return }
    $noSpace = ($directive -band 2) -ne 0

    foreach ($candidate in $out) {
        if ($candidate -eq '') { continue }
        $parts = $candidate -split "\`t", 2
        $name = $parts[0]
        $description = if ($parts.Count -gt 1 -and $parts[1] -ne '') { $parts[1] } else { $name }
        if (-not $name.StartsWith($WordToComplete)) { continue }
        $text = if ($noSpace) { $name } else { "$name " }
        [System.Management.Automation.CompletionResult]::new($text, $name, 'ParameterValue', $description)
    }
}
`;
}

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
        run: (ctx) => printScript(ctx, bashScript),
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
        run: (ctx) => printScript(ctx, fishScript),
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
        run: (ctx) => printScript(ctx, powershellScript),
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
        run: (ctx) => printScript(ctx, zshScript),
      }),
    ],
  });
}
