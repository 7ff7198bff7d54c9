#!/usr/bin/env bash
# Crash test: start writers, SIGKILL them at random moments, then check that
# every append a writer acknowledged (it prints "ack SEQ ID" only after
# append returned, i.e. after fdatasync) is in the journal and that
# `jingwu verify` passes. ROUNDS=N (default 40), WRITERS=N (default 3).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/scripts/journal-bins.sh"
jingwu_find_bins "$ROOT"
ROUNDS="${ROUNDS:-40}"
WRITERS="${WRITERS:-3}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/jingwu-crash.XXXXXX")"
chmod 700 "$WORK"
trap 'rm -rf "$WORK"' EXIT
J="$WORK/journal.jsonl"
"$JW" --journal "$J" --now 2026-11-23T09:00+08:00 init --test --station 城关派出所 --office 东门警务室 >/dev/null

for round in $(seq 1 "$ROUNDS"); do
    pids=()
    for w in $(seq 1 "$WRITERS"); do
        "$BENCH" append --journal "$J" --count 1000000 --writer "r$round-w$w" >"$WORK/ack.$round.$w" 2>"$WORK/err.$round.$w" &
        pids+=($!)
    done
    # A random moment between 20 ms and ~400 ms.
    sleep "0.$(printf '%03d' $(( (RANDOM % 380) + 20 )))"
    kill -9 "${pids[@]}" 2>/dev/null || true
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    if ! "$JW" --journal "$J" verify >"$WORK/verify.out" 2>"$WORK/verify.err"; then
        echo "crash-test: round $round: verify failed" >&2
        cat "$WORK/verify.out" "$WORK/verify.err" >&2
        exit 1
    fi
    python3 - "$J" "$WORK" "$round" <<'PY'
import re, sys, glob
journal, work, rnd = sys.argv[1], sys.argv[2], sys.argv[3]
present = {}
with open(journal, "rb") as f:
    for line in f:
        m = re.match(rb'\{"seq":(\d+),"id":"([0-9a-f-]{36})"', line)
        if m:
            present[int(m.group(1))] = m.group(2).decode()
missing = []
acked = 0
for path in glob.glob(f"{work}/ack.{rnd}.*"):
    for line in open(path, encoding="utf-8", errors="replace"):
        m = re.fullmatch(r"ack (\d+) ([0-9a-f-]{36})\n", line)
        if not m:
            continue  # a line cut by the kill was never a complete acknowledgement
        acked += 1
        if present.get(int(m.group(1))) != m.group(2):
            missing.append(line.strip())
if missing:
    print(f"crash-test: round {rnd}: {len(missing)} acknowledged appends missing, e.g. {missing[:3]}", file=sys.stderr)
    sys.exit(1)
print(f"round {rnd}: {acked} acknowledged appends all present; journal has {len(present)} records")
PY
done
sides=$(ls "$WORK" | grep -c '\.torn-' || true)
echo "crash-test: $ROUNDS rounds passed; torn tails recovered: $sides; $("$JW" --journal "$J" --lang en verify | head -1)"
