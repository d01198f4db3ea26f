#!/usr/bin/env bash
# Captures the golden printer output of Debian's etcdctl 3.4.23 (the specification) for
# test/unit/printer/*.test.ts: for each output format, a fresh single-member etcd 3.4.23 gets the
# same sequence of commands, so headers and revisions are identical across formats (lease ids,
# added member ids and durations are not). Each printed command `NAME: etcdctl ARGS -w FORMAT`
# leaves FORMAT/NAME.out (stdout bytes), FORMAT/NAME.err (stderr, if any) and FORMAT/NAME.code
# (exit code, if not 0). The commands are listed in FORMAT/commands.txt.
#
# The cluster token golden-5304 was picked (sha1 of peer URL + token, etcd's member id) so that the
# member id and the cluster id have 15 hex digits and the member's lease ids start with a zero
# nibble: %x, %16x (space-padded) and %016x (zero-padded) all show.
#
# Run from anywhere: test/unit/printer/golden/capture.sh  (uses ports 21379-21382). FORMATS="protobuf"
# (a space-separated subset) recaptures only those formats' directories.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ETCD=${ETCD_BIN:-/usr/bin/etcd}
CTL=${REAL_ETCDCTL:-/usr/bin/etcdctl}
EP=127.0.0.1:21379
export ETCDCTL_API=3

ctl() { "$CTL" --endpoints=$EP "$@"; }

start_etcd() { # name client peer cluster state datadir
  "$ETCD" --name "$1" --data-dir "$6" --listen-client-urls "http://127.0.0.1:$2" --advertise-client-urls "http://127.0.0.1:$2" \
    --listen-peer-urls "http://127.0.0.1:$3" --initial-advertise-peer-urls "http://127.0.0.1:$3" \
    --initial-cluster "$4" --initial-cluster-state "$5" --initial-cluster-token golden-5304 \
    --quota-backend-bytes 4000000 --log-level error --logger zap >"$6.log" 2>&1 &
  echo $!
}

wait_ready() {
  for _ in $(seq 1 100); do ctl endpoint health >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "etcd did not start" >&2; exit 1
}

# cap NAME [--stdin FILE] ARGS...: runs etcdctl ARGS -w $FMT and records the result.
cap() {
  local name=$1; shift
  local input=/dev/null
  if [ "$1" = --stdin ]; then input=$2; shift 2; fi
  local dir="$HERE/$FMT"
  "$CTL" --endpoints=$EP "$@" -w "$FMT" <"$input" >"$dir/$name.out" 2>"$dir/$name.err"
  local code=$?
  [ -s "$dir/$name.err" ] || rm -f "$dir/$name.err"
  if [ $code -ne 0 ]; then echo $code >"$dir/$name.code"; else rm -f "$dir/$name.code"; fi
  printf '%s: etcdctl %s -w %s\n' "$name" "$*" "$FMT" >>"$dir/commands.txt"
}

# The response a read-only command printed, captured again right after in a form the tests can
# decode: FORMAT/NAME.in.pb (-w protobuf) or FORMAT/NAME.in.json (for responses protobuf cannot print).
# The protobuf run always records -w json: its test must not rebuild the response from the very
# bytes it compares (json carries every field the protobuf output has).
cap_in() { # name pb|json args...
  local name=$1 kind=$2; shift 2
  [ "$FMT" = protobuf ] && kind=json
  local w=protobuf; [ "$kind" = json ] && w=json
  "$CTL" --endpoints=$EP "$@" -w $w >"$HERE/$FMT/$name.in.$kind" 2>/dev/null
}

# A background watch printing one response: starts, waits for `action` to run, stops.
cap_watch() { # name action args...
  local name=$1 action=$2; shift 2
  local dir="$HERE/$FMT"
  "$CTL" --endpoints=$EP watch "$@" -w "$FMT" >"$dir/$name.out" 2>"$dir/$name.err" &
  local pid=$!
  sleep 0.7
  eval "$action" >/dev/null
  sleep 0.7
  kill $pid 2>/dev/null; wait $pid 2>/dev/null
  local code=$?
  [ -s "$dir/$name.err" ] || rm -f "$dir/$name.err"
  if [ $code -ne 143 ] && [ $code -ne 0 ]; then echo $code >"$dir/$name.code"; fi
  printf '%s: etcdctl watch %s -w %s  (then: %s)\n' "$name" "$*" "$FMT" "$action" >>"$dir/commands.txt"
}

