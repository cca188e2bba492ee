#!/usr/bin/env bash
# The test command: installs what the tests need when it is missing, builds, and runs
# every test. `.ci/run` calls this same script.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v tmux >/dev/null 2>&1 || need+=(tmux)
[ -e /usr/include/ncursesw/curses.h ] || need+=(libncursesw5-dev)
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

swift build --build-tests
swift test --skip-build "$@"
