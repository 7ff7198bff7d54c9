#!/usr/bin/env bash
# End-to-end check of 总览's "what needs me now", the `/` search and the `#` jump (issue 17)
# with the real binary in tmux at 80x24, TERM=xterm-256color:
#   1. 总览 lists the open hazard with its days open and the fraud warning, masked.
#   2. `/` on 总览, a Chinese name typed as an input method sends it (UTF-8): the person, the
#      dispute where they are a party and the incident naming them are found; Enter opens the person.
#   3. A whole ID number finds the person and the list shows it masked; part of it finds nothing.
#   4. `#` and a number on 矛盾纠纷 open that case file.
#   5. Nothing was written by searching.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-e2e.sh
e2e_setup search
e2e_find_bin JINGWU_BIN jingwu
NOW="2026-05-04T09:00:00+08:00"
ID="110101199001010015"   # valid GB 11643 number (check character 5)

J="$WORK/journal.jsonl"
jw() { "$BIN" --journal "$J" --now "$NOW" "$@"; }
jw init --test --station 城关派出所 --office 东街警务室 >/dev/null
jw officer add --badge 031245 --name 张伟 --role police >/dev/null
jw --as 031245 cell add --code A01 --name 幸福小区 --community 东街社区 --kind compound >/dev/null
jw --as 031245 person add --name 孙小梅 --id-number "$ID" --category released --residency present-registered \
    --cell A01 --officer 031245 >/dev/null
jw --as 031245 dispute open --category neighbour --parties "孙小梅;钱多多" --cell A01 --summary 楼上漏水 >/dev/null
jw --as 031245 dispute open --category family --parties "赵某" --cell A01 --summary 赡养 >/dev/null
jw --as 031245 incident add --cell A01 --kind theft --summary "孙小梅报电动车被盗" --source 110 >/dev/null
jw --as 031245 fraud warn --level high --target 钱多多 --phone 13800001234 --cell A01 >/dev/null
jw --as 031245 patrol start --mode foot --lead 031245 --cells A01 >/dev/null
jw --as 031245 patrol hazard --patrol P0001 --cell A01 --note 消防通道堵塞 >/dev/null
size="$(wc -c <"$J")"

e2e_start_shell
keys "clear; '$BIN' --journal '$J' --now '$NOW' --as 031245" Enter
wait_for "1 总览"

# 1. What needs the officer now.
wait_for "反诈预警待劝阻 1"
wait_for "F0001 高 钱多多 138****1234"
wait_for "未整改隐患 1"
wait_for "H0001"
screen_text | grep -qF 13800001234 && fail "the overview shows a whole phone number"

# 2. A Chinese name, as an input method sends it.
keys /
wait_for "查找（重点人员、纠纷当事人、警情、反诈预警、接访日、整改通知书、隐患）"
text 孙小梅
wait_for "找到 3 条"
wait_for "K0001 孙小梅 110101********0015"
wait_for "D2026-0001"
wait_for "孙小梅报电动车被盗"
keys Enter
wait_for "身份证号 110101********0015"
screen_text | grep -qF "$ID" && fail "the person's page shows the whole ID number"
keys Escape

# 3. An ID number matches only whole.
keys 1 /
text "${ID:0:14}"
wait_for "找到 0 条"
text "${ID:14}"
wait_for "找到 1 条"
[ "$(screen_text | grep -cF "$ID")" = 1 ] || fail "the whole ID number is on screen outside the line typed in"
keys Escape
sleep 0.3
screen_text | grep -qF "查找（" && fail "Esc did not close the search"

# 4. `#` and a number on 矛盾纠纷.
keys 5
text "#"
wait_for "跳到编号（矛盾纠纷）"
text 2
wait_for "D2026-0002"
keys Enter
wait_for "赡养"

keys q
wait_shell
# 5. Searching wrote nothing.
[ "$(wc -c <"$J")" = "$size" ] || fail "the journal changed"
echo "e2e-search: ok"
