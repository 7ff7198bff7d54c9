#!/usr/bin/env bash
# End-to-end: offline transport to the station by bundle (issue 18).
#   demo office → station init → export the whole journal → station import (the station's lines
#   equal the journal's, byte for byte) → two more records → incremental export (--since-seq
#   head+1) → import → the same bundle again (already imported: exit 84, nothing written) → a
#   bundle overlapping the station's copy (only the new part goes in) → a tampered bundle (a
#   byte changed: 81), a truncated one (80), one starting after the station's head (83), a
#   FIFO and a symlink as FILE (66): each refused, the journal and the station unchanged →
#   progress drawn on a terminal, nothing on a pipe → station verify.
# Uses $JINGWU_TEST_PG (as .ci/run exports it) in a database of its own, else starts a
# throwaway cluster with scripts/pg-test-server.sh. BIN: $JINGWU_BIN, else .build/debug/jingwu.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-e2e.sh
e2e_find_bin JINGWU_BIN jingwu
e2e_station_setup station-bundle jw_e2e_bundle
q() { psql -At "$DB" -c "$1"; }
station_lines() { psql -At "$DB" -c "SELECT convert_from(line, 'UTF8') FROM jingwu.records ORDER BY seq"; }
station_state() { q "SELECT head_seq, head_hash, last_synced, (SELECT count(*) FROM jingwu.records), (SELECT count(*) FROM jingwu.conflicts) FROM jingwu.journals"; }

J="$WORK/office/journal.jsonl"
USB="$WORK/usb"
mkdir -p "$WORK/office" "$USB" && chmod 700 "$WORK/office" "$USB"
export JINGWU_JOURNAL="$J"
"$BIN" demo --days 120 --seed 7 --now 2026-11-23T09:30+08:00 >/dev/null
records=$(wc -l <"$J")
step "demo office journal: $records records"
"$BIN" station init >/dev/null

step "export the whole journal, import it at the station"
out=$("$BIN" export --out "$USB/all.jwb"); echo "  $out"
[[ "$out" == "已把"*"第 0–$((records - 1)) 号记录（共 $records 条）导出到数据包 $USB/all.jwb"* ]] || fail "export: $out"
[ "$(stat -c %a "$USB/all.jwb")" = 600 ] || fail "the bundle is not 0600"
[ "$(head -1 "$USB/all.jwb")" = "jingwu-bundle 1" ] || fail "the bundle's first line"
out=$("$BIN" station import "$USB/all.jwb"); echo "  $out"
[[ "$out" == *"新增 $records 条记录"* ]] || fail "import: $out"
station_lines >"$WORK/station.jsonl"
cmp "$WORK/station.jsonl" "$J" || fail "the station's lines differ from the journal's"
echo "  the station's $records lines equal the journal's, byte for byte"

step "two more records, an incremental export and import"
for n in 1 2; do
    JINGWU_PIN=123456 "$BIN" --as 031245 --now 2026-11-23T09:3$n+08:00 incident add --cell C01-1 --kind theft \
        --summary "e2e 数据包 $n" >/dev/null || fail "incident add"
done
after=$(wc -l <"$J")
out=$("$BIN" export --since-seq "$records" --out "$USB/next.jwb"); echo "  $out"
[[ "$out" == *"第 $records–$((after - 1)) 号记录（共 2 条）"* ]] || fail "incremental export: $out"
out=$("$BIN" station import "$USB/next.jwb"); echo "  $out"
[[ "$out" == *"新增 2 条记录"* ]] && [ "$(q "SELECT head_seq + 1 FROM jingwu.journals")" = "$after" ] || fail "incremental import: $out"
station_lines | cmp - "$J" || fail "the station's lines differ from the journal's after the incremental import"

step "the same bundle again: already imported (84), one line, nothing written"
state=$(station_state)
set +e
"$BIN" station import "$USB/next.jwb" >"$WORK/held.out" 2>"$WORK/held.err"; status=$?
set -e
echo "  exit $status: $(cat "$WORK/held.err")"
[ "$status" = 84 ] || fail "re-import exited $status (want 84)"
[ ! -s "$WORK/held.out" ] || fail "re-import wrote to stdout: $(cat "$WORK/held.out")"
[ "$(wc -l <"$WORK/held.err")" = 1 ] || fail "re-import: not one line: $(cat "$WORK/held.err")"
grep -qF "已经导入过：派出所已全部存有，与所存一致，没有存入任何记录" "$WORK/held.err" || fail "re-import: $(cat "$WORK/held.err")"
[ "$(station_state)" = "$state" ] || fail "a re-import changed the station"

