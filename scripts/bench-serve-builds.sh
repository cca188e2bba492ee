#!/usr/bin/env bash
# Does the way `streamscope` is built change what `serve` can do? redis-benchmark against
# redis-server and several builds of `streamscope serve` in one run, by default the two
# release builds: `dynamic` (`swift build -c release`, the Swift runtime and Foundation as
# shared libraries) and `static` (`--static-swift-stdlib`, linked into the binary). Rows
# and rounds are interleaved, the order rotating. Reported: the median requests/s and
# server CPU µs per request of each (CPU per request moves much less than throughput on
# a shared machine), and each build's ratios to redis-server and to the first build.
#
#   bash scripts/bench-serve-builds.sh [ROUNDS]     # default 5 rounds
#   SERVE_BINS="before=/path/a after=/path/b" bash scripts/bench-serve-builds.sh 3
set -euo pipefail
set -f  # the benchmark arguments hold a literal `*`
cd "$(dirname "$0")/.."
rounds="${1:-5}"
source scripts/bench-common.sh
if [ -z "${SERVE_BINS:-}" ]; then
    swift build -c release --product streamscope >&2
    static=(swift build -c release --static-swift-stdlib --scratch-path .build-static)
    "${static[@]}" --product streamscope >&2
    SERVE_BINS="dynamic=$(swift build -c release --show-bin-path)/streamscope static=$("${static[@]}" --show-bin-path)/streamscope"
fi

declare -A port pid
redis_start
port[redis]=$redis_port; pid[redis]=$redis_pid
builds=()
for pair in $SERVE_BINS; do
    who=${pair%%=*}; builds+=("$who")
    port[$who]=$(free_port)
    "${pair#*=}" serve --port "${port[$who]}" --log-level warning &
    pid[$who]=$!; pids+=("${pid[$who]}")
done
servers=(redis "${builds[@]}")
for who in "${servers[@]}"; do wait_ping "${port[$who]}"; done
start_rss=""
for who in "${builds[@]}"; do start_rss+="$who $(awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/${pid[$who]}/status") MB; "; done

names=("XADD, -P 16, 50 clients" "XADD, -P 64, 50 clients" "XADD, 50 clients" "XADD, 1 client"
       "XRANGE COUNT 10, 50 clients")
row_args() {
    case $1 in
        0) echo "-c 50 -P 16 -n 1000000 XADD xs * f v" ;;
        1) echo "-c 50 -P 64 -n 2000000 XADD xs * f v" ;;
        2) echo "-c 50 -n 200000 XADD xs * f v" ;;
        3) echo "-c 1 -n 40000 XADD xs * f v" ;;
        4) echo "-c 50 -n 200000 XRANGE xs - + COUNT 10" ;;
    esac
}
requests() { row_args "$1" | awk '{for (i = 1; i < NF; i++) if ($i == "-n") print $(i + 1)}'; }
declare -A results cpu
n=${#servers[@]}
for round in $(seq "$rounds"); do
    for row in 0 1 2 3 4; do
        # Rotate who goes first, so no server always runs on a warmer (or busier) machine.
        for k in $(seq 0 $((n - 1))); do
            who=${servers[$(( (round + row + k) % n ))]}
            t0=$(cpu_ticks "${pid[$who]}")
            # shellcheck disable=SC2046
            r=$(rps "${port[$who]}" $(row_args "$row"))
            t1=$(cpu_ticks "${pid[$who]}")
            results[$who,$row]+="$r "
            cpu[$who,$row]+="$(cpu_us $((t1 - t0)) "$(requests "$row")") "
            echo "round $round row $row $who: $r requests/s" >&2
        done
    done
done
med() { echo "$1" | tr ' ' '\n' | grep . | median; }
first=${builds[0]}
{
    header="| requests/s (server CPU µs/request) |"; rule="|---|"
    for who in "${servers[@]}"; do header+=" $who |"; rule+="---:|"; done
    for who in "${builds[@]}"; do header+=" $who / redis |"; rule+="---:|"; done
    for who in "${builds[@]:1}"; do header+=" $who / $first (CPU) |"; rule+="---:|"; done
    echo "$header"; echo "$rule"
    for row in 0 1 2 3 4; do
        line="| ${names[$row]} |"
        for who in "${servers[@]}"; do
            line+=" $(awk -v r="$(med "${results[$who,$row]}")" -v c="$(med "${cpu[$who,$row]}")" 'BEGIN {printf "%.0f (%.2f)", r, c}') |"
        done
        r0=$(med "${results[redis,$row]}")
        for who in "${builds[@]}"; do
            line+=" $(awk -v a="$(med "${results[$who,$row]}")" -v b="$r0" 'BEGIN {printf "%.2f", a / b}') |"
        done
        f=$(med "${results[$first,$row]}"); fc=$(med "${cpu[$first,$row]}")
        for who in "${builds[@]:1}"; do
            line+=" $(awk -v a="$(med "${results[$who,$row]}")" -v b="$f" -v ac="$(med "${cpu[$who,$row]}")" -v bc="$fc" \
                'BEGIN {printf "%.2f (%.2f)", a / b, (bc > 0 ? ac / bc : 0)}') |"
        done
        echo "$line"
    done
    echo "(median of $rounds rounds; resident at start: $start_rss)"
} | tee bench-out/serve-builds.md
