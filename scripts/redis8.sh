#!/usr/bin/env bash
# Provides a Redis 8.0 server on a Debian bookworm machine, without touching the system.
#
# Debian trixie's `redis-tools` package carries the 8.0 server: its `redis-check-rdb` is the
# same program as `redis-server` and runs as the server when started under that name. It
# needs trixie's C and C++ runtime, so this script downloads the packages with an APT
# configuration of its own (its own sources list, state and cache, the system's trixie
# keyring; the machine's sources are untouched), unpacks them with `dpkg -x` into a private
# directory, and writes a `redis-server` wrapper there that starts the program through that
# directory's dynamic loader.
#
#   scripts/redis8.sh            # prints the wrapper's path (downloads once, then cached)
#   $(scripts/redis8.sh) --port 7000 --save ''
#
# The cache is $STREAMSCOPE_REDIS8_DIR, else ${XDG_CACHE_HOME:-~/.cache}/streamscope/redis-8.0.
# Exits non-zero with a message when the server cannot be had: the tests that need it fail
# loudly rather than skip.
set -euo pipefail

dir="${STREAMSCOPE_REDIS8_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/streamscope/redis-8.0}"
wrapper="$dir/bin/redis-server"

if [ -x "$wrapper" ] && "$wrapper" --version 2>/dev/null | grep -q 'v=8\.0\.'; then
    echo "$wrapper"
    exit 0
fi

fail() { echo "redis8.sh: $*" >&2; exit 1; }
command -v apt-get >/dev/null || fail "apt-get not found (the script needs Debian's APT to fetch trixie's packages)"
command -v dpkg >/dev/null || fail "dpkg not found"
keyring=/usr/share/keyrings/debian-archive-trixie-stable.gpg
[ -r "$keyring" ] || keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$keyring" ] || fail "no Debian archive keyring to verify trixie's packages (apt-get install debian-archive-keyring)"

work="$dir.tmp.$$"
rm -rf "$work"
mkdir -p "$work/state/lists/partial" "$work/cache/archives/partial" "$work/debs" "$work/root" "$work/bin"
trap 'rm -rf "$work"' EXIT
touch "$work/state/status"
echo "deb [signed-by=$keyring] http://deb.debian.org/debian trixie main" > "$work/sources.list"
apt_opts=(
    -o "Dir::State=$work/state" -o "Dir::State::status=$work/state/status"
    -o "Dir::Cache=$work/cache" -o "Dir::Etc::SourceList=$work/sources.list"
    -o "Dir::Etc::SourceParts=/dev/null" -o "APT::Architecture=amd64"
    -o "APT::Sandbox::User=root" -o "Debug::NoLocking=1"
)
apt-get "${apt_opts[@]}" -qq update >&2 || fail "could not read trixie's package lists from deb.debian.org"
# The server and everything it loads that bookworm has only in older versions.
packages=(redis-tools libc6 libstdc++6 libgcc-s1 libatomic1 libjemalloc2 liblzf1 libssl3t64
          libsystemd0 libcap2 zlib1g libzstd1 liblz4-1 liblzma5 libgcrypt20 libgpg-error0)
(cd "$work/debs" && apt-get "${apt_opts[@]}" -qq download "${packages[@]}" >&2) \
    || fail "could not download ${packages[*]} from trixie"
for deb in "$work"/debs/*.deb; do dpkg -x "$deb" "$work/root"; done

lib="$work/root/usr/lib/x86_64-linux-gnu"
[ -x "$lib/ld-linux-x86-64.so.2" ] || fail "trixie's libc6 did not unpack a loader"
[ -x "$work/root/usr/bin/redis-check-rdb" ] || fail "trixie's redis-tools did not unpack redis-check-rdb"

rm -rf "$dir"
mv "$work/root" "$work/server-root"
mkdir -p "$dir"
mv "$work/server-root" "$dir/root"
mkdir -p "$dir/bin"
cat > "$wrapper" <<EOF
#!/bin/sh
# Redis 8.0's server from Debian trixie, started through trixie's loader (see scripts/redis8.sh).
root="$dir/root"
exec "\$root/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" --library-path "\$root/usr/lib/x86_64-linux-gnu" \\
    --argv0 redis-server "\$root/usr/bin/redis-check-rdb" "\$@"
EOF
chmod +x "$wrapper"
"$wrapper" --version | grep -q 'v=8\.0\.' || fail "the unpacked server does not report version 8.0: $("$wrapper" --version 2>&1)"
echo "$wrapper"
