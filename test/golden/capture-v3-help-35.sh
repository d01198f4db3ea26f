#!/usr/bin/env bash
# Adds what etcdctl 3.5.16 added to the help of the commands etcdctl 3.4.23 has (run after
# capture-v3-help.sh): a line of 3.5.16's help that is an OPTIONS flag line or a COMMANDS line and
# is not in 3.4.23's help is inserted where 3.5.16 prints it (flags and commands are sorted, so
# 3.4.23's other lines keep their text). Commands new in 3.5 (auth status) get 3.5.16's help whole.
# The 3.5.16 etcdctl comes from scripts/oracle-3.5.sh (ETCD35_DIR).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
E35="${ETCD35_DIR:-$(bash "$here/../../scripts/oracle-3.5.sh")}/etcdctl"
cd "$here/v3/help"
patch_one() { # <golden file> <command words...>
  local file=$1; shift
  python3 - "$file" <("$E35" "$@" --help) <<'PY'
import sys
golden, new = sys.argv[1], sys.argv[2]
old = open(golden).read().split('\n')
add = open(new).read().split('\n')
def entries(lines):
    """(section, name, line) of OPTIONS flag lines and COMMANDS lines"""
    out, sec = [], ''
    for l in lines:
        if l.endswith(':') and not l.startswith((' ', '\t')):
            sec = l
        elif sec == 'OPTIONS:' and l.startswith('  '):
            out.append((sec, l.split('=')[0].split('[')[0].strip(), l))
        elif sec == 'COMMANDS:' and l.startswith('\t'):
            out.append((sec, l.strip().split('\t')[0], l))
    return out
have = {(s, n) for s, n, _ in entries(old)}
new_entries = entries(add)
res = list(old)
for i, (sec, name, line) in enumerate(new_entries):
    if (sec, name) in have:
        continue
    # before the next entry of the same section that 3.4.23 has; else after its last entry
    after = [l for s, n, l in new_entries[i + 1:] if s == sec and (s, n) in have]
    if after:
        res.insert(res.index(after[0]), line)
    else:
        last = [l for s, n, l in entries(res) if s == sec][-1]
        res.insert(res.index(last) + 1, line)
open(golden, 'w').write('\n'.join(res))
PY
}
patch_one get.txt get
patch_one del.txt del
patch_one watch.txt watch
patch_one make-mirror.txt make-mirror
patch_one snapshot_restore.txt snapshot restore
patch_one auth.txt auth
patch_one etcdctl.txt
"$E35" auth status --help > auth_status.txt
