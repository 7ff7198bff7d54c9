#!/usr/bin/env bash
# End-to-end check of the roster (人员名册, key 0) and the recorded phone reveal with the real
# binary in tmux at 80x24, TERM=xterm-256color.
#
# An office with a police officer (PIN 246810) and a fraud warning is made on the command
# line. In the console the officer opens the roster, enrols an auxiliary with a Chinese name
# (the number field is named 辅警编号) and gives her a first PIN typed twice (her PIN never
# appears on screen or in the journal). F12 locks; she signs in with it and tries to enrol:
# refused in Chinese naming the field, the journal unchanged. She reveals the warning's phone
# for a dissuasion call: the access record (with its purpose) is written before the number
# shows, and leaving the warning hides it. `jingwu verify` passes.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-e2e.sh
e2e_setup roster
e2e_find_bin JINGWU_BIN jingwu
NOW="2026-05-04T10:30:00+08:00"
J="$WORK/journal.jsonl"
jw() { "$BIN" --journal "$J" --now "$NOW" "$@"; }

jw init --test --station 城关派出所 --office 东街警务室 >/dev/null
jw --as 031245 officer add --badge 031245 --name 张伟 --role police >/dev/null
jw --as 031245 cell add --code A01 --name 幸福小区 --community 东街社区 --kind compound >/dev/null
P1=246810 jw --as 031245 officer pin --badge 031245 --new-pin-env P1 >/dev/null
JINGWU_PIN=246810 jw --as 031245 fraud warn --level high --phone 13800138000 --target 王大妈 --cell A01 >/dev/null

e2e_start_shell
keys "'$BIN' --journal '$J' --now '$NOW' --as 031245" Enter
wait_for "请输入警号和密码"
text 246810; keys Enter
wait_for "1 总览"

# The roster: key 0.
keys 0
wait_for "名册：民警 1 · 辅警 0"
[ "$(row 5)" = "031245    张伟 民警 已设置   05-04 10:30 本人" ] || fail "roster row: '$(row 5)'"
keys n
wait_for "登记人员（"
keys Tab
wait_for ">辅警编号"
text F201; keys Tab
text 王芳
wait_for "王芳"
keys F10
wait_for "设置王芳（辅警编号 F201）的密码"
text 246810; keys Tab; text 112233; keys Tab; text 112233
wait_for ">再输入新密码            ••••••"
if screen_text | grep -qF 112233; then fail "a PIN is on the screen"; fi
keys F10
wait_for "王芳（辅警编号 F201）：密码已设置"
wait_for "F201      王芳 辅警 已设置"
if grep -qF 112233 "$J"; then fail "a PIN is in the journal"; fi

# F12: she signs in with her new PIN and tries to enrol someone.
keys F12
wait_for "已锁定"
keys Tab C-u
text F201; keys Tab; text 112233; keys Enter
wait_for "操作人 F201"
keys 0
wait_for "（登记、作废、设他人密码须民警）"
before="$(sha256sum < "$J")"
keys n
wait_for "警号/编号：F201（辅警）无权登记人员，须由民警办理；未写入任何内容"
[ "$(sha256sum < "$J")" = "$before" ] || fail "a refused enrolment changed the journal"

# The fraud warning's phone, revealed for the call: recorded first, with the purpose.
keys 6 f
wait_for "F0001"
keys Enter
wait_for "电话 138****8000"
if screen_text | grep -qF 13800138000; then fail "the phone shows before the reveal"; fi
keys r
wait_for ">查看事由   < 电话劝阻 >"
if screen_text | grep -qF 13800138000; then fail "the phone shows while the purpose is asked"; fi
keys Enter
wait_for "电话 13800138000"
tail -1 "$J" | grep -qF '"kind":"reveal-phone","persons":[],"purpose":"电话劝阻","subject":"F0001"' \
    || fail "the reveal is not the last record: $(tail -1 "$J")"
keys Escape
wait_for "反诈预警：待劝阻 1"
if screen_text | grep -qF 13800138000; then fail "the phone still shows after leaving the warning"; fi
keys Enter
wait_for "电话 138****8000"
keys q
wait_shell
expect_restored quit
jw verify >/dev/null || fail "verify failed"
echo "e2e-roster: ok"
