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
#
# Then one shift start to finish (issue 17), signed in with a PIN: go on duty, a patrol with
# check-ins, Home/End/PgDn on 日志, `/` search by a whole phone number, that phone revealed
# with its purpose (on record first), a dispute's case file printed to a page (rendered by
# headless Chromium to PDF and read with pdftotext), the handover with F10, and the incoming
# officer's acknowledgement (with an objection) with one sign-in, and the objection's handling
# recorded from 总览 so that it leaves 总览.
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

flow zh "已开始巡逻 P0001" "已签到：P0001 到" "没有编号为 ZZ9 的巡逻点位" "已记录隐患" "巡逻 P0001 已结束"
flow en "Patrol P0001 started" "Checked in: P0001 at" "no patrol point with code ZZ9" "Hazard recorded" "Patrol P0001 ended"

# One shift start to finish (issue 17): sign in, go on duty, a patrol with check-ins,
# Home/End/PgDn on the journal, `/` search, a phone reveal with its purpose, a dispute's case
# file printed to a page (rendered to PDF and read), the handover (F10), the acknowledgement.
shift_flow() {
    local J="$WORK/shift/journal.jsonl" DOCS="$WORK/shift/docs" SNOW="2026-05-04T08:00:00+08:00"
    mkdir -p -m 700 "$WORK/shift" "$DOCS"
    local jw=("$BIN" --journal "$J" --now "$SNOW")
    "${jw[@]}" init --test --station 城关派出所 --office 东街警务室 >/dev/null
    "${jw[@]}" officer add --badge 031245 --name 张伟 --role police >/dev/null
    "${jw[@]}" --as 031245 officer add --badge 031246 --name 李娜 --role auxiliary >/dev/null
    P1=246810 "${jw[@]}" --as 031245 officer pin --badge 031245 --new-pin-env P1 >/dev/null
    P2=135790 JINGWU_PIN=246810 "${jw[@]}" --as 031245 officer pin --badge 031246 --new-pin-env P2 >/dev/null
    local code x=0
    for code in A01:幸福小区 A02:东街 A03:菜市场 A04:学校路; do
        JINGWU_PIN=246810 "${jw[@]}" --as 031245 cell add --code "${code%%:*}" --name "${code#*:}" --community 东街社区 \
            --kind street --x $((x % 2)) --y $((x / 2)) >/dev/null
        x=$((x + 1))
    done
    # Overnight: enough incidents that the journal runs to several pages, a fraud warning, a dispute.
    local n
    for n in $(seq 1 30); do
        JINGWU_PIN=246810 "${jw[@]}" --as 031245 incident add --cell A0$((n % 4 + 1)) --kind disturbance \
            --summary "夜间噪音第${n}起" >/dev/null
    done
    JINGWU_PIN=246810 "${jw[@]}" --as 031245 fraud warn --level high --phone 13800138000 --target 赵阿姨 --cell A03 >/dev/null
    JINGWU_PIN=246810 "${jw[@]}" --as 031245 dispute open --category neighbour --parties "张三;李四" --cell A02 \
        --summary "楼上漏水，当事人电话13912345678，末尾结语下周再谈" >/dev/null

    keys "clear; XDG_DOCUMENTS_DIR='$DOCS' '$BIN' --journal '$J' --now '$SNOW' --as 031245" Enter
    wait_for "请输入警号和密码"
    text 246810
    keys Enter
    wait_for '1 总览'

    # On duty: 交接班 o, the operator prefilled as 值班人员, F10.
    keys 7 o
    wait_for "值班人员"
    keys F10
    wait_for "已上岗 S0001，值班 张伟"

    # A foot patrol with 李娜, two check-ins by cell code, ended.
    keys 2 n Tab Tab Tab
    text 031246
    keys F10
    wait_for "已开始巡逻 P0001"
    for code in A01 A02; do
        text "$code"
        keys Enter
        wait_for "已签到：P0001 到 $code"
    done
    keys e
    text 巡逻正常
    keys F10
    wait_for "巡逻 P0001 已结束"

    # 日志: End to the newest entry, Home to the oldest, PgDn a page on (twice).
    keys 8
    wait_for "    45 05-04 08:00 031245 巡逻结束"
    keys Home
    wait_for "建立日志"
    screen_text | grep -qF "巡逻结束" && fail "Home: the newest entry is still on screen"
    keys PageDown PageDown
    wait_for "    32 05-04 08:00 031245 警情登记"
    screen_text | grep -qF "建立日志" && fail "PgDn: the first entry is still on screen"
    keys End
    wait_for "    45 05-04 08:00 031245 巡逻结束"

    # `/` on the 警情 list: the warning found by its phone typed in full (the match does not
    # reveal it), Enter opens it; r asks the purpose (电话劝阻), writes the look, then shows the number.
    keys 6 /
    wait_for "查找（警情和反诈预警）"
    text 13800138000
    wait_for ">F0001 高 赵阿姨 138****8000 待劝阻"
    keys Enter
    wait_for "反诈预警：待劝阻 1"
    keys Enter
    wait_for "（r 查看完整电话号码，查看将记入日志）"
    screen_text | grep -qF 13800138000 && fail "the phone shows whole before the look is written"
    keys r
    wait_for "查看 F0001 赵阿姨 的完整电话号码（将记入日志）"
    wait_for ">查看事由   < 电话劝阻 >"
    keys Enter
    wait_for "电话 13800138000 · 点位 A03"
    tail -1 "$J" | grep -F '"AccessRecorded"' | grep -qF '"purpose":"电话劝阻"' || fail "the look is not on record with its purpose"
    keys Escape

    # The dispute's case file: 5 Enter, p the preview, h the page to print (0600 in the documents folder).
    keys 5 Enter
    wait_for "纠纷概况 楼上漏水，当事人电话139****5678"
    keys p
    wait_for "导出到 $DOCS/jingwu"
    keys h
    wait_for "已导出（html）到 $DOCS/jingwu/"
    local page
    page="$(ls "$DOCS"/jingwu/*.html)"
    [ "$(stat -c %a "$page")" = 600 ] || fail "the page is $(stat -c %a "$page"), not 600"
    keys Escape

    # The handover: 7 h, to 李娜, two lines of notes, F10 asks once more, y hands over.
    keys 7 h
    wait_for "交班 S0001"
    text 031246
    keys Tab
    text "菜市场夜间注意"
    keys Enter
    text "对讲机一部待充电"
    keys F10
    wait_for "交班后不能修改，确认交班？"
    keys y
    wait_for "S0001 已交班给 李娜，等待接班确认"

    # The incoming officer acknowledges with an objection: a, Tab, the objection, F10, her PIN
    # once; her shift opens.
    keys a
    wait_for "接班确认 S0001"
    keys Tab
    text 对讲机电池不足
    keys F10
    wait_for "交接班：请 李娜（031246）输入密码"
    text 135790
    keys Enter
    wait_for "李娜 已确认接班（有异议，已记录），当前班次 S0002"

    # 总览 keeps the objection until its handling is recorded: Enter on it opens the handover's
    # review, x records how it was dealt with, and it leaves 总览.
    keys 1
    wait_for "    S0001 李娜 05-04 08:00 接班异议：对讲机电池不足"
    keys Down Down Enter
    wait_for "异议处理：未见处理记录（x 记录）"
    keys x
    wait_for "接班异议处理 S0001（李娜：对讲机电池不足）"
    text 已换备用电池
    keys F10
    wait_for "异议处理：已换备用电池（李娜 05-04 08:00）"
    keys 1
    wait_for "已记录 S0001 接班异议的处理"
    screen_text | grep -qF "接班异议：对讲机电池不足" && fail "the objection dealt with is still on 总览"
    keys End
    wait_for " 接班异议（未见处理记录） 0"
    keys q
    wait_shell
    expect_restored shift

    # The journal holds what was done, in order, and verifies.
    local types
    types="$("${jw[@]}" log --json | grep -oE '"type":"[A-Za-z]+"' | cut -d'"' -f4 | tail -n 11 | tr '\n' ' ')"
    [ "$types" = "ShiftOpened PatrolStarted PatrolCheckedIn PatrolCheckedIn PatrolEnded AccessRecorded AccessRecorded ShiftHandedOver ShiftAcknowledged ShiftOpened HandoverObjectionAddressed " ] \
        || fail "shift: journal events are '$types'"
    "${jw[@]}" verify >/dev/null || fail "shift: jingwu verify failed"

    # The case file on paper, as a browser prints it (lib-e2e.sh): the officer to sign, the
    # summary's last words, the phone masked.
    e2e_pdf "$page" "$WORK/shift/case.pdf"
    local paper
    paper="$(e2e_paper_text "$WORK/shift/case.pdf")"
    for needle in "矛盾纠纷档案D2026-0001" "签字确认" "经办民警" "张伟(031245)" "末尾结语下周再谈" "139****5678"; do
        printf '%s' "$paper" | grep -qF -- "$needle" || fail "the printed case file lacks '$needle': $paper"
    done
    printf '%s' "$paper" | grep -qF 13912345678 && fail "the whole phone number is on the printed page"
    echo "e2e-console: shift ok (sign-in, on duty, patrol, 日志 Home/End/PgDn, / search, phone reveal, case file printed, handover F10, acknowledgement, objection dealt with)"
}
shift_flow

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
wait_for "请输入警号和密码"
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
want="$(echo "$report" | awk '/^■ 逾期未巡或从未巡到/{f=1;next} f&&/^$/{f=0} f' | awk '$1 ~ /^[A-Za-z0-9][A-Za-z0-9-]*$/ {print $1}')"
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

echo "e2e-console: ok (zh and en patrol flows, refusal, help, quit, a whole shift, first run, demo coverage agrees)"
