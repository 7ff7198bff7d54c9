#!/usr/bin/env bash
# End-to-end check of issue 15's police/auxiliary line with the real binary (command line).
#
# An office with a police officer (张伟 031245), two auxiliaries and a volunteer. Refused,
# each with the journal byte-for-byte unchanged: naming an auxiliary or a volunteer as a
# shift's 带班民警 or a key person's 责任民警 (exit 65, the field named); an auxiliary
# recording 带回/移交 on a stop-check, closing an incident as 受案 or 警情不实, or amending
# their own entry into one of those (exit 77, the field and the reason named). Allowed: an
# auxiliary records every other outcome; the police officer makes the police decisions.
# A shift run by an auxiliary with no 带班民警 prints 「本班无民警在岗」 in text, md and csv
# (a flag in json); the next shift, opened with --lead-police, names the officer instead.
# `jingwu verify` passes at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
E2E_NAME=police
fail() { echo "e2e-police: FAIL: $*" >&2; exit 1; }
BIN="${JINGWU_BIN:-.build/debug/jingwu}"
[ -x "$BIN" ] || swift build --product jingwu >/dev/null
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
chmod go-rwx "$WORK"
export LANG=C.UTF-8 LC_ALL=C.UTF-8
J="$WORK/journal.jsonl"
jw() { "$BIN" --journal "$J" --now "2026-05-04T$1:00+08:00" --as "$2" "${@:3}"; }

# Runs a command that must be refused with exit $1 and a message holding $2; the journal must not change.
refused() {
    local code="$1" needle="$2" before status=0 out
    shift 2
    before="$(sha256sum < "$J")"
    out="$(jw "$@" 2>&1)" || status=$?
    [ "$status" = "$code" ] || fail "'$*' exited $status, not $code: $out"
    grep -qF -- "$needle" <<<"$out" || fail "'$*' said: $out (expected '$needle')"
    [ "$(sha256sum < "$J")" = "$before" ] || fail "'$*' changed the journal"
}

"$BIN" --journal "$J" --now "2026-05-04T08:00:00+08:00" init --test --station 城关派出所 --office 东街警务室 >/dev/null
jw 08:00 031245 officer add --badge 031245 --name 张伟 --role police >/dev/null
jw 08:00 031245 officer add --badge F1021 --name 李娜 --role auxiliary >/dev/null
jw 08:00 031245 officer add --badge F1022 --name 赵强 --role auxiliary >/dev/null
jw 08:00 031245 officer add --badge Y0001 --name 钱义 --role volunteer >/dev/null
jw 08:00 031245 cell add --code A01 --name 幸福小区 --community 东街社区 --kind compound >/dev/null

# 带班民警 and 责任民警 are police.
refused 65 "带班民警" 08:00 F1021 shift open --duty F1021 --lead-police F1022
refused 65 "须填写民警" 08:00 F1021 shift open --duty F1021 --lead-police Y0001
ID="110105198001011238"
refused 65 "责任民警" 08:05 F1021 person add --name 王小明 --id-number "$ID" --category released \
    --residency present-registered --cell A01 --officer F1021
jw 08:05 F1021 person add --name 王小明 --id-number "$ID" --category released --residency present-registered \
    --cell A01 --officer 张伟 >/dev/null

# A night shift run by an auxiliary alone: the handover says no police officer is on duty.
jw 08:10 F1021 shift open --duty F1021 --template night >/dev/null
for format in text md csv; do
    "$BIN" report handover --journal "$J" --now 2026-05-04T09:00:00+08:00 --format "$format" | grep -qF "本班无民警在岗" \
        || fail "report handover --format $format does not say 本班无民警在岗"
done
"$BIN" report handover --journal "$J" --now 2026-05-04T09:00:00+08:00 --format json | grep -qF '"noPoliceOnDuty":true' \
    || fail "report handover --format json lacks noPoliceOnDuty"
if "$BIN" report handover --journal "$J" --now 2026-05-04T09:00:00+08:00 | grep -qF "值班民警"; then
    fail "the handover calls the auxiliary on duty a 民警"
fi

# Police decisions on a patrol and an incident.
P="$(jw 08:20 F1021 patrol start --mode foot --lead F1021)"
refused 77 "无权将盘查对象带回或移交" 08:25 F1021 patrol stop-check --patrol "$P" --subject person --outcome handed-over
jw 08:25 F1021 patrol stop-check --patrol "$P" --subject person --outcome released --note 核查身份 >/dev/null
jw 08:26 031245 patrol stop-check --patrol "$P" --subject person --outcome handed-over --note 带回核查 >/dev/null
I="$(jw 08:30 F1021 incident add --cell A01 --kind theft --summary 电动车被盗)"
refused 77 "无权以受案或警情不实结束警情" 08:40 F1021 incident close --incident "$I" --disposition case-filed
refused 77 "处置结果" 08:40 F1021 incident close --incident "$I" --disposition unfounded
jw 08:40 F1021 incident close --incident "$I" --disposition handled >/dev/null

# Nor by amending one's own entry.
E="$("$BIN" log --journal "$J" --type StopCheckConducted --json | head -1 | sed 's/.*"id":"\([^"]*\)".*/\1/')"
[ -n "$E" ] || fail "no stop-check in the log"
refused 77 "带回" 08:45 F1021 event amend --event "$E" --reason 改 --set outcome=handed-over

# The next shift names its 带班民警 (on call): the report names them and the warning goes.
jw 08:50 F1021 shift handover --to F1022 --notes 平稳 >/dev/null
jw 08:55 F1022 shift ack --by F1022 --lead-police 张伟 --template day >/dev/null
OUT="$("$BIN" report handover --journal "$J" --now 2026-05-04T09:30:00+08:00)"
# Figures are matched with their padding squeezed to one space (it follows the longest label).
grep -qF "带班民警 张伟(031245)" <<<"$(sed -E 's/ {2,}/ /g' <<<"$OUT")" || fail "the handover does not name the 带班民警: $OUT"
if grep -qF "本班无民警在岗" <<<"$OUT"; then fail "a shift with its 带班民警 says no police on duty"; fi

"$BIN" verify --journal "$J" >/dev/null || fail "verify"
echo "e2e-police: ok"
