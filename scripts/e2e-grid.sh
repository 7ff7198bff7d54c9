#!/usr/bin/env bash
# End-to-end check of issue 19's console forms on the 网格 screen (session 11) and 统计's
# 更多报表, with the real binary in tmux at 80x24, TERM=xterm-256color.
#
# An office is made on the command line: 东街社区 with 网格 G01 (point B01, a building of two
# units, three 户, a 出租屋, a resident) and a point A01 in no 网格; 西街社区 with G02 (point C01, a
# building, one 户); a 联户长 L0101. In the console (3, w) the officer adds a 网格 (a duplicate code
# refused at its field), corrects its name (no reason: refused), moves A01 into it (C01 of the
# other community: refused at 网格), assigns the 联户长 to a unit (another community's unit:
# refused at 单元), inspects the 出租屋 (a bad tenants number refused), changes a resident's
# 人户状态, and filters the residents by the whole ID number (nothing matches, nothing shows it);
# each refusal leaves the journal byte for byte as it was. Then 统计 `m` opens 联户长覆盖.
# `jingwu verify` passes.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-e2e.sh
e2e_setup grid
e2e_find_bin JINGWU_BIN jingwu
NOW="2026-05-04T10:30:00+08:00"
J="$WORK/journal.jsonl"
ID=110105198001010016
jw() { "$BIN" --journal "$J" --now "$NOW" "$@"; }
same() { [ "$(sha256sum < "$J")" = "$1" ] || fail "$2 changed the journal"; }

jw init --test --station 城关派出所 --office 东街警务室 >/dev/null
w() { jw --as 031245 "$@" >/dev/null; }
w officer add --badge 031245 --name 张伟 --role police
w officer add --badge L0101 --name 刘桂兰 --role household-leader
w cell add --code A01 --name 幸福小区 --community 东街社区 --kind compound
w grid add --code G01 --name 幸福网格 --community 东街社区 --worker-name 周网格
w cell add --code B01 --name 幸福二区 --community 东街社区 --kind compound --grid G01
w building add --name 幸福二区1号楼 --cell B01 --units 2
w household add --building B0001 --unit 1 --door 101 --address 东街8号幸福二区1号楼1单元101
w household add --building B0001 --unit 1 --door 102 --address 东街8号幸福二区1号楼1单元102
w resident add --household HH0001 --name 刘大 --id-number "$ID" --status present-registered
w rental add --household HH0001 --landlord 周房东
w grid add --code G02 --name 西街网格 --community 西街社区 --worker-name 吴网格
w cell add --code C01 --name 西街小区 --community 西街社区 --kind compound --grid G02
w building add --name 西街小区1号楼 --cell C01 --units 1
w household add --building B0002 --unit 1 --door 101 --address 西街1号西街小区1号楼1单元101
P1=246810 jw --as 031245 officer pin --badge 031245 --new-pin-env P1 >/dev/null

e2e_start_shell
keys "'$BIN' --journal '$J' --now '$NOW' --as 031245" Enter
wait_for "请输入警号和密码"
text 246810; keys Enter
wait_for "1 总览"

# 3, w: the 网格 list; a adds one, the duplicate code refused at its field.
keys 3 w
wait_for "G01 幸福网格"
keys a
wait_for ">网格编号"
before="$(sha256sum < "$J")"
text g01; keys Tab; text 学校网格; keys F10
wait_for "网格编号：G01 已存在"
same "$before" "a duplicate 网格"
keys C-u; text G03; keys F10
wait_for "已登记 G03"
wait_for "G03 学校网格"

# m on G03 (selected once added): the name corrected; no reason refused first.
keys m  # the new 网格 is selected
wait_for "更正网格（G03 学校网格）"
before="$(sha256sum < "$J")"
keys C-u; text 学校路网格; keys F10
wait_for "更正原因：必须填写"
same "$before" "a correction without a reason"
text 名称写错; keys F10
wait_for "已更正 G03"
wait_for "G03 学校路网格"
tail -1 "$J" | grep -qF '"changes":{"name":"学校路网格"}' || fail "no amend: $(tail -1 "$J")"