for FMT in ${FORMATS:-simple json fields table protobuf}; do
  WORK=$(mktemp -d)
  rm -rf "${HERE:?}/$FMT"; mkdir -p "$HERE/$FMT"
  PID=$(start_etcd default 21379 21380 default=http://127.0.0.1:21380 new "$WORK/d1")
  wait_ready

  # Keys: binary, invalid UTF-8, control characters, quotes, a leading '-', non-ASCII (printable and
  # not: NBSP, zero-width space, line separator, a rune newer than Go 1.19's Unicode 13), HTML.
  cat >"$WORK/setup.txn" <<'EOF'

put "bin\x00\x01\xff\xfe" "\x00v\x7f"
put "ctl\t\n\r\a\b\f\v\\\"q" "quote\"s"
put "uni\u00e9\u043a\u00a0\u200b\u2028\u0301\U0001fae0\U0001f600" "\u65e5\u672c"
put "html<&>" "<b>&amp;</b>"
put "invalid\xc3\x28\xed\xa0\x80\xf4\x90\x80\x80" "\xe2\x82"


EOF
  ctl txn <"$WORK/setup.txn" >/dev/null
  ctl put -- -dash "-v" >/dev/null
  ctl put empty "" >/dev/null
  ctl put foo bar >/dev/null
  ctl put foo bar1 >/dev/null

  # KV
  cap get_all get "" --prefix
  cap_in get_all pb get "" --prefix
  cap get_keys_only get "" --prefix --keys-only
  cap_in get_keys_only pb get "" --prefix --keys-only
  cap get_none get nothing
  cap_in get_none pb get nothing
  cap get_limit get "" --prefix --limit 2 --sort-by=KEY --order=DESCEND
  cap_in get_limit pb get "" --prefix --limit 2 --sort-by=KEY --order=DESCEND
  cap get_hex get foo --hex
  cap_in get_hex pb get foo
  cap get_hex_all get "" --prefix --hex
  cap_in get_hex_all pb get "" --prefix
  cap get_value_only get foo --print-value-only
  cap_in get_value_only pb get foo
  cap put put foo bar2
  cap put_prev put foo bar3 --prev-kv
  cap put_prev_empty put empty "x" --prev-kv
  cat >"$WORK/txn1" <<'EOF'
value("foo") = "bar3"

put foo bar4 --prev-kv
put "bin\x00\x01\xff\xfe" "new" --prev-kv
get foo
get nothing
del html<&> --prev-kv

put never x

EOF
  cap txn_success --stdin "$WORK/txn1" txn
  printf 'value("foo") = "zzz"\n\nput never x\n\nget foo --keys-only\nput foo bar5\n\n' >"$WORK/txn2"
  cap txn_failure --stdin "$WORK/txn2" txn
  cap del_prev del foo --prev-kv
  cap del_none del nothing
  ctl put w1 old >/dev/null
  cap_watch watch_put 'ctl put w1 new' w1 --prev-kv
  cap_watch watch_delete 'ctl del w1' w1

  # Leases: a fixed-TTL lease with two keys, and one revoked for "already expired".
  LEASE=$(ctl lease grant 300 | awk '{print $2}')
  ctl put lk1 v --lease="$LEASE" >/dev/null
  ctl put lk2 v --lease="$LEASE" >/dev/null
  echo "$LEASE" >"$HERE/$FMT/lease_id.txt"
  cap lease_grant lease grant 100
  cap lease_timetolive lease timetolive "$LEASE"
  cap lease_timetolive_keys lease timetolive "$LEASE" --keys
  cap lease_keepalive lease keep-alive --once "$LEASE"
  cap lease_list lease list
  GONE=$(ctl lease grant 50 | awk '{print $2}')
  echo "$GONE" >"$HERE/$FMT/lease_gone_id.txt"
  cap lease_revoke lease revoke "$GONE"
  cap lease_timetolive_expired lease timetolive "$GONE"

  # Auth: roles with every kind of permission, users.
  cap role_add role add r1
  ctl role grant-permission r1 read /a /b >/dev/null
  ctl role grant-permission r1 readwrite --prefix /p >/dev/null
  ctl role grant-permission r1 write "" --from-key >/dev/null
  ctl role grant-permission r1 readwrite foo >/dev/null
  ctl role grant-permission r1 write /z --from-key >/dev/null
  cap role_grant role grant-permission r1 read k1
  cap role_get role get r1
  cap_in role_get pb role get r1
  ctl role add r0 >/dev/null
  cap role_list role list
  cap_in role_list pb role list
  cap role_revoke_key role revoke-permission r1 k1
  cap role_revoke_range role revoke-permission r1 /a /b
  cap role_revoke_from role revoke-permission r1 /z --from-key
  cap role_delete role delete r0
  cap user_add user add u1 --new-user-password=pw
  cap user_grant user grant-role u1 r1
  cap user_get user get u1
  cap_in user_get pb user get u1
  ctl user add u0 --new-user-password=pw >/dev/null
  cap user_list user list
  cap_in user_list pb user list
  echo pw2 >"$WORK/pw"
  cap user_passwd --stdin "$WORK/pw" user passwd u1 --interactive=false
  cap user_revoke user revoke-role u1 r1
  cap user_delete user delete u0

  # Cluster and maintenance.
  cap member_list member list
  cap_in member_list pb member list
  cap endpoint_status endpoint status
  cap_in endpoint_status json endpoint status
  cap endpoint_hashkv endpoint hashkv
  cap_in endpoint_hashkv json endpoint hashkv
  cap endpoint_health endpoint health
  cap endpoint_status_dead endpoint status --endpoints=$EP,127.0.0.1:21999 --command-timeout=1s
  cap_in endpoint_status_dead json endpoint status --endpoints=$EP,127.0.0.1:21999 --command-timeout=1s
  cap endpoint_health_dead endpoint health --endpoints=$EP,127.0.0.1:21999 --command-timeout=1s
  MEMBER=$(ctl member list | awk -F, '{print $1}')
  cap move_leader move-leader "$MEMBER"
  cap alarm_list_none alarm list
  cap_in alarm_list_none pb alarm list
  ctl snapshot save "$WORK/snap.db" >/dev/null 2>&1
  cap snapshot_status snapshot status "$WORK/snap.db"
  cap_in snapshot_status json snapshot status "$WORK/snap.db"
  cap compaction compaction 3
  cap_watch watch_compacted 'true' foo --rev 2

  # Learner: add, start it, promote (non-simple formats panic after promoting), update (3.4's
  # update would also turn a learner into a voter), remove (needs m2 connected for 5 s).
  cap member_add member add m2 --learner --peer-urls=http://127.0.0.1:21382
  # The member changes' responses differ per run (the learner's id): the protobuf run records the
  # member list right after each as its input (header and members are the change's response's).
  [ "$FMT" = protobuf ] && cap_in member_add json member list
  NEW=$(ctl member list | awk -F', ' '$2=="unstarted" {print $1}')
  PID2=$(start_etcd m2 21381 21382 default=http://127.0.0.1:21380,m2=http://127.0.0.1:21382 existing "$WORK/d2")
  sleep 4
  cap member_list_learner member list
  cap_in member_list_learner pb member list
  cap member_promote member promote "$NEW"
  cap member_update member update "$NEW" --peer-urls=http://127.0.0.1:21382
  [ "$FMT" = protobuf ] && cap_in member_update json member list
  sleep 3
  cap member_remove member remove "$NEW"
  [ "$FMT" = protobuf ] && cap_in member_remove json member list
  kill $PID2; wait $PID2 2>/dev/null

  # NOSPACE: fill past the 4 MB quota, then list, status (the alarm is in the errors) and disarm.
  head -c 1000000 /dev/zero | tr '\0' x >"$WORK/big"
  for i in 1 2 3 4 5; do ctl put "big$i" <"$WORK/big" >/dev/null 2>&1; done
  cap alarm_list alarm list
  cap_in alarm_list pb alarm list
  cap endpoint_status_alarm endpoint status
  cap_in endpoint_status_alarm json endpoint status
  cap alarm_disarm alarm disarm

  kill $PID; wait $PID 2>/dev/null
  rm -rf "$WORK"
done
