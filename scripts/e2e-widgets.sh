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
. scripts/lib-e2e.sh
e2e_setup widgets
e2e_find_bin JINGWU_WIDGETS_DEMO jingwu-widgets-demo

expect_cursor() {
    local want="$1" got i
    for i in $(seq 1 30); do
        got="$(pane_value '#{cursor_x},#{cursor_y}')"
        [ "$got" = "$want" ] && return 0
        sleep 0.1
    done
    fail "cursor at $got, expected $want"
}

# Checks the shell got a sane terminal back (see lib-e2e.sh) and the demo left nothing behind.
expect_demo_restored() {
    expect_restored "$@"
    if screen_text | grep -qF '姓名'; then fail "$1: demo screen left behind on the normal screen"; fi
}

# Starts the demo; the demo replaces a small sh so the pid file holds the demo's own pid.
start_demo() {
    rm -f "$WORK/pid"
    keys "sh -c 'echo \$\$ > \"\$1\"; exec \"\$2\"' demo '$WORK/pid' '$BIN'" Enter
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

e2e_start_shell SWIFT_BACKTRACE=enable=no

start_demo

# Rows are compared whole (trailing spaces trimmed by capture-pane).
[ "$(row 2)" = " 1 表单  2 表格  3 图表  4 地图" ] || fail "tab row is '$(row 2)'"
[ "$(row 24)" = "F1 帮助 help  F2 下一页 next  q 退出 quit" ] || fail "hint row is '$(row 24)'"

# Chinese typed as one paste of text (as an input method delivers it). The name field
# starts at column 8; each Chinese character moves the cursor two columns.
text '张伟'
wait_for '>姓名   张伟'
expect_cursor "12,4"
keys Left
expect_cursor "10,4"
text '小'
wait_for '>姓名   张小伟'
expect_cursor "12,4"
keys BSpace
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
expect_demo_restored SIGTERM 143

# A Swift runtime trap (fatalError on F11 in the demo) must restore the terminal too.
start_demo
keys F11
wait_gone "after a trap"
# SIGILL (132) on x86_64, SIGTRAP (133) on arm64.
expect_demo_restored TRAP '132|133'

echo "e2e-widgets: ok (Chinese input, cursor columns, resize, SIGTERM and trap restore)"
