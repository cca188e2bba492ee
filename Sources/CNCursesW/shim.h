// The slice of ncursesw that TerminalBackend uses, made importable by Swift:
// wide-character API switched on, macros and globals wrapped in functions.
#ifndef STREAMSCOPE_CNCURSESW_SHIM_H
#define STREAMSCOPE_CNCURSESW_SHIM_H

#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

extern int wcwidth(wchar_t);

static inline WINDOW *ss_stdscr(void) { return stdscr; }
static inline int ss_colors(void) { return COLORS; }
static inline int ss_color_pairs(void) { return COLOR_PAIRS; }
static inline int ss_lines(void) { return LINES; }
static inline int ss_cols(void) { return COLS; }
static inline int ss_err(void) { return ERR; }
static inline int ss_key_code_yes(void) { return KEY_CODE_YES; }

static inline attr_t ss_a_normal(void) { return A_NORMAL; }
static inline attr_t ss_a_bold(void) { return A_BOLD; }
static inline attr_t ss_a_dim(void) { return A_DIM; }
static inline attr_t ss_a_reverse(void) { return A_REVERSE; }
static inline attr_t ss_a_underline(void) { return A_UNDERLINE; }

static inline mmask_t ss_all_mouse_events(void) { return ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION; }
static inline mmask_t ss_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t ss_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t ss_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t ss_button4_pressed(void) { return BUTTON4_PRESSED; }
#ifdef BUTTON5_PRESSED
static inline mmask_t ss_button5_pressed(void) { return BUTTON5_PRESSED; }
#else
static inline mmask_t ss_button5_pressed(void) { return 0; }
#endif

/// Draws one cell: a base character (plus optional combining marks) with attributes
/// and a colour pair, through setcchar/mvadd_wch.
static inline int ss_put_cell(int y, int x, const wchar_t *text, attr_t attrs, short pair) {
    cchar_t cc;
    if (setcchar(&cc, text, attrs, pair, NULL) == ERR) return ERR;
    return mvadd_wch(y, x, &cc);
}

static inline int ss_get_wch(wint_t *out) { return get_wch(out); }

#endif
