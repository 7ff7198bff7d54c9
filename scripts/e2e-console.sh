#!/usr/bin/env bash
# End-to-end check of the console with the real binary in tmux at 80x24.
#
# For each language (Chinese, then --lang en): create a journal with the command line
# (init, officer add, cell add), open the console, start a foot patrol with a member and
# three planned cells, enter a wrong cell code (refused at the field, nothing written),
# check in three cells, record a hazard with Chinese text, end the patrol, quit with q,
# and check that the shell got its terminal back. Then `jingwu log` and `jingwu verify`
# must show exactly the events typed. Also checks that a journal-less start shows the
# first-run screen and that the map and gap list of a 14-day demo agree with
# `jingwu report coverage` for the same --now.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-e2e.sh
e2e_setup console
e2e_find_bin JINGWU_BIN jingwu
NOW="2026-05-04T09:00:00+08:00"
e2e_start_shell

# Per-language texts the flow waits for: lang, started, checked in, refused, hazard, ended.
flow() {
    local lang="$1" started="$2" checked="$3" refused="$4" hazard="$5" ended="$6"
    local journal="$WORK/$lang/journal.jsonl"
    local jw=("$BIN" --journal "$journal" --now "$NOW" --lang "$lang")
    "${jw[@]}" init --test --station 城关派出所 --office 东街警务室 >/dev/null
    "${jw[@]}" officer add --badge 031245 --name 张伟 --role police >/dev/null
    "${jw[@]}" --as 031245 officer add --badge 031246 --name 李娜 --role auxiliary >/dev/null
    local code x=0
    for code in A01:幸福小区 A02:东街 A03:菜市场 A04:学校路; do
        "${jw[@]}" --as 031245 cell add --code "${code%%:*}" --name "${code#*:}" --community 东街社区 --kind street \
            --x $((x % 2)) --y $((x / 2)) >/dev/null
        x=$((x + 1))
    done
    local before
    before="$("${jw[@]}" log | wc -l)"

    keys "clear; '$BIN' --journal '$journal' --now '$NOW' --lang $lang --as 031245" Enter
    wait_for "$([ "$lang" = zh ] && echo '1 总览' || echo '1 Home')"
    [ "$(pane_value '#{alternate_on}')" = 1 ] || fail "$lang: console is not on the alternate screen"

    # Start a foot patrol: mode and dress as they are, lead prefilled, member, planned cells.
    keys 2 n Tab Tab Tab
    text 031246
    keys Tab
    text A01,A02,A03
    keys F10
    wait_for "$started"
    echo "$(row 4)" | grep -qE '^P0001 ' || fail "$lang: patrol row is '$(row 4)'"

    # A wrong cell code: refused at the field, nothing written; Esc leaves the entry.
    text ZZ9
    keys Enter
    wait_for "$refused"
    keys Escape

    # Three check-ins: the cell code and Enter.
    for code in A01 A02 A03; do
        text "$code"
        keys Enter
        wait_for "$checked $code"
    done
    wait_for "3/3"

    # A hazard with Chinese text, category moved one to the right.
    keys h Tab Right Tab
    text 楼道堆放杂物
    keys F10
    wait_for "$hazard"
    wait_for "楼道堆放杂物"

    # End with a summary.
    keys e
    text 巡逻正常
    keys F10
    wait_for "$ended"
    echo "$(row 4)" | grep -qE '^P0001 .* 3 ' || fail "$lang: patrol row after end is '$(row 4)'"

    # Help overlay from the key table, then quit with q (no form open: no question).
    keys F1
    wait_for "$([ "$lang" = zh ] && echo '帮助：巡逻' || echo 'Help: Patrols')"
    keys Escape q
    wait_shell
    expect_restored "$lang"

    # The journal holds exactly the typed events, and verifies.
    local types
    types="$("${jw[@]}" log --json | tail -n +"$((before + 1))" | grep -oE '"type":"[A-Za-z]+"' | cut -d'"' -f4 | tr '\n' ' ')"
    [ "$types" = "PatrolStarted PatrolCheckedIn PatrolCheckedIn PatrolCheckedIn HazardFound PatrolEnded " ] \
        || fail "$lang: journal events are '$types'"
    "${jw[@]}" log | grep -q '楼道堆放杂物' || fail "$lang: hazard note missing from the log"
    "${jw[@]}" verify >/dev/null || fail "$lang: jingwu verify failed"
    echo "e2e-console: $lang ok"
}

