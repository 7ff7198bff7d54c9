#!/usr/bin/env bash
# End-to-end check of the terminal layer with the real ncurses back end.
#
# Runs jingwu-widgets-demo in a private tmux server at 80x24, types Chinese into a
# form field, checks the screen text and the cursor column after double-width
# characters, resizes the window, sends SIGTERM, and checks that the shell got its
# terminal back (canonical mode and echo on, normal screen, cursor visible).
# Needs no TTY of its own: tmux provides the pseudo-terminal.
set -euo pipefail
cd "$(dirname "$0")/.."

export LANG=C.UTF-8 LC_ALL=C.UTF-8
BIN="${JINGWU_WIDGETS_DEMO:-.build/debug/jingwu-widgets-demo}"
if [ ! -x "$BIN" ]; then
    echo "e2e-widgets: $BIN missing, building it"
    swift build --product jingwu-widgets-demo >/dev/null
fi
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"

SOCKET="jingwu-e2e-$$"
TMUX_CMD=(tmux -L "$SOCKET" -f /dev/null)
WORK="$(mktemp -d)"
cleanup() {
    "${TMUX_CMD[@]}" kill-server 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
    echo "e2e-widgets: FAIL: $*" >&2
    echo "---- screen ----" >&2
    "${TMUX_CMD[@]}" capture-pane -p -t e2e >&2 || true
    echo "----------------" >&2
    exit 1
}

screen_text() { "${TMUX_CMD[@]}" capture-pane -p -t e2e; }
pane_value() { "${TMUX_CMD[@]}" display-message -p -t e2e "$1"; }

# Waits up to 10 s for text to appear on the screen.
wait_for() {
    local needle="$1" i
    for i in $(seq 1 100); do
        if screen_text | grep -qF -- "$needle"; then return 0; fi
        sleep 0.1
    done
    fail "did not see '$needle'"
}

expect_cursor() {
    local want="$1" got i
    for i in $(seq 1 30); do
        got="$(pane_value '#{cursor_x},#{cursor_y}')"
        [ "$got" = "$want" ] && return 0
        sleep 0.1
    done
    fail "cursor at $got, expected $want"
}

# Checks the shell got a sane terminal back. $1: a tag for this check, $2: the demo's
# expected exit status (128 + signal number), an extended regular expression.
expect_restored() {
    local tag="$1" status="$2" line
    "${TMUX_CMD[@]}" send-keys -t e2e \
        "echo \"E2E-$tag=\$? MODES=\$(stty -a | tr ' ;' '\n\n' | grep -xE -- '-?(icanon|echo|isig)' | tr '\n' ',')\"" Enter
    wait_for "MODES=i"
    line="$(screen_text | grep -E "^E2E-$tag=[0-9]" | tail -1)"
    echo "$line" | grep -qxE "E2E-$tag=($status) MODES=isig,icanon,echo," || fail "shell after $tag: '$line'"
    [ "$(pane_value '#{alternate_on}')" = 0 ] || fail "$tag: alternate screen still on"
    [ "$(pane_value '#{cursor_flag}')" = 1 ] || fail "$tag: cursor left hidden"
    if screen_text | grep -qF '姓名'; then fail "$tag: demo screen left behind on the normal screen"; fi
}

# Starts the demo; the demo replaces a small sh so the pid file holds the demo's own pid.
start_demo() {
    rm -f "$WORK/pid"
    "${TMUX_CMD[@]}" send-keys -t e2e \
        "sh -c 'echo \$\$ > \"\$1\"; exec \"\$2\"' demo '$WORK/pid' '$BIN'" Enter
    wait_for '警务室值班台 widgets demo'
    wait_for 'F1 帮助 help'
    DEMO_PID="$(cat "$WORK/pid")"
    [ "$(pane_value '#{alternate_on}')" = 1 ] || fail "demo is not on the alternate screen"
}

wait_gone() {
    for _ in $(seq 1 100); do
        kill -0 "$DEMO_PID" 2>/dev/null || return 0
        sleep 0.1
    done
    fail "demo still running: $1"
}

"${TMUX_CMD[@]}" new-session -d -s e2e -x 80 -y 24 \
    -e TERM=xterm-256color -e LANG=C.UTF-8 -e LC_ALL=C.UTF-8 -e PS1='$ ' \
    "env -u NO_COLOR TERM=xterm-256color SWIFT_BACKTRACE=enable=no bash --norc --noprofile"
sleep 0.3
"${TMUX_CMD[@]}" send-keys -t e2e "PS1='E2E\$ '" Enter
wait_for 'E2E$ '

start_demo

# Rows are compared whole (trailing spaces trimmed by capture-pane).
row() { screen_text | sed -n "${1}p"; }
[ "$(row 2)" = " 1 表单  2 表格  3 图表  4 地图" ] || fail "tab row is '$(row 2)'"
[ "$(row 24)" = "F1 帮助 help  F2 下一页 next  q 退出 quit" ] || fail "hint row is '$(row 24)'"

# Chinese typed as one paste of text (as an input method delivers it). The name field
# starts at column 8; each Chinese character moves the cursor two columns.
"${TMUX_CMD[@]}" send-keys -t e2e -l '张伟'
wait_for '>姓名   张伟'
expect_cursor "12,4"
"${TMUX_CMD[@]}" send-keys -t e2e Left
expect_cursor "10,4"
"${TMUX_CMD[@]}" send-keys -t e2e -l '小'
wait_for '>姓名   张小伟'
expect_cursor "12,4"
"${TMUX_CMD[@]}" send-keys -t e2e BSpace
wait_for '>姓名   张伟'
expect_cursor "10,4"

# Resize: the frame reflows (title shows the size, hint line on the new last row).
"${TMUX_CMD[@]}" resize-window -t e2e -x 100 -y 30
wait_for '100x30'
[ "$(row 30)" = "F1 帮助 help  F2 下一页 next  q 退出 quit" ] || fail "after resize, last row is '$(row 30)'"
"${TMUX_CMD[@]}" resize-window -t e2e -x 80 -y 24
wait_for '80x24'
wait_for '>姓名   张伟'

# SIGTERM: the demo must give the terminal back before it dies.
kill -TERM "$DEMO_PID"
wait_gone "after SIGTERM"
expect_restored SIGTERM 143

# A Swift runtime trap (fatalError on F11 in the demo) must restore the terminal too.
start_demo
"${TMUX_CMD[@]}" send-keys -t e2e F11
wait_gone "after a trap"
# SIGILL (132) on x86_64, SIGTRAP (133) on arm64.
expect_restored TRAP '132|133'

echo "e2e-widgets: ok (Chinese input, cursor columns, resize, SIGTERM and trap restore)"
