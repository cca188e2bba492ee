#!/usr/bin/env bash
# Soak: `streamscope serve --data DIR --appendfsync always` under mixed load from many
# clients (scripts/soak-load.py: producers, blocking group readers, claimers, acks, a
# trimmer, BGSAVE every 3 s, a janitor that checks then trims the checked stream so the
# data stays bounded), killed with SIGKILL and restarted every minute.
# Afterwards: `streamscope check` passes, every acknowledged XADD is there, every
# acknowledged XACK is still acknowledged; the server's RSS is recorded each minute.
#
#   bash scripts/soak.sh [minutes]     (default 10)
#
# STREAMSCOPE_SOAK_CYCLE: seconds between kills (default 60). STREAMSCOPE_BIN: the
# binary (default: .build/debug/streamscope, built if missing). Exits non-zero on any
# failure; the work directory (data, client logs, serve.log, rss.log) is kept then.
set -euo pipefail
cd "$(dirname "$0")/.."

minutes="${1:-10}"
cycle="${STREAMSCOPE_SOAK_CYCLE:-60}"
bin="${STREAMSCOPE_BIN:-.build/debug/streamscope}"
python="${STREAMSCOPE_PYTHON:-python3}"
"$python" -c 'import redis' 2>/dev/null || python=/usr/bin/python3
"$python" -c 'import redis' || { echo "soak: needs python3 with redis-py (pip install redis)" >&2; exit 1; }
[ -x "$bin" ] || swift build --product streamscope
command -v redis-cli >/dev/null || { echo "soak: needs redis-cli (redis-tools)" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/streamscope-soak.XXXXXX")"
port="${STREAMSCOPE_SOAK_PORT:-$((20000 + RANDOM % 20000))}"
mkdir -p "$work/clients"
server=""
load=""
cleanup() {
    [ -n "$load" ] && kill "$load" 2>/dev/null || true
    [ -n "$server" ] && kill -9 "$server" 2>/dev/null || true
}
trap cleanup EXIT

start_server() {
    local before
    before="$(grep -c 'listening on' "$work/serve.log" 2>/dev/null || true)"
    "$bin" serve --data "$work/data" --port "$port" --appendfsync always >>"$work/serve.log" 2>&1 &
    server=$!
    for _ in $(seq 1 300); do
        kill -0 "$server" 2>/dev/null || break
        # Ours is listening (not another process on the same port), and answers.
        if [ "$(grep -c 'listening on' "$work/serve.log" || true)" -gt "${before:-0}" ]; then
            redis-cli -p "$port" PING >/dev/null 2>&1 && return 0
        fi
        sleep 0.1
    done
    echo "soak: the server did not come back (see $work/serve.log)" >&2
    tail -5 "$work/serve.log" >&2
    exit 1
}

echo "soak: $minutes minute(s), a SIGKILL every ${cycle} s, port $port, work in $work"
start_server
total=$((minutes * 60))
"$python" scripts/soak-load.py load "$port" "$work/clients" "$total" &
load=$!
elapsed=0
round=0
while [ "$elapsed" -lt "$total" ]; do
    step=$(( cycle < total - elapsed ? cycle : total - elapsed ))
    sleep "$step"
    elapsed=$((elapsed + step))
    round=$((round + 1))
    rss="$(ps -o rss= -p "$server" | tr -d ' ')"
    length="$(redis-cli -p "$port" XLEN jobs 2>/dev/null || echo '?')"
    echo "round $round at ${elapsed}s: rss_kb $rss, XLEN jobs $length" | tee -a "$work/rss.log"
    kill -9 "$server"
    wait "$server" 2>/dev/null || true
    if [ "$elapsed" -lt "$total" ]; then start_server; fi
done
wait "$load"
load=""

# The server is down (killed last): the directory must check clean, then open.
status=0
"$bin" check "$work/data" >"$work/check.txt" 2>&1 || status=1
sed 's/^/soak: check: /' "$work/check.txt"
start_server
"$python" scripts/soak-load.py verify "$port" "$work/clients" || status=1
redis-cli -p "$port" INFO persistence | tr -d '\r' | grep -E '^(aof_current_size|rdb_last_bgsave_status|aof_last_write_status):' | sed 's/^/soak: /'
kill "$server"
wait "$server" 2>/dev/null || true
server=""
# The curve: RSS just before each kill, one minute (a cycle) after each start.
echo "soak: RSS before each kill, MB: $(awk '{ printf "%s%.1f", (NR > 1 ? " " : ""), $6 / 1024 }' "$work/rss.log")"
if [ "$status" -ne 0 ]; then
    echo "soak: FAILED; kept $work" >&2
    exit 1
fi
echo "soak: passed ($round kills)"
rm -rf "$work"
