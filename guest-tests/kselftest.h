/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Minimal TAP helpers in the spirit of tools/testing/selftests/kselftest.h,
 * for zcnic's static guest tests.
 */
#ifndef ZCNIC_KSELFTEST_H
#define ZCNIC_KSELFTEST_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static int ksft_pass, ksft_fail, ksft_num;

static inline void ksft_print_header(int planned)
{
	printf("TAP version 13\n1..%d\n", planned);
}

static inline void ksft_test_result(int ok, const char *fmt, ...)
{
	va_list ap;

	ksft_num++;
	if (ok)
		ksft_pass++;
	else
		ksft_fail++;
	printf("%s %d - ", ok ? "ok" : "not ok", ksft_num);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
}

static inline int ksft_finished(void)
{
	printf("# %d passed, %d failed\n", ksft_pass, ksft_fail);
	return ksft_fail ? 1 : 0;
}

#endif /* ZCNIC_KSELFTEST_H */
