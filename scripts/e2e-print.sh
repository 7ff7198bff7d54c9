#!/usr/bin/env bash
# End-to-end check of printing (issue 17) with the real binary in tmux at 80x24,
# TERM=xterm-256color.
#
# A dispute whose summary is long and holds an ID number and a phone is opened and mediated
# with the command line; in the console, 5 Enter opens its case file, p shows the print
# preview (the operator on the 经办民警 line), h exports the page to print. The page is in
# $XDG_DOCUMENTS_DIR/jingwu (0700), 0600, its path on screen. Then the page is rendered as
# a browser prints it (headless Chromium to PDF, pdftotext): the officer's name, the
# signature block and the long summary's last words are on paper, the whole ID number is
# not. The handover prints the same way, with the shift's officers to sign.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib-e2e.sh
e2e_setup print
e2e_find_bin JINGWU_BIN jingwu
NOW="2026-05-04T09:00:00+08:00"
ID="110101199001010015"
LAST="末尾结语双方同意下周再谈"

command -v chromium >/dev/null || fail "chromium is missing (.ci/run installs it)"
command -v pdftotext >/dev/null || fail "pdftotext is missing (.ci/run installs poppler-utils)"

JOURNAL="$WORK/journal.jsonl"
DOCS="$WORK/docs"
mkdir -p "$DOCS"
jw() { "$BIN" --journal "$JOURNAL" --now "$NOW" "$@"; }
jw init --test --station 城关派出所 --office 东街警务室 >/dev/null
jw officer add --badge 031245 --name 张伟 --role police >/dev/null
jw --as 031245 officer add --badge 031246 --name 李娜 --role auxiliary >/dev/null
jw --as 031245 cell add --code A02 --name 东街 --community 东街社区 --kind street >/dev/null
SUMMARY="楼上漏水，双方争执。$(for i in $(seq 1 40); do printf '卫生间防水层老化第%d次渗漏，' "$i"; done)当事人身份证号$ID，电话13800138000，<b>加粗</b>，$LAST"
jw --as 031245 dispute open --category neighbour --parties "张三;李四" --cell A02 --summary "$SUMMARY" >/dev/null
jw --as 031245 dispute mediate --dispute D2026-0001 --kind people --mediators "人民调解员王芳" \
    --notes "=SUM(A1) 双方各让一步" >/dev/null
jw --as 031245 shift open --duty 031245 --team 031246 >/dev/null

e2e_start_shell "XDG_DOCUMENTS_DIR='$DOCS'"
keys "clear; '$BIN' --journal '$JOURNAL' --now '$NOW' --as 031245" Enter
wait_for '1 总览'

# --- The case file: preview, then the page to print. ---
keys 5 Enter
wait_for "D2026-0001  邻里  调解中"
keys p
wait_for "打印预览"
wait_for "导出到 $DOCS/jingwu"
screen_text | grep -qF "$ID" && fail "the whole ID number is in the preview"
keys End
wait_for "身份：经办民警  姓名：张伟(031245)"
keys h
wait_for "已导出（html）到 $DOCS/jingwu/"
PAGE="$(ls "$DOCS"/jingwu/*.html)"
[ "$(printf '%s\n' "$PAGE" | wc -l)" = 1 ] || fail "expected one page, found: $PAGE"
[ "$(stat -c %a "$DOCS/jingwu")" = 700 ] || fail "the folder is $(stat -c %a "$DOCS/jingwu"), not 700"
[ "$(stat -c %a "$PAGE")" = 600 ] || fail "the page is $(stat -c %a "$PAGE"), not 600"
keys Escape
wait_for "D2026-0001  邻里  调解中"

# --- The handover of the shift on duty. ---
keys 7
wait_for "交接班草稿 S0001"
keys p
wait_for "交接班报告"
keys h
wait_for "已导出（html）到 $DOCS/jingwu/交接班报告"
HANDOVER="$(ls "$DOCS"/jingwu/交接班报告*.html)"
keys Escape q
wait_shell
expect_restored print

# Printing the case file is on record, naming where the page went (the handover names no key
# person: taking it leaves no record, as for `jingwu report handover`).
ACCESS="$(jw log --type AccessRecorded)"
[ "$(printf '%s\n' "$ACCESS" | wc -l)" = 1 ] || fail "access records: $ACCESS"
printf '%s' "$ACCESS" | grep -qF "\"destination\":\"$PAGE\"" || fail "the record does not name the page: $ACCESS"

# --- What the paper shows: rendered as a browser prints it (lib-e2e.sh). ---
e2e_pdf "$PAGE" "$WORK/case.pdf"
# Lines joined: a long field wraps on paper, its words are not cut.
TEXT="$(e2e_paper_text "$WORK/case.pdf")"
for needle in "矛盾纠纷档案D2026-0001" "签字确认" "经办民警" "张伟(031245)" "人民调解员王芳" "$LAST" \
              "卫生间防水层老化第40次渗漏" "110101********0015" "138****8000" "<b>加粗</b>"; do
    printf '%s' "$TEXT" | grep -qF -- "$needle" || fail "the printed case file lacks '$needle': $TEXT"
done
printf '%s' "$TEXT" | grep -qF "$ID" && fail "the whole ID number is on the printed page"
printf '%s' "$TEXT" | grep -qF "13800138000" && fail "the whole phone number is on the printed page"
pdfinfo "$WORK/case.pdf" | grep -qE '^Page size:.*\(A4\)$' || fail "not A4: $(pdfinfo "$WORK/case.pdf" | grep 'Page size')"

e2e_pdf "$HANDOVER" "$WORK/handover.pdf"
TEXT="$(e2e_paper_text "$WORK/handover.pdf")"
for needle in "交接班报告" "签字确认" "值班人员" "张伟(031245)" "李娜(031246辅警)" "接班人"; do
    printf '%s' "$TEXT" | grep -qF -- "$needle" || fail "the printed handover lacks '$needle': $TEXT"
done

echo "e2e-print: OK"