flow zh "已开始巡逻 P0001" "已签到：P0001 到" "没有编号为 ZZ9 的网格" "已记录隐患" "巡逻 P0001 已结束"
flow en "Patrol P0001 started" "Checked in: P0001 at" "no grid cell with code ZZ9" "Hazard recorded" "Patrol P0001 ended"

# No journal: the first-run screen, never a stack trace; q leaves without creating anything.
keys "clear; '$BIN' --journal '$WORK/none/journal.jsonl' --now '$NOW'" Enter
wait_for "没有找到值班日志"
keys q
wait_shell
expect_restored firstrun
[ ! -e "$WORK/none/journal.jsonl" ] || fail "first run created a journal without being asked"

# A 14-day demo: the map and the gap list agree with `jingwu report coverage` at the same --now.
# The window is made tall enough for every gap to be listed under the map.
DEMO="$WORK/demo/journal.jsonl"
"$BIN" --journal "$DEMO" --now "$NOW" demo --days 14 >/dev/null
report="$("$BIN" --journal "$DEMO" --now "$NOW" report coverage)"
"${TMUX_CMD[@]}" resize-window -t e2e -x 80 -y 60
# The demo's operators have PIN 123456 (issue 8): --as offers the badge, the PIN is typed.
keys "clear; '$BIN' --journal '$DEMO' --now '$NOW' --as 031245" Enter
wait_for "请输入警号和口令"
text 123456
keys Enter
wait_for '1 总览'
keys 3
wait_for '巡逻空白'
console="$(screen_text)"
keys q
wait_shell
expect_restored demo
# Map rows: marks and codes in order, blank rows dropped, spacing normalised.
map_rows() { grep -E '^ *[#+!?][A-Za-z0-9]' | sed -E 's/^ +//; s/ +/ /g'; }
[ -n "$(echo "$report" | map_rows)" ] || fail "the report has no map"
[ "$(echo "$console" | map_rows)" = "$(echo "$report" | map_rows)" ] || {
    diff <(echo "$report" | map_rows) <(echo "$console" | map_rows) >&2 || true
    fail "the map differs from jingwu report coverage"
}
# Gap codes, worst first: the report's table against the console's list (two columns, column-major).
want="$(echo "$report" | awk '/^■ 逾期未巡或从未巡到/{f=1;next} f&&/^$/{f=0} f' | grep -vE '网格|──' | awk '{print $1}')"
got="$(echo "$console" | sed -n '/巡逻空白/,$p' | tail -n +2 | awk '
    { n = 0; line = $0
      while (match(line, /[A-Za-z0-9][A-Za-z0-9-]* [^ ]+ ([0-9]+h\/[0-9]+h|从未签到)/)) {
          n++; entry = substr(line, RSTART, RLENGTH); split(entry, w, " "); col[n] = col[n] w[1] "\n"
          line = substr(line, RSTART + RLENGTH) }
      if (n > max) max = n }
    END { for (i = 1; i <= max; i++) printf "%s", col[i] }')"
[ -n "$want" ] || fail "the report lists no gaps (demo changed?)"
[ "$got" = "$want" ] || { echo "report: $want" >&2; echo "console: $got" >&2; fail "gap list differs from the report"; }
echo "e2e-console: demo map and $(echo "$want" | wc -l) gaps agree with jingwu report coverage"

echo "e2e-console: ok (zh and en patrol flows, refusal, help, quit, first run, demo coverage agrees)"
