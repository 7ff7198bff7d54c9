#!/usr/bin/env bash
# End-to-end checks of the journal through the real binaries (CI runs this).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/scripts/journal-bins.sh"
jingwu_find_bins "$ROOT"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/jingwu-e2e-journal.XXXXXX")"
chmod 700 "$WORK"
trap 'rm -rf "$WORK"' EXIT
J="$WORK/data/journal.jsonl"
export JINGWU_JOURNAL="$J"
fail() { echo "e2e-journal: FAIL: $*" >&2; exit 1; }
expect_status() {  # expect_status CODE command...
    local want="$1"; shift
    set +e; "$@" >"$WORK/out" 2>"$WORK/err"; local got=$?; set -e
    [ "$got" = "$want" ] || { cat "$WORK/out" "$WORK/err" >&2; fail "$* exited $got, expected $want"; }
}

echo "e2e-journal: missing journal, init, refuse overwrite"
expect_status 66 "$JW" verify
grep -q "jingwu init" "$WORK/err" || fail "missing-journal message should suggest jingwu init"
expect_status 0 "$JW" init --station 城关派出所 --office 东门警务室
grep -q "$J" "$WORK/out" || fail "init should print the path"
[ "$(stat -c %a "$J")" = 600 ] && [ "$(stat -c %a "$WORK/data")" = 700 ] || fail "modes should be 0600/0700"
expect_status 73 "$JW" init --station x --office y
expect_status 0 "$JW" verify --lang en --json
grep -q '"ok":true,"records":1' "$WORK/out" || fail "verify --json: $(cat "$WORK/out")"

echo "e2e-journal: files named with one character, relative to the working folder (Foundation trapped on them)"
mkdir "$WORK/short"
(
    cd "$WORK/short"
    unset JINGWU_JOURNAL
    expect_status 0 "$JW" --journal j init --station 城关派出所 --office 东门警务室
    expect_status 0 "$JW" --journal 张 demo --days 2
    expect_status 0 "$JW" --journal j export --out e
    expect_status 0 "$JW" --journal 张 verify
    [ -s j ] && [ -s 张 ] && [ -s e ] || fail "one-character files: $(ls -la)"
)

echo "e2e-journal: two processes append 2,000 events each at the same time"
"$BENCH" append --journal "$J" --count 2000 --writer a >"$WORK/ack.a" &
pa=$!
"$BENCH" append --journal "$J" --count 2000 --writer b >"$WORK/ack.b" &
pb=$!
wait "$pa" || fail "writer a failed"
wait "$pb" || fail "writer b failed"
expect_status 0 "$JW" --lang en verify
grep -q "verified: 4001 records, head seq 4000" "$WORK/out" || fail "expected 4001 records: $(cat "$WORK/out")"
"$JW" log --json >"$WORK/log.json"
python3 - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
records = [json.loads(l) for l in open(f"{work}/log.json", encoding="utf-8")]
seqs = [r["seq"] for r in records]
assert seqs == list(range(4001)), "seqs not unique and gap-free"
ids = {r["id"] for r in records[1:]}
assert len(ids) == 4000, f"{len(ids)} distinct ids"
for w in "ab":
    acks = [l.split() for l in open(f"{work}/ack.{w}")]
    assert len(acks) == 2000, f"writer {w} acknowledged {len(acks)}"
    assert all(records[int(s)]["id"] == i for _, s, i in acks), f"writer {w}: an ack is not in the journal"
print("e2e-journal: 4000 events, seqs 1..4000 gap-free, every acknowledgement present")
PY

echo "e2e-journal: log filters"
"$JW" log --type PatrolCheckedIn --by 1001 >"$WORK/log.txt"
[ "$(wc -l <"$WORK/log.txt")" = 100 ] || fail "log --by 1001 should list 100 records, got $(wc -l <"$WORK/log.txt")"

