#!/usr/bin/env bash
# Builds the fuzz targets (libFuzzer + AddressSanitizer) and runs each for the given number
# of seconds (default 30) on its corpus. Exits non-zero if any target crashed, timed out,
# ran out of memory or broke an invariant, naming the input that did it.
#
#   bash scripts/fuzz.sh            # 30 s per target
#   bash scripts/fuzz.sh 1800       # the longer run (README, "Fuzzing")
#   FUZZ_TARGETS=FuzzCommands bash scripts/fuzz.sh 60
#
# The committed corpus (Tests/FuzzCorpus/<target>) is read, never written: new inputs go
# to .build-fuzz/corpus/<target>, crashes to .build-fuzz/crashes/. A crashing input is
# replayed with `.build-fuzz/release/<target> <file>`; commit it as a regression input
# (Tests/FuzzCorpus/<target>/regress-<what>) with a test and the fix.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-30}"
read -r -a targets <<< "${FUZZ_TARGETS:-FuzzRequestParser FuzzCommands FuzzRecovery FuzzExplorerInput}"
scratch=.build-fuzz
# Optimized (-c release keeps Swift's bounds and overflow checks): 2.5 to 6 times the
# executions per second of a debug build, for about twice the build time.
build=(swift build -c release --scratch-path "$scratch"
       -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING)
# Dictionary order is seeded per process unless this is set: a crash then replays the same.
export SWIFT_DETERMINISTIC_HASHING=1
# Swift's own crash backtracer would race AddressSanitizer's report: leave crashes to it.
export SWIFT_BACKTRACE=enable=no
# Leaks count as failures, except the few outside our code listed here.
export LSAN_OPTIONS="suppressions=$PWD/scripts/fuzz-lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

start=$(date +%s)
for target in "${targets[@]}"; do
    "${build[@]}" --product "$target"
done
bin="$("${build[@]}" --show-bin-path)"
echo "fuzz.sh: built ${targets[*]} in $(( $(date +%s) - start )) s"

failed=()
summary=()
for target in "${targets[@]}"; do
    work="$scratch/corpus/$target" crashes="$scratch/crashes/$target"
    mkdir -p "$work" "$crashes"
    log="$scratch/$target.log"
    echo "fuzz.sh: $target for $seconds s"
    set +e
    "$bin/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
        -artifact_prefix="$crashes/" "$work" "Tests/FuzzCorpus/$target" > "$log" 2>&1
    status=$?
    set -e
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1 || true)
    summary+=("$target: ${execs:-?} runs, ${rate:-?}/s, ${cov:-no coverage line}, corpus $(ls "$work" | wc -l) files")
    if [ "$status" -ne 0 ]; then
        tail -40 "$log" >&2
        input=$(grep -o "Test unit written to [^ ]*" "$log" | tail -1 | sed 's/Test unit written to //' || true)
        echo "fuzz.sh: $target FAILED (exit $status); input: ${input:-see $log}" >&2
        failed+=("$target")
    fi
done

printf 'fuzz.sh: %s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz.sh: FAILED: ${failed[*]} (inputs under $scratch/crashes/)" >&2
    exit 1
fi
echo "fuzz.sh: no crashes in ${targets[*]} ($seconds s each, $(( $(date +%s) - start )) s in all)"
