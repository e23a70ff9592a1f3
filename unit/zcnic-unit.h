/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The unit tests' one TAP helper, over GLib's g_test: each test file
 * registers its cases with g_test_add_func and g_test_run prints TAP
 * (meson runs them with --tap).  check(OK, WHAT) inside a case is one
 * named check: it is listed as a TAP comment; a failed one names itself
 * and its line and fails the case, which goes on, so that every failed
 * check of it is shown.
 */
#ifndef ZCNIC_UNIT_H
#define ZCNIC_UNIT_H

#include <stdbool.h>
#include <glib.h>

static inline void zu_check(bool ok, const char *what, const char *file,
                            int line)
{
    if (ok) {
        g_test_message("ok: %s", what);
        return;
    }
    g_test_message("FAILED: %s (%s:%d)", what, file, line);
    g_test_fail();
}

#define check(ok, what) zu_check(!!(ok), (what), __FILE__, __LINE__)

#endif /* ZCNIC_UNIT_H */
