#!/usr/bin/env bash
# End-to-end check of issue 17's handover with the real binary in tmux at 80x24, TERM=xterm-256color,
# on a demo district (every officer's PIN 123456; at 22:00 the night shift S0004 is 严伟宇's, F102):
#
# 1. 交接班 h: the incoming officer, two lines of Chinese notes (Enter makes the second line inside
#    the field, Tab moves on), F10 asks 「交班后不能修改，确认交班？」; Ctrl-C on the question is no and
#    nothing is written; Ctrl-C in the form asks before discarding, n keeps the notes; F10 y hands over.
# 2. a F10: the console locks for the incoming officer; one sign-in writes the acknowledgement in
#    their name (no `a` F10 again). The notes are in the event as two lines.
# 3. Ctrl-C on a list with no form open quits, and the shell gets a sane terminal back.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-e2e.sh
e2e_setup handover
e2e_find_bin JINGWU_BIN jingwu
NOW="2026-05-04T22:00:00+08:00"
J="$WORK/journal.jsonl"
"$BIN" demo --journal "$J" --days 2 --now "$NOW" >/dev/null 2>&1
HANDOVERS=$(grep -c '"ShiftHandedOver"' "$J")
e2e_start_shell

keys "clear; '$BIN' --journal '$J' --now '$NOW'" Enter
wait_for "登录"
text 123456
keys Enter
wait_for "严伟宇（F102）已登录"

# 1. Hand over to 姜佳华 (031902) with two lines of notes.
keys 7 h
wait_for "交班 S0004"
text 031902
keys Tab
text "农贸市场诈骗警情未结，明早回访"
keys Enter
text "对讲机一部电量不足，已充电"
wait_for "对讲机一部电量不足，已充电"
screen_text | grep -qE '^>交班说明 +农贸市场诈骗警情未结，明早回访$' || fail "first line of the notes: '$(row 6)'"
screen_text | grep -qE '^ +对讲机一部电量不足，已充电$' || fail "second line of the notes under the first"
keys F10
wait_for "交班后不能修改，确认交班？"
keys C-c
wait_for "尚未交班，可继续修改"
[ "$(grep -c '"ShiftHandedOver"' "$J")" = "$HANDOVERS" ] || fail "handed over on Ctrl-C"
keys C-c
wait_for "表单中有未保存的内容，确定放弃吗？"
keys n
wait_for "对讲机一部电量不足，已充电"
keys F10
wait_for "交班后不能修改，确认交班？"
keys y
wait_for "S0004 已交班给 姜佳华，等待接班确认"
wait_for "    对讲机一部电量不足，已充电"
grep -F '"ShiftHandedOver"' "$J" | grep -qF '"notes":"农贸市场诈骗警情未结，明早回访\n对讲机一部电量不足，已充电"' \
    || fail "the notes are not in the event as two lines"

# 2. The incoming officer acknowledges: a, F10, their PIN once.
keys a
wait_for "接班确认 S0004"
keys F10
wait_for "交接班：请 姜佳华（031902）输入密码"
text 123456
keys Enter
wait_for "姜佳华 已确认接班，当前班次 S0005"
tail -2 "$J" | head -1 | grep -F '"ShiftAcknowledged"' | grep -qF '"by":"031902","data"' \
    || fail "the acknowledgement is not the record before the last, in her name"

# 3. Ctrl-C on a list quits; the terminal comes back sane.
keys 1 C-c
wait_shell
expect_restored handover
echo "e2e-handover: ok"
