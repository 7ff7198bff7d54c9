#!/usr/bin/env bash
# End-to-end: runs scripts/day-scenario.sh against the debug binary and checks
# the key lines of the handover report, the refusals of bad input, and verify.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${JINGWU_BIN:-.build/debug/jingwu}
[ -x "$BIN" ] || { echo "e2e-day: $BIN missing (run swift build first)"; exit 1; }
WORK=$(mktemp -d)
chmod 700 "$WORK"
trap 'rm -rf "$WORK"' EXIT
J=$WORK/journal.jsonl
fail() { echo "e2e-day: FAIL: $*"; exit 1; }

OUT=$(JINGWU_BIN=$BIN scripts/day-scenario.sh "$J")
echo "$OUT"
# Figures are matched with their padding squeezed to one space (it follows the longest label).
SQUEEZED=$(sed -E 's/ {2,}/ /g' <<<"$OUT")
for line in "开班 S0001" "巡逻 P0001" "守候 P0002" "走访 K0001" "纠纷 D2026-0001" "警情 I0001" \
    "交接班报告" "班次 S0001" "值班人员 王建国(031245)" "交班给 赵强(F1022)" \
    "接班确认 赵强(F1022) 11-23 20:10" "巡逻次数 2" "盘查 1" "发现隐患 1" \
    "■ 交接下一班事项（2）" "执法记录仪2台" "对讲机3部" "私家车占用消防通道" "D2026-0001" "调解中" "花园路电动车被盗"; do
    grep -qF -- "$line" <<<"$SQUEEZED" || fail "handover report lacks: $line"
done

# The journal verifies, and the English report reads too.
"$BIN" verify --journal "$J" | grep -q "校验通过" || fail "verify"
"$BIN" report handover --shift S0001 --journal "$J" --lang en --now 2026-11-23T20:15+08:00 \
    | grep -Eq "Handed over to +赵强\(F1022\)" || fail "English handover report"
"$BIN" report bulletin --journal "$J" --now 2026-11-23T20:15+08:00 --format csv | head -c 3 | od -An -tx1 \
    | grep -q "ef bb bf" || fail "csv BOM"

# Bad input: exit 65, names the field, the journal is unchanged.
before=$(sha256sum "$J")
check_refused() {
    local field=$1; shift
    set +e
    err=$("$BIN" --journal "$J" --now 2026-11-23T20:20+08:00 --as 031245 "$@" 2>&1 >/dev/null)
    status=$?
    set -e
    [ "$status" = 65 ] || fail "$* exited $status, not 65 ($err)"
    grep -qF "($field)" <<<"$err" || fail "$* did not name --$field: $err"
    [ "$(sha256sum "$J")" = "$before" ] || fail "$* changed the journal"
    echo "refused as expected: $err"
}
check_refused id-number person add --name 某 --id-number 110105198001011230 --category released \
    --residency present-registered --cell C01 --officer 031245
check_refused cells patrol start --mode foot --lead 031245 --cells C99
check_refused patrol patrol checkin --patrol P0001 --cell C01
check_refused dispute dispute follow-up --dispute D2026-0001 --note 回访
check_refused mode patrol start --mode run --lead 031245
"$BIN" verify --journal "$J" >/dev/null || fail "verify after refusals"
echo "e2e-day: ok"