step "a bundle overlapping the station's copy: only the new record goes in"
JINGWU_PIN=123456 "$BIN" --as 031245 --now 2026-11-23T09:40+08:00 incident add --cell C01-1 --kind theft \
    --summary "e2e 数据包 3" >/dev/null || fail "incident add"
out=$("$BIN" export --since-seq $((records - 100)) --out "$USB/overlap.jwb"); echo "  $out"
out=$("$BIN" station import "$USB/overlap.jwb"); echo "  $out"
[[ "$out" == *"新增 1 条记录"* ]] || fail "overlapping import: $out"
station_lines | cmp - "$J" || fail "the station's lines differ from the journal's after the overlapping import"

refused() {  # refused STATUS WHAT FILE: import refused with STATUS, journal and station unchanged
    local want="$1" what="$2" file="$3" status out
    local sum state
    sum=$(sha256sum "$J"); state=$(station_state)
    set +e
    out=$(timeout 20 "$BIN" station import "$file" 2>&1); status=$?
    set -e
    echo "  $what: exit $status: $out"
    [ "$status" = "$want" ] || fail "$what: exit $status, expected $want"
    [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || fail "$what: not one line"
    [ "$sum" = "$(sha256sum "$J")" ] || fail "$what: the journal changed"
    [ "$state" = "$(station_state)" ] || fail "$what: the station changed"
}

step "faulty bundles are refused, the journal and the station unchanged"
JINGWU_PIN=123456 "$BIN" --as 031245 --now 2026-11-23T09:41+08:00 incident add --cell C01-1 --kind theft \
    --summary "e2e 数据包 4" >/dev/null || fail "incident add"
head=$(q "SELECT head_seq FROM jingwu.journals")
"$BIN" export --since-seq $((head + 1)) --out "$USB/good.jwb" >/dev/null
python3 - "$USB/good.jwb" "$USB/tampered.jwb" <<'PY'
import sys
data = bytearray(open(sys.argv[1], 'rb').read())
i = data.index('e2e 数据包 4'.encode())
data[i + len('e2e 数据包 ')] = ord('5')   # the summary's number changed: 4 → 5
open(sys.argv[2], 'wb').write(bytes(data))
PY
refused 81 "a byte changed in the body" "$USB/tampered.jwb"
sed '2s/"firstSeq":/"firstSeq":1/' "$USB/good.jwb" >"$USB/header.jwb"
refused 81 "a byte changed in the header" "$USB/header.jwb"
head -c 300 "$USB/good.jwb" >"$USB/cut.jwb"
refused 80 "a truncated bundle" "$USB/cut.jwb"
refused 79 "the journal itself, not a bundle" "$J"
JINGWU_PIN=123456 "$BIN" --as 031245 --now 2026-11-23T09:42+08:00 incident add --cell C01-1 --kind theft \
    --summary "e2e 数据包 6" >/dev/null || fail "incident add"
"$BIN" export --since-seq $((head + 2)) --out "$USB/gap.jwb" >/dev/null
refused 83 "a bundle starting after the station's head" "$USB/gap.jwb"
mkfifo "$USB/fifo"
refused 66 "a FIFO" "$USB/fifo"
ln -s "$USB/good.jwb" "$USB/link.jwb"
refused 66 "a symlink" "$USB/link.jwb"
refused 66 "a directory" "$USB"
set +e
out=$("$BIN" export --since-seq 0 --out "$USB/good.jwb" 2>&1); status=$?
set -e
echo "  export onto an existing file: exit $status: $out"
[ "$status" = 73 ] || fail "export over an existing bundle: exit $status"

step "the good bundle goes in; progress shows on a terminal, not on a pipe"
"$BIN" station import "$USB/good.jwb" 2>"$WORK/pipe.err" >/dev/null
[ ! -s "$WORK/pipe.err" ] || fail "progress written into a pipe: $(cat "$WORK/pipe.err")"
script -qefc "'$BIN' station import '$USB/gap.jwb'" /dev/null >"$WORK/tty.out" </dev/null || fail "import on a terminal"
grep -q "导入中：已存入 " "$WORK/tty.out" || fail "no progress on a terminal: $(cat -v "$WORK/tty.out")"
echo "  on a terminal: $(tr '\r' '\n' <"$WORK/tty.out" | grep -m1 "导入中")"
station_lines | cmp - "$J" || fail "the station's lines differ from the journal's at the end"

step "station verify"
"$BIN" station verify | sed 's/^/  /'
step "OK"
