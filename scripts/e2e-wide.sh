#!/usr/bin/env bash
# End-to-end check that a popup drawn over Chinese text stays in its columns on a real terminal
# (tmux at 80x24, TERM=xterm-256color). The in-memory screen of the unit tests blanks the other
# half of a wide character a popup cuts; ncurses does so when a wide character is written over
# part of another, but not when a single-width one (a box border) lands on a wide character's
# second half: it then printed both, and the rest of that row stood one column to the right
# (巡逻's F1 help over 「定点守候」: the border, the key names and the right border all shifted).
#
# 1. 巡逻 with 定点守候 patrols (the mode column runs under the help popup's left border), F1:
#    on every row of the popup the left and right borders stand in the same display columns.
# 2. The same after closing the popup: the list's rows are whole again (no half characters).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-e2e.sh
e2e_setup wide
e2e_find_bin JINGWU_BIN jingwu
e2e_office
"${jw[@]}" --as 031245 cell add --code A01 --name 菜市场 --community 东街社区 --kind street --x 0 --y 0 >/dev/null
for i in 1 2 3 4 5 6; do
    p="$("${jw[@]}" --as 031245 --json patrol start --mode post --lead 031245 --cells A01 | sed -n 's/.*"id":"\(P[0-9]*\)".*/\1/p')"
    [ -n "$p" ] || fail "patrol start printed no patrol id"
    "${jw[@]}" --as 031245 patrol end --patrol "$p" >/dev/null
done
e2e_start_shell

keys "clear; '$BIN' --journal '$J' --now '$NOW' --as 031245" Enter
wait_for "1 总览"
keys 2
wait_for "定点守候"
keys F1
wait_for "帮助：巡逻"

# The display columns of the first and last box-drawing border on each row of the popup.
borders() {
    screen_text | python3 -c '
import sys, unicodedata
def cols(line, ch):
    out, c = [], 0
    for x in line:
        if x == ch: out.append(c)
        c += 2 if unicodedata.east_asian_width(x) in "WF" else 1
    return out
for n, line in enumerate(sys.stdin.read().split("\n"), 1):
    bars = cols(line, "\u2502")
    if len(bars) >= 2: print(n, bars[0], bars[-1])
'
}
b="$(borders)"
[ "$(echo "$b" | wc -l)" -ge 8 ] || fail "the help popup has fewer than 8 bordered rows: $b"
# Rows where the popup cuts 「定点守候」 in half must be among them (the case this checks): the
# half character left of the border shows as a space.
cut_rows=$(screen_text | grep -cE "^P[0-9]{4} 定点守 [│┌]" || true)
[ "$cut_rows" -ge 3 ] || fail "fewer than 3 rows where the popup's border cuts 定点守候 ($cut_rows)"
shapes="$(echo "$b" | awk '{print $2, $3}' | sort -u)"
[ "$(echo "$shapes" | wc -l)" -eq 1 ] || fail "the popup's borders are not in one column on every row: $(echo "$b" | tr '\n' ';')"
echo "e2e-wide: popup borders at columns $shapes on $(echo "$b" | wc -l) rows"

# 2. Closed again: every 定点守候 row reads whole, its columns as before.
keys Escape
wait_for "计划点位 0/1：A01"
screen_text | grep -q "帮助：巡逻" && fail "the help popup is still shown"
whole=$(screen_text | grep -cE "^P[0-9]{4} 定点守候 +张伟 " || true)
[ "$whole" -ge 6 ] || fail "after the popup only $whole of the 6 定点守候 rows read whole"
keys q
wait_shell
expect_restored wide
echo "e2e-wide: ok"
