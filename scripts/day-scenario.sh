#!/usr/bin/env bash
# One day at a community police office (警务室), run from the shell only:
# init, roster, grid, shift, patrols with check-ins, a hazard and a stop-check,
# a key-person visit, a dispute opened and mediated, an incident, the handover
# and its acknowledgement; then prints the handover report of the day shift.
#
# Usage: scripts/day-scenario.sh [JOURNAL]   (binary: $JINGWU_BIN, else .build/debug/jingwu)
# Times are pinned with --now so the run is reproducible.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${JINGWU_BIN:-.build/debug/jingwu}
J=${1:-$(mktemp -d)/journal.jsonl}
DAY=2026-11-23
export JINGWU_JOURNAL=$J JINGWU_LANG=${JINGWU_LANG:-zh}
at() { echo "${DAY}T$1:00+08:00"; }
jw() { local t=$1; shift; "$BIN" --now "$(at "$t")" "$@"; }

jw 07:30 init --test --station 花园派出所 --office 戴花园警务室 >/dev/null
jw 07:31 officer add --badge 031245 --name 王建国 --role police --as 031245 >/dev/null
export JINGWU_AS=031245
jw 07:31 officer add --badge F1021 --name 李明 --role auxiliary >/dev/null
jw 07:31 officer add --badge F1022 --name 赵强 --role auxiliary >/dev/null
jw 07:31 officer add --badge X2001 --name 孙立 --role patroller >/dev/null
jw 07:31 officer add --badge L4001 --name 周桂兰 --role household-leader >/dev/null
jw 07:32 cell add --code C01 --name 锦绣花园 --community 戴花园社区 --kind compound --x 2 --y 1 >/dev/null
jw 07:32 cell add --code C02 --name 丽景小区 --community 戴花园社区 --kind compound --x 20 --y 1 >/dev/null
jw 07:32 cell add --code J01 --name 花园路 --community 戴花园社区 --kind street --x 10 --y 3 >/dev/null
jw 07:32 cell add --code Z01 --name 实验小学校门 --community 戴花园社区 --kind site --key-site --x 2 --y 5 >/dev/null
jw 07:33 person add --name 张某 --id-number 11010519800101123X --category released --residency present-registered \
    --cell C01 --officer 031245 >/dev/null 2>&1 || true   # a wrong check digit is refused (exit 65); the next one is right
K=$(jw 07:33 person add --name 张某 --id-number "$(python3 -c 'w=[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2];b="11010519800101123";print(b+"10X98765432"[sum(int(c)*x for c,x in zip(b,w))%11])')" \
    --category released --residency present-registered --cell C01 --officer 031245)

S=$(jw 08:00 shift open --duty 031245 --team F1021 --template day)
echo "开班 $S"
P1=$(jw 08:40 patrol start --mode foot --lead 031245 --members X2001,L4001 --cells C01,C02,J01)
jw 08:52 patrol checkin --patrol "$P1" --cell C01 --note 门岗值守到位 >/dev/null
jw 09:10 patrol hazard --patrol "$P1" --cell C01 --category fire-lane --note 私家车占用消防通道 >/dev/null
jw 09:25 patrol checkin --patrol "$P1" --cell C02 >/dev/null
jw 09:40 patrol stop-check --patrol "$P1" --cell J01 --subject person --outcome registered --note "外来人员,已登记" >/dev/null
jw 09:45 patrol checkin --patrol "$P1" --cell J01 >/dev/null
jw 10:20 patrol end --patrol "$P1" --summary "巡逻正常,发现隐患一处" >/dev/null
echo "巡逻 $P1"
jw 11:00 visit add --person "$K" --method home --by 031245 --with "治保主任刘某;家属张父" --finding "本人在家,情绪稳定,近期务工" >/dev/null
echo "走访 $K"
D=$(jw 13:30 dispute open --category neighbour --parties "陈某;吴某" --cell C02 --source walk-in \
    --summary "楼上漏水引发邻里纠纷,双方争执")
jw 15:00 dispute mediate --dispute "$D" --kind people --mediators "王建国;人民调解员刘某" --notes "组织双方面对面协商,约定明日查看漏点" >/dev/null
echo "纠纷 $D"
P2=$(jw 16:20 patrol start --mode post --lead F1021 --cells Z01)
jw 16:25 patrol checkin --patrol "$P2" --cell Z01 >/dev/null
jw 17:10 patrol end --patrol "$P2" >/dev/null
echo "守候 $P2"
I=$(jw 18:40 incident add --cell J01 --kind theft --source 110 --summary "花园路电动车被盗")
jw 19:30 incident close --incident "$I" --disposition case-filed --note 已受案 >/dev/null
echo "警情 $I"
jw 20:00 shift handover --to F1022 --notes "白班平稳;纠纷 $D 明日继续调解;C01 消防通道隐患请夜班复查" --carried "执法记录仪2台;对讲机3部" >/dev/null
jw 20:10 shift ack --by F1022 --as F1022 --template night >/dev/null
echo "交接 $S → F1022"
echo
jw 20:15 report handover --shift "$S"
