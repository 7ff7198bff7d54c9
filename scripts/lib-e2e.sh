# Sourced by the end-to-end scripts that drive a real binary in tmux (scripts/e2e-*.sh).
# Not named e2e-*.sh, so CI's `for s in scripts/e2e-*.sh` does not run it on its own.
#
#   cd "$(dirname "$0")/.." && . scripts/lib-e2e.sh
#   e2e_find_bin JINGWU_BIN jingwu   # BIN: $JINGWU_BIN, else .build/debug/jingwu (built if missing)
#   e2e_setup console                # messages say "e2e-console"; WORK and a private tmux server,
#                                    # both removed on exit
#   e2e_start_shell                  # an 80x24 bash in that server, prompt 'E2E$ '
#
# Then: keys/text type, screen_text/row/pane_value read, wait_for/wait_shell wait,
# expect_restored checks the shell got its terminal back, fail stops with the screen shown,
# e2e_pdf prints an exported page as a browser does and e2e_paper_text reads it back.

export LANG=C.UTF-8 LC_ALL=C.UTF-8

# Sets BIN to the absolute path of a product: the variable named $1 if set, else the debug build.
e2e_find_bin() {
    local var="$1" product="$2"
    BIN="${!var:-.build/debug/$product}"
    if [ ! -x "$BIN" ]; then
        echo "e2e-${E2E_NAME:-$product}: $BIN missing, building it"
        swift build --product "$product" >/dev/null
    fi
    BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"
}

# Names the run, makes WORK and the private tmux server's command; both go away on exit.
e2e_setup() {
    E2E_NAME="$1"
    TMUX_CMD=(tmux -L "jingwu-$E2E_NAME-$$" -f /dev/null)
    WORK="$(mktemp -d)"
    # The checkpoint key (issue 14) lives in the config folder: a private one per run.
    export XDG_CONFIG_HOME="$WORK/.config"
    trap e2e_cleanup EXIT
    # Under `set -e` a failing command in a function (a grep that matched nothing inside
    # `x="$(…)"`, say) ends the run without a word; say which line and show the screen.
    set -E
    trap 'e2e_on_error $LINENO "$BASH_COMMAND"' ERR
}

# Called for a failing command; only where errexit is on, i.e. where the run is about to stop.
e2e_on_error() {
    case $- in *e*) ;; *) return 0 ;; esac
    trap - ERR
    fail "line $1 of ${BASH_SOURCE[1]:-?}: '$2' failed"
}

e2e_cleanup() {
    "${TMUX_CMD[@]}" kill-server 2>/dev/null || true
    rm -rf "$WORK"
}

# Stops the run, showing the screen as it was.
fail() {
    echo "e2e-$E2E_NAME: FAIL: $*" >&2
    echo "---- screen ----" >&2
    "${TMUX_CMD[@]}" capture-pane -p -t e2e >&2 || true
    echo "----------------" >&2
    exit 1
}