# Enter G03, p: C01 (西街社区) refused at 网格, A01 moved in.
keys Enter
wait_for "网格 › G03 学校路网格"
keys p
wait_for "移入点位（G03 学校路网格）"
moved="$(sha256sum < "$J")"
text C01; keys Tab Tab; text 划入学校路网格; keys F10
wait_for "网格：G03 属于 东街社区，不是 西街社区"
same "$moved" "a point moved into another community's 网格"
keys Up Up C-u; text A01; keys F10
wait_for "已将点位 A01 移入 G03 学校路网格"
keys Escape
wait_for "G03 学校路网格"

# G01 → B0001: l assigns L0101 to 1单元; another community's unit refused at 单元.
keys Up Up Enter
wait_for "B0001 幸福二区1号楼"
keys Enter
wait_for "1单元"
keys l
wait_for "指定联户长"
assigned="$(sha256sum < "$J")"
text L0101; keys Tab End; text "，B0002-1"; keys F10
wait_for "单元：B0002-1 属于 西街社区，不是 东街社区"
same "$assigned" "an assignment across communities"
for _ in 1 2 3 4 5 6 7 8; do keys BSpace; done
keys F10
wait_for "已指定联户长 刘桂兰（L0101）"
wait_for "刘桂兰(L0101)"

# Session 12: d voids it — no reason refused at 作废原因, n writes nothing, y voids and recounts.
keys d
wait_for "作废联户长指定（B0001-1）"
voided="$(sha256sum < "$J")"
keys F10
wait_for "作废原因：必须填写"
keys Tab; text 指定错了; keys F10
wait_for "作废这一条？"
keys n
wait_for "未作废"
same "$voided" "a void answered no"
keys d; wait_for "作废联户长指定（B0001-1）"
keys Tab; text 指定错了; keys F10; wait_for "作废这一条？"; keys y
wait_for "已作废联户长 刘桂兰（L0101）的指定"
wait_for "1单元     2 无联户长"
tail -1 "$J" | grep -qF '"type":"EntryVoided"' || fail "no void: $(tail -1 "$J")"
keys l; wait_for "指定联户长"; text L0101; keys F10
wait_for "已指定联户长 刘桂兰（L0101）"

# The 户 list: i on HH0001 (RT0001), a bad tenants number refused.
keys Enter
wait_for "HH0001 101"
keys i
wait_for "出租屋检查（RT0001"
inspected="$(sha256sum < "$J")"
text 消防器材齐全; keys Tab; text 两人; keys F10
wait_for "承租人数：取值无效：两人"
same "$inspected" "a bad tenants number"
keys C-u; text 2; keys F10
wait_for "已记录 RT0001 的出租屋检查"

# Its residents: s changes 刘大's 人户状态; / with the whole ID number finds nothing, shows nothing.
keys Enter
wait_for "R0001  刘大"
keys s
wait_for "人户状态更正（R0001 刘大）"
keys Right Tab Tab Tab; text 走访核实已外出; keys F10  # (session 12: past the two 暂住 date fields)
wait_for "已更正 R0001"
wait_for "户在人不在"
keys /; text "$ID"; keys Enter
wait_for "没有符合筛选「110105********0016」的记录"
if screen_text | grep -qF "$ID"; then fail "the whole ID number is on the screen"; fi
keys / C-u; text 刘大; keys Enter
wait_for "R0001  刘大"

# 统计, m: every report with no tab; 联户长覆盖 opens as a tab would.
keys 9 m
wait_for "更多报表（10）"
keys End Enter
wait_for "更多：联户长覆盖"
keys q
wait_shell
expect_restored quit
jw verify >/dev/null || fail "verify failed"
echo "e2e-grid: ok (网格 added and corrected, a point moved, 联户长 assigned and voided (d), 出租屋 inspected, 人户状态 changed, refusals at their fields with the journal unchanged, no whole ID number, 更多报表)"
