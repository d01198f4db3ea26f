#!/usr/bin/env bash
# Starts a throwaway etcd 3.4 on 127.0.0.1:2379 (v2 API enabled, data in a temp dir), runs the
# tutorial's commands with this project's etcdctl, and stops etcd again.
# Usage: npm run demo     (needs etcd: apt-get install -y etcd-server)
set -euo pipefail
cd "$(dirname "$0")/.."

command -v etcd >/dev/null || { echo "etcd not found: apt-get install -y etcd-server" >&2; exit 1; }
[ -f dist/etcdctl.cjs ] && [ -f dist/etcdutl.cjs ] || node scripts/build.mjs

if (exec 3<>/dev/tcp/127.0.0.1/2379) 2>/dev/null; then
  echo "something already listens on 127.0.0.1:2379; stop it first (this demo starts its own etcd)" >&2
  exit 1
fi

data=$(mktemp -d)
etcd --name demo --data-dir "$data" --enable-v2 \
  --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
  --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
  --initial-cluster demo=http://127.0.0.1:2380 --logger zap --log-level error >"$data.log" 2>&1 &
etcd_pid=$!
trap 'kill $etcd_pid 2>/dev/null; wait $etcd_pid 2>/dev/null || true; rm -rf "$data" "$data.log" "$data.db" "$data.restored" "$data.backup" "$data.utl-restored"' EXIT
for _ in $(seq 100); do
  node -e "fetch('http://127.0.0.1:2379/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))" && break
  sleep 0.1
done

etcdctl() { ./bin/etcdctl "$@"; }
etcdutl() { ./bin/etcdutl "$@"; }
run() {
  printf '\n$'
  printf ' %q' "$@"
  printf '\n'
  "$@" || echo "(exit status $?)"
}

echo "== API v3 (export ETCDCTL_API=3)"
export ETCDCTL_API=3
run etcdctl version
run etcdctl put key1 value1
run etcdctl get key1
run etcdctl put /registry/pods/default/web '{"kind":"Pod"}'
run etcdctl put /registry/deployments/default/web '{"kind":"Deployment"}'
run etcdctl get / --prefix --keys-only
run etcdctl endpoint health
run etcdctl endpoint status -w table
run etcdctl snapshot save "$data.db"
run etcdctl snapshot status "$data.db" -w table
run etcdctl snapshot restore "$data.db" --data-dir "$data.restored"

echo
echo "== etcdutl: the offline commands as etcd 3.5 ships them"
run etcdutl version
run etcdutl snapshot status "$data.db" -w table
run etcdutl snapshot restore "$data.db" --data-dir "$data.utl-restored"
run find "$data.utl-restored" -type f

echo
echo "== API v2 (ETCDCTL_API unset)"
unset ETCDCTL_API
run etcdctl --version
run etcdctl set /message hello
run etcdctl mk /greeting hi
run etcdctl mkdir /dir
run etcdctl ls / --sort
run etcdctl get /message
run etcdctl cluster-health
# offline: a copy of the member's data dir that a new etcd can start from (--force-new-cluster)
run etcdctl backup --data-dir "$data" --backup-dir "$data.backup"
run find "$data.backup" -type f
