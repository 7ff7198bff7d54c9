#!/usr/bin/env bash
# Issue 14 through the real binary: ID and mobile numbers typed into free text never print
# whole (every report format, fraud list, log); log never prints PIN salts or hashes and shows
# key persons' particulars only with --as and the PIN, recording the look; a resource folder
# cannot lower the PIN hash rounds. Refused commands leave the journal byte for byte as it was.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/scripts/journal-bins.sh"
jingwu_find_bins "$ROOT"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/jingwu-e2e-trust.XXXXXX")"
chmod 700 "$WORK"
trap 'rm -rf "$WORK"' EXIT
export JINGWU_JOURNAL="$WORK/journal.jsonl" JINGWU_AS=031245 JINGWU_PIN=246810 LANG=C.UTF-8
fail() { echo "e2e-trust-output: FAIL: $*" >&2; exit 1; }
ID=110101199003071234
PHONE=13800138000
clean() {  # clean FILE WHAT: no whole number, no ESC
    for whole in "$ID" "$PHONE" 19900307 0013-8000 "0013 8000"; do
        ! grep -q -- "$whole" "$1" || fail "$2 shows $whole: $(grep -- "$whole" "$1" | head -2)"
    done
    ! grep -q $'\x1b' "$1" || fail "$2 prints ESC"
}

echo "e2e-trust-output: an office whose free text holds whole numbers"
"$JW" init --station 花园派出所 --office 戴花园警务室 >/dev/null
"$JW" officer add --badge 031245 --name 王建国 --role police >/dev/null
"$JW" cell add --code C01 --name 锦绣花园 --community 戴花园社区 --kind compound --x 2 --y 1 >/dev/null
P=246810 "$JW" officer pin --badge 031245 --new-pin-env P >/dev/null
"$JW" shift open --duty 031245 --template day >/dev/null
"$JW" incident add --cell C01 --kind theft --summary "张三${ID}x报警tel${PHONE}" --source 110 >/dev/null
"$JW" dispute open --category neighbour --parties "陈某${PHONE};吴某" --cell C01 --summary "身份证${ID}漏水" >/dev/null
"$JW" fraud warn --level high --phone "$PHONE" --target "王某+86 138 0013 8000" --cell C01 >/dev/null
"$JW" person add --name 张某 --id-number 11010519491231002X --category released --residency present-registered --cell C01 --officer 031245 >/dev/null
"$JW" visit add --person K0001 --method home --by 031245 --finding "情绪稳定,电话${PHONE}" >/dev/null

for kind in handover patrols coverage visits disputes bulletin; do
    for format in text md csv json; do
        "$JW" report "$kind" --format "$format" >"$WORK/out"
        clean "$WORK/out" "report $kind --format $format"
    done
done
"$JW" report handover --format csv >"$WORK/out"
grep -q "张三110101\*\*\*\*\*\*\*\*1234x报警tel138\*\*\*\*8000" "$WORK/out" || fail "handover csv lacks the masked summary"
"$JW" report dispute --dispute D2026-0001 --format md >"$WORK/out"; clean "$WORK/out" "report dispute"
"$JW" fraud list >"$WORK/out"; clean "$WORK/out" "fraud list"
grep -q "王某+86138\*\*\*\*8000" "$WORK/out" || fail "fraud list: $(cat "$WORK/out")"
"$JW" fraud list --json >"$WORK/out"; clean "$WORK/out" "fraud list --json"

echo "e2e-trust-output: log without sign-in: no salt or hash, particulars withheld, nothing written"
before=$(sha256sum "$JINGWU_JOURNAL")
env -u JINGWU_AS "$JW" log >"$WORK/out" 2>"$WORK/err"
clean "$WORK/out" "log"
! grep -q '"salt"\|"hash":"[0-9a-f]\{64\}","iterations"' "$WORK/out" || fail "log shows a PIN salt or hash"
grep -q 'PersonListed  {"cell":"C01","officer":"031245","person":"K0001","withheld":\["category","idNumber","name","residency"\]}' "$WORK/out" \
    || fail "log should withhold the listing: $(grep PersonListed "$WORK/out")"
! grep -q 张某 "$WORK/out" || fail "log shows a key person's name without sign-in"
grep -q "withheld" "$WORK/err" || fail "log should say on stderr that particulars were withheld"
env -u JINGWU_AS "$JW" log --json >"$WORK/out" 2>/dev/null; clean "$WORK/out" "log --json"
! grep -q '"salt"' "$WORK/out" || fail "log --json shows a PIN salt"
[ "$(sha256sum "$JINGWU_JOURNAL")" = "$before" ] || fail "an unsigned log changed the journal"

echo "e2e-trust-output: log with a wrong PIN exits 77 and writes nothing; with the PIN it records the look"
set +e; JINGWU_PIN=111111 "$JW" log --type PersonListed >"$WORK/out" 2>"$WORK/err"; rc=$?; set -e
[ "$rc" = 77 ] || fail "wrong PIN: exit $rc"
[ ! -s "$WORK/out" ] || fail "wrong PIN printed records"
[ "$(sha256sum "$JINGWU_JOURNAL")" = "$before" ] || fail "a refused log changed the journal"
"$JW" log --type PersonListed,VisitRecorded >"$WORK/out"
grep -q 张某 "$WORK/out" && grep -qF "110105********002X" "$WORK/out" || fail "signed-in log: $(cat "$WORK/out")"
"$JW" log --type AccessRecorded --json | grep -q '"persons":\["K0001"\],"subject":"log"' || fail "no AccessRecorded for the log"

echo "e2e-trust-output: a resource folder cannot lower the PIN hash rounds"
mkdir -p "$WORK/res/policy"
echo '{"pinIterations": {"value": 1000}, "idleSeconds": {"value": 86400}}' >"$WORK/res/policy/access.json"
"$JW" officer add --badge 031246 --name 李娜 --role auxiliary >/dev/null
JINGWU_RESOURCES="$WORK/res" P=135790 "$JW" officer pin --badge 031246 --new-pin-env P >/dev/null 2>"$WORK/err"
grep -q pinIterations=1000 "$WORK/err" || fail "the ignored setting should be named on stderr: $(cat "$WORK/err")"
tail -1 "$JINGWU_JOURNAL" | grep -q '"type":"Pin[A-Za-z]*".*"iterations":100000' \
    || fail "the new PIN hash should take 100,000 rounds: $(tail -1 "$JINGWU_JOURNAL")"
echo "e2e-trust-output: ok"