screen_text() { "${TMUX_CMD[@]}" capture-pane -p -t e2e; }
pane_value() { "${TMUX_CMD[@]}" display-message -p -t e2e "$1"; }
# An Escape is sent on its own and followed by a pause, as a person presses it: Esc and a
# key at once is Alt+key (as terminals send Alt), so `keys Escape q` must not arrive as one burst.
keys() {
    local k batch=()
    for k in "$@"; do
        if [ "$k" = Escape ]; then
            [ ${#batch[@]} -eq 0 ] || "${TMUX_CMD[@]}" send-keys -t e2e "${batch[@]}"
            batch=()
            "${TMUX_CMD[@]}" send-keys -t e2e Escape
            sleep 0.1
        else
            batch+=("$k")
        fi
    done
    [ ${#batch[@]} -eq 0 ] || "${TMUX_CMD[@]}" send-keys -t e2e "${batch[@]}"
}
text() { "${TMUX_CMD[@]}" send-keys -t e2e -l "$1"; }
# One screen row, whole (capture-pane trims trailing spaces).
row() { screen_text | sed -n "${1}p"; }

# A test office in WORK, written at NOW (default 2026-05-04 09:00): its journal J, the binary on
# it as jw=(…), 城关派出所 东街警务室 with police officer 031245 张伟 enrolled.
e2e_office() {
    NOW="${1:-2026-05-04T09:00:00+08:00}"
    J="$WORK/journal.jsonl"
    jw=("$BIN" --journal "$J" --now "$NOW")
    "${jw[@]}" init --test --station 城关派出所 --office 东街警务室 >/dev/null
    "${jw[@]}" officer add --badge 031245 --name 张伟 --role police >/dev/null
}

# Starts an 80x24 bash with a clean environment (extra VAR=value words go to env) and waits
# for its prompt 'E2E$ '.
e2e_start_shell() {
    "${TMUX_CMD[@]}" new-session -d -s e2e -x 80 -y 24 \
        -e TERM=xterm-256color -e LANG=C.UTF-8 -e LC_ALL=C.UTF-8 -e PS1='$ ' \
        "env -u NO_COLOR -u JINGWU_JOURNAL -u JINGWU_AS -u JINGWU_NOW TERM=xterm-256color $* bash --norc --noprofile"
    sleep 0.3
    keys "PS1='E2E\$ '" Enter
    wait_shell
}

# Waits up to 10 s for text to appear on the screen.
wait_for() {
    local needle="$1" i
    for i in $(seq 1 100); do
        if screen_text | grep -qF -- "$needle"; then return 0; fi
        sleep 0.1
    done
    fail "did not see '$needle'"
}

# As wait_for, for a message the console may wrap over two or three rows (where it wraps
# depends on a path's length): the rows are joined, each without its margin and padding.
wait_for_message() {
    local needle="$1" i
    for i in $(seq 1 100); do
        if screen_text | sed -e 's/ *$//' -e 's/^ //' | tr -d '\n' | grep -qF -- "$needle"; then return 0; fi
        sleep 0.1
    done
    fail "did not see the message '$needle'"
}

# e2e_station_db NAME: a fresh database NAME on the PostgreSQL of $JINGWU_TEST_PG (as .ci/run
# exports it), else on a throwaway cluster started here (scripts/pg-test-server.sh). Sets ADMIN
# (the server's admin URL) and DB (NAME's), exports JINGWU_STATION_DB=$DB. The script's EXIT trap
# calls e2e_station_db_cleanup: the database dropped, or the cluster this started stopped.
E2E_PG_STARTED=""
E2E_PG_DB=""
ADMIN=""
e2e_station_db() {
    E2E_PG_DB="$1"
    if [ -z "${JINGWU_TEST_PG:-}" ]; then
        eval "$(scripts/pg-test-server.sh start)"
        E2E_PG_STARTED="$JINGWU_TEST_PG_DIR"
    fi
    ADMIN="$JINGWU_TEST_PG"
    DB="${ADMIN/\/\/\/postgres\?/\/\/\/$1?}"
    [ "$DB" != "$ADMIN" ] || fail "cannot derive a database URL from $ADMIN"
    psql -q "$ADMIN" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null
    export JINGWU_STATION_DB="$DB"
}
# e2e_station_setup NAME DATABASE: the start every station script without tmux shares. Messages say
# "e2e-NAME" (fail stops the run, step says where it is); WORK is a private folder with its own
# config folder (the checkpoint key); DATABASE is made fresh (e2e_station_db); on exit the
# database (or the cluster started here) and WORK go.
e2e_station_setup() {
    E2E_NAME="$1"
    WORK="$(mktemp -d)"
    export XDG_CONFIG_HOME="$WORK/.config"
    trap 'e2e_station_db_cleanup; rm -rf "$WORK"' EXIT
    fail() { echo "e2e-$E2E_NAME: FAIL: $*" >&2; exit 1; }
    step() { echo "e2e-$E2E_NAME: $*"; }
    e2e_station_db "$2"
}
e2e_station_db_cleanup() {
    if [ -n "$E2E_PG_STARTED" ]; then
        scripts/pg-test-server.sh stop "$E2E_PG_STARTED" >/dev/null 2>&1 || true
    elif [ -n "$ADMIN" ] && [ -n "$E2E_PG_DB" ]; then
        psql -q "$ADMIN" -c "DROP DATABASE IF EXISTS $E2E_PG_DB" >/dev/null 2>&1 || true
    fi
}

# Waits for the shell's prompt to be the last line again (the program has exited).
wait_shell() {
    local i
    for i in $(seq 1 100); do
        if [ "$(pane_value '#{alternate_on}')" = 0 ] && [ "$(screen_text | grep -v '^$' | tail -1)" = 'E2E$' ]; then
            return 0
        fi
        sleep 0.1
    done
    fail "the shell prompt did not come back"
}

# Checks the shell got a sane terminal back. $1: a tag for this check; $2: the program's
# expected exit status as an extended regular expression (default 0).
expect_restored() {
    local tag="$1" status="${2:-0}" line
    keys "echo \"E2E-$tag=\$? MODES=\$(stty -a | tr ' ;' '\n\n' | grep -xE -- '-?(icanon|echo|isig)' | tr '\n' ',')\"" Enter
    # Waits for this tag's own answer: an earlier tag's "MODES=i…" may already be on the screen
    # (the project's CI failed on that race: it read the TRAP line before the shell printed it).
    local i
    for i in $(seq 1 100); do
        line="$(screen_text | grep -E "^E2E-$tag=[0-9]" | tail -1 || true)"
        [ -z "$line" ] || break
        sleep 0.1
    done
    echo "$line" | grep -qxE "E2E-$tag=($status) MODES=isig,icanon,echo," || fail "shell after $tag: '$line'"
    [ "$(pane_value '#{alternate_on}')" = 0 ] || fail "$tag: alternate screen still on"
    [ "$(pane_value '#{cursor_flag}')" = 1 ] || fail "$tag: cursor left hidden"
}

# Prints the page $1 (HTML) to the PDF $2 as a browser prints it (headless Chromium, A4 from
# the page's own @page rule, no header or footer). Needs chromium (.ci/run installs it).
e2e_pdf() {
    local log="$WORK/chromium.log"
    command -v chromium >/dev/null || fail "chromium is missing (.ci/run installs it)"
    timeout 120 chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --user-data-dir="$WORK/chromium" \
        --print-to-pdf="$2" "file://$1" >"$log" 2>&1 || { cat "$log" >&2; fail "chromium could not print $1"; }
    [ -s "$2" ] || fail "no PDF from $1"
}

# The text on the paper of the PDF $1, lines joined and spaces dropped (a long field wraps on
# paper: its words must still be found whole). Needs pdftotext (poppler-utils).
e2e_paper_text() {
    command -v pdftotext >/dev/null || fail "pdftotext is missing (.ci/run installs poppler-utils)"
    pdftotext -enc UTF-8 "$1" - | tr -d ' \n\f'
}
