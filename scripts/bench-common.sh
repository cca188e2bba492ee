# Shared by the serve benchmarks (sourced, not run): checks for Redis's tools, starts
# and cleans up servers, reads redis-benchmark's figures and a process's CPU time.

command -v redis-server >/dev/null && command -v redis-benchmark >/dev/null \
    || { echo "$(basename "$0"): needs redis-server and redis-benchmark (apt-get install redis-server redis-tools)" >&2; exit 1; }
mkdir -p bench-out

# Every server started goes in `pids` and is killed when the script exits.
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ping() { for _ in $(seq 100); do redis-cli -p "$1" PING >/dev/null 2>&1 && return 0; sleep 0.05; done; echo "no answer on $1" >&2; exit 1; }

# redis_start: a redis-server on a free port with nothing saved; sets redis_port, redis_pid.
redis_start() {
    redis_port=$(free_port)
    redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
        --logfile "" --loglevel warning >/dev/null 2>&1 &
    redis_pid=$!; pids+=("$redis_pid")
}

# rps PORT ARGS...: requests per second from redis-benchmark's CSV line.
rps() {
    local port=$1; shift
    redis-benchmark -p "$port" --csv "$@" 2>/dev/null | tail -1 | cut -d, -f2 | tr -d '"'
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# CPU time (user + system, in clock ticks) a server process has used so far: on a shared
# machine throughput moves with the neighbours, CPU per request much less.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks_per_second=$(getconf CLK_TCK)
# cpu_us TICKS REQUESTS: server CPU microseconds per request.
cpu_us() { awk -v t="$1" -v hz="$ticks_per_second" -v n="$2" 'BEGIN {printf "%.3f", t / hz * 1e6 / n}'; }
