#!/usr/bin/env bash
# End-to-end check of issue 14's clock, PIN throttling and damaged-journal reads with the real
# binary (the console in tmux at 80x24).
#
# - A real office (`init` without --test): writes with --now or JINGWU_NOW exit 64 and leave the
#   journal's bytes unchanged; reads take --now; `init --now` needs --test; a test journal takes it.
# - Ten wrong JINGWU_PIN tries in a row: the first four exit 77 (checked), the rest 75 (the wait),
#   the journal unchanged; the side file <journal>.pin-failures is 0600.
# - A demo damaged at record 100: without a checkpoint `report bulletin` prints a banner and the
#   valid prefix and exits 75, as does `log`; with the checkpoint the console opens at once and
#   its background verify turns it 【只读】, refusing writes, and removes the checkpoint.
# - A hash-valid record whose data does not decode: writes exit 75 naming it; `jingwu salvage`
#   copies what comes before it and the office carries on with the new journal.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-e2e.sh
e2e_setup trust-clock
e2e_find_bin JINGWU_BIN jingwu
J="$WORK/office/journal.jsonl"
sum() { sha256sum "$1" | cut -d' ' -f1; }

# --- the clock -------------------------------------------------------------------------------
status=0; "$BIN" --journal "$J" --now 2040-01-01T09:00+08:00 init --station 城关派出所 --office 东街警务室 >/dev/null 2>&1 || status=$?
[ "$status" = 64 ] || fail "init --now without --test exited $status, not 64"
[ ! -e "$J" ] || fail "a refused init left a journal"
"$BIN" --journal "$J" init --station 城关派出所 --office 东街警务室 | grep -qF "正式值班日志" || fail "init does not say it made a real office"
"$BIN" --journal "$J" --as 031245 officer add --badge 031245 --name 张伟 --role police >/dev/null
"$BIN" --journal "$J" --as 031245 cell add --code A01 --name 幸福小区 --community 东街社区 --kind compound >/dev/null
before=$(sum "$J")
for pinned in "--now 2040-01-01T09:00+08:00" "--now 2020-01-01T09:00+08:00"; do
    status=0
    # shellcheck disable=SC2086
    err=$("$BIN" --journal "$J" $pinned --as 031245 patrol hazard --cell A01 --note 楼道堆物 2>&1 >/dev/null) || status=$?
    [ "$status" = 64 ] || fail "a write with $pinned exited $status, not 64"
    echo "$err" | grep -qF -- "--now / JINGWU_NOW" || fail "the refusal does not name --now: $err"
done
status=0; JINGWU_NOW=2040-01-01T09:00+08:00 "$BIN" --journal "$J" --as 031245 patrol hazard --cell A01 --note 楼道堆物 \
    >/dev/null 2>&1 || status=$?
[ "$status" = 64 ] || fail "a write with JINGWU_NOW exited $status, not 64"
[ "$(sum "$J")" = "$before" ] || fail "a refused pinned write changed the journal"
"$BIN" --journal "$J" --now 2040-01-01T09:00+08:00 report patrols >/dev/null || fail "a read with --now failed"
# recorded is the system clock even for a back-dated entry
"$BIN" --journal "$J" --as 031245 patrol hazard --cell A01 --note 楼道堆物 --at -2h --at-reason 补录 >/dev/null
tail -1 "$J" | grep -qF "\"recorded\":\"$(TZ=Asia/Shanghai date +%Y-%m-%dT%H)" || fail "recorded is not the system clock: $(tail -1 "$J")"
# A test journal takes --now for writes.
T="$WORK/test/journal.jsonl"
"$BIN" --journal "$T" --now 2026-11-23T09:00+08:00 init --test --station S --office O | grep -qF "测试/演示用日志" \
    || fail "init --test does not say so"
"$BIN" --journal "$T" --now 2026-11-23T09:05+08:00 --as 031245 officer add --badge 031245 --name 张伟 --role police >/dev/null
tail -1 "$T" | grep -qF '"recorded":"2026-11-23T09:05:00+08:00"' || fail "a test journal did not take --now"
"$BIN" help init | grep -qF -- "--test" || fail "help init does not mention --test"

# --- wrong PINs on the command line ----------------------------------------------------------
P1=246810 "$BIN" --journal "$J" --as 031245 officer pin --badge 031245 --new-pin-env P1 >/dev/null
before=$(sum "$J")
statuses=""
for i in 0 1 2 3 4 5 6 7 8 9; do
    status=0; JINGWU_PIN=11111$i "$BIN" --journal "$J" --as 031245 patrol hazard --cell A01 --note x >/dev/null 2>&1 || status=$?
    statuses="$statuses$status "
done
[ "$statuses" = "77 77 77 77 75 75 75 75 75 75 " ] || fail "ten wrong PINs gave: $statuses"
[ "$(sum "$J")" = "$before" ] || fail "wrong PINs changed the journal"
[ "$(stat -c %a "$J.pin-failures")" = 600 ] || fail "the side file is not 0600"
err=$(JINGWU_PIN=246810 "$BIN" --journal "$J" --as 031245 patrol hazard --cell A01 --note x 2>&1 >/dev/null) || true
echo "$err" | grep -qE "请等待 [0-9]+ 秒后再试" || fail "the wait does not say how long: $err"

