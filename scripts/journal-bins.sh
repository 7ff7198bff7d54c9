# Sourced by the journal scripts: sets JW (jingwu) and BENCH (jingwu-bench).
# JINGWU_BIN (and JINGWU_BENCH_BIN) win; else the debug build CI made in
# .build/debug; else build both into .build-journal (PROFILE=release for benchmarks).
jingwu_find_bins() {
    local root="$1" profile="${PROFILE:-debug}"
    if [ -n "${JINGWU_BIN:-}" ]; then
        JW="$JINGWU_BIN"
        BENCH="${JINGWU_BENCH_BIN:-$(dirname "$JINGWU_BIN")/jingwu-bench}"
    elif [ "$profile" = debug ] && [ -x "$root/.build/debug/jingwu" ] && [ -x "$root/.build/debug/jingwu-bench" ]; then
        JW="$root/.build/debug/jingwu"
        BENCH="$root/.build/debug/jingwu-bench"
    else
        (cd "$root" && swift build -c "$profile" --scratch-path .build-journal --product jingwu >&2 \
            && swift build -c "$profile" --scratch-path .build-journal --product jingwu-bench >&2)
        JW="$root/.build-journal/$profile/jingwu"
        BENCH="$root/.build-journal/$profile/jingwu-bench"
    fi
    [ -x "$JW" ] && [ -x "$BENCH" ] || { echo "cannot find jingwu and jingwu-bench (set JINGWU_BIN)" >&2; exit 2; }
}
