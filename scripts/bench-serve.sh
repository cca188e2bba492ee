#!/usr/bin/env bash
# redis-benchmark against redis-server and `streamscope serve` (release build) in one
# run, interleaved row by row and round by round, then resident memory after 1,000,000
# XADD on fresh servers. Prints a Markdown table (also written to bench-out/serve.md).
#
#   bash scripts/bench-serve.sh [ROUNDS]      # default 3 rounds; the median is reported
set -euo pipefail
set -f  # the benchmark arguments hold a literal `*`
cd "$(dirname "$0")/.."
rounds="${1:-3}"
source scripts/bench-common.sh

# The Swift runtime and Foundation linked statically, as a deployment builds it (see the
# README): runtime calls skip the PLT, and fewer shared-library pages are resident.
# Its own build directory, so the default release build is not rebuilt each time.
build=(swift build -c release --static-swift-stdlib --scratch-path .build-static)
"${build[@]}" --product streamscope >&2
bin="$("${build[@]}" --show-bin-path)/streamscope"

# Starts both servers; sets redis_port, ours_port, redis_pid, ours_pid.
start_servers() {
    redis_start
    ours_port=$(free_port)
    "$bin" serve --port "$ours_port" --log-level warning &
    ours_pid=$!; pids+=("$ours_pid")
    wait_ping "$redis_port"; wait_ping "$ours_port"
}
stop_servers() { kill -9 "$redis_pid" "$ours_pid" 2>/dev/null || true; wait "$redis_pid" "$ours_pid" 2>/dev/null || true; }

names=("XADD, -P 64, 50 clients (requests/s)" "XADD, 50 clients (requests/s)" "XADD, 1 client (requests/s)"
       "XRANGE COUNT 100, 50 clients (entries/s)" "XREVRANGE COUNT 10, 50 clients (requests/s)"
       "XREADGROUP COUNT 10, 50 clients (entries/s)"
       "XRANGE COUNT 100, 50 clients, redis-benchmark --threads 2 (entries/s)")
row_args() {
    case $1 in
        0) echo "-c 50 -P 64 -n 2000000 XADD xs * f v" ;;
        1) echo "-c 50 -n 200000 XADD xs * f v" ;;
        2) echo "-c 1 -n 40000 XADD xs * f v" ;;
        3) echo "-c 50 -n 100000 XRANGE xs - + COUNT 100" ;;
        4) echo "-c 50 -n 200000 XREVRANGE xs + - COUNT 10" ;;
        5) echo "-c 50 -n 100000 XREADGROUP GROUP g c COUNT 10 STREAMS xs >" ;;
        # Row 3 again with a two-threaded client: is the client or the server the limit?
        6) echo "--threads 2 -c 50 -n 100000 XRANGE xs - + COUNT 100" ;;
    esac
}
scale() { case $1 in 3|6) echo 100 ;; 5) echo 10 ;; *) echo 1 ;; esac; }

start_servers
for port in "$redis_port" "$ours_port"; do redis-cli -p "$port" XGROUP CREATE xs g '$' MKSTREAM >/dev/null; done
requests() { row_args "$1" | awk '{for (i = 1; i < NF; i++) if ($i == "-n") print $(i + 1)}'; }
declare -A results cpu
for round in $(seq "$rounds"); do
    for row in 0 1 2 3 4 5 6; do
        # Alternate which server goes first, so neither always runs on a warmer machine.
        if (( (round + row) % 2 )); then order=(redis ours); else order=(ours redis); fi
        for who in "${order[@]}"; do
            port=$redis_port; pid=$redis_pid
            [ "$who" = ours ] && { port=$ours_port; pid=$ours_pid; }
            t0=$(cpu_ticks "$pid")
            # shellcheck disable=SC2046
            r=$(rps "$port" $(row_args "$row"))
            t1=$(cpu_ticks "$pid")
            results[$who,$row]+="$(awk -v r="$r" -v s="$(scale "$row")" 'BEGIN {printf "%.0f", r * s}') "
            # Server CPU per request, in microseconds: throughput on this 2-core machine
            # is often bounded by the single-threaded redis-benchmark, CPU cost is not.
            cpu[$who,$row]+="$(cpu_us $((t1 - t0)) "$(requests "$row")") "
            echo "round $round row $row $who: $r requests/s" >&2
        done
    done
done
stop_servers

# Memory: fresh servers, 1,000,000 one-field XADDs each.
start_servers
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
redis_rss0=$(redis-cli -p "$redis_port" INFO memory | tr -d '\r' | awk -F: '/^used_memory_rss:/ {print $2}')
ours_rss0=$(( $(rss_kb "$ours_pid") * 1024 ))
redis-benchmark -p "$redis_port" -c 50 -P 64 -n 1000000 XADD mem '*' f v >/dev/null 2>&1
redis-benchmark -p "$ours_port" -c 50 -P 64 -n 1000000 XADD mem '*' f v >/dev/null 2>&1
redis_rss=$(redis-cli -p "$redis_port" INFO memory | tr -d '\r' | awk -F: '/^used_memory_rss:/ {print $2}')
ours_rss=$(( $(rss_kb "$ours_pid") * 1024 ))
lens="$(redis-cli -p "$redis_port" XLEN mem) / $(redis-cli -p "$ours_port" XLEN mem)"
stop_servers

{
    version=$(redis-server --version | sed -n 's/.*v=\([0-9.]*\).*/\1/p')
    echo "| measure | streamscope serve | redis-server $version | ratio (ours/redis) | server CPU µs/request, ours / redis | CPU ratio |"
    echo "|---|---:|---:|---:|---:|---:|"
    for row in 0 1 2 3 4 5 6; do
        o=$(echo "${results[ours,$row]}" | tr ' ' '\n' | grep . | median)
        t=$(echo "${results[redis,$row]}" | tr ' ' '\n' | grep . | median)
        oc=$(echo "${cpu[ours,$row]}" | tr ' ' '\n' | grep . | median)
        tc=$(echo "${cpu[redis,$row]}" | tr ' ' '\n' | grep . | median)
        awk -v n="${names[$row]}" -v o="$o" -v t="$t" -v oc="$oc" -v tc="$tc" \
            'BEGIN {printf "| %s | %.0f | %.0f | %.2f | %.2f / %.2f | %.2f |\n", n, o, t, o / t, oc, tc, (tc > 0 ? oc / tc : 0)}'
    done
    awk -v o="$ours_rss" -v t="$redis_rss" 'BEGIN {printf "| resident memory after 1,000,000 XADD (MB; ours: VmRSS, Redis: used_memory_rss) | %.1f | %.1f | %.2f | | |\n", o/1048576, t/1048576, o/t}'
    awk -v o="$((ours_rss - ours_rss0))" -v t="$((redis_rss - redis_rss0))" 'BEGIN {printf "| growth of that memory over the 1,000,000 XADD (MB) | %.1f | %.1f | %.2f | | |\n", o/1048576, t/1048576, o/t}'
} | tee bench-out/serve.md
echo "(median of $rounds rounds; stream lengths after the memory run: $lens)" | tee -a bench-out/serve.md