# --- reads on a damaged journal --------------------------------------------------------------
D="$WORK/demo/journal.jsonl"
NOW=2026-11-30T12:00:00+08:00
"$BIN" --journal "$D" --now "$NOW" demo --days 3 >/dev/null
mv "$D.checkpoint" "$WORK/checkpoint.saved"
# One byte of record 100's badge changed in place: the line keeps its shape and length (so the
# checkpoint still matches record N), the hash no longer matches.
python3 - "$D" <<'PY'
import sys
path = sys.argv[1]
data = bytearray(open(path, 'rb').read())
start = 0
for _ in range(100): start = data.index(b'\n', start) + 1
i = data.index(b'"by":"', start) + 6
data[i] = ord('X') if data[i] != ord('X') else ord('Y')
open(path, 'r+b').write(bytes(data))
PY
damaged=$(sum "$D")
status=0; out=$("$BIN" --journal "$D" --now "$NOW" report bulletin 2>/dev/null) || status=$?
[ "$status" = 75 ] || fail "a report on a damaged journal exited $status, not 75"
echo "$out" | head -1 | grep -qF "值班日志第 100 号记录（第 101 行）已损坏" || fail "no banner: $(echo "$out" | head -2)"
echo "$out" | grep -qF "警情公告" || fail "the valid prefix is not shown"
out=$("$BIN" --journal "$D" --now "$NOW" report bulletin --format json 2>/dev/null) || true
echo "$out" | grep -qF '"damaged":true,"damagedSeq":100' || fail "json report without damaged:true"
status=0; out=$("$BIN" --journal "$D" log 2>/dev/null) || status=$?
[ "$status" = 75 ] || fail "log on a damaged journal exited $status, not 75"
echo "$out" | head -1 | grep -qF "已损坏" || fail "log prints no banner"
[ "$(sum "$D")" = "$damaged" ] || fail "a read changed the journal"

# With the checkpoint back, the console opens from it at once; the background verify finds the damage.
mv "$WORK/checkpoint.saved" "$D.checkpoint"
e2e_start_shell
keys "'$BIN' --journal '$D' --now '$NOW' --as 031245" Enter
wait_for "请输入警号和密码"
text 123456; keys Enter
wait_for "1 总览"
wait_for "【只读】"
keys 3; wait_for "网格"; keys a; wait_for "新建巡逻点位"
text Q99; keys Tab; text 测试点; keys Tab; text 社区; keys F10
wait_for "第 100 号记录"
[ "$(sum "$D")" = "$damaged" ] || fail "the read-only console wrote"
[ ! -e "$D.checkpoint" ] || fail "the checkpoint that vouched for the damaged prefix is still there"
keys C-x; sleep 0.5; keys y
wait_shell

# --- a hash-valid record whose data does not decode --------------------------------------------
U="$WORK/unreadable/journal.jsonl"
"$BIN" --journal "$U" init --station S --office O >/dev/null
"$BIN" --journal "$U" --as 031245 officer add --badge 031245 --name 张伟 --role police >/dev/null
python3 - "$U" <<'PY'
import hashlib, sys, uuid, datetime
path = sys.argv[1]
lines = open(path, 'rb').read().rstrip(b'\n').split(b'\n')
prev = bytes.fromhex(lines[-1][-66:-2].decode())
now = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).strftime('%Y-%m-%dT%H:%M:%S+08:00')
body = ('{"seq":%d,"id":"%s","type":"CellAdded","v":1,"at":"%s","recorded":"%s","by":"031245","data":{"code":7}'
        % (len(lines), uuid.uuid4(), now, now)).encode()
h = hashlib.sha256(prev + body).hexdigest()
open(path, 'ab').write(body + b',"hash":"' + h.encode() + b'"}\n')
PY
"$BIN" --journal "$U" verify >/dev/null || fail "the forged record should pass verify (its hash checks)"
before=$(sum "$U")
status=0; err=$("$BIN" --journal "$U" --as 031245 cell add --code A01 --name 幸福小区 --community 东街社区 --kind compound 2>&1 >/dev/null) \
    || status=$?
[ "$status" = 75 ] || fail "a write past an unreadable record exited $status, not 75"
echo "$err" | grep -qF "第 2 号记录（CellAdded）" || fail "the refusal does not name the record: $err"
echo "$err" | grep -qF "jingwu salvage" || fail "the refusal does not name the way out: $err"
[ "$(sum "$U")" = "$before" ] || fail "the refused write changed the journal"
new=$("$BIN" --journal "$U" --json salvage --out "$WORK/salvaged" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["journal"])')
[ "$(sum "$U")" = "$before" ] || fail "salvage changed the original"
"$BIN" --journal "$new" --as 031245 cell add --code A01 --name 幸福小区 --community 东街社区 --kind compound >/dev/null \
    || fail "the salvaged journal does not take writes"
"$BIN" --journal "$new" verify >/dev/null || fail "the salvaged journal does not verify"

echo "e2e-trust-clock: pinned clock refused on a real office, PIN waits across processes, damaged reads flagged, console read-only on background damage, salvage past an unreadable record"
