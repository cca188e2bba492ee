#!/usr/bin/env bash
# The test command: installs what the tests need when it is missing, builds, and runs
# every test. `.ci/run` calls this same script.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v tmux >/dev/null 2>&1 || need+=(tmux)
command -v redis-benchmark >/dev/null 2>&1 || need+=(redis-tools)
command -v python3 >/dev/null 2>&1 || need+=(python3)
[ -e /usr/include/ncursesw/curses.h ] || need+=(libncursesw5-dev)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
    echo "test.sh: installing ${need[*]}" >&2
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y "${need[@]}"
fi

# The differential tests need Redis 7.0.x as their oracle: fail loudly otherwise.
version="$(redis-server --version | sed -n 's/.*v=\([0-9.]*\).*/\1/p')"
case "$version" in
    7.0.*) ;;
    *) echo "test.sh: redis-server $version found; the tests need 7.0.x (Debian's redis-server)" >&2; exit 1 ;;
esac

# The Redis 8 dialect's differential tests need Redis 8.0 as their oracle: fetched once
# from Debian trixie into a private directory (scripts/redis8.sh). Fail loudly otherwise.
redis8="$(bash scripts/redis8.sh)" || { echo "test.sh: Redis 8.0 could not be had (scripts/redis8.sh)" >&2; exit 1; }
export STREAMSCOPE_REDIS8_SERVER="$redis8"

# The serving tests run a redis-py script: make sure python3 can import redis, and tell
# the tests which interpreter that is. Fail loudly if it cannot be had.
if ! python3 -c 'import redis' >/dev/null 2>&1; then
    echo "test.sh: installing redis-py" >&2
    python3 -m pip install --quiet redis >/dev/null 2>&1 \
        || python3 -m pip install --quiet --break-system-packages redis >/dev/null 2>&1 \
        || { sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
             $sudo_cmd apt-get install -y python3-redis >/dev/null; } || true
fi
python="$(command -v python3)"
"$python" -c 'import redis' 2>/dev/null || python=/usr/bin/python3
"$python" -c 'import redis' || { echo "test.sh: no python3 with redis-py (pip install redis)" >&2; exit 1; }
export STREAMSCOPE_PYTHON="$python"

swift build --build-tests
swift test --skip-build "$@"

# A short fuzz pass (README, "Fuzzing"): every fuzz target for 20 s on its committed
# corpus, under AddressSanitizer; a crash, leak or broken invariant fails the run.
# STREAMSCOPE_FUZZ_SECONDS sets the time per target; 0 skips the pass.
fuzz_seconds="${STREAMSCOPE_FUZZ_SECONDS:-20}"
if [ "$fuzz_seconds" -gt 0 ]; then
    bash scripts/fuzz.sh "$fuzz_seconds"
fi

# A short soak (README, "Durable storage"): `serve --data --appendfsync always` under
# mixed load, SIGKILLed and restarted every minute, then every acknowledged XADD and XACK
# checked. STREAMSCOPE_SOAK_MINUTES sets its length; 0 skips it.
soak_minutes="${STREAMSCOPE_SOAK_MINUTES:-2}"
if [ "$soak_minutes" -gt 0 ]; then
    STREAMSCOPE_PYTHON="$python" bash scripts/soak.sh "$soak_minutes"
fi
