#!/usr/bin/env bash
# The second oracle: Debian trixie's etcd 3.5.16 (etcd, etcdctl, etcdutl), fetched with
# `apt-get download` through an apt configuration of its own (a trixie sources list on the same
# mirror as this machine's own apt sources, read from them here, never written into the repo),
# unpacked with `dpkg-deb -x` into a cache directory and never installed: Debian's 3.4.23 stays the
# default `etcd`/`etcdctl`.
#
#   bash scripts/oracle-3.5.sh        prints the directory holding etcd, etcdctl and etcdutl 3.5.16
#
# The cache is ${ETCD35_CACHE:-$HOME/.cache/etcdctl-ts/etcd-3.5}; a cache that already holds the
# three binaries at the wanted version is used as it is. Any failure is a non-zero exit with a
# message on stderr: the tests never skip for a missing oracle.
set -euo pipefail

want=3.5.16
cache=${ETCD35_CACHE:-${HOME:-/root}/.cache/etcdctl-ts/etcd-3.5}
bin=$cache/root/usr/bin

have_oracle() {
  [ -x "$bin/etcd" ] && [ -x "$bin/etcdctl" ] && [ -x "$bin/etcdutl" ] || return 1
  # the output whole, then matched: `| grep -q` would close the pipe early, and under pipefail
  # etcdctl's SIGPIPE on its second line would make a good cache look bad (and be fetched again)
  local version
  version=$(env -u ETCDCTL_API "$bin/etcdctl" version 2>/dev/null) || return 1
  [[ $version == "etcdctl version: $want"$'\n'* ]]
}

# Test runs in parallel may call this at once: one fetches, the others wait for it.
mkdir -p "$(dirname "$cache")"
exec 9>"$cache.lock"
flock 9

if have_oracle; then
  echo "$bin"
  exit 0
fi

fail() {
  echo "oracle-3.5: $*" >&2
  exit 1
}

# The mirror this machine's apt uses: the first URI of a Debian main archive in its sources
# (deb822 .sources files, or one-line .list files).
mirror=""
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  mirror=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' "$f")
  [ -n "$mirror" ] && break
done
if [ -z "$mirror" ]; then
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    mirror=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' "$f")
    [ -n "$mirror" ] && break
  done
fi
[ -n "$mirror" ] || fail "cannot find this machine's Debian mirror in /etc/apt/sources.list(.d)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/state/lists/partial" "$work/cache/archives/partial" "$work/etc/preferences.d" "$work/debs"
cat >"$work/etc/sources.list" <<EOF
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main
EOF
apt_opts=(
  -o "Dir::Etc::SourceList=$work/etc/sources.list"
  -o "Dir::Etc::SourceParts=$work/etc/no-parts"
  -o "Dir::Etc::Preferences=$work/etc/preferences"
  -o "Dir::Etc::PreferencesParts=$work/etc/preferences.d"
  -o "Dir::State=$work/state"
  -o "Dir::State::Lists=$work/state/lists"
  -o "Dir::State::status=/var/lib/dpkg/status"
  -o "Dir::Cache=$work/cache"
  -o "APT::Architecture=$(dpkg --print-architecture)"
  -o "Debug::NoLocking=1"
)
apt-get "${apt_opts[@]}" -qq update >"$work/update.log" 2>&1 || {
  cat "$work/update.log" >&2
  fail "apt-get update of the trixie sources list failed"
}
for pkg in etcd-server etcd-client; do
  version=$(apt-cache "${apt_opts[@]}" show "$pkg" 2>/dev/null | awk '/^Version:/ { print $2; exit }')
  [ -n "$version" ] || fail "trixie has no package $pkg"
  case $version in
    "$want"*) ;;
    *) fail "trixie's $pkg is $version, not $want" ;;
  esac
  (cd "$work/debs" && apt-get "${apt_opts[@]}" -qq download "$pkg=$version") >"$work/download.log" 2>&1 || {
    cat "$work/download.log" >&2
    fail "apt-get download $pkg=$version failed"
  }
done

# Unpack into a fresh directory beside the cache and rename it into place last.
fresh=$(mktemp -d "$cache.new.XXXXXX")
for deb in "$work"/debs/*.deb; do
  dpkg-deb -x "$deb" "$fresh/root"
done
rm -rf "$cache"
mv "$fresh" "$cache"
have_oracle || fail "unpacked packages do not hold etcd, etcdctl and etcdutl $want in $bin"
echo "$bin"
