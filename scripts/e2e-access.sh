#!/usr/bin/env bash
# End-to-end check of sign-in, PINs and the idle lock with the real binary in tmux at 80x24.
#
# An office is made with the command line; the officer sets their first PIN and then the
# auxiliary's. Headless writes then need JINGWU_PIN as well as --as (exit 77 without it or
# with a wrong one). In the console (idle time 3 s via JINGWU_IDLE_SECONDS): a wrong PIN,
# then the right one; a visit is half typed; past the idle time the console locks and hides
# it; the same officer signs back in and the draft is there; after another lock the
# auxiliary signs in instead and the draft is gone. The journal holds SignInFailed and never
# a PIN in clear; `jingwu verify` passes.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-e2e.sh
e2e_setup access
e2e_find_bin JINGWU_BIN jingwu
NOW="2026-05-04T10:30:00+08:00"
J="$WORK/journal.jsonl"
jw() { "$BIN" --journal "$J" --now "$NOW" "$@"; }
ID="110105198001011238"  # valid check character (GB 11643)

jw init --test --station 城关派出所 --office 东街警务室 >/dev/null
jw --as 031245 officer add --badge 031245 --name 张伟 --role police >/dev/null
jw --as 031245 officer add --badge 031246 --name 李娜 --role auxiliary >/dev/null
jw --as 031245 cell add --code A01 --name 幸福小区 --community 东街社区 --kind compound >/dev/null
jw --as 031245 person add --name 王小明 --id-number "$ID" --category released --residency present-registered \
    --cell A01 --officer 031245 >/dev/null

# First PINs: the officer's own (no PIN in the office yet), then the auxiliary's by the officer.
P1=246810 jw --as 031245 officer pin --badge 031245 --new-pin-env P1 | grep -q 031245 || fail "first PIN not set"
status=0; P2=135790 jw --as 031245 officer pin --badge 031246 --new-pin-env P2 >/dev/null 2>&1 || status=$?
[ "$status" = 77 ] || fail "setting another PIN without signing in exited $status, not 77"
P2=135790 JINGWU_PIN=246810 jw --as 031245 officer pin --badge 031246 --new-pin-env P2 >/dev/null

# Headless writes: --as alone is refused once PINs exist; a wrong PIN too; the right one writes.
before="$(wc -c < "$J")"
status=0; jw --as 031245 patrol hazard --cell A01 --note 楼道堆物 >/dev/null 2>&1 || status=$?
[ "$status" = 77 ] || fail "a write with --as alone exited $status, not 77"
status=0; JINGWU_PIN=111111 jw --as 031245 patrol hazard --cell A01 --note 楼道堆物 >/dev/null 2>&1 || status=$?
[ "$status" = 77 ] || fail "a write with a wrong PIN exited $status, not 77"
[ "$(wc -c < "$J")" = "$before" ] || fail "a refused write changed the journal"
JINGWU_PIN=135790 jw --as 031246 patrol hazard --cell A01 --note 楼道堆物 >/dev/null
status=0; JINGWU_PIN=135790 jw --as 031246 person delist --person K0001 --reason 期满 >/dev/null 2>&1 || status=$?
[ "$status" = 77 ] || fail "an auxiliary's delisting exited $status, not 77"

e2e_start_shell JINGWU_IDLE_SECONDS=3
keys "'$BIN' --journal '$J' --now '$NOW' --as 031245" Enter
wait_for "请输入警号和密码"
if screen_text | grep -qF "幸福小区"; then fail "the sign-in screen shows the office's records"; fi
# --as offers the badge; a wrong PIN first.
text 000000; keys Enter
wait_for "密码不正确"
text 246810; keys Enter
wait_for "1 总览"

# Start typing a visit to K0001: method, by, with, then the finding.
keys 4
wait_for "K0001 王小明"
keys v Tab Tab Tab
text "在家务农情况稳定"
wait_for "在家务农情况稳定"
sleep 4
wait_for "已锁定"
if screen_text | grep -qF "在家务农"; then fail "the lock shows the draft"; fi
text 246810; keys Enter
wait_for "未保存的录入仍在"
wait_for "在家务农情况稳定"

# Lock again; the auxiliary signs in instead: the draft is not shown to her.
sleep 4
wait_for "已锁定"
keys Tab BSpace BSpace BSpace BSpace BSpace BSpace
text 031246; keys Enter
text 135790; keys Enter
wait_for "已丢弃"
if screen_text | grep -qF "在家务农"; then fail "another officer sees the draft"; fi
keys 4
wait_for "K0001 王小明"
if screen_text | grep -qF "在家务农"; then fail "the draft is still in the persons screen"; fi
keys q
wait_shell
expect_restored access

# The journal: the failed try is recorded; no PIN in clear anywhere; nothing else broke.
jw log --type SignInFailed | grep -q 031245 || fail "no SignInFailed in the journal"
for pin in 246810 135790 000000 111111; do
    if grep -qF "$pin" "$J"; then fail "PIN $pin is in the journal in clear"; fi
done
if jw log --type VisitRecorded | grep -q .; then fail "the draft visit was written"; fi
jw verify >/dev/null || fail "verify failed"
echo "e2e-access: ok"