echo "e2e-journal: verify reports a torn tail without touching the file; the next open moves it aside with one notice"
printf '{"seq":4001,"id":"0000' >>"$J"
before=$(sha256sum <"$J")
expect_status 0 "$JW" --lang en verify
[ "$(sha256sum <"$J")" = "$before" ] || fail "verify changed the journal"
! ls "$J".torn-* >/dev/null 2>&1 || fail "verify must not move the torn tail"
expect_status 0 "$JW" --lang en log --type JournalCreated
[ "$(grep -c 'unfinished record' "$WORK/err")" = 1 ] || fail "expected one torn-tail notice on stderr"
ls "$J".torn-* >/dev/null || fail "no side file"
head -c 20000 /dev/zero >>"$J"
expect_status 0 "$JW" verify
grep -q "20000" "$WORK/out" || fail "verify should report the 20000 bytes of zeros"
expect_status 0 "$JW" log --type JournalCreated
expect_status 0 "$JW" log --type JournalCreated
[ ! -s "$WORK/err" ] || fail "second open should be silent: $(cat "$WORK/err")"
expect_status 0 "$JW" verify

echo "e2e-journal: loose permissions are reported"
chmod 644 "$J"
expect_status 0 "$JW" --lang en verify
grep -q "other than its owner" "$WORK/err" || fail "no permissions notice"
chmod 600 "$J"

echo "e2e-journal: a flipped byte is damage: verify exits 1, writes exit 75, file unchanged"
python3 - "$J" <<'PY'
import sys
path = sys.argv[1]
data = bytearray(open(path, "rb").read())
lines = data.split(b"\n")
start = sum(len(l) + 1 for l in lines[:2001])   # line 2002 = seq 2001
data[start + 60] ^= 0x01
open(path, "wb").write(data)
PY
before="$(sha256sum <"$J")"
expect_status 1 "$JW" --lang en verify
grep -q "record 2001 (line 2002) is damaged" "$WORK/out" || fail "verify should name record 2001: $(cat "$WORK/out")"
expect_status 75 "$BENCH" append --journal "$J" --count 1
grep -q "2001" "$WORK/err" || fail "refusal should name the damaged record"
expect_status 1 "$JW" --lang en verify --json
grep -q '"damaged":{"seq":2001,"line":2002},"laterRecordsValid":true' "$WORK/out" || fail "verify --json: $(cat "$WORK/out")"
[ "$(sha256sum <"$J")" = "$before" ] || fail "the damaged journal was modified"

echo "e2e-journal: salvage copies, never destroys"
expect_status 0 "$JW" --lang en salvage --out "$WORK/salvage"
[ "$(sha256sum <"$J")" = "$before" ] || fail "salvage modified the original"
new="$(ls "$WORK"/salvage/*-salvaged-*.jsonl)"
expect_status 0 "$JW" --journal "$new" --lang en verify
grep -q "verified: 2001 records" "$WORK/out" || fail "salvaged journal: $(cat "$WORK/out")"

echo "e2e-journal: a demo killed half-way leaves no journal; the next demo makes it"
D="$WORK/demo/d.jsonl"
mkdir -p "$WORK/demo"
"$JW" --journal "$D" demo --days 365 --scale station >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 100); do
    ls -a "$WORK/demo" | grep -q '^\.d\.jsonl\.demo-' && break
    sleep 0.05
done
sleep 0.5
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
[ ! -e "$D" ] || fail "a killed demo left a journal at $D"
expect_status 0 "$JW" --journal "$D" demo --days 2
expect_status 0 "$JW" --journal "$D" verify
[ "$(ls -A "$WORK/demo" | sort | tr '\n' ' ')" = "d.jsonl d.jsonl.checkpoint " ] \
    || fail "left behind: $(ls -A "$WORK/demo")"

echo "e2e-journal: crash test (short)"
ROUNDS="${ROUNDS:-5}" JINGWU_BIN="$JW" JINGWU_BENCH_BIN="$BENCH" bash "$ROOT/scripts/crash-test.sh"
echo "e2e-journal: all passed"
