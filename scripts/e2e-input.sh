#!/usr/bin/env bash
# End-to-end check of issue 15's input paths with the real binary in tmux at 80x24.
#
# 1. Completion fields: in 受理纠纷 Tab past the empty 点位 and F10 is refused at 点位 with the
#    journal's bytes unchanged; a Chinese name typed, Tab keeps it as typed; Enter on the
#    highlighted suggestion takes the cell; typing a code over it replaces it (never
#    C01-1C05-2); then the dispute is saved with that cell. 开始巡逻 with 带队 cleared and
#    Tab'd past is refused the same way.
# 2. The same patrol checking in at the same cell twice (code and Enter twice) is refused on
#    the message line with the earlier time, the code stays in the check-in line, nothing is
#    written; `jingwu patrol checkin` repeated exits 65 with the journal unchanged.
# 3. 日志's 对象编号 filter finds a hazard and a fraud warning typed in small letters.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-e2e.sh
e2e_setup input
e2e_find_bin JINGWU_BIN jingwu
e2e_office
x=0
for code in C01-1:锦绣花园东区 C05-2:和平小区西区 A03:菜市场; do
    "${jw[@]}" --as 031245 cell add --code "${code%%:*}" --name "${code#*:}" --community 东街社区 --kind street \
        --x $((x % 2)) --y $((x / 2)) >/dev/null
    x=$((x + 1))
done
"${jw[@]}" --as 031245 fraud warn --level high --phone 13800138000 --target 赵阿姨 --cell A03 >/dev/null
sum() { sha256sum "$J" | cut -d' ' -f1; }
e2e_start_shell

keys "clear; '$BIN' --journal '$J' --now '$NOW' --as 031245" Enter
wait_for "1 总览"

# 1. 受理纠纷: category, parties, source, then Tab past the empty 点位 to 纠纷概况.
keys 5 n Right Tab
text "张三;李四"
keys Tab Tab Tab
text 楼上漏水
before="$(sum)"
keys F10
wait_for "点位：必须填写"
[ "$(sum)" = "$before" ] || fail "a refused dispute form wrote to the journal"
screen_text | grep -qE '^>点位 *$' || fail "点位 was filled in: $(screen_text | grep '点位 ' | head -1)"
text 和平
keys Tab
wait_for ">纠纷概况"
screen_text | grep -qE '^ 点位 +和平 *$' || fail "Tab took a suggestion: $(screen_text | grep '点位 ' | head -1)"
keys BTab Enter
wait_for "C05-2            和平小区西区"
text C01-1
wait_for "C01-1            锦绣花园东区"
screen_text | grep -q "C05-2C01-1\|C01-1C05-2" && fail "typing over an accepted cell appended to it"
keys F10
wait_for "已受理纠纷 D2026-0001"
"${jw[@]}" log --type DisputeOpened | grep -q '"cell":"C01-1"' || fail "the dispute was not saved at C01-1"

# 开始巡逻: 带队 cleared (Ctrl-U) and Tab'd past, F10 refused; then ↓ Enter picks 031245.
keys 2 n Tab Tab C-u Tab
before="$(sum)"
keys F10
wait_for "带队：必须填写"
[ "$(sum)" = "$before" ] || fail "a refused patrol form wrote to the journal"
keys Down Enter
wait_for "031245           张伟"
keys F10
wait_for "已开始巡逻 P0001"

# 2. The same code and Enter twice: refused on the message line, the code stays, nothing written.
text A03
keys Enter
wait_for "已签到：P0001 到 A03"
before="$(sum)"
text A03
keys Enter
wait_for "P0001 已于 09:00:00 在 A03 签到，5 分钟内不重复签到，未写入"
screen_text | grep -q "签到点位> A03" || fail "the code left the check-in line"
[ "$(sum)" = "$before" ] || fail "a repeated check-in wrote to the journal"
keys Escape
set +e
"${jw[@]}" --as 031245 patrol checkin --patrol P0001 --cell a03 >/dev/null 2>"$WORK/err"
status=$?
set -e
[ "$status" = 65 ] || fail "a repeated patrol checkin exited $status"
grep -q "P0001 已于 09:00:00 在 A03 签到" "$WORK/err" || fail "refusal: $(cat "$WORK/err")"
[ "$(sum)" = "$before" ] || fail "a repeated patrol checkin wrote to the journal"

# 3. 日志: a hazard and a fraud warning by their short ids, in small letters.
keys h Tab Tab  # 点位 (the last check-in's, A03), 类别 → 情况
text 电动车楼道充电
keys F10
wait_for "已记录隐患 H0001"
keys 8 /
keys Tab Tab Tab Tab
text h0001
keys F10
wait_for "筛选出 1 条记录"
wait_for "隐患=H0001"
keys / Tab Tab Tab Tab C-u
text f0001
keys F10
wait_for "筛选出 1 条记录"
wait_for "反诈预警"

keys C-x
wait_shell
expect_restored input
echo "e2e-input: ok"
