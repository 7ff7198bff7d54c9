#!/usr/bin/env bash
# End-to-end check of 统计 periods and the anti-fraud report (issue 17) with the real binary
# in tmux at 80x24 on a 60-day demo district.
#
# In the console: 统计 → 反诈 opens at its default (本月) with the period in the title; `p`
# steps to 上月 and the figures on screen are those of `jingwu report fraud --period
# last-month`; `P` steps back; `r` refuses a time that does not read and an end before the
# start at their fields, then shows the typed range; choosing periods writes nothing. Then
# the command line: every format of `report fraud`, a bad --period (exit 64), no whole phone
# number anywhere, and `jingwu verify` passes.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-e2e.sh
e2e_setup reports
e2e_find_bin JINGWU_BIN jingwu
NOW="2026-12-02T16:30:00+08:00"
J="$WORK/demo.jsonl"
jw() { "$BIN" --journal "$J" --now "$NOW" "$@"; }

jw demo --days 60 >/dev/null
# Last month's figures from the command line (taken first: a report naming key persons is recorded).
json="$(JINGWU_PIN=123456 jw report fraud --period last-month --format json --as 031245)"
fig() { echo "$json" | grep -oE "\"$1\":[0-9]+" | head -1 | cut -d: -f2; }
before="$(sha256sum "$J" | cut -d' ' -f1)"

e2e_start_shell
keys "'$BIN' --journal '$J' --now '$NOW'" Enter
wait_for "请输入警号和密码"
text 123456
keys Enter
wait_for "1 总览"

# 反诈 (the last 统计 tab) opens at this month.
keys 9 Left
wait_for "反诈预警与劝阻统计（本月）"
[ "$(row 4)" = "反诈预警与劝阻统计（本月）  2026-12-01 00:00 — 2026-12-02 16:30" ] || fail "title row: '$(row 4)'"
# Eleven tabs fill the tab line at 80 columns: the title row names the period (above).
row 3 | grep -qE '  反诈 *$' || fail "the tab shown is not on the tab line: '$(row 3)'"

# p: last month; the figures are the command line's.
keys p
wait_for "反诈预警与劝阻统计（上月 2026-11）"
for pair in "本期预警:received" "本期劝阻（次）:dissuasions" "劝阻成功:dissuaded" "已受骗:defrauded" "期末未劝阻预警:pending"; do
    label="${pair%%:*}" key="${pair#*:}" want="$(fig "${pair#*:}")"
    [ -n "$want" ] || fail "report fraud --format json has no $key"
    screen_text | grep -qE "(^|  )$label $want( |\$)" || fail "screen shows no '$label $want' (report fraud: $key=$want)"
done

# P steps back to this month; r refuses at the field, then takes the range.
keys P
wait_for "反诈预警与劝阻统计（本月）"
keys r
wait_for "自定统计时段"
keys C-u
text abc
keys F10
wait_for "统计起始时间看不懂"
keys C-u
text 2026-11-01
keys Tab C-u
text 2026-10-15
keys F10
wait_for "统计截止时间须晚于起始时间（2026-11-01 00:00）"
keys C-u
text 2026-12-01
keys F10
wait_for "反诈预警与劝阻统计（自定时段）"
row 4 | grep -qF '反诈预警与劝阻统计（自定时段）' || fail "the typed period is not named in the title: '$(row 4)'"
keys p
wait_for "反诈预警与劝阻统计（本班"
keys q
wait_shell
[ "$(sha256sum "$J" | cut -d' ' -f1)" = "$before" ] || fail "choosing periods changed the journal"

# The command line: every format, the period's errors, no whole phone number.
for format in text md csv json; do
    out="$(JINGWU_PIN=123456 jw report fraud --period week --format "$format" --as 031245)"
    echo "$out" | grep -qF "反诈预警与劝阻统计（本周）" || [ "$format" = json ] || fail "report fraud --format $format has no title"
    echo "$out" | grep -qE '1[3-9][0-9]{9}' && fail "report fraud --format $format shows a whole mobile number"
done
set +e
jw report fraud --period lastweek >/dev/null 2>"$WORK/err"; status=$?
set -e
[ "$status" = 64 ] || fail "a bad --period exits $status, not 64"
grep -qF -- "--period" "$WORK/err" || fail "a bad --period is not named: $(cat "$WORK/err")"
jw verify >/dev/null || fail "verify failed"
echo "e2e-reports: ok (统计 反诈 本月, 上月 = report fraud, P, a typed range refused then taken, every format)"
