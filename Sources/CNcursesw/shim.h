#ifndef JINGWU_CNCURSESW_SHIM_H
#define JINGWU_CNCURSESW_SHIM_H
// The wide-character API (get_wch, add_wch, setcchar) only exists with this defined.
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

// ncurses globals and function-like macros do not import into Swift 6 (mutable
// globals are not concurrency-safe, macros with arguments are not imported), so
// each is wrapped in a tiny getter. Only JingwuTerminal calls these, on one thread.

static inline WINDOW *jw_stdscr(void) { return stdscr; }
static inline int jw_lines(void) { return LINES; }
static inline int jw_cols(void) { return COLS; }
static inline int jw_colors(void) { return COLORS; }
static inline int jw_color_pairs(void) { return COLOR_PAIRS; }

static inline attr_t jw_a_normal(void) { return A_NORMAL; }
static inline attr_t jw_a_bold(void) { return A_BOLD; }
static inline attr_t jw_a_reverse(void) { return A_REVERSE; }
static inline attr_t jw_a_underline(void) { return A_UNDERLINE; }
static inline attr_t jw_a_dim(void) { return A_DIM; }
static inline attr_t jw_color_pair(int n) { return (attr_t)COLOR_PAIR(n); }

/// Opens the terminal on stdout/stdin; NULL (instead of exiting like initscr) when it cannot.
static inline SCREEN *jw_newterm(void) { return newterm(NULL, stdout, stdin); }

/// Writes raw bytes to the terminal (used for the bracketed-paste mode switch).
static inline void jw_write_raw(const char *bytes) {
    fputs(bytes, stdout);
    fflush(stdout);
}

static inline int jw_key_f(int n) { return KEY_F(n); }
static inline int jw_set_escdelay(int ms) { return set_escdelay(ms); }
static inline int jw_wcwidth(int ch) { return wcwidth((wchar_t)ch); }

/// Writes UTF-8 text at (y, x) with the given attributes and colour pair.
static inline int jw_put_utf8(int y, int x, const char *utf8, attr_t attrs, short pair) {
    attr_set(attrs, pair, NULL);
    return mvaddstr(y, x, utf8);
}

/// Reads one wide character or key code; *code is set to 1 for a key code, 0 for a character.
static inline int jw_get_wch(int timeout_ms, int *is_key_code, int *value) {
    wint_t ch = 0;
    timeout(timeout_ms);
    int r = get_wch(&ch);
    *value = (int)ch;
    *is_key_code = (r == KEY_CODE_YES) ? 1 : 0;
    return r;
}

// ---------------------------------------------------------------------------
// Emergency restore: on a fatal signal the terminal must come back usable.
// endwin() is not async-signal-safe, so at start we save the tty modes and the
// terminfo strings that undo our screen, and the handler only uses write(2),
// tcsetattr(3) and raise(3), which are.

// The state lives in a function-local static: Swift does not emit file-scope statics
// from an imported header. Call these only from one Swift file (NcursesScreen.swift),
// so all calls share one copy of the static inline functions.
struct jw_restore_state {
    struct termios saved_tty;
    volatile sig_atomic_t tty_saved;
    volatile sig_atomic_t screen_active;
    char seq[512];
    size_t len;
    int handlers_installed;
    struct sigaction previous[65];
};

static inline struct jw_restore_state *jw_state(void) {
    static struct jw_restore_state state;
    return &state;
}

static inline void jw_append_cap(const char *cap) {
    if (cap == NULL || cap == (char *)-1) return;
    size_t n = strlen(cap);
    struct jw_restore_state *s = jw_state();
    if (s->len + n >= sizeof(s->seq)) return;
    memcpy(s->seq + s->len, cap, n);
    s->len += n;
}

/// Saves the tty modes; call before initscr.
static inline void jw_save_tty(void) {
    if (tcgetattr(STDIN_FILENO, &jw_state()->saved_tty) == 0) jw_state()->tty_saved = 1;
}

/// Records the escape sequences that undo the screen; call after initscr.
static inline void jw_prepare_restore(void) {
    jw_state()->len = 0;
    // Bracketed paste off first, then terminfo's own undo strings.
    jw_append_cap("\033[?2004l");
    jw_append_cap(tigetstr("sgr0"));
    jw_append_cap(tigetstr("cnorm"));
    jw_append_cap(tigetstr("rmkx"));
    jw_append_cap(tigetstr("rmcup"));
    jw_append_cap("\r\n");
    jw_state()->screen_active = 1;
}

/// Marks the screen as closed normally (endwin already ran).
static inline void jw_mark_closed(void) { jw_state()->screen_active = 0; }
static inline int jw_is_active(void) { return jw_state()->screen_active; }

/// Async-signal-safe terminal restore.
static inline void jw_emergency_restore(void) {
    struct jw_restore_state *s = jw_state();
    if (!s->screen_active) return;
    s->screen_active = 0;
    size_t off = 0;
    while (off < s->len) {
        ssize_t w = write(STDOUT_FILENO, s->seq + off, s->len - off);
        if (w <= 0) break;
        off += (size_t)w;
    }
    if (s->tty_saved) tcsetattr(STDIN_FILENO, TCSANOW, &s->saved_tty);
}

static void jw_fatal_signal_handler(int sig) {
    jw_emergency_restore();
    // Hand the signal to whoever had it before (the default action, or the Swift
    // runtime's backtracer for a trap) now that the terminal is usable again.
    if (sig > 0 && sig < 65) sigaction(sig, &jw_state()->previous[sig], NULL);
    else signal(sig, SIG_DFL);
    raise(sig);
}

static void jw_atexit_restore(void) {
    if (jw_state()->screen_active) {
        endwin();
        jw_emergency_restore();
    }
}

/// Installs restore handlers for termination signals, runtime traps and exit().
static inline void jw_install_restore_handlers(void) {
    if (jw_state()->handlers_installed) return;
    jw_state()->handlers_installed = 1;
    int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE};
    for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = jw_fatal_signal_handler;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = 0;
        sigaction(sigs[i], &sa, &jw_state()->previous[sigs[i]]);
    }
    atexit(jw_atexit_restore);
}

#endif
