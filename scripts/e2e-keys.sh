#!/usr/bin/env bash
# End-to-end check of issue 17's keys with the real binary in tmux at 80x24, TERM=xterm-256color:
# tmux sends Home/End as ESC [ 1 ~ / ESC [ 4 ~, which that terminfo entry does not list
# (before, Home typed `[1~` into a field, and End switched to screen 4 through its `4`).
#
# 1. A text field: Home and End move the cursor, nothing of the sequence is typed; Delete.
# 2. A list (警情, 30 incidents): End, Home, PgDn, PgUp select the last, first, a page on and
#    back (Enter opens the one selected); F1 opens help, F5 and Insert do nothing.
# 3. Alt+1 (ESC 1) does not switch to 总览, and an unknown sequence types nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-e2e.sh
e2e_setup keys
e2e_find_bin JINGWU_BIN jingwu
e2e_office
"${jw[@]}" --as 031245 cell add --code A01 --name 菜市场 --community 东街社区 --kind street --x 0 --y 0 >/dev/null
for i in $(seq 1 30); do
    "${jw[@]}" --as 031245 incident add --cell A01 --kind theft --summary "电动车被盗$i" --source 110 >/dev/null 2>&1
done
e2e_start_shell

keys "clear; '$BIN' --journal '$J' --now '$NOW' --as 031245" Enter
wait_for "1 总览"

# 1. 受理纠纷's 当事人 field: 李四, Home, 张三，, End, 、王五, Home, Delete.
keys 5 n Tab
text "李四"
keys Home
text "张三，"
keys End
text "、王五"
keys Home Delete
wait_for "三，李四、王五"
screen_text | grep -qF '[1~' && fail "Home typed [1~ into the field"
screen_text | grep -qF '[4~' && fail "End typed [4~ into the field"
screen_text | grep -qF '张三，李四' && fail "Delete did not delete"
keys Escape
wait_for "(y)"
keys y

# 2. 警情: newest first, so End is I0001 and Home is I0030.
keys 6
wait_for "I0030"
# Opens the selected incident and prints its id (the detail's first row).
opened() { keys Enter; wait_for "时间 2026-05-04"; row 3 | cut -c1-5; keys Escape; wait_for "显示："; }
keys End
[ "$(opened)" = I0001 ] || fail "End did not select the last incident"
keys Home
[ "$(opened)" = I0030 ] || fail "Home did not select the first incident"
keys NPage
page="$(opened)"
case "$page" in I0030 | I0029 | I0001) fail "PgDn moved to $page, not a page on" ;; esac
keys PPage
[ "$(opened)" = I0030 ] || fail "PgUp did not come back to the first incident"
keys F1
wait_for "帮助：警情"
keys Escape
keys F5 IC
sleep 0.3
screen_text | grep -qF "帮助：警情" && fail "help did not close"

# 3. Alt+1 and an unknown sequence (ESC [ 99 ~) change nothing: still on 警情.
keys M-1
"${TMUX_CMD[@]}" send-keys -t e2e -H 1b 5b 39 39 7e
sleep 0.3
screen_text | grep -q "在巡 [0-9]* 组" && fail "Alt+1 switched to 总览"
screen_text | grep -qF "I0030" || fail "no longer on 警情 after Alt+1"
screen_text | grep -qF "~" && fail "an unknown sequence typed something"

keys q
wait_shell
expect_restored keys
echo "e2e-keys: OK"
